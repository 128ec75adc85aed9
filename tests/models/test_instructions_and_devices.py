"""In-Branch Verification instructions, the contact profile (4.10) and tracked devices (4.8)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import cattrs
import pytest

from yoti_idv.models import (
    ContactProfileResponse,
    DocumentProposalResponse,
    InstructionsResponse,
    LocationResponse,
    SelectedDocumentResponse,
    TrackedDevice,
    TrackedDevices,
    UkPostOfficeBranchResponse,
    UnknownBranchResponse,
)
from yoti_idv.models.structuring import STRUCTURING_ERRORS

from ._payloads import INSTRUCTIONS
from ._support import converter, load, reference_converter

CONVERTERS = pytest.mark.parametrize(
    "conv", [converter, reference_converter], ids=["fast path", "cattrs only"]
)

# --- instructions ---------------------------------------------------------------------------


@CONVERTERS
def test_instructions(conv: cattrs.Converter) -> None:
    instructions = conv.structure(INSTRUCTIONS, InstructionsResponse)

    assert instructions.contact_profile_exists is True
    assert instructions.documents == (
        DocumentProposalResponse(
            requirement_id="req-1",
            document=SelectedDocumentResponse(
                type="ID_DOCUMENT", country_code="GBR", document_type="PASSPORT"
            ),
        ),
        DocumentProposalResponse(
            requirement_id="req-2",
            document=SelectedDocumentResponse(
                type="SUPPLEMENTARY_DOCUMENT", country_code="GBR", document_type="UTILITY_BILL"
            ),
        ),
    )
    assert instructions.branch == UkPostOfficeBranchResponse(
        fad_code="1234567",
        name="High Street",
        address="1 High Street, London",
        post_code="SW1A 1AA",
        location=LocationResponse(latitude=51.5, longitude=-0.1275),
    )
    assert instructions.branch.type == "UK_POST_OFFICE"


@CONVERTERS
def test_instructions_without_a_branch(conv: cattrs.Converter) -> None:
    instructions = conv.structure({"contact_profile_exists": False}, InstructionsResponse)

    assert instructions == InstructionsResponse(contact_profile_exists=False)
    assert (instructions.documents, instructions.branch) == ((), None)


@CONVERTERS
def test_unknown_branch_type_keeps_raw(conv: cattrs.Converter) -> None:
    branch = {"type": "IE_AN_POST", "office_code": "D01", "location": {"latitude": 53}}

    instructions = conv.structure({"branch": branch}, InstructionsResponse)

    assert isinstance(instructions.branch, UnknownBranchResponse)
    assert instructions.branch.type == "IE_AN_POST"
    assert instructions.branch.raw == branch


@CONVERTERS
@pytest.mark.parametrize(("value", "expected"), [(51, 51.0), (51.5, 51.5), (0, 0.0), (-0.0, 0.0)])
def test_coordinates_are_floats(conv: cattrs.Converter, value: Any, expected: float) -> None:
    data = {"branch": {"type": "UK_POST_OFFICE", "location": {"latitude": value}}}

    branch = conv.structure(data, InstructionsResponse).branch

    assert isinstance(branch, UkPostOfficeBranchResponse)
    assert branch.location is not None
    assert branch.location.latitude == expected
    assert type(branch.location.latitude) is float
    assert branch.location.longitude is None


@CONVERTERS
@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"contact_profile_exists": "true"}, id="flag is a string"),
        pytest.param({"contact_profile_exists": 1}, id="flag is a number"),
        pytest.param({"documents": {}}, id="documents is an object"),
        pytest.param({"documents": [{"document": "PASSPORT"}]}, id="document is a string"),
        pytest.param({"branch": "UK_POST_OFFICE"}, id="branch is a string"),
        pytest.param(
            {"branch": {"type": "UK_POST_OFFICE", "location": {"latitude": "51.5"}}},
            id="latitude is a string",
        ),
        pytest.param(
            {"branch": {"type": "UK_POST_OFFICE", "location": {"latitude": True}}},
            id="latitude is a bool",
        ),
        pytest.param({"branch": {"type": ["UK_POST_OFFICE"]}}, id="branch type is a list"),
        pytest.param({"branch": {"type": 3, "name": "x"}}, id="branch type is a number"),
    ],
)
def test_instructions_wrong_types(conv: cattrs.Converter, fields: dict[str, Any]) -> None:
    with pytest.raises(cattrs.ClassValidationError) as raised:
        conv.structure(fields, InstructionsResponse)

    assert type(raised.value) in STRUCTURING_ERRORS
    assert cattrs.transform_error(raised.value)


# --- contact profile ------------------------------------------------------------------------


EMAIL = "jane.doe.5c1f@example.com"


@CONVERTERS
def test_contact_profile(conv: cattrs.Converter) -> None:
    profile = conv.structure(
        {"first_name": "Jane", "last_name": "Doe", "email": EMAIL}, ContactProfileResponse
    )

    assert (profile.first_name, profile.last_name, profile.email) == ("Jane", "Doe", EMAIL)


def test_contact_profile_repr_redacts_the_email() -> None:
    profile = ContactProfileResponse(first_name="Jane", last_name="Doe", email=EMAIL)

    assert EMAIL not in repr(profile)
    assert EMAIL not in str(profile)
    assert "email='<redacted>'" in repr(profile)
    assert "email=None" in repr(ContactProfileResponse())
    assert converter.unstructure(profile)["email"] == EMAIL  # unstructure is not a repr


# --- tracked devices ------------------------------------------------------------------------


@CONVERTERS
def test_tracked_devices_is_a_sequence(conv: cattrs.Converter) -> None:
    devices = conv.structure(load("tracked_devices_response.node-test.json"), TrackedDevices)

    assert list(devices) == list(devices.devices)
    assert devices[0] is devices.devices[0]
    assert devices[::2] == (devices[0], devices[2])
    assert devices.index(devices[1]) == 1
    assert devices[2] in devices
    assert next(reversed(devices)).event == "CLIENT_SESSION_TOKEN_DELETED"
    assert isinstance(hash(devices), int)


@CONVERTERS
def test_tracked_devices_empty_and_sparse(conv: cattrs.Converter) -> None:
    assert conv.structure([], TrackedDevices) == TrackedDevices()
    assert len(TrackedDevices()) == 0
    (device,) = conv.structure([{"event": "NEW_EVENT", "device": None}], TrackedDevices)
    assert device == TrackedDevice(event="NEW_EVENT")


@CONVERTERS
def test_tracked_device_dates_are_aware(conv: cattrs.Converter) -> None:
    (device,) = conv.structure([{"created": "2021-06-11T12:39:24+01:00"}], TrackedDevices)

    assert device.created == datetime(2021, 6, 11, 11, 39, 24, tzinfo=UTC)
    assert device.created is not None
    assert device.created.utcoffset() is not None


@CONVERTERS
@pytest.mark.parametrize("payload", [{}, {"devices": []}, "[]", None, 3, True])
def test_tracked_devices_must_be_an_array(conv: cattrs.Converter, payload: Any) -> None:
    with pytest.raises(cattrs.ClassValidationError) as raised:
        conv.structure(payload, TrackedDevices)

    (message,) = cattrs.transform_error(raised.value)
    assert message.endswith("@ $")


@CONVERTERS
@pytest.mark.parametrize(
    ("payload", "path"),
    [
        ([{"event": "A"}, "B"], "$.devices[1]"),
        ([{"event": "A"}, {"created": "yesterday"}], "$.devices[1].created"),
        ([{"device": {"os_name": 10}}], "$.devices[0].device.os_name"),
        ([None], "$.devices[0]"),
    ],
)
def test_tracked_device_errors_point_at_the_element(
    conv: cattrs.Converter, payload: Any, path: str
) -> None:
    with pytest.raises(cattrs.ClassValidationError) as raised:
        conv.structure(payload, TrackedDevices)

    assert type(raised.value) is cattrs.ClassValidationError
    (message,) = cattrs.transform_error(raised.value)
    assert message.endswith(f"@ {path}")


def test_tracked_devices_unstructure_to_an_array() -> None:
    data = load("tracked_devices_response.node-test.json")

    devices = converter.structure(data, TrackedDevices)
    unstructured = converter.unstructure(devices)

    assert isinstance(unstructured, list)
    assert json.loads(json.dumps(unstructured)) == data
    assert converter.structure(unstructured, TrackedDevices) == devices
