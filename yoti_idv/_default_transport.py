"""The transport of a client that is given none: aiohttp's pool, built on the first request.

`AsyncIDVClient` without `transport=` or `http_client=` sends through aiohttp's connection pool
(`yoti_idv.transports` says why). That pool is built when the client sends its first request,
not when the client is built: importing aiohttp and loading the CA bundle into an SSL context
are most of what building a client would otherwise cost, and aiohttp's session has to be made
inside the running event loop anyway, which a client built at import time or in a FastAPI
lifespan's set-up does not always have. A client that never sends (a CLI's ``--help``, a
test that gives its own transport later) never pays for either.

The proxy variables are read when the client is built, as httpx reads them
(`yoti_idv._proxy_env`): each proxy mounts its own pool, built on first use too.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

import httpx

from ._proxy_env import proxy_table

__all__ = ["DeferredTransport", "default_transport_and_mounts"]


class DeferredTransport(httpx.AsyncBaseTransport):
    """A transport that `build` makes on the first request (or on `get`); `aclose` closes it."""

    def __init__(self, build: Callable[[], httpx.AsyncBaseTransport]) -> None:
        self._build = build
        self._transport: httpx.AsyncBaseTransport | None = None

    def get(self) -> httpx.AsyncBaseTransport:
        """The transport, built now if no request has built it yet."""
        if self._transport is None:
            self._transport = self._build()
        return self._transport

    def handle_async_request(self, request: httpx.Request) -> Coroutine[Any, Any, httpx.Response]:
        # Not ``async def``: the built transport's own coroutine is what httpx awaits, with
        # no frame of this class's around it on every request.
        transport = self._transport if self._transport is not None else self.get()
        return transport.handle_async_request(request)

    async def aclose(self) -> None:
        if self._transport is not None:
            await self._transport.aclose()


def default_transport_and_mounts(
    max_connections: int,
) -> tuple[DeferredTransport, dict[str, httpx.AsyncBaseTransport | None]]:
    """The transport and proxy mounts of a client given neither: aiohttp pools of
    `max_connections` each, built on first use (see the module)."""

    def pool(proxy: str | None = None) -> Callable[[], httpx.AsyncBaseTransport]:
        def build() -> httpx.AsyncBaseTransport:
            from .transports import aiohttp_transport  # says which extra is missing, if any

            return aiohttp_transport(max_connections=max_connections, proxy=proxy)

        return build

    mounts: dict[str, httpx.AsyncBaseTransport | None] = {
        pattern: None if proxy is None else DeferredTransport(pool(proxy))
        for pattern, proxy in proxy_table().items()
    }
    return DeferredTransport(pool()), mounts
