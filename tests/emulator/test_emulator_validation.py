"""``POST /sessions`` validation: 400 PAYLOAD_VALIDATION with property errors, nothing stored."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from yoti_idv.emulator import Emulator
from yoti_idv.emulator.validation import (
    DEFAULT_CLIENT_SESSION_TOKEN_TTL,
    PayloadInvalid,
    validate_session_spec,
)

from .helpers import SEED_SPEC, START, as_json, spec

NOW = START.timestamp()


def problems(body: Any) -> dict[str, str]:
    raw = body if isinstance(body, bytes) else as_json(body)
    with pytest.raises(PayloadInvalid) as info:
        validate_session_spec(raw, now=NOW)
    return {p.property: p.message for p in info.value.problems}


def test_the_seed_spec_is_valid() -> None:
    validated = validate_session_spec(as_json(SEED_SPEC), now=NOW)
    assert validated.client_session_token_ttl == 900
    assert validated.resources_ttl == 90000
    assert validated.liveness is not None
    assert (validated.liveness.liveness_type, validated.liveness.max_retries) == ("STATIC", 3)


def test_defaults_when_ttls_and_retries_are_not_sent() -> None:
    validated = validate_session_spec(
        as_json({"requested_checks": [{"type": "LIVENESS", "config": {"liveness_type": "ZOOM"}}]}),
        now=NOW,
    )
    assert validated.client_session_token_ttl == DEFAULT_CLIENT_SESSION_TOKEN_TTL
    assert validated.resources_ttl == 604_800
    assert validated.liveness is not None
    assert validated.liveness.max_retries == 1
    assert validated.liveness.max_attempts == 1


def test_zero_retries_still_leaves_one_attempt() -> None:
    validated = validate_session_spec(as_json(spec(max_retries=0)), now=NOW)
    assert validated.liveness is not None
    assert validated.liveness.max_attempts == 1


@pytest.mark.parametrize(
    ("raw", "message"),
    [(b"{not json", "must be valid JSON"), (b"", "body is empty"), (b"[1]", "JSON object")],
)
def test_malformed_bodies(raw: bytes, message: str) -> None:
    found = problems(raw)
    assert message in found["body"]


@pytest.mark.parametrize(
    ("change", "prop", "message"),
    [
        ({"client_session_token_ttl": "900"}, "client_session_token_ttl", "must be an integer"),
        ({"client_session_token_ttl": True}, "client_session_token_ttl", "must be an integer"),
        ({"client_session_token_ttl": 300}, "client_session_token_ttl", "longer than 300"),
        ({"resources_ttl": 86_399}, "resources_ttl", "at least 86400"),
        ({"resources_ttl": 87_000}, "resources_ttl", "24 hours longer"),
        ({"user_tracking_id": 5}, "user_tracking_id", "must be a string"),
        ({"block_biometric_consent": "yes"}, "block_biometric_consent", "must be a boolean"),
        ({"requested_checks": {}}, "requested_checks", "must be an array"),
        ({"requested_checks": [{"type": "NOPE"}]}, "requested_checks[0].type", "unknown check"),
        ({"requested_checks": [{}]}, "requested_checks[0].type", "must be provided"),
        ({"requested_checks": ["LIVENESS"]}, "requested_checks[0]", "must be an object"),
        ({"requested_tasks": [{"type": "NOPE"}]}, "requested_tasks[0].type", "unknown task"),
        ({"sdk_config": {"font_colour": "red"}}, "sdk_config.font_colour", "Hex Code"),
        (
            {"sdk_config": {"preset_issuing_country": "GB"}},
            "sdk_config.preset_issuing_country",
            "alpha-3",
        ),
        (
            {"sdk_config": {"allowed_capture_methods": "X"}},
            "sdk_config.allowed_capture_methods",
            "one of",
        ),
        ({"sdk_config": {"success_url": "not a url"}}, "sdk_config.success_url", "URL"),
        ({"sdk_config": {"locale": "english please"}}, "sdk_config.locale", "language tag"),
        ({"notifications": {"topics": []}}, "notifications.endpoint", "must be provided"),
        (
            {"notifications": {"endpoint": "https://e.example", "topics": ["NOPE"]}},
            "notifications.topics[0]",
            "unknown topic",
        ),
        (
            {"notifications": {"endpoint": "https://e.example", "auth_type": "DIGEST"}},
            "notifications.auth_type",
            "one of",
        ),
        (
            {"required_documents": [{"type": "SUPPLEMENTARY_DOCUMENT"}]},
            "required_documents[0].objective",
            "must be provided",
        ),
        (
            {"session_deadline": "tomorrow", "client_session_token_ttl": None},
            "session_deadline",
            "ISO-8601",
        ),
    ],
)
def test_property_errors(change: dict[str, Any], prop: str, message: str) -> None:
    body = {**SEED_SPEC, **change}
    found = problems(body)
    assert prop in found, found
    assert message in found[prop]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"liveness_type": "BLINK"}, "unknown liveness type 'BLINK'"),
        ({"max_retries": 3}, "must be provided"),
        ({"liveness_type": 5}, "must be a string"),
    ],
)
def test_liveness_config_errors(config: dict[str, Any], message: str) -> None:
    body = {**SEED_SPEC, "requested_checks": [{"type": "LIVENESS", "config": config}]}
    assert message in problems(body)["requested_checks[0].config.liveness_type"]


def test_negative_retries_and_two_liveness_checks() -> None:
    check = {"type": "LIVENESS", "config": {"liveness_type": "STATIC", "max_retries": -1}}
    found = problems({**SEED_SPEC, "requested_checks": [check, check]})
    assert "at least 0" in found["requested_checks[0].config.max_retries"]
    assert "only one LIVENESS" in found["requested_checks[1]"]


def test_every_problem_is_reported_at_once() -> None:
    body = {
        **SEED_SPEC,
        "client_session_token_ttl": 10,
        "sdk_config": {"primary_colour": "blue", "preset_issuing_country": "XXX"},
    }
    assert set(problems(body)) >= {
        "client_session_token_ttl",
        "sdk_config.primary_colour",
        "sdk_config.preset_issuing_country",
    }


def test_lower_case_topics_are_accepted() -> None:
    body = {
        **SEED_SPEC,
        "notifications": {
            "endpoint": "https://hooks.example/yoti",
            "topics": ["session_completion"],
        },
    }
    validate_session_spec(as_json(body), now=NOW)


def test_session_deadline_sets_the_token_ttl() -> None:
    body = {k: v for k, v in SEED_SPEC.items() if k != "client_session_token_ttl"}
    body["session_deadline"] = "2026-01-01T13:00:00Z"
    validated = validate_session_spec(as_json(body), now=NOW)
    assert validated.client_session_token_ttl == 3600
    both = {**body, "client_session_token_ttl": 900}
    assert "not both" in problems(both)["session_deadline"]
    past = {**body, "session_deadline": "2025-01-01T00:00:00+00:00"}
    assert "in the future" in problems(past)["session_deadline"]


def test_unknown_top_level_keys_are_ignored() -> None:
    validate_session_spec(as_json({**SEED_SPEC, "something_new": {"x": 1}}), now=NOW)


async def test_invalid_spec_over_http_is_400_and_nothing_is_stored(
    emulator: Emulator, http: httpx.AsyncClient
) -> None:
    body = spec(liveness_type="BLINK")
    body["sdk_config"]["font_colour"] = "#12345"
    response = await http.post("sessions", content=as_json(body))
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    error = response.json()
    assert error["code"] == "PAYLOAD_VALIDATION"
    assert error["message"] == "There were errors validating the payload"
    assert {e["property"] for e in error["errors"]} == {
        "requested_checks[0].config.liveness_type",
        "sdk_config.font_colour",
    }
    assert emulator.sessions() == []


async def test_malformed_json_over_http_is_400(emulator: Emulator, http: httpx.AsyncClient) -> None:
    response = await http.post("sessions", content=b'{"client_session_token_ttl": 900,}')
    assert response.status_code == 400
    assert response.json()["errors"][0]["property"] == "body"
    assert emulator.sessions() == []
