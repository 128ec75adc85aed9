"""Faults on demand, and the webhook notifications the emulator sends."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import httpx
import pytest

from yoti_idv.emulator import Emulator, FaultKind, ManualClock
from yoti_idv.emulator.notifications import Notifier, authorization_header
from yoti_idv.emulator.results import Event
from yoti_idv.notifications import WebhookTopic, parse_notification, verify_notification_auth
from yoti_idv.testing import KeyPair, signed_http_client

from .helpers import SDK_ID, as_json, create, spec

ALL_TOPICS = [
    "RESOURCE_UPDATE",
    "TASK_COMPLETION",
    "CHECK_COMPLETION",
    "SESSION_COMPLETION",
    "CLIENT_SESSION_TOKEN_DELETED",
]


# --- faults ---------------------------------------------------------------------------------


async def test_rate_limit_fault_then_normal_service(
    emulator: Emulator, http: httpx.AsyncClient
) -> None:
    emulator.inject_fault("rate_limit", count=2, retry_after=7)
    for _ in range(2):
        response = await http.get("supported-documents")
        assert response.status_code == 429
        assert response.headers["retry-after"] == "7"
        assert response.json()["code"] == "TOO_MANY_REQUESTS"
    assert (await http.get("supported-documents")).status_code == 200


@pytest.mark.parametrize(("kind", "status"), [("server_error", 500), ("unavailable", 503)])
async def test_server_faults_change_nothing(
    emulator: Emulator, http: httpx.AsyncClient, kind: str, status: int
) -> None:
    emulator.inject_fault(kind, method="POST", path="/sessions")
    response = await http.post("sessions", content=as_json(spec()))
    assert response.status_code == status
    assert emulator.sessions() == []
    await create(http)  # the fault was used up
    assert len(emulator.sessions()) == 1


async def test_fault_matches_path(emulator: Emulator, http: httpx.AsyncClient) -> None:
    created = await create(http)
    emulator.inject_fault(FaultKind.UNAVAILABLE, path="/media/")
    assert (await http.get(f"sessions/{created['session_id']}")).status_code == 200
    assert len(emulator.faults.armed) == 1


async def test_delay_fault(emulator: Emulator, http: httpx.AsyncClient) -> None:
    emulator.inject_fault("delay", delay=0.2)
    started = time.monotonic()
    response = await http.get("supported-documents")
    assert response.status_code == 200
    assert time.monotonic() - started >= 0.19


async def test_drop_fault_is_a_transport_error(emulator: Emulator, http: httpx.AsyncClient) -> None:
    emulator.inject_fault("drop")
    with pytest.raises(httpx.RemoteProtocolError):
        await http.get("supported-documents")
    assert (await http.get("supported-documents")).status_code == 200


def test_fault_arguments_are_checked(emulator: Emulator) -> None:
    with pytest.raises(ValueError, match="count"):
        emulator.inject_fault("drop", count=0)
    with pytest.raises(ValueError, match="positive delay"):
        emulator.inject_fault("delay")
    with pytest.raises(ValueError, match="meteor"):
        emulator.inject_fault("meteor")


# --- notifications ----------------------------------------------------------------------------


class Hooks:
    """A capturing notification endpoint."""

    def __init__(self, status: int = 200) -> None:
        self.requests: list[httpx.Request] = []
        self.status = status

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self.status)


async def _session_with_notifications(
    hooks: Hooks, key_pair: KeyPair, notifications: dict[str, object], **spec_extra: Any
) -> tuple[Emulator, str]:
    client = httpx.AsyncClient(transport=httpx.MockTransport(hooks))
    emulator = Emulator(clock=ManualClock(), notification_client=client)
    async with signed_http_client(emulator, key_pair, SDK_ID) as http:
        created = await create(http, spec(notifications=notifications, **spec_extra))
    return emulator, created["session_id"]


async def test_completion_notifications_with_basic_auth(key_pair: KeyPair) -> None:
    hooks = Hooks()
    emulator, session_id = await _session_with_notifications(
        hooks,
        key_pair,
        {
            "endpoint": "https://hooks.example/yoti",
            "auth_token": "user:secret",
            "auth_type": "BASIC",
            "topics": ALL_TOPICS,
        },
    )
    await emulator.complete_session(session_id, "spoof", attempts=2)
    payloads = [json.loads(r.content) for r in hooks.requests]
    assert [p["topic"] for p in payloads] == [
        "resource_update",
        "resource_update",
        "check_completion",
        "check_completion",
        "session_completion",
    ]
    assert all(p["session_id"] == session_id for p in payloads)
    assert "resource_id" in payloads[0]
    assert "check_id" in payloads[2]
    assert set(payloads[-1]) == {"session_id", "topic"}
    for request in hooks.requests:
        assert str(request.url) == "https://hooks.example/yoti"
        assert (
            request.headers["authorization"] == "Basic " + base64.b64encode(b"user:secret").decode()
        )
        verify_notification_auth(request.headers["authorization"], "user:secret", "BASIC")
        assert parse_notification(request.content).session_id == session_id
    assert parse_notification(hooks.requests[-1].content).topic is WebhookTopic.SESSION_COMPLETION
    record = emulator.notifications[0]
    assert record.status_code == 200
    assert "secret" not in repr(record)
    assert "secret" not in json.dumps(record.to_json())


async def test_only_subscribed_topics_with_bearer_auth(key_pair: KeyPair) -> None:
    hooks = Hooks()
    emulator, session_id = await _session_with_notifications(
        hooks,
        key_pair,
        {
            "endpoint": "https://hooks.example/yoti",
            "auth_token": "tok3n",
            "auth_type": "BEARER",
            "topics": ["session_completion"],
        },
    )
    await emulator.complete_session(session_id)
    assert len(hooks.requests) == 1
    assert hooks.requests[0].headers["authorization"] == "Bearer tok3n"
    verify_notification_auth(hooks.requests[0].headers["authorization"], "tok3n", "BEARER")


async def test_abandon_notifies_token_deletion(key_pair: KeyPair) -> None:
    hooks = Hooks()
    emulator, session_id = await _session_with_notifications(
        hooks,
        key_pair,
        {"endpoint": "https://hooks.example/yoti", "topics": ALL_TOPICS},
    )
    await emulator.complete_session(session_id, "abandon")
    assert [json.loads(r.content)["topic"] for r in hooks.requests] == [
        "client_session_token_deleted"
    ]
    assert "authorization" not in hooks.requests[0].headers


async def test_task_completion_is_notified(key_pair: KeyPair) -> None:
    hooks = Hooks()
    emulator, session_id = await _session_with_notifications(
        hooks,
        key_pair,
        {"endpoint": "https://hooks.example/yoti", "topics": ["TASK_COMPLETION"]},
        requested_tasks=[{"type": "ID_DOCUMENT_TEXT_DATA_EXTRACTION", "config": {}}],
    )
    await emulator.complete_session(session_id)
    (payload,) = [json.loads(r.content) for r in hooks.requests]
    assert payload["topic"] == "task_completion"
    assert "task_id" in payload


async def test_failed_delivery_is_recorded_not_raised(key_pair: KeyPair) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    client = httpx.AsyncClient(transport=httpx.MockTransport(refuse))
    notifier = Notifier(client)
    records = await notifier.deliver(
        "sid",
        {"endpoint": "https://down.example", "topics": ["SESSION_COMPLETION"], "auth_token": "s3"},
        [Event("SESSION_COMPLETION")],
    )
    assert records[0].status_code is None
    assert records[0].error == "ConnectError"
    assert notifier.sent == records
    notifier.clear()
    assert notifier.sent == []


async def test_no_notification_config_sends_nothing(
    emulator: Emulator, http: httpx.AsyncClient
) -> None:
    created = await create(http)
    await emulator.complete_session(created["session_id"])
    assert emulator.notifications == []


def test_authorization_header() -> None:
    assert authorization_header(None, "BASIC") is None
    assert authorization_header("a:b", None) == "Basic YTpi"
    assert authorization_header("t", "bearer") == "Bearer t"
