"""Spec values to JSON-ready dicts: the request-side hooks of `yoti_idv.conversion`.

One hook factory covers every spec class, by the wire shape its base class declares
(`yoti_idv.vocabulary.values`): plain object, ``{"type": TYPE, ...}`` or
``{"type": TYPE, "config": {...}}``. Per field: ``None`` means "not set" and is left out
(every Yoti SDK drops nulls), a field marked `omit_if_empty` is left out when empty, and
anything else is sent, ``False``, ``0`` and ``[]`` included (Go's ``omitempty`` drops those;
no other Yoti SDK does). Values become JSON types on the way: enums their value, tuples
lists, datetimes ISO 8601 with milliseconds and offset, nested specs by their own hook (so a
tuple of mixed check classes serializes each by its runtime class). The rare field whose JSON
key or value differs from that is marked with `yoti_idv.vocabulary.values.wire` metadata, and a
field marked `flatten` has its keys merged into the enclosing object.

This is not a converter-wide ``omit_if_default``: that would also drop values that are
required on the wire but happen to equal a default, such as ``max_retries: 1`` or
``locale: "en-GB"``.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import cattrs

from .values import (
    FLATTEN,
    OMIT_IF_EMPTY,
    TO_JSON,
    WIRE_NAME,
    SpecValue,
    TypedConfigSpecValue,
    TypedSpecValue,
)

__all__ = ["register_spec_hooks"]

UnstructureFn = Callable[[Any], dict[str, Any]]


def register_spec_hooks(conv: cattrs.Converter) -> None:
    """Teach `conv` to unstructure every spec value (`SpecValue` subclass) to its JSON."""
    conv.register_unstructure_hook_factory(
        _is_spec_class, lambda cls: _make_unstructure_fn(conv, cls)
    )


def _is_spec_class(type_: Any) -> bool:
    return isinstance(type_, type) and issubclass(type_, SpecValue)


def _make_unstructure_fn(conv: cattrs.Converter, cls: type[SpecValue]) -> UnstructureFn:
    if issubclass(cls, TypedSpecValue) and not hasattr(cls, "TYPE"):
        # An abstract base (RequestedCheck...) reached through a declared type, e.g.
        # unstructure_as=RequestedCheck: serialize the value by its own class.
        return lambda value: conv.unstructure(value, unstructure_as=type(value))

    def generic_to_json(value: Any) -> Any:
        return _to_json(conv, value)

    # (attribute, JSON key, omit when empty, flatten, value to JSON), worked out once per class.
    plan: list[tuple[str, str, bool, bool, Callable[[Any], Any]]] = [
        (
            field.name,
            field.metadata.get(WIRE_NAME, field.name),
            bool(field.metadata.get(OMIT_IF_EMPTY, False)),
            bool(field.metadata.get(FLATTEN, False)),
            field.metadata.get(TO_JSON, generic_to_json),
        )
        for field in attrs.fields(cls)
    ]

    def fields_to_json(value: Any) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for name, key, omit_when_empty, flattened, value_to_json in plan:
            field_value = getattr(value, name)
            if field_value is None or (omit_when_empty and not field_value):
                continue
            if flattened:
                result.update(value_to_json(field_value))
            else:
                result[key] = value_to_json(field_value)
        return result

    if issubclass(cls, TypedConfigSpecValue):
        type_tag = cls.TYPE

        def typed_config_to_json(value: Any) -> dict[str, Any]:
            return {"type": type_tag, "config": fields_to_json(value)}

        return typed_config_to_json
    if issubclass(cls, TypedSpecValue):
        type_tag = cls.TYPE

        def typed_to_json(value: Any) -> dict[str, Any]:
            return {"type": type_tag, **fields_to_json(value)}

        return typed_to_json
    return fields_to_json


def _to_json(conv: cattrs.Converter, value: Any) -> Any:
    # Enums first: a StrEnum member is also a str, but JSON wants the plain value.
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, SpecValue):
        return conv.unstructure(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="milliseconds")
    if isinstance(value, tuple | list):
        return [_to_json(conv, item) for item in value]
    if isinstance(value, Mapping):
        return {key: _to_json(conv, item) for key, item in value.items()}
    return value
