"""Waiting for sessions: one, or many at once, within the client's limits.

Yoti recommends notifications over "continuous polling" (in its IDV integration guide), and these
helpers are the fallback for when a webhook is not an option or was missed: they poll with
backoff and jitter, stop at a deadline, and can be cancelled at any point without leaking a
request (every request goes through the client, which closes what it opens).
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Callable, Iterable
from typing import TYPE_CHECKING, Final, Protocol

from .errors import ConfigurationError, SessionWaitTimeout

# The response models are imported by the first call that parses one (see _operations).
if TYPE_CHECKING:
    from .models import GetSessionResult

__all__ = [
    "FINAL_SESSION_STATES",
    "PollSchedule",
    "SessionPredicate",
    "SessionReader",
    "all_checks_done",
    "get_sessions",
    "session_is_final",
    "wait_for_session",
    "watch_sessions",
]

FINAL_SESSION_STATES: Final = frozenset({"COMPLETED", "EXPIRED"})
"""Session states after which nothing changes."""

SessionPredicate = Callable[["GetSessionResult"], bool]


class SessionReader(Protocol):
    """What these helpers poll: `AsyncIDVClient` (or anything that reads a session so)."""

    async def get_session(self, session_id: str, /) -> GetSessionResult: ...


def session_is_final(session: GetSessionResult) -> bool:
    """True once the session is COMPLETED or EXPIRED: the default end of a wait."""
    return session.state in FINAL_SESSION_STATES


def all_checks_done(session: GetSessionResult) -> bool:
    """True when the session has checks and every one of them is DONE."""
    return bool(session.checks) and all(check.state == "DONE" for check in session.checks)


def _positive(name: str, value: float | None, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ConfigurationError(f"{name} must be a positive number of seconds, got {value!r}")


class PollSchedule:
    """When to read a session again: the waits of one `wait_for_session`, without I/O.

    Shared by the async and the sync client. The wait between reads starts at `interval` and
    grows by `backoff` up to `max_interval`, each shortened by up to 20% at random so that
    many sessions polled together spread out; none runs past `timeout` seconds from the start
    (None: no limit), measured on `clock` (a monotonic clock in seconds).
    """

    def __init__(
        self,
        *,
        interval: float,
        max_interval: float,
        backoff: float,
        timeout: float | None,
        clock: Callable[[], float],
    ) -> None:
        _positive("interval", interval)
        _positive("max_interval", max_interval)
        _positive("timeout", timeout, optional=True)
        if isinstance(backoff, bool) or not isinstance(backoff, int | float) or backoff < 1:
            raise ConfigurationError(f"backoff must be a number >= 1, got {backoff!r}")
        self._clock = clock
        self._timeout = timeout
        self.deadline = None if timeout is None else clock() + timeout
        """When the wait must be over, on `clock`; None for no limit."""
        self._delay = float(interval)
        self._max_interval = max_interval
        self._backoff = backoff
        self.polls = 0

    def wait_after(self, session_id: str, session: GetSessionResult) -> float:
        """Seconds to wait after a read that did not satisfy the wait; or `SessionWaitTimeout`."""
        self.polls += 1
        wait = self._delay * random.uniform(0.8, 1.0)
        if self.deadline is not None and self._clock() + wait >= self.deadline:
            raise SessionWaitTimeout(
                session_id, last=session, polls=self.polls, timeout=self._timeout
            )
        self._delay = min(self._delay * self._backoff, self._max_interval)
        return wait

    def remaining(self) -> float | None:
        """Seconds left in the wait (at least 0), or None without a timeout."""
        return None if self.deadline is None else max(0.0, self.deadline - self._clock())


async def wait_for_session(
    client: SessionReader,
    session_id: str,
    *,
    until: SessionPredicate = session_is_final,
    interval: float = 2.0,
    max_interval: float = 30.0,
    backoff: float = 1.5,
    timeout: float | None = 600.0,
) -> GetSessionResult:
    """Poll `session_id` until `until(session)` holds, and return that session.

    The first read is immediate; then the wait between reads starts at `interval` and grows by
    `backoff` up to `max_interval`, each wait shortened by up to 20% at random so that many
    sessions polled together spread out. A wait never runs past `timeout` (seconds, for the
    whole wait; None for none): then `SessionWaitTimeout` is raised, carrying the last session
    read. Request errors propagate (after the client's own retries).
    """
    schedule = PollSchedule(
        interval=interval,
        max_interval=max_interval,
        backoff=backoff,
        timeout=timeout,
        clock=asyncio.get_running_loop().time,
    )
    last: GetSessionResult | None = None
    # The timeout bounds the whole wait, a read still in flight included: a slow or trickling
    # answer cannot hold the wait past it.
    scope = asyncio.timeout_at(schedule.deadline)
    try:
        async with scope:
            while True:
                last = await client.get_session(session_id)
                if until(last):
                    return last
                await asyncio.sleep(schedule.wait_after(session_id, last))
    except TimeoutError:
        if not scope.expired():
            raise
        raise SessionWaitTimeout(
            session_id, last=last, polls=schedule.polls, timeout=timeout
        ) from None


async def get_sessions(client: SessionReader, session_ids: Iterable[str]) -> list[GetSessionResult]:
    """Read many sessions concurrently, in the order given; the first failure is raised.

    No semaphore is needed around this: the client never has more requests in flight than its
    `max_concurrency`, however many ids there are.
    """
    ids = list(session_ids)
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(client.get_session(session_id)) for session_id in ids]
    return [task.result() for task in tasks]


async def watch_sessions(
    client: SessionReader,
    session_ids: Iterable[str],
    *,
    until: SessionPredicate = session_is_final,
    interval: float = 2.0,
    max_interval: float = 30.0,
    backoff: float = 1.5,
    timeout: float | None = 600.0,
) -> AsyncIterator[GetSessionResult]:
    """Yield each session as soon as `until` holds for it, in the order they finish.

    One failing wait (a request error, or `SessionWaitTimeout`) is raised from the iterator;
    leaving the loop early, or cancelling the consumer, cancels every wait still running.
    """
    ids = list(session_ids)
    tasks = [
        asyncio.ensure_future(
            wait_for_session(
                client,
                session_id,
                until=until,
                interval=interval,
                max_interval=max_interval,
                backoff=backoff,
                timeout=timeout,
            )
        )
        for session_id in ids
    ]
    try:
        for next_done in asyncio.as_completed(tasks):
            yield await next_done
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
