"""Every response fixture (real payloads from Yoti's SDK tests) parses into the typed models."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from yoti_idv.models import (
    AuthenticityCheck,
    CaptureConfiguration,
    CreateFaceCaptureResourceResponse,
    CreateSessionResult,
    DeviceDescription,
    DocumentFields,
    FaceMap,
    FaceMatchCheck,
    GetSessionResult,
    IdDocumentResource,
    LivenessCheck,
    LivenessResource,
    MediaReference,
    RequiredFaceCaptureResource,
    ResourceContainer,
    SessionConfiguration,
    ShareCodeResource,
    StaticLivenessResource,
    SupportedDocumentsResponse,
    TextExtractionTask,
    TrackedDevice,
    TrackedDevices,
    VerifyShareCodeTask,
    ZoomLivenessResource,
)

from ._support import converter, load

JAN_30 = datetime(2020, 1, 30, 15, 0, tzinfo=UTC)


def zoom_session() -> GetSessionResult:
    return converter.structure(
        load("get_session_completed_zoom_liveness.python.json"), GetSessionResult
    )


def test_completed_zoom_session_top_level() -> None:
    session = zoom_session()

    assert session.session_id == "<uuid>"
    assert session.user_tracking_id == "<uuid>"
    assert session.state == "COMPLETED"
    assert session.client_session_token == "<uuid>"
    assert session.client_session_token_ttl == 599
    assert session.biometric_consent is None
    assert [type(check) for check in session.checks] == [
        AuthenticityCheck,
        LivenessCheck,
        FaceMatchCheck,
    ]


def test_completed_zoom_session_checks() -> None:
    authenticity, liveness, face_match = zoom_session().checks

    assert authenticity.type == "ID_DOCUMENT_AUTHENTICITY"
    assert authenticity.state == "DONE"
    assert authenticity.generated_media == ()  # key absent in the payload
    assert authenticity.report is not None
    assert authenticity.report.recommendation is not None
    assert authenticity.report.recommendation.value == "APPROVE"
    assert authenticity.report.recommendation.reason is None
    assert [b.sub_check for b in authenticity.report.breakdown][:3] == [
        "data_in_correct_position",
        "document_in_date",
        "expected_data_present",
    ]
    assert {b.result for b in authenticity.report.breakdown} == {"PASS"}

    assert liveness.type == "LIVENESS"
    assert liveness.created == JAN_30
    assert liveness.last_updated == JAN_30

    assert face_match.resources_used == ("<uuid>", "<uuid>")
    assert face_match.report is not None
    ai_face_match = face_match.report.breakdown[1]
    assert ai_face_match.sub_check == "ai_face_match"
    assert ai_face_match.process is None
    assert [(d.name, d.value) for d in ai_face_match.details] == [("confidence_score", "1.00")]


def test_completed_zoom_session_id_document() -> None:
    (document,) = zoom_session().resources.id_documents

    assert isinstance(document, IdDocumentResource)
    assert document.document_type == "DRIVING_LICENCE"
    assert document.issuing_country == "GBR"
    (task,) = document.tasks
    assert isinstance(task, TextExtractionTask)
    assert task.type == "ID_DOCUMENT_TEXT_DATA_EXTRACTION"
    assert task.state == "DONE"
    assert task.generated_checks == ()
    assert [(m.id, m.type) for m in task.generated_media] == [("<uuid>", "JSON")]
    (page,) = document.pages
    assert page.capture_method == "CAMERA"
    assert page.media == MediaReference(
        id="<uuid>", type="IMAGE", created=JAN_30, last_updated=JAN_30
    )
    assert page.extraction_image_ids == ("<uuid>",)
    assert page.frames == ()
    assert isinstance(document.document_fields, DocumentFields)
    assert document.document_fields.media is not None
    assert document.document_fields.media.type == "JSON"
    assert document.document_id_photo is None


def test_zoom_liveness_resource_with_frames_without_media() -> None:
    resources = zoom_session().resources

    (liveness,) = resources.liveness_capture
    assert isinstance(liveness, ZoomLivenessResource)
    assert liveness.liveness_type == "ZOOM"
    assert liveness.type == "ZOOM"
    assert isinstance(liveness.facemap, FaceMap)
    assert liveness.facemap.media is not None
    assert liveness.facemap.media.type == "BINARY"
    assert len(liveness.frames) == 7
    assert [frame.media is None for frame in liveness.frames] == [False] * 3 + [True] * 4
    assert {frame.media.type for frame in liveness.frames if frame.media} == {"IMAGE"}
    assert resources.zoom_liveness_resources == (liveness,)
    assert resources.static_liveness_resources == ()


def test_frame_with_null_media_is_like_an_empty_frame() -> None:
    data = load("get_session_completed_zoom_liveness.python.json")
    data["resources"]["liveness_capture"][0]["frames"] = [{"media": None}, {}]

    session = converter.structure(data, GetSessionResult)

    (liveness,) = session.resources.zoom_liveness_resources
    assert [frame.media for frame in liveness.frames] == [None, None]


def test_static_liveness_resource() -> None:
    resource = converter.structure(
        load("static_liveness_resource.python-test.json"), LivenessResource
    )

    assert isinstance(resource, StaticLivenessResource)
    assert resource.id == "bbbbbbb-5717-4562-b3fc-2c963f66afa6"
    assert resource.liveness_type == resource.type == "STATIC"
    assert resource.capture_type == "PHOTOGRAPH"
    assert resource.source is not None
    assert resource.source.type == "END_USER"
    assert resource.tasks == ()
    assert resource.image is not None
    assert resource.image.media == MediaReference(
        id="3fa85f64-5717-4562-b3fc-2c963f66afa6",
        type="IMAGE",
        created=datetime(2021, 6, 11, 11, 39, 24, tzinfo=UTC),
        last_updated=datetime(2021, 6, 11, 11, 39, 24, tzinfo=UTC),
    )


def test_static_liveness_inside_a_session() -> None:
    data = load("get_session_completed_zoom_liveness.python.json")
    static = load("static_liveness_resource.python-test.json")
    data["resources"]["liveness_capture"].append(static)

    resources = converter.structure(data, GetSessionResult).resources

    assert [r.type for r in resources.liveness_capture] == ["ZOOM", "STATIC"]
    (only_static,) = resources.static_liveness_resources
    assert only_static.image is not None
    assert only_static.image.media is not None
    assert only_static.image.media.id == "3fa85f64-5717-4562-b3fc-2c963f66afa6"


def test_minimal_session_defaults_everything() -> None:
    session = converter.structure(load("get_session_minimal.python.json"), GetSessionResult)

    assert session == GetSessionResult(session_id="someSessionId")
    assert session.state is None
    assert session.client_session_token is None
    assert session.checks == ()
    assert session.liveness_checks == ()
    # Never None, so that the seed's `resources.liveness_capture` works on any session.
    assert session.resources == ResourceContainer()
    assert session.resources.liveness_capture == ()


@pytest.mark.parametrize(
    ("name", "token", "ttl", "session_id"),
    [
        ("create_session_response.node-test.json", "some-token", 30, "some-id"),
        ("create_session_response.php.json", "someClientSessionToken", 300, "someSessionId"),
        ("create_session_response.python.json", "<uuid1>", 599, "<uuid2>"),
        (
            "create_session_response_minimal.python.json",
            "someClientSessionToken",
            299,
            "someSessionId",
        ),
    ],
)
def test_create_session_responses(name: str, token: str, ttl: int, session_id: str) -> None:
    result = converter.structure(load(name), CreateSessionResult)

    assert result == CreateSessionResult(
        session_id=session_id, client_session_token=token, client_session_token_ttl=ttl
    )


def test_supported_documents_minimal() -> None:
    response = converter.structure(
        load("supported_documents_minimal.python.json"), SupportedDocumentsResponse
    )

    assert [country.code for country in response.supported_countries] == ["GBR", "USA"]
    assert all(country.supported_documents == () for country in response.supported_countries)


def test_supported_documents_with_is_strictly_latin() -> None:
    response = converter.structure(
        load("supported_documents_with_is_strictly_latin.node-test.json"),
        SupportedDocumentsResponse,
    )

    first, second = response.supported_countries
    assert first.code == "some-country-code"
    assert [(d.type, d.is_strictly_latin) for d in first.supported_documents] == [
        ("some-document-type", True)
    ]
    assert [(d.type, d.is_strictly_latin) for d in second.supported_documents] == [
        ("some-document-type", True),
        ("some-other-document-type", False),
    ]


def test_share_code_resource() -> None:
    data = load("get_session_minimal.python.json")
    data["resources"] = {"share_codes": [load("share_code_resource.python-test.json")]}

    (share_code,) = converter.structure(data, GetSessionResult).resources.share_codes

    assert isinstance(share_code, ShareCodeResource)
    assert share_code.id == "abc12345-share-code-id"
    assert share_code.source is not None
    assert share_code.source.type == "END_USER"
    assert share_code.created_at == datetime(2026, 2, 5, 11, 33, 46, tzinfo=UTC)
    assert share_code.last_updated == datetime(2026, 2, 5, 11, 33, 50, tzinfo=UTC)
    assert share_code.lookup_profile is not None
    assert share_code.lookup_profile.media is not None
    assert share_code.lookup_profile.media.id == "lp-media-id"
    assert share_code.lookup_profile.media.created == datetime(2026, 2, 5, 11, 33, 46, tzinfo=UTC)
    assert share_code.returned_profile is not None
    assert share_code.returned_profile.media == MediaReference(id="rp-media-id", type="JSON")
    assert share_code.id_photo is not None
    assert share_code.id_photo.media == MediaReference(id="ip-media-id", type="IMAGE")
    assert share_code.file is not None
    assert share_code.file.media == MediaReference(id="f-media-id", type="PDF")
    (task,) = share_code.tasks
    assert isinstance(task, VerifyShareCodeTask)
    assert task.type == "VERIFY_SHARE_CODE_TASK"
    assert [m.type for m in task.generated_media] == ["PDF", "IMAGE"]


def test_session_configuration_minimal() -> None:
    config = converter.structure(
        load("session_configuration_minimal.node-test.json"), SessionConfiguration
    )

    assert config == SessionConfiguration(
        session_id="some-session-id",
        client_session_token_ttl=123,
        capture=CaptureConfiguration(biometric_consent=""),
    )
    assert config.requested_checks == ()
    assert config.capture.required_resources == ()
    assert config.capture.face_capture_requirements == ()
    assert config.sdk_config is None
    assert config.suppressed_screens == ()


def test_session_configuration_face_capture_requirement() -> None:
    config = converter.structure(
        load("session_configuration_face_capture_requirement.go-test.json"), SessionConfiguration
    )

    (requirement,) = config.capture.required_resources
    assert type(requirement) is RequiredFaceCaptureResource
    assert requirement.id == "requirement-id-123"
    assert requirement.type == "FACE_CAPTURE"
    assert requirement.allowed_sources == ()
    assert not requirement.is_relying_business_allowed()
    assert config.capture.face_capture_requirements == (requirement,)
    assert config.capture.liveness_requirements == ()
    assert config.capture.document_requirements == ()
    assert config.session_id is None
    assert config.capture.biometric_consent is None


def test_tracked_devices() -> None:
    devices = converter.structure(load("tracked_devices_response.node-test.json"), TrackedDevices)

    assert len(devices) == 3
    assert [device.event for device in devices] == [
        "CONFIG_FIRST_LOADED",
        "RESOURCE_CREATED",
        "CLIENT_SESSION_TOKEN_DELETED",
    ]
    assert [device.resource_id for device in devices] == [
        None,
        "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        None,
    ]
    created = datetime(2021, 6, 11, 11, 39, 24, tzinfo=UTC)
    assert {device.created for device in devices} == {created}
    first = devices[0]
    assert isinstance(first, TrackedDevice)
    assert first.device == DeviceDescription(
        ip_address="123.123.123.123",
        ip_iso_country_code="GBR",
        manufacture_name="Apple",
        model_name="IphoneX",
        os_name="MacOs",
        os_version="10.13.14",
        browser_name="Chrome",
        browser_version="72.0.3626.119",
        locale="en-GB",
        client_version="2.12.0",
    )
    assert devices[1:] == devices.devices[1:]
    assert devices[-1].event == "CLIENT_SESSION_TOKEN_DELETED"


def test_create_face_capture_resource_response() -> None:
    response = converter.structure(
        load("create_face_capture_resource_response.node-test.json"),
        CreateFaceCaptureResourceResponse,
    )

    assert response == CreateFaceCaptureResourceResponse(id="123", frames=2)
