"""The compiled fast path's own tricks, each against the cattrs path (the reference).

`test_properties` compares the two parsers on random payloads; these are the cases each
shortcut of `_fast_path` must get exactly right: objects built through a builder subclass,
dates, lists of strings and tagged unions parsed inline, and the values it leaves to cattrs.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import MappingProxyType
from typing import Any

import attrs
import cattrs
import pytest

from yoti_idv.models import (
    GetSessionResult,
    LivenessCheck,
    MediaReference,
    Page,
    StaticLivenessResource,
    TextExtractionTask,
    UnknownCheck,
)
from yoti_idv.models._fast_path import _BUILDERS, FastPathMismatch
from yoti_idv.models.structuring import ModelHooks

from ._payloads import media, rich_session
from ._support import converter, reference_converter


def outcome(conv: cattrs.Converter, data: Any, model: type[Any]) -> tuple[str, Any]:
    try:
        return "model", conv.structure(data, model)
    except cattrs.ClassValidationError as exc:
        return "error", cattrs.transform_error(exc)


def assert_same(data: Any, model: type[Any]) -> Any:
    """Both parsers give the same model (same repr), or the same errors; our model or None."""
    ours, reference = outcome(converter, data, model), outcome(reference_converter, data, model)
    assert ours == reference
    assert repr(ours) == repr(reference)
    kind, result = ours
    return result if kind == "model" else None


def models_in(value: Any) -> Iterator[Any]:
    """`value` and every model inside it."""
    if attrs.has(type(value)):
        yield value
        for field in attrs.fields(type(value)):
            yield from models_in(getattr(value, field.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from models_in(item)


def test_every_object_is_of_its_own_class_and_frozen() -> None:
    session = assert_same(rich_session(), GetSessionResult)
    built = list(models_in(session))
    assert len(built) > 30
    builders = set(_BUILDERS.values())
    assert builders  # the fast path ran
    for model in built:
        assert type(model) not in builders
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            model.x = 1


def test_a_fast_function_takes_only_dicts() -> None:
    hooks = ModelHooks(cattrs.Converter())
    hooks.register()
    fast = hooks.fast_path.function(MediaReference)
    item = media("m1")

    assert type(fast(item)) is MediaReference
    for value in (MappingProxyType(item), [item], "m1", None):
        with pytest.raises(FastPathMismatch):
            fast(value)


@pytest.mark.parametrize(
    "created",
    [
        "2022-03-29T11:39:24Z",
        "2022-03-29T11:39:24.123Z",
        "2022-03-29T11:39:24+01:00",
        "2022-03-29T11:39:24",  # no offset: read as UTC
        "2022-03-29",
        "not a date",
        "",
        12,
        True,
        None,
        [],
        {},
    ],
)
def test_dates_are_read_as_the_cattrs_path_reads_them(created: Any) -> None:
    assert_same({**media("m1"), "created": created}, MediaReference)
    assert_same({**media("m1"), "last_updated": created}, MediaReference)


def test_a_string_subclass_is_left_to_the_cattrs_path() -> None:
    class Text(str):
        pass

    page = {"media": {**media("m1"), "created": Text("2022-03-29T11:39:24Z")}}
    assert assert_same(page, Page).media.created.tzinfo is not None
    assert_same({"extraction_image_ids": [Text("m1"), "m2"]}, Page)


@pytest.mark.parametrize(
    "ids", [["m1", "m2"], [], None, ["m1", None], ["m1", 2], "m1", {"m1": 1}, 0, ""]
)
def test_lists_of_strings_are_read_as_the_cattrs_path_reads_them(ids: Any) -> None:
    assert_same({"extraction_image_ids": ids}, Page)


class _NotAMapping:
    """Has ``get`` (a tag), but is no Mapping: not an object."""

    def __init__(self, tag: str) -> None:
        self.tag = tag

    def get(self, key: str, default: Any = None) -> Any:
        return self.tag


def _check(**changes: Any) -> dict[str, Any]:
    return {
        "id": "c1",
        "type": "LIVENESS",
        "state": "DONE",
        "resources_used": ["r1"],
        "report": {"recommendation": {"value": "APPROVE"}, "breakdown": []},
        **changes,
    }


@pytest.mark.parametrize(
    "checks",
    [
        [_check(), _check(type="ID_DOCUMENT_AUTHENTICITY"), _check(type="NEW_TYPE")],
        [{k: v for k, v in _check().items() if k != "type"}],  # no tag: UnknownCheck
        [_check(type=None)],
        [_check(type=["LIVENESS"])],  # an unhashable tag
        [_check(type=7)],
        [_check(), "c2"],
        [_check(), None],
        [_check(), []],
        [MappingProxyType(_check())],  # a Mapping, not a dict (never from JSON)
        [MappingProxyType(_check(type="NEW_TYPE"))],
        [_NotAMapping("LIVENESS")],
        [_NotAMapping("NEW_TYPE")],
        [_check(report=MappingProxyType({"breakdown": []}))],
        [_check(report="APPROVE")],
        [],
        None,
        {},
        "LIVENESS",
    ],
)
def test_tagged_lists_are_read_as_the_cattrs_path_reads_them(checks: Any) -> None:
    session = assert_same({"checks": checks}, GetSessionResult)
    if session is not None and checks and isinstance(checks, list):
        for raw, check in zip(checks, session.checks, strict=True):
            if isinstance(check, UnknownCheck):
                assert check.raw is raw


def test_nested_tagged_lists_are_read_as_the_cattrs_path_reads_them() -> None:
    resource = {"id": "r1", "liveness_type": "STATIC", "tasks": [], "image": {"media": media("i")}}
    tasks = [{"type": "NEW_TASK"}, {"type": "ID_DOCUMENT_TEXT_DATA_EXTRACTION"}, {}]
    for liveness in (
        [resource],
        [{**resource, "liveness_type": "ZOOM", "frames": []}],
        [{**resource, "liveness_type": "NEW"}],
        [{**resource, "tasks": tasks}],
    ):
        assert_same({"resources": {"liveness_capture": liveness}}, GetSessionResult)


@pytest.mark.parametrize(
    ("model", "payload", "wire_type"),
    [
        (LivenessCheck, {"id": "c1", "state": "DONE"}, "LIVENESS"),
        (TextExtractionTask, {"id": "t1"}, "ID_DOCUMENT_TEXT_DATA_EXTRACTION"),
        (StaticLivenessResource, {"id": "r1"}, "STATIC"),
    ],
)
def test_a_member_without_its_tag_gets_its_wire_type(
    model: type[Any], payload: dict[str, Any], wire_type: str
) -> None:
    # The default is a factory given the object: the fast path leaves it to the cattrs path.
    built = assert_same(payload, model)
    tag = "liveness_type" if model is StaticLivenessResource else "type"
    assert getattr(built, tag) == wire_type
    assert type(built) is model
