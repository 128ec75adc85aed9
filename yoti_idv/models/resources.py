"""Resources: what the end user (or the relying business) supplied to a session.

``resources.liveness_capture`` holds one resource per liveness attempt, discriminated by
``liveness_type`` through `LIVENESS_TYPES`: ``ZOOM`` (active: a face map and frames) or
``STATIC`` (passive: one image). A liveness type this version does not know becomes an
`UnknownLivenessResource` that keeps the raw payload.

Also here: `CreateFaceCaptureResourceResponse`, the answer to creating a face capture
resource (``POST /sessions/{id}/resources/face-capture``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any, Final, TypeAlias

import attrs

from .media import (
    DocumentFields,
    DocumentIdPhoto,
    FaceMap,
    File,
    Frame,
    Image,
    MediaHolder,
    MediaReference,
)
from .tasks import Task

__all__ = [
    "LIVENESS_TYPES",
    "ApplicantProfileResource",
    "CreateFaceCaptureResourceResponse",
    "FaceCaptureResource",
    "IdDocumentResource",
    "KnownLivenessResource",
    "LivenessResource",
    "Page",
    "Resource",
    "ResourceContainer",
    "ResourceSource",
    "ShareCodeResource",
    "StaticLivenessResource",
    "SupplementaryDocumentResource",
    "UnknownLivenessResource",
    "ZoomLivenessResource",
]


def _wire_liveness_type_of(resource: LivenessResource) -> str | None:
    # A resource built by hand gets its class's liveness type; parsed ones carry the wire value.
    return _LIVENESS_TYPE_OF_CLASS.get(resource.__class__)


@attrs.frozen(kw_only=True)
class ResourceSource:
    """Who supplied a resource: `type` is ``END_USER``, ``RELYING_BUSINESS`` or ``IBV``.

    Yoti sends ``{"type": "END_USER"}``; a bare ``"END_USER"`` is accepted too, as Yoti's
    Python SDK does.
    """

    type: str | None = None


@attrs.frozen(kw_only=True)
class Resource:
    """The fields every resource has."""

    id: str | None = None
    tasks: tuple[Task, ...] = ()
    source: ResourceSource | None = None


@attrs.frozen(kw_only=True)
class Page:
    """One captured page of a document."""

    capture_method: str | None = None
    media: MediaReference | None = None
    frames: tuple[Frame, ...] = ()
    extraction_image_ids: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class IdDocumentResource(Resource):
    """An ID document (passport, driving licence ...): its pages and extracted fields."""

    document_type: str | None = None
    issuing_country: str | None = None
    pages: tuple[Page, ...] = ()
    document_fields: DocumentFields | None = None
    document_id_photo: DocumentIdPhoto | None = None
    expanded_document_fields: DocumentFields | None = None


@attrs.frozen(kw_only=True)
class SupplementaryDocumentResource(Resource):
    """A supplementary document (utility bill ...), possibly an uploaded `file`."""

    document_type: str | None = None
    issuing_country: str | None = None
    pages: tuple[Page, ...] = ()
    document_fields: DocumentFields | None = None
    file: File | None = None


@attrs.frozen(kw_only=True)
class LivenessResource(Resource):
    """One liveness attempt. `liveness_type` keeps the wire string (``STATIC``, ``ZOOM`` ...)."""

    liveness_type: str | None = attrs.field(
        default=attrs.Factory(_wire_liveness_type_of, takes_self=True)
    )

    @property
    def type(self) -> str | None:
        """Same as `liveness_type`; Yoti's Python SDK and migration guide say ``liveness.type``."""
        return self.liveness_type


@attrs.frozen(kw_only=True)
class ZoomLivenessResource(LivenessResource):
    """Active (ZOOM) liveness: a binary face map and a few frames (some may have no media)."""

    facemap: FaceMap | None = None
    frames: tuple[Frame, ...] = ()


@attrs.frozen(kw_only=True)
class StaticLivenessResource(LivenessResource):
    """Passive (STATIC) liveness: one image, and how it was captured (``PHOTOGRAPH`` ...)."""

    image: Image | None = None
    capture_type: str | None = None


@attrs.frozen(kw_only=True)
class UnknownLivenessResource(LivenessResource):
    """A liveness type this version does not know; `raw` is the payload as Yoti sent it."""

    raw: Mapping[str, Any] = attrs.field(factory=dict, hash=False)


@attrs.frozen(kw_only=True)
class FaceCaptureResource(Resource):
    """A face image uploaded by the relying business (the face capture endpoints).

    `photos` is an older form of the same (``"photos": [{"media": ...}]``), seen in Yoti's
    PHP SDK fixtures; current sessions send `image`.
    """

    image: Image | None = None
    photos: tuple[Image, ...] = ()


@attrs.frozen(kw_only=True)
class ApplicantProfileResource(Resource):
    """An applicant profile (in-branch verification): `media` is its JSON document."""

    media: MediaReference | None = None


@attrs.frozen(kw_only=True)
class ShareCodeResource(Resource):
    """A Yoti share code the user gave, and the profiles it resolved to."""

    created_at: datetime | None = None
    last_updated: datetime | None = None
    lookup_profile: MediaHolder | None = None
    returned_profile: MediaHolder | None = None
    id_photo: Image | None = None
    file: File | None = None


@attrs.frozen(kw_only=True)
class ResourceContainer:
    """Every resource of a session, by kind (``session.resources``)."""

    id_documents: tuple[IdDocumentResource, ...] = ()
    supplementary_documents: tuple[SupplementaryDocumentResource, ...] = ()
    liveness_capture: tuple[LivenessResource, ...] = ()
    face_capture: tuple[FaceCaptureResource, ...] = ()
    share_codes: tuple[ShareCodeResource, ...] = ()
    applicant_profiles: tuple[ApplicantProfileResource, ...] = ()

    @property
    def zoom_liveness_resources(self) -> tuple[ZoomLivenessResource, ...]:
        """The active (ZOOM) liveness attempts, in order."""
        return tuple(r for r in self.liveness_capture if isinstance(r, ZoomLivenessResource))

    @property
    def static_liveness_resources(self) -> tuple[StaticLivenessResource, ...]:
        """The passive (STATIC) liveness attempts, in order."""
        return tuple(r for r in self.liveness_capture if isinstance(r, StaticLivenessResource))

    @property
    def all_resources(self) -> tuple[Resource, ...]:
        """Every resource, in this order: ID and supplementary documents, liveness, face
        captures, share codes, applicant profiles."""
        return (
            *self.id_documents,
            *self.supplementary_documents,
            *self.liveness_capture,
            *self.face_capture,
            *self.share_codes,
            *self.applicant_profiles,
        )

    def find(self, resource_id: str) -> Resource | None:
        """The resource with this id, or None."""
        for resource in self.all_resources:
            if resource.id == resource_id:
                return resource
        return None


@attrs.frozen(kw_only=True)
class CreateFaceCaptureResourceResponse:
    """The answer to creating a face capture resource: its `id`, to upload the image to.

    `id` is required (a response without it is of no use, so it is a
    `ResponseValidationError`); `frames` is the number of frames Yoti expects.
    """

    id: str
    frames: int | None = None


KnownLivenessResource: TypeAlias = ZoomLivenessResource | StaticLivenessResource
"""The tagged union of liveness resource classes; the converter picks by ``liveness_type``."""

LIVENESS_TYPES: Final[Mapping[str, type[LivenessResource]]] = MappingProxyType(
    {"ZOOM": ZoomLivenessResource, "STATIC": StaticLivenessResource}
)
"""Wire ``liveness_type`` -> class, for every member of `KnownLivenessResource`."""

_LIVENESS_TYPE_OF_CLASS: Final[Mapping[type[LivenessResource], str]] = {
    cls: tag for tag, cls in LIVENESS_TYPES.items()
}
