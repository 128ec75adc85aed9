"""Fixtures for production-behaviour tests: the emulator served over real HTTP by uvicorn."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from yoti_idv.emulator import Emulator
from yoti_idv.testing import KeyPair, make_key_pair, serve_emulator

SDK_ID = "production-tests"


@pytest.fixture(scope="session")
def key_pair() -> KeyPair:
    return make_key_pair()


@pytest.fixture
def emulator(key_pair: KeyPair) -> Emulator:
    emulator = Emulator()
    emulator.register_application(SDK_ID, key_pair.public_key_pem)
    return emulator


@pytest.fixture
def base_url(emulator: Emulator) -> Iterator[str]:
    with serve_emulator(emulator) as url:
        yield url


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the fault matrix when its tests ran."""
    from .test_fault_matrix import ROWS, table_lines

    if ROWS:
        terminalreporter.section("fault matrix (emulator over HTTP)")
        for line in table_lines():
            terminalreporter.write_line(line)
