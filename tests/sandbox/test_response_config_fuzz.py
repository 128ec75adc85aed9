"""Anything fed into a sandbox builder or value class gives a value or a SpecValidationError.

Never a TypeError, AttributeError, KeyError or RecursionError; and every value that is built
turns into JSON that ``json.dumps(..., allow_nan=False)`` accepts.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import yoti_idv.sandbox as sandbox
from yoti_idv.conversion import converter
from yoti_idv.errors import SpecValidationError
from yoti_idv.specs import LivenessType, SpecValue
from yoti_idv.vocabulary.values import TypedSpecValue

BUILDERS: list[type[Any]] = [
    getattr(sandbox, name) for name in sandbox.__all__ if name.endswith("Builder")
]
VALUE_CLASSES: list[type[Any]] = [
    value
    for value in (getattr(sandbox, name) for name in sandbox.__all__)
    if inspect.isclass(value)
    and issubclass(value, SpecValue)
    and not (issubclass(value, TypedSpecValue) and not hasattr(value, "TYPE"))
]

APPROVE = sandbox.SandboxRecommendationBuilder().with_value("APPROVE").build()
VALID_PARTS: list[Any] = [
    APPROVE,
    sandbox.SandboxBreakdownBuilder().with_sub_check("s").with_result("PASS").build(),
    sandbox.SandboxDetail(name="n", value="v"),
    sandbox.SandboxDocumentFilterBuilder().with_country_code("GBR").build(),
    sandbox.SandboxCheckReport(recommendation=APPROVE),
    sandbox.SandboxCheckResult(),
    sandbox.SandboxTextDataCheckResult(document_fields={"a": 1}),
    sandbox.SandboxStaticLivenessCheckBuilder().build(),
    sandbox.SandboxDocumentAuthenticityCheckBuilder().build(),
    sandbox.SandboxThirdPartyIdentityCheckBuilder().build(),
    sandbox.SandboxWatchlistAdvancedCaCheckBuilder().with_type_list_filter(["pep"]).build(),
    sandbox.SandboxCaProfileSourcesFilter(search_profile="p"),
    sandbox.SandboxDocumentTextDataExtractionTaskBuilder().build(),
    sandbox.SandboxSupplementaryDocumentTextDataExtractionTaskBuilder().build(),
    sandbox.SandboxDocumentTextDataExtractionTaskResult(),
    sandbox.SandboxDocumentIdPhoto(content_type="image/jpeg", data=b"\x00"),
    sandbox.SandboxTextDataExtractionRecommendationBuilder().for_progress().build(),
    sandbox.SandboxTextDataExtractionReasonBuilder().for_quality().build(),
    sandbox.SandboxCheckReportsBuilder().build(),
    sandbox.SandboxTaskResultsBuilder().build(),
]
PLAUSIBLE_STRINGS = [
    "APPROVE",
    "REJECT",
    "PASS",
    "STATIC",
    "ZOOM",
    "PROGRESS",
    "QUALITY",
    "USER_ERROR",
    "GBR",
    "gbr",
    "PASSPORT",
    "image/jpeg",
    "image",
    "some_value",
    "",
    " ",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, 1, 5, -1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(PLAUSIBLE_STRINGS),
    st.binary(max_size=8),
    st.datetimes(timezones=st.just(dt.UTC)),
    st.sampled_from(list(LivenessType)),
    st.sampled_from(VALID_PARTS),
    st.just(object()),
)
anything = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.lists(children, max_size=4).map(tuple),
        st.dictionaries(st.text(max_size=5), children, max_size=3),
        st.dictionaries(st.integers(), children, max_size=2),
        st.frozensets(st.sampled_from(PLAUSIBLE_STRINGS), max_size=3),
    ),
    max_leaves=6,
)


def public_methods(builder_class: type[Any]) -> list[tuple[str, int]]:
    methods = []
    for name, function in inspect.getmembers(builder_class, inspect.isfunction):
        if name.startswith("_") or name == "build":
            continue
        methods.append((name, len(inspect.signature(function).parameters) - 1))
    return methods


def outcome_of(make: Callable[[], Any]) -> Any:
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
    event("built")
    assert isinstance(outcome, SpecValue)
    json.dumps(converter.unstructure(outcome), allow_nan=False)
    repr(outcome)


@pytest.mark.parametrize("builder_class", BUILDERS, ids=lambda cls: cls.__name__)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_any_builder_calls_give_a_value_or_a_spec_validation_error(
    builder_class: type[Any], data: st.DataObject
) -> None:
    methods = public_methods(builder_class)
    calls = data.draw(
        st.lists(
            st.sampled_from(methods).flatmap(
                lambda method: st.tuples(
                    st.just(method[0]), st.lists(anything, min_size=method[1], max_size=method[1])
                )
            ),
            max_size=8,
        )
        if methods
        else st.just([])
    )

    def build() -> Any:
        builder = builder_class()
        for name, args in calls:
            assert getattr(builder, name)(*args) is builder
        return builder.build()

    check_outcome(outcome_of(build))


@pytest.mark.parametrize("value_class", VALUE_CLASSES, ids=lambda cls: cls.__name__)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_any_direct_construction_gives_a_value_or_a_spec_validation_error(
    value_class: type[Any], data: st.DataObject
) -> None:
    kwargs = {
        field.name: data.draw(anything)
        for field in attrs.fields(value_class)
        # Leave some optional ones out, so the defaults are fuzzed too.
        if field.default is attrs.NOTHING or data.draw(st.booleans())
    }

    check_outcome(outcome_of(lambda: value_class(**kwargs)))


def test_the_fuzzing_covers_every_builder_and_value_class() -> None:
    assert len(BUILDERS) >= 24
    assert sandbox.SandboxResponseConfig in VALUE_CLASSES
    assert sandbox.SandboxCaSourcesFilter not in VALUE_CLASSES
