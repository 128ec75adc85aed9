"""Fixtures for the command's tests: an emulator served over real HTTP on 127.0.0.1, a demo
application whose private key is written to a ``.pem`` file, and the environment that points
the command at both (``YOTI_CLIENT_SDK_ID``, ``YOTI_KEY_FILE_PATH``, ``YOTI_IDV_API_URL``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from yoti_idv.emulator import DemoApplication, Emulator
from yoti_idv.testing import serve_emulator

from .helpers import Served


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One emulator over HTTP per test module, with its demo application's key in a .pem."""
    emulator = Emulator()
    application: DemoApplication = emulator.create_demo_application()
    key_file = application.write_private_key(tmp_path_factory.mktemp("keys") / "demo.pem")
    with serve_emulator(emulator) as base_url:
        yield Served(emulator, base_url, application.sdk_id, key_file)


@pytest.fixture
def env(served: Served, monkeypatch: pytest.MonkeyPatch) -> Served:
    """The credentials and base URL of `served`, in the environment as the seed names them."""
    monkeypatch.setenv("YOTI_CLIENT_SDK_ID", served.sdk_id)
    monkeypatch.setenv("YOTI_KEY_FILE_PATH", str(served.key_file))
    monkeypatch.setenv("YOTI_IDV_API_URL", served.base_url)
    monkeypatch.delenv("YOTI_DOC_SCAN_API_URL", raising=False)
    monkeypatch.delenv("YOTI_NOTIFICATION_AUTH_TOKEN", raising=False)
    return served


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No credentials and no base URL in the environment."""
    for name in (
        "YOTI_CLIENT_SDK_ID",
        "YOTI_KEY_FILE_PATH",
        "YOTI_IDV_API_URL",
        "YOTI_DOC_SCAN_API_URL",
        "YOTI_NOTIFICATION_AUTH_TOKEN",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def other_key_file(tmp_path: Path) -> Path:
    """A valid private key that no application of the emulator knows."""
    other = Emulator().create_demo_application()
    return other.write_private_key(tmp_path / "other.pem")
