"""In-Branch Verification instructions: the body of ``PUT /sessions/{id}/instructions``.

As in Yoti's Java SDK (the only complete one; PHP sends ``{}``)::

    {"contact_profile"?: {"first_name", "last_name", "email"},
     "documents": [{"requirement_id": ..., "document": {"type", "country_code", "document_type"}}],
     "branch"?: {"type": "UK_POST_OFFICE", "fad_code"?, "name"?, "address"?, "post_code"?,
                 "location"?: {"latitude", "longitude"}}}

Names end in ``Payload`` to keep them apart from the response models of ``GET
.../instructions``. One deliberate difference from Java: its ``SelectedSupplementaryDocument``
sends ``"type": "ID_DOCUMENT"`` (a copy-paste slip); ours sends ``SUPPLEMENTARY_DOCUMENT``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, Self

import attrs

from yoti_idv.errors import SpecValidationError
from yoti_idv.vocabulary.validators import (
    country_code,
    describe,
    email_address,
    instance_of,
    non_blank_str,
    optional,
    to_float_in_range,
    to_tuple,
)
from yoti_idv.vocabulary.values import SpecValue, TypedSpecValue

__all__ = [
    "BranchPayload",
    "ContactProfilePayload",
    "ContactProfilePayloadBuilder",
    "DocumentProposalPayload",
    "DocumentProposalPayloadBuilder",
    "InstructionsPayload",
    "InstructionsPayloadBuilder",
    "LocationPayload",
    "LocationPayloadBuilder",
    "SelectedDocumentPayload",
    "SelectedIdDocumentPayload",
    "SelectedIdDocumentPayloadBuilder",
    "SelectedSupplementaryDocumentPayload",
    "SelectedSupplementaryDocumentPayloadBuilder",
    "UkPostOfficeBranchPayload",
    "UkPostOfficeBranchPayloadBuilder",
]


# --- contact_profile ----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ContactProfilePayload(SpecValue):
    """``contact_profile``: who the instructions are for (and emailed to); all required."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "contact_profile."

    first_name: str = attrs.field(validator=non_blank_str)
    last_name: str = attrs.field(validator=non_blank_str)
    email: str = attrs.field(validator=email_address)


class ContactProfilePayloadBuilder:
    """Builds a `ContactProfilePayload`."""

    def __init__(self) -> None:
        self._first_name: str | None = None
        self._last_name: str | None = None
        self._email: str | None = None

    def with_first_name(self, first_name: str) -> Self:
        """The user's first name."""
        self._first_name = first_name
        return self

    def with_last_name(self, last_name: str) -> Self:
        """The user's last name."""
        self._last_name = last_name
        return self

    def with_email(self, email: str) -> Self:
        """Where Yoti emails the instructions."""
        self._email = email
        return self

    def build(self) -> ContactProfilePayload:
        """The profile; a `SpecValidationError` names the first field that is wrong."""
        if self._first_name is None:
            raise SpecValidationError("contact_profile.first_name", "is required")
        if self._last_name is None:
            raise SpecValidationError("contact_profile.last_name", "is required")
        if self._email is None:
            raise SpecValidationError("contact_profile.email", "is required")
        return ContactProfilePayload(
            first_name=self._first_name, last_name=self._last_name, email=self._email
        )


# --- documents ----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class SelectedDocumentPayload(TypedSpecValue):
    """Base of a proposal's ``document``: the document the user will bring to the branch,
    ``{"type": TYPE, "country_code": "GBR", "document_type": "PASSPORT"}``."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "document."

    country_code: str = attrs.field(validator=country_code)
    document_type: str = attrs.field(validator=non_blank_str)


@attrs.frozen(kw_only=True)
class SelectedIdDocumentPayload(SelectedDocumentPayload):
    """An ``ID_DOCUMENT`` the user will bring."""

    TYPE: ClassVar[str] = "ID_DOCUMENT"


@attrs.frozen(kw_only=True)
class SelectedSupplementaryDocumentPayload(SelectedDocumentPayload):
    """A ``SUPPLEMENTARY_DOCUMENT`` the user will bring."""

    TYPE: ClassVar[str] = "SUPPLEMENTARY_DOCUMENT"


class _SelectedDocumentPayloadBuilder:
    def __init__(self) -> None:
        self._country_code: str | None = None
        self._document_type: str | None = None

    def with_country_code(self, country_code: str) -> Self:
        """ISO 3166-1 alpha-3 code of the issuing country."""
        self._country_code = country_code
        return self

    def with_document_type(self, document_type: str) -> Self:
        """``PASSPORT``, ``DRIVING_LICENCE``, ``UTILITY_BILL``..."""
        self._document_type = document_type
        return self

    def _checked(self) -> tuple[str, str]:
        if self._country_code is None:
            raise SpecValidationError("document.country_code", "is required")
        if self._document_type is None:
            raise SpecValidationError("document.document_type", "is required")
        return self._country_code, self._document_type


class SelectedIdDocumentPayloadBuilder(_SelectedDocumentPayloadBuilder):
    """Builds a `SelectedIdDocumentPayload`; country code and document type are required."""

    def build(self) -> SelectedIdDocumentPayload:
        """The document; a `SpecValidationError` names the first field that is wrong."""
        country, document_type = self._checked()
        return SelectedIdDocumentPayload(country_code=country, document_type=document_type)


class SelectedSupplementaryDocumentPayloadBuilder(_SelectedDocumentPayloadBuilder):
    """Builds a `SelectedSupplementaryDocumentPayload`; both fields are required."""

    def build(self) -> SelectedSupplementaryDocumentPayload:
        """The document; a `SpecValidationError` names the first field that is wrong."""
        country, document_type = self._checked()
        return SelectedSupplementaryDocumentPayload(
            country_code=country, document_type=document_type
        )


@attrs.frozen(kw_only=True)
class DocumentProposalPayload(SpecValue):
    """One entry of ``documents``: the document chosen for a required-document
    requirement of the session configuration (``requirement_id``)."""

    requirement_id: str = attrs.field(validator=non_blank_str)
    document: SelectedDocumentPayload = attrs.field(
        validator=instance_of(
            SelectedDocumentPayload,
            "SelectedIdDocumentPayloadBuilder or SelectedSupplementaryDocumentPayloadBuilder",
        )
    )


class DocumentProposalPayloadBuilder:
    """Builds a `DocumentProposalPayload`; both settings are required."""

    def __init__(self) -> None:
        self._requirement_id: str | None = None
        self._document: SelectedDocumentPayload | None = None

    def with_requirement_id(self, requirement_id: str) -> Self:
        """The id of the required-document requirement."""
        self._requirement_id = requirement_id
        return self

    def with_selected_document(self, document: SelectedDocumentPayload) -> Self:
        """The document the user will bring."""
        self._document = document
        return self

    def build(self) -> DocumentProposalPayload:
        """The proposal; a `SpecValidationError` names the first field that is wrong."""
        if self._requirement_id is None:
            raise SpecValidationError("requirement_id", "is required: call with_requirement_id()")
        if self._document is None:
            raise SpecValidationError("document", "is required: call with_selected_document()")
        return DocumentProposalPayload(requirement_id=self._requirement_id, document=self._document)


# --- branch -------------------------------------------------------------------------------


def _to_latitude(value: float) -> float:
    return to_float_in_range(value, "branch.location.latitude", -90.0, 90.0)


def _to_longitude(value: float) -> float:
    return to_float_in_range(value, "branch.location.longitude", -180.0, 180.0)


@attrs.frozen(kw_only=True)
class LocationPayload(SpecValue):
    """``branch.location``: WGS 84 degrees."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "branch.location."

    latitude: float = attrs.field(converter=_to_latitude)
    longitude: float = attrs.field(converter=_to_longitude)


class LocationPayloadBuilder:
    """Builds a `LocationPayload`; both coordinates are required."""

    def __init__(self) -> None:
        self._latitude: float | None = None
        self._longitude: float | None = None

    def with_latitude(self, latitude: float) -> Self:
        """-90 to 90."""
        self._latitude = latitude
        return self

    def with_longitude(self, longitude: float) -> Self:
        """-180 to 180."""
        self._longitude = longitude
        return self

    def build(self) -> LocationPayload:
        """The location; a `SpecValidationError` names the first field that is wrong."""
        if self._latitude is None:
            raise SpecValidationError("branch.location.latitude", "is required")
        if self._longitude is None:
            raise SpecValidationError("branch.location.longitude", "is required")
        return LocationPayload(latitude=self._latitude, longitude=self._longitude)


@attrs.frozen(kw_only=True)
class BranchPayload(TypedSpecValue):
    """Base of ``branch``: where the user will verify."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "branch."


@attrs.frozen(kw_only=True)
class UkPostOfficeBranchPayload(BranchPayload):
    """A UK Post Office branch; every field is optional (``fad_code`` is the Post Office's
    branch code)."""

    TYPE: ClassVar[str] = "UK_POST_OFFICE"

    fad_code: str | None = attrs.field(default=None, validator=optional(non_blank_str))
    name: str | None = attrs.field(default=None, validator=optional(non_blank_str))
    address: str | None = attrs.field(default=None, validator=optional(non_blank_str))
    post_code: str | None = attrs.field(default=None, validator=optional(non_blank_str))
    location: LocationPayload | None = attrs.field(
        default=None,
        validator=optional(instance_of(LocationPayload, "LocationPayloadBuilder().build()")),
    )


class UkPostOfficeBranchPayloadBuilder:
    """Builds a `UkPostOfficeBranchPayload`."""

    def __init__(self) -> None:
        self._fad_code: str | None = None
        self._name: str | None = None
        self._address: str | None = None
        self._post_code: str | None = None
        self._location: LocationPayload | None = None

    def with_fad_code(self, fad_code: str) -> Self:
        """The Post Office's code for the branch."""
        self._fad_code = fad_code
        return self

    def with_name(self, name: str) -> Self:
        """The branch's name."""
        self._name = name
        return self

    def with_address(self, address: str) -> Self:
        """The branch's address."""
        self._address = address
        return self

    def with_post_code(self, post_code: str) -> Self:
        """The branch's post code."""
        self._post_code = post_code
        return self

    def with_location(self, location: LocationPayload) -> Self:
        """The branch's coordinates."""
        self._location = location
        return self

    def build(self) -> UkPostOfficeBranchPayload:
        """The branch; a `SpecValidationError` names the first field that is wrong."""
        return UkPostOfficeBranchPayload(
            fad_code=self._fad_code,
            name=self._name,
            address=self._address,
            post_code=self._post_code,
            location=self._location,
        )


# --- the instructions ---------------------------------------------------------------------


def _to_documents(value: Iterable[DocumentProposalPayload]) -> tuple[DocumentProposalPayload, ...]:
    documents = to_tuple(value, "documents")
    for index, document in enumerate(documents):
        if not isinstance(document, DocumentProposalPayload):
            raise SpecValidationError(
                f"documents[{index}]",
                "must be a DocumentProposalPayload (DocumentProposalPayloadBuilder().build()), "
                f"got {describe(document)}",
            )
    return documents


@attrs.frozen(kw_only=True)
class InstructionsPayload(SpecValue):
    """The In-Branch Verification instructions of a session.

    `documents` is always sent (an empty list too); `contact_profile` and `branch` when set.
    """

    contact_profile: ContactProfilePayload | None = attrs.field(
        default=None,
        validator=optional(
            instance_of(ContactProfilePayload, "ContactProfilePayloadBuilder().build()")
        ),
    )
    documents: tuple[DocumentProposalPayload, ...] = attrs.field(
        default=(), converter=_to_documents
    )
    branch: BranchPayload | None = attrs.field(
        default=None,
        validator=optional(
            instance_of(BranchPayload, "UkPostOfficeBranchPayloadBuilder().build()")
        ),
    )


class InstructionsPayloadBuilder:
    """Builds an `InstructionsPayload`, as Yoti's Java ``Instructions.builder()``."""

    def __init__(self) -> None:
        self._contact_profile: ContactProfilePayload | None = None
        self._documents: list[DocumentProposalPayload] = []
        self._branch: BranchPayload | None = None

    def with_contact_profile(self, contact_profile: ContactProfilePayload) -> Self:
        """Who the instructions are for."""
        self._contact_profile = contact_profile
        return self

    def with_document_proposal(self, document_proposal: DocumentProposalPayload) -> Self:
        """Add a document the user will bring."""
        self._documents.append(document_proposal)
        return self

    def with_branch(self, branch: BranchPayload) -> Self:
        """The branch the user will visit."""
        self._branch = branch
        return self

    def build(self) -> InstructionsPayload:
        """The instructions; a `SpecValidationError` names the first field that is wrong."""
        return InstructionsPayload(
            contact_profile=self._contact_profile, documents=self._documents, branch=self._branch
        )
