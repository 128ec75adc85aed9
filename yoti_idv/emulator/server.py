"""Serving an `Emulator` over HTTP with uvicorn, with the limits a long-running server needs.

uvicorn closes a connection that sits idle *between* requests after ``timeout_keep_alive``,
and bounds the size of an incomplete request head (``h11_max_incomplete_event_size``), but it
has no timeout for the head itself: a client that sends one header byte every few seconds
(slowloris) holds its connection for as long as it likes, and a few hundred of them hold the
server. `HeaderTimeoutProtocol` is uvicorn's h11 protocol with that timeout added: a
connection whose request line and headers are not complete `header_timeout` seconds after it
opened (or after its previous response) is closed.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.config import Config
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = [
    "DEFAULT_HEADER_TIMEOUT",
    "DEFAULT_KEEP_ALIVE_TIMEOUT",
    "MAX_REQUEST_HEAD_BYTES",
    "HeaderTimeoutProtocol",
    "uvicorn_config",
]

DEFAULT_HEADER_TIMEOUT = 10.0
"""Seconds a client has to send a complete request line and headers."""
DEFAULT_KEEP_ALIVE_TIMEOUT = 5
"""Seconds an idle keep-alive connection is kept (uvicorn's default)."""
MAX_REQUEST_HEAD_BYTES = 64 * 1024
"""The largest request line plus headers accepted (h11's incomplete-event bound)."""


class HeaderTimeoutProtocol(H11Protocol):
    """uvicorn's h11 protocol, closing connections whose request head is too slow to arrive."""

    header_timeout: float = DEFAULT_HEADER_TIMEOUT

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_timer()
        super().connection_lost(exc)

    def handle_events(self) -> None:
        super().handle_events()
        # Once h11 has the whole head, the client is no longer waiting to be served a head.
        if self.conn.their_state is not h11.IDLE:
            self._disarm_header_timer()

    def on_response_complete(self) -> None:
        # Arm before the base class serves a pipelined request (which disarms it again).
        self._arm_header_timer()
        super().on_response_complete()

    def _arm_header_timer(self) -> None:
        self._disarm_header_timer()
        self._header_timer = self.loop.call_later(self.header_timeout, self._header_timed_out)

    def _disarm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _header_timed_out(self) -> None:
        self._header_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()


def uvicorn_config(
    app: Any,
    *,
    header_timeout: float = DEFAULT_HEADER_TIMEOUT,
    keep_alive_timeout: int = DEFAULT_KEEP_ALIVE_TIMEOUT,
) -> Config:
    """A uvicorn `Config` that serves `app` with the header timeout and bounded request heads."""
    protocol = type(
        "HeaderTimeoutProtocol", (HeaderTimeoutProtocol,), {"header_timeout": header_timeout}
    )
    return Config(
        app,
        http=protocol,
        log_level="warning",
        lifespan="off",
        timeout_keep_alive=keep_alive_timeout,
        h11_max_incomplete_event_size=MAX_REQUEST_HEAD_BYTES,
    )
