"""The one reading of a ``timeout=`` argument, for the clients and for the token minting."""

from __future__ import annotations

import httpx

from .errors import ConfigurationError

__all__ = ["coerce_timeout"]


def coerce_timeout(timeout: float | httpx.Timeout | None) -> httpx.Timeout:
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if timeout is None or (isinstance(timeout, int | float) and not isinstance(timeout, bool)):
        if timeout is not None and timeout <= 0:
            raise ConfigurationError(f"timeout must be positive seconds, got {timeout!r}")
        return httpx.Timeout(timeout)
    raise ConfigurationError(
        f"timeout must be seconds, an httpx.Timeout or None, got {type(timeout).__name__}"
    )
