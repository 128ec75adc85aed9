"""``--help`` on every command, and bad arguments as one line with exit status 2."""

from __future__ import annotations

import argparse

import pytest

from yoti_idv.cli import build_parser

from .helpers import one_error_line, run, run_process


def command_paths(
    parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
) -> list[tuple[str, ...]]:
    """Every command and sub-command of `parser`, as argument lists."""
    paths = [prefix]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                paths += command_paths(sub, (*prefix, name))
    return paths


ALL_COMMANDS = command_paths(build_parser())


def test_every_command_is_listed() -> None:
    assert set(ALL_COMMANDS) == {
        (),
        ("demo",),
        ("emulator",),
        ("emulator", "serve"),
        ("session",),
        ("session", "create"),
        ("session", "get"),
        ("session", "delete"),
        ("session", "watch"),
        ("media",),
        ("media", "get"),
        ("supported-documents",),
        ("migrate",),
    }


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=lambda path: " ".join(path) or "yoti-idv")
def test_help_everywhere(path: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, *path, "--help")
    assert result.status == 0
    assert result.out.startswith(f"usage: {' '.join(('yoti-idv', *path))}")
    assert result.err == ""


@pytest.mark.parametrize(
    "path",
    [("session", "create"), ("session", "get"), ("media", "get"), ("supported-documents",)],
)
def test_api_commands_document_the_environment(
    path: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    out = run(capsys, *path, "--help").out
    for name in ("YOTI_CLIENT_SDK_ID", "YOTI_KEY_FILE_PATH", "YOTI_IDV_API_URL", "--base-url"):
        assert name in out


def test_the_top_help_lists_the_exit_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "--help").out
    assert "exit status:" in out
    assert "3    nothing to produce" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["session"], "yoti-idv session: error: the following arguments are required: COMMAND"),
        (["session", "get"], "the following arguments are required: SESSION_ID"),
        (["session", "create", "--liveness", "blink"], "argument --liveness: invalid choice"),
        (["session", "watch", "s", "--interval", "0"], "argument --interval: must be a positive"),
        (["session", "watch", "s", "--until", "soon"], "argument --until: invalid choice"),
        (["media"], "the following arguments are required: COMMAND"),
        (["media", "get", "s"], "the following arguments are required: MEDIA_ID, -o/--output"),
        (["migrate"], "the following arguments are required: SPEC"),
        (["supported-documents", "--request-timeout", "x"], "not a number: 'x'"),
        (["frobnicate"], "argument COMMAND: invalid choice: 'frobnicate'"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run(capsys, *argv)
    assert result.status == 2
    line = one_error_line(result.err)
    assert line.startswith("yoti-idv")
    assert message in line
    assert line.endswith("--help')")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from yoti_idv import __version__

    result = run(capsys, "--version")
    assert result.status == 0
    assert result.out == f"yoti-idv {__version__}\n"


def test_help_from_a_real_process() -> None:
    result = run_process("session", "watch", "--help")
    assert result.returncode == 0
    assert b"usage: yoti-idv session watch" in result.stdout
    assert b"--until {final,checks-done}" in result.stdout
