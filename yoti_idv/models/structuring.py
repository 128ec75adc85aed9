"""How response JSON becomes models (and back): the hooks `register_model_hooks` installs.

The rules, for every class in `yoti_idv.models`:

* Forgiving about *presence*: unknown keys are ignored; a missing key takes the field's
  default (None, an empty tuple, an empty container); ``null`` is accepted everywhere and
  means "absent" (None for optional fields, ``()`` for lists, the default otherwise).
* Strict about *types* (`_json_rules`): a string field takes only a string, an int field
  only an int, a list field only a list, an object field only a JSON object, a date only a
  valid ISO 8601 string. cattrs' defaults would turn ``["a"]`` into the string ``"['a']"``
  or a string into a tuple of its characters: a silent wrong model.
* Polymorphic objects go through cattrs' tagged-union strategy (`_unions`): checks, tasks,
  generated checks, required resources and branches by ``type``, liveness resources and
  liveness requirements by ``liveness_type``. The tag stays in the member's own field, and an
  unknown tag (or none) gives the `Unknown*` class, which keeps the raw payload.
* `TrackedDevices` is the one model whose JSON is an array, not an object.

Every failure surfaces as one exception class: structuring any model class raises
`cattrs.ClassValidationError` (a `cattrs.BaseValidationError`, itself an `ExceptionGroup`)
and nothing else; `STRUCTURING_ERRORS` is that set, for ``except`` clauses. Its messages and
notes name classes, attributes and indexes (``cattrs.transform_error`` renders them as paths
such as ``$.checks[1].report``) but never the offending value.

The hooks are scoped to the model classes through per-field overrides, so the converter's
global hooks for ``str``, ``int`` ... (which the request side may rely on) are untouched.

cattrs' generated hooks are the reference. A dict is first given to the compiled fast path
(`_fast_path`, which says why it exists), and only when it signals `FastPathMismatch` does
the cattrs hook run, to give the same model or the detailed error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Final

import attrs
import cattrs
from cattrs.errors import AttributeValidationNote, ClassValidationError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.strategies import configure_tagged_union

from ._fast_path import FastPath, FastPathMismatch, keeps_raw
from ._json_rules import (
    LEAF_HOOKS,
    OPTIONAL_LEAF_HOOKS,
    StructureHook,
    UnstructureHook,
    factory_of,
    format_datetime,
    identity,
    is_json_object_type,
    iterable_error,
    list_or_empty,
    mapping_of,
    mapping_value_of,
    not_an_object,
    optional_of,
    structure_json_object,
    tuple_element_of,
    tuple_of,
    tuple_of_strings,
    wrong_type,
)
from ._unions import TAGGED_UNIONS, TaggedUnion, members_of
from .configuration import SessionConfiguration
from .devices import TrackedDevice, TrackedDevices
from .instructions import ContactProfileResponse, InstructionsResponse
from .media import MediaContent
from .resources import CreateFaceCaptureResourceResponse, ResourceSource
from .session import CreateSessionResult, GetSessionResult
from .supported_documents import SupportedDocumentsResponse

__all__ = ["STRUCTURING_ERRORS", "register_model_hooks"]

STRUCTURING_ERRORS: Final[tuple[type[Exception], ...]] = (cattrs.ClassValidationError,)
"""Everything ``converter.structure(data, SomeModel)`` raises when `data` does not fit."""

_MODELS_PACKAGE: Final = __name__.rpartition(".")[0] + "."

# The answers to requests.
_TOP_LEVEL: Final = (
    GetSessionResult,
    CreateSessionResult,
    SupportedDocumentsResponse,
    SessionConfiguration,
    TrackedDevices,
    CreateFaceCaptureResourceResponse,
    InstructionsResponse,
    ContactProfileResponse,
)


def register_model_hooks(conv: cattrs.BaseConverter, *, fast_path: bool = True) -> None:
    """Teach `conv` to structure and unstructure every class of `yoti_idv.models`.

    ``fast_path=False`` leaves only the cattrs hooks (same models, slower): the tests compare
    the two, and it is a way to rule the fast path out when hunting a parsing bug.
    """
    ModelHooks(conv, fast_path=fast_path).register()


def is_model_class(tp: Any) -> bool:
    return (
        isinstance(tp, type)
        and attrs.has(tp)
        and tp.__module__.startswith(_MODELS_PACKAGE)
        and tp is not MediaContent  # bytes from the media endpoint, never JSON
    )


def _is(cls: type[Any]) -> Callable[[Any], bool]:
    # Exact-class predicates: a hook registered by class would also catch its subclasses.
    return lambda tp: tp is cls


class ModelHooks:
    """Builds, once per class, the hooks of one converter.

    A class's hook looks up the hooks of its fields when it is built, so all the routing is
    registered before anything is built. Each class is built once (memoized here): every
    registration clears cattrs' dispatch cache, which would otherwise rebuild and recompile
    the class hooks again and again.

    Registering builds nothing: a class's cattrs functions are generated (and its annotations
    resolved) when the converter first needs them. Generating them all at import took about
    as long as defining the models, and a well-formed answer seldom needs them (the fast path
    parses it, all but the Unknown* classes); the tests build every one of them.
    """

    def __init__(self, conv: cattrs.BaseConverter, *, fast_path: bool = True) -> None:
        self.conv = conv
        self.use_fast_path = fast_path
        self.fast_path = FastPath(conv.get_structure_hook, TAGGED_UNIONS)
        self._checked: dict[type[Any], StructureHook] = {}
        self._fields: dict[type[Any], StructureHook] = {}
        self._unstructure: dict[type[Any], UnstructureHook] = {}

    def register(self) -> None:
        conv = self.conv
        conv.register_structure_hook_factory(is_model_class, self.structure_hook)
        conv.register_unstructure_hook_factory(is_model_class, self.unstructure_hook)
        conv.register_structure_hook_func(_is(ResourceSource), self._structure_resource_source)
        conv.register_structure_hook_func(_is(TrackedDevices), self._structure_tracked_devices)
        conv.register_unstructure_hook_func(_is(TrackedDevices), self._unstructure_tracked_devices)

        # Every base is routed before any union is configured: a member may be the base of
        # another family (LIVENESS requirements), whose hook the outer union looks up.
        union_hooks = {family.base: self._route(family) for family in TAGGED_UNIONS}
        for family in TAGGED_UNIONS:
            # The fallback before its union: configure_tagged_union looks up the default
            # class's hook once, when it is called.
            conv.register_structure_hook_func(
                _is(family.unknown), self.structure_hook(family.unknown)
            )
            if len(members_of(family)) == 1:
                union_hooks[family.base].append(self._single_member_union(family))
                continue
            tag_of = {cls: tag for tag, cls in family.tags.items()}
            configure_tagged_union(
                family.union,
                conv,
                tag_generator=tag_of.__getitem__,
                tag_name=family.tag_name,
                default=family.unknown,
            )
            union_hooks[family.base].append(conv.get_structure_hook(family.union))

    def _structure_resource_source(self, value: Any, _: Any) -> ResourceSource:
        # Yoti sends {"type": "END_USER"}; Yoti's Python SDK also accepts a bare string.
        if value.__class__ is str:
            return ResourceSource(type=value)
        result: ResourceSource = self.structure_hook(ResourceSource)(value, ResourceSource)
        return result

    def _single_member_union(self, family: TaggedUnion) -> StructureHook:
        """What configure_tagged_union does (it needs a union), for a family of one member."""
        hook_for_tag = {
            tag: self.conv.get_structure_hook(member) for tag, member in family.tags.items()
        }
        tag_name = family.tag_name
        unknown = family.unknown
        unknown_hook = self.conv.get_structure_hook(unknown)

        def structure_tagged(value: Any, _: Any) -> Any:
            if tag_name in value:
                tag = value[tag_name]
                hook = hook_for_tag.get(tag)  # an unhashable tag raises, as in cattrs
                if hook is not None:
                    return hook(value, family.tags[tag])
            return unknown_hook(value, unknown)

        return structure_tagged

    def _structure_tracked_devices(self, value: Any, _: Any) -> TrackedDevices:
        # The only answer that is a JSON array: the model wraps it.
        if value.__class__ is list:
            if self.use_fast_path:
                parse = self.fast_path.parse
                try:
                    return TrackedDevices(tuple([parse(TrackedDevice, item) for item in value]))
                except FastPathMismatch:
                    pass  # the cattrs path below says what is wrong
        elif not isinstance(value, list | tuple):
            # Not even null: an answer that is not an array is not an empty one.
            raise _class_error(TrackedDevices, wrong_type(value, "a list"))
        try:
            devices = self._tuple_hook(TrackedDevice, tuple[TrackedDevice, ...])(value, None)
        except Exception as exc:
            note = AttributeValidationNote(
                "Structuring class TrackedDevices @ attribute devices",
                "devices",
                tuple[TrackedDevice, ...],
            )
            exc.__notes__ = [*getattr(exc, "__notes__", []), note]
            raise _class_error(TrackedDevices, exc) from None
        return TrackedDevices(devices)

    def _unstructure_tracked_devices(self, value: TrackedDevices) -> list[Any]:
        unstructure = self.unstructure_hook(TrackedDevice)
        return [unstructure(device) for device in value.devices]

    def _route(self, family: TaggedUnion) -> list[StructureHook]:
        """Fields are typed with the base class (``tuple[Check, ...]``): send it to the union.

        Returns the cell where `register` puts the union's hook once it is configured.
        """
        union_hook: list[StructureHook] = []
        union = family.union
        base = family.base
        use_fast_path = self.use_fast_path
        parse = self.fast_path.parse

        def structure_member(value: Any, _: Any) -> Any:
            if value.__class__ is dict and use_fast_path:
                try:
                    return parse(base, value)
                except FastPathMismatch:
                    pass  # the cattrs path below says what is wrong
            elif not isinstance(value, Mapping):
                # The strategy would look for the tag in a string's characters: objects only.
                raise _class_error(base, not_an_object(value, base))
            try:
                return union_hook[0](value, union)
            except ClassValidationError:
                raise
            except Exception as exc:  # an unhashable tag: still one error class
                raise _class_error(base, exc) from None

        def unstructure_member(value: Any) -> Any:
            # By the runtime class, so that a LivenessCheck keeps its own fields.
            return self.unstructure_hook(value.__class__)(value)

        self.conv.register_structure_hook_func(_is(base), structure_member)
        self.conv.register_unstructure_hook_func(_is(base), unstructure_member)
        return union_hook

    # --- class hooks --------------------------------------------------------------------

    def structure_hook(self, cls: type[Any]) -> StructureHook:
        """The hook the converter uses for `cls`: fast path, else cattrs' checks and fields."""
        if cls not in self._checked:
            if keeps_raw(cls):
                self._checked[cls] = _keeping_raw(self.fields_hook, cls)
            else:
                self._checked[cls] = self._checking_object(cls)
        return self._checked[cls]

    def _checking_object(self, cls: type[Any]) -> StructureHook:
        structure_fields: StructureHook | None = None
        use_fast_path = self.use_fast_path
        parse = self.fast_path.parse  # compiles each class's function on first use

        def structure_object(value: Any, _: Any) -> Any:
            nonlocal structure_fields
            if value.__class__ is dict and use_fast_path:
                try:
                    return parse(cls, value)
                except FastPathMismatch:
                    pass  # the cattrs path below says what is wrong
            elif not isinstance(value, Mapping):
                # The generated function would take a list or a string for an object whose
                # fields are all missing; a wrong payload must never give a model.
                raise _class_error(cls, not_an_object(value, cls))
            if structure_fields is None:  # generated on first use, not at import
                structure_fields = self.fields_hook(cls)
            return structure_fields(value, cls)

        return structure_object

    def fields_hook(self, cls: type[Any]) -> StructureHook:
        """The cattrs-generated function (the reference), which trusts it is given a mapping."""
        if cls not in self._fields:
            overrides: dict[str, Any] = {}
            for field in attrs.fields(attrs.resolve_types(cls)):
                if field.name == "raw":
                    overrides[field.name] = override(omit=True)
                else:
                    hook = self._field_structure_hook(field.type, field.default)
                    overrides[field.name] = override(struct_hook=hook)
            self._fields[cls] = make_dict_structure_fn(
                cls,
                self.conv,
                _cattrs_forbid_extra_keys=False,  # new keys from Yoti must not break old SDKs
                _cattrs_detailed_validation=True,  # every failure: one ClassValidationError
                _cattrs_prefer_attrib_converters=False,
                _cattrs_use_alias=False,
                **overrides,
            )
        return self._fields[cls]

    def unstructure_hook(self, cls: type[Any]) -> UnstructureHook:
        if cls not in self._unstructure:
            if keeps_raw(cls):
                # An Unknown* model is its payload: give it back as it came, to round-trip.
                self._unstructure[cls] = _unstructure_raw
            else:
                self._unstructure[cls] = self._unstructuring_object(cls)
        return self._unstructure[cls]

    def _unstructuring_object(self, cls: type[Any]) -> UnstructureHook:
        generated: UnstructureHook | None = None

        def unstructure_object(value: Any) -> Any:
            nonlocal generated
            if generated is None:  # generated on first use, not at import
                generated = self.generated_unstructure_fn(cls)
            return generated(value)

        return unstructure_object

    def generated_unstructure_fn(self, cls: type[Any]) -> UnstructureHook:
        """The cattrs-generated function that unstructures `cls` (not an Unknown* class)."""
        overrides: dict[str, Any] = {
            field.name: override(
                unstruct_hook=self._field_unstructure_hook(field.type),
                # Leave out what is absent, as Yoti does, rather than write nulls.
                omit_if_default=field.default is None,
            )
            for field in attrs.fields(attrs.resolve_types(cls))
        }
        return make_dict_unstructure_fn(cls, self.conv, _cattrs_use_alias=False, **overrides)

    # --- field hooks (the reference path) -----------------------------------------------

    def _field_structure_hook(self, tp: Any, default: Any) -> StructureHook:
        if tp in LEAF_HOOKS:
            return LEAF_HOOKS[tp]
        if is_json_object_type(tp):
            return structure_json_object
        value_type = mapping_value_of(tp)
        if value_type is not None:
            return mapping_of(LEAF_HOOKS[value_type], value_type)
        optional = optional_of(tp)
        if optional is not None:
            if optional in OPTIONAL_LEAF_HOOKS:
                return OPTIONAL_LEAF_HOOKS[optional]
            return self._object_hook(optional, if_null=_none)
        element = tuple_element_of(tp)
        if element is not None:
            return self._tuple_hook(element, tp)
        factory = factory_of(default)
        if is_model_class(tp) and factory is not None and not factory[1]:
            return self._object_hook(tp, if_null=factory[0])
        raise TypeError(f"no JSON rule for a model field of type {tp!r}")

    def _object_hook(self, cls: type[Any], *, if_null: Callable[[], Any]) -> StructureHook:
        checked = self.conv.get_structure_hook(cls)
        structure_fields = self._plain_fields_hook(cls, checked)
        if structure_fields is None:

            def structure_special(value: Any, _: Any) -> Any:
                return if_null() if value is None else checked(value, cls)

            return structure_special

        def structure_object(value: Any, _: Any) -> Any:
            if value.__class__ is dict:  # one call less than through `checked`
                return structure_fields(value, cls)
            return if_null() if value is None else checked(value, cls)

        return structure_object

    def _tuple_hook(self, element: Any, tp: Any) -> StructureHook:
        if element is str:
            return tuple_of_strings
        if element in LEAF_HOOKS:
            return tuple_of(LEAF_HOOKS[element], element, tp)
        checked = self.conv.get_structure_hook(element)
        structure_fields = self._plain_fields_hook(element, checked)
        if structure_fields is None:
            return tuple_of(checked, element, tp)
        return _tuple_of_objects(structure_fields, checked, element, tp)

    def _plain_fields_hook(self, cls: type[Any], checked: StructureHook) -> StructureHook | None:
        """The generated function of `cls`, to call directly on a dict; None if `cls` is special.

        Special: a family's base class (``Check``), an Unknown* class, ``ResourceSource``.
        """
        if checked is not self.structure_hook(cls) or keeps_raw(cls):
            return None
        return self.fields_hook(cls)

    def _field_unstructure_hook(self, tp: Any) -> UnstructureHook:
        if tp in (str, int, float, bool):
            return identity
        if tp is datetime:
            return format_datetime
        if is_json_object_type(tp):
            return lambda value: None if value is None else dict(value)
        value_type = mapping_value_of(tp)
        if value_type is not None:
            value_hook = self._field_unstructure_hook(value_type)
            return lambda value: {key: value_hook(item) for key, item in value.items()}
        optional = optional_of(tp)
        if optional is not None:
            inner = self._field_unstructure_hook(optional)
            return lambda value: None if value is None else inner(value)
        element = tuple_element_of(tp)
        if element is not None:
            element_hook = self._field_unstructure_hook(element)
            return lambda value: [element_hook(item) for item in value]
        if is_model_class(tp):
            # By the runtime class: a field typed Check may hold any check class.
            return self.conv.unstructure
        raise TypeError(f"no JSON rule for a model field of type {tp!r}")


# --- building blocks ------------------------------------------------------------------------


def _keeping_raw(
    fields_hook: Callable[[type[Any]], StructureHook], cls: type[Any]
) -> StructureHook:
    def structure_keeping_raw(value: Any, _: Any) -> Any:
        if value.__class__ is not dict and not isinstance(value, Mapping):
            raise _class_error(cls, not_an_object(value, cls))
        # `fields_hook` generates the function on the first call, then remembers it.
        return attrs.evolve(fields_hook(cls)(value, cls), raw=value)

    return structure_keeping_raw


def _tuple_of_objects(
    structure_fields: StructureHook, checked: StructureHook, element: Any, tp: Any
) -> StructureHook:
    def structure_tuple(value: Any, _: Any) -> tuple[Any, ...]:
        value = list_or_empty(value)
        if not value:
            return ()
        try:
            # Dicts go straight to the generated function; anything else goes through the
            # checking hook, which refuses it.
            return tuple(
                [
                    structure_fields(item, element)
                    if item.__class__ is dict
                    else checked(item, element)
                    for item in value
                ]
            )
        except Exception:
            raise iterable_error(value, checked, element, tp) from None

    return structure_tuple


def _none() -> None:
    return None


def _unstructure_raw(value: Any) -> dict[str, Any]:
    return dict(value.raw)


def _class_error(cls: type[Any], error: Exception) -> ClassValidationError:
    return ClassValidationError(f"While structuring {cls.__name__}", [error], cls)
