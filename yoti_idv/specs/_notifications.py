"""``notifications``: where and how Yoti calls the relying business back about a session."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Self

import attrs

from yoti_idv.errors import SpecValidationError
from yoti_idv.vocabulary.enums import NotificationAuthType, NotificationTopic
from yoti_idv.vocabulary.validators import field_path, to_enum, to_optional_enum, to_tuple, web_url
from yoti_idv.vocabulary.values import SpecValue

__all__ = ["NotificationConfig", "NotificationConfigBuilder"]


def _redacted(value: object) -> str:
    return "None" if value is None else "'<redacted>'"


def _auth_token_is_non_blank_str(
    instance: Any, attribute: attrs.Attribute[Any], value: Any
) -> None:
    # A secret: the message shows its type, never the value.
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise SpecValidationError(
            field_path(instance, attribute),
            f"must be a non-blank str, got a value of type {type(value).__name__}",
        )


def _auth_type_needs_token(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and instance.auth_token is None:
        raise SpecValidationError(
            field_path(instance, attribute),
            "has no effect without notifications.auth_token: set the token too, "
            "or leave the auth type out",
        )


def _to_auth_type(value: NotificationAuthType | str | None) -> NotificationAuthType | None:
    return to_optional_enum(NotificationAuthType, value, "notifications.auth_type")


def _to_topics(value: Iterable[NotificationTopic | str]) -> tuple[NotificationTopic, ...]:
    items = to_tuple(value, "notifications.topics")
    topics = [
        to_enum(NotificationTopic, item, f"notifications.topics[{index}]", ignore_case=True)
        for index, item in enumerate(items)
    ]
    # Yoti's node and python SDKs de-duplicate topics too; we keep the first-seen order.
    return tuple(dict.fromkeys(topics))


@attrs.frozen(kw_only=True)
class NotificationConfig(SpecValue):
    """The ``notifications`` object: Yoti POSTs to `endpoint` when a topic's event happens.

    `endpoint` is an absolute http(s) URL (Yoti requires HTTPS with TLS 1.2 in production;
    http is accepted for local servers). `topics` accept any case, are stored upper case
    and de-duplicated in order, and are always sent (an empty list too). Yoti authenticates
    its calls with `auth_token` as `auth_type` (BASIC: ``"username:password"``, sent base64
    encoded; BEARER: the token as is). The token never appears in a repr or error message.
    """

    _FIELD_PATH_PREFIX: ClassVar[str] = "notifications."

    endpoint: str = attrs.field(validator=web_url)
    topics: tuple[NotificationTopic, ...] = attrs.field(default=(), converter=_to_topics)
    auth_token: str | None = attrs.field(
        default=None, validator=_auth_token_is_non_blank_str, repr=_redacted
    )
    auth_type: NotificationAuthType | None = attrs.field(
        default=None, converter=_to_auth_type, validator=_auth_type_needs_token
    )


class NotificationConfigBuilder:
    """Builds a `NotificationConfig`, method for method like Yoti's Python SDK.

    ``NotificationConfigBuilder().with_endpoint("https://example.com/yoti")
    .with_auth_token("user:pass").with_basic_auth_type().for_session_completion().build()``
    """

    def __init__(self) -> None:
        self._endpoint: str | None = None
        self._topics: list[NotificationTopic | str] = []
        self._auth_token: str | None = None
        self._auth_type: NotificationAuthType | str | None = None

    def __repr__(self) -> str:
        # The builder holds the token too; keep it out of logs and tracebacks.
        return f"{type(self).__name__}(endpoint={self._endpoint!r}, topics={self._topics!r})"

    def with_endpoint(self, endpoint: str) -> Self:
        """The URL Yoti calls (required)."""
        self._endpoint = endpoint
        return self

    def with_auth_token(self, token: str) -> Self:
        """The secret Yoti sends in the ``Authorization`` header of each call."""
        self._auth_token = token
        return self

    def with_auth_type(self, auth_type: NotificationAuthType | str) -> Self:
        """``BASIC`` or ``BEARER``: how the token is sent."""
        self._auth_type = auth_type
        return self

    def with_basic_auth_type(self) -> Self:
        """``Authorization: Basic base64(auth_token)``."""
        return self.with_auth_type(NotificationAuthType.BASIC)

    def with_bearer_auth_type(self) -> Self:
        """``Authorization: Bearer <auth_token>``."""
        return self.with_auth_type(NotificationAuthType.BEARER)

    def with_topic(self, topic: NotificationTopic | str) -> Self:
        """Add a topic: a `NotificationTopic` or its name in any case."""
        self._topics.append(topic)
        return self

    def for_resource_update(self) -> Self:
        """Notify when a resource (a document, a liveness capture) is added or updated."""
        return self.with_topic(NotificationTopic.RESOURCE_UPDATE)

    def for_task_completion(self) -> Self:
        """Notify when a task completes."""
        return self.with_topic(NotificationTopic.TASK_COMPLETION)

    def for_check_completion(self) -> Self:
        """Notify when a check completes."""
        return self.with_topic(NotificationTopic.CHECK_COMPLETION)

    def for_session_completion(self) -> Self:
        """Notify when the session completes."""
        return self.with_topic(NotificationTopic.SESSION_COMPLETION)

    def for_client_session_completion(self) -> Self:
        """Subscribe to ``CLIENT_SESSION_TOKEN_DELETED``, as Yoti's SDKs name this method.

        Yoti deletes the user's client session token when their part is over: they finished
        the flow or gave up. Checks may still be running then;
        ``SESSION_COMPLETION`` (`for_session_completion`) follows when they are done.
        """
        return self.with_topic(NotificationTopic.CLIENT_SESSION_TOKEN_DELETED)

    def for_new_pdf_supplied(self) -> Self:
        """Notify when a new In-Branch Verification PDF is available (IBV)."""
        return self.with_topic(NotificationTopic.NEW_PDF_SUPPLIED)

    def for_instructions_email_requested(self) -> Self:
        """Notify when the user asks for the IBV instructions by email."""
        return self.with_topic(NotificationTopic.INSTRUCTIONS_EMAIL_REQUESTED)

    def for_thank_you_email_requested(self) -> Self:
        """Notify when the IBV thank-you email is requested."""
        return self.with_topic(NotificationTopic.THANK_YOU_EMAIL_REQUESTED)

    def for_first_branch_visit(self) -> Self:
        """Notify when the user first visits a branch (IBV)."""
        return self.with_topic(NotificationTopic.FIRST_BRANCH_VISIT)

    def build(self) -> NotificationConfig:
        """The config; a `SpecValidationError` names the first field that is wrong."""
        if self._endpoint is None:
            raise SpecValidationError(
                "notifications.endpoint", "is required: call with_endpoint(url)"
            )
        return NotificationConfig(
            endpoint=self._endpoint,
            topics=self._topics,
            auth_token=self._auth_token,
            auth_type=self._auth_type,
        )
