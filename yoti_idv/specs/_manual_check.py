"""``config.manual_check``: the converters and builder methods that checks and tasks share."""

from __future__ import annotations

from typing import Self

from yoti_idv.errors import SpecValidationError
from yoti_idv.vocabulary.enums import ManualCheck, ManualCheckWithIbv
from yoti_idv.vocabulary.validators import to_enum, to_optional_enum

__all__ = [
    "ManualCheckChoices",
    "ManualCheckWithIbvChoices",
    "to_manual_check",
    "to_manual_check_with_ibv",
    "to_optional_manual_check",
]


def to_manual_check(value: ManualCheck | str) -> ManualCheck:
    """A required ``manual_check``: ALWAYS, FALLBACK or NEVER."""
    return to_enum(ManualCheck, value, "config.manual_check")


def to_optional_manual_check(value: ManualCheck | str | None) -> ManualCheck | None:
    """An optional ``manual_check``; None leaves the choice to Yoti and is not sent."""
    return to_optional_enum(ManualCheck, value, "config.manual_check")


def to_manual_check_with_ibv(value: ManualCheckWithIbv | ManualCheck | str) -> ManualCheckWithIbv:
    """A required ``manual_check`` of an in-branch check: ALWAYS, FALLBACK, NEVER or IBV."""
    return to_enum(ManualCheckWithIbv, value, "config.manual_check")


class ManualCheckChoices:
    """The ``with_manual_check_*`` methods of Yoti's check and task builders."""

    def __init__(self) -> None:
        self._manual_check: ManualCheck | None = None

    def with_manual_check_always(self) -> Self:
        """Yoti's staff always review the result."""
        self._manual_check = ManualCheck.ALWAYS
        return self

    def with_manual_check_fallback(self) -> Self:
        """Yoti's staff review the result when the automated one is not conclusive."""
        self._manual_check = ManualCheck.FALLBACK
        return self

    def with_manual_check_never(self) -> Self:
        """No manual review."""
        self._manual_check = ManualCheck.NEVER
        return self

    def _required_manual_check(self) -> ManualCheck:
        """The chosen manual check, for builders whose check or task requires one."""
        if self._manual_check is None:
            raise SpecValidationError(
                "config.manual_check",
                "is required: call with_manual_check_always(), with_manual_check_fallback() "
                "or with_manual_check_never()",
            )
        return self._manual_check


class ManualCheckWithIbvChoices:
    """The ``with_manual_check_*`` methods of Yoti's Java in-branch check builders."""

    def __init__(self) -> None:
        self._manual_check: ManualCheckWithIbv | None = None

    def with_manual_check_always(self) -> Self:
        """Yoti's staff always review the result."""
        self._manual_check = ManualCheckWithIbv.ALWAYS
        return self

    def with_manual_check_fallback(self) -> Self:
        """Yoti's staff review the result when the automated one is not conclusive."""
        self._manual_check = ManualCheckWithIbv.FALLBACK
        return self

    def with_manual_check_never(self) -> Self:
        """No manual review."""
        self._manual_check = ManualCheckWithIbv.NEVER
        return self

    def with_manual_check_ibv(self) -> Self:
        """The review happens in the branch, during the In-Branch Verification."""
        self._manual_check = ManualCheckWithIbv.IBV
        return self

    def _required_manual_check(self) -> ManualCheckWithIbv:
        if self._manual_check is None:
            raise SpecValidationError(
                "config.manual_check",
                "is required: call with_manual_check_always(), with_manual_check_fallback(), "
                "with_manual_check_never() or with_manual_check_ibv()",
            )
        return self._manual_check
