"""Retries: `RetryPolicy` (which failures are retried, how long to wait, when to give up) and
`RetryLoop` (the decisions of one call).

Retries sit above signing: every attempt is a new request, signed afresh with a new nonce.
Idempotent requests (GET, DELETE, PUT) are retried on connection failures, timeouts and the
statuses that mean "try again" (408, 429, 500, 502, 503, 504). A POST is retried only when the
connection was never opened: ``POST /sessions`` has no idempotency key, and replaying it after
bytes may have reached Yoti could create a second session.

`RetryLoop` holds the retry decisions of one call, without I/O, for both the async and the
sync client, and the call's time limits: the `RetryPolicy.deadline` of the whole call and the
budget of each attempt (`attempt_budget`), which the drivers enforce. A driver asks it for the
timeout of the next attempt, sends the request its own way (awaiting or blocking), and
reports the response or the connection error back; the loop says whether the call is done,
must fail, or must wait and try again. Keeping the decisions here
means the two clients cannot drift apart on what is retried, how long to wait, or what the
final error says.

Also here, for both drivers: `transport_errors`, which turns httpx's transport failures into
this package's exceptions (saying whether the request may have been sent), and the log lines
of an attempt and of a retry.
"""

from __future__ import annotations

import logging
import math
import random
import ssl
import time
from collections.abc import Callable
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
    "attempt_budget",
    "log_attempt",
    "log_retry",
    "transport_errors",
]


def _positive(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    # NaN and infinities too: NaN compares false with everything, and an infinite deadline
    # is no deadline (None says that) that no clock or lock can wait for.
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not value > 0
        or not math.isfinite(value)
    ):
        raise ConfigurationError(
            f"RetryPolicy.{attribute.name} must be a positive, finite number, got {value!r}"
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
    - `deadline`: seconds for the whole call: the wait for a concurrency slot, every attempt
      and its body, and the waits between attempts (None: no limit beyond the per-attempt
      timeouts). A wait that would end past it is not started; the call ends at it, with an
      `APITimeoutError` whose `limit` is ``"deadline"``.
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

# A timeout clamped to the call's deadline fires a hair before or after it on the clock.
_CLOCK_SLACK: Final = 0.01
# A phase no more than this past the time an attempt has left is not clamped: the clock moved
# on between the two readings, not the limits.
_CLAMP_SLACK: Final = 0.001


@attrs.frozen
class Next:
    """What the driver does after an attempt: return `response`, raise `error`, or wait."""

    response: httpx.Response | None = None
    error: APIError | None = None
    wait: float | None = None
    """Seconds to sleep before the next attempt; None when the call is over."""


def attempt_budget(timeout: httpx.Timeout) -> float | None:
    """How long one attempt may take as a whole, its body included; None for no limit.

    httpx's timeouts bound each phase, and its read timeout each read: an answer trickled a
    byte at a time never trips it. An attempt as a whole is bounded by its largest phase
    timeout (`timeout=1` means no attempt lasts longer than a second); a phase without a
    limit (None) leaves the attempt without one.
    """
    connect, write, read = timeout.connect, timeout.write, timeout.read
    if connect is None or write is None or read is None:
        return None
    return max(connect, write, read)


@attrs.define
class RetryLoop:
    """One call's attempts under `policy`, against a monotonic `clock`.

    The call's deadline (`policy.deadline`) bounds everything: the wait for a concurrency
    slot, every attempt, the backoff sleeps and the reading of the body; `deadline` is its
    time on `clock` (None: no deadline). Each attempt is also bounded as a whole by
    `attempt_budget` of its timeout (`attempt_deadline`).
    """

    policy: RetryPolicy
    method: str
    clock: Callable[[], float]
    path: str = ""
    attempt: int = 0
    deadline: float | None = attrs.field(init=False, default=None)
    _attempt_deadline: float | None = attrs.field(init=False, default=None)

    def __attrs_post_init__(self) -> None:
        if self.policy.deadline is not None:
            self.deadline = self.clock() + self.policy.deadline

    def remaining(self) -> float | None:
        """Seconds left before the call's deadline (at least 0), or None without one."""
        return None if self.deadline is None else max(0.0, self.deadline - self.clock())

    def next_attempt(self, timeout: httpx.Timeout) -> httpx.Timeout:
        """Start an attempt; its timeout, each phase clamped to the time the attempt has left.

        That is the sooner of the attempt's own budget and the call's deadline. Raises
        `APITimeoutError` (limit ``"deadline"``) when the call has no time left.
        """
        if self.deadline is not None and self.clock() >= self.deadline:
            raise self.timed_out("before the next attempt", limit="deadline")
        self.attempt += 1
        now = self.clock()
        budget = attempt_budget(timeout)
        self._attempt_deadline = None if budget is None else now + budget
        end = self.attempt_deadline()
        if end is None:
            return timeout
        left = max(end - now, 0.001)
        pool = timeout.pool
        if (
            budget is not None
            and budget <= left + _CLAMP_SLACK
            and pool is not None
            and pool <= budget
        ):
            # Nothing to clamp (the usual case: the attempt's budget is its largest phase):
            # the same timeout, so that what a transport derives from it can be reused.
            return timeout

        def clamp(value: float | None) -> float:
            return left if value is None else min(value, left)

        return httpx.Timeout(
            connect=clamp(timeout.connect),
            read=clamp(timeout.read),
            write=clamp(timeout.write),
            pool=clamp(timeout.pool),
        )

    def attempt_deadline(self) -> float | None:
        """When the current attempt must be over: the sooner of its budget and the call's end."""
        attempt_end, call_end = self._attempt_deadline, self.deadline
        if attempt_end is None or call_end is None:
            return call_end if attempt_end is None else attempt_end
        return min(attempt_end, call_end)

    def expired_limit(self) -> str:
        """Which limit ran out when the attempt's deadline passed: ``deadline`` or ``attempt``."""
        if self.deadline is not None and self.clock() >= self.deadline - _CLOCK_SLACK:
            return "deadline"
        return "attempt"

    def timed_out(
        self,
        during: str,
        *,
        limit: str,
        request: httpx.Request | None = None,
        may_have_been_sent: bool = True,
    ) -> APITimeoutError:
        """The error for a limit of this call that ran out `during` something."""
        if limit == "deadline":
            what = f"the call's deadline (RetryPolicy.deadline={self.policy.deadline:g} s)"
        else:
            what = "the per-attempt timeout"
        return APITimeoutError(
            f"{self.method} {self.path} timed out {during}: {what} ran out",
            request=request,
            may_have_been_sent=may_have_been_sent,
            attempts=max(self.attempt, 1),
            limit=limit,
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
        if self.deadline is not None and self.clock() + wait >= self.deadline:
            return Next(error=error)  # the wait would end past the deadline: fail now
        return Next(error=error, wait=wait)


# --------------------------------------------------------------------------- driver helpers


class transport_errors:  # lower case: used like contextlib's context managers
    """Turn httpx's failures inside the block into `APIConnectionError`s.

    A connect or pool timeout, or a failed connect, means no byte of the request left the
    machine (`may_have_been_sent` False): only then may a POST be retried. A timeout names
    the limit that ran out: a phase clamped to the call's deadline is the deadline's. A body
    that does not decode (a broken gzip stream) is a connection error too: the answer never
    arrived whole, and an idempotent request is worth another attempt.

    A class, not a `contextlib.contextmanager`: it wraps every attempt, and a generator-based
    context manager costs several times as much to enter and leave.
    """

    __slots__ = ("_loop", "_request")

    def __init__(self, request: httpx.Request, loop: RetryLoop) -> None:
        self._request = request
        self._loop = loop

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object
    ) -> None:
        if exc is None:
            return
        request, loop = self._request, self._loop
        if isinstance(exc, httpx.TimeoutException):
            sent = not isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout)
            limit = loop.expired_limit()
            raise loop.timed_out(
                f"({type(exc).__name__})", limit=limit, request=request, may_have_been_sent=sent
            ) from exc
        if isinstance(exc, httpx.TransportError):
            sent = not isinstance(exc, httpx.ConnectError)
            raise APIConnectionError(
                f"{request.method} {request.url.path} failed: {type(exc).__name__}"
                + _connection_failure_hint(exc, request),
                request=request,
                may_have_been_sent=sent,
                attempts=loop.attempt,
            ) from exc
        if isinstance(exc, httpx.DecodingError):
            raise APIConnectionError(
                f"{request.method} {request.url.path} failed: the response body could not be "
                f"decoded as its Content-Encoding says ({type(exc).__name__})",
                request=request,
                attempts=loop.attempt,
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
    if not logger.isEnabledFor(logging.DEBUG):  # every attempt comes here: skip the arguments
        return
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
