"""`RetryPolicy`: which failures are retried, how long to wait, and when to give up.

Retries sit above signing: every attempt is a new request, signed afresh with a new nonce.
Idempotent requests (GET, DELETE, PUT) are retried on connection failures, timeouts and the
statuses that mean "try again" (408, 429, 500, 502, 503, 504). A POST is retried only when the
connection was never opened: ``POST /sessions`` has no idempotency key, and replaying it after
bytes may have reached Yoti could create a second session (user-needs.md 1b).
"""

from __future__ import annotations

import random
from typing import Any, Final

import attrs

from .errors import ConfigurationError

__all__ = ["DEFAULT_RETRY_POLICY", "RetryPolicy"]


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
