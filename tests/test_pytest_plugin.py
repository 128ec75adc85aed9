"""The pytest plugin shipped with the package, and the docs' test snippets run as written.

The snippets run in a fresh pytest project (a temporary folder with no conftest and no
configuration) in a subprocess, in pytest-asyncio's default strict mode and in auto mode.
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import stat
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import httpx
import pytest

from pytest_yoti_idv import TEST_SDK_ID
from yoti_idv import AsyncIDVClient, IDVClient, RetryPolicy
from yoti_idv.emulator import Emulator, ManualClock
from yoti_idv.testing import ServedEmulator

ROOT = Path(__file__).resolve().parent.parent

# Every ```python block of these files that defines a test is a test module of its own.
DOCS_WITH_TESTS = ["README.md", "docs/emulator.md", "docs/active-to-passive.md"]
# Modules whose docstring's ```python block is a test module (or, without tests, a script).
DOCSTRINGS = ["pytest_yoti_idv/__init__.py", "yoti_idv/testing.py"]

FENCED_PYTHON = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def _blocks(text: str) -> list[str]:
    return [textwrap.dedent(block) for block in FENCED_PYTHON.findall(text)]


def _docstring(path: Path) -> str:
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert docstring is not None, path
    return docstring


def _stem(name: str) -> str:
    path = Path(name)
    return re.sub(r"\W", "_", path.parent.name if path.stem == "__init__" else path.stem)


def _snippets() -> tuple[dict[str, str], dict[str, str]]:
    """(test modules, scripts) by a file name saying where each came from."""
    tests: dict[str, str] = {}
    scripts: dict[str, str] = {}
    sources = [(name, (ROOT / name).read_text(encoding="utf-8")) for name in DOCS_WITH_TESTS]
    sources += [(name, _docstring(ROOT / name)) for name in DOCSTRINGS]
    for name, text in sources:
        stem = _stem(name)
        for number, block in enumerate(_blocks(text)):
            if "def test_" in block:
                tests[f"test_{stem}_{number}.py"] = block
            elif name in DOCSTRINGS:
                scripts[f"{stem}_{number}.py"] = block
    return tests, scripts


def test_every_doc_that_shows_tests_has_test_snippets() -> None:
    tests, scripts = _snippets()
    for name in [*DOCS_WITH_TESTS, "pytest_yoti_idv/__init__.py"]:
        stem = _stem(name)
        assert any(module.startswith(f"test_{stem}_") for module in tests), name
    assert "testing_0.py" in scripts


def _fresh_env() -> dict[str, str]:
    # The child finds yoti_idv where this interpreter does (installed, or the checkout).
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "YOTI_"))}
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    return env


def _run_pytest(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rfEs", *args],
        cwd=project,
        env=_fresh_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("mode", ["strict", "auto"])
def test_the_docs_test_snippets_pass_as_written_in_a_fresh_project(
    tmp_path: Path, mode: str
) -> None:
    tests, _ = _snippets()
    # No conftest.py; a pytest.ini only to stop pytest from finding this project's config.
    ini = "[pytest]\n" if mode == "strict" else "[pytest]\nasyncio_mode = auto\n"
    (tmp_path / "pytest.ini").write_text(ini)
    for name, code in tests.items():
        (tmp_path / name).write_text(code)
    result = _run_pytest(tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    collected = re.search(r"collected (\d+) items", output)
    passed = re.search(r"(\d+) passed", output)
    assert collected is not None, output
    assert passed is not None, output
    assert passed.group(1) == collected.group(1), output
    assert int(collected.group(1)) >= len(tests)
    assert "skipped" not in output


def test_the_testing_module_docstring_runs_as_a_script(tmp_path: Path) -> None:
    _, scripts = _snippets()
    script = tmp_path / "snippet.py"
    script.write_text(scripts["testing_0.py"])
    result = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env=_fresh_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_without_pytest_asyncio_the_async_fixture_says_what_is_missing(tmp_path: Path) -> None:
    # A module named pytest_asyncio that cannot be imported stands for an absent package.
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "pytest_asyncio.py").write_text("raise ImportError('not installed')\n")
    project = tmp_path / "project"
    project.mkdir()
    (project / "pytest.ini").write_text("[pytest]\n")
    (project / "test_it.py").write_text(
        textwrap.dedent(
            """
            def test_async_client(yoti_client):
                pass

            def test_sync_client(yoti_sync_client):
                assert yoti_sync_client.get_supported_documents() is not None
            """
        )
    )
    env = _fresh_env()
    env["PYTHONPATH"] = os.pathsep.join([str(shadow), env["PYTHONPATH"]])
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:asyncio", "-rfE"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert "1 passed" in output, output
    assert "yoti_client fixture is async and needs pytest-asyncio" in output, output
    assert "Traceback" not in output


def test_the_plugin_is_registered_for_pytest() -> None:
    entry_points = importlib.metadata.entry_points(group="pytest11")
    assert {(ep.name, ep.value) for ep in entry_points if ep.name == "yoti_idv"} == {
        ("yoti_idv", "pytest_yoti_idv")
    }


def test_loading_the_plugin_imports_nothing_heavy() -> None:
    # pytest imports the plugin on every run of every project that has yoti-idv installed.
    code = "import sys, pytest_yoti_idv; print(*sorted(sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = set(result.stdout.split())
    assert {m for m in loaded if m.startswith("yoti_idv")} == set()
    heavy = {"httpx", "cryptography", "attrs", "cattrs", "starlette", "uvicorn", "anyio"}
    assert heavy & loaded == set()


# --- the fixtures, in this project's own configuration (auto mode) ---------------------------


async def test_the_client_is_served_by_the_emulator(
    yoti_client: AsyncIDVClient, yoti_emulator: Emulator
) -> None:
    assert isinstance(yoti_emulator.clock, ManualClock)
    assert TEST_SDK_ID in yoti_emulator.applications
    assert str(yoti_client.base_url) == yoti_emulator.base_url
    await yoti_client.get_supported_documents()


def test_each_test_gets_a_fresh_emulator(yoti_emulator: Emulator) -> None:
    assert yoti_emulator.sessions() == []
    yoti_emulator.inject_fault("server_error", count=1)  # left armed: the next test must not see it


def test_the_previous_test_left_nothing_behind(yoti_emulator: Emulator) -> None:
    assert yoti_emulator.faults.armed == []


async def test_the_served_emulator_works_from_its_environment_variables(
    yoti_emulator_server: ServedEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert stat.S_IMODE(yoti_emulator_server.key_file.stat().st_mode) == 0o600
    assert yoti_emulator_server.base_url.startswith("http://127.0.0.1:")
    for name, value in yoti_emulator_server.env.items():
        monkeypatch.setenv(name, value)
    async with AsyncIDVClient.from_env() as client:
        await client.get_supported_documents()
    async with httpx.AsyncClient() as http:
        controls = await http.get(f"{yoti_emulator_server.root_url}/__emulator__/")
    assert controls.status_code == 200


def test_the_sync_client_talks_to_the_served_emulator(
    yoti_sync_client: IDVClient, yoti_emulator_server: ServedEmulator
) -> None:
    assert str(yoti_sync_client.base_url) == yoti_emulator_server.base_url
    yoti_sync_client.get_supported_documents()


def test_retries_are_quick_by_default(yoti_client_options: dict[str, Any]) -> None:
    retry = yoti_client_options["retry"]
    assert retry.max_attempts == RetryPolicy().max_attempts
    assert retry.backoff_max <= 0.02
