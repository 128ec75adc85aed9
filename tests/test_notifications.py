"""Webhook payloads and their Authorization check."""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yoti_idv.notifications import (
    InvalidNotificationError,
    Notification,
    NotificationAuthError,
    WebhookTopic,
    parse_notification,
    verify_notification_auth,
)


@pytest.mark.parametrize(
    ("payload", "topic", "field"),
    [
        ({"session_id": "s", "topic": "session_completion"}, WebhookTopic.SESSION_COMPLETION, None),
        (
            {"session_id": "s", "topic": "resource_update", "resource_id": "r"},
            WebhookTopic.RESOURCE_UPDATE,
            "resource_id",
        ),
        (
            {"session_id": "s", "topic": "CHECK_COMPLETION", "check_id": "c"},
            WebhookTopic.CHECK_COMPLETION,
            "check_id",
        ),
        (
            {"session_id": "s", "topic": "Task_Completion", "task_id": "t"},
            WebhookTopic.TASK_COMPLETION,
            "task_id",
        ),
        (
            {"session_id": "s", "topic": "client_session_token_deleted"},
            WebhookTopic.CLIENT_SESSION_TOKEN_DELETED,
            None,
        ),
    ],
)
def test_known_topics_any_case(
    payload: dict[str, str], topic: WebhookTopic, field: str | None
) -> None:
    notification = parse_notification(json.dumps(payload).encode())
    assert notification.topic is topic
    assert notification.topic_name == payload["topic"]
    assert notification.session_id == "s"
    if field:
        assert getattr(notification, field) == payload[field]


def test_unknown_topic_falls_back_and_keeps_its_name() -> None:
    notification = parse_notification({"session_id": "s", "topic": "brand_new_topic", "x": 1})
    assert notification.topic is WebhookTopic.UNKNOWN
    assert notification.topic_name == "brand_new_topic"
    assert notification.raw["x"] == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"not json", "not valid JSON"),
        (b"\xff\xfe", "not valid JSON"),
        (b"[1]", "must be a JSON object"),
        (b'{"topic": "session_completion"}', "no session_id"),
        (b'{"session_id": "s"}', "no topic"),
        (b'{"session_id": "s", "topic": 5}', "no topic"),
        (b'{"session_id": "s", "topic": "x", "check_id": 5}', "check_id must be a string"),
    ],
)
def test_bad_bodies(body: bytes, message: str) -> None:
    with pytest.raises(InvalidNotificationError, match=message):
        parse_notification(body)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda c: st.lists(c) | st.dictionaries(st.text(), c),
    )
)
def test_any_json_gives_a_notification_or_a_clear_error(value: object) -> None:
    try:
        result = parse_notification(json.dumps(value))
    except InvalidNotificationError:
        return
    assert isinstance(result, Notification)


def test_basic_auth() -> None:
    token = "user:pa55word"
    header = "Basic " + base64.b64encode(token.encode()).decode()
    verify_notification_auth(header, token, "BASIC")
    verify_notification_auth(header.replace("Basic", "basic"), token, "basic")


def test_bearer_auth() -> None:
    verify_notification_auth("Bearer s3cret-token", "s3cret-token", "BEARER")


@pytest.mark.parametrize(
    ("header", "auth_type", "message"),
    [
        (None, "BASIC", "no Authorization header"),
        ("", "BEARER", "no Authorization header"),
        ("Bearer s3cret-token", "BASIC", "scheme is not Basic"),
        ("Basic !!!", "BASIC", "not valid base64"),
        ("Basic " + base64.b64encode(b"user:wrong").decode(), "BASIC", "do not match"),
        ("Bearer s3cret-tokeN", "BEARER", "do not match"),
    ],
)
def test_bad_auth(header: str | None, auth_type: str, message: str) -> None:
    token = "s3cret-token" if auth_type == "BEARER" else "user:pa55word"
    with pytest.raises(NotificationAuthError, match=message) as info:
        verify_notification_auth(header, token, auth_type)
    assert token not in str(info.value)
    assert "pa55word" not in str(info.value)


def test_bad_auth_type_is_a_usage_error() -> None:
    with pytest.raises(ValueError, match="BASIC or BEARER"):
        verify_notification_auth("Basic x", "t", "DIGEST")


def test_webhook_topics_are_the_topics_a_session_can_subscribe_to() -> None:
    # Two enums on purpose: one refuses unknown topics in a spec, one accepts them on receipt.
    # They must name the same topics, so that every subscribable topic is recognised.
    from yoti_idv.specs import NotificationTopic

    received = {topic.value for topic in WebhookTopic} - {"UNKNOWN"}
    assert received == {topic.value for topic in NotificationTopic}
