"""Every install line in the docs, examples and error hints works as written from a checkout.

The package is not on PyPI yet, so an install line names the checkout (``'.[emulator]'``), and
the released name appears once on each landing page, saying so.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANDING_PAGES = {"README.md", "docs/index.md"}
# Packages of others, installed by name: these exist on PyPI.
THIRD_PARTY = {"nox", "pytest-asyncio"}

PIP_INSTALL = re.compile(r"pip install (?P<args>(?:-e )?(?:'[^']*'|\S+))")


def _files() -> list[Path]:
    files = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    for folder in ("yoti_idv", "pytest_yoti_idv", "examples"):
        files += sorted((ROOT / folder).rglob("*.py"))
    return files


def _extras() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return set(project["optional-dependencies"])


def test_install_lines_name_the_checkout_and_extras_that_exist() -> None:
    extras = _extras()
    seen = 0
    for path in _files():
        relative = path.relative_to(ROOT).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in PIP_INSTALL.finditer(line):
                seen += 1
                target = match["args"].removeprefix("-e ").rstrip("),;:").strip("'`\"")
                where = f"{relative}:{number}: {line.strip()}"
                if target.startswith("yoti-idv"):
                    assert relative in LANDING_PAGES, where
                    continue
                if target in THIRD_PARTY:
                    continue
                requirement = re.fullmatch(r"\.(?:\[(?P<extras>[a-z,]+)\])?", target)
                assert requirement is not None, where
                for extra in (requirement["extras"] or "").split(","):
                    assert extra == "" or extra in extras, where
    assert seen > 10


def test_the_released_name_is_mentioned_once_per_landing_page() -> None:
    for page in LANDING_PAGES:
        text = (ROOT / page).read_text(encoding="utf-8")
        assert len(re.findall(r"pip install '?yoti-idv", text)) == 1, page
        assert "not on PyPI yet" in text, page
