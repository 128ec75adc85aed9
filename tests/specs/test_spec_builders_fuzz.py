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
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import yoti_idv.specs as specs
from yoti_idv.conversion import converter
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
from yoti_idv.vocabulary.values import TypedSpecValue

BUILDERS: list[type[Any]] = [
    getattr(specs, name) for name in specs.__all__ if name.endswith("Builder")
]


def is_abstract_base(value: Any) -> bool:
    """SpecValue itself, or a typed base without a TYPE (RequestedCheck, DocumentFilter...)."""
    return value is SpecValue or (issubclass(value, TypedSpecValue) and not hasattr(value, "TYPE"))


SPEC_CLASSES: list[type[Any]] = [
    getattr(specs, name)
    for name in specs.__all__
    if inspect.isclass(getattr(specs, name))
    and issubclass(getattr(specs, name), SpecValue)
    and not is_abstract_base(getattr(specs, name))
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
    specs.RequestedTypeListSourcesBuilder().with_type("pep").build(),
    specs.RequestedSearchProfileSourcesBuilder().with_search_profile("profile-1").build(),
    specs.RequestedExactMatchingStrategyBuilder().build(),
    specs.RequestedFuzzyMatchingStrategyBuilder().build(),
    specs.RequestedYotiAccountWatchlistAdvancedCaConfigBuilder().build(),
    specs.RequestedCustomAccountWatchlistAdvancedCaConfigBuilder()
    .with_api_key("key")
    .with_client_ref("ref")
    .build(),
    specs.IssuingAuthoritySubCheckBuilder().build(),
    specs.IdentityProfileSchemePayloadBuilder().with_type("DBS").build(),
    specs.IdentityProfileRequirementsPayloadBuilder()
    .with_trust_framework("UK_TFIDA")
    .with_scheme(specs.IdentityProfileSchemePayload(type="RTW"))
    .build(),
    specs.AdvancedIdentityProfileSchemeConfigPayloadBuilder().build(),
    specs.AdvancedIdentityProfileSchemePayload(type="RTW", label="LB1"),
    specs.AdvancedIdentityProfilePayload(
        trust_framework="UK_TFIDA",
        schemes=[specs.AdvancedIdentityProfileSchemePayload(type="RTW", label="LB1")],
    ),
    specs.SubjectPayload(subject_id="subject-1"),
    specs.ImportTokenPayload(),
    specs.UserPrice(amount="4.99", currency="GBP"),
    specs.IbvOptions(support="MANDATORY"),
    specs.ResourceCreationContainer(applicant_profile={"full_name": "A B"}),
    specs.SelectedIdDocumentPayload(country_code="GBR", document_type="PASSPORT"),
    specs.ContactProfilePayload(first_name="A", last_name="B", email="a@example.com"),
    specs.LocationPayload(latitude=51.5, longitude=-0.12),
    specs.UkPostOfficeBranchPayload(name="Branch"),
    specs.DocumentProposalPayload(
        requirement_id="r1",
        document=specs.SelectedSupplementaryDocumentPayload(
            country_code="GBR", document_type="UTILITY_BILL"
        ),
    ),
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
    "IBV",
    "MANDATORY",
    "NOT_ALLOWED",
    "UK_TFIDA",
    "DBS",
    "SANCTIONS",
    "ADVERSE-MEDIA",
    "a@example.com",
    "4.99",
    "GBP",
    "",
    " ",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, 1, 300, 301, 900, 86_400, 87_300, 90_000]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, 0.5, 1.0, 1.5, -0.5, 51.5, -180.0, 180.5]),
    st.text(max_size=20),
    st.sampled_from(PLAUSIBLE_STRINGS),
    st.binary(max_size=8),
    st.datetimes(),
    st.datetimes(timezones=st.just(dt.UTC)),
    st.dates(),
    st.sampled_from(
        [
            member
            for enum in (
                specs.LivenessType,
                specs.ManualCheck,
                specs.ManualCheckWithIbv,
                specs.NotificationTopic,
                specs.IbvSupport,
            )
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
def builder_calls(
    draw: st.DrawFn, builder_class: type[Any] | None = None
) -> tuple[type[Any], list[tuple[str, list[Any]]]]:
    if builder_class is None:
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
    json.dumps(converter.unstructure(outcome), allow_nan=False)
    repr(outcome)


def run_builder_calls(case: tuple[type[Any], list[tuple[str, list[Any]]]]) -> None:
    builder_class, calls = case

    def build() -> Any:
        builder = builder_class()
        for name, args in calls:
            assert getattr(builder, name)(*args) is builder
        return builder.build()

    check_outcome(spec_or_error(build))


@settings(max_examples=300, deadline=None)
@given(builder_calls())
def test_any_builder_calls_give_a_spec_or_a_spec_validation_error(
    case: tuple[type[Any], list[tuple[str, list[Any]]]],
) -> None:
    run_builder_calls(case)


@pytest.mark.parametrize("builder_class", BUILDERS, ids=lambda cls: cls.__name__)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_each_builder_gives_a_spec_or_a_spec_validation_error(
    builder_class: type[Any], data: st.DataObject
) -> None:
    run_builder_calls(data.draw(builder_calls(builder_class)))


@st.composite
def direct_constructions(
    draw: st.DrawFn, spec_class: type[Any] | None = None
) -> tuple[type[Any], dict[str, Any]]:
    if spec_class is None:
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


@pytest.mark.parametrize("spec_class", SPEC_CLASSES, ids=lambda cls: cls.__name__)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_each_spec_class_gives_a_spec_or_a_spec_validation_error(
    spec_class: type[Any], data: st.DataObject
) -> None:
    _, kwargs = data.draw(direct_constructions(spec_class))

    check_outcome(spec_or_error(lambda: spec_class(**kwargs)))


def test_the_fuzzing_covers_every_builder_and_spec_class() -> None:
    assert len(BUILDERS) >= 45
    assert specs.SessionSpecBuilder in BUILDERS
    assert specs.SessionSpec in SPEC_CLASSES
    assert specs.RequestedWatchlistAdvancedCaCheck in SPEC_CLASSES
    assert specs.InstructionsPayloadBuilder in BUILDERS
