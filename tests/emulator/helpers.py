"""Shared helpers of the emulator tests: the seed spec, and a create-session shortcut."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import httpx

SDK_ID = "test-sdk-id"
START = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)

# The seed's passive liveness session (migration guide), as JSON.
SEED_SPEC: dict[str, Any] = {
    "client_session_token_ttl": 900,
    "resources_ttl": 90000,
    "user_tracking_id": "some-user-tracking-id",
    "requested_checks": [
        {"type": "LIVENESS", "config": {"liveness_type": "STATIC", "max_retries": 3}}
    ],
    "requested_tasks": [],
    "sdk_config": {
        "allowed_capture_methods": "CAMERA_AND_UPLOAD",
        "locale": "en-GB",
        "preset_issuing_country": "GBR",
        "success_url": "https://localhost:8443/success",
        "error_url": "https://localhost:8443/error",
    },
}


def spec(liveness_type: str = "STATIC", max_retries: int = 3, **extra: Any) -> dict[str, Any]:
    """The seed spec with another liveness type / retries and extra top-level keys."""
    body = copy.deepcopy(SEED_SPEC)
    body["requested_checks"][0]["config"] = {
        "liveness_type": liveness_type,
        "max_retries": max_retries,
    }
    body.update(extra)
    return body


def as_json(body: Any) -> bytes:
    return json.dumps(body).encode()


async def create(http: httpx.AsyncClient, body: dict[str, Any] | None = None) -> dict[str, Any]:
    """POST /sessions and return the 201 body."""
    response = await http.post(
        "sessions",
        content=as_json(body if body is not None else SEED_SPEC),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result
