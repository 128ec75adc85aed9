"""The webhook pattern of docs/production.md, run as written against the emulator over HTTP."""

from __future__ import annotations

import base64
import importlib.util
import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from yoti_idv import AsyncIDVClient, RequestedLivenessCheckBuilder, SessionSpecBuilder
from yoti_idv.emulator import Emulator
from yoti_idv.testing import ServedEmulator

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "yoti:a-long-random-password"


def _snippet() -> str:
    text = (ROOT / "docs" / "production.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", text, re.DOTALL | re.MULTILINE)
    [snippet] = [b for b in blocks if b.startswith('"""webhooks.py')]
    return str(snippet)


@pytest.fixture
def webhooks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, yoti_emulator_server: ServedEmulator
) -> ModuleType:
    for name, value in yoti_emulator_server.env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("YOTI_WEBHOOK_AUTH_TOKEN", TOKEN)
    monkeypatch.setenv("APP_PUBLIC_URL", "http://127.0.0.1:9")
    path = tmp_path / "webhooks.py"
    path.write_text(_snippet(), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("webhooks_snippet", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
async def app(webhooks: ModuleType) -> AsyncIterator[httpx.AsyncClient]:
    # The app's lifespan builds its client from the environment: over HTTP to the emulator.
    async with webhooks.app.router.lifespan_context(webhooks.app):
        transport = httpx.ASGITransport(app=webhooks.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http


def _basic(token: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(token.encode()).decode()}


async def _notify(app: httpx.AsyncClient, session_id: str, token: str = TOKEN) -> int:
    body = json.dumps({"session_id": session_id, "topic": "session_completion"})
    answer = await app.post("/yoti/notifications", content=body, headers=_basic(token))
    return answer.status_code


async def _completed_session(
    webhooks: ModuleType, client: AsyncIDVClient, emulator: Emulator
) -> str:
    liveness = RequestedLivenessCheckBuilder().for_static_liveness().with_max_retries(3).build()
    spec = (
        SessionSpecBuilder()
        .with_requested_check(liveness)
        .with_notifications(webhooks.notification_config())
        .build()
    )
    created = await client.create_session(spec)  # the emulator checks the config as Yoti would
    await emulator.complete_session(created.session_id, outcome="pass")
    return created.session_id


async def test_a_notification_stores_the_session_it_names(
    webhooks: ModuleType,
    app: httpx.AsyncClient,
    yoti_client: AsyncIDVClient,
    yoti_emulator: Emulator,
) -> None:
    session_id = await _completed_session(webhooks, yoti_client, yoti_emulator)
    assert await _notify(app, session_id) == 204
    assert webhooks.sessions[session_id].state == "COMPLETED"
    assert await _notify(app, session_id) == 204  # a repeated delivery is harmless
    assert list(webhooks.sessions) == [session_id]


async def test_a_failed_refresh_answers_503_and_stores_nothing_until_redelivered(
    webhooks: ModuleType,
    app: httpx.AsyncClient,
    yoti_client: AsyncIDVClient,
    yoti_emulator: Emulator,
) -> None:
    session_id = await _completed_session(webhooks, yoti_client, yoti_emulator)
    # Every attempt of the app client's retry policy (3 by default) gets a 503.
    yoti_emulator.inject_fault("unavailable", count=3, retry_after=0, method="GET")
    assert await _notify(app, session_id) == 503
    assert webhooks.sessions == {}
    assert yoti_emulator.faults.armed == []
    assert await _notify(app, session_id) == 204
    assert webhooks.sessions[session_id].state == "COMPLETED"


async def test_bad_notifications_are_refused(webhooks: ModuleType, app: httpx.AsyncClient) -> None:
    assert await _notify(app, "some-session", token="yoti:wrong") == 401
    answer = await app.post("/yoti/notifications", content=b"not json", headers=_basic(TOKEN))
    assert answer.status_code == 400
    unknown = "0c6b2d55-0000-4000-8000-000000000000"
    assert await _notify(app, unknown) == 204  # not a session of this app: nothing kept
    assert webhooks.sessions == {}
