"""The fault matrix: every fault the emulator injects, against reads and creates, over HTTP.

For each fault the table shows the calls made, the faults injected, the retries (attempts
beyond the first), the calls that succeeded, the sessions created and the connections leaked.
The assertions are the point: reads recover within the retry budget, a create is never
replayed once its bytes may have reached the server (so never a duplicate session), and no
connection is left busy.
"""

from __future__ import annotations

import attrs
import httpx
import pytest

from yoti_idv import AsyncIDVClient, RetryPolicy
from yoti_idv.emulator import Emulator
from yoti_idv.errors import APIConnectionError, APIStatusError
from yoti_idv.testing import KeyPair

from .conftest import SDK_ID
from .helpers import busy_connections, static_spec

RETRY = RetryPolicy(max_attempts=4, backoff_initial=0.01, backoff_max=0.02, retry_after_max=0.05)
TIMEOUT = httpx.Timeout(2.0, read=0.5)

# (fault kind, options, how many consecutive requests it hits)
FAULTS = [
    ("rate_limit", {"retry_after": 0}, 3),
    ("server_error", {}, 2),
    ("unavailable", {"retry_after": 0}, 3),
    ("delay", {"delay": 0.2}, 3),  # slow, but within the read timeout
    ("delay", {"delay": 1.0}, 1),  # slower than the read timeout
    ("drop", {}, 2),
]


@attrs.define
class Row:
    fault: str
    operation: str
    calls: int = 0
    injected: int = 0
    attempts: int = 0
    succeeded: int = 0
    sessions_created: int = 0
    leaked: int = 0

    def cells(self) -> list[str]:
        retries = self.attempts - self.calls
        return [
            self.fault,
            self.operation,
            str(self.calls),
            str(self.injected),
            str(retries),
            str(self.succeeded),
            str(self.sessions_created),
            str(self.leaked),
        ]


ROWS: list[Row] = []
"""Filled by the tests; `conftest.pytest_terminal_summary` prints them as a table."""


def table_lines() -> list[str]:
    header = ["fault", "call", "calls", "faults", "retries", "ok", "sessions", "leaked"]
    table = [header, *(row.cells() for row in ROWS)]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)) for r in table]


@pytest.mark.parametrize(("kind", "options", "count"), FAULTS)
async def test_reads_recover_within_the_retry_budget(
    emulator: Emulator,
    base_url: str,
    key_pair: KeyPair,
    kind: str,
    options: dict[str, float],
    count: int,
) -> None:
    attempts: list[httpx.Request] = []

    async def count_attempt(request: httpx.Request) -> None:
        if request.method == "GET":
            attempts.append(request)

    row = Row(f"{kind} x{count} {options or ''}".strip(), "get_session")
    async with httpx.AsyncClient(event_hooks={"request": [count_attempt]}) as http:
        client = AsyncIDVClient(
            SDK_ID,
            key_pair.private_key,
            base_url=base_url,
            http_client=http,
            retry=RETRY,
            timeout=TIMEOUT,
        )
        created = await client.create_session(static_spec())
        row.sessions_created = 1
        emulator.inject_fault(kind, count=count, method="GET", **options)  # type: ignore[arg-type]
        row.injected = count
        row.calls = 1
        session = await client.get_session(created.session_id)
        row.succeeded = 1
        row.attempts = len(attempts)
        row.leaked = busy_connections_of(http)
        await client.aclose()
    ROWS.append(row)
    assert session.session_id == created.session_id
    # A slow answer within the timeout is not a failure: no retry for it.
    expected = 1 if kind == "delay" and options["delay"] < TIMEOUT.read else count + 1  # type: ignore[operator]
    assert row.attempts == expected
    assert row.leaked == 0


@pytest.mark.parametrize(("kind", "options", "count"), FAULTS)
async def test_creates_are_never_duplicated(
    emulator: Emulator,
    base_url: str,
    key_pair: KeyPair,
    kind: str,
    options: dict[str, float],
    count: int,
) -> None:
    row = Row(f"{kind} x{count} {options or ''}".strip(), "create_session")
    async with AsyncIDVClient(
        SDK_ID, key_pair.private_key, base_url=base_url, retry=RETRY, timeout=TIMEOUT
    ) as client:
        before = len(emulator.sessions())
        emulator.inject_fault(kind, count=count, method="POST", **options)  # type: ignore[arg-type]
        row.injected = count
        row.calls = 1
        outcome: object
        try:
            outcome = await client.create_session(static_spec())
            row.succeeded = 1
            row.attempts = 1
        except (APIStatusError, APIConnectionError) as exc:
            outcome = exc
            row.attempts = exc.attempts
        row.sessions_created = len(emulator.sessions()) - before
        row.leaked = busy_connections(client)
    ROWS.append(row)
    # A response to a POST is final and a maybe-sent POST is never replayed: one attempt.
    assert row.attempts == 1
    assert row.sessions_created <= 1
    assert row.sessions_created == row.succeeded or kind == "delay"
    assert row.leaked == 0
    if kind == "delay" and options["delay"] < TIMEOUT.read:  # type: ignore[operator]
        assert row.succeeded == 1, outcome


def busy_connections_of(http: httpx.AsyncClient) -> int:
    pool = http._transport._pool  # type: ignore[attr-defined]
    return sum(1 for c in pool.connections if not (c.is_idle() or c.is_closed()))
