"""Each tagged union agrees with its tag table, and each member knows its own tag."""

from __future__ import annotations

import typing
from typing import Any

import attrs
import pytest

import yoti_idv.models as models
from yoti_idv.models._unions import TAGGED_UNIONS, TaggedUnion, members_of

from ._support import converter, reference_converter

FAMILIES = pytest.mark.parametrize(
    "family", TAGGED_UNIONS, ids=[family.base.__name__ for family in TAGGED_UNIONS]
)
CONVERTERS = pytest.mark.parametrize(
    "conv", [converter, reference_converter], ids=["fast path", "cattrs only"]
)
BASES = {family.base: family for family in TAGGED_UNIONS}


def leaf_class(family: TaggedUnion, tag: str) -> type[Any]:
    """The class a payload with only this tag parses to (a nested family gives its fallback)."""
    cls = family.tags[tag]
    return BASES[cls].unknown if cls in BASES else cls


@FAMILIES
def test_union_members_are_exactly_the_table_classes(family: TaggedUnion) -> None:
    members = members_of(family)

    assert len(members) == len(set(members))
    assert set(members) == set(family.tags.values())
    assert len(set(family.tags.values())) == len(family.tags)  # one tag per class
    if len(members) > 1:
        assert typing.get_args(family.union) == members
    else:
        assert family.union is members[0]


@FAMILIES
def test_members_and_fallback_are_subclasses_of_the_base(family: TaggedUnion) -> None:
    for cls in [*family.tags.values(), family.unknown]:
        assert issubclass(cls, family.base)
        assert attrs.fields_dict(cls)[family.tag_name]  # the tag has a field to land in
    assert family.unknown not in family.tags.values()
    assert "raw" in attrs.fields_dict(family.unknown)


@FAMILIES
def test_each_member_defaults_its_tag_to_its_wire_value(family: TaggedUnion) -> None:
    for tag, cls in family.tags.items():
        assert getattr(cls(), family.tag_name) == tag
    assert getattr(family.unknown(), family.tag_name) is None


@CONVERTERS
@FAMILIES
def test_each_tag_structures_to_its_class(conv: Any, family: TaggedUnion) -> None:
    for tag, cls in family.tags.items():
        value = conv.structure({family.tag_name: tag, "id": "x"}, family.base)
        assert isinstance(value, cls)
        assert type(value) is leaf_class(family, tag)
        assert getattr(value, family.tag_name) == tag


@CONVERTERS
@FAMILIES
def test_unknown_tags_structure_to_the_fallback(conv: Any, family: TaggedUnion) -> None:
    raw = {family.tag_name: "NOT_A_REAL_TAG", "id": "x"}

    value = conv.structure(raw, family.base)

    assert type(value) is family.unknown
    assert getattr(value, family.tag_name) == "NOT_A_REAL_TAG"
    assert value.raw == raw


@CONVERTERS
@FAMILIES
def test_a_missing_tag_structures_to_the_fallback(conv: Any, family: TaggedUnion) -> None:
    value = conv.structure({"id": "x"}, family.base)

    assert type(value) is family.unknown
    assert getattr(value, family.tag_name) is None


@FAMILIES
def test_members_unstructure_with_their_tags(family: TaggedUnion) -> None:
    for tag, cls in family.tags.items():
        # A nested family's base is never built from JSON: take one of its members.
        built = cls() if cls not in BASES else next(iter(BASES[cls].tags.values()))()
        assert converter.unstructure(built)[family.tag_name] == tag


def test_nested_families_keep_both_tags() -> None:
    # A LIVENESS requirement is picked by `type`, then by `liveness_type`.
    nested = [(outer, tag, cls) for outer in TAGGED_UNIONS for tag, cls in outer.tags.items()]
    nested = [(outer, tag, cls) for outer, tag, cls in nested if cls in BASES]
    assert nested, "the nested case is covered"
    for outer, outer_tag, inner_base in nested:
        inner = BASES[inner_base]
        for inner_tag, inner_cls in inner.tags.items():
            payload = {outer.tag_name: outer_tag, inner.tag_name: inner_tag}
            for conv in (converter, reference_converter):
                value = conv.structure(payload, outer.base)
                assert type(value) is inner_cls
                assert getattr(value, outer.tag_name) == outer_tag
                assert getattr(value, inner.tag_name) == inner_tag
            built = inner_cls()
            assert getattr(built, outer.tag_name) == outer_tag  # the tag of its outer member
            unstructured = converter.unstructure(built)
            assert unstructured[outer.tag_name] == outer_tag
            assert unstructured[inner.tag_name] == inner_tag
            assert type(converter.structure(unstructured, outer.base)) is inner_cls


def test_every_family_is_public_and_every_unknown_class_is_a_fallback() -> None:
    exported = {getattr(models, name) for name in models.__all__}
    for family in TAGGED_UNIONS:
        assert {family.base, family.unknown, *family.tags.values()} <= exported
    unknown_classes = {
        value
        for name in models.__all__
        if name.startswith("Unknown") and isinstance(value := getattr(models, name), type)
    }
    assert unknown_classes == {family.unknown for family in TAGGED_UNIONS}
