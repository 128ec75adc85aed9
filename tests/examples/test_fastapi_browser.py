"""The FastAPI example end to end, in a real headless Chromium.

A user opens the app, clicks the live-person button inside the iframe, lands on the results
page and sees APPROVE and the captured image. The app runs under uvicorn on 127.0.0.1, either
against an emulator served on its own port (as against Yoti: the iframe is cross-origin, the
webhook crosses the network) or with its embedded emulator. Screenshots of each step go to
``$YOTI_IDV_ARTIFACTS`` (default ``./artifacts``).

Chromium is Debian's ``chromium`` package (or ``$CHROMIUM_BINARY``); without one the test
is skipped, and CI installs it.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from fastapi_app.app import Settings, create_app
from yoti_idv.emulator import DeliveredNotification, Emulator
from yoti_idv.testing import serve_emulator

from .cdp import CDPError, Page, find_chromium, launch_chromium
from .support import bound_socket, serve_asgi

CHROMIUM = find_chromium()

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no chromium binary: apt-get install chromium (or set CHROMIUM_BINARY)",
)

WEBHOOK_TOKEN = "yoti:browser-test-secret"

IFRAME_ORIGIN = """(() => {
  const frame = document.getElementById("yoti-idv");
  const box = frame.getBoundingClientRect();
  return {x: box.left + frame.clientLeft, y: box.top + frame.clientTop};
})()"""

LIVE_PERSON_BUTTON = """(() => {
  const button = document.querySelector('button[value="pass"]');
  button.scrollIntoView({block: "center"});
  const box = button.getBoundingClientRect();
  return {x: box.left + box.width / 2, y: box.top + box.height / 2,
          text: button.textContent};
})()"""

IMAGE_SHOWN = """(() => {
  const image = document.querySelector("figure img");
  return !!image && image.complete && image.naturalWidth > 0
    && {src: image.getAttribute("src"), width: image.naturalWidth};
})()"""


@contextlib.contextmanager
def app_against_served_emulator(tmp_path: Path, emulator: Emulator) -> Iterator[str]:
    """The app configured as for Yoti (SDK id, .pem file, API URL), the emulator on its port."""
    demo = emulator.create_demo_application()
    key_file = demo.write_private_key(tmp_path / "application.pem")
    with serve_emulator(emulator) as api_url:
        sock = bound_socket()
        host, port = sock.getsockname()[:2]
        settings = Settings(
            sdk_id=demo.sdk_id,
            key_file_path=str(key_file),
            api_url=api_url,
            public_url=f"http://{host}:{port}",
            webhook_auth_token=WEBHOOK_TOKEN,
        )
        with serve_asgi(create_app(settings), sock) as app_url:
            yield app_url


async def wait_for_notification(emulator: Emulator, timeout: float = 10.0) -> DeliveredNotification:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if emulator.notifications:
            return emulator.notifications[0]
        await asyncio.sleep(0.05)
    raise AssertionError("the emulator sent no notification")


async def complete_in_browser(page: Page, app_url: str, artifacts: Path) -> dict[str, str]:
    """The user's journey; what the results page shows."""
    # 1. The user opens the app: a new session, Yoti's web flow in an iframe.
    await page.navigate(app_url + "/")
    await page.wait_for("document.getElementById('yoti-idv') !== null", what="the iframe")
    frame = await page.frame_context("/web/index.html")
    await page.wait_for(
        "document.readyState === 'complete' && !!document.querySelector('button[value=pass]')",
        context_id=frame,
        what="the web flow's buttons",
    )
    await page.screenshot(artifacts / "01-start.png")

    # 2. They click "I am a live person" inside the iframe, with the mouse.
    button = await page.evaluate(LIVE_PERSON_BUTTON, context_id=frame)
    assert button["text"] == "I am a live person"
    origin = await page.evaluate(IFRAME_ORIGIN)
    await page.click_at(origin["x"] + button["x"], origin["y"] + button["y"])
    await page.screenshot(artifacts / "02-clicked.png")

    # 3. The flow ends on the success URL, and the app moves on to the results.
    try:
        await page.wait_for("location.pathname.startsWith('/results/')", what="the results page")
    except CDPError as exc:
        await page.screenshot(artifacts / "02-stuck.png")
        stuck = await page.frame_context("")  # whatever the iframe shows now
        shown = await page.evaluate(
            "location.href + ': ' + document.body.innerText", context_id=stuck
        )
        message = f"the journey did not reach the results; the iframe shows {shown}"
        raise AssertionError(message) from exc
    image = await page.wait_for(IMAGE_SHOWN, what="the liveness image")
    await page.screenshot(artifacts / "03-results.png")
    html = await page.evaluate("document.documentElement.outerHTML")
    (artifacts / "03-results.html").write_text(html)
    return {
        "path": await page.evaluate("location.pathname"),
        "text": await page.evaluate("document.body.innerText"),
        "state": await page.evaluate("document.getElementById('session-state').textContent"),
        "image": image["src"],
    }


async def test_a_user_completes_passive_liveness_in_the_iframe(
    tmp_path: Path, artifacts: Path
) -> None:
    assert CHROMIUM is not None
    emulator = Emulator()
    with app_against_served_emulator(tmp_path, emulator) as app_url:
        async with launch_chromium(
            CHROMIUM, tmp_path / "chromium", log_path=artifacts / "chromium.log"
        ) as page:
            shown = await complete_in_browser(page, app_url, artifacts)
        notification = await wait_for_notification(emulator)

    [session] = emulator.sessions()
    assert shown["path"] == f"/results/{session.session_id}"
    assert shown["state"] == "COMPLETED"
    assert "APPROVE" in shown["text"]
    assert "liveness_auth" in shown["text"]
    # The image came from Yoti's media endpoint through the backend.
    assert shown["image"].startswith(f"/media/{session.session_id}/")
    assert shown["image"].rsplit("/", 1)[1] in session.media_ids
    # Yoti's webhook reached the app over HTTP and passed its auth check.
    assert notification.endpoint == f"{app_url}/webhook"
    assert notification.payload == {"session_id": session.session_id, "topic": "session_completion"}
    assert notification.status_code == 204
    for step in ("01-start.png", "02-clicked.png", "03-results.png"):
        assert (artifacts / step).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


async def test_the_embedded_emulator_works_in_a_browser_too(
    tmp_path: Path, artifacts: Path
) -> None:
    """No credentials at all: the app relays the emulator's page itself."""
    assert CHROMIUM is not None
    app = create_app(Settings(webhook_auth_token=WEBHOOK_TOKEN))
    with serve_asgi(app, bound_socket()) as app_url:
        async with launch_chromium(
            CHROMIUM, tmp_path / "chromium", log_path=artifacts / "chromium.log"
        ) as page:
            shown = await complete_in_browser(page, app_url, artifacts)
        emulator = app.state.backend.emulator
        assert isinstance(emulator, Emulator)
        [notification] = emulator.notifications

    assert shown["state"] == "COMPLETED"
    assert "APPROVE" in shown["text"]
    assert shown["image"].startswith("/media/")
    assert notification.status_code == 204
