"""Response configs honoured: when the simulated user completes a session, its checks and
task results are the configured ones (session config, else the application's, else the
emulator's own), held back by the configured delays."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest

from yoti_idv.auth.signing import include_sdk_id
from yoti_idv.emulator import Emulator, ManualClock

from .helpers import SDK_ID, as_json, create, spec

WEB = "/idverify/v1/web"


def liveness_entry(value: str, liveness_type: str = "STATIC", **extra: Any) -> dict[str, Any]:
    return {
        "liveness_type": liveness_type,
        "result": {"report": {"recommendation": {"value": value}}},
        **extra,
    }


def config(**check_reports: Any) -> dict[str, Any]:
    return {"check_reports": check_reports}


REJECTED = config(
    LIVENESS=[
        {
            "liveness_type": "STATIC",
            "result": {
                "report": {
                    "recommendation": {
                        "value": "REJECT",
                        "reason": "QUALITY",
                        "recovery_suggestion": "BETTER_LIGHTING",
                    },
                    "breakdown": [
                        {
                            "sub_check": "liveness_auth",
                            "result": "FAIL",
                            "details": [{"name": "confidence", "value": "0.12"}],
                        },
                        {"sub_check": "face_processing", "result": "PASS"},
                    ],
                }
            },
        }
    ]
)

DOCUMENT_SPEC = spec(
    requested_checks=[
        {"type": "LIVENESS", "config": {"liveness_type": "STATIC", "max_retries": 3}},
        {"type": "ID_DOCUMENT_AUTHENTICITY", "config": {}},
        {"type": "ID_DOCUMENT_FACE_MATCH", "config": {}},
    ],
    requested_tasks=[{"type": "ID_DOCUMENT_TEXT_DATA_EXTRACTION", "config": {}}],
)


async def configure(http: httpx.AsyncClient, session_id: str, body: dict[str, Any]) -> None:
    response = await http.put(f"sessions/{session_id}/response-config", content=as_json(body))
    assert response.status_code == 204, response.text


async def configure_app(http: httpx.AsyncClient, body: dict[str, Any]) -> None:
    response = await http.put(
        f"apps/{SDK_ID}/response-config", content=as_json(body), extensions=include_sdk_id(False)
    )
    assert response.status_code == 204, response.text


async def session_json(http: httpx.AsyncClient, session_id: str) -> dict[str, Any]:
    response = await http.get(f"sessions/{session_id}")
    assert response.status_code == 200
    result: dict[str, Any] = response.json()
    return result


def checks_of(session: dict[str, Any], check_type: str) -> list[dict[str, Any]]:
    return [c for c in session["checks"] if c["type"] == check_type]


def values(checks: list[dict[str, Any]]) -> list[str]:
    return [c["report"]["recommendation"]["value"] for c in checks]


# --- liveness ------------------------------------------------------------------------------


async def test_a_configured_liveness_report_replaces_the_emulators(
    emulator: Emulator, http: httpx.AsyncClient
) -> None:
    session_id = (await create(http))["session_id"]
    await configure(http, session_id, REJECTED)
    await emulator.complete_session(session_id, "pass")
    (check,) = (await session_json(http, session_id))["checks"]
    assert check["state"] == "DONE"
    assert check["report"] == {
        "recommendation": {
            "value": "REJECT",
            "reason": "QUALITY",
            "recovery_suggestion": "BETTER_LIGHTING",
        },
        "breakdown": [
            {
                "sub_check": "liveness_auth",
                "result": "FAIL",
                "details": [{"name": "confidence", "value": "0.12"}],
            },
            {"sub_check": "face_processing", "result": "PASS", "details": []},
        ],
    }


@pytest.mark.parametrize(
    ("configured", "attempts", "expected"),
    [
        (["REJECT"], 3, ["REJECT"] * 3),
        (["REJECT", "APPROVE"], 3, ["REJECT", "APPROVE", "APPROVE"]),
        (["REJECT", "REJECT", "APPROVE"], 2, ["REJECT", "REJECT"]),
    ],
)
async def test_one_entry_per_attempt_in_order_and_the_last_applies_to_the_rest(
    emulator: Emulator,
    http: httpx.AsyncClient,
    configured: list[str],
    attempts: int,
    expected: list[str],
) -> None:
    session_id = (await create(http))["session_id"]
    await configure(http, session_id, config(LIVENESS=[liveness_entry(v) for v in configured]))
    await emulator.complete_session(session_id, "spoof", attempts=attempts)
    assert values(checks_of(await session_json(http, session_id), "LIVENESS")) == expected


async def test_entries_for_the_other_liveness_type_do_not_apply(
    emulator: Emulator, http: httpx.AsyncClient
) -> None:
    session_id = (await create(http, spec("ZOOM")))["session_id"]
    entries = [liveness_entry("REJECT", "STATIC"), liveness_entry("CONSIDER", "ZOOM")]
    await configure(http, session_id, config(LIVENESS=entries))
    await emulator.complete_session(session_id, "pass")
    assert values((await session_json(http, session_id))["checks"]) == ["CONSIDER"]

    other_id = (await create(http, spec("ZOOM")))["session_id"]
    await configure(http, other_id, config(LIVENESS=[liveness_entry("REJECT", "STATIC")]))
    await emulator.complete_session(other_id, "pass")
    assert values((await session_json(http, other_id))["checks"]) == ["APPROVE"]


@pytest.mark.parametrize("result", [{"report": {}}, {"report_template": "SOME_CANNED_REPORT"}, {}])
async def test_an_entry_without_a_recommendation_keeps_the_emulators_report(
    emulator: Emulator, http: httpx.AsyncClient, result: dict[str, Any]
) -> None:
    session_id = (await create(http))["session_id"]
    await configure(
        http, session_id, config(LIVENESS=[{"liveness_type": "STATIC", "result": result}])
    )
    await emulator.complete_session(session_id, "pass")
    (check,) = (await session_json(http, session_id))["checks"]
    assert check["report"]["recommendation"] == {"value": "APPROVE"}
    assert check["report"]["breakdown"][0]["sub_check"] == "liveness_auth"


async def test_reports_for_checks_the_session_did_not_request_are_ignored(
    emulator: Emulator, http: httpx.AsyncClient
) -> None:
    session_id = (await create(http))["session_id"]
    await configure(
        http,
        session_id,
        config(
            ID_DOCUMENT_AUTHENTICITY=[{"result": {"report": {"recommendation": {"value": "X"}}}}],
            THIRD_PARTY_IDENTITY={"result": {"report": {"recommendation": {"value": "X"}}}},
        ),
    )
    await emulator.complete_session(session_id, "pass")
    assert [c["type"] for c in (await session_json(http, session_id))["checks"]] == ["LIVENESS"]


async def test_a_single_object_check_report_applies_to_its_check(
    emulator: Emulator, http: httpx.AsyncClient
) -> None:
    body = spec(
        requested_checks=[
            {"type": "LIVENESS", "config": {"liveness_type": "STATIC", "max_retries": 1}},
            {"type": "THIRD_PARTY_IDENTITY", "config": {}},
        ]
    )
    session_id = (await create(http, body))["session_id"]
    report = {"recommendation": {"value": "APPROVE"}, "breakdown": []}
    await configure(http, session_id, config(THIRD_PARTY_IDENTITY={"result": {"report": report}}))
    await emulator.complete_session(session_id, "pass")
    (check,) = checks_of(await session_json(http, session_id), "THIRD_PARTY_IDENTITY")
    assert check["report"] == report


# --- where the config comes from -----------------------------------------------------------


async def test_the_application_config_applies_to_sessions_created_after_it(
    emulator: Emulator, http: httpx.AsyncClient
) -> None:
    before = (await create(http))["session_id"]
    await configure_app(http, REJECTED)
    after = (await create(http))["session_id"]
    for session_id in (before, after):
        await emulator.complete_session(session_id, "pass")
    assert values((await session_json(http, before))["checks"]) == ["APPROVE"]
    assert values((await session_json(http, after))["checks"]) == ["REJECT"]


async def test_a_session_config_wins_over_the_application_config(
    emulator: Emulator, http: httpx.AsyncClient
) -> None:
    await configure_app(http, REJECTED)
    session_id = (await create(http))["session_id"]
    await configure(http, session_id, config(LIVENESS=[liveness_entry("CONSIDER")]))
    await emulator.complete_session(session_id, "pass")
    assert values((await session_json(http, session_id))["checks"]) == ["CONSIDER"]


async def test_the_control_api_and_the_hosted_page_honour_the_config(
    emulator: Emulator, http: httpx.AsyncClient, raw: httpx.AsyncClient
) -> None:
    by_control = await create(http)
    by_page = await create(http)
    for created in (by_control, by_page):
        await configure(http, created["session_id"], REJECTED)
    response = await raw.post(
        f"/__emulator__/sessions/{by_control['session_id']}/complete", json={"outcome": "pass"}
    )
    assert response.status_code == 200
    form = {
        "sessionID": by_page["session_id"],
        "sessionToken": by_page["client_session_token"],
        "outcome": "pass",
    }
    assert (await raw.post(f"{WEB}/capture", data=form)).status_code == 303
    for created in (by_control, by_page):
        session = await session_json(http, created["session_id"])
        assert values(session["checks"]) == ["REJECT"]


# --- delays --------------------------------------------------------------------------------


async def test_async_report_delay_keeps_every_report_pending_until_the_clock_passes_it(
    emulator: Emulator, http: httpx.AsyncClient, clock: ManualClock
) -> None:
    session_id = (await create(http, DOCUMENT_SPEC))["session_id"]
    await configure(http, session_id, {"check_reports": {"async_report_delay": 30}})
    _, _, events = emulator.complete_session_state(session_id, "pass", None)
    assert "CHECK_COMPLETION" not in [e.topic for e in events]
    assert "SESSION_COMPLETION" in [e.topic for e in events]

    session = await session_json(http, session_id)
    assert session["state"] == "COMPLETED"
    assert len(session["checks"]) == 4
    for check in session["checks"]:
        assert check["state"] == "PENDING"
        assert "report" not in check
        assert check["last_updated"] == check["created"]
    clock.advance(29)
    assert {c["state"] for c in (await session_json(http, session_id))["checks"]} == {"PENDING"}
    clock.advance(1)
    done = (await session_json(http, session_id))["checks"]
    assert {c["state"] for c in done} == {"DONE"}
    assert all(c["report"]["recommendation"]["value"] == "APPROVE" for c in done)
    assert done[0]["last_updated"] > done[0]["created"]


async def test_a_liveness_response_delay_holds_back_only_that_check(
    emulator: Emulator, http: httpx.AsyncClient, clock: ManualClock
) -> None:
    session_id = (await create(http, DOCUMENT_SPEC))["session_id"]
    delayed = liveness_entry("REJECT", response_delay=10)
    await configure(http, session_id, config(LIVENESS=[delayed], async_report_delay=4))
    await emulator.complete_session(session_id, "pass")
    clock.advance(5)
    session = await session_json(http, session_id)
    assert {c["type"]: c["state"] for c in session["checks"]} == {
        "LIVENESS": "PENDING",
        "ID_DOCUMENT_TEXT_DATA_CHECK": "DONE",
        "ID_DOCUMENT_AUTHENTICITY": "DONE",
        "ID_DOCUMENT_FACE_MATCH": "DONE",
    }
    clock.advance(5)
    assert values(checks_of(await session_json(http, session_id), "LIVENESS")) == ["REJECT"]


async def test_without_a_delay_the_configured_report_is_there_at_once(
    emulator: Emulator, http: httpx.AsyncClient, clock: ManualClock
) -> None:
    session_id = (await create(http))["session_id"]
    await configure(http, session_id, config(LIVENESS=[liveness_entry("REJECT")]))
    await emulator.complete_session(session_id, "pass")
    assert emulator.session(session_id).state == "COMPLETED"
    assert values((await session_json(http, session_id))["checks"]) == ["REJECT"]


# --- ID document checks and text extraction ------------------------------------------------


def _document_report(value: str, **document_filter: list[str]) -> dict[str, Any]:
    entry: dict[str, Any] = {"result": {"report": {"recommendation": {"value": value}}}}
    if document_filter:
        entry["document_filter"] = {"document_types": [], "country_codes": [], **document_filter}
    return entry


async def test_document_checks_take_an_entry_whose_filter_matches_the_document(
    emulator: Emulator, http: httpx.AsyncClient
) -> None:
    session_id = (await create(http, DOCUMENT_SPEC))["session_id"]
    body = config(
        ID_DOCUMENT_AUTHENTICITY=[
            _document_report("CONSIDER", country_codes=["FRA"]),
            _document_report("REJECT", document_types=["PASSPORT"], country_codes=["GBR"]),
        ],
        ID_DOCUMENT_FACE_MATCH=[_document_report("REJECT", document_types=["DRIVING_LICENCE"])],
        ID_DOCUMENT_TEXT_DATA_CHECK=[_document_report("REJECT")],
    )
    await configure(http, session_id, body)
    await emulator.complete_session(session_id, "pass")
    session = await session_json(http, session_id)
    assert values(checks_of(session, "ID_DOCUMENT_AUTHENTICITY")) == ["REJECT"]
    assert values(checks_of(session, "ID_DOCUMENT_FACE_MATCH")) == ["APPROVE"]  # no match
    assert values(checks_of(session, "ID_DOCUMENT_TEXT_DATA_CHECK")) == ["REJECT"]


async def test_text_extraction_results_become_the_documents_fields_country_and_photo(
    emulator: Emulator, http: httpx.AsyncClient
) -> None:
    session_id = (await create(http, DOCUMENT_SPEC))["session_id"]
    fields = {"full_name": "Marie Curie", "nationality": "FRA", "nested": {"a": [1, 2]}}
    photo = b"\xff\xd8\xff\xe0 a tiny jpeg"
    body = {
        "check_reports": {
            # Matched against the country the extraction detected.
            "ID_DOCUMENT_AUTHENTICITY": [_document_report("REJECT", country_codes=["FRA"])],
        },
        "task_results": {
            "ID_DOCUMENT_TEXT_DATA_EXTRACTION": [
                {
                    "result": {"document_fields": {"ignored": True}},
                    "document_filter": {"document_types": ["NATIONAL_ID"], "country_codes": []},
                },
                {
                    "result": {
                        "document_fields": fields,
                        "detected_country": "FRA",
                        "detected_document_type": "PASSPORT",
                        "document_id_photo": {
                            "content_type": "image/jpeg",
                            "data": base64.b64encode(photo).decode(),
                        },
                        "recommendation": {
                            "value": "SHOULD_TRY_AGAIN",
                            "reason": {"value": "QUALITY", "detail": "BLURRY"},
                        },
                    }
                },
            ]
        },
    }
    await configure(http, session_id, body)
    await emulator.complete_session(session_id, "pass")
    session = await session_json(http, session_id)
    (document,) = session["resources"]["id_documents"]
    assert document["issuing_country"] == "FRA"
    (task,) = document["tasks"]
    assert task["recommendation"] == {
        "value": "SHOULD_TRY_AGAIN",
        "reason": {"value": "QUALITY", "detail": "BLURRY"},
    }
    media_id = document["document_fields"]["media"]["id"]
    served = await http.get(f"sessions/{session_id}/media/{media_id}/content")
    assert served.headers["content-type"].startswith("application/json")
    assert json.loads(served.content) == fields
    photo_id = document["document_id_photo"]["media"]["id"]
    served_photo = await http.get(f"sessions/{session_id}/media/{photo_id}/content")
    assert (served_photo.headers["content-type"], served_photo.content) == ("image/jpeg", photo)
    assert values(checks_of(session, "ID_DOCUMENT_AUTHENTICITY")) == ["REJECT"]


async def test_a_text_data_checks_fields_are_used_when_no_task_result_gives_some(
    emulator: Emulator, http: httpx.AsyncClient
) -> None:
    session_id = (await create(http, DOCUMENT_SPEC))["session_id"]
    check = {"result": {"report": {}, "document_fields": {"full_name": "From The Check"}}}
    await configure(http, session_id, config(ID_DOCUMENT_TEXT_DATA_CHECK=[check]))
    await emulator.complete_session(session_id, "pass")
    (document,) = (await session_json(http, session_id))["resources"]["id_documents"]
    media_id = document["document_fields"]["media"]["id"]
    served = await http.get(f"sessions/{session_id}/media/{media_id}/content")
    assert served.json() == {"full_name": "From The Check"}
    assert "document_id_photo" not in document
