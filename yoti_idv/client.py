"""`AsyncIDVClient`: the client's lifecycle, one method per endpoint, and the request loop.

A call goes one way: a spec -> `converter.unstructure` -> JSON bytes -> `RequestSigner` (an
`httpx.Auth`) -> the transport; a response -> status check -> `converter.structure` -> a model.

The endpoints are declared once, in `yoti_idv._operations`, and shared with the synchronous
`IDVClient`; so are the settings (`yoti_idv._base_client`) and the retry decisions
(`yoti_idv.retry`). What is here is what is async: awaiting the transport, the
concurrency limit, the event-loop check, and the streaming of media.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
import warnings
from collections.abc import AsyncIterator, Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final, Self, TypeVar, Unpack

import httpx

from . import _operations as operations
from . import polling
from ._base_client import (
    CLIENT_DEFAULT,
    DEFAULT_BASE_URL,
    DEFAULT_MAX_CONCURRENCY,
    DEFAULT_TIMEOUT,
    AsyncClientOptions,
    ClientConfig,
    ClientCore,
    CookielessAsyncClient,
    KeySource,
    RetryArg,
    TimeoutArg,
    check_http_options,
    check_option_names,
    client_auth,
    env_credentials,
)
from ._default_transport import default_transport_and_mounts
from ._operations import FACE_CAPTURE_CONTENT_TYPES, Flow, Operation
from ._request_builder import RequestBuilder
from ._response_body import CappedBody, drop_stream
from ._tracing import attempt_span
from .errors import APIConnectionError, ConfigurationError, NoFaceCaptureRequirementError
from .media import MediaStream, save_atomically
from .polling import SessionPredicate, session_is_final
from .retry import (
    RetryLoop,
    log_attempt,
    log_retry,
    transport_errors,
)
from .specs import SessionSpec

# The response models are imported by the first call that parses one (see _operations).
if TYPE_CHECKING:
    from .auth.token_cache import AccessTokenSource
    from .models import (
        ContactProfileResponse,
        CreateFaceCaptureResourceResponse,
        CreateSessionResult,
        GetSessionResult,
        InstructionsResponse,
        MediaContent,
        SessionConfiguration,
        SupportedDocumentsResponse,
        TrackedDevices,
    )
    from .specs import InstructionsPayload

__all__ = [
    "CLIENT_DEFAULT",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_CONCURRENCY",
    "DEFAULT_TIMEOUT",
    "FACE_CAPTURE_CONTENT_TYPES",
    "AsyncIDVClient",
    "NoFaceCaptureRequirementError",
    "RetryArg",
    "TimeoutArg",
]

T = TypeVar("T")

# Every option `AsyncClientOptions` names (a misspelt one fails like a misspelt argument).
_OPTION_NAMES: Final = AsyncClientOptions.__optional_keys__

# How long after an attempt's limit the backstop cancels it, if httpx has not timed out first.
_BACKSTOP_GRACE: Final = 0.05


class AsyncIDVClient(ClientCore):
    """An async client for Yoti's IDV API.

    ```python
    async with AsyncIDVClient(sdk_id, Path("key.pem")) as client:
        session = await client.create_session(spec)
        result = await client.get_session(session.session_id)
    ```

    `key` is a `PrivateKey`, PEM `bytes`, or the path of the ``.pem`` file (`str` or
    `os.PathLike`); it is parsed and validated once, here. Instead of `sdk_id` and `key`, a
    client can send a `bearer_token` (see `with_bearer_token`).

    The keyword options are `AsyncClientOptions`: `base_url`, `timeout`, `retry`,
    `max_concurrency`, and `transport` or `http_client`. By default requests go through
    aiohttp's connection pool under httpx's API (`yoti_idv.transports`: cancellation-safe and
    fast with many requests in flight), sized to `max_concurrency`, with the proxy and CA
    variables of the environment honoured as httpx honours them. `transport` is any
    `httpx.AsyncBaseTransport` instead (the local emulator's, a mock, httpx's own);
    ``"aiohttp"`` names the default. `http_client` is an `httpx.AsyncClient` that the caller
    owns and closes. Give at most one.

    The base URL is `base_url`, else ``$YOTI_IDV_API_URL``, else ``$YOTI_DOC_SCAN_API_URL``
    (the variable Yoti's Python, Go, .NET and PHP SDKs read; Node's reads ``YOTI_IDV_API_URL``),
    else Yoti's production API.

    `timeout` is each attempt's (its phases, and the attempt as a whole: no attempt, its body
    included, outlasts its largest phase); `retry` is the `RetryPolicy`, whose `deadline`
    bounds the whole call. `max_response_bytes` caps a JSON answer or an error body (default
    8 MiB) and `max_media_bytes` a medium read whole (default 64 MiB); past either,
    `ResponseTooLargeError`. Streaming media is never capped.

    `IDVClient` is the same client for code that does not run an event loop.
    """

    def __init__(
        self,
        sdk_id: str | None = None,
        key: KeySource | None = None,
        *,
        bearer_token: str | AccessTokenSource | None = None,
        **options: Unpack[AsyncClientOptions],
    ) -> None:
        checked_sdk_id, make_auth = client_auth(sdk_id, key, bearer_token)
        check_option_names(self, options, _OPTION_NAMES)
        transport = options.get("transport")
        http_client = options.get("http_client")
        if isinstance(transport, str):
            if transport != "aiohttp":
                raise ConfigurationError(
                    f"transport must be an httpx.AsyncBaseTransport or 'aiohttp', got {transport!r}"
                )
            if http_client is not None:
                raise ConfigurationError("give either transport or http_client, not both")
            transport = None  # "aiohttp" names the default transport
        check_http_options(
            transport,
            http_client,
            transport_type=httpx.AsyncBaseTransport,
            client_type=httpx.AsyncClient,
        )
        self._config = ClientConfig.build(checked_sdk_id, make_auth, options, self.base_url_source)
        self._auth = self._config.auth
        self._owns_http_client = http_client is None
        if http_client is None:
            mounts = None
            if transport is None:
                # aiohttp's pool, sized like the client's concurrency limit, with the proxy
                # variables read as httpx reads them: cancellation-safe where httpx's own pool
                # is not (encode/httpcore#1093), and faster (see yoti_idv.transports).
                # Built on the first request (yoti_idv._default_transport says why).
                transport, mounts = default_transport_and_mounts(self._config.max_concurrency)
            http_client = CookielessAsyncClient(
                transport=transport,
                mounts=mounts,
                timeout=self._config.timeout,
                limits=self._config.limits(),
            )
        self._http = http_client
        self._requests = RequestBuilder(
            http_client,
            self._config.base_url,
            self._config.auth_query,
            owned=self._owns_http_client,
        )
        # At most as many requests in flight as the pool has connections: a caller can gather
        # thousands of calls and none waits in httpx's pool queue, where it would hit the pool
        # timeout (encode/httpx#1171); they wait here instead, where no timeout runs.
        self._in_flight = asyncio.Semaphore(self._config.max_concurrency)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False

    @classmethod
    def with_bearer_token(
        cls, token: str | AccessTokenSource, **options: Unpack[AsyncClientOptions]
    ) -> Self:
        """A client that sends ``Authorization: Bearer <token>`` instead of signing requests.

        Yoti's Java and PHP "authentication token" mode: no SDK id, key or signature. `token`
        is a fixed access token, or an `AccessTokenSource` such as
        ``AuthenticationTokenGenerator(sdk_id, key).token_source(scopes)``, which mints tokens
        and refreshes them before they expire. The token is only ever sent to the base URL.
        The same as ``cls(bearer_token=token, **options)``.
        """
        return cls(bearer_token=token, **options)

    @classmethod
    def from_env(cls, **options: Unpack[AsyncClientOptions]) -> Self:
        """A client from ``$YOTI_CLIENT_SDK_ID`` and ``$YOTI_KEY_FILE_PATH``."""
        sdk_id, key_path = env_credentials()
        return cls(sdk_id, key_path, **options)

    # ----------------------------------------------------------------- lifecycle

    async def aclose(self) -> None:
        """Close the connection pool (unless the caller owns the `http_client`). Idempotent.

        Calls still in flight end with `ConfigurationError` (the client was closed under
        them). It may be awaited from another event loop than the one the client ran on: the
        connections are then closed on their own loop if it still runs, and are left to it if
        it has been closed already (its sockets went with it).
        """
        if self._closed:
            return
        self._closed = True
        if not self._owns_http_client:
            return
        owner = self._loop
        if owner is not None and owner is not asyncio.get_running_loop() and owner.is_running():
            # Connections belong to the loop that opened them (encode/httpx#2473).
            await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(self._http.aclose(), owner))
            return
        try:
            await self._http.aclose()
        except RuntimeError:
            # "Event loop is closed": the transports of a closed loop cannot be closed from
            # another; there is nothing left to release gracefully.
            if owner is None or not owner.is_closed():
                raise

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
        A POST: retried only when the connection was never opened.
        """
        return await self._execute(operations.create_session(spec), timeout, retry)

    async def get_session(
        self,
        session_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> GetSessionResult:
        """Retrieve a session's state, checks and resources (``GET /sessions/{id}``)."""
        return await self._execute(operations.get_session(session_id), timeout, retry)

    async def delete_session(
        self,
        session_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> None:
        """Delete a session and all its media (``DELETE /sessions/{id}``)."""
        await self._execute(operations.delete_session(session_id), timeout, retry)

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
        operation = operations.get_media_content(session_id, media_id)
        return await self._execute(operation, timeout, retry)

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
        operation = operations.stream_media_content(session_id, media_id)
        response = await self._send_operation(operation, timeout, retry)
        try:
            body = operation.parse(response)
            yield None if body is None else MediaStream(body)
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
        operation = operations.delete_media_content(session_id, media_id)
        await self._execute(operation, timeout, retry)

    # ----------------------------------------------------------------- face capture

    async def create_face_capture_resource(
        self,
        session_id: str,
        requirement_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> CreateFaceCaptureResourceResponse:
        """Create a face capture resource for a ``FACE_CAPTURE`` requirement
        (``POST /sessions/{id}/resources/face-capture``).

        `requirement_id` is the `id` of one of the session configuration's
        ``capture.face_capture_requirements``. Upload the image to the returned resource `id`
        with `upload_face_capture_image`, or do all three steps with `add_face_capture_image`.
        A POST: retried only when the connection was never opened.
        """
        operation = operations.create_face_capture_resource(session_id, requirement_id)
        return await self._execute(operation, timeout, retry)

    async def upload_face_capture_image(
        self,
        session_id: str,
        resource_id: str,
        image: bytes | bytearray | memoryview,
        content_type: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> None:
        """Upload the face image of a face capture resource
        (``PUT /sessions/{id}/resources/face-capture/{resource_id}/image``).

        `content_type` is ``image/jpeg`` (``image/jpg``, as Yoti's Node SDK writes it, is sent
        as ``image/jpeg``) or ``image/png`` and must match the bytes. The image
        goes as ``multipart/form-data`` with one part, ``binary-content``, as Yoti's SDKs send
        it; the request is signed over the whole multipart body, the exact bytes sent. A PUT:
        an upload that failed in transit or with a 5xx is retried.
        """
        operation = operations.upload_face_capture_image(
            session_id, resource_id, image, content_type
        )
        await self._execute(operation, timeout, retry)

    async def add_face_capture_image(
        self,
        session_id: str,
        image: bytes | bytearray | memoryview,
        content_type: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> CreateFaceCaptureResourceResponse:
        """Add a face image to a session in one call, and return the resource created.

        Reads the session configuration, takes its first ``FACE_CAPTURE`` requirement, creates
        a face capture resource for it and uploads `image` there (Go's
        ``AddFaceCaptureResourceToSession``, for JPEG or PNG). `timeout` and `retry` apply to
        each of the three requests. Raises `NoFaceCaptureRequirementError` when the session
        has no such requirement (its spec requested no ``FACE_COMPARISON`` check); the image
        is checked before anything is sent.
        """
        flow = operations.add_face_capture_image(session_id, image, content_type)
        return await self._run(flow, timeout, retry)

    # ----------------------------------------------------------------- configuration, devices

    async def get_session_configuration(
        self,
        session_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> SessionConfiguration:
        """What a session requires, and who may provide it
        (``GET /sessions/{id}/configuration``)."""
        operation = operations.get_session_configuration(session_id)
        return await self._execute(operation, timeout, retry)

    async def get_tracked_devices(
        self,
        session_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> TrackedDevices:
        """The events of the devices the user took the session on, oldest first
        (``GET /sessions/{id}/tracked-devices``)."""
        return await self._execute(operations.get_tracked_devices(session_id), timeout, retry)

    async def delete_tracked_devices(
        self,
        session_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> None:
        """Delete a session's tracked-device events (``DELETE /sessions/{id}/tracked-devices``)."""
        await self._execute(operations.delete_tracked_devices(session_id), timeout, retry)

    # ----------------------------------------------------------------- in-branch verification

    async def put_ibv_instructions(
        self,
        session_id: str,
        instructions: InstructionsPayload | Mapping[str, Any],
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> None:
        """Set (or replace) a session's In-Branch Verification instructions
        (``PUT /sessions/{id}/instructions``).

        `instructions` is an `InstructionsPayload` (see `InstructionsPayloadBuilder`), or a
        mapping sent as-is. Yoti validates the ``requirement_id`` of each document against the
        session configuration. A PUT: retried like a GET.
        """
        operation = operations.put_ibv_instructions(session_id, instructions)
        await self._execute(operation, timeout, retry)

    async def get_ibv_instructions(
        self,
        session_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> InstructionsResponse:
        """A session's In-Branch Verification instructions (``GET /sessions/{id}/instructions``)."""
        return await self._execute(operations.get_ibv_instructions(session_id), timeout, retry)

    async def get_ibv_instructions_pdf(
        self,
        session_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> MediaContent | None:
        """The instructions as the PDF the user takes to the branch
        (``GET /sessions/{id}/instructions/pdf``).

        Like `get_media_content`: None when Yoti answers 204 No Content (there is no PDF to
        give), else the bytes and their media type (``application/pdf``).
        """
        operation = operations.get_ibv_instructions_pdf(session_id)
        return await self._execute(operation, timeout, retry)

    async def get_ibv_instructions_contact_profile(
        self,
        session_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> ContactProfileResponse:
        """The contact profile given with the instructions: name and email
        (``GET /sessions/{id}/instructions/contact-profile``)."""
        operation = operations.get_ibv_instructions_contact_profile(session_id)
        return await self._execute(operation, timeout, retry)

    async def trigger_ibv_email_notification(
        self,
        session_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> None:
        """Ask Yoti to email the instructions to the contact profile
        (``POST /sessions/{id}/instructions/email``).

        The request has no body and is signed without one. A POST: retried only when the
        connection was never opened, so one call never sends two emails.
        """
        operation = operations.trigger_ibv_email_notification(session_id)
        await self._execute(operation, timeout, retry)

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
        operation = operations.get_supported_documents(include_non_latin=include_non_latin)
        return await self._execute(operation, timeout, retry)

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

    # ----------------------------------------------------------------- the request loop

    async def _execute(self, operation: Operation[T], timeout: TimeoutArg, retry: RetryArg) -> T:
        """Send `operation` and parse its successful response into the method's result."""
        return operation.parse(await self._send_operation(operation, timeout, retry))

    async def _run(self, flow: Flow[T], timeout: TimeoutArg, retry: RetryArg) -> T:
        """Run a call of several requests: each operation the flow yields, in turn."""
        result: Any = None
        while True:
            try:
                operation = flow.send(result)
            except StopIteration as done:
                value: T = done.value
                return value
            result = await self._execute(operation, timeout, retry)

    async def _send_operation(
        self, operation: Operation[Any], timeout: TimeoutArg, retry: RetryArg
    ) -> httpx.Response:
        """Send a signed request, retrying as the policy allows; return the successful response.

        Each attempt is a new request with the same bytes, signed afresh (new nonce); what is
        retried, how long to wait and what is raised is `RetryLoop`'s decision. The call's
        deadline bounds the wait for a concurrency slot, every attempt, the backoff sleeps and
        the reading of the body; each attempt, its body included, is bounded as a whole too.
        The response is read (under the size cap) and its connection released before it is
        returned or turned into an exception, except a successful `stream` response: that one
        is returned open, still holding one of the client's concurrency slots, and the caller
        must `_release_stream` it.
        """
        if self._closed:
            raise ConfigurationError("this AsyncIDVClient is closed; create a new one")
        self._check_event_loop()
        attempt_timeout = self._config.call_timeout(timeout)
        loop = RetryLoop(
            self._config.call_retry(retry),
            operation.method,
            asyncio.get_running_loop().time,
            path=operation.path,
        )
        while True:
            started = time.perf_counter()
            await self._acquire_slot(loop)
            keep_slot = False
            try:
                response = await self._attempt(operation, loop, attempt_timeout)
            except APIConnectionError as exc:
                if self._closed:
                    raise self._closed_in_flight() from exc
                step = loop.after_connection_error(exc)
            else:
                keep_slot = operation.stream and response.is_success
                log_attempt(
                    operation.method, operation.path, response.status_code, started, loop.attempt
                )
                step = loop.after_response(response)
            finally:
                if not keep_slot:
                    self._in_flight.release()
            if step.response is not None:
                return step.response
            assert step.error is not None
            if step.wait is None:
                raise step.error
            log_retry(loop, operation.path, step.error, step.wait)
            await asyncio.sleep(step.wait)

    async def _acquire_slot(self, loop: RetryLoop) -> None:
        """Wait for a concurrency slot, no later than the call's deadline."""
        if loop.deadline is None or not self._in_flight.locked():
            await self._in_flight.acquire()  # a free slot is taken without suspending
            return
        scope = asyncio.timeout_at(loop.deadline)
        try:
            async with scope:
                await self._in_flight.acquire()
        except TimeoutError:
            if not scope.expired():
                raise
            raise loop.timed_out(
                "waiting for a concurrency slot", limit="deadline", may_have_been_sent=False
            ) from None

    async def _attempt(
        self, operation: Operation[Any], loop: RetryLoop, attempt_timeout: httpx.Timeout
    ) -> httpx.Response:
        """One attempt, its body included, within the attempt's budget and the call's deadline."""
        if self._closed:
            raise self._closed_in_flight()
        # Built once a slot is free: the auth timestamp is then fresh when it is sent.
        request = self._requests.build(operation, loop.next_attempt(attempt_timeout))
        # httpx's own timeouts, clamped to the same limit, fire first when they can (and name
        # the phase that ran out); this scope is the backstop for what they cannot see, such
        # as a body trickled a byte at a time, a little after them.
        end = loop.attempt_deadline()
        scope = asyncio.timeout_at(None if end is None else end + _BACKSTOP_GRACE)
        try:
            async with scope:
                return await self._send(request, loop, operation)
        except TimeoutError:
            if not scope.expired():
                raise
            raise loop.timed_out(
                "(the whole attempt, reading the body included)",
                limit=loop.expired_limit(),
                request=request,
            ) from None

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
        self, request: httpx.Request, loop: RetryLoop, operation: Operation[Any]
    ) -> httpx.Response:
        """One attempt, with transport failures turned into this package's exceptions.

        The body is read as a stream, under the size cap (`ResponseTooLargeError` past it),
        and the connection released. Only a successful `stream` response comes back unread
        and open.
        """
        with transport_errors(request, loop), attempt_span(request, self._http) as traced:
            try:
                response = await self._http.send(request, auth=self._auth, stream=True)
            except RuntimeError as exc:
                # httpx's "Cannot send a request, as the client has been closed".
                if self._closed:
                    raise self._closed_in_flight() from exc
                raise
            traced.record(response)
            if operation.stream and response.is_success:
                return response
            try:
                limit, name = self._config.body_cap(operation.accept)
                body = CappedBody(response, limit, name=name)
                async for chunk in response.aiter_bytes():
                    body.add(chunk)
                body.finish()
            finally:
                await response.aclose()
                drop_stream(response)
            return response

    async def _release_stream(self, response: httpx.Response) -> None:
        """Close a streamed response and give back its concurrency slot, whatever happens."""
        try:
            await response.aclose()
            drop_stream(response)
        finally:
            self._in_flight.release()
