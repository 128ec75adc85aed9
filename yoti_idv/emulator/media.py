"""Real, decodable media for the emulator, made with the standard library only.

Yoti serves liveness captures as JPEG images and ZOOM facemaps as opaque binary. Tests and the
demo save and open these files, so they must be valid: a baseline JPEG encoder and a PNG
writer are small enough to hand-build here, which keeps the emulator free of image libraries.
In-Branch Verification instructions are a PDF: `make_pdf` writes a one-page PDF 1.4 document
of plain text lines, with a correct cross-reference table.

The picture is a blocky (8 x 8 pixel cells) cartoon face on a background whose colour is
derived from a seed, so two captures are never byte-identical.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Sequence

__all__ = [
    "FACEMAP_CONTENT_TYPE",
    "FACEMAP_MAGIC",
    "JPEG_CONTENT_TYPE",
    "JPEG_MAGIC",
    "PDF_CONTENT_TYPE",
    "PNG_CONTENT_TYPE",
    "PNG_MAGIC",
    "face_pixels",
    "make_facemap",
    "make_jpeg",
    "make_pdf",
    "make_png",
]

JPEG_CONTENT_TYPE = "image/jpeg"
PNG_CONTENT_TYPE = "image/png"
FACEMAP_CONTENT_TYPE = "application/octet-stream"
PDF_CONTENT_TYPE = "application/pdf"
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
FACEMAP_MAGIC = b"YOTI-IDV-EMULATOR-FACEMAP\x00"

RGB = tuple[int, int, int]

# 16 x 16 cells; each character is one 8 x 8 pixel cell of the 128 x 128 picture.
_FACE = (
    "................",
    "......hhhh......",
    "....hhhhhhhh....",
    "...hhsssssshh...",
    "...hssssssssh...",
    "...sseessseess..",
    "...sseessseess..",
    "...ssssssssss...",
    "...sssssnsssss..",
    "....sssssssss...",
    "....ssmmmmmss...",
    ".....sssssss....",
    "......sssss.....",
    ".......sss......",
    ".....cccccccc...",
    "...cccccccccccc.",
)
_CELL = 8
_PALETTE: dict[str, RGB] = {
    "h": (70, 45, 30),  # hair
    "s": (232, 190, 160),  # skin
    "e": (30, 30, 40),  # eyes
    "n": (200, 150, 125),  # nose
    "m": (170, 60, 70),  # mouth
    "c": (40, 80, 150),  # clothes
}


def _background(seed: bytes) -> RGB:
    digest = hashlib.sha256(seed).digest()
    # Keep the background light so that the face stays visible.
    return (140 + digest[0] % 100, 140 + digest[1] % 100, 140 + digest[2] % 100)


def face_pixels(seed: bytes = b"") -> list[list[RGB]]:
    """The face picture as rows of RGB cells (16 x 16), the background coloured by `seed`."""
    background = _background(seed)
    return [[_PALETTE.get(ch, background) for ch in row] for row in _FACE]


# --- PNG -------------------------------------------------------------------------------------


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def make_png(seed: bytes = b"") -> bytes:
    """A 128 x 128 8-bit RGB PNG of the face (valid per the PNG spec: IHDR, IDAT, IEND)."""
    cells = face_pixels(seed)
    width = height = len(cells) * _CELL
    raw = bytearray()
    for cell_row in cells:
        line = b"".join(bytes(cell) * _CELL for cell in cell_row)
        for _ in range(_CELL):
            raw.append(0)  # filter type 0 (None) for every scanline
            raw += line
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(bytes(raw), 9))
        + _png_chunk(b"IEND", b"")
    )


# --- JPEG (baseline, DC-only) ----------------------------------------------------------------
#
# Every 8 x 8 block of the picture is a single colour, so every block's DCT has only a DC
# coefficient: the entropy-coded data is, per block and component, one DC difference and an
# end-of-block code. With an all-ones quantisation table the DC value of a uniform block of
# level v is exactly 8 * (v - 128). That is a complete, standard baseline JPEG (SOF0, Huffman),
# which every decoder reads, in about sixty lines.

# The standard luminance DC table (ITU T.81 table K.3): code-length counts, then symbols.
_DC_BITS = (0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0)
_DC_VALUES = tuple(range(12))
# A one-symbol AC table: the only AC symbol ever written is EOB (0x00), with the 1-bit code 0.
_AC_BITS = (1,) + (0,) * 15
_AC_VALUES = (0,)


def _huffman_codes(bits: Sequence[int], values: Sequence[int]) -> dict[int, tuple[int, int]]:
    """Canonical Huffman codes (T.81 annex C): symbol -> (code, length)."""
    codes: dict[int, tuple[int, int]] = {}
    code = 0
    index = 0
    for length, count in enumerate(bits, start=1):
        for _ in range(count):
            codes[values[index]] = (code, length)
            code += 1
            index += 1
        code <<= 1
    return codes


_DC_CODES = _huffman_codes(_DC_BITS, _DC_VALUES)
_EOB = _huffman_codes(_AC_BITS, _AC_VALUES)[0]


class _BitWriter:
    def __init__(self) -> None:
        self.out = bytearray()
        self._acc = 0
        self._n = 0

    def write(self, code: int, length: int) -> None:
        for shift in range(length - 1, -1, -1):
            self._acc = (self._acc << 1) | ((code >> shift) & 1)
            self._n += 1
            if self._n == 8:
                self._emit(self._acc)
                self._acc = 0
                self._n = 0

    def _emit(self, byte: int) -> None:
        self.out.append(byte)
        if byte == 0xFF:
            self.out.append(0x00)  # byte stuffing: 0xFF in entropy data is followed by 0x00

    def flush(self) -> bytes:
        if self._n:
            # Pad the last byte with 1-bits, as T.81 F.1.2.3 requires.
            self._emit((self._acc << (8 - self._n)) | ((1 << (8 - self._n)) - 1))
            self._acc = 0
            self._n = 0
        return bytes(self.out)


def _encode_dc(writer: _BitWriter, diff: int) -> None:
    magnitude = abs(diff)
    category = magnitude.bit_length()
    code, length = _DC_CODES[category]
    writer.write(code, length)
    if category:
        # Negative differences are sent as the one's complement of their magnitude.
        extra = diff if diff > 0 else diff + (1 << category) - 1
        writer.write(extra, category)
    writer.write(*_EOB)


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">HH", 0xFF00 | marker, len(payload) + 2) + payload


def _ycbcr(rgb: RGB) -> tuple[int, int, int]:
    r, g, b = rgb
    y = 0.299 * r + 0.587 * g + 0.114 * b
    cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b
    cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b
    return tuple(min(255, max(0, round(v))) for v in (y, cb, cr))  # type: ignore[return-value]


def make_jpeg(seed: bytes = b"") -> bytes:
    """A 128 x 128 colour baseline JPEG (JFIF, 4:4:4) of the face."""
    cells = face_pixels(seed)
    height = len(cells) * _CELL
    width = len(cells[0]) * _CELL
    jfif = b"JFIF\x00" + struct.pack(">BBBHHBB", 1, 1, 0, 1, 1, 0, 0)
    dqt = b"\x00" + b"\x01" * 64
    components = b"".join(bytes((cid, 0x11, 0)) for cid in (1, 2, 3))
    sof = struct.pack(">BHHB", 8, height, width, 3) + components
    dht = (
        b"\x00"
        + bytes(_DC_BITS)
        + bytes(_DC_VALUES)
        + b"\x10"
        + bytes(_AC_BITS)
        + bytes(_AC_VALUES)
    )
    sos = b"\x03" + b"".join(bytes((cid, 0x00)) for cid in (1, 2, 3)) + b"\x00\x3f\x00"
    writer = _BitWriter()
    predictors = [0, 0, 0]
    # One MCU per cell: the Y, Cb and Cr blocks, in scan order (4:4:4, interleaved).
    for cell_row in cells:
        for cell in cell_row:
            for index, level in enumerate(_ycbcr(cell)):
                dc = 8 * (level - 128)
                _encode_dc(writer, dc - predictors[index])
                predictors[index] = dc
    return (
        b"\xff\xd8"
        + _segment(0xE0, jfif)
        + _segment(0xDB, dqt)
        + _segment(0xC0, sof)
        + _segment(0xC4, dht)
        + _segment(0xDA, sos)
        + writer.flush()
        + b"\xff\xd9"
    )


# --- Facemap ---------------------------------------------------------------------------------


def make_facemap(seed: bytes = b"", size: int = 2048) -> bytes:
    """An opaque binary blob standing in for a ZOOM (FaceTec) facemap.

    Real facemaps are encrypted vendor data that nobody but the liveness provider can read;
    what matters to a client is that it is binary, served as ``application/octet-stream``.
    """
    body = bytearray()
    counter = 0
    while len(body) < size:
        body += hashlib.sha256(seed + counter.to_bytes(4, "big")).digest()
        counter += 1
    return FACEMAP_MAGIC + bytes(body[:size])


def _pdf_text(line: str) -> bytes:
    """A PDF literal string: Latin-1 (anything else becomes '?'), with ( ) and \\ escaped."""
    raw = line.encode("latin-1", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def make_pdf(lines: Sequence[str], *, title: str = "Document") -> bytes:
    """A valid one-page A4 PDF that shows `lines` in Helvetica, first line as a heading.

    Standard-library only: five objects (catalog, pages, page, content stream, font), an
    info dictionary with `title`, and a cross-reference table with exact byte offsets, so any
    PDF reader opens it.
    """
    ops = [b"BT", b"/F1 16 Tf", b"56 780 Td", b"20 TL"]
    for index, line in enumerate(lines[:40]):
        if index == 1:
            ops.append(b"/F1 11 Tf")
        ops.append(_pdf_text(line) + b" Tj T*")
    ops.append(b"ET")
    stream = b"\n".join(ops)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Title " + _pdf_text(title) + b" /Producer (yoti-idv emulator) >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += str(number).encode() + b" 0 obj\n" + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 " + str(len(objects) + 1).encode() + b"\n0000000000 65535 f \n"
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        b"trailer\n<< /Size "
        + str(len(objects) + 1).encode()
        + b" /Root 1 0 R /Info "
        + str(len(objects)).encode()
        + b" 0 R >>\nstartxref\n"
        + str(xref).encode()
        + b"\n%%EOF\n"
    )
    return bytes(out)
