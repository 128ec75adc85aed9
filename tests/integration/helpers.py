"""The seed's session spec, built with our builders."""

from __future__ import annotations

from yoti_idv.client import AsyncIDVClient
from yoti_idv.models import Check
from yoti_idv.specs import (
    RequestedLivenessCheckBuilder,
    SdkConfigBuilder,
    SessionSpec,
    SessionSpecBuilder,
)


def seed_spec(liveness: str = "STATIC", max_retries: int = 3) -> SessionSpec:
    """The migration guide's session, with STATIC (passive) or ZOOM (active) liveness."""
    builder = RequestedLivenessCheckBuilder()
    builder = builder.for_static_liveness() if liveness == "STATIC" else builder.for_zoom_liveness()
    check = builder.with_max_retries(max_retries).build()
    sdk_config = (
        SdkConfigBuilder()
        .with_allows_camera_and_upload()
        .with_preset_issuing_country("GBR")
        .with_success_url("https://localhost:8443/success")
        .with_error_url("https://localhost:8443/error")
        .build()
    )
    return (
        SessionSpecBuilder()
        .with_client_session_token_ttl(900)
        .with_resources_ttl(90_000)
        .with_user_tracking_id("some-user-tracking-id")
        .with_requested_check(check)
        .with_sdk_config(sdk_config)
        .build()
    )


async def create(client: AsyncIDVClient, spec: SessionSpec | None = None) -> tuple[str, str]:
    """Create a session (the seed's by default); return its id and client session token."""
    created = await client.create_session(spec if spec is not None else seed_spec())
    assert created.session_id is not None
    assert created.client_session_token is not None
    return created.session_id, created.client_session_token


def recommendation(check: Check) -> str | None:
    """A check's recommendation value, or None when it has none."""
    if check.report is None or check.report.recommendation is None:
        return None
    return check.report.recommendation.value
