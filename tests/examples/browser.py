"""The user's journey in a real browser, shared by the FastAPI and aiohttp examples' tests.

Both examples render the same pages (``pages.py``): an iframe ``#yoti-idv`` holding the web
flow, then a results page with ``#session-state`` and the liveness image in a ``figure``.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from yoti_idv.emulator import DeliveredNotification, Emulator

from .cdp import CDPError, Page

__all__ = ["WEBHOOK_TOKEN", "complete_in_browser", "wait_for_notification"]

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


def assert_the_journey_ended_well(
    shown: dict[str, str],
    emulator: Emulator,
    notification: DeliveredNotification,
    app_url: str,
    artifacts: Path,
) -> None:
    """What both example backends must have shown and received after `complete_in_browser`."""
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
