"""Requested checks (``requested_checks[]``): ``{"type": TYPE, "config": {...}}`` each.

One class per check type with its config fields, and a builder named and shaped like the
one in Yoti's Python SDK (``yoti_python_sdk.doc_scan``), so that code moves over line by
line. Adding a check type is a `RequestedCheck` subclass with a ``TYPE`` and its fields, plus
a builder; serialization needs nothing new.
"""

from __future__ import annotations

from typing import ClassVar, Self

import attrs

from yoti_idv.errors import SpecValidationError

from ._base import TypedConfigSpecValue
from ._enums import LivenessType, ManualCheck
from ._manual_check import ManualCheckChoices, to_manual_check, to_optional_manual_check
from ._rules import DEFAULT_LIVENESS_MAX_RETRIES, MIN_LIVENESS_MAX_RETRIES
from ._validation import describe, int_at_least, to_enum

__all__ = [
    "RequestedCheck",
    "RequestedDocumentAuthenticityCheck",
    "RequestedDocumentAuthenticityCheckBuilder",
    "RequestedFaceMatchCheck",
    "RequestedFaceMatchCheckBuilder",
    "RequestedIdDocumentComparisonCheck",
    "RequestedIdDocumentComparisonCheckBuilder",
    "RequestedLivenessCheck",
    "RequestedLivenessCheckBuilder",
]


@attrs.frozen(kw_only=True)
class RequestedCheck(TypedConfigSpecValue):
    """Base of every entry of `SessionSpec.requested_checks`.

    Sent as ``{"type": TYPE, "config": {<the subclass's fields>}}``. Validation errors name
    config fields as ``config.<name>``.
    """


# --- LIVENESS -----------------------------------------------------------------------------


def _to_liveness_type(value: LivenessType | str) -> LivenessType:
    return to_enum(LivenessType, value, "config.liveness_type")


def _to_liveness_manual_check(value: ManualCheck | str | None) -> ManualCheck | None:
    manual_check = to_optional_manual_check(value)
    if manual_check is not None and manual_check is not ManualCheck.NEVER:
        raise SpecValidationError(
            "config.manual_check",
            "a LIVENESS check takes only NEVER (Yoti offers no manual review of liveness), "
            f"got {describe(value)}",
        )
    return manual_check


@attrs.frozen(kw_only=True)
class RequestedLivenessCheck(RequestedCheck):
    """A LIVENESS check: ``{"liveness_type": "STATIC"|"ZOOM", "max_retries": n}``.

    `max_retries` defaults to 1 (as in Yoti's node, java, .NET and php SDKs) and is always
    sent. `manual_check` is sent only when the caller asks for it (NEVER is the one value
    liveness takes): Yoti's Go SDK adds ``"manual_check": "NEVER"`` to every STATIC check
    and .NET to every check; we never add a field the caller did not set.
    """

    TYPE: ClassVar[str] = "LIVENESS"

    liveness_type: LivenessType = attrs.field(converter=_to_liveness_type)
    max_retries: int = attrs.field(
        default=DEFAULT_LIVENESS_MAX_RETRIES, validator=int_at_least(MIN_LIVENESS_MAX_RETRIES)
    )
    manual_check: ManualCheck | None = attrs.field(
        default=None, converter=_to_liveness_manual_check
    )


class RequestedLivenessCheckBuilder:
    """Builds a `RequestedLivenessCheck`.

    ``RequestedLivenessCheckBuilder().for_static_liveness().with_max_retries(3).build()``
    """

    def __init__(self) -> None:
        self._liveness_type: LivenessType | str | None = None
        self._max_retries: int = DEFAULT_LIVENESS_MAX_RETRIES
        self._manual_check: ManualCheck | None = None

    def for_zoom_liveness(self) -> Self:
        """Active liveness (``ZOOM``)."""
        return self.with_liveness_type(LivenessType.ZOOM)

    def for_static_liveness(self) -> Self:
        """Passive liveness (``STATIC``), which Yoti recommends."""
        return self.with_liveness_type(LivenessType.STATIC)

    def with_liveness_type(self, liveness_type: LivenessType | str) -> Self:
        """A `LivenessType` or its string value, ``"STATIC"`` or ``"ZOOM"``."""
        self._liveness_type = liveness_type
        return self

    def with_max_retries(self, max_retries: int) -> Self:
        """How many further attempts the user gets after the first (default 1)."""
        self._max_retries = max_retries
        return self

    def with_manual_check_never(self) -> Self:
        """Send ``"manual_check": "NEVER"`` (otherwise no manual_check is sent)."""
        self._manual_check = ManualCheck.NEVER
        return self

    def build(self) -> RequestedLivenessCheck:
        """The check; a `SpecValidationError` names the first field that is wrong."""
        if self._liveness_type is None:
            raise SpecValidationError(
                "config.liveness_type",
                "is required: call for_static_liveness(), for_zoom_liveness() "
                "or with_liveness_type()",
            )
        return RequestedLivenessCheck(
            liveness_type=self._liveness_type,
            max_retries=self._max_retries,
            manual_check=self._manual_check,
        )


# --- ID_DOCUMENT_FACE_MATCH ---------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RequestedFaceMatchCheck(RequestedCheck):
    """An ID_DOCUMENT_FACE_MATCH check (the document photo against the liveness capture).

    `manual_check` is required, as in Yoti's node, java, .NET and php SDKs.
    """

    TYPE: ClassVar[str] = "ID_DOCUMENT_FACE_MATCH"

    manual_check: ManualCheck = attrs.field(converter=to_manual_check)


class RequestedFaceMatchCheckBuilder(ManualCheckChoices):
    """Builds a `RequestedFaceMatchCheck`; one ``with_manual_check_*`` call is required."""

    def build(self) -> RequestedFaceMatchCheck:
        """The check; a `SpecValidationError` when no manual check was chosen."""
        return RequestedFaceMatchCheck(manual_check=self._required_manual_check())


# --- ID_DOCUMENT_AUTHENTICITY -------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RequestedDocumentAuthenticityCheck(RequestedCheck):
    """An ID_DOCUMENT_AUTHENTICITY check; ``"config": {}`` unless `manual_check` is set."""

    TYPE: ClassVar[str] = "ID_DOCUMENT_AUTHENTICITY"

    manual_check: ManualCheck | None = attrs.field(default=None, converter=to_optional_manual_check)


class RequestedDocumentAuthenticityCheckBuilder(ManualCheckChoices):
    """Builds a `RequestedDocumentAuthenticityCheck`; the manual check is optional."""

    def build(self) -> RequestedDocumentAuthenticityCheck:
        """The check."""
        return RequestedDocumentAuthenticityCheck(manual_check=self._manual_check)


# --- ID_DOCUMENT_COMPARISON ---------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RequestedIdDocumentComparisonCheck(RequestedCheck):
    """An ID_DOCUMENT_COMPARISON check (the ID document against a second one); no config."""

    TYPE: ClassVar[str] = "ID_DOCUMENT_COMPARISON"


class RequestedIdDocumentComparisonCheckBuilder:
    """Builds a `RequestedIdDocumentComparisonCheck` (Yoti's Python SDK spells it ``ID``)."""

    def build(self) -> RequestedIdDocumentComparisonCheck:
        """The check."""
        return RequestedIdDocumentComparisonCheck()
