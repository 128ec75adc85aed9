"""Validators and converters shared by the spec classes.

Every failure is a `SpecValidationError` whose ``field`` is the dotted path of the field
(see `SpecValue._FIELD_PATH_PREFIX`) and whose message shows the bad value, except for
secrets, whose type alone is shown. Nothing here lets a TypeError or AttributeError out:
the values come straight from callers and from builders that pass them on untouched.

attrs validators (``(instance, attribute, value)``) learn the field from ``attribute``.
attrs converters do not, and mypy only types converters that are named functions, so each
spec module wraps the ``to_*`` helpers below in small named converters that spell out their
field path.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Final, TypeGuard, TypeVar

import attrs

from yoti_idv.errors import SpecValidationError

from .iso3166 import ISO_3166_ALPHA_3_CODES
from .rules import HEX_COLOUR_PATTERN, LOCALE_PATTERN, RELATIVE_URL_PATTERN, WEB_URL_PATTERN

__all__ = [
    "Validator",
    "check_country_code",
    "check_non_blank_str",
    "check_text",
    "country_code",
    "describe",
    "email_address",
    "field_path",
    "hex_colour",
    "instance_of",
    "int_at_least",
    "is_strict_int",
    "locale_tag",
    "media_type",
    "non_blank_str",
    "optional",
    "strict_bool",
    "to_aware_datetime",
    "to_enum",
    "to_float_in_range",
    "to_json_object",
    "to_optional_enum",
    "to_tuple",
    "web_or_relative_url",
    "web_url",
]

E = TypeVar("E", bound=enum.Enum)

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]

_MAX_SHOWN = 80

_EMAIL_PATTERN: Final = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_MEDIA_TYPE_PATTERN: Final = re.compile(r"[A-Za-z0-9][\w.+-]*/[A-Za-z0-9][\w.+-]*")
_MAX_JSON_DEPTH: Final = 32
_MAX_JSON_INT: Final = 2**63 - 1


def check_text(field: str, value: object, depth: int = 0) -> None:
    """Refuse a str with a lone surrogate, in `value` or in the collections it holds.

    Nested spec values are left alone: each checked its own fields when it was made.
    """
    if isinstance(value, str):
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise SpecValidationError(
                    field,
                    f"holds a lone surrogate ({value[exc.start]!r} at index {exc.start}), "
                    "which is not text and cannot be sent as UTF-8",
                ) from None
    elif depth > _MAX_JSON_DEPTH:
        return
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            check_text(f"{field}[{index}]", item, depth + 1)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            check_text(f"{field} (a key)", key, depth + 1)
            check_text(f"{field}.{key}", item, depth + 1)


def describe(value: object) -> str:
    """A short rendering of a bad value for an error message."""
    try:
        text = repr(value)
    except Exception:  # a broken __repr__, or an int too long to print (Python 3.11+)
        text = f"<{type(value).__name__} that cannot be shown>"
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 3] + "..."


def field_path(instance: object, attribute: attrs.Attribute[Any]) -> str:
    """The dotted name of `attribute` of `instance` for a `SpecValidationError`."""
    prefix: str = getattr(type(instance), "_FIELD_PATH_PREFIX", "")
    return prefix + attribute.name


def is_strict_int(value: object) -> TypeGuard[int]:
    """An int that is not a bool (bool is an int subclass, but True is no TTL or count)."""
    return isinstance(value, int) and not isinstance(value, bool)


# --- validators ---------------------------------------------------------------------------


def optional(validator: Validator) -> Validator:
    """`validator`, skipped when the value is None (the field is not set)."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            validator(instance, attribute, value)

    return check


def int_at_least(minimum: int) -> Validator:
    """An int (not a bool) of at least `minimum`."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not is_strict_int(value) or value < minimum:
            raise SpecValidationError(
                field_path(instance, attribute),
                f"must be an int >= {minimum}, got {describe(value)}",
            )

    return check


def strict_bool(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """True or False, not a truthy stand-in such as 1 or "true"."""
    if not isinstance(value, bool):
        raise SpecValidationError(
            field_path(instance, attribute), f"must be a bool, got {describe(value)}"
        )


def check_non_blank_str(field: str, value: object) -> None:
    """A str with something other than whitespace in it."""
    if not isinstance(value, str) or not value.strip():
        raise SpecValidationError(field, f"must be a non-blank str, got {describe(value)}")


def non_blank_str(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator form of `check_non_blank_str`."""
    check_non_blank_str(field_path(instance, attribute), value)


def hex_colour(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """``#rgb`` or ``#rrggbb``."""
    if not isinstance(value, str) or not HEX_COLOUR_PATTERN.fullmatch(value):
        raise SpecValidationError(
            field_path(instance, attribute),
            f"must be a hex colour such as '#2d9fff' or '#fff', got {describe(value)}",
        )


def locale_tag(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A language tag such as ``en-GB`` (or ``fr_FR``)."""
    if not isinstance(value, str) or not LOCALE_PATTERN.fullmatch(value):
        raise SpecValidationError(
            field_path(instance, attribute),
            f"must be a language tag such as 'en-GB', got {describe(value)}",
        )


def check_country_code(field: str, value: object) -> None:
    """An upper-case ISO 3166-1 alpha-3 code that exists (``GBR``, not ``gbr`` or ``UK``)."""
    if not isinstance(value, str) or value not in ISO_3166_ALPHA_3_CODES:
        raise SpecValidationError(
            field,
            f"must be an ISO 3166-1 alpha-3 country code such as 'GBR', got {describe(value)}",
        )


def country_code(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator form of `check_country_code`."""
    check_country_code(field_path(instance, attribute), value)


def web_or_relative_url(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An absolute http(s) URL, or a path such as ``/success`` (Yoti's node example uses one)."""
    if not isinstance(value, str) or not (
        WEB_URL_PATTERN.fullmatch(value) or RELATIVE_URL_PATTERN.fullmatch(value)
    ):
        raise SpecValidationError(
            field_path(instance, attribute),
            "must be an http(s) URL or a path starting with '/', without whitespace, "
            f"got {describe(value)}",
        )


def web_url(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An absolute http(s) URL (a server must be able to reach it)."""
    if not isinstance(value, str) or not WEB_URL_PATTERN.fullmatch(value):
        raise SpecValidationError(
            field_path(instance, attribute),
            f"must be an absolute http(s) URL without whitespace, got {describe(value)}",
        )


def email_address(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Something that looks like an email address (``name@example.com``)."""
    if not isinstance(value, str) or not _EMAIL_PATTERN.fullmatch(value):
        raise SpecValidationError(
            field_path(instance, attribute),
            f"must be an email address such as 'name@example.com', got {describe(value)}",
        )


def media_type(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A media (MIME) type such as ``image/jpeg``."""
    if not isinstance(value, str) or not _MEDIA_TYPE_PATTERN.fullmatch(value):
        raise SpecValidationError(
            field_path(instance, attribute),
            f"must be a media type such as 'image/jpeg', got {describe(value)}",
        )


def instance_of(cls: type[Any], hint: str) -> Validator:
    """An instance of `cls`; `hint` tells how to make one (e.g. which builder)."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, cls):
            raise SpecValidationError(
                field_path(instance, attribute),
                f"must be a {cls.__name__} ({hint}), got {describe(value)}",
            )

    return check


# --- converter helpers --------------------------------------------------------------------


def to_enum(enum_cls: type[E], value: object, field: str, *, ignore_case: bool = False) -> E:
    """`value` as a member of `enum_cls`: a member, or its exact string value.

    With `ignore_case`, ASCII strings match whatever their case (notification topics are
    lower case in Yoti's docs and payloads).
    """
    if isinstance(value, enum_cls):
        return value
    if isinstance(value, str):
        wanted = value.upper() if ignore_case and value.isascii() else value
        for member in enum_cls:
            if member.value == wanted:
                return member
    choices = ", ".join(str(member.value) for member in enum_cls)
    raise SpecValidationError(field, f"must be one of {choices}, got {describe(value)}")


def to_optional_enum(
    enum_cls: type[E], value: object, field: str, *, ignore_case: bool = False
) -> E | None:
    """Like `to_enum`, with None for "not set"."""
    if value is None:
        return None
    return to_enum(enum_cls, value, field, ignore_case=ignore_case)


def to_tuple(value: object, field: str) -> tuple[Any, ...]:
    """A list, tuple or other iterable as a tuple; a str or mapping is refused, not split."""
    if isinstance(value, str | bytes | bytearray | Mapping) or not isinstance(value, Iterable):
        raise SpecValidationError(field, f"must be a list, got {describe(value)}")
    return tuple(value)


def to_aware_datetime(value: object, field: str) -> dt.datetime:
    """A timezone-aware datetime, or an ISO 8601 string with an offset that parses to one."""
    parsed = value
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            raise SpecValidationError(
                field, f"must be an ISO 8601 date-time with an offset, got {describe(value)}"
            ) from None
    if not isinstance(parsed, dt.datetime):
        raise SpecValidationError(
            field, f"must be a timezone-aware datetime, got {describe(value)}"
        )
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise SpecValidationError(
            field,
            "must be timezone-aware (a naive time is ambiguous; use e.g. "
            f"datetime.now(timezone.utc)), got {describe(value)}",
        )
    return parsed


def to_float_in_range(value: object, field: str, low: float, high: float) -> float:
    """A number (int or float, not a bool, not NaN) from `low` to `high` inclusive, as a float."""
    # An int is compared as an int first: float() of a huge one would overflow.
    if is_strict_int(value) and low <= value <= high:
        return float(value)
    if isinstance(value, float) and math.isfinite(value) and low <= value <= high:
        return value
    raise SpecValidationError(
        field, f"must be a number from {low} to {high}, got {describe(value)}"
    )


def to_json_object(value: object, field: str) -> Mapping[str, Any]:
    """A free-form JSON object (``document_fields``, an applicant profile), deep-copied into
    read-only, hashable mappings and tuples, so the frozen spec that holds it stays a value.

    Keys are strings; values are None, bools, ints (64-bit), finite floats, strings, lists
    and objects of those. Anything else (a set, bytes, a datetime, NaN) is refused here
    rather than failing, or being sent as invalid JSON, at request time.
    """
    if not isinstance(value, Mapping):
        raise SpecValidationError(
            field, f"must be a JSON object (a dict with str keys), got {describe(value)}"
        )
    frozen: Mapping[str, Any] = _freeze_json(value, field, 0)
    return frozen


class _JsonObject(Mapping[str, Any]):
    """A read-only, hashable JSON object, so a spec holding one stays a frozen value."""

    __slots__ = ("_items",)

    def __init__(self, items: dict[str, Any]) -> None:
        self._items = items

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __repr__(self) -> str:
        return repr(self._items)


def _freeze_json(value: object, field: str, depth: int) -> Any:
    if depth > _MAX_JSON_DEPTH:
        raise SpecValidationError(field, f"nests deeper than {_MAX_JSON_DEPTH} levels")
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        if abs(value) > _MAX_JSON_INT:
            raise SpecValidationError(field, f"is an int beyond 64 bits: {describe(value)}")
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise SpecValidationError(field, f"must be a finite number, got {describe(value)}")
        return value
    if isinstance(value, Mapping):
        items = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise SpecValidationError(field, f"has a key that is not a str: {describe(key)}")
            items[key] = _freeze_json(item, f"{field}.{key}", depth + 1)
        return _JsonObject(items)
    if isinstance(value, list | tuple):
        return tuple(
            _freeze_json(item, f"{field}[{index}]", depth + 1) for index, item in enumerate(value)
        )
    raise SpecValidationError(
        field,
        "must hold only JSON values (None, bool, int, float, str, lists and dicts), "
        f"got {describe(value)}",
    )
