"""Our sandbox builders against the exact JSON that Yoti's Go SDK sandbox builders produce.

``tests/fixtures/sandbox_request_serialization_examples.go-tests.json`` holds the output of
every ``Example*`` function of the Go SDK's ``docscan/sandbox/request`` packages. Each entry
is classified below, by its ``function`` name, as one of:

* `Same`: our builders give exactly Go's JSON.
* `WeReject`: Go's example uses a placeholder we refuse on purpose (``"some_country"`` is no
  ISO 3166-1 alpha-3 code, ``"some-content-type"`` no media type); the test checks the
  `SpecValidationError` and then our JSON for a valid version of the same example.

Every entry is reproduced; none is skipped, and a fixture entry that is in no table fails.
Where Go's ``omitempty`` would drop a 0 that we send (``async_report_delay``), and for the
keys only Yoti's Java sandbox sends, see ``test_response_config_wire.py``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from yoti_idv.conversion import converter
from yoti_idv.errors import SpecValidationError
from yoti_idv.sandbox import (
    SandboxBreakdown,
    SandboxBreakdownBuilder,
    SandboxCheckReportsBuilder,
    SandboxDocumentAuthenticityCheckBuilder,
    SandboxDocumentFaceMatchCheckBuilder,
    SandboxDocumentFilter,
    SandboxDocumentFilterBuilder,
    SandboxDocumentTextDataCheckBuilder,
    SandboxDocumentTextDataExtractionTaskBuilder,
    SandboxIdDocumentComparisonCheckBuilder,
    SandboxRecommendation,
    SandboxRecommendationBuilder,
    SandboxResponseConfigBuilder,
    SandboxStaticLivenessCheckBuilder,
    SandboxSupplementaryDocumentTextDataCheckBuilder,
    SandboxSupplementaryDocumentTextDataExtractionTaskBuilder,
    SandboxTaskResultsBuilder,
    SandboxTextDataExtractionReasonBuilder,
    SandboxTextDataExtractionRecommendationBuilder,
    SandboxThirdPartyIdentityCheckBuilder,
    SandboxZoomLivenessCheckBuilder,
)
from yoti_idv.specs import SpecValue

FIXTURE = (
    Path(__file__).resolve().parent.parent
    / "fixtures"
    / "sandbox_request_serialization_examples.go-tests.json"
)
GO_EXAMPLES: dict[str, Any] = {
    entry["function"]: entry["json"] for entry in json.loads(FIXTURE.read_text("utf-8"))
}

Build = Callable[[], SpecValue]


@dataclass(frozen=True)
class Same:
    build: Build


@dataclass(frozen=True)
class WeReject:
    go_like: list[tuple[Build, str]]
    """Go's example (or the part of it we refuse) and the field our error names."""
    why: str
    valid: Build
    valid_json: dict[str, Any]


# --- the pieces Go's examples share -------------------------------------------------------


def breakdown(sub_check: str = "some_check") -> SandboxBreakdown:
    return SandboxBreakdownBuilder().with_result("some_result").with_sub_check(sub_check).build()


def recommendation() -> SandboxRecommendation:
    return SandboxRecommendationBuilder().with_value("some_value").build()


def empty_filter() -> SandboxDocumentFilter:
    return SandboxDocumentFilterBuilder().build()


REPORT = {
    "recommendation": {"value": "some_value"},
    "breakdown": [{"sub_check": "some_check", "result": "some_result", "details": []}],
}
EMPTY_FILTER: dict[str, Any] = {"document_types": [], "country_codes": []}
DOCUMENT_FIELDS = {
    "some-key": "some-value",
    "some-other-key": {"some-nested-key": "some-nested-value"},
}
SIX_EMPTY_CHECK_LISTS: dict[str, Any] = {
    "ID_DOCUMENT_AUTHENTICITY": [],
    "ID_DOCUMENT_TEXT_DATA_CHECK": [],
    "ID_DOCUMENT_FACE_MATCH": [],
    "LIVENESS": [],
    "ID_DOCUMENT_COMPARISON": [],
    "SUPPLEMENTARY_DOCUMENT_TEXT_DATA_CHECK": [],
}
NOT_A_COUNTRY_WHY = (
    "'some_country' is no ISO 3166-1 alpha-3 code: a filter with it would never match a "
    "document, so we refuse it as the session spec's country filters do"
)
NOT_A_DETECTED_COUNTRY_WHY = (
    "'some-country' is no ISO 3166-1 alpha-3 code, which is what Yoti reports as the "
    "detected country"
)


def text_data_check(builder: Any) -> SpecValue:
    built: SpecValue = (
        builder.with_breakdown(breakdown())
        .with_recommendation(recommendation())
        .with_document_filter(empty_filter())
        .with_document_field("some-key", "some-value")
        .with_document_field("some-other-key", {"some-nested-key": "some-nested-value"})
        .build()
    )
    return built


def go_check_reports() -> SpecValue:
    return (
        SandboxCheckReportsBuilder()
        .with_document_authenticity_check(
            SandboxDocumentAuthenticityCheckBuilder()
            .with_breakdown(breakdown())
            .with_recommendation(recommendation())
            .build()
        )
        .with_document_face_match_check(
            SandboxDocumentFaceMatchCheckBuilder()
            .with_breakdown(breakdown())
            .with_recommendation(recommendation())
            .build()
        )
        .with_document_text_data_check(
            SandboxDocumentTextDataCheckBuilder()
            .with_breakdown(breakdown())
            .with_recommendation(recommendation())
            .build()
        )
        .with_liveness_check(SandboxZoomLivenessCheckBuilder().build())
        .with_id_document_comparison_check(
            SandboxIdDocumentComparisonCheckBuilder()
            .with_secondary_document_filter(empty_filter())
            .build()
        )
        .with_supplementary_document_text_data_check(
            SandboxSupplementaryDocumentTextDataCheckBuilder()
            .with_breakdown(breakdown())
            .with_recommendation(recommendation())
            .build()
        )
        .with_third_party_identity_check(
            SandboxThirdPartyIdentityCheckBuilder()
            .with_breakdown(breakdown())
            .with_recommendation(recommendation())
            .build()
        )
        .with_async_report_delay(10)
        .build()
    )


def filter_like_go(country_codes: list[str], document_types: list[str]) -> Build:
    def build() -> SpecValue:
        builder = SandboxDocumentFilterBuilder()
        for code in country_codes:
            builder.with_country_code(code)
        for document_type in document_types:
            builder.with_document_type(document_type)
        return builder.build()

    return build


CASES: dict[str, Same | WeReject] = {
    # --- checks ---
    "ExampleDocumentAuthenticityCheckBuilder": Same(
        lambda: (
            SandboxDocumentAuthenticityCheckBuilder()
            .with_breakdown(breakdown())
            .with_recommendation(recommendation())
            .with_document_filter(empty_filter())
            .build()
        )
    ),
    "ExampleDocumentFaceMatchCheckBuilder": Same(
        lambda: (
            SandboxDocumentFaceMatchCheckBuilder()
            .with_breakdown(breakdown())
            .with_recommendation(recommendation())
            .with_document_filter(empty_filter())
            .build()
        )
    ),
    "ExampleDocumentTextDataCheckBuilder": Same(
        lambda: text_data_check(SandboxDocumentTextDataCheckBuilder())
    ),
    "ExampleDocumentTextDataCheckBuilder_WithDocumentFields": Same(
        lambda: SandboxDocumentTextDataCheckBuilder().with_document_fields(DOCUMENT_FIELDS).build()
    ),
    "ExampleDocumentTextDataCheckBuilder_minimal": Same(
        lambda: SandboxDocumentTextDataCheckBuilder().build()
    ),
    "ExampleIDDocumentComparisonCheckBuilder": Same(
        lambda: (
            SandboxIdDocumentComparisonCheckBuilder()
            .with_breakdown(
                SandboxBreakdownBuilder()
                .with_result("some_result")
                .with_sub_check("some_check")
                .with_detail("some_name", "some_value")
                .build()
            )
            .with_recommendation(recommendation())
            .with_secondary_document_filter(
                SandboxDocumentFilterBuilder().with_country_code("AUS").build()
            )
            .build()
        )
    ),
    "ExampleIDDocumentComparisonCheckBuilder_minimal": Same(
        lambda: SandboxIdDocumentComparisonCheckBuilder().build()
    ),
    "ExampleBreakdownBuilder": Same(
        lambda: (
            SandboxBreakdownBuilder()
            .with_sub_check("some_sub_check")
            .with_result("some_result")
            .with_detail("some_name", "some_value")
            .build()
        )
    ),
    "ExampleBreakdownBuilder_minimal": Same(lambda: breakdown("some_sub_check")),
    "ExampleRecommendationBuilder": Same(
        lambda: (
            SandboxRecommendationBuilder()
            .with_value("some_value")
            .with_reason("some_reason")
            .with_recovery_suggestion("some_suggestion")
            .build()
        )
    ),
    "ExampleRecommendationBuilder_minimal": Same(recommendation),
    "ExampleStaticLivenessCheckBuilder": Same(
        lambda: (
            SandboxStaticLivenessCheckBuilder()
            .with_breakdown(breakdown())
            .with_recommendation(recommendation())
            .build()
        )
    ),
    "ExampleSupplementaryDocumentTextDataCheckBuilder": Same(
        lambda: text_data_check(SandboxSupplementaryDocumentTextDataCheckBuilder())
    ),
    "ExampleSupplementaryDocumentTextDataCheckBuilder_WithDocumentFields": Same(
        lambda: (
            SandboxSupplementaryDocumentTextDataCheckBuilder()
            .with_document_fields(DOCUMENT_FIELDS)
            .build()
        )
    ),
    "ExampleSupplementaryDocumentTextDataCheckBuilder_minimal": Same(
        lambda: SandboxSupplementaryDocumentTextDataCheckBuilder().build()
    ),
    "ExampleThirdPartyIdentityCheckBuilder": Same(
        lambda: (
            SandboxThirdPartyIdentityCheckBuilder()
            .with_breakdown(breakdown())
            .with_recommendation(recommendation())
            .build()
        )
    ),
    "ExampleZoomLivenessCheckBuilder": Same(
        lambda: (
            SandboxZoomLivenessCheckBuilder()
            .with_breakdown(breakdown())
            .with_recommendation(recommendation())
            .build()
        )
    ),
    # --- check reports ---
    "ExampleCheckReportsBuilder": Same(go_check_reports),
    "ExampleCheckReportsBuilder_minimal": Same(lambda: SandboxCheckReportsBuilder().build()),
    # --- document filters ---
    "ExampleDocumentFilterBuilder": WeReject(
        go_like=[
            (filter_like_go(["some_country"], ["some_type"]), "document_filter.country_codes[0]")
        ],
        why=NOT_A_COUNTRY_WHY + " (document types are free strings, so 'some_type' passes)",
        valid=filter_like_go(["GBR"], ["some_type"]),
        valid_json={"document_types": ["some_type"], "country_codes": ["GBR"]},
    ),
    "ExampleDocumentFilterBuilder_multipleCountriesAndDocumentTypes": WeReject(
        go_like=[
            (
                filter_like_go(
                    ["some_country", "some_other_country"], ["some_type", "some_other_type"]
                ),
                "document_filter.country_codes[0]",
            ),
            (
                filter_like_go(["GBR", "some_other_country"], ["some_type"]),
                "document_filter.country_codes[1]",
            ),
        ],
        why=NOT_A_COUNTRY_WHY,
        valid=filter_like_go(["GBR", "IRL"], ["some_type", "some_other_type"]),
        valid_json={
            "document_types": ["some_type", "some_other_type"],
            "country_codes": ["GBR", "IRL"],
        },
    ),
    "ExampleDocumentFilterBuilder_countriesAndDocumentTypes": WeReject(
        go_like=[
            (
                lambda: (
                    SandboxDocumentFilterBuilder()
                    .with_country_codes(["some_country", "some_other_country"])
                    .with_document_types(["some_type", "some_other_type"])
                    .build()
                ),
                "document_filter.country_codes[0]",
            )
        ],
        why=NOT_A_COUNTRY_WHY,
        valid=lambda: (
            SandboxDocumentFilterBuilder()
            .with_country_codes(["GBR", "IRL"])
            .with_document_types(["some_type", "some_other_type"])
            .build()
        ),
        valid_json={
            "document_types": ["some_type", "some_other_type"],
            "country_codes": ["GBR", "IRL"],
        },
    ),
    # --- the response config ---
    "ExampleResponseConfigBuilder": Same(
        lambda: (
            SandboxResponseConfigBuilder()
            .with_task_results(SandboxTaskResultsBuilder().build())
            .with_check_reports(SandboxCheckReportsBuilder().build())
            .build()
        )
    ),
    # Go sets the empty check reports explicitly (it refuses a config without them); ours
    # sends them when none are given, so both spellings give Go's JSON.
    "ExampleResponseConfigBuilder_minimal": Same(lambda: SandboxResponseConfigBuilder().build()),
    # --- task results ---
    "ExampleDocumentTextDataExtractionTaskBuilder": Same(
        lambda: (
            SandboxDocumentTextDataExtractionTaskBuilder()
            .with_document_filter(empty_filter())
            .with_document_field("some-key", "some-value")
            .with_document_field("some-other-key", {"some-nested-key": "some-nested-value"})
            .build()
        )
    ),
    "ExampleDocumentTextDataExtractionTaskBuilder_WithDocumentFields": Same(
        lambda: (
            SandboxDocumentTextDataExtractionTaskBuilder()
            .with_document_filter(empty_filter())
            .with_document_fields(DOCUMENT_FIELDS)
            .build()
        )
    ),
    "ExampleDocumentTextDataExtractionTaskBuilder_WithDocumentIDPhoto": WeReject(
        go_like=[
            (
                lambda: (
                    SandboxDocumentTextDataExtractionTaskBuilder()
                    .with_document_id_photo("some-content-type", b"\xde\xad\xbe\xef")
                    .build()
                ),
                "result.document_id_photo.content_type",
            )
        ],
        why="'some-content-type' is no media type (Yoti's sandbox serves the photo with it)",
        valid=lambda: (
            SandboxDocumentTextDataExtractionTaskBuilder()
            .with_document_id_photo("image/jpeg", b"\xde\xad\xbe\xef")
            .build()
        ),
        valid_json={
            "result": {"document_id_photo": {"content_type": "image/jpeg", "data": "3q2+7w=="}}
        },
    ),
    "ExampleDocumentTextDataExtractionTaskBuilder_WithDetectedCountry": WeReject(
        go_like=[
            (
                lambda: (
                    SandboxDocumentTextDataExtractionTaskBuilder()
                    .with_detected_country("some-country")
                    .build()
                ),
                "result.detected_country",
            )
        ],
        why=NOT_A_DETECTED_COUNTRY_WHY,
        valid=lambda: (
            SandboxDocumentTextDataExtractionTaskBuilder().with_detected_country("GBR").build()
        ),
        valid_json={"result": {"detected_country": "GBR"}},
    ),
    "ExampleDocumentTextDataExtractionTaskBuilder_WithRecommendation": Same(
        lambda: (
            SandboxDocumentTextDataExtractionTaskBuilder()
            .with_recommendation(
                SandboxTextDataExtractionRecommendationBuilder().for_progress().build()
            )
            .build()
        )
    ),
    "ExampleDocumentTextDataExtractionTaskBuilder_minimal": Same(
        lambda: SandboxDocumentTextDataExtractionTaskBuilder().build()
    ),
    "ExampleSupplementaryDocumentTextDataExtractionTaskBuilder": Same(
        lambda: (
            SandboxSupplementaryDocumentTextDataExtractionTaskBuilder()
            .with_document_filter(empty_filter())
            .with_document_field("some-key", "some-value")
            .with_document_field("some-other-key", {"some-nested-key": "some-nested-value"})
            .build()
        )
    ),
    "ExampleSupplementaryDocumentTextDataExtractionTaskBuilder_WithDocumentFields": Same(
        lambda: (
            SandboxSupplementaryDocumentTextDataExtractionTaskBuilder()
            .with_document_filter(empty_filter())
            .with_document_fields(DOCUMENT_FIELDS)
            .build()
        )
    ),
    "ExampleSupplementaryDocumentTextDataExtractionTaskBuilder_WithDetectedCountry": WeReject(
        go_like=[
            (
                lambda: (
                    SandboxSupplementaryDocumentTextDataExtractionTaskBuilder()
                    .with_detected_country("some-country")
                    .build()
                ),
                "result.detected_country",
            )
        ],
        why=NOT_A_DETECTED_COUNTRY_WHY,
        valid=lambda: (
            SandboxSupplementaryDocumentTextDataExtractionTaskBuilder()
            .with_detected_country("GBR")
            .build()
        ),
        valid_json={"result": {"detected_country": "GBR"}},
    ),
    "ExampleSupplementaryDocumentTextDataExtractionTaskBuilder_WithRecommendation": Same(
        lambda: (
            SandboxSupplementaryDocumentTextDataExtractionTaskBuilder()
            .with_recommendation(
                SandboxTextDataExtractionRecommendationBuilder().for_progress().build()
            )
            .build()
        )
    ),
    "ExampleSupplementaryDocumentTextDataExtractionTaskBuilder_minimal": Same(
        lambda: SandboxSupplementaryDocumentTextDataExtractionTaskBuilder().build()
    ),
    "ExampleTextDataExtractionReasonBuilder": Same(
        lambda: (
            SandboxTextDataExtractionReasonBuilder()
            .for_quality()
            .with_detail("some-detail")
            .build()
        )
    ),
    "ExampleTextDataExtractionReasonBuilder_ForQuality": Same(
        lambda: SandboxTextDataExtractionReasonBuilder().for_quality().build()
    ),
    "ExampleTextDataExtractionReasonBuilder_ForUserError": Same(
        lambda: SandboxTextDataExtractionReasonBuilder().for_user_error().build()
    ),
    "ExampleTextDataExtractionRecommendationBuilder": Same(
        lambda: (
            SandboxTextDataExtractionRecommendationBuilder()
            .for_should_try_again()
            .with_reason(SandboxTextDataExtractionReasonBuilder().for_quality().build())
            .build()
        )
    ),
    "ExampleTextDataExtractionRecommendationBuilder_ForProgress": Same(
        lambda: SandboxTextDataExtractionRecommendationBuilder().for_progress().build()
    ),
    "ExampleTextDataExtractionRecommendationBuilder_ForShouldTryAgain": Same(
        lambda: SandboxTextDataExtractionRecommendationBuilder().for_should_try_again().build()
    ),
    "ExampleTextDataExtractionRecommendationBuilder_ForMustTryAgain": Same(
        lambda: SandboxTextDataExtractionRecommendationBuilder().for_must_try_again().build()
    ),
    "ExampleTaskResultsBuilder": Same(
        lambda: (
            SandboxTaskResultsBuilder()
            .with_text_extraction_task(SandboxDocumentTextDataExtractionTaskBuilder().build())
            .with_supplementary_document_text_extraction_task(
                SandboxSupplementaryDocumentTextDataExtractionTaskBuilder().build()
            )
            .build()
        )
    ),
}


def test_every_go_example_is_classified_and_nothing_else() -> None:
    assert set(CASES) == set(GO_EXAMPLES)


def test_the_fixture_is_what_these_tests_were_written_against() -> None:
    assert len(GO_EXAMPLES) == 43
    assert GO_EXAMPLES["ExampleCheckReportsBuilder_minimal"] == SIX_EMPTY_CHECK_LISTS
    assert GO_EXAMPLES["ExampleDocumentAuthenticityCheckBuilder"] == {
        "result": {"report": REPORT},
        "document_filter": EMPTY_FILTER,
    }


@pytest.mark.parametrize("function", list(GO_EXAMPLES))
def test_go_example(function: str) -> None:
    go_json = GO_EXAMPLES[function]
    case = CASES.get(function)
    assert case is not None, f"{function} is not classified in CASES"

    if isinstance(case, Same):
        assert converter.unstructure(case.build()) == go_json
    else:
        assert case.why
        for go_like, field_name in case.go_like:
            with pytest.raises(SpecValidationError) as raised:
                go_like()
            assert raised.value.field == field_name
        assert converter.unstructure(case.valid()) == case.valid_json
