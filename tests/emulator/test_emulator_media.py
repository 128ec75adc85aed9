"""Media: real decodable images, a binary facemap, correct content types, 204 when withheld."""

from __future__ import annotations

import struct
import zlib
from typing import Any

import httpx
import pytest

from yoti_idv.emulator import Emulator
from yoti_idv.emulator.media import FACEMAP_MAGIC, face_pixels, make_facemap, make_jpeg, make_png

from .helpers import create, spec

SKIN = (232, 190, 160)


def decode_png(data: bytes) -> tuple[int, int, bytes]:
    """A strict minimal PNG reader: signature, chunk CRCs, IHDR, IDAT, IEND; filter 0 rows."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    kinds = []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF
        kinds.append(kind)
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert kinds[0] == b"IHDR"
    assert kinds[-1] == b"IEND"
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert (depth, colour) == (8, 2)
    raw = zlib.decompress(idat)
    assert len(raw) == height * (1 + 3 * width)
    return width, height, raw


def decode_jpeg_dc(data: bytes) -> tuple[int, int, list[list[tuple[int, int, int]]]]:
    """A baseline JPEG decoder (T.81) that Huffman-decodes every block and returns each block's
    DC level per component: enough to prove the stream is well formed, independently of the
    encoder."""
    assert data[:2] == b"\xff\xd8"
    assert data[-2:] == b"\xff\xd9"
    pos = 2
    quant: dict[int, list[int]] = {}
    tables: dict[tuple[int, int], dict[tuple[int, int], int]] = {}
    width = height = 0
    components: list[tuple[int, int]] = []
    scan = b""
    while pos < len(data) - 2:
        marker = data[pos + 1]
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        body = data[pos + 4 : pos + 2 + length]
        if marker == 0xDB:
            quant[body[0] & 0x0F] = list(body[1:65])
        elif marker == 0xC0:
            _, height, width, count = struct.unpack(">BHHB", body[:6])
            components = [(body[6 + 3 * i], body[8 + 3 * i]) for i in range(count)]
            assert all(body[7 + 3 * i] == 0x11 for i in range(count))
        elif marker == 0xC4:
            i = 0
            while i < len(body):
                cls_id = body[i]
                counts = body[i + 1 : i + 17]
                symbols = body[i + 17 : i + 17 + sum(counts)]
                codes: dict[tuple[int, int], int] = {}
                code, k = 0, 0
                for size, n in enumerate(counts, start=1):
                    for _ in range(n):
                        codes[(size, code)] = symbols[k]
                        code, k = code + 1, k + 1
                    code <<= 1
                tables[(cls_id >> 4, cls_id & 0x0F)] = codes
                i += 17 + sum(counts)
        elif marker == 0xDA:
            scan = data[pos + 2 + length : -2]
            break
        pos += 2 + length
    bits: list[int] = []
    i = 0
    while i < len(scan):
        byte = scan[i]
        if byte == 0xFF:
            assert scan[i + 1] == 0x00, "only stuffed 0xFF bytes may appear in scan data"
            i += 1
        bits.extend((byte >> s) & 1 for s in range(7, -1, -1))
        i += 1
    cursor = 0

    def read(n: int) -> int:
        nonlocal cursor
        value = 0
        for _ in range(n):
            value = (value << 1) | bits[cursor]
            cursor += 1
        return value

    def symbol(table: dict[tuple[int, int], int]) -> int:
        code = 0
        for size in range(1, 17):
            code = (code << 1) | read(1)
            if (size, code) in table:
                return table[(size, code)]
        raise AssertionError("bad Huffman code")

    def extend(value: int, size: int) -> int:
        return value if size == 0 or value >= 1 << (size - 1) else value - (1 << size) + 1

    predictors = [0] * len(components)
    blocks: list[list[tuple[int, int, int]]] = []
    for _ in range(height // 8):
        row = []
        for _ in range(width // 8):
            levels = []
            for index, (_cid, q) in enumerate(components):
                size = symbol(tables[(0, 0)])
                predictors[index] += extend(read(size), size)
                k = 1
                while k < 64:  # AC coefficients: run/size symbols until EOB
                    rs = symbol(tables[(1, 0)])
                    if rs == 0:
                        break
                    k += (rs >> 4) + 1
                    read(rs & 0x0F)
                levels.append(round(predictors[index] * quant[q][0] / 8) + 128)
            row.append((levels[0], levels[1], levels[2]))
        blocks.append(row)
    assert len(bits) - cursor < 8, "only the last byte may be padding"
    assert all(bits[cursor:]), "padding must be 1-bits"
    return width, height, blocks


def to_rgb(ycc: tuple[int, int, int]) -> tuple[int, int, int]:
    y, cb, cr = ycc
    return (
        round(y + 1.402 * (cr - 128)),
        round(y - 0.344136 * (cb - 128) - 0.714136 * (cr - 128)),
        round(y + 1.772 * (cb - 128)),
    )


def test_jpeg_decodes_to_the_face() -> None:
    width, height, blocks = decode_jpeg_dc(make_jpeg(b"seed"))
    assert (width, height) == (128, 128)
    expected = face_pixels(b"seed")
    for r in range(16):
        for c in range(16):
            got = to_rgb(blocks[r][c])
            assert all(abs(a - b) <= 3 for a, b in zip(got, expected[r][c], strict=True))
    assert all(abs(a - b) <= 3 for a, b in zip(to_rgb(blocks[4][5]), SKIN, strict=True))


def test_png_decodes() -> None:
    width, height, raw = decode_png(make_png(b"seed"))
    assert (width, height) == (128, 128)
    row = 4 * 8 + 3
    pixel = raw[row * (1 + 384) + 1 + 5 * 8 * 3 : row * (1 + 384) + 1 + 5 * 8 * 3 + 3]
    assert tuple(pixel) == SKIN


def test_images_differ_by_seed_and_facemap_is_binary() -> None:
    assert make_jpeg(b"a") != make_jpeg(b"b")
    facemap = make_facemap(b"a")
    assert facemap.startswith(FACEMAP_MAGIC)
    assert len(facemap) > 2000
    with pytest.raises(UnicodeDecodeError):
        facemap[len(FACEMAP_MAGIC) :].decode("utf-8")


async def _completed(
    emulator: Emulator, http: httpx.AsyncClient, liveness_type: str
) -> dict[str, Any]:
    created = await create(http, spec(liveness_type, 1))
    await emulator.complete_session(created["session_id"])
    session: dict[str, Any] = (await http.get(f"sessions/{created['session_id']}")).json()
    return session


async def test_static_image_is_served_as_jpeg(emulator: Emulator, http: httpx.AsyncClient) -> None:
    session = await _completed(emulator, http, "STATIC")
    media_id = session["resources"]["liveness_capture"][0]["image"]["media"]["id"]
    response = await http.get(f"sessions/{session['session_id']}/media/{media_id}/content")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert decode_jpeg_dc(response.content)[:2] == (128, 128)


async def test_zoom_media_types(emulator: Emulator, http: httpx.AsyncClient) -> None:
    session = await _completed(emulator, http, "ZOOM")
    capture = session["resources"]["liveness_capture"][0]
    base = f"sessions/{session['session_id']}/media"
    facemap = await http.get(f"{base}/{capture['facemap']['media']['id']}/content")
    assert facemap.headers["content-type"] == "application/octet-stream"
    assert facemap.content.startswith(FACEMAP_MAGIC)
    frame = await http.get(f"{base}/{capture['frames'][0]['media']['id']}/content")
    assert frame.headers["content-type"] == "image/jpeg"


async def test_withheld_media_is_204_until_released(
    emulator: Emulator, http: httpx.AsyncClient
) -> None:
    session = await _completed(emulator, http, "STATIC")
    media_id = session["resources"]["liveness_capture"][0]["image"]["media"]["id"]
    path = f"sessions/{session['session_id']}/media/{media_id}/content"
    assert emulator.withhold_media(session["session_id"], media_id) == [media_id]
    withheld = await http.get(path)
    assert (withheld.status_code, withheld.content) == (204, b"")
    emulator.withhold_media(session["session_id"], withheld=False)
    assert (await http.get(path)).status_code == 200
    with pytest.raises(KeyError):
        emulator.withhold_media(session["session_id"], "no-such-media")


async def test_deleted_and_unknown_media_are_404(
    emulator: Emulator, http: httpx.AsyncClient
) -> None:
    session = await _completed(emulator, http, "STATIC")
    media_id = session["resources"]["liveness_capture"][0]["image"]["media"]["id"]
    path = f"sessions/{session['session_id']}/media/{media_id}/content"
    assert (await http.delete(path)).status_code == 204
    for response in (await http.get(path), await http.delete(path)):
        assert response.status_code == 404
        assert response.json()["code"] == "MEDIA_NOT_FOUND"
    # The session itself stays.
    assert (await http.get(f"sessions/{session['session_id']}")).status_code == 200


async def test_supported_documents(http: httpx.AsyncClient) -> None:
    latin = (await http.get("supported-documents")).json()["supported_countries"]
    every = (await http.get("supported-documents", params={"includeNonLatin": "true"})).json()[
        "supported_countries"
    ]
    assert {c["code"] for c in latin} < {c["code"] for c in every}
    assert all(d["is_strictly_latin"] for c in latin for d in c["supported_documents"])
    assert any(not d["is_strictly_latin"] for c in every for d in c["supported_documents"])


async def test_unknown_endpoint_and_method_are_yoti_errors(http: httpx.AsyncClient) -> None:
    missing = await http.get("no-such-endpoint")
    assert (missing.status_code, missing.json()["code"]) == (404, "NOT_FOUND")
    wrong = await http.put("sessions/abc")
    assert (wrong.status_code, wrong.json()["code"]) == (405, "METHOD_NOT_ALLOWED")
