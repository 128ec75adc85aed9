"""Identity profile results: what a session asked for with ``identity_profile_requirements``.

A session created with ``identity_profile_requirements`` (a trust framework such as
``UK_TFIDA`` and schemes such as ``DBS``/``RTW``) comes back with an ``identity_profile``;
one created with ``advanced_identity_profile_requirements`` with an
``advanced_identity_profile``, whose report lists compliance per trust framework. Either has
a `result` (``DONE`` when a profile was built), a `failure_reason` when it could not be, and
a report whose `media` is a JSON document (the identity assertion and verification report):
fetch it with the media endpoint and call `MediaContent.json`.

``create_identity_profile_preview`` adds an ``identity_profile_preview`` (and the advanced
kind an ``advanced_identity_profile_preview``): an `IdentityProfilePreview`, one media.
"""

from __future__ import annotations

import attrs

from .media import MediaHolder, MediaReference

__all__ = [
    "AdvancedIdentityProfileReport",
    "AdvancedIdentityProfileResult",
    "IdentityProfileFailureReason",
    "IdentityProfilePreview",
    "IdentityProfileReport",
    "IdentityProfileReportScheme",
    "IdentityProfileResult",
    "IdentityProfileSchemeCompliance",
    "IdentityProfileTrustFrameworkCompliance",
    "RequirementNotMetDetail",
]


@attrs.frozen(kw_only=True)
class RequirementNotMetDetail:
    """One reason a requirement was not met, e.g. a document that failed a check.

    `failure_type` names what failed (``ID_DOCUMENT_AUTHENTICITY`` ...); `audit_id` is the
    reference to quote to Yoti's support.
    """

    failure_type: str | None = None
    document_type: str | None = None
    document_country_iso_code: str | None = None
    audit_id: str | None = None
    details: str | None = None


@attrs.frozen(kw_only=True)
class IdentityProfileFailureReason:
    """Why no identity profile could be built: `reason_code` and the details behind it.

    `reason_code` is e.g. ``MANDATORY_DOCUMENT_COULD_NOT_BE_PROVIDED``, ``FRAUD_DETECTED``
    or ``MISSING_LIVENESS`` (Yoti's documentation lists them).
    """

    reason_code: str | None = None
    requirements_not_met_details: tuple[RequirementNotMetDetail, ...] = ()


@attrs.frozen(kw_only=True)
class IdentityProfileReportScheme:
    """A scheme of a report: `type` (``DBS``, ``RTW``, ``RTR`` ...), `objective`
    (``BASIC``, ``STANDARD`` ... for DBS) and, in an advanced report, the `label` that the
    session's requirements gave it."""

    type: str | None = None
    objective: str | None = None
    label: str | None = None


@attrs.frozen(kw_only=True)
class IdentityProfileSchemeCompliance:
    """Whether the identity satisfies one scheme; if not, `requirements_not_met_info` says
    why (and, when Yoti sends them, `requirements_not_met_details` in detail)."""

    scheme: IdentityProfileReportScheme | None = None
    requirements_met: bool | None = None
    requirements_not_met_info: str | None = None
    requirements_not_met_details: tuple[RequirementNotMetDetail, ...] = ()


@attrs.frozen(kw_only=True)
class IdentityProfileReport:
    """The report of an identity profile: compliance with each scheme of `trust_framework`.

    `media` is the full report, a JSON document (fetch it with the media endpoint).
    """

    trust_framework: str | None = None
    schemes_compliance: tuple[IdentityProfileSchemeCompliance, ...] = ()
    media: MediaReference | None = None


@attrs.frozen(kw_only=True)
class IdentityProfileTrustFrameworkCompliance:
    """An advanced report's compliance with one trust framework, scheme by scheme."""

    trust_framework: str | None = None
    schemes_compliance: tuple[IdentityProfileSchemeCompliance, ...] = ()


@attrs.frozen(kw_only=True)
class AdvancedIdentityProfileReport:
    """The report of an advanced identity profile: compliance per trust framework.

    `media` is the full report, a JSON document (fetch it with the media endpoint).
    """

    compliance: tuple[IdentityProfileTrustFrameworkCompliance, ...] = ()
    media: MediaReference | None = None


@attrs.frozen(kw_only=True)
class IdentityProfileResult:
    """``session.identity_profile``: the identity profile built for `subject_id`, or why not.

    `result` is ``DONE`` once the profile is complete; `identity_profile_report` is None
    until then, and when the profile failed (see `failure_reason`).
    """

    subject_id: str | None = None
    result: str | None = None
    failure_reason: IdentityProfileFailureReason | None = None
    identity_profile_report: IdentityProfileReport | None = None


@attrs.frozen(kw_only=True)
class AdvancedIdentityProfileResult:
    """``session.advanced_identity_profile``: like `IdentityProfileResult`, with an
    `AdvancedIdentityProfileReport` (compliance per trust framework)."""

    subject_id: str | None = None
    result: str | None = None
    failure_reason: IdentityProfileFailureReason | None = None
    identity_profile_report: AdvancedIdentityProfileReport | None = None


@attrs.frozen(kw_only=True)
class IdentityProfilePreview(MediaHolder):
    """An identity profile preview (``create_identity_profile_preview``), as one media."""
