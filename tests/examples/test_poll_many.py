"""``examples/poll_many.py``: many sessions, simulated users, watched to completion."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

import poll_many
from yoti_idv import GetSessionResult

from .support import EXAMPLES


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


async def test_every_session_is_watched_to_its_end() -> None:
    args = poll_many.parse_args(["-n", "12", "--interval", "0.05", "--max-user-delay", "0.3"])
    out, terminal = io.StringIO(), FakeTerminal()

    summary = await poll_many.run(args, out, poll_many.Progress(terminal))

    assert out.getvalue().startswith("created 12 sessions\n")
    assert summary.done == summary.total == 12
    assert summary.timed_out == 0
    assert set(summary.states) <= {"COMPLETED", "EXPIRED"}
    # Every completed session has a recommendation; every expired one was abandoned.
    assert (
        sum(n for (state, _), n in summary.outcomes.items() if state == "COMPLETED")
        == (summary.states["COMPLETED"])
    )
    assert set(summary.verdicts) <= {"APPROVE", "REJECT", "EXPIRED"}
    # The progress line was rewritten in place, once per finished session, then ended.
    updates = terminal.getvalue().split("\r")[1:]
    assert len(updates) == 12 + 1
    assert updates[-1].startswith("[########################] 12/12 done")
    assert updates[-1].endswith("\n")


async def test_sessions_that_never_finish_are_reported_as_timed_out() -> None:
    args = poll_many.parse_args(
        # Seed 0 gives the three users delays of 25, 12 and 15 s: none finishes within 0.3 s.
        [
            "-n",
            "3",
            "--interval",
            "0.05",
            "--timeout",
            "0.3",
            "--max-user-delay",
            "30",
            "--seed",
            "0",
        ]
    )

    summary = await poll_many.run(args, io.StringIO(), poll_many.Progress(io.StringIO()))

    assert summary.done == 0
    assert summary.timed_out == 3
    assert "UNFINISHED     3   (timed out)" in summary.report()


def test_the_verdict_is_the_last_recommendation_or_the_state() -> None:
    from yoti_idv import LivenessCheck, Recommendation, Report

    def check(value: str) -> LivenessCheck:
        return LivenessCheck(report=Report(recommendation=Recommendation(value=value)))

    retried = GetSessionResult(state="COMPLETED", checks=(check("REJECT"), check("APPROVE")))
    assert poll_many.verdict(retried) == "APPROVE"
    assert poll_many.verdict(GetSessionResult(state="EXPIRED")) == "EXPIRED"


def test_the_script_runs_and_prints_a_summary() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(EXAMPLES / "poll_many.py"),
            *("-n", "5", "--interval", "0.05", "--max-user-delay", "0.2", "--seed", "1"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "created 5 sessions"
    assert lines[1].startswith("5 of 5 sessions finished in ")
    assert "5/5 done" in result.stderr  # the progress line (not a terminal: printed once)


@pytest.mark.parametrize("argv", [["-n", "0"], ["--interval", "0"]])
def test_bad_arguments_are_refused(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        poll_many.parse_args(argv)
    assert exit_info.value.code == 2
