"""2. Parsing a large session result into models.

The payload is made by the emulator: a session with a STATIC liveness check allowing 10
attempts that a spoofing user exhausts (10 liveness resources, 10 LIVENESS checks, each
with its image), and document checks and a text extraction task on a captured passport
(an ID document resource with its page and fields media): 20 checks in all.

* ours: the client's own parse of the response (``get_session(...).parse``, as both clients
  call it): `yoti_idv._json.loads` of the body bytes (orjson with the ``speedups`` extra, else
  ``json.loads``; the table says which), then the converter into `GetSessionResult`;
* Yoti's: ``json.loads(response.text)`` then its `GetSessionResult(data)`: its
  `DocScanClient.get_session`;
* ``json.loads`` of the body alone: the floor.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx

from yoti_idv._json import DECODER
from yoti_idv._operations import get_session
from yoti_idv.emulator import Emulator
from yoti_idv.testing import emulated_client, make_key_pair, signed_http_client

from ._common import per_call_seconds
from ._report import Figure, at_most
from ._settings import Settings

__all__ = ["LARGE_SESSION_SPEC", "large_session_body", "run"]

LARGE_SESSION_SPEC: dict[str, Any] = {
    "client_session_token_ttl": 900,
    "resources_ttl": 90_000,
    "user_tracking_id": "benchmark",
    "requested_checks": [
        {"type": "LIVENESS", "config": {"liveness_type": "STATIC", "max_retries": 10}},
        {"type": "ID_DOCUMENT_AUTHENTICITY", "config": {}},
        {"type": "ID_DOCUMENT_FACE_MATCH", "config": {"manual_check": "NEVER"}},
        {"type": "ID_DOCUMENT_COMPARISON", "config": {}},
        {"type": "THIRD_PARTY_IDENTITY", "config": {}},
        {"type": "WATCHLIST_SCREENING", "config": {}},
        {"type": "IBV_VISUAL_REVIEW_CHECK", "config": {}},
        {"type": "DOCUMENT_SCHEME_VALIDITY_CHECK", "config": {}},
        {"type": "PROFILE_DOCUMENT_MATCH", "config": {}},
        {"type": "FACE_COMPARISON", "config": {}},
    ],
    "requested_tasks": [{"type": "ID_DOCUMENT_TEXT_DATA_EXTRACTION", "config": {}}],
    "sdk_config": {"allowed_capture_methods": "CAMERA_AND_UPLOAD"},
}


async def _large_session_body() -> bytes:
    emulator = Emulator()
    key_pair = make_key_pair()
    async with emulated_client(emulator, key_pair=key_pair) as idv:
        created = await idv.client.create_session(LARGE_SESSION_SPEC)
        assert created.session_id is not None
        await emulator.complete_session(created.session_id, "spoof")
        async with signed_http_client(emulator, key_pair, idv.sdk_id) as http:
            response = await http.get(f"sessions/{created.session_id}")
            response.raise_for_status()
            return response.content


def large_session_body() -> bytes:
    """The ``GET /sessions/{id}`` body of the large session, as the emulator serves it."""
    return asyncio.run(_large_session_body())


def run(settings: Settings) -> list[Figure]:
    from yoti_python_sdk.doc_scan.session.retrieve.get_session_result import (
        GetSessionResult as YotiGetSessionResult,
    )

    body = large_session_body()
    data = json.loads(body)
    assert len(data["checks"]) == 20, len(data["checks"])
    assert len(data["resources"]["liveness_capture"]) == 10
    response = httpx.Response(200, content=body, headers={"Content-Type": "application/json"})
    parse = get_session("benchmark").parse
    parsed = parse(response)
    assert len(parsed.checks) == 20

    def ours() -> None:
        parse(response)

    def yoti() -> None:
        YotiGetSessionResult(json.loads(body.decode("utf-8")))

    def json_only() -> None:
        json.loads(body)

    seconds = per_call_seconds(
        {"ours": ours, "yoti": yoti, "json": json_only},
        rounds=settings.rounds,
        min_seconds=settings.micro_seconds,
    )
    ours_s, yoti_s, json_s = seconds["ours"], seconds["yoti"], seconds["json"]
    size = f"{len(body) / 1024:.0f} kB, 20 checks, 10 liveness resources"
    us = 1e6
    return [
        Figure(
            item="2",
            measure=f"parse a large session ({size})",
            unit="µs",
            ours=ours_s * us,
            reference_label="Yoti GetSessionResult",
            reference=yoti_s * us,
            target=at_most(1 / 5),
            ours_detail=DECODER,
        ),
        Figure(
            item="2",
            measure="parse a large session",
            unit="µs",
            ours=ours_s * us,
            reference_label="json.loads alone",
            reference=json_s * us,
            target=at_most(4),
            ours_detail=DECODER,
        ),
    ]
