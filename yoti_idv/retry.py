"""Retries: `RetryPolicy` (which failures are retried, how long to wait, when to give up) and
`RetryLoop` (the decisions of one call).

Retries sit above signing: every attempt is a new request, signed afresh with a new nonce.
Idempotent requests (GET, DELETE, PUT) are retried on connection failures, timeouts and the
statuses that mean "try again" (408, 429, 500, 502, 503, 504). A POST is retried only when the
connection was never opened: ``POST /sessions`` has no idempotency key, and replaying it after
bytes may have reached Yoti could create a second session.

`RetryLoop` holds the retry decisions of one call, without I/O, for both the async and the
sync client. A driver asks it for the timeout of the next attempt, sends the request its own
way (awaiting or blocking), and reports the response or the connection error back; the loop
says whether the call is done, must fail, or must wait and try again. Keeping the decisions here
means the two clients cannot drift apart on what is retried, how long to wait, or what the
final error says.

Also here, for both drivers: `transport_errors`, which turns httpx's transport failures into
this package's exceptions (saying whether the request may have been sent), and the log lines
of an attempt and of a retry.
"""

from __future__ import annotations

import contextlib
import logging
import random
import ssl
import time
from collections.abc import Callable, Iterator
from typing import Any, Final

import attrs
import httpx

from .errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    ConfigurationError,
    error_from_response,
)

__all__ = [
    "DEFAULT_RETRY_POLICY",
    "Next",
    "RetryLoop",
    "RetryPolicy",
    "log_attempt",
    "log_retry",
    "transport_errors",
]


def _positive(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ConfigurationError(
            f"RetryPolicy.{attribute.name} must be a positive number, got {value!r}"
        )


def _positive_or_none(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _positive(instance, attribute, value)


def _attempts(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigurationError(
            f"RetryPolicy.max_attempts must be an int >= 1 (1 means no retries), got {value!r}"
        )


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How a call retries. Frozen: share one between clients, or pass one per call.

    - `max_attempts`: attempts in all, the first included (1 turns retries off).
    - `backoff_initial`, `backoff_max`: exponential backoff with full jitter; the n-th retry
      waits a random time in ``[0, min(backoff_max, backoff_initial * 2 ** (n - 1))]``.
    - `retry_after_max`: a server's ``Retry-After`` is honoured up to this many seconds.
    - `deadline`: seconds for the whole call, all attempts and waits included (None: no limit
      beyond the per-attempt timeouts). A wait that would end past it is not started.
    """

    max_attempts: int = attrs.field(default=3, validator=_attempts)
    backoff_initial: float = attrs.field(default=0.5, validator=_positive)
    backoff_max: float = attrs.field(default=8.0, validator=_positive)
    retry_after_max: float = attrs.field(default=60.0, validator=_positive)
    deadline: float | None = attrs.field(default=120.0, validator=_positive_or_none)
    retry_statuses: frozenset[int] = frozenset({408, 429, 500, 502, 503, 504})
    idempotent_methods: frozenset[str] = frozenset({"GET", "HEAD", "OPTIONS", "DELETE", "PUT"})

    @classmethod
    def disabled(cls) -> RetryPolicy:
        """One attempt, no retries."""
        return cls(max_attempts=1)

    def retries_status(self, method: str, status_code: int) -> bool:
        """Whether a response with `status_code` to a `method` request is worth another attempt."""
        return method.upper() in self.idempotent_methods and status_code in self.retry_statuses

    def retries_connection_error(self, method: str, *, may_have_been_sent: bool) -> bool:
        """Idempotent requests always; others only when no byte can have reached the server."""
        return method.upper() in self.idempotent_methods or not may_have_been_sent

    def wait_before_retry(
        self, retry_number: int, retry_after: float | None, rng: random.Random | None = None
    ) -> float:
        """Seconds to wait before retry number `retry_number` (1 for the first retry)."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.retry_after_max)
        ceiling = min(self.backoff_max, self.backoff_initial * 2 ** (retry_number - 1))
        return (rng or random).uniform(0.0, ceiling)


DEFAULT_RETRY_POLICY: Final = RetryPolicy()


# --------------------------------------------------------------------------- the retry loop

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
            f"{request.method} {request.url.path} failed: {type(exc).__name__}"
            + _connection_failure_hint(exc, request),
            request=request,
            may_have_been_sent=sent,
            attempts=attempt,
        ) from exc


def _connection_failure_hint(exc: BaseException, request: httpx.Request) -> str:
    """Name the common mistake behind a failed connection, if there is one, for the message.

    An ``https://`` URL aimed at a plain-HTTP server (the local emulator, say) fails in the
    TLS handshake with an OpenSSL reason such as ``WRONG_VERSION_NUMBER``, which says little
    on its own. Certificate errors are left alone: they mean what they say.
    """
    cause: BaseException | None = exc
    for _ in range(10):  # the chain is short: httpx <- httpcore or aiohttp <- ssl
        if cause is None:
            return ""
        if isinstance(cause, ssl.SSLError) and not isinstance(cause, ssl.SSLCertVerificationError):
            break
        cause = cause.__cause__ or cause.__context__
    else:
        return ""
    if request.url.scheme != "https":
        return ""
    reason = getattr(cause, "reason", None) or "a TLS error"
    return (
        f" (the TLS handshake with {request.url.host}:{request.url.port or 443} failed: {reason};"
        " a server that speaks plain HTTP, such as the local emulator, needs an http:// base URL)"
    )


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
