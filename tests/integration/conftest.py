"""Fixtures for integration tests: our client, wired to an emulator in-process."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from yoti_idv.emulator import Emulator, ManualClock
from yoti_idv.retry import RetryPolicy
from yoti_idv.testing import EmulatedIDV, KeyPair, emulated_client, make_key_pair


@pytest.fixture(scope="session")
def key_pair() -> KeyPair:
    return make_key_pair()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def idv(key_pair: KeyPair, clock: ManualClock) -> AsyncIterator[EmulatedIDV]:
    # Quick retries, so that fault tests do not sleep for the default backoff.
    retry = RetryPolicy(backoff_initial=0.01, backoff_max=0.02)
    async with emulated_client(Emulator(clock=clock), key_pair=key_pair, retry=retry) as idv:
        yield idv
