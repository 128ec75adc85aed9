"""Decoding the JSON bodies of Yoti's answers: orjson when it is installed, else `json`.

orjson (the ``speedups`` extra) decodes a session result about twice as fast as the standard
library, which is about half of what parsing an answer costs once the models are built by
the compiled fast path. It is optional: the SDK depends on no compiled package of its own.

The standard library stays the reference. orjson refuses some documents that `json.loads`
accepts (NaN and Infinity, a byte order mark, UTF-16 or UTF-32, lone surrogates, a number
too large for a float); anything orjson refuses goes to `json.loads`, which then decodes it or
raises its own `json.JSONDecodeError` (or `UnicodeDecodeError`, for bytes that are not
UTF-8), with the same message as without orjson. Yoti sends none of those, so the retry
costs nothing in practice. One difference is left: an integer beyond 64 bits, which Yoti
never sends either, comes out of a recent orjson as a float (older ones refuse it, which
the retry covers).

A document nested deeper than the interpreter can recurse raises `ValueError`, as any other
malformed document does (orjson refuses more than 1,024 levels; `json` recurses per level).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Final

__all__ = ["DECODER", "loads"]


_TOO_DEEP: Final = "the JSON document is nested too deeply to decode"


def _pick() -> tuple[str, Callable[[bytes | str], Any]]:
    """The decoder's name, and its `loads`."""
    json_loads = json.loads

    def stdlib_loads(data: bytes | str) -> Any:
        # The standard library recurses once per level of nesting: ~1,000 levels of ``[[[``
        # (2 kB) raise RecursionError. That is a malformed document, not a crash.
        try:
            return json_loads(data)
        except RecursionError:
            raise ValueError(_TOO_DEEP) from None

    try:
        import orjson
    except ImportError:
        return "json", stdlib_loads
    orjson_loads = orjson.loads
    orjson_error = orjson.JSONDecodeError

    def loads(data: bytes | str) -> Any:
        try:
            return orjson_loads(data)
        except orjson_error:
            return stdlib_loads(data)

    return "orjson", loads


_PICKED: Final = _pick()
DECODER: Final[str] = _PICKED[0]
"""``"orjson"`` or ``"json"``: which decoder `loads` uses (the benchmarks report it)."""
loads: Final[Callable[[bytes | str], Any]] = _PICKED[1]
"""Decode a JSON document: the value, or a `ValueError` (`json.JSONDecodeError` ...).

A document nested too deeply for the interpreter's recursion limit is a `ValueError` too,
never a `RecursionError`.
"""
