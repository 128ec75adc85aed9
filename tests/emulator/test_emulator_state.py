"""Sessions over time: ONGOING -> COMPLETED / EXPIRED, token and resources TTLs on a moved clock,
deletion."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from yoti_idv.emulator import Emulator, ManualClock, SessionNotOngoing, UnknownSession
from yoti_idv.emulator.state import SystemClock, format_time

from .helpers import START, create, spec


async def test_new_session_is_ongoing_with_a_token(http: httpx.AsyncClient) -> None:
    created = await create(http)
    assert created["client_session_token_ttl"] == 900
    assert len(created["client_session_token"]) >= 40
    session = (await http.get(f"sessions/{created['session_id']}")).json()
    assert session["state"] == "ONGOING"
    assert session["client_session_token"] == created["client_session_token"]
    assert session["client_session_token_ttl"] == 900
    assert session["user_tracking_id"] == "some-user-tracking-id"
    assert session["checks"] == []
    assert session["resources"]["liveness_capture"] == []
    assert "biometric_consent" not in session


async def test_token_ttl_counts_down_then_the_session_expires(
    http: httpx.AsyncClient, clock: ManualClock
) -> None:
    created = await create(http)
    path = f"sessions/{created['session_id']}"
    clock.advance(300.5)
    assert (await http.get(path)).json()["client_session_token_ttl"] == 600
    clock.advance(600)
    session = (await http.get(path)).json()
    assert session["state"] == "EXPIRED"
    assert session["client_session_token_ttl"] == 0


async def test_expired_session_cannot_be_completed(
    emulator: Emulator, http: httpx.AsyncClient, clock: ManualClock
) -> None:
    created = await create(http)
    clock.advance(901)
    with pytest.raises(SessionNotOngoing):
        await emulator.complete_session(created["session_id"])


async def test_completed_session_survives_token_expiry_until_resources_expire(
    emulator: Emulator, http: httpx.AsyncClient, clock: ManualClock
) -> None:
    created = await create(http)
    await emulator.complete_session(created["session_id"])
    path = f"sessions/{created['session_id']}"
    clock.advance(901)
    session = (await http.get(path)).json()
    assert (session["state"], session["client_session_token_ttl"]) == ("COMPLETED", 0)
    media_id = session["resources"]["liveness_capture"][0]["image"]["media"]["id"]
    clock.advance(90_000 - 901)  # resources_ttl counted from creation
    assert (await http.get(path)).status_code == 404
    assert (await http.get(f"{path}/media/{media_id}/content")).status_code == 404
    assert emulator.sessions() == []


async def test_delete_removes_the_session_and_its_media(
    emulator: Emulator, http: httpx.AsyncClient
) -> None:
    created = await create(http)
    await emulator.complete_session(created["session_id"])
    path = f"sessions/{created['session_id']}"
    media_id = (await http.get(path)).json()["resources"]["liveness_capture"][0]["image"]["media"][
        "id"
    ]
    assert (await http.delete(path)).status_code == 204
    for response in (
        await http.get(path),
        await http.delete(path),
        await http.get(f"{path}/media/{media_id}/content"),
    ):
        assert response.status_code == 404
        assert response.json()["code"] == "SESSION_NOT_FOUND"
    with pytest.raises(UnknownSession):
        emulator.session(created["session_id"])


async def test_session_completed_twice_is_refused(
    emulator: Emulator, http: httpx.AsyncClient
) -> None:
    created = await create(http)
    await emulator.complete_session(created["session_id"])
    with pytest.raises(SessionNotOngoing, match="COMPLETED"):
        await emulator.complete_session(created["session_id"], "spoof")


async def test_abandon_deletes_the_token_and_expires_the_session(
    emulator: Emulator, http: httpx.AsyncClient
) -> None:
    created = await create(http)
    summary = await emulator.complete_session(created["session_id"], "abandon")
    assert summary.state == "EXPIRED"
    session = (await http.get(f"sessions/{created['session_id']}")).json()
    assert (session["state"], session["client_session_token_ttl"]) == ("EXPIRED", 0)
    assert session["checks"] == []


async def test_bad_arguments_to_complete_session(
    emulator: Emulator, http: httpx.AsyncClient
) -> None:
    created = await create(http, spec(max_retries=2))
    with pytest.raises(ValueError, match="outcome must be one of"):
        await emulator.complete_session(created["session_id"], "maybe")
    with pytest.raises(ValueError, match="between 1 and 2"):
        await emulator.complete_session(created["session_id"], attempts=3)
    with pytest.raises(UnknownSession):
        await emulator.complete_session("no-such-session")
    assert emulator.session(created["session_id"]).state == "ONGOING"


def test_manual_clock() -> None:
    clock = ManualClock(START)
    assert clock.now() == START.timestamp()
    clock.advance(1.5)
    assert format_time(clock.now()) == "2026-01-01T12:00:01.500Z"
    clock.set(datetime(2030, 1, 1, tzinfo=UTC))
    assert format_time(clock.now()) == "2030-01-01T00:00:00.000Z"
    with pytest.raises(ValueError, match="forward"):
        clock.advance(-1)
    with pytest.raises(ValueError, match="aware"):
        ManualClock(datetime(2030, 1, 1))


def test_advance_clock_needs_a_manual_clock() -> None:
    with pytest.raises(TypeError, match="ManualClock"):
        Emulator(clock=SystemClock()).advance_clock(1)
