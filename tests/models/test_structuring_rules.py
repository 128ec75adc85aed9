"""Forgiving about presence, strict about types: the structuring rules, one by one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import cattrs
import pytest

from yoti_idv.models import (
    BranchResponse,
    Check,
    ContactProfileResponse,
    CreateFaceCaptureResourceResponse,
    CreateSessionResult,
    GeneratedCheck,
    GetSessionResult,
    InstructionsResponse,
    LivenessCheck,
    LivenessResource,
    MediaReference,
    RequiredLivenessResource,
    RequiredResource,
    ResourceContainer,
    ResourceSource,
    SessionConfiguration,
    StaticLivenessResource,
    SupportedDocumentsResponse,
    Task,
    TextExtractionTask,
    UnknownCheck,
    UnknownLivenessResource,
    UnknownTask,
    WatchlistScreeningCheck,
    ZoomLivenessResource,
)
from yoti_idv.models.structuring import STRUCTURING_ERRORS

from ._support import converter, load, reference_converter

CONVERTERS = pytest.mark.parametrize(
    "conv", [converter, reference_converter], ids=["fast path", "cattrs only"]
)


def session(**fields: Any) -> dict[str, Any]:
    return {"session_id": "s", **fields}


# --- forgiving about presence ---------------------------------------------------------------


@CONVERTERS
def test_unknown_keys_are_ignored_at_every_level(conv: cattrs.Converter) -> None:
    data = load("get_session_completed_zoom_liveness.python.json")
    data["new_top_level_thing"] = {"a": [1, 2]}
    data["checks"][1]["new_check_field"] = 3
    data["checks"][1]["report"]["breakdown"][0]["new_breakdown_field"] = None
    data["resources"]["new_resource_kind"] = [{"id": "x"}]
    data["resources"]["liveness_capture"][0]["facemap"]["media"]["checksum"] = "abc"

    with_extras = conv.structure(data, GetSessionResult)

    plain = conv.structure(
        load("get_session_completed_zoom_liveness.python.json"), GetSessionResult
    )
    assert with_extras == plain


@CONVERTERS
def test_missing_keys_take_the_defaults(conv: cattrs.Converter) -> None:
    data = session(checks=[{"type": "LIVENESS"}], resources={"liveness_capture": [{}]})

    result = conv.structure(data, GetSessionResult)

    (check,) = result.checks
    assert check == LivenessCheck()
    assert (check.id, check.state, check.report, check.created) == (None, None, None, None)
    assert (check.resources_used, check.generated_media) == ((), ())
    (resource,) = result.resources.liveness_capture
    assert resource == UnknownLivenessResource(raw={})
    assert (resource.id, resource.tasks, resource.source, resource.liveness_type) == (
        None,
        (),
        None,
        None,
    )


@CONVERTERS
def test_null_means_absent(conv: cattrs.Converter) -> None:
    data = session(
        state=None,
        biometric_consent=None,
        checks=None,
        resources=None,
        import_token=None,
        client_session_token_ttl=None,
    )

    result = conv.structure(data, GetSessionResult)

    assert result == GetSessionResult(session_id="s")
    assert result.resources == ResourceContainer()


@CONVERTERS
def test_null_means_absent_for_profiles_and_new_resources(conv: cattrs.Converter) -> None:
    data = session(
        identity_profile=None,
        advanced_identity_profile=None,
        identity_profile_preview=None,
        advanced_identity_profile_preview=None,
        import_token={"media": None, "failure_reason": None},
        resources={"applicant_profiles": None, "face_capture": [{"photos": None, "image": None}]},
    )

    result = conv.structure(data, GetSessionResult)

    assert result.identity_profile is None
    assert result.identity_profile_preview is None
    assert result.import_token is not None
    assert (result.import_token.media, result.import_token.failure_reason) == (None, None)
    assert result.resources.applicant_profiles == ()
    assert result.resources.face_capture[0].photos == ()


@CONVERTERS
def test_null_lists_inside_objects_are_empty(conv: cattrs.Converter) -> None:
    check = {"type": "LIVENESS", "resources_used": None, "report": {"breakdown": None}}
    data = session(checks=[check], resources={"id_documents": [{"pages": None, "tasks": None}]})

    result = conv.structure(data, GetSessionResult)

    assert result.checks[0].resources_used == ()
    assert result.checks[0].report is not None
    assert result.checks[0].report.breakdown == ()
    assert result.resources.id_documents[0].pages == ()


# --- dates ----------------------------------------------------------------------------------


@CONVERTERS
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-03-29T11:39:08.473Z", datetime(2022, 3, 29, 11, 39, 8, 473000, tzinfo=UTC)),
        ("2020-01-30T15:00:00Z", datetime(2020, 1, 30, 15, 0, tzinfo=UTC)),
        ("2020-01-30T15:00:00.123456789Z", datetime(2020, 1, 30, 15, 0, 0, 123456, tzinfo=UTC)),
        ("2020-01-30T16:00:00+01:00", datetime(2020, 1, 30, 15, 0, tzinfo=UTC)),
        ("2020-01-30T15:00:00", datetime(2020, 1, 30, 15, 0, tzinfo=UTC)),  # no offset: UTC
    ],
)
def test_dates_become_aware_datetimes(
    conv: cattrs.Converter, text: str, expected: datetime
) -> None:
    media = conv.structure({"id": "m", "created": text, "last_updated": text}, MediaReference)

    assert media.created == expected
    assert media.created is not None
    assert media.created.tzinfo is not None
    assert media.created.utcoffset() is not None


@CONVERTERS
def test_offsets_are_kept(conv: cattrs.Converter) -> None:
    media = conv.structure({"created": "2020-01-30T16:00:00+01:00"}, MediaReference)

    assert media.created is not None
    assert media.created.tzinfo == timezone(timedelta(hours=1))


@CONVERTERS
def test_biometric_consent_is_a_datetime(conv: cattrs.Converter) -> None:
    result = conv.structure(session(biometric_consent="2022-03-29T11:39:08.473Z"), GetSessionResult)

    assert result.biometric_consent == datetime(2022, 3, 29, 11, 39, 8, 473000, tzinfo=UTC)


@CONVERTERS
@pytest.mark.parametrize("bad", ["yesterday", "2020-13-01T00:00:00Z", "", 1580396400, True])
def test_a_bad_date_is_an_error_not_none(conv: cattrs.Converter, bad: Any) -> None:
    data = session(checks=[{"type": "LIVENESS", "created": bad}])

    with pytest.raises(cattrs.ClassValidationError):
        conv.structure(data, GetSessionResult)


# --- strict about types ---------------------------------------------------------------------


WRONG_TYPES = [
    pytest.param({"checks": "LIVENESS"}, id="checks is a string"),
    pytest.param({"checks": {"type": "LIVENESS"}}, id="checks is an object"),
    pytest.param({"session_id": ["a", "b"]}, id="session_id is a list"),
    pytest.param({"session_id": 12}, id="session_id is a number"),
    pytest.param({"client_session_token_ttl": "599"}, id="ttl is a string"),
    pytest.param({"client_session_token_ttl": True}, id="ttl is a bool"),
    pytest.param({"client_session_token_ttl": 599.0}, id="ttl is a float"),
    pytest.param({"resources": []}, id="resources is a list"),
    pytest.param({"resources": "none"}, id="resources is a string"),
    pytest.param({"checks": [None]}, id="a null check"),
    pytest.param({"checks": ["LIVENESS"]}, id="a check is a string"),
    pytest.param({"checks": [["type"]]}, id="a check is a list"),
    pytest.param({"checks": [{"type": "LIVENESS", "id": ["x"]}]}, id="check id is a list"),
    pytest.param({"checks": [{"type": ["LIVENESS"]}]}, id="check type is a list"),
    pytest.param({"checks": [{"type": {"a": 1}}]}, id="check type is an object"),
    pytest.param({"checks": [{"type": 7}]}, id="check type is a number"),
    pytest.param({"checks": [{"type": "NEW", "id": 7}]}, id="unknown check with a bad id"),
    pytest.param({"checks": [{"type": "LIVENESS", "report": "APPROVE"}]}, id="report is a string"),
    pytest.param(
        {"checks": [{"type": "LIVENESS", "report": {"recommendation": {"value": 1}}}]},
        id="recommendation value is a number",
    ),
    pytest.param(
        {"checks": [{"type": "LIVENESS", "resources_used": "r1"}]}, id="resources_used is a string"
    ),
    pytest.param(
        {"checks": [{"type": "LIVENESS", "resources_used": [1]}]}, id="a resource id is a number"
    ),
    pytest.param(
        {"resources": {"liveness_capture": [{"liveness_type": "ZOOM", "frames": {}}]}},
        id="frames is an object",
    ),
    pytest.param(
        {
            "resources": {
                "liveness_capture": [{"liveness_type": "ZOOM", "frames": [{"media": "m"}]}]
            }
        },
        id="frame media is a string",
    ),
    pytest.param(
        {"resources": {"liveness_capture": [{"liveness_type": "STATIC", "source": 3}]}},
        id="source is a number",
    ),
    pytest.param(
        {"resources": {"id_documents": [{"tasks": [{"type": "X", "generated_media": "m"}]}]}},
        id="unknown task with bad generated media",
    ),
    pytest.param(
        {
            "checks": [
                {
                    "type": "WATCHLIST_SCREENING",
                    "report": {"watchlist_summary": {"search_config": []}},
                }
            ]
        },
        id="search config is a list",
    ),
    pytest.param({"identity_profile": "DONE"}, id="identity profile is a string"),
    pytest.param({"identity_profile": {"result": 1}}, id="profile result is a number"),
    pytest.param(
        {"identity_profile": {"failure_reason": {"requirements_not_met_details": {}}}},
        id="not met details is an object",
    ),
    pytest.param(
        {
            "identity_profile": {
                "identity_profile_report": {"schemes_compliance": [{"requirements_met": "yes"}]}
            }
        },
        id="requirements met is a string",
    ),
    pytest.param(
        {"advanced_identity_profile": {"identity_profile_report": {"compliance": {}}}},
        id="compliance is an object",
    ),
    pytest.param(
        {"advanced_identity_profile": {"identity_profile_report": {"media": "m"}}},
        id="report media is a string",
    ),
    pytest.param({"identity_profile_preview": []}, id="preview is a list"),
    pytest.param({"import_token": {"media": {"id": 1}}}, id="import token media id is a number"),
    pytest.param({"resources": {"applicant_profiles": {}}}, id="applicant profiles is an object"),
    pytest.param({"resources": {"face_capture": [{"photos": {}}]}}, id="photos is an object"),
    pytest.param(
        {"resources": {"id_documents": [{"tasks": [{"generated_checks": ["X"]}]}]}},
        id="a generated check is a string",
    ),
    pytest.param(
        {
            "resources": {
                "id_documents": [
                    {
                        "tasks": [
                            {
                                "type": "ID_DOCUMENT_TEXT_DATA_EXTRACTION",
                                "generated_checks": [{"type": "NEW", "id": 3}],
                            }
                        ]
                    }
                ]
            }
        },
        id="unknown generated check with a bad id",
    ),
]


@CONVERTERS
@pytest.mark.parametrize("fields", WRONG_TYPES)
def test_wrong_types_raise_one_error_class(conv: cattrs.Converter, fields: dict[str, Any]) -> None:
    with pytest.raises(cattrs.ClassValidationError) as raised:
        conv.structure(session(**fields), GetSessionResult)

    assert type(raised.value) in STRUCTURING_ERRORS
    assert cattrs.transform_error(raised.value)  # the client can turn it into readable paths


@CONVERTERS
@pytest.mark.parametrize("payload", [[], "session", 12, None, True, 1.5, b"{}"])
def test_a_payload_that_is_not_an_object_raises(conv: cattrs.Converter, payload: Any) -> None:
    for model in (
        GetSessionResult,
        CreateSessionResult,
        SupportedDocumentsResponse,
        SessionConfiguration,
        CreateFaceCaptureResourceResponse,
        InstructionsResponse,
        ContactProfileResponse,
        Check,
        LivenessResource,
        Task,
        GeneratedCheck,
        RequiredResource,
        RequiredLivenessResource,
        BranchResponse,
    ):
        with pytest.raises(cattrs.ClassValidationError):
            conv.structure(payload, model)


@CONVERTERS
def test_error_paths_point_at_the_bad_value(conv: cattrs.Converter) -> None:
    data = session(
        checks=[
            {"type": "LIVENESS"},
            {"type": "LIVENESS", "report": {"breakdown": [{"result": 1}]}},
        ]
    )

    with pytest.raises(cattrs.ClassValidationError) as raised:
        conv.structure(data, GetSessionResult)

    (message,) = cattrs.transform_error(raised.value)
    assert "$.checks[1].report.breakdown[0].result" in message


@CONVERTERS
def test_errors_never_show_the_value(conv: cattrs.Converter) -> None:
    secret = "SECRET-5f2c"  # a token, a name, a document number ...
    data = session(
        client_session_token=secret,
        checks=[{"type": "LIVENESS", "id": [secret], "created": secret + "Z"}],
        resources={"liveness_capture": [{"liveness_type": secret, "id": {secret: secret}}]},
    )

    with pytest.raises(cattrs.ClassValidationError) as raised:
        conv.structure(data, GetSessionResult)

    rendered = " ".join(
        [str(raised.value), repr(raised.value), *cattrs.transform_error(raised.value)]
    )
    for exc in _walk(raised.value):
        rendered += f" {exc} {exc!r} {getattr(exc, '__notes__', '')}"
    assert secret not in rendered


def _walk(exc: BaseException) -> list[BaseException]:
    found = [exc]
    for sub in getattr(exc, "exceptions", ()):
        found += _walk(sub)
    return found


# --- tagged unions --------------------------------------------------------------------------


@CONVERTERS
def test_unknown_check_type_falls_back_and_keeps_raw(conv: cattrs.Converter) -> None:
    raw = {
        "type": "BRAND_NEW_CHECK",
        "id": "c1",
        "state": "DONE",
        "report": {"recommendation": {"value": "APPROVE"}},
        "something_new": {"nested": [1, 2, 3]},
    }

    (check,) = conv.structure(session(checks=[raw]), GetSessionResult).checks

    assert isinstance(check, UnknownCheck)
    assert check.raw == raw
    assert check.type == "BRAND_NEW_CHECK"  # the tag lands in the class's own field
    assert check.id == "c1"  # the common fields are parsed all the same
    assert check.report is not None
    assert check.report.recommendation is not None
    assert check.report.recommendation.value == "APPROVE"


@CONVERTERS
def test_check_without_type_is_unknown(conv: cattrs.Converter) -> None:
    (check,) = conv.structure(session(checks=[{"id": "c1"}]), GetSessionResult).checks

    assert isinstance(check, UnknownCheck)
    assert check.type is None
    assert check.raw == {"id": "c1"}


@CONVERTERS
def test_unknown_liveness_type_falls_back_and_keeps_raw(conv: cattrs.Converter) -> None:
    raw = {
        "id": "l1",
        "liveness_type": "HOLOGRAPHIC",
        "tasks": [],
        "source": {"type": "END_USER"},
        "hologram": {"media": {"id": "h"}},
    }

    (resource,) = conv.structure(
        session(resources={"liveness_capture": [raw]}), GetSessionResult
    ).resources.liveness_capture

    assert isinstance(resource, UnknownLivenessResource)
    assert resource.raw == raw
    assert resource.id == "l1"
    assert resource.liveness_type == resource.type == "HOLOGRAPHIC"
    assert resource.source == ResourceSource(type="END_USER")


@CONVERTERS
def test_unknown_task_type_falls_back_and_keeps_raw(conv: cattrs.Converter) -> None:
    raw = {"type": "NEW_TASK", "id": "t1", "generated_media": [{"id": "m", "type": "JSON"}]}

    resources = conv.structure(
        session(
            resources={
                "id_documents": [{"tasks": [raw, {"type": "ID_DOCUMENT_TEXT_DATA_EXTRACTION"}]}]
            }
        ),
        GetSessionResult,
    ).resources

    unknown, known = resources.id_documents[0].tasks
    assert isinstance(unknown, UnknownTask)
    assert unknown.raw == raw
    assert unknown.type == "NEW_TASK"
    assert unknown.generated_media[0].id == "m"
    assert isinstance(known, TextExtractionTask)


@CONVERTERS
@pytest.mark.parametrize(
    ("liveness_type", "cls"),
    [("ZOOM", ZoomLivenessResource), ("STATIC", StaticLivenessResource)],
)
def test_known_liveness_types_keep_the_tag(
    conv: cattrs.Converter, liveness_type: str, cls: type[LivenessResource]
) -> None:
    resource = conv.structure({"liveness_type": liveness_type}, LivenessResource)

    assert type(resource) is cls
    assert resource.liveness_type == liveness_type


@CONVERTERS
def test_a_member_class_can_be_structured_directly(conv: cattrs.Converter) -> None:
    check = conv.structure({"id": "c", "type": "LIVENESS"}, LivenessCheck)

    assert check == LivenessCheck(id="c")


@CONVERTERS
def test_watchlist_summary(conv: cattrs.Converter) -> None:
    raw = {
        "type": "WATCHLIST_SCREENING",
        "generated_profile": {"media": {"id": "gp", "type": "JSON"}},
        "report": {
            "recommendation": {"value": "CONSIDER", "reason": "POTENTIAL_MATCH"},
            "watchlist_summary": {
                "total_hits": 2,
                "associated_country_codes": ["GBR"],
                "raw_results": {"media": {"id": "rr", "type": "JSON"}},
                "search_config": {"categories": ["SANCTIONS"]},
            },
        },
    }

    (check,) = conv.structure(session(checks=[raw]), GetSessionResult).watchlist_screening_checks

    assert isinstance(check, WatchlistScreeningCheck)
    assert check.generated_profile is not None
    assert check.generated_profile.media == MediaReference(id="gp", type="JSON")
    assert check.report is not None
    assert check.report.recommendation is not None
    assert check.report.recommendation.reason == "POTENTIAL_MATCH"
    summary = check.report.watchlist_summary
    assert summary is not None
    assert summary.total_hits == 2
    assert summary.associated_country_codes == ("GBR",)
    assert summary.raw_results is not None
    assert summary.raw_results.media == MediaReference(id="rr", type="JSON")
    assert summary.search_config == {"categories": ["SANCTIONS"]}


# --- resource source ------------------------------------------------------------------------


@CONVERTERS
@pytest.mark.parametrize("source", [{"type": "RELYING_BUSINESS"}, "RELYING_BUSINESS"])
def test_source_is_an_object_or_a_bare_string(conv: cattrs.Converter, source: Any) -> None:
    data = session(resources={"share_codes": [{"id": "sc", "source": source}]})

    (share_code,) = conv.structure(data, GetSessionResult).resources.share_codes

    assert share_code.source == ResourceSource(type="RELYING_BUSINESS")


@CONVERTERS
def test_create_face_capture_response_without_its_id_does_not_parse(
    conv: cattrs.Converter,
) -> None:
    with pytest.raises(cattrs.ClassValidationError):
        conv.structure({"frames": 2}, CreateFaceCaptureResourceResponse)
    with pytest.raises(cattrs.ClassValidationError):
        conv.structure({"id": "r", "frames": "2"}, CreateFaceCaptureResourceResponse)
    assert conv.structure({"id": "r"}, CreateFaceCaptureResourceResponse).frames is None
