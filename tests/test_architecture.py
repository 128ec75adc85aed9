"""The shape of the package: one-way imports, private modules kept private, things said once.

The import graph is read with `ast` from the source of every module of `yoti_idv`, with every
import statement counted wherever it stands: at the top, inside a function, or under
``if TYPE_CHECKING:`` (a cycle held apart by where an import is written is still a cycle).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import yoti_idv
from yoti_idv.client import AsyncIDVClient
from yoti_idv.sync_client import IDVClient

PACKAGE = Path(yoti_idv.__file__).parent


# ------------------------------------------------------------------------- the import graph


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(module: str, path: Path) -> Iterator[str]:
    """Every module of the package that `module` imports, by any import statement in it."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            # `from a import b` imports the module a.b when there is one, else a name of a.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            if target in MODULES and target != module:
                yield target


GRAPH: dict[str, set[str]] = {name: set(_imports(name, path)) for name, path in MODULES.items()}


def _owner_of_private(module: str) -> str | None:
    """The package that may import `module`: the parent of its first private part, if any."""
    parts = module.split(".")
    for index, part in enumerate(parts):
        if part.startswith("_"):
            return ".".join(parts[:index])
    return None


def test_the_graph_is_read() -> None:
    assert "yoti_idv.retry" in GRAPH["yoti_idv.client"]
    assert "yoti_idv.vocabulary.values" in GRAPH["yoti_idv.specs._checks"]
    assert "yoti_idv.auth._signing_thread" in GRAPH["yoti_idv.auth.signing"]


def test_no_module_imports_another_packages_private_module() -> None:
    """A private module ``a.b._c`` is imported only from inside ``a.b`` (or below it)."""
    offenders = sorted(
        (importer, target)
        for importer, targets in GRAPH.items()
        for target in targets
        if (owner := _owner_of_private(target)) is not None
        and not (importer == owner or importer.startswith(owner + "."))
    )
    assert offenders == []


def test_the_imports_have_no_cycle() -> None:
    """Depth-first search over the graph; a back edge is a cycle, reported with its path."""
    cycles: list[list[str]] = []
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(GRAPH[module]):
            if state.get(target) == "open":
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = "done"

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert cycles == []


# ------------------------------------------------------------------------- declared once


def _strings_outside_docstrings(tree: ast.AST) -> Iterator[str]:
    docstrings: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            yield node.value


def test_every_endpoint_path_is_declared_only_in_operations() -> None:
    """No module of the package but `_operations` spells a path of the API.

    Path literals are the strings (f-string parts included) that start with ``/``; docstrings
    and help texts that name an endpoint are prose, not paths. The emulator and the sandbox
    serves other routes and is not looked at; the sandbox client's two endpoints are declared
    there too.
    """
    operations = ast.parse((PACKAGE / "_operations.py").read_text())
    fragments = {
        text.rstrip("/?")
        for text in _strings_outside_docstrings(operations)
        if re.fullmatch(r"(/[a-z][a-z-]*)+/?", text)
    }
    assert {"/sessions", "/supported-documents", "/media", "/resources/face-capture"} <= fragments
    offenders = [
        (module.name, text)
        for module in sorted([*PACKAGE.glob("*.py"), *PACKAGE.glob("sandbox/*.py")])
        if module.name != "_operations.py"
        for text in _strings_outside_docstrings(ast.parse(module.read_text()))
        if text.startswith("/") and any(fragment in text for fragment in fragments)
    ]
    assert offenders == []


def test_the_clients_share_their_endpoint_methods() -> None:
    sync_methods = {n for n in vars(IDVClient) if not n.startswith("_")}
    async_methods = {n for n in vars(AsyncIDVClient) if not n.startswith("_")}
    assert async_methods - sync_methods == {"aclose"}
    assert sync_methods - async_methods == {"close"}


def test_no_face_capture_requirement_error_is_one_class() -> None:
    from yoti_idv import client, errors

    assert client.NoFaceCaptureRequirementError is errors.NoFaceCaptureRequirementError
    assert "NoFaceCaptureRequirementError" in errors.__all__
