"""`BearerTokenAuth`: an `httpx.Auth` that sends ``Authorization: Bearer <token>``."""

from __future__ import annotations

import os
from collections.abc import AsyncGenerator, Generator, Iterable

import httpx

from yoti_idv.errors import ConfigurationError

from .signing import SDK_HEADER, SDK_NAME, SDK_VERSION, SDK_VERSION_HEADER, PrivateKey
from .token_cache import DEFAULT_REFRESH_MARGIN, AccessTokenSource
from .token_minting import DEFAULT_TOKEN_TIMEOUT, TOKEN_CHARACTERS, AuthenticationTokenGenerator

__all__ = ["BearerTokenAuth"]


# --------------------------------------------------------------------------- httpx.Auth


class BearerTokenAuth(httpx.Auth):
    """Authenticates IDV requests with ``Authorization: Bearer <token>`` (an `httpx.Auth`).

    `token` is a fixed token (a str) or an `AccessTokenSource` (e.g. `RefreshingTokenSource`).
    Nothing else is added for authentication: no ``sdkId``, ``nonce``, ``timestamp`` or
    ``X-Yoti-Auth-Digest``. With a source, a 401 answer makes it invalidate the token and
    resend the request once with a new one. With `base_url`, a request for another origin or
    outside that path is refused rather than given the token.

    A fixed token works with `httpx.Client` too; a source needs an `httpx.AsyncClient`.
    """

    requires_request_body = True  # a request may be sent twice (after a 401)

    def __init__(
        self, token: str | AccessTokenSource, *, base_url: str | httpx.URL | None = None
    ) -> None:
        if isinstance(token, str):
            self._token: str | None = _checked_token(token)
            self._source: AccessTokenSource | None = None
        elif isinstance(token, AccessTokenSource):
            self._token, self._source = None, token
        else:
            raise ConfigurationError(
                "token must be an access token (str) or an AccessTokenSource, "
                f"got {type(token).__name__}"
            )
        self._base_url = None if base_url is None else httpx.URL(str(base_url).rstrip("/"))

    @classmethod
    def from_credentials(
        cls,
        sdk_id: str,
        key: PrivateKey | bytes | str | os.PathLike[str],
        scopes: Iterable[str],
        *,
        auth_url: str | None = None,
        refresh_margin: float = DEFAULT_REFRESH_MARGIN,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TOKEN_TIMEOUT,
        base_url: str | httpx.URL | None = None,
    ) -> BearerTokenAuth:
        """Tokens minted from the application's key and cached: the one-line setup.

        `transport` is for the token requests (the auth service), not for the API requests.
        """
        generator = AuthenticationTokenGenerator(
            sdk_id, key, auth_url=auth_url, transport=transport, timeout=timeout
        )
        return cls(generator.token_source(scopes, refresh_margin=refresh_margin), base_url=base_url)

    @property
    def source(self) -> AccessTokenSource | None:
        """The token source, or None for a fixed token."""
        return self._source

    @property
    def base_url(self) -> httpx.URL | None:
        return self._base_url

    def __repr__(self) -> str:
        what = "<fixed token, redacted>" if self._source is None else repr(self._source)
        where = "" if self._base_url is None else f", base_url={str(self._base_url)!r}"
        return f"BearerTokenAuth({what}{where})"

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        if self._token is None:
            raise ConfigurationError(
                "a BearerTokenAuth with a token source needs an httpx.AsyncClient"
            )
        self._check_target(request)
        self._apply(request, self._token)
        yield request

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        self._check_target(request)
        if self._source is None:
            assert self._token is not None
            self._apply(request, self._token)
            yield request
            return
        await request.aread()  # so that it can be sent again
        token = _checked_token(await self._source.get_token())
        self._apply(request, token)
        response = yield request
        if response.status_code == httpx.codes.UNAUTHORIZED:
            self._source.invalidate(token)
            self._apply(request, _checked_token(await self._source.get_token()))
            yield request

    def _check_target(self, request: httpx.Request) -> None:
        base = self._base_url
        if base is None:
            return
        url = request.url
        if (url.scheme, url.host, url.port) != (base.scheme, base.host, base.port):
            raise ConfigurationError(
                f"refusing to send the bearer token to {url.scheme}://"
                f"{url.netloc.decode('ascii')}: the client's base URL is {base}"
            )
        base_path = base.raw_path.decode("ascii").rstrip("/")
        if not url.raw_path.decode("ascii").startswith(base_path + "/"):
            raise ConfigurationError(
                f"refusing to send the bearer token outside the base path {base_path or '/'}"
            )

    @staticmethod
    def _apply(request: httpx.Request, token: str) -> None:
        request.headers["Authorization"] = f"Bearer {token}"
        request.headers.setdefault(SDK_HEADER, SDK_NAME)
        request.headers.setdefault(SDK_VERSION_HEADER, SDK_VERSION)


# --------------------------------------------------------------------------- validation


def _checked_token(token: object) -> str:
    if not isinstance(token, str):
        raise ConfigurationError(f"an access token must be a str, got {type(token).__name__}")
    if not token or not set(token) <= TOKEN_CHARACTERS:
        # Never echo the value: it is a credential.
        raise ConfigurationError(
            "an access token must be a non-empty string of visible ASCII characters "
            "(the access_token value, without 'Bearer ')"
        )
    return token
