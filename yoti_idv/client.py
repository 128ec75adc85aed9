"""`AsyncIDVClient`: the client's lifecycle, one method per endpoint, and the request loop.

A call goes one way: a spec -> `converter.unstructure` -> JSON bytes -> `RequestSigner` (an
`httpx.Auth`) -> the transport; a response -> status check -> `converter.structure` -> a model.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import json
import logging
import os
import time
import warnings
from collections.abc import AsyncIterator, Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Self, TypeVar
from urllib.parse import urlencode

import cattrs
import httpx

from . import polling
from ._media_stream import MediaStream, save_atomically
from .converter import converter
from .errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    ConfigurationError,
    ResponseValidationError,
    error_from_response,
    media_type,
)
from .models import CreateSessionResult, GetSessionResult, MediaContent, SupportedDocumentsResponse
from .polling import SessionPredicate, session_is_final
from .retry import DEFAULT_RETRY_POLICY, RetryPolicy
from .signing import PrivateKey, RequestSigner, include_sdk_id
from .specs import SessionSpec

__all__ = [
    "CLIENT_DEFAULT",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_CONCURRENCY",
    "DEFAULT_TIMEOUT",
    "AsyncIDVClient",
    "RetryArg",
    "TimeoutArg",
]

logger = logging.getLogger("yoti_idv")

DEFAULT_BASE_URL: Final = "https://api.yoti.com/idverify/v1"

# Finite by default: Yoti's Python and Node SDKs have no timeout at all and Java's default is
# infinite (user-needs.md 1a #11-13); a hung request must never hang a backend worker.
DEFAULT_TIMEOUT: Final = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=10.0)

# httpx's own default pool size; the client's concurrency limit is tied to it.
DEFAULT_MAX_CONCURRENCY: Final = 100

# Environment variables, in order of precedence after an explicit base_url. The second is the
# one Yoti's Python, Go, .NET and PHP SDKs read, so existing deployments keep working.
_BASE_URL_ENV_VARS: Final = ("YOTI_IDV_API_URL", "YOTI_DOC_SCAN_API_URL")
_SDK_ID_ENV_VAR: Final = "YOTI_CLIENT_SDK_ID"
_KEY_FILE_ENV_VAR: Final = "YOTI_KEY_FILE_PATH"

_FORBIDDEN_ID_CHARACTERS: Final = frozenset("/?#%\\") | frozenset(chr(c) for c in range(0x20))

ModelT = TypeVar("ModelT")


class _ClientDefault(enum.Enum):
    TOKEN = "CLIENT_DEFAULT"


CLIENT_DEFAULT: Final = _ClientDefault.TOKEN
"""The `timeout=` default of every method: use the timeout the client was built with."""

TimeoutArg = float | httpx.Timeout | None | _ClientDefault
"""A per-call timeout: seconds, an `httpx.Timeout`, None for no timeout, or `CLIENT_DEFAULT`."""

RetryArg = RetryPolicy | _ClientDefault
"""A per-call retry policy, or `CLIENT_DEFAULT` for the client's."""


class AsyncIDVClient:
    """An async client for Yoti's IDV API.

    ```python
    async with AsyncIDVClient(sdk_id, Path("key.pem")) as client:
        session = await client.create_session(spec)
        result = await client.get_session(session.session_id)
    ```

    `key` is a `PrivateKey`, PEM `bytes`, or the path of the ``.pem`` file (`str` or
    `os.PathLike`); it is parsed and validated once, here. `transport` is any
    `httpx.AsyncBaseTransport` (the local emulator's, a mock, an aiohttp-backed one);
    `http_client` is an `httpx.AsyncClient` that the caller owns and closes. Give at most one.

    The base URL is `base_url`, else ``$YOTI_IDV_API_URL``, else ``$YOTI_DOC_SCAN_API_URL``
    (the variable Yoti's own SDKs read), else Yoti's production API.
    """

    def __init__(
        self,
        sdk_id: str,
        key: PrivateKey | bytes | str | os.PathLike[str],
        *,
        base_url: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        retry: RetryPolicy = DEFAULT_RETRY_POLICY,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
    ) -> None:
        if not isinstance(sdk_id, str) or not sdk_id.strip():
            raise ConfigurationError("sdk_id must be a non-empty string (the SDK id from Yoti Hub)")
        if transport is not None and http_client is not None:
            raise ConfigurationError(
                "give either transport or http_client, not both: an http_client already has "
                "its own transport"
            )
        if transport is not None and not isinstance(transport, httpx.AsyncBaseTransport):
            raise ConfigurationError(
                f"transport must be an httpx.AsyncBaseTransport, got {type(transport).__name__}"
            )
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise ConfigurationError(
                f"http_client must be an httpx.AsyncClient, got {type(http_client).__name__}"
            )
        self._sdk_id = sdk_id
        self._key = PrivateKey.load(key)
        self._base_url = _resolve_base_url(base_url)
        self._timeout = _coerce_timeout(timeout)
        self._retry = _checked_retry(retry)
        self._signer = RequestSigner(sdk_id, self._key, self._base_url)
        if isinstance(max_concurrency, bool) or not isinstance(max_concurrency, int):
            raise ConfigurationError(f"max_concurrency must be an int, got {max_concurrency!r}")
        if max_concurrency < 1:
            raise ConfigurationError(f"max_concurrency must be at least 1, got {max_concurrency}")
        self._owns_http_client = http_client is None
        self._http = http_client or httpx.AsyncClient(
            transport=transport,
            timeout=self._timeout,
            limits=httpx.Limits(
                max_connections=max_concurrency, max_keepalive_connections=max_concurrency
            ),
        )
        # At most as many requests in flight as the pool has connections: a caller can gather
        # thousands of calls and none waits in httpx's pool queue, where it would hit the pool
        # timeout (encode/httpx#1171); they wait here instead, where no timeout runs.
        self._max_concurrency = max_concurrency
        self._in_flight = asyncio.Semaphore(max_concurrency)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False

    @classmethod
    def from_env(
        cls,
        *,
        base_url: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        retry: RetryPolicy = DEFAULT_RETRY_POLICY,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
    ) -> Self:
        """A client from ``$YOTI_CLIENT_SDK_ID`` and ``$YOTI_KEY_FILE_PATH`` (the seed's names)."""
        sdk_id = os.environ.get(_SDK_ID_ENV_VAR, "").strip()
        key_path = os.environ.get(_KEY_FILE_ENV_VAR, "").strip()
        missing = [
            name
            for name, value in ((_SDK_ID_ENV_VAR, sdk_id), (_KEY_FILE_ENV_VAR, key_path))
            if not value
        ]
        if missing:
            raise ConfigurationError(
                f"environment variable {' and '.join(missing)} is not set "
                f"({_SDK_ID_ENV_VAR}: the SDK id from Yoti Hub; {_KEY_FILE_ENV_VAR}: its .pem file)"
            )
        return cls(
            sdk_id,
            key_path,
            base_url=base_url,
            transport=transport,
            http_client=http_client,
            timeout=timeout,
            retry=retry,
            max_concurrency=max_concurrency,
        )

    # ----------------------------------------------------------------- lifecycle

    @property
    def sdk_id(self) -> str:
        return self._sdk_id

    @property
    def base_url(self) -> str:
        return self._base_url

    @property
    def is_closed(self) -> bool:
        return self._closed

    @property
    def max_concurrency(self) -> int:
        """How many requests this client keeps in flight at most (the rest wait their turn)."""
        return self._max_concurrency

    async def aclose(self) -> None:
        """Close the connection pool (unless the caller owns the `http_client`). Idempotent."""
        if self._closed:
            return
        self._closed = True
        if self._owns_http_client:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __del__(self, _warn: Any = warnings.warn) -> None:
        # Only a client that opened connections and owns them leaks anything.
        if not getattr(self, "_closed", True) and self._owns_http_client and self._loop:
            _warn(
                f"{self!r} was never closed: use 'async with AsyncIDVClient(...)' or "
                "'await client.aclose()'",
                ResourceWarning,
                stacklevel=2,
            )

    def __repr__(self) -> str:
        return f"AsyncIDVClient(sdk_id={self._sdk_id!r}, base_url={self._base_url!r})"

    # ----------------------------------------------------------------- sessions

    async def create_session(
        self,
        spec: SessionSpec | Mapping[str, Any],
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> CreateSessionResult:
        """Create an IDV session (``POST /sessions``).

        `spec` is a `SessionSpec`, or a mapping sent as-is for fields this SDK does not model
        yet. The result holds the `session_id` and the `client_session_token` for the web flow.
        """
        if isinstance(spec, SessionSpec):
            payload: Any = converter.unstructure(spec)
        elif isinstance(spec, Mapping):
            payload = dict(spec)
        else:
            raise TypeError(
                "create_session() takes a SessionSpec (or a JSON mapping), "
                f"got {type(spec).__name__}"
            )
        body = _json_bytes(payload)
        response = await self._request("POST", "/sessions", body=body, timeout=timeout, retry=retry)
        return self._parse(response, CreateSessionResult, operation="create_session")

    async def get_session(
        self,
        session_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> GetSessionResult:
        """Retrieve a session's state, checks and resources (``GET /sessions/{id}``)."""
        path = f"/sessions/{_checked_id('session_id', session_id)}"
        response = await self._request("GET", path, timeout=timeout, retry=retry)
        return self._parse(response, GetSessionResult, operation="get_session")

    async def delete_session(
        self,
        session_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> None:
        """Delete a session and all its media (``DELETE /sessions/{id}``)."""
        path = f"/sessions/{_checked_id('session_id', session_id)}"
        await self._request("DELETE", path, timeout=timeout, retry=retry)

    # ----------------------------------------------------------------- media

    async def get_media_content(
        self,
        session_id: str,
        media_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> MediaContent | None:
        """Download one medium (``GET /sessions/{id}/media/{media_id}/content``).

        Returns None when Yoti answers 204 No Content, which it does when "regulations prevent
        us from returning the media content": the medium exists but is withheld. An empty
        `MediaContent` is never returned for that case.

        `mime_type` is the media type without parameters (``image/jpeg``), or
        ``application/octet-stream`` when the response names none (RFC 9110 section 8.3).
        """
        path = _media_path(session_id, media_id)
        response = await self._request("GET", path, timeout=timeout, retry=retry, accept="*/*")
        if response.status_code == httpx.codes.NO_CONTENT:
            return None
        mime_type = media_type(response.headers.get("Content-Type")) or "application/octet-stream"
        return MediaContent(content=response.content, mime_type=mime_type)

    @contextlib.asynccontextmanager
    async def stream_media_content(
        self,
        session_id: str,
        media_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> AsyncIterator[MediaStream | None]:
        """Stream one medium without holding it in memory.

        ```python
        async with client.stream_media_content(session_id, media_id) as media:
            if media is None:  # 204: withheld by Yoti
                ...
            async for chunk in media:
                ...
        ```

        Failures before the body starts are retried like any GET; a failure while reading the
        body is raised as `APIConnectionError`. The connection is released when the block
        exits, however it exits (cancellation included).
        """
        path = _media_path(session_id, media_id)
        response = await self._request(
            "GET", path, timeout=timeout, retry=retry, accept="*/*", stream=True
        )
        try:
            if response.status_code == httpx.codes.NO_CONTENT:
                yield None
            else:
                yield MediaStream(response)
        finally:
            await self._release_stream(response)

    async def download_media_content(
        self,
        session_id: str,
        media_id: str,
        path: str | os.PathLike[str],
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> str | None:
        """Save one medium to `path`, streaming; return its media type, or None if withheld.

        The body goes to a temporary file beside `path` that replaces `path` only once the
        whole body has arrived: a failed or cancelled download never leaves a truncated file
        at `path` (and a withheld medium writes nothing).
        """
        target = Path(path)
        async with self.stream_media_content(
            session_id, media_id, timeout=timeout, retry=retry
        ) as media:
            if media is None:
                return None
            await save_atomically(media, target)
            return media.mime_type

    async def delete_media_content(
        self,
        session_id: str,
        media_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> None:
        """Delete one medium (``DELETE /sessions/{id}/media/{media_id}/content``)."""
        await self._request(
            "DELETE", _media_path(session_id, media_id), timeout=timeout, retry=retry
        )

    # ----------------------------------------------------------------- reference data

    async def get_supported_documents(
        self,
        *,
        include_non_latin: bool = False,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> SupportedDocumentsResponse:
        """The countries and document types Yoti supports (``GET /supported-documents``).

        `include_non_latin=True` adds documents in non-Latin scripts. Like Yoti's Node, Python,
        Go and PHP SDKs this request carries no ``sdkId``; ``includeNonLatin=true`` is sent only
        when asked for (Node and PHP do the same).
        """
        if not isinstance(include_non_latin, bool):
            raise TypeError("include_non_latin must be a bool")
        query = {"includeNonLatin": "true"} if include_non_latin else None
        response = await self._request(
            "GET",
            "/supported-documents",
            query=query,
            timeout=timeout,
            retry=retry,
            with_sdk_id=False,
        )
        return self._parse(
            response, SupportedDocumentsResponse, operation="get_supported_documents"
        )

    # ----------------------------------------------------------------- waiting

    async def wait_for_session(
        self,
        session_id: str,
        *,
        until: SessionPredicate = session_is_final,
        interval: float = 2.0,
        max_interval: float = 30.0,
        backoff: float = 1.5,
        timeout: float | None = 600.0,
    ) -> GetSessionResult:
        """Poll a session until `until(session)` holds (default: COMPLETED or EXPIRED).

        See `yoti_idv.polling.wait_for_session`; raises `SessionWaitTimeout` after `timeout` s.
        """
        return await polling.wait_for_session(
            self,
            session_id,
            until=until,
            interval=interval,
            max_interval=max_interval,
            backoff=backoff,
            timeout=timeout,
        )

    async def get_sessions(self, session_ids: Iterable[str]) -> list[GetSessionResult]:
        """Read many sessions concurrently (within `max_concurrency`), in the order given."""
        return await polling.get_sessions(self, session_ids)

    def watch_sessions(
        self,
        session_ids: Iterable[str],
        *,
        until: SessionPredicate = session_is_final,
        interval: float = 2.0,
        max_interval: float = 30.0,
        backoff: float = 1.5,
        timeout: float | None = 600.0,
    ) -> AsyncIterator[GetSessionResult]:
        """Yield each session as soon as it is final (or `until` holds), in finishing order."""
        return polling.watch_sessions(
            self,
            session_ids,
            until=until,
            interval=interval,
            max_interval=max_interval,
            backoff=backoff,
            timeout=timeout,
        )

    # ----------------------------------------------------------------- helpers

    def web_url(self, session_id: str, client_session_token: str) -> str:
        """The URL of Yoti's web flow for a session: what a backend puts in an iframe.

        Every official SDK's example builds this by hand; it is
        ``{base_url}/web/index.html?sessionID=...&sessionToken=...``.
        """
        query = urlencode(
            {
                "sessionID": _checked_id("session_id", session_id),
                "sessionToken": _checked_id(
                    "client_session_token", client_session_token, secret=True
                ),
            }
        )
        return f"{self._base_url}/web/index.html?{query}"

    # ----------------------------------------------------------------- the request loop

    async def _request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        query: Mapping[str, str] | None = None,
        timeout: TimeoutArg,
        retry: RetryArg,
        with_sdk_id: bool = True,
        accept: str = "application/json",
        stream: bool = False,
    ) -> httpx.Response:
        """Send a signed request, retrying as the policy allows; return the successful response.

        Each attempt is a new request, signed afresh (new nonce). The response is fully read
        and its connection released before it is returned or turned into an exception, except
        a successful `stream` response: that one is returned open, still holding one of the
        client's concurrency slots, and the caller must `_release_stream` it.
        """
        if self._closed:
            raise ConfigurationError("this AsyncIDVClient is closed; create a new one")
        self._check_event_loop()
        policy = self._retry if retry is CLIENT_DEFAULT else _checked_retry(retry)
        attempt_timeout = self._timeout if timeout is CLIENT_DEFAULT else _coerce_timeout(timeout)
        headers = {"Accept": accept}
        if body is not None:
            headers["Content-Type"] = "application/json"
        clock = asyncio.get_running_loop().time
        deadline = None if policy.deadline is None else clock() + policy.deadline
        attempt = 0
        while True:
            attempt += 1
            request = self._http.build_request(
                method,
                self._base_url + path,
                params=query,
                content=body,
                headers=headers,
                timeout=_within_deadline(attempt_timeout, deadline, clock()),
                extensions=include_sdk_id(with_sdk_id),
            )
            started = time.perf_counter()
            failure: APIError
            await self._in_flight.acquire()
            try:
                response = await self._send(request, attempt=attempt, stream=stream)
            except APIConnectionError as exc:
                self._in_flight.release()
                retryable = policy.retries_connection_error(
                    method, may_have_been_sent=exc.may_have_been_sent
                )
                failure, retry_after = exc, None
            except BaseException:
                self._in_flight.release()
                raise
            else:
                if not (stream and response.is_success):
                    self._in_flight.release()
                logger.debug(
                    "%s %s -> %d (%.1f ms, attempt %d)",
                    method,
                    path,  # never the query: it carries the nonce
                    response.status_code,
                    (time.perf_counter() - started) * 1000,
                    attempt,
                )
                if response.is_success:
                    return response
                failure = error_from_response(response, attempts=attempt)
                retryable = policy.retries_status(method, response.status_code)
                retry_after = failure.retry_after
            if not retryable or attempt >= policy.max_attempts:
                raise failure
            wait = policy.wait_before_retry(attempt, retry_after)
            if deadline is not None and clock() + wait >= deadline:
                raise failure
            logger.info(
                "%s %s failed (%s); retry %d of %d in %.2f s",
                method,
                path,
                type(failure).__name__,
                attempt,
                policy.max_attempts - 1,
                wait,
            )
            await asyncio.sleep(wait)

    def _check_event_loop(self) -> None:
        """A client's connections belong to the loop that opened them (encode/httpx#2473)."""
        loop = asyncio.get_running_loop()
        if self._loop is None:
            self._loop = loop
        elif self._loop is not loop:
            raise ConfigurationError(
                "this AsyncIDVClient is bound to another event loop: its connections cannot be "
                "used from this one; create one client per event loop (e.g. in the app's lifespan)"
            )

    async def _send(
        self, request: httpx.Request, *, attempt: int, stream: bool = False
    ) -> httpx.Response:
        """One attempt, with transport failures turned into this package's exceptions.

        Only a successful `stream` response comes back unread and open; an error response is
        read (error bodies are small) and closed, so the connection goes back to the pool.
        """
        try:
            response = await self._http.send(request, auth=self._signer, stream=stream)
            if stream and not response.is_success:
                try:
                    await response.aread()
                finally:
                    await response.aclose()
            return response
        except httpx.TimeoutException as exc:
            # A connect or pool timeout means no byte of this request left the machine.
            sent = not isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout)
            raise APITimeoutError(
                f"{request.method} {request.url.path} timed out ({type(exc).__name__})",
                request=request,
                may_have_been_sent=sent,
                attempts=attempt,
            ) from exc
        except httpx.TransportError as exc:
            sent = not isinstance(exc, httpx.ConnectError)
            raise APIConnectionError(
                f"{request.method} {request.url.path} failed: {type(exc).__name__}",
                request=request,
                may_have_been_sent=sent,
                attempts=attempt,
            ) from exc

    async def _release_stream(self, response: httpx.Response) -> None:
        """Close a streamed response and give back its concurrency slot, whatever happens."""
        try:
            await response.aclose()
        finally:
            self._in_flight.release()

    def _parse(self, response: httpx.Response, model: type[ModelT], *, operation: str) -> ModelT:
        try:
            data = json.loads(response.content)
        except ValueError:
            raise ResponseValidationError(
                f"{operation}: the {response.status_code} response body is not JSON "
                f"(Content-Type: {response.headers.get('Content-Type', 'none')})",
                response=response,
            ) from None
        try:
            return converter.structure(data, model)
        except (cattrs.BaseValidationError, ValueError, TypeError, KeyError, AttributeError) as exc:
            raise ResponseValidationError(
                f"{operation}: the response does not fit {model.__name__}: {_describe(exc)}",
                response=response,
            ) from None


def _describe(exc: Exception) -> str:
    """A short account of a structuring failure: where, and what was expected; never values."""
    if isinstance(exc, cattrs.BaseValidationError):
        return "; ".join(cattrs.transform_error(exc, path="$")[:5])
    return type(exc).__name__


def _json_bytes(payload: Any) -> bytes:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def _checked_id(name: str, value: object, *, secret: bool = False) -> str:
    """Ids go into the URL path unencoded (as in every Yoti SDK), so refuse what would change it.

    Checked before anything is sent; a `secret` value (a client session token) is never echoed.
    """
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    shown = "the given value" if secret else repr(value)
    if not value or value.strip() != value:
        raise ValueError(f"{name} must be a non-empty id without surrounding spaces, got {shown}")
    if value in (".", "..") or any(ch in _FORBIDDEN_ID_CHARACTERS for ch in value):
        raise ValueError(
            f"{name} {shown} is not a valid id: it must not contain '/', '?', '#', '%', "
            "'\\' or control characters"
        )
    return value


def _media_path(session_id: str, media_id: str) -> str:
    return (
        f"/sessions/{_checked_id('session_id', session_id)}"
        f"/media/{_checked_id('media_id', media_id)}/content"
    )


def _within_deadline(timeout: httpx.Timeout, deadline: float | None, now: float) -> httpx.Timeout:
    """Clamp each phase of an attempt's timeout to the time left before the call's deadline."""
    if deadline is None:
        return timeout
    left = deadline - now
    if left <= 0:
        raise APITimeoutError("the call's deadline passed before the next attempt")

    def clamp(value: float | None) -> float:
        return left if value is None else min(value, left)

    return httpx.Timeout(
        connect=clamp(timeout.connect),
        read=clamp(timeout.read),
        write=clamp(timeout.write),
        pool=clamp(timeout.pool),
    )


def _checked_retry(retry: object) -> RetryPolicy:
    if not isinstance(retry, RetryPolicy):
        raise ConfigurationError(
            "retry must be a RetryPolicy (RetryPolicy.disabled() for none), "
            f"got {type(retry).__name__}"
        )
    return retry


def _coerce_timeout(timeout: float | httpx.Timeout | None) -> httpx.Timeout:
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if timeout is None or (isinstance(timeout, int | float) and not isinstance(timeout, bool)):
        if timeout is not None and timeout <= 0:
            raise ConfigurationError(f"timeout must be positive seconds, got {timeout!r}")
        return httpx.Timeout(timeout)
    raise ConfigurationError(
        f"timeout must be seconds, an httpx.Timeout or None, got {type(timeout).__name__}"
    )


def _resolve_base_url(base_url: str | None) -> str:
    source = "base_url"
    if base_url is None:
        for name in _BASE_URL_ENV_VARS:
            if os.environ.get(name, "").strip():
                base_url, source = os.environ[name].strip(), f"${name}"
                break
        else:
            base_url = DEFAULT_BASE_URL
    if not isinstance(base_url, str):
        raise ConfigurationError(f"base_url must be a str, got {type(base_url).__name__}")
    try:
        url = httpx.URL(base_url)
    except httpx.InvalidURL as exc:
        raise ConfigurationError(f"{source} is not a valid URL: {base_url!r} ({exc})") from None
    if url.scheme not in ("https", "http") or not url.host:
        raise ConfigurationError(
            f"{source} must be an absolute http(s) URL such as {DEFAULT_BASE_URL}, got {base_url!r}"
        )
    if url.query or url.fragment:
        raise ConfigurationError(f"{source} must not have a query or fragment, got {base_url!r}")
    return str(url).rstrip("/")
