"""A compiled fast path for the common case, subordinate to cattrs: a well-formed JSON payload.

Why it exists, once: the reference parser is cattrs (see `structuring`), whose generated hooks
gather each object's fields into keyword arguments and call attrs' frozen ``__init__``, which
sets every field through ``object.__setattr__``. That alone misses the parsing target of
benchmarks item 2 (a session parsed in at most 0.2x the time Yoti's SDK takes); with this path
it is met. The figures are in benchmarks/README.md.

So, per model class, this module generates (once, on first use) a function that reads each
key, checks its JSON type inline, and sets the slot with a plain assignment on an object of
a builder subclass, which becomes the model's class at the end (`_builder_of`). Skipping
``__init__`` skips nothing: the models have no validators or converters.

One entry point, `FastPath.parse`, and one signal: on anything unusual it raises
`FastPathMismatch`, not a useful message; the caller then runs the cattrs hook, which builds
the same model or raises the detailed ``ClassValidationError``. The two paths are tested
against each other, on the fixtures and on random payloads.

What a function does per field is what costs, so the common cases are inline rather than
calls: dates (``fromisoformat``), lists of strings, lists of models and lists of a tagged
union (the tag's function looked up per item, no dispatcher call).
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
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
)
from ._unions import TaggedUnion

__all__ = ["FastPath", "FastPathMismatch", "keeps_raw"]

FastFunction = Callable[[Any], Any]
"""Takes a value (a dict, or it raises), returns a model or raises anything."""


class FastPathMismatch(Exception):
    """The fast path's one signal: not the common case; the cattrs hook tells what is wrong."""


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


class FastPath:
    """Compiles and keeps the fast function of each model class; `parse` runs one.

    `checked_hook` gives the converter's hook for a class (the cattrs path, which refuses
    non-objects and knows the special cases); the fast functions call it for the Unknown*
    classes. Anything that is not a dict makes a compiled function raise: the caller's cattrs
    hook then reads the whole object, and says what is wrong.
    """

    def __init__(
        self,
        checked_hook: Callable[[type[Any]], StructureHook],
        families: Iterable[TaggedUnion],
    ) -> None:
        self._checked_hook = checked_hook
        self._families = {family.base: family for family in families}
        self._functions: dict[type[Any], FastFunction] = {}

    def parse(self, cls: type[Any], value: Any) -> Any:
        """The model `cls` built from `value`, or `FastPathMismatch`: the one entry point.

        Any exception from a generated function means "not the common case" (a wrong type, a
        bad date, an unhashable tag, a refused Unknown* payload): all become the signal, and
        the caller's cattrs hook says what is wrong, if anything.
        """
        try:
            return self.function(cls)(value)
        except Exception:
            raise FastPathMismatch from None

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
        function_for_tag = self._function_for_tag(family)
        unknown_function = self._unknown_function(family)
        tag_name = family.tag_name

        def dispatch(value: Any) -> Any:
            # An unhashable tag raises TypeError here: the cattrs path reports it. A value
            # without ``get`` raises AttributeError: not a dict either.
            return (function_for_tag(value.get(tag_name)) or unknown_function)(value)

        return dispatch

    def _function_for_tag(self, family: TaggedUnion) -> Callable[[Any], FastFunction | None]:
        return {tag: self.function(member) for tag, member in family.tags.items()}.get

    def _unknown_function(self, family: TaggedUnion) -> FastFunction:
        unknown_hook = self._checked_hook(family.unknown)
        unknown = family.unknown

        def structure_unknown(value: Any) -> Any:
            # The hook the cattrs path calls for an unknown tag: the same model, or an error.
            return unknown_hook(value, unknown)

        return structure_unknown

    def _compile(self, cls: type[Any]) -> FastFunction:
        namespace: dict[str, Any] = {
            "__builder": _builder_of(cls),
            "__cls": cls,
            "__Mismatch": FastPathMismatch,
            "__missing": _MISSING,
            "__fromisoformat": datetime.fromisoformat,
            "__UTC": UTC,
        }
        # Dicts only: the items of a list come unchecked, and a Mapping that is not a dict
        # (never from JSON) is for the cattrs path.
        body = ["if o.__class__ is not dict: raise __Mismatch", "self = __builder()"]
        for index, field in enumerate(attrs.fields(attrs.resolve_types(cls))):
            _check_slot(cls, field.name)
            body += self._field_lines(index, field, namespace)
        # Every slot is set: the object becomes what it was built for, frozen.
        body += ["self.__class__ = __cls", "return self"]
        name = f"fast_{cls.__name__}"
        source = f"def {name}(o):\n" + "".join(f"    {line}\n" for line in body)
        code = compile(source, f"<yoti_idv fast path {cls.__module__}.{cls.__qualname__}>", "exec")
        exec(code, namespace)  # noqa: S102  (source built above from the class's own fields)
        function: FastFunction = namespace[name]
        return function

    def _field_lines(
        self, index: int, field: attrs.Attribute[Any], namespace: dict[str, Any]
    ) -> list[str]:
        """Read the key, convert the value and set ``self.<name>``."""
        convert, null_means_default = self._convert_lines(index, field, namespace)
        if null_means_default:
            # A missing key and null give the same (None, (), the container): one lookup.
            return [f"v = o.get({field.name!r})", *convert]
        default = field.default
        factory = factory_of(default)
        if default is attrs.NOTHING:
            when_missing = "raise __Mismatch"
        elif factory is not None:
            function, takes_self = factory
            if takes_self:
                # The factory is given the object, whose class is still the builder here
                # (``_wire_type_of`` reads the class): the cattrs path builds this rare case, a
                # member structured as its own class without its tag.
                when_missing = "raise __Mismatch"
            else:
                namespace[f"d{index}"] = function
                when_missing = f"self.{field.name} = d{index}()"
        else:
            namespace[f"d{index}"] = default
            when_missing = f"self.{field.name} = d{index}"
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
        """Lines that check and convert ``v`` and set the field; and whether null is default."""
        tp = field.type
        default = field.default
        target = f"self.{field.name}"
        if is_json_object_type(tp):
            return [
                "if v.__class__ is not dict and v is not None: raise __Mismatch",
                f"{target} = v",
            ], default is None
        value_type = mapping_value_of(tp)
        if value_type is not None:
            factory = factory_of(default)
            if factory is None or factory[0] is not dict:
                raise TypeError(f"a {tp!r} field must default to attrs.field(factory=dict)")
            # The same function as the cattrs path: null and a missing key give {}.
            namespace[f"m{index}"] = mapping_of(LEAF_HOOKS[value_type], value_type)
            return [f"{target} = m{index}(v, None)"], True
        optional = optional_of(tp)
        inner = optional if optional is not None else tp
        if inner in _MISFITS:
            # The usual value (of the right type) is decided on the first test.
            misfit = _MISFITS[inner]
            check = f"{misfit} and v is not None" if optional is not None else misfit
            return [f"if {check}: raise __Mismatch", f"{target} = v"], (
                optional is not None and default is None
            )
        if inner is datetime:
            # `structure_datetime`, inline (a session has a date on nearly every object); a
            # string that fromisoformat refuses raises here, and the cattrs path words the error.
            parse = [
                "if v.__class__ is not str: raise __Mismatch",
                "v = __fromisoformat(v)",
                "if v.tzinfo is None: v = v.replace(tzinfo=__UTC)",
            ]
            if optional is None:
                return [*parse, f"{target} = v"], False
            return [
                "if v is not None:",
                *(f"    {line}" for line in parse),
                f"{target} = v",
            ], default is None
        if inner in LEAF_HOOKS:  # float
            namespace[f"p{index}"] = LEAF_HOOKS[inner]
            if optional is None:
                return [f"{target} = p{index}(v, None)"], False
            return [f"{target} = None if v is None else p{index}(v, None)"], default is None
        element = tuple_element_of(tp)
        if element is not None:
            return self._tuple_lines(index, target, tp, element, namespace), default == ()
        if isinstance(inner, type) and attrs.has(inner):
            # The function refuses anything but a dict; the cattrs path then says what is wrong.
            namespace[f"f{index}"] = self.function(inner)
            if optional is not None:
                return [f"{target} = None if v is None else f{index}(v)"], default is None
            factory = factory_of(default)
            if factory is not None and not factory[1]:
                # A container that is never None (``session.resources``): null gives a new one.
                namespace[f"d{index}"] = factory[0]
                return [f"{target} = d{index}() if v is None else f{index}(v)"], True
            return [f"{target} = f{index}(v)"], False
        raise TypeError(f"no fast path for a model field of type {tp!r}")

    def _tuple_lines(
        self, index: int, target: str, tp: Any, element: Any, namespace: dict[str, Any]
    ) -> list[str]:
        """A JSON list to a tuple; null is empty, as in `tuple_of`."""
        if element is str:
            # `tuple_of_strings`, inline.
            convert = [
                "for x in v:",
                "    if x.__class__ is not str: raise __Mismatch",
                "v = tuple(v)",
            ]
        elif element in LEAF_HOOKS:
            namespace[f"t{index}"] = tuple_of(LEAF_HOOKS[element], element, tp)
            return [f"{target} = t{index}(v, None)"]
        elif element in self._families:
            # The dispatcher, inline: one call fewer per check (or resource, task ...).
            family = self._families[element]
            namespace[f"g{index}"] = self._function_for_tag(family)
            namespace[f"u{index}"] = self._unknown_function(family)
            tag = f"x.get({family.tag_name!r})"
            convert = [f"v = tuple([(g{index}({tag}) or u{index})(x) for x in v])"]
        else:
            # A comprehension, not map(): a call from Python code is cheaper than one from C.
            namespace[f"f{index}"] = self.function(element)
            convert = [f"v = tuple([f{index}(x) for x in v])"]
        return [
            "if v.__class__ is list:",
            # Empty lists are common (``details: []`` on every breakdown): no work for them.
            "    if v:",
            *(f"        {line}" for line in convert),
            "    else:",
            "        v = ()",
            "elif v is None:",
            "    v = ()",
            "else:",
            "    raise __Mismatch",
            f"{target} = v",
        ]


_BUILDERS: Final[dict[type[Any], type[Any]]] = {}


def _builder_of(cls: type[Any]) -> type[Any]:
    """A subclass of `cls` whose objects take plain attribute assignment, until finished.

    The models are frozen: their ``__setattr__`` raises. Setting a slot through its
    descriptor's ``__set__`` works, but costs a call per field (a method-wrapper, with its
    argument tuple). On an object whose class has ``object``'s own ``__setattr__`` and
    ``__delattr__`` (both fill one type slot), ``self.name = v`` is a single specialised
    instruction instead. So the fast function fills an object of this class, then sets its
    ``__class__`` to `cls`: CPython allows that since the subclass adds no slot and no
    ``__dict__``, and the result is exactly a `cls` object, as ``__init__`` would make it.
    Measured, that builds an object about twice as fast.

    One builder per class, for every converter. It is a real subclass, so it shows in
    ``cls.__subclasses__()``; the package never looks there, and no object of it ever
    leaves the fast function. CPython raises an ``object.__setattr__`` audit event for each
    ``__class__`` assignment (nothing runs unless a program installs an audit hook).
    """
    builder = _BUILDERS.get(cls)
    if builder is None:
        namespace: dict[str, Any] = {
            "__slots__": (),
            "__setattr__": object.__setattr__,
            "__delattr__": object.__delattr__,
            # ``__builder()`` then skips the model's ``__init__``, cheaper than object.__new__.
            "__init__": object.__init__,
            "__module__": cls.__module__,
            "__qualname__": f"{cls.__qualname__}.<fast path builder>",
        }
        # new_class: with the model's own metaclass, whatever it is.
        builder = types.new_class(cls.__name__, (cls,), exec_body=lambda ns: ns.update(namespace))
        _BUILDERS[cls] = builder
    return builder


def _check_slot(cls: type[Any], name: str) -> None:
    if not isinstance(getattr(cls, name, None), types.MemberDescriptorType):
        raise TypeError(f"{cls.__qualname__}.{name} is not a slot; models must be slotted")
