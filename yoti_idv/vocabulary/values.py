"""The three shapes every request-side value takes on the wire, as base classes.

* `SpecValue`: a JSON object of its fields (``sdk_config``, ``notifications``, the session).
* `TypedSpecValue`: the same object led by ``"type": TYPE`` (required documents, filters,
  objectives).
* `TypedConfigSpecValue`: ``{"type": TYPE, "config": {<fields>}}`` (requested checks and
  tasks).

A new check type is one small subclass of `RequestedCheck` with a ``TYPE`` and its config
fields, plus a builder: `yoti_idv.vocabulary.serialization` turns any of these shapes into JSON
without being told about the new class. Field by field, ``None`` means "not set" and is
never sent; a collection field marked with `omit_if_empty` is also left out when empty,
and a field marked with `flatten` has its own JSON object's keys merged into the object
that holds it (serde's ``flatten``), for a config that is itself polymorphic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Final

import attrs

from .validators import check_text, field_path

__all__ = [
    "FLATTEN",
    "OMIT_IF_EMPTY",
    "TO_JSON",
    "WIRE_NAME",
    "SpecValue",
    "TypedConfigSpecValue",
    "TypedSpecValue",
    "flatten",
    "omit_if_empty",
    "wire",
]

OMIT_IF_EMPTY: Final = "yoti_idv.specs.omit_if_empty"
"""attrs field-metadata key: leave the field out of the JSON when it is an empty collection."""


FLATTEN: Final = "yoti_idv.specs.flatten"
"""attrs field-metadata key: merge the field's JSON object into the enclosing object instead
of sending it under its own key (``WATCHLIST_ADVANCED_CA``'s config is one such object)."""

WIRE_NAME: Final = "yoti_idv.specs.wire_name"
"""attrs field-metadata key: the JSON key, when it is not the attribute name."""

TO_JSON: Final = "yoti_idv.specs.to_json"
"""attrs field-metadata key: a function giving the field's JSON when the generic rules
(enums to values, tuples to lists, ...) do not; e.g. pairs sent as a JSON object."""


def omit_if_empty() -> dict[str, bool]:
    """Field metadata for a collection that is not sent when empty."""
    return {OMIT_IF_EMPTY: True}


def flatten() -> dict[str, bool]:
    """Field metadata for a spec value whose keys are sent in the enclosing object."""
    return {FLATTEN: True}


def wire(name: str | None = None, to_json: Callable[[Any], Any] | None = None) -> dict[str, Any]:
    """Field metadata for a field whose JSON key or JSON value is not the generic one."""
    metadata: dict[str, Any] = {}
    if name is not None:
        metadata[WIRE_NAME] = name
    if to_json is not None:
        metadata[TO_JSON] = to_json
    return metadata


@attrs.frozen(kw_only=True)
class SpecValue:
    """Base of every request-side value: frozen, validated on construction, JSON by cattrs."""

    _FIELD_PATH_PREFIX: ClassVar[str] = ""
    """Prepended to attribute names in `SpecValidationError.field`: the key under which this
    object sits in the session spec when that place is fixed (``"sdk_config."``), the
    ``"config."`` wrapper for checks and tasks, or nothing when the path is relative to the
    object itself (a check's index in ``requested_checks`` is unknown when it is built)."""

    def __attrs_post_init__(self) -> None:
        # Every string of a spec ends up in a UTF-8 JSON body. A lone surrogate ("\ud800",
        # what a bad decode with errors="surrogateescape" leaves) has no UTF-8 form: refuse
        # it here, naming the field, not at send time with a UnicodeEncodeError.
        for attribute in attrs.fields(type(self)):
            check_text(field_path(self, attribute), getattr(self, attribute.name))


@attrs.frozen(kw_only=True)
class TypedSpecValue(SpecValue):
    """A value sent as ``{"type": TYPE, <fields>}``."""

    TYPE: ClassVar[str]
    """The wire value of ``"type"``; every concrete subclass sets it."""

    def __attrs_pre_init__(self) -> None:
        # The bases (RequestedCheck, RequiredDocument...) have no TYPE and no JSON of their
        # own; making one is a programming error, like instantiating an abstract class.
        if not hasattr(type(self), "TYPE"):
            raise TypeError(
                f"{type(self).__name__} is a base class without a TYPE: use one of its "
                "subclasses, or subclass it with a TYPE of your own"
            )


@attrs.frozen(kw_only=True)
class TypedConfigSpecValue(TypedSpecValue):
    """A value sent as ``{"type": TYPE, "config": {<fields>}}``: requested checks and tasks."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "config."
