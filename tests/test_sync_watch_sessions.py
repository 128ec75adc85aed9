"""`IDVClient.watch_sessions`: the sync twin of the async one, against the emulator over HTTP."""

from __future__ import annotations

import time

import httpx
import pytest

from yoti_idv import (
    ConfigurationError,
    IDVClient,
    RequestedLivenessCheckBuilder,
    SessionSpecBuilder,
    SessionWaitTimeout,
)
from yoti_idv.testing import ServedEmulator

SPEC = (
    SessionSpecBuilder()
    .with_requested_check(RequestedLivenessCheckBuilder().for_static_liveness().build())
    .build()
)


def _complete(server: ServedEmulator, session_id: str) -> None:
    """The end user, through the emulator's control API."""
    answer = httpx.post(
        f"{server.root_url}/__emulator__/sessions/{session_id}/complete",
        json={"outcome": "pass"},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text


def test_sessions_come_out_in_the_order_they_finish(
    yoti_sync_client: IDVClient, yoti_emulator_server: ServedEmulator
) -> None:
    first, second = (yoti_sync_client.create_session(SPEC).session_id for _ in range(2))
    _complete(yoti_emulator_server, second)
    seen = []
    for session in yoti_sync_client.watch_sessions(
        [first, second], interval=0.01, max_interval=0.02, timeout=30.0
    ):
        seen.append(session.session_id)
        assert session.state == "COMPLETED"
        if session.session_id == second:
            _complete(yoti_emulator_server, first)  # finishes while the watch goes on
    assert seen == [second, first]


def test_a_session_that_never_finishes_times_out(
    yoti_sync_client: IDVClient, yoti_emulator_server: ServedEmulator
) -> None:
    done, stuck = (yoti_sync_client.create_session(SPEC).session_id for _ in range(2))
    _complete(yoti_emulator_server, done)
    watch = yoti_sync_client.watch_sessions(
        [stuck, done], interval=0.01, max_interval=0.02, timeout=0.2
    )
    assert next(watch).session_id == done
    started = time.monotonic()
    with pytest.raises(SessionWaitTimeout) as caught:
        next(watch)
    assert caught.value.last is not None
    assert caught.value.last.state == "ONGOING"
    assert time.monotonic() - started < 10


def test_bad_arguments_fail_at_the_call(yoti_sync_client: IDVClient) -> None:
    with pytest.raises(ConfigurationError, match="interval"):
        yoti_sync_client.watch_sessions(["a"], interval=0)


def test_no_sessions_yield_nothing(yoti_sync_client: IDVClient) -> None:
    assert list(yoti_sync_client.watch_sessions([])) == []
