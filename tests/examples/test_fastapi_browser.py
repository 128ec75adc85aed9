"""The FastAPI example end to end, in a real headless Chromium.

A user opens the app, clicks the live-person button inside the iframe, lands on the results
page and sees APPROVE and the captured image. The app runs under uvicorn on 127.0.0.1, either
against an emulator served on its own port (as against Yoti: the iframe is cross-origin, the
webhook crosses the network) or with its embedded emulator. Screenshots of each step go to
``$YOTI_IDV_ARTIFACTS`` (default ``./artifacts``).

Chromium is Debian's ``chromium`` package (or ``$CHROMIUM_BINARY``); without one the test
is skipped, and CI installs it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from fastapi_app.app import Settings, create_app
from yoti_idv.emulator import Emulator
from yoti_idv.testing import serve_emulator

from .browser import (
    WEBHOOK_TOKEN,
    assert_the_journey_ended_well,
    complete_in_browser,
    wait_for_notification,
)
from .cdp import CHROMIUM, launch_chromium, needs_chromium
from .support import bound_socket, serve_asgi

pytestmark = needs_chromium


@contextlib.contextmanager
def app_against_served_emulator(tmp_path: Path, emulator: Emulator) -> Iterator[str]:
    """The app configured as for Yoti (SDK id, .pem file, API URL), the emulator on its port."""
    demo = emulator.create_demo_application()
    key_file = demo.write_private_key(tmp_path / "application.pem")
    with serve_emulator(emulator) as api_url:
        sock = bound_socket()
        host, port = sock.getsockname()[:2]
        settings = Settings(
            sdk_id=demo.sdk_id,
            key_file_path=str(key_file),
            api_url=api_url,
            public_url=f"http://{host}:{port}",
            webhook_auth_token=WEBHOOK_TOKEN,
        )
        with serve_asgi(create_app(settings), sock) as app_url:
            yield app_url


async def test_a_user_completes_passive_liveness_in_the_iframe(
    tmp_path: Path, artifacts: Path
) -> None:
    assert CHROMIUM is not None
    emulator = Emulator()
    with app_against_served_emulator(tmp_path, emulator) as app_url:
        async with launch_chromium(
            CHROMIUM, tmp_path / "chromium", log_path=artifacts / "chromium.log"
        ) as page:
            shown = await complete_in_browser(page, app_url, artifacts)
        notification = await wait_for_notification(emulator)

    assert_the_journey_ended_well(shown, emulator, notification, app_url, artifacts)


async def test_the_embedded_emulator_works_in_a_browser_too(
    tmp_path: Path, artifacts: Path
) -> None:
    """No credentials at all: the app relays the emulator's page itself."""
    assert CHROMIUM is not None
    app = create_app(Settings(webhook_auth_token=WEBHOOK_TOKEN))
    with serve_asgi(app, bound_socket()) as app_url:
        async with launch_chromium(
            CHROMIUM, tmp_path / "chromium", log_path=artifacts / "chromium.log"
        ) as page:
            shown = await complete_in_browser(page, app_url, artifacts)
        emulator = app.state.backend.emulator
        assert isinstance(emulator, Emulator)
        [notification] = emulator.notifications

    assert shown["state"] == "COMPLETED"
    assert "APPROVE" in shown["text"]
    assert shown["image"].startswith("/media/")
    assert notification.status_code == 204
