"""Anything fed into a builder or a spec class gives a spec or a SpecValidationError.

Never a TypeError, AttributeError or KeyError from inside attrs, cattrs or our code; and
every spec that is built turns into JSON that `json.dumps` accepts.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
from collections.abc import Callable
from typing import Any

import attrs
from hypothesis import event, given, settings
from hypothesis import strategies as st

import yoti_idv.specs as specs
from yoti_idv.converter import converter
from yoti_idv.errors import SpecValidationError
from yoti_idv.specs import (
    DocumentRestrictionBuilder,
    DocumentRestrictionsFilterBuilder,
    NotificationConfigBuilder,
    OrthogonalRestrictionsFilterBuilder,
    ProofOfAddressObjectiveBuilder,
    RequestedFaceMatchCheckBuilder,
    RequestedLivenessCheckBuilder,
    RequestedTextExtractionTaskBuilder,
    RequiredIdDocumentBuilder,
    SdkConfigBuilder,
    SpecValue,
)

BUILDERS: list[type[Any]] = [
    getattr(specs, name) for name in specs.__all__ if name.endswith("Builder")
]
BASES = {
    "SpecValue",
    "RequestedCheck",
    "RequestedTask",
    "RequiredDocument",
    "DocumentFilter",
    "Objective",
}
SPEC_CLASSES: list[type[Any]] = [
    getattr(specs, name)
    for name in specs.__all__
    if inspect.isclass(getattr(specs, name))
    and issubclass(getattr(specs, name), SpecValue)
    and name not in BASES
]

VALID_PARTS: list[Any] = [
    RequestedLivenessCheckBuilder().for_static_liveness().build(),
    RequestedFaceMatchCheckBuilder().with_manual_check_never().build(),
    RequestedTextExtractionTaskBuilder().with_manual_check_always().build(),
    SdkConfigBuilder().with_allows_camera().build(),
    NotificationConfigBuilder().with_endpoint("https://example.com/yoti").build(),
    RequiredIdDocumentBuilder().build(),
    ProofOfAddressObjectiveBuilder().build(),
    DocumentRestrictionBuilder().with_country_codes(["GBR"]).build(),
    DocumentRestrictionsFilterBuilder()
    .for_whitelist()
    .with_document_restriction(
        DocumentRestrictionBuilder().with_document_types(["PASSPORT"]).build()
    )
    .build(),
    OrthogonalRestrictionsFilterBuilder().with_whitelisted_country_codes(["GBR"]).build(),
]

PLAUSIBLE_STRINGS = [
    "STATIC",
    "ZOOM",
    "static",
    "NEVER",
    "ALWAYS",
    "FALLBACK",
    "DESIRED",
    "IGNORE",
    "CAMERA",
    "CAMERA_AND_UPLOAD",
    "BASIC",
    "BEARER",
    "WHITELIST",
    "BLACKLIST",
    "ON",
    "AUTO",
    "EARLY",
    "GBR",
    "gbr",
    "XKX",
    "#fff",
    "#2d9fff",
    "red",
    "en-GB",
    "fr_FR",
    "https://example.com/a",
    "/success",
    "//host",
    "session_completion",
    "SOME_TOPIC",
    "PASSPORT",
    "GENERIC",
    "2030-01-01T00:00:00Z",
    "2030-01-01T00:00:00",
    "",
    " ",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, 1, 300, 301, 900, 86_400, 87_300, 90_000]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(PLAUSIBLE_STRINGS),
    st.binary(max_size=8),
    st.datetimes(),
    st.datetimes(timezones=st.just(dt.UTC)),
    st.dates(),
    st.sampled_from(
        [
            member
            for enum in (specs.LivenessType, specs.ManualCheck, specs.NotificationTopic)
            for member in enum
        ]
    ),
    st.sampled_from(VALID_PARTS),
    st.just(object()),
    st.builds(RequestedLivenessCheckBuilder),
)
anything = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.lists(children, max_size=4).map(tuple),
        st.dictionaries(st.text(max_size=5), children, max_size=3),
        st.frozensets(st.sampled_from(PLAUSIBLE_STRINGS), max_size=3),
    ),
    max_leaves=6,
)


def public_methods(builder_class: type[Any]) -> list[tuple[str, int]]:
    """(name, number of arguments) of every public method but build."""
    methods = []
    for name, function in inspect.getmembers(builder_class, inspect.isfunction):
        if name.startswith("_") or name == "build":
            continue
        arity = len(inspect.signature(function).parameters) - 1
        methods.append((name, arity))
    return methods


@st.composite
def builder_calls(draw: st.DrawFn) -> tuple[type[Any], list[tuple[str, list[Any]]]]:
    builder_class = draw(st.sampled_from(BUILDERS))
    methods = public_methods(builder_class)
    calls = []
    if methods:
        for name, arity in draw(st.lists(st.sampled_from(methods), max_size=8)):
            calls.append((name, [draw(anything) for _ in range(arity)]))
    return builder_class, calls


def spec_or_error(make: Callable[[], Any]) -> Any:
    """What `make` returns, or the SpecValidationError it raised (any other error escapes)."""
    try:
        return make()
    except SpecValidationError as error:
        return error


def check_outcome(outcome: Any) -> None:
    if isinstance(outcome, SpecValidationError):
        event("SpecValidationError")
        assert outcome.field
        assert outcome.message
        return
    event("spec built")
    assert isinstance(outcome, SpecValue)
    json.dumps(converter.unstructure(outcome))
    repr(outcome)


@settings(max_examples=300, deadline=None)
@given(builder_calls())
def test_any_builder_calls_give_a_spec_or_a_spec_validation_error(
    case: tuple[type[Any], list[tuple[str, list[Any]]]],
) -> None:
    builder_class, calls = case

    def build() -> Any:
        builder = builder_class()
        for name, args in calls:
            assert getattr(builder, name)(*args) is builder
        return builder.build()

    check_outcome(spec_or_error(build))


@st.composite
def direct_constructions(draw: st.DrawFn) -> tuple[type[Any], dict[str, Any]]:
    spec_class = draw(st.sampled_from(SPEC_CLASSES))
    kwargs = {field.name: draw(anything) for field in attrs.fields(spec_class)}
    return spec_class, kwargs


@settings(max_examples=300, deadline=None)
@given(direct_constructions())
def test_any_direct_construction_gives_a_spec_or_a_spec_validation_error(
    case: tuple[type[Any], dict[str, Any]],
) -> None:
    spec_class, kwargs = case

    check_outcome(spec_or_error(lambda: spec_class(**kwargs)))


def test_the_fuzzing_covers_every_builder_and_spec_class() -> None:
    assert len(BUILDERS) >= 15
    assert specs.SessionSpecBuilder in BUILDERS
    assert specs.SessionSpec in SPEC_CLASSES
