"""`IDVClient`, the synchronous client: every endpoint with `httpx.MockTransport` standing in for
Yoti (request shapes, signatures checked with the public key, 204 media, errors, retries), the
same requests and results as `AsyncIDVClient`, threads, and the emulator over real HTTP."""

from __future__ import annotations

import asyncio
import base64
import gc
import json
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

import yoti_idv
from yoti_idv.auth.signing import PrivateKey
from yoti_idv.client import AsyncIDVClient
from yoti_idv.emulator import Emulator, FaultKind
from yoti_idv.emulator.media import make_jpeg
from yoti_idv.errors import (
    APIConnectionError,
    APITimeoutError,
    ConfigurationError,
    InternalServerError,
    NoFaceCaptureRequirementError,
    NotFoundError,
    RateLimitError,
    ResponseValidationError,
    SessionWaitTimeout,
)
from yoti_idv.models import (
    CreateFaceCaptureResourceResponse,
    CreateSessionResult,
    GetSessionResult,
    MediaContent,
    SessionConfiguration,
    StaticLivenessResource,
    TrackedDevices,
)
from yoti_idv.retry import RetryPolicy
from yoti_idv.specs import (
    RequestedFaceComparisonCheckBuilder,
    RequestedLivenessCheckBuilder,
    SdkConfigBuilder,
    SessionSpec,
    SessionSpecBuilder,
)
from yoti_idv.sync_client import IDVClient
from yoti_idv.testing import KeyPair, make_key_pair, serve_emulator

BASE = "https://api.yoti.com/idverify/v1"
FIXTURES = Path(__file__).parent / "fixtures"
PACKAGE = Path(yoti_idv.__file__).parent
NO_WAIT = RetryPolicy(max_attempts=3, backoff_initial=0.001, backoff_max=0.001)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) + b"\xff\xd9"
PDF = b"%PDF-1.4\n%%EOF\n"
INSTRUCTIONS = {
    "contact_profile": {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"},
    "documents": [],
    "branch": {"type": "UK_POST_OFFICE", "fad_code": "1234567", "name": "High Street"},
}


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def passive_spec() -> SessionSpec:
    check = RequestedLivenessCheckBuilder().for_static_liveness().with_max_retries(2).build()
    sdk_config = SdkConfigBuilder().with_allows_camera_and_upload().build()
    return (
        SessionSpecBuilder()
        .with_client_session_token_ttl(900)
        .with_resources_ttl(90_000)
        .with_requested_check(check)
        .with_sdk_config(sdk_config)
        .build()
    )


class FakeYoti:
    """A `MockTransport` handler: canned answers by (method, path), every request recorded.

    An answer is an `httpx.Response`, an exception to raise, or a list of either, taken in turn
    (the last one repeats).
    """

    Answer = httpx.Response | Exception | list[httpx.Response | Exception]

    def __init__(self, answers: dict[tuple[str, str], FakeYoti.Answer] | None = None) -> None:
        self.answers: dict[tuple[str, str], FakeYoti.Answer] = dict(answers or {})
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        key = (request.method, request.url.path.removeprefix("/idverify/v1"))
        answer = self.answers.get(key, httpx.Response(404, json={"code": "NOT_FOUND"}))
        if isinstance(answer, list):
            answer = answer.pop(0) if len(answer) > 1 else answer[0]
        if isinstance(answer, Exception):
            raise answer
        return httpx.Response(
            answer.status_code, headers=answer.headers, content=answer.content, request=request
        )

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


@pytest.fixture
def yoti() -> FakeYoti:
    return FakeYoti()


@pytest.fixture
def client(private_key: PrivateKey, yoti: FakeYoti) -> Iterator[IDVClient]:
    with IDVClient(
        "sdk-123", private_key, base_url=BASE, transport=httpx.MockTransport(yoti), retry=NO_WAIT
    ) as c:
        yield c


@pytest.fixture
def public_key(rsa_private_key: rsa.RSAPrivateKey) -> rsa.RSAPublicKey:
    return rsa_private_key.public_key()


def assert_signed(
    request: httpx.Request, public_key: rsa.RSAPublicKey, *, sdk_id: bool = True
) -> None:
    """Verified independently of the SDK, from the request as sent."""
    path_and_query = request.url.raw_path.decode().removeprefix("/idverify/v1")
    message = f"{request.method}&{path_and_query}"
    if request.content:
        message += "&" + base64.b64encode(request.content).decode()
    signature = base64.b64decode(request.headers["X-Yoti-Auth-Digest"])
    public_key.verify(signature, message.encode(), padding.PKCS1v15(), hashes.SHA256())
    assert ("sdkId" in request.url.params) is sdk_id
    assert request.url.params["nonce"]
    assert request.url.params["timestamp"].isdigit()
    assert request.headers["X-Yoti-SDK"] == "Python"


# ------------------------------------------------------------------------- every endpoint

# name, call, method, path, answer, what the call returns (None: the call returns None).
Call = Callable[[Any], Any]
ENDPOINTS: list[tuple[str, Call, str, str, httpx.Response, Callable[[Any], bool] | None]] = [
    (
        "create_session",
        lambda c: c.create_session(passive_spec()),
        "POST",
        "/sessions",
        httpx.Response(201, content=fixture("create_session_response.php.json")),
        lambda r: isinstance(r, CreateSessionResult) and r.session_id == "someSessionId",
    ),
    (
        "get_session",
        lambda c: c.get_session("s-1"),
        "GET",
        "/sessions/s-1",
        httpx.Response(200, content=fixture("get_session_completed_zoom_liveness.python.json")),
        lambda r: isinstance(r, GetSessionResult) and bool(r.liveness_checks),
    ),
    ("delete_session", lambda c: c.delete_session("s-1"), "DELETE", "/sessions/s-1",
     httpx.Response(204), None),
    (
        "get_media_content",
        lambda c: c.get_media_content("s-1", "m-1"),
        "GET",
        "/sessions/s-1/media/m-1/content",
        httpx.Response(200, content=JPEG, headers={"Content-Type": "image/jpeg; q=1"}),
        lambda r: r == MediaContent(content=JPEG, mime_type="image/jpeg"),
    ),
    ("delete_media_content", lambda c: c.delete_media_content("s-1", "m-1"), "DELETE",
     "/sessions/s-1/media/m-1/content", httpx.Response(204), None),
    (
        "create_face_capture_resource",
        lambda c: c.create_face_capture_resource("s-1", "req-1"),
        "POST",
        "/sessions/s-1/resources/face-capture",
        httpx.Response(
            200, content=fixture("create_face_capture_resource_response.node-test.json")
        ),
        lambda r: r == CreateFaceCaptureResourceResponse(id="123", frames=2),
    ),
    ("upload_face_capture_image", lambda c: c.upload_face_capture_image(
        "s-1", "res-9", JPEG, "image/jpeg"), "PUT",
     "/sessions/s-1/resources/face-capture/res-9/image", httpx.Response(204), None),
    (
        "get_session_configuration",
        lambda c: c.get_session_configuration("s-1"),
        "GET",
        "/sessions/s-1/configuration",
        httpx.Response(
            200, content=fixture("session_configuration_face_capture_requirement.go-test.json")
        ),
        lambda r: isinstance(r, SessionConfiguration)
        and r.capture.face_capture_requirements[0].id == "requirement-id-123",
    ),
    (
        "get_tracked_devices",
        lambda c: c.get_tracked_devices("s-1"),
        "GET",
        "/sessions/s-1/tracked-devices",
        httpx.Response(200, content=fixture("tracked_devices_response.node-test.json")),
        lambda r: isinstance(r, TrackedDevices) and len(r) > 0,
    ),
    ("delete_tracked_devices", lambda c: c.delete_tracked_devices("s-1"), "DELETE",
     "/sessions/s-1/tracked-devices", httpx.Response(204), None),
    ("put_ibv_instructions", lambda c: c.put_ibv_instructions("s-1", INSTRUCTIONS), "PUT",
     "/sessions/s-1/instructions", httpx.Response(204), None),
    (
        "get_ibv_instructions",
        lambda c: c.get_ibv_instructions("s-1"),
        "GET",
        "/sessions/s-1/instructions",
        httpx.Response(200, json=INSTRUCTIONS),
        lambda r: r.branch is not None and r.branch.fad_code == "1234567",
    ),
    (
        "get_ibv_instructions_pdf",
        lambda c: c.get_ibv_instructions_pdf("s-1"),
        "GET",
        "/sessions/s-1/instructions/pdf",
        httpx.Response(200, content=PDF, headers={"Content-Type": "application/pdf"}),
        lambda r: r == MediaContent(content=PDF, mime_type="application/pdf"),
    ),
    (
        "get_ibv_instructions_contact_profile",
        lambda c: c.get_ibv_instructions_contact_profile("s-1"),
        "GET",
        "/sessions/s-1/instructions/contact-profile",
        httpx.Response(200, json=INSTRUCTIONS["contact_profile"]),
        lambda r: r.first_name == "Ada",
    ),
    ("trigger_ibv_email_notification", lambda c: c.trigger_ibv_email_notification("s-1"),
     "POST", "/sessions/s-1/instructions/email", httpx.Response(204), None),
    (
        "get_supported_documents",
        lambda c: c.get_supported_documents(include_non_latin=True),
        "GET",
        "/supported-documents",
        httpx.Response(200, content=fixture("supported_documents_minimal.python.json")),
        lambda r: r is not None,
    ),
]  # fmt: skip

ENDPOINT_IDS = [case[0] for case in ENDPOINTS]


def test_every_single_request_endpoint_is_covered() -> None:
    names = {
        name
        for name, value in vars(IDVClient).items()
        if callable(value) and not name.startswith("_")
    }
    composite = {"add_face_capture_image", "stream_media_content", "download_media_content"}
    not_endpoints = {"close", "from_env", "with_bearer_token", "web_url", "wait_for_session"}
    polling = {"get_sessions", "watch_sessions"}
    assert names - composite - not_endpoints - polling == set(ENDPOINT_IDS)


@pytest.mark.parametrize(("name", "call", "method", "path", "answer", "check"), ENDPOINTS,
                         ids=ENDPOINT_IDS)  # fmt: skip
def test_each_endpoint(
    client: IDVClient,
    yoti: FakeYoti,
    public_key: rsa.RSAPublicKey,
    name: str,
    call: Call,
    method: str,
    path: str,
    answer: httpx.Response,
    check: Callable[[Any], bool] | None,
) -> None:
    yoti.answers[method, path] = answer
    result = call(client)

    assert result is None if check is None else check(result)
    (request,) = yoti.requests
    assert request.method == method
    assert request.url.path == "/idverify/v1" + path
    assert_signed(request, public_key, sdk_id=name != "get_supported_documents")
    media = name in {"get_media_content", "get_ibv_instructions_pdf"}
    assert request.headers["Accept"] == ("*/*" if media else "application/json")
    if name == "get_supported_documents":
        assert request.url.params["includeNonLatin"] == "true"
    if method in {"GET", "DELETE"} or name == "trigger_ibv_email_notification":
        assert request.content == b""
        assert "Content-Type" not in request.headers
    elif name == "upload_face_capture_image":
        assert request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
        assert JPEG in request.content
        assert b'name="binary-content"' in request.content
    else:
        assert request.headers["Content-Type"] == "application/json"
        assert json.loads(request.content)


def _comparable(request: httpx.Request) -> tuple[object, ...]:
    """A request less what must differ on every send: nonce, timestamp, signature, boundary."""
    params = {k: v for k, v in request.url.params.items() if k not in {"nonce", "timestamp"}}
    headers = {
        k.lower(): v
        for k, v in request.headers.items()
        if k.lower() not in {"x-yoti-auth-digest", "user-agent"}
    }
    body = request.content
    content_type = headers.get("content-type", "")
    if "boundary=" in content_type:
        boundary = content_type.split("boundary=")[1]
        body = body.replace(boundary.encode(), b"BOUNDARY")
        headers["content-type"] = content_type.replace(boundary, "BOUNDARY")
    return request.method, request.url.path, params, headers, body


@pytest.mark.parametrize(("name", "call", "method", "path", "answer", "check"), ENDPOINTS,
                         ids=ENDPOINT_IDS)  # fmt: skip
def test_the_sync_and_async_clients_send_the_same_requests_and_return_the_same_results(
    private_key: PrivateKey,
    name: str,
    call: Call,
    method: str,
    path: str,
    answer: httpx.Response,
    check: Callable[[Any], bool] | None,
) -> None:
    sync_yoti, async_yoti = FakeYoti({(method, path): answer}), FakeYoti({(method, path): answer})
    sync_transport = httpx.MockTransport(sync_yoti)
    with IDVClient("sdk-123", private_key, base_url=BASE, transport=sync_transport) as client:
        sync_result = call(client)

    async def run_async() -> Any:
        transport = httpx.MockTransport(async_yoti)
        async with AsyncIDVClient(
            "sdk-123", private_key, base_url=BASE, transport=transport
        ) as async_client:
            return await call(async_client)

    async_result = asyncio.run(run_async())
    assert sync_result == async_result
    (sync_request,) = sync_yoti.requests
    (async_request,) = async_yoti.requests
    assert _comparable(sync_request) == _comparable(async_request)


# ------------------------------------------------------------------------- media


def test_withheld_media_is_none(client: IDVClient, yoti: FakeYoti, tmp_path: Path) -> None:
    yoti.answers["GET", "/sessions/s-1/media/m-1/content"] = httpx.Response(204)
    yoti.answers["GET", "/sessions/s-1/instructions/pdf"] = httpx.Response(204)
    assert client.get_media_content("s-1", "m-1") is None
    assert client.get_ibv_instructions_pdf("s-1") is None
    with client.stream_media_content("s-1", "m-1") as media:
        assert media is None
    assert client.download_media_content("s-1", "m-1", tmp_path / "x.jpg") is None
    assert list(tmp_path.iterdir()) == []
    assert client._in_flight._value == client.max_concurrency


def test_media_without_a_content_type_is_octet_stream(client: IDVClient, yoti: FakeYoti) -> None:
    yoti.answers["GET", "/sessions/s-1/media/m-1/content"] = httpx.Response(200, content=b"x")
    media = client.get_media_content("s-1", "m-1")
    assert media == MediaContent(content=b"x", mime_type="application/octet-stream")


def test_stream_and_download(client: IDVClient, yoti: FakeYoti, tmp_path: Path) -> None:
    body = bytes(range(256)) * 1000
    yoti.answers["GET", "/sessions/s-1/media/m-1/content"] = httpx.Response(
        200, content=body, headers={"Content-Type": "image/jpeg"}
    )
    with client.stream_media_content("s-1", "m-1") as media:
        assert media is not None
        assert media.mime_type == "image/jpeg"
        assert media.content_length == len(body)
        assert "SyncMediaStream(mime_type='image/jpeg'" in repr(media)
        assert client._in_flight._value == client.max_concurrency - 1
        assert b"".join(media) == body
    assert client._in_flight._value == client.max_concurrency

    target = tmp_path / "liveness.jpg"
    assert client.download_media_content("s-1", "m-1", target) == "image/jpeg"
    assert target.read_bytes() == body
    assert [p.name for p in tmp_path.iterdir()] == ["liveness.jpg"]


def test_a_broken_download_leaves_the_previous_file(
    private_key: PrivateKey, tmp_path: Path
) -> None:
    class Broken(httpx.SyncByteStream):
        def __iter__(self) -> Iterator[bytes]:
            yield b"first part"
            raise httpx.ReadError("connection lost")

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=Broken())

    target = tmp_path / "x.jpg"
    target.write_bytes(b"previous complete file")
    with (
        IDVClient("s", private_key, base_url=BASE, transport=httpx.MockTransport(handler)) as c,
        pytest.raises(APIConnectionError, match="reading media failed"),
    ):
        c.download_media_content("s-1", "m-1", target)
    assert target.read_bytes() == b"previous complete file"
    assert [p.name for p in tmp_path.iterdir()] == ["x.jpg"]
    assert c._in_flight._value == c.max_concurrency


def test_a_stream_error_status_is_raised_and_released(client: IDVClient, yoti: FakeYoti) -> None:
    yoti.answers["GET", "/sessions/s-1/media/m-1/content"] = httpx.Response(
        404, json={"code": "MEDIA_NOT_FOUND", "message": "gone"}
    )
    with (
        pytest.raises(NotFoundError, match="MEDIA_NOT_FOUND"),
        client.stream_media_content("s-1", "m-1"),
    ):
        pass
    assert client._in_flight._value == client.max_concurrency


# ------------------------------------------------------------------------- errors


def test_status_errors_carry_yotis_document(client: IDVClient, yoti: FakeYoti) -> None:
    yoti.answers["GET", "/sessions/s-1"] = httpx.Response(
        404, json={"code": "SESSION_NOT_FOUND", "message": "Session not found"}
    )
    with pytest.raises(NotFoundError, match="404 SESSION_NOT_FOUND - Session not found") as info:
        client.get_session("s-1")
    assert info.value.code == "SESSION_NOT_FOUND"


def test_a_body_that_is_not_json(client: IDVClient, yoti: FakeYoti) -> None:
    yoti.answers["GET", "/sessions/s-1"] = httpx.Response(200, content=b"<html>")
    with pytest.raises(ResponseValidationError, match="get_session: the 200 response body"):
        client.get_session("s-1")


def test_a_body_that_does_not_fit(client: IDVClient, yoti: FakeYoti) -> None:
    yoti.answers["POST", "/sessions/s-1/resources/face-capture"] = httpx.Response(
        200, json={"frames": 1}
    )
    with pytest.raises(ResponseValidationError, match="CreateFaceCaptureResourceResponse"):
        client.create_face_capture_resource("s-1", "r-1")


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda c: c.get_session("a/b"), ValueError, "session_id 'a/b' is not a valid id"),
        (lambda c: c.get_session(7), TypeError, "session_id must be a str"),
        (lambda c: c.get_media_content("s", "m?x"), ValueError, "media_id"),
        (lambda c: c.create_session("spec"), TypeError, "takes a SessionSpec"),
        (lambda c: c.put_ibv_instructions("s", 1), TypeError, "takes an InstructionsPayload"),
        (lambda c: c.upload_face_capture_image("s", "r", b"GIF89a", "image/gif"), ValueError,
         "image/jpeg or image/png"),
        (lambda c: c.add_face_capture_image("s", b"\x89PNG\r\n\x1a\n", "image/jpeg"), ValueError,
         "not a JPEG"),
        (lambda c: c.get_supported_documents(include_non_latin="yes"), TypeError, "bool"),
        (lambda c: c.web_url("s", "a/b"), ValueError, "client_session_token the given value"),
    ],
)  # fmt: skip
def test_bad_arguments_are_refused_before_anything_is_sent(
    client: IDVClient, yoti: FakeYoti, call: Call, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        call(client)
    assert yoti.requests == []


# ------------------------------------------------------------------------- retries


def test_a_get_is_retried_with_fresh_nonces_and_signatures(
    client: IDVClient, yoti: FakeYoti, public_key: rsa.RSAPublicKey
) -> None:
    yoti.answers["GET", "/sessions/s-1"] = [
        httpx.Response(503),
        httpx.ReadError("reset"),
        httpx.Response(200, content=fixture("get_session_minimal.python.json")),
    ]
    assert client.get_session("s-1").session_id == "someSessionId"
    assert len(yoti.requests) == 3
    for request in yoti.requests:
        assert_signed(request, public_key)
    assert len({r.url.params["nonce"] for r in yoti.requests}) == 3
    assert len({r.headers["X-Yoti-Auth-Digest"] for r in yoti.requests}) == 3


def test_retries_give_up_after_max_attempts(client: IDVClient, yoti: FakeYoti) -> None:
    yoti.answers["GET", "/sessions/s-1"] = httpx.Response(500)
    with pytest.raises(InternalServerError, match="after 3 attempts"):
        client.get_session("s-1")
    assert len(yoti.requests) == 3


def test_a_post_is_never_replayed_once_it_may_have_arrived(
    client: IDVClient, yoti: FakeYoti
) -> None:
    yoti.answers["POST", "/sessions"] = httpx.Response(503)
    with pytest.raises(InternalServerError):
        client.create_session(passive_spec())
    assert len(yoti.requests) == 1

    yoti.requests.clear()
    yoti.answers["POST", "/sessions"] = httpx.ReadError("reset after sending")
    with pytest.raises(APIConnectionError) as info:
        client.create_session(passive_spec())
    assert info.value.may_have_been_sent
    assert len(yoti.requests) == 1


def test_a_post_is_retried_when_the_connection_never_opened(
    client: IDVClient, yoti: FakeYoti
) -> None:
    yoti.answers["POST", "/sessions"] = [
        httpx.ConnectError("refused"),
        httpx.Response(201, content=fixture("create_session_response.php.json")),
    ]
    assert client.create_session(passive_spec()).session_id == "someSessionId"
    assert len(yoti.requests) == 2
    assert yoti.requests[0].content == yoti.requests[1].content


def test_a_timeout_is_an_api_timeout_error(client: IDVClient, yoti: FakeYoti) -> None:
    yoti.answers["DELETE", "/sessions/s-1"] = httpx.ReadTimeout("slow")
    with pytest.raises(APITimeoutError, match="timed out"):
        client.delete_session("s-1", retry=RetryPolicy.disabled())
    assert len(yoti.requests) == 1


def test_retry_after_is_honoured(client: IDVClient, yoti: FakeYoti) -> None:
    yoti.answers["GET", "/sessions/s-1"] = [
        httpx.Response(429, headers={"Retry-After": "0.2"}),
        httpx.Response(200, content=fixture("get_session_minimal.python.json")),
    ]
    started = time.monotonic()
    client.get_session("s-1")
    assert time.monotonic() - started >= 0.2


def test_a_wait_past_the_deadline_is_not_started(client: IDVClient, yoti: FakeYoti) -> None:
    yoti.answers["GET", "/sessions/s-1"] = httpx.Response(429, headers={"Retry-After": "30"})
    policy = RetryPolicy(max_attempts=5, deadline=1.0)
    started = time.monotonic()
    with pytest.raises(RateLimitError):
        client.get_session("s-1", retry=policy)
    assert time.monotonic() - started < 1.0
    assert len(yoti.requests) == 1


def test_per_call_timeout(client: IDVClient, yoti: FakeYoti) -> None:
    yoti.answers["DELETE", "/sessions/s-1"] = httpx.Response(204)
    client.delete_session("s-1", timeout=2.5)
    assert yoti.last.extensions["timeout"] == httpx.Timeout(2.5).as_dict()
    client.delete_session("s-1")
    assert yoti.last.extensions["timeout"]["read"] == 30.0


# ------------------------------------------------------------------------- face capture flow


def test_add_face_capture_image_reads_the_configuration_creates_and_uploads(
    client: IDVClient, yoti: FakeYoti
) -> None:
    yoti.answers["GET", "/sessions/s-1/configuration"] = httpx.Response(
        200, content=fixture("session_configuration_face_capture_requirement.go-test.json")
    )
    yoti.answers["POST", "/sessions/s-1/resources/face-capture"] = httpx.Response(
        201, json={"id": "res-7", "frames": 1}
    )
    yoti.answers["PUT", "/sessions/s-1/resources/face-capture/res-7/image"] = httpx.Response(204)

    created = client.add_face_capture_image("s-1", JPEG, "IMAGE/JPEG")

    assert created == CreateFaceCaptureResourceResponse(id="res-7", frames=1)
    assert [(r.method, r.url.path.rsplit("/s-1", 1)[1]) for r in yoti.requests] == [
        ("GET", "/configuration"),
        ("POST", "/resources/face-capture"),
        ("PUT", "/resources/face-capture/res-7/image"),
    ]
    assert json.loads(yoti.requests[1].content) == {"requirement_id": "requirement-id-123"}
    assert b"Content-Type: image/jpeg" in yoti.requests[2].content


def test_add_face_capture_image_without_a_requirement(client: IDVClient, yoti: FakeYoti) -> None:
    yoti.answers["GET", "/sessions/s-1/configuration"] = httpx.Response(
        200, content=fixture("session_configuration_minimal.node-test.json")
    )
    with pytest.raises(NoFaceCaptureRequirementError, match="'s-1' has no FACE_CAPTURE") as info:
        client.add_face_capture_image("s-1", JPEG, "image/jpeg")
    assert info.value.session_id == "s-1"
    assert isinstance(info.value, LookupError)
    assert len(yoti.requests) == 1


# ------------------------------------------------------------------------- the client itself


def test_construction_is_checked(private_key: PrivateKey) -> None:
    with pytest.raises(ConfigurationError, match="sdk_id"):
        IDVClient(" ", private_key)
    with pytest.raises(ConfigurationError, match="not both"):
        IDVClient("s", private_key, transport=httpx.MockTransport(FakeYoti()),
                  http_client=httpx.Client())  # fmt: skip
    with pytest.raises(ConfigurationError, match=r"httpx\.BaseTransport, got object"):
        IDVClient("s", private_key, transport=object())  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match=r"httpx\.Client, got AsyncClient"):
        IDVClient("s", private_key, http_client=httpx.AsyncClient())  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="base_url"):
        IDVClient("s", private_key, base_url="ftp://example.com")
    with pytest.raises(ConfigurationError, match="max_concurrency"):
        IDVClient("s", private_key, max_concurrency=0)
    with pytest.raises(ConfigurationError, match="timeout"):
        IDVClient("s", private_key, timeout=-1)
    with pytest.raises(ConfigurationError, match="retry must be a RetryPolicy"):
        IDVClient("s", private_key, retry=3)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="pass it as bytes"):
        IDVClient("s", "-----BEGIN RSA PRIVATE KEY-----")


def test_an_async_transport_is_refused(private_key: PrivateKey) -> None:
    emulator = Emulator()
    with pytest.raises(ConfigurationError, match=r"httpx\.BaseTransport, got EmulatorTransport"):
        IDVClient("s", private_key, transport=emulator.transport())  # type: ignore[arg-type]


def test_properties_repr_and_web_url(
    private_key: PrivateKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YOTI_IDV_API_URL", "http://127.0.0.1:9/idverify/v1/")
    with IDVClient("s", private_key, max_concurrency=3) as client:
        assert client.sdk_id == "s"
        assert client.base_url == "http://127.0.0.1:9/idverify/v1"
        assert client.max_concurrency == 3
        assert repr(client) == "IDVClient(sdk_id='s', base_url='http://127.0.0.1:9/idverify/v1')"
        assert client.web_url("sess", "tok") == (
            "http://127.0.0.1:9/idverify/v1/web/index.html?sessionID=sess&sessionToken=tok"
        )
        open_inside = not client.is_closed
    assert open_inside
    assert client.is_closed
    with pytest.raises(ConfigurationError, match="closed"):
        client.get_session("s")
    client.close()  # idempotent


def test_from_env(monkeypatch: pytest.MonkeyPatch, pem_bytes: bytes, tmp_path: Path) -> None:
    monkeypatch.delenv("YOTI_CLIENT_SDK_ID", raising=False)
    monkeypatch.delenv("YOTI_KEY_FILE_PATH", raising=False)
    with pytest.raises(ConfigurationError, match="YOTI_CLIENT_SDK_ID and YOTI_KEY_FILE_PATH"):
        IDVClient.from_env()
    path = tmp_path / "key.pem"
    path.write_bytes(pem_bytes)
    monkeypatch.setenv("YOTI_CLIENT_SDK_ID", "from-env")
    monkeypatch.setenv("YOTI_KEY_FILE_PATH", str(path))
    with IDVClient.from_env(base_url=BASE) as client:
        assert client.sdk_id == "from-env"


def test_a_caller_owned_http_client_is_not_closed(
    private_key: PrivateKey, public_key: rsa.RSAPublicKey
) -> None:
    yoti = FakeYoti({("DELETE", "/sessions/s-1"): httpx.Response(204)})
    with httpx.Client(transport=httpx.MockTransport(yoti)) as http:
        with IDVClient("sdk-123", private_key, base_url=BASE, http_client=http) as client:
            client.delete_session("s-1")
        assert not http.is_closed
        assert_signed(yoti.last, public_key)


def test_an_unclosed_client_warns_and_a_closed_one_does_not(private_key: PrivateKey) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(204))

    def use_and_forget() -> None:
        IDVClient("s", private_key, base_url=BASE, transport=transport).delete_session("a")
        gc.collect()

    with pytest.warns(ResourceWarning, match=r"IDVClient\(sdk_id='s'.*was never closed"):
        use_and_forget()

    with IDVClient("s", private_key, base_url=BASE, transport=transport) as client:
        client.delete_session("a")
    del client
    IDVClient("s", private_key, base_url=BASE, transport=transport)  # never used: nothing leaks
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        gc.collect()


def test_threads_share_one_client_within_max_concurrency(private_key: PrivateKey) -> None:
    lock = threading.Lock()
    in_flight = peak = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        time.sleep(0.02)
        with lock:
            in_flight -= 1
        return httpx.Response(200, json={"session_id": request.url.path.rsplit("/", 1)[1]})

    ids = [f"s-{n}" for n in range(24)]
    results: dict[str, str | None] = {}
    with IDVClient("s", private_key, base_url=BASE, transport=httpx.MockTransport(handler),
                   max_concurrency=3) as client:  # fmt: skip

        def work(session_id: str) -> None:
            results[session_id] = client.get_session(session_id).session_id

        threads = [threading.Thread(target=work, args=(i,)) for i in ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert client._in_flight._value == 3
    assert results == {i: i for i in ids}
    assert 1 <= peak <= 3


async def test_it_runs_no_event_loop_and_works_inside_one(private_key: PrivateKey) -> None:
    # Called from a coroutine (as a Django async view might, by mistake, or a Jupyter cell):
    # an `asyncio.run` inside would fail here with "cannot be called from a running loop".
    transport = httpx.MockTransport(lambda request: httpx.Response(204))
    with IDVClient("s", private_key, base_url=BASE, transport=transport) as client:
        client.delete_session("a")
    source = (PACKAGE / "sync_client.py").read_text()
    assert "asyncio" not in source
    assert "anyio" not in source


# ------------------------------------------------------------------------- bearer token


def test_with_bearer_token(yoti: FakeYoti) -> None:
    yoti.answers["GET", "/sessions/s-1"] = httpx.Response(
        200, content=fixture("get_session_minimal.python.json")
    )
    with IDVClient.with_bearer_token(
        "an.access.token", base_url=BASE, transport=httpx.MockTransport(yoti)
    ) as client:
        assert client.sdk_id is None
        assert "an.access.token" not in repr(client)
        client.get_session("s-1")
    request = yoti.last
    assert request.headers["Authorization"] == "Bearer an.access.token"
    assert "X-Yoti-Auth-Digest" not in request.headers
    assert not {"sdkId", "nonce", "timestamp"} & set(request.url.params)
    assert request.headers["X-Yoti-SDK"] == "Python"


def test_with_bearer_token_refuses_a_token_source_and_a_bad_token() -> None:
    class Source:
        async def get_token(self) -> str:
            return "t"

        def invalidate(self, token: str) -> None:
            pass

    with pytest.raises(ConfigurationError, match=r"AsyncIDVClient\.with_bearer_token"):
        IDVClient.with_bearer_token(Source())  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="access token") as info:
        IDVClient.with_bearer_token("Bearer secret value")
    assert "secret" not in str(info.value)


async def test_the_async_client_with_a_bearer_token(yoti: FakeYoti) -> None:
    yoti.answers["DELETE", "/sessions/s-1"] = httpx.Response(204)
    async with AsyncIDVClient.with_bearer_token(
        "tok", base_url=BASE, transport=httpx.MockTransport(yoti)
    ) as client:
        assert client.sdk_id is None
        await client.delete_session("s-1")
    assert yoti.last.headers["Authorization"] == "Bearer tok"
    assert "sdkId" not in yoti.last.url.params


# ------------------------------------------------------------------------- waiting


def _session(state: str) -> httpx.Response:
    return httpx.Response(200, json={"session_id": "s-1", "state": state})


def test_wait_for_session(client: IDVClient, yoti: FakeYoti) -> None:
    yoti.answers["GET", "/sessions/s-1"] = [_session("ONGOING"), _session("ONGOING"),
                                            _session("COMPLETED")]  # fmt: skip
    session = client.wait_for_session("s-1", interval=0.01, max_interval=0.02)
    assert session.state == "COMPLETED"
    assert len(yoti.requests) == 3


def test_wait_for_session_times_out_with_the_last_session(
    client: IDVClient, yoti: FakeYoti
) -> None:
    yoti.answers["GET", "/sessions/s-1"] = _session("ONGOING")
    with pytest.raises(SessionWaitTimeout) as info:
        client.wait_for_session("s-1", interval=0.05, timeout=0.12)
    assert info.value.last.state == "ONGOING"
    assert info.value.polls == len(yoti.requests) >= 2
    with pytest.raises(ConfigurationError, match="backoff"):
        client.wait_for_session("s-1", backoff=0.5)


def test_get_sessions_in_order(client: IDVClient, yoti: FakeYoti) -> None:
    for n in (1, 2):
        yoti.answers["GET", f"/sessions/s-{n}"] = httpx.Response(200, json={"session_id": f"s-{n}"})
    assert [s.session_id for s in client.get_sessions(["s-2", "s-1"])] == ["s-2", "s-1"]


# ------------------------------------------------------------------------- the emulator, over HTTP


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Emulator, str]]:
    emulator = Emulator()
    with serve_emulator(emulator) as base_url:
        yield emulator, base_url


@pytest.fixture(scope="module")
def app_key() -> KeyPair:
    return make_key_pair()


@pytest.fixture
def live(served: tuple[Emulator, str], app_key: KeyPair) -> Iterator[IDVClient]:
    emulator, base_url = served
    emulator.register_application("sync-app", app_key.public_key_pem)
    with IDVClient("sync-app", app_key.private_key, base_url=base_url, retry=NO_WAIT) as client:
        yield client


def _complete(base_url: str, session_id: str, outcome: str = "pass") -> None:
    """The end user's journey, through the emulator's control API over HTTP."""
    root = base_url.removesuffix("/idverify/v1")
    answer = httpx.post(f"{root}/__emulator__/sessions/{session_id}/complete",
                        json={"outcome": outcome})  # fmt: skip
    assert answer.status_code == 200, answer.text


def test_the_seed_flow_against_the_emulator_over_http(
    served: tuple[Emulator, str], live: IDVClient, tmp_path: Path
) -> None:
    emulator, base_url = served
    created = live.create_session(passive_spec())
    assert created.session_id is not None
    assert created.client_session_token is not None
    assert live.web_url(created.session_id, created.client_session_token).startswith(base_url)
    assert live.get_session(created.session_id).state == "ONGOING"

    _complete(base_url, created.session_id)

    session = live.wait_for_session(created.session_id, interval=0.05, timeout=10)
    assert session.state == "COMPLETED"
    (check,) = session.liveness_checks
    assert check.report is not None
    assert check.report.recommendation is not None
    assert check.report.recommendation.value == "APPROVE"
    assert session.resources is not None
    (resource,) = session.resources.static_liveness_resources
    assert isinstance(resource, StaticLivenessResource)
    assert resource.image is not None
    assert resource.image.media is not None
    media_id = resource.image.media.id
    assert media_id is not None

    media = live.get_media_content(created.session_id, media_id)
    assert media is not None
    assert media.mime_type == "image/jpeg"
    assert media.content.startswith(b"\xff\xd8\xff")
    target = tmp_path / "liveness.jpg"
    assert live.download_media_content(created.session_id, media_id, target) == "image/jpeg"
    assert target.read_bytes() == media.content
    with live.stream_media_content(created.session_id, media_id) as stream:
        assert stream is not None
        assert b"".join(stream) == media.content

    assert live.get_tracked_devices(created.session_id)
    assert live.get_supported_documents().supported_countries
    live.delete_media_content(created.session_id, media_id)
    with pytest.raises(NotFoundError):
        live.get_media_content(created.session_id, media_id)
    live.delete_session(created.session_id)
    assert created.session_id not in {s.session_id for s in emulator.sessions()}
    with pytest.raises(NotFoundError):
        live.get_session(created.session_id)


def test_face_capture_against_the_emulator_over_http(
    served: tuple[Emulator, str], live: IDVClient
) -> None:
    _, base_url = served
    spec = SessionSpecBuilder().with_requested_check(
        RequestedFaceComparisonCheckBuilder().with_manual_check_never().build()
    )
    check = RequestedLivenessCheckBuilder().for_static_liveness().with_max_retries(1).build()
    created = live.create_session(spec.with_requested_check(check).build())
    assert created.session_id is not None
    resource = live.add_face_capture_image(created.session_id, make_jpeg(b"s"), "image/jpeg")
    configuration = live.get_session_configuration(created.session_id)
    assert configuration.capture.face_capture_requirements[0].state == "COMPLETE"
    _complete(base_url, created.session_id)
    session = live.get_session(created.session_id)
    assert resource.id in {r.id for r in session.resources.face_capture}

    plain = live.create_session(passive_spec())
    assert plain.session_id is not None
    with pytest.raises(NoFaceCaptureRequirementError):
        live.add_face_capture_image(plain.session_id, make_jpeg(), "image/jpeg")


def test_retries_against_the_emulator_over_http(
    served: tuple[Emulator, str], live: IDVClient
) -> None:
    emulator, _ = served
    created = live.create_session(passive_spec())
    assert created.session_id is not None
    emulator.inject_fault(FaultKind.UNAVAILABLE, count=2, method="GET", retry_after=0)
    assert live.get_session(created.session_id).session_id == created.session_id
    # The emulator rejects a replayed nonce: the third attempt got through, so each was fresh.
    emulator.inject_fault(FaultKind.SERVER_ERROR, count=1, method="POST")
    with pytest.raises(InternalServerError):
        live.create_session(passive_spec())


def test_a_wrong_key_is_refused_by_the_emulator(served: tuple[Emulator, str]) -> None:
    _, base_url = served
    stranger = make_key_pair()
    with (
        IDVClient("sync-app", stranger.private_key, base_url=base_url) as client,
        pytest.raises(yoti_idv.AuthenticationError),
    ):
        client.create_session(passive_spec())


def test_the_sync_client_keeps_no_cookies() -> None:
    """As the async client: IDV is stateless, and a Set-Cookie is never sent back."""
    sent_cookies: list[str | None] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent_cookies.append(request.headers.get("cookie"))
        return httpx.Response(200, json={"session_id": "x"}, headers={"set-cookie": "lb=1"})

    key = make_key_pair().private_key
    with IDVClient(
        "s", key, base_url="https://api.yoti.com/idverify/v1", transport=httpx.MockTransport(answer)
    ) as client:
        client.get_session("x")
        client.get_session("x")
        assert len(client._http.cookies) == 0
    assert sent_cookies == [None, None]
