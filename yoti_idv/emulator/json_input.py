"""Reading a JSON request body with bounds, so that no body can make the emulator answer 500.

Python's `json` module parses nesting by recursion: a body of ten thousand ``[`` raises
`RecursionError`, and a body just under the recursion limit parses but breaks later
(`copy.deepcopy`, `json.dumps`). Numbers are unbounded too (``1e400`` reads as infinity, a
400-digit integer overflows a float). `load_json` turns all of that into `JsonInputError`
with a message for a 400 answer; the checkers bound the numbers they accept.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["MAX_JSON_DEPTH", "MAX_JSON_INTEGER", "JsonInputError", "load_json"]

MAX_JSON_DEPTH = 32
"""The deepest nesting of arrays and objects accepted (Yoti's deepest payload needs 6)."""
MAX_JSON_INTEGER = 2**31 - 1
"""The largest integer the emulator accepts for a count or a number of seconds: Yoti's
service and its Java SDK read them as 32-bit integers."""


class JsonInputError(ValueError):
    """The body is not JSON the emulator accepts; the message says why."""


def load_json(raw: bytes) -> Any:
    """Parse `raw` as JSON; `JsonInputError` for invalid, too deeply nested or non-finite input."""
    try:
        value = json.loads(raw, parse_constant=_reject_constant, parse_float=_finite_float)
    except JsonInputError:
        raise
    except RecursionError:
        raise JsonInputError(_too_deep()) from None
    except json.JSONDecodeError as exc:
        where = f"at line {exc.lineno} column {exc.colno}"
        raise JsonInputError(f"must be valid JSON ({exc.msg} {where})") from None
    except UnicodeDecodeError:
        raise JsonInputError("must be valid JSON (not UTF-8 text)") from None
    except ValueError as exc:  # an integer with more digits than Python converts
        raise JsonInputError(f"must be valid JSON ({exc})") from None
    _check_depth(value)
    return value


def _reject_constant(name: str) -> Any:
    raise JsonInputError(f"must be valid JSON ({name} is not a JSON number)")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise JsonInputError(f"must be valid JSON ({text[:40]} is too large a number)")
    return value


def _too_deep() -> str:
    return f"is nested too deeply (at most {MAX_JSON_DEPTH} levels of arrays and objects)"


def _check_depth(value: Any) -> None:
    """Walk `value` without recursion; `JsonInputError` past `MAX_JSON_DEPTH`."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > MAX_JSON_DEPTH:
            raise JsonInputError(_too_deep())
        stack.extend((child, depth + 1) for child in children)
