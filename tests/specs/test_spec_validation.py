"""Every invalid value is a SpecValidationError that names the field and shows the value."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from yoti_idv.errors import SpecValidationError
from yoti_idv.specs import (
    CountryRestriction,
    DocumentRestriction,
    DocumentRestrictionsFilterBuilder,
    NotificationConfig,
    NotificationConfigBuilder,
    OrthogonalRestrictionsFilterBuilder,
    RequestedDocumentAuthenticityCheck,
    RequestedFaceMatchCheck,
    RequestedFaceMatchCheckBuilder,
    RequestedLivenessCheck,
    RequestedLivenessCheckBuilder,
    RequestedTextExtractionTask,
    RequestedTextExtractionTaskBuilder,
    RequiredIdDocument,
    RequiredSupplementaryDocumentBuilder,
    SdkConfig,
    SdkConfigBuilder,
    SessionSpec,
    SessionSpecBuilder,
)

UTC = dt.UTC


def untyped(value: object) -> Any:
    """A wrongly typed value, passed on purpose: mypy would (rightly) refuse it."""
    return value


def liveness(max_retries: Any = 1, liveness_type: Any = "STATIC") -> Callable[[], object]:
    return lambda: (
        RequestedLivenessCheckBuilder()
        .with_liveness_type(liveness_type)
        .with_max_retries(max_retries)
        .build()
    )


def sdk_config(method: str, value: Any) -> Callable[[], object]:
    return lambda: getattr(SdkConfigBuilder(), method)(value).build()


def session(**values: Any) -> Callable[[], object]:
    def build() -> object:
        builder = SessionSpecBuilder()
        for method, value in values.items():
            getattr(builder, method)(value)
        return builder.build()

    return build


def notifications(*topics: Any, endpoint: Any = "https://example.com/yoti") -> Callable[[], object]:
    def build() -> object:
        builder = NotificationConfigBuilder().with_endpoint(endpoint)
        for topic in topics:
            builder.with_topic(topic)
        return builder.build()

    return build


NAIVE = dt.datetime(2030, 1, 1, 12, 0)  # naive on purpose

# (test id, what builds the bad spec, the field the error must name, the value it must show)
INVALID: list[tuple[str, Callable[[], object], str, str | None]] = [
    # LIVENESS
    ("negative retries", liveness(max_retries=-1), "config.max_retries", "-1"),
    ("retries as str", liveness(max_retries="3"), "config.max_retries", "'3'"),
    ("retries as bool", liveness(max_retries=True), "config.max_retries", "True"),
    ("retries as float", liveness(max_retries=3.0), "config.max_retries", "3.0"),
    (
        "unknown liveness type",
        liveness(liveness_type="LIVENESSTYPE"),
        "config.liveness_type",
        "'LIVENESSTYPE'",
    ),
    (
        "liveness type in lower case",
        liveness(liveness_type="static"),
        "config.liveness_type",
        "'static'",
    ),
    ("liveness type of another enum", liveness(liveness_type=1), "config.liveness_type", "1"),
    (
        "no liveness type",
        lambda: RequestedLivenessCheckBuilder().build(),
        "config.liveness_type",
        None,
    ),
    (
        "liveness manual check other than NEVER",
        lambda: RequestedLivenessCheck(liveness_type="STATIC", manual_check="ALWAYS"),
        "config.manual_check",
        "'ALWAYS'",
    ),
    # FACE MATCH, AUTHENTICITY, TEXT EXTRACTION
    (
        "face match without manual check",
        lambda: RequestedFaceMatchCheckBuilder().build(),
        "config.manual_check",
        None,
    ),
    (
        "unknown manual check",
        lambda: RequestedFaceMatchCheck(manual_check="SOMETIMES"),
        "config.manual_check",
        "'SOMETIMES'",
    ),
    (
        "authenticity manual check not a str",
        lambda: RequestedDocumentAuthenticityCheck(manual_check=untyped(["NEVER"])),
        "config.manual_check",
        "['NEVER']",
    ),
    (
        "text extraction without manual check",
        lambda: RequestedTextExtractionTaskBuilder().build(),
        "config.manual_check",
        None,
    ),
    (
        "unknown chip data",
        lambda: RequestedTextExtractionTask(manual_check="NEVER", chip_data="MAYBE"),
        "config.chip_data",
        "'MAYBE'",
    ),
    (
        "expanded document fields not a bool",
        lambda: (
            RequestedTextExtractionTaskBuilder()
            .with_manual_check_never()
            .with_create_expanded_document_fields(untyped("yes"))
            .build()
        ),
        "config.create_expanded_document_fields",
        "'yes'",
    ),
    # SDK CONFIG
    (
        "country not alpha-3",
        sdk_config("with_preset_issuing_country", "UK"),
        "sdk_config.preset_issuing_country",
        "'UK'",
    ),
    (
        "country in lower case",
        sdk_config("with_preset_issuing_country", "gbr"),
        "sdk_config.preset_issuing_country",
        "'gbr'",
    ),
    (
        "country not in ISO 3166",
        sdk_config("with_preset_issuing_country", "XKX"),
        "sdk_config.preset_issuing_country",
        "'XKX'",
    ),
    (
        "country as a number",
        sdk_config("with_preset_issuing_country", 826),
        "sdk_config.preset_issuing_country",
        "826",
    ),
    ("colour name", sdk_config("with_primary_colour", "red"), "sdk_config.primary_colour", "'red'"),
    (
        "colour of 5 digits",
        sdk_config("with_secondary_colour", "#12345"),
        "sdk_config.secondary_colour",
        "'#12345'",
    ),
    ("colour not hex", sdk_config("with_font_colour", "#ggg"), "sdk_config.font_colour", "'#ggg'"),
    (
        "colour without #",
        sdk_config("with_font_colour", "ffffff"),
        "sdk_config.font_colour",
        "'ffffff'",
    ),
    (
        "colour with trailing newline",
        sdk_config("with_font_colour", "#fff\n"),
        "sdk_config.font_colour",
        "'#fff\\n'",
    ),
    (
        "dark mode colour",
        sdk_config("with_primary_colour_dark_mode", "SOME_COLOUR"),
        "sdk_config.primary_colour_dark_mode",
        "'SOME_COLOUR'",
    ),
    (
        "unknown capture method",
        sdk_config("with_allowed_capture_methods", "UPLOAD"),
        "sdk_config.allowed_capture_methods",
        "'UPLOAD'",
    ),
    ("unknown dark mode", sdk_config("with_dark_mode", "DIM"), "sdk_config.dark_mode", "'DIM'"),
    (
        "unknown consent flow",
        sdk_config("with_biometric_consent_flow", "LATE"),
        "sdk_config.biometric_consent_flow",
        "'LATE'",
    ),
    (
        "locale not a language tag",
        sdk_config("with_locale", "english please"),
        "sdk_config.locale",
        "'english please'",
    ),
    ("empty locale", sdk_config("with_locale", ""), "sdk_config.locale", "''"),
    (
        "url without scheme",
        sdk_config("with_success_url", "localhost:8443/success"),
        "sdk_config.success_url",
        "'localhost:8443/success'",
    ),
    (
        "url with another scheme",
        sdk_config("with_error_url", "ftp://example.com/error"),
        "sdk_config.error_url",
        "'ftp://example.com/error'",
    ),
    (
        "url without host",
        sdk_config("with_error_url", "https://"),
        "sdk_config.error_url",
        "'https://'",
    ),
    (
        "scheme-relative url",
        sdk_config("with_privacy_policy_url", "//example.com/privacy"),
        "sdk_config.privacy_policy_url",
        "'//example.com/privacy'",
    ),
    (
        "url with whitespace",
        sdk_config("with_success_url", "/suc cess"),
        "sdk_config.success_url",
        "'/suc cess'",
    ),
    ("empty url", sdk_config("with_success_url", ""), "sdk_config.success_url", "''"),
    (
        "allow handoff not a bool",
        sdk_config("with_allow_handoff", "true"),
        "sdk_config.allow_handoff",
        "'true'",
    ),
    ("blank brand id", sdk_config("with_brand_id", " "), "sdk_config.brand_id", "' '"),
    (
        "suppressed screens as one str",
        sdk_config("with_suppressed_screens", "ZOOM_LIVENESS_EDUCATION"),
        "sdk_config.suppressed_screens",
        "'ZOOM_LIVENESS_EDUCATION'",
    ),
    (
        "blank suppressed screen",
        sdk_config("with_suppressed_screen", ""),
        "sdk_config.suppressed_screens[0]",
        "''",
    ),
    (
        "zero attempts",
        lambda: SdkConfigBuilder().with_id_document_text_extraction_generic_attempts(0).build(),
        "sdk_config.attempts_configuration.ID_DOCUMENT_TEXT_DATA_EXTRACTION.GENERIC",
        "0",
    ),
    (
        "attempts category not a str",
        lambda: SdkConfigBuilder().with_id_document_text_extraction_category_attempts(
            untyped(5),
            1,
        ),
        "sdk_config.attempts_configuration.ID_DOCUMENT_TEXT_DATA_EXTRACTION",
        "5",
    ),
    # SESSION SPEC: TTLs and deadline
    (
        "token ttl of 300",
        session(with_client_session_token_ttl=300),
        "client_session_token_ttl",
        "300",
    ),
    (
        "token ttl as str",
        session(with_client_session_token_ttl="900"),
        "client_session_token_ttl",
        "'900'",
    ),
    (
        "token ttl as bool",
        session(with_client_session_token_ttl=True),
        "client_session_token_ttl",
        "True",
    ),
    ("resources ttl under 24 h", session(with_resources_ttl=86_399), "resources_ttl", "86399"),
    (
        "resources ttl of Go's example",
        session(with_client_session_token_ttl=789, with_resources_ttl=456),
        "resources_ttl",
        "456",
    ),
    (
        "resources ttl not 24 h beyond the token ttl",
        session(with_client_session_token_ttl=3_601, with_resources_ttl=90_000),
        "resources_ttl",
        "90000",
    ),
    ("resources ttl as float", session(with_resources_ttl=90_000.0), "resources_ttl", "90000.0"),
    ("naive deadline", session(with_session_deadline=NAIVE), "session_deadline", repr(NAIVE)),
    (
        "naive deadline str",
        session(with_session_deadline="2030-01-01T12:00:00"),
        "session_deadline",
        "'2030-01-01T12:00:00'",
    ),
    (
        "deadline not a date",
        session(with_session_deadline="tomorrow"),
        "session_deadline",
        "'tomorrow'",
    ),
    (
        "deadline as a date",
        session(with_session_deadline=dt.date(2030, 1, 1)),
        "session_deadline",
        "datetime.date(2030, 1, 1)",
    ),
    (
        "deadline and token ttl",
        session(
            with_client_session_token_ttl=900,
            with_session_deadline=dt.datetime(2030, 1, 1, tzinfo=UTC),
        ),
        "session_deadline",
        None,
    ),
    # SESSION SPEC: other fields
    ("empty user tracking id", session(with_user_tracking_id=""), "user_tracking_id", "''"),
    ("user tracking id as int", session(with_user_tracking_id=123), "user_tracking_id", "123"),
    (
        "block biometric consent not a bool",
        session(with_block_biometric_consent="yes"),
        "block_biometric_consent",
        "'yes'",
    ),
    (
        "a builder instead of a check",
        session(with_requested_check=RequestedLivenessCheckBuilder().for_static_liveness()),
        "requested_checks[0]",
        ".build()",
    ),
    (
        "a task among the checks",
        session(
            with_requested_check=RequestedTextExtractionTaskBuilder()
            .with_manual_check_never()
            .build()
        ),
        "requested_checks[0]",
        "RequestedTextExtractionTask",
    ),
    (
        "a check name instead of a check",
        lambda: SessionSpec(requested_checks=untyped("LIVENESS")),
        "requested_checks",
        "'LIVENESS'",
    ),
    (
        "a check among the tasks",
        lambda: SessionSpec(
            requested_tasks=untyped([RequestedFaceMatchCheck(manual_check="NEVER")])
        ),
        "requested_tasks[0]",
        "RequestedFaceMatchCheck",
    ),
    (
        "a dict instead of an sdk config",
        session(with_sdk_config={"allowed_capture_methods": "CAMERA"}),
        "sdk_config",
        "{'allowed_capture_methods': 'CAMERA'}",
    ),
    (
        "a str instead of notifications",
        session(with_notifications="https://example.com"),
        "notifications",
        "'https://example.com'",
    ),
    (
        "a required document of the wrong kind",
        session(with_required_document="ID_DOCUMENT"),
        "required_documents[0]",
        "'ID_DOCUMENT'",
    ),
    # NOTIFICATIONS
    ("unknown topic", notifications("SOME_TOPIC"), "notifications.topics[0]", "'SOME_TOPIC'"),
    (
        "topic with a hyphen",
        notifications("session-completion"),
        "notifications.topics[0]",
        "'session-completion'",
    ),
    (
        "second topic unknown",
        notifications("SESSION_COMPLETION", "some-topic"),
        "notifications.topics[1]",
        "'some-topic'",
    ),
    ("topic as int", notifications(42), "notifications.topics[0]", "42"),
    (
        "topics as one str",
        lambda: NotificationConfig(
            endpoint="https://example.com/yoti", topics="SESSION_COMPLETION"
        ),
        "notifications.topics",
        "'SESSION_COMPLETION'",
    ),
    (
        "no endpoint",
        lambda: NotificationConfigBuilder().for_session_completion().build(),
        "notifications.endpoint",
        None,
    ),
    (
        "relative endpoint",
        notifications(endpoint="/endpoint"),
        "notifications.endpoint",
        "'/endpoint'",
    ),
    (
        "unknown auth type",
        lambda: (
            NotificationConfigBuilder()
            .with_endpoint("https://example.com/yoti")
            .with_auth_token("user:pass")
            .with_auth_type("DIGEST")
            .build()
        ),
        "notifications.auth_type",
        "'DIGEST'",
    ),
    (
        "auth type without a token",
        lambda: (
            NotificationConfigBuilder()
            .with_endpoint("https://example.com/yoti")
            .with_bearer_auth_type()
            .build()
        ),
        "notifications.auth_type",
        None,
    ),
    # FILTERS AND DOCUMENTS
    (
        "filter country not alpha-3",
        lambda: (
            OrthogonalRestrictionsFilterBuilder().with_whitelisted_country_codes(["GB"]).build()
        ),
        "country_restriction.country_codes[0]",
        "'GB'",
    ),
    (
        "filter country list empty",
        lambda: OrthogonalRestrictionsFilterBuilder().with_blacklisted_country_codes([]).build(),
        "country_restriction.country_codes",
        None,
    ),
    (
        "filter country list as one str",
        lambda: CountryRestriction(inclusion="WHITELIST", country_codes="GBR"),
        "country_restriction.country_codes",
        "'GBR'",
    ),
    (
        "unknown inclusion",
        lambda: CountryRestriction(inclusion="GREYLIST", country_codes=["GBR"]),
        "country_restriction.inclusion",
        "'GREYLIST'",
    ),
    (
        "blank document type",
        lambda: OrthogonalRestrictionsFilterBuilder().with_whitelisted_document_types([""]).build(),
        "type_restriction.document_types[0]",
        "''",
    ),
    (
        "document restriction restricting nothing",
        lambda: DocumentRestriction(),
        "country_codes",
        None,
    ),
    (
        "documents filter without inclusion",
        lambda: DocumentRestrictionsFilterBuilder().build(),
        "inclusion",
        None,
    ),
    (
        "documents filter without documents",
        lambda: DocumentRestrictionsFilterBuilder().for_whitelist().build(),
        "documents",
        None,
    ),
    (
        "documents filter entry of the wrong kind",
        lambda: (
            DocumentRestrictionsFilterBuilder()
            .for_whitelist()
            .with_document_restriction(untyped("PASSPORT"))
            .build()
        ),
        "documents[0]",
        "'PASSPORT'",
    ),
    (
        "id document filter of the wrong kind",
        lambda: RequiredIdDocument(filter=untyped("PASSPORT")),
        "filter",
        "'PASSPORT'",
    ),
    (
        "supplementary document without objective",
        lambda: RequiredSupplementaryDocumentBuilder().build(),
        "objective",
        None,
    ),
]


@pytest.mark.parametrize(
    ("build", "field", "shown"),
    [pytest.param(build, field, shown, id=name) for name, build, field, shown in INVALID],
)
def test_invalid_value_names_field_and_value(
    build: Callable[[], object], field: str, shown: str | None
) -> None:
    with pytest.raises(SpecValidationError) as raised:
        build()

    assert raised.value.field == field
    assert str(raised.value).startswith(f"{field}: ")
    if shown is not None:
        assert shown in raised.value.message


def test_spec_validation_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"config\.max_retries"):
        liveness(max_retries=-1)()


def test_direct_construction_is_validated_like_the_builders() -> None:
    with pytest.raises(SpecValidationError) as raised:
        SdkConfig(font_colour="blue")

    assert raised.value.field == "sdk_config.font_colour"


def test_resources_ttl_may_be_exactly_24_hours_beyond_the_token_ttl() -> None:
    spec = SessionSpecBuilder().with_client_session_token_ttl(900).with_resources_ttl(87_300)

    assert spec.build().resources_ttl == 87_300
    with pytest.raises(SpecValidationError, match="at least 87300"):
        spec.with_resources_ttl(87_299).build()


def test_token_ttl_must_be_longer_than_300_seconds() -> None:
    # Yoti: "This must be longer than 300s (5 minutes)".
    assert SessionSpecBuilder().with_client_session_token_ttl(301).build()
    with pytest.raises(SpecValidationError):
        SessionSpecBuilder().with_client_session_token_ttl(300).build()


def test_the_smallest_valid_values_pass() -> None:
    assert liveness(max_retries=0)()
    assert SessionSpecBuilder().with_resources_ttl(86_400).build()
    assert SdkConfigBuilder().with_primary_colour("#FFF").with_font_colour("#00ff0A").build()


class UnprintableValue:
    def __repr__(self) -> str:
        raise RuntimeError("no repr for you")


def test_values_that_cannot_be_shown_still_give_a_clear_error() -> None:
    with pytest.raises(SpecValidationError) as unprintable:
        SessionSpecBuilder().with_user_tracking_id(untyped(UnprintableValue())).build()
    with pytest.raises(SpecValidationError) as too_long:
        liveness(max_retries=-(10**5000))()

    assert unprintable.value.field == "user_tracking_id"
    assert "UnprintableValue that cannot be shown" in unprintable.value.message
    assert too_long.value.field == "config.max_retries"


def test_long_values_are_shortened_in_messages() -> None:
    with pytest.raises(SpecValidationError) as raised:
        sdk_config("with_locale", "x" * 1000)()

    assert len(raised.value.message) < 200
    assert raised.value.message.endswith("...")
