"""The aiohttp example end to end, in a real headless Chromium (as the FastAPI one's test).

The app runs on aiohttp's own server on 127.0.0.1, either against an emulator served on its
own port (the iframe cross-origin, the webhook over the network) or with its embedded
emulator. Screenshots of each step go to ``$YOTI_IDV_ARTIFACTS`` (default ``./artifacts``).
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import AsyncIterator
from pathlib import Path

from aiohttp import web

from aiohttp_app.app import BACKEND, Settings, create_app
from yoti_idv.emulator import Emulator
from yoti_idv.testing import serve_emulator

from .browser import (
    WEBHOOK_TOKEN,
    assert_the_journey_ended_well,
    complete_in_browser,
    wait_for_notification,
)
from .cdp import CHROMIUM, launch_chromium, needs_chromium
from .support import bound_socket

pytestmark = needs_chromium


@contextlib.asynccontextmanager
async def serve_aiohttp(app: web.Application, sock: socket.socket) -> AsyncIterator[str]:
    """Serve `app` (its cleanup contexts included) on `sock`, on this event loop."""
    host, port = sock.getsockname()[:2]
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        await web.SockSite(runner, sock).start()
        yield f"http://{host}:{port}"
    finally:
        await runner.cleanup()
        sock.close()


async def test_a_user_completes_passive_liveness_in_the_iframe(
    tmp_path: Path, artifacts: Path
) -> None:
    assert CHROMIUM is not None
    emulator = Emulator()
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
        async with serve_aiohttp(create_app(settings), sock) as app_url:
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
    async with serve_aiohttp(app, bound_socket()) as app_url:
        async with launch_chromium(
            CHROMIUM, tmp_path / "chromium", log_path=artifacts / "chromium.log"
        ) as page:
            shown = await complete_in_browser(page, app_url, artifacts)
        emulator = app[BACKEND].emulator
        assert isinstance(emulator, Emulator)
        notification = await wait_for_notification(emulator)

    assert shown["state"] == "COMPLETED"
    assert "APPROVE" in shown["text"]
    assert shown["image"].startswith("/media/")
    assert notification.status_code == 204
