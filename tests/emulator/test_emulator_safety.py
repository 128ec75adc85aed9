"""An emulator left running is safe: it refuses other web pages' browsers and foreign Host
names (DNS rebinding), and every input it is sent is bounded: bodies, JSON nesting, numbers,
fault delays, the number and age of sessions. A refused request changes nothing."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from yoti_idv.emulator import Emulator, ManualClock
from yoti_idv.emulator.guard import MAX_CONTROL_BODY_BYTES
from yoti_idv.testing import KeyPair, make_key_pair

from .helpers import SDK_ID, START, as_json, create, spec

CONTROL = "/__emulator__"
ATTACKER = "http://attacker.example"


def snapshot(emulator: Emulator) -> dict[str, Any]:
    """Everything a request could change, as plain data."""
    return {
        "sessions": [s.to_json() for s in emulator.sessions()],
        "faults": [f.to_json() for f in emulator.faults.armed],
        "applications": {k: a.public_key_pem() for k, a in emulator.applications.items()},
        "notifications": [n.to_json() for n in emulator.notifications],
        "now": emulator.clock.now(),
    }


async def test_cross_origin_post_to_the_control_api_is_refused(
    emulator: Emulator, raw: httpx.AsyncClient
) -> None:
    attacker = make_key_pair()
    before = snapshot(emulator)
    response = await raw.post(
        f"{CONTROL}/applications",
        content=json.dumps({"sdk_id": SDK_ID, "public_key_pem": attacker.public_key_pem.decode()}),
        headers={"Origin": ATTACKER, "Content-Type": "text/plain"},
    )
    assert response.status_code == 403
    assert response.json()["code"] == "CROSS_ORIGIN_REFUSED"
    assert ATTACKER in response.json()["message"]
    assert snapshot(emulator) == before


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": ATTACKER},
        {"Origin": "null"},
        {"Origin": "http://localhost:3000"},  # the developer's own app: another origin still
        {"Origin": "https://idv-emulator.local"},  # another scheme
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", f"{CONTROL}/faults"),
        ("DELETE", f"{CONTROL}/faults"),
        ("GET", f"{CONTROL}/sessions"),
        ("POST", f"{CONTROL}/clock/advance"),
        ("POST", "/idverify/v1/sessions"),
        ("DELETE", "/idverify/v1/sessions/some-id"),
        ("POST", "/idverify/v1/web/capture"),
    ],
)
async def test_cross_origin_browser_requests_are_refused(
    emulator: Emulator, raw: httpx.AsyncClient, headers: dict[str, str], method: str, path: str
) -> None:
    emulator.inject_fault("server_error", count=5)
    before = snapshot(emulator)
    response = await raw.request(
        method, path, json={"kind": "rate_limit", "seconds": 60}, headers=headers
    )
    assert (response.status_code, response.json()["code"]) == (403, "CROSS_ORIGIN_REFUSED")
    assert snapshot(emulator) == before  # not even an armed fault was consumed


async def test_same_origin_and_origin_less_requests_are_served(
    emulator: Emulator, raw: httpx.AsyncClient
) -> None:
    same = {"Origin": "http://idv-emulator.local", "Sec-Fetch-Site": "same-origin"}
    response = await raw.post(f"{CONTROL}/faults", json={"kind": "rate_limit"}, headers=same)
    assert response.status_code == 201
    response = await raw.post(f"{CONTROL}/faults", json={"kind": "rate_limit"})  # the CLI's way
    assert response.status_code == 201
    # A form posted by a no-referrer page says Origin: null; the browser still says same-origin.
    response = await raw.post(
        f"{CONTROL}/faults",
        json={"kind": "rate_limit"},
        headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 201
    # Typing the control API's address into the browser: a top-level GET, no Origin.
    response = await raw.get(f"{CONTROL}/faults", headers={"Sec-Fetch-Site": "none"})
    assert len(response.json()) == 3


async def test_the_hosted_page_loads_in_another_sites_iframe(
    emulator: Emulator, http: httpx.AsyncClient, raw: httpx.AsyncClient
) -> None:
    created = await create(http)
    response = await raw.get(
        "/idverify/v1/web/index.html",
        params={
            "sessionID": created["session_id"],
            "sessionToken": created["client_session_token"],
        },
        headers={"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Dest": "iframe"},
    )
    assert response.status_code == 200
    # Its own form posts back same-origin, and are served.
    response = await raw.post(
        "/idverify/v1/web/capture",
        data={
            "sessionID": created["session_id"],
            "sessionToken": created["client_session_token"],
            "outcome": "pass",
        },
        headers={"Origin": "http://idv-emulator.local", "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 303  # to the session's success_url
    assert emulator.session(created["session_id"]).state == "COMPLETED"


@pytest.mark.parametrize(
    "host", ["attacker.example", "attacker.example:8000", "localhost.attacker.example", "10.0.0.1"]
)
async def test_foreign_host_names_are_refused(emulator: Emulator, host: str) -> None:
    before = snapshot(emulator)
    async with httpx.AsyncClient(transport=emulator.transport()) as client:
        for method, path in [("GET", f"{CONTROL}/sessions"), ("DELETE", f"{CONTROL}/faults")]:
            response = await client.request(
                method, f"http://127.0.0.1{path}", headers={"Host": host}
            )
            assert (response.status_code, response.json()["code"]) == (400, "HOST_NOT_ALLOWED")
            assert host.split(":")[0] in response.json()["message"]
    assert snapshot(emulator) == before


@pytest.mark.parametrize(
    "host", ["localhost", "localhost:8000", "127.0.0.1:1", "[::1]:8000", "app.localhost"]
)
async def test_localhost_names_and_the_base_host_are_served(emulator: Emulator, host: str) -> None:
    async with httpx.AsyncClient(transport=emulator.transport()) as client:
        response = await client.get(f"http://127.0.0.1{CONTROL}/sessions", headers={"Host": host})
    assert response.status_code == 200


async def test_allowed_hosts_and_wildcard_binding() -> None:
    named = Emulator(allowed_hosts=["emulator.test"])
    wildcard = Emulator(base_url="http://0.0.0.0:8000/idverify/v1")
    async with httpx.AsyncClient(transport=named.transport()) as client:
        assert (await client.get(f"http://emulator.test{CONTROL}/")).status_code == 200
        assert (await client.get(f"http://other.test{CONTROL}/")).status_code == 400
    async with httpx.AsyncClient(transport=wildcard.transport()) as client:
        # Bound to every interface: any address works, a DNS name still does not.
        assert (await client.get(f"http://192.168.1.20:8000{CONTROL}/")).status_code == 200
        assert (await client.get(f"http://rebound.example:8000{CONTROL}/")).status_code == 400
    with pytest.raises(TypeError, match="list of host names"):
        Emulator(allowed_hosts="emulator.test")


# --- limits ---------------------------------------------------------------------------------


class _CountingBody:
    """A streamed (chunked) body that counts how much of itself was read."""

    def __init__(self, total: int, chunk: int = 64 * 1024) -> None:
        self.total, self.chunk, self.sent = total, chunk, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while self.sent < self.total:
            self.sent += self.chunk
            yield b"x" * self.chunk


async def test_an_unsigned_body_is_refused_before_it_is_read(raw: httpx.AsyncClient) -> None:
    body = _CountingBody(300 * 1024 * 1024)
    response = await raw.post("/idverify/v1/sessions", content=body)
    assert response.status_code == 401
    assert body.sent <= 64 * 1024  # at most the first chunk, never the 300 MB


async def test_a_declared_length_over_the_cap_is_refused_unread(
    emulator: Emulator, raw: httpx.AsyncClient
) -> None:
    limit = emulator.guard.max_api_body_bytes
    response = await raw.post(
        "/idverify/v1/sessions",
        content=b"{}",
        headers={"Content-Length": str(limit + 1), "X-Yoti-Auth-Digest": "x"},
    )
    assert (response.status_code, response.json()["code"]) == (413, "REQUEST_TOO_LARGE")


async def test_a_signed_body_over_the_cap_is_cut_off_while_reading(key_pair: KeyPair) -> None:
    # A known application and a digest: the signature can only be checked over the body, so
    # the body is read, but only up to the cap.
    emulator = Emulator(max_body_bytes=256 * 1024)
    emulator.register_application(SDK_ID, key_pair.public_key_pem)
    body = _CountingBody(50 * 1024 * 1024)
    async with httpx.AsyncClient(transport=emulator.transport()) as client:
        response = await client.post(
            "http://idv-emulator.local/idverify/v1/sessions",
            params={"sdkId": SDK_ID, "nonce": "n", "timestamp": "1"},
            headers={"X-Yoti-Auth-Digest": "c2lnbmF0dXJl"},
            content=body,
        )
    assert (response.status_code, response.json()["code"]) == (413, "REQUEST_TOO_LARGE")
    assert body.sent <= 256 * 1024 + 64 * 1024
    assert emulator.sessions() == []


async def test_the_control_api_caps_its_bodies(emulator: Emulator, raw: httpx.AsyncClient) -> None:
    body = _CountingBody(20 * 1024 * 1024)
    response = await raw.post(f"{CONTROL}/applications", content=body)
    assert response.status_code == 413
    assert body.sent <= MAX_CONTROL_BODY_BYTES + 64 * 1024
    assert emulator.applications == {}


async def test_the_capture_form_checks_its_size_while_reading(raw: httpx.AsyncClient) -> None:
    body = _CountingBody(20 * 1024 * 1024, chunk=4096)
    response = await raw.post(
        "/idverify/v1/web/capture",
        content=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413
    assert body.sent <= 16 * 1024 + 4096


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ({"kind": "delay", "delay": 1e400}, "too large"),  # JSON would read it as infinity
        ({"kind": "delay", "delay": 10**400}, "delay"),
        ({"kind": "delay", "delay": 86400}, "delay"),
        ({"kind": "rate_limit", "count": 10**30}, "count"),
        ({"kind": "rate_limit", "retry_after": -1}, "retry_after"),
        ({"kind": "rate_limit", "count": 0}, "count"),
    ],
)
async def test_fault_numbers_out_of_range_are_400(
    emulator: Emulator, raw: httpx.AsyncClient, fault: dict[str, Any], message: str
) -> None:
    text = json.dumps(fault).replace("Infinity", "1e400")
    response = await raw.post(f"{CONTROL}/faults", content=text)
    assert response.status_code == 400, response.text
    assert message in response.text
    assert emulator.faults.armed == []


async def test_fault_delay_nan_is_400(emulator: Emulator, raw: httpx.AsyncClient) -> None:
    response = await raw.post(f"{CONTROL}/faults", content=b'{"kind": "delay", "delay": NaN}')
    assert response.status_code == 400
    assert "NaN" in response.json()["errors"][0]["message"]
    with pytest.raises(ValueError, match="finite"):
        emulator.inject_fault("delay", delay=float("nan"))
    with pytest.raises(ValueError, match="between 0 and"):
        emulator.inject_fault("delay", delay=1e9)
    assert emulator.faults.armed == []


@pytest.mark.parametrize("seconds", ["1e400", "NaN", "Infinity", str(10**400), "-1"])
async def test_clock_advance_out_of_range_is_400(raw: httpx.AsyncClient, seconds: str) -> None:
    emulator_response = await raw.post(
        f"{CONTROL}/clock/advance", content=f'{{"seconds": {seconds}}}'
    )
    assert emulator_response.status_code == 400


@pytest.mark.parametrize("key", ["resources_ttl", "client_session_token_ttl"])
async def test_a_huge_ttl_is_400_not_an_overflow(http: httpx.AsyncClient, key: str) -> None:
    value = spec()[key]
    body = as_json(spec()).replace(f'"{key}": {value}'.encode(), f'"{key}": {"9" * 400}'.encode())
    assert b"9" * 400 in body
    response = await http.post("sessions", content=body)
    assert response.status_code == 400
    assert response.json()["errors"] == [{"property": key, "message": "must be at most 2147483647"}]


@pytest.mark.parametrize("depth", [33, 5000, 100_000])
@pytest.mark.parametrize(
    ("where", "path"),
    [("api", "sessions"), ("control", f"{CONTROL}/faults"), ("control", f"{CONTROL}/applications")],
)
async def test_deeply_nested_json_is_400(
    http: httpx.AsyncClient, raw: httpx.AsyncClient, depth: int, where: str, path: str
) -> None:
    nested = b'{"subject": ' + b"[" * depth + b"]" * depth + b"}"
    client = http if where == "api" else raw
    response = await client.post(path, content=nested)
    assert response.status_code == 400
    assert "nested too deeply" in response.text


async def test_the_sandbox_config_and_instructions_reject_deep_json(
    http: httpx.AsyncClient,
) -> None:
    created = await create(http)
    nested = b'{"check_reports": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    for path in [
        f"sessions/{created['session_id']}/response-config",
        f"apps/{SDK_ID}/response-config",
        f"sessions/{created['session_id']}/instructions",
    ]:
        response = await http.put(path, content=nested)
        assert response.status_code in {400, 409}, (path, response.text)


async def test_sessions_are_capped_by_count_oldest_forgotten(key_pair: KeyPair) -> None:
    emulator = Emulator(clock=ManualClock(START), max_sessions=3)
    from yoti_idv.testing import signed_http_client

    async with signed_http_client(emulator, key_pair, SDK_ID) as http:
        ids = [(await create(http))["session_id"] for _ in range(5)]
        assert [s.session_id for s in emulator.sessions()] == ids[2:]
        assert (await http.get(f"sessions/{ids[0]}")).status_code == 404
        assert (await http.get(f"sessions/{ids[4]}")).status_code == 200


async def test_sessions_are_capped_in_age(key_pair: KeyPair) -> None:
    clock = ManualClock(START)
    emulator = Emulator(clock=clock, max_resources_ttl=2 * 86400)
    from yoti_idv.testing import signed_http_client

    async with signed_http_client(emulator, key_pair, SDK_ID) as http:
        created = await create(http, spec(resources_ttl=30 * 86400))
        clock.advance(2 * 86400 - 1)
        assert (await http.get(f"sessions/{created['session_id']}")).status_code == 200
        clock.advance(1)
        assert (await http.get(f"sessions/{created['session_id']}")).status_code == 404


async def test_a_huge_max_retries_plays_a_bounded_number_of_attempts(
    emulator: Emulator, http: httpx.AsyncClient
) -> None:
    created = await create(http, spec(max_retries=2**31 - 1))
    with pytest.raises(ValueError, match="at most 100"):
        await emulator.complete_session(created["session_id"], "spoof", attempts=101)
    summary = await emulator.complete_session(created["session_id"], "spoof")
    assert summary.max_retries == 2**31 - 1
    session = (await http.get(f"sessions/{created['session_id']}")).json()
    assert len(session["checks"]) == 100
