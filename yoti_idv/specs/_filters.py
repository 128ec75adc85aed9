"""Document filters: which ID documents a required document (or a sub-check) accepts.

Two shapes, tagged by ``type``: ``ORTHOGONAL_RESTRICTIONS`` (a country list and a document
type list, each an allow or deny list) and ``DOCUMENT_RESTRICTIONS`` (a list of
country/type combinations, all allowed or all denied). Lists are never empty (Yoti's php and
.NET SDKs refuse empty ones; an empty allow list would admit nothing); leave a restriction
out to allow anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Self

import attrs

from yoti_idv.errors import SpecValidationError
from yoti_idv.vocabulary.enums import Inclusion
from yoti_idv.vocabulary.validators import (
    check_country_code,
    check_non_blank_str,
    describe,
    instance_of,
    optional,
    strict_bool,
    to_enum,
    to_tuple,
)
from yoti_idv.vocabulary.values import SpecValue, TypedSpecValue

__all__ = [
    "CountryRestriction",
    "DocumentFilter",
    "DocumentRestriction",
    "DocumentRestrictionBuilder",
    "DocumentRestrictionsFilter",
    "DocumentRestrictionsFilterBuilder",
    "OrthogonalRestrictionsFilter",
    "OrthogonalRestrictionsFilterBuilder",
    "TypeRestriction",
    "to_country_codes",
    "to_document_types",
]


def to_country_codes(value: Iterable[str], field: str) -> tuple[str, ...]:
    """A non-empty list of ISO 3166-1 alpha-3 codes, as a tuple."""
    codes = _non_empty_tuple(value, field)
    for index, code in enumerate(codes):
        check_country_code(f"{field}[{index}]", code)
    return codes


def to_document_types(value: Iterable[str], field: str) -> tuple[str, ...]:
    """A non-empty list of document type names (``PASSPORT``, ``UTILITY_BILL``...).

    Free strings: Yoti adds document types without SDK releases.
    """
    types = _non_empty_tuple(value, field)
    for index, document_type in enumerate(types):
        check_non_blank_str(f"{field}[{index}]", document_type)
    return types


def _non_empty_tuple(value: object, field: str) -> tuple[Any, ...]:
    items = to_tuple(value, field)
    if not items:
        raise SpecValidationError(field, "must not be empty (leave it unset to allow any)")
    return items


@attrs.frozen(kw_only=True)
class DocumentFilter(TypedSpecValue):
    """Base of the ``filter`` of a required document."""


# --- ORTHOGONAL_RESTRICTIONS --------------------------------------------------------------


def _to_country_restriction_inclusion(value: Inclusion | str) -> Inclusion:
    return to_enum(Inclusion, value, "country_restriction.inclusion")


def _to_country_restriction_codes(value: Iterable[str]) -> tuple[str, ...]:
    return to_country_codes(value, "country_restriction.country_codes")


@attrs.frozen(kw_only=True)
class CountryRestriction(SpecValue):
    """Countries whose documents are allowed (WHITELIST) or refused (BLACKLIST)."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "country_restriction."

    inclusion: Inclusion = attrs.field(converter=_to_country_restriction_inclusion)
    country_codes: tuple[str, ...] = attrs.field(converter=_to_country_restriction_codes)


def _to_type_restriction_inclusion(value: Inclusion | str) -> Inclusion:
    return to_enum(Inclusion, value, "type_restriction.inclusion")


def _to_type_restriction_types(value: Iterable[str]) -> tuple[str, ...]:
    return to_document_types(value, "type_restriction.document_types")


@attrs.frozen(kw_only=True)
class TypeRestriction(SpecValue):
    """Document types allowed (WHITELIST) or refused (BLACKLIST)."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "type_restriction."

    inclusion: Inclusion = attrs.field(converter=_to_type_restriction_inclusion)
    document_types: tuple[str, ...] = attrs.field(converter=_to_type_restriction_types)


@attrs.frozen(kw_only=True)
class OrthogonalRestrictionsFilter(DocumentFilter):
    """``ORTHOGONAL_RESTRICTIONS``: a country restriction and a type restriction, both optional.

    The two ``allow_*`` flags are sent whenever set, False included.
    """

    TYPE: ClassVar[str] = "ORTHOGONAL_RESTRICTIONS"

    country_restriction: CountryRestriction | None = attrs.field(
        default=None,
        validator=optional(instance_of(CountryRestriction, "e.g. from a filter builder")),
    )
    type_restriction: TypeRestriction | None = attrs.field(
        default=None,
        validator=optional(instance_of(TypeRestriction, "e.g. from a filter builder")),
    )
    allow_expired_documents: bool | None = attrs.field(
        default=None, validator=optional(strict_bool)
    )
    allow_non_latin_documents: bool | None = attrs.field(
        default=None, validator=optional(strict_bool)
    )


class OrthogonalRestrictionsFilterBuilder:
    """Builds an `OrthogonalRestrictionsFilter`, method for method like Yoti's Python SDK.

    A later ``with_*_country_codes`` call replaces an earlier one, likewise for document types.
    """

    def __init__(self) -> None:
        self._country_restriction: tuple[Inclusion, Any] | None = None
        self._type_restriction: tuple[Inclusion, Any] | None = None
        self._allow_expired_documents: bool | None = None
        self._allow_non_latin_documents: bool | None = None

    def with_whitelisted_country_codes(self, country_codes: Iterable[str]) -> Self:
        """Allow only documents from these countries (ISO 3166-1 alpha-3 codes)."""
        self._country_restriction = (Inclusion.WHITELIST, country_codes)
        return self

    def with_blacklisted_country_codes(self, country_codes: Iterable[str]) -> Self:
        """Refuse documents from these countries."""
        self._country_restriction = (Inclusion.BLACKLIST, country_codes)
        return self

    def with_whitelisted_document_types(self, document_types: Iterable[str]) -> Self:
        """Allow only these document types (``PASSPORT``, ``DRIVING_LICENCE``...)."""
        self._type_restriction = (Inclusion.WHITELIST, document_types)
        return self

    def with_blacklisted_document_types(self, document_types: Iterable[str]) -> Self:
        """Refuse these document types."""
        self._type_restriction = (Inclusion.BLACKLIST, document_types)
        return self

    def allow_expired_documents(self) -> Self:
        """Send ``"allow_expired_documents": true``."""
        self._allow_expired_documents = True
        return self

    def disable_expired_documents(self) -> Self:
        """Send ``"allow_expired_documents": false``."""
        self._allow_expired_documents = False
        return self

    def allow_non_latin_documents(self) -> Self:
        """Send ``"allow_non_latin_documents": true``."""
        self._allow_non_latin_documents = True
        return self

    def disable_non_latin_documents(self) -> Self:
        """Send ``"allow_non_latin_documents": false``."""
        self._allow_non_latin_documents = False
        return self

    def build(self) -> OrthogonalRestrictionsFilter:
        """The filter; a `SpecValidationError` names the first field that is wrong."""
        country_restriction = None
        if self._country_restriction is not None:
            inclusion, codes = self._country_restriction
            country_restriction = CountryRestriction(inclusion=inclusion, country_codes=codes)
        type_restriction = None
        if self._type_restriction is not None:
            inclusion, types = self._type_restriction
            type_restriction = TypeRestriction(inclusion=inclusion, document_types=types)
        return OrthogonalRestrictionsFilter(
            country_restriction=country_restriction,
            type_restriction=type_restriction,
            allow_expired_documents=self._allow_expired_documents,
            allow_non_latin_documents=self._allow_non_latin_documents,
        )


# --- DOCUMENT_RESTRICTIONS ----------------------------------------------------------------


def _to_optional_restriction_codes(value: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if value is None else to_country_codes(value, "country_codes")


def _to_optional_restriction_types(value: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if value is None else to_document_types(value, "document_types")


def _restricts_something(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    # An entry with neither list would be sent as {}: allow or deny... nothing in particular.
    if value is None and instance.document_types is None:
        raise SpecValidationError(
            "country_codes", "or document_types must be set: an empty entry restricts nothing"
        )


@attrs.frozen(kw_only=True)
class DocumentRestriction(SpecValue):
    """One entry of a `DocumentRestrictionsFilter`: countries and/or document types."""

    document_types: tuple[str, ...] | None = attrs.field(
        default=None, converter=_to_optional_restriction_types
    )
    country_codes: tuple[str, ...] | None = attrs.field(
        default=None,
        converter=_to_optional_restriction_codes,
        validator=_restricts_something,
    )


class DocumentRestrictionBuilder:
    """Builds a `DocumentRestriction`."""

    def __init__(self) -> None:
        self._country_codes: Iterable[str] | None = None
        self._document_types: Iterable[str] | None = None

    def with_country_codes(self, country_codes: Iterable[str]) -> Self:
        """ISO 3166-1 alpha-3 codes, e.g. ``["GBR", "USA"]``."""
        self._country_codes = country_codes
        return self

    def with_document_types(self, document_types: Iterable[str]) -> Self:
        """Document types, e.g. ``["PASSPORT"]``."""
        self._document_types = document_types
        return self

    def build(self) -> DocumentRestriction:
        """The restriction; a `SpecValidationError` names the first field that is wrong."""
        return DocumentRestriction(
            country_codes=self._country_codes, document_types=self._document_types
        )


def _to_documents_inclusion(value: Inclusion | str) -> Inclusion:
    return to_enum(Inclusion, value, "inclusion")


def _to_documents(value: Iterable[DocumentRestriction]) -> tuple[DocumentRestriction, ...]:
    documents = _non_empty_tuple(value, "documents")
    for index, document in enumerate(documents):
        if not isinstance(document, DocumentRestriction):
            raise SpecValidationError(
                f"documents[{index}]",
                "must be a DocumentRestriction (DocumentRestrictionBuilder().build()), "
                f"got {describe(document)}",
            )
    return documents


@attrs.frozen(kw_only=True)
class DocumentRestrictionsFilter(DocumentFilter):
    """``DOCUMENT_RESTRICTIONS``: the listed documents are all allowed or all refused."""

    TYPE: ClassVar[str] = "DOCUMENT_RESTRICTIONS"

    inclusion: Inclusion = attrs.field(converter=_to_documents_inclusion)
    documents: tuple[DocumentRestriction, ...] = attrs.field(converter=_to_documents)
    allow_expired_documents: bool | None = attrs.field(
        default=None, validator=optional(strict_bool)
    )
    allow_non_latin_documents: bool | None = attrs.field(
        default=None, validator=optional(strict_bool)
    )


class DocumentRestrictionsFilterBuilder:
    """Builds a `DocumentRestrictionsFilter`, method for method like Yoti's Python SDK."""

    def __init__(self) -> None:
        self._inclusion: Inclusion | None = None
        self._documents: list[DocumentRestriction] = []
        self._allow_expired_documents: bool | None = None
        self._allow_non_latin_documents: bool | None = None

    def for_whitelist(self) -> Self:
        """Only the listed documents are allowed."""
        self._inclusion = Inclusion.WHITELIST
        return self

    def for_blacklist(self) -> Self:
        """The listed documents are refused."""
        self._inclusion = Inclusion.BLACKLIST
        return self

    def with_document_restriction(self, document_restriction: DocumentRestriction) -> Self:
        """Add an entry to the list."""
        self._documents.append(document_restriction)
        return self

    def allow_expired_documents(self) -> Self:
        """Send ``"allow_expired_documents": true``."""
        self._allow_expired_documents = True
        return self

    def disable_expired_documents(self) -> Self:
        """Send ``"allow_expired_documents": false``."""
        self._allow_expired_documents = False
        return self

    def allow_non_latin_documents(self) -> Self:
        """Send ``"allow_non_latin_documents": true``."""
        self._allow_non_latin_documents = True
        return self

    def disable_non_latin_documents(self) -> Self:
        """Send ``"allow_non_latin_documents": false``."""
        self._allow_non_latin_documents = False
        return self

    def build(self) -> DocumentRestrictionsFilter:
        """The filter; a `SpecValidationError` names the first field that is wrong."""
        if self._inclusion is None:
            raise SpecValidationError(
                "inclusion", "is required: call for_whitelist() or for_blacklist()"
            )
        return DocumentRestrictionsFilter(
            inclusion=self._inclusion,
            documents=self._documents,
            allow_expired_documents=self._allow_expired_documents,
            allow_non_latin_documents=self._allow_non_latin_documents,
        )
