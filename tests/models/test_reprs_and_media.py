"""What models show when printed or logged, and media content helpers."""

from __future__ import annotations

import base64
import json

import attrs
import cattrs
import pytest

from yoti_idv.models import CreateSessionResult, GetSessionResult, MediaContent

from ._support import FIXTURES, converter, load

TOKEN = "cst-5b6c4d0e-token"


@pytest.mark.parametrize("model", [GetSessionResult, CreateSessionResult])
def test_client_session_token_never_in_repr(
    model: type[GetSessionResult | CreateSessionResult],
) -> None:
    result = converter.structure({"session_id": "s", "client_session_token": TOKEN}, model)

    assert result.client_session_token == TOKEN  # readable on purpose
    assert TOKEN not in repr(result)
    assert TOKEN not in str(result)
    assert "client_session_token='<redacted>'" in repr(result)
    assert "session_id='s'" in repr(result)


def test_create_result_without_its_ids_does_not_parse() -> None:
    with pytest.raises(cattrs.ClassValidationError):
        converter.structure({"session_id": "s"}, CreateSessionResult)
    with pytest.raises(cattrs.ClassValidationError):
        converter.structure({"client_session_token": TOKEN}, CreateSessionResult)


def test_real_session_repr_has_no_token() -> None:
    data = load("get_session_completed_zoom_liveness.python.json")
    data["client_session_token"] = TOKEN

    assert TOKEN not in repr(converter.structure(data, GetSessionResult))


def test_models_are_frozen() -> None:
    result = CreateSessionResult(session_id="s", client_session_token=TOKEN)

    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.session_id = "other"  # type: ignore[misc]


def test_parsed_models_are_frozen_and_hashable() -> None:
    session = converter.structure(
        load("get_session_completed_zoom_liveness.python.json"), GetSessionResult
    )

    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        session.checks[0].state = "PENDING"  # type: ignore[misc]
    assert hash(session) == hash(
        converter.structure(
            load("get_session_completed_zoom_liveness.python.json"), GetSessionResult
        )
    )


def test_media_content_repr_shows_size_and_type_not_bytes() -> None:
    content = MediaContent(content=b"\xff\xd8\xff secret face bytes", mime_type="image/jpeg")

    assert repr(content) == "MediaContent(mime_type='image/jpeg', size=21)"
    assert "secret" not in str(content)
    assert content.size == 21


def test_media_content_base64_data_uri() -> None:
    content = MediaContent(content=b"\x89PNG\r\n", mime_type="image/png")

    assert (
        content.base64_content
        == "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n").decode()
    )
    assert content.base64_content == "data:image/png;base64,iVBORw0K"


def test_media_content_json() -> None:
    raw = (FIXTURES / "media_content_json_example.python.json").read_bytes()
    content = MediaContent(content=raw, mime_type="application/json")

    assert content.json() == {"value": "example"}
    assert content.json() == json.loads(raw)


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"\xff\xd8", "can't decode"),  # UnicodeDecodeError, a ValueError
        (b"not json", "Expecting value"),  # json.JSONDecodeError, a ValueError
        (b"", "Expecting value"),
    ],
)
def test_media_content_json_refuses_non_json(content: bytes, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        MediaContent(content=content, mime_type="image/jpeg").json()


def test_models_holding_raw_json_stay_hashable() -> None:
    data = load("get_session_minimal.python.json")
    data["checks"] = [{"type": "NEW_CHECK", "payload": {"a": [1]}}]
    data["resources"] = {"liveness_capture": [{"liveness_type": "NEW", "x": {}}]}

    session = converter.structure(data, GetSessionResult)

    assert isinstance(hash(session), int)  # raw mappings are left out of the hash, not of ==
