"""The one reading of a ``timeout=`` argument, for the clients and for the token minting."""

from __future__ import annotations

import math

import httpx

from .errors import ConfigurationError

__all__ = ["coerce_timeout"]


def coerce_timeout(timeout: float | httpx.Timeout | None) -> httpx.Timeout:
    """`timeout` as an `httpx.Timeout`; every phase positive, finite seconds, or None.

    NaN, infinities, zero and negative values are refused here, naming the phase: httpx would
    take them and fail later, deep in a request (NaN), or time out at once.
    """
    if isinstance(timeout, httpx.Timeout):
        for phase in ("connect", "read", "write", "pool"):
            _check_seconds(f"timeout.{phase}", getattr(timeout, phase))
        return timeout
    if timeout is None or (isinstance(timeout, int | float) and not isinstance(timeout, bool)):
        _check_seconds("timeout", timeout)
        return httpx.Timeout(timeout)
    raise ConfigurationError(
        f"timeout must be seconds, an httpx.Timeout or None, got {type(timeout).__name__}"
    )


def _check_seconds(name: str, value: object) -> None:
    if value is None:
        return
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value <= 0
    ):
        raise ConfigurationError(
            f"{name} must be positive, finite seconds (or None for no limit), got {value!r}"
        )
