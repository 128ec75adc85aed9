"""`IDVClient`: the synchronous client, for scripts, Django views and Celery tasks.

The same endpoints, specs, models, errors, timeouts and retries as `AsyncIDVClient`, over an
`httpx.Client`: every method blocks until its call is done. Nothing is declared twice: the
endpoints come from `yoti_idv._operations`, the settings from `yoti_idv._base_client`, the
retry decisions from `yoti_idv.retry` and the polling schedule from `yoti_idv.polling`;
this module only sends requests and sleeps. It never starts an event loop, so it works in
threads, in a worker process, and inside code that already runs one.
"""

from __future__ import annotations

import contextlib
import heapq
import os
import threading
import time
import warnings
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final, Self, TypeVar, Unpack

import attrs
import httpx

from . import _operations as operations
from ._base_client import (
    CLIENT_DEFAULT,
    ClientConfig,
    ClientCore,
    CookielessClient,
    KeySource,
    RetryArg,
    SyncClientOptions,
    TimeoutArg,
    check_http_options,
    check_option_names,
    client_auth,
    env_credentials,
)
from ._operations import Flow, Operation
from ._request_builder import RequestBuilder
from ._response_body import CappedBody, drop_stream
from ._tracing import attempt_span
from .errors import (
    APIConnectionError,
    APITimeoutError,
    ConfigurationError,
    SessionWaitTimeout,
)
from .media import SyncMediaStream, save_atomically_sync
from .polling import PollSchedule, SessionPredicate, session_is_final
from .retry import (
    RetryLoop,
    log_attempt,
    log_retry,
    transport_errors,
)
from .specs import SessionSpec

# The response models are imported by the first call that parses one (see _operations).
if TYPE_CHECKING:
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

__all__ = ["IDVClient"]

T = TypeVar("T")

# Every option `SyncClientOptions` names (a misspelt one fails like a misspelt argument).
_OPTION_NAMES: Final = SyncClientOptions.__optional_keys__


class IDVClient(ClientCore):
    """A synchronous client for Yoti's IDV API: `AsyncIDVClient`'s methods, blocking.

    ```python
    with IDVClient(sdk_id, Path("key.pem")) as client:
        session = client.create_session(spec)
        result = client.get_session(session.session_id)
    ```

    `key` is a `PrivateKey`, PEM `bytes`, or the path of the ``.pem`` file (`str` or
    `os.PathLike`); or, instead of both, a fixed `bearer_token`. The keyword options are
    `SyncClientOptions`: `transport` is any `httpx.BaseTransport` (a mock, a proxy's);
    `http_client` is an `httpx.Client` that the caller owns and closes. Give at most one. The
    base URL, timeouts, deadlines, size caps (`max_response_bytes`, `max_media_bytes`),
    retries and errors are those of `AsyncIDVClient`.

    One client can be shared by threads (a Django process, a Celery worker): it keeps at most
    `max_concurrency` requests in flight, and the other threads wait their turn without a
    timeout running. Build it once, close it at exit.
    """

    def __init__(
        self,
        sdk_id: str | None = None,
        key: KeySource | None = None,
        *,
        bearer_token: str | None = None,
        **options: Unpack[SyncClientOptions],
    ) -> None:
        if bearer_token is not None and not isinstance(bearer_token, str):
            raise ConfigurationError(
                "IDVClient takes a fixed access token (a str); a token source "
                f"({type(bearer_token).__name__}) mints tokens asynchronously: use "
                "AsyncIDVClient.with_bearer_token"
            )
        checked_sdk_id, make_auth = client_auth(sdk_id, key, bearer_token)
        check_option_names(self, options, _OPTION_NAMES)
        transport = options.get("transport")
        http_client = options.get("http_client")
        check_http_options(
            transport, http_client, transport_type=httpx.BaseTransport, client_type=httpx.Client
        )
        self._config = ClientConfig.build(checked_sdk_id, make_auth, options, self.base_url_source)
        self._auth = self._config.auth
        self._owns_http_client = http_client is None
        self._http = http_client or CookielessClient(
            transport=transport, timeout=self._config.timeout, limits=self._config.limits()
        )
        self._requests = RequestBuilder(
            self._http, self._config.base_url, self._config.auth_query, owned=self._owns_http_client
        )
        # As in AsyncIDVClient: threads beyond the pool's size wait here, where no pool
        # timeout runs (encode/httpx#1171).
        self._in_flight = threading.BoundedSemaphore(self._config.max_concurrency)
        self._used = False
        self._closed = False

    @classmethod
    def with_bearer_token(cls, token: str, **options: Unpack[SyncClientOptions]) -> Self:
        """A client that sends ``Authorization: Bearer <token>`` instead of signing requests.

        `token` is a fixed access token; it is only ever sent to the base URL. Tokens that are
        minted and refreshed (an `AccessTokenSource`) need `AsyncIDVClient.with_bearer_token`.
        The same as ``cls(bearer_token=token, **options)``.
        """
        return cls(bearer_token=token, **options)

    @classmethod
    def from_env(cls, **options: Unpack[SyncClientOptions]) -> Self:
        """A client from ``$YOTI_CLIENT_SDK_ID`` and ``$YOTI_KEY_FILE_PATH``."""
        sdk_id, key_path = env_credentials()
        return cls(sdk_id, key_path, **options)

    # ----------------------------------------------------------------- lifecycle

    def close(self) -> None:
        """Close the connection pool (unless the caller owns the `http_client`). Idempotent."""
        if self._closed:
            return
        self._closed = True
        if self._owns_http_client:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self, _warn: Any = warnings.warn) -> None:
        # Only a client that opened connections and owns them leaks anything.
        if not getattr(self, "_closed", True) and self._owns_http_client and self._used:
            _warn(
                f"{self!r} was never closed: use 'with IDVClient(...)' or 'client.close()'",
                ResourceWarning,
                stacklevel=2,
            )

    # ----------------------------------------------------------------- sessions

    def create_session(
        self,
        spec: SessionSpec | Mapping[str, Any],
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> CreateSessionResult:
        """Create an IDV session (``POST /sessions``); see `AsyncIDVClient.create_session`."""
        return self._execute(operations.create_session(spec), timeout, retry)

    def get_session(
        self,
        session_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> GetSessionResult:
        """Retrieve a session's state, checks and resources (``GET /sessions/{id}``)."""
        return self._execute(operations.get_session(session_id), timeout, retry)

    def delete_session(
        self,
        session_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> None:
        """Delete a session and all its media (``DELETE /sessions/{id}``)."""
        self._execute(operations.delete_session(session_id), timeout, retry)

    # ----------------------------------------------------------------- media

    def get_media_content(
        self,
        session_id: str,
        media_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> MediaContent | None:
        """Download one medium; None when Yoti withholds it (204 No Content).

        See `AsyncIDVClient.get_media_content`.
        """
        return self._execute(operations.get_media_content(session_id, media_id), timeout, retry)

    @contextlib.contextmanager
    def stream_media_content(
        self,
        session_id: str,
        media_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> Iterator[SyncMediaStream | None]:
        """Stream one medium without holding it in memory.

        ```python
        with client.stream_media_content(session_id, media_id) as media:
            if media is None:  # 204: withheld by Yoti
                ...
            for chunk in media:
                ...
        ```

        Failures before the body starts are retried like any GET; a failure while reading the
        body is raised as `APIConnectionError`. The connection is released when the block exits.
        """
        operation = operations.stream_media_content(session_id, media_id)
        response = self._send_operation(operation, timeout, retry)
        try:
            body = operation.parse(response)
            yield None if body is None else SyncMediaStream(body)
        finally:
            self._release_stream(response)

    def download_media_content(
        self,
        session_id: str,
        media_id: str,
        path: str | os.PathLike[str],
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> str | None:
        """Save one medium to `path`, streaming; return its media type, or None if withheld.

        `path` is replaced only once the whole body has arrived (see
        `AsyncIDVClient.download_media_content`).
        """
        target = Path(path)
        with self.stream_media_content(session_id, media_id, timeout=timeout, retry=retry) as media:
            if media is None:
                return None
            save_atomically_sync(media, target)
            return media.mime_type

    def delete_media_content(
        self,
        session_id: str,
        media_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> None:
        """Delete one medium (``DELETE /sessions/{id}/media/{media_id}/content``)."""
        self._execute(operations.delete_media_content(session_id, media_id), timeout, retry)

    # ----------------------------------------------------------------- face capture

    def create_face_capture_resource(
        self,
        session_id: str,
        requirement_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> CreateFaceCaptureResourceResponse:
        """Create a face capture resource for a ``FACE_CAPTURE`` requirement.

        See `AsyncIDVClient.create_face_capture_resource`.
        """
        operation = operations.create_face_capture_resource(session_id, requirement_id)
        return self._execute(operation, timeout, retry)

    def upload_face_capture_image(
        self,
        session_id: str,
        resource_id: str,
        image: bytes | bytearray | memoryview,
        content_type: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> None:
        """Upload the JPEG or PNG image of a face capture resource.

        See `AsyncIDVClient.upload_face_capture_image`.
        """
        operation = operations.upload_face_capture_image(
            session_id, resource_id, image, content_type
        )
        self._execute(operation, timeout, retry)

    def add_face_capture_image(
        self,
        session_id: str,
        image: bytes | bytearray | memoryview,
        content_type: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> CreateFaceCaptureResourceResponse:
        """Add a face image to a session in one call, and return the resource created.

        See `AsyncIDVClient.add_face_capture_image`.
        """
        flow = operations.add_face_capture_image(session_id, image, content_type)
        return self._run(flow, timeout, retry)

    # ----------------------------------------------------------------- configuration, devices

    def get_session_configuration(
        self,
        session_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> SessionConfiguration:
        """What a session requires (``GET /sessions/{id}/configuration``)."""
        return self._execute(operations.get_session_configuration(session_id), timeout, retry)

    def get_tracked_devices(
        self,
        session_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> TrackedDevices:
        """The session's device events, oldest first (``GET /sessions/{id}/tracked-devices``)."""
        return self._execute(operations.get_tracked_devices(session_id), timeout, retry)

    def delete_tracked_devices(
        self,
        session_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> None:
        """Delete a session's tracked-device events (``DELETE /sessions/{id}/tracked-devices``)."""
        self._execute(operations.delete_tracked_devices(session_id), timeout, retry)

    # ----------------------------------------------------------------- in-branch verification

    def put_ibv_instructions(
        self,
        session_id: str,
        instructions: InstructionsPayload | Mapping[str, Any],
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> None:
        """Set (or replace) a session's In-Branch Verification instructions.

        See `AsyncIDVClient.put_ibv_instructions`.
        """
        operation = operations.put_ibv_instructions(session_id, instructions)
        self._execute(operation, timeout, retry)

    def get_ibv_instructions(
        self,
        session_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> InstructionsResponse:
        """A session's In-Branch Verification instructions (``GET /sessions/{id}/instructions``)."""
        return self._execute(operations.get_ibv_instructions(session_id), timeout, retry)

    def get_ibv_instructions_pdf(
        self,
        session_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> MediaContent | None:
        """The instructions as a PDF; None when Yoti answers 204 No Content."""
        return self._execute(operations.get_ibv_instructions_pdf(session_id), timeout, retry)

    def get_ibv_instructions_contact_profile(
        self,
        session_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> ContactProfileResponse:
        """The contact profile given with the instructions: name and email."""
        operation = operations.get_ibv_instructions_contact_profile(session_id)
        return self._execute(operation, timeout, retry)

    def trigger_ibv_email_notification(
        self,
        session_id: str,
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> None:
        """Ask Yoti to email the instructions to the contact profile (never sent twice)."""
        self._execute(operations.trigger_ibv_email_notification(session_id), timeout, retry)

    # ----------------------------------------------------------------- reference data

    def get_supported_documents(
        self,
        *,
        include_non_latin: bool = False,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> SupportedDocumentsResponse:
        """The countries and document types Yoti supports (``GET /supported-documents``)."""
        operation = operations.get_supported_documents(include_non_latin=include_non_latin)
        return self._execute(operation, timeout, retry)

    # ----------------------------------------------------------------- waiting

    def wait_for_session(
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

        The schedule of `yoti_idv.polling.wait_for_session`: the first read is immediate, the
        waits grow from `interval` by `backoff` up to `max_interval`, with jitter; after
        `timeout` seconds `SessionWaitTimeout` is raised, carrying the last session read.
        """
        schedule = PollSchedule(
            interval=interval,
            max_interval=max_interval,
            backoff=backoff,
            timeout=timeout,
            clock=time.monotonic,
        )
        last: GetSessionResult | None = None
        policy = self._config.retry
        while True:
            # The wait's timeout bounds each read too: a read gets at most the time left.
            left = schedule.remaining()
            bound_by_wait = left is not None and (policy.deadline is None or left < policy.deadline)
            try:
                if left is not None and bound_by_wait:
                    if left <= 0:
                        raise APITimeoutError("no time left", limit="deadline")
                    last = self.get_session(session_id, retry=attrs.evolve(policy, deadline=left))
                else:
                    last = self.get_session(session_id)
            except APITimeoutError as exc:
                if not (bound_by_wait and exc.limit == "deadline"):
                    raise
                raise SessionWaitTimeout(
                    session_id, last=last, polls=schedule.polls, timeout=timeout
                ) from None
            if until(last):
                return last
            time.sleep(schedule.wait_after(session_id, last))

    def get_sessions(self, session_ids: Iterable[str]) -> list[GetSessionResult]:
        """Read many sessions one after the other, in the order given."""
        return [self.get_session(session_id) for session_id in session_ids]

    def watch_sessions(
        self,
        session_ids: Iterable[str],
        *,
        until: SessionPredicate = session_is_final,
        interval: float = 2.0,
        max_interval: float = 30.0,
        backoff: float = 1.5,
        timeout: float | None = 600.0,
    ) -> Iterator[GetSessionResult]:
        """Yield each session as soon as `until` holds for it, in the order they finish.

        `AsyncIDVClient.watch_sessions` without an event loop: every session keeps the schedule
        of `wait_for_session` (its own backoff, jitter and `timeout`), and in this one thread
        the reads take turns, the session that is due first read first. A request error or a
        `SessionWaitTimeout` is raised from the iterator; leaving the loop stops the polling.
        """
        ids = list(session_ids)
        # Built now, not on the first `next()`: a bad argument fails at the call.
        schedules = [
            PollSchedule(
                interval=interval,
                max_interval=max_interval,
                backoff=backoff,
                timeout=timeout,
                clock=time.monotonic,
            )
            for _ in ids
        ]
        return self._watch(ids, schedules, until)

    def _watch(
        self, ids: list[str], schedules: list[PollSchedule], until: SessionPredicate
    ) -> Iterator[GetSessionResult]:
        now = time.monotonic()
        # (when due, position, id): the position keeps repeated ids apart and the order stable.
        due = [(now, position, session_id) for position, session_id in enumerate(ids)]
        heapq.heapify(due)
        while due:
            when, position, session_id = heapq.heappop(due)
            delay = when - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            session = self.get_session(session_id)
            if until(session):
                yield session
                continue
            wait = schedules[position].wait_after(session_id, session)
            heapq.heappush(due, (time.monotonic() + wait, position, session_id))

    # ----------------------------------------------------------------- the request loop

    def _execute(self, operation: Operation[T], timeout: TimeoutArg, retry: RetryArg) -> T:
        """Send `operation` and parse its successful response into the method's result."""
        return operation.parse(self._send_operation(operation, timeout, retry))

    def _run(self, flow: Flow[T], timeout: TimeoutArg, retry: RetryArg) -> T:
        """Run a call of several requests: each operation the flow yields, in turn."""
        result: Any = None
        while True:
            try:
                operation = flow.send(result)
            except StopIteration as done:
                value: T = done.value
                return value
            result = self._execute(operation, timeout, retry)

    def _send_operation(
        self, operation: Operation[Any], timeout: TimeoutArg, retry: RetryArg
    ) -> httpx.Response:
        """Send a signed request, retrying as `RetryLoop` decides; return the successful response.

        As `AsyncIDVClient._send_operation`: a fresh request (new nonce, new signature) per
        attempt, the whole call within its deadline, each body read under the size cap; only a
        successful `stream` response is returned open, holding a concurrency slot until
        `_release_stream`. Without an event loop to cancel an attempt, the deadline is kept by
        clipping each attempt's httpx timeouts to the time left and by checking the clock
        between the chunks of the body.
        """
        if self._closed:
            raise ConfigurationError("this IDVClient is closed; create a new one")
        self._used = True
        attempt_timeout = self._config.call_timeout(timeout)
        loop = RetryLoop(
            self._config.call_retry(retry), operation.method, time.monotonic, path=operation.path
        )
        while True:
            started = time.perf_counter()
            self._acquire_slot(loop)
            keep_slot = False
            try:
                if self._closed:
                    raise self._closed_in_flight()
                # Built once a slot is free: the auth timestamp is then fresh when it is sent.
                request = self._requests.build(operation, loop.next_attempt(attempt_timeout))
                response = self._send(request, loop, operation)
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
            time.sleep(step.wait)

    def _acquire_slot(self, loop: RetryLoop) -> None:
        """Wait for a concurrency slot, no later than the call's deadline."""
        left = loop.remaining()
        if not self._in_flight.acquire(timeout=left):
            raise loop.timed_out(
                "waiting for a concurrency slot", limit="deadline", may_have_been_sent=False
            )

    def _send(
        self, request: httpx.Request, loop: RetryLoop, operation: Operation[Any]
    ) -> httpx.Response:
        """One attempt; the body read under the size cap and within the attempt's time."""
        with transport_errors(request, loop), attempt_span(request, self._http) as traced:
            try:
                response = self._http.send(request, auth=self._auth, stream=True)
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
                end = loop.attempt_deadline()
                for chunk in response.iter_bytes():
                    body.add(chunk)
                    # A trickled body never trips the read timeout: the clock does.
                    if end is not None and loop.clock() >= end:
                        raise loop.timed_out(
                            "while reading the response body",
                            limit=loop.expired_limit(),
                            request=request,
                        )
                body.finish()
            finally:
                response.close()
                drop_stream(response)
            return response

    def _release_stream(self, response: httpx.Response) -> None:
        """Close a streamed response and give back its concurrency slot, whatever happens."""
        try:
            response.close()
            drop_stream(response)
        finally:
            self._in_flight.release()
