"""`yoti_idv._json`: orjson when it is installed, else `json`; the same results either way.

Each test runs with both decoders: the standard library's is forced by making
``import orjson`` fail; orjson's is skipped when it is not installed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from yoti_idv import _json
from yoti_idv._operations import get_session
from yoti_idv.conversion import converter
from yoti_idv.errors import ResponseValidationError
from yoti_idv.models import GetSessionResult

FIXTURES = Path(__file__).parent / "fixtures"

Loads = Callable[[bytes | str], Any]


@pytest.fixture(params=["json", "orjson"])
def decoder(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Loads:
    """`_json.loads` as it is picked with or without orjson, installed in `_json`."""
    if request.param == "json":
        monkeypatch.setitem(sys.modules, "orjson", None)  # import orjson: ImportError
    else:
        pytest.importorskip("orjson")
    name, loads = _json._pick()
    assert name == request.param
    monkeypatch.setattr(_json, "loads", loads)
    return loads


def test_without_orjson_the_standard_library_decodes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "orjson", None)

    name, loads = _json._pick()

    assert name == "json"
    assert loads(b'{"a": [1.5]}') == json.loads(b'{"a": [1.5]}')


@pytest.mark.parametrize("depth", [2_000, 200_000])
def test_a_document_nested_too_deeply_is_a_value_error(decoder: Loads, depth: int) -> None:
    with pytest.raises(ValueError, match="nested too deeply"):
        decoder(b"[" * depth + b"]" * depth)


def test_with_orjson_installed_orjson_decodes() -> None:
    pytest.importorskip("orjson")

    assert _json.DECODER == "orjson"


ACCEPTED = [
    b'{"a": 1, "b": [true, false, null], "c": "\\u00e9t\\u00e9 \xc3\xa9", "d": 1.5e3, "e": -0}',
    '{"a": "\u00e9"}',  # a str, not bytes
    b'  [1, 2.0, "3"]\n',
    b'{"a": 1, "a": 2}',
    b'{"a": 18446744073709551615, "b": -9223372036854775808}',
    # What orjson refuses and the standard library takes: orjson hands them over.
    b'{"a": NaN, "b": Infinity, "c": -Infinity}',
    b'{"a": 1e400}',
    b'\xef\xbb\xbf{"a": 1}',  # a UTF-8 byte order mark
    '{"a": 1}'.encode("utf-16"),
    '{"a": 1}'.encode("utf-32"),
    b'{"a": "\\ud800"}',  # a lone surrogate
    (FIXTURES / "get_session_completed_zoom_liveness.python.json").read_bytes(),
]

REFUSED = [
    b"",
    b"<html>",
    b"not json",
    b'{"a": 1} x',
    b'{"a": "\x01"}',  # a control character
    b'{"a": "\xff"}',  # not UTF-8: UnicodeDecodeError, a ValueError
    b'{"a": 1',
]


@pytest.mark.parametrize("document", ACCEPTED)
def test_what_the_standard_library_decodes_decodes_the_same(
    decoder: Loads, document: bytes | str
) -> None:
    # repr: NaN is not equal to itself, and 1 is equal to 1.0.
    assert repr(decoder(document)) == repr(json.loads(document))


@pytest.mark.parametrize("document", REFUSED)
def test_what_the_standard_library_refuses_is_refused_the_same(
    decoder: Loads, document: bytes
) -> None:
    with pytest.raises(ValueError) as expected:  # noqa: PT011  (compared just below)
        json.loads(document)

    with pytest.raises(type(expected.value)) as raised:
        decoder(document)

    assert type(raised.value) is type(expected.value)
    assert str(raised.value) == str(expected.value)


def _response(content: bytes, content_type: str = "application/json") -> httpx.Response:
    return httpx.Response(200, content=content, headers={"Content-Type": content_type})


def test_a_session_parses_the_same(decoder: Loads) -> None:
    body = (FIXTURES / "get_session_completed_zoom_liveness.python.json").read_bytes()

    parsed = get_session("abc").parse(_response(body))

    assert parsed == converter.structure(json.loads(body), GetSessionResult)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html>", "get_session: the 200 response body is not JSON (Content-Type: text/html)"),
        (b"", "get_session: the 200 response body is not JSON (Content-Type: text/html)"),
        (
            b'{"client_session_token_ttl": NaN}',
            "get_session: the response does not fit GetSessionResult: ",
        ),
    ],
)
def test_a_body_that_does_not_parse_gives_the_same_error(
    decoder: Loads, body: bytes, message: str
) -> None:
    with pytest.raises(ResponseValidationError) as raised:
        get_session("abc").parse(_response(body, "text/html"))

    assert raised.value.message.startswith(message)
