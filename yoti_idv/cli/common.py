"""What every ``yoti-idv`` command shares: exit statuses, the one-line errors, the argument
parser class, and the client built from the environment.

Exit statuses (also in ``yoti-idv --help``):

* 0: done;
* 1: failed (the API refused, a file could not be read, the credentials are missing...);
* 2: bad arguments;
* 3: nothing to produce (``media get``: Yoti withheld the medium with a 204;
  ``migrate``: the spec requests no Active liveness);
* 4: ``session watch`` gave up waiting;
* 130: interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from typing import TYPE_CHECKING, Final, NoReturn

from yoti_idv.errors import APIConnectionError, APITimeoutError, AuthenticationError

if TYPE_CHECKING:
    from yoti_idv.client import AsyncIDVClient

__all__ = [
    "ENVIRONMENT_HELP",
    "EXIT_FAILURE",
    "EXIT_INTERRUPTED",
    "EXIT_NOTHING_TO_DO",
    "EXIT_OK",
    "EXIT_STATUS_HELP",
    "EXIT_TIMEOUT",
    "EXIT_USAGE",
    "PROG",
    "ArgumentParser",
    "HelpFormatter",
    "CommandError",
    "api_epilog",
    "api_options",
    "error_line",
    "open_client",
    "positive_float",
    "positive_int",
    "report",
    "upper",
]

PROG: Final = "yoti-idv"

EXIT_OK: Final = 0
EXIT_FAILURE: Final = 1
EXIT_USAGE: Final = 2
EXIT_NOTHING_TO_DO: Final = 3
EXIT_TIMEOUT: Final = 4
EXIT_INTERRUPTED: Final = 130

EXIT_STATUS_HELP: Final = """\
exit status:
  0    done
  1    failed (the API refused, a file could not be read, missing credentials...)
  2    bad arguments
  3    nothing to produce (media withheld by Yoti: 204; migrate: no Active liveness)
  4    session watch: gave up waiting
  130  interrupted"""

ENVIRONMENT_HELP: Final = """\
environment:
  YOTI_CLIENT_SDK_ID     the SDK id of your application (Yoti Hub)
  YOTI_KEY_FILE_PATH     the path of its private key (.pem)
  YOTI_IDV_API_URL       the API base URL (else YOTI_DOC_SCAN_API_URL, else Yoti's production
                         API https://api.yoti.com/idverify/v1); --base-url overrides both"""


class CommandError(Exception):
    """A failure to report as one line on stderr, with exit status `status`."""

    def __init__(self, message: str, *, status: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.status = status


class HelpFormatter(argparse.HelpFormatter):
    """Descriptions and epilogs wrapped to the terminal, except indented lines (lists and
    examples), which are kept as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        lines: list[str] = []
        for line in text.splitlines():
            if not line.strip() or line[0].isspace():
                lines.append(indent + line if line.strip() else "")
            else:
                lines += textwrap.wrap(line, width, initial_indent=indent, subsequent_indent=indent)
        return "\n".join(lines)


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line: ``yoti-idv session get: error: ...``."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def api_epilog(examples: str | None = None) -> str:
    """The epilog of a command that calls the API: its examples, then the environment."""
    return f"{examples}\n\n{ENVIRONMENT_HELP}" if examples else ENVIRONMENT_HELP


def api_options() -> argparse.ArgumentParser:
    """The options of every command that calls the API (a parent parser)."""
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("API options")
    group.add_argument(
        "--base-url",
        default=None,
        metavar="URL",
        help="the IDV API base URL (default: $YOTI_IDV_API_URL, else Yoti's production API)",
    )
    group.add_argument(
        "--request-timeout",
        type=positive_float,
        default=None,
        metavar="SECONDS",
        help="timeout of each request (default: connect 5 s, read and write 30 s)",
    )
    return parent


def open_client(args: argparse.Namespace) -> AsyncIDVClient:
    """A client from ``$YOTI_CLIENT_SDK_ID`` and ``$YOTI_KEY_FILE_PATH`` and the API options.

    Raises `yoti_idv.errors.ConfigurationError` (one clear line) when a variable is missing or
    the key cannot be loaded.
    """
    from yoti_idv.client import DEFAULT_TIMEOUT, AsyncIDVClient

    timeout = DEFAULT_TIMEOUT if args.request_timeout is None else args.request_timeout
    return AsyncIDVClient.from_env(base_url=args.base_url, timeout=timeout)


def error_line(exc: BaseException) -> str:
    """The one line a failure is reported as (without the ``yoti-idv: error:`` prefix).

    Exceptions of this package never carry secrets in their messages; only the first line of
    a message is shown.
    """
    text = str(exc).strip()
    message = text.splitlines()[0] if text else type(exc).__name__
    if isinstance(exc, AuthenticationError) and "hint:" not in message:
        message += (
            " (hint: check YOTI_CLIENT_SDK_ID, YOTI_KEY_FILE_PATH and that the base URL "
            "matches the key)"
        )
    elif (
        isinstance(exc, APIConnectionError)
        and not isinstance(exc, APITimeoutError)
        and exc.request is not None
    ):
        url = exc.request.url
        message += f" (is {url.scheme}://{url.netloc.decode('ascii')} reachable?)"
    return message


def report(message: str) -> None:
    """Print the one-line error report on stderr."""
    print(f"{PROG}: error: {message}", file=sys.stderr)


def positive_int(text: str) -> int:
    """argparse type: a whole number >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def positive_float(text: str) -> float:
    """argparse type: a number of seconds > 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError("must be a positive number")
    return value


def upper(text: str) -> str:
    """argparse type for case-insensitive choices: ``static`` -> ``STATIC``."""
    return text.strip().upper().replace("-", "_")
