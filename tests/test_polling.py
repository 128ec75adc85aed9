"""Waiting for sessions, with respx playing a session that changes state over time."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
import respx

from yoti_idv import AsyncIDVClient
from yoti_idv.auth.signing import PrivateKey
from yoti_idv.errors import ConfigurationError, NotFoundError, SessionWaitTimeout
from yoti_idv.polling import all_checks_done, session_is_final
from yoti_idv.retry import RetryPolicy

BASE = "https://api.yoti.com/idverify/v1"
FAST: dict[str, Any] = {"interval": 0.01, "max_interval": 0.02}


def session(session_id: str, state: str, checks: list[str] | None = None) -> httpx.Response:
    body = {
        "session_id": session_id,
        "state": state,
        "checks": [
            {"id": f"c{i}", "type": "LIVENESS", "state": s} for i, s in enumerate(checks or [])
        ],
    }
    return httpx.Response(200, content=json.dumps(body).encode())


@pytest.fixture
async def client(private_key: PrivateKey) -> AsyncIterator[AsyncIDVClient]:
    policy = RetryPolicy(max_attempts=1)
    async with AsyncIDVClient("sdk", private_key, base_url=BASE, retry=policy) as c:
        yield c


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE, assert_all_called=False) as router:
        yield router


async def test_waits_until_completed(client: AsyncIDVClient, api: respx.MockRouter) -> None:
    route = api.get("/sessions/s1")
    route.side_effect = [
        session("s1", "ONGOING"),
        session("s1", "ONGOING"),
        session("s1", "COMPLETED"),
    ]
    result = await client.wait_for_session("s1", **FAST)
    assert result.state == "COMPLETED"
    assert route.call_count == 3


async def test_expired_is_final_too(client: AsyncIDVClient, api: respx.MockRouter) -> None:
    api.get("/sessions/s1").side_effect = [session("s1", "EXPIRED")]
    assert (await client.wait_for_session("s1", **FAST)).state == "EXPIRED"


async def test_custom_predicate(client: AsyncIDVClient, api: respx.MockRouter) -> None:
    api.get("/sessions/s1").side_effect = [
        session("s1", "ONGOING", ["PENDING"]),
        session("s1", "ONGOING", ["DONE", "PENDING"]),
        session("s1", "ONGOING", ["DONE", "DONE"]),
    ]
    result = await client.wait_for_session("s1", until=all_checks_done, **FAST)
    assert [c.state for c in result.checks] == ["DONE", "DONE"]


async def test_deadline(client: AsyncIDVClient, api: respx.MockRouter) -> None:
    api.get("/sessions/s1").mock(side_effect=lambda request: session("s1", "ONGOING"))
    with pytest.raises(SessionWaitTimeout, match="did not reach") as info:
        await client.wait_for_session("s1", interval=0.05, max_interval=0.05, timeout=0.2)
    assert info.value.last is not None
    assert info.value.last.state == "ONGOING"
    assert info.value.polls >= 2


async def test_request_errors_propagate(client: AsyncIDVClient, api: respx.MockRouter) -> None:
    api.get("/sessions/s1").respond(404)
    with pytest.raises(NotFoundError):
        await client.wait_for_session("s1", **FAST)


async def test_wait_is_cancellable(client: AsyncIDVClient, api: respx.MockRouter) -> None:
    api.get("/sessions/s1").mock(side_effect=lambda request: session("s1", "ONGOING"))
    task = asyncio.create_task(client.wait_for_session("s1", interval=10, max_interval=10))
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert client._in_flight._value == client.max_concurrency


@pytest.mark.parametrize(
    "kwargs",
    [{"interval": 0}, {"max_interval": -1}, {"timeout": 0}, {"backoff": 0.5}, {"interval": "1"}],
)
async def test_bad_arguments(client: AsyncIDVClient, kwargs: dict[str, object]) -> None:
    with pytest.raises(ConfigurationError):
        await client.wait_for_session("s1", **kwargs)  # type: ignore[arg-type]


async def test_get_sessions_keeps_order(client: AsyncIDVClient, api: respx.MockRouter) -> None:
    for sid in ("a", "b", "c"):
        api.get(f"/sessions/{sid}").mock(return_value=session(sid, "ONGOING"))
    results = await client.get_sessions(["c", "a", "b"])
    assert [r.session_id for r in results] == ["c", "a", "b"]


async def test_watch_sessions_yields_in_finishing_order(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    api.get("/sessions/slow").side_effect = [session("slow", "ONGOING")] * 4 + [
        session("slow", "COMPLETED")
    ]
    api.get("/sessions/fast").side_effect = [session("fast", "COMPLETED")]
    seen = [s.session_id async for s in client.watch_sessions(["slow", "fast"], **FAST)]
    assert seen == ["fast", "slow"]


async def test_leaving_watch_early_cancels_the_rest(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    slow = api.get("/sessions/slow").mock(side_effect=lambda request: session("slow", "ONGOING"))
    api.get("/sessions/fast").side_effect = [session("fast", "COMPLETED")]
    watcher = client.watch_sessions(["slow", "fast"], **FAST)
    async for first in watcher:
        assert first.session_id == "fast"
        break
    await watcher.aclose()  # type: ignore[attr-defined]
    calls = slow.call_count
    await asyncio.sleep(0.1)
    assert slow.call_count == calls


def test_predicates() -> None:
    from yoti_idv.models import GetSessionResult

    assert session_is_final(GetSessionResult(state="COMPLETED"))
    assert not session_is_final(GetSessionResult(state="ONGOING"))
    assert not all_checks_done(GetSessionResult(state="ONGOING"))
