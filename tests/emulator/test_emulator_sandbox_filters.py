"""Sandbox response configs: ``secondary_document_filter`` (ID document comparison) and
``sources_filter`` (advanced watchlist screening) decide which entry a check gets."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from yoti_idv.emulator import Emulator

from .helpers import create, spec


def _entry(value: str, **filters: Any) -> dict[str, Any]:
    return {"result": {"report": {"recommendation": {"value": value}, "breakdown": []}}, **filters}


async def _complete_with(
    emulator: Emulator, http: httpx.AsyncClient, checks: list[dict[str, Any]], reports: Any
) -> dict[str, Any]:
    body = spec()
    body["requested_checks"] += checks
    created = await create(http, body)
    session_id = created["session_id"]
    response = await http.put(
        f"sessions/{session_id}/response-config", json={"check_reports": reports}
    )
    assert response.status_code == 204, response.text
    await emulator.complete_session(session_id, "pass")
    result: dict[str, Any] = (await http.get(f"sessions/{session_id}")).json()
    return result


def _check(session: dict[str, Any], check_type: str) -> dict[str, Any]:
    checks: list[dict[str, Any]] = [c for c in session["checks"] if c["type"] == check_type]
    (check,) = checks
    return check


@pytest.mark.parametrize(
    ("secondary_types", "expected"),
    [(["DRIVING_LICENCE"], "APPROVE"), (["PASSPORT"], "REJECT"), ([], "APPROVE")],
)
async def test_secondary_document_filter_matches_the_second_document(
    emulator: Emulator, http: httpx.AsyncClient, secondary_types: list[str], expected: str
) -> None:
    reports = {
        "ID_DOCUMENT_COMPARISON": [
            _entry("APPROVE", secondary_document_filter={"document_types": secondary_types}),
            _entry("REJECT"),  # the fallback when the first does not apply
        ]
    }
    session = await _complete_with(
        emulator, http, [{"type": "ID_DOCUMENT_COMPARISON", "config": {}}], reports
    )
    documents = session["resources"]["id_documents"]
    assert [d["document_type"] for d in documents] == ["PASSPORT", "DRIVING_LICENCE"]
    check = _check(session, "ID_DOCUMENT_COMPARISON")
    assert check["resources_used"] == [d["id"] for d in documents]
    assert check["report"]["recommendation"]["value"] == expected


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        ({"type": "TYPE_LIST", "types": ["pep", "sanction"]}, "APPROVE"),
        ({"type": "TYPE_LIST", "types": ["sanction"]}, "CONSIDER"),
        ({"type": "PROFILE", "search_profile": "profile-1"}, "REJECT"),
        ({"type": "PROFILE", "search_profile": "another"}, "CONSIDER"),
        (None, "CONSIDER"),  # Yoti's default sources: an empty TYPE_LIST
    ],
)
async def test_sources_filter_matches_the_requested_sources(
    emulator: Emulator, http: httpx.AsyncClient, sources: dict[str, Any] | None, expected: str
) -> None:
    config: dict[str, Any] = {"type": "WITH_YOTI_ACCOUNT"}
    if sources is not None:
        config["sources"] = sources
    reports = {
        "WATCHLIST_ADVANCED_CA": [
            _entry("APPROVE", sources_filter={"type": "TYPE_LIST", "types": ["pep"]}),
            _entry("REJECT", sources_filter={"type": "PROFILE", "search_profile": "profile-1"}),
            _entry("CONSIDER", sources_filter={"type": "TYPE_LIST", "types": []}),
        ]
    }
    if sources is not None and sources["type"] == "PROFILE" and expected == "CONSIDER":
        reports["WATCHLIST_ADVANCED_CA"].append(_entry("CONSIDER"))
    session = await _complete_with(
        emulator, http, [{"type": "WATCHLIST_ADVANCED_CA", "config": config}], reports
    )
    check = _check(session, "WATCHLIST_ADVANCED_CA")
    assert check["report"]["recommendation"]["value"] == expected
