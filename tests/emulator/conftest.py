"""Fixtures for the emulator's own tests: an emulator on a manual clock and a signed client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from yoti_idv.emulator import Emulator, ManualClock
from yoti_idv.testing import KeyPair, make_key_pair, signed_http_client

from .helpers import SDK_ID, START


@pytest.fixture(scope="session")
def key_pair() -> KeyPair:
    return make_key_pair()


@pytest.fixture(scope="session")
def other_key_pair() -> KeyPair:
    return make_key_pair()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def emulator(clock: ManualClock) -> Emulator:
    return Emulator(clock=clock)


@pytest.fixture
async def http(emulator: Emulator, key_pair: KeyPair) -> AsyncIterator[httpx.AsyncClient]:
    """Signed like Yoti's SDKs; paths are relative to /idverify/v1."""
    async with signed_http_client(emulator, key_pair, SDK_ID) as client:
        yield client


@pytest.fixture
async def raw(emulator: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    """Unsigned, for the page, the control API and hand-signed requests."""
    async with httpx.AsyncClient(
        transport=emulator.transport(), base_url="http://idv-emulator.local"
    ) as client:
        yield client
