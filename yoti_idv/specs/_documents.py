"""Required documents (``required_documents[]``) and supplementary-document objectives."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, Self

import attrs

from yoti_idv.errors import SpecValidationError
from yoti_idv.vocabulary.validators import instance_of, optional
from yoti_idv.vocabulary.values import TypedSpecValue

from ._filters import DocumentFilter, to_country_codes, to_document_types

__all__ = [
    "Objective",
    "ProofOfAddressObjective",
    "ProofOfAddressObjectiveBuilder",
    "RequiredDocument",
    "RequiredIdDocument",
    "RequiredIdDocumentBuilder",
    "RequiredSupplementaryDocument",
    "RequiredSupplementaryDocumentBuilder",
]

_FILTER_HINT = "OrthogonalRestrictionsFilterBuilder or DocumentRestrictionsFilterBuilder"


@attrs.frozen(kw_only=True)
class RequiredDocument(TypedSpecValue):
    """Base of every entry of `SessionSpec.required_documents`: ``{"type": TYPE, ...}``."""


@attrs.frozen(kw_only=True)
class RequiredIdDocument(RequiredDocument):
    """An ``ID_DOCUMENT`` the user must provide, optionally narrowed by a `DocumentFilter`."""

    TYPE: ClassVar[str] = "ID_DOCUMENT"

    filter: DocumentFilter | None = attrs.field(
        default=None, validator=optional(instance_of(DocumentFilter, _FILTER_HINT))
    )


class RequiredIdDocumentBuilder:
    """Builds a `RequiredIdDocument`."""

    def __init__(self) -> None:
        self._filter: DocumentFilter | None = None

    def with_filter(self, document_filter: DocumentFilter) -> Self:
        """Accept only the documents the filter allows."""
        self._filter = document_filter
        return self

    def build(self) -> RequiredIdDocument:
        """The required document."""
        return RequiredIdDocument(filter=self._filter)


@attrs.frozen(kw_only=True)
class Objective(TypedSpecValue):
    """Base of what a supplementary document is for: ``{"type": TYPE}``."""


@attrs.frozen(kw_only=True)
class ProofOfAddressObjective(Objective):
    """The supplementary document proves the user's address."""

    TYPE: ClassVar[str] = "PROOF_OF_ADDRESS"


class ProofOfAddressObjectiveBuilder:
    """Builds a `ProofOfAddressObjective`."""

    def build(self) -> ProofOfAddressObjective:
        """The objective."""
        return ProofOfAddressObjective()


def _to_supplementary_document_types(value: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if value is None else to_document_types(value, "document_types")


def _to_supplementary_country_codes(value: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if value is None else to_country_codes(value, "country_codes")


@attrs.frozen(kw_only=True)
class RequiredSupplementaryDocument(RequiredDocument):
    """A ``SUPPLEMENTARY_DOCUMENT`` (a utility bill, a bank statement...) the user must provide.

    `objective` is required (Yoti's node, java and php SDKs insist on it). The document
    types and country codes narrow what is accepted; unset, anything is. `filter` is sent by
    Yoti's Go SDK only, and kept here for parity with it.
    """

    TYPE: ClassVar[str] = "SUPPLEMENTARY_DOCUMENT"

    objective: Objective = attrs.field(
        validator=instance_of(Objective, "e.g. ProofOfAddressObjectiveBuilder().build()")
    )
    document_types: tuple[str, ...] | None = attrs.field(
        default=None, converter=_to_supplementary_document_types
    )
    country_codes: tuple[str, ...] | None = attrs.field(
        default=None, converter=_to_supplementary_country_codes
    )
    filter: DocumentFilter | None = attrs.field(
        default=None, validator=optional(instance_of(DocumentFilter, _FILTER_HINT))
    )


class RequiredSupplementaryDocumentBuilder:
    """Builds a `RequiredSupplementaryDocument`; `with_objective` is required."""

    def __init__(self) -> None:
        self._objective: Objective | None = None
        self._document_types: Iterable[str] | None = None
        self._country_codes: Iterable[str] | None = None
        self._filter: DocumentFilter | None = None

    def with_objective(self, objective: Objective) -> Self:
        """What the document is for, e.g. ``ProofOfAddressObjectiveBuilder().build()``."""
        self._objective = objective
        return self

    def with_document_types(self, document_types: Iterable[str]) -> Self:
        """Accept only these document types, e.g. ``["UTILITY_BILL"]``."""
        self._document_types = document_types
        return self

    def with_country_codes(self, country_codes: Iterable[str]) -> Self:
        """Accept only documents from these countries (ISO 3166-1 alpha-3)."""
        self._country_codes = country_codes
        return self

    def with_filter(self, document_filter: DocumentFilter) -> Self:
        """Accept only the documents the filter allows."""
        self._filter = document_filter
        return self

    def build(self) -> RequiredSupplementaryDocument:
        """The required document; a `SpecValidationError` names the first field that is wrong."""
        if self._objective is None:
            raise SpecValidationError(
                "objective",
                "is required: call with_objective(ProofOfAddressObjectiveBuilder().build())",
            )
        return RequiredSupplementaryDocument(
            objective=self._objective,
            document_types=self._document_types,
            country_codes=self._country_codes,
            filter=self._filter,
        )
