"""``yoti-idv emulator serve``: the local IDV emulator over HTTP, for other processes and
other SDKs (Yoti's own included).

It binds 127.0.0.1 unless told otherwise (the control API is unauthenticated), generates a
demo application and writes its private key to a ``.pem`` file (or registers the public key of
an existing one), and prints the SDK id, the key file and the base URL to use.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import socket
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .common import CommandError

if TYPE_CHECKING:
    from yoti_idv.emulator import Emulator

__all__ = ["EXTRA_HINT", "add_emulator_parser", "banner", "load_emulator"]

EXTRA_HINT = (
    "the emulator needs the 'emulator' extra: pip install '.[emulator]' from the yoti-idv checkout"
)


def load_emulator() -> type[Emulator]:
    """The `Emulator` class; `CommandError` when the ``emulator`` extra is not installed."""
    try:
        from yoti_idv.emulator import Emulator
    except ImportError:
        raise CommandError(EXTRA_HINT) from None
    return Emulator


def add_emulator_parser(commands: argparse._SubParsersAction[Any]) -> None:
    """Add ``emulator`` and its sub-commands to the top-level commands."""
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
    serve.set_defaults(handler=_serve)
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
        help=(
            "where to write the generated private key, mode 0600 (default: a new temporary "
            "folder); the file is removed when the emulator stops"
        ),
    )
    serve.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        metavar="NAME",
        help=(
            "another Host name to answer to, besides localhost and the bound address "
            "(repeatable; other names are refused, against DNS rebinding)"
        ),
    )
    serve.add_argument(
        "--header-timeout",
        type=_seconds,
        default=10.0,
        metavar="SECONDS",
        help="close connections that take longer to send a request's headers (default 10)",
    )


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError("must be more than 0 and at most 3600 seconds")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("must be between 0 and 65535")
    return value


def _serve(args: argparse.Namespace) -> int:
    emulator_class = load_emulator()
    try:
        import uvicorn

        from yoti_idv.emulator.server import uvicorn_config
    except ImportError:
        raise CommandError(EXTRA_HINT) from None
    if args.public_key is not None and args.key_file is not None:
        raise CommandError("--key-file is for a generated key; not with --public-key")
    emulator = emulator_class(allowed_hosts=args.allowed_host)
    # What this command writes to disk, removed when it exits however it exits: the key is
    # only good while this emulator (which alone knows its public half) runs.
    created: list[Path] = []
    # uvicorn stops on SIGTERM and then raises the signal again with the handler it found;
    # with Python's default one the process would die there, before the key file is removed.
    # Installed before the key is written, so that no SIGTERM can come between the two.
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _stopped) if in_main_thread else None
    try:
        if args.public_key is not None:
            try:
                pem = Path(args.public_key).read_bytes()
            except OSError as exc:
                raise CommandError(
                    f"cannot read the public key file {args.public_key}: {exc.strerror}"
                ) from None
            sdk_id = args.sdk_id or _new_sdk_id()
            try:
                emulator.register_application(sdk_id, pem)
            except ValueError as exc:
                raise CommandError(f"--public-key {args.public_key}: {exc}") from None
            key_line = f"(your private key for {args.public_key})"
            key_path: Path | None = None
        else:
            application = emulator.create_demo_application(args.sdk_id)
            sdk_id = application.sdk_id
            if args.key_file is not None:
                key_path = Path(args.key_file).absolute()
            else:
                folder = Path(tempfile.mkdtemp(prefix="yoti-idv-emulator-"))
                created.append(folder)
                key_path = folder / "private-key.pem"
            try:
                application.write_private_key(key_path)
            except OSError as exc:
                raise CommandError(
                    f"cannot write the key file {key_path}: {exc.strerror}"
                ) from None
            created.insert(0, key_path)
            key_line = str(key_path)
        return _run(emulator, args, sdk_id, key_line, key_path, uvicorn, uvicorn_config)
    except (KeyboardInterrupt, _Stopped):
        return 0
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)
        for path in created:
            with contextlib.suppress(OSError):
                path.rmdir() if path.is_dir() else path.unlink()


def _run(
    emulator: Emulator,
    args: argparse.Namespace,
    sdk_id: str,
    key_line: str,
    key_path: Path | None,
    uvicorn: Any,
    uvicorn_config: Any,
) -> int:
    # IPPROTO_TCP named: asyncio turns Nagle off only for sockets whose proto says TCP.
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
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
    print(banner(root, emulator.base_url, sdk_id, key_line, key_path), flush=True)
    if args.host not in {"127.0.0.1", "localhost", "::1"}:
        print(
            "warning: the control API is unauthenticated; keep this off shared networks",
            flush=True,
        )
    config = uvicorn_config(emulator, header_timeout=args.header_timeout)
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
    return 0


class _Stopped(Exception):
    """SIGTERM arrived: stop serving and clean up."""


def _stopped(signum: int, frame: object) -> None:
    raise _Stopped


def banner(root: str, base_url: str, sdk_id: str, key_line: str, key_path: Path | None) -> str:
    """What ``emulator serve`` prints: where it listens, and how each SDK is pointed at it."""
    lines = [
        f"yoti-idv emulator listening on {root}",
        f"  base URL     {base_url}",
        f"  SDK id       {sdk_id}",
        f"  private key  {key_line}" + ("  (removed when the emulator stops)" if key_path else ""),
        f"  hosted page  {base_url}/web/index.html?sessionID=..&sessionToken=..",
        f"  control API  {root}/__emulator__/",
        "Point a client at it:",
        f"  export YOTI_CLIENT_SDK_ID={sdk_id}",
    ]
    if key_path is not None:
        lines.append(f"  export YOTI_KEY_FILE_PATH={key_line}")
    lines += [
        f"  export YOTI_IDV_API_URL={base_url}       # yoti-idv, and Yoti's Node SDK",
        f"  export YOTI_DOC_SCAN_API_URL={base_url}  # Yoti's Python, Go, .NET and PHP SDKs",
        f"  java -Dyoti.docs.url={base_url} ...      # Yoti's Java SDK (a JVM property)",
    ]
    return "\n".join(lines)


def _new_sdk_id() -> str:
    import uuid

    return str(uuid.uuid4())
