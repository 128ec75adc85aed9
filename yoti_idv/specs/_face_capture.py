"""The body of ``POST /sessions/{id}/resources/face-capture``."""

from __future__ import annotations

from typing import Self

import attrs

from yoti_idv.errors import SpecValidationError
from yoti_idv.vocabulary.validators import non_blank_str
from yoti_idv.vocabulary.values import SpecValue

__all__ = ["CreateFaceCaptureResourcePayload", "CreateFaceCaptureResourcePayloadBuilder"]


@attrs.frozen(kw_only=True)
class CreateFaceCaptureResourcePayload(SpecValue):
    """``{"requirement_id": ...}``: create a face-capture resource for a FACE_CAPTURE
    requirement of the session configuration (its ``id``)."""

    requirement_id: str = attrs.field(validator=non_blank_str)


class CreateFaceCaptureResourcePayloadBuilder:
    """Builds a `CreateFaceCaptureResourcePayload` (named as in Yoti's Java, node and PHP
    SDKs); `with_requirement_id` is required."""

    def __init__(self) -> None:
        self._requirement_id: str | None = None

    def with_requirement_id(self, requirement_id: str) -> Self:
        """The id of the FACE_CAPTURE requirement."""
        self._requirement_id = requirement_id
        return self

    def build(self) -> CreateFaceCaptureResourcePayload:
        """The payload; a `SpecValidationError` when the id is missing or blank."""
        if self._requirement_id is None:
            raise SpecValidationError("requirement_id", "is required: call with_requirement_id()")
        return CreateFaceCaptureResourcePayload(requirement_id=self._requirement_id)
