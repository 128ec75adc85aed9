"""The polymorphic families of the models: which key tells the members apart, and the tables.

Each family has a base class (what fields are typed with, e.g. ``checks: tuple[Check, ...]``),
the union of its known members, the JSON key of the tag (kept in the member's own field of
the same name), the wire tag -> class table, and the `Unknown*` fallback that keeps the raw
payload, for an unknown tag or none.

A member may itself be the base of another family: a ``LIVENESS`` requirement is a
`RequiredLivenessResource`, which is picked from again by ``liveness_type``. A family may
have a single known member (branches: ``UK_POST_OFFICE`` only); its `union` is then that
class.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Any, Final

import attrs

from .checks import CHECK_TYPES, Check, KnownCheck, UnknownCheck
from .configuration import (
    REQUIRED_LIVENESS_TYPES,
    REQUIRED_RESOURCE_TYPES,
    KnownRequiredLivenessResource,
    KnownRequiredResource,
    RequiredLivenessResource,
    RequiredResource,
    UnknownRequiredLivenessResource,
    UnknownRequiredResource,
)
from .instructions import BRANCH_TYPES, BranchResponse, KnownBranchResponse, UnknownBranchResponse
from .resources import (
    LIVENESS_TYPES,
    KnownLivenessResource,
    LivenessResource,
    UnknownLivenessResource,
)
from .tasks import (
    GENERATED_CHECK_TYPES,
    TASK_TYPES,
    GeneratedCheck,
    KnownGeneratedCheck,
    KnownTask,
    Task,
    UnknownGeneratedCheck,
    UnknownTask,
)

__all__ = ["TAGGED_UNIONS", "TaggedUnion", "members_of"]


@attrs.frozen
class TaggedUnion:
    """One polymorphic family."""

    base: type[Any]
    """The class used in annotations (``checks: tuple[Check, ...]``)."""
    union: Any
    """The union of the known member classes (the class itself when there is only one)."""
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
    TaggedUnion(
        GeneratedCheck, KnownGeneratedCheck, "type", GENERATED_CHECK_TYPES, UnknownGeneratedCheck
    ),
    TaggedUnion(
        RequiredResource,
        KnownRequiredResource,
        "type",
        REQUIRED_RESOURCE_TYPES,
        UnknownRequiredResource,
    ),
    TaggedUnion(
        RequiredLivenessResource,
        KnownRequiredLivenessResource,
        "liveness_type",
        REQUIRED_LIVENESS_TYPES,
        UnknownRequiredLivenessResource,
    ),
    TaggedUnion(BranchResponse, KnownBranchResponse, "type", BRANCH_TYPES, UnknownBranchResponse),
)


def members_of(family: TaggedUnion) -> tuple[type[Any], ...]:
    """The known member classes of `family`, in the order of its union."""
    return typing.get_args(family.union) or (family.union,)
