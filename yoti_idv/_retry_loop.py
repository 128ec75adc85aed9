"""The retry decisions of one call, without I/O: shared by the async and the sync client.

A driver asks `RetryLoop` for the timeout of the next attempt, sends the request its own way
(awaiting or blocking), and reports the response or the connection error back; the loop says
whether the call is done, must fail, or must wait and try again. Keeping the decisions here
means the two clients cannot drift apart on what is retried, how long to wait, or what the
final error says.

Also here, for both drivers: `transport_errors`, which turns httpx's transport failures into
this package's exceptions (saying whether the request may have been sent), and the log lines
of an attempt and of a retry.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator

import attrs
import httpx

from .errors import APIConnectionError, APIError, APITimeoutError, error_from_response
from .retry import RetryPolicy

__all__ = ["Next", "RetryLoop", "log_attempt", "log_retry", "transport_errors"]

logger = logging.getLogger("yoti_idv")


@attrs.frozen
class Next:
    """What the driver does after an attempt: return `response`, raise `error`, or wait."""

    response: httpx.Response | None = None
    error: APIError | None = None
    wait: float | None = None
    """Seconds to sleep before the next attempt; None when the call is over."""


@attrs.define
class RetryLoop:
    """One call's attempts under `policy`, against a monotonic `clock`."""

    policy: RetryPolicy
    method: str
    clock: Callable[[], float]
    attempt: int = 0
    _deadline: float | None = attrs.field(init=False, default=None)

    def __attrs_post_init__(self) -> None:
        if self.policy.deadline is not None:
            self._deadline = self.clock() + self.policy.deadline

    def next_attempt(self, timeout: httpx.Timeout) -> httpx.Timeout:
        """Start an attempt; its timeout, each phase clamped to the time left in the call."""
        self.attempt += 1
        if self._deadline is None:
            return timeout
        left = self._deadline - self.clock()
        if left <= 0:
            raise APITimeoutError(
                "the call's deadline passed before the next attempt", attempts=self.attempt - 1
            )

        def clamp(value: float | None) -> float:
            return left if value is None else min(value, left)

        return httpx.Timeout(
            connect=clamp(timeout.connect),
            read=clamp(timeout.read),
            write=clamp(timeout.write),
            pool=clamp(timeout.pool),
        )

    def after_response(self, response: httpx.Response) -> Next:
        """A response arrived: success ends the call; an error status may be retried."""
        if response.is_success:
            return Next(response=response)
        error = error_from_response(response, attempts=self.attempt)
        retryable = self.policy.retries_status(self.method, response.status_code)
        return self._retry_or_fail(error, retryable, error.retry_after)

    def after_connection_error(self, error: APIConnectionError) -> Next:
        """No response: idempotent calls retry; others only if nothing can have been sent."""
        retryable = self.policy.retries_connection_error(
            self.method, may_have_been_sent=error.may_have_been_sent
        )
        return self._retry_or_fail(error, retryable, None)

    def _retry_or_fail(self, error: APIError, retryable: bool, retry_after: float | None) -> Next:
        if not retryable or self.attempt >= self.policy.max_attempts:
            return Next(error=error)
        wait = self.policy.wait_before_retry(self.attempt, retry_after)
        if self._deadline is not None and self.clock() + wait >= self._deadline:
            return Next(error=error)  # the wait would end past the deadline: fail now
        return Next(error=error, wait=wait)


# --------------------------------------------------------------------------- driver helpers


@contextlib.contextmanager
def transport_errors(request: httpx.Request, attempt: int) -> Iterator[None]:
    """Turn httpx's transport failures inside the block into `APIConnectionError`s.

    A connect or pool timeout, or a failed connect, means no byte of the request left the
    machine (`may_have_been_sent` False): only then may a POST be retried.
    """
    try:
        yield
    except httpx.TimeoutException as exc:
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


def log_attempt(method: str, path: str, status_code: int, started: float, attempt: int) -> None:
    """One response, at DEBUG. `path` never carries the query: it holds the nonce."""
    logger.debug(
        "%s %s -> %d (%.1f ms, attempt %d)",
        method,
        path,
        status_code,
        (time.perf_counter() - started) * 1000,
        attempt,
    )


def log_retry(loop: RetryLoop, path: str, error: APIError, wait: float) -> None:
    """A failed attempt that will be retried after `wait` seconds, at INFO."""
    logger.info(
        "%s %s failed (%s); retry %d of %d in %.2f s",
        loop.method,
        path,
        type(error).__name__,
        loop.attempt,
        loop.policy.max_attempts - 1,
        wait,
    )
