"""The hosted page: the end user's side of a session, as Yoti's web client serves it.

A backend puts ``{base}/web/index.html?sessionID=<id>&sessionToken=<client session token>``
in an iframe (as the examples of Yoti's SDKs do). The emulator's page shows what the
capture would be
(one photo for STATIC liveness; a facemap and frames for ZOOM) and offers three buttons: a live
person, a spoof, or giving up. The form posts to ``web/capture``; the emulator then completes
the session and redirects to the session's ``sdk_config.success_url`` (the journey finished,
whatever the result) or ``error_url`` (the user gave up), as Yoti's client does. The first
load records the ``CONFIG_FIRST_LOADED`` tracked-device event, with the browser as the device.

Plain HTML and a few lines of JavaScript; everything interpolated is escaped. The URL holds
the client session token, so the page is sent with ``Referrer-Policy: same-origin`` (no other
site is told the URL; its own form post carries its real ``Origin``, not ``null``) and
``Cache-Control: no-store``.
"""

from __future__ import annotations

import base64
import html
from urllib.parse import parse_qs

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from .devices import device_from_request
from .media import make_jpeg
from .results import Outcome
from .service import EmulatorService, SessionNotOngoing, UnknownSession

__all__ = ["page_routes"]

_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "same-origin"}
_MAX_FORM_BYTES = 16_384

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem;
       color: #1d2a3a; }
h1 { font-size: 1.4rem; } .muted { color: #5b6b7d; font-size: .9rem; }
.capture { display: flex; gap: 1rem; align-items: center; margin: 1rem 0; }
.capture img { width: 96px; height: 96px; border-radius: 8px; border: 1px solid #ccd; }
button { font-size: 1rem; padding: .6rem 1rem; margin: .3rem .3rem .3rem 0; border-radius: 6px;
         border: 1px solid #2d5fa8; background: #2d5fa8; color: white; cursor: pointer; }
button.spoof { background: #a83232; border-color: #a83232; }
button.abandon { background: white; color: #2d5fa8; }
"""

_SCRIPT = """
document.getElementById("capture").addEventListener("submit", function () {
  // Disable the buttons only after the form data is built: a disabled button is left out of
  // it, and the clicked button carries the outcome.
  setTimeout(function () {
    for (const b of document.querySelectorAll("button")) { b.disabled = true; }
  }, 0);
  document.getElementById("status").textContent = "Capturing\\u2026";
});
"""


def page_routes(emulator: EmulatorService) -> list[Route]:
    """The page's routes, relative to the API prefix."""

    async def index(request: Request) -> Response:
        session_id = request.query_params.get("sessionID", "")
        token = request.query_params.get("sessionToken", "")
        session = emulator.store.find_by_token(session_id, token) if session_id and token else None
        if session is None:
            return _message(404, "Session not found", "This link is not valid, or has expired.")
        if session.state != "ONGOING" or session.token_deleted:
            return _message(
                409, "Session closed", f"This session is {session.state.lower()}; nothing to do."
            )
        # Yoti's client fetches the session's configuration when it loads: the first load is
        # the CONFIG_FIRST_LOADED tracked-device event, with this browser as the device.
        client = request.client
        device = device_from_request(
            client.host if client else None,
            request.headers.get("user-agent"),
            request.headers.get("accept-language"),
        )
        try:
            emulator.record_page_load(session.id, device)
        except UnknownSession:
            return _message(404, "Session not found", "This link is not valid, or has expired.")
        liveness = session.liveness
        preview = base64.b64encode(make_jpeg(session.id.encode())).decode("ascii")
        if liveness is None:
            what = "No liveness check was requested: the journey only needs your consent."
            max_attempts = 1
        elif liveness.liveness_type == "ZOOM":
            what = (
                "Active (ZOOM) liveness: move closer to the camera; "
                "a facemap and frames are captured."
            )
            max_attempts = liveness.max_attempts
        else:
            what = "Passive (STATIC) liveness: one photo of your face is captured."
            max_attempts = liveness.max_attempts
        e = html.escape
        body = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Identity verification (yoti-idv emulator)</title><style>{_STYLE}</style></head>
<body>
<h1>Identity verification</h1>
<p class="muted">Local yoti-idv emulator &middot; session <code>{e(session.id)}</code></p>
<div class="capture"><img alt="capture preview" src="data:image/jpeg;base64,{preview}">
<p>{e(what)}</p></div>
<form id="capture" method="post" action="capture">
<input type="hidden" name="sessionID" value="{e(session.id)}">
<input type="hidden" name="sessionToken" value="{e(token)}">
<p><label>Attempts <input type="number" name="attempts" min="1" max="{max_attempts}"
 placeholder="auto"></label> <span class="muted">(at most {max_attempts})</span></p>
<button type="submit" name="outcome" value="pass" class="pass">I am a live person</button>
<button type="submit" name="outcome" value="spoof" class="spoof">Hold up a photo (spoof)</button>
<button type="submit" name="outcome" value="abandon" class="abandon">Give up</button>
</form>
<p id="status" class="muted" role="status"></p>
<script>{_SCRIPT}</script>
</body></html>"""
        return HTMLResponse(body, headers=_HEADERS)

    async def capture(request: Request) -> Response:
        raw = b""
        # Checked while reading: a huge body is refused at its first 16 kB, never held whole.
        async for chunk in request.stream():
            raw += chunk
            if len(raw) > _MAX_FORM_BYTES:
                return _message(413, "Too large", "The form is too large.")
        form = {k: v[0] for k, v in parse_qs(raw.decode("utf-8", "replace")).items() if v}
        session_id = form.get("sessionID", "")
        token = form.get("sessionToken", "")
        session = emulator.store.find_by_token(session_id, token) if session_id and token else None
        if session is None:
            return _message(404, "Session not found", "This link is not valid, or has expired.")
        attempts_text = form.get("attempts", "").strip()
        try:
            attempts = int(attempts_text) if attempts_text else None
            outcome = Outcome(form.get("outcome", ""))
            _, config, events = emulator.complete_session_state(session_id, outcome, attempts)
        except UnknownSession:
            return _message(404, "Session not found", "This link is not valid, or has expired.")
        except SessionNotOngoing as exc:
            return _message(409, "Session closed", str(exc))
        except ValueError as exc:
            return _message(400, "Invalid choice", str(exc))
        sdk_config = session.spec.get("sdk_config") or {}
        target = sdk_config.get("error_url" if outcome is Outcome.ABANDON else "success_url")
        task = BackgroundTask(emulator.notifier.deliver, session_id, config, events)
        if isinstance(target, str) and target:
            return RedirectResponse(target, status_code=303, headers=_HEADERS, background=task)
        if outcome is Outcome.ABANDON:
            response = _message(200, "You gave up", "The session has been closed.")
        else:
            response = _message(200, "Thank you", "Your capture has been submitted.")
        response.background = task
        return response

    return [
        Route("/web/index.html", index, methods=["GET"]),
        Route("/web/capture", capture, methods=["POST"]),
    ]


def _message(status: int, title: str, text: str) -> HTMLResponse:
    e = html.escape
    body = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>'
        f"<style>{_STYLE}</style></head><body><h1>{e(title)}</h1><p>{e(text)}</p></body></html>"
    )
    return HTMLResponse(body, status_code=status, headers=_HEADERS)
