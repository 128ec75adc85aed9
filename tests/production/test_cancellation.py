"""Cancelling requests in flight, over real HTTP: nothing leaks and the pool stays usable."""

from __future__ import annotations

import asyncio

import pytest

from yoti_idv import AsyncIDVClient, RetryPolicy
from yoti_idv.emulator import Emulator
from yoti_idv.testing import KeyPair

from .conftest import SDK_ID
from .helpers import busy_connections, free_slots, queued_requests, static_spec


async def test_cancelling_hundreds_of_requests_leaves_the_pool_usable(
    emulator: Emulator, base_url: str, key_pair: KeyPair
) -> None:
    async with AsyncIDVClient(
        SDK_ID, key_pair.private_key, base_url=base_url, max_concurrency=20
    ) as client:
        created = await client.create_session(static_spec())
        # Every one of the next 300 reads is held by the server for a second.
        emulator.inject_fault("delay", count=300, delay=1.0, method="GET")
        tasks = [asyncio.create_task(client.get_session(created.session_id)) for _ in range(300)]
        await asyncio.sleep(0.3)  # some are on the wire, the rest wait for a slot
        for task in tasks:
            task.cancel()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        assert all(isinstance(r, asyncio.CancelledError) for r in results)

        assert free_slots(client) == client.max_concurrency
        assert queued_requests(client) == 0
        assert busy_connections(client) == 0

        emulator.faults.clear()
        sessions = await asyncio.gather(
            *(client.get_session(created.session_id) for _ in range(100))
        )
        assert {s.session_id for s in sessions} == {created.session_id}
        assert busy_connections(client) == 0


async def test_asyncio_timeout_releases_the_connection(
    emulator: Emulator, base_url: str, key_pair: KeyPair
) -> None:
    async with AsyncIDVClient(
        SDK_ID,
        key_pair.private_key,
        base_url=base_url,
        max_concurrency=2,
        retry=RetryPolicy.disabled(),
    ) as client:
        created = await client.create_session(static_spec())
        emulator.inject_fault("delay", count=2, delay=1.0, method="GET")
        for _ in range(2):
            with pytest.raises(TimeoutError):
                async with asyncio.timeout(0.2):
                    await client.get_session(created.session_id)
        assert free_slots(client) == 2
        assert busy_connections(client) == 0
        # Both slots are usable at once: neither cancelled call kept its connection.
        await asyncio.gather(*(client.get_session(created.session_id) for _ in range(2)))


async def test_cancelling_a_media_stream_midway_releases_it(
    emulator: Emulator, base_url: str, key_pair: KeyPair
) -> None:
    async with AsyncIDVClient(
        SDK_ID, key_pair.private_key, base_url=base_url, max_concurrency=1
    ) as client:
        created = await client.create_session(static_spec())
        await emulator.complete_session(created.session_id, "pass")
        session = await client.get_session(created.session_id)
        (liveness,) = session.resources.static_liveness_resources
        assert liveness.image is not None
        assert liveness.image.media is not None
        media_id = liveness.image.media.id
        assert media_id is not None

        async def read_forever() -> None:
            async with client.stream_media_content(created.session_id, media_id) as media:
                assert media is not None
                await asyncio.sleep(10)

        task = asyncio.create_task(read_forever())
        await asyncio.sleep(0.2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert free_slots(client) == 1
        # With one slot, this would hang if the stream had kept it.
        async with asyncio.timeout(5):
            assert await client.get_media_content(created.session_id, media_id) is not None
