"""Fan-out over real HTTP: a thousand gathered calls, no semaphore of the caller's own."""

from __future__ import annotations

import asyncio

import httpx

from yoti_idv import AsyncIDVClient
from yoti_idv.emulator import Emulator
from yoti_idv.testing import KeyPair

from .conftest import SDK_ID
from .helpers import busy_connections, free_slots, static_spec


async def test_a_thousand_gathered_reads_never_hit_the_pool_timeout(
    emulator: Emulator, base_url: str, key_pair: KeyPair
) -> None:
    # A pool timeout far shorter than the time the last of 1,000 calls waits for a
    # connection: httpx alone raises PoolTimeout here (encode/httpx#1171).
    timeout = httpx.Timeout(10.0, pool=0.05)
    async with AsyncIDVClient(
        SDK_ID, key_pair.private_key, base_url=base_url, timeout=timeout, max_concurrency=10
    ) as client:
        created = await asyncio.gather(*(client.create_session(static_spec()) for _ in range(10)))
        ids = [c.session_id for c in created] * 100
        sessions = await client.get_sessions(ids)
    assert [s.session_id for s in sessions] == ids
    assert free_slots(client) == 10
    assert busy_connections(client) == 0


async def test_watch_many_sessions_over_http(
    emulator: Emulator, base_url: str, key_pair: KeyPair
) -> None:
    async with AsyncIDVClient(SDK_ID, key_pair.private_key, base_url=base_url) as client:
        created = [await client.create_session(static_spec()) for _ in range(20)]
        ids = [c.session_id for c in created]

        async def users() -> None:
            for index, session_id in enumerate(reversed(ids)):
                await asyncio.sleep(0.01)
                await emulator.complete_session(session_id, "pass" if index % 2 else "spoof")

        driver = asyncio.create_task(users())
        watch = client.watch_sessions(ids, interval=0.02, max_interval=0.05, timeout=30)
        finished = [s async for s in watch]
        await driver
    assert sorted(s.session_id or "" for s in finished) == sorted(ids)
    assert {s.state for s in finished} == {"COMPLETED"}
