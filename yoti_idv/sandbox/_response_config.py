"""The body of the sandbox's ``PUT .../response-config``: `SandboxResponseConfig`.

``{"task_results"?: {...}, "check_reports": {...}}``, the body Yoti's Python and Go sandbox
clients send. Wire choices, each with its reason:

* ``check_reports`` is always sent (Yoti's Go SDK refuses a config without it); an empty
  `SandboxCheckReports` stands in when none is given.
* The six check lists every Yoti sandbox SDK knows (``ID_DOCUMENT_AUTHENTICITY``,
  ``ID_DOCUMENT_TEXT_DATA_CHECK``, ``ID_DOCUMENT_FACE_MATCH``, ``LIVENESS``,
  ``ID_DOCUMENT_COMPARISON``, ``SUPPLEMENTARY_DOCUMENT_TEXT_DATA_CHECK``) are always sent,
  empty too, as Go and Python do. The check types only Java knows are sent when set:
  ``THIRD_PARTY_IDENTITY``, ``FACE_COMPARISON``, ``THIRD_PARTY_IDENTITY_FRAUD_1`` and
  ``WATCHLIST_SCREENING`` as single objects, ``SYNECTICS_IDENTITY_FRAUD`` and
  ``WATCHLIST_ADVANCED_CA`` as lists.
* ``async_report_delay`` is sent when set, 0 included (Go's ``omitempty`` drops a 0; Python
  sends ``null`` when unset, which we leave out).
* ``task_results`` is sent when set, with both of its lists always (as Go and Python).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Self

import attrs

from yoti_idv.errors import SpecValidationError
from yoti_idv.vocabulary.validators import (
    Validator,
    describe,
    instance_of,
    int_at_least,
    optional,
)
from yoti_idv.vocabulary.values import SpecValue, omit_if_empty, wire

from ._checks import (
    SandboxDocumentAuthenticityCheck,
    SandboxDocumentFaceMatchCheck,
    SandboxDocumentTextDataCheck,
    SandboxFaceComparisonCheck,
    SandboxIdDocumentComparisonCheck,
    SandboxLivenessCheck,
    SandboxSupplementaryDocumentTextDataCheck,
    SandboxSynecticsIdentityFraudCheck,
    SandboxThirdPartyIdentityCheck,
    SandboxThirdPartyIdentityFraudOneCheck,
    SandboxWatchlistAdvancedCaCheck,
    SandboxWatchlistScreeningCheck,
)
from ._report import items_of_type
from ._tasks import (
    SandboxDocumentTextDataExtractionTask,
    SandboxSupplementaryDocumentTextDataExtractionTask,
)

__all__ = [
    "SandboxCheckReports",
    "SandboxCheckReportsBuilder",
    "SandboxResponseConfig",
    "SandboxResponseConfigBuilder",
    "SandboxTaskResults",
    "SandboxTaskResultsBuilder",
]


# --- check_reports ------------------------------------------------------------------------


def _items(value: object, key: str, cls: type[Any]) -> tuple[Any, ...]:
    return items_of_type(value, f"check_reports.{key}", cls, f"{cls.__name__}Builder().build()")


def _to_id_document_authenticity(
    value: Iterable[SandboxDocumentAuthenticityCheck],
) -> tuple[SandboxDocumentAuthenticityCheck, ...]:
    return _items(value, "ID_DOCUMENT_AUTHENTICITY", SandboxDocumentAuthenticityCheck)


def _to_id_document_text_data_check(
    value: Iterable[SandboxDocumentTextDataCheck],
) -> tuple[SandboxDocumentTextDataCheck, ...]:
    return _items(value, "ID_DOCUMENT_TEXT_DATA_CHECK", SandboxDocumentTextDataCheck)


def _to_id_document_face_match(
    value: Iterable[SandboxDocumentFaceMatchCheck],
) -> tuple[SandboxDocumentFaceMatchCheck, ...]:
    return _items(value, "ID_DOCUMENT_FACE_MATCH", SandboxDocumentFaceMatchCheck)


def _to_liveness(value: Iterable[SandboxLivenessCheck]) -> tuple[SandboxLivenessCheck, ...]:
    return _items(value, "LIVENESS", SandboxLivenessCheck)


def _to_id_document_comparison(
    value: Iterable[SandboxIdDocumentComparisonCheck],
) -> tuple[SandboxIdDocumentComparisonCheck, ...]:
    return _items(value, "ID_DOCUMENT_COMPARISON", SandboxIdDocumentComparisonCheck)


def _to_supplementary_document_text_data_check(
    value: Iterable[SandboxSupplementaryDocumentTextDataCheck],
) -> tuple[SandboxSupplementaryDocumentTextDataCheck, ...]:
    return _items(
        value, "SUPPLEMENTARY_DOCUMENT_TEXT_DATA_CHECK", SandboxSupplementaryDocumentTextDataCheck
    )


def _to_synectics_identity_fraud(
    value: Iterable[SandboxSynecticsIdentityFraudCheck],
) -> tuple[SandboxSynecticsIdentityFraudCheck, ...]:
    return _items(value, "SYNECTICS_IDENTITY_FRAUD", SandboxSynecticsIdentityFraudCheck)


def _to_watchlist_advanced_ca(
    value: Iterable[SandboxWatchlistAdvancedCaCheck],
) -> tuple[SandboxWatchlistAdvancedCaCheck, ...]:
    return _items(value, "WATCHLIST_ADVANCED_CA", SandboxWatchlistAdvancedCaCheck)


def _one_of(key: str, cls: type[Any]) -> Validator:
    """A validator for the single ``check_reports`` object under `key`."""
    field = f"check_reports.{key}"

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None and not isinstance(value, cls):
            raise SpecValidationError(
                field, f"must be a {cls.__name__} ({cls.__name__}Builder), got {describe(value)}"
            )

    return check


@attrs.frozen(kw_only=True)
class SandboxCheckReports(SpecValue):
    """``check_reports``: the report each requested check of a sandbox session will give.

    Lists hold one report per check of that type (matched by their document filters);
    `async_report_delay` (seconds) holds all reports back, to try out pending states.
    """

    _FIELD_PATH_PREFIX: ClassVar[str] = "check_reports."

    document_authenticity_checks: tuple[SandboxDocumentAuthenticityCheck, ...] = attrs.field(
        default=(),
        converter=_to_id_document_authenticity,
        metadata=wire(name="ID_DOCUMENT_AUTHENTICITY"),
    )
    document_text_data_checks: tuple[SandboxDocumentTextDataCheck, ...] = attrs.field(
        default=(),
        converter=_to_id_document_text_data_check,
        metadata=wire(name="ID_DOCUMENT_TEXT_DATA_CHECK"),
    )
    document_face_match_checks: tuple[SandboxDocumentFaceMatchCheck, ...] = attrs.field(
        default=(),
        converter=_to_id_document_face_match,
        metadata=wire(name="ID_DOCUMENT_FACE_MATCH"),
    )
    liveness_checks: tuple[SandboxLivenessCheck, ...] = attrs.field(
        default=(),
        converter=_to_liveness,
        metadata=wire(name="LIVENESS"),
    )
    id_document_comparison_checks: tuple[SandboxIdDocumentComparisonCheck, ...] = attrs.field(
        default=(),
        converter=_to_id_document_comparison,
        metadata=wire(name="ID_DOCUMENT_COMPARISON"),
    )
    supplementary_document_text_data_checks: tuple[
        SandboxSupplementaryDocumentTextDataCheck, ...
    ] = attrs.field(
        default=(),
        converter=_to_supplementary_document_text_data_check,
        metadata=wire(name="SUPPLEMENTARY_DOCUMENT_TEXT_DATA_CHECK"),
    )
    third_party_identity_check: SandboxThirdPartyIdentityCheck | None = attrs.field(
        default=None,
        validator=_one_of("THIRD_PARTY_IDENTITY", SandboxThirdPartyIdentityCheck),
        metadata=wire(name="THIRD_PARTY_IDENTITY"),
    )
    face_comparison_check: SandboxFaceComparisonCheck | None = attrs.field(
        default=None,
        validator=_one_of("FACE_COMPARISON", SandboxFaceComparisonCheck),
        metadata=wire(name="FACE_COMPARISON"),
    )
    third_party_identity_fraud_one_check: SandboxThirdPartyIdentityFraudOneCheck | None = (
        attrs.field(
            default=None,
            validator=_one_of(
                "THIRD_PARTY_IDENTITY_FRAUD_1", SandboxThirdPartyIdentityFraudOneCheck
            ),
            metadata=wire(name="THIRD_PARTY_IDENTITY_FRAUD_1"),
        )
    )
    synectics_identity_fraud_checks: tuple[SandboxSynecticsIdentityFraudCheck, ...] = attrs.field(
        default=(),
        converter=_to_synectics_identity_fraud,
        metadata={**wire(name="SYNECTICS_IDENTITY_FRAUD"), **omit_if_empty()},
    )
    watchlist_screening_check: SandboxWatchlistScreeningCheck | None = attrs.field(
        default=None,
        validator=_one_of("WATCHLIST_SCREENING", SandboxWatchlistScreeningCheck),
        metadata=wire(name="WATCHLIST_SCREENING"),
    )
    watchlist_advanced_ca_checks: tuple[SandboxWatchlistAdvancedCaCheck, ...] = attrs.field(
        default=(),
        converter=_to_watchlist_advanced_ca,
        metadata={**wire(name="WATCHLIST_ADVANCED_CA"), **omit_if_empty()},
    )
    async_report_delay: int | None = attrs.field(default=None, validator=optional(int_at_least(0)))


class SandboxCheckReportsBuilder:
    """Builds `SandboxCheckReports`, method for method like Yoti's Python sandbox package
    (plus the Java sandbox's check types)."""

    def __init__(self) -> None:
        self._document_authenticity_checks: list[Any] = []
        self._document_text_data_checks: list[Any] = []
        self._document_face_match_checks: list[Any] = []
        self._liveness_checks: list[Any] = []
        self._id_document_comparison_checks: list[Any] = []
        self._supplementary_document_text_data_checks: list[Any] = []
        self._third_party_identity_check: Any = None
        self._face_comparison_check: Any = None
        self._third_party_identity_fraud_one_check: Any = None
        self._synectics_identity_fraud_checks: list[Any] = []
        self._watchlist_screening_check: Any = None
        self._watchlist_advanced_ca_checks: list[Any] = []
        self._async_report_delay: int | None = None

    def with_document_authenticity_check(self, check: SandboxDocumentAuthenticityCheck) -> Self:
        """Add an ``ID_DOCUMENT_AUTHENTICITY`` report."""
        self._document_authenticity_checks.append(check)
        return self

    def with_document_text_data_check(self, check: SandboxDocumentTextDataCheck) -> Self:
        """Add an ``ID_DOCUMENT_TEXT_DATA_CHECK`` report."""
        self._document_text_data_checks.append(check)
        return self

    def with_document_face_match_check(self, check: SandboxDocumentFaceMatchCheck) -> Self:
        """Add an ``ID_DOCUMENT_FACE_MATCH`` report."""
        self._document_face_match_checks.append(check)
        return self

    def with_liveness_check(self, check: SandboxLivenessCheck) -> Self:
        """Add a ``LIVENESS`` report (ZOOM or STATIC)."""
        self._liveness_checks.append(check)
        return self

    def with_id_document_comparison_check(self, check: SandboxIdDocumentComparisonCheck) -> Self:
        """Add an ``ID_DOCUMENT_COMPARISON`` report."""
        self._id_document_comparison_checks.append(check)
        return self

    def with_supplementary_document_text_data_check(
        self, check: SandboxSupplementaryDocumentTextDataCheck
    ) -> Self:
        """Add a ``SUPPLEMENTARY_DOCUMENT_TEXT_DATA_CHECK`` report."""
        self._supplementary_document_text_data_checks.append(check)
        return self

    def with_third_party_identity_check(self, check: SandboxThirdPartyIdentityCheck) -> Self:
        """Set the ``THIRD_PARTY_IDENTITY`` report (one object, not a list)."""
        self._third_party_identity_check = check
        return self

    def with_face_comparison_check(self, check: SandboxFaceComparisonCheck) -> Self:
        """Set the ``FACE_COMPARISON`` report (one object)."""
        self._face_comparison_check = check
        return self

    def with_third_party_identity_fraud_one_check(
        self, check: SandboxThirdPartyIdentityFraudOneCheck
    ) -> Self:
        """Set the ``THIRD_PARTY_IDENTITY_FRAUD_1`` report (one object)."""
        self._third_party_identity_fraud_one_check = check
        return self

    def with_synectics_identity_fraud_check(
        self, check: SandboxSynecticsIdentityFraudCheck
    ) -> Self:
        """Add a ``SYNECTICS_IDENTITY_FRAUD`` report."""
        self._synectics_identity_fraud_checks.append(check)
        return self

    def with_watchlist_screening_check(self, check: SandboxWatchlistScreeningCheck) -> Self:
        """Set the ``WATCHLIST_SCREENING`` report (one object)."""
        self._watchlist_screening_check = check
        return self

    def with_watchlist_advanced_ca_check(self, check: SandboxWatchlistAdvancedCaCheck) -> Self:
        """Add a ``WATCHLIST_ADVANCED_CA`` report."""
        self._watchlist_advanced_ca_checks.append(check)
        return self

    def with_async_report_delay(self, async_report_delay: int) -> Self:
        """Seconds between the end of the user's journey and the reports (0 or more), to
        try out pending states."""
        self._async_report_delay = async_report_delay
        return self

    def build(self) -> SandboxCheckReports:
        """The check reports; a `SpecValidationError` names the first field that is wrong."""
        return SandboxCheckReports(
            document_authenticity_checks=self._document_authenticity_checks,
            document_text_data_checks=self._document_text_data_checks,
            document_face_match_checks=self._document_face_match_checks,
            liveness_checks=self._liveness_checks,
            id_document_comparison_checks=self._id_document_comparison_checks,
            supplementary_document_text_data_checks=self._supplementary_document_text_data_checks,
            third_party_identity_check=self._third_party_identity_check,
            face_comparison_check=self._face_comparison_check,
            third_party_identity_fraud_one_check=self._third_party_identity_fraud_one_check,
            synectics_identity_fraud_checks=self._synectics_identity_fraud_checks,
            watchlist_screening_check=self._watchlist_screening_check,
            watchlist_advanced_ca_checks=self._watchlist_advanced_ca_checks,
            async_report_delay=self._async_report_delay,
        )


# --- task_results -------------------------------------------------------------------------


def _to_text_extraction_tasks(
    value: Iterable[SandboxDocumentTextDataExtractionTask],
) -> tuple[SandboxDocumentTextDataExtractionTask, ...]:
    return items_of_type(
        value,
        "task_results.ID_DOCUMENT_TEXT_DATA_EXTRACTION",
        SandboxDocumentTextDataExtractionTask,
        "SandboxDocumentTextDataExtractionTaskBuilder().build()",
    )


def _to_supplementary_text_extraction_tasks(
    value: Iterable[SandboxSupplementaryDocumentTextDataExtractionTask],
) -> tuple[SandboxSupplementaryDocumentTextDataExtractionTask, ...]:
    return items_of_type(
        value,
        "task_results.SUPPLEMENTARY_DOCUMENT_TEXT_DATA_EXTRACTION",
        SandboxSupplementaryDocumentTextDataExtractionTask,
        "SandboxSupplementaryDocumentTextDataExtractionTaskBuilder().build()",
    )


@attrs.frozen(kw_only=True)
class SandboxTaskResults(SpecValue):
    """``task_results``: what each text-extraction task will produce; both lists are always
    sent."""

    text_extraction_tasks: tuple[SandboxDocumentTextDataExtractionTask, ...] = attrs.field(
        default=(),
        converter=_to_text_extraction_tasks,
        metadata=wire(name="ID_DOCUMENT_TEXT_DATA_EXTRACTION"),
    )
    supplementary_document_text_extraction_tasks: tuple[
        SandboxSupplementaryDocumentTextDataExtractionTask, ...
    ] = attrs.field(
        default=(),
        converter=_to_supplementary_text_extraction_tasks,
        metadata=wire(name="SUPPLEMENTARY_DOCUMENT_TEXT_DATA_EXTRACTION"),
    )


class SandboxTaskResultsBuilder:
    """Builds `SandboxTaskResults`, as Yoti's Python sandbox package does."""

    def __init__(self) -> None:
        self._text_extraction_tasks: list[Any] = []
        self._supplementary_document_text_extraction_tasks: list[Any] = []

    def with_text_extraction_task(self, task: SandboxDocumentTextDataExtractionTask) -> Self:
        """Add an ``ID_DOCUMENT_TEXT_DATA_EXTRACTION`` result."""
        self._text_extraction_tasks.append(task)
        return self

    def with_supplementary_document_text_extraction_task(
        self, task: SandboxSupplementaryDocumentTextDataExtractionTask
    ) -> Self:
        """Add a ``SUPPLEMENTARY_DOCUMENT_TEXT_DATA_EXTRACTION`` result."""
        self._supplementary_document_text_extraction_tasks.append(task)
        return self

    def build(self) -> SandboxTaskResults:
        """The task results; a `SpecValidationError` names the first wrong entry."""
        return SandboxTaskResults(
            text_extraction_tasks=self._text_extraction_tasks,
            supplementary_document_text_extraction_tasks=(
                self._supplementary_document_text_extraction_tasks
            ),
        )


# --- the response config ------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class SandboxResponseConfig(SpecValue):
    """What a sandbox session (or every new session of the application) will report.

    Send it with `AsyncSandboxClient.configure_session_response` or
    ``configure_application_response``. `check_reports` is always sent (empty when not
    given); `task_results` when set.
    """

    task_results: SandboxTaskResults | None = attrs.field(
        default=None,
        validator=optional(instance_of(SandboxTaskResults, "SandboxTaskResultsBuilder().build()")),
    )
    check_reports: SandboxCheckReports = attrs.field(
        factory=SandboxCheckReports,
        validator=instance_of(SandboxCheckReports, "SandboxCheckReportsBuilder().build()"),
    )


class SandboxResponseConfigBuilder:
    """Builds a `SandboxResponseConfig` (Yoti's Python sandbox calls it
    ``ResponseConfigBuilder``).

    ``SandboxResponseConfigBuilder().with_check_reports(
    SandboxCheckReportsBuilder().with_liveness_check(
    SandboxStaticLivenessCheckBuilder().with_recommendation(approve).build()).build()).build()``
    """

    def __init__(self) -> None:
        self._task_results: SandboxTaskResults | None = None
        self._check_reports: SandboxCheckReports | None = None

    def with_task_results(self, task_results: SandboxTaskResults) -> Self:
        """The task results."""
        self._task_results = task_results
        return self

    def with_check_reports(self, check_reports: SandboxCheckReports) -> Self:
        """The check reports."""
        self._check_reports = check_reports
        return self

    def build(self) -> SandboxResponseConfig:
        """The response config; a `SpecValidationError` names the first field that is wrong."""
        if self._check_reports is None:
            return SandboxResponseConfig(task_results=self._task_results)
        return SandboxResponseConfig(
            task_results=self._task_results, check_reports=self._check_reports
        )
