"""Looking inside the client's connection pool, and making sessions quickly."""

from __future__ import annotations

from typing import Any

import httpx

from yoti_idv import AsyncIDVClient, RequestedLivenessCheckBuilder, SessionSpec, SessionSpecBuilder
from yoti_idv._default_transport import DeferredTransport


def pool(client: AsyncIDVClient) -> Any:
    """The pool behind the client's transport: aiohttp's connector, or httpcore's pool."""
    transport = client._http._transport
    if isinstance(transport, DeferredTransport):  # the default, built by the first request
        transport = transport.get()
    if isinstance(transport, httpx.AsyncHTTPTransport):
        return transport._pool
    import aiohttp

    from yoti_idv.transports import AiohttpTransport

    assert isinstance(transport, AiohttpTransport)
    session = transport.client
    assert isinstance(session, aiohttp.ClientSession), "no request was sent yet"
    return session.connector  # None once the client is closed


def busy_connections(client: AsyncIDVClient) -> int:
    """Connections that are neither idle nor closed: a leak once no call is running."""
    found = pool(client)
    if found is None:  # aiohttp's session is closed, and its connections with it
        return 0
    if hasattr(found, "connections"):  # httpcore
        return sum(1 for c in found.connections if not (c.is_idle() or c.is_closed()))
    return len(found._acquired)  # aiohttp: connections handed out and not yet released


def queued_requests(client: AsyncIDVClient) -> int:
    found = pool(client)
    if found is None:
        return 0
    if hasattr(found, "_requests"):  # httpcore
        return len(found._requests)
    return sum(len(waiters) for waiters in found._waiters.values())  # aiohttp


def free_slots(client: AsyncIDVClient) -> int:
    return int(client._in_flight._value)


def static_spec() -> SessionSpec:
    check = RequestedLivenessCheckBuilder().for_static_liveness().with_max_retries(3).build()
    return SessionSpecBuilder().with_requested_check(check).build()
