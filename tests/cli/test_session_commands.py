"""``yoti-idv session create | get | delete | watch`` against the emulator over real HTTP."""

from __future__ import annotations

import io
import json
import re
import threading
from pathlib import Path

import pytest

from yoti_idv.cli.session import StatusLine

from .helpers import (
    Served,
    complete,
    create_session,
    one_error_line,
    run,
    spec_of,
    token_of,
)

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

# --- create -----------------------------------------------------------------------------------


def test_create_prints_the_session_id_and_web_url_without_the_token(
    env: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run(capsys, "session", "create")
    assert result.status == 0, result.err
    session_id = re.search(rf"session id\s+({UUID})", result.out)
    assert session_id
    sid = session_id.group(1)
    assert (
        f"{env.base_url}/web/index.html?sessionID={sid}&sessionToken=<client session token>"
        in result.out
    )
    assert "token TTL" in result.out
    assert "--show-token" in result.out
    assert token_of(env, sid) not in result.out + result.err
    # By default: Passive liveness with Yoti's recommended 3 retries, and nothing else.
    assert spec_of(env, sid) == {
        "requested_checks": [
            {"type": "LIVENESS", "config": {"liveness_type": "STATIC", "max_retries": 3}}
        ],
        "requested_tasks": [],
    }


def test_create_show_token_prints_the_token_and_the_full_web_url(
    env: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run(capsys, "session", "create", "--show-token")
    assert result.status == 0, result.err
    sid = re.search(rf"session id\s+({UUID})", result.out)
    assert sid
    token = token_of(env, sid.group(1))
    assert re.search(rf"token\s+{re.escape(token)}", result.out)
    assert f"sessionToken={token}" in result.out


def test_create_json(env: Served, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "session", "create", "--json")
    assert result.status == 0, result.err
    data = result.json()
    assert set(data) == {"session_id", "client_session_token_ttl", "web_url"}
    assert data["web_url"].endswith("sessionToken=<client session token>")
    assert token_of(env, data["session_id"]) not in result.out

    shown = run(capsys, "session", "create", "--json", "--show-token").json()
    assert shown["client_session_token"] == token_of(env, shown["session_id"])
    assert shown["web_url"].endswith(f"sessionToken={shown['client_session_token']}")


def test_create_from_options_sends_the_spec_they_describe(
    env: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    sid = create_session(
        capsys,
        "--liveness",
        "zoom",
        "--max-retries",
        "1",
        "--client-session-token-ttl",
        "900",
        "--resources-ttl",
        "90000",
        "--user-tracking-id",
        "user-42",
        "--allowed-capture-methods",
        "camera_and_upload",
        "--preset-issuing-country",
        "GBR",
        "--success-url",
        "https://localhost:8443/success",
        "--error-url",
        "https://localhost:8443/error",
        "--primary-colour",
        "#2d9fff",
        "--dark-mode",
        "auto",
        "--suppress-screen",
        "zoom_liveness_education",
        "--suppress-screen",
        "FLOW_COMPLETION",
        "--allow-handoff",
        "--biometric-consent-flow",
        "just-in-time",
    )
    assert spec_of(env, sid) == {
        "client_session_token_ttl": 900,
        "resources_ttl": 90000,
        "user_tracking_id": "user-42",
        "requested_checks": [
            {"type": "LIVENESS", "config": {"liveness_type": "ZOOM", "max_retries": 1}}
        ],
        "requested_tasks": [],
        "sdk_config": {
            "allowed_capture_methods": "CAMERA_AND_UPLOAD",
            "primary_colour": "#2d9fff",
            "dark_mode": "AUTO",
            "locale": "en-GB",
            "preset_issuing_country": "GBR",
            "success_url": "https://localhost:8443/success",
            "error_url": "https://localhost:8443/error",
            "allow_handoff": True,
            "suppressed_screens": ["ZOOM_LIVENESS_EDUCATION", "FLOW_COMPLETION"],
            "biometric_consent_flow": "JUST_IN_TIME",
        },
    }
    assert env.emulator.session(sid).liveness_type == "ZOOM"


def test_create_with_notifications_takes_the_auth_token_from_the_environment(
    env: Served, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YOTI_NOTIFICATION_AUTH_TOKEN", "user:s3cret-pass")
    result = run(
        capsys,
        "session",
        "create",
        "--json",
        "--notification-endpoint",
        "https://backend.example/yoti",
        "--notification-topic",
        "session_completion",
        "--notification-topic",
        "CHECK_COMPLETION",
        "--notification-auth-type",
        "basic",
    )
    assert result.status == 0, result.err
    assert "s3cret" not in result.out + result.err
    assert spec_of(env, result.json()["session_id"])["notifications"] == {
        "endpoint": "https://backend.example/yoti",
        "topics": ["SESSION_COMPLETION", "CHECK_COMPLETION"],
        "auth_token": "user:s3cret-pass",
        "auth_type": "BASIC",
    }


def test_create_notifications_default_to_session_completion(
    env: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    sid = create_session(capsys, "--notification-endpoint", "https://backend.example/yoti")
    assert spec_of(env, sid)["notifications"] == {
        "endpoint": "https://backend.example/yoti",
        "topics": ["SESSION_COMPLETION"],
    }


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--max-retries", "-1"],
            "yoti-idv: error: --max-retries: must be an int >= 0, got -1",
        ),
        (
            ["--client-session-token-ttl", "60"],
            "yoti-idv: error: --client-session-token-ttl: must be an int of seconds > 300",
        ),
        (["--primary-colour", "blue"], "yoti-idv: error: --primary-colour: "),
        (["--preset-issuing-country", "XXX"], "yoti-idv: error: --preset-issuing-country: "),
        (
            ["--notification-auth-type", "bearer", "--notification-endpoint", "https://x.example"],
            "yoti-idv: error: --notification-auth-type needs the token in "
            "$YOTI_NOTIFICATION_AUTH_TOKEN",
        ),
        (
            ["--notification-topic", "SESSION_COMPLETION"],
            "yoti-idv: error: --notification-endpoint is required for notifications",
        ),
    ],
)
def test_create_refuses_bad_options_before_sending(
    env: Served, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    before = len(env.emulator.sessions())
    result = run(capsys, "session", "create", *options)
    assert result.status == 1
    assert one_error_line(result.err).startswith(message)
    assert len(env.emulator.sessions()) == before


def test_create_from_a_spec_file_sends_it_as_it_is(
    env: Served, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    spec = json.loads(Path("tests/fixtures/seed_passive_session_spec.json").read_text())
    spec["some_future_field"] = {"kept": True}  # not modelled by this SDK: still sent
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    sid = create_session(capsys, "--spec", str(path))
    assert spec_of(env, sid) == spec


def test_create_spec_file_errors(
    env: Served, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = run(capsys, "session", "create", "--spec", str(tmp_path / "none.json"))
    assert missing.status == 1
    assert "cannot read" in one_error_line(missing.err)

    broken = tmp_path / "broken.json"
    broken.write_text('{"requested_checks": [],}')
    result = run(capsys, "session", "create", "--spec", str(broken))
    assert result.status == 1
    assert one_error_line(result.err) == (
        f"yoti-idv: error: {broken} is not valid JSON: Expecting property name enclosed in "
        "double quotes at line 1 column 25 (a trailing comma? JSON allows none)"
    )

    mixed = run(capsys, "session", "create", "--spec", str(broken), "--liveness", "zoom")
    assert mixed.status == 2
    assert "leave out --liveness" in one_error_line(mixed.err)


def test_create_a_spec_that_yoti_refuses_reports_the_property(
    env: Served, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "spec.json"
    path.write_text(
        json.dumps(
            {"requested_checks": [{"type": "LIVENESS", "config": {"liveness_type": "BLINK"}}]}
        )
    )
    result = run(capsys, "session", "create", "--spec", str(path))
    assert result.status == 1
    line = one_error_line(result.err)
    assert line.startswith("yoti-idv: error: 400 PAYLOAD_VALIDATION")
    assert "requested_checks[0].config.liveness_type" in line


# --- get --------------------------------------------------------------------------------------


def test_get_shows_state_checks_and_resources(
    env: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    sid = create_session(capsys, "--user-tracking-id", "user-7")
    ongoing = run(capsys, "session", "get", sid)
    assert ongoing.status == 0, ongoing.err
    assert re.search(r"state\s+ONGOING", ongoing.out)
    assert "Checks (0)" in ongoing.out
    assert "(none)" in ongoing.out

    complete(env, sid, "spoof", attempts=2)
    result = run(capsys, "session", "get", sid)
    assert result.status == 0, result.err
    assert re.search(rf"session\s+{sid}", result.out)
    assert re.search(r"state\s+COMPLETED", result.out)
    assert re.search(r"user tracking id\s+user-7", result.out)
    assert "Checks (2)" in result.out
    assert len(re.findall(r"LIVENESS\s+DONE\s+REJECT", result.out)) == 2
    assert "liveness_auth=FAIL, face_processing=PASS, payload_signature_verification=PASS" in (
        result.out
    )
    assert "Resources (2)" in result.out
    media_ids = env.emulator.session(sid).media_ids
    for media_id in media_ids:
        assert re.search(rf"(LIVENESS \(STATIC\))?\s+image\s+{media_id}", result.out)
    assert token_of(env, sid) not in result.out


def test_get_zoom_lists_the_facemap_and_frames(
    env: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    sid = create_session(capsys, "--liveness", "zoom")
    complete(env, sid)
    result = run(capsys, "session", "get", sid)
    assert result.status == 0, result.err
    assert re.search(rf"LIVENESS \(ZOOM\)\s+facemap\s+{UUID}", result.out)
    assert re.search(rf"\s+frame\s+{UUID}", result.out)
    assert re.search(r"LIVENESS\s+DONE\s+APPROVE\s+liveness_auth=PASS", result.out)


def test_get_json(env: Served, capsys: pytest.CaptureFixture[str]) -> None:
    sid = create_session(capsys)
    complete(env, sid)
    result = run(capsys, "session", "get", sid, "--json")
    assert result.status == 0, result.err
    data = result.json()
    assert data["session_id"] == sid
    assert data["state"] == "COMPLETED"
    (check,) = data["checks"]
    assert check["type"] == "LIVENESS"
    assert check["report"]["recommendation"]["value"] == "APPROVE"
    (liveness,) = data["resources"]["liveness_capture"]
    assert liveness["liveness_type"] == "STATIC"
    assert liveness["image"]["media"]["id"] in env.emulator.session(sid).media_ids
    assert "client_session_token" not in data
    assert token_of(env, sid) not in result.out

    shown = run(capsys, "session", "get", sid, "--json", "--show-token").json()
    assert shown["client_session_token"] == token_of(env, sid)
    readable = run(capsys, "session", "get", sid, "--show-token")
    assert re.search(rf"client session token\s+{token_of(env, sid)}", readable.out)


# --- delete -----------------------------------------------------------------------------------


def test_delete_then_get_is_a_404(env: Served, capsys: pytest.CaptureFixture[str]) -> None:
    sid = create_session(capsys)
    deleted = run(capsys, "session", "delete", sid)
    assert deleted.status == 0, deleted.err
    assert deleted.out == f"deleted session {sid}\n"
    assert env.emulator.store.get(sid) is None

    again = run(capsys, "session", "delete", sid)
    assert again.status == 1
    assert one_error_line(again.err) == (
        "yoti-idv: error: 404 SESSION_NOT_FOUND - The session does not exist"
    )


# --- watch ------------------------------------------------------------------------------------


def test_watch_waits_for_completion_with_a_status_line(
    env: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    sid = create_session(capsys)
    user = threading.Timer(0.4, complete, args=(env, sid))
    user.start()
    try:
        result = run(capsys, "session", "watch", sid, "--interval", "0.05", "--max-interval", "0.1")
    finally:
        user.join()
    assert result.status == 0, result.err
    # Not a terminal: one status line per change of state, on stderr.
    status_lines = result.err.splitlines()
    assert status_lines[0].startswith(f"session {sid}: ONGOING, checks 0/0 done, poll 1")
    assert status_lines[-1].startswith(f"session {sid}: COMPLETED, checks 1/1 done")
    assert len(status_lines) == 2
    assert re.search(r"state\s+COMPLETED", result.out)
    assert re.search(r"LIVENESS\s+DONE\s+APPROVE", result.out)


def test_watch_until_checks_done_json(env: Served, capsys: pytest.CaptureFixture[str]) -> None:
    sid = create_session(capsys)
    complete(env, sid)
    result = run(capsys, "session", "watch", sid, "--until", "checks-done", "--json")
    assert result.status == 0, result.err
    assert result.json()["checks"][0]["state"] == "DONE"


def test_watch_gives_up_with_exit_status_4(env: Served, capsys: pytest.CaptureFixture[str]) -> None:
    sid = create_session(capsys)
    result = run(capsys, "session", "watch", sid, "--interval", "0.05", "--timeout", "0.3")
    assert result.status == 4
    last = result.err.splitlines()[-1]
    assert last.startswith(f"yoti-idv: error: session {sid} did not reach the awaited state")
    assert "last state: ONGOING" in last
    assert result.out == ""


def test_watch_an_unknown_session(env: Served, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "session", "watch", "no-such-session")
    assert result.status == 1
    assert one_error_line(result.err).endswith("404 SESSION_NOT_FOUND - The session does not exist")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_status_line_rewrites_itself_on_a_terminal() -> None:
    terminal = _Terminal()
    line = StatusLine(terminal)
    line.update("one", key=1)
    line.update("two", key=1)
    line.finish()
    assert terminal.getvalue() == "\r\x1b[Kone\r\x1b[Ktwo\n"


def test_status_line_prints_changes_only_elsewhere() -> None:
    log = io.StringIO()
    line = StatusLine(log)
    line.update("one", key=1)
    line.update("one again", key=1)
    line.update("two", key=2)
    line.finish()
    assert log.getvalue() == "one\ntwo\n"
