"""The ``yoti-idv`` command (also ``python -m yoti_idv``).

* ``yoti-idv demo [--liveness static|zoom] [--outcome pass|spoof]``: the migration guide's
  flow, end to end, against an in-process emulator: no account, keys or phone needed.
* ``yoti-idv emulator serve [--host 127.0.0.1] [--port 8000]``: the emulator over HTTP, for
  other processes and other SDKs (Yoti's own included).

Errors are one line on stderr and a non-zero exit status: 2 for bad arguments (argparse's
convention), 1 for anything that failed while running.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from yoti_idv._version import __version__
from yoti_idv.errors import YotiIDVError

if TYPE_CHECKING:
    from yoti_idv.client import AsyncIDVClient
    from yoti_idv.emulator import Emulator
    from yoti_idv.models import GetSessionResult

__all__ = ["main"]

PROG = "yoti-idv"
_EXTRA_HINT = "the emulator needs the 'emulator' extra: pip install 'yoti-idv[emulator]'"
_USER_THINKING_TIME = 0.2  # seconds the simulated user takes, so that polling has work to do


class CommandError(Exception):
    """A failure to report as one line and exit status 1."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "demo":
            return asyncio.run(
                _demo(args.liveness.upper(), args.outcome, args.attempts, Path(args.output_dir))
            )
        if args.command == "emulator" and args.emulator_command == "serve":
            return _serve(args)
    except KeyboardInterrupt:
        return 130
    except (CommandError, YotiIDVError, OSError, ValueError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(f"{PROG}: error: {message}", file=sys.stderr)
        return 1
    parser.print_help(sys.stderr)
    return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="An async, typed SDK for Yoti Identity Verification, with a local emulator.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser(
        "demo",
        help="run the passive liveness flow against a local emulator (no credentials)",
        description=(
            "Create a liveness session against an in-process emulator, let a simulated user "
            "complete it on the hosted page, poll until it is done, print its liveness checks "
            "and resources, and save the liveness image in the output folder."
        ),
    )
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
        type=_positive_int,
        default=None,
        help="liveness attempts the user makes (at most 3; default 1 for pass, 3 for spoof)",
    )
    demo.add_argument(
        "--output-dir",
        default=".",
        metavar="DIR",
        help="where to save the liveness image (default: the current folder)",
    )

    emulator = commands.add_parser(
        "emulator",
        help="the local IDV emulator",
        description="The local IDV emulator: a faithful stand-in for Yoti's IDV API.",
    )
    emulator_commands = emulator.add_subparsers(dest="emulator_command", metavar="COMMAND")
    emulator_commands.required = True
    serve = emulator_commands.add_parser(
        "serve",
        help="serve the emulator over HTTP",
        description=(
            "Serve the emulator over HTTP with uvicorn. Without --public-key it generates a "
            "demo application and writes its private key to a .pem file; it prints the SDK "
            "id, the key file and the base URL to use."
        ),
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="interface to bind (default 127.0.0.1; the control API is unauthenticated)",
    )
    serve.add_argument(
        "--port", type=_port, default=8000, help="port to bind (default 8000; 0 picks one)"
    )
    serve.add_argument(
        "--sdk-id", default=None, help="SDK id of the application (default: a new UUID)"
    )
    serve.add_argument(
        "--public-key",
        default=None,
        metavar="PEM",
        help="public key file of an existing application (default: generate a key pair)",
    )
    serve.add_argument(
        "--key-file",
        default=None,
        metavar="PATH",
        help="where to write the generated private key (default: a new temporary folder)",
    )
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("must be between 0 and 65535")
    return value


def _load_emulator() -> type[Emulator]:
    try:
        from yoti_idv.emulator import Emulator
    except ImportError:
        raise CommandError(_EXTRA_HINT) from None
    return Emulator


# --- demo ---------------------------------------------------------------------------------


async def _demo(liveness: str, outcome: str, attempts: int | None, output_dir: Path) -> int:
    if not output_dir.is_dir():  # noqa: ASYNC240  (once, before anything starts)
        raise CommandError(f"the output folder does not exist: {output_dir}")
    from yoti_idv.client import AsyncIDVClient
    from yoti_idv.specs import RequestedLivenessCheckBuilder, SdkConfigBuilder, SessionSpecBuilder

    emulator = _load_emulator()()
    application = emulator.create_demo_application()
    out = sys.stdout

    # The migration guide's session, built as its Python tab builds it.
    check_builder = RequestedLivenessCheckBuilder()
    check_builder = (
        check_builder.for_static_liveness()
        if liveness == "STATIC"
        else check_builder.for_zoom_liveness()
    )
    liveness_check = check_builder.with_max_retries(3).build()
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
        # The token is a credential: show where the page is, not the token itself.
        print(
            f"  hosted page   {emulator.base_url}/web/index.html"
            f"?sessionID={session_id}&sessionToken=<client session token>",
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


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip(), file=out)


def _print_results(session: GetSessionResult, out: TextIO) -> None:
    check_rows = []
    for check in session.liveness_checks:
        report = check.report
        recommendation = report.recommendation if report else None
        shown = (recommendation.value if recommendation else None) or "-"
        if recommendation and recommendation.reason:
            shown += f" ({recommendation.reason})"
        breakdown = (
            ", ".join(f"{b.sub_check}={b.result}" for b in report.breakdown) if report else ""
        )
        check_rows.append([check.id or "-", check.state or "-", shown, breakdown or "-"])
    print("\nLiveness checks", file=out)
    _table(["ID", "STATE", "RECOMMENDATION", "BREAKDOWN"], check_rows, out)

    # One row per medium; the resource id and type only on its first row.
    resource_rows: list[list[str]] = []
    resources = session.resources
    for static in resources.static_liveness_resources if resources else ():
        media = [("image", static.image.media.id)] if static.image and static.image.media else []
        resource_rows += _resource_rows(static.id, "STATIC", media)
    for zoom in resources.zoom_liveness_resources if resources else ():
        media = [("facemap", zoom.facemap.media.id)] if zoom.facemap and zoom.facemap.media else []
        media += [("frame", f.media.id) for f in zoom.frames if f.media is not None]
        resource_rows += _resource_rows(zoom.id, "ZOOM", media)
    print("\nLiveness resources", file=out)
    _table(["ID", "TYPE", "MEDIA", "MEDIA ID"], resource_rows, out)


def _resource_rows(
    resource_id: str | None, kind: str, media: list[tuple[str, str | None]]
) -> list[list[str]]:
    rows = [[resource_id or "-", kind, "-", "-"]] if not media else []
    for index, (label, media_id) in enumerate(media):
        head = [resource_id or "-", kind] if index == 0 else ["", ""]
        rows.append([*head, label, media_id or "-"])
    return rows


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


# --- emulator serve -------------------------------------------------------------------------


def _serve(args: argparse.Namespace) -> int:
    emulator_class = _load_emulator()
    try:
        import uvicorn
    except ImportError:
        raise CommandError(_EXTRA_HINT) from None
    emulator = emulator_class()
    if args.public_key is not None:
        if args.key_file is not None:
            raise CommandError("--key-file is for a generated key; not with --public-key")
        try:
            pem = Path(args.public_key).read_bytes()
        except OSError as exc:
            raise CommandError(
                f"cannot read the public key file {args.public_key}: {exc.strerror}"
            ) from None
        sdk_id = args.sdk_id or _new_sdk_id()
        emulator.register_application(sdk_id, pem)
        key_line = f"(your private key for {args.public_key})"
        key_path: Path | None = None
    else:
        application = emulator.create_demo_application(args.sdk_id)
        sdk_id = application.sdk_id
        if args.key_file is not None:
            key_path = Path(args.key_file)
        else:
            key_path = Path(tempfile.mkdtemp(prefix="yoti-idv-emulator-")) / "private-key.pem"
        application.write_private_key(key_path)
        key_line = str(key_path.resolve())

    sock = socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
    except OSError as exc:
        sock.close()
        raise CommandError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    port = sock.getsockname()[1]
    host = f"[{args.host}]" if ":" in args.host else args.host
    root = f"http://{host}:{port}"
    emulator.base_url = f"{root}/idverify/v1"
    lines = [
        f"yoti-idv emulator listening on {root}",
        f"  base URL     {emulator.base_url}",
        f"  SDK id       {sdk_id}",
        f"  private key  {key_line}",
        f"  hosted page  {emulator.base_url}/web/index.html?sessionID=..&sessionToken=..",
        f"  control API  {root}/__emulator__/",
        "Point a client at it:",
        f"  export YOTI_CLIENT_SDK_ID={sdk_id}",
    ]
    if key_path is not None:
        lines.append(f"  export YOTI_KEY_FILE_PATH={key_line}")
    lines += [
        f"  export YOTI_IDV_API_URL={emulator.base_url}",
        f"  export YOTI_DOC_SCAN_API_URL={emulator.base_url}   # Yoti's own SDKs",
    ]
    if args.host not in {"127.0.0.1", "localhost", "::1"}:
        lines.append("warning: the control API is unauthenticated; keep this off shared networks")
    print("\n".join(lines), flush=True)
    server = uvicorn.Server(uvicorn.Config(emulator, log_level="warning", lifespan="off"))
    server.run(sockets=[sock])
    return 0


def _new_sdk_id() -> str:
    import uuid

    return str(uuid.uuid4())
