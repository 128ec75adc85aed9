"""Media: the references a session result holds, and the bytes fetched for one of them.

A session result never carries media bytes, only references (``{"id", "type", "created",
"last_updated"}``) wrapped in small objects named after the JSON key that holds them
(``facemap.media``, ``frames[i].media``, ``image.media`` ...). The bytes come from the media
endpoint as a `MediaContent`.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

import attrs

__all__ = [
    "DocumentFields",
    "DocumentIdPhoto",
    "FaceMap",
    "File",
    "Frame",
    "GeneratedProfile",
    "Image",
    "MediaContent",
    "MediaHolder",
    "MediaReference",
]


@attrs.frozen(kw_only=True)
class MediaReference:
    """A pointer to one piece of media; fetch its bytes with the media endpoint and `id`.

    `type` is Yoti's media type as a plain string (``IMAGE``, ``JSON``, ``BINARY``, ``PDF``
    seen so far; see `MediaType`), so a new type never breaks parsing.
    """

    id: str | None = None
    type: str | None = None
    created: datetime | None = None
    last_updated: datetime | None = None


@attrs.frozen(kw_only=True)
class MediaHolder:
    """An object whose only content is a media reference (``{"media": {...}}``).

    `media` is None when Yoti sends ``{}`` or ``{"media": null}``, which happens for ZOOM
    frames that were not kept.
    """

    media: MediaReference | None = None


@attrs.frozen(kw_only=True)
class FaceMap(MediaHolder):
    """The 3D face map of a ZOOM liveness capture (media type ``BINARY``, not viewable)."""


@attrs.frozen(kw_only=True)
class Frame(MediaHolder):
    """One still image of a ZOOM liveness capture or of a document page capture."""


@attrs.frozen(kw_only=True)
class Image(MediaHolder):
    """A single image: the STATIC liveness photo, a face capture, a share code's ID photo."""


@attrs.frozen(kw_only=True)
class DocumentFields(MediaHolder):
    """The fields read from a document, as a JSON media (fetch it and call `MediaContent.json`)."""


@attrs.frozen(kw_only=True)
class DocumentIdPhoto(MediaHolder):
    """The holder's photo cut out of an ID document."""


@attrs.frozen(kw_only=True)
class File(MediaHolder):
    """An uploaded file, e.g. a PDF supplementary document."""


@attrs.frozen(kw_only=True)
class GeneratedProfile(MediaHolder):
    """The profile a third-party or watchlist check produced, as a JSON media."""


@attrs.frozen(kw_only=True, repr=False)
class MediaContent:
    """The bytes of one media and their MIME type, as the media endpoint returned them.

    The repr shows the size and the MIME type but never the bytes: they are personal data
    (faces, documents) and would flood logs.
    """

    content: bytes
    mime_type: str

    @property
    def size(self) -> int:
        """The number of bytes."""
        return len(self.content)

    @property
    def base64_content(self) -> str:
        """A ``data:`` URI (``data:image/jpeg;base64,...``), ready for an ``<img src>``.

        Same value as ``MediaValue.base64_content`` in Yoti's Python SDK.
        """
        encoded = base64.b64encode(self.content).decode("ascii")
        return f"data:{self.mime_type};base64,{encoded}"

    def json(self) -> Any:
        """Decode a JSON media (document fields, profiles); raises ValueError if not JSON."""
        return json.loads(self.content)

    def __repr__(self) -> str:
        return f"MediaContent(mime_type={self.mime_type!r}, size={len(self.content)})"
