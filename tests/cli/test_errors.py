"""Failures of the API commands: one clear line on stderr, a non-zero exit, no traceback, no
secret. Missing or bad credentials, unknown applications, bad ids, 404s, unreachable APIs."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from yoti_idv.cli import documents as cli_documents

from .helpers import Served, one_error_line, run, run_process

# Every API command, with arguments that would otherwise be fine.
API_COMMANDS = [
    ["session", "create"],
    ["session", "get", "some-session"],
    ["session", "delete", "some-session"],
    ["session", "watch", "some-session"],
    ["media", "get", "some-session", "some-media", "-o", "unused.bin"],
    ["supported-documents"],
]


@pytest.mark.parametrize("argv", API_COMMANDS, ids=lambda argv: " ".join(argv[:2]))
def test_missing_credentials(
    no_env: None, capsys: pytest.CaptureFixture[str], argv: list[str], tmp_path: Path
) -> None:
    result = run(capsys, *argv)
    assert result.status == 1
    assert one_error_line(result.err) == (
        "yoti-idv: error: environment variables YOTI_CLIENT_SDK_ID and YOTI_KEY_FILE_PATH are "
        "not set (YOTI_CLIENT_SDK_ID: the SDK id from Yoti Hub; YOTI_KEY_FILE_PATH: its .pem "
        "file)"
    )
    assert result.out == ""


def test_missing_key_file_variable(
    env: Served, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("YOTI_KEY_FILE_PATH")
    result = run(capsys, "session", "get", "some-session")
    assert result.status == 1
    assert one_error_line(result.err).startswith(
        "yoti-idv: error: environment variable YOTI_KEY_FILE_PATH is not set"
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "the private key file does not exist: {path}"),
        (b"not a key", "the private key is not PEM data (no '-----BEGIN' line) (file: {path})"),
        (
            b"-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n",
            "the private key could not be parsed as a PEM private key (file: {path})",
        ),
    ],
)
def test_unusable_key_file(
    env: Served,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    content: bytes | None,
    expected: str,
) -> None:
    path = tmp_path / "key.pem"
    if content is not None:
        path.write_bytes(content)
    monkeypatch.setenv("YOTI_KEY_FILE_PATH", str(path))
    result = run(capsys, "session", "get", "some-session")
    assert result.status == 1
    assert one_error_line(result.err) == "yoti-idv: error: " + expected.format(path=path)


def test_a_key_the_application_does_not_have(
    env: Served,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    other_key_file: Path,
) -> None:
    monkeypatch.setenv("YOTI_KEY_FILE_PATH", str(other_key_file))
    result = run(capsys, "session", "create")
    assert result.status == 1
    assert one_error_line(result.err) == (
        "yoti-idv: error: 401 UNAUTHORIZED - The request signature is not valid for this "
        "application (hint: check YOTI_CLIENT_SDK_ID, YOTI_KEY_FILE_PATH and that the base URL "
        "matches the key)"
    )
    assert "PRIVATE KEY" not in result.err


def test_an_unknown_sdk_id(
    env: Served, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YOTI_CLIENT_SDK_ID", "no-such-application")
    result = run(capsys, "session", "get", "some-session")
    assert result.status == 1
    line = one_error_line(result.err)
    assert line.startswith("yoti-idv: error: 401 APP_NOT_FOUND - ")
    assert "hint: check the SDK id" in line


def test_a_session_that_does_not_exist(env: Served, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "session", "get", "no-such-session")
    assert result.status == 1
    assert one_error_line(result.err) == (
        "yoti-idv: error: 404 SESSION_NOT_FOUND - The session does not exist"
    )


@pytest.mark.parametrize("session_id", ["a/b", "a?b", "..", " padded "])
def test_bad_session_ids_are_refused_before_sending(
    env: Served, capsys: pytest.CaptureFixture[str], session_id: str
) -> None:
    result = run(capsys, "session", "get", session_id)
    assert result.status == 1
    assert one_error_line(result.err).startswith("yoti-idv: error: session_id ")


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_an_unreachable_api(env: Served, capsys: pytest.CaptureFixture[str]) -> None:
    port = _closed_port()
    result = run(
        capsys,
        "session",
        "get",
        "some-session",
        "--base-url",
        f"http://127.0.0.1:{port}/idverify/v1",
    )
    assert result.status == 1
    line = one_error_line(result.err)
    assert line.startswith("yoti-idv: error: GET /idverify/v1/sessions/some-session failed")
    assert line.endswith(f"(is http://127.0.0.1:{port} reachable?)")


def test_base_url_from_the_environment_and_the_option(
    env: Served, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # --base-url wins over $YOTI_IDV_API_URL.
    monkeypatch.setenv("YOTI_IDV_API_URL", f"http://127.0.0.1:{_closed_port()}/idverify/v1")
    result = run(capsys, "supported-documents", "--base-url", env.base_url)
    assert result.status == 0, result.err
    # $YOTI_DOC_SCAN_API_URL (what Yoti's own SDKs read) is used when $YOTI_IDV_API_URL is not.
    monkeypatch.delenv("YOTI_IDV_API_URL")
    monkeypatch.setenv("YOTI_DOC_SCAN_API_URL", env.base_url)
    assert run(capsys, "supported-documents").status == 0


def test_a_bad_base_url(env: Served, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "supported-documents", "--base-url", "ftp://example.com")
    assert result.status == 1
    assert "must be an absolute http(s) URL" in one_error_line(result.err)


def test_request_timeout(env: Served, capsys: pytest.CaptureFixture[str]) -> None:
    env.emulator.inject_fault("delay", count=3, delay=1.0, path="/supported-documents")
    try:
        result = run(capsys, "supported-documents", "--request-timeout", "0.1")
    finally:
        env.emulator.faults.clear()
    assert result.status == 1
    assert "timed out" in one_error_line(result.err)


def test_an_unexpected_exception_is_one_line_too(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(args: object) -> int:
        raise RuntimeError("something odd\nsecond line")

    monkeypatch.setattr(cli_documents, "_run", explode)
    result = run(capsys, "supported-documents")
    assert result.status == 1
    assert one_error_line(result.err) == "yoti-idv: error: something odd"


def test_ctrl_c_exits_130(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_documents, "_run", interrupted)
    assert run(capsys, "supported-documents").status == 130


def test_a_real_process_prints_one_line_and_no_traceback(env: Served) -> None:
    result = run_process("session", "get", "no-such-session")
    assert result.returncode == 1
    assert result.stdout == b""
    assert result.stderr.decode() == (
        "yoti-idv: error: 404 SESSION_NOT_FOUND - The session does not exist\n"
    )
