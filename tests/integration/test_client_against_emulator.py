"""Our client against the emulator, in-process: every endpoint, both liveness types, both
outcomes, and the failure paths (real signatures, real status codes, real error bodies)."""

from __future__ import annotations

import pytest

from yoti_idv.client import AsyncIDVClient
from yoti_idv.emulator import ManualClock
from yoti_idv.errors import (
    APIConnectionError,
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    RateLimitError,
)
from yoti_idv.models import LivenessCheck, StaticLivenessResource, ZoomLivenessResource
from yoti_idv.retry import RetryPolicy
from yoti_idv.testing import EmulatedIDV, make_key_pair

from .helpers import create, recommendation, seed_spec


@pytest.mark.parametrize("liveness", ["STATIC", "ZOOM"])
@pytest.mark.parametrize("outcome", ["pass", "spoof"])
async def test_seed_flow(idv: EmulatedIDV, liveness: str, outcome: str) -> None:
    client = idv.client
    created = await client.create_session(seed_spec(liveness, max_retries=2))
    assert created.client_session_token_ttl == 900
    assert created.session_id is not None
    session_id = created.session_id
    ongoing = await client.get_session(session_id)
    assert ongoing.state == "ONGOING"
    assert ongoing.liveness_checks == ()

    await idv.emulator.complete_session(session_id, outcome)
    session = await client.get_session(session_id)
    assert session.state == "COMPLETED"
    assert session.user_tracking_id == "some-user-tracking-id"
    attempts = 1 if outcome == "pass" else 2
    checks = session.liveness_checks
    assert len(checks) == attempts
    assert all(isinstance(c, LivenessCheck) for c in checks)
    expected = "APPROVE" if outcome == "pass" else "REJECT"
    assert {recommendation(c) for c in checks} == {expected}
    resources = session.resources
    assert resources is not None
    if liveness == "STATIC":
        captures: tuple[StaticLivenessResource | ZoomLivenessResource, ...] = (
            resources.static_liveness_resources
        )
        assert resources.zoom_liveness_resources == ()
    else:
        captures = resources.zoom_liveness_resources
        assert resources.static_liveness_resources == ()
    assert len(captures) == attempts
    for check, capture in zip(checks, captures, strict=True):
        assert session.resources_for_check(check) == (capture,)
        sub_checks = [b.sub_check for b in check.report.breakdown] if check.report else []
        assert "liveness_auth" in sub_checks

    if liveness == "STATIC":
        static = resources.static_liveness_resources[0]
        assert static.capture_type == "PHOTOGRAPH"
        assert static.image is not None
        assert static.image.media is not None
        assert static.image.media.id is not None
        media = await client.get_media_content(session_id, static.image.media.id)
        assert media is not None
        assert media.mime_type == "image/jpeg"
        assert media.content.startswith(b"\xff\xd8")
    else:
        zoom = resources.zoom_liveness_resources[0]
        assert zoom.facemap is not None
        assert zoom.facemap.media is not None
        assert zoom.facemap.media.id is not None
        facemap = await client.get_media_content(session_id, zoom.facemap.media.id)
        assert facemap is not None
        assert facemap.mime_type == "application/octet-stream"
        frame_ids = [f.media.id for f in zoom.frames if f.media is not None and f.media.id]
        assert frame_ids
        frame = await client.get_media_content(session_id, frame_ids[0])
        assert frame is not None
        assert frame.mime_type == "image/jpeg"


async def test_media_withheld_then_deleted(idv: EmulatedIDV) -> None:
    client = idv.client
    session_id, _ = await create(client)
    summary = await idv.emulator.complete_session(session_id)
    media_id = summary.media_ids[0]
    idv.emulator.withhold_media(session_id, media_id)
    assert await client.get_media_content(session_id, media_id) is None
    await client.delete_media_content(session_id, media_id)
    with pytest.raises(NotFoundError) as info:
        await client.get_media_content(session_id, media_id)
    assert info.value.code == "MEDIA_NOT_FOUND"


async def test_delete_session(idv: EmulatedIDV) -> None:
    client = idv.client
    session_id, _ = await create(client)
    await client.delete_session(session_id)
    with pytest.raises(NotFoundError) as info:
        await client.get_session(session_id)
    assert info.value.code == "SESSION_NOT_FOUND"
    with pytest.raises(NotFoundError):
        await client.delete_session(session_id)


async def test_supported_documents(idv: EmulatedIDV) -> None:
    latin = await idv.client.get_supported_documents()
    every = await idv.client.get_supported_documents(include_non_latin=True)
    assert len(every.supported_countries) > len(latin.supported_countries)
    assert {c.code for c in latin.supported_countries} >= {"GBR", "FRA"}


async def test_expiry_on_a_moved_clock(idv: EmulatedIDV, clock: ManualClock) -> None:
    session_id, _ = await create(idv.client)
    clock.advance(901)
    session = await idv.client.get_session(session_id)
    assert session.state == "EXPIRED"
    assert session.client_session_token_ttl == 0
    clock.advance(90_000)
    with pytest.raises(NotFoundError):
        await idv.client.get_session(session_id)


async def test_invalid_spec_is_a_bad_request_with_property_errors(idv: EmulatedIDV) -> None:
    with pytest.raises(BadRequestError) as info:
        await idv.client.create_session(
            {
                "client_session_token_ttl": 60,
                "requested_checks": [{"type": "LIVENESS", "config": {"liveness_type": "BLINK"}}],
            }
        )
    error = info.value
    assert error.code == "PAYLOAD_VALIDATION"
    assert {e.property for e in error.property_errors} == {
        "client_session_token_ttl",
        "requested_checks[0].config.liveness_type",
    }
    assert idv.emulator.sessions() == []


async def test_wrong_key_is_an_authentication_error(idv: EmulatedIDV) -> None:
    stranger = make_key_pair()
    async with AsyncIDVClient(
        idv.sdk_id,
        stranger.private_key,
        base_url=idv.emulator.base_url,
        transport=idv.emulator.transport(),
    ) as client:
        with pytest.raises(AuthenticationError) as info:
            await client.create_session(seed_spec())
    assert info.value.status_code == 401
    assert idv.emulator.sessions() == []


async def test_unknown_sdk_id_is_an_authentication_error(idv: EmulatedIDV) -> None:
    async with AsyncIDVClient(
        "not-registered",
        idv.key_pair.private_key,
        base_url=idv.emulator.base_url,
        transport=idv.emulator.transport(),
    ) as client:
        with pytest.raises(AuthenticationError) as info:
            await client.get_session("anything")
    assert info.value.code == "APP_NOT_FOUND"


async def test_client_retries_a_rate_limited_get(idv: EmulatedIDV) -> None:
    session_id, _ = await create(idv.client)
    idv.emulator.inject_fault("rate_limit", count=2, retry_after=0, method="GET")
    session = await idv.client.get_session(session_id)
    assert session.state == "ONGOING"
    assert idv.emulator.faults.armed == []


async def test_rate_limit_surfaces_after_the_last_attempt(idv: EmulatedIDV) -> None:
    idv.emulator.inject_fault("rate_limit", count=5, retry_after=0)
    with pytest.raises(RateLimitError) as info:
        await idv.client.get_supported_documents(retry=RetryPolicy.disabled())
    assert info.value.retry_after == 0


async def test_create_is_not_replayed_after_a_dropped_connection(idv: EmulatedIDV) -> None:
    idv.emulator.inject_fault("drop", path="/sessions", method="POST")
    with pytest.raises(APIConnectionError):
        await idv.client.create_session(seed_spec())
    assert idv.emulator.faults.armed == []  # one attempt only: POST is never replayed
    session_id, _ = await create(idv.client)
    assert [s.session_id for s in idv.emulator.sessions()] == [session_id]


async def test_web_url_opens_the_hosted_page(idv: EmulatedIDV) -> None:
    import httpx

    session_id, token = await create(idv.client)
    url = idv.client.web_url(session_id, token)
    async with httpx.AsyncClient(transport=idv.emulator.transport()) as browser:
        page = await browser.get(url)
    assert page.status_code == 200
    assert 'value="pass"' in page.text
