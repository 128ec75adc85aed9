"""`yoti_idv.__all__` stays honest: complete, importable, sorted, and nothing private."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import yoti_idv

# Subpackages and modules whose whole public surface is re-exported at the top level.
FULLY_REEXPORTED = [
    "yoti_idv.specs",
    "yoti_idv.models",
    "yoti_idv.errors",
    "yoti_idv.notifications",
]


def test_every_exported_name_exists() -> None:
    missing = [name for name in yoti_idv.__all__ if not hasattr(yoti_idv, name)]
    assert missing == []


def test_all_is_sorted_and_has_no_duplicates() -> None:
    names = list(yoti_idv.__all__)
    assert len(names) == len(set(names))
    assert names == sorted(names, key=lambda n: (n.lower(), n))


def test_nothing_private_is_exported() -> None:
    assert [n for n in yoti_idv.__all__ if n.startswith("_") and n != "__version__"] == []


@pytest.mark.parametrize("module_name", FULLY_REEXPORTED)
def test_public_names_of_subpackages_are_reexported(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert sorted(set(module.__all__) - set(yoti_idv.__all__)) == []
    for name in module.__all__:
        assert getattr(yoti_idv, name) is getattr(module, name)


def test_the_seed_and_issue_names_are_importable() -> None:
    # The names of the public contract (issue 2) and of the later issues.
    for name in [
        "AsyncIDVClient",
        "IDVClient",
        "PrivateKey",
        "converter",
        "RetryPolicy",
        "SessionSpec",
        "SdkConfig",
        "NotificationConfig",
        "RequestedLivenessCheck",
        "LivenessType",
        "RequestedFaceMatchCheck",
        "RequestedDocumentAuthenticityCheck",
        "RequestedTextExtractionTask",
        "RequiredIdDocument",
        "SessionSpecBuilder",
        "SdkConfigBuilder",
        "NotificationConfigBuilder",
        "RequestedLivenessCheckBuilder",
        "CreateSessionResult",
        "GetSessionResult",
        "ResourceContainer",
        "LivenessResource",
        "ZoomLivenessResource",
        "StaticLivenessResource",
        "UnknownLivenessResource",
        "LivenessCheck",
        "UnknownCheck",
        "MediaContent",
        "YotiIDVError",
        "ConfigurationError",
        "SpecValidationError",
        "APIConnectionError",
        "APITimeoutError",
        "APIStatusError",
        "ResponseValidationError",
        "parse_notification",
        "verify_notification_auth",
    ]:
        assert name in yoti_idv.__all__, name


def test_importing_the_package_does_not_import_the_emulator_extra() -> None:
    import subprocess
    import sys

    code = "import sys, yoti_idv; print('starlette' in sys.modules, 'uvicorn' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]


# --- the exports are lazy (PEP 562): each name is imported on first use ----------------------


def _type_checking_imports() -> dict[str, tuple[str, ...]]:
    """What the ``if TYPE_CHECKING:`` block of yoti_idv/__init__.py imports: module -> names."""
    tree = ast.parse(Path(yoti_idv.__file__).read_text())
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If)
        and isinstance(node.test, ast.Name)
        and node.test.id == "TYPE_CHECKING"
    )
    return {
        f".{node.module}": tuple(alias.name for alias in node.names)
        for node in block.body
        if isinstance(node, ast.ImportFrom) and node.level == 1
    }


def test_the_lazy_table_lists_what_type_checkers_see() -> None:
    # Type checkers read the imports; `__getattr__` reads the table: they must agree.
    assert _type_checking_imports() == yoti_idv._LAZY_EXPORTS


def test_every_exported_name_is_in_the_lazy_table_or_imported() -> None:
    lazy = {name for names in yoti_idv._LAZY_EXPORTS.values() for name in names}
    assert sorted(set(yoti_idv.__all__) - lazy) == ["__version__"]
    assert sorted(lazy - set(yoti_idv.__all__)) == []


@pytest.mark.parametrize("module_name", sorted(yoti_idv._LAZY_EXPORTS))
def test_each_name_is_the_object_of_its_defining_module(module_name: str) -> None:
    module = importlib.import_module(module_name, "yoti_idv")
    for name in yoti_idv._LAZY_EXPORTS[module_name]:
        assert getattr(yoti_idv, name) is getattr(module, name), name


def test_from_import_and_star_import_give_the_same_objects() -> None:
    from yoti_idv import AsyncIDVClient, GetSessionResult, SessionSpecBuilder, converter
    from yoti_idv.client import AsyncIDVClient as DefinedClient
    from yoti_idv.conversion import converter as defined_converter

    namespace: dict[str, object] = {}
    exec("from yoti_idv import *", namespace)  # noqa: S102  (a constant statement)
    assert AsyncIDVClient is DefinedClient is namespace["AsyncIDVClient"]
    assert converter is defined_converter is namespace["converter"]
    assert GetSessionResult is namespace["GetSessionResult"]
    assert SessionSpecBuilder is namespace["SessionSpecBuilder"]
    assert set(namespace) - {"__builtins__"} == set(yoti_idv.__all__)


def test_dir_lists_every_exported_name() -> None:
    assert set(yoti_idv.__all__) <= set(dir(yoti_idv))
    assert dir(yoti_idv) == sorted(dir(yoti_idv))


def test_an_unknown_name_raises_the_standard_attribute_error() -> None:
    with pytest.raises(AttributeError, match=r"^module 'yoti_idv' has no attribute 'Nope'$"):
        yoti_idv.Nope  # type: ignore[attr-defined]  # noqa: B018
    assert not hasattr(yoti_idv, "make_converter")  # a name of a submodule, not exported
    assert getattr(yoti_idv, "Nope", None) is None


def _run(code: str) -> list[str]:
    """Run `code` in a fresh interpreter; return the lines it prints."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_importing_the_package_imports_none_of_its_parts_nor_its_dependencies() -> None:
    loaded = _run(
        """
        import sys
        import yoti_idv
        print(*sorted(sys.modules))
        """
    )
    assert [m for m in loaded if m.startswith("yoti_idv")] == ["yoti_idv", "yoti_idv._version"]
    for heavy in ("attrs", "cattrs", "httpx", "cryptography", "asyncio"):
        assert heavy not in loaded


def test_one_name_imports_only_what_defines_it() -> None:
    loaded = _run(
        """
        import sys
        import yoti_idv
        yoti_idv.YotiIDVError
        print(*sorted(sys.modules))
        """
    )
    assert "yoti_idv.errors" in loaded
    for other in ("yoti_idv.client", "yoti_idv.conversion", "yoti_idv.models", "cattrs"):
        assert other not in loaded


def test_converter_is_the_converter_object_even_after_its_module_was_imported() -> None:
    # The module is `yoti_idv.conversion`, so importing it (the client does) leaves the
    # package's `converter` attribute alone.
    printed = _run(
        """
        import sys
        from yoti_idv.client import AsyncIDVClient
        import yoti_idv
        import yoti_idv.conversion
        print(yoti_idv.converter is sys.modules["yoti_idv.conversion"].converter)
        print(type(yoti_idv.converter).__name__)
        """
    )
    assert printed == ["True", "Converter"]


def test_the_public_submodules_are_still_reachable_as_attributes() -> None:
    # `import yoti_idv` used to import these as a side effect; code may rely on it.
    printed = _run(
        """
        import yoti_idv
        print(yoti_idv.errors.APIError.__name__, yoti_idv.models.GetSessionResult.__name__)
        print(yoti_idv.specs.SessionSpec is yoti_idv.SessionSpec)
        """
    )
    assert printed == ["APIError", "GetSessionResult", "True"]
