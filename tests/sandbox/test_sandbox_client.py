"""AsyncSandboxClient: request shapes, signatures and errors, with respx standing in for Yoti."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
import respx
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from yoti_idv.auth.signing import PrivateKey
from yoti_idv.conversion import converter
from yoti_idv.errors import (
    APIConnectionError,
    APITimeoutError,
    BadRequestError,
    ConfigurationError,
    NotFoundError,
)
from yoti_idv.sandbox import (
    DEFAULT_SANDBOX_BASE_URL,
    AsyncSandboxClient,
    SandboxCheckReportsBuilder,
    SandboxDocumentFilterBuilder,
    SandboxDocumentTextDataExtractionTaskBuilder,
    SandboxRecommendationBuilder,
    SandboxResponseConfig,
    SandboxResponseConfigBuilder,
    SandboxStaticLivenessCheckBuilder,
    SandboxTaskResultsBuilder,
)

BASE = DEFAULT_SANDBOX_BASE_URL
SDK_ID = "3f3ee1ae-6a4f-4a4a-9b0e-6a8a1b2c3d4e"
SESSION_ID = "a1b2c3d4-0000-4000-8000-000000000001"
RAW_CONFIG: dict[str, Any] = {
    "check_reports": {
        "LIVENESS": [
            {
                "result": {"report": {"recommendation": {"value": "APPROVE"}, "breakdown": []}},
                "liveness_type": "STATIC",
            }
        ],
        "async_report_delay": 5,
    }
}


def static_liveness_config() -> SandboxResponseConfig:
    approve = SandboxRecommendationBuilder().with_value("APPROVE").build()
    return (
        SandboxResponseConfigBuilder()
        .with_check_reports(
            SandboxCheckReportsBuilder()
            .with_liveness_check(
                SandboxStaticLivenessCheckBuilder()
                .with_recommendation(approve)
                .with_response_delay(3)
                .build()
            )
            .with_async_report_delay(5)
            .build()
        )
        .with_task_results(
            SandboxTaskResultsBuilder()
            .with_text_extraction_task(
                SandboxDocumentTextDataExtractionTaskBuilder()
                .with_document_field("full_name", "Jane Doe")
                .with_document_filter(
                    SandboxDocumentFilterBuilder()
                    .with_document_types(["PASSPORT"])
                    .with_country_codes(["GBR"])
                    .build()
                )
                .build()
            )
            .build()
        )
        .build()
    )


@pytest.fixture
async def sandbox(private_key: PrivateKey) -> AsyncIterator[AsyncSandboxClient]:
    async with AsyncSandboxClient(SDK_ID, private_key) as client:
        yield client


@pytest.fixture
def yoti() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE, assert_all_called=False) as router:
        yield router


def assert_signed(public_key: rsa.RSAPublicKey, request: httpx.Request) -> None:
    """What Yoti does: rebuild the message from the request as received and verify it."""
    base_path = httpx.URL(BASE).path
    path_and_query = request.url.raw_path.decode()
    assert path_and_query.startswith(base_path + "/")
    message = f"{request.method}&{path_and_query[len(base_path) :]}"
    if request.content:
        message += "&" + base64.b64encode(request.content).decode()
    signature = base64.b64decode(request.headers["X-Yoti-Auth-Digest"])
    public_key.verify(signature, message.encode(), padding.PKCS1v15(), hashes.SHA256())


async def test_configure_session_response_request(
    sandbox: AsyncSandboxClient, yoti: respx.MockRouter, rsa_private_key: rsa.RSAPrivateKey
) -> None:
    route = yoti.put(f"/sessions/{SESSION_ID}/response-config").respond(200)
    await sandbox.configure_session_response(SESSION_ID, RAW_CONFIG)

    request = route.calls.last.request
    assert request.method == "PUT"
    assert request.url.path == f"/sandbox/idverify/v1/sessions/{SESSION_ID}/response-config"
    assert list(request.url.params) == ["sdkId", "nonce", "timestamp"]
    assert request.url.params["sdkId"] == SDK_ID
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == RAW_CONFIG
    assert_signed(rsa_private_key.public_key(), request)


async def test_configure_application_response_request(
    sandbox: AsyncSandboxClient, yoti: respx.MockRouter, rsa_private_key: rsa.RSAPrivateKey
) -> None:
    route = yoti.put(f"/apps/{SDK_ID}/response-config").respond(204)
    await sandbox.configure_application_response(RAW_CONFIG)

    request = route.calls.last.request
    assert request.method == "PUT"
    assert request.url.path == f"/sandbox/idverify/v1/apps/{SDK_ID}/response-config"
    assert list(request.url.params) == ["nonce", "timestamp"]  # no sdkId, as in python and go
    assert json.loads(request.content) == RAW_CONFIG
    assert_signed(rsa_private_key.public_key(), request)


async def test_errors_are_the_api_exceptions(
    sandbox: AsyncSandboxClient, yoti: respx.MockRouter
) -> None:
    yoti.put(f"/sessions/{SESSION_ID}/response-config").respond(
        400,
        json={
            "code": "PAYLOAD_VALIDATION",
            "message": "There were errors validating the payload",
            "errors": [{"property": "check_reports", "message": "must not be null"}],
        },
    )
    yoti.put(f"/apps/{SDK_ID}/response-config").respond(404, json={"code": "APP_NOT_FOUND"})
    with pytest.raises(BadRequestError, match='check_reports "must not be null"') as caught:
        await sandbox.configure_session_response(SESSION_ID, RAW_CONFIG)
    assert caught.value.code == "PAYLOAD_VALIDATION"
    with pytest.raises(NotFoundError, match="APP_NOT_FOUND"):
        await sandbox.configure_application_response(RAW_CONFIG)


async def test_transport_failures(sandbox: AsyncSandboxClient, yoti: respx.MockRouter) -> None:
    route = yoti.put(f"/sessions/{SESSION_ID}/response-config")
    route.side_effect = httpx.ConnectError("refused")
    with pytest.raises(APIConnectionError, match="ConnectError") as caught:
        await sandbox.configure_session_response(SESSION_ID, RAW_CONFIG)
    assert caught.value.may_have_been_sent is False
    route.side_effect = httpx.ReadTimeout("slow")
    with pytest.raises(APITimeoutError):
        await sandbox.configure_session_response(SESSION_ID, RAW_CONFIG)


@pytest.mark.parametrize("session_id", ["", " x", "a/b", "..", "a?b", "a#b", "a%2F"])
async def test_session_ids_are_checked_before_sending(
    sandbox: AsyncSandboxClient, yoti: respx.MockRouter, session_id: str
) -> None:
    with pytest.raises(ValueError, match="session_id"):
        await sandbox.configure_session_response(session_id, RAW_CONFIG)
    assert not yoti.calls


async def test_config_type_is_checked(sandbox: AsyncSandboxClient, yoti: respx.MockRouter) -> None:
    with pytest.raises(TypeError, match="SandboxResponseConfig"):
        await sandbox.configure_application_response([1, 2])  # type: ignore[arg-type]
    assert not yoti.calls


@pytest.mark.parametrize("sdk_id", ["", "a/b", " sdk", 5])
def test_sdk_id_is_checked(private_key: PrivateKey, sdk_id: Any) -> None:
    with pytest.raises(ConfigurationError, match="sdk_id"):
        AsyncSandboxClient(sdk_id, private_key)


async def test_base_url_from_argument_then_env_then_default(
    private_key: PrivateKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("YOTI_SANDBOX_IDV_API_URL", raising=False)
    async with AsyncSandboxClient(SDK_ID, private_key) as client:
        assert client.base_url == BASE
    monkeypatch.setenv("YOTI_SANDBOX_IDV_API_URL", "http://127.0.0.1:8000/idverify/v1/")
    async with AsyncSandboxClient(SDK_ID, private_key) as client:
        assert client.base_url == "http://127.0.0.1:8000/idverify/v1"
    async with AsyncSandboxClient(SDK_ID, private_key, base_url="https://x.test/sb") as client:
        assert client.base_url == "https://x.test/sb"
    monkeypatch.setenv("YOTI_SANDBOX_IDV_API_URL", "not a url")
    with pytest.raises(ConfigurationError, match=r"\$YOTI_SANDBOX_IDV_API_URL"):
        AsyncSandboxClient(SDK_ID, private_key)


@pytest.mark.parametrize("base_url", ["api.yoti.com/sandbox", "ftp://x/y", "https://x/y?z=1"])
def test_bad_base_url(private_key: PrivateKey, base_url: str) -> None:
    with pytest.raises(ConfigurationError, match="base_url"):
        AsyncSandboxClient(SDK_ID, private_key, base_url=base_url)


async def test_transport_and_lifecycle(private_key: PrivateKey) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)

    client = AsyncSandboxClient(
        SDK_ID,
        private_key,
        base_url="http://127.0.0.1:9/idverify/v1",
        transport=httpx.MockTransport(handler),
    )
    assert repr(client) == (
        f"AsyncSandboxClient(sdk_id='{SDK_ID}', base_url='http://127.0.0.1:9/idverify/v1')"
    )
    async with client:
        await client.configure_session_response(SESSION_ID, RAW_CONFIG)
    assert client.is_closed
    assert seen[0].url.path == f"/idverify/v1/sessions/{SESSION_ID}/response-config"
    await client.aclose()  # idempotent
    with pytest.raises(ConfigurationError, match="closed"):
        await client.configure_session_response(SESSION_ID, RAW_CONFIG)


async def test_a_given_http_client_stays_open(private_key: PrivateKey) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200))
    async with httpx.AsyncClient(transport=transport) as http:
        async with AsyncSandboxClient(SDK_ID, private_key, http_client=http) as client:
            await client.configure_application_response(RAW_CONFIG)
        assert not http.is_closed
    with pytest.raises(ConfigurationError, match="not both"):
        AsyncSandboxClient(SDK_ID, private_key, transport=transport, http_client=http)


@pytest.mark.parametrize("endpoint", ["session", "application"])
async def test_a_built_config_is_sent_as_the_converter_unstructures_it(
    sandbox: AsyncSandboxClient,
    yoti: respx.MockRouter,
    rsa_private_key: rsa.RSAPrivateKey,
    endpoint: str,
) -> None:
    config = static_liveness_config()
    session_route = yoti.put(f"/sessions/{SESSION_ID}/response-config").respond(200)
    app_route = yoti.put(f"/apps/{SDK_ID}/response-config").respond(200)
    if endpoint == "session":
        await sandbox.configure_session_response(SESSION_ID, config)
        request = session_route.calls.last.request
        assert request.url.params["sdkId"] == SDK_ID
    else:
        await sandbox.configure_application_response(config)
        request = app_route.calls.last.request
        assert "sdkId" not in request.url.params
    body = json.loads(request.content)
    assert body == converter.unstructure(config)
    liveness = body["check_reports"]["LIVENESS"][0]
    assert (liveness["liveness_type"], liveness["response_delay"]) == ("STATIC", 3)
    assert body["task_results"]["ID_DOCUMENT_TEXT_DATA_EXTRACTION"][0]["result"] == {
        "document_fields": {"full_name": "Jane Doe"}
    }
    assert_signed(rsa_private_key.public_key(), request)
