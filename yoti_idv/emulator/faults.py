"""Faults on demand: make the next N matching requests fail the way real networks do.

A fault is armed with `Emulator.inject_fault` (or the control API) and consumed by the next
matching request to the IDV API; the control API and the hosted page are never faulted. The
faulted request never reaches the service, so nothing changes state, which is what lets a test
show that a retried GET is safe. Kinds:

* ``rate_limit``: 429 ``TOO_MANY_REQUESTS`` with ``Retry-After`` (seconds);
* ``server_error``: 500; ``unavailable``: 503 (with ``Retry-After`` when given);
* ``delay``: wait `delay` seconds (at most `MAX_FAULT_DELAY`), then serve the request
  normally (for timeout tests);
* ``drop``: start a response and then close the connection mid-body. Over HTTP the client sees
  the peer close the connection; through `Emulator.transport()` an `httpx.RemoteProtocolError`.
"""

from __future__ import annotations

import enum
import threading
from typing import Any

import attrs

__all__ = [
    "MAX_FAULT_COUNT",
    "MAX_FAULT_DELAY",
    "ConnectionDropped",
    "Fault",
    "FaultInjector",
    "FaultKind",
]

MAX_FAULT_DELAY = 600.0
"""The longest delay a fault may hold a request for, in seconds."""
MAX_FAULT_COUNT = 1_000_000
"""The most requests one fault may apply to."""


class ConnectionDropped(Exception):
    """Raised inside the ASGI app to drop the connection; the transport turns it into a
    transport error."""


class FaultKind(enum.StrEnum):
    """The kinds of fault the emulator can inject."""

    RATE_LIMIT = "rate_limit"
    SERVER_ERROR = "server_error"
    UNAVAILABLE = "unavailable"
    DELAY = "delay"
    DROP = "drop"


@attrs.define
class Fault:
    """An armed fault; `remaining` counts down as matching requests consume it."""

    kind: FaultKind
    remaining: int
    path: str | None = None
    """Only requests whose path (relative to ``/idverify/v1``) contains this string."""
    method: str | None = None
    """Only requests with this HTTP method."""
    retry_after: int | None = None
    delay: float = 0.0

    def matches(self, method: str, path: str) -> bool:
        """Whether a request with this method and relative path triggers the fault."""
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path is None or self.path in path

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (for the control API)."""
        return {
            "kind": str(self.kind),
            "remaining": self.remaining,
            "path": self.path,
            "method": self.method,
            "retry_after": self.retry_after,
            "delay": self.delay,
        }


class FaultInjector:
    """The queue of armed faults; the first armed fault that matches a request wins."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> None:
        """Arm `fault` (built and checked by `Emulator.inject_fault`)."""
        with self._lock:
            self._faults.append(fault)

    def clear(self) -> None:
        """Disarm every fault."""
        with self._lock:
            self._faults.clear()

    @property
    def armed(self) -> list[Fault]:
        """The faults still armed (a copy)."""
        with self._lock:
            return list(self._faults)

    def take(self, method: str, path: str) -> Fault | None:
        """Consume one use of the first armed fault matching this request, if any."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path):
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                    return fault
        return None
