"""Looking inside the client's connection pool, and making sessions quickly."""

from __future__ import annotations

from typing import Any

import httpx

from yoti_idv import AsyncIDVClient, RequestedLivenessCheckBuilder, SessionSpec, SessionSpecBuilder


def pool(client: AsyncIDVClient) -> Any:
    """The httpcore pool behind the client's default transport."""
    transport = client._http._transport
    assert isinstance(transport, httpx.AsyncHTTPTransport)
    return transport._pool


def busy_connections(client: AsyncIDVClient) -> int:
    """Connections that are neither idle nor closed: a leak once no call is running."""
    return sum(1 for c in pool(client).connections if not (c.is_idle() or c.is_closed()))


def queued_requests(client: AsyncIDVClient) -> int:
    return len(pool(client)._requests)


def free_slots(client: AsyncIDVClient) -> int:
    return int(client._in_flight._value)


def static_spec() -> SessionSpec:
    check = RequestedLivenessCheckBuilder().for_static_liveness().with_max_retries(3).build()
    return SessionSpecBuilder().with_requested_check(check).build()
