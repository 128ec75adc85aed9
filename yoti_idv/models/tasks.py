"""Tasks: work Yoti did on a resource (text extraction, share code verification).

Tasks are discriminated by their ``type`` string through `TASK_TYPES`; a type this version
does not know becomes an `UnknownTask` that keeps the raw payload.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any, Final, TypeAlias

import attrs

__all__ = [
    "TASK_TYPES",
    "GeneratedCheck",
    "GeneratedMedia",
    "KnownTask",
    "SupplementaryDocumentTextExtractionTask",
    "Task",
    "TaskReason",
    "TaskRecommendation",
    "TextExtractionTask",
    "UnknownTask",
    "VerifyShareCodeTask",
]


def _wire_type_of(task: Task) -> str | None:
    # A task built by hand gets its class's wire type; parsed tasks always carry the wire value.
    return _TYPE_OF_CLASS.get(task.__class__)


@attrs.frozen(kw_only=True)
class GeneratedCheck:
    """A check that a task created, e.g. the text data check behind a text extraction."""

    id: str | None = None
    type: str | None = None


@attrs.frozen(kw_only=True)
class GeneratedMedia:
    """A media a task or check produced (``JSON``, ``IMAGE``, ``PDF`` ...)."""

    id: str | None = None
    type: str | None = None


@attrs.frozen(kw_only=True)
class TaskReason:
    """Why an extraction task recommended what it did (sent by Yoti to the Java SDK so far)."""

    value: str | None = None
    detail: str | None = None


@attrs.frozen(kw_only=True)
class TaskRecommendation:
    """An extraction task's own recommendation (``value`` and an optional `TaskReason`)."""

    value: str | None = None
    reason: TaskReason | None = None


@attrs.frozen(kw_only=True)
class Task:
    """The fields every task has. `type` keeps the wire string."""

    id: str | None = None
    type: str | None = attrs.field(default=attrs.Factory(_wire_type_of, takes_self=True))
    state: str | None = None
    created: datetime | None = None
    last_updated: datetime | None = None
    generated_checks: tuple[GeneratedCheck, ...] = ()
    generated_media: tuple[GeneratedMedia, ...] = ()


@attrs.frozen(kw_only=True)
class TextExtractionTask(Task):
    """``ID_DOCUMENT_TEXT_DATA_EXTRACTION``: reads the fields of an ID document."""

    recommendation: TaskRecommendation | None = None


@attrs.frozen(kw_only=True)
class SupplementaryDocumentTextExtractionTask(Task):
    """``SUPPLEMENTARY_DOCUMENT_TEXT_DATA_EXTRACTION``: reads a supplementary document."""

    recommendation: TaskRecommendation | None = None


@attrs.frozen(kw_only=True)
class VerifyShareCodeTask(Task):
    """``VERIFY_SHARE_CODE_TASK``: checks a Yoti share code against its profile."""


@attrs.frozen(kw_only=True)
class UnknownTask(Task):
    """A task type this version does not know; `raw` is the payload as Yoti sent it."""

    raw: Mapping[str, Any] = attrs.field(factory=dict, hash=False)


KnownTask: TypeAlias = (
    TextExtractionTask | SupplementaryDocumentTextExtractionTask | VerifyShareCodeTask
)
"""The tagged union of task classes; the converter picks the member by ``type``."""

TASK_TYPES: Final[Mapping[str, type[Task]]] = MappingProxyType(
    {
        "ID_DOCUMENT_TEXT_DATA_EXTRACTION": TextExtractionTask,
        "SUPPLEMENTARY_DOCUMENT_TEXT_DATA_EXTRACTION": SupplementaryDocumentTextExtractionTask,
        "VERIFY_SHARE_CODE_TASK": VerifyShareCodeTask,
    }
)
"""Wire ``type`` -> class, for every member of `KnownTask`."""

_TYPE_OF_CLASS: Final[Mapping[type[Task], str]] = {cls: tag for tag, cls in TASK_TYPES.items()}
