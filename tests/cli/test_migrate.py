"""``yoti-idv migrate``: an Active (ZOOM) liveness spec rewritten as Passive (STATIC)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from yoti_idv.cli.migrate import Change, migrate_spec
from yoti_idv.cli.spec import check_spec_json
from yoti_idv.errors import SpecValidationError

from .helpers import Served, create_session, one_error_line, run, run_process, spec_of

FIXTURES = Path(__file__).parent.parent / "fixtures"
ACTIVE = FIXTURES / "seed_active_session_spec.json"
PASSIVE = FIXTURES / "seed_passive_session_spec.json"


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data


# --- the transformation -----------------------------------------------------------------------


def test_the_guides_active_spec_becomes_the_guides_passive_spec() -> None:
    migration = migrate_spec(load(ACTIVE))
    assert migration.spec == load(PASSIVE)
    assert migration.changes == (
        Change("requested_checks[0].config.liveness_type", "ZOOM", "STATIC"),
    )
    assert migration.liveness_types == ("ZOOM",)
    assert migration.warnings == ()


def test_the_original_is_not_modified() -> None:
    spec = load(ACTIVE)
    migrate_spec(spec)
    assert spec == load(ACTIVE)


def test_the_zoom_education_screen_becomes_the_static_one() -> None:
    spec = load(ACTIVE)
    spec["sdk_config"]["suppressed_screens"] = ["ID_DOCUMENT_EDUCATION", "ZOOM_LIVENESS_EDUCATION"]
    migration = migrate_spec(spec)
    assert migration.spec["sdk_config"]["suppressed_screens"] == [
        "ID_DOCUMENT_EDUCATION",
        "STATIC_LIVENESS_EDUCATION",
    ]
    assert (
        Change(
            "sdk_config.suppressed_screens[1]",
            "ZOOM_LIVENESS_EDUCATION",
            "STATIC_LIVENESS_EDUCATION",
        )
        in migration.changes
    )


def test_the_zoom_screen_is_dropped_when_the_static_one_is_there() -> None:
    spec = load(ACTIVE)
    spec["sdk_config"]["suppressed_screens"] = [
        "ZOOM_LIVENESS_EDUCATION",
        "STATIC_LIVENESS_EDUCATION",
    ]
    migration = migrate_spec(spec)
    assert migration.spec["sdk_config"]["suppressed_screens"] == ["STATIC_LIVENESS_EDUCATION"]
    assert Change("sdk_config.suppressed_screens[0]", "ZOOM_LIVENESS_EDUCATION", None) in (
        migration.changes
    )


def test_a_half_migrated_spec_gets_its_screen_fixed() -> None:
    spec = load(PASSIVE)
    spec["sdk_config"]["suppressed_screens"] = ["ZOOM_LIVENESS_EDUCATION"]
    migration = migrate_spec(spec)
    assert migration.liveness_types == ("STATIC",)
    assert migration.spec["sdk_config"]["suppressed_screens"] == ["STATIC_LIVENESS_EDUCATION"]


def test_everything_else_is_untouched() -> None:
    spec = load(ACTIVE)
    spec["requested_checks"][0]["config"]["manual_check"] = "NEVER"
    spec["requested_checks"].append({"type": "ID_DOCUMENT_FACE_MATCH", "config": {}})
    spec["identity_profile_requirements"] = {"trust_framework": "UK_TFIDA"}
    spec["notifications"] = {"endpoint": "https://x.example/yoti", "topics": ["ZOOM"]}
    migration = migrate_spec(spec)
    expected = json.loads(json.dumps(spec))
    expected["requested_checks"][0]["config"]["liveness_type"] = "STATIC"
    assert migration.spec == expected
    assert list(migration.spec) == list(spec)  # key order kept
    assert len(migration.changes) == 1


def test_two_liveness_checks_are_warned_about() -> None:
    spec = load(ACTIVE)
    spec["requested_checks"].append(
        {"type": "LIVENESS", "config": {"liveness_type": "STATIC", "max_retries": 1}}
    )
    migration = migrate_spec(spec)
    assert migration.liveness_types == ("ZOOM", "STATIC")
    assert len(migration.warnings) == 1
    assert "more than one STATIC LIVENESS check" in migration.warnings[0]


def test_nothing_to_migrate() -> None:
    assert migrate_spec(load(PASSIVE)).changes == ()
    assert migrate_spec({"requested_checks": []}).liveness_types == ()


# --- checking a spec by building it -----------------------------------------------------------


def test_check_builds_what_the_sdk_models_and_lists_the_rest() -> None:
    spec = load(PASSIVE)
    spec["requested_checks"].append({"type": "WATCHLIST_SCREENING", "config": {}})
    spec["required_documents"] = [{"type": "ID_DOCUMENT"}]
    spec["notifications"] = {"endpoint": "https://x.example", "topics": ["SESSION_COMPLETION"]}
    spec["future_option"] = True
    checked = check_spec_json(spec)
    assert "sdk_config" in checked.checked
    assert "notifications" in checked.checked
    assert "requested_checks[0] (LIVENESS)" in checked.checked
    assert set(checked.unchecked) == {
        "future_option",
        "required_documents",
        "requested_checks[1] (WATCHLIST_SCREENING)",
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            lambda s: s["requested_checks"][0]["config"].update(max_retries="3"),
            "requested_checks[0].config.max_retries",
        ),
        (
            lambda s: s["requested_checks"][0]["config"].pop("liveness_type"),
            "requested_checks[0].config.liveness_type",
        ),
        (lambda s: s["sdk_config"].update(font_colour="red"), "sdk_config.font_colour"),
        (lambda s: s.update(resources_ttl=1000), "resources_ttl"),
        (lambda s: s.update(notifications={"endpoint": "nope"}), "notifications.endpoint"),
        (lambda s: s.update(requested_checks={}), "requested_checks"),
    ],
)
def test_check_names_the_bad_field(change: Any, field: str) -> None:
    spec = load(PASSIVE)
    change(spec)
    with pytest.raises(SpecValidationError) as info:
        check_spec_json(spec)
    assert info.value.field == field


def test_a_part_with_unknown_keys_is_left_unchecked() -> None:
    spec = load(PASSIVE)
    spec["sdk_config"]["some_new_option"] = "x"
    assert "sdk_config" in check_spec_json(spec).unchecked


# --- the command ------------------------------------------------------------------------------


def test_migrate_to_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    output = tmp_path / "passive.json"
    result = run(capsys, "migrate", str(ACTIVE), "-o", str(output))
    assert result.status == 0, result.err
    # Same JSON as the guide's Passive spec, with the same indentation.
    assert output.read_text() == PASSIVE.read_text()
    assert result.out.splitlines() == [
        f"migrated {ACTIVE} to Passive (STATIC) liveness:",
        '  requested_checks[0].config.liveness_type: "ZOOM" -> "STATIC"',
        "checked with yoti_idv.specs: client_session_token_ttl, resources_ttl, "
        "user_tracking_id, sdk_config, requested_checks[0] (LIVENESS)",
        f"wrote {output}",
    ]
    assert result.err == ""


def test_migrate_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "migrate", str(ACTIVE))
    assert result.status == 0, result.err
    assert json.loads(result.out) == load(PASSIVE)
    assert '"ZOOM" -> "STATIC"' in result.err  # the report goes to stderr


def test_migrate_in_place_keeps_a_compact_file_compact(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(load(ACTIVE)))
    result = run(capsys, "migrate", str(path), "-o", str(path))
    assert result.status == 0, result.err
    text = path.read_text()
    assert text.count("\n") == 1
    assert json.loads(text) == load(PASSIVE)
    assert [p.name for p in tmp_path.iterdir()] == ["spec.json"]  # no temporary file left


def test_migrate_from_standard_input() -> None:
    result = run_process("migrate", "-", stdin=ACTIVE.read_bytes())
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == load(PASSIVE)
    assert b"migrated standard input to Passive (STATIC) liveness:" in result.stderr


def test_migrate_reports_unchecked_parts_and_warnings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    spec = load(ACTIVE)
    spec["requested_checks"].append({"type": "LIVENESS", "config": {"liveness_type": "STATIC"}})
    spec["identity_profile_requirements"] = {"trust_framework": "UK_TFIDA"}
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    result = run(capsys, "migrate", str(path), "-o", str(tmp_path / "out.json"))
    assert result.status == 0, result.err
    assert "warning: the spec now has more than one STATIC LIVENESS check" in result.out
    assert (
        "not checked (this SDK does not model them; Yoti will): identity_profile_requirements"
        in result.out
    )


def test_a_spec_without_active_liveness_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    output = tmp_path / "out.json"
    result = run(capsys, "migrate", str(PASSIVE), "-o", str(output))
    assert result.status == 3
    assert one_error_line(result.err) == (
        f"yoti-idv: nothing to migrate: {PASSIVE} requests no Active (ZOOM) liveness "
        "(liveness: STATIC); nothing written"
    )
    assert not output.exists()

    none = tmp_path / "none.json"
    none.write_text('{"requested_checks": []}')
    result = run(capsys, "migrate", str(none))
    assert result.status == 3
    assert "(liveness: no LIVENESS check)" in result.err
    assert result.out == ""


def test_an_invalid_result_is_not_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    spec = load(ACTIVE)
    spec["requested_checks"][0]["config"]["max_retries"] = -1
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    output = tmp_path / "out.json"
    result = run(capsys, "migrate", str(path), "-o", str(output))
    assert result.status == 1
    assert one_error_line(result.err) == (
        "yoti-idv: error: the migrated spec is not valid: "
        "requested_checks[0].config.max_retries: must be an int >= 0, got -1"
    )
    assert not output.exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "cannot read {path}: No such file or directory"),
        ("[1, 2]", "{path} must hold a session spec: a JSON object, not a list"),
        (
            # The migration guide's JSON tab, as published, has a trailing comma.
            '{"requested_checks": [{"type": "LIVENESS"},\n],\n}',
            "{path} is not valid JSON: Expecting value at line 2 column 1 "
            "(a trailing comma? JSON allows none)",
        ),
    ],
)
def test_unreadable_specs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str | None, expected: str
) -> None:
    path = tmp_path / "spec.json"
    if content is not None:
        path.write_text(content)
    result = run(capsys, "migrate", str(path))
    assert result.status == 1
    assert one_error_line(result.err) == "yoti-idv: error: " + expected.format(path=path)


def test_migrate_into_a_missing_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = run(capsys, "migrate", str(ACTIVE), "-o", str(tmp_path / "no" / "out.json"))
    assert result.status == 1
    assert one_error_line(result.err) == (
        f"yoti-idv: error: the folder {tmp_path / 'no'} does not exist"
    )


def test_the_migrated_spec_creates_a_passive_session(
    env: Served, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    output = tmp_path / "passive.json"
    assert run(capsys, "migrate", str(ACTIVE), "-o", str(output)).status == 0
    session_id = create_session(capsys, "--spec", str(output))
    assert env.emulator.session(session_id).liveness_type == "STATIC"
    assert spec_of(env, session_id) == load(PASSIVE)
