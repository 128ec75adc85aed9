"""An aiohttp-backed transport: httpx's API, auth flow and respx, on aiohttp's connection pool.

httpx 0.28's own async pool degrades under concurrency (encode/httpx#3215); the maintained
`httpx-aiohttp` package puts aiohttp's pool under httpx's API, so the signer (an `httpx.Auth`),
retries, timeouts and streaming stay exactly as they are::

    from yoti_idv import AsyncIDVClient
    from yoti_idv.transports import aiohttp_transport

    async with AsyncIDVClient(
        sdk_id, key, transport=aiohttp_transport(max_connections=100)
    ) as client:
        session = await client.get_session(session_id)

Give `max_connections` the client's `max_concurrency` (both default to 100): a custom
transport keeps its own pool limits, and the client never has more requests in flight than
its `max_concurrency`.

Needs the ``aiohttp`` extra: ``pip install '.[aiohttp]'`` from the yoti-idv checkout.

What this module adds to `httpx_aiohttp.AiohttpTransport`, and why:

* the URL goes to aiohttp exactly as httpx encoded it (and as the signer signed it): the
  package hands aiohttp a ``str``, which yarl re-quotes (``%21`` becomes ``!``, ``[`` becomes
  ``%5B``), so a signature over one spelling would reach the server with another;
* aiohttp's exceptions become the httpx exceptions that httpx's own transport raises for the
  same failure, both when sending and while reading a streamed body. The package maps every
  ``ClientConnectionError`` it does not know to ``httpx.ConnectTimeout``, so a server that
  drops the connection mid-response would look like a connection that was never opened,
  which the client's retry policy takes as safe to retry even for a ``POST``;
* cookies stay with httpx (aiohttp keeps a second jar of its own otherwise).

Timeouts map as in `httpx-aiohttp`: ``connect`` to aiohttp's ``sock_connect``, ``read`` to
``sock_read`` (between two reads, as in httpx, streamed bodies included), ``pool`` to
aiohttp's ``connect`` (waiting for a pooled connection plus opening it). aiohttp has no write
timeout: ``write`` is not enforced on this transport (IDV request bodies are a few kB).
"""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Final

import httpx

try:
    import aiohttp
    import httpx_aiohttp
    import yarl
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test
    raise ImportError(
        "yoti_idv.transports needs aiohttp and httpx-aiohttp, which come with the 'aiohttp' "
        "extra: pip install '.[aiohttp]' from the yoti-idv checkout"
    ) from exc

__all__ = ["DEFAULT_KEEPALIVE_EXPIRY", "AiohttpTransport", "aiohttp_transport"]

DEFAULT_KEEPALIVE_EXPIRY: Final = 5.0
"""Seconds an idle pooled connection is kept (httpx's default)."""

# From the most specific class to the least: the first match wins. Each target is what
# httpx's own transport raises for the same failure; what matters most to the client is the
# line between "the request never left" (ConnectError, ConnectTimeout) and "it may have".
_TRANSLATIONS: Final[tuple[tuple[type[BaseException], type[httpx.TransportError], str], ...]] = (
    (aiohttp.ConnectionTimeoutError, httpx.ConnectTimeout, ""),
    (aiohttp.ServerTimeoutError, httpx.ReadTimeout, ""),
    (aiohttp.ClientProxyConnectionError, httpx.ProxyError, ""),
    (aiohttp.ClientHttpProxyError, httpx.ProxyError, ""),
    (aiohttp.ClientConnectorError, httpx.ConnectError, ""),
    (
        aiohttp.ServerDisconnectedError,
        httpx.RemoteProtocolError,
        "Server disconnected without sending a complete response",
    ),
    (aiohttp.ClientPayloadError, httpx.RemoteProtocolError, ""),
    (aiohttp.ClientResponseError, httpx.RemoteProtocolError, ""),
    (aiohttp.NonHttpUrlClientError, httpx.UnsupportedProtocol, ""),
    (aiohttp.InvalidURL, httpx.UnsupportedProtocol, ""),
    (aiohttp.ClientOSError, httpx.ReadError, ""),
    (aiohttp.ClientConnectionError, httpx.ReadError, ""),
    (TimeoutError, httpx.ReadTimeout, ""),
    (aiohttp.ClientError, httpx.TransportError, ""),
)


def _translate(exc: BaseException, request: httpx.Request) -> httpx.TransportError | None:
    """The httpx exception for an aiohttp one (None: not a transport failure, let it through).

    The package's own mapping raises ``httpx.X(...) from aiohttp_exc``: translate the cause.
    """
    original = exc
    if isinstance(exc, httpx.TransportError) and exc.__cause__ is not None:
        original = exc.__cause__
    for source, target, message in _TRANSLATIONS:
        if isinstance(original, source):
            text = message or str(original) or type(original).__name__
            return target(text, request=request)
    return exc if isinstance(exc, httpx.TransportError) else None


@contextmanager
def _translated(request: httpx.Request) -> Iterator[None]:
    try:
        yield
    except (aiohttp.ClientError, httpx.TransportError, TimeoutError) as exc:
        translated = _translate(exc, request)
        if translated is None or translated is exc:
            raise
        cause = exc.__cause__ if isinstance(exc, httpx.TransportError) else exc
        raise translated from cause


class _ResponseStream(httpx.AsyncByteStream):
    """The package's response stream, with failures while reading translated like sending."""

    def __init__(self, stream: httpx.AsyncByteStream, request: httpx.Request) -> None:
        self._stream = stream
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _translated(self._request):
            async for chunk in self._stream:
                yield chunk

    async def aclose(self) -> None:
        with _translated(self._request):
            await self._stream.aclose()


class AiohttpTransport(httpx_aiohttp.AiohttpTransport):
    """`httpx_aiohttp.AiohttpTransport` with exact URLs and httpx's exceptions (see module).

    Build it with `aiohttp_transport`. Its aiohttp session is made on the first request,
    inside the running event loop, and closed by `aclose` (which `AsyncIDVClient.aclose`
    calls).
    """

    def get_client(self) -> aiohttp.ClientSession:
        """The package's session, except that httpx owns cookies (no second jar in aiohttp)."""
        if self.client is not None:
            return super().get_client()
        limit = self.limits.max_connections
        expiry = self.limits.keepalive_expiry
        connector = aiohttp.TCPConnector(
            limit=0 if limit is None else limit,  # aiohttp: 0 is no limit
            keepalive_timeout=expiry,  # None: kept until the server closes it, as in httpx
            ssl=self.ssl_context,
            local_addr=(self.local_address, 0) if self.local_address else None,
        )
        return aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar())

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not isinstance(self.client, aiohttp.ClientSession):
            self.client = self.get_client()
        timeout = request.extensions.get("timeout", {})
        data: bytes | httpx.AsyncByteStream | None
        try:
            data = request.content or None
        except httpx.RequestNotRead:
            data = request.stream  # type: ignore[assignment]
            request.headers.pop("transfer-encoding", None)  # aiohttp frames the body itself
        with _translated(request):
            response = await self.client.request(
                method=request.method,
                # encoded=True: send the bytes httpx encoded (and the signer signed).
                url=yarl.URL(str(request.url), encoded=True),
                headers=request.headers,
                data=data,
                allow_redirects=False,
                auto_decompress=False,
                compress=False,
                timeout=aiohttp.ClientTimeout(
                    sock_connect=timeout.get("connect"),
                    sock_read=timeout.get("read"),
                    connect=timeout.get("pool"),
                ),
                server_hostname=request.extensions.get("sni_hostname"),
                proxy=str(self.proxy.url) if self.proxy else None,
                proxy_auth=(
                    aiohttp.BasicAuth(*self.proxy.auth) if self.proxy and self.proxy.auth else None
                ),
                proxy_headers=self.proxy.headers if self.proxy else None,
            ).__aenter__()
        extensions: dict[str, bytes] = {"http_version": b"HTTP/1.1"}
        if response.reason:
            extensions["reason_phrase"] = response.reason.encode("ascii", "replace")
        body = httpx_aiohttp.transport.AiohttpResponseStream(response)
        return httpx.Response(
            status_code=response.status,
            headers=response.raw_headers,
            stream=_ResponseStream(body, request),
            request=request,
            extensions=extensions,
        )


def aiohttp_transport(
    *,
    max_connections: int = 100,
    keepalive_expiry: float = DEFAULT_KEEPALIVE_EXPIRY,
    verify: ssl.SSLContext | bool = True,
    proxy: str | httpx.URL | httpx.Proxy | None = None,
) -> AiohttpTransport:
    """An aiohttp-backed transport for ``AsyncIDVClient(transport=...)``.

    `max_connections` caps the pool (give it the client's `max_concurrency`); an idle
    connection is closed after `keepalive_expiry` seconds. `verify` is True (the system's
    CA bundle, as httpx), False (no verification: tests only) or an `ssl.SSLContext`; `proxy`
    is an HTTP proxy URL. Environment proxy variables are not read: name a proxy here.
    """
    if isinstance(max_connections, bool) or not isinstance(max_connections, int):
        raise TypeError(f"max_connections must be an int, got {max_connections!r}")
    if max_connections < 1:
        raise ValueError(f"max_connections must be at least 1, got {max_connections}")
    if isinstance(keepalive_expiry, bool) or not isinstance(keepalive_expiry, int | float):
        raise TypeError(f"keepalive_expiry must be seconds, got {keepalive_expiry!r}")
    if not keepalive_expiry > 0:
        raise ValueError(f"keepalive_expiry must be positive, got {keepalive_expiry!r}")
    limits = httpx.Limits(
        max_connections=max_connections,
        max_keepalive_connections=max_connections,
        keepalive_expiry=keepalive_expiry,
    )
    if proxy is not None and not isinstance(proxy, httpx.Proxy):
        proxy = httpx.Proxy(proxy)
    return AiohttpTransport(verify=verify, limits=limits, proxy=proxy)
