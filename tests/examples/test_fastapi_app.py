"""The FastAPI example in-process: httpx -> the app (ASGI) -> its embedded emulator (ASGI).

The emulator plays both Yoti and the user; its notifications come back to the app's webhook
in-process, so the whole loop runs without a socket.
"""

from __future__ import annotations

import base64
import re
from collections.abc import AsyncIterator
from html import unescape

import anyio
import httpx
import pytest
from fastapi import FastAPI

from fastapi_app.app import Backend, Settings, create_app
from yoti_idv.emulator import Emulator

WEBHOOK_TOKEN = "yoti:webhook-secret"
BASIC_AUTH = "Basic " + base64.b64encode(WEBHOOK_TOKEN.encode()).decode()


@pytest.fixture
async def app() -> AsyncIterator[FastAPI]:
    app = create_app(Settings(webhook_auth_token=WEBHOOK_TOKEN))
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def http(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


def backend_of(app: FastAPI) -> Backend:
    backend: Backend = app.state.backend
    return backend


def emulator_of(app: FastAPI) -> Emulator:
    emulator = backend_of(app).emulator
    assert emulator is not None
    return emulator


async def start(http: httpx.AsyncClient) -> tuple[str, str]:
    """Open the start page; the new session's id and the iframe's URL."""
    response = await http.get("/")
    assert response.status_code == 200
    iframe = re.search(r'<iframe id="yoti-idv"[^>]* src="([^"]+)"', response.text)
    assert iframe is not None
    web_flow_url = unescape(iframe.group(1))
    session_id = httpx.URL(web_flow_url).params["sessionID"]
    return session_id, web_flow_url


def image_urls(html: str) -> list[str]:
    return re.findall(r'<img src="(/media/[^"]+)"', html)


async def test_start_page_creates_a_passive_session_and_shows_the_web_flow(
    app: FastAPI, http: httpx.AsyncClient
) -> None:
    response = await http.get("/")

    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    iframe = re.search(r'<iframe id="yoti-idv"[^>]*>', response.text)
    assert iframe is not None
    assert 'allow="camera"' in iframe.group(0)
    [summary] = emulator_of(app).sessions()
    assert (summary.state, summary.liveness_type, summary.max_retries) == ("ONGOING", "STATIC", 3)
    session_id = summary.session_id
    assert f'data-results-url="/results/{session_id}"' in iframe.group(0)
    # The embedded emulator's page is served by the app itself, under Yoti's path.
    assert f'src="/idverify/v1/web/index.html?sessionID={session_id}&amp;sessionToken=' in (
        iframe.group(0)
    )


async def test_the_session_comes_back_to_the_app(app: FastAPI, http: httpx.AsyncClient) -> None:
    session_id, _ = await start(http)
    stored = emulator_of(app).store.get(session_id)
    assert stored is not None
    spec = stored.spec
    assert spec["sdk_config"]["success_url"] == "http://testserver/finished?outcome=success"
    assert spec["sdk_config"]["error_url"] == "http://testserver/finished?outcome=error"
    notifications = spec["notifications"]
    assert notifications["endpoint"] == "http://testserver/webhook"
    assert notifications["auth_type"] == "BASIC"
    assert set(notifications["topics"]) == {"SESSION_COMPLETION", "CLIENT_SESSION_TOKEN_DELETED"}


async def test_completing_in_the_emulator_notifies_the_webhook_and_shows_results(
    app: FastAPI, http: httpx.AsyncClient
) -> None:
    session_id, _ = await start(http)

    await emulator_of(app).complete_session(session_id, "pass")

    delivered = emulator_of(app).notifications
    assert [(n.payload["topic"], n.status_code) for n in delivered] == [("session_completion", 204)]
    # The webhook re-read the session: the results page is served from what it stored.
    assert backend_of(app).sessions[session_id].state == "COMPLETED"

    response = await http.get(f"/results/{session_id}")
    assert response.status_code == 200
    page = response.text
    assert '<strong id="session-state">COMPLETED</strong>' in page
    assert '<strong id="liveness-passed">yes</strong>' in page
    assert '<span class="recommendation APPROVE">APPROVE</span>' in page
    check = backend_of(app).sessions[session_id].liveness_checks[0]
    assert check.id is not None
    assert check.id in page
    for sub_check in ("liveness_auth", "face_processing", "payload_signature_verification"):
        assert f"<td>{sub_check}</td><td>PASS</td>" in page
    assert 'http-equiv="refresh"' not in page  # final: no need to look again
    [image] = image_urls(page)
    media = await http.get(image)
    assert media.status_code == 200
    assert media.headers["content-type"] == "image/jpeg"
    assert media.content[:3] == b"\xff\xd8\xff"  # a real JPEG, streamed through the backend


async def test_the_hosted_page_is_relayed_and_redirects_to_the_success_url(
    app: FastAPI, http: httpx.AsyncClient
) -> None:
    session_id, web_flow_url = await start(http)
    page = await http.get(web_flow_url)
    assert page.status_code == 200
    assert "I am a live person" in page.text
    token = httpx.URL(web_flow_url).params["sessionToken"]

    submitted = await http.post(
        "/idverify/v1/web/capture",
        data={"sessionID": session_id, "sessionToken": token, "outcome": "pass"},
    )

    assert submitted.status_code == 303
    assert submitted.headers["location"] == "http://testserver/finished?outcome=success"
    finished = await http.get(submitted.headers["location"])
    assert "yoti-idv:finished" in finished.text
    assert "checking your result" in finished.text
    results = await http.get(f"/results/{session_id}")
    assert "APPROVE" in results.text


async def test_a_spoof_is_shown_as_rejected_with_its_reason(
    app: FastAPI, http: httpx.AsyncClient
) -> None:
    session_id, _ = await start(http)
    await emulator_of(app).complete_session(session_id, "spoof", attempts=2)

    page = (await http.get(f"/results/{session_id}")).text

    assert page.count('<span class="recommendation REJECT">REJECT</span>') == 2
    assert "recommendation APPROVE" not in page
    assert len(image_urls(page)) == 2  # one capture per attempt


async def test_giving_up_ends_on_the_error_url_and_an_expired_session(
    app: FastAPI, http: httpx.AsyncClient
) -> None:
    session_id, web_flow_url = await start(http)
    token = httpx.URL(web_flow_url).params["sessionToken"]

    submitted = await http.post(
        "/idverify/v1/web/capture",
        data={"sessionID": session_id, "sessionToken": token, "outcome": "abandon"},
    )

    assert submitted.headers["location"] == "http://testserver/finished?outcome=error"
    assert "gave up" in (await http.get(submitted.headers["location"])).text
    page = (await http.get(f"/results/{session_id}")).text
    assert '<strong id="session-state">EXPIRED</strong>' in page
    assert '<strong id="liveness-passed">not yet known</strong>' in page
    assert "No liveness result yet." in page


async def test_results_of_an_ongoing_session_refresh_themselves(
    app: FastAPI, http: httpx.AsyncClient
) -> None:
    session_id, _ = await start(http)

    page = (await http.get(f"/results/{session_id}")).text

    assert '<strong id="session-state">ONGOING</strong>' in page
    assert '<meta http-equiv="refresh" content="3">' in page
    # Not final: the next visit reads the session again rather than trusting memory.
    await emulator_of(app).complete_session(session_id, "pass")
    backend_of(app).sessions.clear()  # as if the webhook never came
    assert "APPROVE" in (await http.get(f"/results/{session_id}")).text


async def test_webhook_with_good_auth_refreshes_the_session_idempotently(
    app: FastAPI, http: httpx.AsyncClient
) -> None:
    session_id, _ = await start(http)
    payload = {"session_id": session_id, "topic": "session_completion"}

    for _ in range(2):  # delivery is at least once
        response = await http.post("/webhook", json=payload, headers={"Authorization": BASIC_AUTH})
        assert response.status_code == 204

    assert list(backend_of(app).sessions) == [session_id]
    assert backend_of(app).sessions[session_id].state == "ONGOING"


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "Basic " + base64.b64encode(b"yoti:wrong-secret").decode(),
        f"Bearer {WEBHOOK_TOKEN}",  # the right token, the wrong scheme
        "Basic not-base64!",
    ],
    ids=["missing", "wrong-token", "wrong-scheme", "garbled"],
)
async def test_webhook_with_bad_auth_is_refused_and_changes_nothing(
    app: FastAPI, http: httpx.AsyncClient, authorization: str | None
) -> None:
    session_id, _ = await start(http)
    headers = {"Authorization": authorization} if authorization else {}

    response = await http.post(
        "/webhook", json={"session_id": session_id, "topic": "session_completion"}, headers=headers
    )

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Basic"
    assert backend_of(app).sessions == {}


async def test_webhook_refuses_a_body_that_is_not_a_notification(http: httpx.AsyncClient) -> None:
    response = await http.post("/webhook", content=b"[1, 2]", headers={"Authorization": BASIC_AUTH})
    assert response.status_code == 400
    assert "JSON object" in response.text


async def test_webhook_acknowledges_an_unknown_session(
    app: FastAPI, http: httpx.AsyncClient
) -> None:
    payload = {"session_id": "00000000-0000-4000-8000-000000000000", "topic": "session_completion"}
    response = await http.post("/webhook", json=payload, headers={"Authorization": BASIC_AUTH})
    assert response.status_code == 204
    assert backend_of(app).sessions == {}


async def test_a_withheld_medium_shows_a_placeholder(app: FastAPI, http: httpx.AsyncClient) -> None:
    session_id, _ = await start(http)
    await emulator_of(app).complete_session(session_id, "pass")
    [image] = image_urls((await http.get(f"/results/{session_id}")).text)
    emulator_of(app).withhold_media(session_id)

    response = await http.get(image)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert "withheld" in response.text
    assert response.headers["cache-control"] == "no-store"


async def test_media_and_results_of_unknown_ids(app: FastAPI, http: httpx.AsyncClient) -> None:
    session_id, _ = await start(http)
    unknown = "00000000-0000-4000-8000-000000000000"

    assert (await http.get(f"/media/{session_id}/{unknown}")).status_code == 404
    assert (await http.get(f"/results/{unknown}")).status_code == 404
    assert (await http.get(f"/results/{session_id}%25")).status_code == 422  # not an id


async def test_streamed_media_give_their_connection_back(
    app: FastAPI, http: httpx.AsyncClient
) -> None:
    """More downloads than the client has connections all finish: none is left holding one."""
    session_id, _ = await start(http)
    await emulator_of(app).complete_session(session_id, "pass")
    [image] = image_urls((await http.get(f"/results/{session_id}")).text)

    with anyio.fail_after(30):
        for _ in range(backend_of(app).client.max_concurrency + 5):
            assert (await http.get(image)).status_code == 200


def test_settings_from_the_environment() -> None:
    settings = Settings.from_env(
        {
            "YOTI_CLIENT_SDK_ID": " sdk-id ",
            "YOTI_KEY_FILE_PATH": "/keys/app.pem",
            "APP_PUBLIC_URL": "https://idv.example.com/",
            "YOTI_WEBHOOK_AUTH_TOKEN": "user:secret",
        }
    )
    assert settings == Settings(
        sdk_id="sdk-id",
        key_file_path="/keys/app.pem",
        public_url="https://idv.example.com",
        webhook_auth_token="user:secret",
    )
    assert "user:secret" not in repr(settings)

    embedded = Settings.from_env({})
    assert (embedded.sdk_id, embedded.key_file_path, embedded.public_url) == (None, None, None)
    assert embedded.webhook_auth_token != Settings.from_env({}).webhook_auth_token


def test_settings_refuse_half_a_set_of_credentials() -> None:
    from yoti_idv import ConfigurationError

    with pytest.raises(ConfigurationError, match="both YOTI_CLIENT_SDK_ID and YOTI_KEY_FILE_PATH"):
        Settings.from_env({"YOTI_CLIENT_SDK_ID": "sdk-id"})
