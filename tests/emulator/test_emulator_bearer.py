"""Bearer-token mode: the emulator's token endpoint checks client assertions as Yoti's auth
service does, and IDV requests with ``Authorization: Bearer`` act for the token's application,
with our `with_bearer_token` client end to end (refreshing an expired token on a 401)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from yoti_idv.auth import AuthenticationTokenGenerator, build_client_assertion
from yoti_idv.client import AsyncIDVClient
from yoti_idv.emulator import Emulator, ManualClock
from yoti_idv.testing import KeyPair

from .helpers import SDK_ID, SEED_SPEC, START, create

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


@pytest.fixture
def app_emulator(key_pair: KeyPair) -> Emulator:
    emulator = Emulator(clock=ManualClock(START))
    emulator.register_application(SDK_ID, key_pair.public_key_pem)
    return emulator


@pytest.fixture
async def client(app_emulator: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=app_emulator.transport(), base_url="http://idv-emulator.local"
    ) as http:
        yield http


def _form(key_pair: KeyPair, emulator: Emulator, **changes: Any) -> dict[str, str]:
    assertion = build_client_assertion(
        changes.pop("sdk_id", SDK_ID),
        changes.pop("key", key_pair.private_key),
        audience=changes.pop("audience", emulator.token_url),
        issued_at=changes.pop("issued_at", int(emulator.clock.now())),
        jwt_id=changes.pop("jwt_id", None),
    )
    form = {
        "grant_type": "client_credentials",
        "client_assertion_type": ASSERTION_TYPE,
        "scope": "idv:session",
        "client_assertion": assertion,
    }
    form.update(changes)
    return form


async def test_the_token_endpoint_issues_a_bearer_token(
    app_emulator: Emulator, client: httpx.AsyncClient, key_pair: KeyPair
) -> None:
    response = await client.post("/v1/oauth/token", data=_form(key_pair, app_emulator))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert body["scope"] == "idv:session"
    assert response.headers["cache-control"] == "no-store"
    token = body["access_token"]

    # The token alone authenticates: no sdkId, nonce, timestamp or digest.
    headers = {"Authorization": f"Bearer {token}"}
    created = await client.post("/idverify/v1/sessions", json=SEED_SPEC, headers=headers)
    assert created.status_code == 201, created.text
    session_id = created.json()["session_id"]
    assert app_emulator.session(session_id).sdk_id == SDK_ID
    got = await client.get(f"/idverify/v1/sessions/{session_id}", headers=headers)
    assert got.json()["state"] == "ONGOING"


@pytest.mark.parametrize(
    ("changes", "status", "error"),
    [
        ({"grant_type": "password"}, 400, "unsupported_grant_type"),
        ({"client_assertion_type": "x"}, 400, "invalid_request"),
        ({"scope": " "}, 400, "invalid_scope"),
        ({"client_assertion": ""}, 400, "invalid_request"),
        ({"client_assertion": "a.b"}, 401, "invalid_client"),
        ({"client_assertion": "e30.e30.AAAA"}, 401, "invalid_client"),
        ({"sdk_id": "unknown-app"}, 401, "invalid_client"),
        ({"audience": "https://auth.api.yoti.com/v1/oauth/token"}, 401, "invalid_client"),
        ({"issued_at": int(START.timestamp()) - 3600}, 401, "invalid_client"),
        ({"issued_at": int(START.timestamp()) + 3600}, 401, "invalid_client"),
    ],
)
async def test_bad_token_requests_are_refused(
    app_emulator: Emulator,
    client: httpx.AsyncClient,
    key_pair: KeyPair,
    changes: dict[str, Any],
    status: int,
    error: str,
) -> None:
    response = await client.post("/v1/oauth/token", data=_form(key_pair, app_emulator, **changes))
    assert (response.status_code, response.json()["error"]) == (status, error)
    assert response.json()["error_description"]


async def test_an_assertion_signed_by_another_key_or_replayed_is_refused(
    app_emulator: Emulator, client: httpx.AsyncClient, key_pair: KeyPair, other_key_pair: KeyPair
) -> None:
    forged = _form(key_pair, app_emulator, key=other_key_pair.private_key)
    response = await client.post("/v1/oauth/token", data=forged)
    assert (response.status_code, response.json()["error"]) == (401, "invalid_client")
    assert "signature" in response.json()["error_description"]

    form = _form(key_pair, app_emulator, jwt_id="one-time")
    assert (await client.post("/v1/oauth/token", data=form)).status_code == 200
    replayed = await client.post("/v1/oauth/token", data=form)
    assert replayed.status_code == 401
    assert "jti" in replayed.json()["error_description"]


async def test_a_json_body_is_refused(app_emulator: Emulator, client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/oauth/token", json={"grant_type": "client_credentials"})
    assert (response.status_code, response.json()["error"]) == (400, "invalid_request")


async def test_unknown_and_foreign_tokens_are_401(
    app_emulator: Emulator, client: httpx.AsyncClient, key_pair: KeyPair, other_key_pair: KeyPair
) -> None:
    response = await client.get(
        "/idverify/v1/sessions/x", headers={"Authorization": "Bearer not-a-token"}
    )
    assert (response.status_code, response.json()["code"]) == (401, "UNAUTHORIZED")
    app_emulator.register_application("other-app", other_key_pair.public_key_pem)
    token = (await client.post("/v1/oauth/token", data=_form(key_pair, app_emulator))).json()
    response = await client.put(
        "/idverify/v1/apps/other-app/response-config",
        json={"check_reports": {}},
        headers={"Authorization": f"Bearer {token['access_token']}"},
    )
    assert response.status_code == 401
    assert "another application" in response.json()["message"]


async def test_our_bearer_client_end_to_end_and_refresh_on_expiry(key_pair: KeyPair) -> None:
    emulator = Emulator()  # the real clock: the client dates its assertions by it
    emulator.register_application(SDK_ID, key_pair.public_key_pem)
    generator = AuthenticationTokenGenerator(
        SDK_ID, key_pair.private_key, auth_url=emulator.token_url, transport=emulator.transport()
    )
    minted: list[str] = []
    original = generator.generate

    async def counting_generate(scopes: Any) -> Any:
        token = await original(scopes)
        minted.append(token.access_token)
        return token

    generator.generate = counting_generate  # type: ignore[method-assign]
    source = generator.token_source(["idv:session"])
    async with AsyncIDVClient.with_bearer_token(
        source, base_url=emulator.base_url, transport=emulator.transport()
    ) as idv:
        created = await idv.create_session(SEED_SPEC)
        assert created.session_id is not None
        await emulator.complete_session(created.session_id, "pass")
        assert (await idv.get_session(created.session_id)).liveness_passed is True
        # The token lapses: the cached one is refused with a 401, and the source mints a new
        # one and sends the request again, once.
        emulator.tokens.revoke_all()
        again = await idv.create_session(SEED_SPEC)
        assert again.session_id is not None
        assert emulator.session(again.session_id).sdk_id == SDK_ID
    assert len(minted) == 2
    assert minted[0] != minted[1]


async def test_signed_clients_are_unaffected(http: httpx.AsyncClient) -> None:
    assert (await create(http))["session_id"]


async def test_a_token_expires_after_its_lifetime(
    app_emulator: Emulator, client: httpx.AsyncClient, key_pair: KeyPair
) -> None:
    token = (await client.post("/v1/oauth/token", data=_form(key_pair, app_emulator))).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    assert (await client.get("/idverify/v1/sessions/x", headers=headers)).status_code == 404
    app_emulator.advance_clock(3600)
    response = await client.get("/idverify/v1/sessions/x", headers=headers)
    assert response.status_code == 401
