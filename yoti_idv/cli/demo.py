"""``yoti-idv demo``: the migration guide's flow, end to end, against an in-process emulator.

No account, keys or phone needed: the emulator generates an application and its key pair, a
simulated user completes the capture on the hosted page (as a browser would), the client polls
until the session is done, and the liveness checks, resources and image are shown and saved.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .common import CommandError, positive_int
from .emulator import load_emulator
from .render import check_rows, resource_rows, table

if TYPE_CHECKING:
    from yoti_idv.client import AsyncIDVClient
    from yoti_idv.emulator import Emulator
    from yoti_idv.models import GetSessionResult

__all__ = ["DEMO_MAX_ATTEMPTS", "add_demo_parser"]

# The demo session's liveness max_retries (what Yoti's migration guide uses): the number of
# attempts the user gets.
DEMO_MAX_ATTEMPTS = 3

_USER_THINKING_TIME = 0.2  # seconds the simulated user takes, so that polling has work to do


def add_demo_parser(commands: argparse._SubParsersAction[Any]) -> None:
    """Add ``demo`` to the top-level commands."""
    demo = commands.add_parser(
        "demo",
        help="run the passive liveness flow against a local emulator (no credentials)",
        description=(
            "Create a liveness session against an in-process emulator, let a simulated user "
            "complete it on the hosted page, poll until it is done, print its liveness checks "
            "and resources, and save the liveness image in the output folder."
        ),
    )
    demo.set_defaults(handler=_run)
    demo.add_argument(
        "--liveness",
        choices=["static", "zoom"],
        default="static",
        help="static: passive, one photo (default); zoom: active, a facemap and frames",
    )
    demo.add_argument(
        "--outcome",
        choices=["pass", "spoof"],
        default="pass",
        help="pass: a live person (default); spoof: a photo held up (REJECT)",
    )
    demo.add_argument(
        "--attempts",
        type=_attempts,
        default=None,
        help=(
            f"liveness attempts the user makes, 1 to {DEMO_MAX_ATTEMPTS} (the session allows"
            f" {DEMO_MAX_ATTEMPTS}, as in Yoti's guide; default 1 for pass,"
            f" {DEMO_MAX_ATTEMPTS} for spoof)"
        ),
    )
    demo.add_argument(
        "--output-dir",
        default=".",
        metavar="DIR",
        help="where to save the liveness image (default: the current folder)",
    )


def _attempts(text: str) -> int:
    """argparse type: checked before anything is created, rather than failing with a 400."""
    value = positive_int(text)
    if value > DEMO_MAX_ATTEMPTS:
        raise argparse.ArgumentTypeError(
            f"must be at most {DEMO_MAX_ATTEMPTS}: the demo's liveness check allows"
            f" {DEMO_MAX_ATTEMPTS} attempts (max_retries {DEMO_MAX_ATTEMPTS}, as in Yoti's guide)"
        )
    return value


def _run(args: argparse.Namespace) -> int:
    return asyncio.run(
        _demo(args.liveness.upper(), args.outcome, args.attempts, Path(args.output_dir))
    )


async def _demo(liveness: str, outcome: str, attempts: int | None, output_dir: Path) -> int:
    if not output_dir.is_dir():  # noqa: ASYNC240  (once, before anything starts)
        raise CommandError(f"the output folder does not exist: {output_dir}")
    from yoti_idv.client import AsyncIDVClient
    from yoti_idv.specs import RequestedLivenessCheckBuilder, SdkConfigBuilder, SessionSpecBuilder

    emulator = load_emulator()()
    application = emulator.create_demo_application()
    out = sys.stdout

    # The migration guide's session, built as its Python tab builds it.
    check_builder = RequestedLivenessCheckBuilder()
    check_builder = (
        check_builder.for_static_liveness()
        if liveness == "STATIC"
        else check_builder.for_zoom_liveness()
    )
    liveness_check = check_builder.with_max_retries(DEMO_MAX_ATTEMPTS).build()
    sdk_config = (
        SdkConfigBuilder()
        .with_allows_camera_and_upload()
        .with_preset_issuing_country("GBR")
        .with_success_url("https://localhost:8443/success")
        .with_error_url("https://localhost:8443/error")
        .build()
    )
    spec = (
        SessionSpecBuilder()
        .with_client_session_token_ttl(900)
        .with_resources_ttl(90000)
        .with_user_tracking_id("some-user-tracking-id")
        .with_requested_check(liveness_check)
        .with_sdk_config(sdk_config)
        .build()
    )
    kind = "passive (STATIC)" if liveness == "STATIC" else "active (ZOOM)"
    print(f"yoti-idv demo: {kind} liveness against a local emulator", file=out)
    print(f"  application   {application.sdk_id} (generated key pair)", file=out)

    async with AsyncIDVClient(
        application.sdk_id,
        application.private_key,
        base_url=emulator.base_url,
        transport=emulator.transport(),
    ) as client:
        created = await client.create_session(spec)
        session_id = _required(created.session_id, "session_id")
        token = _required(created.client_session_token, "client_session_token")
        print(f"  session       {session_id} (created)", file=out)
        # The emulator runs in-process here, with no socket: its page has no address a
        # browser could open, so say so rather than print a URL on a made-up host.
        print(
            "  hosted page   not served: the emulator runs in-process"
            " ('yoti-idv emulator serve' serves it, page included)",
            file=out,
        )
        user = asyncio.create_task(_simulated_user(emulator, session_id, token, outcome, attempts))
        try:
            session = await client.wait_for_session(
                session_id, interval=0.05, max_interval=0.25, timeout=10.0
            )
        finally:
            redirect = await user
        print(f"  end user      pressed {outcome!r}; redirected to {redirect}", file=out)
        print(f"  state         {session.state}", file=out)
        if session.state != "COMPLETED":
            raise CommandError(f"the session ended {session.state}, not COMPLETED")
        _print_results(session, out)
        saved = await _save_liveness_image(client, session, output_dir)
        print(f"\nSaved the liveness image to {saved}", file=out)
    return 0


async def _simulated_user(
    emulator: Emulator, session_id: str, token: str, outcome: str, attempts: int | None
) -> str:
    """Open the hosted page and press a button, as a browser would; return the redirect."""
    import httpx

    await asyncio.sleep(_USER_THINKING_TIME)
    async with httpx.AsyncClient(transport=emulator.transport()) as browser:
        page = await browser.get(
            f"{emulator.base_url}/web/index.html",
            params={"sessionID": session_id, "sessionToken": token},
        )
        if page.status_code != 200 or f'value="{outcome}"' not in page.text:
            raise CommandError(f"the hosted page did not load (HTTP {page.status_code})")
        form = {"sessionID": session_id, "sessionToken": token, "outcome": outcome}
        if attempts is not None:
            form["attempts"] = str(attempts)
        response = await browser.post(f"{emulator.base_url}/web/capture", data=form)
    if response.status_code != 303:
        raise CommandError(f"the capture was refused (HTTP {response.status_code})")
    return response.headers["location"]


def _print_results(session: GetSessionResult, out: TextIO) -> None:
    print("\nLiveness checks", file=out)
    table(
        ["ID", "STATE", "RECOMMENDATION", "BREAKDOWN"],
        check_rows(session.liveness_checks, with_type=False),
        out,
    )
    # Yoti's question: one check per attempt, and the user passed if any attempt was approved.
    passed = session.liveness_passed
    answer = {True: "yes", False: "no", None: "not known (no completed attempt)"}[passed]
    print(f"\nPassed liveness: {answer}", file=out)
    print("\nLiveness resources", file=out)
    table(
        ["ID", "TYPE", "MEDIA", "MEDIA ID"],
        resource_rows(session.resources, liveness_only=True),
        out,
    )


def _required(value: str | None, name: str) -> str:
    if not value:
        raise CommandError(f"the create-session response has no {name}")
    return value


async def _save_liveness_image(
    client: AsyncIDVClient, session: GetSessionResult, output_dir: Path
) -> Path:
    resources = session.resources
    media_id = resource_id = None
    if resources and resources.static_liveness_resources:
        last = resources.static_liveness_resources[-1]
        if last.image and last.image.media:
            media_id, resource_id = last.image.media.id, last.id
    elif resources and resources.zoom_liveness_resources:
        zoom = resources.zoom_liveness_resources[-1]
        frames = [f.media for f in zoom.frames if f.media is not None]
        if frames:
            media_id, resource_id = frames[0].id, zoom.id
    if media_id is None or resource_id is None:
        raise CommandError("the session has no liveness image")
    media = await client.get_media_content(session.session_id or "", media_id)
    if media is None:
        raise CommandError("the liveness image was withheld (204)")
    suffix = {"image/jpeg": ".jpg", "image/png": ".png"}.get(media.mime_type, ".bin")
    target = output_dir / f"liveness-{resource_id[:8]}{suffix}"
    target.write_bytes(media.content)
    return target
