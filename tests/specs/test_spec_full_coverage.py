"""The JSON and the validation of every spec value beyond the core session: the other check
types, identity profiles, import tokens, IBV options and instructions, resources, face capture.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from yoti_idv.conversion import converter
from yoti_idv.errors import SpecValidationError
from yoti_idv.specs import (
    AdvancedIdentityProfilePayload,
    AdvancedIdentityProfilePayloadBuilder,
    AdvancedIdentityProfileRequirementsPayload,
    AdvancedIdentityProfileRequirementsPayloadBuilder,
    AdvancedIdentityProfileSchemeConfigPayloadBuilder,
    AdvancedIdentityProfileSchemePayload,
    AdvancedIdentityProfileSchemePayloadBuilder,
    ContactProfilePayloadBuilder,
    CreateFaceCaptureResourcePayloadBuilder,
    DocumentProposalPayloadBuilder,
    IbvOptions,
    IbvOptionsBuilder,
    IbvSupport,
    IdentityProfileRequirementsPayloadBuilder,
    IdentityProfileSchemePayloadBuilder,
    ImportTokenPayload,
    ImportTokenPayloadBuilder,
    InstructionsPayload,
    InstructionsPayloadBuilder,
    IssuingAuthoritySubCheck,
    IssuingAuthoritySubCheckBuilder,
    LocationPayload,
    LocationPayloadBuilder,
    ManualCheck,
    ManualCheckWithIbv,
    NotificationConfigBuilder,
    OrthogonalRestrictionsFilterBuilder,
    RequestedCustomAccountWatchlistAdvancedCaConfig,
    RequestedCustomAccountWatchlistAdvancedCaConfigBuilder,
    RequestedDocumentAuthenticityCheckBuilder,
    RequestedDocumentSchemeValidityCheckBuilder,
    RequestedExactMatchingStrategy,
    RequestedFaceComparisonCheck,
    RequestedFaceComparisonCheckBuilder,
    RequestedFuzzyMatchingStrategy,
    RequestedFuzzyMatchingStrategyBuilder,
    RequestedIbvVisualReviewCheck,
    RequestedIbvVisualReviewCheckBuilder,
    RequestedProfileDocumentMatchCheckBuilder,
    RequestedSearchProfileSourcesBuilder,
    RequestedTypeListSources,
    RequestedWatchlistAdvancedCaCheck,
    RequestedWatchlistAdvancedCaCheckBuilder,
    RequestedWatchlistScreeningCheck,
    RequestedWatchlistScreeningCheckBuilder,
    RequestedYotiAccountWatchlistAdvancedCaConfigBuilder,
    ResourceCreationContainer,
    ResourceCreationContainerBuilder,
    SelectedIdDocumentPayload,
    SelectedIdDocumentPayloadBuilder,
    SelectedSupplementaryDocumentPayloadBuilder,
    SessionSpecBuilder,
    SubjectPayloadBuilder,
    UkPostOfficeBranchPayloadBuilder,
    UserPrice,
    UserPriceBuilder,
    WatchlistCategory,
)
from yoti_idv.vocabulary.rules import DEFAULT_IMPORT_TOKEN_TTL


def untyped(value: object) -> Any:
    """A wrongly typed value, passed on purpose: mypy would (rightly) refuse it."""
    return value


def json_of(value: Any) -> Any:
    return converter.unstructure(value)


GBR_ONLY = OrthogonalRestrictionsFilterBuilder().with_whitelisted_country_codes(["GBR"]).build()
GBR_ONLY_JSON = {
    "type": "ORTHOGONAL_RESTRICTIONS",
    "country_restriction": {"inclusion": "WHITELIST", "country_codes": ["GBR"]},
}

# --- checks -------------------------------------------------------------------------------


def test_issuing_authority_sub_check_is_sent_with_requested_true_and_the_filter() -> None:
    plain = RequestedDocumentAuthenticityCheckBuilder().with_issuing_authority_sub_check().build()
    filtered = (
        RequestedDocumentAuthenticityCheckBuilder()
        .with_manual_check_fallback()
        .with_issuing_authority_sub_check(GBR_ONLY)
        .build()
    )
    python_style = (
        RequestedDocumentAuthenticityCheckBuilder()
        .with_issuing_authority_sub_check(
            IssuingAuthoritySubCheckBuilder().with_filter(GBR_ONLY).build()
        )
        .build()
    )

    assert json_of(plain) == {
        "type": "ID_DOCUMENT_AUTHENTICITY",
        "config": {"issuing_authority_sub_check": {"requested": True}},
    }
    assert json_of(filtered)["config"] == {
        "manual_check": "FALLBACK",
        "issuing_authority_sub_check": {"requested": True, "filter": GBR_ONLY_JSON},
    }
    assert json_of(python_style) == json_of(filtered) | {
        "config": {"issuing_authority_sub_check": {"requested": True, "filter": GBR_ONLY_JSON}}
    }


def test_a_false_requested_is_sent() -> None:
    assert json_of(IssuingAuthoritySubCheck(requested=False)) == {"requested": False}


def test_face_comparison_takes_every_manual_check() -> None:
    for manual_check in ManualCheck:
        check = RequestedFaceComparisonCheck(manual_check=manual_check)
        assert json_of(check) == {
            "type": "FACE_COMPARISON",
            "config": {"manual_check": manual_check.value},
        }


def test_watchlist_screening_categories_are_de_duplicated_in_order() -> None:
    check = (
        RequestedWatchlistScreeningCheckBuilder()
        .with_sanctions_category()
        .with_adverse_media_category()
        .with_category(WatchlistCategory.SANCTIONS)
        .with_category("PEP")
        .build()
    )

    assert json_of(check) == {
        "type": "WATCHLIST_SCREENING",
        "config": {"categories": ["SANCTIONS", "ADVERSE-MEDIA", "PEP"]},
    }


def test_watchlist_screening_takes_the_python_sdk_calls() -> None:
    check = (
        RequestedWatchlistScreeningCheckBuilder()
        .with_categories(["ADVERSE-MEDIA"])
        .with_manual_check("NEVER")
        .build()
    )

    assert check == RequestedWatchlistScreeningCheck(
        categories=("ADVERSE-MEDIA",), manual_check=ManualCheck.NEVER
    )
    assert json_of(check)["config"] == {"categories": ["ADVERSE-MEDIA"], "manual_check": "NEVER"}


@pytest.mark.parametrize(
    ("builder", "check_type"),
    [
        (RequestedIbvVisualReviewCheckBuilder, "IBV_VISUAL_REVIEW_CHECK"),
        (RequestedProfileDocumentMatchCheckBuilder, "PROFILE_DOCUMENT_MATCH"),
    ],
)
def test_in_branch_checks_take_ibv(builder: Callable[[], Any], check_type: str) -> None:
    assert json_of(builder().with_manual_check_ibv().build()) == {
        "type": check_type,
        "config": {"manual_check": "IBV"},
    }
    assert json_of(builder().with_manual_check_always().build())["config"] == {
        "manual_check": "ALWAYS"
    }


def test_an_in_branch_check_takes_a_manual_check_member_too() -> None:
    check = RequestedIbvVisualReviewCheck(manual_check=untyped(ManualCheck.FALLBACK))

    assert check.manual_check is ManualCheckWithIbv.FALLBACK


def test_document_scheme_validity_sends_the_scheme() -> None:
    check = (
        RequestedDocumentSchemeValidityCheckBuilder()
        .with_manual_check_never()
        .with_scheme("UK_DBS")
        .build()
    )

    assert json_of(check) == {
        "type": "DOCUMENT_SCHEME_VALIDITY_CHECK",
        "config": {"manual_check": "NEVER", "scheme": "UK_DBS"},
    }


# --- WATCHLIST_ADVANCED_CA ----------------------------------------------------------------


def test_a_yoti_account_config_sends_only_what_is_set() -> None:
    bare = (
        RequestedWatchlistAdvancedCaCheckBuilder()
        .with_config(RequestedYotiAccountWatchlistAdvancedCaConfigBuilder().build())
        .build()
    )
    profile = (
        RequestedWatchlistAdvancedCaCheckBuilder()
        .with_config(
            RequestedYotiAccountWatchlistAdvancedCaConfigBuilder()
            .with_sources(RequestedSearchProfileSourcesBuilder().with_search_profile("p-1").build())
            .with_matching_strategy(RequestedFuzzyMatchingStrategyBuilder().build())
            .build()
        )
        .build()
    )

    assert json_of(bare) == {
        "type": "WATCHLIST_ADVANCED_CA",
        "config": {"type": "WITH_YOTI_ACCOUNT"},
    }
    assert json_of(profile)["config"] == {
        "type": "WITH_YOTI_ACCOUNT",
        "sources": {"type": "PROFILE", "search_profile": "p-1"},
        "matching_strategy": {"type": "FUZZY", "fuzziness": 0.5},
    }


def test_exact_matching_sends_exact_match_true() -> None:
    assert json_of(RequestedExactMatchingStrategy()) == {"type": "EXACT", "exact_match": True}


@pytest.mark.parametrize("fuzziness", [0, 0.0, 0.25, 1, 1.0])
def test_fuzziness_from_0_to_1_is_taken_as_a_float(fuzziness: float) -> None:
    strategy = RequestedFuzzyMatchingStrategy(fuzziness=fuzziness)

    assert strategy.fuzziness == float(fuzziness)
    assert isinstance(strategy.fuzziness, float)


@pytest.mark.parametrize(
    "fuzziness", [-0.01, 1.01, float("nan"), float("inf"), True, "0.5", 10**400, None]
)
def test_fuzziness_outside_0_to_1_is_refused(fuzziness: object) -> None:
    with pytest.raises(SpecValidationError) as raised:
        RequestedFuzzyMatchingStrategy(fuzziness=untyped(fuzziness))

    assert raised.value.field == "config.matching_strategy.fuzziness"


def custom_account(**changes: Any) -> RequestedCustomAccountWatchlistAdvancedCaConfig:
    values: dict[str, Any] = {"api_key": "ca-secret-key", "client_ref": "ref-1"} | changes
    return RequestedCustomAccountWatchlistAdvancedCaConfig(**values)


def test_a_custom_account_sends_its_key_tags_and_flags() -> None:
    check = RequestedWatchlistAdvancedCaCheck(
        config=custom_account(monitoring=False, tags={"team": "kyc"}, remove_deceased=True)
    )

    assert json_of(check) == {
        "type": "WATCHLIST_ADVANCED_CA",
        "config": {
            "type": "WITH_CUSTOM_ACCOUNT",
            "remove_deceased": True,
            "api_key": "ca-secret-key",
            "client_ref": "ref-1",
            "monitoring": False,
            "tags": {"team": "kyc"},
        },
    }


def test_the_custom_account_api_key_never_shows() -> None:
    config = custom_account()
    builder = RequestedCustomAccountWatchlistAdvancedCaConfigBuilder().with_api_key("ca-secret-key")
    check = RequestedWatchlistAdvancedCaCheck(config=config)
    spec = SessionSpecBuilder().with_requested_check(check).build()

    for shown in (repr(config), str(config), repr(check), repr(spec), repr(builder)):
        assert "ca-secret-key" not in shown
    assert "api_key='<redacted>'" in repr(config)
    assert config.api_key == "ca-secret-key"


def test_a_hand_written_config_dict_is_not_echoed() -> None:
    with pytest.raises(SpecValidationError) as raised:
        RequestedWatchlistAdvancedCaCheck(
            config=untyped({"type": "WITH_CUSTOM_ACCOUNT", "api_key": "ca-secret-key"})
        )

    assert raised.value.field == "config"
    assert "ca-secret-key" not in str(raised.value)


def test_a_bad_api_key_is_not_echoed() -> None:
    not_a_str = 987_654_321_123
    with pytest.raises(SpecValidationError) as raised:
        custom_account(api_key=not_a_str)

    assert raised.value.field == "config.api_key"
    assert str(not_a_str) not in str(raised.value)


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (
            lambda: RequestedCustomAccountWatchlistAdvancedCaConfigBuilder().build(),
            "config.api_key",
        ),
        (
            lambda: (
                RequestedCustomAccountWatchlistAdvancedCaConfigBuilder().with_api_key("k").build()
            ),
            "config.client_ref",
        ),
        (lambda: custom_account(client_ref=" "), "config.client_ref"),
        (lambda: custom_account(tags={"team": 1}), "config.tags.team"),
        (lambda: custom_account(tags={"": "x"}), "config.tags"),
        (lambda: custom_account(tags="team=kyc"), "config.tags"),
        (lambda: custom_account(monitoring="yes"), "config.monitoring"),
        (lambda: custom_account(sources="pep"), "config.sources"),
        (lambda: custom_account(matching_strategy="EXACT"), "config.matching_strategy"),
        (lambda: RequestedWatchlistAdvancedCaCheckBuilder().build(), "config"),
        (lambda: RequestedWatchlistAdvancedCaCheck(config=untyped({})), "config"),
        (lambda: RequestedTypeListSources(types=untyped(["pep", ""])), "config.sources.types[1]"),
        (lambda: RequestedSearchProfileSourcesBuilder().build(), "config.sources.search_profile"),
    ],
)
def test_watchlist_advanced_ca_errors_name_the_field(build: Callable[[], Any], field: str) -> None:
    with pytest.raises(SpecValidationError) as raised:
        build()

    assert raised.value.field == field


# --- identity profiles, subject, import token ---------------------------------------------


def test_identity_profile_requirements_and_subject() -> None:
    spec = (
        SessionSpecBuilder()
        .with_identity_profile_requirements(
            IdentityProfileRequirementsPayloadBuilder()
            .with_trust_framework("UK_TFIDA")
            .with_scheme(IdentityProfileSchemePayloadBuilder().with_type("RTW").build())
            .build()
        )
        .with_subject(SubjectPayloadBuilder().with_subject_id("user-1").build())
        .with_create_identity_profile_preview(True)
        .build()
    )

    sent = json_of(spec)
    assert sent["identity_profile_requirements"] == {
        "trust_framework": "UK_TFIDA",
        "scheme": {"type": "RTW"},
    }
    assert sent["subject"] == {"subject_id": "user-1"}
    assert sent["create_identity_profile_preview"] is True


def test_an_advanced_scheme_config_sends_its_filter() -> None:
    scheme = (
        AdvancedIdentityProfileSchemePayloadBuilder()
        .with_type("DBS")
        .with_label("LB1")
        .with_config(
            AdvancedIdentityProfileSchemeConfigPayloadBuilder().with_filter(GBR_ONLY).build()
        )
        .build()
    )

    assert json_of(scheme) == {
        "type": "DBS",
        "label": "LB1",
        "config": {"filter": GBR_ONLY_JSON},
    }


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (
            lambda: IdentityProfileRequirementsPayloadBuilder().build(),
            "identity_profile_requirements.trust_framework",
        ),
        (
            lambda: (
                IdentityProfileRequirementsPayloadBuilder().with_trust_framework("UK_TFIDA").build()
            ),
            "identity_profile_requirements.scheme",
        ),
        (
            lambda: IdentityProfileSchemePayloadBuilder().build(),
            "identity_profile_requirements.scheme.type",
        ),
        (
            lambda: (
                IdentityProfileSchemePayloadBuilder().with_type("DBS").with_objective("").build()
            ),
            "identity_profile_requirements.scheme.objective",
        ),
        (
            lambda: AdvancedIdentityProfileRequirementsPayloadBuilder().build(),
            "advanced_identity_profile_requirements.profiles",
        ),
        (
            lambda: AdvancedIdentityProfileRequirementsPayload(profiles=untyped(["UK_TFIDA"])),
            "advanced_identity_profile_requirements.profiles[0]",
        ),
        (
            lambda: (
                AdvancedIdentityProfilePayloadBuilder().with_trust_framework("UK_TFIDA").build()
            ),
            "profile.schemes",
        ),
        (
            lambda: AdvancedIdentityProfilePayload(
                trust_framework="",
                schemes=[AdvancedIdentityProfileSchemePayload(type="DBS", label="LB1")],
            ),
            "profile.trust_framework",
        ),
        (
            lambda: AdvancedIdentityProfileSchemePayloadBuilder().with_type("DBS").build(),
            "scheme.label",
        ),
        (
            lambda: AdvancedIdentityProfileSchemePayload(
                type="DBS", label="LB1", config=untyped(GBR_ONLY)
            ),
            "scheme.config",
        ),
        (lambda: SubjectPayloadBuilder().build(), "subject.subject_id"),
        (lambda: SubjectPayloadBuilder().with_subject_id(" ").build(), "subject.subject_id"),
        (lambda: ImportTokenPayloadBuilder().with_ttl(0).build(), "import_token.ttl"),
        (lambda: ImportTokenPayload(ttl=untyped("30d")), "import_token.ttl"),
        (
            lambda: SessionSpecBuilder().with_subject(untyped({"subject_id": "x"})).build(),
            "subject",
        ),
        (
            lambda: SessionSpecBuilder().with_create_identity_profile_preview(untyped(1)).build(),
            "create_identity_profile_preview",
        ),
        (
            lambda: SessionSpecBuilder().with_ephemeral_media(untyped("true")).build(),
            "ephemeral_media",
        ),
        (
            lambda: SessionSpecBuilder().with_import_token(untyped(2_592_000)).build(),
            "import_token",
        ),
    ],
)
def test_identity_profile_errors_name_the_field(build: Callable[[], Any], field: str) -> None:
    with pytest.raises(SpecValidationError) as raised:
        build()

    assert raised.value.field == field


def test_the_import_token_defaults_to_one_year() -> None:
    assert DEFAULT_IMPORT_TOKEN_TTL == 365 * 24 * 3600
    assert json_of(ImportTokenPayloadBuilder().build()) == {"ttl": 31_536_000}
    assert ImportTokenPayload() == ImportTokenPayloadBuilder().build()
    spec = SessionSpecBuilder().with_import_token(ImportTokenPayload(ttl=3600)).build()
    assert json_of(spec)["import_token"] == {"ttl": 3600}


# --- IBV options, resources, notifications ------------------------------------------------


def test_ibv_options_with_a_user_price() -> None:
    options = (
        IbvOptionsBuilder()
        .with_ibv_mandatory()
        .with_guidance_url("https://example.com/ibv-guidance")
        .with_user_price(UserPriceBuilder().with_amount("4.99").with_gbp_currency().build())
        .build()
    )

    assert json_of(SessionSpecBuilder().with_ibv_options(options).build())["ibv_options"] == {
        "support": "MANDATORY",
        "guidance_url": "https://example.com/ibv-guidance",
        "user_price": {"amount": "4.99", "currency": "GBP"},
    }
    assert json_of(IbvOptionsBuilder().with_ibv_not_allowed().build()) == {"support": "NOT_ALLOWED"}
    assert IbvOptions(support="MANDATORY").support is IbvSupport.MANDATORY


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: IbvOptionsBuilder().build(), "ibv_options.support"),
        (lambda: IbvOptions(support=untyped("OPTIONAL")), "ibv_options.support"),
        (
            lambda: IbvOptions(support="MANDATORY", guidance_url="/guidance"),
            "ibv_options.guidance_url",
        ),
        (lambda: UserPrice(amount="4,99", currency="GBP"), "ibv_options.user_price.amount"),
        (lambda: UserPrice(amount=untyped(4.99), currency="GBP"), "ibv_options.user_price.amount"),
        (lambda: UserPrice(amount="4.99", currency="gbp"), "ibv_options.user_price.currency"),
        (lambda: UserPriceBuilder().with_amount("1").build(), "ibv_options.user_price.currency"),
        (lambda: UserPriceBuilder().build(), "ibv_options.user_price.amount"),
    ],
)
def test_ibv_option_errors_name_the_field(build: Callable[[], Any], field: str) -> None:
    with pytest.raises(SpecValidationError) as raised:
        build()

    assert raised.value.field == field


def test_an_applicant_profile_is_a_frozen_copy_of_a_json_object() -> None:
    profile: dict[str, Any] = {
        "full_name": "Jane Doe",
        "date_of_birth": "1990-01-01",
        "structured_postal_address": {"building_number": "1", "lines": ["a", "b"]},
    }
    resources = ResourceCreationContainerBuilder().with_applicant_profile(profile).build()
    profile["full_name"] = "changed later"

    assert json_of(SessionSpecBuilder().with_resources(resources).build())["resources"] == {
        "applicant_profile": {
            "full_name": "Jane Doe",
            "date_of_birth": "1990-01-01",
            "structured_postal_address": {"building_number": "1", "lines": ["a", "b"]},
        }
    }
    assert resources.applicant_profile is not None
    assert hash(resources) == hash(
        ResourceCreationContainer(applicant_profile=resources.applicant_profile)
    )
    with pytest.raises(TypeError):
        resources.applicant_profile["full_name"] = "x"  # type: ignore[index]


@pytest.mark.parametrize(
    ("profile", "field"),
    [
        (["not", "an", "object"], "resources.applicant_profile"),
        ({"age": float("nan")}, "resources.applicant_profile.age"),
        ({"tags": {1, 2}}, "resources.applicant_profile.tags"),
        ({"when": b"bytes"}, "resources.applicant_profile.when"),
        ({1: "int key"}, "resources.applicant_profile"),
        ({"big": 2**64}, "resources.applicant_profile.big"),
        ({"list": [1, object()]}, "resources.applicant_profile.list[1]"),
    ],
)
def test_an_applicant_profile_must_be_json(profile: object, field: str) -> None:
    with pytest.raises(SpecValidationError) as raised:
        ResourceCreationContainer(applicant_profile=untyped(profile))

    assert raised.value.field == field


def test_a_self_containing_profile_is_refused_not_a_recursion_error() -> None:
    profile: dict[str, Any] = {}
    profile["self"] = profile

    with pytest.raises(SpecValidationError):
        ResourceCreationContainer(applicant_profile=profile)


def test_every_notification_topic_has_a_builder_method() -> None:
    config = (
        NotificationConfigBuilder()
        .with_endpoint("https://example.com/yoti")
        .for_resource_update()
        .for_task_completion()
        .for_check_completion()
        .for_session_completion()
        .for_client_session_completion()
        .for_new_pdf_supplied()
        .for_instructions_email_requested()
        .for_thank_you_email_requested()
        .for_first_branch_visit()
        .build()
    )

    assert json_of(config)["topics"] == [
        "RESOURCE_UPDATE",
        "TASK_COMPLETION",
        "CHECK_COMPLETION",
        "SESSION_COMPLETION",
        "CLIENT_SESSION_TOKEN_DELETED",
        "NEW_PDF_SUPPLIED",
        "INSTRUCTIONS_EMAIL_REQUESTED",
        "THANK_YOU_EMAIL_REQUESTED",
        "FIRST_BRANCH_VISIT",
    ]


# --- other request bodies -----------------------------------------------------------------


def test_the_face_capture_payload() -> None:
    payload = CreateFaceCaptureResourcePayloadBuilder().with_requirement_id("req-1").build()

    assert json_of(payload) == {"requirement_id": "req-1"}
    with pytest.raises(SpecValidationError) as raised:
        CreateFaceCaptureResourcePayloadBuilder().build()
    assert raised.value.field == "requirement_id"


def test_ibv_instructions_as_java_sends_them() -> None:
    instructions = (
        InstructionsPayloadBuilder()
        .with_contact_profile(
            ContactProfilePayloadBuilder()
            .with_first_name("Jane")
            .with_last_name("Doe")
            .with_email("jane@example.com")
            .build()
        )
        .with_document_proposal(
            DocumentProposalPayloadBuilder()
            .with_requirement_id("req-id")
            .with_selected_document(
                SelectedIdDocumentPayloadBuilder()
                .with_country_code("GBR")
                .with_document_type("PASSPORT")
                .build()
            )
            .build()
        )
        .with_document_proposal(
            DocumentProposalPayloadBuilder()
            .with_requirement_id("req-sup")
            .with_selected_document(
                SelectedSupplementaryDocumentPayloadBuilder()
                .with_country_code("GBR")
                .with_document_type("UTILITY_BILL")
                .build()
            )
            .build()
        )
        .with_branch(
            UkPostOfficeBranchPayloadBuilder()
            .with_fad_code("1234567")
            .with_name("Post Office")
            .with_post_code("SW1A 1AA")
            .with_location(
                LocationPayloadBuilder().with_latitude(51.5).with_longitude(-0.14).build()
            )
            .build()
        )
        .build()
    )

    assert json_of(instructions) == {
        "contact_profile": {
            "first_name": "Jane",
            "last_name": "Doe",
            "email": "jane@example.com",
        },
        "documents": [
            {
                "requirement_id": "req-id",
                "document": {
                    "type": "ID_DOCUMENT",
                    "country_code": "GBR",
                    "document_type": "PASSPORT",
                },
            },
            {
                "requirement_id": "req-sup",
                # Java sends "ID_DOCUMENT" here by a copy-paste slip; we send the right type.
                "document": {
                    "type": "SUPPLEMENTARY_DOCUMENT",
                    "country_code": "GBR",
                    "document_type": "UTILITY_BILL",
                },
            },
        ],
        "branch": {
            "type": "UK_POST_OFFICE",
            "fad_code": "1234567",
            "name": "Post Office",
            "post_code": "SW1A 1AA",
            "location": {"latitude": 51.5, "longitude": -0.14},
        },
    }


def test_instructions_always_send_documents() -> None:
    assert json_of(InstructionsPayloadBuilder().build()) == {"documents": []}


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: ContactProfilePayloadBuilder().build(), "contact_profile.first_name"),
        (
            lambda: (
                ContactProfilePayloadBuilder()
                .with_first_name("J")
                .with_last_name("D")
                .with_email("not-an-email")
                .build()
            ),
            "contact_profile.email",
        ),
        (
            lambda: SelectedIdDocumentPayload(country_code="UK", document_type="PASSPORT"),
            "document.country_code",
        ),
        (
            lambda: SelectedIdDocumentPayloadBuilder().with_country_code("GBR").build(),
            "document.document_type",
        ),
        (lambda: DocumentProposalPayloadBuilder().build(), "requirement_id"),
        (
            lambda: DocumentProposalPayloadBuilder().with_requirement_id("r").build(),
            "document",
        ),
        (lambda: LocationPayload(latitude=91, longitude=0), "branch.location.latitude"),
        (lambda: LocationPayload(latitude=0, longitude=-180.5), "branch.location.longitude"),
        (lambda: LocationPayloadBuilder().with_latitude(1).build(), "branch.location.longitude"),
        (lambda: InstructionsPayload(documents=untyped(["req-id"])), "documents[0]"),
        (lambda: InstructionsPayload(branch=untyped({"type": "UK_POST_OFFICE"})), "branch"),
    ],
)
def test_instruction_errors_name_the_field(build: Callable[[], Any], field: str) -> None:
    with pytest.raises(SpecValidationError) as raised:
        build()

    assert raised.value.field == field


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: RequestedFaceComparisonCheckBuilder().build(), "config.manual_check"),
        (lambda: RequestedIbvVisualReviewCheckBuilder().build(), "config.manual_check"),
        (
            lambda: RequestedIbvVisualReviewCheck(manual_check=untyped("SOMETIMES")),
            "config.manual_check",
        ),
        (
            lambda: RequestedFaceComparisonCheck(manual_check=untyped("IBV")),
            "config.manual_check",
        ),
        (
            lambda: RequestedDocumentSchemeValidityCheckBuilder().with_manual_check_ibv().build(),
            "config.scheme",
        ),
        (
            lambda: RequestedDocumentSchemeValidityCheckBuilder().with_scheme("S").build(),
            "config.manual_check",
        ),
        (lambda: RequestedWatchlistScreeningCheckBuilder().build(), "config.categories"),
        (
            lambda: RequestedWatchlistScreeningCheckBuilder().with_category(" ").build(),
            "config.categories[0]",
        ),
        (
            lambda: RequestedWatchlistScreeningCheckBuilder().with_categories("SANCTIONS").build(),
            "config.categories",
        ),
        (
            lambda: (
                RequestedWatchlistScreeningCheckBuilder()
                .with_sanctions_category()
                .with_manual_check("IBV")
                .build()
            ),
            "config.manual_check",
        ),
        (
            lambda: (
                RequestedDocumentAuthenticityCheckBuilder()
                .with_issuing_authority_sub_check(untyped("GBR"))
                .build()
            ),
            "config.issuing_authority_sub_check",
        ),
        (
            lambda: IssuingAuthoritySubCheck(filter=untyped("GBR")),
            "config.issuing_authority_sub_check.filter",
        ),
    ],
)
def test_check_errors_name_the_field(build: Callable[[], Any], field: str) -> None:
    with pytest.raises(SpecValidationError) as raised:
        build()

    assert raised.value.field == field
