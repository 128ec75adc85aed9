"""`yoti_idv.specs` exports what it promises, and every concrete spec class is complete."""

from __future__ import annotations

import enum
import inspect

import attrs

import yoti_idv.specs as specs
from yoti_idv.vocabulary.iso3166 import ISO_3166_ALPHA_3_CODES
from yoti_idv.vocabulary.values import SpecValue, TypedSpecValue

BASES = {
    "SpecValue",
    "RequestedCheck",
    "RequestedTask",
    "RequiredDocument",
    "DocumentFilter",
    "Objective",
    "RequestedWatchlistAdvancedCaConfig",
    "RequestedCaSources",
    "RequestedCaMatchingStrategy",
    "SelectedDocumentPayload",
    "BranchPayload",
}


def test_enums_are_str_enums_whose_values_are_their_names() -> None:
    enums = [
        value
        for value in vars(specs).values()
        if inspect.isclass(value) and issubclass(value, enum.Enum)
    ]

    assert specs.LivenessType in enums
    for enum_class in enums:
        assert issubclass(enum_class, str)
        assert all(member.value == member.name for member in enum_class)


def test_every_spec_class_is_frozen_attrs_with_a_docstring() -> None:
    for name in specs.__all__:
        value = getattr(specs, name)
        if inspect.isclass(value) and issubclass(value, SpecValue):
            assert attrs.has(value), name
            assert value.__setattr__ is not object.__setattr__, name
            assert value.__doc__, name


def test_every_concrete_typed_spec_has_a_type() -> None:
    for name in specs.__all__:
        value = getattr(specs, name)
        if inspect.isclass(value) and issubclass(value, TypedSpecValue) and name not in BASES:
            assert isinstance(value.TYPE, str), name


def test_every_spec_class_has_a_builder_and_every_builder_a_build() -> None:
    for name in specs.__all__:
        value = getattr(specs, name)
        if name.endswith("Builder"):
            assert callable(value.build), name
    builders = {name.removesuffix("Builder") for name in specs.__all__ if name.endswith("Builder")}
    assert {"SessionSpec", "SdkConfig", "NotificationConfig", "RequestedLivenessCheck"} <= builders


def test_the_country_list_has_every_iso_3166_code() -> None:
    assert len(ISO_3166_ALPHA_3_CODES) == 249
    assert all(
        len(code) == 3 and code.isupper() and code.isalpha() for code in ISO_3166_ALPHA_3_CODES
    )
    assert {"GBR", "USA", "CIV", "ALA", "SSD", "BES", "SXM"} <= ISO_3166_ALPHA_3_CODES
