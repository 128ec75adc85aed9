"""A session's configuration (``GET /sessions/{id}/configuration``): what it still requires.

``capture.required_resources`` lists what the end user (or the relying business) must still
supply, each discriminated by ``type`` through `REQUIRED_RESOURCE_TYPES`: an ID document,
a supplementary document, a liveness capture or a face capture. Liveness requirements are
discriminated again by ``liveness_type`` (`REQUIRED_LIVENESS_TYPES`: ``ZOOM`` or
``STATIC``). A type this version does not know becomes `UnknownRequiredResource` (or
`UnknownRequiredLivenessResource`), which keeps the raw payload.

The id of a ``FACE_CAPTURE`` requirement is the ``requirement_id`` for creating a face
capture resource::

    config = await client.get_session_configuration(session_id)
    (requirement,) = config.capture.face_capture_requirements
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final, TypeAlias, TypeVar

import attrs

from .resources import ResourceSource
from .supported_documents import SupportedCountry

__all__ = [
    "REQUIRED_LIVENESS_TYPES",
    "REQUIRED_RESOURCE_TYPES",
    "CaptureConfiguration",
    "KnownRequiredLivenessResource",
    "KnownRequiredResource",
    "RequiredDocumentResource",
    "RequiredFaceCaptureResource",
    "RequiredIdDocumentResource",
    "RequiredLivenessResource",
    "RequiredResource",
    "RequiredResourceObjective",
    "RequiredResourceTask",
    "RequiredStaticLivenessResource",
    "RequiredSupplementaryDocumentResource",
    "RequiredZoomLivenessResource",
    "SessionConfiguration",
    "UnknownRequiredLivenessResource",
    "UnknownRequiredResource",
]


_R = TypeVar("_R", bound="RequiredResource")


def _wire_type_of(resource: RequiredResource) -> str | None:
    # By the nearest class in the table: a ZOOM liveness requirement is of type LIVENESS.
    for cls in resource.__class__.__mro__:
        tag = _TYPE_OF_CLASS.get(cls)
        if tag is not None:
            return tag
    return None


def _wire_liveness_type_of(resource: RequiredLivenessResource) -> str | None:
    return _LIVENESS_TYPE_OF_CLASS.get(resource.__class__)


@attrs.frozen(kw_only=True)
class RequiredResourceTask:
    """A task the session will run on a required document (``ID_DOCUMENT_TEXT_DATA_EXTRACTION``
    ...), and its `state`."""

    type: str | None = None
    state: str | None = None


@attrs.frozen(kw_only=True)
class RequiredResourceObjective:
    """What a supplementary document is for: `type` is e.g. ``UK_DBS`` (proof of address)."""

    type: str | None = None


@attrs.frozen(kw_only=True)
class RequiredResource:
    """The fields every requirement has. `type` keeps the wire string (``ID_DOCUMENT`` ...).

    `state` is e.g. ``REQUIRED``; `allowed_sources` says who may supply the resource
    (``END_USER``, ``RELYING_BUSINESS``, ``IBV``).
    """

    id: str | None = None
    type: str | None = attrs.field(default=attrs.Factory(_wire_type_of, takes_self=True))
    state: str | None = None
    allowed_sources: tuple[ResourceSource, ...] = ()

    def is_relying_business_allowed(self) -> bool:
        """Whether the relying business may supply this resource (e.g. upload a face capture)."""
        return any(source.type == "RELYING_BUSINESS" for source in self.allowed_sources)


@attrs.frozen(kw_only=True)
class RequiredDocumentResource(RequiredResource):
    """A required document (ID or supplementary), and the tasks to run on it."""

    requested_tasks: tuple[RequiredResourceTask, ...] = ()


@attrs.frozen(kw_only=True)
class RequiredIdDocumentResource(RequiredDocumentResource):
    """``ID_DOCUMENT``: the documents accepted, by country, and the attempts left.

    `allowed_capture_methods` is ``CAMERA`` or ``CAMERA_AND_UPLOAD``; `attempts_remaining`
    counts the attempts left per category (``{"RECLASSIFICATION": 2, ...}``).
    """

    supported_countries: tuple[SupportedCountry, ...] = ()
    allowed_capture_methods: str | None = None
    attempts_remaining: Mapping[str, int] = attrs.field(factory=dict, hash=False)


@attrs.frozen(kw_only=True)
class RequiredSupplementaryDocumentResource(RequiredDocumentResource):
    """``SUPPLEMENTARY_DOCUMENT``: the document types and countries accepted, and what for."""

    document_types: tuple[str, ...] = ()
    country_codes: tuple[str, ...] = ()
    objective: RequiredResourceObjective | None = None


@attrs.frozen(kw_only=True)
class RequiredLivenessResource(RequiredResource):
    """``LIVENESS``, discriminated again by `liveness_type` (``ZOOM``, ``STATIC`` ...).

    Parsing gives one of its subclasses: `RequiredZoomLivenessResource`,
    `RequiredStaticLivenessResource` or `UnknownRequiredLivenessResource`.
    """

    liveness_type: str | None = attrs.field(
        default=attrs.Factory(_wire_liveness_type_of, takes_self=True)
    )


@attrs.frozen(kw_only=True)
class RequiredZoomLivenessResource(RequiredLivenessResource):
    """A required active (``ZOOM``) liveness capture."""


@attrs.frozen(kw_only=True)
class RequiredStaticLivenessResource(RequiredLivenessResource):
    """A required passive (``STATIC``) liveness capture."""


@attrs.frozen(kw_only=True)
class UnknownRequiredLivenessResource(RequiredLivenessResource):
    """A liveness type this version does not know; `raw` is the payload as Yoti sent it."""

    raw: Mapping[str, Any] = attrs.field(factory=dict, hash=False)


@attrs.frozen(kw_only=True)
class RequiredFaceCaptureResource(RequiredResource):
    """``FACE_CAPTURE``: a face image the relying business uploads; `id` is the
    ``requirement_id`` to create the face capture resource with."""


@attrs.frozen(kw_only=True)
class UnknownRequiredResource(RequiredResource):
    """A requirement type this version does not know; `raw` is the payload as Yoti sent it."""

    raw: Mapping[str, Any] = attrs.field(factory=dict, hash=False)


@attrs.frozen(kw_only=True)
class CaptureConfiguration:
    """What the capture still needs (``config.capture``), and the biometric consent.

    `biometric_consent` is kept as the string Yoti sends (it may be empty).
    """

    biometric_consent: str | None = None
    required_resources: tuple[RequiredResource, ...] = ()

    def _of(self, cls: type[_R]) -> tuple[_R, ...]:
        return tuple(r for r in self.required_resources if isinstance(r, cls))

    @property
    def document_requirements(self) -> tuple[RequiredDocumentResource, ...]:
        """ID and supplementary document requirements, in order."""
        return self._of(RequiredDocumentResource)

    @property
    def id_document_requirements(self) -> tuple[RequiredIdDocumentResource, ...]:
        """``ID_DOCUMENT`` requirements."""
        return self._of(RequiredIdDocumentResource)

    @property
    def supplementary_document_requirements(
        self,
    ) -> tuple[RequiredSupplementaryDocumentResource, ...]:
        """``SUPPLEMENTARY_DOCUMENT`` requirements."""
        return self._of(RequiredSupplementaryDocumentResource)

    @property
    def liveness_requirements(self) -> tuple[RequiredLivenessResource, ...]:
        """``LIVENESS`` requirements, of any liveness type."""
        return self._of(RequiredLivenessResource)

    @property
    def zoom_liveness_requirements(self) -> tuple[RequiredZoomLivenessResource, ...]:
        """``LIVENESS`` requirements of liveness type ``ZOOM``."""
        return self._of(RequiredZoomLivenessResource)

    @property
    def static_liveness_requirements(self) -> tuple[RequiredStaticLivenessResource, ...]:
        """``LIVENESS`` requirements of liveness type ``STATIC``."""
        return self._of(RequiredStaticLivenessResource)

    @property
    def face_capture_requirements(self) -> tuple[RequiredFaceCaptureResource, ...]:
        """``FACE_CAPTURE`` requirements: their ids are face capture ``requirement_id``s."""
        return self._of(RequiredFaceCaptureResource)

    @property
    def unknown_requirements(self) -> tuple[UnknownRequiredResource, ...]:
        """Requirements of a type this version does not know (each keeps its ``raw``)."""
        return self._of(UnknownRequiredResource)


@attrs.frozen(kw_only=True)
class SessionConfiguration:
    """The answer to ``GET /sessions/{id}/configuration``.

    `requested_checks` are the check types of the session (``LIVENESS`` ...). `capture` is
    never None. `sdk_config` is the session's ``sdk_config`` as Yoti sends it back (a JSON
    object, only when Yoti includes it).
    """

    session_id: str | None = None
    client_session_token_ttl: int | None = None
    requested_checks: tuple[str, ...] = ()
    capture: CaptureConfiguration = attrs.field(factory=CaptureConfiguration)
    sdk_config: Mapping[str, Any] | None = attrs.field(default=None, hash=False)

    @property
    def suppressed_screens(self) -> tuple[str, ...]:
        """``sdk_config.suppressed_screens``, when Yoti sends them; else empty."""
        screens = (self.sdk_config or {}).get("suppressed_screens")
        if not isinstance(screens, list | tuple):
            return ()
        return tuple(screen for screen in screens if isinstance(screen, str))


KnownRequiredResource: TypeAlias = (
    RequiredIdDocumentResource
    | RequiredSupplementaryDocumentResource
    | RequiredLivenessResource
    | RequiredFaceCaptureResource
)
"""The tagged union of requirement classes; the converter picks the member by ``type``.

`RequiredLivenessResource` is itself the base of a family, by ``liveness_type``.
"""

REQUIRED_RESOURCE_TYPES: Final[Mapping[str, type[RequiredResource]]] = MappingProxyType(
    {
        "ID_DOCUMENT": RequiredIdDocumentResource,
        "SUPPLEMENTARY_DOCUMENT": RequiredSupplementaryDocumentResource,
        "LIVENESS": RequiredLivenessResource,
        "FACE_CAPTURE": RequiredFaceCaptureResource,
    }
)
"""Wire ``type`` -> class, for every member of `KnownRequiredResource`."""

KnownRequiredLivenessResource: TypeAlias = (
    RequiredZoomLivenessResource | RequiredStaticLivenessResource
)
"""The tagged union of liveness requirement classes, picked by ``liveness_type``."""

REQUIRED_LIVENESS_TYPES: Final[Mapping[str, type[RequiredLivenessResource]]] = MappingProxyType(
    {"ZOOM": RequiredZoomLivenessResource, "STATIC": RequiredStaticLivenessResource}
)
"""Wire ``liveness_type`` -> class, for every member of `KnownRequiredLivenessResource`."""

_TYPE_OF_CLASS: Final[Mapping[type[RequiredResource], str]] = {
    cls: tag for tag, cls in REQUIRED_RESOURCE_TYPES.items()
}
_LIVENESS_TYPE_OF_CLASS: Final[Mapping[type[RequiredLivenessResource], str]] = {
    cls: tag for tag, cls in REQUIRED_LIVENESS_TYPES.items()
}
