"""A deadline bounds the whole call: the slot wait, every attempt, the backoff, the body.

Against a real server on 127.0.0.1 that trickles its answer one byte every 0.3 s (httpx's
read timeout never trips on it), holds back its headers, or keeps the only concurrency slot
busy. Each call must end within its limit plus a small slack, with an error saying which
limit ran out.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from yoti_idv import (
    APITimeoutError,
    AsyncIDVClient,
    IDVClient,
    RetryPolicy,
    SessionWaitTimeout,
    YotiIDVError,
)
from yoti_idv.testing import KeyPair

from .raw_server import RawServer, serving, slow_headers, trickle

# Generous: the machine running the tests may be busy. The behaviour being fixed took 6-32 s.
SLACK = 1.0


@pytest.fixture
def trickling() -> Iterator[RawServer]:
    with serving(trickle(0.3)) as server:
        yield server


@pytest.fixture
def silent() -> Iterator[RawServer]:
    with serving(slow_headers()) as server:
        yield server


def async_client(key_pair: KeyPair, url: str, **options: object) -> AsyncIDVClient:
    return AsyncIDVClient("sdk", key_pair.private_key, base_url=url, **options)  # type: ignore[arg-type]


def sync_client(key_pair: KeyPair, url: str, **options: object) -> IDVClient:
    return IDVClient("sdk", key_pair.private_key, base_url=url, **options)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- async client


@pytest.mark.parametrize("transport", [None, "aiohttp"])
async def test_a_trickled_answer_ends_at_the_call_deadline(
    key_pair: KeyPair, trickling: RawServer, transport: str | None
) -> None:
    if transport == "aiohttp":
        pytest.importorskip("aiohttp")
    async with async_client(
        key_pair, trickling.url, timeout=1, retry=RetryPolicy(deadline=2), transport=transport
    ) as client:
        started = time.monotonic()
        with pytest.raises(APITimeoutError) as raised:
            await client.get_session("s-1")
        elapsed = time.monotonic() - started

    assert 1.9 <= elapsed <= 2 + SLACK
    assert raised.value.limit == "deadline"
    assert "RetryPolicy.deadline=2 s" in str(raised.value)
    assert trickling.requests >= 2  # the first attempt ran out of its own time, then a retry


async def test_a_trickled_answer_ends_at_the_attempt_timeout(
    key_pair: KeyPair, trickling: RawServer
) -> None:
    policy = RetryPolicy(max_attempts=1, deadline=None)
    async with async_client(key_pair, trickling.url, timeout=1, retry=policy) as client:
        started = time.monotonic()
        with pytest.raises(APITimeoutError) as raised:
            await client.get_session("s-1")
        elapsed = time.monotonic() - started

    assert 0.9 <= elapsed <= 1 + SLACK
    assert raised.value.limit == "attempt"
    assert "per-attempt timeout" in str(raised.value)


@pytest.mark.parametrize("transport", [None, "aiohttp"])
async def test_slow_headers_end_at_the_call_deadline(
    key_pair: KeyPair, silent: RawServer, transport: str | None
) -> None:
    if transport == "aiohttp":
        pytest.importorskip("aiohttp")
    async with async_client(
        key_pair,
        silent.url,
        timeout=httpx.Timeout(20),
        retry=RetryPolicy(deadline=1),
        transport=transport,
    ) as client:
        started = time.monotonic()
        with pytest.raises(APITimeoutError) as raised:
            await client.get_session("s-1")
        elapsed = time.monotonic() - started

    assert elapsed <= 1 + SLACK
    assert raised.value.limit == "deadline"


async def test_the_wait_for_a_slot_ends_at_the_call_deadline(
    key_pair: KeyPair, silent: RawServer
) -> None:
    async with async_client(
        key_pair, silent.url, max_concurrency=1, retry=RetryPolicy(deadline=30)
    ) as client:
        holder = asyncio.create_task(client.get_session("s-holder"))
        await asyncio.to_thread(silent.wait_for_requests, 1)  # the holder holds the slot
        assert not holder.done()
        started = time.monotonic()
        with pytest.raises(APITimeoutError) as raised:
            await client.get_session("s-1", retry=RetryPolicy(deadline=0.5))
        elapsed = time.monotonic() - started
        holder.cancel()
        with pytest.raises(asyncio.CancelledError):
            await holder

    assert elapsed <= 0.5 + SLACK
    assert raised.value.limit == "deadline"
    assert raised.value.may_have_been_sent is False
    assert "waiting for a concurrency slot" in str(raised.value)
    assert silent.requests == 1


async def test_wait_for_session_ends_at_its_timeout_with_a_read_in_flight(
    key_pair: KeyPair, trickling: RawServer
) -> None:
    async with async_client(key_pair, trickling.url) as client:
        started = time.monotonic()
        with pytest.raises(SessionWaitTimeout) as raised:
            await client.wait_for_session("s-1", timeout=1)
        elapsed = time.monotonic() - started

    assert elapsed <= 1 + SLACK
    assert "wait's timeout" in str(raised.value)
    assert raised.value.timeout == 1


async def test_watch_sessions_ends_at_its_timeout(key_pair: KeyPair, trickling: RawServer) -> None:
    async with async_client(key_pair, trickling.url) as client:
        started = time.monotonic()
        watch = client.watch_sessions(["s-1", "s-2", "s-3"], timeout=1)
        with pytest.raises(SessionWaitTimeout):
            await anext(watch)  # no session can finish
        elapsed = time.monotonic() - started

    assert elapsed <= 1 + SLACK


# --------------------------------------------------------------------------- sync client


def test_sync_a_trickled_answer_ends_at_the_call_deadline(
    key_pair: KeyPair, trickling: RawServer
) -> None:
    with sync_client(key_pair, trickling.url, timeout=1, retry=RetryPolicy(deadline=2)) as client:
        started = time.monotonic()
        with pytest.raises(APITimeoutError) as raised:
            client.get_session("s-1")
        elapsed = time.monotonic() - started

    assert 1.9 <= elapsed <= 2 + SLACK
    assert raised.value.limit == "deadline"
    assert "RetryPolicy.deadline=2 s" in str(raised.value)


def test_sync_a_trickled_answer_ends_at_the_attempt_timeout(
    key_pair: KeyPair, trickling: RawServer
) -> None:
    policy = RetryPolicy(max_attempts=1, deadline=None)
    with sync_client(key_pair, trickling.url, timeout=1, retry=policy) as client:
        started = time.monotonic()
        with pytest.raises(APITimeoutError) as raised:
            client.get_session("s-1")
        elapsed = time.monotonic() - started

    assert 0.9 <= elapsed <= 1 + SLACK
    assert raised.value.limit == "attempt"


def test_sync_slow_headers_end_at_the_call_deadline(key_pair: KeyPair, silent: RawServer) -> None:
    with sync_client(
        key_pair, silent.url, timeout=httpx.Timeout(20), retry=RetryPolicy(deadline=1)
    ) as client:
        started = time.monotonic()
        with pytest.raises(APITimeoutError) as raised:
            client.get_session("s-1")
        elapsed = time.monotonic() - started

    assert elapsed <= 1 + SLACK
    assert raised.value.limit == "deadline"


def test_sync_the_wait_for_a_slot_ends_at_the_call_deadline(
    key_pair: KeyPair, silent: RawServer
) -> None:
    errors: list[BaseException] = []
    with sync_client(
        key_pair, silent.url, max_concurrency=1, retry=RetryPolicy(max_attempts=1, deadline=3)
    ) as client:

        def hold() -> None:
            try:
                client.get_session("s-holder")
            except YotiIDVError as exc:
                errors.append(exc)

        holder = threading.Thread(target=hold)
        holder.start()
        silent.wait_for_requests(1)  # the holder holds the slot
        started = time.monotonic()
        with pytest.raises(APITimeoutError) as raised:
            client.get_session("s-1", retry=RetryPolicy(deadline=0.5))
        elapsed = time.monotonic() - started
        holder.join(timeout=10)

    assert elapsed <= 0.5 + SLACK
    assert raised.value.limit == "deadline"
    assert "waiting for a concurrency slot" in str(raised.value)
    assert [type(e) for e in errors] == [APITimeoutError]  # the holder hit its own deadline


def test_sync_wait_for_session_ends_at_its_timeout(key_pair: KeyPair, trickling: RawServer) -> None:
    with sync_client(key_pair, trickling.url) as client:
        started = time.monotonic()
        with pytest.raises(SessionWaitTimeout) as raised:
            client.wait_for_session("s-1", timeout=1)
        elapsed = time.monotonic() - started

    assert elapsed <= 1 + SLACK
    assert "wait's timeout" in str(raised.value)
