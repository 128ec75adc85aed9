"""`yoti_idv._operations`: the endpoints as values, and the face-capture flow, without any I/O."""

from __future__ import annotations

import json

import httpx
import pytest

from yoti_idv import _operations as operations
from yoti_idv._request_builder import RequestBuilder
from yoti_idv.errors import NoFaceCaptureRequirementError, ResponseValidationError
from yoti_idv.models import CreateFaceCaptureResourceResponse, SessionConfiguration
from yoti_idv.polling import PollSchedule

JPEG = b"\xff\xd8\xff\xe0" + bytes(64)


def test_an_operation_is_a_plain_value() -> None:
    operation = operations.get_media_content("s-1", "m-1")
    assert (operation.method, operation.path, operation.accept) == (
        "GET",
        "/sessions/s-1/media/m-1/content",
        "*/*",
    )
    assert operation.headers == {"Accept": "*/*"}
    assert operation.parse(httpx.Response(204)) is None
    assert "parse" not in repr(operation)


def test_a_body_is_encoded_once_with_its_content_type() -> None:
    operation = operations.put_ibv_instructions("s-1", {"documents": [], "name": "Zoë"})
    assert operation.body == '{"documents":[],"name":"Zoë"}'.encode()
    assert operation.headers == {"Accept": "application/json", "Content-Type": "application/json"}
    trigger = operations.trigger_ibv_email_notification("s-1")
    assert trigger.body is None
    assert "Content-Type" not in trigger.headers


def test_build_request_carries_the_operation() -> None:
    operation = operations.get_supported_documents(include_non_latin=True)
    with httpx.Client() as http:
        request = RequestBuilder(http, "https://x.test/v1", owned=False).build(
            operation, httpx.Timeout(3.0)
        )
    assert str(request.url) == "https://x.test/v1/supported-documents?includeNonLatin=true"
    assert request.extensions["yoti_idv.include_sdk_id"] is False
    assert request.extensions["timeout"] == httpx.Timeout(3.0).as_dict()


def test_json_parsing_names_the_operation() -> None:
    operation = operations.get_session("s-1")
    with pytest.raises(ResponseValidationError, match=r"^get_session: the 200 response body"):
        operation.parse(httpx.Response(200, content=b"nope"))


def _configuration(requirements: list[dict[str, str]]) -> SessionConfiguration:
    return operations.parse_json(
        httpx.Response(200, content=json.dumps({"capture": {"required_resources": requirements}})),
        SessionConfiguration,
        "test",
    )


def test_the_face_capture_flow_is_driven_by_its_caller() -> None:
    flow = operations.add_face_capture_image("s-1", JPEG, "image/jpeg")
    first = next(flow)
    assert (first.method, first.path) == ("GET", "/sessions/s-1/configuration")
    second = flow.send(_configuration([{"type": "FACE_CAPTURE", "id": "req-9"}]))
    assert (second.method, second.path) == ("POST", "/sessions/s-1/resources/face-capture")
    assert json.loads(second.body or b"") == {"requirement_id": "req-9"}
    created = CreateFaceCaptureResourceResponse(id="res-1", frames=1)
    third = flow.send(created)
    assert (third.method, third.path) == ("PUT", "/sessions/s-1/resources/face-capture/res-1/image")
    with pytest.raises(StopIteration) as done:
        flow.send(None)
    assert done.value.value is created


def test_the_face_capture_flow_stops_without_a_requirement() -> None:
    flow = operations.add_face_capture_image("s-1", JPEG, "image/jpeg")
    next(flow)
    with pytest.raises(NoFaceCaptureRequirementError):
        flow.send(_configuration([{"type": "LIVENESS", "id": "l-1"}]))


def test_the_face_capture_flow_checks_the_image_first() -> None:
    with pytest.raises(ValueError, match="image is empty"):
        next(operations.add_face_capture_image("s-1", b"", "image/png"))


def test_the_poll_schedule_grows_and_stops_at_its_deadline() -> None:
    now = [0.0]
    schedule = PollSchedule(
        interval=1.0, max_interval=2.0, backoff=2.0, timeout=4.5, clock=lambda: now[0]
    )
    waits: list[float] = []

    def poll_until_the_deadline() -> None:
        while True:
            wait = schedule.wait_after("s-1", None)  # type: ignore[arg-type]
            waits.append(wait)
            now[0] += wait

    with pytest.raises(TimeoutError):
        poll_until_the_deadline()
    assert 0.8 <= waits[0] <= 1.0
    assert all(1.6 <= wait <= 2.0 for wait in waits[1:])
    assert schedule.polls == len(waits) + 1
