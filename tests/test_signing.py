"""The private key and the request signer, checked by an independent verification."""

from __future__ import annotations

import base64
import pickle
import re
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from yoti_idv import AsyncIDVClient
from yoti_idv import _operations as operations
from yoti_idv._operations import Operation
from yoti_idv._request_builder import RequestBuilder
from yoti_idv.auth.signing import PrivateKey, RequestSigner, message_to_sign
from yoti_idv.errors import ConfigurationError

BASE_URL = "https://api.yoti.com/idverify/v1"


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def pem(rsa_key: rsa.RSAPrivateKey) -> bytes:
    return rsa_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )


def _signed(signer: RequestSigner, request: httpx.Request) -> httpx.Request:
    flow = signer.sync_auth_flow(request)
    return next(flow)


def _verify(public_key: rsa.RSAPublicKey, request: httpx.Request, base_path: str) -> None:
    """What Yoti does: rebuild the message from the request as received and verify it."""
    path_and_query = request.url.raw_path.decode()
    assert path_and_query.startswith(base_path)
    message = f"{request.method}&{path_and_query[len(base_path) :]}"
    if request.content:
        message += "&" + base64.b64encode(request.content).decode()
    signature = base64.b64decode(request.headers["X-Yoti-Auth-Digest"])
    public_key.verify(signature, message.encode(), padding.PKCS1v15(), hashes.SHA256())


def test_go_sdk_test_vector_for_the_message() -> None:
    # requests/signed_message_test.go: POST with body "simple message body".
    assert message_to_sign("post", "endpoint", b"simple message body") == (
        b"POST&endpoint&c2ltcGxlIG1lc3NhZ2UgYm9keQ=="
    )
    assert message_to_sign("GET", "/sessions/x?a=b", None) == b"GET&/sessions/x?a=b"
    assert message_to_sign("GET", "/sessions/x?a=b", b"") == b"GET&/sessions/x?a=b"


def test_signed_get_verifies_with_the_public_key(rsa_key: rsa.RSAPrivateKey, pem: bytes) -> None:
    signer = RequestSigner("my-sdk-id", PrivateKey.from_pem(pem), BASE_URL)
    before = time.time_ns() // 1_000_000
    request = _signed(signer, httpx.Request("GET", f"{BASE_URL}/sessions/abc"))
    after = time.time_ns() // 1_000_000

    _verify(rsa_key.public_key(), request, "/idverify/v1")
    params = request.url.params
    assert params["sdkId"] == "my-sdk-id"
    assert uuid.UUID(params["nonce"]).version == 4
    assert before <= int(params["timestamp"]) <= after
    assert re.fullmatch(r"[A-Za-z0-9+/=]{344}", request.headers["X-Yoti-Auth-Digest"])
    assert request.headers["X-Yoti-SDK"] == "Python"
    assert request.headers["X-Yoti-SDK-Version"].startswith("yoti-idv-")


def test_signed_post_covers_the_exact_body(rsa_key: rsa.RSAPrivateKey, pem: bytes) -> None:
    signer = RequestSigner("sdk", PrivateKey.from_pem(pem), BASE_URL)
    body = '{"a":"é"}'.encode()
    request = _signed(signer, httpx.Request("POST", f"{BASE_URL}/sessions", content=body))
    _verify(rsa_key.public_key(), request, "/idverify/v1")

    tampered = httpx.Request(
        "POST", request.url, content=b'{"a":"e"}', headers=dict(request.headers)
    )
    with pytest.raises(InvalidSignature):
        _verify(rsa_key.public_key(), tampered, "/idverify/v1")


def test_existing_query_parameters_are_signed_as_sent(
    rsa_key: rsa.RSAPrivateKey, pem: bytes
) -> None:
    signer = RequestSigner("sdk", PrivateKey.from_pem(pem), BASE_URL)
    request = httpx.Request(
        "GET", f"{BASE_URL}/supported-documents", params={"includeNonLatin": "true"}
    )
    request = _signed(signer, request)
    assert request.url.raw_path.decode().startswith(
        "/idverify/v1/supported-documents?includeNonLatin=true&sdkId=sdk&nonce="
    )
    _verify(rsa_key.public_key(), request, "/idverify/v1")


def test_sdk_id_can_be_left_out_per_request(pem: bytes) -> None:
    signer = RequestSigner("sdk", PrivateKey.from_pem(pem), BASE_URL)
    request = httpx.Request(
        "GET", f"{BASE_URL}/supported-documents", extensions={"yoti_idv.include_sdk_id": False}
    )
    request = _signed(signer, request)
    assert "sdkId" not in request.url.params
    assert {"nonce", "timestamp"} <= set(request.url.params)


def test_every_request_gets_a_fresh_nonce_and_signature(pem: bytes) -> None:
    signer = RequestSigner("sdk", PrivateKey.from_pem(pem), BASE_URL)
    first = _signed(signer, httpx.Request("GET", f"{BASE_URL}/sessions/a"))
    second = _signed(signer, httpx.Request("GET", f"{BASE_URL}/sessions/a"))
    assert first.url.params["nonce"] != second.url.params["nonce"]
    assert first.headers["X-Yoti-Auth-Digest"] != second.headers["X-Yoti-Auth-Digest"]


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example.com/idverify/v1/sessions",
        "http://api.yoti.com/idverify/v1/sessions",
        "https://api.yoti.com:8443/idverify/v1/sessions",
        "https://api.yoti.com/other/v1/sessions",
        "https://api.yoti.com/idverify/v10/sessions",
    ],
)
def test_refuses_to_sign_for_another_origin_or_path(pem: bytes, url: str) -> None:
    signer = RequestSigner("sdk", PrivateKey.from_pem(pem), BASE_URL)
    request = httpx.Request("GET", url)
    with pytest.raises(ConfigurationError, match="refusing to sign"):
        _signed(signer, request)
    assert "X-Yoti-Auth-Digest" not in request.headers


def test_private_key_from_file_and_pkcs8(tmp_path: Path, rsa_key: rsa.RSAPrivateKey) -> None:
    pkcs8 = rsa_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path = tmp_path / "key.pem"
    path.write_bytes(pkcs8)
    for key in (PrivateKey.from_file(path), PrivateKey.from_file(str(path)), PrivateKey.load(path)):
        assert key.key_size == 2048
        signature = key.sign(b"hello")
        rsa_key.public_key().verify(signature, b"hello", padding.PKCS1v15(), hashes.SHA256())


def test_private_key_never_shows_itself(pem: bytes) -> None:
    key = PrivateKey.from_pem(pem)
    body = pem.decode().splitlines()[1]
    for text in (repr(key), str(key), f"{key}"):
        assert body not in text
        assert "redacted" in text
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(key)


def test_missing_key_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="does not exist"):
        PrivateKey.from_file(tmp_path / "nope.pem")
    with pytest.raises(ConfigurationError, match="directory"):
        PrivateKey.from_file(tmp_path)


def test_non_pem_data() -> None:
    with pytest.raises(ConfigurationError, match="not PEM"):
        PrivateKey.from_pem(b"hello")
    with pytest.raises(ConfigurationError, match="could not be parsed"):
        PrivateKey.from_pem(
            b"-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n"
        )


def test_encrypted_key(rsa_key: rsa.RSAPrivateKey) -> None:
    encrypted = rsa_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"secret"),
    )
    with pytest.raises(ConfigurationError, match="encrypted"):
        PrivateKey.from_pem(encrypted)


def test_non_rsa_key() -> None:
    ec_pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with pytest.raises(ConfigurationError, match="must be an RSA key"):
        PrivateKey.from_pem(ec_pem)


def test_pem_text_in_a_str_is_refused_with_advice(pem: bytes) -> None:
    with pytest.raises(ConfigurationError, match="pass it as bytes") as info:
        PrivateKey.load(pem.decode())
    assert pem.decode().splitlines()[1] not in str(info.value)
    with pytest.raises(ConfigurationError, match="takes bytes"):
        PrivateKey.from_pem(pem.decode())  # type: ignore[arg-type]


def test_key_of_the_wrong_type() -> None:
    with pytest.raises(ConfigurationError, match="got int"):
        PrivateKey.load(42)  # type: ignore[arg-type]


async def test_async_flow_signs_off_the_loop_and_verifies(
    rsa_key: rsa.RSAPrivateKey, pem: bytes
) -> None:
    signer = RequestSigner("sdk", PrivateKey.from_pem(pem), BASE_URL)
    request = httpx.Request("PUT", f"{BASE_URL}/sessions/a/x", content=b"payload")
    flow = signer.async_auth_flow(request)
    signed = await flow.__anext__()
    _verify(rsa_key.public_key(), signed, "/idverify/v1")
    assert signed.url.params["sdkId"] == "sdk"


def test_signing_twice_replaces_the_auth_parameters(pem: bytes) -> None:
    signer = RequestSigner("sdk id/é", PrivateKey.from_pem(pem), BASE_URL)
    request = _signed(signer, httpx.Request("GET", f"{BASE_URL}/sessions/a", params={"x": "1"}))
    first_nonce = request.url.params["nonce"]
    again = _signed(signer, request)
    params = again.url.params
    assert params.get_list("nonce") != [first_nonce]
    assert len(params.get_list("nonce")) == 1
    assert len(params.get_list("sdkId")) == 1
    assert params["sdkId"] == "sdk id/é"
    assert params["x"] == "1"


# ---------------------------------------------------------- URLs built with the auth parameters


def _built(signer: RequestSigner, operation: Operation[Any], http: httpx.Client) -> httpx.Request:
    return RequestBuilder(http, BASE_URL, signer.auth_query, owned=False).build(
        operation, httpx.Timeout(5)
    )


@pytest.mark.parametrize(
    ("operation", "with_sdk_id"),
    [
        (operations.get_session("session-1"), True),
        (operations.get_supported_documents(include_non_latin=True), False),
    ],
)
def test_a_url_built_with_the_auth_query_is_signed_as_built(
    rsa_key: rsa.RSAPrivateKey, pem: bytes, operation: Operation[Any], with_sdk_id: bool
) -> None:
    signer = RequestSigner("sdk id/é", PrivateKey.from_pem(pem), BASE_URL)
    with httpx.Client() as http:
        request = _built(signer, operation, http)
    built_url = request.url
    signed = _signed(signer, request)
    assert signed.url == built_url  # nothing added twice, nothing rebuilt
    params = signed.url.params
    assert params.get_list("sdkId") == (["sdk id/é"] if with_sdk_id else [])
    assert len(params.get_list("nonce")) == 1
    assert uuid.UUID(params["nonce"]).version == 4
    assert abs(int(params["timestamp"]) - time.time_ns() // 1_000_000) < 60_000
    for name, value in operation.query:
        assert params[name] == value
    _verify(rsa_key.public_key(), signed, "/idverify/v1")


def test_each_build_has_fresh_auth_parameters_and_resigning_renews_them(pem: bytes) -> None:
    signer = RequestSigner("sdk", PrivateKey.from_pem(pem), BASE_URL)
    with httpx.Client() as http:
        first = _signed(signer, _built(signer, operations.get_session("s"), http))
        second = _signed(signer, _built(signer, operations.get_session("s"), http))
    assert first.url.params["nonce"] != second.url.params["nonce"]
    nonce = first.url.params["nonce"]
    again = _signed(signer, first)
    assert again.url.params.get_list("nonce") != [nonce]
    assert len(again.url.params.get_list("nonce")) == 1


def test_a_url_changed_after_it_was_built_still_gets_its_auth_parameters(
    rsa_key: rsa.RSAPrivateKey, pem: bytes
) -> None:
    signer = RequestSigner("sdk", PrivateKey.from_pem(pem), BASE_URL)
    with httpx.Client() as http:
        request = _built(signer, operations.get_session("s"), http)
    request.url = httpx.URL(f"{BASE_URL}/sessions/other")  # e.g. by an event hook
    signed = _signed(signer, request)
    assert signed.url.path == "/idverify/v1/sessions/other"
    assert signed.url.params["sdkId"] == "sdk"
    assert len(signed.url.params.get_list("nonce")) == 1
    _verify(rsa_key.public_key(), signed, "/idverify/v1")


async def test_a_callers_client_with_default_params_still_sends_signed_requests(
    rsa_key: rsa.RSAPrivateKey, pem: bytes
) -> None:
    # httpx replaces a URL's query with the client's default params when it has some: the
    # signer then finds its parameters gone and adds them again.
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    http = httpx.AsyncClient(params={"trace": "on"}, transport=httpx.MockTransport(handler))
    async with http, AsyncIDVClient("sdk", pem, base_url=BASE_URL, http_client=http) as client:
        await client.delete_session("session-1")
    (request,) = seen
    assert request.url.params["sdkId"] == "sdk"
    assert len(request.url.params.get_list("nonce")) == 1
    _verify(rsa_key.public_key(), request, "/idverify/v1")


def test_a_key_whose_halves_do_not_match_is_refused_when_loaded() -> None:
    """OpenSSL's slow key check is skipped; the self-test still catches a damaged key."""
    good = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_numbers()
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_numbers()
    # Another key's private exponent (and the CRT exponents derived from it) with this key's
    # primes and public numbers: every signature it makes fails against its public half.
    damaged = rsa.RSAPrivateNumbers(
        p=good.p,
        q=good.q,
        d=other.d,
        dmp1=other.d % (good.p - 1),
        dmq1=other.d % (good.q - 1),
        iqmp=good.iqmp,
        public_numbers=good.public_numbers,
    ).private_key(unsafe_skip_rsa_key_validation=True)
    pem = damaged.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    with pytest.raises(ConfigurationError, match="damaged"):
        PrivateKey.from_pem(pem)
