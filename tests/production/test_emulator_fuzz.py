"""Arbitrary bodies and headers into the emulator: a 4xx (or a real success), never a 500.

The emulator is what every other test trusts, so it must fail closed: a request it cannot
make sense of is refused with a Yoti-style 4xx and changes nothing.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yoti_idv.emulator import Emulator
from yoti_idv.testing import KeyPair, signed_http_client

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=20), children, max_size=4)
    ),
    max_leaves=20,
)
SPEC_KEYS = st.sampled_from(
    [
        "client_session_token_ttl",
        "resources_ttl",
        "user_tracking_id",
        "requested_checks",
        "requested_tasks",
        "sdk_config",
        "notifications",
        "required_documents",
        "session_deadline",
        "block_biometric_consent",
    ]
)
SPEC_LIKE = st.dictionaries(SPEC_KEYS, JSON, max_size=6)
CHECK_LIKE = st.fixed_dictionaries(
    {"type": st.sampled_from(["LIVENESS", "ID_DOCUMENT_FACE_MATCH", "X"]), "config": JSON}
)
BODIES = st.one_of(
    st.binary(max_size=200),
    JSON.map(lambda v: json.dumps(v).encode()),
    SPEC_LIKE.map(lambda v: json.dumps(v).encode()),
    st.lists(CHECK_LIKE, max_size=3).map(
        lambda checks: json.dumps({"requested_checks": checks}).encode()
    ),
)
FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


@FUZZ
@given(body=BODIES)
def test_signed_arbitrary_bodies_are_refused_cleanly(key_pair: KeyPair, body: bytes) -> None:
    emulator = Emulator()

    async def post() -> httpx.Response:
        async with signed_http_client(emulator, key_pair) as http:
            return await http.post(
                "sessions", content=body, headers={"Content-Type": "application/json"}
            )

    response = _run(post())
    assert response.status_code < 500, response.text
    if response.status_code == 201:
        assert len(emulator.sessions()) == 1
    else:
        assert 400 <= response.status_code < 500
        assert len(emulator.sessions()) == 0
        error = response.json()
        assert isinstance(error.get("code"), str)
        assert isinstance(error.get("message"), str)


@FUZZ
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]),
    path=st.sampled_from(["sessions", "sessions/x", "sessions/x/media/y/content", "nope"]),
    headers=st.dictionaries(
        st.sampled_from(["X-Yoti-Auth-Digest", "Content-Type", "X-Yoti-SDK", "Authorization"]),
        st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40),
        max_size=4,
    ),
    query=st.dictionaries(
        st.sampled_from(["sdkId", "nonce", "timestamp", "sdkID", "x"]), st.text(max_size=20)
    ),
    body=st.binary(max_size=100),
)
def test_unsigned_or_forged_requests_get_a_4xx_and_change_nothing(
    key_pair: KeyPair,
    method: str,
    path: str,
    headers: dict[str, str],
    query: dict[str, str],
    body: bytes,
) -> None:
    emulator = Emulator()
    emulator.register_application("fuzz", key_pair.public_key_pem)

    async def send() -> httpx.Response:
        async with httpx.AsyncClient(
            transport=emulator.transport(), base_url=emulator.base_url + "/"
        ) as http:
            return await http.request(method, path, params=query, headers=headers, content=body)

    response = _run(send())
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    assert emulator.sessions() == []
