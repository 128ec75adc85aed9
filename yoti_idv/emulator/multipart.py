"""A small, strict ``multipart/form-data`` parser (RFC 7578) for the face-capture upload.

The emulator parses the body it has already verified the signature over, byte for byte, so
it needs no form library: it splits on the boundary, reads each part's headers, and hands
back the parts. Anything malformed is a `MultipartError` whose message says what is wrong.
"""

from __future__ import annotations

import attrs

__all__ = ["MultipartError", "Part", "parse_multipart", "parse_header_params"]

_MAX_PARTS = 16


class MultipartError(ValueError):
    """The body is not well-formed multipart/form-data."""


@attrs.frozen
class Part:
    """One form-data part: its name, file name, media type and bytes."""

    name: str | None
    filename: str | None
    content_type: str | None
    content: bytes = attrs.field(repr=False)


def parse_header_params(value: str) -> tuple[str, dict[str, str]]:
    """Split ``main; key=value; key="quoted value"`` into the lower-cased main value and params.

    Parameter names are lower-cased; quoted values lose their quotes and backslash escapes.
    """
    main, _, rest = value.partition(";")
    params: dict[str, str] = {}
    i = 0
    while i < len(rest):
        while i < len(rest) and rest[i] in " \t;":
            i += 1
        eq = rest.find("=", i)
        if eq < 0:
            break
        key = rest[i:eq].strip().lower()
        i = eq + 1
        if i < len(rest) and rest[i] == '"':
            i += 1
            chars: list[str] = []
            while i < len(rest) and rest[i] != '"':
                if rest[i] == "\\" and i + 1 < len(rest):
                    i += 1
                chars.append(rest[i])
                i += 1
            i += 1  # the closing quote
            params[key] = "".join(chars)
        else:
            end = rest.find(";", i)
            end = len(rest) if end < 0 else end
            params[key] = rest[i:end].strip()
            i = end
    return main.strip().lower(), params


def parse_multipart(content_type: str | None, body: bytes) -> list[Part]:
    """The parts of a ``multipart/form-data`` body sent with `content_type`."""
    if not content_type:
        raise MultipartError("the request has no Content-Type; it must be multipart/form-data")
    media_type, params = parse_header_params(content_type)
    if media_type != "multipart/form-data":
        raise MultipartError(f"the Content-Type is {media_type}, not multipart/form-data")
    boundary = params.get("boundary", "")
    if not boundary or len(boundary) > 70:
        raise MultipartError("the Content-Type must have a boundary of 1 to 70 characters")
    delimiter = b"\r\n--" + boundary.encode("latin-1")
    chunks = (b"\r\n" + body).split(delimiter)
    if len(chunks) < 2:
        raise MultipartError("the body does not contain the boundary")
    parts: list[Part] = []
    closed = False
    for chunk in chunks[1:]:  # chunks[0] is the preamble
        if chunk.startswith(b"--"):
            closed = True
            break
        chunk = chunk.lstrip(b" \t")
        if not chunk.startswith(b"\r\n"):
            raise MultipartError("a boundary line is not followed by a line break")
        rest = chunk[2:]
        if rest.startswith(b"\r\n"):
            raise MultipartError("a part has no headers (it needs a Content-Disposition)")
        head, separator, content = rest.partition(b"\r\n\r\n")
        if not separator:
            raise MultipartError("a part's headers are not followed by an empty line")
        parts.append(_part(head, content))
        if len(parts) > _MAX_PARTS:
            raise MultipartError(f"the body has more than {_MAX_PARTS} parts")
    if not closed:
        raise MultipartError("the body does not end with the closing boundary")
    return parts


def _part(head: bytes, content: bytes) -> Part:
    headers: dict[str, str] = {}
    for line in head.split(b"\r\n"):
        name, colon, value = line.partition(b":")
        if not colon or not name.strip():
            raise MultipartError("a part has a malformed header line")
        headers[name.strip().decode("latin-1").lower()] = value.strip().decode("utf-8", "replace")
    disposition = headers.get("content-disposition")
    if disposition is None:
        raise MultipartError("a part has no Content-Disposition header")
    kind, params = parse_header_params(disposition)
    if kind != "form-data":
        raise MultipartError(f"a part's Content-Disposition is {kind}, not form-data")
    part_type = headers.get("content-type")
    return Part(
        name=params.get("name"),
        filename=params.get("filename"),
        content_type=parse_header_params(part_type)[0] if part_type else None,
        content=content,
    )
