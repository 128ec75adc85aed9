"""Error bodies become exceptions that say what happened."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from yoti_idv.errors import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    PropertyError,
    RateLimitError,
    YotiIDVError,
    error_from_response,
    media_type,
)

FIXTURES = Path(__file__).parent / "fixtures"


def _response(
    status: int, body: bytes, content_type: str | None = "application/json"
) -> httpx.Response:
    headers = {"Content-Type": content_type} if content_type else {}
    return httpx.Response(
        status, content=body, headers=headers, request=httpx.Request("GET", "https://x/y")
    )


def test_property_errors_fixture_is_parsed_and_formatted() -> None:
    body = (FIXTURES / "error_response_with_property_errors.node-test.json").read_bytes()
    error = error_from_response(_response(400, body))
    assert isinstance(error, BadRequestError)
    assert error.status_code == 400
    assert error.code == "SOME_CODE"
    assert error.error_message == "SOME_MESSAGE"
    assert error.property_errors == (
        PropertyError("some.property", "some property message"),
        PropertyError("some.other.property", "some other property message"),
    )
    assert str(error) == (
        '400 SOME_CODE - SOME_MESSAGE: some.property "some property message", '
        'some.other.property "some other property message"'
    )


def test_the_design_example_message() -> None:
    body = json.dumps(
        {
            "code": "PAYLOAD_VALIDATION",
            "message": "There were errors validating the payload",
            "errors": [
                {"property": "sdk_config.font_colour", "message": "must be a valid hex code"}
            ],
        }
    ).encode()
    error = error_from_response(_response(400, body, "application/json;charset=UTF-8"))
    assert str(error) == (
        "400 PAYLOAD_VALIDATION - There were errors validating the payload: "
        'sdk_config.font_colour "must be a valid hex code"'
    )


def test_json_error_without_yoti_shape_falls_back_to_the_reason_phrase() -> None:
    body = (FIXTURES / "error_mock_not_real_format.python.json").read_bytes()
    error = error_from_response(_response(400, body))
    assert str(error) == "400 Bad Request"
    assert error.code is None
    assert error.property_errors == ()


@pytest.mark.parametrize(
    "body", [b"<html>Bad gateway</html>", b"", b"[1, 2]", b'"text"', b"\xff\xfe"]
)
def test_non_json_or_odd_error_bodies(body: bytes) -> None:
    error = error_from_response(_response(502, body, "text/html"))
    assert isinstance(error, InternalServerError)
    assert str(error) == "502 Bad Gateway"


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (429, RateLimitError),
        (500, InternalServerError),
        (503, InternalServerError),
        (418, APIStatusError),
    ],
)
def test_status_classes(status: int, cls: type[APIStatusError]) -> None:
    error = error_from_response(_response(status, b"{}"))
    assert type(error) is cls
    assert isinstance(error, YotiIDVError)


def test_app_not_found_gets_a_hint() -> None:
    body = b'{"code":"APP_NOT_FOUND","message":"The referenced application does not exist"}'
    error = error_from_response(_response(404, body))
    assert isinstance(error, NotFoundError)
    assert "hint: check the SDK id" in str(error)


def test_rate_limit_carries_retry_after() -> None:
    response = httpx.Response(
        429,
        headers={"Retry-After": "7"},
        request=httpx.Request("GET", "https://x/y"),
    )
    error = error_from_response(response, attempts=3)
    assert isinstance(error, RateLimitError)
    assert error.retry_after == 7.0
    assert error.attempts == 3
    assert "after 3 attempts" in str(error)


def test_repr_is_short_and_holds_no_body() -> None:
    error = error_from_response(_response(400, b'{"code":"X","message":"secret-ish"}'))
    assert repr(error) == "BadRequestError(status_code=400, code='X')"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("application/json", "application/json"),
        ("application/json; charset=UTF-8", "application/json"),
        ("IMAGE/JPEG", "image/jpeg"),
        ("", None),
        (None, None),
        ("garbage", None),
    ],
)
def test_media_type(header: str | None, expected: str | None) -> None:
    assert media_type(header) == expected
