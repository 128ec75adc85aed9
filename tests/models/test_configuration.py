"""Session configuration (idv-api.md 4.7): required resources, polymorphic twice over."""

from __future__ import annotations

from typing import Any

import cattrs
import pytest

from yoti_idv.models import (
    RequiredDocumentResource,
    RequiredFaceCaptureResource,
    RequiredIdDocumentResource,
    RequiredLivenessResource,
    RequiredResource,
    RequiredResourceObjective,
    RequiredResourceTask,
    RequiredStaticLivenessResource,
    RequiredSupplementaryDocumentResource,
    RequiredZoomLivenessResource,
    ResourceSource,
    SessionConfiguration,
    SupportedCountry,
    SupportedDocument,
    UnknownRequiredLivenessResource,
    UnknownRequiredResource,
)

from ._payloads import CONFIGURATION, configuration_payload
from ._support import converter, reference_converter

CONVERTERS = pytest.mark.parametrize(
    "conv", [converter, reference_converter], ids=["fast path", "cattrs only"]
)


def configuration(conv: cattrs.Converter = converter, **changes: Any) -> SessionConfiguration:
    data = configuration_payload()
    data.update(changes)
    result: SessionConfiguration = conv.structure(data, SessionConfiguration)
    return result


@CONVERTERS
def test_top_level(conv: cattrs.Converter) -> None:
    config = configuration(conv)

    assert config.session_id == "session-1"
    assert config.client_session_token_ttl == 599
    assert config.requested_checks == ("ID_DOCUMENT_AUTHENTICITY", "LIVENESS", "FACE_COMPARISON")
    assert config.capture.biometric_consent == "REQUIRED"
    assert config.sdk_config == CONFIGURATION["sdk_config"]
    assert config.suppressed_screens == ("ID_DOCUMENT_EDUCATION",)  # non-strings left out


@CONVERTERS
def test_each_requirement_gets_its_class(conv: cattrs.Converter) -> None:
    classes = [type(r) for r in configuration(conv).capture.required_resources]

    assert classes == [
        RequiredIdDocumentResource,
        RequiredSupplementaryDocumentResource,
        RequiredZoomLivenessResource,
        RequiredStaticLivenessResource,
        UnknownRequiredLivenessResource,
        RequiredFaceCaptureResource,
        UnknownRequiredResource,
    ]


@CONVERTERS
def test_id_document_requirement(conv: cattrs.Converter) -> None:
    (requirement,) = configuration(conv).capture.id_document_requirements

    assert requirement.id == "req-id-doc"
    assert (requirement.type, requirement.state) == ("ID_DOCUMENT", "REQUIRED")
    assert requirement.allowed_sources == (
        ResourceSource(type="END_USER"),
        ResourceSource(type="RELYING_BUSINESS"),
    )
    assert requirement.is_relying_business_allowed()
    assert requirement.supported_countries == (
        SupportedCountry(
            code="GBR",
            supported_documents=(
                SupportedDocument(type="PASSPORT"),
                SupportedDocument(type="DRIVING_LICENCE", is_strictly_latin=True),
            ),
        ),
        SupportedCountry(code="IRL"),
    )
    assert requirement.allowed_capture_methods == "CAMERA_AND_UPLOAD"
    assert requirement.attempts_remaining == {"GENERIC": 3, "RECLASSIFICATION": 2}
    assert requirement.requested_tasks == (
        RequiredResourceTask(type="ID_DOCUMENT_TEXT_DATA_EXTRACTION", state="REQUIRED"),
    )


@CONVERTERS
def test_supplementary_document_requirement(conv: cattrs.Converter) -> None:
    (requirement,) = configuration(conv).capture.supplementary_document_requirements

    assert requirement.id == "req-supp"
    assert requirement.document_types == ("UTILITY_BILL", "BANK_STATEMENT")
    assert requirement.country_codes == ("GBR",)
    assert requirement.objective == RequiredResourceObjective(type="UK_DBS")
    assert requirement.requested_tasks == ()
    assert not requirement.is_relying_business_allowed()


@CONVERTERS
def test_liveness_requirements_by_liveness_type(conv: cattrs.Converter) -> None:
    capture = configuration(conv).capture

    zoom, static, new = capture.liveness_requirements
    assert (zoom.id, zoom.type, zoom.liveness_type) == ("req-zoom", "LIVENESS", "ZOOM")
    assert (static.id, static.type, static.liveness_type) == ("req-static", "LIVENESS", "STATIC")
    assert isinstance(new, UnknownRequiredLivenessResource)
    assert (new.type, new.liveness_type) == ("LIVENESS", "HOLOGRAPHIC")
    assert new.raw == CONFIGURATION["capture"]["required_resources"][4]
    assert capture.zoom_liveness_requirements == (zoom,)
    assert capture.static_liveness_requirements == (static,)


@CONVERTERS
def test_face_capture_requirement(conv: cattrs.Converter) -> None:
    (requirement,) = configuration(conv).capture.face_capture_requirements

    assert requirement.id == "req-face"
    assert requirement.is_relying_business_allowed()


@CONVERTERS
def test_unknown_requirement_keeps_raw(conv: cattrs.Converter) -> None:
    capture = configuration(conv).capture

    (unknown,) = capture.unknown_requirements
    assert unknown.type == "VOICE_SAMPLE"
    assert unknown.id == "req-voice"
    assert unknown.raw == {"type": "VOICE_SAMPLE", "id": "req-voice", "sample_seconds": 5}
    assert [r.id for r in capture.document_requirements] == ["req-id-doc", "req-supp"]
    assert all(isinstance(r, RequiredDocumentResource) for r in capture.document_requirements)


def test_is_relying_business_allowed() -> None:
    assert not RequiredResource().is_relying_business_allowed()
    assert not RequiredFaceCaptureResource(
        allowed_sources=(ResourceSource(type="END_USER"), ResourceSource(type="IBV"))
    ).is_relying_business_allowed()
    assert RequiredLivenessResource(
        allowed_sources=(ResourceSource(type="RELYING_BUSINESS"),)
    ).is_relying_business_allowed()


@CONVERTERS
def test_allowed_sources_may_be_bare_strings(conv: cattrs.Converter) -> None:
    data = {
        "capture": {
            "required_resources": [
                {"type": "FACE_CAPTURE", "allowed_sources": ["RELYING_BUSINESS"]}
            ]
        }
    }

    (requirement,) = conv.structure(data, SessionConfiguration).capture.required_resources

    assert requirement.is_relying_business_allowed()


@CONVERTERS
def test_missing_and_null_mean_empty(conv: cattrs.Converter) -> None:
    data = {
        "capture": None,
        "requested_checks": None,
        "sdk_config": None,
    }

    config = conv.structure(data, SessionConfiguration)

    assert config == SessionConfiguration()
    assert config.capture.required_resources == ()
    assert config.capture.face_capture_requirements == ()
    (requirement,) = conv.structure(
        {"capture": {"required_resources": [{"type": "ID_DOCUMENT", "attempts_remaining": None}]}},
        SessionConfiguration,
    ).capture.required_resources
    assert isinstance(requirement, RequiredIdDocumentResource)
    assert requirement.attempts_remaining == {}
    assert requirement.supported_countries == ()


@CONVERTERS
@pytest.mark.parametrize(
    "requirement",
    [
        pytest.param(
            {"type": "ID_DOCUMENT", "attempts_remaining": {"GENERIC": "3"}}, id="count is a string"
        ),
        pytest.param(
            {"type": "ID_DOCUMENT", "attempts_remaining": {"GENERIC": True}}, id="count is a bool"
        ),
        pytest.param(
            {"type": "ID_DOCUMENT", "attempts_remaining": {"GENERIC": 1.5}}, id="count is a float"
        ),
        pytest.param({"type": "ID_DOCUMENT", "attempts_remaining": [1]}, id="attempts is a list"),
        pytest.param(
            {"type": "ID_DOCUMENT", "allowed_capture_methods": ["CAMERA"]},
            id="capture methods is a list",
        ),
        pytest.param(
            {"type": "SUPPLEMENTARY_DOCUMENT", "document_types": "UTILITY_BILL"},
            id="document types is a string",
        ),
        pytest.param(
            {"type": "SUPPLEMENTARY_DOCUMENT", "objective": "UK_DBS"}, id="objective is a string"
        ),
        pytest.param({"type": "LIVENESS", "liveness_type": ["ZOOM"]}, id="liveness type is a list"),
        pytest.param(
            {"type": "LIVENESS", "liveness_type": "NEW", "id": 3},
            id="unknown liveness with a bad id",
        ),
        pytest.param(
            {"type": "NEW", "allowed_sources": {}}, id="unknown requirement with bad sources"
        ),
        pytest.param({"type": "FACE_CAPTURE", "allowed_sources": [3]}, id="a source is a number"),
        pytest.param("FACE_CAPTURE", id="a requirement is a string"),
    ],
)
def test_wrong_types_raise_one_error_class(conv: cattrs.Converter, requirement: Any) -> None:
    data = {"capture": {"required_resources": [requirement]}}

    with pytest.raises(cattrs.ClassValidationError) as raised:
        conv.structure(data, SessionConfiguration)

    (message,) = cattrs.transform_error(raised.value)
    assert "$.capture.required_resources[0]" in message


@CONVERTERS
def test_a_bad_count_does_not_show_the_key_or_value(conv: cattrs.Converter) -> None:
    secret = "SECRET-91ab"
    data = {
        "capture": {
            "required_resources": [{"type": "ID_DOCUMENT", "attempts_remaining": {secret: secret}}]
        }
    }

    with pytest.raises(cattrs.ClassValidationError) as raised:
        conv.structure(data, SessionConfiguration)

    (message,) = cattrs.transform_error(raised.value)
    assert "$.capture.required_resources[0].attempts_remaining" in message
    assert secret not in message
    assert secret not in repr(raised.value.exceptions)


def test_models_with_mappings_are_hashable() -> None:
    config = configuration()

    assert isinstance(hash(config), int)
    assert config == configuration()
