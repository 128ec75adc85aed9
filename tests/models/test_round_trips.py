"""Unstructuring gives JSON-ready data that structures back to an equal model."""

from __future__ import annotations

import json
from typing import Any

import pytest

from yoti_idv.models import (
    ContactProfileResponse,
    CreateFaceCaptureResourceResponse,
    CreateSessionResult,
    GeneratedTextDataCheck,
    GetSessionResult,
    InstructionsResponse,
    LivenessCheck,
    RequiredStaticLivenessResource,
    SessionConfiguration,
    StaticLivenessResource,
    SupportedDocumentsResponse,
    TrackedDevices,
    UkPostOfficeBranchResponse,
    UnknownCheck,
)

from ._payloads import configuration_payload, instructions_payload, rich_session
from ._support import converter, load


def session_with_everything() -> dict[str, Any]:
    data: dict[str, Any] = load("get_session_completed_zoom_liveness.python.json")
    data["biometric_consent"] = "2022-03-29T11:39:08.473Z"
    data["resources"]["liveness_capture"].append(load("static_liveness_resource.python-test.json"))
    data["resources"]["share_codes"] = [load("share_code_resource.python-test.json")]
    data["checks"].append({"type": "BRAND_NEW_CHECK", "id": "n", "extra": {"a": [1]}})
    data["checks"].append(
        {
            "type": "WATCHLIST_SCREENING",
            "report": {"watchlist_summary": {"total_hits": 0, "search_config": {"categories": []}}},
        }
    )
    return data


@pytest.mark.parametrize(
    ("model", "data"),
    [
        (GetSessionResult, session_with_everything()),
        (GetSessionResult, load("get_session_minimal.python.json")),
        (CreateSessionResult, load("create_session_response.python.json")),
        (
            SupportedDocumentsResponse,
            load("supported_documents_with_is_strictly_latin.node-test.json"),
        ),
        (GetSessionResult, rich_session()),
        (SessionConfiguration, configuration_payload()),
        (SessionConfiguration, load("session_configuration_minimal.node-test.json")),
        (
            SessionConfiguration,
            load("session_configuration_face_capture_requirement.go-test.json"),
        ),
        (TrackedDevices, load("tracked_devices_response.node-test.json")),
        (
            CreateFaceCaptureResourceResponse,
            load("create_face_capture_resource_response.node-test.json"),
        ),
        (InstructionsResponse, instructions_payload()),
        (InstructionsResponse, {"branch": {"type": "NEW_BRANCH", "x": [1]}}),
        (ContactProfileResponse, {"first_name": "Jane", "email": "j@d.e"}),
    ],
)
def test_round_trip(model: type[Any], data: dict[str, Any]) -> None:
    parsed = converter.structure(data, model)

    unstructured = converter.unstructure(parsed)
    # JSON-ready: survives a real encode/decode.
    again = converter.structure(json.loads(json.dumps(unstructured)), model)

    assert again == parsed


def test_unstructured_session_looks_like_yoti_json() -> None:
    parsed = converter.structure(session_with_everything(), GetSessionResult)

    data = converter.unstructure(parsed)

    liveness_check = data["checks"][1]
    assert liveness_check["type"] == "LIVENESS"  # subclasses keep their tag and own fields
    assert liveness_check["created"] == "2020-01-30T15:00:00Z"  # dates back to RFC 3339 UTC
    assert "generated_profile" not in liveness_check
    assert data["checks"][3] == {"type": "BRAND_NEW_CHECK", "id": "n", "extra": {"a": [1]}}
    static = data["resources"]["liveness_capture"][1]
    assert static["liveness_type"] == "STATIC"
    assert static["capture_type"] == "PHOTOGRAPH"
    assert static["source"] == {"type": "END_USER"}
    assert data["biometric_consent"] == "2022-03-29T11:39:08.473000Z"
    assert "import_token" not in data  # absent stays absent, no nulls
    assert data["client_session_token"] == "<uuid>"  # unstructure is not a repr


def test_models_built_by_hand_unstructure_with_their_tags() -> None:
    assert converter.unstructure(LivenessCheck(id="c")) == {
        "id": "c",
        "type": "LIVENESS",
        "resources_used": [],
        "generated_media": [],
    }
    assert converter.unstructure(StaticLivenessResource(capture_type="PHOTOGRAPH")) == {
        "tasks": [],
        "liveness_type": "STATIC",
        "capture_type": "PHOTOGRAPH",
    }
    assert converter.unstructure(UnknownCheck(raw={"type": "X"})) == {"type": "X"}


def test_unknown_polymorphic_objects_come_back_as_they_came() -> None:
    config = configuration_payload()
    requirements = config["capture"]["required_resources"]

    data = converter.unstructure(converter.structure(config, SessionConfiguration))

    unknown_liveness, unknown = requirements[4], requirements[6]
    assert data["capture"]["required_resources"][4] == unknown_liveness
    assert data["capture"]["required_resources"][6] == unknown
    assert data["capture"]["required_resources"][5]["type"] == "FACE_CAPTURE"
    assert data["sdk_config"] == config["sdk_config"]
    assert data["capture"]["required_resources"][0]["attempts_remaining"] == {
        "GENERIC": 3,
        "RECLASSIFICATION": 2,
    }


def test_new_models_built_by_hand_unstructure_with_their_tags() -> None:
    assert converter.unstructure(RequiredStaticLivenessResource(id="r")) == {
        "id": "r",
        "type": "LIVENESS",
        "allowed_sources": [],
        "liveness_type": "STATIC",
    }
    assert converter.unstructure(GeneratedTextDataCheck(id="c")) == {
        "id": "c",
        "type": "ID_DOCUMENT_TEXT_DATA_CHECK",
    }
    assert converter.unstructure(UkPostOfficeBranchResponse(name="n")) == {
        "type": "UK_POST_OFFICE",
        "name": "n",
    }
    assert converter.unstructure(TrackedDevices()) == []
