"""The parts of a session result beyond checks and liveness (idv-api.md 4.3, 4.4, 4.6).

Identity profiles and their previews, the import token, generated checks inside tasks, and
every resource kind with all its fields. The payloads have the shapes of Yoti's SDK test
data (Java, Node, PHP), with values of our own.
"""

from __future__ import annotations

from typing import Any

import cattrs
import pytest

from yoti_idv.models import (
    AdvancedIdentityProfileReport,
    AdvancedIdentityProfileResult,
    ApplicantProfileResource,
    DocumentFields,
    FaceCaptureResource,
    GeneratedCheck,
    GeneratedSupplementaryDocumentTextDataCheck,
    GeneratedTextDataCheck,
    GetSessionResult,
    IdDocumentResource,
    IdentityProfileFailureReason,
    IdentityProfilePreview,
    IdentityProfileReport,
    IdentityProfileReportScheme,
    IdentityProfileResult,
    IdentityProfileSchemeCompliance,
    IdentityProfileTrustFrameworkCompliance,
    Image,
    ImportToken,
    MediaReference,
    RequirementNotMetDetail,
    ResourceSource,
    SupplementaryDocumentResource,
    SupplementaryDocumentTextExtractionTask,
    TaskReason,
    TaskRecommendation,
    TextExtractionTask,
    UnknownGeneratedCheck,
)

from ._payloads import MARCH_29, full_session
from ._support import converter, reference_converter

CONVERTERS = pytest.mark.parametrize(
    "conv", [converter, reference_converter], ids=["fast path", "cattrs only"]
)


def parse(conv: cattrs.Converter, data: dict[str, Any] | None = None) -> GetSessionResult:
    result: GetSessionResult = conv.structure(
        full_session() if data is None else data, GetSessionResult
    )
    return result


# --- identity profiles ----------------------------------------------------------------------


@CONVERTERS
def test_identity_profile(conv: cattrs.Converter) -> None:
    profile = parse(conv).identity_profile

    assert isinstance(profile, IdentityProfileResult)
    assert profile.subject_id == "subject-1"
    assert profile.result == "DONE"
    assert profile.failure_reason == IdentityProfileFailureReason(
        reason_code="MANDATORY_DOCUMENT_COULD_NOT_BE_PROVIDED",
        requirements_not_met_details=(
            RequirementNotMetDetail(
                failure_type="ID_DOCUMENT_EXTRACTION",
                document_type="PASSPORT",
                document_country_iso_code="GBR",
                audit_id="audit-1",
                details="NOT_APPLICABLE_FOR_SCHEME",
            ),
            RequirementNotMetDetail(failure_type="ID_DOCUMENT_AUTHENTICITY", audit_id="audit-2"),
        ),
    )
    report = profile.identity_profile_report
    assert isinstance(report, IdentityProfileReport)
    assert report.trust_framework == "UK_TFIDA"
    assert report.media == MediaReference(
        id="report-media", type="JSON", created=MARCH_29, last_updated=MARCH_29
    )
    dbs, rtw = report.schemes_compliance
    assert dbs == IdentityProfileSchemeCompliance(
        scheme=IdentityProfileReportScheme(type="DBS", objective="STANDARD"),
        requirements_met=True,
    )
    assert rtw.scheme == IdentityProfileReportScheme(type="RTW")
    assert rtw.requirements_met is False
    assert rtw.requirements_not_met_info == "NO_UK_PASSPORT"
    assert rtw.requirements_not_met_details == ()


@CONVERTERS
def test_advanced_identity_profile(conv: cattrs.Converter) -> None:
    profile = parse(conv).advanced_identity_profile

    assert isinstance(profile, AdvancedIdentityProfileResult)
    assert (profile.subject_id, profile.result, profile.failure_reason) == (
        "subject-2",
        "DONE",
        None,
    )
    report = profile.identity_profile_report
    assert isinstance(report, AdvancedIdentityProfileReport)
    assert report.media is not None
    assert report.media.id == "advanced-report-media"
    uk, global_ = report.compliance
    assert isinstance(uk, IdentityProfileTrustFrameworkCompliance)
    assert uk.trust_framework == "UK_TFIDA"
    (dbs,) = uk.schemes_compliance
    assert dbs.scheme == IdentityProfileReportScheme(
        type="DBS", objective="BASIC", label="dbs-basic"
    )
    assert dbs.requirements_met is True
    (identity,) = global_.schemes_compliance
    assert identity.scheme is not None
    assert identity.scheme.label == "global"
    assert identity.requirements_met is False
    assert identity.requirements_not_met_info == "SOMETHING_FAILED"
    assert identity.requirements_not_met_details == (
        RequirementNotMetDetail(failure_type="MISSING_LIVENESS"),
    )


@CONVERTERS
def test_identity_profile_without_a_report_yet(conv: cattrs.Converter) -> None:
    data = {"identity_profile": {"result": "PROCESSING"}, "advanced_identity_profile": {}}

    session = parse(conv, data)

    assert session.identity_profile == IdentityProfileResult(result="PROCESSING")
    assert session.advanced_identity_profile == AdvancedIdentityProfileResult()


@CONVERTERS
def test_failed_identity_profile(conv: cattrs.Converter) -> None:
    data = {"identity_profile": {"result": "ABORTED", "failure_reason": {"reason_code": "X"}}}

    profile = parse(conv, data).identity_profile

    assert profile is not None
    assert profile.identity_profile_report is None
    assert profile.failure_reason == IdentityProfileFailureReason(reason_code="X")


@CONVERTERS
def test_previews_and_import_token(conv: cattrs.Converter) -> None:
    session = parse(conv)

    assert isinstance(session.identity_profile_preview, IdentityProfilePreview)
    assert session.identity_profile_preview.media is not None
    assert session.identity_profile_preview.media.id == "preview"
    assert session.identity_profile_preview.media.type == "PDF"
    assert session.advanced_identity_profile_preview == IdentityProfilePreview(
        media=MediaReference(
            id="advanced-preview", type="PDF", created=MARCH_29, last_updated=MARCH_29
        )
    )
    assert session.import_token == ImportToken(
        media=MediaReference(
            id="import-token", type="JSON", created=MARCH_29, last_updated=MARCH_29
        )
    )


@CONVERTERS
def test_import_token_that_failed(conv: cattrs.Converter) -> None:
    data = {"import_token": {"failure_reason": "TOKEN_CREATION_FAILED"}}

    token = parse(conv, data).import_token

    assert token == ImportToken(failure_reason="TOKEN_CREATION_FAILED")


def test_sessions_without_profiles_have_none() -> None:
    session = converter.structure({"session_id": "s"}, GetSessionResult)

    assert session.identity_profile is None
    assert session.advanced_identity_profile is None
    assert session.identity_profile_preview is None
    assert session.advanced_identity_profile_preview is None
    assert session.import_token is None


# --- tasks and generated checks -------------------------------------------------------------


@CONVERTERS
def test_generated_checks_are_typed(conv: cattrs.Converter) -> None:
    (task,) = parse(conv).resources.id_documents[0].tasks

    assert isinstance(task, TextExtractionTask)
    known, new, untyped = task.generated_checks
    assert type(known) is GeneratedTextDataCheck
    assert (known.id, known.type) == ("check-1", "ID_DOCUMENT_TEXT_DATA_CHECK")
    assert type(new) is UnknownGeneratedCheck
    assert new.type == "SOME_NEW_GENERATED_CHECK"
    assert new.raw == {"id": "check-2", "type": "SOME_NEW_GENERATED_CHECK", "extra": [1]}
    assert type(untyped) is UnknownGeneratedCheck
    assert untyped.type is None
    assert all(isinstance(check, GeneratedCheck) for check in task.generated_checks)
    assert task.generated_text_data_checks == (known,)


@CONVERTERS
def test_task_recommendation(conv: cattrs.Converter) -> None:
    (task,) = parse(conv).resources.id_documents[0].tasks

    assert isinstance(task, TextExtractionTask)
    assert task.recommendation == TaskRecommendation(
        value="PROGRESS", reason=TaskReason(value="USER_ERROR", detail="COLOUR_PICTURE")
    )
    assert task.created == MARCH_29


@CONVERTERS
def test_supplementary_generated_checks(conv: cattrs.Converter) -> None:
    (task,) = parse(conv).resources.supplementary_documents[0].tasks

    assert isinstance(task, SupplementaryDocumentTextExtractionTask)
    supplementary, id_document = task.generated_checks
    assert type(supplementary) is GeneratedSupplementaryDocumentTextDataCheck
    assert supplementary.type == "SUPPLEMENTARY_DOCUMENT_TEXT_DATA_CHECK"
    assert type(id_document) is GeneratedTextDataCheck
    assert task.generated_text_data_checks == (supplementary,)
    assert task.recommendation is None


# --- resources ------------------------------------------------------------------------------


@CONVERTERS
def test_id_document_with_every_field(conv: cattrs.Converter) -> None:
    (document,) = parse(conv).resources.id_documents

    assert isinstance(document, IdDocumentResource)
    assert document.source == ResourceSource(type="END_USER")
    assert (document.document_type, document.issuing_country) == ("PASSPORT", "GBR")
    first, second = document.pages
    assert first.capture_method == "CAMERA"
    assert first.media is not None
    assert first.media.id == "page-1"
    assert [frame.media.id if frame.media else None for frame in first.frames] == [
        "frame-1",
        None,
    ]
    assert first.extraction_image_ids == ("page-1", "frame-1")
    assert (second.capture_method, second.frames, second.extraction_image_ids) == (
        "UPLOAD",
        (),
        (),
    )
    assert isinstance(document.document_fields, DocumentFields)
    assert document.document_fields.media is not None
    assert document.document_fields.media.id == "fields"
    assert document.document_id_photo is not None
    assert document.document_id_photo.media is not None
    assert document.document_id_photo.media.type == "IMAGE"
    assert document.expanded_document_fields is not None
    assert document.expanded_document_fields.media is not None
    assert document.expanded_document_fields.media.id == "expanded-fields"


@CONVERTERS
def test_supplementary_document_with_a_file(conv: cattrs.Converter) -> None:
    (document,) = parse(conv).resources.supplementary_documents

    assert isinstance(document, SupplementaryDocumentResource)
    assert document.source == ResourceSource(type="RELYING_BUSINESS")
    assert document.document_type == "UTILITY_BILL"
    assert document.file is not None
    assert document.file.media is not None
    assert (document.file.media.id, document.file.media.type) == ("supp-file", "PDF")
    assert document.document_fields is not None
    assert [page.capture_method for page in document.pages] == ["UPLOAD"]


@CONVERTERS
def test_face_capture_image_and_legacy_photos(conv: cattrs.Converter) -> None:
    current, legacy = parse(conv).resources.face_capture

    assert isinstance(current, FaceCaptureResource)
    assert current.source == ResourceSource(type="RELYING_BUSINESS")
    assert current.image is not None
    assert current.image.media is not None
    assert current.image.media.id == "face-image"
    assert current.photos == ()
    assert legacy.image is None
    (photo,) = legacy.photos
    assert isinstance(photo, Image)
    assert photo.media is not None
    assert photo.media.id == "photo"


@CONVERTERS
def test_applicant_profiles(conv: cattrs.Converter) -> None:
    resources = parse(conv).resources

    (profile,) = resources.applicant_profiles
    assert isinstance(profile, ApplicantProfileResource)
    assert profile.id == "applicant-1"
    assert profile.source == ResourceSource(type="IBV")
    assert profile.media == MediaReference(
        id="applicant-profile", type="JSON", created=MARCH_29, last_updated=MARCH_29
    )
    assert resources.find("applicant-1") is profile
    assert [r.id for r in resources.all_resources] == [
        "doc-1",
        "supp-1",
        "face-1",
        "face-legacy",
        "applicant-1",
    ]


def test_both_parsers_agree_on_the_full_session() -> None:
    parsed = converter.structure(full_session(), GetSessionResult)

    assert parsed == reference_converter.structure(full_session(), GetSessionResult)
    assert repr(parsed) == repr(reference_converter.structure(full_session(), GetSessionResult))


def test_full_sessions_are_hashable() -> None:
    assert hash(parse(converter)) == hash(parse(reference_converter))
