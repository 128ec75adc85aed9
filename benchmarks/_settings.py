"""How big a run is: the full suite, or the quick one CI runs so that the suite cannot rot."""

from __future__ import annotations

import attrs

__all__ = ["Settings"]


@attrs.frozen(kw_only=True)
class Settings:
    quick: bool
    rounds: int
    """Rounds of each in-process measurement; the median is reported."""
    micro_seconds: float
    """Wall time of one round of a micro-benchmark (at least one call)."""
    polling_rounds: int
    ours_requests: int
    yoti_documented_requests: int
    yoti_parsed_requests: int
    max_run_seconds: float
    """No polling run goes on longer than this, whatever its request count."""
    medium_bytes: int
    import_rounds: int
    ceiling_seconds: float

    @classmethod
    def full(cls) -> Settings:
        return cls(
            quick=False,
            rounds=7,
            micro_seconds=0.5,
            polling_rounds=5,
            ours_requests=2000,
            yoti_documented_requests=160,
            yoti_parsed_requests=1000,
            max_run_seconds=30.0,
            medium_bytes=200_000_000,
            import_rounds=9,
            ceiling_seconds=2.0,
        )

    @classmethod
    def ci(cls) -> Settings:
        return cls(
            quick=True,
            rounds=3,
            micro_seconds=0.1,
            polling_rounds=1,
            ours_requests=150,
            yoti_documented_requests=16,
            yoti_parsed_requests=60,
            max_run_seconds=5.0,
            medium_bytes=16_000_000,
            import_rounds=2,
            ceiling_seconds=0.5,
        )
