"""Exported names that a package imports on first use (PEP 562), not with the package.

A backend's first use of this SDK is a client and a session spec; importing what it does not
use yet (the response models, bearer tokens, the sync client, webhook helpers, the IBV
instruction specs) would add to its start-up for nothing (benchmarks/README.md, item 6). So
those names are listed under ``TYPE_CHECKING`` (where type checkers and readers see them)
and in ``__all__``, and a package's `__getattr__` finds each in its module when first asked.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str,
    namespace: dict[str, Any],
    modules: Sequence[str],
    *,
    submodules: frozenset[str] = frozenset(),
) -> Callable[[str], object]:
    """A module ``__getattr__`` for `package`, whose globals are `namespace`.

    A name of its ``__all__`` that it has not imported is looked for in `modules` (relative
    names, cheapest first: each is imported only when a lookup reaches it), in the first whose
    ``__all__`` holds it, and bound in the package, so that this runs once per name. The
    names in `submodules` are the package's modules themselves, imported when asked for.
    """
    exported = frozenset(namespace["__all__"])

    def __getattr__(name: str) -> object:
        if name in submodules:
            return importlib.import_module(f".{name}", package)
        if name in exported:
            for module_name in modules:
                module = importlib.import_module(module_name, package)
                if name in getattr(module, "__all__", ()):
                    value = getattr(module, name)
                    namespace[name] = value
                    return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
