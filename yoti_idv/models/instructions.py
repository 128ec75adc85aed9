"""In-Branch Verification: the instructions of a session and the contact profile behind them.

``GET /sessions/{id}/instructions`` gives an `InstructionsResponse`: the documents the user
chose to bring and, when one was chosen, the branch (``UK_POST_OFFICE``) to go to. Branches
are discriminated by ``type`` through `BRANCH_TYPES`; a branch type this version does not
know becomes an `UnknownBranchResponse` that keeps the raw payload.
``GET /sessions/{id}/instructions/contact-profile`` gives a `ContactProfileResponse`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final, TypeAlias

import attrs

__all__ = [
    "BRANCH_TYPES",
    "BranchResponse",
    "ContactProfileResponse",
    "DocumentProposalResponse",
    "InstructionsResponse",
    "KnownBranchResponse",
    "LocationResponse",
    "SelectedDocumentResponse",
    "UkPostOfficeBranchResponse",
    "UnknownBranchResponse",
]


def _wire_type_of(branch: BranchResponse) -> str | None:
    return _TYPE_OF_CLASS.get(branch.__class__)


def _redacted(value: str | None) -> str:
    return "None" if value is None else "'<redacted>'"


@attrs.frozen(kw_only=True)
class SelectedDocumentResponse:
    """A document the user will bring: `type` is ``ID_DOCUMENT`` or ``SUPPLEMENTARY_DOCUMENT``,
    `document_type` e.g. ``PASSPORT``, `country_code` ISO 3166-1 alpha-3."""

    type: str | None = None
    country_code: str | None = None
    document_type: str | None = None


@attrs.frozen(kw_only=True)
class DocumentProposalResponse:
    """The document chosen for one requirement (`requirement_id`, see `SessionConfiguration`)."""

    requirement_id: str | None = None
    document: SelectedDocumentResponse | None = None


@attrs.frozen(kw_only=True)
class LocationResponse:
    """A branch's position (WGS 84 degrees)."""

    latitude: float | None = None
    longitude: float | None = None


@attrs.frozen(kw_only=True)
class BranchResponse:
    """The branch the user will visit. `type` keeps the wire string (``UK_POST_OFFICE``)."""

    type: str | None = attrs.field(default=attrs.Factory(_wire_type_of, takes_self=True))


@attrs.frozen(kw_only=True)
class UkPostOfficeBranchResponse(BranchResponse):
    """A UK Post Office branch; `fad_code` is its Post Office branch code."""

    fad_code: str | None = None
    name: str | None = None
    address: str | None = None
    post_code: str | None = None
    location: LocationResponse | None = None


@attrs.frozen(kw_only=True)
class UnknownBranchResponse(BranchResponse):
    """A branch type this version does not know; `raw` is the payload as Yoti sent it."""

    raw: Mapping[str, Any] = attrs.field(factory=dict, hash=False)


@attrs.frozen(kw_only=True)
class InstructionsResponse:
    """The answer to ``GET /sessions/{id}/instructions``.

    `contact_profile_exists` says whether a contact profile (name, email) was given, to which
    the instructions can be emailed.
    """

    contact_profile_exists: bool | None = None
    documents: tuple[DocumentProposalResponse, ...] = ()
    branch: BranchResponse | None = None


@attrs.frozen(kw_only=True)
class ContactProfileResponse:
    """The answer to ``GET /sessions/{id}/instructions/contact-profile``.

    Every field is personal data: readable as an attribute, shown redacted in a repr, so that
    a logged model does not leak it.
    """

    first_name: str | None = attrs.field(default=None, repr=_redacted)
    last_name: str | None = attrs.field(default=None, repr=_redacted)
    email: str | None = attrs.field(default=None, repr=_redacted)


KnownBranchResponse: TypeAlias = UkPostOfficeBranchResponse
"""The branch classes the converter picks from by ``type`` (one so far)."""

BRANCH_TYPES: Final[Mapping[str, type[BranchResponse]]] = MappingProxyType(
    {"UK_POST_OFFICE": UkPostOfficeBranchResponse}
)
"""Wire ``type`` -> class, for every member of `KnownBranchResponse`."""

_TYPE_OF_CLASS: Final[Mapping[type[BranchResponse], str]] = {
    cls: tag for tag, cls in BRANCH_TYPES.items()
}
