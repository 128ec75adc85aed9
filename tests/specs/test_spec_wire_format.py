"""The JSON our specs become: what is sent, what is left out, and in which form."""

from __future__ import annotations

import datetime as dt
import json
from typing import ClassVar

import attrs
import cattrs
import pytest

from yoti_idv.conversion import converter
from yoti_idv.specs import (
    DocumentFilter,
    LivenessType,
    ManualCheck,
    NotificationConfigBuilder,
    NotificationTopic,
    Objective,
    RequestedCheck,
    RequestedDocumentAuthenticityCheckBuilder,
    RequestedFaceMatchCheckBuilder,
    RequestedLivenessCheck,
    RequestedLivenessCheckBuilder,
    RequestedTask,
    RequestedTextExtractionTaskBuilder,
    RequiredDocument,
    RequiredIdDocumentBuilder,
    SdkConfigBuilder,
    SessionSpec,
    SessionSpecBuilder,
    SuppressedScreen,
)
from yoti_idv.specs._manual_check import to_manual_check
from yoti_idv.vocabulary.serialization import register_spec_hooks

STATIC_CHECK = RequestedLivenessCheckBuilder().for_static_liveness().build()


def test_liveness_max_retries_defaults_to_1_and_is_sent() -> None:
    assert converter.unstructure(STATIC_CHECK) == {
        "type": "LIVENESS",
        "config": {"liveness_type": "STATIC", "max_retries": 1},
    }


def test_liveness_max_retries_0_is_sent() -> None:
    # Go's omitempty would drop a 0; 0 retries (one attempt) is a real choice.
    check = RequestedLivenessCheckBuilder().for_zoom_liveness().with_max_retries(0).build()

    assert converter.unstructure(check)["config"] == {"liveness_type": "ZOOM", "max_retries": 0}


def test_liveness_manual_check_is_sent_only_when_asked_for() -> None:
    # Go adds "NEVER" to every STATIC check, .NET to every check; we add nothing unasked.
    asked = RequestedLivenessCheckBuilder().for_static_liveness().with_manual_check_never().build()

    assert "manual_check" not in converter.unstructure(STATIC_CHECK)["config"]
    assert converter.unstructure(asked)["config"]["manual_check"] == "NEVER"


def test_enum_fields_take_the_string_value_and_store_the_member() -> None:
    check = RequestedLivenessCheck(liveness_type="STATIC", manual_check="NEVER")

    assert check.liveness_type is LivenessType.STATIC
    assert check.manual_check is ManualCheck.NEVER
    assert check == RequestedLivenessCheck(
        liveness_type=LivenessType.STATIC, manual_check=ManualCheck.NEVER
    )


def test_authenticity_config_is_empty_without_manual_check() -> None:
    check = RequestedDocumentAuthenticityCheckBuilder().build()

    assert converter.unstructure(check) == {"type": "ID_DOCUMENT_AUTHENTICITY", "config": {}}


def test_text_extraction_sends_optional_fields_only_when_set_false_included() -> None:
    plain = RequestedTextExtractionTaskBuilder().with_manual_check_fallback().build()
    full = (
        RequestedTextExtractionTaskBuilder()
        .with_manual_check_never()
        .with_chip_data_desired()
        .with_create_expanded_document_fields(False)
        .build()
    )

    assert converter.unstructure(plain)["config"] == {"manual_check": "FALLBACK"}
    assert converter.unstructure(full)["config"] == {
        "manual_check": "NEVER",
        "chip_data": "DESIRED",
        "create_expanded_document_fields": False,
    }


def test_an_empty_session_spec_still_sends_checks_and_tasks() -> None:
    assert converter.unstructure(SessionSpecBuilder().build()) == {
        "requested_checks": [],
        "requested_tasks": [],
    }


def test_required_documents_are_sent_only_when_there_are_some() -> None:
    spec = SessionSpecBuilder().with_required_document(RequiredIdDocumentBuilder().build()).build()

    assert converter.unstructure(spec)["required_documents"] == [{"type": "ID_DOCUMENT"}]


def test_checks_of_different_classes_each_serialize_by_their_own_class() -> None:
    spec = (
        SessionSpecBuilder()
        .with_requested_check(STATIC_CHECK)
        .with_requested_check(RequestedFaceMatchCheckBuilder().with_manual_check_always().build())
        .with_requested_check(RequestedDocumentAuthenticityCheckBuilder().build())
        .build()
    )

    assert converter.unstructure(spec)["requested_checks"] == [
        {"type": "LIVENESS", "config": {"liveness_type": "STATIC", "max_retries": 1}},
        {"type": "ID_DOCUMENT_FACE_MATCH", "config": {"manual_check": "ALWAYS"}},
        {"type": "ID_DOCUMENT_AUTHENTICITY", "config": {}},
    ]


def test_sdk_config_sends_the_seed_default_locale_unless_told_not_to() -> None:
    assert converter.unstructure(SdkConfigBuilder().build()) == {"locale": "en-GB"}
    assert converter.unstructure(SdkConfigBuilder().with_locale(None).build()) == {}
    assert converter.unstructure(SdkConfigBuilder().with_locale("fr_FR").build()) == {
        "locale": "fr_FR"
    }


def test_sdk_config_keeps_false_and_sends_suppressed_screens_as_strings() -> None:
    config = (
        SdkConfigBuilder()
        .with_locale(None)
        .with_allow_handoff(False)
        .with_suppressed_screen(SuppressedScreen.STATIC_LIVENESS_EDUCATION)
        .with_suppressed_screen("SOME_NEW_SCREEN")
        .build()
    )

    assert converter.unstructure(config) == {
        "allow_handoff": False,
        "suppressed_screens": ["STATIC_LIVENESS_EDUCATION", "SOME_NEW_SCREEN"],
    }
    assert "suppressed_screens" not in converter.unstructure(SdkConfigBuilder().build())


def test_session_deadline_is_iso_8601_with_milliseconds_and_offset() -> None:
    utc = dt.datetime(2030, 1, 2, 3, 4, 5, 678_901, tzinfo=dt.UTC)
    plus_one = dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))

    def deadline_json(value: dt.datetime | str) -> object:
        return converter.unstructure(SessionSpecBuilder().with_session_deadline(value).build())[
            "session_deadline"
        ]

    assert deadline_json(utc) == "2030-01-02T03:04:05.678+00:00"
    assert deadline_json(plus_one) == "2030-01-02T03:04:05.000+01:00"
    assert deadline_json("2030-01-02T03:04:05Z") == "2030-01-02T03:04:05.000+00:00"


def test_topics_are_upper_cased_and_de_duplicated_in_order() -> None:
    config = (
        NotificationConfigBuilder()
        .with_endpoint("https://example.com/yoti")
        .with_topic("client_session_token_deleted")
        .for_session_completion()
        .with_topic("Session_Completion")
        .for_client_session_completion()
        .build()
    )

    assert config.topics == (
        NotificationTopic.CLIENT_SESSION_TOKEN_DELETED,
        NotificationTopic.SESSION_COMPLETION,
    )
    assert converter.unstructure(config)["topics"] == [
        "CLIENT_SESSION_TOKEN_DELETED",
        "SESSION_COMPLETION",
    ]


def test_notifications_send_every_set_field_and_an_empty_topic_list() -> None:
    config = (
        NotificationConfigBuilder()
        .with_endpoint("https://example.com/yoti")
        .with_auth_token("user:pass")
        .with_basic_auth_type()
        .build()
    )

    assert converter.unstructure(config) == {
        "endpoint": "https://example.com/yoti",
        "topics": [],
        "auth_token": "user:pass",
        "auth_type": "BASIC",
    }


def test_the_json_is_plain_json() -> None:
    spec = (
        SessionSpecBuilder()
        .with_session_deadline(dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
        .with_requested_check(STATIC_CHECK)
        .with_sdk_config(SdkConfigBuilder().with_allows_camera().build())
        .build()
    )

    body = converter.unstructure(spec)

    assert json.loads(json.dumps(body)) == body
    assert type(body["requested_checks"]) is list
    assert type(body["sdk_config"]["allowed_capture_methods"]) is str


def test_specs_are_frozen_and_independent_of_their_builder() -> None:
    builder = SessionSpecBuilder().with_requested_check(STATIC_CHECK)
    spec = builder.build()
    builder.with_requested_check(STATIC_CHECK)

    assert spec.requested_checks == (STATIC_CHECK,)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        spec.resources_ttl = 1  # type: ignore[misc]


def test_builder_methods_return_the_builder() -> None:
    builder = RequestedLivenessCheckBuilder()

    assert builder.for_static_liveness() is builder
    assert builder.with_max_retries(2) is builder


def test_a_new_check_type_is_one_small_class() -> None:
    # How a later issue adds FACE_COMPARISON: a TYPE and its config fields; nothing else.
    @attrs.frozen(kw_only=True)
    class RequestedFaceComparisonCheck(RequestedCheck):
        TYPE: ClassVar[str] = "FACE_COMPARISON"
        manual_check: ManualCheck = attrs.field(converter=to_manual_check)

    spec = SessionSpec(requested_checks=[RequestedFaceComparisonCheck(manual_check="NEVER")])

    assert converter.unstructure(spec)["requested_checks"] == [
        {"type": "FACE_COMPARISON", "config": {"manual_check": "NEVER"}}
    ]


@pytest.mark.parametrize(
    "base", [RequestedCheck, RequestedTask, RequiredDocument, DocumentFilter, Objective]
)
def test_the_base_classes_are_not_specs_themselves(base: type[object]) -> None:
    with pytest.raises(TypeError, match="base class"):
        base()


def test_the_hooks_work_on_any_converter() -> None:
    fresh = cattrs.Converter()
    register_spec_hooks(fresh)
    spec = SessionSpecBuilder().with_requested_check(STATIC_CHECK).build()

    assert fresh.unstructure(spec) == converter.unstructure(spec)


def test_a_declared_base_class_still_serializes_the_value_by_its_own_class() -> None:
    assert converter.unstructure(STATIC_CHECK, unstructure_as=RequestedCheck) == (
        converter.unstructure(STATIC_CHECK)
    )
