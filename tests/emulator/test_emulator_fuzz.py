"""Arbitrary requests to the control API, the hosted page's capture form and every IDV route:
never a 500, and a request refused for its origin or host changes nothing."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yoti_idv.emulator import Emulator, ManualClock
from yoti_idv.testing import KeyPair, make_key_pair, signed_http_client

from .helpers import SDK_ID, SEED_SPEC, START
from .test_emulator_safety import snapshot

NUMBERS = st.integers() | st.floats(allow_nan=True) | st.sampled_from([10**400, -(10**40)])
JSON = st.recursive(
    st.none() | st.booleans() | NUMBERS | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=16,
)
CONTROL_KEYS = st.sampled_from(
    [
        "kind",
        "count",
        "path",
        "method",
        "retry_after",
        "delay",
        "seconds",
        "outcome",
        "attempts",
        "media_id",
        "withheld",
        "sdk_id",
        "public_key_pem",
    ]
)
CONTROL_VALUES = st.one_of(
    JSON,
    st.sampled_from(["delay", "rate_limit", "drop", "pass", "spoof", "abandon", "NaN"]),
)


def _dump(value: Any) -> bytes:
    return json.dumps(value).encode()


BODIES = st.one_of(
    st.binary(max_size=120),
    JSON.map(_dump),
    st.dictionaries(CONTROL_KEYS, CONTROL_VALUES, max_size=5).map(_dump),
    st.integers(min_value=1, max_value=3000).map(lambda n: b"[" * n + b"]" * n),
)
CONTROL_ROUTES = st.sampled_from(
    [
        ("GET", "/__emulator__/"),
        ("GET", "/__emulator__/sessions"),
        ("GET", "/__emulator__/sessions/{sid}"),
        ("POST", "/__emulator__/sessions/{sid}/complete"),
        ("POST", "/__emulator__/sessions/{sid}/media/withhold"),
        ("POST", "/__emulator__/clock/advance"),
        ("GET", "/__emulator__/faults"),
        ("POST", "/__emulator__/faults"),
        ("DELETE", "/__emulator__/faults"),
        ("GET", "/__emulator__/notifications"),
        ("DELETE", "/__emulator__/notifications"),
        ("POST", "/__emulator__/applications"),
        ("PUT", "/__emulator__/sessions"),
        ("POST", "/v1/oauth/token"),
    ]
)
API_ROUTES = st.sampled_from(
    [
        ("POST", "sessions"),
        ("GET", "sessions/{sid}"),
        ("DELETE", "sessions/{sid}"),
        ("GET", "sessions/{sid}/media/{sid}/content"),
        ("DELETE", "sessions/{sid}/media/{sid}/content"),
        ("GET", "supported-documents"),
        ("POST", "sessions/{sid}/resources/face-capture"),
        ("PUT", "sessions/{sid}/resources/face-capture/{sid}/image"),
        ("GET", "sessions/{sid}/configuration"),
        ("GET", "sessions/{sid}/tracked-devices"),
        ("DELETE", "sessions/{sid}/tracked-devices"),
        ("PUT", "sessions/{sid}/instructions"),
        ("GET", "sessions/{sid}/instructions"),
        ("GET", "sessions/{sid}/instructions/pdf"),
        ("GET", "sessions/{sid}/instructions/contact-profile"),
        ("POST", "sessions/{sid}/instructions/email"),
        ("PUT", "sessions/{sid}/response-config"),
        ("PUT", "apps/{app}/response-config"),
    ]
)
CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "text/plain",
        "multipart/form-data; boundary=xyz",
        "multipart/form-data",
        "application/x-www-form-urlencoded",
    ]
)
FOREIGN = st.sampled_from(
    [
        {"Origin": "http://attacker.example"},
        {"Origin": "null"},
        {"Origin": "http://[::1"},
        {"Origin": "http://idv-emulator.local:99999"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Host": "attacker.example"},
        {"Host": "[::1"},
        {"Host": "idv-emulator.local.attacker.example"},
    ]
)
# Module-level, not a fixture: hypothesis prints a failing example's arguments, and its printer
# would show the private key's PEM.
KEY_PAIR = make_key_pair()
FUZZ = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _emulator_with_a_session(key_pair: KeyPair) -> tuple[Emulator, str, str]:
    emulator = Emulator(clock=ManualClock(START))

    async def create() -> dict[str, Any]:
        async with signed_http_client(emulator, key_pair, SDK_ID) as http:
            response = await http.post("sessions", content=_dump(SEED_SPEC))
            body: dict[str, Any] = response.json()
            return body

    created = asyncio.run(create())
    return emulator, created["session_id"], created["client_session_token"]


async def _send(
    emulator: Emulator, method: str, url: str, body: bytes, headers: dict[str, str]
) -> httpx.Response:
    async with httpx.AsyncClient(
        transport=emulator.transport(), base_url="http://idv-emulator.local"
    ) as client:
        return await client.request(method, url, content=body, headers=headers)


@FUZZ
@given(route=CONTROL_ROUTES, body=BODIES, use_real_id=st.booleans())
def test_the_control_api_never_answers_500(
    route: tuple[str, str], body: bytes, use_real_id: bool
) -> None:
    emulator, session_id, _ = _emulator_with_a_session(KEY_PAIR)
    method, path = route
    url = path.format(sid=session_id if use_real_id else "nope")
    response = asyncio.run(_send(emulator, method, url, body, {}))
    assert response.status_code < 500, response.text


@FUZZ
@given(
    fields=st.dictionaries(
        st.sampled_from(["sessionID", "sessionToken", "outcome", "attempts", "x"]),
        st.text(max_size=30) | st.sampled_from(["pass", "spoof", "abandon", "0", "99999999999"]),
        max_size=5,
    ),
    real=st.booleans(),
    raw_body=st.none() | st.binary(max_size=200),
)
def test_the_capture_form_never_answers_500(
    fields: dict[str, str], real: bool, raw_body: bytes | None
) -> None:
    emulator, session_id, token = _emulator_with_a_session(KEY_PAIR)
    if real:
        fields = {"sessionID": session_id, "sessionToken": token, **fields}
    body = raw_body if raw_body is not None else httpx.QueryParams(fields).__str__().encode()
    response = asyncio.run(
        _send(
            emulator,
            "POST",
            "/idverify/v1/web/capture",
            body,
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
    )
    assert response.status_code < 500, response.text


@FUZZ
@given(route=API_ROUTES, body=BODIES, content_type=CONTENT_TYPES, use_real_id=st.booleans())
def test_signed_requests_to_every_idv_route_never_answer_500(
    route: tuple[str, str], body: bytes, content_type: str, use_real_id: bool
) -> None:
    emulator, session_id, _ = _emulator_with_a_session(KEY_PAIR)
    method, path = route
    url = path.format(sid=session_id if use_real_id else "nope", app=SDK_ID)

    async def send() -> httpx.Response:
        async with signed_http_client(emulator, KEY_PAIR, SDK_ID) as http:
            return await http.request(
                method,
                url,
                content=body if method in {"POST", "PUT"} else None,
                headers={"Content-Type": content_type},
            )

    response = asyncio.run(send())
    assert response.status_code < 500, response.text


@FUZZ
@given(
    route=st.one_of(
        CONTROL_ROUTES.filter(lambda r: r[0] != "GET"),
        API_ROUTES.filter(lambda r: r[0] != "GET").map(lambda r: (r[0], "/idverify/v1/" + r[1])),
        st.just(("POST", "/idverify/v1/web/capture")),
    ),
    body=BODIES,
    foreign=FOREIGN,
)
def test_a_refused_foreign_request_changes_nothing(
    route: tuple[str, str], body: bytes, foreign: dict[str, str]
) -> None:
    emulator, session_id, token = _emulator_with_a_session(KEY_PAIR)
    emulator.inject_fault("server_error", count=3)
    before = snapshot(emulator)
    method, path = route
    url = path.format(sid=session_id, app=SDK_ID)
    if url.endswith("/web/capture"):
        body = f"sessionID={session_id}&sessionToken={token}&outcome=pass".encode()
    response = asyncio.run(_send(emulator, method, url, body, foreign))
    assert response.status_code in {400, 403}, response.text
    assert response.json()["code"] in {"HOST_NOT_ALLOWED", "CROSS_ORIGIN_REFUSED"}
    assert snapshot(emulator) == before
