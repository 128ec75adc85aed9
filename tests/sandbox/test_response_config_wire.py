"""The sandbox response config's JSON beyond Go's examples, its validation, and its exports."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import attrs
import pytest

import yoti_idv.sandbox as sandbox
from yoti_idv.conversion import converter
from yoti_idv.errors import SpecValidationError
from yoti_idv.sandbox import (
    SandboxBreakdownBuilder,
    SandboxCheckReports,
    SandboxCheckReportsBuilder,
    SandboxDetail,
    SandboxDocumentFilter,
    SandboxDocumentFilterBuilder,
    SandboxDocumentIdPhoto,
    SandboxDocumentTextDataExtractionTask,
    SandboxDocumentTextDataExtractionTaskBuilder,
    SandboxFaceComparisonCheckBuilder,
    SandboxLivenessCheck,
    SandboxLivenessCheckBuilder,
    SandboxRecommendationBuilder,
    SandboxResponseConfig,
    SandboxResponseConfigBuilder,
    SandboxStaticLivenessCheckBuilder,
    SandboxSupplementaryDocumentTextDataExtractionTaskBuilder,
    SandboxSynecticsIdentityFraudCheckBuilder,
    SandboxTaskResults,
    SandboxTextDataExtractionReason,
    SandboxTextDataExtractionReasonBuilder,
    SandboxTextDataExtractionRecommendation,
    SandboxTextDataExtractionRecommendationBuilder,
    SandboxThirdPartyIdentityCheckBuilder,
    SandboxThirdPartyIdentityFraudOneCheckBuilder,
    SandboxWatchlistAdvancedCaCheckBuilder,
    SandboxWatchlistScreeningCheckBuilder,
    SandboxZoomLivenessCheckBuilder,
    TextExtractionReasonValue,
    TextExtractionRecommendationValue,
)
from yoti_idv.specs import LivenessType, SpecValue

APPROVE = SandboxRecommendationBuilder().with_value("APPROVE").build()
APPROVE_REPORT = {"report": {"recommendation": {"value": "APPROVE"}}}
SIX_EMPTY_CHECK_LISTS: dict[str, Any] = {
    "ID_DOCUMENT_AUTHENTICITY": [],
    "ID_DOCUMENT_TEXT_DATA_CHECK": [],
    "ID_DOCUMENT_FACE_MATCH": [],
    "LIVENESS": [],
    "ID_DOCUMENT_COMPARISON": [],
    "SUPPLEMENTARY_DOCUMENT_TEXT_DATA_CHECK": [],
}


def untyped(value: object) -> Any:
    """A wrongly typed value, passed on purpose: mypy would (rightly) refuse it."""
    return value


def json_of(value: Any) -> Any:
    return converter.unstructure(value)


# --- liveness -----------------------------------------------------------------------------


def test_static_liveness_with_a_response_delay() -> None:
    check = (
        SandboxStaticLivenessCheckBuilder()
        .with_recommendation(APPROVE)
        .with_response_delay(0)
        .build()
    )

    assert json_of(check) == {
        "result": APPROVE_REPORT,
        "liveness_type": "STATIC",
        "response_delay": 0,
    }


def test_the_generic_liveness_builder_and_the_preset_ones_agree() -> None:
    assert (
        SandboxLivenessCheckBuilder().for_static_liveness().build()
        == SandboxStaticLivenessCheckBuilder().build()
    )
    assert (
        SandboxLivenessCheckBuilder().with_liveness_type("ZOOM").build()
        == SandboxZoomLivenessCheckBuilder().build()
    )
    assert SandboxLivenessCheck(liveness_type="STATIC").liveness_type is LivenessType.STATIC
    assert json_of(SandboxLivenessCheck(liveness_type="ZOOM")) == {
        "result": {"report": {}},
        "liveness_type": "ZOOM",
    }


# --- check reports: what only Java sends, and what Go drops -------------------------------


def test_the_java_only_check_types_are_sent_only_when_set() -> None:
    reports = (
        SandboxCheckReportsBuilder()
        .with_face_comparison_check(
            SandboxFaceComparisonCheckBuilder().with_recommendation(APPROVE).build()
        )
        .with_third_party_identity_fraud_one_check(
            SandboxThirdPartyIdentityFraudOneCheckBuilder().build()
        )
        .with_watchlist_screening_check(SandboxWatchlistScreeningCheckBuilder().build())
        .with_synectics_identity_fraud_check(SandboxSynecticsIdentityFraudCheckBuilder().build())
        .with_watchlist_advanced_ca_check(
            SandboxWatchlistAdvancedCaCheckBuilder().with_type_list_filter(["pep"]).build()
        )
        .with_watchlist_advanced_ca_check(
            SandboxWatchlistAdvancedCaCheckBuilder().with_profile_filter("profile-1").build()
        )
        .build()
    )

    assert json_of(SandboxCheckReportsBuilder().build()) == SIX_EMPTY_CHECK_LISTS
    assert json_of(reports) == {
        **SIX_EMPTY_CHECK_LISTS,
        "FACE_COMPARISON": {"result": APPROVE_REPORT},
        "THIRD_PARTY_IDENTITY_FRAUD_1": {"result": {"report": {}}},
        "WATCHLIST_SCREENING": {"result": {"report": {}}},
        "SYNECTICS_IDENTITY_FRAUD": [{"result": {"report": {}}}],
        "WATCHLIST_ADVANCED_CA": [
            {"result": {"report": {}}, "sources_filter": {"type": "TYPE_LIST", "types": ["pep"]}},
            {
                "result": {"report": {}},
                "sources_filter": {"type": "PROFILE", "search_profile": "profile-1"},
            },
        ],
    }


def test_an_async_report_delay_of_0_is_sent() -> None:
    # Go's omitempty drops a 0; Python sends null when unset. A 0 the caller set is sent,
    # an unset delay is left out.
    assert json_of(SandboxCheckReportsBuilder().with_async_report_delay(0).build()) == {
        **SIX_EMPTY_CHECK_LISTS,
        "async_report_delay": 0,
    }
    assert "async_report_delay" not in json_of(SandboxCheckReports())


def test_a_report_template_alone_replaces_the_report() -> None:
    template_only = SandboxThirdPartyIdentityCheckBuilder().with_report_template("PASS").build()
    template_and_report = (
        SandboxThirdPartyIdentityCheckBuilder()
        .with_report_template("PASS")
        .with_recommendation(APPROVE)
        .build()
    )

    assert json_of(template_only) == {"result": {"report_template": "PASS"}}
    assert json_of(template_and_report) == {
        "result": {"report": {"recommendation": {"value": "APPROVE"}}, "report_template": "PASS"}
    }


def test_a_breakdown_takes_details_in_the_java_and_the_python_style() -> None:
    java_style = (
        SandboxBreakdownBuilder()
        .with_sub_check("document_in_date")
        .with_result("PASS")
        .with_detail("expiry", "2030-01-01")
        .build()
    )
    python_style = (
        SandboxBreakdownBuilder()
        .with_sub_check("document_in_date")
        .with_result("PASS")
        .with_detail(SandboxDetail(name="expiry", value="2030-01-01"))
        .build()
    )

    assert java_style == python_style
    assert json_of(java_style) == {
        "sub_check": "document_in_date",
        "result": "PASS",
        "details": [{"name": "expiry", "value": "2030-01-01"}],
    }


def test_breakdowns_can_be_replaced_at_once() -> None:
    first = SandboxBreakdownBuilder().with_sub_check("a").with_result("PASS").build()
    second = SandboxBreakdownBuilder().with_sub_check("b").with_result("FAIL").build()
    check = (
        SandboxThirdPartyIdentityCheckBuilder()
        .with_breakdown(first)
        .with_breakdowns([second])
        .build()
    )

    assert [b["sub_check"] for b in json_of(check)["result"]["report"]["breakdown"]] == ["b"]


# --- tasks --------------------------------------------------------------------------------


def test_a_text_extraction_task_with_everything() -> None:
    task = (
        SandboxDocumentTextDataExtractionTaskBuilder()
        .with_document_fields({"full_name": "Jane Doe", "nationality": "GBR"})
        .with_document_id_photo("image/png", b"\x89PNG")
        .with_detected_country("GBR")
        .with_detected_document_type("PASSPORT")
        .with_recommendation(
            SandboxTextDataExtractionRecommendationBuilder()
            .for_must_try_again()
            .with_reason(SandboxTextDataExtractionReasonBuilder().for_user_error().build())
            .build()
        )
        .with_document_filter(SandboxDocumentFilterBuilder().with_document_type("PASSPORT").build())
        .with_response_delay(2)
        .with_result_template("SUCCESS")
        .build()
    )

    assert json_of(task) == {
        "result": {
            "document_fields": {"full_name": "Jane Doe", "nationality": "GBR"},
            "document_id_photo": {"content_type": "image/png", "data": "iVBORw=="},
            "detected_country": "GBR",
            "detected_document_type": "PASSPORT",
            "recommendation": {"value": "MUST_TRY_AGAIN", "reason": {"value": "USER_ERROR"}},
        },
        "document_filter": {"document_types": ["PASSPORT"], "country_codes": []},
        "response_delay": 2,
        "result_template": "SUCCESS",
    }


def test_the_photo_bytes_never_fill_a_repr() -> None:
    photo = SandboxDocumentIdPhoto(content_type="image/jpeg", data=bytearray(b"\xff" * 5000))

    assert isinstance(photo.data, bytes)
    assert "<5000 bytes>" in repr(photo)
    assert len(repr(photo)) < 200


def test_enum_values_are_taken_as_strings_too() -> None:
    recommendation = SandboxTextDataExtractionRecommendation(
        value="SHOULD_TRY_AGAIN", reason=SandboxTextDataExtractionReason(value="QUALITY")
    )

    assert recommendation.value is TextExtractionRecommendationValue.SHOULD_TRY_AGAIN
    assert recommendation.reason is not None
    assert recommendation.reason.value is TextExtractionReasonValue.QUALITY


def test_a_response_config_with_only_task_results_still_sends_check_reports() -> None:
    config = (
        SandboxResponseConfigBuilder()
        .with_task_results(
            SandboxTaskResults(
                text_extraction_tasks=[SandboxDocumentTextDataExtractionTask()],
            )
        )
        .build()
    )

    assert json_of(config) == {
        "task_results": {
            "ID_DOCUMENT_TEXT_DATA_EXTRACTION": [{"result": {}}],
            "SUPPLEMENTARY_DOCUMENT_TEXT_DATA_EXTRACTION": [],
        },
        "check_reports": SIX_EMPTY_CHECK_LISTS,
    }
    assert config == SandboxResponseConfig(task_results=config.task_results)


# --- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: SandboxRecommendationBuilder().build(), "recommendation.value"),
        (lambda: SandboxRecommendationBuilder().with_value(" ").build(), "recommendation.value"),
        (
            lambda: SandboxRecommendationBuilder().with_value("REJECT").with_reason("").build(),
            "recommendation.reason",
        ),
        (lambda: SandboxBreakdownBuilder().with_result("PASS").build(), "breakdown.sub_check"),
        (lambda: SandboxBreakdownBuilder().with_sub_check("x").build(), "breakdown.result"),
        (lambda: SandboxBreakdownBuilder().with_detail("name", None), "breakdown.details.value"),
        (lambda: SandboxBreakdownBuilder().with_detail(" ", "v"), "breakdown.details.name"),
        (lambda: SandboxDetail(name="n", value=untyped(1)), "breakdown.details.value"),
        (lambda: SandboxLivenessCheckBuilder().build(), "liveness_type"),
        (lambda: SandboxLivenessCheck(liveness_type=untyped("BLINK")), "liveness_type"),
        (
            lambda: SandboxZoomLivenessCheckBuilder().with_response_delay(-1).build(),
            "response_delay",
        ),
        (
            lambda: SandboxCheckReportsBuilder().with_async_report_delay(untyped(1.5)).build(),
            "check_reports.async_report_delay",
        ),
        (
            lambda: (
                SandboxCheckReportsBuilder()
                .with_liveness_check(untyped(SandboxThirdPartyIdentityCheckBuilder().build()))
                .build()
            ),
            "check_reports.LIVENESS[0]",
        ),
        (
            lambda: (
                SandboxCheckReportsBuilder()
                .with_liveness_check(untyped(SandboxStaticLivenessCheckBuilder()))
                .build()
            ),
            "check_reports.LIVENESS[0]",
        ),
        (
            lambda: (
                SandboxCheckReportsBuilder()
                .with_third_party_identity_check(
                    untyped(SandboxFaceComparisonCheckBuilder().build())
                )
                .build()
            ),
            "check_reports.THIRD_PARTY_IDENTITY",
        ),
        (
            lambda: SandboxDocumentFilter(country_codes=untyped("GBR")),
            "document_filter.country_codes",
        ),
        (
            lambda: SandboxDocumentFilterBuilder().with_document_type("").build(),
            "document_filter.document_types[0]",
        ),
        (
            lambda: (
                SandboxDocumentTextDataExtractionTaskBuilder()
                .with_document_field(untyped(1), "x")
                .build()
            ),
            "result.document_fields",
        ),
        (
            lambda: (
                SandboxDocumentTextDataExtractionTaskBuilder()
                .with_document_field("when", {1, 2})
                .build()
            ),
            "result.document_fields.when",
        ),
        (
            lambda: (
                SandboxDocumentTextDataExtractionTaskBuilder()
                .with_document_id_photo("image/jpeg", untyped("not bytes"))
                .build()
            ),
            "result.document_id_photo.data",
        ),
        (
            lambda: (
                SandboxSupplementaryDocumentTextDataExtractionTaskBuilder()
                .with_response_delay(untyped(True))
                .build()
            ),
            "response_delay",
        ),
        (
            lambda: SandboxTextDataExtractionRecommendationBuilder().build(),
            "result.recommendation.value",
        ),
        (
            lambda: SandboxTextDataExtractionReasonBuilder().with_detail("x").build(),
            "result.recommendation.reason.value",
        ),
        (
            lambda: SandboxTextDataExtractionRecommendation(value=untyped("GO")),
            "result.recommendation.value",
        ),
        (
            lambda: SandboxWatchlistAdvancedCaCheckBuilder().with_profile_filter(" ").build(),
            "sources_filter.search_profile",
        ),
        (
            lambda: SandboxWatchlistAdvancedCaCheckBuilder().with_type_list_filter("pep").build(),
            "sources_filter.types",
        ),
        (
            lambda: SandboxResponseConfig(check_reports=untyped({})),
            "check_reports",
        ),
        (
            lambda: (
                SandboxResponseConfigBuilder()
                .with_task_results(untyped(SandboxTaskResults))
                .build()
            ),
            "task_results",
        ),
        (
            lambda: SandboxTaskResults(text_extraction_tasks=untyped([{"result": {}}])),
            "task_results.ID_DOCUMENT_TEXT_DATA_EXTRACTION[0]",
        ),
    ],
)
def test_errors_name_the_field(build: Callable[[], Any], field: str) -> None:
    with pytest.raises(SpecValidationError) as raised:
        build()

    assert raised.value.field == field


# --- exports ------------------------------------------------------------------------------


def test_every_sandbox_value_is_a_frozen_documented_spec_value() -> None:
    values = [
        getattr(sandbox, name)
        for name in sandbox.__all__
        if inspect.isclass(getattr(sandbox, name)) and issubclass(getattr(sandbox, name), SpecValue)
    ]

    assert len(values) >= 30
    for value in values:
        assert attrs.has(value), value
        assert value.__setattr__ is not object.__setattr__, value
        assert value.__doc__, value


def test_every_builder_method_returns_the_builder() -> None:
    builders = [getattr(sandbox, name) for name in sandbox.__all__ if name.endswith("Builder")]

    assert len(builders) >= 24
    for builder_class in builders:
        for name, function in inspect.getmembers(builder_class, inspect.isfunction):
            if name.startswith(("with_", "for_")):
                assert inspect.signature(function).return_annotation in ("Self", "typing.Self"), (
                    builder_class,
                    name,
                )
