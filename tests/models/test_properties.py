"""Property tests: any JSON gives a model or one exception class; both parsers always agree.

The client catches exactly `STRUCTURING_ERRORS` (``cattrs.ClassValidationError``) around
``converter.structure``; anything else escaping from here would crash a caller.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

import cattrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yoti_idv.models import (
    ContactProfileResponse,
    CreateFaceCaptureResourceResponse,
    CreateSessionResult,
    GetSessionResult,
    InstructionsResponse,
    RequiredLivenessResource,
    SessionConfiguration,
    SupportedDocumentsResponse,
    TrackedDevice,
    TrackedDevices,
    UnknownCheck,
    UnknownGeneratedCheck,
    UnknownLivenessResource,
    UnknownRequiredLivenessResource,
    UnknownRequiredResource,
)
from yoti_idv.models.structuring import _TOP_LEVEL, STRUCTURING_ERRORS, ModelHooks

from ._payloads import configuration_payload, instructions_payload, rich_session
from ._support import converter, load, reference_converter

JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=16,
)
# Values that hit the interesting branches: tags, dates, and the right JSON types.
PLAUSIBLE: st.SearchStrategy[Any] = st.sampled_from(
    [
        "LIVENESS",
        "ZOOM",
        "STATIC",
        "ID_DOCUMENT_AUTHENTICITY",
        "WATCHLIST_SCREENING",
        "VERIFY_SHARE_CODE_TASK",
        "NEW_TYPE",
        "2020-01-30T15:00:00Z",
        "not a date",
        "END_USER",
        [],
        {},
        [{}],
        {"media": None},
        {"type": "LIVENESS"},
        {"liveness_type": "STATIC"},
        "ID_DOCUMENT",
        "SUPPLEMENTARY_DOCUMENT",
        "FACE_CAPTURE",
        "ID_DOCUMENT_TEXT_DATA_CHECK",
        "UK_POST_OFFICE",
        "RELYING_BUSINESS",
        {"type": "ID_DOCUMENT"},
        {"type": "LIVENESS", "liveness_type": "ZOOM"},
        {"type": "UK_POST_OFFICE"},
        {"GENERIC": 2},
        0,
        599,
        51.5,
        True,
        None,
    ]
)
REPLACEMENTS = PLAUSIBLE | JSON_VALUES

MODELS = st.sampled_from(_TOP_LEVEL)

# A well-formed document of each answer, to damage.
DOCUMENTS: dict[type[Any], Callable[[], Any]] = {
    GetSessionResult: rich_session,
    CreateSessionResult: lambda: load("create_session_response.python.json"),
    SupportedDocumentsResponse: lambda: load(
        "supported_documents_with_is_strictly_latin.node-test.json"
    ),
    SessionConfiguration: configuration_payload,
    TrackedDevices: lambda: load("tracked_devices_response.node-test.json"),
    CreateFaceCaptureResourceResponse: lambda: load(
        "create_face_capture_resource_response.node-test.json"
    ),
    InstructionsResponse: instructions_payload,
    ContactProfileResponse: lambda: {"first_name": "Jane", "last_name": "Doe", "email": "j@d.e"},
}


def test_every_answer_has_a_document() -> None:
    assert set(DOCUMENTS) == set(_TOP_LEVEL)


def outcome(conv: cattrs.Converter, data: Any, model: type[Any]) -> tuple[str, Any]:
    try:
        return "model", conv.structure(data, model)
    except STRUCTURING_ERRORS as exc:
        error = exc
    assert type(error) is cattrs.ClassValidationError  # exactly that class, no subclass surprise
    return "error", None


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a JSON document (including its root, as ``()``)."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, (*prefix, index))


@st.composite
def mutated(draw: st.DrawFn, make_document: Callable[[], Any]) -> Any:
    """A real document with a few values replaced, keys removed or keys added."""
    document: Any = make_document()
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(list(paths(document))))
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if not path:
            document = copy.deepcopy(draw(REPLACEMENTS)) if action == "replace" else document
            continue
        *parent_path, last = path
        parent = document
        for step in parent_path:
            parent = parent[step]
        if action == "replace":
            parent[last] = copy.deepcopy(draw(REPLACEMENTS))
        elif action == "delete":
            del parent[last]
        elif isinstance(parent[last], dict):
            key = draw(
                st.sampled_from(
                    ["type", "liveness_type", "id", "media", "frames", "allowed_sources", "new_key"]
                )
            )
            parent[last][key] = copy.deepcopy(draw(REPLACEMENTS))
    return document


def mutated_sessions() -> st.SearchStrategy[Any]:
    return mutated(rich_session)


@st.composite
def mutated_answers(draw: st.DrawFn) -> tuple[type[Any], Any]:
    """Any answer's document, damaged, with the model it is for."""
    model = draw(MODELS)
    return model, draw(mutated(DOCUMENTS[model]))


@settings(max_examples=300, deadline=None)
@given(data=JSON_VALUES, model=MODELS)
def test_any_json_gives_a_model_or_one_error_class(data: Any, model: type[Any]) -> None:
    kind, result = outcome(converter, data, model)

    if kind == "model":
        assert isinstance(result, model)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated_sessions())
def test_damaged_sessions_give_a_model_or_one_error_class(data: Any) -> None:
    before = copy.deepcopy(data)

    kind, session = outcome(converter, data, GetSessionResult)

    assert data == before  # parsing never changes the payload
    if kind == "model":
        # Every tag lands in its class's field, whatever class was chosen.
        for raw, check in zip(data.get("checks") or [], session.checks, strict=True):
            assert check.type == raw.get("type")
            if isinstance(check, UnknownCheck):
                assert check.raw is raw
        liveness_raw = ((data.get("resources") or {}).get("liveness_capture")) or []
        for raw, resource in zip(liveness_raw, session.resources.liveness_capture, strict=True):
            assert resource.liveness_type == raw.get("liveness_type")
            if isinstance(resource, UnknownLivenessResource):
                assert resource.raw is raw
        for raw_document, document in zip(
            (data.get("resources") or {}).get("id_documents") or [],
            session.resources.id_documents,
            strict=True,
        ):
            for raw_task, task in zip(raw_document.get("tasks") or [], document.tasks, strict=True):
                raw_checks = raw_task.get("generated_checks") or []
                for raw, check in zip(raw_checks, task.generated_checks, strict=True):
                    assert check.type == raw.get("type")
                    if isinstance(check, UnknownGeneratedCheck):
                        assert check.raw is raw


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated(configuration_payload))
def test_damaged_configurations_give_a_model_or_one_error_class(data: Any) -> None:
    before = copy.deepcopy(data)

    kind, config = outcome(converter, data, SessionConfiguration)

    assert data == before
    if kind == "model":
        raw_requirements = (data.get("capture") or {}).get("required_resources") or []
        requirements = config.capture.required_resources
        for raw, requirement in zip(raw_requirements, requirements, strict=True):
            assert requirement.type == raw.get("type")
            if isinstance(requirement, RequiredLivenessResource):
                assert requirement.liveness_type == raw.get("liveness_type")
            if isinstance(requirement, UnknownRequiredResource | UnknownRequiredLivenessResource):
                assert requirement.raw is raw


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer=mutated_answers())
def test_every_damaged_answer_gives_a_model_or_one_error_class(
    answer: tuple[type[Any], Any],
) -> None:
    model, data = answer
    before = copy.deepcopy(data)

    kind, result = outcome(converter, data, model)

    assert data == before
    if kind == "model":
        assert isinstance(result, model)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated_sessions() | JSON_VALUES)
def test_fast_path_and_cattrs_hooks_agree(data: Any) -> None:
    assert agree(data, GetSessionResult)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer=mutated_answers() | st.tuples(MODELS, JSON_VALUES))
def test_fast_path_and_cattrs_hooks_agree_on_every_answer(answer: tuple[type[Any], Any]) -> None:
    model, data = answer

    assert agree(data, model)


def agree(data: Any, model: type[Any]) -> bool:
    fast, reference = outcome(converter, data, model), outcome(reference_converter, data, model)
    assert fast == reference
    assert repr(fast) == repr(reference)  # 51 and 51.0 are equal, but not the same model
    return True


def test_fast_path_and_cattrs_hooks_agree_on_the_fixtures() -> None:
    cases: list[tuple[type[Any], Any]] = [
        (GetSessionResult, load("get_session_minimal.python.json")),
        *((model, make()) for model, make in DOCUMENTS.items()),
        (SessionConfiguration, load("session_configuration_minimal.node-test.json")),
        (
            SessionConfiguration,
            load("session_configuration_face_capture_requirement.go-test.json"),
        ),
    ]
    for model, data in cases:
        parsed = converter.structure(data, model)
        assert parsed == reference_converter.structure(data, model)
        assert repr(parsed) == repr(reference_converter.structure(data, model))


def test_well_formed_answers_take_the_fast_path() -> None:
    # Agreement alone would not notice a fast path that always gives up.
    hooks = ModelHooks(cattrs.Converter())
    hooks.register()
    cases: list[tuple[type[Any], Any]] = [
        (GetSessionResult, load("get_session_minimal.python.json")),
        *((model, make()) for model, make in DOCUMENTS.items() if model is not TrackedDevices),
    ]
    for model, data in cases:
        assert hooks.fast_path.parse(model, data) == reference_converter.structure(data, model)
    # The array answer, element by element.
    data = load("tracked_devices_response.node-test.json")
    fast_devices = tuple(hooks.fast_path.parse(TrackedDevice, item) for item in data)
    assert TrackedDevices(fast_devices) == reference_converter.structure(data, TrackedDevices)
