"""Requested tasks (``requested_tasks[]``): ``{"type": TYPE, "config": {...}}`` each.

Same shape and serialization as the checks in `yoti_idv.specs._checks`.
"""

from __future__ import annotations

from typing import ClassVar, Self

import attrs

from yoti_idv.vocabulary.enums import ChipData, ManualCheck
from yoti_idv.vocabulary.validators import optional, strict_bool, to_optional_enum
from yoti_idv.vocabulary.values import TypedConfigSpecValue

from ._manual_check import ManualCheckChoices, to_manual_check

__all__ = [
    "RequestedSupplementaryDocTextExtractionTask",
    "RequestedSupplementaryDocTextExtractionTaskBuilder",
    "RequestedTask",
    "RequestedTextExtractionTask",
    "RequestedTextExtractionTaskBuilder",
]


@attrs.frozen(kw_only=True)
class RequestedTask(TypedConfigSpecValue):
    """Base of every entry of `SessionSpec.requested_tasks`.

    Sent as ``{"type": TYPE, "config": {<the subclass's fields>}}``.
    """


def _to_chip_data(value: ChipData | str | None) -> ChipData | None:
    return to_optional_enum(ChipData, value, "config.chip_data")


@attrs.frozen(kw_only=True)
class RequestedTextExtractionTask(RequestedTask):
    """ID_DOCUMENT_TEXT_DATA_EXTRACTION: read the fields of the user's ID document.

    `manual_check` is required (node, .NET and php builders insist on it); `chip_data` and
    `create_expanded_document_fields` are sent only when set.
    """

    TYPE: ClassVar[str] = "ID_DOCUMENT_TEXT_DATA_EXTRACTION"

    manual_check: ManualCheck = attrs.field(converter=to_manual_check)
    chip_data: ChipData | None = attrs.field(default=None, converter=_to_chip_data)
    create_expanded_document_fields: bool | None = attrs.field(
        default=None, validator=optional(strict_bool)
    )


class RequestedTextExtractionTaskBuilder(ManualCheckChoices):
    """Builds a `RequestedTextExtractionTask`; one ``with_manual_check_*`` call is required."""

    def __init__(self) -> None:
        super().__init__()
        self._chip_data: ChipData | None = None
        self._create_expanded_document_fields: bool | None = None

    def with_chip_data_desired(self) -> Self:
        """Use the data on the document's chip when there is one."""
        self._chip_data = ChipData.DESIRED
        return self

    def with_chip_data_ignore(self) -> Self:
        """Ignore the document's chip."""
        self._chip_data = ChipData.IGNORE
        return self

    def with_create_expanded_document_fields(self, value: bool) -> Self:
        """Ask for the ``expanded_document_fields`` media as well."""
        self._create_expanded_document_fields = value
        return self

    def build(self) -> RequestedTextExtractionTask:
        """The task; a `SpecValidationError` names the first field that is wrong."""
        return RequestedTextExtractionTask(
            manual_check=self._required_manual_check(),
            chip_data=self._chip_data,
            create_expanded_document_fields=self._create_expanded_document_fields,
        )


@attrs.frozen(kw_only=True)
class RequestedSupplementaryDocTextExtractionTask(RequestedTask):
    """SUPPLEMENTARY_DOCUMENT_TEXT_DATA_EXTRACTION: read a supplementary document's fields."""

    TYPE: ClassVar[str] = "SUPPLEMENTARY_DOCUMENT_TEXT_DATA_EXTRACTION"

    manual_check: ManualCheck = attrs.field(converter=to_manual_check)


class RequestedSupplementaryDocTextExtractionTaskBuilder(ManualCheckChoices):
    """Builds a `RequestedSupplementaryDocTextExtractionTask`; a manual check is required."""

    def build(self) -> RequestedSupplementaryDocTextExtractionTask:
        """The task; a `SpecValidationError` when no manual check was chosen."""
        return RequestedSupplementaryDocTextExtractionTask(
            manual_check=self._required_manual_check()
        )
