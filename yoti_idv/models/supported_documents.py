"""The documents Yoti accepts, by issuing country (``GET /supported-documents``)."""

from __future__ import annotations

import attrs

__all__ = ["SupportedCountry", "SupportedDocument", "SupportedDocumentsResponse"]


@attrs.frozen(kw_only=True)
class SupportedDocument:
    """A document type (``PASSPORT`` ...); `is_strictly_latin` is None when Yoti did not say."""

    type: str | None = None
    is_strictly_latin: bool | None = None


@attrs.frozen(kw_only=True)
class SupportedCountry:
    """An issuing country (ISO 3166-1 alpha-3 `code`) and the documents accepted from it."""

    code: str | None = None
    supported_documents: tuple[SupportedDocument, ...] = ()


@attrs.frozen(kw_only=True)
class SupportedDocumentsResponse:
    """Every supported issuing country."""

    supported_countries: tuple[SupportedCountry, ...] = ()
