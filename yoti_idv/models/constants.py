"""Names for the string values Yoti sends, to compare against instead of typing literals.

The models keep these values as plain strings (a value Yoti adds later must not break
parsing), so these are constants, not enums: ``session.state == SessionState.COMPLETED``.
Only values seen in Yoti's documentation and SDKs are listed; others can appear.
"""

from __future__ import annotations

from typing import Final

__all__ = ["BreakdownResult", "CheckState", "MediaType", "RecommendationValue", "SessionState"]


class SessionState:
    """``GetSessionResult.state``."""

    ONGOING: Final = "ONGOING"
    COMPLETED: Final = "COMPLETED"
    EXPIRED: Final = "EXPIRED"


class CheckState:
    """``Check.state``; a check-completion notification fires on ``DONE``."""

    CREATED: Final = "CREATED"
    READY: Final = "READY"
    PENDING: Final = "PENDING"
    INTERNAL_ERROR: Final = "INTERNAL_ERROR"
    DONE: Final = "DONE"


class RecommendationValue:
    """``Recommendation.value``."""

    APPROVE: Final = "APPROVE"
    REJECT: Final = "REJECT"
    NOT_AVAILABLE: Final = "NOT_AVAILABLE"
    CONSIDER: Final = "CONSIDER"


class BreakdownResult:
    """``Breakdown.result``."""

    PASS: Final = "PASS"
    FAIL: Final = "FAIL"


class MediaType:
    """``MediaReference.type`` and ``GeneratedMedia.type``."""

    IMAGE: Final = "IMAGE"
    JSON: Final = "JSON"
    BINARY: Final = "BINARY"
    PDF: Final = "PDF"
