"""Checks: Yoti's verdicts on the resources of a session, each with a report.

Checks are discriminated by their ``type`` string through `CHECK_TYPES`; a type this version
does not know becomes an `UnknownCheck`, which still has every common field (``id``,
``state``, ``report`` ...) and keeps the raw payload, so code that only reads the common
fields works for checks Yoti adds later.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any, Final, TypeAlias

import attrs

from .media import GeneratedProfile, MediaHolder
from .tasks import GeneratedMedia

__all__ = [
    "CHECK_TYPES",
    "AuthenticityCheck",
    "Breakdown",
    "BreakdownDetail",
    "Check",
    "DocumentSchemeValidityCheck",
    "FaceComparisonCheck",
    "FaceMatchCheck",
    "IbvVisualReviewCheck",
    "IdDocumentComparisonCheck",
    "KnownCheck",
    "LivenessCheck",
    "ProfileCheck",
    "ProfileDocumentMatchCheck",
    "Recommendation",
    "Report",
    "SupplementaryDocumentTextDataCheck",
    "SynecticsIdentityFraudCheck",
    "TextDataCheck",
    "ThirdPartyIdentityCheck",
    "ThirdPartyIdentityFraud1Check",
    "UnknownCheck",
    "WatchlistAdvancedCaCheck",
    "WatchlistScreeningCheck",
    "WatchlistSummary",
]


def _wire_type_of(check: Check) -> str | None:
    # A check built by hand gets its class's wire type; parsed checks always carry the wire value.
    return _TYPE_OF_CLASS.get(check.__class__)


@attrs.frozen(kw_only=True)
class Recommendation:
    """The outcome of a check: `value` is ``APPROVE``, ``REJECT``, ``NOT_AVAILABLE`` ...

    `reason` (and `recovery_suggestion`) only come when the value is not ``APPROVE``.
    """

    value: str | None = None
    reason: str | None = None
    recovery_suggestion: str | None = None


@attrs.frozen(kw_only=True)
class BreakdownDetail:
    """A named value behind a sub-check, e.g. ``confidence_score`` = ``"1.00"``."""

    name: str | None = None
    value: str | None = None


@attrs.frozen(kw_only=True)
class Breakdown:
    """One sub-check of a report (``liveness_auth`` ...) and its `result` (PASS/FAIL)."""

    sub_check: str | None = None
    result: str | None = None
    process: str | None = None
    details: tuple[BreakdownDetail, ...] = ()


@attrs.frozen(kw_only=True)
class WatchlistSummary:
    """What a watchlist screening found.

    `search_config` is kept as the JSON object Yoti sent: its shape differs between simple
    screening (``{"categories": [...]}``) and advanced CA screening.
    """

    total_hits: int | None = None
    associated_country_codes: tuple[str, ...] = ()
    raw_results: MediaHolder | None = None
    search_config: Mapping[str, Any] | None = attrs.field(default=None, hash=False)


@attrs.frozen(kw_only=True)
class Report:
    """A check's report: the recommendation and the sub-check breakdown."""

    recommendation: Recommendation | None = None
    breakdown: tuple[Breakdown, ...] = ()
    watchlist_summary: WatchlistSummary | None = None


@attrs.frozen(kw_only=True)
class Check:
    """The fields every check has. `type` keeps the wire string (``LIVENESS`` ...).

    `report` is None until the check is done; `resources_used` are resource ids (see
    `GetSessionResult.resources_for_check`).
    """

    id: str | None = None
    type: str | None = attrs.field(default=attrs.Factory(_wire_type_of, takes_self=True))
    state: str | None = None
    resources_used: tuple[str, ...] = ()
    generated_media: tuple[GeneratedMedia, ...] = ()
    report: Report | None = None
    created: datetime | None = None
    last_updated: datetime | None = None


@attrs.frozen(kw_only=True)
class ProfileCheck(Check):
    """A check that produces a profile (third-party identity, watchlist screening ...)."""

    generated_profile: GeneratedProfile | None = None


@attrs.frozen(kw_only=True)
class AuthenticityCheck(Check):
    """``ID_DOCUMENT_AUTHENTICITY``: is the ID document genuine."""


@attrs.frozen(kw_only=True)
class TextDataCheck(Check):
    """``ID_DOCUMENT_TEXT_DATA_CHECK``: the fields extracted from an ID document."""


@attrs.frozen(kw_only=True)
class SupplementaryDocumentTextDataCheck(Check):
    """``SUPPLEMENTARY_DOCUMENT_TEXT_DATA_CHECK``: the fields of a supplementary document."""


@attrs.frozen(kw_only=True)
class FaceMatchCheck(Check):
    """``ID_DOCUMENT_FACE_MATCH``: does the document photo match the liveness capture."""


@attrs.frozen(kw_only=True)
class LivenessCheck(Check):
    """``LIVENESS``: one per liveness attempt, ZOOM or STATIC alike."""


@attrs.frozen(kw_only=True)
class IdDocumentComparisonCheck(Check):
    """``ID_DOCUMENT_COMPARISON``: do two ID documents belong to the same person."""


@attrs.frozen(kw_only=True)
class FaceComparisonCheck(Check):
    """``FACE_COMPARISON``: does an uploaded face capture match the liveness capture."""


@attrs.frozen(kw_only=True)
class ThirdPartyIdentityCheck(ProfileCheck):
    """``THIRD_PARTY_IDENTITY``: the identity checked against third-party data."""


@attrs.frozen(kw_only=True)
class ThirdPartyIdentityFraud1Check(ProfileCheck):
    """``THIRD_PARTY_IDENTITY_FRAUD_1``: a third-party fraud check."""


@attrs.frozen(kw_only=True)
class WatchlistScreeningCheck(ProfileCheck):
    """``WATCHLIST_SCREENING``: sanctions/PEP screening; see ``report.watchlist_summary``."""


@attrs.frozen(kw_only=True)
class WatchlistAdvancedCaCheck(ProfileCheck):
    """``WATCHLIST_ADVANCED_CA``: ComplyAdvantage screening; see ``report.watchlist_summary``."""


@attrs.frozen(kw_only=True)
class IbvVisualReviewCheck(Check):
    """``IBV_VISUAL_REVIEW_CHECK``: an in-branch visual review."""


@attrs.frozen(kw_only=True)
class DocumentSchemeValidityCheck(Check):
    """``DOCUMENT_SCHEME_VALIDITY_CHECK``: is the document valid for `scheme`."""

    scheme: str | None = None


@attrs.frozen(kw_only=True)
class ProfileDocumentMatchCheck(Check):
    """``PROFILE_DOCUMENT_MATCH``: does a profile match a document."""


@attrs.frozen(kw_only=True)
class SynecticsIdentityFraudCheck(ProfileCheck):
    """``SYNECTICS_IDENTITY_FRAUD``: a Synectics fraud check."""


@attrs.frozen(kw_only=True)
class UnknownCheck(Check):
    """A check type this version does not know; `raw` is the payload as Yoti sent it."""

    raw: Mapping[str, Any] = attrs.field(factory=dict, hash=False)


KnownCheck: TypeAlias = (
    AuthenticityCheck
    | TextDataCheck
    | SupplementaryDocumentTextDataCheck
    | FaceMatchCheck
    | LivenessCheck
    | IdDocumentComparisonCheck
    | FaceComparisonCheck
    | ThirdPartyIdentityCheck
    | ThirdPartyIdentityFraud1Check
    | WatchlistScreeningCheck
    | WatchlistAdvancedCaCheck
    | IbvVisualReviewCheck
    | DocumentSchemeValidityCheck
    | ProfileDocumentMatchCheck
    | SynecticsIdentityFraudCheck
)
"""The tagged union of check classes; the converter picks the member by ``type``."""

CHECK_TYPES: Final[Mapping[str, type[Check]]] = MappingProxyType(
    {
        "ID_DOCUMENT_AUTHENTICITY": AuthenticityCheck,
        "ID_DOCUMENT_TEXT_DATA_CHECK": TextDataCheck,
        "SUPPLEMENTARY_DOCUMENT_TEXT_DATA_CHECK": SupplementaryDocumentTextDataCheck,
        "ID_DOCUMENT_FACE_MATCH": FaceMatchCheck,
        "LIVENESS": LivenessCheck,
        "ID_DOCUMENT_COMPARISON": IdDocumentComparisonCheck,
        "FACE_COMPARISON": FaceComparisonCheck,
        "THIRD_PARTY_IDENTITY": ThirdPartyIdentityCheck,
        "THIRD_PARTY_IDENTITY_FRAUD_1": ThirdPartyIdentityFraud1Check,
        "WATCHLIST_SCREENING": WatchlistScreeningCheck,
        "WATCHLIST_ADVANCED_CA": WatchlistAdvancedCaCheck,
        "IBV_VISUAL_REVIEW_CHECK": IbvVisualReviewCheck,
        "DOCUMENT_SCHEME_VALIDITY_CHECK": DocumentSchemeValidityCheck,
        "PROFILE_DOCUMENT_MATCH": ProfileDocumentMatchCheck,
        "SYNECTICS_IDENTITY_FRAUD": SynecticsIdentityFraudCheck,
    }
)
"""Wire ``type`` -> class, for every member of `KnownCheck`."""

_TYPE_OF_CLASS: Final[Mapping[type[Check], str]] = {cls: tag for tag, cls in CHECK_TYPES.items()}
