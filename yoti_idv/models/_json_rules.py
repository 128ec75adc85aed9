"""What JSON a model field accepts, by the field's type: the leaf checks both parsers share.

Forgiving about presence (``null`` means absent), strict about types: a string field takes
only a string, an int field only an int (not a bool, not ``"12"``), a float field any JSON
number (not a bool), a list field only a list, a ``Mapping[str, int]`` field only an object
of ints, a date only a valid ISO 8601 string. Errors name the JSON type that came, never the
value, which may be personal data or a token.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, Final

import attrs
from cattrs.errors import IterableValidationError, IterableValidationNote

StructureHook = Callable[[Any, Any], Any]
UnstructureHook = Callable[[Any], Any]

_NONE_TYPE: Final = type(None)


_FACTORY_CLASS: Final[type[Any]] = type(attrs.Factory(list))


# --- reading a field's type -------------------------------------------------------------------


def optional_of(tp: Any) -> Any:
    """``X`` for ``X | None``, else None."""
    if typing.get_origin(tp) in (types.UnionType, typing.Union):
        args = typing.get_args(tp)
        if len(args) == 2 and _NONE_TYPE in args:
            return args[0] if args[1] is _NONE_TYPE else args[1]
    return None


def tuple_element_of(tp: Any) -> Any:
    """``X`` for ``tuple[X, ...]``, else None."""
    if typing.get_origin(tp) is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return args[0]
    return None


def factory_of(default: object) -> tuple[Callable[..., Any], bool] | None:
    """``(factory, takes_self)`` when an attrs default is an ``attrs.Factory``, else None."""
    if isinstance(default, _FACTORY_CLASS):
        return default.factory, default.takes_self
    return None


def mapping_value_of(tp: Any) -> Any:
    """``X`` for ``Mapping[str, X]`` with `X` a leaf type (``int`` ...), else None."""
    if typing.get_origin(tp) is Mapping:
        args = typing.get_args(tp)
        if len(args) == 2 and args[0] is str and args[1] in LEAF_HOOKS:
            return args[1]
    return None


def is_json_object_type(tp: Any) -> bool:
    """``Mapping[str, Any]``, with or without ``| None``: a JSON object kept as it came."""
    tp = optional_of(tp) or tp
    return typing.get_origin(tp) is Mapping and typing.get_args(tp) == (str, Any)


# --- leaves -----------------------------------------------------------------------------------


def structure_str(value: Any, _: Any) -> str:
    if value.__class__ is str or isinstance(value, str):
        return value
    raise wrong_type(value, "a string")


def structure_optional_str(value: Any, _: Any) -> str | None:
    if value is None or value.__class__ is str or isinstance(value, str):
        return value
    raise wrong_type(value, "a string")


def structure_int(value: Any, _: Any) -> int:
    # bool is an int in Python but never in JSON; "12" or 12.0 for an int is a bug upstream.
    if value.__class__ is int:
        return value
    raise wrong_type(value, "an integer")


def structure_optional_int(value: Any, _: Any) -> int | None:
    return None if value is None else structure_int(value, int)


def structure_float(value: Any, _: Any) -> float:
    # Any JSON number: 51 and 51.0 are both a latitude. Always a float, so that both parsers
    # give the same model (and repr).
    if value.__class__ is float:
        return value
    if value.__class__ is int:
        return float(value)
    raise wrong_type(value, "a number")


def structure_optional_float(value: Any, _: Any) -> float | None:
    return None if value is None else structure_float(value, float)


def structure_bool(value: Any, _: Any) -> bool:
    if value is True or value is False:
        return value
    raise wrong_type(value, "a boolean")


def structure_optional_bool(value: Any, _: Any) -> bool | None:
    return None if value is None else structure_bool(value, bool)


def structure_datetime(value: Any, _: Any) -> datetime:
    # `_fast_path` inlines this for date fields (tested against it): change both together.
    if value.__class__ is not str and not isinstance(value, str):
        raise wrong_type(value, "an ISO 8601 date-time string")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        # fromisoformat's message repeats the value; payload values stay out of errors.
        raise ValueError("expected an ISO 8601 date-time string") from None
    # Yoti's dates are UTC ("...Z"); one without an offset is read as UTC, never left naive.
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def structure_optional_datetime(value: Any, _: Any) -> datetime | None:
    return None if value is None else structure_datetime(value, datetime)


def structure_json_object(value: Any, _: Any) -> Mapping[str, Any] | None:
    if value is None or value.__class__ is dict or isinstance(value, Mapping):
        return value
    raise wrong_type(value, "a JSON object")


LEAF_HOOKS: Final[Mapping[Any, StructureHook]] = {
    str: structure_str,
    int: structure_int,
    float: structure_float,
    bool: structure_bool,
    datetime: structure_datetime,
}
OPTIONAL_LEAF_HOOKS: Final[Mapping[Any, StructureHook]] = {
    str: structure_optional_str,
    int: structure_optional_int,
    float: structure_optional_float,
    bool: structure_optional_bool,
    datetime: structure_optional_datetime,
}


# --- lists ------------------------------------------------------------------------------------


def list_or_empty(value: Any) -> list[Any] | tuple[Any, ...]:
    """`value` as the items of a JSON list: null is none, as Yoti's SDKs read it."""
    if value.__class__ is list:
        return value
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        # A string or an object is iterable too; iterating it would be a wrong model.
        raise wrong_type(value, "a list")
    return value


def tuple_of(element_hook: StructureHook, element: Any, tp: Any) -> StructureHook:
    """A list of `element`; null is an empty tuple, as Yoti's SDKs read it."""

    def structure_tuple(value: Any, _: Any) -> tuple[Any, ...]:
        value = list_or_empty(value)
        if not value:
            return ()
        try:
            return tuple([element_hook(item, element) for item in value])
        except Exception:
            raise iterable_error(value, element_hook, element, tp) from None

    return structure_tuple


def tuple_of_strings(value: Any, _: Any) -> tuple[str, ...]:
    # `_fast_path` inlines this too (tested against it): change both together.
    value = list_or_empty(value)
    for item in value:
        if item.__class__ is not str and not isinstance(item, str):
            raise iterable_error(value, structure_str, str, tuple[str, ...])
    return tuple(value)


def iterable_error(
    value: list[Any] | tuple[Any, ...], element_hook: StructureHook, element: Any, tp: Any
) -> IterableValidationError:
    """Run each element again to collect every failure, each noted with its index."""
    errors: list[Exception] = []
    for index, item in enumerate(value):
        try:
            element_hook(item, element)
        except Exception as exc:
            note = IterableValidationNote(f"Structuring {tp!r} @ index {index}", index, element)
            exc.__notes__ = [*getattr(exc, "__notes__", []), note]
            errors.append(exc)
    return IterableValidationError(f"While structuring {tp!r}", errors, tp)


# --- objects of leaves -------------------------------------------------------------------------


def mapping_of(value_hook: StructureHook, value_type: Any) -> StructureHook:
    """A JSON object whose values are all `value_type` (``{"RECLASSIFICATION": 2}``).

    Null is an empty dict. A bad value fails the whole field, without naming the key: keys
    are data too.
    """
    expected = f"a JSON object of {_LEAF_NAMES.get(value_type, 'values')}"

    def structure_mapping(value: Any, _: Any) -> dict[str, Any]:
        if value.__class__ is not dict:
            if value is None:
                return {}
            if not isinstance(value, Mapping):
                raise wrong_type(value, expected)
        result: dict[str, Any] = {}
        for key, item in value.items():
            if key.__class__ is not str and not isinstance(key, str):
                raise TypeError(f"expected {expected}, got a key that is not a string")
            try:
                result[key] = value_hook(item, value_type)
            except (TypeError, ValueError):
                raise TypeError(f"expected {expected}, got {json_kind(item)}") from None
        return result

    return structure_mapping


_LEAF_NAMES: Final[Mapping[Any, str]] = {
    str: "strings",
    int: "integers",
    float: "numbers",
    bool: "booleans",
    datetime: "ISO 8601 date-time strings",
}


# --- the way back -----------------------------------------------------------------------------


def identity(value: Any) -> Any:
    return value


def format_datetime(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


# --- errors -----------------------------------------------------------------------------------


def wrong_type(value: Any, expected: str) -> TypeError:
    return TypeError(f"expected {expected}, got {json_kind(value)}")


def not_an_object(value: Any, cls: type[Any]) -> TypeError:
    return TypeError(f"expected a JSON object for {cls.__name__}, got {json_kind(value)}")


def json_kind(value: Any) -> str:
    """The JSON type of `value`, for messages that must not show the value itself."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__
