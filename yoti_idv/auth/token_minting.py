"""Bearer-token authentication: minting Yoti access tokens, and an `httpx.Auth` that sends them.

Yoti's Java (4.x) and PHP (4.5) SDKs can authenticate IDV requests with ``Authorization: Bearer
<token>`` instead of signing them (their ``AuthenticationTokenGenerator``). The token comes
from Yoti's auth service, ``POST https://auth.api.yoti.com/v1/oauth/token``: an OAuth 2.0
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

import json
import logging
import os
from collections.abc import Iterable
from typing import Any, Final

import httpx

from yoti_idv._timeouts import coerce_timeout
from yoti_idv._urls import checked_http_url
from yoti_idv.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    ConfigurationError,
    ResponseValidationError,
    error_from_response,
)

from .client_assertion import build_client_assertion
from .signing import SDK_HEADER, SDK_NAME, SDK_VERSION, SDK_VERSION_HEADER, PrivateKey
from .token_cache import DEFAULT_REFRESH_MARGIN, AuthenticationToken, RefreshingTokenSource

__all__ = [
    "DEFAULT_AUTH_URL",
    "DEFAULT_TOKEN_TIMEOUT",
    "AuthenticationTokenGenerator",
    "mint_access_token",
]

logger = logging.getLogger("yoti_idv")

DEFAULT_AUTH_URL: Final = "https://auth.api.yoti.com/v1/oauth/token"
"""Yoti's token endpoint; ``$YOTI_AUTH_URL`` overrides it (as in Yoti's PHP SDK)."""

DEFAULT_TOKEN_TIMEOUT: Final = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=10.0)

_AUTH_URL_ENV_VAR: Final = "YOTI_AUTH_URL"
_GRANT_TYPE: Final = "client_credentials"
_CLIENT_ASSERTION_TYPE: Final = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
# RFC 6749 section 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
_SCOPE_CHARACTERS: Final = frozenset(chr(c) for c in range(0x21, 0x7F)) - {'"', "\\"}
# RFC 6750 b64token, widened to any visible ASCII but a space: what can follow "Bearer ".
TOKEN_CHARACTERS: Final = frozenset(chr(c) for c in range(0x21, 0x7F))
_BODY_HEADERS: Final = frozenset({"content-encoding", "content-length", "transfer-encoding"})


# --------------------------------------------------------------------------- minting


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
        self._timeout = coerce_timeout(timeout)

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
        headers = {
            "Accept": "application/json",
            SDK_HEADER: SDK_NAME,
            SDK_VERSION_HEADER: SDK_VERSION,
        }
        form = {
            "grant_type": _GRANT_TYPE,
            "client_assertion_type": _CLIENT_ASSERTION_TYPE,
            "scope": scope,
            "client_assertion": self.client_assertion(),
        }
        # httpx's exceptions keep the request, and the request keeps the form (the client
        # assertion, a credential): none of them is chained to what is raised here, and the
        # form leaves this frame before anything is raised, so that neither an exception chain
        # nor a traceback printed with its locals can show the assertion.
        failure: APIConnectionError | None = None
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
            failure = APITimeoutError(
                f"the token request to {self._auth_url} timed out ({type(exc).__name__})",
                may_have_been_sent=not isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout),
            )
        except httpx.HTTPError as exc:
            failure = APIConnectionError(
                f"the token request to {self._auth_url} failed: {type(exc).__name__}",
                may_have_been_sent=not isinstance(exc, httpx.ConnectError),
            )
        finally:
            del form
        if failure is not None:
            raise failure
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
    # The body holds the token: no exception raised here keeps the response or quotes the
    # body, and the decoded body is gone from this frame before anything is raised (a
    # traceback printed with its locals would show it).
    body = _json_object(response)
    if body is None:
        raise ResponseValidationError(
            f"the token response ({response.status_code}) is not a JSON object "
            f"(Content-Type: {response.headers.get('Content-Type', 'none')})"
        )
    token_or_problem = _token_from(body)
    del body
    if isinstance(token_or_problem, str):
        raise ResponseValidationError(token_or_problem)
    return token_or_problem


def _token_from(body: dict[str, Any]) -> AuthenticationToken | str:
    """The token in a token response's body, or what is wrong with the body."""
    access_token = body.get("access_token")
    if not isinstance(access_token, str) or not access_token:
        return "the token response has no access_token string"
    if not set(access_token) <= TOKEN_CHARACTERS:
        return "the token response's access_token has characters a bearer header cannot carry"
    token_type = body.get("token_type")
    if token_type is not None and not isinstance(token_type, str):
        return "the token response's token_type is not a string"
    if token_type is not None and token_type.lower() != "bearer":
        return f"the token response's token_type is {token_type!r}, not 'Bearer'"
    expires_in = body.get("expires_in")
    if isinstance(expires_in, str) and expires_in.isdigit():
        expires_in = int(expires_in)
    if expires_in is not None and (
        isinstance(expires_in, bool) or not isinstance(expires_in, int) or expires_in < 0
    ):
        return "the token response's expires_in is not a non-negative integer"
    scope = body.get("scope")
    if scope is not None and not isinstance(scope, str):
        return "the token response's scope is not a string"
    return AuthenticationToken(
        access_token=access_token, token_type=token_type, expires_in=expires_in, scope=scope
    )


# --------------------------------------------------------------------------- validation


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
