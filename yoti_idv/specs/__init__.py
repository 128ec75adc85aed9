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
"""

from __future__ import annotations

from ._base import SpecValue
from ._checks import (
    RequestedCheck,
    RequestedDocumentAuthenticityCheck,
    RequestedDocumentAuthenticityCheckBuilder,
    RequestedFaceMatchCheck,
    RequestedFaceMatchCheckBuilder,
    RequestedIdDocumentComparisonCheck,
    RequestedIdDocumentComparisonCheckBuilder,
    RequestedLivenessCheck,
    RequestedLivenessCheckBuilder,
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
from ._enums import (
    AllowedCaptureMethods,
    BiometricConsentFlow,
    ChipData,
    DarkMode,
    Inclusion,
    LivenessType,
    ManualCheck,
    NotificationAuthType,
    NotificationTopic,
    SuppressedScreen,
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
from ._notifications import NotificationConfig, NotificationConfigBuilder
from ._sdk_config import AttemptsConfiguration, SdkConfig, SdkConfigBuilder
from ._session_spec import SessionSpec, SessionSpecBuilder
from ._tasks import (
    RequestedSupplementaryDocTextExtractionTask,
    RequestedSupplementaryDocTextExtractionTaskBuilder,
    RequestedTask,
    RequestedTextExtractionTask,
    RequestedTextExtractionTaskBuilder,
)

__all__ = [
    "AllowedCaptureMethods",
    "AttemptsConfiguration",
    "BiometricConsentFlow",
    "ChipData",
    "CountryRestriction",
    "DarkMode",
    "DocumentFilter",
    "DocumentRestriction",
    "DocumentRestrictionBuilder",
    "DocumentRestrictionsFilter",
    "DocumentRestrictionsFilterBuilder",
    "Inclusion",
    "LivenessType",
    "ManualCheck",
    "NotificationAuthType",
    "NotificationConfig",
    "NotificationConfigBuilder",
    "NotificationTopic",
    "Objective",
    "OrthogonalRestrictionsFilter",
    "OrthogonalRestrictionsFilterBuilder",
    "ProofOfAddressObjective",
    "ProofOfAddressObjectiveBuilder",
    "RequestedCheck",
    "RequestedDocumentAuthenticityCheck",
    "RequestedDocumentAuthenticityCheckBuilder",
    "RequestedFaceMatchCheck",
    "RequestedFaceMatchCheckBuilder",
    "RequestedIdDocumentComparisonCheck",
    "RequestedIdDocumentComparisonCheckBuilder",
    "RequestedLivenessCheck",
    "RequestedLivenessCheckBuilder",
    "RequestedSupplementaryDocTextExtractionTask",
    "RequestedSupplementaryDocTextExtractionTaskBuilder",
    "RequestedTask",
    "RequestedTextExtractionTask",
    "RequestedTextExtractionTaskBuilder",
    "RequiredDocument",
    "RequiredIdDocument",
    "RequiredIdDocumentBuilder",
    "RequiredSupplementaryDocument",
    "RequiredSupplementaryDocumentBuilder",
    "SdkConfig",
    "SdkConfigBuilder",
    "SessionSpec",
    "SessionSpecBuilder",
    "SpecValue",
    "SuppressedScreen",
    "TypeRestriction",
]
