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
    CreateSessionResult,
    GetSessionResult,
    SupportedDocumentsResponse,
    UnknownCheck,
    UnknownLivenessResource,
)
from yoti_idv.models._structuring import STRUCTURING_ERRORS, ModelHooks

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
        0,
        599,
        True,
        None,
    ]
)
REPLACEMENTS = PLAUSIBLE | JSON_VALUES

MODELS = st.sampled_from([GetSessionResult, CreateSessionResult, SupportedDocumentsResponse])


def rich_session() -> dict[str, Any]:
    data: dict[str, Any] = load("get_session_completed_zoom_liveness.python.json")
    data["biometric_consent"] = "2022-03-29T11:39:08.473Z"
    data["resources"]["liveness_capture"].append(load("static_liveness_resource.python-test.json"))
    data["resources"]["share_codes"] = [load("share_code_resource.python-test.json")]
    data["checks"].append({"type": "SOMETHING_NEW", "id": "n"})
    return data


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
def mutated_sessions(draw: st.DrawFn) -> Any:
    """A real session with a few values replaced, keys removed or keys added."""
    document: Any = rich_session()
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
                st.sampled_from(["type", "liveness_type", "id", "media", "frames", "new_key"])
            )
            parent[last][key] = copy.deepcopy(draw(REPLACEMENTS))
    return document


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


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated_sessions() | JSON_VALUES)
def test_fast_path_and_cattrs_hooks_agree(data: Any) -> None:
    assert outcome(converter, data, GetSessionResult) == outcome(
        reference_converter, data, GetSessionResult
    )


def test_fast_path_and_cattrs_hooks_agree_on_the_fixtures() -> None:
    cases: list[tuple[type[Any], Any]] = [
        (GetSessionResult, rich_session()),
        (GetSessionResult, load("get_session_minimal.python.json")),
        (CreateSessionResult, load("create_session_response.python.json")),
        (
            SupportedDocumentsResponse,
            load("supported_documents_with_is_strictly_latin.node-test.json"),
        ),
    ]
    for model, data in cases:
        parsed = converter.structure(data, model)
        assert parsed == reference_converter.structure(data, model)
        assert repr(parsed) == repr(reference_converter.structure(data, model))


def test_well_formed_sessions_take_the_fast_path() -> None:
    # Agreement alone would not notice a fast path that always gives up.
    hooks = ModelHooks(cattrs.Converter())
    hooks.register()
    fast: Callable[[Any], Any] = hooks.fast_path.function(GetSessionResult)

    for data in (rich_session(), load("get_session_minimal.python.json")):
        assert fast(data) == reference_converter.structure(data, GetSessionResult)
