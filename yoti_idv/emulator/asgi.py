"""`Emulator`: the emulator's service as an ASGI application, with faults injected on the wire.

`EmulatorService` (in `service`) holds the state and the operations; `build_app` (in `app`)
turns them into the routes of the IDV API, the hosted page and the control API. `Emulator`
puts the two together and is what users make: an ASGI application to run in-process
(``emulator.transport()``) or over HTTP with uvicorn.
"""

from __future__ import annotations

import functools
import logging

import anyio
import httpx
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .app import build_app
from .faults import ConnectionDropped, Fault, FaultKind
from .guard import guarded_channels
from .responses import yoti_error
from .service import API_PREFIX, CONTROL_PREFIX, EmulatorService

__all__ = ["Emulator", "EmulatorTransport"]

logger = logging.getLogger("yoti_idv.emulator")


class EmulatorTransport(httpx.ASGITransport):
    """`httpx.ASGITransport` for the emulator: a dropped-connection fault becomes the
    `httpx.RemoteProtocolError` a real server's dropped connection would give."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await super().handle_async_request(request)
        except ConnectionDropped:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a complete response (emulator fault)",
                request=request,
            ) from None


class Emulator(EmulatorService):
    """A local, faithful Yoti IDV service (see `yoti_idv.emulator.service`).

    `clock` ages sessions (pass a `ManualClock` to move time in tests);
    `notification_client` sends webhooks (pass one with `httpx.MockTransport` to capture them);
    `base_url` is the API base that URLs handed out by the emulator use (the hosted page's).
    """

    @functools.cached_property
    def _app(self) -> ASGIApp:
        """The routes, built on the first request (at worst twice, by two threads: harmless)."""
        return build_app(self)

    # --- ASGI ---------------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path: str = scope.get("path", "")
            receive, send = guarded_channels(
                scope, receive, send, self.guard.body_limit(path, CONTROL_PREFIX)
            )
            # Before anything else, faults included: a refused request changes nothing.
            refusal = self.guard.refusal(
                scope, base_host=self._base_host(), control_prefix=CONTROL_PREFIX
            )
            if refusal is not None:
                await refusal(scope, receive, send)
                return
            if path.startswith(API_PREFIX + "/") and not path.startswith(API_PREFIX + "/web/"):
                fault = self.faults.take(scope["method"], path[len(API_PREFIX) :])
                if fault is not None and await self._apply_fault(fault, scope, receive, send):
                    return
        try:
            await self._app(scope, receive, send)
        except ConnectionDropped:
            raise
        except Exception:
            # Starlette has already answered with a Yoti-style 500 (see app.py); log it here
            # instead of letting it escape into the caller's transport.
            logger.exception("the emulator failed to handle a request")

    # The last `base_url` and its host (and port): parsed again only when `base_url` changes.
    _parsed_base: tuple[str, str] = ("", "")

    def _base_host(self) -> str:
        """The host (and port) of `base_url`, parsed once per value of `base_url`."""
        if self._parsed_base[0] != self.base_url:
            self._parsed_base = (self.base_url, httpx.URL(self.base_url).netloc.decode("ascii"))
        return self._parsed_base[1]

    async def _apply_fault(self, fault: Fault, scope: Scope, receive: Receive, send: Send) -> bool:
        logger.info("injecting fault %s into %s %s", fault.kind, scope["method"], scope["path"])
        headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
        if fault.kind is FaultKind.DELAY:
            await anyio.sleep(fault.delay)
            return False
        if fault.kind is FaultKind.DROP:
            start: Message = {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", b"64")],
            }
            await send(start)
            await send({"type": "http.response.body", "body": b"{", "more_body": True})
            raise ConnectionDropped
        if fault.kind is FaultKind.RATE_LIMIT:
            response = yoti_error(429, "TOO_MANY_REQUESTS", "Too many requests", headers=headers)
        elif fault.kind is FaultKind.UNAVAILABLE:
            response = yoti_error(
                503, "SERVICE_UNAVAILABLE", "The service is unavailable", headers=headers
            )
        else:
            response = yoti_error(500, "INTERNAL_SERVER_ERROR", "An unexpected error occurred")
        await response(scope, receive, send)
        return True

    def transport(self) -> EmulatorTransport:
        """An `httpx.AsyncBaseTransport` that serves requests from this emulator in-process.

        Use it with ``base_url=emulator.base_url``.
        """
        return EmulatorTransport(app=self, client=("127.0.0.1", 50000))
