"""Bearer-token auth: the client assertion, minting, caching, and the httpx.Auth flow."""

from __future__ import annotations

import asyncio
import base64
import json
import time
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
import respx
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from yoti_idv.auth import (
    DEFAULT_AUTH_URL,
    AccessTokenSource,
    AuthenticationToken,
    AuthenticationTokenGenerator,
    BearerTokenAuth,
    RefreshingTokenSource,
    build_client_assertion,
    mint_access_token,
)
from yoti_idv.auth.signing import PrivateKey
from yoti_idv.errors import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    InternalServerError,
    ResponseValidationError,
)

SDK_ID = "sdk-123"
API = "https://api.yoti.com/idverify/v1"
SECRET = "eyJ.secret-access-token.xyz"


def _b64url_decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def verify_assertion(
    jwt: str, public_key: rsa.RSAPublicKey
) -> tuple[dict[str, Any], dict[str, Any]]:
    """What Yoti's auth service does: check the PS384 signature, return header and claims."""
    header_b64, claims_b64, signature_b64 = jwt.split(".")
    public_key.verify(
        _b64url_decode(signature_b64),
        f"{header_b64}.{claims_b64}".encode("ascii"),
        padding.PSS(mgf=padding.MGF1(hashes.SHA384()), salt_length=48),
        hashes.SHA384(),
    )
    assert "=" not in jwt
    return json.loads(_b64url_decode(header_b64)), json.loads(_b64url_decode(claims_b64))


def token_body(token: str = SECRET, expires_in: object = 3600, **extra: object) -> dict[str, Any]:
    return {
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": expires_in,
        "scope": "idv:sessions idv:media",
        **extra,
    }


@pytest.fixture
def auth_service() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False) as router:
        yield router


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# --------------------------------------------------------------------------- the assertion


def test_client_assertion_is_a_ps384_jwt_with_the_java_and_php_claims(
    private_key: PrivateKey, rsa_private_key: rsa.RSAPrivateKey
) -> None:
    before = int(time.time())
    jwt = build_client_assertion(SDK_ID, private_key, audience=DEFAULT_AUTH_URL)
    header, claims = verify_assertion(jwt, rsa_private_key.public_key())

    assert header == {"alg": "PS384", "typ": "JWT"}
    assert claims["iss"] == claims["sub"] == "sdk:sdk-123"
    assert uuid.UUID(claims["jti"]).version == 4
    assert claims["aud"] == DEFAULT_AUTH_URL
    assert before <= claims["iat"] <= int(time.time())
    assert claims["exp"] == claims["iat"] + 300
    assert set(claims) == {"iss", "sub", "jti", "aud", "iat", "exp"}


def test_client_assertion_salt_is_the_hash_length(
    private_key: PrivateKey, rsa_private_key: rsa.RSAPrivateKey
) -> None:
    jwt = build_client_assertion(SDK_ID, private_key, audience="aud", issued_at=5, jwt_id="j")
    signing_input, _, signature = jwt.rpartition(".")
    for salt_length in (0, 32, 64):
        with pytest.raises(InvalidSignature):
            rsa_private_key.public_key().verify(
                _b64url_decode(signature),
                signing_input.encode(),
                padding.PSS(mgf=padding.MGF1(hashes.SHA384()), salt_length=salt_length),
                hashes.SHA384(),
            )
    _, claims = verify_assertion(jwt, rsa_private_key.public_key())
    assert (claims["iat"], claims["exp"], claims["jti"]) == (5, 305, "j")


def test_each_assertion_is_fresh(private_key: PrivateKey) -> None:
    generator = AuthenticationTokenGenerator(SDK_ID, private_key)
    first, second = generator.client_assertion(), generator.client_assertion()
    assert first != second  # new jti, new PSS salt


# --------------------------------------------------------------------------- minting


async def test_generate_posts_the_form_and_parses_the_token(
    auth_service: respx.MockRouter, private_key: PrivateKey, rsa_private_key: rsa.RSAPrivateKey
) -> None:
    route = auth_service.post(DEFAULT_AUTH_URL).respond(200, json=token_body())
    generator = AuthenticationTokenGenerator(SDK_ID, private_key)

    token = await generator.generate(["idv:sessions", "idv:media"])

    assert token == AuthenticationToken(
        access_token=SECRET,
        token_type="Bearer",
        expires_in=3600,
        scope="idv:sessions idv:media",
    )
    assert token.scopes == ("idv:sessions", "idv:media")
    request = route.calls.last.request
    assert request.method == "POST"
    assert str(request.url) == DEFAULT_AUTH_URL
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert "Authorization" not in request.headers
    assert "X-Yoti-Auth-Digest" not in request.headers
    form = {k: v for k, [v] in parse_qs(request.content.decode(), strict_parsing=True).items()}
    assert set(form) == {"grant_type", "client_assertion_type", "scope", "client_assertion"}
    assert form["grant_type"] == "client_credentials"
    assert form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    assert form["scope"] == "idv:sessions idv:media"
    _, claims = verify_assertion(form["client_assertion"], rsa_private_key.public_key())
    assert claims["aud"] == DEFAULT_AUTH_URL
    assert claims["iss"] == "sdk:sdk-123"


async def test_token_never_shows_in_reprs(
    auth_service: respx.MockRouter, private_key: PrivateKey
) -> None:
    auth_service.post(DEFAULT_AUTH_URL).respond(200, json=token_body())
    generator = AuthenticationTokenGenerator(SDK_ID, private_key)
    source = generator.token_source(["idv:sessions"])
    await source.get_token()
    token = await generator.generate(["idv:sessions"])
    auth = BearerTokenAuth(source)
    for text in (repr(token), str(token), repr(generator), repr(source), repr(auth)):
        assert SECRET not in text
    assert "<cached>" in repr(source)
    assert SECRET not in repr(BearerTokenAuth(SECRET))


async def test_auth_url_from_argument_then_env_then_default(
    auth_service: respx.MockRouter,
    private_key: PrivateKey,
    rsa_private_key: rsa.RSAPrivateKey,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert AuthenticationTokenGenerator(SDK_ID, private_key).auth_url == DEFAULT_AUTH_URL
    monkeypatch.setenv("YOTI_AUTH_URL", " http://127.0.0.1:8111/v1/oauth/token ")
    from_env = AuthenticationTokenGenerator(SDK_ID, private_key)
    assert from_env.auth_url == "http://127.0.0.1:8111/v1/oauth/token"
    explicit = AuthenticationTokenGenerator(
        SDK_ID, private_key, auth_url="https://auth.example.test/token"
    )
    assert explicit.auth_url == "https://auth.example.test/token"

    route = auth_service.post("http://127.0.0.1:8111/v1/oauth/token").respond(
        200, json=token_body()
    )
    await from_env.generate(["s"])
    form = parse_qs(route.calls.last.request.content.decode())
    _, claims = verify_assertion(form["client_assertion"][0], rsa_private_key.public_key())
    assert claims["aud"] == "http://127.0.0.1:8111/v1/oauth/token"


@pytest.mark.parametrize(
    "auth_url", ["auth.api.yoti.com/v1/oauth/token", "ftp://x/y", "https://x/t?a=1", "https://"]
)
def test_bad_auth_url_is_a_configuration_error(private_key: PrivateKey, auth_url: str) -> None:
    with pytest.raises(ConfigurationError, match="auth_url"):
        AuthenticationTokenGenerator(SDK_ID, private_key, auth_url=auth_url)


@pytest.mark.parametrize(
    ("scopes", "match"),
    [
        ([], "must not be empty"),
        ("idv:sessions", "not a single string"),
        (["a b"], "not a scope name"),
        ([""], "not a scope name"),
        (['a"'], "not a scope name"),
        ([1], "not a scope name"),
        (None, "list of scope names"),
    ],
)
async def test_scopes_are_checked_before_anything_is_sent(
    auth_service: respx.MockRouter, private_key: PrivateKey, scopes: Any, match: str
) -> None:
    route = auth_service.post(DEFAULT_AUTH_URL).respond(200, json=token_body())
    generator = AuthenticationTokenGenerator(SDK_ID, private_key)
    with pytest.raises(ConfigurationError, match=match):
        await generator.generate(scopes)
    with pytest.raises(ConfigurationError, match=match):
        generator.token_source(scopes)
    assert not route.called


@pytest.mark.parametrize("sdk_id", ["", " ", " sdk", 7])
def test_sdk_id_is_checked(private_key: PrivateKey, sdk_id: Any) -> None:
    with pytest.raises(ConfigurationError, match="sdk_id"):
        AuthenticationTokenGenerator(sdk_id, private_key)


async def test_oauth_error_body_becomes_a_status_error(
    auth_service: respx.MockRouter, private_key: PrivateKey
) -> None:
    auth_service.post(DEFAULT_AUTH_URL).respond(
        401, json={"error": "invalid_client", "error_description": "unknown key"}
    )
    with pytest.raises(AuthenticationError) as caught:
        await mint_access_token(SDK_ID, private_key, ["s"])
    exc = caught.value
    assert (exc.status_code, exc.code, exc.error_message) == (401, "invalid_client", "unknown key")
    assert str(exc) == (
        f"the token request to {DEFAULT_AUTH_URL} failed: 401 invalid_client - unknown key"
    )
    # The client assertion is a credential for five minutes: not even the request keeps it.
    assert exc.response.request.content == b""
    assert exc.request is not None
    assert b"client_assertion" not in exc.request.content


async def test_yoti_error_body_and_bare_errors(
    auth_service: respx.MockRouter, private_key: PrivateKey
) -> None:
    route = auth_service.post(DEFAULT_AUTH_URL)
    route.respond(400, json={"code": "INVALID_SCOPE", "message": "no such scope"})
    with pytest.raises(BadRequestError, match="400 INVALID_SCOPE - no such scope") as caught:
        await mint_access_token(SDK_ID, private_key, ["s"])
    assert caught.value.code == "INVALID_SCOPE"

    route.respond(503, text="upstream down", headers={"Retry-After": "2"})
    with pytest.raises(InternalServerError, match="503 Service Unavailable") as failed:
        await mint_access_token(SDK_ID, private_key, ["s"])
    assert failed.value.retry_after == 2

    route.respond(302, headers={"Location": "https://elsewhere.test/"})
    with pytest.raises(Exception, match="302 Found"):
        await mint_access_token(SDK_ID, private_key, ["s"])


@pytest.mark.parametrize(
    ("body", "match"),
    [
        (b"<html>", "not a JSON object"),
        (b"[]", "not a JSON object"),
        (json.dumps({"token_type": "Bearer"}).encode(), "no access_token"),
        (json.dumps(token_body(token="")).encode(), "no access_token"),
        (json.dumps(token_body(token="a b" + SECRET)).encode(), "cannot carry"),
        (json.dumps(token_body(token_type="mac")).encode(), "not 'Bearer'"),
        (json.dumps(token_body(expires_in="soon")).encode(), "expires_in"),
        (json.dumps(token_body(expires_in=-1)).encode(), "expires_in"),
        (json.dumps(token_body(expires_in=True)).encode(), "expires_in"),
        (json.dumps(token_body(scope=["a"])).encode(), "scope"),
    ],
)
async def test_unusable_token_response_is_a_validation_error(
    auth_service: respx.MockRouter, private_key: PrivateKey, body: bytes, match: str
) -> None:
    auth_service.post(DEFAULT_AUTH_URL).respond(200, content=body)
    with pytest.raises(ResponseValidationError, match=match) as caught:
        await mint_access_token(SDK_ID, private_key, ["s"])
    assert caught.value.body is None
    assert caught.value.response is None
    assert SECRET not in str(caught.value)


async def test_lenient_token_response(
    auth_service: respx.MockRouter, private_key: PrivateKey
) -> None:
    route = auth_service.post(DEFAULT_AUTH_URL)
    route.respond(200, json={"access_token": SECRET, "expires_in": "120", "extra": 1})
    token = await mint_access_token(SDK_ID, private_key, ["s"])
    assert (token.expires_in, token.token_type, token.scope, token.scopes) == (120, None, None, ())
    route.respond(200, json=token_body(token_type="bearer"))
    assert (await mint_access_token(SDK_ID, private_key, ["s"])).token_type == "bearer"


async def test_connection_failures(auth_service: respx.MockRouter, private_key: PrivateKey) -> None:
    route = auth_service.post(DEFAULT_AUTH_URL)
    route.side_effect = httpx.ConnectError("refused")
    with pytest.raises(APIConnectionError, match="failed: ConnectError") as caught:
        await mint_access_token(SDK_ID, private_key, ["s"])
    assert caught.value.may_have_been_sent is False
    route.side_effect = httpx.ReadTimeout("slow")
    with pytest.raises(APITimeoutError, match="timed out") as timed_out:
        await mint_access_token(SDK_ID, private_key, ["s"])
    assert timed_out.value.may_have_been_sent is True


async def test_a_given_transport_is_borrowed_not_closed(private_key: PrivateKey) -> None:
    seen: list[httpx.Request] = []

    class Transport(httpx.MockTransport):
        closed = False

        async def aclose(self) -> None:
            self.closed = True

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=token_body())

    transport = Transport(handler)
    generator = AuthenticationTokenGenerator(SDK_ID, private_key, transport=transport)
    await generator.generate(["s"])
    await generator.generate(["s"])
    assert len(seen) == 2
    assert not transport.closed


async def test_a_given_http_client_is_used(private_key: PrivateKey) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=token_body()))
    async with httpx.AsyncClient(transport=transport) as http:
        token = await mint_access_token(SDK_ID, private_key, ["s"], http_client=http)
        assert token.access_token == SECRET
        assert not http.is_closed


def test_transport_and_http_client_are_exclusive(private_key: PrivateKey) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200))
    with pytest.raises(ConfigurationError, match="not both"):
        AuthenticationTokenGenerator(
            SDK_ID, private_key, transport=transport, http_client=httpx.AsyncClient()
        )
    with pytest.raises(ConfigurationError, match="transport"):
        AuthenticationTokenGenerator(SDK_ID, private_key, transport=object())  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="timeout"):
        AuthenticationTokenGenerator(SDK_ID, private_key, timeout=0)


# --------------------------------------------------------------------------- caching


class Minter:
    """A mint function that counts calls and hands out token-1, token-2, ..."""

    def __init__(self, expires_in: int | None = 3600, delay: float = 0.0) -> None:
        self.calls = 0
        self.expires_in = expires_in
        self.delay = delay
        self.error: Exception | None = None

    async def __call__(self) -> AuthenticationToken:
        self.calls += 1
        await asyncio.sleep(self.delay)
        if self.error is not None:
            raise self.error
        return AuthenticationToken(access_token=f"token-{self.calls}", expires_in=self.expires_in)


async def test_token_is_cached_until_the_refresh_margin() -> None:
    clock, mint = FakeClock(), Minter(expires_in=3600)
    source = RefreshingTokenSource(mint, refresh_margin=60, clock=clock)
    assert isinstance(source, AccessTokenSource)

    assert await source.get_token() == "token-1"
    clock.now += 3539
    assert await source.get_token() == "token-1"
    clock.now += 1  # 60 s before expiry
    assert await source.get_token() == "token-2"
    assert mint.calls == source.mint_count == 2


async def test_short_lived_tokens_refresh_at_half_life() -> None:
    clock, mint = FakeClock(), Minter(expires_in=60)
    source = RefreshingTokenSource(mint, refresh_margin=300, clock=clock)
    assert await source.get_token() == "token-1"
    clock.now += 29.9
    assert await source.get_token() == "token-1"
    clock.now += 0.1
    assert await source.get_token() == "token-2"


async def test_expiry_counts_from_when_the_request_started() -> None:
    clock = FakeClock()

    async def slow_mint() -> AuthenticationToken:
        clock.now += 50  # the token service took 50 s to answer
        return AuthenticationToken(access_token="t", expires_in=100)

    source = RefreshingTokenSource(slow_mint, refresh_margin=10, clock=clock)
    await source.get_token()
    clock.now += 39.9  # 89.9 s after the request started
    assert source.mint_count == 1
    await source.get_token()
    assert source.mint_count == 1
    clock.now += 0.1
    await source.get_token()
    assert source.mint_count == 2


async def test_token_without_expiry_is_kept_until_invalidated() -> None:
    clock, mint = FakeClock(), Minter(expires_in=None)
    source = RefreshingTokenSource(mint, clock=clock)
    assert await source.get_token() == "token-1"
    clock.now += 10**9
    assert await source.get_token() == "token-1"
    source.invalidate("some-other-token")
    source.invalidate("é")  # whatever a caller passes, it only compares
    assert await source.get_token() == "token-1"
    source.invalidate("token-1")
    assert "<empty>" in repr(source)
    assert await source.get_token() == "token-2"


async def test_concurrent_callers_mint_once() -> None:
    mint = Minter(delay=0.05)
    source = RefreshingTokenSource(mint)
    tokens = await asyncio.gather(*(source.get_token() for _ in range(50)))
    assert set(tokens) == {"token-1"}
    assert mint.calls == 1


async def test_a_failed_mint_is_shared_by_its_waiters_then_retried() -> None:
    mint = Minter(delay=0.05)
    mint.error = RuntimeError("auth service down")
    source = RefreshingTokenSource(mint)
    results = await asyncio.gather(*(source.get_token() for _ in range(20)), return_exceptions=True)
    assert all(isinstance(r, RuntimeError) for r in results)
    assert mint.calls == 1  # not one request per waiting caller

    mint.error = None
    assert await source.get_token() == "token-2"  # a later call tries again


async def test_a_cancelled_mint_lets_the_next_waiter_mint() -> None:
    mint = Minter(delay=0.2)
    source = RefreshingTokenSource(mint)
    first = asyncio.create_task(source.get_token())
    await asyncio.sleep(0.01)
    second = asyncio.create_task(source.get_token())
    await asyncio.sleep(0.01)
    first.cancel()
    assert await second == "token-2"
    with pytest.raises(asyncio.CancelledError):
        await first


async def test_mint_must_return_a_token() -> None:
    async def bad() -> Any:
        return "not a token object"

    with pytest.raises(TypeError, match="AuthenticationToken"):
        await RefreshingTokenSource(bad).get_token()


@pytest.mark.parametrize("margin", [-1, float("nan"), float("inf"), True, "60"])
def test_refresh_margin_is_checked(margin: Any) -> None:
    with pytest.raises(ConfigurationError, match="refresh_margin"):
        RefreshingTokenSource(Minter(), refresh_margin=margin)


# --------------------------------------------------------------------------- the auth flow


class Api:
    """An httpx.MockTransport handler standing in for the IDV API: 401 for unknown tokens."""

    def __init__(self, *valid: str) -> None:
        self.valid = set(valid)
        self.requests: list[httpx.Request] = []
        self.authorizations: list[str] = []  # as sent: a resent request is the same object

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        header = request.headers.get("Authorization", "")
        self.authorizations.append(header)
        if header.removeprefix("Bearer ") in self.valid:
            return httpx.Response(200, json={"ok": True, "body": request.content.decode()})
        return httpx.Response(401, json={"code": "UNAUTHORIZED", "message": "bad token"})


def assert_only_bearer(request: httpx.Request, token: str) -> None:
    assert request.headers["Authorization"] == f"Bearer {token}"
    assert "X-Yoti-Auth-Digest" not in request.headers
    assert not {"sdkId", "nonce", "timestamp"} & set(request.url.params)
    assert request.headers["X-Yoti-SDK"] == "Python"


async def test_fixed_token_sends_only_the_bearer_header() -> None:
    api = Api(SECRET)
    async with httpx.AsyncClient(transport=httpx.MockTransport(api)) as http:
        response = await http.get(f"{API}/sessions/abc", auth=BearerTokenAuth(SECRET))
    assert response.status_code == 200
    assert_only_bearer(api.requests[0], SECRET)
    assert str(api.requests[0].url) == f"{API}/sessions/abc"
    assert SECRET not in repr(api.requests[0].headers)


def test_fixed_token_works_with_a_sync_client() -> None:
    api = Api(SECRET)
    with httpx.Client(transport=httpx.MockTransport(api)) as http:
        assert http.get(f"{API}/sessions/abc", auth=BearerTokenAuth(SECRET)).status_code == 200
        with pytest.raises(ConfigurationError, match="AsyncClient"):
            http.get(f"{API}/x", auth=BearerTokenAuth(RefreshingTokenSource(Minter())))
    assert_only_bearer(api.requests[0], SECRET)


async def test_fixed_token_is_not_retried_on_401() -> None:
    api = Api()
    async with httpx.AsyncClient(transport=httpx.MockTransport(api)) as http:
        response = await http.get(f"{API}/sessions/abc", auth=BearerTokenAuth(SECRET))
    assert response.status_code == 401
    assert len(api.requests) == 1


async def test_source_token_is_sent_and_reused() -> None:
    mint = Minter()
    api = Api("token-1")
    auth = BearerTokenAuth(RefreshingTokenSource(mint))
    async with httpx.AsyncClient(transport=httpx.MockTransport(api)) as http:
        for _ in range(3):
            assert (await http.get(f"{API}/sessions/abc", auth=auth)).status_code == 200
    assert mint.calls == 1
    for request in api.requests:
        assert_only_bearer(request, "token-1")


async def test_a_401_mints_a_new_token_and_resends_once_with_the_body() -> None:
    mint = Minter()
    api = Api("token-2")  # the first token was revoked server-side
    auth = BearerTokenAuth(RefreshingTokenSource(mint))
    async with httpx.AsyncClient(transport=httpx.MockTransport(api)) as http:
        response = await http.post(f"{API}/sessions", content=b'{"a":1}', auth=auth)
    assert response.status_code == 200
    assert response.json()["body"] == '{"a":1}'
    assert api.authorizations == [
        "Bearer token-1",
        "Bearer token-2",
    ]
    assert mint.calls == 2


async def test_a_second_401_is_returned_not_looped() -> None:
    mint = Minter()
    api = Api()  # rejects everything
    auth = BearerTokenAuth(RefreshingTokenSource(mint))
    async with httpx.AsyncClient(transport=httpx.MockTransport(api)) as http:
        response = await http.get(f"{API}/sessions/abc", auth=auth)
    assert response.status_code == 401
    assert len(api.requests) == 2
    assert mint.calls == 2


async def test_concurrent_401s_re_mint_once() -> None:
    mint = Minter(delay=0.01)
    source = RefreshingTokenSource(mint)
    await source.get_token()  # token-1 cached, then revoked
    api = Api("token-2")
    auth = BearerTokenAuth(source)
    async with httpx.AsyncClient(transport=httpx.MockTransport(api)) as http:
        responses = await asyncio.gather(
            *(http.get(f"{API}/sessions/{i}", auth=auth) for i in range(20))
        )
    assert all(r.status_code == 200 for r in responses)
    assert mint.calls == 2


async def test_base_url_keeps_the_token_at_home() -> None:
    api = Api(SECRET)
    auth = BearerTokenAuth(SECRET, base_url=API + "/")
    async with httpx.AsyncClient(transport=httpx.MockTransport(api)) as http:
        assert (await http.get(f"{API}/sessions/abc", auth=auth)).status_code == 200
        for url in (
            "https://evil.test/idverify/v1/sessions/abc",
            "http://api.yoti.com/idverify/v1/sessions/abc",
            "https://api.yoti.com:8443/idverify/v1/sessions/abc",
            "https://api.yoti.com/idverify/v2/sessions",
            "https://api.yoti.com/idverify/v1",
        ):
            with pytest.raises(ConfigurationError, match="refusing"):
                await http.get(url, auth=auth)
    assert len(api.requests) == 1
    assert "base_url='https://api.yoti.com/idverify/v1'" in repr(auth)


@pytest.mark.parametrize("token", ["", "Bearer x", "a\nb", "é", 3])
def test_bad_fixed_tokens_are_refused_without_echo(token: Any) -> None:
    with pytest.raises(ConfigurationError) as caught:
        BearerTokenAuth(token)
    if isinstance(token, str) and token:
        assert token not in str(caught.value)


async def test_from_credentials_mints_then_authenticates(
    private_key: PrivateKey, rsa_private_key: rsa.RSAPrivateKey
) -> None:
    token_requests: list[httpx.Request] = []
    api = Api(SECRET)

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.api.yoti.com":
            token_requests.append(request)
            return httpx.Response(200, json=token_body())
        return api(request)

    transport = httpx.MockTransport(handler)
    auth = BearerTokenAuth.from_credentials(
        SDK_ID, private_key, ["idv:sessions"], transport=transport, base_url=API
    )
    assert isinstance(auth.source, RefreshingTokenSource)
    async with httpx.AsyncClient(transport=transport) as http:
        for _ in range(2):
            assert (await http.get(f"{API}/sessions/abc", auth=auth)).status_code == 200
    assert len(token_requests) == 1
    form = parse_qs(token_requests[0].content.decode())
    assert form["scope"] == ["idv:sessions"]
    verify_assertion(form["client_assertion"][0], rsa_private_key.public_key())
    assert_only_bearer(api.requests[-1], SECRET)


async def test_a_mint_failure_surfaces_from_the_request(
    auth_service: respx.MockRouter, private_key: PrivateKey
) -> None:
    auth_service.post(DEFAULT_AUTH_URL).respond(401, json={"error": "invalid_client"})
    auth_service.get(f"{API}/sessions/abc").respond(200)
    auth = BearerTokenAuth.from_credentials(SDK_ID, private_key, ["s"])
    async with httpx.AsyncClient() as http:
        with pytest.raises(AuthenticationError, match="invalid_client"):
            await http.get(f"{API}/sessions/abc", auth=auth)
    assert not auth_service.routes[1].called
