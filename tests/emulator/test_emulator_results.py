"""The simulated user's results look like Yoti's, for both liveness types and both outcomes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from yoti_idv.emulator import Emulator

from .helpers import create, spec

FIXTURES = Path(__file__).parent.parent / "fixtures"


async def completed(
    emulator: Emulator, http: httpx.AsyncClient, body: dict[str, Any], outcome: str, **kw: Any
) -> dict[str, Any]:
    created = await create(http, body)
    await emulator.complete_session(created["session_id"], outcome, **kw)
    response = await http.get(f"sessions/{created['session_id']}")
    assert response.status_code == 200
    result: dict[str, Any] = response.json()
    return result


def _keys_like(ours: dict[str, Any], theirs: dict[str, Any]) -> None:
    """Every key of Yoti's fixture object is present in ours (ours may add more)."""
    assert set(theirs) <= set(ours), set(theirs) - set(ours)


@pytest.mark.parametrize("outcome", ["pass", "spoof"])
async def test_static_liveness(emulator: Emulator, http: httpx.AsyncClient, outcome: str) -> None:
    session = await completed(emulator, http, spec("STATIC", 3), outcome)
    assert session["state"] == "COMPLETED"
    assert session["biometric_consent"].endswith("Z")
    captures = session["resources"]["liveness_capture"]
    assert len(captures) == (1 if outcome == "pass" else 3)  # a spoof uses every attempt
    fixture = json.loads((FIXTURES / "static_liveness_resource.python-test.json").read_text())
    for capture in captures:
        _keys_like(capture, fixture)
        assert capture["liveness_type"] == "STATIC"
        assert capture["capture_type"] == "PHOTOGRAPH"
        assert capture["source"] == {"type": "END_USER"}
        _keys_like(capture["image"]["media"], fixture["image"]["media"])
        assert capture["image"]["media"]["type"] == "IMAGE"
    checks = session["checks"]
    assert [c["type"] for c in checks] == ["LIVENESS"] * len(captures)
    for check, capture in zip(checks, captures, strict=True):
        assert check["state"] == "DONE"
        assert check["resources_used"] == [capture["id"]]
        report = check["report"]
        assert [b["sub_check"] for b in report["breakdown"]] == [
            "liveness_auth",
            "face_processing",
            "payload_signature_verification",
        ]
        if outcome == "pass":
            assert report["recommendation"] == {"value": "APPROVE"}
            assert {b["result"] for b in report["breakdown"]} == {"PASS"}
        else:
            # Yoti: a failed liveness_auth "will recommend REJECT with no reason given".
            assert report["recommendation"] == {"value": "REJECT"}
            assert report["breakdown"][0]["result"] == "FAIL"


@pytest.mark.parametrize("outcome", ["pass", "spoof"])
async def test_zoom_liveness(emulator: Emulator, http: httpx.AsyncClient, outcome: str) -> None:
    session = await completed(emulator, http, spec("ZOOM", 2), outcome)
    fixture = json.loads((FIXTURES / "get_session_completed_zoom_liveness.python.json").read_text())
    zoom_fixture = fixture["resources"]["liveness_capture"][0]
    captures = session["resources"]["liveness_capture"]
    assert len(captures) == (1 if outcome == "pass" else 2)
    for capture in captures:
        _keys_like(capture, zoom_fixture)
        assert capture["facemap"]["media"]["type"] == "BINARY"
        framed = [f for f in capture["frames"] if f]
        assert framed
        assert all(f["media"]["type"] == "IMAGE" for f in framed)
        assert {} in capture["frames"]  # as in Yoti's fixture, some frames carry nothing
    for check in session["checks"]:
        _keys_like(check, fixture["checks"][1])
        assert [b["sub_check"] for b in check["report"]["breakdown"]] == ["liveness_auth"]
        expected = "APPROVE" if outcome == "pass" else "REJECT"
        assert check["report"]["recommendation"]["value"] == expected
    _keys_like(session, fixture)


async def test_pass_after_failed_attempts(emulator: Emulator, http: httpx.AsyncClient) -> None:
    session = await completed(emulator, http, spec("STATIC", 3), "pass", attempts=3)
    values = [c["report"]["recommendation"]["value"] for c in session["checks"]]
    assert values == ["REJECT", "REJECT", "APPROVE"]
    assert len(session["resources"]["liveness_capture"]) == 3


async def test_document_checks_are_answered(emulator: Emulator, http: httpx.AsyncClient) -> None:
    body = spec("STATIC", 1)
    body["requested_checks"] += [
        {"type": "ID_DOCUMENT_AUTHENTICITY", "config": {}},
        {"type": "ID_DOCUMENT_FACE_MATCH", "config": {"manual_check": "FALLBACK"}},
        {"type": "WATCHLIST_SCREENING", "config": {"categories": ["SANCTIONS"]}},
    ]
    body["requested_tasks"] = [
        {"type": "ID_DOCUMENT_TEXT_DATA_EXTRACTION", "config": {"manual_check": "FALLBACK"}}
    ]
    session = await completed(emulator, http, body, "pass")
    document = session["resources"]["id_documents"][0]
    assert document["issuing_country"] == "GBR"
    assert document["pages"][0]["media"]["type"] == "IMAGE"
    assert document["document_fields"]["media"]["type"] == "JSON"
    task = document["tasks"][0]
    assert task["type"] == "ID_DOCUMENT_TEXT_DATA_EXTRACTION"
    assert task["state"] == "DONE"
    by_type = {c["type"]: c for c in session["checks"]}
    liveness_id = session["resources"]["liveness_capture"][0]["id"]
    assert by_type["ID_DOCUMENT_AUTHENTICITY"]["resources_used"] == [document["id"]]
    assert by_type["ID_DOCUMENT_AUTHENTICITY"]["report"]["recommendation"]["value"] == "APPROVE"
    face_match = by_type["ID_DOCUMENT_FACE_MATCH"]
    assert face_match["resources_used"] == [document["id"], liveness_id]
    assert face_match["report"]["breakdown"][0]["details"][0]["name"] == "confidence_score"
    assert by_type["ID_DOCUMENT_TEXT_DATA_CHECK"]["id"] == task["generated_checks"][0]["id"]
    assert by_type["WATCHLIST_SCREENING"]["report"]["recommendation"]["value"] == "NOT_AVAILABLE"
    fields_id = document["document_fields"]["media"]["id"]
    fields = await http.get(f"sessions/{session['session_id']}/media/{fields_id}/content")
    assert fields.headers["content-type"] == "application/json"
    assert fields.json()["issuing_country"] == "GBR"


async def test_face_match_rejects_a_spoof(emulator: Emulator, http: httpx.AsyncClient) -> None:
    body = spec("STATIC", 1)
    body["requested_checks"].append({"type": "ID_DOCUMENT_FACE_MATCH", "config": {}})
    session = await completed(emulator, http, body, "spoof")
    face_match = next(c for c in session["checks"] if c["type"] == "ID_DOCUMENT_FACE_MATCH")
    assert face_match["report"]["recommendation"] == {
        "value": "REJECT",
        "reason": "FACE_NOT_GENUINE",
    }


async def test_blocked_biometric_consent_is_not_stamped(
    emulator: Emulator, http: httpx.AsyncClient
) -> None:
    session = await completed(emulator, http, spec(block_biometric_consent=True), "pass")
    assert "biometric_consent" not in session
