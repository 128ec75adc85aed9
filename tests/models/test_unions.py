"""Each tagged union agrees with its tag table, and each member knows its own tag."""

from __future__ import annotations

import typing

import attrs
import pytest

from yoti_idv.models._unions import TAGGED_UNIONS, TaggedUnion

from ._support import converter

FAMILIES = pytest.mark.parametrize(
    "family", TAGGED_UNIONS, ids=[family.base.__name__ for family in TAGGED_UNIONS]
)


@FAMILIES
def test_union_members_are_exactly_the_table_classes(family: TaggedUnion) -> None:
    members = typing.get_args(family.union)

    assert len(members) == len(set(members))
    assert set(members) == set(family.tags.values())
    assert len(set(family.tags.values())) == len(family.tags)  # one tag per class


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


@FAMILIES
def test_each_tag_structures_to_its_class(family: TaggedUnion) -> None:
    for tag, cls in family.tags.items():
        value = converter.structure({family.tag_name: tag, "id": "x"}, family.base)
        assert type(value) is cls
        assert getattr(value, family.tag_name) == tag


@FAMILIES
def test_unknown_tags_structure_to_the_fallback(family: TaggedUnion) -> None:
    value = converter.structure({family.tag_name: "NOT_A_REAL_TAG", "id": "x"}, family.base)

    assert type(value) is family.unknown
    assert getattr(value, family.tag_name) == "NOT_A_REAL_TAG"
