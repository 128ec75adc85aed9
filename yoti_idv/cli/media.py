"""``yoti-idv media get``: save one medium of a session to a file (or standard output).

The body is streamed to a temporary file that replaces the target only once complete
(`AsyncIDVClient.download_media_content`). When Yoti withholds the medium (204 No Content:
"regulations prevent us from returning the media content") nothing is written and the exit
status is 3, so that a script can tell it from a failure.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .common import (
    EXIT_NOTHING_TO_DO,
    EXIT_OK,
    PROG,
    CommandError,
    api_epilog,
    open_client,
)

if TYPE_CHECKING:
    from yoti_idv.client import AsyncIDVClient

__all__ = ["add_media_parser"]


def add_media_parser(
    commands: argparse._SubParsersAction[Any], api: argparse.ArgumentParser
) -> None:
    """Add ``media`` and its sub-commands to the top-level commands."""
    media = commands.add_parser(
        "media",
        help="download the media of a session (liveness images, documents...)",
        description="Download the media of a session; 'yoti-idv session get' lists media ids.",
    )
    actions = media.add_subparsers(dest="media_command", metavar="COMMAND")
    actions.required = True
    get = actions.add_parser(
        "get",
        parents=[api],
        help="save one medium to a file",
        description="Save one medium of a session to a file. A medium that Yoti withholds "
        "(204 No Content, for regulatory reasons) writes nothing and exits with status 3.",
        epilog=api_epilog("example:\n  yoti-idv media get SESSION_ID MEDIA_ID -o liveness.jpg"),
    )
    get.set_defaults(handler=_run_get)
    get.add_argument("session_id", metavar="SESSION_ID")
    get.add_argument("media_id", metavar="MEDIA_ID")
    get.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="where to save it (- for standard output)",
    )
    get.add_argument("--force", action="store_true", help="replace FILE if it exists")


def _run_get(args: argparse.Namespace) -> int:
    if args.output != "-":
        target = Path(args.output)
        if target.is_dir():
            raise CommandError(f"{target} is a folder; give a file name")
        if target.exists() and not args.force:
            raise CommandError(f"{target} exists; use --force to replace it")
        if not target.parent.is_dir():
            raise CommandError(f"the folder {target.parent} does not exist")
    return asyncio.run(_get(args))


async def _get(args: argparse.Namespace) -> int:
    async with open_client(args) as client:
        if args.output == "-":
            saved = await _to_stdout(client, args.session_id, args.media_id)
        else:
            saved = await _to_file(client, args.session_id, args.media_id, Path(args.output))
    if saved is None:
        print(
            f"{PROG}: medium {args.media_id} is withheld by Yoti (204 No Content: regulations "
            "prevent returning it); nothing written",
            file=sys.stderr,
        )
        return EXIT_NOTHING_TO_DO
    mime_type, size = saved
    if args.output == "-":
        print(f"wrote {size} bytes ({mime_type}) to standard output", file=sys.stderr)
    else:
        print(f"saved {size} bytes ({mime_type}) to {args.output}")
    return EXIT_OK


async def _to_stdout(
    client: AsyncIDVClient, session_id: str, media_id: str
) -> tuple[str, int] | None:
    media = await client.get_media_content(session_id, media_id)
    if media is None:
        return None
    sys.stdout.buffer.write(media.content)
    sys.stdout.buffer.flush()
    return media.mime_type, media.size


async def _to_file(
    client: AsyncIDVClient, session_id: str, media_id: str, target: Path
) -> tuple[str, int] | None:
    mime_type = await client.download_media_content(session_id, media_id, target)
    if mime_type is None:
        return None
    return mime_type, target.stat().st_size  # noqa: ASYNC240  (one stat of a file just written)
