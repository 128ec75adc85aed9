"""The default transport: httpx's API, auth flow and respx, on aiohttp's connection pool.

Every `AsyncIDVClient` that is not given a `transport` or an `http_client` sends its requests
through this module's `AiohttpTransport`; nothing needs choosing::

    async with AsyncIDVClient(sdk_id, key) as client:  # aiohttp's pool underneath
        session = await client.get_session(session_id)

Why aiohttp's pool and not httpx's own: httpx 0.28-0.29 run on httpcore 1.0.9, whose async
pool degrades under concurrency (encode/httpx#3215) and is poisoned by cancellation: a request
cancelled while its connection is being set up leaves that connection in the pool, owned by
nobody, until every slot is taken and each call fails with a pool timeout
(encode/httpcore#1093). In a web backend every client disconnect and every request timeout is a
cancellation. aiohttp's pool releases a cancelled request's connection, and was the fastest of
the candidates measured (httpx's pool, pydantic's maintained fork httpcore2 behind an httpx
transport, this one): the figures are in ``benchmarks/README.md``. The maintained
`httpx-aiohttp` package puts aiohttp's pool under httpx's API, so the signer (an
`httpx.Auth`), retries, timeouts, streaming and respx stay exactly as they are.

The client sizes the pool to its `max_concurrency` and, like httpx, honours
``HTTP_PROXY``/``HTTPS_PROXY``/``ALL_PROXY``/``NO_PROXY`` (`environment_mounts`) and
``SSL_CERT_FILE``/``SSL_CERT_DIR`` (`httpx.create_ssl_context`). To build one by hand, for an
explicit proxy or TLS context::

    from yoti_idv.transports import aiohttp_transport

    transport = aiohttp_transport(max_connections=100, proxy="http://proxy.internal:3128")
    async with AsyncIDVClient(sdk_id, key, transport=transport, max_concurrency=100) as client:
        ...

Give `max_connections` the client's `max_concurrency` (both default to 100): a custom
transport keeps its own pool limits, and the client never has more requests in flight than
its `max_concurrency`.

What this module adds to `httpx_aiohttp.AiohttpTransport`, and why:

* the URL goes to aiohttp exactly as httpx encoded it (and as the signer signed it): the
  package hands aiohttp a ``str``, which yarl re-quotes (``%21`` becomes ``!``, ``[`` becomes
  ``%5B``), so a signature over one spelling would reach the server with another;
* aiohttp's exceptions become the httpx exceptions that httpx's own transport raises for the
  same failure, both when sending and while reading a streamed body. The package maps every
  ``ClientConnectionError`` it does not know to ``httpx.ConnectTimeout``, so a server that
  drops the connection mid-response would look like a connection that was never opened,
  which the client's retry policy takes as safe to retry even for a ``POST``;
* cookies stay with httpx (aiohttp keeps a second jar of its own otherwise);
* respx keeps working as it does on httpx's own transport: while respx mocks httpcore (its
  default, ``respx.mock``), requests go through an httpx transport that respx intercepts,
  so tests written against httpx's default still never reach the network. Outside tests
  this costs one dictionary lookup (respx is not imported);
* the request headers go to aiohttp as the strings httpx holds (one pass), not as an
  `httpx.Headers` that aiohttp would read key by key, each lookup a scan of the list;
* a small, unencoded body that arrived whole with its headers (most JSON answers) is handed
  over read instead of through a stream.

Timeouts map as in `httpx-aiohttp`: ``connect`` to aiohttp's ``sock_connect``, ``read`` to
``sock_read`` (between two reads, as in httpx, streamed bodies included), ``pool`` to
aiohttp's ``connect`` (waiting for a pooled connection plus opening it). aiohttp has no write
timeout: ``write`` is not enforced on this transport (IDV request bodies are a few kB).
"""

from __future__ import annotations

import functools
import ssl
import sys
from collections.abc import AsyncIterator
from typing import Any, Final, NoReturn

import httpx

from ._proxy_env import proxy_table
from ._response_body import give_body

try:
    import aiohttp
    import httpx_aiohttp
    import yarl
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test
    raise ImportError(
        "yoti_idv.transports needs aiohttp and httpx-aiohttp, which yoti-idv installs: "
        "reinstall it (pip install '.[aiohttp]' from the yoti-idv checkout names them)"
    ) from exc

__all__ = [
    "DEFAULT_KEEPALIVE_EXPIRY",
    "AiohttpTransport",
    "aiohttp_transport",
    "environment_mounts",
]

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


_AIOHTTP_FAILURES: Final = (aiohttp.ClientError, httpx.TransportError, TimeoutError)
"""What `_raise_translated` is for; caught by plain ``except`` (no context manager per call)."""


def _raise_translated(exc: BaseException, request: httpx.Request) -> NoReturn:
    """Raise the httpx exception for `exc`, caught while sending or reading."""
    translated = _translate(exc, request)
    if translated is None or translated is exc:
        raise exc
    cause = exc.__cause__ if isinstance(exc, httpx.TransportError) else exc
    raise translated from cause


class _ResponseStream(httpx.AsyncByteStream):
    """aiohttp's response body, with failures while reading translated like sending.

    Reads aiohttp's buffer directly (`iter_any`: whatever has arrived, never more than
    aiohttp holds), one generator where the package nests two.
    """

    def __init__(self, response: aiohttp.ClientResponse, request: httpx.Request) -> None:
        self._response = response
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._response.content.iter_any():
                yield chunk
        except _AIOHTTP_FAILURES as exc:
            _raise_translated(exc, self._request)

    async def aclose(self) -> None:
        # Releases the connection to the pool once the body was read, else closes it.
        try:
            await self._response.__aexit__(None, None, None)
        except _AIOHTTP_FAILURES as exc:
            _raise_translated(exc, self._request)


def _arrived_whole(response: aiohttp.ClientResponse, request: httpx.Request) -> bytes | None:
    """The body, if it all arrived with the headers and is not encoded; else None.

    A JSON answer of a few kB usually arrives in the same read as its headers (and aiohttp
    has already given its connection back to the pool). Handed over as bytes, it costs no
    stream machinery to read: httpx's generators and this module's, each chunk decoded.

    Only unencoded bodies: httpx decodes an encoded one as it is read, and the client caps
    the decoded size (a small gzip body can inflate far past it). What aiohttp buffers
    before anyone reads is bounded by its flow control (a few of its 64 kB reads), so this
    holds no large body in memory that streaming would not.
    """
    content = response.content
    encoding = response.headers.get("Content-Encoding", "").strip().lower()
    if not content.is_eof() or encoding not in ("", "identity"):
        return None
    try:
        body = content.read_nowait()
    except _AIOHTTP_FAILURES as exc:
        _raise_translated(exc, request)
    response.release()
    return body


class AiohttpTransport(httpx_aiohttp.AiohttpTransport):
    """`httpx_aiohttp.AiohttpTransport` with exact URLs and httpx's exceptions (see module).

    Build it with `aiohttp_transport`. Its aiohttp session is made on the first request,
    inside the running event loop, and closed by `aclose` (which `AsyncIDVClient.aclose`
    calls).
    """

    _respx_fallback: httpx.AsyncHTTPTransport | None = None
    _options: dict[str, Any] | None = None

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

    def _fixed_options(self) -> dict[str, Any]:
        """aiohttp's options that are the same for every request of this transport.

        Only those that differ from aiohttp's defaults: each keyword argument is passed
        through two calls on every request.
        """
        options: dict[str, Any] = {"allow_redirects": False, "auto_decompress": False}
        if self.proxy is not None:
            options["proxy"] = str(self.proxy.url)
            if self.proxy.auth:
                options["proxy_auth"] = aiohttp.BasicAuth(*self.proxy.auth)
            options["proxy_headers"] = self.proxy.headers
        return options

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if "respx" in sys.modules and _respx_mocks_httpcore():
            if self._respx_fallback is None:
                self._respx_fallback = httpx.AsyncHTTPTransport()
            return await self._respx_fallback.handle_async_request(request)
        if not isinstance(self.client, aiohttp.ClientSession):
            self.client = self.get_client()
        timeout = request.extensions.get("timeout", {})
        raw_headers = request.headers.raw
        data: bytes | httpx.AsyncByteStream | None
        try:
            data = request.content or None
        except httpx.RequestNotRead:
            data = request.stream  # type: ignore[assignment]
            # aiohttp frames the body itself
            raw_headers = [(k, v) for k, v in raw_headers if k.lower() != b"transfer-encoding"]
        options = self._options
        if options is None:
            options = self._options = self._fixed_options()
        if data is not None or "sni_hostname" in request.extensions:
            options = {
                **options,
                "data": data,
                "server_hostname": request.extensions.get("sni_hostname"),
            }
        try:
            response = await self.client.request(
                request.method,
                # encoded=True: send the bytes httpx encoded (and the signer signed).
                yarl.URL(str(request.url), encoded=True),
                headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in raw_headers],
                timeout=_client_timeout(
                    timeout.get("connect"), timeout.get("read"), timeout.get("pool")
                ),
                **options,
            ).__aenter__()
        except _AIOHTTP_FAILURES as exc:
            _raise_translated(exc, request)
        extensions: dict[str, bytes] = {"http_version": b"HTTP/1.1"}
        if response.reason:
            extensions["reason_phrase"] = response.reason.encode("ascii", "replace")
        body = _arrived_whole(response, request)
        if body is None:
            return httpx.Response(
                status_code=response.status,
                headers=response.raw_headers,
                stream=_ResponseStream(response, request),
                request=request,
                extensions=extensions,
            )
        whole = httpx.Response(
            status_code=response.status,
            headers=response.raw_headers,
            stream=httpx.ByteStream(body),
            request=request,
            extensions=extensions,
        )
        give_body(whole, body)  # unencoded: httpx's identity decoder would change nothing
        return whole

    async def aclose(self) -> None:
        try:
            await super().aclose()
        finally:
            if self._respx_fallback is not None:
                await self._respx_fallback.aclose()


@functools.lru_cache(maxsize=64)
def _client_timeout(
    connect: float | None, read: float | None, pool: float | None
) -> aiohttp.ClientTimeout:
    """httpx's timeouts as aiohttp's (see the module); a client uses few distinct ones."""
    return aiohttp.ClientTimeout(sock_connect=connect, sock_read=read, connect=pool)


def _respx_mocks_httpcore() -> bool:
    """Whether respx's default mocker has patched httpcore's pool (``with respx.mock:``)."""
    httpcore = sys.modules.get("httpcore")
    if httpcore is None:
        return False
    method = httpcore.AsyncConnectionPool.handle_async_request
    return str(getattr(method, "__module__", "")).startswith("respx")


def aiohttp_transport(
    *,
    max_connections: int = 100,
    keepalive_expiry: float = DEFAULT_KEEPALIVE_EXPIRY,
    verify: ssl.SSLContext | bool = True,
    proxy: str | httpx.URL | httpx.Proxy | None = None,
    trust_env: bool = True,
) -> AiohttpTransport:
    """An aiohttp-backed transport for ``AsyncIDVClient(transport=...)``.

    `max_connections` caps the pool (give it the client's `max_concurrency`); an idle
    connection is closed after `keepalive_expiry` seconds. `verify` is True (certifi's CA
    bundle, or ``$SSL_CERT_FILE``/``$SSL_CERT_DIR`` when `trust_env`, as httpx), False (no
    verification: tests only) or an `ssl.SSLContext`; `proxy` is an HTTP proxy URL. One
    transport has one proxy or none: the proxy variables of the environment are read by
    `default_transport`, which the client uses when it is given no transport.
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
    return AiohttpTransport(verify=verify, limits=limits, proxy=proxy, trust_env=trust_env)


def environment_mounts(max_connections: int) -> dict[str, httpx.AsyncBaseTransport | None]:
    """httpx ``mounts`` for the proxy variables of the environment, read as httpx reads them.

    ``HTTP_PROXY``, ``HTTPS_PROXY`` and ``ALL_PROXY`` each mount an aiohttp transport through
    that proxy on their scheme; each name in ``NO_PROXY`` mounts None (the client's own
    transport, no proxy) on its hosts, and ``NO_PROXY=*`` turns every proxy off. httpx builds
    the same table when it is given no transport; given one, it reads no proxy variable at
    all, so a client without a transport builds the table itself around its default one.
    """
    return {
        pattern: None
        if proxy is None
        else aiohttp_transport(max_connections=max_connections, proxy=proxy)
        for pattern, proxy in proxy_table().items()
    }
