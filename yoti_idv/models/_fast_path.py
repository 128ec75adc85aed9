"""A compiled fast path for the common case: a well-formed JSON payload.

The reference parser is cattrs (see `_structuring`). Its generated hooks gather each
object's fields into a dict of keyword arguments and call attrs' frozen ``__init__``, which
sets every field through ``object.__setattr__``; measured, that costs about 2.5 times what
reading the dict and setting the slots directly costs, and made parsing a session about
five times ``json.loads``.

So, per model class, this module generates (once, on first use) a function that reads each
key, checks its JSON type inline, and sets the slot through its descriptor. Skipping
``__init__`` skips nothing: the models have no validators or converters. The function
raises on anything unusual, not with a useful message but as a signal: the caller then runs
the cattrs hook, which builds the same model or raises the detailed ``ClassValidationError``.
The two paths are tested against each other, on the fixtures and on random payloads.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterable
from typing import Any, Final

import attrs

from ._json_rules import (
    LEAF_HOOKS,
    StructureHook,
    factory_of,
    is_json_object_type,
    mapping_of,
    mapping_value_of,
    optional_of,
    tuple_element_of,
    tuple_of,
    tuple_of_strings,
)
from ._unions import TaggedUnion

__all__ = ["FastFunction", "FastPathCompiler"]

FastFunction = Callable[[Any], Any]
"""Takes a dict (the caller checks), returns a model or raises anything."""


class _Mismatch(Exception):
    """Not the common case; the cattrs hook will tell what is wrong, if anything."""


_MISSING: Final = object()

# Inline JSON type checks on `v`, true when the value does not fit.
_MISFITS: Final = {
    str: "v.__class__ is not str",
    int: "v.__class__ is not int",  # bool is not an int in JSON
    bool: "v is not True and v is not False",
}


def keeps_raw(cls: type[Any]) -> bool:
    """The Unknown* classes: a ``raw`` field that holds the whole payload."""
    return any(field.name == "raw" for field in attrs.fields(cls))


class FastPathCompiler:
    """Compiles and keeps the fast function of each model class.

    `checked_hook` gives the converter's hook for a class (the cattrs path, which refuses
    non-objects and knows the special cases); the fast functions call it for anything that
    is not a dict, and for the Unknown* classes.
    """

    def __init__(
        self,
        checked_hook: Callable[[type[Any]], StructureHook],
        families: Iterable[TaggedUnion],
    ) -> None:
        self._checked_hook = checked_hook
        self._families = {family.base: family for family in families}
        self._functions: dict[type[Any], FastFunction] = {}

    def function(self, cls: type[Any]) -> FastFunction:
        """The fast function for `cls`: the member's for a family base, cattrs' for Unknown*."""
        if cls not in self._functions:
            if cls in self._families:
                self._functions[cls] = self._dispatcher(self._families[cls])
            elif keeps_raw(cls):
                checked = self._checked_hook(cls)
                self._functions[cls] = lambda value: checked(value, cls)
            else:
                self._functions[cls] = self._compile(cls)
        return self._functions[cls]

    def _dispatcher(self, family: TaggedUnion) -> FastFunction:
        by_tag = {tag: self.function(member) for tag, member in family.tags.items()}
        unknown_hook = self._checked_hook(family.unknown)
        function_for_tag = by_tag.get
        tag_name = family.tag_name
        unknown = family.unknown

        def dispatch(value: Any) -> Any:
            # An unhashable tag raises TypeError here: the cattrs path reports it.
            function = function_for_tag(value.get(tag_name))
            return unknown_hook(value, unknown) if function is None else function(value)

        return dispatch

    def _compile(self, cls: type[Any]) -> FastFunction:
        namespace: dict[str, Any] = {
            "__new": object.__new__,
            "__cls": cls,
            "__Mismatch": _Mismatch,
            "__missing": _MISSING,
        }
        body = ["self = __new(__cls)"]
        for index, field in enumerate(attrs.fields(attrs.resolve_types(cls))):
            namespace[f"set{index}"] = _slot_setter(cls, field.name)
            body += self._field_lines(index, field, namespace)
        body.append("return self")
        name = f"fast_{cls.__name__}"
        source = f"def {name}(o):\n" + "".join(f"    {line}\n" for line in body)
        code = compile(source, f"<yoti_idv fast path {cls.__module__}.{cls.__qualname__}>", "exec")
        exec(code, namespace)  # noqa: S102  (source built above from the class's own fields)
        function: FastFunction = namespace[name]
        return function

    def _field_lines(
        self, index: int, field: attrs.Attribute[Any], namespace: dict[str, Any]
    ) -> list[str]:
        """Read the key, convert the value to ``set{index}(self, ...)``."""
        convert, null_means_default = self._convert_lines(index, field, namespace)
        if null_means_default:
            # A missing key and null give the same (None, (), the container): one lookup.
            return [f"v = o.get({field.name!r})", *convert]
        default = field.default
        factory = factory_of(default)
        if default is attrs.NOTHING:
            when_missing = "raise __Mismatch"
        elif factory is not None:
            namespace[f"d{index}"], takes_self = factory
            when_missing = f"set{index}(self, d{index}({'self' if takes_self else ''}))"
        else:
            namespace[f"d{index}"] = default
            when_missing = f"set{index}(self, d{index})"
        return [
            f"v = o.get({field.name!r}, __missing)",
            "if v is __missing:",
            f"    {when_missing}",
            "else:",
            *(f"    {line}" for line in convert),
        ]

    def _convert_lines(
        self, index: int, field: attrs.Attribute[Any], namespace: dict[str, Any]
    ) -> tuple[list[str], bool]:
        tp = field.type
        default = field.default
        setter = f"set{index}"
        if is_json_object_type(tp):
            return [
                "if v is not None and v.__class__ is not dict: raise __Mismatch",
                f"{setter}(self, v)",
            ], default is None
        value_type = mapping_value_of(tp)
        if value_type is not None:
            factory = factory_of(default)
            if factory is None or factory[0] is not dict:
                raise TypeError(f"a {tp!r} field must default to attrs.field(factory=dict)")
            # The same function as the cattrs path: null and a missing key give {}.
            namespace[f"m{index}"] = mapping_of(LEAF_HOOKS[value_type], value_type)
            return [f"{setter}(self, m{index}(v, None))"], True
        optional = optional_of(tp)
        inner = optional if optional is not None else tp
        if inner in _MISFITS:
            misfit = _MISFITS[inner]
            check = f"v is not None and ({misfit})" if optional is not None else misfit
            return [f"if {check}: raise __Mismatch", f"{setter}(self, v)"], (
                optional is not None and default is None
            )
        if inner in LEAF_HOOKS:  # datetime
            namespace[f"p{index}"] = LEAF_HOOKS[inner]
            if optional is None:
                return [f"{setter}(self, p{index}(v, None))"], False
            return [f"{setter}(self, None if v is None else p{index}(v, None))"], default is None
        element = tuple_element_of(tp)
        if element is not None:
            return self._tuple_lines(index, tp, element, namespace), default == ()
        if isinstance(inner, type) and attrs.has(inner):
            namespace[f"f{index}"] = self.function(inner)
            namespace[f"c{index}"] = self._checked_hook(inner)
            namespace[f"T{index}"] = inner
            structure = f"f{index}(v) if v.__class__ is dict else c{index}(v, T{index})"
            if optional is not None:
                return [f"{setter}(self, None if v is None else {structure})"], default is None
            factory = factory_of(default)
            if factory is not None and not factory[1]:
                # A container that is never None (``session.resources``): null gives a new one.
                namespace[f"d{index}"] = factory[0]
                return [f"{setter}(self, d{index}() if v is None else {structure})"], True
            return [f"{setter}(self, {structure})"], False
        raise TypeError(f"no fast path for a model field of type {tp!r}")

    def _tuple_lines(
        self, index: int, tp: Any, element: Any, namespace: dict[str, Any]
    ) -> list[str]:
        setter = f"set{index}"
        if element is str:
            namespace[f"t{index}"] = tuple_of_strings
            return [f"{setter}(self, () if v is None else t{index}(v, None))"]
        if element in LEAF_HOOKS:
            namespace[f"t{index}"] = tuple_of(LEAF_HOOKS[element], element, tp)
            return [f"{setter}(self, t{index}(v, None))"]
        namespace[f"t{index}"] = self._tuple_function(element)
        # Empty lists are common (``details: []`` on every breakdown): no call for them.
        empty = "v is None or v.__class__ is list and not v"
        return [f"{setter}(self, () if {empty} else t{index}(v))"]

    def _tuple_function(self, element: type[Any]) -> FastFunction:
        structure_fast = self.function(element)
        checked = self._checked_hook(element)

        def structure_tuple(value: Any) -> tuple[Any, ...]:
            if value.__class__ is not list:
                raise _Mismatch
            return tuple(
                [
                    structure_fast(item) if item.__class__ is dict else checked(item, element)
                    for item in value
                ]
            )

        return structure_tuple


def _slot_setter(cls: type[Any], name: str) -> Callable[[Any, Any], None]:
    descriptor = getattr(cls, name, None)
    if not isinstance(descriptor, types.MemberDescriptorType):
        raise TypeError(f"{cls.__qualname__}.{name} is not a slot; models must be slotted")
    return descriptor.__set__
