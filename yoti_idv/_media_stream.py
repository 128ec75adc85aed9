"""Streaming a medium: the chunks of an open response, and saving them without a torn file."""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import IO

import httpx

from .errors import APIConnectionError, APITimeoutError, media_type

__all__ = ["DEFAULT_CHUNK_SIZE", "MediaStream", "save_atomically"]

DEFAULT_CHUNK_SIZE = 64 * 1024


class MediaStream:
    """The body of one medium as it arrives: iterate it for chunks of bytes.

    `mime_type` is the media type without parameters, or ``application/octet-stream`` when the
    response names none. Valid only inside `AsyncIDVClient.stream_media_content`'s block.
    """

    def __init__(self, response: httpx.Response, chunk_size: int = DEFAULT_CHUNK_SIZE) -> None:
        self._response = response
        self._chunk_size = chunk_size
        self.mime_type = (
            media_type(response.headers.get("Content-Type")) or "application/octet-stream"
        )
        length = response.headers.get("Content-Length")
        self.content_length: int | None = int(length) if length and length.isdigit() else None

    def __repr__(self) -> str:
        return f"MediaStream(mime_type={self.mime_type!r}, content_length={self.content_length})"

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._chunks()

    async def _chunks(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._response.aiter_bytes(self._chunk_size):
                yield chunk
        except httpx.TimeoutException as exc:
            raise APITimeoutError(
                f"reading media timed out ({type(exc).__name__})", request=self._response.request
            ) from exc
        except httpx.TransportError as exc:
            raise APIConnectionError(
                f"reading media failed: {type(exc).__name__}", request=self._response.request
            ) from exc


async def save_atomically(media: MediaStream, target: Path) -> None:
    """Write the stream to a temporary file beside `target`, then move it into place."""
    directory = target.parent
    handle: IO[bytes] = await asyncio.to_thread(
        tempfile.NamedTemporaryFile,
        mode="wb",
        dir=directory,
        prefix=f".{target.name}.",
        suffix=".part",
        delete=False,
    )
    temporary = Path(handle.name)
    try:
        try:
            async for chunk in media:
                # Small writes to a local file: cheap enough not to leave the event loop for.
                handle.write(chunk)
        finally:
            await asyncio.to_thread(handle.close)
        await asyncio.to_thread(os.replace, temporary, target)
    except BaseException:
        # Synchronous on purpose: a cancelled task must clean up without awaiting again.
        temporary.unlink(missing_ok=True)  # noqa: ASYNC240
        raise
