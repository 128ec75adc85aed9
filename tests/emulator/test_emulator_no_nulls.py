"""No answer of the IDV API carries ``null`` where Yoti leaves the key out.

Yoti's SDKs treat a present key as a value of its type (Node throws ``TypeError:
ip_iso_country_code must be a string`` on a ``null``), so the emulator leaves out what it
does not know. This walks every JSON answer of rich sessions: STATIC and ZOOM, pass, spoof and
abandon, a face capture, In-Branch Verification instructions, documents, a browser that tells
little about itself, and a sandbox response config.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from yoti_idv.emulator import Emulator
from yoti_idv.emulator.media import make_jpeg

from .helpers import SDK_ID, spec
from .test_emulator_endpoints import (
    FACE_COMPARISON,
    configuration,
    face_capture,
    ibv_session,
    upload,
)

# Headless Chromium on Linux: no maker, no model, no OS version, no locale header.
TERSE_BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/120.0.0.0"


def nulls(value: Any, path: str = "$") -> list[str]:
    """The JSON paths in `value` that hold ``null``."""
    if value is None:
        return [path]
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in nulls(item, f"{path}.{key}")]
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in nulls(item, f"{path}[{i}]")]
    return []


async def _answers(http: httpx.AsyncClient, session_id: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for path in [
        f"sessions/{session_id}",
        f"sessions/{session_id}/configuration",
        f"sessions/{session_id}/tracked-devices",
        f"sessions/{session_id}/instructions",
        f"sessions/{session_id}/instructions/contact-profile",
        "supported-documents",
        "supported-documents?includeNonLatin=true",
    ]:
        response = await http.get(path)
        if response.status_code == 200:
            found[path] = response.json()
    return found


@pytest.mark.parametrize(
    ("liveness_type", "outcome"),
    [("STATIC", "pass"), ("ZOOM", "spoof"), ("STATIC", "abandon")],
)
async def test_no_answer_holds_null(
    emulator: Emulator,
    http: httpx.AsyncClient,
    raw: httpx.AsyncClient,
    liveness_type: str,
    outcome: str,
) -> None:
    session_id, instructions = await ibv_session(http)
    body = spec(
        liveness_type,
        3,
        ibv_options={"support": "MANDATORY"},
        required_documents=[
            {"type": "ID_DOCUMENT", "filter": {"type": "DOCUMENT_RESTRICTIONS", "documents": []}},
            {"type": "SUPPLEMENTARY_DOCUMENT", "objective": {"type": "PROOF_OF_ADDRESS"}},
        ],
    )
    body["requested_checks"] += [
        FACE_COMPARISON,
        {"type": "ID_DOCUMENT_AUTHENTICITY", "config": {}},
        {"type": "WATCHLIST_SCREENING", "config": {"categories": ["SANCTIONS"]}},
    ]
    body["requested_tasks"] = [{"type": "ID_DOCUMENT_TEXT_DATA_EXTRACTION", "config": {}}]
    created = (await http.post("sessions", json=body)).json()
    session_id = created["session_id"]
    config = await configuration(http, session_id)
    ids = {r["type"]: r["id"] for r in config["capture"]["required_resources"]}
    instructions["documents"][0]["requirement_id"] = ids["ID_DOCUMENT"]
    instructions["documents"][1]["requirement_id"] = ids["SUPPLEMENTARY_DOCUMENT"]
    assert (await http.put(f"sessions/{session_id}/instructions", json=instructions)).is_success
    resource_id = await face_capture(http, session_id)
    response = await http.post(
        f"sessions/{session_id}/resources/face-capture",
        json={"requirement_id": ids["FACE_CAPTURE"]},
    )
    assert nulls(response.json()) == []
    assert (await upload(http, session_id, resource_id, make_jpeg())).status_code == 204
    page = await raw.get(
        "/idverify/v1/web/index.html",
        params={"sessionID": session_id, "sessionToken": created["client_session_token"]},
        headers={"User-Agent": TERSE_BROWSER},
    )
    assert page.status_code == 200
    await emulator.complete_session(session_id, outcome)

    answers = await _answers(http, session_id)
    assert f"sessions/{session_id}/tracked-devices" in answers
    assert {path: nulls(answer) for path, answer in answers.items()} == {
        path: [] for path in answers
    }
    device = answers[f"sessions/{session_id}/tracked-devices"][0]["device"]
    assert "ip_iso_country_code" not in device
    assert "manufacture_name" not in device
    assert device["browser_name"] == "Chrome"
    if outcome != "abandon":
        media_ids = [
            r["image"]["media"]["id"]
            for r in answers[f"sessions/{session_id}"]["resources"]["face_capture"]
            if "image" in r
        ]
        assert media_ids


async def test_an_unknown_application_session_answers_without_nulls(
    http: httpx.AsyncClient,
) -> None:
    response = await http.get("sessions/nope")
    assert response.status_code == 404
    assert nulls(response.json()) == []
    assert SDK_ID
