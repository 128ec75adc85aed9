"""Streaming a medium: the chunks of an open response, and saving them without a torn file.

`MediaStream` is what `AsyncIDVClient.stream_media_content` yields, `SyncMediaStream` what
`IDVClient.stream_media_content` yields; both read the same headers and raise the same errors.
`save_atomically` and `save_atomically_sync` write a stream to a temporary file beside the
target, named the same way, and move it into place only once the whole body has arrived.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import IO

import httpx

from .errors import APIConnectionError, APITimeoutError, media_type

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "MediaStream",
    "SyncMediaStream",
    "save_atomically",
    "save_atomically_sync",
]

DEFAULT_CHUNK_SIZE = 64 * 1024


class _MediaStreamBase:
    def __init__(self, response: httpx.Response, chunk_size: int = DEFAULT_CHUNK_SIZE) -> None:
        self._response = response
        self._chunk_size = chunk_size
        self.mime_type = (
            media_type(response.headers.get("Content-Type")) or "application/octet-stream"
        )
        length = response.headers.get("Content-Length")
        self.content_length: int | None = int(length) if length and length.isdigit() else None

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(mime_type={self.mime_type!r}, "
            f"content_length={self.content_length})"
        )

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        """A failure while the body arrives, as this package's connection errors."""
        try:
            yield
        except httpx.TimeoutException as exc:
            raise APITimeoutError(
                f"reading media timed out ({type(exc).__name__})", request=self._response.request
            ) from exc
        except httpx.TransportError as exc:
            raise APIConnectionError(
                f"reading media failed: {type(exc).__name__}", request=self._response.request
            ) from exc


class MediaStream(_MediaStreamBase):
    """The body of one medium as it arrives: iterate it (``async for``) for chunks of bytes.

    `mime_type` is the media type without parameters, or ``application/octet-stream`` when the
    response names none. Valid only inside `AsyncIDVClient.stream_media_content`'s block.
    """

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._chunks()

    async def _chunks(self) -> AsyncIterator[bytes]:
        with self._reading():
            async for chunk in self._response.aiter_bytes(self._chunk_size):
                yield chunk


class SyncMediaStream(_MediaStreamBase):
    """The body of one medium as it arrives: iterate it (``for``) for chunks of bytes.

    `mime_type` is the media type without parameters, or ``application/octet-stream`` when the
    response names none. Valid only inside `IDVClient.stream_media_content`'s block.
    """

    def __iter__(self) -> Iterator[bytes]:
        with self._reading():
            yield from self._response.iter_bytes(self._chunk_size)


def _temporary_beside(target: Path) -> IO[bytes]:
    """A new file in `target`'s directory, hidden and marked partial, for the body to go to."""
    return tempfile.NamedTemporaryFile(
        mode="wb", dir=target.parent, prefix=f".{target.name}.", suffix=".part", delete=False
    )


async def save_atomically(media: MediaStream, target: Path) -> None:
    """Write the stream to a temporary file beside `target`, then move it into place.

    Every file operation here is synchronous, on purpose: creating, writing, closing and
    renaming a local file are cheap, and each ``await`` between creating the temporary file
    and closing or removing it would be a point where a cancellation leaves the file behind,
    or its handle open (a thread still creating it, or a close job cancelled before it ran).
    The only awaits are for the chunks of the body.
    """
    handle = _temporary_beside(target)
    temporary = Path(handle.name)
    try:
        with handle:
            async for chunk in media:
                handle.write(chunk)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)  # noqa: ASYNC240  (no await: see above)
        raise


def save_atomically_sync(media: SyncMediaStream, target: Path) -> None:
    """`save_atomically`, blocking: the same temporary file, the same move into place."""
    handle = _temporary_beside(target)
    temporary = Path(handle.name)
    try:
        with handle:
            for chunk in media:
                handle.write(chunk)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
