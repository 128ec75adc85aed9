"""The control API: drive the emulator over HTTP, without a browser or Python.

Mounted under ``/__emulator__``, a prefix the real service does not use. It is not signed:
it is a test tool, served on 127.0.0.1 unless told otherwise. JSON in, JSON out, errors as
Yoti-style documents.

Endpoints (all under ``/__emulator__``; see `CONTROL_ENDPOINTS`):

* ``GET /`` this list, as JSON; ``GET /sessions``: every live session's summary;
  ``GET /sessions/{id}``: one summary (404 when unknown).
* ``POST /sessions/{id}/complete`` ``{"outcome": "pass"|"spoof"|"abandon", "attempts"?: n}``:
  play the end user; the summary (404 unknown, 409 not ONGOING, 400 bad body).
* ``POST /sessions/{id}/media/withhold`` ``{"media_id"?: id, "withheld"?: true}``: make media
  answer 204 (all of the session's when no ``media_id``); ``{"media_ids": [...]}``.
* ``POST /clock/advance`` ``{"seconds": n}``: move a manual clock (409 on the real clock).
* ``GET | POST | DELETE /faults``: list, arm (``{"kind", "count"?, "path"?, "method"?,
  "retry_after"?, "delay"?}``, 201) or disarm faults.
* ``GET | DELETE /notifications``: the notifications sent (no auth material), or forget them.
* ``POST /applications`` ``{"sdk_id", "public_key_pem"}``: register an application (201).

A summary is ``{"session_id", "sdk_id", "state", "liveness_type", "max_retries", "created",
"media_ids"}``.
"""

from __future__ import annotations

from typing import Any

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .faults import MAX_FAULT_DELAY, FaultKind
from .json_input import MAX_JSON_INTEGER, JsonInputError, load_json
from .responses import PropertyProblem, json_response, yoti_error
from .service import EmulatorService, SessionNotOngoing, UnknownSession
from .state import format_time

__all__ = ["CONTROL_ENDPOINTS", "control_routes"]

CONTROL_ENDPOINTS: tuple[tuple[str, str, str], ...] = (
    ("GET", "/sessions", "list live sessions"),
    ("GET", "/sessions/{session_id}", "one session's summary"),
    ("POST", "/sessions/{session_id}/complete", "play the end user: {outcome, attempts?}"),
    (
        "POST",
        "/sessions/{session_id}/media/withhold",
        "answer 204 for media: {media_id?, withheld?}",
    ),
    ("POST", "/clock/advance", "move a manual clock: {seconds}"),
    ("GET", "/faults", "list armed faults"),
    ("POST", "/faults", "arm a fault: {kind, count?, path?, method?, retry_after?, delay?}"),
    ("DELETE", "/faults", "disarm every fault"),
    ("GET", "/notifications", "notifications sent"),
    ("DELETE", "/notifications", "forget notifications sent"),
    ("POST", "/applications", "register an application: {sdk_id, public_key_pem}"),
)


# A hundred years: enough to pass any TTL, small enough for the clock's float arithmetic.
_MAX_ADVANCE_SECONDS = 100 * 366 * 24 * 3600


class _BadRequest(Exception):
    def __init__(self, prop: str, message: str) -> None:
        super().__init__(message)
        self.problem = PropertyProblem(prop, message)


async def _json_body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        body = load_json(raw)
    except JsonInputError as exc:
        raise _BadRequest("body", str(exc)) from None
    if not isinstance(body, dict):
        raise _BadRequest("body", "must be a JSON object")
    return body


def _bad(exc: _BadRequest) -> Response:
    return yoti_error(
        400, "PAYLOAD_VALIDATION", "There were errors validating the payload", [exc.problem]
    )


def _optional_int(body: dict[str, Any], key: str) -> int | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _BadRequest(key, "must be an integer")
    if abs(value) > MAX_JSON_INTEGER:
        raise _BadRequest(key, f"must be at most {MAX_JSON_INTEGER}")
    return value


def _optional_str(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _BadRequest(key, "must be a string")
    return value


def control_routes(emulator: EmulatorService) -> list[Route]:
    """The control API's routes, relative to ``/__emulator__``."""

    def not_found(session_id: str) -> Response:
        return yoti_error(404, "SESSION_NOT_FOUND", f"No live session {session_id}")

    async def index(request: Request) -> Response:
        return json_response(
            {
                "service": "yoti-idv emulator",
                "api_base": "/idverify/v1",
                "endpoints": [
                    {"method": m, "path": "/__emulator__" + p, "does": d}
                    for m, p, d in CONTROL_ENDPOINTS
                ],
            }
        )

    async def list_sessions(request: Request) -> Response:
        return json_response([s.to_json() for s in emulator.sessions()])

    async def get_session(request: Request) -> Response:
        session_id = request.path_params["session_id"]
        try:
            return json_response(emulator.session(session_id).to_json())
        except UnknownSession:
            return not_found(session_id)

    async def complete(request: Request) -> Response:
        session_id = request.path_params["session_id"]
        try:
            body = await _json_body(request)
            outcome = _optional_str(body, "outcome") or "pass"
            attempts = _optional_int(body, "attempts")
            summary, config, events = emulator.complete_session_state(session_id, outcome, attempts)
        except _BadRequest as exc:
            return _bad(exc)
        except UnknownSession:
            return not_found(session_id)
        except SessionNotOngoing as exc:
            return yoti_error(409, "SESSION_NOT_ONGOING", str(exc))
        except ValueError as exc:
            return _bad(_BadRequest("outcome" if "outcome" in str(exc) else "attempts", str(exc)))
        response = json_response(summary.to_json())
        response.background = BackgroundTask(emulator.notifier.deliver, session_id, config, events)
        return response

    async def withhold(request: Request) -> Response:
        session_id = request.path_params["session_id"]
        try:
            body = await _json_body(request)
            media_id = _optional_str(body, "media_id")
            withheld = body.get("withheld", True)
            if not isinstance(withheld, bool):
                raise _BadRequest("withheld", "must be a boolean")
            changed = emulator.withhold_media(session_id, media_id, withheld=withheld)
        except _BadRequest as exc:
            return _bad(exc)
        except UnknownSession:
            return not_found(session_id)
        except KeyError:
            return yoti_error(404, "MEDIA_NOT_FOUND", "The media does not exist")
        return json_response({"media_ids": changed})

    async def advance(request: Request) -> Response:
        try:
            body = await _json_body(request)
            seconds = body.get("seconds")
            if (
                isinstance(seconds, bool)
                or not isinstance(seconds, int | float)
                or not 0 <= seconds <= _MAX_ADVANCE_SECONDS
            ):
                raise _BadRequest(
                    "seconds", f"must be a number between 0 and {_MAX_ADVANCE_SECONDS}"
                )
            emulator.advance_clock(float(seconds))
        except _BadRequest as exc:
            return _bad(exc)
        except TypeError as exc:
            return yoti_error(409, "CLOCK_NOT_MANUAL", str(exc))
        return json_response({"now": format_time(emulator.clock.now())})

    async def faults(request: Request) -> Response:
        if request.method == "DELETE":
            emulator.faults.clear()
        elif request.method == "POST":
            try:
                body = await _json_body(request)
                kind = _optional_str(body, "kind")
                if kind not in {k.value for k in FaultKind}:
                    raise _BadRequest(
                        "kind", "must be one of " + ", ".join(k.value for k in FaultKind)
                    )
                delay = body.get("delay", 0.0)
                if isinstance(delay, bool) or not isinstance(delay, int | float):
                    raise _BadRequest("delay", "must be a number")
                if not 0 <= delay <= MAX_FAULT_DELAY:
                    raise _BadRequest("delay", f"must be between 0 and {MAX_FAULT_DELAY:g} seconds")
                count = _optional_int(body, "count")
                fault = emulator.inject_fault(
                    kind,
                    count=1 if count is None else count,
                    path=_optional_str(body, "path"),
                    method=_optional_str(body, "method"),
                    retry_after=_optional_int(body, "retry_after"),
                    delay=float(delay),
                )
            except _BadRequest as exc:
                return _bad(exc)
            except ValueError as exc:
                return _bad(_BadRequest("body", str(exc)))
            return json_response(fault.to_json(), 201)
        return json_response([f.to_json() for f in emulator.faults.armed])

    async def notifications(request: Request) -> Response:
        if request.method == "DELETE":
            emulator.notifier.clear()
        return json_response([n.to_json() for n in emulator.notifications])

    async def applications(request: Request) -> Response:
        try:
            body = await _json_body(request)
            sdk_id = _optional_str(body, "sdk_id")
            pem = _optional_str(body, "public_key_pem")
            if not sdk_id:
                raise _BadRequest("sdk_id", "must be provided")
            if not pem:
                raise _BadRequest("public_key_pem", "must be provided")
            try:
                emulator.register_application(sdk_id, pem.encode("ascii"))
            except (ValueError, UnicodeEncodeError) as exc:
                raise _BadRequest("public_key_pem", str(exc)) from None
        except _BadRequest as exc:
            return _bad(exc)
        return json_response({"sdk_id": sdk_id}, 201)

    return [
        Route("/", index, methods=["GET"]),
        Route("/sessions", list_sessions, methods=["GET"]),
        Route("/sessions/{session_id}", get_session, methods=["GET"]),
        Route("/sessions/{session_id}/complete", complete, methods=["POST"]),
        Route("/sessions/{session_id}/media/withhold", withhold, methods=["POST"]),
        Route("/clock/advance", advance, methods=["POST"]),
        Route("/faults", faults, methods=["GET", "POST", "DELETE"]),
        Route("/notifications", notifications, methods=["GET", "DELETE"]),
        Route("/applications", applications, methods=["POST"]),
    ]
