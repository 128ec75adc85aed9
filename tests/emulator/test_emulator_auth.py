"""Signature verification: any correct Yoti signer passes; everything else is a 401 that
changes nothing."""

from __future__ import annotations

import base64
import secrets
import time
import uuid

import httpx
import pytest

from yoti_idv.auth.signing import PrivateKey, RequestSigner, message_to_sign
from yoti_idv.emulator import Emulator
from yoti_idv.emulator.auth import AuthenticationFailed, SignatureVerifier, load_public_key
from yoti_idv.testing import KeyPair

from .helpers import SDK_ID, SEED_SPEC, as_json, create

BASE = "http://idv-emulator.local/idverify/v1"


def _sign(key: PrivateKey, method: str, path_and_query: str, body: bytes | None) -> str:
    return base64.b64encode(key.sign(message_to_sign(method, path_and_query, body))).decode()


def _go_nonce() -> str:
    # Yoti's Go SDK: 16 random bytes as %X-%X-%X-%X-%X (upper-case hex, no UUID version bits).
    raw = secrets.token_bytes(16)
    parts = (raw[:4], raw[4:6], raw[6:8], raw[8:10], raw[10:])
    return "-".join(p.hex().upper() for p in parts)


async def _hand_signed(
    raw: httpx.AsyncClient,
    key: PrivateKey,
    method: str,
    path: str,
    query: str,
    body: bytes | None = None,
) -> httpx.Response:
    """Send a request whose query string and signature are built by hand, byte for byte."""
    path_and_query = f"{path}?{query}"
    headers = {"X-Yoti-Auth-Digest": _sign(key, method, path_and_query, body)}
    if body is not None:
        headers["Content-Type"] = "application/json"
    return await raw.request(method, BASE + path_and_query, content=body, headers=headers)


async def test_request_signed_by_our_signer_passes(http: httpx.AsyncClient) -> None:
    created = await create(http)
    response = await http.get(f"sessions/{created['session_id']}")
    assert response.status_code == 200
    assert response.json()["state"] == "ONGOING"


@pytest.mark.parametrize(
    "order",
    [
        "timestamp={ts}&sdkID={sdk}&nonce={nonce}",  # Go: random order, sdkID, upper-case nonce
        "nonce={nonce}&timestamp={ts}&sdkID={sdk}",
        "sdkId={sdk}&timestamp={ts}&nonce={nonce}",  # .NET: timestamp before nonce
    ],
)
async def test_any_parameter_order_sdkid_spelling_and_nonce_format_passes(
    emulator: Emulator, raw: httpx.AsyncClient, key_pair: KeyPair, order: str
) -> None:
    emulator.register_application(SDK_ID, key_pair.public_key_pem)
    query = order.format(ts=int(time.time()) * 1000, sdk=SDK_ID, nonce=_go_nonce())
    body = as_json(SEED_SPEC)
    response = await _hand_signed(raw, key_pair.private_key, "POST", "/sessions", query, body)
    assert response.status_code == 201, response.text
    session_id = response.json()["session_id"]
    query = order.format(ts=int(time.time()) * 1000, sdk=SDK_ID, nonce=_go_nonce())
    response = await _hand_signed(
        raw, key_pair.private_key, "GET", f"/sessions/{session_id}", query
    )
    assert response.status_code == 200


async def test_java_style_non_epoch_timestamp_passes(
    emulator: Emulator, raw: httpx.AsyncClient, key_pair: KeyPair
) -> None:
    # Java sends System.nanoTime() / 1000: not an epoch time, so no clock window is enforced.
    emulator.register_application(SDK_ID, key_pair.public_key_pem)
    query = f"sdkId={SDK_ID}&nonce={uuid.uuid4()}&timestamp=123456"
    response = await _hand_signed(
        raw, key_pair.private_key, "POST", "/sessions", query, as_json(SEED_SPEC)
    )
    assert response.status_code == 201


async def test_wrong_key_is_401_and_stores_nothing(
    emulator: Emulator, key_pair: KeyPair, other_key_pair: KeyPair
) -> None:
    emulator.register_application(SDK_ID, key_pair.public_key_pem)
    signer = RequestSigner(SDK_ID, other_key_pair.private_key, BASE)
    async with httpx.AsyncClient(transport=emulator.transport(), auth=signer) as client:
        response = await client.post(BASE + "/sessions", content=as_json(SEED_SPEC))
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "UNAUTHORIZED"
    assert "signature" in body["message"]
    assert body["errors"] == []
    assert emulator.sessions() == []


class _Tamper(httpx.Auth):
    """Signs properly, then changes the request the way a man in the middle would."""

    def __init__(self, signer: RequestSigner, *, body: bytes | None = None, query: bool = False):
        self.signer = signer
        self.body = body
        self.query = query

    def auth_flow(self, request: httpx.Request):  # type: ignore[no-untyped-def]
        self.signer.sign_request(request)
        if self.query:
            request.url = request.url.copy_set_param("timestamp", "1")
        if self.body is not None:
            request = httpx.Request(
                request.method, request.url, headers=request.headers, content=self.body
            )
        yield request


async def test_tampered_body_is_401_and_stores_nothing(
    emulator: Emulator, key_pair: KeyPair
) -> None:
    emulator.register_application(SDK_ID, key_pair.public_key_pem)
    other = as_json({**SEED_SPEC, "user_tracking_id": "someone-else"})
    auth = _Tamper(RequestSigner(SDK_ID, key_pair.private_key, BASE), body=other)
    async with httpx.AsyncClient(transport=emulator.transport(), auth=auth) as client:
        response = await client.post(BASE + "/sessions", content=as_json(SEED_SPEC))
    assert response.status_code == 401
    assert emulator.sessions() == []


async def test_tampered_query_is_401(emulator: Emulator, key_pair: KeyPair) -> None:
    emulator.register_application(SDK_ID, key_pair.public_key_pem)
    auth = _Tamper(RequestSigner(SDK_ID, key_pair.private_key, BASE), query=True)
    async with httpx.AsyncClient(transport=emulator.transport(), auth=auth) as client:
        response = await client.post(BASE + "/sessions", content=as_json(SEED_SPEC))
    assert response.status_code == 401
    assert emulator.sessions() == []


async def test_replayed_nonce_is_401_and_changes_nothing(
    emulator: Emulator, http: httpx.AsyncClient, raw: httpx.AsyncClient, key_pair: KeyPair
) -> None:
    created = await create(http)
    session_id = created["session_id"]
    query = f"sdkId={SDK_ID}&nonce={uuid.uuid4()}&timestamp={int(time.time() * 1000)}"
    first = await _hand_signed(
        raw, key_pair.private_key, "DELETE", f"/sessions/{session_id}", query
    )
    assert first.status_code == 204
    # The same signed POST twice: the first creates a session, the replay is refused.
    query = f"sdkId={SDK_ID}&nonce={uuid.uuid4()}&timestamp={int(time.time() * 1000)}"
    body = as_json(SEED_SPEC)
    ok = await _hand_signed(raw, key_pair.private_key, "POST", "/sessions", query, body)
    replay = await _hand_signed(raw, key_pair.private_key, "POST", "/sessions", query, body)
    assert ok.status_code == 201
    assert replay.status_code == 401
    assert replay.json()["message"] == "The nonce has already been used"
    assert [s.session_id for s in emulator.sessions()] == [ok.json()["session_id"]]


async def test_forged_request_does_not_burn_the_nonce(
    emulator: Emulator, raw: httpx.AsyncClient, key_pair: KeyPair, other_key_pair: KeyPair
) -> None:
    emulator.register_application(SDK_ID, key_pair.public_key_pem)
    query = f"sdkId={SDK_ID}&nonce=shared-nonce&timestamp=1"
    forged = await _hand_signed(raw, other_key_pair.private_key, "GET", "/sessions/x", query)
    genuine = await _hand_signed(raw, key_pair.private_key, "GET", "/sessions/x", query)
    assert forged.status_code == 401
    assert genuine.status_code == 404  # authenticated; the session just does not exist


async def test_unknown_sdk_id_is_401_app_not_found(emulator: Emulator, key_pair: KeyPair) -> None:
    signer = RequestSigner("nobody", key_pair.private_key, BASE)
    async with httpx.AsyncClient(transport=emulator.transport(), auth=signer) as client:
        response = await client.post(BASE + "/sessions", content=as_json(SEED_SPEC))
    assert response.status_code == 401
    assert response.json()["code"] == "APP_NOT_FOUND"
    assert emulator.sessions() == []


@pytest.mark.parametrize(
    ("query", "digest", "message"),
    [
        ("sdkId={sdk}&nonce=n&timestamp=1", None, "not signed"),
        ("nonce=n&timestamp=1", "AAAA", "sdkId query parameter is missing"),
        ("sdkId={sdk}&timestamp=1", "AAAA", "nonce query parameter is missing"),
        ("sdkId={sdk}&nonce=n", "AAAA", "timestamp query parameter is missing"),
        ("sdkId={sdk}&nonce=n&nonce=m&timestamp=1", "AAAA", "nonce query parameter is repeated"),
        ("sdkId={sdk}&nonce=n&timestamp=1", "not base64!", "not valid base64"),
    ],
)
async def test_missing_or_malformed_auth_is_401(
    emulator: Emulator,
    raw: httpx.AsyncClient,
    key_pair: KeyPair,
    query: str,
    digest: str | None,
    message: str,
) -> None:
    emulator.register_application(SDK_ID, key_pair.public_key_pem)
    headers = {"X-Yoti-Auth-Digest": digest} if digest is not None else {}
    response = await raw.post(
        f"{BASE}/sessions?{query.format(sdk=SDK_ID)}", content=as_json(SEED_SPEC), headers=headers
    )
    assert response.status_code == 401
    assert message in response.json()["message"]
    assert emulator.sessions() == []


async def test_unauthenticated_delete_deletes_nothing(
    emulator: Emulator, http: httpx.AsyncClient, raw: httpx.AsyncClient
) -> None:
    created = await create(http)
    response = await raw.delete(f"{BASE}/sessions/{created['session_id']}")
    assert response.status_code == 401
    assert len(emulator.sessions()) == 1


async def test_another_applications_session_is_not_found(
    emulator: Emulator, http: httpx.AsyncClient, other_key_pair: KeyPair
) -> None:
    created = await create(http)
    emulator.register_application("other-app", other_key_pair.public_key_pem)
    signer = RequestSigner("other-app", other_key_pair.private_key, BASE)
    async with httpx.AsyncClient(transport=emulator.transport(), auth=signer) as client:
        got = await client.get(f"{BASE}/sessions/{created['session_id']}")
        deleted = await client.delete(f"{BASE}/sessions/{created['session_id']}")
    assert got.status_code == deleted.status_code == 404
    assert len(emulator.sessions()) == 1


def test_verifier_checks_the_body_part_exactly(key_pair: KeyPair) -> None:
    verifier = SignatureVerifier()
    emulator = Emulator()
    verifier.register(emulator.register_application(SDK_ID, key_pair.public_key_pem))
    query = f"sdkId={SDK_ID}&nonce=abc&timestamp=1".encode()
    body = b'{"a": 1}'
    digest = _sign(key_pair.private_key, "POST", "/sessions?" + query.decode(), body)
    with pytest.raises(AuthenticationFailed):
        verifier.verify("POST", b"/sessions", query, body + b" ", digest)
    assert verifier.verify("POST", b"/sessions", query, body, digest).sdk_id == SDK_ID
    with pytest.raises(AuthenticationFailed, match="already been used"):
        verifier.verify("POST", b"/sessions", query, body, digest)


def test_verifier_forgets_the_oldest_nonces_beyond_its_bound(key_pair: KeyPair) -> None:
    verifier = SignatureVerifier(max_nonces=2)
    verifier.register(Emulator().register_application(SDK_ID, key_pair.public_key_pem))

    def send(nonce: str) -> None:
        query = f"sdkId={SDK_ID}&nonce={nonce}&timestamp=1"
        digest = _sign(key_pair.private_key, "GET", "/sessions/s?" + query, None)
        verifier.verify("GET", b"/sessions/s", query.encode(), b"", digest)

    for nonce in ("a", "b", "c"):
        send(nonce)
    send("a")  # forgotten: the bound keeps memory finite
    with pytest.raises(AuthenticationFailed):
        send("c")


def test_load_public_key_accepts_public_or_private_pem(key_pair: KeyPair) -> None:
    from_public = load_public_key(key_pair.public_key_pem)
    from_private = load_public_key(key_pair.private_key_pem)
    assert from_public.public_numbers() == from_private.public_numbers()
    with pytest.raises(ValueError, match="not a PEM RSA public key"):
        load_public_key(b"nonsense")


async def test_supported_documents_needs_no_signature(raw: httpx.AsyncClient) -> None:
    # Java's SDK sends this request unsigned; the others sign it without an sdkId.
    response = await raw.get(f"{BASE}/supported-documents")
    assert response.status_code == 200
    assert response.json()["supported_countries"]


async def test_supported_documents_with_a_bad_sdk_id_signature_is_401(
    raw: httpx.AsyncClient,
) -> None:
    response = await raw.get(
        f"{BASE}/supported-documents?sdkId=nobody&nonce=n&timestamp=1",
        headers={"X-Yoti-Auth-Digest": "AAAA"},
    )
    assert response.status_code == 401
