"""Tokens and token sources for `BearerTokenAuth`: the protocol, and a cache that refreshes."""

from __future__ import annotations

import asyncio
import hmac
import math
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Final, Protocol, runtime_checkable

import attrs

from yoti_idv.errors import ConfigurationError

__all__ = [
    "DEFAULT_REFRESH_MARGIN",
    "AccessTokenSource",
    "AuthenticationToken",
    "RefreshingTokenSource",
]

DEFAULT_REFRESH_MARGIN: Final = 60.0
"""Seconds before a cached token expires at which `RefreshingTokenSource` mints a new one."""


@attrs.frozen(kw_only=True)
class AuthenticationToken:
    """A token from Yoti's auth service (Java's and PHP's ``CreateAuthenticationTokenResponse``).

    `access_token` is left out of the repr. `expires_in` is the lifetime in seconds the service
    gave (None when it gave none); `scope` the space-separated scopes it granted.
    """

    access_token: str = attrs.field(repr=False)
    token_type: str | None = None
    expires_in: int | None = None
    scope: str | None = None

    @property
    def scopes(self) -> tuple[str, ...]:
        """The granted scopes, split."""
        return tuple(self.scope.split()) if self.scope else ()


# --------------------------------------------------------------------------- token sources


@runtime_checkable
class AccessTokenSource(Protocol):
    """Where `BearerTokenAuth` gets its token: any object with these two methods.

    `get_token` returns a token to send now (minting or fetching one when needed);
    `invalidate` is called with a token the API rejected (401), so that the next `get_token`
    gets a new one. `RefreshingTokenSource` is the implementation for Yoti's auth service.
    """

    async def get_token(self) -> str: ...

    def invalidate(self, token: str) -> None: ...


@attrs.frozen
class _Cached:
    token: str = attrs.field(repr=False)
    refresh_at: float


class RefreshingTokenSource:
    """Mints a token with `mint`, caches it, and mints again shortly before it expires.

    A token with ``expires_in`` = T is refreshed `refresh_margin` seconds before it expires
    (counted from when its request started), or after T/2 when T is shorter than twice the
    margin; a token without ``expires_in`` is kept until the API rejects it. Concurrent
    callers wait for one mint instead of each minting (an `asyncio.Lock`); when a mint
    fails, the callers that waited for it get the same error rather than each trying again.
    A source belongs to one event loop, like the clients.

    Usually made by `AuthenticationTokenGenerator.token_source(scopes)` or
    `BearerTokenAuth.from_credentials(...)`; `mint` can be any coroutine function that returns
    an `AuthenticationToken` (one that reads tokens from a vault, say).
    """

    def __init__(
        self,
        mint: Callable[[], Awaitable[AuthenticationToken]],
        *,
        refresh_margin: float = DEFAULT_REFRESH_MARGIN,
        scopes: Iterable[str] = (),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not callable(mint):
            raise ConfigurationError(
                f"mint must be a coroutine function, got {type(mint).__name__}"
            )
        if (
            isinstance(refresh_margin, bool)
            or not isinstance(refresh_margin, int | float)
            or not math.isfinite(refresh_margin)
            or refresh_margin < 0
        ):
            raise ConfigurationError(
                f"refresh_margin must be non-negative seconds, got {refresh_margin!r}"
            )
        self._mint = mint
        self._refresh_margin = float(refresh_margin)
        self._scopes = tuple(scopes)
        self._clock = clock
        self._lock = asyncio.Lock()
        self._cached: _Cached | None = None
        self._mints = 0  # attempts started
        self._finished = 0  # attempts that ended with a token or an error (not cancelled)
        self._last_error: Exception | None = None

    @property
    def refresh_margin(self) -> float:
        return self._refresh_margin

    @property
    def mint_count(self) -> int:
        """How many mints were attempted (for metrics and tests)."""
        return self._mints

    def __repr__(self) -> str:
        state = "cached" if self._cached is not None else "empty"
        return (
            f"RefreshingTokenSource(scopes={self._scopes!r}, "
            f"refresh_margin={self._refresh_margin}, <{state}>)"
        )

    async def get_token(self) -> str:
        """The cached token while it is fresh; else one new token, minted once for all callers."""
        cached = self._fresh()
        if cached is not None:
            return cached
        seen = self._finished
        async with self._lock:
            cached = self._fresh()
            if cached is not None:
                return cached
            if self._finished != seen and self._last_error is not None:
                # Another caller minted while this one waited, and failed: share its error
                # rather than sending the auth service one request per waiting caller.
                raise self._last_error
            self._mints += 1
            started = self._clock()
            try:
                token = await self._mint()
                if not isinstance(token, AuthenticationToken):
                    raise TypeError(
                        f"mint must return an AuthenticationToken, got {type(token).__name__}"
                    )
            except Exception as exc:
                self._last_error = exc
                self._finished += 1
                raise
            self._last_error = None
            self._finished += 1
            self._cached = _Cached(token.access_token, self._refresh_at(started, token.expires_in))
            return token.access_token

    def invalidate(self, token: str) -> None:
        """Forget `token` if it is the cached one (a 401 said it is no longer good)."""
        cached = self._cached
        if cached is not None and hmac.compare_digest(cached.token.encode(), token.encode()):
            self._cached = None

    def _fresh(self) -> str | None:
        cached = self._cached
        if cached is not None and self._clock() < cached.refresh_at:
            return cached.token
        return None

    def _refresh_at(self, started: float, expires_in: int | None) -> float:
        if expires_in is None:
            return math.inf
        return started + expires_in - min(self._refresh_margin, expires_in / 2)
