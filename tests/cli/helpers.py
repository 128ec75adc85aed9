"""Helpers for the command's tests: running ``main`` in-process or ``python -m yoti_idv`` in a
subprocess, and playing the end user in the served emulator."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

from yoti_idv.cli import main
from yoti_idv.emulator import Emulator

PYTHON = sys.executable


@attrs.frozen
class Served:
    """An emulator served over HTTP, and the application the command signs for."""

    emulator: Emulator
    base_url: str
    sdk_id: str
    key_file: Path


@attrs.frozen
class Result:
    """What a run of the command did: exit status, standard output, standard error."""

    status: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Result:
    """Run ``yoti-idv ARGV`` in-process; argparse's exits become a status too."""
    capsys.readouterr()
    try:
        status = main(list(argv))
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 1
    captured = capsys.readouterr()
    return Result(status, captured.out, captured.err)


def run_process(*argv: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m yoti_idv ARGV`` in a subprocess with this process's environment."""
    return subprocess.run(
        [PYTHON, "-m", "yoti_idv", *argv],
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
        env=dict(os.environ),
    )


def one_error_line(err: str) -> str:
    """The single line a failure printed on stderr (asserting there is exactly one)."""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def create_session(capsys: pytest.CaptureFixture[str], *options: str) -> str:
    """Create a session with ``session create --json``; return its id."""
    result = run(capsys, "session", "create", "--json", *options)
    assert result.status == 0, result.err
    session_id: str = result.json()["session_id"]
    return session_id


def complete(
    served: Served, session_id: str, outcome: str = "pass", attempts: int | None = None
) -> None:
    """Play the end user: complete the session's capture with `outcome`."""
    served.emulator.complete_session_state(session_id, outcome, attempts)


def token_of(served: Served, session_id: str) -> str:
    """The session's client session token, as the emulator keeps it."""
    stored = served.emulator.store.get(session_id)
    assert stored is not None
    return stored.client_session_token


def spec_of(served: Served, session_id: str) -> dict[str, Any]:
    """The spec the emulator received for the session."""
    stored = served.emulator.store.get(session_id)
    assert stored is not None
    return stored.spec
