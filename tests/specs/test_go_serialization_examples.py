"""Our builders against the exact JSON that Yoti's Go SDK builders produce.

``tests/fixtures/request_serialization_examples.go-tests.json`` holds the output of every
``Example*`` function of the Go SDK's ``docscan/session/create`` package. Each entry is
classified below, by its ``function`` name, as one of:

* `Same`: our builders give exactly Go's JSON.
* `WeAlsoSend`: our JSON is Go's plus keys that Go's ``omitempty`` drops and we send on
  purpose (``locale``'s default, empty ``requested_checks``/``requested_tasks``).
* `WeReject`: Go's example uses a value we refuse on purpose (a placeholder such as
  ``"SOME_TOPIC"``, a TTL Yoti would refuse, a missing required field); the test checks the
  `SpecValidationError` and then our JSON for a valid version of the same example.

Every entry is reproduced; none is skipped. A fixture entry that is in no table fails, so the
fixture and this file cannot drift apart. Where Go's ``omitempty`` would drop a False, a 0 or
an empty list that we send, `test_we_send_what_go_omitempty_drops` shows it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest

from yoti_idv.conversion import converter
from yoti_idv.errors import SpecValidationError
from yoti_idv.specs import (
    AdvancedIdentityProfilePayloadBuilder,
    AdvancedIdentityProfileRequirementsPayloadBuilder,
    AdvancedIdentityProfileSchemeConfigPayloadBuilder,
    AdvancedIdentityProfileSchemePayloadBuilder,
    DocumentRestrictionBuilder,
    DocumentRestrictionsFilter,
    DocumentRestrictionsFilterBuilder,
    IdentityProfileRequirementsPayloadBuilder,
    IdentityProfileSchemePayloadBuilder,
    ImportTokenPayloadBuilder,
    NotificationConfig,
    NotificationConfigBuilder,
    Objective,
    OrthogonalRestrictionsFilterBuilder,
    ProofOfAddressObjectiveBuilder,
    RequestedCustomAccountWatchlistAdvancedCaConfigBuilder,
    RequestedDocumentAuthenticityCheckBuilder,
    RequestedExactMatchingStrategyBuilder,
    RequestedFaceComparisonCheckBuilder,
    RequestedFaceMatchCheckBuilder,
    RequestedFuzzyMatchingStrategyBuilder,
    RequestedIdDocumentComparisonCheckBuilder,
    RequestedLivenessCheckBuilder,
    RequestedSupplementaryDocTextExtractionTaskBuilder,
    RequestedTextExtractionTaskBuilder,
    RequestedThirdPartyIdentityCheckBuilder,
    RequestedTypeListSourcesBuilder,
    RequestedWatchlistAdvancedCaCheckBuilder,
    RequestedWatchlistScreeningCheckBuilder,
    RequestedYotiAccountWatchlistAdvancedCaConfigBuilder,
    RequiredIdDocumentBuilder,
    RequiredSupplementaryDocument,
    RequiredSupplementaryDocumentBuilder,
    SdkConfigBuilder,
    SessionSpecBuilder,
    SpecValue,
    SubjectPayloadBuilder,
)

FIXTURE = (
    Path(__file__).resolve().parent.parent
    / "fixtures"
    / "request_serialization_examples.go-tests.json"
)
GO_EXAMPLES: dict[str, Any] = {
    entry["function"]: entry["json"] for entry in json.loads(FIXTURE.read_text("utf-8"))
}

Build = Callable[[], SpecValue]


@dataclass(frozen=True)
class Same:
    build: Build


@dataclass(frozen=True)
class WeAlsoSend:
    build: Build
    extra_keys: dict[str, Any]
    why: str


@dataclass(frozen=True)
class WeReject:
    go_like: list[tuple[Build, str]]
    """Go's example (or the part of it we refuse) and the field our error names."""
    why: str
    valid: Build
    valid_json: dict[str, Any] = field(default_factory=dict)


# --- helpers that build the pieces several examples share ---------------------------------

LOCALE_DEFAULT = {"locale": "en-GB"}
LOCALE_WHY = (
    "sdk_config.locale defaults to 'en-GB' and is sent: the seed (Yoti's migration guide) "
    "shows it in the JSON of a spec that never sets a locale; Go sends no default"
)
EMPTY_LISTS: dict[str, Any] = {"requested_checks": [], "requested_tasks": []}
EMPTY_LISTS_WHY = (
    "requested_checks and requested_tasks are always sent, empty too, as every Yoti SDK "
    "but Go does (Go's omitempty drops empty slices)"
)
NO_OBJECTIVE_WHY = (
    "a supplementary document without an objective: Yoti's node, java and php SDKs "
    "require one, so we do too"
)
PROOF_OF_ADDRESS = {"type": "PROOF_OF_ADDRESS"}


def passport_whitelist(**flags: bool) -> DocumentRestrictionsFilter:
    builder = (
        DocumentRestrictionsFilterBuilder()
        .for_whitelist()
        .with_document_restriction(
            DocumentRestrictionBuilder().with_document_types(["PASSPORT"]).build()
        )
    )
    if flags.get("allow_expired_documents") is True:
        builder.allow_expired_documents()
    if flags.get("allow_expired_documents") is False:
        builder.disable_expired_documents()
    if flags.get("allow_non_latin_documents") is True:
        builder.allow_non_latin_documents()
    if flags.get("allow_non_latin_documents") is False:
        builder.disable_non_latin_documents()
    return builder.build()


def passport_whitelist_json(**flags: bool) -> dict[str, Any]:
    return {
        "type": "DOCUMENT_RESTRICTIONS",
        "inclusion": "WHITELIST",
        "documents": [{"document_types": ["PASSPORT"]}],
        **flags,
    }


def supplementary_builder() -> RequiredSupplementaryDocumentBuilder:
    return RequiredSupplementaryDocumentBuilder().with_objective(
        ProofOfAddressObjectiveBuilder().build()
    )


@attrs.frozen(kw_only=True)
class SomeObjective(Objective):
    """Go's placeholder objective: a new objective type is one subclass with a TYPE."""

    TYPE: ClassVar[str] = "SOME_OBJECTIVE"


def go_session_spec_notifications() -> NotificationConfig:
    # Go: NewNotificationConfigBuilder().WithTopic("some-topic").Build(), with no endpoint.
    return NotificationConfigBuilder().with_topic("some-topic").build()


def go_session_spec_ttls() -> SpecValue:
    return (
        SessionSpecBuilder()
        .with_client_session_token_ttl(789)
        .with_resources_ttl(456)
        .with_user_tracking_id("some-tracking-id")
        .build()
    )


def valid_session_spec_like_go() -> SpecValue:
    return (
        SessionSpecBuilder()
        .with_client_session_token_ttl(789)
        .with_resources_ttl(789 + 86_400)
        .with_user_tracking_id("some-tracking-id")
        .with_notifications(
            NotificationConfigBuilder()
            .with_endpoint("https://example.com/yoti")
            .with_topic("session_completion")
            .build()
        )
        .with_requested_check(RequestedFaceMatchCheckBuilder().with_manual_check_never().build())
        .with_requested_check(RequestedDocumentAuthenticityCheckBuilder().build())
        .with_requested_check(
            RequestedLivenessCheckBuilder().for_static_liveness().with_max_retries(5).build()
        )
        .with_requested_task(
            RequestedTextExtractionTaskBuilder().with_manual_check_fallback().build()
        )
        .with_sdk_config(SdkConfigBuilder().with_allows_camera().with_locale(None).build())
        .with_required_document(RequiredIdDocumentBuilder().build())
        .build()
    )


def go_custom_account_check() -> SpecValue:
    return (
        RequestedWatchlistAdvancedCaCheckBuilder()
        .with_config(
            RequestedCustomAccountWatchlistAdvancedCaConfigBuilder()
            .with_api_key("api-key")
            .with_monitoring(True)
            .with_tags({"tag_name": "value"})
            .with_client_ref("client-ref")
            .with_matching_strategy(RequestedExactMatchingStrategyBuilder().build())
            .build()
        )
        .build()
    )


def go_yoti_account_check() -> SpecValue:
    return (
        RequestedWatchlistAdvancedCaCheckBuilder()
        .with_config(
            RequestedYotiAccountWatchlistAdvancedCaConfigBuilder()
            .with_remove_deceased(True)
            .with_share_url(True)
            .with_sources(
                RequestedTypeListSourcesBuilder()
                .with_types(["pep", "fitness-probity", "warning"])
                .build()
            )
            .with_matching_strategy(
                RequestedFuzzyMatchingStrategyBuilder().with_fuzziness(0.5).build()
            )
            .build()
        )
        .build()
    )


def go_advanced_identity_profile_requirements() -> SpecValue:
    # Go passes this as raw JSON; our typed builders give the same object.
    return (
        SessionSpecBuilder()
        .with_advanced_identity_profile_requirements(
            AdvancedIdentityProfileRequirementsPayloadBuilder()
            .with_profile(
                AdvancedIdentityProfilePayloadBuilder()
                .with_trust_framework("UK_TFIDA")
                .with_scheme(
                    AdvancedIdentityProfileSchemePayloadBuilder()
                    .with_label("LB912")
                    .with_type("RTW")
                    .build()
                )
                .with_scheme(
                    AdvancedIdentityProfileSchemePayloadBuilder()
                    .with_label("LB777")
                    .with_type("DBS")
                    .with_objective("BASIC")
                    .build()
                )
                .build()
            )
            .with_profile(
                AdvancedIdentityProfilePayloadBuilder()
                .with_trust_framework("YOTI_GLOBAL")
                .with_scheme(
                    AdvancedIdentityProfileSchemePayloadBuilder()
                    .with_label("LB321")
                    .with_type("IDENTITY")
                    .with_objective("AL_L1")
                    .with_config(AdvancedIdentityProfileSchemeConfigPayloadBuilder().build())
                    .build()
                )
                .build()
            )
            .build()
        )
        .build()
    )


CASES: dict[str, Same | WeAlsoSend | WeReject] = {
    # --- checks ---
    "ExampleRequestedDocumentAuthenticityCheckBuilder": Same(
        lambda: RequestedDocumentAuthenticityCheckBuilder().with_manual_check_fallback().build()
    ),
    "ExampleRequestedDocumentAuthenticityCheckBuilder_Build": Same(
        lambda: RequestedDocumentAuthenticityCheckBuilder().build()
    ),
    "ExampleNewRequestedIDDocumentComparisonCheckBuilder": Same(
        lambda: RequestedIdDocumentComparisonCheckBuilder().build()
    ),
    "ExampleRequestedFaceComparisonCheckBuilder": Same(
        lambda: RequestedFaceComparisonCheckBuilder().with_manual_check_never().build()
    ),
    "ExampleRequestedFaceMatchCheckBuilder": Same(
        lambda: RequestedFaceMatchCheckBuilder().with_manual_check_never().build()
    ),
    "ExampleRequestedLivenessCheckBuilder": Same(
        lambda: RequestedLivenessCheckBuilder().for_zoom_liveness().with_max_retries(9).build()
    ),
    # This Go "Output:" is not checked by `go test` and is stale: Go's builder now adds
    # "manual_check": "NEVER" to every STATIC check. We add nothing the caller did not ask
    # for, so our JSON is exactly this (stale) output.
    "TestExampleRequestedStaticLivenessCheckBuilder": Same(
        lambda: RequestedLivenessCheckBuilder().for_static_liveness().with_max_retries(5).build()
    ),
    "ExampleRequestedThirdPartyIdentityCheck": Same(
        lambda: RequestedThirdPartyIdentityCheckBuilder().build()
    ),
    # Go's builder leaves remove_deceased, share_url and sources unset (omitempty drops the
    # zero values); ours sends only what is set, so the JSON is the same.
    "ExampleRequestedWatchlistAdvancedCACheckCustomAccountBuilder_Build": Same(
        go_custom_account_check
    ),
    "ExampleNewRequestedWatchlistAdvancedCACheckYotiAccountBuilder": Same(go_yoti_account_check),
    "ExampleNewRequestedWatchlistScreeningCheckBuilder": Same(
        lambda: (
            RequestedWatchlistScreeningCheckBuilder()
            .with_adverse_media_category()
            .with_sanctions_category()
            .build()
        )
    ),
    # --- document filters ---
    "ExampleRequestedDocumentRestriction": Same(
        lambda: (
            DocumentRestrictionBuilder()
            .with_document_types(["PASSPORT"])
            .with_country_codes(["GBR"])
            .build()
        )
    ),
    "ExampleRequestedDocumentRestrictionBuilder_WithDocumentTypes": Same(
        lambda: DocumentRestrictionBuilder().with_document_types(["PASSPORT"]).build()
    ),
    "ExampleRequestedDocumentRestrictionBuilder_WithCountryCodes": Same(
        lambda: DocumentRestrictionBuilder().with_country_codes(["GBR"]).build()
    ),
    "ExampleRequestedDocumentRestrictionsFilterBuilder_ForIncludeList": Same(passport_whitelist),
    "ExampleRequestedDocumentRestrictionsFilterBuilder_ForExcludeList": Same(
        lambda: (
            DocumentRestrictionsFilterBuilder()
            .for_blacklist()
            .with_document_restriction(
                DocumentRestrictionBuilder().with_document_types(["PASSPORT"]).build()
            )
            .build()
        )
    ),
    "ExampleRequestedDocumentRestrictionsFilterBuilder_withExpiredDocuments": WeReject(
        go_like=[
            (
                lambda: DocumentRestrictionsFilterBuilder().allow_expired_documents().build(),
                "inclusion",
            )
        ],
        why="Go sends inclusion '' and documents []: a filter that lists nothing",
        valid=lambda: passport_whitelist(allow_expired_documents=True),
        valid_json=passport_whitelist_json(allow_expired_documents=True),
    ),
    "ExampleRequestedDocumentRestrictionsFilterBuilder_withDenyExpiredDocuments": WeReject(
        go_like=[
            (
                lambda: DocumentRestrictionsFilterBuilder().disable_expired_documents().build(),
                "inclusion",
            )
        ],
        why="Go sends inclusion '' and documents []; we keep the false flag, as Go does",
        valid=lambda: passport_whitelist(allow_expired_documents=False),
        valid_json=passport_whitelist_json(allow_expired_documents=False),
    ),
    "ExampleRequestedDocumentRestrictionsFilterBuilder_withAllowNonLatinDocuments": WeReject(
        go_like=[
            (
                lambda: DocumentRestrictionsFilterBuilder().allow_non_latin_documents().build(),
                "inclusion",
            )
        ],
        why="Go sends inclusion '' and documents []: a filter that lists nothing",
        valid=lambda: passport_whitelist(allow_non_latin_documents=True),
        valid_json=passport_whitelist_json(allow_non_latin_documents=True),
    ),
    "ExampleRequestedDocumentRestrictionsFilterBuilder_withDenyNonLatinDocuments": WeReject(
        go_like=[
            (
                lambda: DocumentRestrictionsFilterBuilder().disable_non_latin_documents().build(),
                "inclusion",
            ),
            (lambda: DocumentRestrictionsFilter(inclusion="WHITELIST", documents=[]), "documents"),
        ],
        why="Go sends inclusion '' and documents []; we keep the false flag, as Go does",
        valid=lambda: passport_whitelist(allow_non_latin_documents=False),
        valid_json=passport_whitelist_json(allow_non_latin_documents=False),
    ),
    "ExampleRequestedOrthogonalRestrictionsFilterBuilder_WithIncludedCountries": Same(
        lambda: (
            OrthogonalRestrictionsFilterBuilder()
            .with_whitelisted_country_codes(["KEN", "CIV"])
            .build()
        )
    ),
    "ExampleRequestedOrthogonalRestrictionsFilterBuilder_WithIncludedDocumentTypes": Same(
        lambda: (
            OrthogonalRestrictionsFilterBuilder()
            .with_whitelisted_document_types(["PASSPORT", "DRIVING_LICENCE"])
            .build()
        )
    ),
    "ExampleRequestedOrthogonalRestrictionsFilterBuilder_WithExcludedDocumentTypes": Same(
        lambda: (
            OrthogonalRestrictionsFilterBuilder()
            .with_blacklisted_document_types(["NATIONAL_ID", "PASS_CARD"])
            .build()
        )
    ),
    "ExampleRequestedOrthogonalRestrictionsFilterBuilder_WithExcludedCountries": Same(
        lambda: (
            OrthogonalRestrictionsFilterBuilder()
            .with_blacklisted_country_codes(["CAN", "FJI"])
            .build()
        )
    ),
    "ExampleRequestedOrthogonalRestrictionsFilterBuilder_withExpiredDocuments": Same(
        lambda: OrthogonalRestrictionsFilterBuilder().allow_expired_documents().build()
    ),
    "ExampleRequestedOrthogonalRestrictionsFilterBuilder_withDenyExpiredDocuments": Same(
        lambda: OrthogonalRestrictionsFilterBuilder().disable_expired_documents().build()
    ),
    "ExampleRequestedOrthogonalRestrictionsFilterBuilder_withNonLatinDocuments": Same(
        lambda: OrthogonalRestrictionsFilterBuilder().allow_non_latin_documents().build()
    ),
    "ExampleRequestedOrthogonalRestrictionsFilterBuilder_withDenyNonLatinDocuments": Same(
        lambda: OrthogonalRestrictionsFilterBuilder().disable_non_latin_documents().build()
    ),
    # --- required documents and objectives ---
    "ExampleRequiredIDDocument_MarshalJSON": Same(
        lambda: RequiredIdDocumentBuilder().with_filter(passport_whitelist()).build()
    ),
    "ExampleRequiredSupplementaryDocument": WeReject(
        go_like=[(lambda: RequiredSupplementaryDocumentBuilder().build(), "objective")],
        why=NO_OBJECTIVE_WHY,
        valid=lambda: supplementary_builder().build(),
        valid_json={"type": "SUPPLEMENTARY_DOCUMENT", "objective": PROOF_OF_ADDRESS},
    ),
    "ExampleRequiredSupplementaryDocumentBuilder_WithFilter": WeReject(
        go_like=[
            (
                lambda: (
                    RequiredSupplementaryDocumentBuilder()
                    .with_filter(
                        DocumentRestrictionsFilterBuilder()
                        .for_whitelist()
                        .with_document_restriction(
                            DocumentRestrictionBuilder()
                            .with_document_types(["UTILITY_BILL"])
                            .build()
                        )
                        .build()
                    )
                    .build()
                ),
                "objective",
            )
        ],
        why=NO_OBJECTIVE_WHY,
        valid=lambda: (
            supplementary_builder()
            .with_filter(
                DocumentRestrictionsFilterBuilder()
                .for_whitelist()
                .with_document_restriction(
                    DocumentRestrictionBuilder().with_document_types(["UTILITY_BILL"]).build()
                )
                .build()
            )
            .build()
        ),
        valid_json={
            "type": "SUPPLEMENTARY_DOCUMENT",
            "objective": PROOF_OF_ADDRESS,
            "filter": {
                "type": "DOCUMENT_RESTRICTIONS",
                "inclusion": "WHITELIST",
                "documents": [{"document_types": ["UTILITY_BILL"]}],
            },
        },
    ),
    "ExampleRequiredSupplementaryDocumentBuilder_WithCountryCodes": WeReject(
        go_like=[
            (
                lambda: supplementary_builder().with_country_codes(["SOME_COUNTRY"]).build(),
                "country_codes[0]",
            ),
            (
                lambda: RequiredSupplementaryDocumentBuilder().with_country_codes(["GBR"]).build(),
                "objective",
            ),
        ],
        why="'SOME_COUNTRY' is no ISO 3166-1 alpha-3 code; and " + NO_OBJECTIVE_WHY,
        valid=lambda: supplementary_builder().with_country_codes(["GBR"]).build(),
        valid_json={
            "type": "SUPPLEMENTARY_DOCUMENT",
            "objective": PROOF_OF_ADDRESS,
            "country_codes": ["GBR"],
        },
    ),
    "ExampleRequiredSupplementaryDocumentBuilder_WithCountryCodes_empty": WeReject(
        go_like=[(lambda: supplementary_builder().with_country_codes([]).build(), "country_codes")],
        why="an empty country list is refused rather than silently dropped as Go does: "
        "leave it unset to accept any country",
        valid=lambda: supplementary_builder().build(),
        valid_json={"type": "SUPPLEMENTARY_DOCUMENT", "objective": PROOF_OF_ADDRESS},
    ),
    "ExampleRequiredSupplementaryDocumentBuilder_WithDocumentTypes": WeReject(
        go_like=[
            (
                lambda: (
                    RequiredSupplementaryDocumentBuilder()
                    .with_document_types(["SOME_DOCUMENT_TYPE"])
                    .build()
                ),
                "objective",
            )
        ],
        why=NO_OBJECTIVE_WHY + " (document types are free strings, so the placeholder passes)",
        valid=lambda: supplementary_builder().with_document_types(["SOME_DOCUMENT_TYPE"]).build(),
        valid_json={
            "type": "SUPPLEMENTARY_DOCUMENT",
            "objective": PROOF_OF_ADDRESS,
            "document_types": ["SOME_DOCUMENT_TYPE"],
        },
    ),
    "ExampleRequiredSupplementaryDocumentBuilder_WithDocumentTypes_empty": WeReject(
        go_like=[
            (lambda: supplementary_builder().with_document_types([]).build(), "document_types")
        ],
        why="an empty document type list is refused rather than silently dropped as Go does",
        valid=lambda: supplementary_builder().build(),
        valid_json={"type": "SUPPLEMENTARY_DOCUMENT", "objective": PROOF_OF_ADDRESS},
    ),
    # Go's placeholder objective type works through a subclass: that is how objectives grow.
    "ExampleRequiredSupplementaryDocumentBuilder_WithObjective": Same(
        lambda: RequiredSupplementaryDocument(objective=SomeObjective())
    ),
    "ExampleRequiredSupplementaryDocumentBuilder_WithObjective_proofOfAddress": Same(
        lambda: supplementary_builder().build()
    ),
    # Go's example passes 30 days to WithTTL explicitly; it is not the builder's default.
    "ExampleImportTokenBuilder_Build": Same(
        lambda: ImportTokenPayloadBuilder().with_ttl(2_592_000).build()
    ),
    "ExampleProofOfAddressObjectiveBuilder": Same(lambda: ProofOfAddressObjectiveBuilder().build()),
    # --- notifications ---
    "ExampleNotificationConfigBuilder_Build": WeReject(
        go_like=[
            (
                lambda: (
                    NotificationConfigBuilder()
                    .with_auth_token("auth-token")
                    .with_endpoint("/endpoint")
                    .with_topic("SOME_TOPIC")
                    .for_check_completion()
                    .for_resource_update()
                    .for_session_completion()
                    .for_task_completion()
                    .build()
                ),
                "notifications.topics[0]",
            ),
            (
                lambda: NotificationConfigBuilder().with_endpoint("/endpoint").build(),
                "notifications.endpoint",
            ),
        ],
        why="'SOME_TOPIC' is no Yoti topic, and '/endpoint' is no URL Yoti's servers can call",
        valid=lambda: (
            NotificationConfigBuilder()
            .with_auth_token("auth-token")
            .with_endpoint("https://example.com/endpoint")
            .for_check_completion()
            .for_resource_update()
            .for_session_completion()
            .for_task_completion()
            .build()
        ),
        valid_json={
            "auth_token": "auth-token",
            "endpoint": "https://example.com/endpoint",
            "topics": [
                "CHECK_COMPLETION",
                "RESOURCE_UPDATE",
                "SESSION_COMPLETION",
                "TASK_COMPLETION",
            ],
        },
    ),
    # --- sdk_config ---
    "ExampleSdkConfigBuilder_Build": Same(
        lambda: (
            SdkConfigBuilder()
            .with_allows_camera()
            .with_primary_colour("#aa1111")
            .with_secondary_colour("#bb2222")
            .with_font_colour("#ff0000")
            .with_locale("fr_FR")
            .with_preset_issuing_country("USA")
            .with_success_url("https://example.com/success")
            .with_error_url("https://example.com/error")
            .with_privacy_policy_url("https://example.com/privacy")
            .with_id_document_text_extraction_category_attempts("test_category", 3)
            .build()
        )
    ),
    "ExampleSdkConfigBuilder_Build_repeatedCallWithIdDocumentTextExtractionCategoryAttempts": WeAlsoSend(  # noqa: E501
        lambda: (
            SdkConfigBuilder()
            .with_id_document_text_extraction_category_attempts("test_category", 3)
            .with_id_document_text_extraction_category_attempts("test_category", 1)
            .build()
        ),
        LOCALE_DEFAULT,
        LOCALE_WHY,
    ),
    "ExampleSdkConfigBuilder_Build_multipleCategoriesWithIdDocumentTextExtractionCategoryAttempts": WeAlsoSend(  # noqa: E501
        lambda: (
            SdkConfigBuilder()
            .with_id_document_text_extraction_generic_attempts(3)
            .with_id_document_text_extraction_reclassification_attempts(1)
            .with_id_document_text_extraction_category_attempts("test_category", 2)
            .build()
        ),
        LOCALE_DEFAULT,
        LOCALE_WHY,
    ),
    "ExampleSdkConfigBuilder_WithAllowsCameraAndUpload": WeAlsoSend(
        lambda: SdkConfigBuilder().with_allows_camera_and_upload().build(),
        LOCALE_DEFAULT,
        LOCALE_WHY,
    ),
    "ExampleSdkConfigBuilder_WithEarlyBiometricConsentFlow": WeAlsoSend(
        lambda: SdkConfigBuilder().with_early_biometric_consent_flow().build(),
        LOCALE_DEFAULT,
        LOCALE_WHY,
    ),
    "ExampleSdkConfigBuilder_WithJustInTimeBiometricConsentFlow": WeAlsoSend(
        lambda: SdkConfigBuilder().with_just_in_time_biometric_consent_flow().build(),
        LOCALE_DEFAULT,
        LOCALE_WHY,
    ),
    "ExampleSdkConfigBuilder_WithAllowHandOff": WeAlsoSend(
        lambda: SdkConfigBuilder().with_allow_handoff(True).build(), LOCALE_DEFAULT, LOCALE_WHY
    ),
    "ExampleSdkConfigBuilder_WithDarkMode": WeAlsoSend(
        lambda: SdkConfigBuilder().with_dark_mode_on().build(), LOCALE_DEFAULT, LOCALE_WHY
    ),
    "ExampleSdkConfigBuilder_WithBrandId": WeAlsoSend(
        lambda: SdkConfigBuilder().with_brand_id("some_brand_id").build(),
        LOCALE_DEFAULT,
        LOCALE_WHY,
    ),
    "ExampleSdkConfigBuilder_WithDarkModeOff": WeAlsoSend(
        lambda: SdkConfigBuilder().with_dark_mode_off().build(), LOCALE_DEFAULT, LOCALE_WHY
    ),
    "ExampleSdkConfigBuilder_WithDarkModeAuto": WeAlsoSend(
        lambda: SdkConfigBuilder().with_dark_mode_auto().build(), LOCALE_DEFAULT, LOCALE_WHY
    ),
    "ExampleSdkConfigBuilder_WithPrimaryColourDarkMode": WeReject(
        go_like=[
            (
                lambda: SdkConfigBuilder().with_primary_colour_dark_mode("SOME_COLOUR").build(),
                "sdk_config.primary_colour_dark_mode",
            )
        ],
        why="'SOME_COLOUR' is no hex colour (Yoti: 'provided colour must be a valid Hex Code')",
        valid=lambda: SdkConfigBuilder().with_primary_colour_dark_mode("#2d9fff").build(),
        valid_json={"primary_colour_dark_mode": "#2d9fff", **LOCALE_DEFAULT},
    ),
    # --- the session spec ---
    "ExampleSessionSpecificationBuilder_Build": WeReject(
        go_like=[
            (
                lambda: (
                    RequestedLivenessCheckBuilder()
                    .with_liveness_type("LIVENESSTYPE")
                    .with_max_retries(5)
                    .build()
                ),
                "config.liveness_type",
            ),
            (go_session_spec_notifications, "notifications.endpoint"),
            (
                lambda: (
                    NotificationConfigBuilder()
                    .with_endpoint("https://example.com/yoti")
                    .with_topic("some-topic")
                    .build()
                ),
                "notifications.topics[0]",
            ),
            (go_session_spec_ttls, "resources_ttl"),
        ],
        why="Go's example uses placeholders Yoti refuses: liveness type 'LIVENESSTYPE', topic "
        "'some-topic', notifications without an endpoint, and resources_ttl 456 (Yoti: at "
        "least 24 h, and 24 h more than client_session_token_ttl)",
        valid=valid_session_spec_like_go,
        valid_json={
            "client_session_token_ttl": 789,
            "resources_ttl": 87_189,
            "user_tracking_id": "some-tracking-id",
            "notifications": {
                "endpoint": "https://example.com/yoti",
                "topics": ["SESSION_COMPLETION"],
            },
            "requested_checks": [
                {"type": "ID_DOCUMENT_FACE_MATCH", "config": {"manual_check": "NEVER"}},
                {"type": "ID_DOCUMENT_AUTHENTICITY", "config": {}},
                {"type": "LIVENESS", "config": {"liveness_type": "STATIC", "max_retries": 5}},
            ],
            "requested_tasks": [
                {"type": "ID_DOCUMENT_TEXT_DATA_EXTRACTION", "config": {"manual_check": "FALLBACK"}}
            ],
            "sdk_config": {"allowed_capture_methods": "CAMERA"},
            "required_documents": [{"type": "ID_DOCUMENT"}],
        },
    ),
    "ExampleSessionSpecificationBuilder_Build_withBlockBiometricConsentTrue": WeAlsoSend(
        lambda: SessionSpecBuilder().with_block_biometric_consent(True).build(),
        EMPTY_LISTS,
        EMPTY_LISTS_WHY,
    ),
    "ExampleSessionSpecificationBuilder_Build_withBlockBiometricConsentFalse": WeAlsoSend(
        lambda: SessionSpecBuilder().with_block_biometric_consent(False).build(),
        EMPTY_LISTS,
        EMPTY_LISTS_WHY + "; the false flag is kept (Go keeps it too, through a pointer)",
    ),
    "ExampleSessionSpecificationBuilder_WithRequiredDocument_supplementary": WeReject(
        go_like=[
            (
                lambda: (
                    SessionSpecBuilder()
                    .with_required_document(RequiredSupplementaryDocumentBuilder().build())
                    .build()
                ),
                "objective",
            )
        ],
        why=NO_OBJECTIVE_WHY,
        valid=lambda: (
            SessionSpecBuilder().with_required_document(supplementary_builder().build()).build()
        ),
        valid_json={
            **EMPTY_LISTS,
            "required_documents": [
                {"type": "SUPPLEMENTARY_DOCUMENT", "objective": PROOF_OF_ADDRESS}
            ],
        },
    ),
    # Go takes these four as raw JSON; ours are typed, and give the same objects.
    "ExampleSessionSpecificationBuilder_Build_withIdentityProfileRequirements": WeAlsoSend(
        lambda: (
            SessionSpecBuilder()
            .with_identity_profile_requirements(
                IdentityProfileRequirementsPayloadBuilder()
                .with_trust_framework("UK_TFIDA")
                .with_scheme(
                    IdentityProfileSchemePayloadBuilder()
                    .with_type("DBS")
                    .with_objective("STANDARD")
                    .build()
                )
                .build()
            )
            .build()
        ),
        EMPTY_LISTS,
        EMPTY_LISTS_WHY,
    ),
    "ExampleSessionSpecificationBuilder_Build_withAdvancedIdentityProfileRequirements": WeAlsoSend(
        go_advanced_identity_profile_requirements, EMPTY_LISTS, EMPTY_LISTS_WHY
    ),
    "ExampleSessionSpecificationBuilder_Build_withSubject": WeAlsoSend(
        lambda: (
            SessionSpecBuilder()
            .with_subject(SubjectPayloadBuilder().with_subject_id("Original subject ID").build())
            .build()
        ),
        EMPTY_LISTS,
        EMPTY_LISTS_WHY,
    ),
    "ExampleSessionSpecificationBuilder_Build_withCreateIdentityProfilePreview": WeAlsoSend(
        lambda: SessionSpecBuilder().with_create_identity_profile_preview(True).build(),
        EMPTY_LISTS,
        EMPTY_LISTS_WHY,
    ),
    "ExampleSessionSpecificationBuilder_Build_withEphemeralMedia": WeAlsoSend(
        lambda: SessionSpecBuilder().with_ephemeral_media(True).build(),
        EMPTY_LISTS,
        EMPTY_LISTS_WHY,
    ),
    # --- tasks ---
    "ExampleRequestedSupplementaryDocTextExtractionTaskBuilder": Same(
        lambda: (
            RequestedSupplementaryDocTextExtractionTaskBuilder().with_manual_check_always().build()
        )
    ),
    "ExampleRequestedTextExtractionTaskBuilder": Same(
        lambda: (
            RequestedTextExtractionTaskBuilder()
            .with_manual_check_always()
            .with_chip_data_ignore()
            .build()
        )
    ),
}


def test_every_go_example_is_classified_and_nothing_else() -> None:
    assert set(CASES) == set(GO_EXAMPLES)


@pytest.mark.parametrize("function", list(GO_EXAMPLES))
def test_go_example(function: str) -> None:
    go_json = GO_EXAMPLES[function]
    case = CASES.get(function)
    assert case is not None, f"{function} is not classified in CASES"

    if isinstance(case, Same):
        assert converter.unstructure(case.build()) == go_json
    elif isinstance(case, WeAlsoSend):
        assert case.why
        assert converter.unstructure(case.build()) == {**go_json, **case.extra_keys}
    else:
        assert case.why
        for go_like, field_name in case.go_like:
            with pytest.raises(SpecValidationError) as raised:
                go_like()
            assert raised.value.field == field_name
        assert converter.unstructure(case.valid()) == case.valid_json


# (what builds it, the key, the value we send) for values Go's ``omitempty`` would drop: a
# False or 0 the caller set is a choice, and we send it as every other Yoti SDK does.
WE_SEND_WHAT_GO_DROPS: list[tuple[str, Build, str, Any]] = [
    (
        "create_identity_profile_preview false",
        lambda: SessionSpecBuilder().with_create_identity_profile_preview(False).build(),
        "create_identity_profile_preview",
        False,
    ),
    (
        "ephemeral_media false",
        lambda: SessionSpecBuilder().with_ephemeral_media(False).build(),
        "ephemeral_media",
        False,
    ),
    (
        "remove_deceased false",
        lambda: (
            RequestedWatchlistAdvancedCaCheckBuilder()
            .with_config(
                RequestedYotiAccountWatchlistAdvancedCaConfigBuilder()
                .with_remove_deceased(False)
                .build()
            )
            .build()
        ),
        "config.remove_deceased",
        False,
    ),
    (
        "share_url false",
        lambda: (
            RequestedWatchlistAdvancedCaCheckBuilder()
            .with_config(
                RequestedYotiAccountWatchlistAdvancedCaConfigBuilder().with_share_url(False).build()
            )
            .build()
        ),
        "config.share_url",
        False,
    ),
    (
        "monitoring false",
        lambda: (
            RequestedWatchlistAdvancedCaCheckBuilder()
            .with_config(
                RequestedCustomAccountWatchlistAdvancedCaConfigBuilder()
                .with_api_key("api-key")
                .with_client_ref("client-ref")
                .with_monitoring(False)
                .build()
            )
            .build()
        ),
        "config.monitoring",
        False,
    ),
    (
        "fuzziness 0",
        lambda: (
            RequestedWatchlistAdvancedCaCheckBuilder()
            .with_config(
                RequestedYotiAccountWatchlistAdvancedCaConfigBuilder()
                .with_matching_strategy(
                    RequestedFuzzyMatchingStrategyBuilder().with_fuzziness(0).build()
                )
                .build()
            )
            .build()
        ),
        "config.matching_strategy",
        {"type": "FUZZY", "fuzziness": 0.0},
    ),
    (
        "empty type list",
        lambda: (
            RequestedWatchlistAdvancedCaCheckBuilder()
            .with_config(
                RequestedYotiAccountWatchlistAdvancedCaConfigBuilder()
                .with_sources(RequestedTypeListSourcesBuilder().build())
                .build()
            )
            .build()
        ),
        "config.sources",
        {"type": "TYPE_LIST", "types": []},
    ),
]


@pytest.mark.parametrize(
    ("build", "path", "value"),
    [
        pytest.param(build, path, value, id=name)
        for name, build, path, value in WE_SEND_WHAT_GO_DROPS
    ],
)
def test_we_send_what_go_omitempty_drops(build: Build, path: str, value: Any) -> None:
    sent: Any = converter.unstructure(build())
    for key in path.split("."):
        sent = sent[key]

    assert sent == value
