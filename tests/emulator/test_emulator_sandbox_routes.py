"""The sandbox's response-config routes: signed like every other request, validated like
Yoti would, and nothing stored when refused."""

from __future__ import annotations

import base64
import json
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from yoti_idv.auth.signing import PrivateKey, include_sdk_id, message_to_sign
from yoti_idv.emulator import Emulator
from yoti_idv.testing import KeyPair, signed_http_client

from .helpers import SDK_ID, as_json, create

BASE = "http://idv-emulator.local/idverify/v1"
_FIXTURE = (
    Path(__file__).parent.parent
    / "fixtures"
    / "sandbox_request_serialization_examples.go-tests.json"
)

REJECT: dict[str, Any] = {
    "check_reports": {
        "LIVENESS": [
            {
                "liveness_type": "STATIC",
                "result": {
                    "report": {
                        "recommendation": {"value": "REJECT", "reason": "QUALITY"},
                        "breakdown": [{"sub_check": "liveness_auth", "result": "FAIL"}],
                    }
                },
            }
        ]
    }
}


def _stored(emulator: Emulator, session_id: str) -> dict[str, Any] | None:
    session = emulator.store.get(session_id)
    assert session is not None
    return session.response_config


async def _put_app_config(
    http: httpx.AsyncClient, body: Any, sdk_id: str = SDK_ID
) -> httpx.Response:
    return await http.put(
        f"apps/{sdk_id}/response-config",
        content=as_json(body),
        headers={"Content-Type": "application/json"},
        extensions=include_sdk_id(False),
    )


async def _hand_signed_put(
    raw: httpx.AsyncClient, key: PrivateKey, path: str, query: str, body: bytes
) -> httpx.Response:
    path_and_query = f"{path}?{query}"
    digest = base64.b64encode(key.sign(message_to_sign("PUT", path_and_query, body))).decode()
    return await raw.put(
        BASE + path_and_query,
        content=body,
        headers={"X-Yoti-Auth-Digest": digest, "Content-Type": "application/json"},
    )


def _auth_query(**extra: str) -> str:
    params = {**extra, "nonce": str(uuid.uuid4()), "timestamp": str(int(time.time() * 1000))}
    return "&".join(f"{key}={value}" for key, value in params.items())


# --- the session config -----------------------------------------------------------------------


async def test_a_session_config_is_stored_on_the_session(
    http: httpx.AsyncClient, emulator: Emulator
) -> None:
    session_id = (await create(http))["session_id"]
    response = await http.put(f"sessions/{session_id}/response-config", content=as_json(REJECT))
    assert response.status_code == 204, response.text
    assert _stored(emulator, session_id) == REJECT


async def test_a_session_config_replaces_the_previous_one(
    http: httpx.AsyncClient, emulator: Emulator
) -> None:
    session_id = (await create(http))["session_id"]
    await http.put(f"sessions/{session_id}/response-config", content=as_json(REJECT))
    empty: dict[str, Any] = {"check_reports": {}}
    response = await http.put(f"sessions/{session_id}/response-config", content=as_json(empty))
    assert response.status_code == 204
    assert _stored(emulator, session_id) == empty


async def test_an_unsigned_or_badly_signed_session_config_is_a_401_that_stores_nothing(
    http: httpx.AsyncClient,
    raw: httpx.AsyncClient,
    emulator: Emulator,
    other_key_pair: KeyPair,
) -> None:
    session_id = (await create(http))["session_id"]
    path = f"/sessions/{session_id}/response-config"
    unsigned = await raw.put(BASE + path + "?" + _auth_query(sdkId=SDK_ID), content=b"{}")
    assert unsigned.status_code == 401
    forged = await _hand_signed_put(
        raw, other_key_pair.private_key, path, _auth_query(sdkId=SDK_ID), as_json(REJECT)
    )
    assert forged.status_code == 401
    assert forged.json()["code"] == "UNAUTHORIZED"
    assert _stored(emulator, session_id) is None


async def test_a_session_config_for_an_unknown_or_another_apps_session_is_a_404(
    http: httpx.AsyncClient, emulator: Emulator, other_key_pair: KeyPair
) -> None:
    response = await http.put(f"sessions/{uuid.uuid4()}/response-config", content=as_json(REJECT))
    assert response.status_code == 404
    assert response.json()["code"] == "SESSION_NOT_FOUND"
    async with signed_http_client(emulator, other_key_pair, "other-app") as other:
        theirs = (await create(other))["session_id"]
    response = await http.put(f"sessions/{theirs}/response-config", content=as_json(REJECT))
    assert response.status_code == 404
    assert response.json()["code"] == "SESSION_NOT_FOUND"
    assert _stored(emulator, theirs) is None


async def test_a_session_config_once_the_session_is_over_is_a_409(
    http: httpx.AsyncClient, emulator: Emulator
) -> None:
    session_id = (await create(http))["session_id"]
    await emulator.complete_session(session_id, "pass")
    response = await http.put(f"sessions/{session_id}/response-config", content=as_json(REJECT))
    assert response.status_code == 409
    assert response.json()["code"] == "SESSION_NOT_ONGOING"
    assert _stored(emulator, session_id) is None


# --- the application config ----------------------------------------------------------------


async def test_an_application_config_signed_without_sdk_id_reaches_new_sessions_only(
    http: httpx.AsyncClient, emulator: Emulator
) -> None:
    before = (await create(http))["session_id"]
    response = await _put_app_config(http, REJECT)
    assert response.status_code == 204, response.text
    assert "sdkId" not in str(response.request.url.query)
    after = (await create(http))["session_id"]
    assert _stored(emulator, after) == REJECT
    assert _stored(emulator, before) is None


async def test_each_new_session_gets_its_own_copy_of_the_application_config(
    http: httpx.AsyncClient, emulator: Emulator
) -> None:
    await _put_app_config(http, REJECT)
    first = (await create(http))["session_id"]
    second = (await create(http))["session_id"]
    config = _stored(emulator, first)
    assert config is not None
    config["check_reports"]["LIVENESS"].clear()
    assert _stored(emulator, second) == REJECT


async def test_an_application_config_for_an_unknown_app_is_a_401_app_not_found(
    http: httpx.AsyncClient, emulator: Emulator
) -> None:
    response = await _put_app_config(http, REJECT, sdk_id="no-such-app")
    assert response.status_code == 401
    assert response.json()["code"] == "APP_NOT_FOUND"
    assert emulator.response_configs.for_new_session("no-such-app") is None


async def test_an_application_config_must_be_signed_by_the_path_apps_key(
    raw: httpx.AsyncClient, emulator: Emulator, key_pair: KeyPair, other_key_pair: KeyPair
) -> None:
    emulator.register_application(SDK_ID, key_pair.public_key_pem)
    emulator.register_application("other-app", other_key_pair.public_key_pem)
    # Signed by "other-app" for SDK_ID's path: the signature is good, but not SDK_ID's.
    response = await _hand_signed_put(
        raw,
        other_key_pair.private_key,
        f"/apps/{SDK_ID}/response-config",
        _auth_query(),
        as_json(REJECT),
    )
    assert response.status_code == 401
    assert response.json()["code"] == "UNAUTHORIZED"
    assert emulator.response_configs.for_new_session(SDK_ID) is None


async def test_an_application_config_without_nonce_is_a_401(
    raw: httpx.AsyncClient, emulator: Emulator, key_pair: KeyPair
) -> None:
    emulator.register_application(SDK_ID, key_pair.public_key_pem)
    query = f"timestamp={int(time.time() * 1000)}"
    response = await _hand_signed_put(
        raw, key_pair.private_key, f"/apps/{SDK_ID}/response-config", query, as_json(REJECT)
    )
    assert response.status_code == 401
    assert "nonce" in response.json()["message"]


async def test_a_query_sdk_id_as_java_sends_it_must_name_the_path_app(
    raw: httpx.AsyncClient, emulator: Emulator, key_pair: KeyPair
) -> None:
    emulator.register_application(SDK_ID, key_pair.public_key_pem)
    path = f"/apps/{SDK_ID}/response-config"
    same = await _hand_signed_put(
        raw, key_pair.private_key, path, _auth_query(sdkId=SDK_ID), as_json(REJECT)
    )
    assert same.status_code == 204, same.text
    other = await _hand_signed_put(
        raw, key_pair.private_key, path, _auth_query(sdkId="other-app"), as_json({})
    )
    assert other.status_code == 401
    assert emulator.response_configs.for_new_session(SDK_ID) == REJECT


async def test_a_replayed_application_config_is_refused(
    raw: httpx.AsyncClient, emulator: Emulator, key_pair: KeyPair
) -> None:
    emulator.register_application(SDK_ID, key_pair.public_key_pem)
    path, query = f"/apps/{SDK_ID}/response-config", _auth_query()
    first = await _hand_signed_put(raw, key_pair.private_key, path, query, as_json(REJECT))
    assert first.status_code == 204
    again = await _hand_signed_put(raw, key_pair.private_key, path, query, as_json(REJECT))
    assert again.status_code == 401
    assert "nonce" in again.json()["message"]


# --- validation ------------------------------------------------------------------------------


def _liveness(**entry: Any) -> dict[str, Any]:
    return {"check_reports": {"LIVENESS": [{"result": {"report": {}}, **entry}]}}


def _report(report: dict[str, Any]) -> dict[str, Any]:
    return _liveness(liveness_type="STATIC", result={"report": report})


def _task(result: dict[str, Any], **entry: Any) -> dict[str, Any]:
    return {
        "check_reports": {},
        "task_results": {"ID_DOCUMENT_TEXT_DATA_EXTRACTION": [{"result": result, **entry}]},
    }


INVALID: list[tuple[str, Any, str]] = [
    ("not an object", [REJECT], "body"),
    ("no check_reports", {"task_results": {}}, "check_reports"),
    ("null check_reports", {"check_reports": None}, "check_reports"),
    ("check_reports not an object", {"check_reports": []}, "check_reports"),
    ("unknown check", {"check_reports": {"LIVENES": []}}, "check_reports.LIVENES"),
    ("list not an array", {"check_reports": {"LIVENESS": {}}}, "check_reports.LIVENESS"),
    ("entry not an object", {"check_reports": {"LIVENESS": [1]}}, "check_reports.LIVENESS[0]"),
    ("no liveness_type", _liveness(), "check_reports.LIVENESS[0].liveness_type"),
    (
        "bad liveness_type",
        _liveness(liveness_type="ACTIVE"),
        "check_reports.LIVENESS[0].liveness_type",
    ),
    (
        "negative response_delay",
        _liveness(liveness_type="ZOOM", response_delay=-1),
        "check_reports.LIVENESS[0].response_delay",
    ),
    (
        "no result",
        {"check_reports": {"ID_DOCUMENT_AUTHENTICITY": [{}]}},
        "check_reports.ID_DOCUMENT_AUTHENTICITY[0].result",
    ),
    (
        "recommendation without value",
        _report({"recommendation": {"reason": "QUALITY"}}),
        "check_reports.LIVENESS[0].result.report.recommendation.value",
    ),
    (
        "recommendation value not a string",
        _report({"recommendation": {"value": 1}}),
        "check_reports.LIVENESS[0].result.report.recommendation.value",
    ),
    (
        "blank recommendation value",
        _report({"recommendation": {"value": " "}}),
        "check_reports.LIVENESS[0].result.report.recommendation.value",
    ),
    (
        "breakdown without sub_check",
        _report({"breakdown": [{"result": "FAIL"}]}),
        "check_reports.LIVENESS[0].result.report.breakdown[0].sub_check",
    ),
    (
        "detail without value",
        _report({"breakdown": [{"sub_check": "a", "result": "PASS", "details": [{"name": "n"}]}]}),
        "check_reports.LIVENESS[0].result.report.breakdown[0].details[0].value",
    ),
    (
        "negative async_report_delay",
        {"check_reports": {"async_report_delay": -5}},
        "check_reports.async_report_delay",
    ),
    (
        "async_report_delay as a string",
        {"check_reports": {"async_report_delay": "5"}},
        "check_reports.async_report_delay",
    ),
    (
        "fractional async_report_delay",
        {"check_reports": {"async_report_delay": 1.5}},
        "check_reports.async_report_delay",
    ),
    (
        "bad document filter country",
        {
            "check_reports": {
                "ID_DOCUMENT_AUTHENTICITY": [
                    {"result": {}, "document_filter": {"country_codes": ["GB"]}}
                ]
            }
        },
        "check_reports.ID_DOCUMENT_AUTHENTICITY[0].document_filter.country_codes[0]",
    ),
    (
        "bad sources filter",
        {"check_reports": {"WATCHLIST_ADVANCED_CA": [{"result": {}, "sources_filter": {}}]}},
        "check_reports.WATCHLIST_ADVANCED_CA[0].sources_filter.type",
    ),
    (
        "unknown task type",
        {"check_reports": {}, "task_results": {"TEXT_EXTRACTION": []}},
        "task_results.TEXT_EXTRACTION",
    ),
    (
        "bad task recommendation",
        _task({"recommendation": {"value": "APPROVE"}}),
        "task_results.ID_DOCUMENT_TEXT_DATA_EXTRACTION[0].result.recommendation.value",
    ),
    (
        "bad task reason",
        _task({"recommendation": {"value": "MUST_TRY_AGAIN", "reason": {"value": "BLUR"}}}),
        "task_results.ID_DOCUMENT_TEXT_DATA_EXTRACTION[0].result.recommendation.reason.value",
    ),
    (
        "bad detected_country",
        _task({"detected_country": "France"}),
        "task_results.ID_DOCUMENT_TEXT_DATA_EXTRACTION[0].result.detected_country",
    ),
    (
        "photo data not base64",
        _task({"document_id_photo": {"content_type": "image/jpeg", "data": "not base64!"}}),
        "task_results.ID_DOCUMENT_TEXT_DATA_EXTRACTION[0].result.document_id_photo.data",
    ),
]


@pytest.mark.parametrize(
    ("body", "prop"), [(b, p) for _, b, p in INVALID], ids=[name for name, _, _ in INVALID]
)
async def test_an_invalid_config_is_a_400_with_the_property_and_stores_nothing(
    http: httpx.AsyncClient, emulator: Emulator, body: Any, prop: str
) -> None:
    session_id = (await create(http))["session_id"]
    for response in (
        await http.put(f"sessions/{session_id}/response-config", content=as_json(body)),
        await _put_app_config(http, body),
    ):
        assert response.status_code == 400, response.text
        error = response.json()
        assert error["code"] == "PAYLOAD_VALIDATION"
        assert prop in [e["property"] for e in error["errors"]], error
    assert _stored(emulator, session_id) is None
    assert emulator.response_configs.for_new_session(SDK_ID) is None


@pytest.mark.parametrize("raw_body", [b"", b"{", b"\xff"])
async def test_a_body_that_is_no_json_is_a_400(http: httpx.AsyncClient, raw_body: bytes) -> None:
    response = await http.put(
        f"apps/{SDK_ID}/response-config", content=raw_body, extensions=include_sdk_id(False)
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["property"] == "body"


async def test_every_problem_is_reported_at_once(http: httpx.AsyncClient) -> None:
    body = {
        "check_reports": {
            "LIVENESS": [{"result": {"report": {"recommendation": {}}}}],
            "async_report_delay": -1,
            "NOPE": [],
        }
    }
    response = await _put_app_config(http, body)
    properties = {e["property"] for e in response.json()["errors"]}
    assert properties == {
        "check_reports.LIVENESS[0].result.report.recommendation.value",
        "check_reports.LIVENESS[0].liveness_type",
        "check_reports.async_report_delay",
        "check_reports.NOPE",
    }


def _go_response_configs() -> list[dict[str, Any]]:
    examples = json.loads(_FIXTURE.read_text("utf-8"))
    return [e["json"] for e in examples if e["function"].startswith("ExampleResponseConfigBuilder")]


PYTHON_SANDBOX_STYLE = {
    "check_reports": {
        "ID_DOCUMENT_AUTHENTICITY": [],
        "ID_DOCUMENT_TEXT_DATA_CHECK": [],
        "ID_DOCUMENT_FACE_MATCH": [],
        "LIVENESS": [
            {
                "liveness_type": "ZOOM",
                "result": {
                    "report": {
                        "recommendation": {"value": "APPROVE"},
                        "breakdown": [
                            {
                                "sub_check": "liveness_auth",
                                "result": "PASS",
                                "details": [{"name": "confidence", "value": ""}],
                            }
                        ],
                    }
                },
            }
        ],
        "ID_DOCUMENT_COMPARISON": [],
        "SUPPLEMENTARY_DOCUMENT_TEXT_DATA_CHECK": [],
        "async_report_delay": None,
    },
    "task_results": {
        "ID_DOCUMENT_TEXT_DATA_EXTRACTION": [
            {
                "result": {
                    "document_fields": {"full_name": "A B"},
                    "detected_country": "FRA",
                    "recommendation": {"value": "PROGRESS"},
                    "document_id_photo": {"content_type": "image/jpeg", "data": "3q2+7w=="},
                },
                "document_filter": {"document_types": ["PASSPORT"], "country_codes": []},
            }
        ],
        "SUPPLEMENTARY_DOCUMENT_TEXT_DATA_EXTRACTION": [],
    },
}

JAVA_ONLY_KEYS = {
    "check_reports": {
        "THIRD_PARTY_IDENTITY": {"result": {"report_template": "SOME_TEMPLATE"}},
        "FACE_COMPARISON": {"result": {"report": {"recommendation": {"value": "APPROVE"}}}},
        "THIRD_PARTY_IDENTITY_FRAUD_1": {"result": {"report": {}}},
        "WATCHLIST_SCREENING": None,
        "SYNECTICS_IDENTITY_FRAUD": [{"result": {"report": {}}}],
        "WATCHLIST_ADVANCED_CA": [
            {"result": {}, "sources_filter": {"type": "PROFILE", "search_profile": "p"}},
            {"result": {}, "sources_filter": {"type": "TYPE_LIST", "types": ["pep"]}},
        ],
        "ID_DOCUMENT_COMPARISON": [
            {"result": {}, "secondary_document_filter": {"document_types": ["PASSPORT"]}}
        ],
        "LIVENESS": [{"liveness_type": "STATIC", "result": {}, "response_delay": 0}],
        "async_report_delay": 0,
    }
}


@pytest.mark.parametrize(
    "body",
    [*_go_response_configs(), PYTHON_SANDBOX_STYLE, JAVA_ONLY_KEYS],
    ids=lambda body: ",".join(sorted(body)) + f"-{len(json.dumps(body))}",
)
async def test_what_yotis_sandbox_sdks_send_is_accepted(
    http: httpx.AsyncClient, emulator: Emulator, body: dict[str, Any]
) -> None:
    response = await _put_app_config(http, body)
    assert response.status_code == 204, response.text
    assert emulator.response_configs.for_new_session(SDK_ID) == body
