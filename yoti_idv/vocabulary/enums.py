"""The closed vocabularies of a session specification.

Each is a `enum.StrEnum`, so a member *is* its wire string (``LivenessType.STATIC ==
"STATIC"``). Spec fields accept a member or its exact string value and store the member;
anything else is a `SpecValidationError` naming the field and the value.
"""

from __future__ import annotations

import enum

__all__ = [
    "AllowedCaptureMethods",
    "BiometricConsentFlow",
    "ChipData",
    "DarkMode",
    "IbvSupport",
    "Inclusion",
    "LivenessType",
    "ManualCheck",
    "ManualCheckWithIbv",
    "NotificationAuthType",
    "NotificationTopic",
    "SuppressedScreen",
]


class LivenessType(enum.StrEnum):
    """Which liveness capture a LIVENESS check asks of the user."""

    ZOOM = "ZOOM"
    """Active liveness: the user moves towards and away from the camera (FaceTec ZoOm)."""
    STATIC = "STATIC"
    """Passive liveness: one still image; what Yoti recommends for new integrations."""


class ManualCheck(enum.StrEnum):
    """When Yoti's staff review a check or task by hand."""

    ALWAYS = "ALWAYS"
    FALLBACK = "FALLBACK"
    """Only when the automated result is not conclusive."""
    NEVER = "NEVER"


class ManualCheckWithIbv(enum.StrEnum):
    """``manual_check`` of the in-branch (IBV) checks: `ManualCheck`'s values, and ``IBV``.

    Only ``IBV_VISUAL_REVIEW_CHECK``, ``DOCUMENT_SCHEME_VALIDITY_CHECK`` and
    ``PROFILE_DOCUMENT_MATCH`` take it (Yoti's Java SDK); a `ManualCheck` member is accepted
    wherever this is, since its value is the same string.
    """

    ALWAYS = "ALWAYS"
    FALLBACK = "FALLBACK"
    NEVER = "NEVER"
    IBV = "IBV"
    """The review happens at the branch, during the In-Branch Verification."""


class IbvSupport(enum.StrEnum):
    """``ibv_options.support``: whether the user verifies in a branch (In-Branch Verification)."""

    MANDATORY = "MANDATORY"
    NOT_ALLOWED = "NOT_ALLOWED"


class AllowedCaptureMethods(enum.StrEnum):
    """How the user may provide document images in Yoti's web/native client."""

    CAMERA = "CAMERA"
    CAMERA_AND_UPLOAD = "CAMERA_AND_UPLOAD"


class DarkMode(enum.StrEnum):
    """Whether Yoti's web client uses its dark theme."""

    ON = "ON"
    OFF = "OFF"
    AUTO = "AUTO"
    """Follow the user's device setting."""


class BiometricConsentFlow(enum.StrEnum):
    """When Yoti's client asks for biometric consent (where the law requires it)."""

    EARLY = "EARLY"
    """At the start of the flow."""
    JUST_IN_TIME = "JUST_IN_TIME"
    """Right before the first biometric capture."""


class NotificationTopic(enum.StrEnum):
    """Events Yoti can notify the relying business's endpoint about.

    The upper-case names are the wire values; spec fields also accept them in lower case
    (Yoti's own docs write ``client_session_token_deleted``).
    """

    RESOURCE_UPDATE = "RESOURCE_UPDATE"
    TASK_COMPLETION = "TASK_COMPLETION"
    CHECK_COMPLETION = "CHECK_COMPLETION"
    SESSION_COMPLETION = "SESSION_COMPLETION"
    CLIENT_SESSION_TOKEN_DELETED = "CLIENT_SESSION_TOKEN_DELETED"
    # In-branch verification (IBV) topics; only Yoti's Java SDK names them all (java#460).
    NEW_PDF_SUPPLIED = "NEW_PDF_SUPPLIED"
    INSTRUCTIONS_EMAIL_REQUESTED = "INSTRUCTIONS_EMAIL_REQUESTED"
    THANK_YOU_EMAIL_REQUESTED = "THANK_YOU_EMAIL_REQUESTED"
    FIRST_BRANCH_VISIT = "FIRST_BRANCH_VISIT"


class NotificationAuthType(enum.StrEnum):
    """How Yoti authenticates itself to the notification endpoint with the ``auth_token``."""

    BASIC = "BASIC"
    """``Authorization: Basic base64(auth_token)``; the token is ``"username:password"``."""
    BEARER = "BEARER"
    """``Authorization: Bearer <auth_token>``."""


class ChipData(enum.StrEnum):
    """Whether text extraction uses the data on an ID document's NFC chip when there is one."""

    DESIRED = "DESIRED"
    IGNORE = "IGNORE"


class Inclusion(enum.StrEnum):
    """Whether a document filter's list is the only one allowed or the ones refused."""

    WHITELIST = "WHITELIST"
    BLACKLIST = "BLACKLIST"


class SuppressedScreen(enum.StrEnum):
    """Screens of Yoti's web client that ``sdk_config.suppressed_screens`` can skip.

    The values Yoti's Python SDK documents. ``suppressed_screens`` also takes any other
    non-blank string, since Yoti adds screens without SDK releases. Moving from ZOOM to
    STATIC liveness means swapping ``ZOOM_LIVENESS_EDUCATION`` for
    ``STATIC_LIVENESS_EDUCATION``.
    """

    ID_DOCUMENT_EDUCATION = "ID_DOCUMENT_EDUCATION"
    ID_DOCUMENT_REQUIREMENTS = "ID_DOCUMENT_REQUIREMENTS"
    SUPPLEMENTARY_DOCUMENT_EDUCATION = "SUPPLEMENTARY_DOCUMENT_EDUCATION"
    ZOOM_LIVENESS_EDUCATION = "ZOOM_LIVENESS_EDUCATION"
    STATIC_LIVENESS_EDUCATION = "STATIC_LIVENESS_EDUCATION"
    FACE_CAPTURE_EDUCATION = "FACE_CAPTURE_EDUCATION"
    FLOW_COMPLETION = "FLOW_COMPLETION"
