"""AsyncIDVClient's endpoints 7-16 (face capture, configuration, tracked devices, In-Branch
Verification), with respx standing in for Yoti: method, path, query, headers, body, status."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime
from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from yoti_idv.auth.signing import PrivateKey
from yoti_idv.client import (
    FACE_CAPTURE_CONTENT_TYPES,
    AsyncIDVClient,
    NoFaceCaptureRequirementError,
)
from yoti_idv.conversion import converter
from yoti_idv.errors import (
    APIConnectionError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    ResponseValidationError,
)
from yoti_idv.models import (
    ContactProfileResponse,
    CreateFaceCaptureResourceResponse,
    InstructionsResponse,
    MediaContent,
    RequiredFaceCaptureResource,
    SessionConfiguration,
    TrackedDevices,
    UkPostOfficeBranchResponse,
)
from yoti_idv.retry import RetryPolicy
from yoti_idv.specs import (
    ContactProfilePayloadBuilder,
    DocumentProposalPayloadBuilder,
    InstructionsPayloadBuilder,
    LocationPayloadBuilder,
    SelectedIdDocumentPayloadBuilder,
    UkPostOfficeBranchPayloadBuilder,
)

BASE = "https://api.yoti.com/idverify/v1"
FIXTURES = Path(__file__).parent / "fixtures"
NO_WAIT = RetryPolicy(max_attempts=3, backoff_initial=0.001, backoff_max=0.001)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(64))
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"

INSTRUCTIONS = {
    "contact_profile": {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"},
    "documents": [
        {
            "requirement_id": "req-1",
            "document": {
                "type": "ID_DOCUMENT",
                "country_code": "GBR",
                "document_type": "PASSPORT",
            },
        }
    ],
    "branch": {
        "type": "UK_POST_OFFICE",
        "fad_code": "1234567",
        "name": "High Street",
        "address": "1 High Street, London",
        "post_code": "SW1A 1AA",
        "location": {"latitude": 51.5, "longitude": -0.12},
    },
}


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


@pytest.fixture
def public_key(rsa_private_key: rsa.RSAPrivateKey) -> rsa.RSAPublicKey:
    return rsa_private_key.public_key()


def signed_message(request: httpx.Request) -> bytes:
    """What Yoti verifies, rebuilt independently of the SDK from the request as sent."""
    path_and_query = request.url.raw_path.decode().removeprefix("/idverify/v1")
    message = f"{request.method}&{path_and_query}"
    if request.content:
        message += "&" + base64.b64encode(request.content).decode()
    return message.encode()


def assert_signed(request: httpx.Request, public_key: rsa.RSAPublicKey) -> None:
    signature = base64.b64decode(request.headers["X-Yoti-Auth-Digest"])
    public_key.verify(signature, signed_message(request), padding.PKCS1v15(), hashes.SHA256())
    assert request.url.params["sdkId"] == "sdk-123"
    assert request.url.params["nonce"]
    assert request.url.params["timestamp"].isdigit()
    assert request.headers["X-Yoti-SDK"] == "Python"


def assert_no_body(request: httpx.Request) -> None:
    assert request.content == b""
    assert "Content-Type" not in request.headers


def multipart_parts(request: httpx.Request) -> list[Message]:
    """The form-data parts, parsed by the standard library (not by the SDK or the emulator)."""
    head = f"Content-Type: {request.headers['Content-Type']}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + request.content)
    assert message.is_multipart()
    parts = message.get_payload()
    assert isinstance(parts, list)
    return [part for part in parts if isinstance(part, Message)]


# ------------------------------------------------------------------------- face capture


async def test_create_face_capture_resource(
    client: AsyncIDVClient, api: respx.MockRouter, public_key: rsa.RSAPublicKey
) -> None:
    route = api.post("/sessions/s-1/resources/face-capture").respond(
        200, content=fixture("create_face_capture_resource_response.node-test.json")
    )
    created = await client.create_face_capture_resource("s-1", "requirement-id-123")

    assert created == CreateFaceCaptureResourceResponse(id="123", frames=2)
    request = route.calls.last.request
    assert request.method == "POST"
    assert request.url.path == "/idverify/v1/sessions/s-1/resources/face-capture"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Accept"] == "application/json"
    assert json.loads(request.content) == {"requirement_id": "requirement-id-123"}
    assert_signed(request, public_key)


async def test_create_face_capture_resource_is_not_retried_after_a_response(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    route = api.post("/sessions/s-1/resources/face-capture").respond(503)
    with pytest.raises(InternalServerError):
        await client.create_face_capture_resource("s-1", "r-1")
    assert route.call_count == 1


async def test_create_face_capture_resource_without_an_id_does_not_fit(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    api.post("/sessions/s-1/resources/face-capture").respond(200, json={"frames": 1})
    with pytest.raises(ResponseValidationError, match="CreateFaceCaptureResourceResponse"):
        await client.create_face_capture_resource("s-1", "r-1")


@pytest.mark.parametrize(("image", "content_type"), [(JPEG, "image/jpeg"), (PNG, "image/png")])
async def test_upload_face_capture_image_is_one_signed_multipart_part(
    client: AsyncIDVClient,
    api: respx.MockRouter,
    public_key: rsa.RSAPublicKey,
    image: bytes,
    content_type: str,
) -> None:
    route = api.put("/sessions/s-1/resources/face-capture/res-9/image").respond(204)
    await client.upload_face_capture_image("s-1", "res-9", image, content_type)

    request = route.calls.last.request
    assert request.method == "PUT"
    assert request.url.path == "/idverify/v1/sessions/s-1/resources/face-capture/res-9/image"
    media_type, _, params = request.headers["Content-Type"].partition(";")
    assert media_type == "multipart/form-data"
    boundary = params.strip().removeprefix("boundary=")
    assert boundary
    assert request.content.startswith(f"--{boundary}\r\n".encode())
    assert request.content.endswith(f"\r\n--{boundary}--\r\n".encode())
    assert int(request.headers["Content-Length"]) == len(request.content)

    (part,) = multipart_parts(request)
    assert part.get_content_disposition() == "form-data"
    assert part.get_param("name", header="content-disposition") == "binary-content"
    assert part.get_filename() == "face-capture-image"
    assert part.get_content_type() == content_type
    assert part.get_payload(decode=True) == image

    # The digest covers the whole multipart body: exactly the bytes that were sent.
    assert_signed(request, public_key)
    expected = base64.b64encode(request.content)
    assert signed_message(request).endswith(b"&" + expected)
    signature = base64.b64decode(request.headers["X-Yoti-Auth-Digest"])
    other_body = signed_message(request).removesuffix(expected) + base64.b64encode(
        request.content.replace(image, image[:-1] + b"\x00")
    )
    with pytest.raises(InvalidSignature):
        public_key.verify(signature, other_body, padding.PKCS1v15(), hashes.SHA256())


async def test_upload_content_type_is_normalised(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    route = api.put("/sessions/s-1/resources/face-capture/r/image").respond(204)
    await client.upload_face_capture_image("s-1", "r", bytearray(PNG), " Image/PNG ")
    (part,) = multipart_parts(route.calls.last.request)
    assert part.get_content_type() == "image/png"
    assert part.get_payload(decode=True) == PNG


async def test_upload_labelled_image_jpg_goes_as_image_jpeg(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    route = api.put("/sessions/s-1/resources/face-capture/r/image").respond(204)
    await client.upload_face_capture_image("s-1", "r", JPEG, "image/jpg")
    (part,) = multipart_parts(route.calls.last.request)
    assert part.get_content_type() == "image/jpeg"


async def test_upload_is_retried_with_the_same_bytes_and_a_fresh_signature(
    client: AsyncIDVClient, api: respx.MockRouter, public_key: rsa.RSAPublicKey
) -> None:
    route = api.put("/sessions/s-1/resources/face-capture/r/image")
    route.side_effect = [httpx.Response(503), httpx.ConnectError("boom"), httpx.Response(204)]
    await client.upload_face_capture_image("s-1", "r", JPEG, "image/jpeg")

    assert route.call_count == 3
    requests = [call.request for call in route.calls]
    assert len({r.content for r in requests}) == 1
    assert len({r.url.params["nonce"] for r in requests}) == 3
    for request in requests:
        assert_signed(request, public_key)


@pytest.mark.parametrize(
    ("image", "content_type", "error", "match"),
    [
        (JPEG, "image/gif", ValueError, "image/jpeg or image/png"),
        (PNG, "image/jpg", ValueError, "not a JPEG image"),
        (JPEG, "", ValueError, "image/jpeg or image/png"),
        (PNG, "image/jpeg", ValueError, "not a JPEG image"),
        (JPEG, "image/png", ValueError, "not a PNG image"),
        (b"", "image/jpeg", ValueError, "empty"),
        ("not bytes", "image/jpeg", TypeError, "image must be bytes"),
        (JPEG, None, TypeError, "content_type must be a str"),
    ],
)
async def test_bad_images_are_refused_before_sending(
    client: AsyncIDVClient,
    api: respx.MockRouter,
    image: Any,
    content_type: Any,
    error: type[Exception],
    match: str,
) -> None:
    route = api.route().respond(204)
    with pytest.raises(error, match=match):
        await client.upload_face_capture_image("s-1", "r", image, content_type)
    with pytest.raises(error, match=match):
        await client.add_face_capture_image("s-1", image, content_type)
    assert not route.called


def test_face_capture_content_types() -> None:
    assert frozenset({"image/jpeg", "image/png"}) == FACE_CAPTURE_CONTENT_TYPES


async def test_add_face_capture_image_finds_the_requirement(
    client: AsyncIDVClient, api: respx.MockRouter, public_key: rsa.RSAPublicKey
) -> None:
    configuration = api.get("/sessions/s-1/configuration").respond(
        200, content=fixture("session_configuration_face_capture_requirement.go-test.json")
    )
    create = api.post("/sessions/s-1/resources/face-capture").respond(
        200, json={"id": "resource-7", "frames": 1}
    )
    upload = api.put("/sessions/s-1/resources/face-capture/resource-7/image").respond(204)

    created = await client.add_face_capture_image("s-1", PNG, "image/png")

    assert created == CreateFaceCaptureResourceResponse(id="resource-7", frames=1)
    assert configuration.call_count == create.call_count == upload.call_count == 1
    assert json.loads(create.calls.last.request.content) == {"requirement_id": "requirement-id-123"}
    (part,) = multipart_parts(upload.calls.last.request)
    assert part.get_payload(decode=True) == PNG
    for route in (configuration, create, upload):
        assert_signed(route.calls.last.request, public_key)


async def test_add_face_capture_image_takes_the_first_face_capture_requirement(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    api.get("/sessions/s-1/configuration").respond(
        200,
        json={
            "capture": {
                "required_resources": [
                    {"type": "LIVENESS", "id": "live", "liveness_type": "STATIC"},
                    {"type": "SOMETHING_NEW", "id": "new"},
                    {"type": "FACE_CAPTURE", "id": "first"},
                    {"type": "FACE_CAPTURE", "id": "second"},
                ]
            }
        },
    )
    create = api.post("/sessions/s-1/resources/face-capture").respond(200, json={"id": "r"})
    api.put("/sessions/s-1/resources/face-capture/r/image").respond(204)
    await client.add_face_capture_image("s-1", JPEG, "image/jpeg")
    assert json.loads(create.calls.last.request.content) == {"requirement_id": "first"}


async def test_add_face_capture_image_without_a_requirement(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    api.get("/sessions/s-1/configuration").respond(
        200, content=fixture("session_configuration_minimal.node-test.json")
    )
    create = api.post("/sessions/s-1/resources/face-capture").respond(200, json={"id": "r"})
    with pytest.raises(NoFaceCaptureRequirementError, match="FACE_COMPARISON") as info:
        await client.add_face_capture_image("s-1", JPEG, "image/jpeg")
    assert info.value.session_id == "s-1"
    assert isinstance(info.value, LookupError)
    assert not create.called


async def test_add_face_capture_image_stops_at_a_failed_create(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    api.get("/sessions/s-1/configuration").respond(
        200, content=fixture("session_configuration_face_capture_requirement.go-test.json")
    )
    api.post("/sessions/s-1/resources/face-capture").respond(
        409, json={"code": "SESSION_NOT_ONGOING", "message": "The session is COMPLETED"}
    )
    upload = api.put(url__regex=r".*/image").respond(204)
    with pytest.raises(ConflictError, match="SESSION_NOT_ONGOING"):
        await client.add_face_capture_image("s-1", JPEG, "image/jpeg")
    assert not upload.called


# ------------------------------------------------------------------------- configuration


async def test_get_session_configuration(
    client: AsyncIDVClient, api: respx.MockRouter, public_key: rsa.RSAPublicKey
) -> None:
    route = api.get("/sessions/s-1/configuration").respond(
        200, content=fixture("session_configuration_face_capture_requirement.go-test.json")
    )
    configuration = await client.get_session_configuration("s-1")

    assert isinstance(configuration, SessionConfiguration)
    (requirement,) = configuration.capture.face_capture_requirements
    assert isinstance(requirement, RequiredFaceCaptureResource)
    assert requirement.id == "requirement-id-123"
    request = route.calls.last.request
    assert request.method == "GET"
    assert request.headers["Accept"] == "application/json"
    assert_no_body(request)
    assert_signed(request, public_key)


async def test_get_session_configuration_minimal(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    api.get("/sessions/s-1/configuration").respond(
        200, content=fixture("session_configuration_minimal.node-test.json")
    )
    configuration = await client.get_session_configuration("s-1")
    assert configuration.session_id == "some-session-id"
    assert configuration.client_session_token_ttl == 123
    assert configuration.capture.required_resources == ()


# ------------------------------------------------------------------------- tracked devices


async def test_get_tracked_devices(
    client: AsyncIDVClient, api: respx.MockRouter, public_key: rsa.RSAPublicKey
) -> None:
    route = api.get("/sessions/s-1/tracked-devices").respond(
        200, content=fixture("tracked_devices_response.node-test.json")
    )
    devices = await client.get_tracked_devices("s-1")

    assert isinstance(devices, TrackedDevices)
    assert [d.event for d in devices] == [
        "CONFIG_FIRST_LOADED",
        "RESOURCE_CREATED",
        "CLIENT_SESSION_TOKEN_DELETED",
    ]
    assert devices[1].resource_id == "3fa85f64-5717-4562-b3fc-2c963f66afa6"
    assert devices[0].created == datetime(2021, 6, 11, 11, 39, 24, tzinfo=UTC)
    assert devices[0].device is not None
    assert devices[0].device.browser_name == "Chrome"
    request = route.calls.last.request
    assert_no_body(request)
    assert_signed(request, public_key)


async def test_get_tracked_devices_empty(client: AsyncIDVClient, api: respx.MockRouter) -> None:
    api.get("/sessions/s-1/tracked-devices").respond(200, json=[])
    assert len(await client.get_tracked_devices("s-1")) == 0


async def test_get_tracked_devices_that_is_not_an_array(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    api.get("/sessions/s-1/tracked-devices").respond(200, json={"devices": "nope"})
    with pytest.raises(ResponseValidationError, match="get_tracked_devices"):
        await client.get_tracked_devices("s-1")


async def test_delete_tracked_devices(
    client: AsyncIDVClient, api: respx.MockRouter, public_key: rsa.RSAPublicKey
) -> None:
    route = api.delete("/sessions/s-1/tracked-devices")
    route.side_effect = [httpx.Response(503), httpx.Response(204)]
    await client.delete_tracked_devices("s-1")
    assert route.call_count == 2
    request = route.calls.last.request
    assert request.method == "DELETE"
    assert_no_body(request)
    assert_signed(request, public_key)


# ------------------------------------------------------------------------- instructions


async def test_put_ibv_instructions_from_a_mapping(
    client: AsyncIDVClient, api: respx.MockRouter, public_key: rsa.RSAPublicKey
) -> None:
    route = api.put("/sessions/s-1/instructions").respond(204)
    await client.put_ibv_instructions("s-1", INSTRUCTIONS)

    request = route.calls.last.request
    assert request.method == "PUT"
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == INSTRUCTIONS
    assert_signed(request, public_key)


async def test_put_ibv_instructions_from_the_builders(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    route = api.put("/sessions/s-1/instructions").respond(204)
    payload = (
        InstructionsPayloadBuilder()
        .with_contact_profile(
            ContactProfilePayloadBuilder()
            .with_first_name("Ada")
            .with_last_name("Lovelace")
            .with_email("ada@example.com")
            .build()
        )
        .with_document_proposal(
            DocumentProposalPayloadBuilder()
            .with_requirement_id("req-1")
            .with_selected_document(
                SelectedIdDocumentPayloadBuilder()
                .with_country_code("GBR")
                .with_document_type("PASSPORT")
                .build()
            )
            .build()
        )
        .with_branch(
            UkPostOfficeBranchPayloadBuilder()
            .with_fad_code("1234567")
            .with_name("High Street")
            .with_address("1 High Street, London")
            .with_post_code("SW1A 1AA")
            .with_location(
                LocationPayloadBuilder().with_latitude(51.5).with_longitude(-0.12).build()
            )
            .build()
        )
        .build()
    )
    await client.put_ibv_instructions("s-1", payload)
    sent = json.loads(route.calls.last.request.content)
    assert sent == converter.unstructure(payload)
    assert sent == INSTRUCTIONS


async def test_put_ibv_instructions_is_retried(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    route = api.put("/sessions/s-1/instructions")
    route.side_effect = [httpx.ReadTimeout("slow"), httpx.Response(502), httpx.Response(200)]
    await client.put_ibv_instructions("s-1", INSTRUCTIONS)
    assert route.call_count == 3
    assert len({json.dumps(json.loads(c.request.content)) for c in route.calls}) == 1


async def test_put_ibv_instructions_rejects_other_types(client: AsyncIDVClient) -> None:
    with pytest.raises(TypeError, match="put_ibv_instructions"):
        await client.put_ibv_instructions("s-1", "instructions")  # type: ignore[arg-type]


async def test_put_ibv_instructions_payload_errors(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    api.put("/sessions/s-1/instructions").respond(
        400,
        json={
            "code": "PAYLOAD_VALIDATION",
            "message": "There were errors validating the payload",
            "errors": [{"property": "branch.type", "message": "must be one of UK_POST_OFFICE"}],
        },
    )
    with pytest.raises(BadRequestError, match=r"branch\.type") as info:
        await client.put_ibv_instructions("s-1", {"branch": {"type": "BANK"}})
    assert info.value.property_errors[0].property == "branch.type"


async def test_get_ibv_instructions(
    client: AsyncIDVClient, api: respx.MockRouter, public_key: rsa.RSAPublicKey
) -> None:
    body = {
        "contact_profile_exists": True,
        "documents": INSTRUCTIONS["documents"],
        "branch": INSTRUCTIONS["branch"],
    }
    route = api.get("/sessions/s-1/instructions").respond(200, json=body)
    instructions = await client.get_ibv_instructions("s-1")

    assert isinstance(instructions, InstructionsResponse)
    assert instructions.contact_profile_exists is True
    (proposal,) = instructions.documents
    assert proposal.requirement_id == "req-1"
    assert proposal.document is not None
    assert proposal.document.document_type == "PASSPORT"
    assert isinstance(instructions.branch, UkPostOfficeBranchResponse)
    assert instructions.branch.fad_code == "1234567"
    assert instructions.branch.location is not None
    assert instructions.branch.location.longitude == pytest.approx(-0.12)
    request = route.calls.last.request
    assert_no_body(request)
    assert_signed(request, public_key)


async def test_get_ibv_instructions_not_found(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    api.get("/sessions/s-1/instructions").respond(
        404, json={"code": "INSTRUCTIONS_NOT_FOUND", "message": "No instructions"}
    )
    with pytest.raises(NotFoundError) as info:
        await client.get_ibv_instructions("s-1")
    assert info.value.code == "INSTRUCTIONS_NOT_FOUND"


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("application/pdf", "application/pdf"),
        ("application/pdf; charset=binary", "application/pdf"),
        (None, "application/octet-stream"),
    ],
)
async def test_get_ibv_instructions_pdf(
    client: AsyncIDVClient,
    api: respx.MockRouter,
    public_key: rsa.RSAPublicKey,
    content_type: str | None,
    expected: str,
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    route = api.get("/sessions/s-1/instructions/pdf").respond(200, content=PDF, headers=headers)
    pdf = await client.get_ibv_instructions_pdf("s-1")

    assert pdf == MediaContent(content=PDF, mime_type=expected)
    request = route.calls.last.request
    assert request.headers["Accept"] == "*/*"
    assert_no_body(request)
    assert_signed(request, public_key)


async def test_ibv_instructions_pdf_204_is_none(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    api.get("/sessions/s-1/instructions/pdf").respond(204)
    assert await client.get_ibv_instructions_pdf("s-1") is None


async def test_get_ibv_instructions_contact_profile(
    client: AsyncIDVClient, api: respx.MockRouter, public_key: rsa.RSAPublicKey
) -> None:
    route = api.get("/sessions/s-1/instructions/contact-profile").respond(
        200, json=INSTRUCTIONS["contact_profile"]
    )
    profile = await client.get_ibv_instructions_contact_profile("s-1")

    assert profile == ContactProfileResponse(
        first_name="Ada", last_name="Lovelace", email="ada@example.com"
    )
    request = route.calls.last.request
    assert_no_body(request)
    assert_signed(request, public_key)


async def test_trigger_ibv_email_notification_has_no_body(
    client: AsyncIDVClient, api: respx.MockRouter, public_key: rsa.RSAPublicKey
) -> None:
    route = api.post("/sessions/s-1/instructions/email").respond(204)
    await client.trigger_ibv_email_notification("s-1")

    request = route.calls.last.request
    assert request.method == "POST"
    assert_no_body(request)
    # Signed without a body part: the message ends with the query, no trailing "&...".
    message = signed_message(request)
    assert message == b"POST&" + request.url.raw_path.removeprefix(b"/idverify/v1")
    assert_signed(request, public_key)


async def test_trigger_ibv_email_notification_is_not_retried_after_sending(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    route = api.post("/sessions/s-1/instructions/email")
    route.side_effect = httpx.ReadError("reset")
    with pytest.raises(APIConnectionError) as info:
        await client.trigger_ibv_email_notification("s-1")
    assert info.value.may_have_been_sent is True
    assert route.call_count == 1


async def test_trigger_ibv_email_notification_is_retried_when_never_connected(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    route = api.post("/sessions/s-1/instructions/email")
    route.side_effect = [httpx.ConnectError("refused"), httpx.Response(204)]
    await client.trigger_ibv_email_notification("s-1")
    assert route.call_count == 2


# ------------------------------------------------------------------------- common behaviour

Call = Callable[[AsyncIDVClient, str], Awaitable[object]]

SESSION_CALLS: dict[str, Call] = {
    "create_face_capture_resource": lambda c, s: c.create_face_capture_resource(s, "r"),
    "upload_face_capture_image": lambda c, s: c.upload_face_capture_image(
        s, "r", JPEG, "image/jpeg"
    ),
    "add_face_capture_image": lambda c, s: c.add_face_capture_image(s, JPEG, "image/jpeg"),
    "get_session_configuration": lambda c, s: c.get_session_configuration(s),
    "get_tracked_devices": lambda c, s: c.get_tracked_devices(s),
    "delete_tracked_devices": lambda c, s: c.delete_tracked_devices(s),
    "put_ibv_instructions": lambda c, s: c.put_ibv_instructions(s, INSTRUCTIONS),
    "get_ibv_instructions": lambda c, s: c.get_ibv_instructions(s),
    "get_ibv_instructions_pdf": lambda c, s: c.get_ibv_instructions_pdf(s),
    "get_ibv_instructions_contact_profile": lambda c, s: c.get_ibv_instructions_contact_profile(s),
    "trigger_ibv_email_notification": lambda c, s: c.trigger_ibv_email_notification(s),
}


@pytest.mark.parametrize("name", sorted(SESSION_CALLS))
async def test_session_ids_are_validated_before_sending(
    client: AsyncIDVClient, api: respx.MockRouter, name: str
) -> None:
    route = api.route().respond(200)
    for bad in ["", "a/b", "a?b", "a#b", "..", " a", "a%2F", "a\nb"]:
        with pytest.raises(ValueError, match="session_id"):
            await SESSION_CALLS[name](client, bad)
    with pytest.raises(TypeError, match="session_id must be a str"):
        await SESSION_CALLS[name](client, 42)  # type: ignore[arg-type]
    assert not route.called


async def test_other_ids_are_validated_before_sending(
    client: AsyncIDVClient, api: respx.MockRouter
) -> None:
    route = api.route().respond(200)
    with pytest.raises(ValueError, match="requirement_id"):
        await client.create_face_capture_resource("s-1", "a/b")
    with pytest.raises(ValueError, match="resource_id"):
        await client.upload_face_capture_image("s-1", "../x", JPEG, "image/jpeg")
    with pytest.raises(TypeError, match="requirement_id must be a str"):
        await client.create_face_capture_resource("s-1", None)  # type: ignore[arg-type]
    assert not route.called


@pytest.mark.parametrize("name", sorted(SESSION_CALLS))
async def test_status_errors_are_typed(
    client: AsyncIDVClient, api: respx.MockRouter, name: str
) -> None:
    api.route().respond(
        404,
        json={"code": "SESSION_NOT_FOUND", "message": "The session does not exist"},
        headers={"Content-Type": "application/json"},
    )
    with pytest.raises(NotFoundError) as info:
        await SESSION_CALLS[name](client, "gone")
    assert info.value.code == "SESSION_NOT_FOUND"


@pytest.mark.parametrize("name", sorted(SESSION_CALLS))
async def test_per_call_timeout_and_retry(
    client: AsyncIDVClient, api: respx.MockRouter, name: str
) -> None:
    route = api.route().respond(503)
    method = getattr(client, name)
    args: dict[str, tuple[object, ...]] = {
        "create_face_capture_resource": ("r",),
        "upload_face_capture_image": ("r", JPEG, "image/jpeg"),
        "add_face_capture_image": (JPEG, "image/jpeg"),
        "put_ibv_instructions": (INSTRUCTIONS,),
    }
    with pytest.raises(InternalServerError):
        await method("s-1", *args.get(name, ()), timeout=2.5, retry=RetryPolicy.disabled())
    assert route.call_count == 1
    assert route.calls.last.request.extensions["timeout"]["read"] == pytest.approx(2.5)
