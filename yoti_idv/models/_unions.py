"""The polymorphic families of the models: which key tells the members apart, and the tables.

Each family has a base class (what fields are typed with, e.g. ``checks: tuple[Check, ...]``),
the union of its known members, the JSON key of the tag (kept in the member's own field of
the same name), the wire tag -> class table, and the `Unknown*` fallback that keeps the raw
payload, for an unknown tag or none.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import attrs

from .checks import CHECK_TYPES, Check, KnownCheck, UnknownCheck
from .resources import (
    LIVENESS_TYPES,
    KnownLivenessResource,
    LivenessResource,
    UnknownLivenessResource,
)
from .tasks import TASK_TYPES, KnownTask, Task, UnknownTask

__all__ = ["TAGGED_UNIONS", "TaggedUnion"]


@attrs.frozen
class TaggedUnion:
    """One polymorphic family."""

    base: type[Any]
    """The class used in annotations (``checks: tuple[Check, ...]``)."""
    union: Any
    """The union of the known member classes."""
    tag_name: str
    """The JSON key holding the tag, also a field of every member."""
    tags: Mapping[str, type[Any]]
    """Wire tag -> member class: exactly the members of `union`."""
    unknown: type[Any]
    """The fallback class, for an unknown or missing tag; it keeps the raw payload."""


TAGGED_UNIONS: Final[tuple[TaggedUnion, ...]] = (
    TaggedUnion(Task, KnownTask, "type", TASK_TYPES, UnknownTask),
    TaggedUnion(Check, KnownCheck, "type", CHECK_TYPES, UnknownCheck),
    TaggedUnion(
        LivenessResource,
        KnownLivenessResource,
        "liveness_type",
        LIVENESS_TYPES,
        UnknownLivenessResource,
    ),
)
