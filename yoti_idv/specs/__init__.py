"""The request side: session specifications as frozen, validated values, and their builders.

Build a spec the way Yoti's Python SDK does, and send it with the client::

    liveness = RequestedLivenessCheckBuilder().for_static_liveness().with_max_retries(3).build()
    spec = (
        SessionSpecBuilder()
        .with_client_session_token_ttl(900)
        .with_resources_ttl(90_000)
        .with_requested_check(liveness)
        .with_sdk_config(SdkConfigBuilder().with_allows_camera_and_upload().build())
        .build()
    )

Every value validates itself on construction, whether a builder or the caller makes it: a
bad value raises `yoti_idv.errors.SpecValidationError` whose ``field`` is the dotted path of
the field (``sdk_config.font_colour``, ``notifications.topics[1]``; check and task fields
are ``config.<name>``, relative to the check, because its index is not known when it is
built). Enum fields take the member or its string value. `yoti_idv.converter` turns a spec
into the request JSON (``converter.unstructure(spec)``).

Beyond the core session (checks, tasks, required documents, filters, ``sdk_config``,
``notifications``), every field Yoti's SDKs send has a value and a builder: the other check
types (face comparison, third-party identity, watchlist screening and the polymorphic
WATCHLIST_ADVANCED_CA, the in-branch checks), identity profiles and their ``subject``, the
import token, In-Branch Verification options, resources created with the session, and Go's
``ephemeral_media``. The bodies of the other endpoints are spec values too:
`CreateFaceCaptureResourcePayload` (face capture) and `InstructionsPayload` (IBV
instructions).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from yoti_idv._lazy import lazy_exports as _lazy_exports
from yoti_idv.vocabulary.enums import (
    AllowedCaptureMethods,
    BiometricConsentFlow,
    ChipData,
    DarkMode,
    IbvSupport,
    Inclusion,
    LivenessType,
    ManualCheck,
    ManualCheckWithIbv,
    NotificationAuthType,
    NotificationTopic,
    SuppressedScreen,
)
from yoti_idv.vocabulary.values import SpecValue

from ._checks import (
    IssuingAuthoritySubCheck,
    IssuingAuthoritySubCheckBuilder,
    RequestedCheck,
    RequestedDocumentAuthenticityCheck,
    RequestedDocumentAuthenticityCheckBuilder,
    RequestedDocumentSchemeValidityCheck,
    RequestedDocumentSchemeValidityCheckBuilder,
    RequestedFaceComparisonCheck,
    RequestedFaceComparisonCheckBuilder,
    RequestedFaceMatchCheck,
    RequestedFaceMatchCheckBuilder,
    RequestedIbvVisualReviewCheck,
    RequestedIbvVisualReviewCheckBuilder,
    RequestedIdDocumentComparisonCheck,
    RequestedIdDocumentComparisonCheckBuilder,
    RequestedLivenessCheck,
    RequestedLivenessCheckBuilder,
    RequestedProfileDocumentMatchCheck,
    RequestedProfileDocumentMatchCheckBuilder,
    RequestedThirdPartyIdentityCheck,
    RequestedThirdPartyIdentityCheckBuilder,
    RequestedWatchlistScreeningCheck,
    RequestedWatchlistScreeningCheckBuilder,
    WatchlistCategory,
)
from ._documents import (
    Objective,
    ProofOfAddressObjective,
    ProofOfAddressObjectiveBuilder,
    RequiredDocument,
    RequiredIdDocument,
    RequiredIdDocumentBuilder,
    RequiredSupplementaryDocument,
    RequiredSupplementaryDocumentBuilder,
)
from ._filters import (
    CountryRestriction,
    DocumentFilter,
    DocumentRestriction,
    DocumentRestrictionBuilder,
    DocumentRestrictionsFilter,
    DocumentRestrictionsFilterBuilder,
    OrthogonalRestrictionsFilter,
    OrthogonalRestrictionsFilterBuilder,
    TypeRestriction,
)
from ._identity_profiles import (
    AdvancedIdentityProfilePayload,
    AdvancedIdentityProfilePayloadBuilder,
    AdvancedIdentityProfileRequirementsPayload,
    AdvancedIdentityProfileRequirementsPayloadBuilder,
    AdvancedIdentityProfileSchemeConfigPayload,
    AdvancedIdentityProfileSchemeConfigPayloadBuilder,
    AdvancedIdentityProfileSchemePayload,
    AdvancedIdentityProfileSchemePayloadBuilder,
    IdentityProfileRequirementsPayload,
    IdentityProfileRequirementsPayloadBuilder,
    IdentityProfileSchemePayload,
    IdentityProfileSchemePayloadBuilder,
    SubjectPayload,
    SubjectPayloadBuilder,
)
from ._notifications import (
    NotificationConfig,
    NotificationConfigBuilder,
)
from ._sdk_config import (
    AttemptsConfiguration,
    SdkConfig,
    SdkConfigBuilder,
)
from ._session_options import (
    IbvOptions,
    IbvOptionsBuilder,
    ImportTokenPayload,
    ImportTokenPayloadBuilder,
    ResourceCreationContainer,
    ResourceCreationContainerBuilder,
    UserPrice,
    UserPriceBuilder,
)
from ._session_spec import (
    SessionSpec,
    SessionSpecBuilder,
)
from ._tasks import (
    RequestedSupplementaryDocTextExtractionTask,
    RequestedSupplementaryDocTextExtractionTaskBuilder,
    RequestedTask,
    RequestedTextExtractionTask,
    RequestedTextExtractionTaskBuilder,
)
from ._watchlist_advanced_ca import (
    RequestedCaMatchingStrategy,
    RequestedCaSources,
    RequestedCustomAccountWatchlistAdvancedCaConfig,
    RequestedCustomAccountWatchlistAdvancedCaConfigBuilder,
    RequestedExactMatchingStrategy,
    RequestedExactMatchingStrategyBuilder,
    RequestedFuzzyMatchingStrategy,
    RequestedFuzzyMatchingStrategyBuilder,
    RequestedSearchProfileSources,
    RequestedSearchProfileSourcesBuilder,
    RequestedTypeListSources,
    RequestedTypeListSourcesBuilder,
    RequestedWatchlistAdvancedCaCheck,
    RequestedWatchlistAdvancedCaCheckBuilder,
    RequestedWatchlistAdvancedCaConfig,
    RequestedYotiAccountWatchlistAdvancedCaConfig,
    RequestedYotiAccountWatchlistAdvancedCaConfigBuilder,
)

# The bodies of other endpoints than session creation are imported on first use
# (`yoti_idv._lazy`): building a session spec never needs them.
if TYPE_CHECKING:
    from ._face_capture import (
        CreateFaceCaptureResourcePayload,
        CreateFaceCaptureResourcePayloadBuilder,
    )
    from ._instructions import (
        BranchPayload,
        ContactProfilePayload,
        ContactProfilePayloadBuilder,
        DocumentProposalPayload,
        DocumentProposalPayloadBuilder,
        InstructionsPayload,
        InstructionsPayloadBuilder,
        LocationPayload,
        LocationPayloadBuilder,
        SelectedDocumentPayload,
        SelectedIdDocumentPayload,
        SelectedIdDocumentPayloadBuilder,
        SelectedSupplementaryDocumentPayload,
        SelectedSupplementaryDocumentPayloadBuilder,
        UkPostOfficeBranchPayload,
        UkPostOfficeBranchPayloadBuilder,
    )

__all__ = [
    "AdvancedIdentityProfilePayload",
    "AdvancedIdentityProfilePayloadBuilder",
    "AdvancedIdentityProfileRequirementsPayload",
    "AdvancedIdentityProfileRequirementsPayloadBuilder",
    "AdvancedIdentityProfileSchemeConfigPayload",
    "AdvancedIdentityProfileSchemeConfigPayloadBuilder",
    "AdvancedIdentityProfileSchemePayload",
    "AdvancedIdentityProfileSchemePayloadBuilder",
    "AllowedCaptureMethods",
    "AttemptsConfiguration",
    "BiometricConsentFlow",
    "BranchPayload",
    "ChipData",
    "ContactProfilePayload",
    "ContactProfilePayloadBuilder",
    "CountryRestriction",
    "CreateFaceCaptureResourcePayload",
    "CreateFaceCaptureResourcePayloadBuilder",
    "DarkMode",
    "DocumentFilter",
    "DocumentProposalPayload",
    "DocumentProposalPayloadBuilder",
    "DocumentRestriction",
    "DocumentRestrictionBuilder",
    "DocumentRestrictionsFilter",
    "DocumentRestrictionsFilterBuilder",
    "IbvOptions",
    "IbvOptionsBuilder",
    "IbvSupport",
    "IdentityProfileRequirementsPayload",
    "IdentityProfileRequirementsPayloadBuilder",
    "IdentityProfileSchemePayload",
    "IdentityProfileSchemePayloadBuilder",
    "ImportTokenPayload",
    "ImportTokenPayloadBuilder",
    "Inclusion",
    "InstructionsPayload",
    "InstructionsPayloadBuilder",
    "IssuingAuthoritySubCheck",
    "IssuingAuthoritySubCheckBuilder",
    "LivenessType",
    "LocationPayload",
    "LocationPayloadBuilder",
    "ManualCheck",
    "ManualCheckWithIbv",
    "NotificationAuthType",
    "NotificationConfig",
    "NotificationConfigBuilder",
    "NotificationTopic",
    "Objective",
    "OrthogonalRestrictionsFilter",
    "OrthogonalRestrictionsFilterBuilder",
    "ProofOfAddressObjective",
    "ProofOfAddressObjectiveBuilder",
    "RequestedCaMatchingStrategy",
    "RequestedCaSources",
    "RequestedCheck",
    "RequestedCustomAccountWatchlistAdvancedCaConfig",
    "RequestedCustomAccountWatchlistAdvancedCaConfigBuilder",
    "RequestedDocumentAuthenticityCheck",
    "RequestedDocumentAuthenticityCheckBuilder",
    "RequestedDocumentSchemeValidityCheck",
    "RequestedDocumentSchemeValidityCheckBuilder",
    "RequestedExactMatchingStrategy",
    "RequestedExactMatchingStrategyBuilder",
    "RequestedFaceComparisonCheck",
    "RequestedFaceComparisonCheckBuilder",
    "RequestedFaceMatchCheck",
    "RequestedFaceMatchCheckBuilder",
    "RequestedFuzzyMatchingStrategy",
    "RequestedFuzzyMatchingStrategyBuilder",
    "RequestedIbvVisualReviewCheck",
    "RequestedIbvVisualReviewCheckBuilder",
    "RequestedIdDocumentComparisonCheck",
    "RequestedIdDocumentComparisonCheckBuilder",
    "RequestedLivenessCheck",
    "RequestedLivenessCheckBuilder",
    "RequestedProfileDocumentMatchCheck",
    "RequestedProfileDocumentMatchCheckBuilder",
    "RequestedSearchProfileSources",
    "RequestedSearchProfileSourcesBuilder",
    "RequestedSupplementaryDocTextExtractionTask",
    "RequestedSupplementaryDocTextExtractionTaskBuilder",
    "RequestedTask",
    "RequestedTextExtractionTask",
    "RequestedTextExtractionTaskBuilder",
    "RequestedThirdPartyIdentityCheck",
    "RequestedThirdPartyIdentityCheckBuilder",
    "RequestedTypeListSources",
    "RequestedTypeListSourcesBuilder",
    "RequestedWatchlistAdvancedCaCheck",
    "RequestedWatchlistAdvancedCaCheckBuilder",
    "RequestedWatchlistAdvancedCaConfig",
    "RequestedWatchlistScreeningCheck",
    "RequestedWatchlistScreeningCheckBuilder",
    "RequestedYotiAccountWatchlistAdvancedCaConfig",
    "RequestedYotiAccountWatchlistAdvancedCaConfigBuilder",
    "RequiredDocument",
    "RequiredIdDocument",
    "RequiredIdDocumentBuilder",
    "RequiredSupplementaryDocument",
    "RequiredSupplementaryDocumentBuilder",
    "ResourceCreationContainer",
    "ResourceCreationContainerBuilder",
    "SdkConfig",
    "SdkConfigBuilder",
    "SelectedDocumentPayload",
    "SelectedIdDocumentPayload",
    "SelectedIdDocumentPayloadBuilder",
    "SelectedSupplementaryDocumentPayload",
    "SelectedSupplementaryDocumentPayloadBuilder",
    "SessionSpec",
    "SessionSpecBuilder",
    "SpecValue",
    "SubjectPayload",
    "SubjectPayloadBuilder",
    "SuppressedScreen",
    "TypeRestriction",
    "UkPostOfficeBranchPayload",
    "UkPostOfficeBranchPayloadBuilder",
    "UserPrice",
    "UserPriceBuilder",
    "WatchlistCategory",
]

__getattr__ = _lazy_exports(__name__, globals(), ("._face_capture", "._instructions"))
