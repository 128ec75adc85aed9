"""The emulator's endpoints 7-16: session configuration, face capture (multipart upload),
tracked devices and In-Branch Verification instructions, at the HTTP level."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

from yoti_idv.auth.signing import RequestSigner
from yoti_idv.emulator import Emulator, ManualClock
from yoti_idv.emulator.devices import SIMULATED_DEVICE, device_from_request
from yoti_idv.emulator.media import make_jpeg, make_pdf, make_png
from yoti_idv.emulator.multipart import MultipartError, parse_header_params, parse_multipart
from yoti_idv.notifications import WebhookTopic, parse_notification
from yoti_idv.testing import KeyPair, signed_http_client

from .helpers import SDK_ID, START, create, spec

FACE_COMPARISON = {"type": "FACE_COMPARISON", "config": {"manual_check": "NEVER"}}
CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP1A.240305.019) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/123.0.6312.99 Mobile Safari/537.36"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1"
)


def face_spec(**extra: Any) -> dict[str, Any]:
    body = spec("STATIC", 2, **extra)
    body["requested_checks"].append(FACE_COMPARISON)
    return body


def ibv_spec(**extra: Any) -> dict[str, Any]:
    return spec(
        ibv_options={"support": "MANDATORY"},
        required_documents=[
            {"type": "ID_DOCUMENT"},
            {"type": "SUPPLEMENTARY_DOCUMENT", "objective": {"type": "PROOF_OF_ADDRESS"}},
        ],
        **extra,
    )


async def configuration(http: httpx.AsyncClient, session_id: str) -> dict[str, Any]:
    response = await http.get(f"sessions/{session_id}/configuration")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    body: dict[str, Any] = response.json()
    return body


def requirements_of(config: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [r for r in config["capture"]["required_resources"] if r["type"] == kind]


def problems(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["code"] == "PAYLOAD_VALIDATION"
    return {e["property"]: e["message"] for e in body["errors"]}


async def upload(
    http: httpx.AsyncClient,
    session_id: str,
    resource_id: str,
    image: bytes,
    content_type: str = "image/jpeg",
    *,
    name: str = "binary-content",
) -> httpx.Response:
    return await http.put(
        f"sessions/{session_id}/resources/face-capture/{resource_id}/image",
        files={name: ("face-capture-image", image, content_type)},
    )


async def face_capture(http: httpx.AsyncClient, session_id: str) -> str:
    config = await configuration(http, session_id)
    (requirement,) = requirements_of(config, "FACE_CAPTURE")
    response = await http.post(
        f"sessions/{session_id}/resources/face-capture",
        json={"requirement_id": requirement["id"]},
    )
    assert response.status_code == 200, response.text
    resource_id: str = response.json()["id"]
    return resource_id


# --- session configuration ------------------------------------------------------------------


async def test_configuration_of_the_seed_session(http: httpx.AsyncClient) -> None:
    created = await create(http)
    config = await configuration(http, created["session_id"])

    assert config["session_id"] == created["session_id"]
    assert config["client_session_token_ttl"] == 900
    assert config["requested_checks"] == ["LIVENESS"]
    assert config["capture"]["biometric_consent"] == "REQUIRED"
    (liveness,) = config["capture"]["required_resources"]
    assert liveness["type"] == "LIVENESS"
    assert liveness["liveness_type"] == "STATIC"
    assert liveness["state"] == "REQUIRED"
    assert liveness["allowed_sources"] == [{"type": "END_USER"}]
    assert re.fullmatch(r"[0-9a-f-]{36}", liveness["id"])
    assert config["sdk_config"]["preset_issuing_country"] == "GBR"
    # Stable: the same ids every time.
    assert await configuration(http, created["session_id"]) == config


async def test_face_comparison_asks_for_a_face_capture(http: httpx.AsyncClient) -> None:
    created = await create(http, face_spec())
    config = await configuration(http, created["session_id"])
    assert config["requested_checks"] == ["LIVENESS", "FACE_COMPARISON"]
    (requirement,) = requirements_of(config, "FACE_CAPTURE")
    assert requirement["state"] == "REQUIRED"
    assert requirement["allowed_sources"] == [{"type": "RELYING_BUSINESS"}]
    assert set(requirement) == {"type", "id", "state", "allowed_sources"}


async def test_document_requirements(http: httpx.AsyncClient) -> None:
    body = spec(
        "ZOOM",
        requested_tasks=[
            {"type": "ID_DOCUMENT_TEXT_DATA_EXTRACTION", "config": {"manual_check": "NEVER"}}
        ],
        required_documents=[
            {
                "type": "ID_DOCUMENT",
                "filter": {
                    "type": "ORTHOGONAL_RESTRICTIONS",
                    "country_restriction": {"inclusion": "WHITELIST", "country_codes": ["GBR"]},
                    "type_restriction": {"inclusion": "BLACKLIST", "document_types": ["PASS_CARD"]},
                },
            },
            {
                "type": "SUPPLEMENTARY_DOCUMENT",
                "objective": {"type": "PROOF_OF_ADDRESS"},
                "document_types": ["UTILITY_BILL"],
                "country_codes": ["GBR"],
            },
        ],
    )
    body["sdk_config"]["attempts_configuration"] = {
        "ID_DOCUMENT_TEXT_DATA_EXTRACTION": {"GENERIC": 4}
    }
    created = await create(http, body)
    config = await configuration(http, created["session_id"])

    assert [r["type"] for r in config["capture"]["required_resources"]] == [
        "ID_DOCUMENT",
        "SUPPLEMENTARY_DOCUMENT",
        "LIVENESS",
    ]
    (document,) = requirements_of(config, "ID_DOCUMENT")
    assert document["supported_countries"] == [
        {
            "code": "GBR",
            "supported_documents": [
                {"type": "PASSPORT", "is_strictly_latin": True},
                {"type": "DRIVING_LICENCE", "is_strictly_latin": True},
            ],
        }
    ]
    assert document["allowed_capture_methods"] == "CAMERA_AND_UPLOAD"
    assert document["attempts_remaining"] == {"GENERIC": 4}
    assert document["requested_tasks"] == [
        {"type": "ID_DOCUMENT_TEXT_DATA_EXTRACTION", "state": "REQUIRED"}
    ]
    (supplementary,) = requirements_of(config, "SUPPLEMENTARY_DOCUMENT")
    assert supplementary["objective"] == {"type": "PROOF_OF_ADDRESS"}
    assert supplementary["document_types"] == ["UTILITY_BILL"]
    assert supplementary["country_codes"] == ["GBR"]
    assert supplementary["requested_tasks"] == []
    (liveness,) = requirements_of(config, "LIVENESS")
    assert liveness["liveness_type"] == "ZOOM"


async def test_document_checks_imply_an_id_document(http: httpx.AsyncClient) -> None:
    body = spec()
    body["requested_checks"] = [{"type": "ID_DOCUMENT_AUTHENTICITY", "config": {}}]
    body["required_documents"] = []
    created = await create(http, body)
    config = await configuration(http, created["session_id"])
    (document,) = config["capture"]["required_resources"]
    assert document["type"] == "ID_DOCUMENT"
    assert document["attempts_remaining"] == {"GENERIC": 3, "RECLASSIFICATION": 2}
    assert "GRC" not in {c["code"] for c in document["supported_countries"]}
    assert config["capture"]["biometric_consent"] == "NOT_REQUIRED"


async def test_document_restrictions_blacklist(http: httpx.AsyncClient) -> None:
    created = await create(
        http,
        spec(
            required_documents=[
                {
                    "type": "ID_DOCUMENT",
                    "filter": {
                        "type": "DOCUMENT_RESTRICTIONS",
                        "inclusion": "BLACKLIST",
                        "documents": [{"country_codes": ["FRA", "GBR", "IRL"]}],
                        "allow_non_latin_documents": True,
                    },
                }
            ]
        ),
    )
    (document,) = requirements_of(await configuration(http, created["session_id"]), "ID_DOCUMENT")
    assert [c["code"] for c in document["supported_countries"]] == ["GRC", "JPN", "USA"]


@pytest.mark.parametrize(
    ("support", "sources"),
    [
        ("MANDATORY", [{"type": "IBV"}]),
        ("NOT_ALLOWED", [{"type": "END_USER"}]),
    ],
)
async def test_ibv_support_decides_document_sources(
    http: httpx.AsyncClient, support: str, sources: list[dict[str, str]]
) -> None:
    created = await create(
        http,
        spec(ibv_options={"support": support}, required_documents=[{"type": "ID_DOCUMENT"}]),
    )
    config = await configuration(http, created["session_id"])
    (document,) = requirements_of(config, "ID_DOCUMENT")
    assert document["allowed_sources"] == sources
    (liveness,) = requirements_of(config, "LIVENESS")
    assert liveness["allowed_sources"] == [{"type": "END_USER"}]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"support": "SOMETIMES"}, {"ibv_options.support"}),
        ({}, {"ibv_options.support"}),
        ({"support": "MANDATORY", "guidance_url": "not a url"}, {"ibv_options.guidance_url"}),
        ("MANDATORY", {"ibv_options"}),
    ],
)
async def test_ibv_options_are_validated(
    http: httpx.AsyncClient, options: object, expected: set[str]
) -> None:
    response = await http.post("sessions", json=spec(ibv_options=options))
    assert set(problems(response)) == expected


async def test_configuration_follows_the_session(
    emulator: Emulator, http: httpx.AsyncClient, clock: ManualClock
) -> None:
    created = await create(http)
    session_id = created["session_id"]
    clock.advance(100)
    assert (await configuration(http, session_id))["client_session_token_ttl"] == 800
    await emulator.complete_session(session_id, "pass")
    config = await configuration(http, session_id)
    assert config["client_session_token_ttl"] == 800
    assert [r["state"] for r in config["capture"]["required_resources"]] == ["COMPLETE"]
    clock.advance(1000)
    assert (await configuration(http, session_id))["client_session_token_ttl"] == 0


NEW_ENDPOINTS = [
    ("GET", "configuration"),
    ("GET", "tracked-devices"),
    ("DELETE", "tracked-devices"),
    ("POST", "resources/face-capture"),
    ("PUT", "resources/face-capture/r-1/image"),
    ("PUT", "instructions"),
    ("GET", "instructions"),
    ("GET", "instructions/pdf"),
    ("GET", "instructions/contact-profile"),
    ("POST", "instructions/email"),
]


@pytest.mark.parametrize(("method", "path"), NEW_ENDPOINTS)
async def test_new_endpoints_need_a_signature_and_a_session(
    emulator: Emulator,
    http: httpx.AsyncClient,
    raw: httpx.AsyncClient,
    other_key_pair: KeyPair,
    method: str,
    path: str,
) -> None:
    created = await create(http)
    url = f"sessions/{created['session_id']}/{path}"
    unsigned = await raw.request(method, "/idverify/v1/" + url)
    assert unsigned.status_code == 401
    assert unsigned.json()["code"] == "UNAUTHORIZED"
    missing = await http.request(method, f"sessions/no-such-session/{path}")
    assert missing.status_code == 404
    assert missing.json()["code"] == "SESSION_NOT_FOUND"
    async with signed_http_client(emulator, other_key_pair, "other-app") as other:
        foreign = await other.request(method, url)
    assert foreign.status_code == 404


# --- face capture ---------------------------------------------------------------------------


async def test_face_capture_create_and_upload(
    emulator: Emulator, http: httpx.AsyncClient, clock: ManualClock
) -> None:
    created = await create(http, face_spec())
    session_id = created["session_id"]
    config = await configuration(http, session_id)
    (requirement,) = requirements_of(config, "FACE_CAPTURE")

    response = await http.post(
        f"sessions/{session_id}/resources/face-capture",
        json={"requirement_id": requirement["id"]},
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"id", "frames"}
    assert body["frames"] == 1
    resource_id = body["id"]
    session = (await http.get(f"sessions/{session_id}")).json()
    assert session["resources"]["face_capture"] == [
        {"id": resource_id, "source": {"type": "RELYING_BUSINESS"}, "tasks": []}
    ]

    image = make_png(b"relying business")
    response = await upload(http, session_id, resource_id, image, "image/png")
    assert response.status_code == 204, response.text
    assert response.content == b""

    (resource,) = (await http.get(f"sessions/{session_id}")).json()["resources"]["face_capture"]
    media = resource["image"]["media"]
    assert media["type"] == "IMAGE"
    assert media["created"] == START.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    content = await http.get(f"sessions/{session_id}/media/{media['id']}/content")
    assert content.status_code == 200
    assert content.headers["content-type"] == "image/png"
    assert content.content == image
    config = await configuration(http, session_id)
    assert requirements_of(config, "FACE_CAPTURE")[0]["state"] == "COMPLETE"

    # PUT again: the new image replaces the old one.
    replacement = make_jpeg(b"another")
    assert (await upload(http, session_id, resource_id, replacement)).status_code == 204
    (resource,) = (await http.get(f"sessions/{session_id}")).json()["resources"]["face_capture"]
    assert resource["image"]["media"]["id"] != media["id"]
    gone = await http.get(f"sessions/{session_id}/media/{media['id']}/content")
    assert gone.status_code == 404
    new = await http.get(f"sessions/{session_id}/media/{resource['image']['media']['id']}/content")
    assert new.content == replacement
    assert new.headers["content-type"] == "image/jpeg"


@pytest.mark.parametrize(
    ("body", "prop"),
    [
        (b"", "body"),
        (b"{not json", "body"),
        (b"[]", "body"),
        (b"{}", "requirement_id"),
        (b'{"requirement_id": 7}', "requirement_id"),
        (b'{"requirement_id": "no-such-requirement"}', "requirement_id"),
    ],
)
async def test_face_capture_create_validation(
    http: httpx.AsyncClient, body: bytes, prop: str
) -> None:
    created = await create(http, face_spec())
    response = await http.post(
        f"sessions/{created['session_id']}/resources/face-capture",
        content=body,
        headers={"Content-Type": "application/json"},
    )
    assert prop in problems(response)


async def test_face_capture_needs_a_face_capture_requirement(http: httpx.AsyncClient) -> None:
    created = await create(http)  # LIVENESS only
    session_id = created["session_id"]
    (liveness,) = (await configuration(http, session_id))["capture"]["required_resources"]
    response = await http.post(
        f"sessions/{session_id}/resources/face-capture", json={"requirement_id": liveness["id"]}
    )
    assert "FACE_CAPTURE requirement" in problems(response)["requirement_id"]


async def test_face_capture_on_a_finished_session_is_a_conflict(
    emulator: Emulator, http: httpx.AsyncClient
) -> None:
    created = await create(http, face_spec())
    session_id = created["session_id"]
    resource_id = await face_capture(http, session_id)
    await emulator.complete_session(session_id, "abandon")
    requirement = requirements_of(await configuration(http, session_id), "FACE_CAPTURE")[0]
    response = await http.post(
        f"sessions/{session_id}/resources/face-capture",
        json={"requirement_id": requirement["id"]},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "SESSION_NOT_ONGOING"
    response = await upload(http, session_id, resource_id, make_jpeg())
    assert response.status_code == 409


async def test_upload_to_an_unknown_resource(http: httpx.AsyncClient) -> None:
    created = await create(http, face_spec())
    response = await upload(http, created["session_id"], "no-such-resource", make_jpeg())
    assert response.status_code == 404
    assert response.json()["code"] == "RESOURCE_NOT_FOUND"


@pytest.mark.parametrize(
    ("name", "image", "content_type", "expected"),
    [
        ("image", make_jpeg(), "image/jpeg", {"image", "binary-content"}),
        ("binary-content", make_jpeg(), "image/gif", {"binary-content"}),
        ("binary-content", make_png(), "image/jpeg", {"binary-content"}),
        ("binary-content", make_png(), "image/jpg", {"binary-content"}),  # the bytes still count
        ("binary-content", make_jpeg(), "image/png", {"binary-content"}),
        ("binary-content", b"", "image/jpeg", {"binary-content"}),
    ],
)
async def test_upload_part_validation(
    http: httpx.AsyncClient, name: str, image: bytes, content_type: str, expected: set[str]
) -> None:
    created = await create(http, face_spec())
    resource_id = await face_capture(http, created["session_id"])
    response = await upload(
        http, created["session_id"], resource_id, image, content_type, name=name
    )
    found = problems(response)
    assert set(found) == expected
    if content_type == "image/gif":
        assert "image/jpeg (or image/jpg) or image/png" in found["binary-content"]


async def test_upload_labelled_image_jpg_is_taken_as_jpeg(
    emulator: Emulator, http: httpx.AsyncClient
) -> None:
    # Yoti's Node SDK labels every JPEG upload image/jpg.
    created = await create(http, face_spec())
    resource_id = await face_capture(http, created["session_id"])
    response = await upload(http, created["session_id"], resource_id, make_jpeg(), "image/jpg")
    assert response.status_code == 204, response.text
    session = (await http.get(f"sessions/{created['session_id']}")).json()
    media_id = session["resources"]["face_capture"][0]["image"]["media"]["id"]
    media = await http.get(f"sessions/{created['session_id']}/media/{media_id}/content")
    assert media.headers["content-type"] == "image/jpeg"


async def test_upload_with_two_parts(http: httpx.AsyncClient) -> None:
    created = await create(http, face_spec())
    resource_id = await face_capture(http, created["session_id"])
    response = await http.put(
        f"sessions/{created['session_id']}/resources/face-capture/{resource_id}/image",
        files=[
            ("binary-content", ("a", make_jpeg(), "image/jpeg")),
            ("binary-content", ("b", make_jpeg(), "image/jpeg")),
        ],
    )
    assert problems(response) == {"binary-content": "must be given only once"}


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", b'{"image": "..."}'),
        (None, b"--x\r\n"),
        ("multipart/form-data", b"--x\r\n\r\n--x--\r\n"),
        ("multipart/form-data; boundary=x", b"no boundary here"),
        (
            "multipart/form-data; boundary=x",
            b"--x\r\nContent-Type: image/jpeg\r\n\r\n\xff\r\n--x--",
        ),
        (
            "multipart/form-data; boundary=x",
            b'--x\r\nContent-Disposition: form-data; name="binary-content"\r\n\r\n\xff',
        ),
    ],
)
async def test_upload_that_is_not_multipart(
    http: httpx.AsyncClient, content_type: str | None, body: bytes
) -> None:
    created = await create(http, face_spec())
    resource_id = await face_capture(http, created["session_id"])
    headers = {"Content-Type": content_type} if content_type else {}
    response = await http.put(
        f"sessions/{created['session_id']}/resources/face-capture/{resource_id}/image",
        content=body,
        headers=headers,
    )
    assert "multipart/form-data" in problems(response)["body"]


async def test_upload_signature_covers_the_whole_multipart_body(
    emulator: Emulator, http: httpx.AsyncClient, raw: httpx.AsyncClient, key_pair: KeyPair
) -> None:
    created = await create(http, face_spec())
    session_id = created["session_id"]
    resource_id = await face_capture(http, session_id)
    signer = RequestSigner(SDK_ID, key_pair.private_key, emulator.base_url)
    url = f"{emulator.base_url}/sessions/{session_id}/resources/face-capture/{resource_id}/image"
    image = make_jpeg(b"signed")

    def signed(tamper: bool) -> httpx.Request:
        request = httpx.Request(
            "PUT", url, files={"binary-content": ("face-capture-image", image, "image/jpeg")}
        )
        request.read()
        signer.sign_request(request)
        if not tamper:
            return request
        body = request.content.replace(image[-10:], b"\x00" * 10)
        return httpx.Request("PUT", request.url, headers=request.headers, content=body)

    refused = await raw.send(signed(tamper=True))
    assert refused.status_code == 401
    assert "signature" in refused.json()["message"]
    accepted = await raw.send(signed(tamper=False))
    assert accepted.status_code == 204


async def test_face_comparison_check_uses_the_uploaded_image(
    emulator: Emulator, http: httpx.AsyncClient
) -> None:
    created = await create(http, face_spec())
    session_id = created["session_id"]
    resource_id = await face_capture(http, session_id)
    assert (await upload(http, session_id, resource_id, make_jpeg())).status_code == 204
    await emulator.complete_session(session_id, "pass")

    session = (await http.get(f"sessions/{session_id}")).json()
    (comparison,) = [c for c in session["checks"] if c["type"] == "FACE_COMPARISON"]
    (liveness,) = session["resources"]["liveness_capture"]
    assert comparison["resources_used"] == [resource_id, liveness["id"]]
    assert comparison["report"]["recommendation"] == {"value": "APPROVE"}
    # The uploaded image survives the user's completion.
    (face,) = session["resources"]["face_capture"]
    media_id = face["image"]["media"]["id"]
    assert (await http.get(f"sessions/{session_id}/media/{media_id}/content")).status_code == 200


async def test_face_comparison_of_a_spoof(emulator: Emulator, http: httpx.AsyncClient) -> None:
    created = await create(http, face_spec())
    session_id = created["session_id"]
    resource_id = await face_capture(http, session_id)
    await upload(http, session_id, resource_id, make_jpeg())
    await emulator.complete_session(session_id, "spoof")
    session = (await http.get(f"sessions/{session_id}")).json()
    (comparison,) = [c for c in session["checks"] if c["type"] == "FACE_COMPARISON"]
    assert comparison["report"]["recommendation"]["value"] == "REJECT"


async def test_face_comparison_without_an_upload(
    emulator: Emulator, http: httpx.AsyncClient
) -> None:
    created = await create(http, face_spec())
    await emulator.complete_session(created["session_id"], "pass")
    session = (await http.get(f"sessions/{created['session_id']}")).json()
    (comparison,) = [c for c in session["checks"] if c["type"] == "FACE_COMPARISON"]
    assert comparison["report"]["recommendation"]["value"] == "NOT_AVAILABLE"


def test_multipart_parser() -> None:
    body = (
        b'preamble\r\n--b\r\nContent-Disposition: form-data; name="a\\"b"; filename=x.png'
        b"\r\nContent-Type: Image/PNG; q=1\r\n\r\n\x89PNG\r\n\r\n--b--\r\nepilogue"
    )
    (part,) = parse_multipart('multipart/form-data; boundary="b"', body)
    assert part.name == 'a"b'
    assert part.filename == "x.png"
    assert part.content_type == "image/png"
    assert part.content == b"\x89PNG\r\n"
    assert parse_header_params("form-data;name=x") == ("form-data", {"name": "x"})
    with pytest.raises(MultipartError, match="boundary"):
        parse_multipart("multipart/form-data; boundary=" + "x" * 71, body)
    with pytest.raises(MultipartError, match="malformed header"):
        parse_multipart("multipart/form-data; boundary=b", b"--b\r\nnot a header\r\n\r\nx\r\n--b--")
    with pytest.raises(MultipartError, match="not form-data"):
        parse_multipart(
            "multipart/form-data; boundary=b",
            b"--b\r\nContent-Disposition: attachment\r\n\r\nx\r\n--b--",
        )


# --- tracked devices ------------------------------------------------------------------------


async def tracked(http: httpx.AsyncClient, session_id: str) -> list[dict[str, Any]]:
    response = await http.get(f"sessions/{session_id}/tracked-devices")
    assert response.status_code == 200
    body: list[dict[str, Any]] = response.json()
    return body


async def test_no_devices_before_the_user_arrives(http: httpx.AsyncClient) -> None:
    created = await create(http)
    assert await tracked(http, created["session_id"]) == []


async def test_page_load_then_capture(
    emulator: Emulator, http: httpx.AsyncClient, raw: httpx.AsyncClient, clock: ManualClock
) -> None:
    created = await create(http, spec("STATIC", 3))
    session_id = created["session_id"]
    page = emulator.web_url(session_id, created["client_session_token"])
    page_path = page.removeprefix("http://idv-emulator.local")
    headers = {"User-Agent": CHROME_ANDROID, "Accept-Language": "fr-FR,fr;q=0.9"}
    assert (await raw.get(page_path, headers=headers)).status_code == 200
    clock.advance(5)
    assert (await raw.get(page_path, headers=headers)).status_code == 200

    (loaded,) = await tracked(http, session_id)
    assert loaded["event"] == "CONFIG_FIRST_LOADED"
    assert "resource_id" not in loaded
    assert loaded["created"] == START.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    device = loaded["device"]
    assert device["ip_address"] == "127.0.0.1"
    assert device["browser_name"] == "Chrome"
    assert device["browser_version"] == "123.0.6312.99"
    assert device["os_name"] == "Android"
    assert device["os_version"] == "14"
    assert device["model_name"] == "Pixel 8"
    assert device["locale"] == "fr-FR"
    assert device["client_version"].startswith("yoti-idv-emulator-")

    await emulator.complete_session(session_id, "spoof", attempts=2)
    events = await tracked(http, session_id)
    assert [e["event"] for e in events] == [
        "CONFIG_FIRST_LOADED",
        "RESOURCE_CREATED",
        "RESOURCE_CREATED",
    ]
    session = (await http.get(f"sessions/{session_id}")).json()
    assert [e["resource_id"] for e in events[1:]] == [
        r["id"] for r in session["resources"]["liveness_capture"]
    ]
    assert all(e["device"] == device for e in events)
    assert emulator.tracked_devices(session_id) == events


async def test_simulated_user_has_a_device(emulator: Emulator, http: httpx.AsyncClient) -> None:
    body = spec("ZOOM", 1)
    body["requested_checks"].append({"type": "ID_DOCUMENT_AUTHENTICITY", "config": {}})
    created = await create(http, body)
    session_id = created["session_id"]
    await emulator.complete_session(session_id, "pass")
    events = await tracked(http, session_id)
    assert [e["event"] for e in events] == [
        "CONFIG_FIRST_LOADED",
        "RESOURCE_CREATED",
        "RESOURCE_CREATED",
    ]
    resources = (await http.get(f"sessions/{session_id}")).json()["resources"]
    assert {e["resource_id"] for e in events[1:]} == {
        resources["id_documents"][0]["id"],
        resources["liveness_capture"][0]["id"],
    }
    assert events[0]["device"] == dict(SIMULATED_DEVICE)


async def test_abandon_deletes_the_token(emulator: Emulator, http: httpx.AsyncClient) -> None:
    created = await create(http)
    await emulator.complete_session(created["session_id"], "abandon")
    events = await tracked(http, created["session_id"])
    assert [e["event"] for e in events] == ["CONFIG_FIRST_LOADED", "CLIENT_SESSION_TOKEN_DELETED"]


async def test_delete_tracked_devices(emulator: Emulator, http: httpx.AsyncClient) -> None:
    created = await create(http)
    await emulator.complete_session(created["session_id"], "pass")
    response = await http.delete(f"sessions/{created['session_id']}/tracked-devices")
    assert response.status_code == 204
    assert await tracked(http, created["session_id"]) == []
    # Deleting nothing is fine too.
    response = await http.delete(f"sessions/{created['session_id']}/tracked-devices")
    assert response.status_code == 204


def test_device_from_request() -> None:
    iphone = device_from_request("198.51.100.7", SAFARI_IPHONE, "en-GB")
    assert iphone["browser_name"] == "Safari"
    assert iphone["browser_version"] == "17.4.1"
    assert iphone["os_name"] == "iOS"
    assert iphone["os_version"] == "17.4.1"
    assert iphone["manufacture_name"] == "Apple"
    assert iphone["model_name"] == "iPhone"
    assert iphone["ip_address"] == "198.51.100.7"
    unknown = device_from_request(None, None, "*")
    assert {k for k, v in unknown.items() if v is not None} == {"client_version"}


# --- In-Branch Verification instructions ------------------------------------------------------


async def ibv_session(http: httpx.AsyncClient) -> tuple[str, dict[str, Any]]:
    created = await create(http, ibv_spec())
    session_id = created["session_id"]
    config = await configuration(http, session_id)
    (document,) = requirements_of(config, "ID_DOCUMENT")
    (supplementary,) = requirements_of(config, "SUPPLEMENTARY_DOCUMENT")
    instructions = {
        "contact_profile": {
            "first_name": "Ada",
            "last_name": "Lovelace (née Byron)",
            "email": "ada@example.com",
        },
        "documents": [
            {
                "requirement_id": document["id"],
                "document": {
                    "type": "ID_DOCUMENT",
                    "country_code": "GBR",
                    "document_type": "PASSPORT",
                },
            },
            {
                "requirement_id": supplementary["id"],
                "document": {
                    "type": "SUPPLEMENTARY_DOCUMENT",
                    "country_code": "GBR",
                    "document_type": "UTILITY_BILL",
                },
            },
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
    return session_id, instructions


async def test_instructions_round_trip(http: httpx.AsyncClient) -> None:
    session_id, instructions = await ibv_session(http)
    response = await http.put(f"sessions/{session_id}/instructions", json=instructions)
    assert response.status_code == 204, response.text

    got = (await http.get(f"sessions/{session_id}/instructions")).json()
    assert got == {
        "contact_profile_exists": True,
        "documents": instructions["documents"],
        "branch": instructions["branch"],
    }
    profile = await http.get(f"sessions/{session_id}/instructions/contact-profile")
    assert profile.json() == instructions["contact_profile"]

    pdf = await http.get(f"sessions/{session_id}/instructions/pdf")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-1.4")
    assert b"UTILITY_BILL" in pdf.content
    assert b"High Street" in pdf.content
    assert b"Lovelace \\(n\xe9e Byron\\)" in pdf.content  # Latin-1, parentheses escaped

    # A second PUT replaces the first.
    del instructions["contact_profile"]
    del instructions["branch"]
    assert (await http.put(f"sessions/{session_id}/instructions", json=instructions)).is_success
    got = (await http.get(f"sessions/{session_id}/instructions")).json()
    assert got == {"contact_profile_exists": False, "documents": instructions["documents"]}
    missing = await http.get(f"sessions/{session_id}/instructions/contact-profile")
    assert missing.status_code == 404
    assert missing.json()["code"] == "CONTACT_PROFILE_NOT_FOUND"
    email = await http.post(f"sessions/{session_id}/instructions/email")
    assert email.status_code == 404


async def test_before_any_instructions(http: httpx.AsyncClient) -> None:
    session_id, _ = await ibv_session(http)
    response = await http.get(f"sessions/{session_id}/instructions")
    assert response.status_code == 404
    assert response.json()["code"] == "INSTRUCTIONS_NOT_FOUND"
    pdf = await http.get(f"sessions/{session_id}/instructions/pdf")
    assert pdf.status_code == 204
    assert pdf.content == b""
    profile = await http.get(f"sessions/{session_id}/instructions/contact-profile")
    assert profile.json()["code"] == "INSTRUCTIONS_NOT_FOUND"
    assert (await http.post(f"sessions/{session_id}/instructions/email")).status_code == 404


async def test_instructions_need_ibv(http: httpx.AsyncClient) -> None:
    created = await create(http, spec(ibv_options={"support": "NOT_ALLOWED"}))
    response = await http.put(f"sessions/{created['session_id']}/instructions", json={})
    assert response.status_code == 409
    assert response.json()["code"] == "IBV_NOT_ENABLED"
    assert "MANDATORY" in response.json()["message"]
    created = await create(http)
    response = await http.put(f"sessions/{created['session_id']}/instructions", json={})
    assert response.status_code == 409


async def test_instructions_for_a_finished_session(
    emulator: Emulator, http: httpx.AsyncClient
) -> None:
    session_id, instructions = await ibv_session(http)
    await emulator.complete_session(session_id, "abandon")
    response = await http.put(f"sessions/{session_id}/instructions", json=instructions)
    assert response.status_code == 409
    assert response.json()["code"] == "SESSION_NOT_ONGOING"


async def test_instructions_validation(http: httpx.AsyncClient) -> None:
    session_id, instructions = await ibv_session(http)
    supplementary_id = instructions["documents"][1]["requirement_id"]
    bad = {
        "contact_profile": {"first_name": "", "last_name": "L", "email": "not-an-email"},
        "documents": [
            {"requirement_id": "unknown", "document": {"type": "ID_DOCUMENT"}},
            {
                "requirement_id": supplementary_id,
                "document": {"type": "ID_DOCUMENT", "country_code": "XXX", "document_type": "P"},
            },
            "nope",
            {"requirement_id": supplementary_id},
        ],
        "branch": {"type": "BANK", "fad_code": 12, "location": {"latitude": 91, "longitude": "0"}},
    }
    response = await http.put(f"sessions/{session_id}/instructions", json=bad)
    assert problems(response) == {
        "contact_profile.first_name": "must be a non-empty string",
        "contact_profile.email": "must be an email address",
        "documents[0].requirement_id": (
            "must be the id of a document requirement of this session "
            "(see GET /sessions/{id}/configuration)"
        ),
        "documents[0].document.country_code": "must be provided",
        "documents[0].document.document_type": "must be provided",
        "documents[1].document.type": "must be SUPPLEMENTARY_DOCUMENT, the requirement's type",
        "documents[1].document.country_code": "must be an ISO 3166-1 alpha-3 country code",
        "documents[2]": "must be an object",
        "documents[3].document": "must be provided",
        "branch.type": "must be one of UK_POST_OFFICE",
        "branch.fad_code": "must be a non-empty string",
        "branch.location.latitude": "must be between -90 and 90",
        "branch.location.longitude": "must be a number",
    }
    assert (await http.get(f"sessions/{session_id}/instructions")).status_code == 404
    for body in (b"", b"[1]", b"{oops"):
        response = await http.put(
            f"sessions/{session_id}/instructions",
            content=body,
            headers={"Content-Type": "application/json"},
        )
        assert set(problems(response)) == {"body"}


async def test_instructions_email(key_pair: KeyPair) -> None:
    hooks: list[httpx.Request] = []

    def hook(request: httpx.Request) -> httpx.Response:
        hooks.append(request)
        return httpx.Response(200)

    notifier = httpx.AsyncClient(transport=httpx.MockTransport(hook))
    emulator = Emulator(clock=ManualClock(START), notification_client=notifier)
    notifications = {
        "endpoint": "https://hooks.example/yoti",
        "auth_token": "secret",
        "topics": ["INSTRUCTIONS_EMAIL_REQUESTED"],
    }
    async with signed_http_client(emulator, key_pair, SDK_ID) as http:
        created = await create(http, ibv_spec(notifications=notifications, requested_checks=[]))
        session_id = created["session_id"]
        config = await configuration(http, session_id)
        (document,) = requirements_of(config, "ID_DOCUMENT")
        instructions = {
            "contact_profile": {"first_name": "A", "last_name": "B", "email": "a@b.example"},
            "documents": [
                {
                    "requirement_id": document["id"],
                    "document": {
                        "type": "ID_DOCUMENT",
                        "country_code": "FRA",
                        "document_type": "NATIONAL_ID",
                    },
                }
            ],
        }
        assert (await http.put(f"sessions/{session_id}/instructions", json=instructions)).is_success
        response = await http.post(f"sessions/{session_id}/instructions/email")
        assert response.status_code == 204
    await notifier.aclose()

    (email,) = emulator.instruction_emails
    assert email.session_id == session_id
    assert email.to == "a@b.example"
    assert "a@b.example" not in repr(email)
    (request,) = hooks
    payload = json.loads(request.content)
    assert payload == {"session_id": session_id, "topic": "instructions_email_requested"}
    assert parse_notification(request.content).topic is WebhookTopic.INSTRUCTIONS_EMAIL_REQUESTED


async def test_instructions_email_without_subscription(
    emulator: Emulator, http: httpx.AsyncClient
) -> None:
    session_id, instructions = await ibv_session(http)
    await http.put(f"sessions/{session_id}/instructions", json=instructions)
    assert (await http.post(f"sessions/{session_id}/instructions/email")).status_code == 204
    assert len(emulator.instruction_emails) == 1
    assert emulator.notifications == []


def test_make_pdf_has_a_correct_cross_reference_table() -> None:
    pdf = make_pdf(["Title", "a (b) \\ c", "non-Latin: \u4e2d"], title="T")
    assert pdf.startswith(b"%PDF-1.4\n")
    assert pdf.endswith(b"%%EOF\n")
    startxref = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    assert pdf[startxref:].startswith(b"xref\n0 7\n")
    entries = pdf[startxref:].split(b"\n")[3:9]
    for number, entry in enumerate(entries, start=1):
        offset = int(entry[:10])
        assert pdf[offset:].startswith(f"{number} 0 obj".encode())
    stream = pdf.split(b"stream\n", 1)[1].split(b"\nendstream", 1)[0]
    length = int(pdf.split(b"/Length ", 1)[1].split(b" ", 1)[0])
    assert len(stream) == length
    assert b"(a \\(b\\) \\\\ c)" in stream
    assert b"(non-Latin: ?)" in stream
