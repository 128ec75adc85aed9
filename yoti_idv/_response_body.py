"""Reading a response body under a size cap, for both clients.

httpx reads a whole body into memory, however large: a 100 MB answer, or a chunked body that
never ends, would take the process with it. Both clients read bodies as streams through
`CappedBody` instead, which stops as soon as the body goes past the cap (or as soon as the
``Content-Length`` says it will) with `ResponseTooLargeError`. The cap counts decoded bytes,
so a small gzip body that inflates past the cap stops too.

Yoti's JSON answers, session results included, are kilobytes, so
`DEFAULT_MAX_RESPONSE_BYTES` leaves a wide margin; media (document images, the
in-branch PDF) get their own, larger `DEFAULT_MAX_MEDIA_BYTES`. Streaming a medium
(`stream_media_content`, `download_media_content`) is never capped.
"""

from __future__ import annotations

from typing import Final

import httpx

from .errors import ConfigurationError, ResponseTooLargeError

__all__ = [
    "DEFAULT_MAX_MEDIA_BYTES",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "CappedBody",
    "checked_byte_limit",
    "drop_stream",
    "give_body",
]

DEFAULT_MAX_RESPONSE_BYTES: Final = 8 * 1024 * 1024
"""The default cap of a JSON answer (and of any error body): 8 MiB."""

DEFAULT_MAX_MEDIA_BYTES: Final = 64 * 1024 * 1024
"""The default cap of a medium read whole (`get_media_content`, the in-branch PDF): 64 MiB."""


def checked_byte_limit(name: str, value: object) -> int:
    """A positive whole number of bytes, or a `ConfigurationError` naming `name`."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigurationError(f"{name} must be a positive int (bytes), got {value!r}")
    return value


class CappedBody:
    """The chunks of one response body, refused once they go past `limit` bytes."""

    def __init__(self, response: httpx.Response, limit: int, *, name: str) -> None:
        self._response = response
        self._limit = limit
        self._name = name
        self._chunks: list[bytes] = []
        self._size = 0
        declared = response.headers.get("Content-Length", "")
        # A declared length past the cap fails before a byte is read. (Decoding can still
        # make the body larger than declared: the running count below catches that.)
        if declared.isdigit() and int(declared) > limit:
            raise self._too_large(f"its Content-Length is {int(declared)} bytes")

    def add(self, chunk: bytes) -> None:
        self._size += len(chunk)
        if self._size > self._limit:
            self._chunks.clear()
            raise self._too_large(f"more than {self._limit} bytes arrived")
        self._chunks.append(chunk)

    def finish(self) -> None:
        """Give the response its body, as httpx's own ``read()`` would have."""
        give_body(self._response, b"".join(self._chunks))
        self._chunks.clear()

    def _too_large(self, why: str) -> ResponseTooLargeError:
        request = self._response.request
        size = _human(self._limit)
        return ResponseTooLargeError(
            f"{request.method} {request.url.path}: the {self._response.status_code} response "
            f"body is larger than the client's {self._name} ({size}): {why}",
            limit=self._limit,
            status_code=self._response.status_code,
            request=request,
        )


def give_body(response: httpx.Response, body: bytes) -> None:
    """Hold `body` as the response's read body (`content`, `text`, `json()`), as
    ``Response.read()`` leaves it, without running it through httpx's generators again."""
    # httpx keeps a read body in `_content`: setting it is what `read()` does once the stream
    # is consumed. The one place this package relies on it.
    response._content = body


# What a closed response's stream is replaced with: nothing left to read, nothing referred to.
_SPENT: Final = httpx.ByteStream(b"")


def drop_stream(response: httpx.Response) -> None:
    """Let go of a closed response's stream, so that refcounting alone frees the response.

    httpx wraps each response's stream in one that refers back to the response (to time it),
    a reference cycle: every response, with its request, URL and headers, would otherwise
    wait for the cyclic garbage collector, whose passes then come every few dozen requests
    and promote what is in flight to older generations (benchmarks/README.md, item 3). A
    closed response reads its body from `content`; its stream is never used again.
    """
    if response.is_closed:
        response.stream = _SPENT


def _human(size: int) -> str:
    if size >= 1024 * 1024 and size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} MiB"
    if size >= 1024 and size % 1024 == 0:
        return f"{size // 1024} KiB"
    return f"{size} bytes"
