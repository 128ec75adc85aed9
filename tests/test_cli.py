"""The ``yoti-idv`` command: the demo, ``emulator serve``, help and errors."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from yoti_idv.cli import main

PYTHON = sys.executable


def run_demo(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["demo", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_demo_runs_the_seed_flow_and_saves_the_image(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, err = run_demo(capsys)
    assert status == 0, err
    assert "passive (STATIC) liveness" in out
    assert "COMPLETED" in out
    assert re.search(r"DONE\s+APPROVE\s+liveness_auth=PASS, face_processing=PASS", out)
    assert "payload_signature_verification=PASS" in out
    assert "Passed liveness: yes" in out
    assert re.search(r"STATIC\s+image\s+[0-9a-f-]{36}", out)
    # In-process, the hosted page has no address a browser could open: the demo says so.
    assert "hosted page   not served: the emulator runs in-process" in out
    assert "idv-emulator.local" not in out
    (image,) = tmp_path.glob("liveness-*.jpg")
    assert image.read_bytes()[:3] == b"\xff\xd8\xff"
    assert f"Saved the liveness image to {image.name}" in out


def test_demo_spoof_shows_reject(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, _ = run_demo(capsys, "--outcome", "spoof")
    assert status == 0
    assert out.count("REJECT") == 3  # every allowed attempt is rejected
    assert "APPROVE" not in out
    assert "liveness_auth=FAIL" in out
    assert "Passed liveness: no" in out


def test_demo_zoom(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_demo(
        capsys, "--liveness", "zoom", "--attempts", "2", "--output-dir", str(tmp_path)
    )
    assert status == 0
    assert "active (ZOOM) liveness" in out
    assert out.count("facemap") == 2  # two attempts, one resource each; the second approved
    assert re.search(r"REJECT.*\n.*APPROVE", out)
    assert "Passed liveness: yes" in out  # a rejected attempt, then an approved one
    assert "ZOOM" in out
    assert len(list(tmp_path.glob("liveness-*.jpg"))) == 1


def test_demo_failure_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run_demo(capsys, "--output-dir", "/no/such/folder")
    assert status == 1
    assert err == "yoti-idv: error: the output folder does not exist: /no/such/folder\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["demo", "--liveness", "blink"],
        ["demo", "--attempts", "0"],
        ["emulator"],
        ["emulator", "serve", "--port", "70000"],
        ["frobnicate"],
    ],
)
def test_bad_arguments_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.strip().splitlines()[-1].startswith("yoti-idv")
    assert "error:" in err


@pytest.mark.parametrize("argv", [["--help"], ["demo", "--help"], ["emulator", "serve", "--help"]])
def test_help_everywhere(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 0
    assert "usage: yoti-idv" in capsys.readouterr().out


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage: yoti-idv" in capsys.readouterr().err


def test_python_dash_m_runs_the_demo(tmp_path: Path) -> None:
    result = subprocess.run(
        [PYTHON, "-m", "yoti_idv", "demo", "--outcome", "spoof"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "REJECT" in result.stdout
    assert list(tmp_path.glob("liveness-*.jpg"))


def test_missing_extra_gives_a_clear_error(tmp_path: Path) -> None:
    # Block starlette's import, as on an install without the 'emulator' extra.
    code = (
        "import sys; sys.modules['starlette'] = None\n"
        "import yoti_idv, yoti_idv.client, yoti_idv.cli\n"
        "try:\n"
        "    import yoti_idv.emulator\n"
        "except ImportError as e:\n"
        "    print(e)\n"
        "sys.exit(yoti_idv.cli.main(['demo']))\n"
    )
    result = subprocess.run(
        [PYTHON, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
    )
    assert "pip install '.[emulator]' from the yoti-idv checkout" in result.stdout
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "pip install '.[emulator]' from the yoti-idv checkout" in result.stderr


def test_importing_the_sdk_does_not_import_starlette() -> None:
    code = (
        "import sys, yoti_idv, yoti_idv.client, yoti_idv.cli, yoti_idv.testing\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'starlette', 'uvicorn'}))\n"
    )
    result = subprocess.run(
        [PYTHON, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def test_serve_with_an_unreadable_public_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["emulator", "serve", "--public-key", "/no/such/key.pem"]) == 1
    err = capsys.readouterr().err
    assert err == (
        "yoti-idv: error: cannot read the public key file /no/such/key.pem: "
        "No such file or directory\n"
    )
