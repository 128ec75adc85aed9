"""Yoti-style JSON responses: the error body every SDK parses, and plain JSON bodies.

Yoti's error documents look like ``{"code": "PAYLOAD_VALIDATION", "message": "There were errors
validating the payload", "errors": [{"property": "sdk_config.font_colour", "message": "..."}]}``
(as Yoti's Node, Python, Go and PHP SDKs parse them). The emulator answers every failure
with one, so that clients can be
tested against the real shape. Nothing secret ever goes into one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
from starlette.responses import Response

__all__ = ["JSON_CONTENT_TYPE", "PropertyProblem", "json_response", "yoti_error"]

JSON_CONTENT_TYPE = "application/json"


@attrs.frozen
class PropertyProblem:
    """One entry of an error body's ``errors`` list."""

    property: str
    message: str


def json_response(
    body: Any, status_code: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    """A compact JSON response with Yoti's content type."""
    content = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return Response(content, status_code, headers=dict(headers or {}), media_type=JSON_CONTENT_TYPE)


def yoti_error(
    status_code: int,
    code: str,
    message: str,
    errors: Iterable[PropertyProblem] = (),
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A Yoti error document: ``{"code", "message", "errors": [{"property", "message"}]}``."""
    body = {
        "code": code,
        "message": message,
        "errors": [{"property": e.property, "message": e.message} for e in errors],
    }
    return json_response(body, status_code, headers)
