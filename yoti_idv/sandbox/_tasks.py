"""Sandbox task results: what the text-extraction tasks of a sandbox session will produce.

``{"result": {"document_fields"?, "document_id_photo"?, "detected_country"?,
"recommendation"?}, "document_filter"?: {...}}``; ``result`` is always sent (``{}`` when
empty, as Yoti's Go and Python sandboxes do). ``response_delay``, ``result_template`` and
``detected_document_type`` come from Yoti's Java sandbox.
"""

from __future__ import annotations

import base64
import enum
from collections.abc import Mapping
from typing import Any, ClassVar, Self

import attrs

from yoti_idv.errors import SpecValidationError
from yoti_idv.vocabulary.validators import (
    country_code,
    describe,
    instance_of,
    int_at_least,
    media_type,
    non_blank_str,
    optional,
    to_enum,
    to_json_object,
)
from yoti_idv.vocabulary.values import SpecValue, wire

from ._report import SandboxDocumentFilter, WithDocumentFields

__all__ = [
    "SandboxDocumentIdPhoto",
    "SandboxDocumentTextDataExtractionTask",
    "SandboxDocumentTextDataExtractionTaskBuilder",
    "SandboxDocumentTextDataExtractionTaskResult",
    "SandboxSupplementaryDocumentTextDataExtractionTask",
    "SandboxSupplementaryDocumentTextDataExtractionTaskBuilder",
    "SandboxSupplementaryDocumentTextDataExtractionTaskResult",
    "SandboxTextDataExtractionReason",
    "SandboxTextDataExtractionReasonBuilder",
    "SandboxTextDataExtractionRecommendation",
    "SandboxTextDataExtractionRecommendationBuilder",
    "TextExtractionReasonValue",
    "TextExtractionRecommendationValue",
]

_FILTER_HINT = "SandboxDocumentFilterBuilder().build()"


class TextExtractionRecommendationValue(enum.StrEnum):
    """What a text extraction recommends: go on, or have the user try again."""

    PROGRESS = "PROGRESS"
    SHOULD_TRY_AGAIN = "SHOULD_TRY_AGAIN"
    MUST_TRY_AGAIN = "MUST_TRY_AGAIN"


class TextExtractionReasonValue(enum.StrEnum):
    """Why a text extraction asks the user to try again."""

    QUALITY = "QUALITY"
    USER_ERROR = "USER_ERROR"


# --- recommendation -----------------------------------------------------------------------


def _to_reason_value(value: TextExtractionReasonValue | str) -> TextExtractionReasonValue:
    return to_enum(TextExtractionReasonValue, value, "result.recommendation.reason.value")


@attrs.frozen(kw_only=True)
class SandboxTextDataExtractionReason(SpecValue):
    """``recommendation.reason``: ``{"value": "QUALITY"|"USER_ERROR", "detail"?: ...}``."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "result.recommendation.reason."

    value: TextExtractionReasonValue = attrs.field(converter=_to_reason_value)
    detail: str | None = attrs.field(default=None, validator=optional(non_blank_str))


class SandboxTextDataExtractionReasonBuilder:
    """Builds a `SandboxTextDataExtractionReason`; ``for_quality()`` or ``for_user_error()``
    is required."""

    def __init__(self) -> None:
        self._value: TextExtractionReasonValue | None = None
        self._detail: str | None = None

    def for_quality(self) -> Self:
        """The images were not good enough."""
        self._value = TextExtractionReasonValue.QUALITY
        return self

    def for_user_error(self) -> Self:
        """The user did something wrong (e.g. the wrong document)."""
        self._value = TextExtractionReasonValue.USER_ERROR
        return self

    def with_detail(self, detail: str) -> Self:
        """More about the reason, e.g. ``BLURRY``."""
        self._detail = detail
        return self

    def build(self) -> SandboxTextDataExtractionReason:
        """The reason; a `SpecValidationError` names the first field that is wrong."""
        if self._value is None:
            raise SpecValidationError(
                "result.recommendation.reason.value",
                "is required: call for_quality() or for_user_error()",
            )
        return SandboxTextDataExtractionReason(value=self._value, detail=self._detail)


def _to_recommendation_value(
    value: TextExtractionRecommendationValue | str,
) -> TextExtractionRecommendationValue:
    return to_enum(TextExtractionRecommendationValue, value, "result.recommendation.value")


@attrs.frozen(kw_only=True)
class SandboxTextDataExtractionRecommendation(SpecValue):
    """``result.recommendation``: ``{"value": "PROGRESS"|..., "reason"?: {...}}``."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "result.recommendation."

    value: TextExtractionRecommendationValue = attrs.field(converter=_to_recommendation_value)
    reason: SandboxTextDataExtractionReason | None = attrs.field(
        default=None,
        validator=optional(
            instance_of(
                SandboxTextDataExtractionReason, "SandboxTextDataExtractionReasonBuilder().build()"
            )
        ),
    )


class SandboxTextDataExtractionRecommendationBuilder:
    """Builds a `SandboxTextDataExtractionRecommendation`; one ``for_*`` call is required."""

    def __init__(self) -> None:
        self._value: TextExtractionRecommendationValue | None = None
        self._reason: SandboxTextDataExtractionReason | None = None

    def for_progress(self) -> Self:
        """The extraction succeeded: go on."""
        self._value = TextExtractionRecommendationValue.PROGRESS
        return self

    def for_should_try_again(self) -> Self:
        """The user should try again."""
        self._value = TextExtractionRecommendationValue.SHOULD_TRY_AGAIN
        return self

    def for_must_try_again(self) -> Self:
        """The user must try again."""
        self._value = TextExtractionRecommendationValue.MUST_TRY_AGAIN
        return self

    def with_reason(self, reason: SandboxTextDataExtractionReason) -> Self:
        """Why (``SandboxTextDataExtractionReasonBuilder().build()``)."""
        self._reason = reason
        return self

    def build(self) -> SandboxTextDataExtractionRecommendation:
        """The recommendation; a `SpecValidationError` names the first field that is wrong."""
        if self._value is None:
            raise SpecValidationError(
                "result.recommendation.value",
                "is required: call for_progress(), for_should_try_again() or for_must_try_again()",
            )
        return SandboxTextDataExtractionRecommendation(value=self._value, reason=self._reason)


# --- results ------------------------------------------------------------------------------


def _to_photo_bytes(value: bytes | bytearray | memoryview) -> bytes:
    if not isinstance(value, bytes | bytearray | memoryview):
        raise SpecValidationError(
            "result.document_id_photo.data", f"must be bytes, got {describe(value)}"
        )
    return bytes(value)


def _base64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _byte_count(data: bytes) -> str:
    return f"<{len(data)} bytes>"


@attrs.frozen(kw_only=True)
class SandboxDocumentIdPhoto(SpecValue):
    """``result.document_id_photo``: the photo the extraction reports finding on the
    document, sent as ``{"content_type": "image/jpeg", "data": <base64>}``."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "result.document_id_photo."

    content_type: str = attrs.field(validator=media_type)
    data: bytes = attrs.field(
        converter=_to_photo_bytes, repr=_byte_count, metadata=wire(to_json=_base64)
    )


def _to_task_document_fields(value: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    return None if value is None else to_json_object(value, "result.document_fields")


_RECOMMENDATION_HINT = "SandboxTextDataExtractionRecommendationBuilder().build()"


@attrs.frozen(kw_only=True)
class SandboxSupplementaryDocumentTextDataExtractionTaskResult(SpecValue):
    """The ``result`` of a supplementary document text extraction; every field optional."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "result."

    document_fields: Mapping[str, Any] | None = attrs.field(
        default=None, converter=_to_task_document_fields
    )
    detected_country: str | None = attrs.field(default=None, validator=optional(country_code))
    recommendation: SandboxTextDataExtractionRecommendation | None = attrs.field(
        default=None,
        validator=optional(
            instance_of(SandboxTextDataExtractionRecommendation, _RECOMMENDATION_HINT)
        ),
    )


@attrs.frozen(kw_only=True)
class SandboxDocumentTextDataExtractionTaskResult(SpecValue):
    """The ``result`` of an ID document text extraction; every field optional.

    `detected_country` is an ISO 3166-1 alpha-3 code; `detected_document_type` (Yoti's Java
    sandbox) a document type such as ``PASSPORT``.
    """

    _FIELD_PATH_PREFIX: ClassVar[str] = "result."

    document_fields: Mapping[str, Any] | None = attrs.field(
        default=None, converter=_to_task_document_fields
    )
    document_id_photo: SandboxDocumentIdPhoto | None = attrs.field(
        default=None,
        validator=optional(
            instance_of(SandboxDocumentIdPhoto, "with_document_id_photo(content_type, data)")
        ),
    )
    detected_country: str | None = attrs.field(default=None, validator=optional(country_code))
    detected_document_type: str | None = attrs.field(
        default=None, validator=optional(non_blank_str)
    )
    recommendation: SandboxTextDataExtractionRecommendation | None = attrs.field(
        default=None,
        validator=optional(
            instance_of(SandboxTextDataExtractionRecommendation, _RECOMMENDATION_HINT)
        ),
    )


# --- tasks --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class SandboxDocumentTextDataExtractionTask(SpecValue):
    """An ``ID_DOCUMENT_TEXT_DATA_EXTRACTION`` task result, for the documents
    `document_filter` matches (all when unset)."""

    result: SandboxDocumentTextDataExtractionTaskResult = attrs.field(
        factory=SandboxDocumentTextDataExtractionTaskResult,
        validator=instance_of(
            SandboxDocumentTextDataExtractionTaskResult,
            "SandboxDocumentTextDataExtractionTaskBuilder",
        ),
    )
    document_filter: SandboxDocumentFilter | None = attrs.field(
        default=None, validator=optional(instance_of(SandboxDocumentFilter, _FILTER_HINT))
    )
    response_delay: int | None = attrs.field(default=None, validator=optional(int_at_least(0)))
    result_template: str | None = attrs.field(default=None, validator=optional(non_blank_str))


@attrs.frozen(kw_only=True)
class SandboxSupplementaryDocumentTextDataExtractionTask(SpecValue):
    """A ``SUPPLEMENTARY_DOCUMENT_TEXT_DATA_EXTRACTION`` task result."""

    result: SandboxSupplementaryDocumentTextDataExtractionTaskResult = attrs.field(
        factory=SandboxSupplementaryDocumentTextDataExtractionTaskResult,
        validator=instance_of(
            SandboxSupplementaryDocumentTextDataExtractionTaskResult,
            "SandboxSupplementaryDocumentTextDataExtractionTaskBuilder",
        ),
    )
    document_filter: SandboxDocumentFilter | None = attrs.field(
        default=None, validator=optional(instance_of(SandboxDocumentFilter, _FILTER_HINT))
    )
    response_delay: int | None = attrs.field(default=None, validator=optional(int_at_least(0)))
    result_template: str | None = attrs.field(default=None, validator=optional(non_blank_str))


class _TextDataExtractionTaskBuilder(WithDocumentFields):
    """The setters both text-extraction task builders have."""

    def __init__(self) -> None:
        self._document_filter: SandboxDocumentFilter | None = None
        self._detected_country: str | None = None
        self._recommendation: SandboxTextDataExtractionRecommendation | None = None
        self._response_delay: int | None = None
        self._result_template: str | None = None

    def with_document_filter(self, document_filter: SandboxDocumentFilter) -> Self:
        """The documents this result is for."""
        self._document_filter = document_filter
        return self

    def with_detected_country(self, detected_country: str) -> Self:
        """The issuing country the extraction reports (ISO 3166-1 alpha-3)."""
        self._detected_country = detected_country
        return self

    def with_recommendation(self, recommendation: SandboxTextDataExtractionRecommendation) -> Self:
        """Go on, or have the user try again."""
        self._recommendation = recommendation
        return self

    def with_response_delay(self, response_delay: int) -> Self:
        """Seconds the sandbox waits before the result (Yoti's Java sandbox)."""
        self._response_delay = response_delay
        return self

    def with_result_template(self, result_template: str) -> Self:
        """Use one of the sandbox's canned results (Yoti's Java sandbox)."""
        self._result_template = result_template
        return self


class SandboxDocumentTextDataExtractionTaskBuilder(_TextDataExtractionTaskBuilder):
    """Builds a `SandboxDocumentTextDataExtractionTask`, as Yoti's Python sandbox does."""

    def __init__(self) -> None:
        super().__init__()
        self._document_id_photo: SandboxDocumentIdPhoto | None = None
        self._detected_document_type: str | None = None

    def with_document_id_photo(self, content_type: str, data: bytes) -> Self:
        """The photo found on the document: its media type and bytes (sent base64)."""
        self._document_id_photo = SandboxDocumentIdPhoto(content_type=content_type, data=data)
        return self

    def with_detected_document_type(self, detected_document_type: str) -> Self:
        """The document type the extraction reports (Yoti's Java sandbox)."""
        self._detected_document_type = detected_document_type
        return self

    def build(self) -> SandboxDocumentTextDataExtractionTask:
        """The task result; a `SpecValidationError` names the first field that is wrong."""
        return SandboxDocumentTextDataExtractionTask(
            result=SandboxDocumentTextDataExtractionTaskResult(
                document_fields=self._document_fields,
                document_id_photo=self._document_id_photo,
                detected_country=self._detected_country,
                detected_document_type=self._detected_document_type,
                recommendation=self._recommendation,
            ),
            document_filter=self._document_filter,
            response_delay=self._response_delay,
            result_template=self._result_template,
        )


class SandboxSupplementaryDocumentTextDataExtractionTaskBuilder(_TextDataExtractionTaskBuilder):
    """Builds a `SandboxSupplementaryDocumentTextDataExtractionTask`."""

    def build(self) -> SandboxSupplementaryDocumentTextDataExtractionTask:
        """The task result; a `SpecValidationError` names the first field that is wrong."""
        return SandboxSupplementaryDocumentTextDataExtractionTask(
            result=SandboxSupplementaryDocumentTextDataExtractionTaskResult(
                document_fields=self._document_fields,
                detected_country=self._detected_country,
                recommendation=self._recommendation,
            ),
            document_filter=self._document_filter,
            response_delay=self._response_delay,
            result_template=self._result_template,
        )
