"""Test automation: `nox` runs tests, lint, typecheck and docs; `nox -s <name>` runs one.

Sessions use the interpreter nox runs under (no `python=` pins): CI machines have exactly one
Python, and a session must never demand another. Tests run against the installed package, not
the source tree, so a missing runtime dependency or package file fails here first.
"""

from __future__ import annotations

import re
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests", "lint", "typecheck", "docs"]

PYPROJECT = nox.project.load_toml("pyproject.toml")


@nox.session
def tests(session: nox.Session) -> None:
    """The test suite, against the package installed with its emulator extra."""
    session.install(
        ".[emulator,examples,aiohttp]", *nox.project.dependency_groups(PYPROJECT, "tests")
    )
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff: lint rules and formatting."""
    session.install(*nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict over the package, the tests and the examples."""
    session.install(
        "-e",
        ".[emulator,examples,aiohttp]",
        *nox.project.dependency_groups(PYPROJECT, "tests", "typecheck"),
    )
    session.run("mypy", "--strict")


@nox.session
def docs(session: nox.Session) -> None:
    """The documentation: mkdocs and mkdocstrings, every warning an error."""
    session.install("-e", ".", *nox.project.dependency_groups(PYPROJECT, "docs"))
    # NO_MKDOCS_2_WARNING: silences mkdocs-material's banner about mkdocs 2, which is not a
    # problem of this project's docs and would otherwise read like one.
    session.run("mkdocs", "build", "--strict", env={"NO_MKDOCS_2_WARNING": "1"})
    _reference_shows_no_internals(Path("build/site/reference"))


# What the API reference must not show: private modules, private base classes (the clients'
# shared core among them), and the clients' private sentinel.
_INTERNALS = re.compile(
    r"yoti_idv(?:\.\w+)*\._[a-z]\w*|Bases:\s*(?:_\w+|ClientCore)|_ClientDefault"
)


def _reference_shows_no_internals(site: Path) -> None:
    """The API reference documents the public API only (its pages' text, tags stripped)."""
    found = {
        f"{page.relative_to(site)}: {match}"
        for page in site.rglob("index.html")
        for match in _INTERNALS.findall(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))
    }
    if found:
        raise SystemExit("the API reference shows internals:\n  " + "\n  ".join(sorted(found)))


@nox.session
def bench(session: nox.Session) -> None:
    """Figures against Yoti's SDK, one table (benchmarks/README.md); `-- --quick` in CI."""
    session.install(".[emulator,aiohttp,speedups]", "yoti==2.14.6", "future>=1.0", "httptools>=0.6")
    session.run("python", "-m", "benchmarks", *session.posargs)
