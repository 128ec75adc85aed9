"""AsyncIDVClient request shapes and status handling, with respx standing in for Yoti."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
import respx
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from yoti_idv import (
    AsyncIDVClient,
    CreateSessionResult,
    GetSessionResult,
    MediaContent,
    RequestedLivenessCheckBuilder,
    SessionSpecBuilder,
    ZoomLivenessResource,
)
from yoti_idv.auth.signing import PrivateKey
from yoti_idv.conversion import converter
from yoti_idv.errors import (
    APIConnectionError,
    APITimeoutError,
    BadRequestError,
    ConfigurationError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    ResponseValidationError,
)
from yoti_idv.retry import RetryPolicy

BASE = "https://api.yoti.com/idverify/v1"
FIXTURES = Path(__file__).parent / "fixtures"
NO_WAIT = RetryPolicy(max_attempts=3, backoff_initial=0.001, backoff_max=0.001)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
async def client(private_key: PrivateKey) -> AsyncIterator[AsyncIDVClient]:
    async with AsyncIDVClient("sdk-123", private_key, base_url=BASE, retry=NO_WAIT) as c:
        yield c


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE, assert_all_called=False) as router:
        yield router


def assert_signed(
    request: httpx.Request, public_key: rsa.RSAPublicKey, *, sdk_id: bool = True
) -> None:
    path_and_query = request.url.raw_path.decode().removeprefix("/idverify/v1")
    message = f"{request.method}&{path_and_query}"
    if request.content:
        message += "&" + base64.b64encode(request.content).decode()
    signature = base64.b64decode(request.headers["X-Yoti-Auth-Digest"])
    public_key.verify(signature, message.encode(), padding.PKCS1v15(), hashes.SHA256())
    assert ("sdkId" in request.url.params) is sdk_id
    if sdk_id:
        assert request.url.params["sdkId"] == "sdk-123"
    assert request.headers["X-Yoti-SDK"] == "Python"


def passive_spec() -> object:
    check = RequestedLivenessCheckBuilder().for_static_liveness().with_max_retries(3).build()
    return (
        SessionSpecBuilder()
        .with_client_session_token_ttl(900)
        .with_resources_ttl(90000)
        .with_requested_check(check)
        .build()
    )


async def test_create_session(
    client: AsyncIDVClient, api: respx.MockRouter, rsa_private_key: rsa.RSAPrivateKey
) -> None:
    route = api.post("/sessions").respond(201, content=fixture("create_session_response.php.json"))
    spec = passive_spec()
    result = await client.create_session(spec)  # type: ignore[arg-type]

    assert isinstance(result, CreateSessionResult)
    assert result.session_id == "someSessionId"
    assert result.client_session_token == "someClientSessionToken"
    assert result.client_session_token_ttl == 300
    request = route.calls.last.request
    assert request.method == "POST"
    assert request.url.path == "/idverify/v1/sessions"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Accept"] == "application/json"
    assert json.loads(request.content) == converter.unstructure(spec)
    assert_signed(request, rsa_private_key.public_key())


async def test_create_session_accepts_a_raw_mapping(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    route = api.post("/sessions").respond(201, content=fixture("create_session_response.php.json"))
    raw = {"requested_checks": [{"type": "NEW_CHECK", "config": {}}], "requested_tasks": []}
    await client.create_session(raw)
    assert json.loads(route.calls.last.request.content) == raw


async def test_create_session_rejects_other_types(client: AsyncIDVClient) -> None:
    with pytest.raises(TypeError, match="takes a SessionSpec"):
        await client.create_session("spec")  # type: ignore[arg-type]


async def test_get_session_parses_the_zoom_fixture(
    client: AsyncIDVClient, api: respx.MockRouter, rsa_private_key: rsa.RSAPrivateKey
) -> None:
    body = fixture("get_session_completed_zoom_liveness.python.json")
    route = api.get("/sessions/abc-123").respond(200, content=body)
    session = await client.get_session("abc-123")

    assert isinstance(session, GetSessionResult)
    assert session.state == "COMPLETED"
    assert session.resources is not None
    (liveness,) = session.resources.liveness_capture
    assert isinstance(liveness, ZoomLivenessResource)
    assert [c.type for c in session.liveness_checks] == ["LIVENESS"]
    request = route.calls.last.request
    assert request.content == b""
    assert "Content-Type" not in request.headers
    assert_signed(request, rsa_private_key.public_key())


async def test_delete_session(client: AsyncIDVClient, api: respx.MockRouter) -> None:
    route = api.delete("/sessions/abc").respond(204)
    await client.delete_session("abc")
    assert route.called


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("image/jpeg", "image/jpeg"),
        ("application/json; charset=UTF-8", "application/json"),
        (None, "application/octet-stream"),
    ],
)
async def test_get_media_content(
    client: AsyncIDVClient, api: respx.MockRouter, content_type: str | None, expected: str
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    route = api.get("/sessions/s1/media/m1/content").respond(
        200, content=b"\xff\xd8bytes", headers=headers
    )
    media = await client.get_media_content("s1", "m1")
    assert media == MediaContent(content=b"\xff\xd8bytes", mime_type=expected)
    assert route.calls.last.request.headers["Accept"] == "*/*"


async def test_withheld_media_is_none(client: AsyncIDVClient, api: respx.MockRouter) -> None:
    api.get("/sessions/s1/media/m1/content").respond(204)
    assert await client.get_media_content("s1", "m1") is None


async def test_delete_media_content(client: AsyncIDVClient, api: respx.MockRouter) -> None:
    route = api.delete("/sessions/s1/media/m1/content").respond(204)
    await client.delete_media_content("s1", "m1")
    assert route.called


async def test_supported_documents_has_no_sdk_id_and_an_optional_flag(
    client: AsyncIDVClient, api: respx.MockRouter, rsa_private_key: rsa.RSAPrivateKey
) -> None:
    route = api.get("/supported-documents").respond(
        200, content=fixture("supported_documents_with_is_strictly_latin.node-test.json")
    )
    documents = await client.get_supported_documents()
    request = route.calls.last.request
    assert "includeNonLatin" not in request.url.params
    assert_signed(request, rsa_private_key.public_key(), sdk_id=False)
    assert [c.code for c in documents.supported_countries] == [
        "some-country-code",
        "some-other-country-code",
    ]

    await client.get_supported_documents(include_non_latin=True)
    request = route.calls.last.request
    assert request.url.params["includeNonLatin"] == "true"
    assert_signed(request, rsa_private_key.public_key(), sdk_id=False)


async def test_error_body_becomes_a_typed_error(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    api.post("/sessions").respond(
        400,
        content=fixture("error_response_with_property_errors.node-test.json"),
        headers={"Content-Type": "application/json;charset=UTF-8"},
    )
    with pytest.raises(BadRequestError) as info:
        await client.create_session(passive_spec())  # type: ignore[arg-type]
    assert info.value.code == "SOME_CODE"
    assert info.value.property_errors[0].property == "some.property"


async def test_error_body_that_is_not_json(client: AsyncIDVClient, api: respx.MockRouter) -> None:
    api.get("/sessions/abc").respond(
        404, content=b"<html>nope</html>", headers={"Content-Type": "text/html"}
    )
    with pytest.raises(NotFoundError, match=r"^404 Not Found$"):
        await client.get_session("abc")


async def test_success_body_that_is_not_json(client: AsyncIDVClient, api: respx.MockRouter) -> None:
    api.get("/sessions/abc").respond(200, content=b"<html>", headers={"Content-Type": "text/html"})
    with pytest.raises(ResponseValidationError, match="not JSON"):
        await client.get_session("abc")


async def test_response_that_does_not_fit_the_models(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    body = {"session_id": "abc", "client_session_token": "tok-secret-123", "checks": "oops"}
    api.get("/sessions/abc").respond(200, json=body)
    with pytest.raises(ResponseValidationError, match="does not fit GetSessionResult") as info:
        await client.get_session("abc")
    assert "tok-secret-123" not in str(info.value)
    assert "tok-secret-123" not in repr(info.value)


@pytest.mark.parametrize("bad", ["", "a/b", "a?b", "a#b", "..", ".", " a", "a%2F", "a\nb"])
async def test_ids_are_validated_before_sending(
    client: AsyncIDVClient, api: respx.MockRouter, bad: str
) -> None:
    route = api.route().respond(200)
    with pytest.raises(ValueError, match="session_id"):
        await client.get_session(bad)
    with pytest.raises(ValueError, match="media_id"):
        await client.get_media_content("ok", bad)
    assert not route.called


async def test_non_string_id(client: AsyncIDVClient) -> None:
    with pytest.raises(TypeError, match="session_id must be a str"):
        await client.get_session(123)  # type: ignore[arg-type]


async def test_get_is_retried_with_a_fresh_signature(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    body = fixture("get_session_minimal.python.json")
    route = api.get("/sessions/abc")
    route.side_effect = [
        httpx.Response(503),
        httpx.Response(429, headers={"Retry-After": "0"}),
        httpx.Response(200, content=body),
    ]
    session = await client.get_session("abc")
    assert session.session_id == "someSessionId"
    assert route.call_count == 3
    nonces = {call.request.url.params["nonce"] for call in route.calls}
    digests = {call.request.headers["X-Yoti-Auth-Digest"] for call in route.calls}
    assert len(nonces) == 3
    assert len(digests) == 3


async def test_final_error_counts_attempts(client: AsyncIDVClient, api: respx.MockRouter) -> None:
    route = api.get("/sessions/abc").respond(503)
    with pytest.raises(InternalServerError, match=r"after 3 attempts") as info:
        await client.get_session("abc")
    assert info.value.attempts == 3
    assert info.value.response.status_code == 503
    assert route.call_count == 3


async def test_post_is_not_retried_after_a_response(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    route = api.post("/sessions").respond(503)
    with pytest.raises(InternalServerError):
        await client.create_session(passive_spec())  # type: ignore[arg-type]
    assert route.call_count == 1


async def test_post_is_not_retried_when_bytes_may_have_been_sent(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    route = api.post("/sessions")
    route.side_effect = httpx.ReadError("connection reset")
    with pytest.raises(APIConnectionError) as info:
        await client.create_session(passive_spec())  # type: ignore[arg-type]
    assert info.value.may_have_been_sent
    assert route.call_count == 1


async def test_post_is_retried_when_the_connection_never_opened(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    route = api.post("/sessions")
    route.side_effect = [
        httpx.ConnectError("refused"),
        httpx.Response(201, content=fixture("create_session_response.php.json")),
    ]
    result = await client.create_session(passive_spec())  # type: ignore[arg-type]
    assert result.session_id == "someSessionId"
    assert route.call_count == 2


async def test_rate_limit_is_final_after_attempts(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    api.get("/sessions/abc").respond(429, headers={"Retry-After": "0"})
    with pytest.raises(RateLimitError) as info:
        await client.get_session("abc")
    assert info.value.retry_after == 0.0


async def test_retry_can_be_turned_off_per_call(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    route = api.get("/sessions/abc").respond(503)
    with pytest.raises(InternalServerError):
        await client.get_session("abc", retry=RetryPolicy.disabled())
    assert route.call_count == 1


async def test_retry_after_beyond_the_deadline_is_not_waited_for(
    private_key: PrivateKey, api: respx.MockRouter
) -> None:
    route = api.get("/sessions/abc").respond(503, headers={"Retry-After": "30"})
    policy = RetryPolicy(max_attempts=5, deadline=1.0)
    async with AsyncIDVClient("sdk-123", private_key, base_url=BASE, retry=policy) as client:
        with pytest.raises(InternalServerError):
            await client.get_session("abc")
    assert route.call_count == 1


@pytest.mark.parametrize(
    ("error", "sent"),
    [
        (httpx.ConnectTimeout("t"), False),
        (httpx.PoolTimeout("t"), False),
        (httpx.ReadTimeout("t"), True),
    ],
)
async def test_timeouts(
    client: AsyncIDVClient, api: respx.MockRouter, error: Exception, sent: bool
) -> None:
    api.post("/sessions").side_effect = error
    with pytest.raises(APITimeoutError) as info:
        await client.create_session(passive_spec(), retry=RetryPolicy.disabled())  # type: ignore[arg-type]
    assert info.value.may_have_been_sent is sent


async def test_per_call_timeout_reaches_the_request(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    route = api.get("/sessions/abc").respond(
        200, content=fixture("get_session_minimal.python.json")
    )
    await client.get_session("abc", timeout=2.5)
    timeouts = route.calls.last.request.extensions["timeout"]
    assert timeouts["read"] == pytest.approx(2.5)
    await client.get_session("abc")
    assert route.calls.last.request.extensions["timeout"]["connect"] == pytest.approx(5.0)


def test_base_url_from_the_environment(
    private_key: PrivateKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("YOTI_IDV_API_URL", raising=False)
    monkeypatch.delenv("YOTI_DOC_SCAN_API_URL", raising=False)
    assert AsyncIDVClient("s", private_key).base_url == "https://api.yoti.com/idverify/v1"
    monkeypatch.setenv("YOTI_DOC_SCAN_API_URL", "https://api.yoti.com/sandbox/idverify/v1/")
    assert AsyncIDVClient("s", private_key).base_url == "https://api.yoti.com/sandbox/idverify/v1"
    monkeypatch.setenv("YOTI_IDV_API_URL", "http://127.0.0.1:9999/idverify/v1")
    assert AsyncIDVClient("s", private_key).base_url == "http://127.0.0.1:9999/idverify/v1"
    assert AsyncIDVClient("s", private_key, base_url=BASE).base_url == BASE


@pytest.mark.parametrize(
    "url", ["api.yoti.com/idverify/v1", "ftp://x/y", "https://x/y?a=b", "https://"]
)
def test_bad_base_url(private_key: PrivateKey, url: str) -> None:
    with pytest.raises(ConfigurationError, match="base_url"):
        AsyncIDVClient("s", private_key, base_url=url)


def test_transport_and_http_client_together_are_refused(private_key: PrivateKey) -> None:
    with pytest.raises(ConfigurationError, match="not both"):
        AsyncIDVClient(
            "s",
            private_key,
            transport=httpx.MockTransport(lambda r: httpx.Response(200)),
            http_client=httpx.AsyncClient(),
        )


@pytest.mark.parametrize("sdk_id", ["", "  ", None])
def test_sdk_id_is_required(private_key: PrivateKey, sdk_id: object) -> None:
    with pytest.raises(ConfigurationError, match="sdk_id"):
        AsyncIDVClient(sdk_id, private_key)  # type: ignore[arg-type]


def test_key_forms(pem_bytes: bytes, tmp_path: Path) -> None:
    path = tmp_path / "k.pem"
    path.write_bytes(pem_bytes)
    for key in (pem_bytes, str(path), path):
        assert AsyncIDVClient("s", key).sdk_id == "s"
    with pytest.raises(ConfigurationError, match="pass it as bytes"):
        AsyncIDVClient("s", pem_bytes.decode())


async def test_caller_owned_http_client_is_not_closed(
    private_key: PrivateKey, api: respx.MockRouter
) -> None:
    api.get("/sessions/abc").respond(200, content=fixture("get_session_minimal.python.json"))
    async with httpx.AsyncClient() as http:
        async with AsyncIDVClient("s", private_key, base_url=BASE, http_client=http) as client:
            await client.get_session("abc")
        assert client.is_closed
        assert not http.is_closed


async def test_custom_transport_is_used(private_key: PrivateKey) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    async with AsyncIDVClient(
        "s", private_key, base_url=BASE, transport=httpx.MockTransport(handler)
    ) as client:
        await client.delete_session("abc")
    assert [r.method for r in seen] == ["DELETE"]
    assert "X-Yoti-Auth-Digest" in seen[0].headers


async def test_closed_client_refuses_calls(private_key: PrivateKey) -> None:
    client = AsyncIDVClient("s", private_key, base_url=BASE)
    await client.aclose()
    await client.aclose()  # idempotent
    with pytest.raises(ConfigurationError, match="closed"):
        await client.get_session("abc")


def test_from_env(monkeypatch: pytest.MonkeyPatch, pem_bytes: bytes, tmp_path: Path) -> None:
    monkeypatch.delenv("YOTI_CLIENT_SDK_ID", raising=False)
    monkeypatch.delenv("YOTI_KEY_FILE_PATH", raising=False)
    with pytest.raises(ConfigurationError, match="YOTI_CLIENT_SDK_ID and YOTI_KEY_FILE_PATH"):
        AsyncIDVClient.from_env()
    path = tmp_path / "k.pem"
    path.write_bytes(pem_bytes)
    monkeypatch.setenv("YOTI_CLIENT_SDK_ID", "from-env")
    monkeypatch.setenv("YOTI_KEY_FILE_PATH", str(path))
    assert AsyncIDVClient.from_env(base_url=BASE).sdk_id == "from-env"


def test_web_url(private_key: PrivateKey) -> None:
    client = AsyncIDVClient("s", private_key, base_url=BASE)
    assert client.web_url("sid", "tok") == f"{BASE}/web/index.html?sessionID=sid&sessionToken=tok"
    with pytest.raises(ValueError, match="client_session_token the given value") as info:
        client.web_url("sid", "secret/token")
    assert "secret/token" not in str(info.value)


def test_repr_shows_no_secret(private_key: PrivateKey, pem_bytes: bytes) -> None:
    text = repr(AsyncIDVClient("s", private_key, base_url=BASE))
    assert text == f"AsyncIDVClient(sdk_id='s', base_url='{BASE}')"


async def test_stream_media_content_in_chunks(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    body = bytes(range(256)) * 1024
    api.get("/sessions/s1/media/m1/content").respond(
        200, content=body, headers={"Content-Type": "image/png"}
    )
    async with client.stream_media_content("s1", "m1") as media:
        assert media is not None
        assert media.mime_type == "image/png"
        chunks = [chunk async for chunk in media]
    assert b"".join(chunks) == body
    assert len(chunks) > 1


async def test_stream_of_withheld_media_is_none(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    api.get("/sessions/s1/media/m1/content").respond(204)
    async with client.stream_media_content("s1", "m1") as media:
        assert media is None


async def test_download_media_content(
    client: AsyncIDVClient, api: respx.MockRouter, tmp_path: Path
) -> None:
    api.get("/sessions/s1/media/m1/content").respond(
        200, content=b"jpeg-bytes", headers={"Content-Type": "image/jpeg"}
    )
    target = tmp_path / "liveness.jpg"
    assert await client.download_media_content("s1", "m1", target) == "image/jpeg"
    assert target.read_bytes() == b"jpeg-bytes"
    assert [p.name for p in tmp_path.iterdir()] == ["liveness.jpg"]


async def test_withheld_download_writes_nothing(
    client: AsyncIDVClient, api: respx.MockRouter, tmp_path: Path
) -> None:
    api.get("/sessions/s1/media/m1/content").respond(204)
    assert await client.download_media_content("s1", "m1", tmp_path / "x.jpg") is None
    assert list(tmp_path.iterdir()) == []


async def test_broken_download_leaves_no_file(
    client: AsyncIDVClient, api: respx.MockRouter, tmp_path: Path
) -> None:
    class Broken(httpx.AsyncByteStream):
        async def __aiter__(self) -> AsyncIterator[bytes]:
            yield b"first part"
            raise httpx.ReadError("connection lost")

    api.get("/sessions/s1/media/m1/content").respond(200, stream=Broken())
    target = tmp_path / "x.jpg"
    target.write_bytes(b"previous complete file")
    with pytest.raises(APIConnectionError, match="reading media failed"):
        await client.download_media_content("s1", "m1", target)
    assert target.read_bytes() == b"previous complete file"
    assert [p.name for p in tmp_path.iterdir()] == ["x.jpg"]


async def test_stream_error_status_is_raised_and_released(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    api.get("/sessions/s1/media/m1/content").respond(404, json={"code": "MEDIA_NOT_FOUND"})
    with pytest.raises(NotFoundError, match="MEDIA_NOT_FOUND"):
        async with client.stream_media_content("s1", "m1"):
            pass
    assert client._in_flight._value == client.max_concurrency


async def test_concurrency_slots_come_back(client: AsyncIDVClient, api: respx.MockRouter) -> None:
    api.get("/sessions/s1/media/m1/content").respond(200, content=b"x")
    api.get("/sessions/abc").respond(503)
    async with client.stream_media_content("s1", "m1") as media:
        assert client._in_flight._value == client.max_concurrency - 1
        assert media is not None
    with pytest.raises(InternalServerError):
        await client.get_session("abc")
    assert client._in_flight._value == client.max_concurrency


def test_a_second_event_loop_gets_a_clear_error(private_key: PrivateKey) -> None:
    import asyncio

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(204)

    client = AsyncIDVClient("s", private_key, base_url=BASE, transport=httpx.MockTransport(handler))
    asyncio.run(client.delete_session("a"))
    with pytest.raises(ConfigurationError, match="another event loop"):
        asyncio.run(client.delete_session("a"))
    asyncio.run(client.aclose())  # closing is allowed from any loop


def test_an_unclosed_client_warns(private_key: PrivateKey) -> None:
    import asyncio
    import gc

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(204)

    async def use_and_forget() -> None:
        client = AsyncIDVClient(
            "s", private_key, base_url=BASE, transport=httpx.MockTransport(handler)
        )
        await client.delete_session("a")

    def use_forget_and_collect() -> None:
        asyncio.run(use_and_forget())  # the client may be collected as soon as this returns
        gc.collect()

    with pytest.warns(ResourceWarning, match="was never closed"):
        use_forget_and_collect()


async def test_a_closed_client_does_not_warn(private_key: PrivateKey) -> None:
    import gc
    import warnings

    async with AsyncIDVClient("s", private_key, base_url=BASE) as client:
        pass
    del client
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        gc.collect()
