"""The helpers on GetSessionResult and ResourceContainer."""

from __future__ import annotations

from typing import Any

import pytest

from yoti_idv.models import (
    AuthenticityCheck,
    FaceMatchCheck,
    GetSessionResult,
    IdDocumentResource,
    LivenessCheck,
    ResourceContainer,
    StaticLivenessResource,
    UnknownCheck,
    ZoomLivenessResource,
)
from yoti_idv.models.checks import CHECK_TYPES

from ._support import converter, load


def session_with_ids() -> GetSessionResult:
    data = load("get_session_completed_zoom_liveness.python.json")
    data["resources"]["id_documents"][0]["id"] = "doc-1"
    data["resources"]["liveness_capture"][0]["id"] = "zoom-1"
    static = load("static_liveness_resource.python-test.json")
    static["id"] = "static-1"
    data["resources"]["liveness_capture"].append(static)
    data["resources"]["share_codes"] = [load("share_code_resource.python-test.json")]
    authenticity, liveness, face_match = data["checks"]
    authenticity["resources_used"] = ["doc-1"]
    liveness["resources_used"] = ["zoom-1"]
    face_match["resources_used"] = ["static-1", "doc-1", "not-in-this-session"]
    data["checks"].append({"type": "SOMETHING_NEW", "resources_used": ["abc12345-share-code-id"]})
    return converter.structure(data, GetSessionResult)


def test_resources_for_check_follows_resources_used_order() -> None:
    session = session_with_ids()
    authenticity, liveness, face_match, unknown = session.checks

    assert [r.id for r in session.resources_for_check(authenticity)] == ["doc-1"]
    assert [type(r) for r in session.resources_for_check(liveness)] == [ZoomLivenessResource]
    matched = session.resources_for_check(face_match)
    assert [r.id for r in matched] == ["static-1", "doc-1"]  # unknown ids skipped
    assert [type(r) for r in matched] == [StaticLivenessResource, IdDocumentResource]
    assert [r.id for r in session.resources_for_check(unknown)] == ["abc12345-share-code-id"]


def test_resources_for_check_without_resources() -> None:
    assert GetSessionResult().resources_for_check(LivenessCheck(resources_used=("x",))) == ()


def test_per_type_check_lists() -> None:
    session = session_with_ids()

    assert [type(c) for c in session.liveness_checks] == [LivenessCheck]
    assert [type(c) for c in session.authenticity_checks] == [AuthenticityCheck]
    assert [type(c) for c in session.face_match_checks] == [FaceMatchCheck]
    assert [type(c) for c in session.unknown_checks] == [UnknownCheck]
    assert session.text_data_checks == ()
    assert session.checks_of_type(LivenessCheck) == session.liveness_checks


@pytest.mark.parametrize(("wire_type", "cls"), list(CHECK_TYPES.items()))
def test_every_check_type_has_its_list(wire_type: str, cls: type[Any]) -> None:
    session = converter.structure({"checks": [{"type": wire_type, "id": "c"}]}, GetSessionResult)
    lists = {
        name: getattr(session, name)
        for name in dir(GetSessionResult)
        if name.endswith("_checks") and isinstance(getattr(GetSessionResult, name), property)
    }

    holding = [name for name, checks in lists.items() if checks]

    assert len(holding) == 1, holding
    (check,) = lists[holding[0]]
    assert type(check) is cls


def test_resource_container_helpers() -> None:
    resources = session_with_ids().resources

    assert [r.id for r in resources.zoom_liveness_resources] == ["zoom-1"]
    assert [r.id for r in resources.static_liveness_resources] == ["static-1"]
    assert [r.id for r in resources.all_resources] == [
        "doc-1",
        "zoom-1",
        "static-1",
        "abc12345-share-code-id",
    ]
    assert resources.find("static-1") is resources.static_liveness_resources[0]
    assert resources.find("nope") is None
    assert ResourceContainer().all_resources == ()
