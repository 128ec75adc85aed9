"""Sessions: the answer to creating one, and the full result of retrieving one.

Both carry the client session token, a bearer secret for the end user's browser: it is
readable as an attribute but never shown in a repr, so a logged model cannot leak it.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

import attrs

from .checks import (
    AuthenticityCheck,
    Check,
    DocumentSchemeValidityCheck,
    FaceComparisonCheck,
    FaceMatchCheck,
    IbvVisualReviewCheck,
    IdDocumentComparisonCheck,
    LivenessCheck,
    ProfileDocumentMatchCheck,
    SupplementaryDocumentTextDataCheck,
    SynecticsIdentityFraudCheck,
    TextDataCheck,
    ThirdPartyIdentityCheck,
    ThirdPartyIdentityFraud1Check,
    UnknownCheck,
    WatchlistAdvancedCaCheck,
    WatchlistScreeningCheck,
)
from .identity_profile import (
    AdvancedIdentityProfileResult,
    IdentityProfilePreview,
    IdentityProfileResult,
)
from .media import MediaReference
from .resources import Resource, ResourceContainer

__all__ = ["CreateSessionResult", "GetSessionResult", "ImportToken"]

_C = TypeVar("_C", bound=Check)


def _redacted(value: str | None) -> str:
    return "None" if value is None else "'<redacted>'"


@attrs.frozen(kw_only=True)
class CreateSessionResult:
    """The answer to ``POST /sessions``: the new session's id and the end user's token.

    Unlike the other models, both ids are required: a create response without them is of no
    use, so it is a `ResponseValidationError` rather than a result full of None.
    """

    session_id: str
    client_session_token: str = attrs.field(repr=_redacted)
    client_session_token_ttl: int | None = None


@attrs.frozen(kw_only=True)
class ImportToken:
    """The import token a session was asked to create (``import_token`` in the spec).

    `media` refers to the token (fetch it with the media endpoint); `failure_reason` says
    why there is none.
    """

    media: MediaReference | None = None
    failure_reason: str | None = None


@attrs.frozen(kw_only=True)
class GetSessionResult:
    """Everything about a session at the time of the call: its state, checks and resources.

    `state` is ``ONGOING``, ``COMPLETED`` or ``EXPIRED`` so far (see `SessionState`), kept as
    a plain string so that a new state never breaks parsing. Checks and resources can be read
    before the session completes; some checks may not have a report yet. The identity
    profiles, their previews and the import token are there only when the session's spec
    asked for them.
    """

    session_id: str | None = None
    client_session_token: str | None = attrs.field(default=None, repr=_redacted)
    client_session_token_ttl: int | None = None
    user_tracking_id: str | None = None
    state: str | None = None
    biometric_consent: datetime | None = None
    checks: tuple[Check, ...] = ()
    # Never None: a session without resources gets an empty container, so that
    # ``session.resources.liveness_capture`` always works.
    resources: ResourceContainer = attrs.field(factory=ResourceContainer)
    identity_profile: IdentityProfileResult | None = None
    advanced_identity_profile: AdvancedIdentityProfileResult | None = None
    identity_profile_preview: IdentityProfilePreview | None = None
    advanced_identity_profile_preview: IdentityProfilePreview | None = None
    import_token: ImportToken | None = None

    def checks_of_type(self, check_class: type[_C]) -> tuple[_C, ...]:
        """The checks that are instances of `check_class` (e.g. `LivenessCheck`), in order."""
        return tuple(check for check in self.checks if isinstance(check, check_class))

    def resources_for_check(self, check: Check) -> tuple[Resource, ...]:
        """The resources a check used, in the order of ``check.resources_used``.

        Ids that match no resource of this session are skipped.
        """
        by_id = {resource.id: resource for resource in self.resources.all_resources}
        return tuple(by_id[rid] for rid in check.resources_used if rid in by_id)

    @property
    def liveness_checks(self) -> tuple[LivenessCheck, ...]:
        """``LIVENESS`` checks, one per attempt (ZOOM and STATIC alike)."""
        return self.checks_of_type(LivenessCheck)

    @property
    def liveness_passed(self) -> bool | None:
        """Did the user pass liveness: at least one LIVENESS check recommends ``APPROVE``.

        Yoti makes one LIVENESS check per attempt ("you should ensure liveness has at least
        one approval"), and an early attempt can be rejected before a later one is approved,
        so no single check answers the question. True as soon as one check approves; False
        when every check has its report and none approves (every attempt rejected); None when
        it cannot be told yet: no attempt was completed (none requested, the user has not
        finished or gave up) or a check still waits for its report.
        """
        checks = self.liveness_checks
        recommendations = [
            check.report.recommendation.value
            if check.report is not None and check.report.recommendation is not None
            else None
            for check in checks
        ]
        if "APPROVE" in recommendations:
            return True
        if not checks or None in recommendations:
            return None
        return False

    @property
    def authenticity_checks(self) -> tuple[AuthenticityCheck, ...]:
        """``ID_DOCUMENT_AUTHENTICITY`` checks."""
        return self.checks_of_type(AuthenticityCheck)

    @property
    def face_match_checks(self) -> tuple[FaceMatchCheck, ...]:
        """``ID_DOCUMENT_FACE_MATCH`` checks."""
        return self.checks_of_type(FaceMatchCheck)

    @property
    def text_data_checks(self) -> tuple[TextDataCheck, ...]:
        """``ID_DOCUMENT_TEXT_DATA_CHECK`` checks."""
        return self.checks_of_type(TextDataCheck)

    @property
    def supplementary_document_text_data_checks(
        self,
    ) -> tuple[SupplementaryDocumentTextDataCheck, ...]:
        """``SUPPLEMENTARY_DOCUMENT_TEXT_DATA_CHECK`` checks."""
        return self.checks_of_type(SupplementaryDocumentTextDataCheck)

    @property
    def id_document_comparison_checks(self) -> tuple[IdDocumentComparisonCheck, ...]:
        """``ID_DOCUMENT_COMPARISON`` checks."""
        return self.checks_of_type(IdDocumentComparisonCheck)

    @property
    def face_comparison_checks(self) -> tuple[FaceComparisonCheck, ...]:
        """``FACE_COMPARISON`` checks."""
        return self.checks_of_type(FaceComparisonCheck)

    @property
    def third_party_identity_checks(self) -> tuple[ThirdPartyIdentityCheck, ...]:
        """``THIRD_PARTY_IDENTITY`` checks."""
        return self.checks_of_type(ThirdPartyIdentityCheck)

    @property
    def third_party_identity_fraud_1_checks(self) -> tuple[ThirdPartyIdentityFraud1Check, ...]:
        """``THIRD_PARTY_IDENTITY_FRAUD_1`` checks."""
        return self.checks_of_type(ThirdPartyIdentityFraud1Check)

    @property
    def watchlist_screening_checks(self) -> tuple[WatchlistScreeningCheck, ...]:
        """``WATCHLIST_SCREENING`` checks."""
        return self.checks_of_type(WatchlistScreeningCheck)

    @property
    def watchlist_advanced_ca_checks(self) -> tuple[WatchlistAdvancedCaCheck, ...]:
        """``WATCHLIST_ADVANCED_CA`` checks."""
        return self.checks_of_type(WatchlistAdvancedCaCheck)

    @property
    def ibv_visual_review_checks(self) -> tuple[IbvVisualReviewCheck, ...]:
        """``IBV_VISUAL_REVIEW_CHECK`` checks."""
        return self.checks_of_type(IbvVisualReviewCheck)

    @property
    def document_scheme_validity_checks(self) -> tuple[DocumentSchemeValidityCheck, ...]:
        """``DOCUMENT_SCHEME_VALIDITY_CHECK`` checks."""
        return self.checks_of_type(DocumentSchemeValidityCheck)

    @property
    def profile_document_match_checks(self) -> tuple[ProfileDocumentMatchCheck, ...]:
        """``PROFILE_DOCUMENT_MATCH`` checks."""
        return self.checks_of_type(ProfileDocumentMatchCheck)

    @property
    def synectics_identity_fraud_checks(self) -> tuple[SynecticsIdentityFraudCheck, ...]:
        """``SYNECTICS_IDENTITY_FRAUD`` checks."""
        return self.checks_of_type(SynecticsIdentityFraudCheck)

    @property
    def unknown_checks(self) -> tuple[UnknownCheck, ...]:
        """Checks of a type this version does not know (each keeps its ``raw`` payload)."""
        return self.checks_of_type(UnknownCheck)
