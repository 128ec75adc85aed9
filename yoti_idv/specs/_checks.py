"""Requested checks (``requested_checks[]``): ``{"type": TYPE, "config": {...}}`` each.

One class per check type with its config fields, and a builder named and shaped like the
one in Yoti's Python SDK (``yoti_python_sdk.doc_scan``), so that code moves over line by
line. Adding a check type is a `RequestedCheck` subclass with a ``TYPE`` and its fields, plus
a builder; serialization needs nothing new.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Final, Self

import attrs

from yoti_idv.errors import SpecValidationError
from yoti_idv.vocabulary.enums import LivenessType, ManualCheck, ManualCheckWithIbv
from yoti_idv.vocabulary.rules import DEFAULT_LIVENESS_MAX_RETRIES, MIN_LIVENESS_MAX_RETRIES
from yoti_idv.vocabulary.validators import (
    check_non_blank_str,
    describe,
    instance_of,
    int_at_least,
    non_blank_str,
    optional,
    strict_bool,
    to_enum,
    to_tuple,
)
from yoti_idv.vocabulary.values import SpecValue, TypedConfigSpecValue

from ._filters import DocumentFilter
from ._manual_check import (
    ManualCheckChoices,
    ManualCheckWithIbvChoices,
    to_manual_check,
    to_manual_check_with_ibv,
    to_optional_manual_check,
)

__all__ = [
    "IssuingAuthoritySubCheck",
    "IssuingAuthoritySubCheckBuilder",
    "RequestedCheck",
    "RequestedDocumentAuthenticityCheck",
    "RequestedDocumentAuthenticityCheckBuilder",
    "RequestedDocumentSchemeValidityCheck",
    "RequestedDocumentSchemeValidityCheckBuilder",
    "RequestedFaceComparisonCheck",
    "RequestedFaceComparisonCheckBuilder",
    "RequestedFaceMatchCheck",
    "RequestedFaceMatchCheckBuilder",
    "RequestedIbvVisualReviewCheck",
    "RequestedIbvVisualReviewCheckBuilder",
    "RequestedIdDocumentComparisonCheck",
    "RequestedIdDocumentComparisonCheckBuilder",
    "RequestedLivenessCheck",
    "RequestedLivenessCheckBuilder",
    "RequestedProfileDocumentMatchCheck",
    "RequestedProfileDocumentMatchCheckBuilder",
    "RequestedThirdPartyIdentityCheck",
    "RequestedThirdPartyIdentityCheckBuilder",
    "RequestedWatchlistScreeningCheck",
    "RequestedWatchlistScreeningCheckBuilder",
    "WatchlistCategory",
]

_FILTER_HINT = "OrthogonalRestrictionsFilterBuilder or DocumentRestrictionsFilterBuilder"


@attrs.frozen(kw_only=True)
class RequestedCheck(TypedConfigSpecValue):
    """Base of every entry of `SessionSpec.requested_checks`.

    Sent as ``{"type": TYPE, "config": {<the subclass's fields>}}``. Validation errors name
    config fields as ``config.<name>``.
    """


# --- LIVENESS -----------------------------------------------------------------------------


def _to_liveness_type(value: LivenessType | str) -> LivenessType:
    return to_enum(LivenessType, value, "config.liveness_type")


def _to_liveness_manual_check(value: ManualCheck | str | None) -> ManualCheck | None:
    manual_check = to_optional_manual_check(value)
    if manual_check is not None and manual_check is not ManualCheck.NEVER:
        raise SpecValidationError(
            "config.manual_check",
            "a LIVENESS check takes only NEVER (Yoti offers no manual review of liveness), "
            f"got {describe(value)}",
        )
    return manual_check


@attrs.frozen(kw_only=True)
class RequestedLivenessCheck(RequestedCheck):
    """A LIVENESS check: ``{"liveness_type": "STATIC"|"ZOOM", "max_retries": n}``.

    `max_retries` defaults to 1 (as in Yoti's node, java, .NET and php SDKs) and is always
    sent. `manual_check` is sent only when the caller asks for it (NEVER is the one value
    liveness takes): Yoti's Go SDK adds ``"manual_check": "NEVER"`` to every STATIC check
    and .NET to every check; we never add a field the caller did not set.
    """

    TYPE: ClassVar[str] = "LIVENESS"

    liveness_type: LivenessType = attrs.field(converter=_to_liveness_type)
    max_retries: int = attrs.field(
        default=DEFAULT_LIVENESS_MAX_RETRIES, validator=int_at_least(MIN_LIVENESS_MAX_RETRIES)
    )
    manual_check: ManualCheck | None = attrs.field(
        default=None, converter=_to_liveness_manual_check
    )


class RequestedLivenessCheckBuilder:
    """Builds a `RequestedLivenessCheck`.

    ``RequestedLivenessCheckBuilder().for_static_liveness().with_max_retries(3).build()``
    """

    def __init__(self) -> None:
        self._liveness_type: LivenessType | str | None = None
        self._max_retries: int = DEFAULT_LIVENESS_MAX_RETRIES
        self._manual_check: ManualCheck | None = None

    def for_zoom_liveness(self) -> Self:
        """Active liveness (``ZOOM``)."""
        return self.with_liveness_type(LivenessType.ZOOM)

    def for_static_liveness(self) -> Self:
        """Passive liveness (``STATIC``), which Yoti recommends."""
        return self.with_liveness_type(LivenessType.STATIC)

    def with_liveness_type(self, liveness_type: LivenessType | str) -> Self:
        """A `LivenessType` or its string value, ``"STATIC"`` or ``"ZOOM"``."""
        self._liveness_type = liveness_type
        return self

    def with_max_retries(self, max_retries: int) -> Self:
        """How many attempts the user gets before the liveness check fails (default 1).

        Yoti: "There must be a minimum of 1 attempt. Yoti recommends 3 attempts". An attempt
        is a completed capture, approved or rejected (an abandoned one does not count), and
        each makes its own LIVENESS check: see `GetSessionResult.liveness_passed`.
        """
        self._max_retries = max_retries
        return self

    def with_manual_check_never(self) -> Self:
        """Send ``"manual_check": "NEVER"`` (otherwise no manual_check is sent)."""
        self._manual_check = ManualCheck.NEVER
        return self

    def build(self) -> RequestedLivenessCheck:
        """The check; a `SpecValidationError` names the first field that is wrong."""
        if self._liveness_type is None:
            raise SpecValidationError(
                "config.liveness_type",
                "is required: call for_static_liveness(), for_zoom_liveness() "
                "or with_liveness_type()",
            )
        return RequestedLivenessCheck(
            liveness_type=self._liveness_type,
            max_retries=self._max_retries,
            manual_check=self._manual_check,
        )


# --- ID_DOCUMENT_FACE_MATCH ---------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RequestedFaceMatchCheck(RequestedCheck):
    """An ID_DOCUMENT_FACE_MATCH check (the document photo against the liveness capture).

    `manual_check` is required, as in Yoti's node, java, .NET and php SDKs.
    """

    TYPE: ClassVar[str] = "ID_DOCUMENT_FACE_MATCH"

    manual_check: ManualCheck = attrs.field(converter=to_manual_check)


class RequestedFaceMatchCheckBuilder(ManualCheckChoices):
    """Builds a `RequestedFaceMatchCheck`; one ``with_manual_check_*`` call is required."""

    def build(self) -> RequestedFaceMatchCheck:
        """The check; a `SpecValidationError` when no manual check was chosen."""
        return RequestedFaceMatchCheck(manual_check=self._required_manual_check())


# --- ID_DOCUMENT_AUTHENTICITY -------------------------------------------------------------


@attrs.frozen(kw_only=True)
class IssuingAuthoritySubCheck(SpecValue):
    """``config.issuing_authority_sub_check`` of an ID_DOCUMENT_AUTHENTICITY check.

    Asks Yoti to verify the document with its issuing authority as well, for the documents
    `filter` admits (all of them when unset): ``{"requested": true, "filter"?: {...}}``.
    `requested` is always sent (Yoti's Java SDK can send false, which turns the sub-check off).
    """

    _FIELD_PATH_PREFIX: ClassVar[str] = "config.issuing_authority_sub_check."

    requested: bool = attrs.field(default=True, validator=strict_bool)
    filter: DocumentFilter | None = attrs.field(
        default=None, validator=optional(instance_of(DocumentFilter, _FILTER_HINT))
    )


class IssuingAuthoritySubCheckBuilder:
    """Builds an `IssuingAuthoritySubCheck` (named as in Yoti's Python SDK)."""

    def __init__(self) -> None:
        self._requested: bool = True
        self._filter: DocumentFilter | None = None

    def with_filter(self, document_filter: DocumentFilter) -> Self:
        """Run the sub-check only for the documents the filter admits."""
        self._filter = document_filter
        return self

    def with_requested(self, requested: bool) -> Self:
        """Whether the sub-check runs (default True)."""
        self._requested = requested
        return self

    def build(self) -> IssuingAuthoritySubCheck:
        """The sub-check; a `SpecValidationError` names the first field that is wrong."""
        return IssuingAuthoritySubCheck(requested=self._requested, filter=self._filter)


@attrs.frozen(kw_only=True)
class RequestedDocumentAuthenticityCheck(RequestedCheck):
    """An ID_DOCUMENT_AUTHENTICITY check; ``"config": {}`` unless a field is set.

    `issuing_authority_sub_check` is sent by Yoti's Java and .NET SDKs only (Python's
    builder exists but is never wired in, PHP's serializes as ``{}``).
    """

    TYPE: ClassVar[str] = "ID_DOCUMENT_AUTHENTICITY"

    manual_check: ManualCheck | None = attrs.field(default=None, converter=to_optional_manual_check)
    issuing_authority_sub_check: IssuingAuthoritySubCheck | None = attrs.field(
        default=None,
        validator=optional(
            instance_of(IssuingAuthoritySubCheck, "IssuingAuthoritySubCheckBuilder().build()")
        ),
    )


class RequestedDocumentAuthenticityCheckBuilder(ManualCheckChoices):
    """Builds a `RequestedDocumentAuthenticityCheck`; every setting is optional."""

    def __init__(self) -> None:
        super().__init__()
        self._issuing_authority_sub_check: Any = None

    def with_issuing_authority_sub_check(
        self, sub_check: IssuingAuthoritySubCheck | DocumentFilter | None = None
    ) -> Self:
        """Verify the document with its issuing authority too (Java's
        ``withIssuingAuthoritySubCheck``): pass nothing for every document, a
        `DocumentFilter` to narrow them, or a built `IssuingAuthoritySubCheck`."""
        if sub_check is None or isinstance(sub_check, DocumentFilter):
            self._issuing_authority_sub_check = IssuingAuthoritySubCheck(filter=sub_check)
        else:  # an IssuingAuthoritySubCheck, or a wrong value the check's validator names
            self._issuing_authority_sub_check = sub_check
        return self

    def build(self) -> RequestedDocumentAuthenticityCheck:
        """The check; a `SpecValidationError` names the first field that is wrong."""
        return RequestedDocumentAuthenticityCheck(
            manual_check=self._manual_check,
            issuing_authority_sub_check=self._issuing_authority_sub_check,
        )


# --- ID_DOCUMENT_COMPARISON ---------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RequestedIdDocumentComparisonCheck(RequestedCheck):
    """An ID_DOCUMENT_COMPARISON check (the ID document against a second one); no config."""

    TYPE: ClassVar[str] = "ID_DOCUMENT_COMPARISON"


class RequestedIdDocumentComparisonCheckBuilder:
    """Builds a `RequestedIdDocumentComparisonCheck` (Yoti's Python SDK spells it ``ID``)."""

    def build(self) -> RequestedIdDocumentComparisonCheck:
        """The check."""
        return RequestedIdDocumentComparisonCheck()


# --- FACE_COMPARISON ----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RequestedFaceComparisonCheck(RequestedCheck):
    """A FACE_COMPARISON check: the face capture against the user's other images.

    `manual_check` is required, as in Yoti's Java, .NET and PHP SDKs.
    """

    TYPE: ClassVar[str] = "FACE_COMPARISON"

    manual_check: ManualCheck = attrs.field(converter=to_manual_check)


class RequestedFaceComparisonCheckBuilder(ManualCheckChoices):
    """Builds a `RequestedFaceComparisonCheck`; one ``with_manual_check_*`` call is required."""

    def build(self) -> RequestedFaceComparisonCheck:
        """The check; a `SpecValidationError` when no manual check was chosen."""
        return RequestedFaceComparisonCheck(manual_check=self._required_manual_check())


# --- THIRD_PARTY_IDENTITY -----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RequestedThirdPartyIdentityCheck(RequestedCheck):
    """A THIRD_PARTY_IDENTITY check (the user's details against credit agencies); no config."""

    TYPE: ClassVar[str] = "THIRD_PARTY_IDENTITY"


class RequestedThirdPartyIdentityCheckBuilder:
    """Builds a `RequestedThirdPartyIdentityCheck`."""

    def build(self) -> RequestedThirdPartyIdentityCheck:
        """The check."""
        return RequestedThirdPartyIdentityCheck()


# --- WATCHLIST_SCREENING ------------------------------------------------------------------


class WatchlistCategory:
    """The ``categories`` Yoti's SDKs name for a WATCHLIST_SCREENING check (others are
    accepted: Yoti adds categories without SDK releases)."""

    ADVERSE_MEDIA: Final = "ADVERSE-MEDIA"
    SANCTIONS: Final = "SANCTIONS"


def _to_watchlist_categories(value: Iterable[str]) -> tuple[str, ...]:
    categories = to_tuple(value, "config.categories")
    if not categories:
        raise SpecValidationError(
            "config.categories",
            "must name at least one category, e.g. WatchlistCategory.SANCTIONS",
        )
    for index, category in enumerate(categories):
        check_non_blank_str(f"config.categories[{index}]", category)
    # Yoti's node and PHP SDKs de-duplicate too; the first-seen order is kept.
    return tuple(dict.fromkeys(categories))


@attrs.frozen(kw_only=True)
class RequestedWatchlistScreeningCheck(RequestedCheck):
    """A WATCHLIST_SCREENING check: ``{"categories": [...], "manual_check"?: ...}``.

    `categories` is a non-empty list of non-blank strings (see `WatchlistCategory`),
    de-duplicated in order. `manual_check` is sent by Yoti's Python SDK only, when set.
    """

    TYPE: ClassVar[str] = "WATCHLIST_SCREENING"

    categories: tuple[str, ...] = attrs.field(converter=_to_watchlist_categories)
    manual_check: ManualCheck | None = attrs.field(default=None, converter=to_optional_manual_check)


class RequestedWatchlistScreeningCheckBuilder:
    """Builds a `RequestedWatchlistScreeningCheck`.

    ``RequestedWatchlistScreeningCheckBuilder().with_adverse_media_category()
    .with_sanctions_category().build()``; Yoti's Python SDK's ``with_categories(list)`` and
    ``with_manual_check(value)`` work too.
    """

    def __init__(self) -> None:
        self._categories: list[Any] = []
        self._manual_check: ManualCheck | str | None = None

    def with_category(self, category: str) -> Self:
        """Add a category (a later duplicate is dropped)."""
        self._categories.append(category)
        return self

    def with_categories(self, categories: Iterable[str]) -> Self:
        """Replace the categories."""
        self._categories = list(to_tuple(categories, "config.categories"))
        return self

    def with_adverse_media_category(self) -> Self:
        """Screen against adverse media (``ADVERSE-MEDIA``)."""
        return self.with_category(WatchlistCategory.ADVERSE_MEDIA)

    def with_sanctions_category(self) -> Self:
        """Screen against sanctions lists (``SANCTIONS``)."""
        return self.with_category(WatchlistCategory.SANCTIONS)

    def with_manual_check(self, manual_check: ManualCheck | str) -> Self:
        """``ALWAYS``, ``FALLBACK`` or ``NEVER`` (sent only when set)."""
        self._manual_check = manual_check
        return self

    def build(self) -> RequestedWatchlistScreeningCheck:
        """The check; a `SpecValidationError` names the first field that is wrong."""
        return RequestedWatchlistScreeningCheck(
            categories=self._categories, manual_check=self._manual_check
        )


# --- In-branch (IBV) checks: Yoti's Java SDK only ----------------------------------------


@attrs.frozen(kw_only=True)
class RequestedIbvVisualReviewCheck(RequestedCheck):
    """An IBV_VISUAL_REVIEW_CHECK: the documents are reviewed by eye in the branch.

    `manual_check` is required and may be ``IBV`` (`ManualCheckWithIbv`).
    """

    TYPE: ClassVar[str] = "IBV_VISUAL_REVIEW_CHECK"

    manual_check: ManualCheckWithIbv = attrs.field(converter=to_manual_check_with_ibv)


class RequestedIbvVisualReviewCheckBuilder(ManualCheckWithIbvChoices):
    """Builds a `RequestedIbvVisualReviewCheck`; one ``with_manual_check_*`` call is required."""

    def build(self) -> RequestedIbvVisualReviewCheck:
        """The check; a `SpecValidationError` when no manual check was chosen."""
        return RequestedIbvVisualReviewCheck(manual_check=self._required_manual_check())


@attrs.frozen(kw_only=True)
class RequestedDocumentSchemeValidityCheck(RequestedCheck):
    """A DOCUMENT_SCHEME_VALIDITY_CHECK: is the document valid for a `scheme` (e.g. a
    right-to-work scheme)? `manual_check` (may be ``IBV``) and `scheme` are required."""

    TYPE: ClassVar[str] = "DOCUMENT_SCHEME_VALIDITY_CHECK"

    manual_check: ManualCheckWithIbv = attrs.field(converter=to_manual_check_with_ibv)
    scheme: str = attrs.field(validator=non_blank_str)


class RequestedDocumentSchemeValidityCheckBuilder(ManualCheckWithIbvChoices):
    """Builds a `RequestedDocumentSchemeValidityCheck`; the manual check and scheme are required."""

    def __init__(self) -> None:
        super().__init__()
        self._scheme: str | None = None

    def with_scheme(self, scheme: str) -> Self:
        """The scheme the document must be valid for."""
        self._scheme = scheme
        return self

    def build(self) -> RequestedDocumentSchemeValidityCheck:
        """The check; a `SpecValidationError` names the first field that is wrong."""
        manual_check = self._required_manual_check()
        if self._scheme is None:
            raise SpecValidationError("config.scheme", "is required: call with_scheme(scheme)")
        return RequestedDocumentSchemeValidityCheck(manual_check=manual_check, scheme=self._scheme)


@attrs.frozen(kw_only=True)
class RequestedProfileDocumentMatchCheck(RequestedCheck):
    """A PROFILE_DOCUMENT_MATCH check: the applicant profile against the document.

    `manual_check` is required and may be ``IBV``.
    """

    TYPE: ClassVar[str] = "PROFILE_DOCUMENT_MATCH"

    manual_check: ManualCheckWithIbv = attrs.field(converter=to_manual_check_with_ibv)


class RequestedProfileDocumentMatchCheckBuilder(ManualCheckWithIbvChoices):
    """Builds a `RequestedProfileDocumentMatchCheck`; one ``with_manual_check_*`` call is
    required."""

    def build(self) -> RequestedProfileDocumentMatchCheck:
        """The check; a `SpecValidationError` when no manual check was chosen."""
        return RequestedProfileDocumentMatchCheck(manual_check=self._required_manual_check())
