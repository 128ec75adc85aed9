"""Bearer-token authentication: minting Yoti access tokens, and an `httpx.Auth` that sends them.

Yoti's Java (4.x) and PHP (4.5) SDKs can authenticate IDV requests with
``Authorization: Bearer <token>`` instead of signing them (idv-api.md section 1.5). The token
comes from Yoti's auth service, ``POST https://auth.api.yoti.com/v1/oauth/token``: an OAuth 2.0
``client_credentials`` grant whose client assertion is a JWT signed with the application's key
(PS384: RSASSA-PSS with SHA-384, MGF1-SHA-384 and a 48-byte salt, the JWA default that Java's
jjwt uses). The JWT is built here with `cryptography` alone.

```python
auth = BearerTokenAuth.from_credentials(sdk_id, Path("key.pem"), scopes=["<scope>"])
```

`BearerTokenAuth` is an `httpx.Auth`, like `RequestSigner`, so the rest of a client is
unchanged: it sends the bearer header and nothing else (no ``sdkId``, ``nonce``,
``timestamp`` or ``X-Yoti-Auth-Digest``). It holds either a fixed token or a token source;
`RefreshingTokenSource` mints a token, caches it until shortly before it expires, lets one
caller at a time refresh it, and mints a new one when the API rejects the cached one (401).

No token, and no client assertion, ever appears in a repr, a log line or an exception.
"""

from __future__ import annotations

import asyncio
import base64
import hmac
import json
import logging
import math
import os
import time
import uuid
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator, Iterable
from typing import Any, Final, Protocol, runtime_checkable

import attrs
import httpx
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from ._urls import checked_http_url
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    ConfigurationError,
    ResponseValidationError,
    error_from_response,
)
from .signing import SDK_HEADER, SDK_NAME, SDK_VERSION, SDK_VERSION_HEADER, PrivateKey

__all__ = [
    "CLIENT_ASSERTION_LIFETIME",
    "DEFAULT_AUTH_URL",
    "DEFAULT_REFRESH_MARGIN",
    "DEFAULT_TOKEN_TIMEOUT",
    "AccessTokenSource",
    "AuthenticationToken",
    "AuthenticationTokenGenerator",
    "BearerTokenAuth",
    "RefreshingTokenSource",
    "build_client_assertion",
    "mint_access_token",
]

logger = logging.getLogger("yoti_idv")

DEFAULT_AUTH_URL: Final = "https://auth.api.yoti.com/v1/oauth/token"
"""Yoti's token endpoint; ``$YOTI_AUTH_URL`` overrides it (as in Yoti's PHP SDK)."""

CLIENT_ASSERTION_LIFETIME: Final = 300
"""Seconds between a client assertion's ``iat`` and ``exp`` (Java and PHP: 5 minutes)."""

DEFAULT_REFRESH_MARGIN: Final = 60.0
"""Seconds before a cached token expires at which `RefreshingTokenSource` mints a new one."""

DEFAULT_TOKEN_TIMEOUT: Final = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=10.0)

_AUTH_URL_ENV_VAR: Final = "YOTI_AUTH_URL"
_GRANT_TYPE: Final = "client_credentials"
_CLIENT_ASSERTION_TYPE: Final = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
_JWT_HEADER: Final = {"alg": "PS384", "typ": "JWT"}
# RFC 7518 section 3.5: PS384's salt is as long as the SHA-384 output. Java's jjwt (what Yoti's
# Java SDK signs with) builds PSSParameterSpec(SHA-384, MGF1, SHA-384, saltLength=48).
_PS384_SALT_LENGTH: Final = 48
# RFC 6749 section 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
_SCOPE_CHARACTERS: Final = frozenset(chr(c) for c in range(0x21, 0x7F)) - {'"', "\\"}
# RFC 6750 b64token, widened to any visible ASCII but a space: what can follow "Bearer ".
_TOKEN_CHARACTERS: Final = frozenset(chr(c) for c in range(0x21, 0x7F))
_BODY_HEADERS: Final = frozenset({"content-encoding", "content-length", "transfer-encoding"})


# --------------------------------------------------------------------------- the JWT


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _json(value: object) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def build_client_assertion(
    sdk_id: str,
    key: PrivateKey,
    *,
    audience: str,
    issued_at: int | None = None,
    jwt_id: str | None = None,
) -> str:
    """The signed JWT that authenticates a token request (what Java and PHP send).

    Header ``{"alg":"PS384","typ":"JWT"}``; claims ``iss`` = ``sub`` = ``sdk:<sdk_id>``,
    ``jti`` (a fresh UUID4 unless given), ``aud`` (the token URL), ``iat`` (now, epoch
    seconds, unless given) and ``exp`` = ``iat`` + 300. Signed RSASSA-PSS SHA-384, MGF1-SHA-384,
    48-byte salt. The result is a credential for five minutes: keep it out of logs.
    """
    now = int(time.time()) if issued_at is None else issued_at
    subject = f"sdk:{sdk_id}"
    claims = {
        "iss": subject,
        "sub": subject,
        "jti": str(uuid.uuid4()) if jwt_id is None else jwt_id,
        "aud": audience,
        "iat": now,
        "exp": now + CLIENT_ASSERTION_LIFETIME,
    }
    signing_input = f"{_b64url(_json(_JWT_HEADER))}.{_b64url(_json(claims))}".encode("ascii")
    return f"{signing_input.decode('ascii')}.{_b64url(_sign_ps384(key, signing_input))}"


def _sign_ps384(key: PrivateKey, data: bytes) -> bytes:
    # PrivateKey only exposes the PKCS#1 v1.5 signature of the IDV request signer; the RSA key
    # object it wraps signs the JWT here, so the key is still parsed once and never copied.
    return key._key.sign(
        data,
        padding.PSS(mgf=padding.MGF1(hashes.SHA384()), salt_length=_PS384_SALT_LENGTH),
        hashes.SHA384(),
    )


# --------------------------------------------------------------------------- minting


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


class AuthenticationTokenGenerator:
    """Mints access tokens for an application (Java's and PHP's ``AuthenticationTokenGenerator``).

    ```python
    generator = AuthenticationTokenGenerator(sdk_id, Path("key.pem"))
    token = await generator.generate(["<scope>", "<other scope>"])
    ```

    `key` is what `AsyncIDVClient` takes (a `PrivateKey`, PEM bytes or a ``.pem`` path). The
    token URL is `auth_url`, else ``$YOTI_AUTH_URL``, else `DEFAULT_AUTH_URL`; it is also the
    assertion's audience. Each mint is one short request on its own connection (tokens last
    long, so nothing is pooled and there is nothing to close): through `transport` when given
    (borrowed, never closed), or through `http_client`, which the caller owns.
    """

    def __init__(
        self,
        sdk_id: str,
        key: PrivateKey | bytes | str | os.PathLike[str],
        *,
        auth_url: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TOKEN_TIMEOUT,
    ) -> None:
        if not isinstance(sdk_id, str) or not sdk_id.strip() or sdk_id.strip() != sdk_id:
            raise ConfigurationError(
                "sdk_id must be a non-empty string without surrounding spaces "
                "(the SDK id from Yoti Hub)"
            )
        if transport is not None and http_client is not None:
            raise ConfigurationError("give either transport or http_client, not both")
        if transport is not None and not isinstance(transport, httpx.AsyncBaseTransport):
            raise ConfigurationError(
                f"transport must be an httpx.AsyncBaseTransport, got {type(transport).__name__}"
            )
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise ConfigurationError(
                f"http_client must be an httpx.AsyncClient, got {type(http_client).__name__}"
            )
        self._sdk_id = sdk_id
        self._key = PrivateKey.load(key)
        self._auth_url = _resolve_auth_url(auth_url)
        self._transport = transport
        self._http_client = http_client
        self._timeout = _coerce_timeout(timeout)

    @property
    def sdk_id(self) -> str:
        return self._sdk_id

    @property
    def auth_url(self) -> str:
        return self._auth_url

    def __repr__(self) -> str:
        return f"AuthenticationTokenGenerator(sdk_id={self._sdk_id!r}, auth_url={self._auth_url!r})"

    def client_assertion(self) -> str:
        """A fresh signed client assertion for this application and token URL."""
        return build_client_assertion(self._sdk_id, self._key, audience=self._auth_url)

    async def generate(self, scopes: Iterable[str]) -> AuthenticationToken:
        """Mint a token for `scopes` (a non-empty list of scope names).

        Raises `APIStatusError` (by status: `AuthenticationError` for 401, ...) when the
        service refuses, carrying its OAuth ``error`` as `code` and ``error_description`` as
        `error_message`; `APIConnectionError` / `APITimeoutError` when it cannot be reached;
        `ResponseValidationError` when its answer holds no usable token.
        """
        scope = _joined_scopes(scopes)
        form = {
            "grant_type": _GRANT_TYPE,
            "client_assertion_type": _CLIENT_ASSERTION_TYPE,
            "scope": scope,
            "client_assertion": self.client_assertion(),
        }
        headers = {
            "Accept": "application/json",
            SDK_HEADER: SDK_NAME,
            SDK_VERSION_HEADER: SDK_VERSION,
        }
        try:
            if self._http_client is not None:
                response = await self._http_client.post(
                    self._auth_url, data=form, headers=headers, timeout=self._timeout
                )
            else:
                transport = None if self._transport is None else _Borrowed(self._transport)
                async with httpx.AsyncClient(transport=transport, timeout=self._timeout) as http:
                    response = await http.post(self._auth_url, data=form, headers=headers)
        except httpx.TimeoutException as exc:
            raise APITimeoutError(
                f"the token request to {self._auth_url} timed out ({type(exc).__name__})",
                may_have_been_sent=not isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout),
            ) from exc
        except httpx.TransportError as exc:
            raise APIConnectionError(
                f"the token request to {self._auth_url} failed: {type(exc).__name__}",
                may_have_been_sent=not isinstance(exc, httpx.ConnectError),
            ) from exc
        # From here on only a copy of the response without the request body (the assertion).
        response = _redacted(response)
        if not response.is_success:
            raise _token_error(response)
        token = _parse_token(response)
        logger.debug(
            "minted an access token for sdk %s (scope %r, expires in %s s)",
            self._sdk_id,
            token.scope,
            token.expires_in,
        )
        return token

    def token_source(
        self,
        scopes: Iterable[str],
        *,
        refresh_margin: float = DEFAULT_REFRESH_MARGIN,
    ) -> RefreshingTokenSource:
        """A `RefreshingTokenSource` that mints with this generator for `scopes`."""
        scopes = _checked_scopes(scopes)

        async def mint() -> AuthenticationToken:
            return await self.generate(scopes)

        return RefreshingTokenSource(mint, refresh_margin=refresh_margin, scopes=scopes)


async def mint_access_token(
    sdk_id: str,
    key: PrivateKey | bytes | str | os.PathLike[str],
    scopes: Iterable[str],
    *,
    auth_url: str | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    http_client: httpx.AsyncClient | None = None,
    timeout: float | httpx.Timeout | None = DEFAULT_TOKEN_TIMEOUT,
) -> AuthenticationToken:
    """Mint one access token: `AuthenticationTokenGenerator(...).generate(scopes)` in one call."""
    generator = AuthenticationTokenGenerator(
        sdk_id,
        key,
        auth_url=auth_url,
        transport=transport,
        http_client=http_client,
        timeout=timeout,
    )
    return await generator.generate(scopes)


class _Borrowed(httpx.AsyncBaseTransport):
    """A caller's transport, used for one request by a client that must not close it."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        pass


def _redacted(response: httpx.Response) -> httpx.Response:
    """The same response (status, headers, body) tied to a request without its form body."""
    request = httpx.Request(response.request.method, response.request.url)
    headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in _BODY_HEADERS]
    return httpx.Response(
        response.status_code, headers=headers, content=response.content, request=request
    )


def _token_error(response: httpx.Response) -> APIStatusError:
    """`error_from_response`, also reading OAuth error bodies (``error``, ``error_description``)."""
    base = error_from_response(response)
    code, message = base.code, base.error_message
    if code is None and message is None:
        body = _json_object(response)
        if body is not None:
            error, description = body.get("error"), body.get("error_description")
            code = error if isinstance(error, str) and error else None
            message = description if isinstance(description, str) and description else None
    if code is None and message is None:
        summary = response.reason_phrase or "HTTP error"
    else:
        summary = " - ".join(part for part in (code, message) if part)
    return type(base)(
        f"the token request to {response.request.url} failed: {response.status_code} {summary}",
        response=response,
        code=code,
        error_message=message,
        property_errors=base.property_errors,
    )


def _json_object(response: httpx.Response) -> dict[str, Any] | None:
    try:
        body = json.loads(response.content)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _parse_token(response: httpx.Response) -> AuthenticationToken:
    # The body holds the token: no exception raised here keeps the response or quotes the body.
    body = _json_object(response)
    if body is None:
        raise ResponseValidationError(
            f"the token response ({response.status_code}) is not a JSON object "
            f"(Content-Type: {response.headers.get('Content-Type', 'none')})"
        )
    access_token = body.get("access_token")
    if not isinstance(access_token, str) or not access_token:
        raise ResponseValidationError("the token response has no access_token string")
    if not set(access_token) <= _TOKEN_CHARACTERS:
        raise ResponseValidationError(
            "the token response's access_token has characters a bearer header cannot carry"
        )
    token_type = body.get("token_type")
    if token_type is not None and not isinstance(token_type, str):
        raise ResponseValidationError("the token response's token_type is not a string")
    if token_type is not None and token_type.lower() != "bearer":
        raise ResponseValidationError(
            f"the token response's token_type is {token_type!r}, not 'Bearer'"
        )
    expires_in = body.get("expires_in")
    if isinstance(expires_in, str) and expires_in.isdigit():
        expires_in = int(expires_in)
    if expires_in is not None and (
        isinstance(expires_in, bool) or not isinstance(expires_in, int) or expires_in < 0
    ):
        raise ResponseValidationError(
            "the token response's expires_in is not a non-negative integer"
        )
    scope = body.get("scope")
    if scope is not None and not isinstance(scope, str):
        raise ResponseValidationError("the token response's scope is not a string")
    return AuthenticationToken(
        access_token=access_token, token_type=token_type, expires_in=expires_in, scope=scope
    )


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
    if not token or not set(token) <= _TOKEN_CHARACTERS:
        # Never echo the value: it is a credential.
        raise ConfigurationError(
            "an access token must be a non-empty string of visible ASCII characters "
            "(the access_token value, without 'Bearer ')"
        )
    return token


def _checked_scopes(scopes: Iterable[str]) -> tuple[str, ...]:
    if isinstance(scopes, str | bytes):
        raise ConfigurationError(
            "scopes must be a list of scope names, not a single string: "
            f"write [{scopes!r}] (several scopes: [{scopes!r}, ...])"
        )
    try:
        checked = tuple(scopes)
    except TypeError:
        raise ConfigurationError(
            f"scopes must be a list of scope names, got {type(scopes).__name__}"
        ) from None
    if not checked:
        raise ConfigurationError("scopes must not be empty: a token is minted for named scopes")
    for scope in checked:
        if not isinstance(scope, str) or not scope or not set(scope) <= _SCOPE_CHARACTERS:
            raise ConfigurationError(
                f"{scope!r} is not a scope name: scopes are non-empty strings of visible ASCII "
                "characters without spaces, quotes or backslashes (RFC 6749 section 3.3)"
            )
    return checked


def _joined_scopes(scopes: Iterable[str]) -> str:
    return " ".join(_checked_scopes(scopes))


def _resolve_auth_url(auth_url: str | None) -> str:
    source = "auth_url"
    if auth_url is None:
        from_env = os.environ.get(_AUTH_URL_ENV_VAR, "").strip()
        auth_url, source = (
            (from_env, f"${_AUTH_URL_ENV_VAR}") if from_env else (DEFAULT_AUTH_URL, "")
        )
    checked_http_url(auth_url, name="auth_url", source=source, example=DEFAULT_AUTH_URL)
    assert isinstance(auth_url, str)  # checked just above
    # Sent as given: it is also the assertion's audience, which the service compares as text.
    return auth_url


def _coerce_timeout(timeout: float | httpx.Timeout | None) -> httpx.Timeout:
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if timeout is None:
        return httpx.Timeout(None)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        raise ConfigurationError(
            f"timeout must be positive seconds, an httpx.Timeout or None, got {timeout!r}"
        )
    return httpx.Timeout(timeout)
