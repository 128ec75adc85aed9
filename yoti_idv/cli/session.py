"""``yoti-idv session``: create (see `yoti_idv.cli.create`), get, delete and watch sessions.

``get`` and ``watch`` print a readable summary (state; checks with recommendation and
breakdown; resources with their media ids) or, with ``--json``, the session as JSON. Neither
prints the client session token unless ``--show-token`` asks for it.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from typing import TYPE_CHECKING, Any, TextIO

from .common import (
    EXIT_OK,
    EXIT_TIMEOUT,
    CommandError,
    api_epilog,
    open_client,
    positive_float,
)
from .create import add_create_parser
from .render import print_session, session_json, to_json_text

if TYPE_CHECKING:
    from yoti_idv.models import GetSessionResult

__all__ = ["add_session_parser"]


def add_session_parser(
    commands: argparse._SubParsersAction[Any], api: argparse.ArgumentParser
) -> None:
    """Add ``session`` and its sub-commands to the top-level commands."""
    session = commands.add_parser(
        "session",
        help="create, read, watch and delete IDV sessions",
        description="Create, read, watch and delete IDV sessions with the credentials in "
        "$YOTI_CLIENT_SDK_ID and $YOTI_KEY_FILE_PATH.",
    )
    actions = session.add_subparsers(dest="session_command", metavar="COMMAND")
    actions.required = True
    add_create_parser(actions, [api])

    get = actions.add_parser(
        "get",
        parents=[api],
        help="show a session: state, checks, resources and media ids",
        description="Show a session: its state, its checks (recommendation and breakdown) and "
        "its resources (one row per medium, with the media id for 'yoti-idv media get').",
    )
    get.epilog = api_epilog()
    get.set_defaults(handler=_run_get)
    get.add_argument("session_id", metavar="SESSION_ID")
    _add_output_options(get)

    delete = actions.add_parser(
        "delete",
        parents=[api],
        help="delete a session and all its media",
        description="Delete a session and all its media (DELETE /sessions/{id}). "
        "Later reads of it answer 404.",
    )
    delete.epilog = api_epilog()
    delete.set_defaults(handler=_run_delete)
    delete.add_argument("session_id", metavar="SESSION_ID")

    watch = actions.add_parser(
        "watch",
        parents=[api],
        help="wait for a session to finish, with a live status line",
        description="Poll a session (with backoff) until it is COMPLETED or EXPIRED, or until "
        "every check is DONE with --until checks-done, showing a live status line on stderr; "
        "then print the session as 'session get' does. At scale, prefer notifications "
        "(webhooks) to polling.",
    )
    watch.epilog = api_epilog()
    watch.set_defaults(handler=_run_watch)
    watch.add_argument("session_id", metavar="SESSION_ID")
    watch.add_argument(
        "--until",
        choices=["final", "checks-done"],
        default="final",
        help="final: COMPLETED or EXPIRED (default); checks-done: every check is DONE",
    )
    watch.add_argument(
        "--interval",
        type=positive_float,
        default=2.0,
        metavar="SECONDS",
        help="first wait between polls (default 2; it grows 1.5 times per poll)",
    )
    watch.add_argument(
        "--max-interval",
        type=positive_float,
        default=15.0,
        metavar="SECONDS",
        help="longest wait between polls (default 15)",
    )
    watch.add_argument(
        "--timeout",
        type=positive_float,
        default=600.0,
        metavar="SECONDS",
        help="give up after this long, with exit status 4 (default 600)",
    )
    _add_output_options(watch)


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the session as JSON")
    parser.add_argument(
        "--show-token",
        action="store_true",
        help="also print the client session token (the end user's credential)",
    )


def _show(session: GetSessionResult, args: argparse.Namespace, out: TextIO) -> None:
    if args.json:
        print(to_json_text(session_json(session, show_token=args.show_token)), file=out)
    else:
        print_session(session, out, show_token=args.show_token)


# --- get, delete ------------------------------------------------------------------------------


def _run_get(args: argparse.Namespace) -> int:
    return asyncio.run(_get(args))


async def _get(args: argparse.Namespace) -> int:
    async with open_client(args) as client:
        session = await client.get_session(args.session_id)
    _show(session, args, sys.stdout)
    return EXIT_OK


def _run_delete(args: argparse.Namespace) -> int:
    return asyncio.run(_delete(args))


async def _delete(args: argparse.Namespace) -> int:
    async with open_client(args) as client:
        await client.delete_session(args.session_id)
    print(f"deleted session {args.session_id}")
    return EXIT_OK


# --- watch ------------------------------------------------------------------------------------


class StatusLine:
    """A status line on `stream`: rewritten in place on a terminal; elsewhere (a log, a pipe)
    a new line only when the state or the count of finished checks changes."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._live = stream.isatty()
        self._last: object = None
        self._shown = False

    def update(self, text: str, key: object) -> None:
        if self._live:
            self._stream.write(f"\r\x1b[K{text}")
            self._stream.flush()
            self._shown = True
        elif key != self._last:
            print(text, file=self._stream, flush=True)
        self._last = key

    def finish(self) -> None:
        if self._live and self._shown:
            self._stream.write("\n")
            self._stream.flush()


def _run_watch(args: argparse.Namespace) -> int:
    return asyncio.run(_watch(args))


async def _watch(args: argparse.Namespace) -> int:
    from yoti_idv.errors import SessionWaitTimeout
    from yoti_idv.polling import all_checks_done, session_is_final

    done = session_is_final if args.until == "final" else all_checks_done
    status = StatusLine(sys.stderr)
    started = time.monotonic()
    polls = 0

    def until(session: GetSessionResult) -> bool:
        nonlocal polls
        polls += 1
        finished = sum(1 for check in session.checks if check.state == "DONE")
        checks = f"checks {finished}/{len(session.checks)} done"
        elapsed = time.monotonic() - started
        status.update(
            f"session {args.session_id}: {session.state or '?'}, {checks}, poll {polls}, "
            f"{elapsed:.0f} s",
            key=(session.state, finished, len(session.checks)),
        )
        return done(session)

    async with open_client(args) as client:
        try:
            session = await client.wait_for_session(
                args.session_id,
                until=until,
                interval=args.interval,
                max_interval=max(args.interval, args.max_interval),
                timeout=args.timeout,
            )
        except SessionWaitTimeout as exc:
            raise CommandError(str(exc), status=EXIT_TIMEOUT) from None
        finally:
            status.finish()
    _show(session, args, sys.stdout)
    return EXIT_OK
