"""Sandbox check reports: what each check of a sandbox session will report.

Every check is ``{"result": {"report": {...}, "report_template"?: ...}, <extras>}``; the
extras are a ``document_filter`` (document checks), ``liveness_type`` and ``response_delay``
(liveness), ``secondary_document_filter`` (ID document comparison) or ``sources_filter``
(advanced watchlist). The builders are those of Yoti's Python sandbox package, completed
with the checks only Yoti's Java sandbox has, and with STATIC liveness, which the Python
package lacks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Self

import attrs

from yoti_idv.errors import SpecValidationError
from yoti_idv.vocabulary.enums import LivenessType
from yoti_idv.vocabulary.validators import (
    check_non_blank_str,
    instance_of,
    int_at_least,
    non_blank_str,
    optional,
    to_enum,
    to_tuple,
)
from yoti_idv.vocabulary.values import SpecValue, TypedSpecValue

from ._report import (
    SandboxBreakdown,
    SandboxCheckReport,
    SandboxCheckResult,
    SandboxDocumentFilter,
    SandboxRecommendation,
    SandboxTextDataCheckResult,
    WithDocumentFields,
)

__all__ = [
    "SandboxCaProfileSourcesFilter",
    "SandboxCaSourcesFilter",
    "SandboxCaTypeListSourcesFilter",
    "SandboxCheck",
    "SandboxDocumentAuthenticityCheck",
    "SandboxDocumentAuthenticityCheckBuilder",
    "SandboxDocumentCheck",
    "SandboxDocumentFaceMatchCheck",
    "SandboxDocumentFaceMatchCheckBuilder",
    "SandboxDocumentTextDataCheck",
    "SandboxDocumentTextDataCheckBuilder",
    "SandboxFaceComparisonCheck",
    "SandboxFaceComparisonCheckBuilder",
    "SandboxIdDocumentComparisonCheck",
    "SandboxIdDocumentComparisonCheckBuilder",
    "SandboxLivenessCheck",
    "SandboxLivenessCheckBuilder",
    "SandboxStaticLivenessCheckBuilder",
    "SandboxSupplementaryDocumentTextDataCheck",
    "SandboxSupplementaryDocumentTextDataCheckBuilder",
    "SandboxSynecticsIdentityFraudCheck",
    "SandboxSynecticsIdentityFraudCheckBuilder",
    "SandboxThirdPartyIdentityCheck",
    "SandboxThirdPartyIdentityCheckBuilder",
    "SandboxThirdPartyIdentityFraudOneCheck",
    "SandboxThirdPartyIdentityFraudOneCheckBuilder",
    "SandboxWatchlistAdvancedCaCheck",
    "SandboxWatchlistAdvancedCaCheckBuilder",
    "SandboxWatchlistScreeningCheck",
    "SandboxWatchlistScreeningCheckBuilder",
    "SandboxZoomLivenessCheckBuilder",
]

_FILTER_HINT = "SandboxDocumentFilterBuilder().build()"


def _empty_result() -> SandboxCheckResult:
    return SandboxCheckResult(report=SandboxCheckReport())


# --- the shapes ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class SandboxCheck(SpecValue):
    """Base of every sandbox check: ``{"result": {...}}``. Without a `result`, the report
    is empty (``{"result": {"report": {}}}``)."""

    result: SandboxCheckResult = attrs.field(
        factory=_empty_result,
        validator=instance_of(SandboxCheckResult, "made by a sandbox check builder"),
    )


@attrs.frozen(kw_only=True)
class SandboxDocumentCheck(SandboxCheck):
    """Base of the checks of one document: a check plus an optional ``document_filter``
    saying which document the report is for."""

    document_filter: SandboxDocumentFilter | None = attrs.field(
        default=None, validator=optional(instance_of(SandboxDocumentFilter, _FILTER_HINT))
    )


@attrs.frozen(kw_only=True)
class SandboxDocumentAuthenticityCheck(SandboxDocumentCheck):
    """An ``ID_DOCUMENT_AUTHENTICITY`` report."""


@attrs.frozen(kw_only=True)
class SandboxDocumentFaceMatchCheck(SandboxDocumentCheck):
    """An ``ID_DOCUMENT_FACE_MATCH`` report."""


@attrs.frozen(kw_only=True)
class SandboxDocumentTextDataCheck(SandboxDocumentCheck):
    """An ``ID_DOCUMENT_TEXT_DATA_CHECK`` report; its result may carry ``document_fields``."""


@attrs.frozen(kw_only=True)
class SandboxSupplementaryDocumentTextDataCheck(SandboxDocumentCheck):
    """A ``SUPPLEMENTARY_DOCUMENT_TEXT_DATA_CHECK`` report; its result may carry
    ``document_fields``."""


def _to_liveness_type(value: LivenessType | str) -> LivenessType:
    return to_enum(LivenessType, value, "liveness_type")


@attrs.frozen(kw_only=True)
class SandboxLivenessCheck(SandboxCheck):
    """A ``LIVENESS`` report for a ``ZOOM`` or ``STATIC`` liveness capture.

    `response_delay` (seconds, Yoti's Java sandbox) holds the report back after the capture.
    """

    liveness_type: LivenessType = attrs.field(converter=_to_liveness_type)
    response_delay: int | None = attrs.field(default=None, validator=optional(int_at_least(0)))


@attrs.frozen(kw_only=True)
class SandboxIdDocumentComparisonCheck(SandboxCheck):
    """An ``ID_DOCUMENT_COMPARISON`` report; `secondary_document_filter` picks the second
    document of the comparison."""

    secondary_document_filter: SandboxDocumentFilter | None = attrs.field(
        default=None, validator=optional(instance_of(SandboxDocumentFilter, _FILTER_HINT))
    )


@attrs.frozen(kw_only=True)
class SandboxThirdPartyIdentityCheck(SandboxCheck):
    """A ``THIRD_PARTY_IDENTITY`` report."""


@attrs.frozen(kw_only=True)
class SandboxFaceComparisonCheck(SandboxCheck):
    """A ``FACE_COMPARISON`` report (Yoti's Java sandbox)."""


@attrs.frozen(kw_only=True)
class SandboxThirdPartyIdentityFraudOneCheck(SandboxCheck):
    """A ``THIRD_PARTY_IDENTITY_FRAUD_1`` report (Yoti's Java sandbox)."""


@attrs.frozen(kw_only=True)
class SandboxSynecticsIdentityFraudCheck(SandboxCheck):
    """A ``SYNECTICS_IDENTITY_FRAUD`` report (Yoti's Java sandbox)."""


@attrs.frozen(kw_only=True)
class SandboxWatchlistScreeningCheck(SandboxCheck):
    """A ``WATCHLIST_SCREENING`` report (Yoti's Java sandbox)."""


@attrs.frozen(kw_only=True)
class SandboxCaSourcesFilter(TypedSpecValue):
    """Base of an advanced watchlist report's ``sources_filter``: which requested
    WATCHLIST_ADVANCED_CA check (by its sources) the report is for."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "sources_filter."


def _to_filter_types(value: Iterable[str]) -> tuple[str, ...]:
    types = to_tuple(value, "sources_filter.types")
    for index, source_type in enumerate(types):
        check_non_blank_str(f"sources_filter.types[{index}]", source_type)
    return types


@attrs.frozen(kw_only=True)
class SandboxCaTypeListSourcesFilter(SandboxCaSourcesFilter):
    """``{"type": "TYPE_LIST", "types": [...]}``."""

    TYPE: ClassVar[str] = "TYPE_LIST"

    types: tuple[str, ...] = attrs.field(default=(), converter=_to_filter_types)


@attrs.frozen(kw_only=True)
class SandboxCaProfileSourcesFilter(SandboxCaSourcesFilter):
    """``{"type": "PROFILE", "search_profile": ...}``."""

    TYPE: ClassVar[str] = "PROFILE"

    search_profile: str = attrs.field(validator=non_blank_str)


@attrs.frozen(kw_only=True)
class SandboxWatchlistAdvancedCaCheck(SandboxCheck):
    """A ``WATCHLIST_ADVANCED_CA`` report (Yoti's Java sandbox), for the requested checks
    that `sources_filter` matches."""

    sources_filter: SandboxCaSourcesFilter | None = attrs.field(
        default=None,
        validator=optional(
            instance_of(
                SandboxCaSourcesFilter,
                "SandboxWatchlistAdvancedCaCheckBuilder's with_*_filter methods",
            )
        ),
    )


# --- the builders -------------------------------------------------------------------------


class _SandboxCheckBuilder:
    """The report setters every sandbox check builder has."""

    def __init__(self) -> None:
        self._recommendation: Any = None
        self._breakdowns: list[Any] = []
        self._report_template: str | None = None

    def with_recommendation(self, recommendation: SandboxRecommendation) -> Self:
        """The report's recommendation (``SandboxRecommendationBuilder().build()``)."""
        self._recommendation = recommendation
        return self

    def with_breakdown(self, breakdown: SandboxBreakdown) -> Self:
        """Add a breakdown (``SandboxBreakdownBuilder().build()``)."""
        self._breakdowns.append(breakdown)
        return self

    def with_breakdowns(self, breakdowns: Iterable[SandboxBreakdown]) -> Self:
        """Replace the breakdowns."""
        self._breakdowns = list(to_tuple(breakdowns, "report.breakdown"))
        return self

    def with_report_template(self, report_template: str) -> Self:
        """Use one of the sandbox's canned reports (Yoti's Java sandbox)."""
        self._report_template = report_template
        return self

    def _report(self) -> SandboxCheckReport | None:
        nothing_but_a_template = (
            self._report_template is not None
            and self._recommendation is None
            and not self._breakdowns
        )
        if nothing_but_a_template:
            return None  # an empty report next to the template would compete with it
        return SandboxCheckReport(recommendation=self._recommendation, breakdown=self._breakdowns)

    def _result(self) -> SandboxCheckResult:
        return SandboxCheckResult(report=self._report(), report_template=self._report_template)


class _SandboxDocumentCheckBuilder(_SandboxCheckBuilder):
    def __init__(self) -> None:
        super().__init__()
        self._document_filter: SandboxDocumentFilter | None = None

    def with_document_filter(self, document_filter: SandboxDocumentFilter) -> Self:
        """Report only for the documents the filter matches."""
        self._document_filter = document_filter
        return self


class _SandboxTextDataCheckBuilder(_SandboxDocumentCheckBuilder, WithDocumentFields):
    def _text_data_result(self) -> SandboxTextDataCheckResult:
        return SandboxTextDataCheckResult(
            report=self._report(),
            report_template=self._report_template,
            document_fields=self._document_fields,
        )


class SandboxDocumentAuthenticityCheckBuilder(_SandboxDocumentCheckBuilder):
    """Builds a `SandboxDocumentAuthenticityCheck`."""

    def build(self) -> SandboxDocumentAuthenticityCheck:
        """The check report."""
        return SandboxDocumentAuthenticityCheck(
            result=self._result(), document_filter=self._document_filter
        )


class SandboxDocumentFaceMatchCheckBuilder(_SandboxDocumentCheckBuilder):
    """Builds a `SandboxDocumentFaceMatchCheck`."""

    def build(self) -> SandboxDocumentFaceMatchCheck:
        """The check report."""
        return SandboxDocumentFaceMatchCheck(
            result=self._result(), document_filter=self._document_filter
        )


class SandboxDocumentTextDataCheckBuilder(_SandboxTextDataCheckBuilder):
    """Builds a `SandboxDocumentTextDataCheck`."""

    def build(self) -> SandboxDocumentTextDataCheck:
        """The check report; a `SpecValidationError` when a document field is no JSON."""
        return SandboxDocumentTextDataCheck(
            result=self._text_data_result(), document_filter=self._document_filter
        )


class SandboxSupplementaryDocumentTextDataCheckBuilder(_SandboxTextDataCheckBuilder):
    """Builds a `SandboxSupplementaryDocumentTextDataCheck`."""

    def build(self) -> SandboxSupplementaryDocumentTextDataCheck:
        """The check report; a `SpecValidationError` when a document field is no JSON."""
        return SandboxSupplementaryDocumentTextDataCheck(
            result=self._text_data_result(), document_filter=self._document_filter
        )


class SandboxLivenessCheckBuilder(_SandboxCheckBuilder):
    """Builds a `SandboxLivenessCheck`; the liveness type is required.

    ``SandboxLivenessCheckBuilder().for_static_liveness().with_recommendation(...).build()``;
    `SandboxZoomLivenessCheckBuilder` and `SandboxStaticLivenessCheckBuilder` start with
    the type set.
    """

    def __init__(self) -> None:
        super().__init__()
        self._liveness_type: LivenessType | str | None = None
        self._response_delay: int | None = None

    def with_liveness_type(self, liveness_type: LivenessType | str) -> Self:
        """``ZOOM`` or ``STATIC``."""
        self._liveness_type = liveness_type
        return self

    def for_zoom_liveness(self) -> Self:
        """A report for an active (ZOOM) liveness capture."""
        return self.with_liveness_type(LivenessType.ZOOM)

    def for_static_liveness(self) -> Self:
        """A report for a passive (STATIC) liveness capture."""
        return self.with_liveness_type(LivenessType.STATIC)

    def with_response_delay(self, response_delay: int) -> Self:
        """Seconds the sandbox waits before reporting (Yoti's Java sandbox)."""
        self._response_delay = response_delay
        return self

    def build(self) -> SandboxLivenessCheck:
        """The check report; a `SpecValidationError` names the first field that is wrong."""
        if self._liveness_type is None:
            raise SpecValidationError(
                "liveness_type", "is required: call for_static_liveness() or for_zoom_liveness()"
            )
        return SandboxLivenessCheck(
            result=self._result(),
            liveness_type=self._liveness_type,
            response_delay=self._response_delay,
        )


class SandboxZoomLivenessCheckBuilder(SandboxLivenessCheckBuilder):
    """Builds a ``ZOOM`` `SandboxLivenessCheck` (Yoti's Python sandbox name)."""

    def __init__(self) -> None:
        super().__init__()
        self._liveness_type = LivenessType.ZOOM


class SandboxStaticLivenessCheckBuilder(SandboxLivenessCheckBuilder):
    """Builds a ``STATIC`` `SandboxLivenessCheck` (Yoti's Java and Go sandboxes have it;
    the Python one does not)."""

    def __init__(self) -> None:
        super().__init__()
        self._liveness_type = LivenessType.STATIC


class SandboxIdDocumentComparisonCheckBuilder(_SandboxCheckBuilder):
    """Builds a `SandboxIdDocumentComparisonCheck`."""

    def __init__(self) -> None:
        super().__init__()
        self._secondary_document_filter: SandboxDocumentFilter | None = None

    def with_secondary_document_filter(self, document_filter: SandboxDocumentFilter) -> Self:
        """The second document of the comparison."""
        self._secondary_document_filter = document_filter
        return self

    def build(self) -> SandboxIdDocumentComparisonCheck:
        """The check report."""
        return SandboxIdDocumentComparisonCheck(
            result=self._result(), secondary_document_filter=self._secondary_document_filter
        )


class SandboxThirdPartyIdentityCheckBuilder(_SandboxCheckBuilder):
    """Builds a `SandboxThirdPartyIdentityCheck`."""

    def build(self) -> SandboxThirdPartyIdentityCheck:
        """The check report."""
        return SandboxThirdPartyIdentityCheck(result=self._result())


class SandboxFaceComparisonCheckBuilder(_SandboxCheckBuilder):
    """Builds a `SandboxFaceComparisonCheck`."""

    def build(self) -> SandboxFaceComparisonCheck:
        """The check report."""
        return SandboxFaceComparisonCheck(result=self._result())


class SandboxThirdPartyIdentityFraudOneCheckBuilder(_SandboxCheckBuilder):
    """Builds a `SandboxThirdPartyIdentityFraudOneCheck`."""

    def build(self) -> SandboxThirdPartyIdentityFraudOneCheck:
        """The check report."""
        return SandboxThirdPartyIdentityFraudOneCheck(result=self._result())


class SandboxSynecticsIdentityFraudCheckBuilder(_SandboxCheckBuilder):
    """Builds a `SandboxSynecticsIdentityFraudCheck`."""

    def build(self) -> SandboxSynecticsIdentityFraudCheck:
        """The check report."""
        return SandboxSynecticsIdentityFraudCheck(result=self._result())


class SandboxWatchlistScreeningCheckBuilder(_SandboxCheckBuilder):
    """Builds a `SandboxWatchlistScreeningCheck`."""

    def build(self) -> SandboxWatchlistScreeningCheck:
        """The check report."""
        return SandboxWatchlistScreeningCheck(result=self._result())


class SandboxWatchlistAdvancedCaCheckBuilder(_SandboxCheckBuilder):
    """Builds a `SandboxWatchlistAdvancedCaCheck` (Yoti's Java sandbox)."""

    def __init__(self) -> None:
        super().__init__()
        self._sources_filter: Any = None

    def with_type_list_filter(self, types: Iterable[str]) -> Self:
        """Report for the requested checks whose sources are this type list."""
        self._sources_filter = SandboxCaTypeListSourcesFilter(types=types)
        return self

    def with_profile_filter(self, search_profile: str) -> Self:
        """Report for the requested checks that search with this profile."""
        self._sources_filter = SandboxCaProfileSourcesFilter(search_profile=search_profile)
        return self

    def with_sources_filter(self, sources_filter: SandboxCaSourcesFilter) -> Self:
        """Set the filter directly."""
        self._sources_filter = sources_filter
        return self

    def build(self) -> SandboxWatchlistAdvancedCaCheck:
        """The check report."""
        return SandboxWatchlistAdvancedCaCheck(
            result=self._result(), sources_filter=self._sources_filter
        )
