"""The seed's flow in yoti-idv: a Passive (STATIC) liveness session, created and read back.

With real credentials (Yoti Hub's SDK id and its .pem file):

    YOTI_CLIENT_SDK_ID=... YOTI_KEY_FILE_PATH=/path/to/key.pem \
        python examples/create_passive_liveness_session.py

Without them, `yoti-idv demo` runs the same flow against the local emulator.
Pass a session id as the first argument to read an existing session instead of creating one.
"""

from __future__ import annotations

import asyncio
import sys

from yoti_idv import (
    AsyncIDVClient,
    GetSessionResult,
    RequestedLivenessCheckBuilder,
    SdkConfigBuilder,
    SessionSpec,
    SessionSpecBuilder,
    StaticLivenessResource,
    ZoomLivenessResource,
)


def passive_liveness_spec() -> SessionSpec:
    """The seed's session spec: STATIC liveness with 3 retries."""
    liveness_check = (
        RequestedLivenessCheckBuilder().for_static_liveness().with_max_retries(3).build()
    )
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
        .with_resources_ttl(90000)
        .with_user_tracking_id("some-user-tracking-id")
        .with_requested_check(liveness_check)
        .with_sdk_config(sdk_config)
        .build()
    )


def print_liveness(session: GetSessionResult) -> None:
    """The seed's "Liveness checks" and "Liveness resources" sections, as output."""
    print(f"session {session.session_id}: {session.state}")
    # One LIVENESS check per attempt: the user passed when at least one approves.
    print(f"  passed liveness: {session.liveness_passed}")
    for check in session.liveness_checks:
        report = check.report
        recommendation = report.recommendation.value if report and report.recommendation else None
        print(f"  check {check.id} {check.state} recommendation={recommendation}")
        for breakdown in report.breakdown if report else ():
            print(f"    {breakdown.sub_check}: {breakdown.result}")
    for liveness in session.resources.liveness_capture:
        print(f"  resource {liveness.id} ({liveness.liveness_type})")
        if isinstance(liveness, StaticLivenessResource) and liveness.image and liveness.image.media:
            print(f"    image media {liveness.image.media.id}")
        elif isinstance(liveness, ZoomLivenessResource):
            frames = [f.media.id for f in liveness.frames if f.media]
            print(f"    frames {frames}")


async def main(argv: list[str]) -> int:
    async with AsyncIDVClient.from_env() as client:
        if argv:
            session_id = argv[0]
        else:
            created = await client.create_session(passive_liveness_spec())
            session_id = created.session_id
            print(f"created session {session_id}")
            if created.client_session_token:
                url = client.web_url(session_id, created.client_session_token)
                print(f"send the user to: {url}")
        print_liveness(await client.get_session(session_id))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
