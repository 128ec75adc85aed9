"""The ``yoti-idv`` command (also ``python -m yoti_idv``).

* ``yoti-idv demo``: the migration guide's flow against an in-process emulator (no account).
* ``yoti-idv emulator serve``: the emulator over HTTP, for other processes and SDKs.
* ``yoti-idv session create | get | delete | watch``: sessions, with the credentials in
  ``$YOTI_CLIENT_SDK_ID`` and ``$YOTI_KEY_FILE_PATH`` (and ``$YOTI_IDV_API_URL`` or
  ``--base-url`` for the API).
* ``yoti-idv media get SESSION MEDIA -o FILE``: download a medium.
* ``yoti-idv supported-documents``: the documents Yoti accepts.
* ``yoti-idv migrate SPEC``: an Active (ZOOM) liveness session spec rewritten as Passive
  (STATIC).

Every command has ``--help``. A failure is one line on stderr (never a traceback, never a
secret) and a non-zero exit status: 1 for a failure, 2 for bad arguments, 3 when there was
nothing to produce (a medium withheld by Yoti, a spec with nothing to migrate), 4 when
``session watch`` gave up waiting, 130 when interrupted. Each command lives in its own
``yoti_idv.cli.*`` module; this one builds the parser and reports errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from yoti_idv._version import __version__

from .common import (
    ENVIRONMENT_HELP,
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_STATUS_HELP,
    EXIT_USAGE,
    PROG,
    ArgumentParser,
    CommandError,
    api_options,
    error_line,
    report,
)
from .demo import add_demo_parser
from .documents import add_supported_documents_parser
from .emulator import add_emulator_parser
from .media import add_media_parser
from .migrate import add_migrate_parser
from .session import add_session_parser

__all__ = ["main"]

Handler = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return handler(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except CommandError as exc:
        report(str(exc))
        return exc.status
    except Exception as exc:
        # Whatever it is, one line: this package's exceptions name what is wrong and never
        # hold a secret; anything else is shown by its type and first line.
        report(error_line(exc))
        return EXIT_FAILURE


def build_parser() -> ArgumentParser:
    """The parser of every command and option."""
    parser = ArgumentParser(
        prog=PROG,
        description="An async, typed SDK for Yoti Identity Verification, with a local emulator.",
        epilog=f"{ENVIRONMENT_HELP}\n\n{EXIT_STATUS_HELP}\n\n"
        "Start with 'yoti-idv demo' (no account needed), or 'yoti-idv COMMAND --help'.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    api = api_options()
    add_demo_parser(commands)
    add_emulator_parser(commands)
    add_session_parser(commands, api)
    add_media_parser(commands, api)
    add_supported_documents_parser(commands, api)
    add_migrate_parser(commands)
    return parser
