"""Webhooks: parse Yoti's IDV notifications and check their ``Authorization`` header.

Yoti POSTs ``{"session_id", "topic", and "resource_id" | "check_id" | "task_id"}`` to the
session's notification endpoint. Topics are UPPER_CASE in the session spec but arrive in lower
case (``session_completion``), so they are matched case-insensitively. The payload carries no
results: treat it as a hint, fetch the session, and be idempotent (delivery is at least once,
in no guaranteed order). Notifications are not signed; the only proof of origin is the shared
``auth_token`` of the session's notification config, sent as ``Authorization: Basic
base64(auth_token)`` or ``Authorization: Bearer auth_token`` (as Yoti sends them).
"""

from __future__ import annotations

import base64
import binascii
import enum
import hmac
from collections.abc import Mapping
from typing import Any

import attrs

from . import _json
from .errors import ConfigurationError, YotiIDVError

__all__ = [
    "InvalidNotificationError",
    "Notification",
    "NotificationAuthError",
    "NotificationError",
    "WebhookTopic",
    "parse_notification",
    "verify_notification_auth",
]


class NotificationError(YotiIDVError):
    """A received notification could not be accepted."""


class InvalidNotificationError(NotificationError, ValueError):
    """The body is not a notification: not JSON, not an object, or a required field is missing."""


class NotificationAuthError(NotificationError):
    """The ``Authorization`` header is missing or does not match the configured auth token."""


class WebhookTopic(enum.StrEnum):
    """The topic of a received notification; `UNKNOWN` for a topic this SDK does not know yet."""

    RESOURCE_UPDATE = "RESOURCE_UPDATE"
    TASK_COMPLETION = "TASK_COMPLETION"
    CHECK_COMPLETION = "CHECK_COMPLETION"
    SESSION_COMPLETION = "SESSION_COMPLETION"
    CLIENT_SESSION_TOKEN_DELETED = "CLIENT_SESSION_TOKEN_DELETED"
    NEW_PDF_SUPPLIED = "NEW_PDF_SUPPLIED"
    INSTRUCTIONS_EMAIL_REQUESTED = "INSTRUCTIONS_EMAIL_REQUESTED"
    THANK_YOU_EMAIL_REQUESTED = "THANK_YOU_EMAIL_REQUESTED"
    FIRST_BRANCH_VISIT = "FIRST_BRANCH_VISIT"
    UNKNOWN = "UNKNOWN"

    @classmethod
    def from_wire(cls, value: str) -> WebhookTopic:
        try:
            return cls(value.strip().upper())
        except ValueError:
            return cls.UNKNOWN


@attrs.frozen(kw_only=True)
class Notification:
    """One received notification.

    `topic` is the parsed topic (`WebhookTopic.UNKNOWN` for a new one) and `topic_name` the
    topic as received, so an unknown topic can still be logged or routed. `raw` is the whole
    payload, unknown keys included.
    """

    session_id: str
    topic: WebhookTopic
    topic_name: str
    resource_id: str | None = None
    check_id: str | None = None
    task_id: str | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)


def parse_notification(
    body: bytes | str | Mapping[str, Any],
    *,
    authorization: str | None = None,
    auth_token: str | None = None,
    auth_type: str = "BASIC",
) -> Notification:
    """Parse a notification body (the raw request bytes, text, or an already-decoded mapping).

    Given `auth_token` (the session's notification auth token), the `authorization` header is
    checked first, as `verify_notification_auth` does, and the body is only read once the
    sender is known: an unauthenticated request never reaches the parser. Any body that is
    not a notification (not JSON, nested too deeply, not an object, a field missing) raises
    `InvalidNotificationError`.
    """
    if auth_token is not None:
        verify_notification_auth(authorization, auth_token, auth_type)
    elif authorization is not None:
        raise ConfigurationError(
            "authorization was given without the auth_token to check it against"
        )
    data: Any
    if isinstance(body, Mapping):
        data = body
    elif isinstance(body, bytes | bytearray | str):
        try:
            data = _json.loads(body)
        except ValueError:  # not JSON, not UTF-8 (UnicodeDecodeError), or nested too deeply
            raise InvalidNotificationError("the notification body is not valid JSON") from None
    else:
        raise InvalidNotificationError(
            f"the notification body must be bytes, str or a mapping, got {type(body).__name__}"
        )
    if not isinstance(data, Mapping):
        raise InvalidNotificationError(
            f"the notification body must be a JSON object, got {type(data).__name__}"
        )
    session_id = _required_str(data, "session_id")
    topic_name = _required_str(data, "topic")
    return Notification(
        session_id=session_id,
        topic=WebhookTopic.from_wire(topic_name),
        topic_name=topic_name,
        resource_id=_optional_str(data, "resource_id"),
        check_id=_optional_str(data, "check_id"),
        task_id=_optional_str(data, "task_id"),
        raw=dict(data),
    )


def verify_notification_auth(
    authorization_header: str | None, auth_token: str, auth_type: str = "BASIC"
) -> None:
    """Check a notification's ``Authorization`` header against the session's `auth_token`.

    `auth_type` is the one set in the session's notification config: ``BASIC`` (Yoti sends
    ``Basic base64(auth_token)``, the token being ``username:password``) or ``BEARER``.
    Raises `NotificationAuthError` when the header is missing or wrong; the comparison takes
    the same time wherever the first difference is. Neither the header nor the token is ever
    put in the error message.
    """
    if not isinstance(auth_token, str) or not auth_token:
        raise ConfigurationError(
            "auth_token must be the non-empty token of the notification config"
        )
    kind = str(auth_type).strip().upper()
    if kind not in ("BASIC", "BEARER"):
        raise ConfigurationError(f"auth_type must be BASIC or BEARER, got {auth_type!r}")
    if not authorization_header:
        raise NotificationAuthError("the notification has no Authorization header")
    scheme, _, credentials = authorization_header.strip().partition(" ")
    if scheme.lower() != kind.lower():
        raise NotificationAuthError(
            f"the notification's Authorization scheme is not {kind.capitalize()}"
        )
    credentials = credentials.strip()
    if kind == "BASIC":
        # Compare decoded bytes, so that equivalent base64 spellings are not refused.
        try:
            received = base64.b64decode(credentials.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError):
            raise NotificationAuthError(
                "the notification's Basic credentials are not valid base64"
            ) from None
    else:
        received = credentials.encode("utf-8")
    if not hmac.compare_digest(received, auth_token.encode("utf-8")):
        raise NotificationAuthError("the notification's credentials do not match the auth token")


def _required_str(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InvalidNotificationError(f"the notification has no {key} (a non-empty string)")
    return value


def _optional_str(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidNotificationError(
            f"the notification's {key} must be a string, got {type(value).__name__}"
        )
    return value
