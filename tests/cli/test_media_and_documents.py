"""``yoti-idv media get`` and ``yoti-idv supported-documents`` against the emulator over HTTP."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .helpers import Served, complete, create_session, one_error_line, run, run_process

# --- media get --------------------------------------------------------------------------------


@pytest.fixture
def liveness_image(env: Served, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    """A completed Passive liveness session, and the media id of its image."""
    sid = create_session(capsys)
    complete(env, sid)
    (media_id,) = env.emulator.session(sid).media_ids
    return sid, media_id


def test_media_get_saves_the_image(
    liveness_image: tuple[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    sid, media_id = liveness_image
    target = tmp_path / "liveness.jpg"
    result = run(capsys, "media", "get", sid, media_id, "-o", str(target))
    assert result.status == 0, result.err
    content = target.read_bytes()
    assert content[:3] == b"\xff\xd8\xff"
    assert result.out == f"saved {len(content)} bytes (image/jpeg) to {target}\n"
    assert result.err == ""


def test_media_get_does_not_replace_a_file_without_force(
    liveness_image: tuple[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    sid, media_id = liveness_image
    target = tmp_path / "liveness.jpg"
    target.write_bytes(b"mine")
    result = run(capsys, "media", "get", sid, media_id, "-o", str(target))
    assert result.status == 1
    assert one_error_line(result.err) == (
        f"yoti-idv: error: {target} exists; use --force to replace it"
    )
    assert target.read_bytes() == b"mine"

    forced = run(capsys, "media", "get", sid, media_id, "-o", str(target), "--force")
    assert forced.status == 0, forced.err
    assert target.read_bytes()[:3] == b"\xff\xd8\xff"


def test_media_get_into_a_missing_folder(
    liveness_image: tuple[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    sid, media_id = liveness_image
    result = run(capsys, "media", "get", sid, media_id, "-o", str(tmp_path / "no" / "x.jpg"))
    assert result.status == 1
    assert one_error_line(result.err) == (
        f"yoti-idv: error: the folder {tmp_path / 'no'} does not exist"
    )


def test_media_withheld_exits_3_and_writes_nothing(
    env: Served,
    liveness_image: tuple[str, str],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    sid, media_id = liveness_image
    env.emulator.withhold_media(sid, media_id)
    target = tmp_path / "liveness.jpg"
    result = run(capsys, "media", "get", sid, media_id, "-o", str(target))
    assert result.status == 3
    assert one_error_line(result.err) == (
        f"yoti-idv: medium {media_id} is withheld by Yoti (204 No Content: regulations "
        "prevent returning it); nothing written"
    )
    assert result.out == ""
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_media_get_to_standard_output(env: Served, liveness_image: tuple[str, str]) -> None:
    sid, media_id = liveness_image
    result = run_process("media", "get", sid, media_id, "-o", "-")
    assert result.returncode == 0, result.stderr
    assert result.stdout[:3] == b"\xff\xd8\xff"
    assert result.stderr.decode() == (
        f"wrote {len(result.stdout)} bytes (image/jpeg) to standard output\n"
    )

    env.emulator.withhold_media(sid, media_id)
    withheld = run_process("media", "get", sid, media_id, "-o", "-")
    assert withheld.returncode == 3
    assert withheld.stdout == b""


@pytest.mark.parametrize(
    ("session", "media", "expected"),
    [
        ("no-such-session", "no-such-media", "404 SESSION_NOT_FOUND - The session does not exist"),
        ("bad/id", "media", "session_id 'bad/id' is not a valid id"),
    ],
)
def test_media_get_bad_ids(
    env: Served,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    session: str,
    media: str,
    expected: str,
) -> None:
    result = run(capsys, "media", "get", session, media, "-o", str(tmp_path / "x"))
    assert result.status == 1
    assert one_error_line(result.err).startswith(f"yoti-idv: error: {expected}")


def test_media_get_an_unknown_medium_of_a_known_session(
    liveness_image: tuple[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    sid, _ = liveness_image
    result = run(capsys, "media", "get", sid, "no-such-media", "-o", str(tmp_path / "x"))
    assert result.status == 1
    assert one_error_line(result.err).startswith("yoti-idv: error: 404 ")


def test_media_get_needs_an_output(env: Served, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "media", "get", "s", "m")
    assert result.status == 2
    assert "the following arguments are required: -o/--output" in one_error_line(result.err)


# --- supported-documents ----------------------------------------------------------------------


def test_supported_documents_table(env: Served, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "supported-documents")
    assert result.status == 0, result.err
    lines = result.out.splitlines()
    assert re.match(r"COUNTRY\s+DOCUMENTS", lines[0])
    assert re.search(r"^GBR\s+.*PASSPORT", result.out, re.MULTILINE)
    assert "(non-Latin)" not in result.out
    assert re.search(r"^\d+ countries$", result.out, re.MULTILINE)


def test_supported_documents_include_non_latin(
    env: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    latin = run(capsys, "supported-documents", "--json").json()
    every = run(capsys, "supported-documents", "--json", "--include-non-latin").json()
    strictly_latin = [
        document
        for country in every["supported_countries"]
        for document in country["supported_documents"]
        if document.get("is_strictly_latin") is False
    ]
    assert strictly_latin
    assert len(every["supported_countries"]) >= len(latin["supported_countries"])

    table = run(capsys, "supported-documents", "--include-non-latin")
    assert "(non-Latin)" in table.out
