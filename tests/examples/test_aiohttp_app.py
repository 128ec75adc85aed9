"""The aiohttp example with aiohttp's test client, against its embedded emulator.

The app runs on aiohttp's `TestServer` (127.0.0.1, a free port), so the emulator's
notifications reach its webhook over HTTP, as Yoti's would.
"""

from __future__ import annotations

import asyncio
import base64
import re
from collections.abc import AsyncIterator
from html import unescape

import httpx
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from aiohttp_app.app import BACKEND, Backend, Settings, create_app
from yoti_idv import ConfigurationError
from yoti_idv.emulator import Emulator

WEBHOOK_TOKEN = "yoti:webhook-secret"
BASIC_AUTH = "Basic " + base64.b64encode(WEBHOOK_TOKEN.encode()).decode()

Client = TestClient[web.Request, web.Application]


@pytest.fixture
async def client() -> AsyncIterator[Client]:
    app = create_app(Settings(webhook_auth_token=WEBHOOK_TOKEN))
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        yield client


def backend_of(client: Client) -> Backend:
    return client.app[BACKEND]


def emulator_of(client: Client) -> Emulator:
    emulator = backend_of(client).emulator
    assert emulator is not None
    return emulator


async def start(client: Client) -> tuple[str, str]:
    """Open the start page; the new session's id and the iframe's URL."""
    response = await client.get("/")
    assert response.status == 200
    assert response.headers["Cache-Control"] == "no-store"
    iframe = re.search(r'<iframe id="yoti-idv"[^>]* src="([^"]+)"', await response.text())
    assert iframe is not None
    web_flow_url = unescape(iframe.group(1))
    return httpx.URL(web_flow_url).params["sessionID"], web_flow_url


async def image_urls(client: Client, session_id: str) -> list[str]:
    page = await (await client.get(f"/results/{session_id}")).text()
    return re.findall(r'<img src="(/media/[^"]+)"', page)


async def test_start_page_creates_a_passive_session(client: Client) -> None:
    session_id, web_flow_url = await start(client)

    assert web_flow_url.startswith(f"/idverify/v1/web/index.html?sessionID={session_id}&")
    summary = emulator_of(client).session(session_id)
    assert (summary.state, summary.liveness_type) == ("ONGOING", "STATIC")
    stored = emulator_of(client).store.get(session_id)
    assert stored is not None
    origin = str(client.make_url("/")).rstrip("/")
    assert stored.spec["notifications"]["endpoint"] == f"{origin}/webhook"
    assert stored.spec["sdk_config"]["success_url"] == f"{origin}/finished?outcome=success"


async def test_completing_in_the_emulator_reaches_the_webhook_and_the_results(
    client: Client,
) -> None:
    session_id, _ = await start(client)

    await emulator_of(client).complete_session(session_id, "pass")

    [notification] = emulator_of(client).notifications
    assert notification.status_code == 204  # delivered over HTTP, auth accepted
    assert backend_of(client).sessions[session_id].state == "COMPLETED"
    page = await (await client.get(f"/results/{session_id}")).text()
    assert '<strong id="session-state">COMPLETED</strong>' in page
    assert '<strong id="liveness-passed">yes</strong>' in page
    assert '<span class="recommendation APPROVE">APPROVE</span>' in page
    for sub_check in ("liveness_auth", "face_processing", "payload_signature_verification"):
        assert f"<td>{sub_check}</td><td>PASS</td>" in page
    [image] = await image_urls(client, session_id)
    media = await client.get(image)
    assert media.status == 200
    assert media.headers["Content-Type"] == "image/jpeg"
    assert media.headers["Cache-Control"] == "no-store"
    assert (await media.read())[:3] == b"\xff\xd8\xff"


async def test_the_hosted_page_is_relayed_and_redirects_to_the_success_url(
    client: Client,
) -> None:
    session_id, web_flow_url = await start(client)
    page = await client.get(web_flow_url)
    assert "I am a live person" in await page.text()
    token = httpx.URL(web_flow_url).params["sessionToken"]

    submitted = await client.post(
        "/idverify/v1/web/capture",
        data={"sessionID": session_id, "sessionToken": token, "outcome": "pass"},
        allow_redirects=False,
    )

    assert submitted.status == 303
    location = submitted.headers["Location"]
    assert location == str(client.make_url("/finished?outcome=success"))
    finished = await (await client.get("/finished?outcome=success")).text()
    assert "yoti-idv:finished" in finished
    page_text = await (await client.get(f"/results/{session_id}")).text()
    assert "recommendation APPROVE" in page_text


async def test_a_spoof_is_rejected(client: Client) -> None:
    session_id, _ = await start(client)
    await emulator_of(client).complete_session(session_id, "spoof", attempts=3)

    page = await (await client.get(f"/results/{session_id}")).text()

    assert page.count("recommendation REJECT") == 3
    assert "recommendation APPROVE" not in page


async def test_webhook_with_good_auth_is_idempotent(client: Client) -> None:
    session_id, _ = await start(client)
    payload = {"session_id": session_id, "topic": "session_completion"}

    for _ in range(2):
        response = await client.post(
            "/webhook", json=payload, headers={"Authorization": BASIC_AUTH}
        )
        assert response.status == 204

    assert list(backend_of(client).sessions) == [session_id]


@pytest.mark.parametrize(
    "authorization",
    [None, "Basic " + base64.b64encode(b"yoti:wrong").decode(), f"Bearer {WEBHOOK_TOKEN}"],
    ids=["missing", "wrong-token", "wrong-scheme"],
)
async def test_webhook_with_bad_auth_is_refused(client: Client, authorization: str | None) -> None:
    session_id, _ = await start(client)
    headers = {"Authorization": authorization} if authorization else {}

    response = await client.post(
        "/webhook", json={"session_id": session_id, "topic": "session_completion"}, headers=headers
    )

    assert response.status == 401
    assert backend_of(client).sessions == {}


async def test_webhook_refuses_a_body_that_is_not_a_notification(client: Client) -> None:
    response = await client.post(
        "/webhook", data=b"not json", headers={"Authorization": BASIC_AUTH}
    )
    assert response.status == 400


async def test_a_withheld_medium_shows_a_placeholder(client: Client) -> None:
    session_id, _ = await start(client)
    await emulator_of(client).complete_session(session_id, "pass")
    [image] = await image_urls(client, session_id)
    emulator_of(client).withhold_media(session_id)

    response = await client.get(image)

    assert response.status == 200
    assert response.headers["Content-Type"].startswith("image/svg+xml")
    assert "withheld" in await response.text()


async def test_unknown_and_malformed_ids(client: Client) -> None:
    session_id, _ = await start(client)
    unknown = "00000000-0000-4000-8000-000000000000"

    assert (await client.get(f"/results/{unknown}")).status == 404
    assert (await client.get(f"/media/{session_id}/{unknown}")).status == 404
    assert (await client.get(f"/results/{session_id}%25")).status == 404  # no route matches


async def test_many_media_downloads_give_their_connections_back(client: Client) -> None:
    session_id, _ = await start(client)
    await emulator_of(client).complete_session(session_id, "pass")
    [image] = await image_urls(client, session_id)

    async with asyncio.timeout(30):
        for _ in range(backend_of(client).client.max_concurrency + 5):
            response = await client.get(image)
            assert response.status == 200
            await response.read()


def test_settings_from_the_environment() -> None:
    settings = Settings.from_env(
        {"YOTI_CLIENT_SDK_ID": "sdk-id", "YOTI_KEY_FILE_PATH": "/keys/app.pem"}
    )
    assert (settings.sdk_id, settings.key_file_path) == ("sdk-id", "/keys/app.pem")
    with pytest.raises(ConfigurationError, match="both YOTI_CLIENT_SDK_ID and YOTI_KEY_FILE_PATH"):
        Settings.from_env({"YOTI_KEY_FILE_PATH": "/keys/app.pem"})
