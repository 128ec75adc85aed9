"""The pieces every sandbox check report is made of: recommendation, breakdown, details, the
``result`` object around them, and the document filter that says which document a report is
for (the sandbox response-config body, as Yoti's Python and Go sandbox clients send it).

These are spec values (`yoti_idv.specs.SpecValue`): frozen, validated on construction, and
turned into JSON by the package's one converter without any registration of their own.
Strings such as a recommendation's ``value`` or a breakdown's ``sub_check`` are free,
non-blank strings: the sandbox exists to try out any answer, including ones Yoti adds later
(see `yoti_idv.models.RecommendationValue` and `BreakdownResult` for the known ones).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Self

import attrs

from yoti_idv.errors import SpecValidationError
from yoti_idv.vocabulary.validators import (
    check_country_code,
    check_non_blank_str,
    describe,
    field_path,
    instance_of,
    non_blank_str,
    optional,
    to_json_object,
    to_tuple,
)
from yoti_idv.vocabulary.values import SpecValue, omit_if_empty

__all__ = [
    "SandboxBreakdown",
    "SandboxBreakdownBuilder",
    "SandboxCheckReport",
    "SandboxCheckResult",
    "SandboxDetail",
    "SandboxDocumentFilter",
    "SandboxDocumentFilterBuilder",
    "SandboxRecommendation",
    "SandboxRecommendationBuilder",
    "SandboxTextDataCheckResult",
    "WithDocumentFields",
    "items_of_type",
]


class WithDocumentFields:
    """The document fields setters of the builders of text-data checks and extraction tasks:
    the fields read from the document, as a JSON object."""

    _document_fields: dict[str, Any] | None = None

    def with_document_field(self, key: str, value: Any) -> Self:
        """Add one field read from the document (any JSON value)."""
        if not isinstance(key, str):
            raise SpecValidationError(
                "result.document_fields", f"keys must be str, got {describe(key)}"
            )
        if self._document_fields is None:
            self._document_fields = {}
        self._document_fields[key] = value
        return self

    def with_document_fields(self, document_fields: Mapping[str, Any]) -> Self:
        """Replace the fields with a JSON object."""
        self._document_fields = dict(to_json_object(document_fields, "result.document_fields"))
        return self


def items_of_type(value: object, field: str, cls: type[Any], hint: str) -> tuple[Any, ...]:
    """`value` as a tuple whose every item is a `cls` (`hint` tells how to make one)."""
    items = to_tuple(value, field)
    for index, item in enumerate(items):
        if not isinstance(item, cls):
            forgot_build = " (call .build() on the builder)" if hasattr(item, "build") else ""
            raise SpecValidationError(
                f"{field}[{index}]",
                f"must be a {cls.__name__} ({hint}), got {describe(item)}{forgot_build}",
            )
    return items


def _str(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str):
        raise SpecValidationError(
            field_path(instance, attribute), f"must be a str, got {describe(value)}"
        )


# --- recommendation -----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class SandboxRecommendation(SpecValue):
    """``report.recommendation``: ``{"value": "APPROVE", "reason"?: ..., "recovery_suggestion"?:
    ...}``; the value is required (``APPROVE``, ``REJECT``, ``NOT_AVAILABLE``...)."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "recommendation."

    value: str = attrs.field(validator=non_blank_str)
    reason: str | None = attrs.field(default=None, validator=optional(non_blank_str))
    recovery_suggestion: str | None = attrs.field(default=None, validator=optional(non_blank_str))


class SandboxRecommendationBuilder:
    """Builds a `SandboxRecommendation`, as Yoti's Python sandbox package does."""

    def __init__(self) -> None:
        self._value: str | None = None
        self._reason: str | None = None
        self._recovery_suggestion: str | None = None

    def with_value(self, value: str) -> Self:
        """``APPROVE``, ``REJECT``, ``NOT_AVAILABLE``... (required)."""
        self._value = value
        return self

    def with_reason(self, reason: str) -> Self:
        """Why, e.g. ``QUALITY``, ``USER_ERROR``, ``FRAUD`` (for a non-APPROVE value)."""
        self._reason = reason
        return self

    def with_recovery_suggestion(self, recovery_suggestion: str) -> Self:
        """What the user could do, e.g. ``BETTER_LIGHTING``."""
        self._recovery_suggestion = recovery_suggestion
        return self

    def build(self) -> SandboxRecommendation:
        """The recommendation; a `SpecValidationError` names the first field that is wrong."""
        if self._value is None:
            raise SpecValidationError("recommendation.value", "is required: call with_value()")
        return SandboxRecommendation(
            value=self._value, reason=self._reason, recovery_suggestion=self._recovery_suggestion
        )


# --- breakdown ----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class SandboxDetail(SpecValue):
    """One ``details`` entry of a breakdown: ``{"name": ..., "value": ...}``."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "breakdown.details."

    name: str = attrs.field(validator=non_blank_str)
    value: str = attrs.field(validator=_str)


def _to_details(value: Iterable[SandboxDetail]) -> tuple[SandboxDetail, ...]:
    return items_of_type(value, "breakdown.details", SandboxDetail, "SandboxDetail(name=, value=)")


@attrs.frozen(kw_only=True)
class SandboxBreakdown(SpecValue):
    """A ``report.breakdown`` entry: a sub-check and its result (``PASS``, ``FAIL``...),
    with ``details`` (always sent, an empty list too, as every Yoti SDK does)."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "breakdown."

    sub_check: str = attrs.field(validator=non_blank_str)
    result: str = attrs.field(validator=non_blank_str)
    details: tuple[SandboxDetail, ...] = attrs.field(default=(), converter=_to_details)


class SandboxBreakdownBuilder:
    """Builds a `SandboxBreakdown`; sub-check and result are required.

    ``with_detail(name, value)`` as in Yoti's Java and Go sandbox builders; Yoti's Python
    sandbox passes one `SandboxDetail`, which works too.
    """

    def __init__(self) -> None:
        self._sub_check: str | None = None
        self._result: str | None = None
        self._details: list[Any] = []

    def with_sub_check(self, sub_check: str) -> Self:
        """The sub-check's name, e.g. ``document_in_date``."""
        self._sub_check = sub_check
        return self

    def with_result(self, result: str) -> Self:
        """``PASS``, ``FAIL``..."""
        self._result = result
        return self

    def with_detail(self, name: str | SandboxDetail, value: str | None = None) -> Self:
        """Add a detail: ``with_detail("name", "value")`` or ``with_detail(SandboxDetail(...))``."""
        if isinstance(name, SandboxDetail):
            if value is not None:
                raise SpecValidationError(
                    "breakdown.details", "takes a SandboxDetail alone, or a name and a value"
                )
            self._details.append(name)
            return self
        if value is None:
            raise SpecValidationError(
                "breakdown.details.value", "is required: call with_detail(name, value)"
            )
        self._details.append(SandboxDetail(name=name, value=value))
        return self

    def build(self) -> SandboxBreakdown:
        """The breakdown; a `SpecValidationError` names the first field that is wrong."""
        if self._sub_check is None:
            raise SpecValidationError("breakdown.sub_check", "is required: call with_sub_check()")
        if self._result is None:
            raise SpecValidationError("breakdown.result", "is required: call with_result()")
        return SandboxBreakdown(
            sub_check=self._sub_check, result=self._result, details=self._details
        )


# --- report and result --------------------------------------------------------------------


def _to_breakdowns(value: Iterable[SandboxBreakdown]) -> tuple[SandboxBreakdown, ...]:
    return items_of_type(
        value, "report.breakdown", SandboxBreakdown, "SandboxBreakdownBuilder().build()"
    )


@attrs.frozen(kw_only=True)
class SandboxCheckReport(SpecValue):
    """``result.report``: the recommendation and breakdown the check will report.

    Both are optional; an empty report is ``{}`` (as Yoti's Go SDK sends it), and the
    breakdown list is left out when empty (Go; Yoti's Python sandbox sends ``[]``).
    """

    _FIELD_PATH_PREFIX: ClassVar[str] = "report."

    recommendation: SandboxRecommendation | None = attrs.field(
        default=None,
        validator=optional(
            instance_of(SandboxRecommendation, "SandboxRecommendationBuilder().build()")
        ),
    )
    breakdown: tuple[SandboxBreakdown, ...] = attrs.field(
        default=(), converter=_to_breakdowns, metadata=omit_if_empty()
    )


@attrs.frozen(kw_only=True)
class SandboxCheckResult(SpecValue):
    """A sandbox check's ``result``: its `report`, and (Yoti's Java SDK) a `report_template`
    naming one of the sandbox's canned reports instead."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "result."

    report: SandboxCheckReport | None = attrs.field(
        default=None,
        validator=optional(instance_of(SandboxCheckReport, "a sandbox check builder")),
    )
    report_template: str | None = attrs.field(default=None, validator=optional(non_blank_str))


def _to_check_document_fields(value: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    return None if value is None else to_json_object(value, "result.document_fields")


@attrs.frozen(kw_only=True)
class SandboxTextDataCheckResult(SandboxCheckResult):
    """The ``result`` of a text data check: a `SandboxCheckResult` plus the
    ``document_fields`` (a free JSON object) the check reports as read."""

    document_fields: Mapping[str, Any] | None = attrs.field(
        default=None, converter=_to_check_document_fields
    )


# --- document filter ----------------------------------------------------------------------


def _to_filter_document_types(value: Iterable[str]) -> tuple[str, ...]:
    types = to_tuple(value, "document_filter.document_types")
    for index, document_type in enumerate(types):
        check_non_blank_str(f"document_filter.document_types[{index}]", document_type)
    return types


def _to_filter_country_codes(value: Iterable[str]) -> tuple[str, ...]:
    codes = to_tuple(value, "document_filter.country_codes")
    for index, code in enumerate(codes):
        check_country_code(f"document_filter.country_codes[{index}]", code)
    return codes


@attrs.frozen(kw_only=True)
class SandboxDocumentFilter(SpecValue):
    """Which documents a check report or task result applies to:
    ``{"document_types": [...], "country_codes": [...]}``, both always sent (an empty list
    matches any, as in every Yoti SDK). Country codes are ISO 3166-1 alpha-3."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "document_filter."

    document_types: tuple[str, ...] = attrs.field(default=(), converter=_to_filter_document_types)
    country_codes: tuple[str, ...] = attrs.field(default=(), converter=_to_filter_country_codes)


class SandboxDocumentFilterBuilder:
    """Builds a `SandboxDocumentFilter`, as Yoti's Python (``with_*``, one at a time) and
    Java/Go (``with_*s``, a list) sandbox builders do."""

    def __init__(self) -> None:
        self._document_types: list[Any] = []
        self._country_codes: list[Any] = []

    def with_document_type(self, document_type: str) -> Self:
        """Add a document type (``PASSPORT``...)."""
        self._document_types.append(document_type)
        return self

    def with_document_types(self, document_types: Iterable[str]) -> Self:
        """Replace the document types."""
        self._document_types = list(to_tuple(document_types, "document_filter.document_types"))
        return self

    def with_country_code(self, country_code: str) -> Self:
        """Add a country (ISO 3166-1 alpha-3)."""
        self._country_codes.append(country_code)
        return self

    def with_country_codes(self, country_codes: Iterable[str]) -> Self:
        """Replace the countries."""
        self._country_codes = list(to_tuple(country_codes, "document_filter.country_codes"))
        return self

    def build(self) -> SandboxDocumentFilter:
        """The filter; a `SpecValidationError` names the first field that is wrong."""
        return SandboxDocumentFilter(
            document_types=self._document_types, country_codes=self._country_codes
        )
