"""Our client against the emulator for endpoints 7-16: face capture, session configuration,
tracked devices and In-Branch Verification, with real signatures and real multipart bodies."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from yoti_idv.client import AsyncIDVClient, NoFaceCaptureRequirementError
from yoti_idv.emulator import Emulator, FaultKind
from yoti_idv.emulator.media import make_jpeg, make_png
from yoti_idv.errors import BadRequestError, ConflictError, InternalServerError, NotFoundError
from yoti_idv.models import (
    ContactProfileResponse,
    FaceComparisonCheck,
    RequiredFaceCaptureResource,
    RequiredIdDocumentResource,
    RequiredStaticLivenessResource,
    RequiredSupplementaryDocumentResource,
    RequiredZoomLivenessResource,
    UkPostOfficeBranchResponse,
)
from yoti_idv.retry import RetryPolicy
from yoti_idv.specs import (
    ContactProfilePayloadBuilder,
    DocumentProposalPayloadBuilder,
    IbvOptionsBuilder,
    InstructionsPayload,
    InstructionsPayloadBuilder,
    LocationPayloadBuilder,
    ProofOfAddressObjectiveBuilder,
    RequestedFaceComparisonCheckBuilder,
    RequestedLivenessCheckBuilder,
    RequiredIdDocumentBuilder,
    RequiredSupplementaryDocumentBuilder,
    SdkConfigBuilder,
    SelectedIdDocumentPayloadBuilder,
    SessionSpec,
    SessionSpecBuilder,
    UkPostOfficeBranchPayloadBuilder,
)
from yoti_idv.testing import EmulatedIDV, KeyPair, serve_emulator

from .helpers import create, recommendation, seed_spec


def session_spec(
    *,
    face_comparison: bool = False,
    ibv: bool = False,
    id_document: bool = False,
    supplementary_document: bool = False,
) -> SessionSpec:
    """The seed's session (STATIC liveness, 2 attempts), built with our builders, plus the
    parts endpoints 7-16 are about."""
    builder = (
        SessionSpecBuilder()
        .with_client_session_token_ttl(900)
        .with_resources_ttl(90_000)
        .with_requested_check(
            RequestedLivenessCheckBuilder().for_static_liveness().with_max_retries(2).build()
        )
        .with_sdk_config(
            SdkConfigBuilder()
            .with_allows_camera_and_upload()
            .with_success_url("https://localhost:8443/success")
            .build()
        )
    )
    if face_comparison:
        builder = builder.with_requested_check(
            RequestedFaceComparisonCheckBuilder().with_manual_check_never().build()
        )
    if ibv:
        builder = builder.with_ibv_options(IbvOptionsBuilder().with_ibv_mandatory().build())
    if id_document:
        builder = builder.with_required_document(RequiredIdDocumentBuilder().build())
    if supplementary_document:
        builder = builder.with_required_document(
            RequiredSupplementaryDocumentBuilder()
            .with_objective(ProofOfAddressObjectiveBuilder().build())
            .build()
        )
    return builder.build()


async def create_with(client: AsyncIDVClient, **parts: bool) -> str:
    session_id, _ = await create(client, session_spec(**parts))
    return session_id


async def ibv_session(client: AsyncIDVClient) -> tuple[str, str]:
    """An IBV session, and the id of its ID_DOCUMENT requirement."""
    session_id = await create_with(client, ibv=True, id_document=True)
    configuration = await client.get_session_configuration(session_id)
    (document,) = configuration.capture.id_document_requirements
    assert document.id is not None
    return session_id, document.id


def instructions(requirement_id: str, *, with_profile: bool = True) -> InstructionsPayload:
    builder = InstructionsPayloadBuilder().with_document_proposal(
        DocumentProposalPayloadBuilder()
        .with_requirement_id(requirement_id)
        .with_selected_document(
            SelectedIdDocumentPayloadBuilder()
            .with_country_code("GBR")
            .with_document_type("PASSPORT")
            .build()
        )
        .build()
    )
    if with_profile:
        builder = builder.with_contact_profile(
            ContactProfilePayloadBuilder()
            .with_first_name("Ada")
            .with_last_name("Lovelace")
            .with_email("ada@example.com")
            .build()
        )
    return builder.with_branch(
        UkPostOfficeBranchPayloadBuilder()
        .with_fad_code("1234567")
        .with_name("High Street")
        .with_location(LocationPayloadBuilder().with_latitude(51.5).with_longitude(-0.12).build())
        .build()
    ).build()


# --- session configuration ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("liveness", "cls"),
    [("STATIC", RequiredStaticLivenessResource), ("ZOOM", RequiredZoomLivenessResource)],
)
async def test_session_configuration(idv: EmulatedIDV, liveness: str, cls: type[object]) -> None:
    session_id, _ = await create(idv.client, seed_spec(liveness))
    configuration = await idv.client.get_session_configuration(session_id)

    assert configuration.session_id == session_id
    assert configuration.client_session_token_ttl == 900
    assert configuration.requested_checks == ("LIVENESS",)
    assert configuration.capture.biometric_consent == "REQUIRED"
    (requirement,) = configuration.capture.liveness_requirements
    assert isinstance(requirement, cls)
    assert requirement.liveness_type == liveness
    assert requirement.state == "REQUIRED"
    assert not requirement.is_relying_business_allowed()
    assert configuration.capture.face_capture_requirements == ()
    assert configuration.sdk_config is not None
    assert configuration.sdk_config["success_url"] == "https://localhost:8443/success"

    await idv.emulator.complete_session(session_id, "pass")
    configuration = await idv.client.get_session_configuration(session_id)
    assert configuration.capture.liveness_requirements[0].state == "COMPLETE"


async def test_session_configuration_with_documents_and_face_capture(idv: EmulatedIDV) -> None:
    session_id = await create_with(
        idv.client,
        face_comparison=True,
        id_document=True,
        supplementary_document=True,
    )
    capture = (await idv.client.get_session_configuration(session_id)).capture
    kinds = [type(r) for r in capture.required_resources]
    assert kinds == [
        RequiredIdDocumentResource,
        RequiredSupplementaryDocumentResource,
        RequiredStaticLivenessResource,
        RequiredFaceCaptureResource,
    ]
    (document,) = capture.id_document_requirements
    assert "GBR" in {c.code for c in document.supported_countries}
    assert document.attempts_remaining == {"GENERIC": 3, "RECLASSIFICATION": 2}
    (supplementary,) = capture.supplementary_document_requirements
    assert supplementary.objective is not None
    assert supplementary.objective.type == "PROOF_OF_ADDRESS"
    (face,) = capture.face_capture_requirements
    assert face.is_relying_business_allowed()


# --- face capture ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("image", "content_type"),
    [
        (make_jpeg(b"rb"), "image/jpeg"),
        (make_jpeg(b"rb"), "image/jpg"),  # as Yoti's Node SDK writes it; sent as image/jpeg
        (make_png(b"rb"), "image/png"),
    ],
)
async def test_face_capture_step_by_step(idv: EmulatedIDV, image: bytes, content_type: str) -> None:
    client = idv.client
    session_id = await create_with(client, face_comparison=True)
    (requirement,) = (
        await client.get_session_configuration(session_id)
    ).capture.face_capture_requirements
    assert requirement.id is not None

    created = await client.create_face_capture_resource(session_id, requirement.id)
    assert created.frames == 1
    await client.upload_face_capture_image(session_id, created.id, image, content_type)

    session = await client.get_session(session_id)
    assert session.resources is not None
    (face,) = session.resources.face_capture
    assert face.id == created.id
    assert face.source is not None
    assert face.source.type == "RELYING_BUSINESS"
    assert face.image is not None
    assert face.image.media is not None
    assert face.image.media.id is not None
    media = await client.get_media_content(session_id, face.image.media.id)
    assert media is not None
    assert media.content == image
    assert media.mime_type == content_type.replace("image/jpg", "image/jpeg")
    configuration = await client.get_session_configuration(session_id)
    assert configuration.capture.face_capture_requirements[0].state == "COMPLETE"


@pytest.mark.parametrize(("outcome", "expected"), [("pass", "APPROVE"), ("spoof", "REJECT")])
async def test_add_face_capture_image_feeds_the_face_comparison(
    idv: EmulatedIDV, outcome: str, expected: str
) -> None:
    client = idv.client
    session_id = await create_with(client, face_comparison=True)
    created = await client.add_face_capture_image(session_id, make_jpeg(b"x"), "image/jpeg")
    await idv.emulator.complete_session(session_id, outcome)

    session = await client.get_session(session_id)
    (comparison,) = [c for c in session.checks if isinstance(c, FaceComparisonCheck)]
    assert recommendation(comparison) == expected
    assert comparison.resources_used[0] == created.id


async def test_add_face_capture_image_without_face_comparison(idv: EmulatedIDV) -> None:
    session_id, _ = await create(idv.client)
    with pytest.raises(NoFaceCaptureRequirementError):
        await idv.client.add_face_capture_image(session_id, make_jpeg(), "image/jpeg")
    session = await idv.client.get_session(session_id)
    assert session.resources is not None
    assert session.resources.face_capture == ()


async def test_face_capture_errors_from_the_emulator(idv: EmulatedIDV) -> None:
    client = idv.client
    session_id = await create_with(client, face_comparison=True)
    configuration = await client.get_session_configuration(session_id)
    (liveness,) = configuration.capture.liveness_requirements
    assert liveness.id is not None
    with pytest.raises(BadRequestError) as info:
        await client.create_face_capture_resource(session_id, liveness.id)
    assert [e.property for e in info.value.property_errors] == ["requirement_id"]
    with pytest.raises(NotFoundError) as not_found:
        await client.upload_face_capture_image(session_id, "nope", make_jpeg(), "image/jpeg")
    assert not_found.value.code == "RESOURCE_NOT_FOUND"

    created = await client.add_face_capture_image(session_id, make_jpeg(), "image/jpeg")
    await idv.emulator.complete_session(session_id, "pass")
    with pytest.raises(ConflictError):
        await client.upload_face_capture_image(session_id, created.id, make_png(), "image/png")


async def test_face_capture_upload_is_retried_through_a_fault(idv: EmulatedIDV) -> None:
    client = idv.client
    session_id = await create_with(client, face_comparison=True)
    idv.emulator.inject_fault(FaultKind.UNAVAILABLE, method="PUT", path="/image")
    idv.emulator.inject_fault(FaultKind.DROP, method="PUT", path="/image")
    created = await client.add_face_capture_image(session_id, make_png(), "image/png")
    session = await client.get_session(session_id)
    assert session.resources is not None
    assert session.resources.face_capture[0].id == created.id
    assert session.resources.face_capture[0].image is not None


async def test_face_capture_create_is_not_retried(idv: EmulatedIDV) -> None:
    client = idv.client
    session_id = await create_with(client, face_comparison=True)
    idv.emulator.inject_fault(FaultKind.UNAVAILABLE, method="POST", path="/face-capture")
    with pytest.raises(InternalServerError):
        await client.add_face_capture_image(session_id, make_png(), "image/png")
    session = await client.get_session(session_id)
    assert session.resources is not None
    assert session.resources.face_capture == ()


# --- tracked devices ------------------------------------------------------------------------


async def test_tracked_devices(idv: EmulatedIDV) -> None:
    client = idv.client
    session_id, _ = await create(client, seed_spec("ZOOM", 2))
    assert len(await client.get_tracked_devices(session_id)) == 0

    await idv.emulator.complete_session(session_id, "spoof")
    devices = await client.get_tracked_devices(session_id)
    assert [d.event for d in devices] == [
        "CONFIG_FIRST_LOADED",
        "RESOURCE_CREATED",
        "RESOURCE_CREATED",
    ]
    session = await client.get_session(session_id)
    assert session.resources is not None
    assert [d.resource_id for d in devices[1:]] == [
        r.id for r in session.resources.zoom_liveness_resources
    ]
    first = devices[0]
    assert first.created is not None
    assert first.created.tzinfo is not None
    assert first.device is not None
    assert first.device.os_name == "iOS"

    await client.delete_tracked_devices(session_id)
    assert len(await client.get_tracked_devices(session_id)) == 0


async def test_tracked_devices_of_an_abandoned_session(idv: EmulatedIDV) -> None:
    session_id, _ = await create(idv.client)
    await idv.emulator.complete_session(session_id, "abandon")
    devices = await idv.client.get_tracked_devices(session_id)
    assert [d.event for d in devices] == ["CONFIG_FIRST_LOADED", "CLIENT_SESSION_TOKEN_DELETED"]


# --- In-Branch Verification -----------------------------------------------------------------


async def test_ibv_instructions(idv: EmulatedIDV) -> None:
    client = idv.client
    session_id, requirement_id = await ibv_session(client)
    with pytest.raises(NotFoundError):
        await client.get_ibv_instructions(session_id)
    assert await client.get_ibv_instructions_pdf(session_id) is None

    await client.put_ibv_instructions(session_id, instructions(requirement_id))

    got = await client.get_ibv_instructions(session_id)
    assert got.contact_profile_exists is True
    (proposal,) = got.documents
    assert proposal.requirement_id == requirement_id
    assert proposal.document is not None
    assert proposal.document.type == "ID_DOCUMENT"
    assert proposal.document.country_code == "GBR"
    assert isinstance(got.branch, UkPostOfficeBranchResponse)
    assert got.branch.fad_code == "1234567"
    assert got.branch.location is not None
    assert got.branch.location.latitude == pytest.approx(51.5)

    pdf = await client.get_ibv_instructions_pdf(session_id)
    assert pdf is not None
    assert pdf.mime_type == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert pdf.content.rstrip().endswith(b"%%EOF")

    profile = await client.get_ibv_instructions_contact_profile(session_id)
    assert profile == ContactProfileResponse(
        first_name="Ada", last_name="Lovelace", email="ada@example.com"
    )
    assert "ada@example.com" not in repr(profile)

    await client.trigger_ibv_email_notification(session_id)
    (email,) = idv.emulator.instruction_emails
    assert (email.session_id, email.to) == (session_id, "ada@example.com")


async def test_ibv_instructions_without_a_contact_profile(idv: EmulatedIDV) -> None:
    client = idv.client
    session_id, requirement_id = await ibv_session(client)
    await client.put_ibv_instructions(session_id, instructions(requirement_id, with_profile=False))
    assert (await client.get_ibv_instructions(session_id)).contact_profile_exists is False
    with pytest.raises(NotFoundError) as info:
        await client.get_ibv_instructions_contact_profile(session_id)
    assert info.value.code == "CONTACT_PROFILE_NOT_FOUND"
    with pytest.raises(NotFoundError):
        await client.trigger_ibv_email_notification(session_id)
    assert idv.emulator.instruction_emails == []


async def test_ibv_instructions_are_judged(idv: EmulatedIDV) -> None:
    client = idv.client
    session_id, _ = await ibv_session(client)
    with pytest.raises(BadRequestError) as info:
        await client.put_ibv_instructions(session_id, instructions("not-a-requirement"))
    assert [e.property for e in info.value.property_errors] == ["documents[0].requirement_id"]

    session_id = await create_with(client, id_document=True)  # no ibv_options
    with pytest.raises(ConflictError) as conflict:
        await client.put_ibv_instructions(session_id, {"documents": []})
    assert conflict.value.code == "IBV_NOT_ENABLED"


async def test_ibv_email_is_not_retried_after_a_response(idv: EmulatedIDV) -> None:
    client = idv.client
    session_id, requirement_id = await ibv_session(client)
    await client.put_ibv_instructions(session_id, instructions(requirement_id))
    idv.emulator.inject_fault(FaultKind.UNAVAILABLE, method="POST", path="/instructions/email")
    with pytest.raises(InternalServerError):
        await client.trigger_ibv_email_notification(session_id)
    assert idv.emulator.instruction_emails == []
    # PUT is idempotent: retried through the same fault.
    idv.emulator.inject_fault(FaultKind.UNAVAILABLE, method="PUT", path="/instructions")
    await client.put_ibv_instructions(session_id, instructions(requirement_id))


# --- over real HTTP -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Emulator, str]]:
    emulator = Emulator()
    with serve_emulator(emulator) as base_url:
        yield emulator, base_url


async def test_new_endpoints_over_http(served: tuple[Emulator, str], key_pair: KeyPair) -> None:
    emulator, base_url = served
    emulator.register_application("http-endpoints", key_pair.public_key_pem)
    async with AsyncIDVClient(
        "http-endpoints", key_pair.private_key, base_url=base_url, retry=RetryPolicy.disabled()
    ) as client:
        session_id = await create_with(
            client,
            face_comparison=True,
            ibv=True,
            id_document=True,
        )
        image = make_jpeg(b"over the wire")
        created = await client.add_face_capture_image(session_id, image, "image/jpeg")
        (document,) = (
            await client.get_session_configuration(session_id)
        ).capture.id_document_requirements
        assert document.id is not None
        await client.put_ibv_instructions(session_id, instructions(document.id))
        pdf = await client.get_ibv_instructions_pdf(session_id)
        assert pdf is not None
        assert pdf.mime_type == "application/pdf"
        await client.trigger_ibv_email_notification(session_id)
        await emulator.complete_session(session_id, "pass")
        assert len(await client.get_tracked_devices(session_id)) == 3
        await client.delete_tracked_devices(session_id)
        session = await client.get_session(session_id)
        assert session.resources is not None
        (face,) = session.resources.face_capture
        assert face.id == created.id
        assert face.image is not None
        assert face.image.media is not None
        assert face.image.media.id is not None
        media = await client.get_media_content(session_id, face.image.media.id)
        assert media is not None
        assert media.content == image
