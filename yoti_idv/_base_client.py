"""What both clients share about their setup: arguments, validation, defaults and plain helpers.

`AsyncIDVClient` and `IDVClient` differ only in how they send a request (awaiting an
`httpx.AsyncClient`, or blocking on an `httpx.Client`). Everything decided before that, the
base URL, timeouts, the retry policy, the concurrency limit, the authentication and the
web-flow URL, is decided here once, so the two cannot drift apart.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, Final, Literal, TypedDict

import attrs
import httpx

from ._operations import checked_id, web_flow_url
from ._response_body import (
    DEFAULT_MAX_MEDIA_BYTES,
    DEFAULT_MAX_RESPONSE_BYTES,
    checked_byte_limit,
)
from ._timeouts import coerce_timeout
from ._urls import checked_http_url
from .auth.signing import PrivateKey, RequestSigner
from .errors import ConfigurationError
from .retry import DEFAULT_RETRY_POLICY, RetryPolicy

if TYPE_CHECKING:
    from .auth.token_cache import AccessTokenSource

__all__ = [
    "CookielessAsyncClient",
    "CookielessClient",
    "CLIENT_DEFAULT",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_CONCURRENCY",
    "DEFAULT_TIMEOUT",
    "AsyncClientOptions",
    "AuthFactory",
    "BaseUrlSource",
    "ClientConfig",
    "ClientCore",
    "ClientOptions",
    "KeySource",
    "PRODUCTION",
    "RetryArg",
    "TimeoutArg",
    "SyncClientOptions",
    "check_http_options",
    "check_option_names",
    "checked_max_concurrency",
    "checked_retry",
    "coerce_timeout",
    "client_auth",
    "env_credentials",
    "resolve_base_url",
]

DEFAULT_BASE_URL: Final = "https://api.yoti.com/idverify/v1"

# Finite by default: Yoti's Python and Node SDKs have no timeout at all and Java's default is
# infinite; a hung request must never hang a backend worker.
DEFAULT_TIMEOUT: Final = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=10.0)

# httpx's own default pool size; the client's concurrency limit is tied to it.
DEFAULT_MAX_CONCURRENCY: Final = 100


@attrs.frozen
class BaseUrlSource:
    """Where a client class takes its base URL from when no `base_url` is given: the first of
    `env_vars` that is set, else `default`. Each client class has one (`ClientCore`)."""

    env_vars: tuple[str, ...]
    default: str


# The second variable is the one Yoti's Python, Go, .NET and PHP SDKs read, so existing
# deployments keep working.
PRODUCTION: Final = BaseUrlSource(
    env_vars=("YOTI_IDV_API_URL", "YOTI_DOC_SCAN_API_URL"), default=DEFAULT_BASE_URL
)
_SDK_ID_ENV_VAR: Final = "YOTI_CLIENT_SDK_ID"
_KEY_FILE_ENV_VAR: Final = "YOTI_KEY_FILE_PATH"


class _ClientDefault(enum.Enum):
    TOKEN = "CLIENT_DEFAULT"


CLIENT_DEFAULT: Final = _ClientDefault.TOKEN
"""The `timeout=` default of every method: use the timeout the client was built with."""

TimeoutArg = float | httpx.Timeout | None | _ClientDefault
"""A per-call timeout: seconds, an `httpx.Timeout`, None for no timeout, or `CLIENT_DEFAULT`."""

RetryArg = RetryPolicy | _ClientDefault
"""A per-call retry policy, or `CLIENT_DEFAULT` for the client's."""

AuthFactory = Callable[[str], httpx.Auth]
"""Makes a client's `httpx.Auth` once its base URL is known (auth refuses other origins)."""

KeySource = PrivateKey | bytes | str | os.PathLike[str]
"""A private key: a `PrivateKey`, PEM `bytes`, or the path of the ``.pem`` file."""


class ClientOptions(TypedDict, total=False):
    """The keyword options of every client constructor, besides the credentials.

    - `base_url`: the API base URL; when absent, ``$YOTI_IDV_API_URL``, else
      ``$YOTI_DOC_SCAN_API_URL`` (the variable Yoti's own SDKs read), else Yoti's production
      API (the sandbox client reads only ``$YOTI_SANDBOX_IDV_API_URL``, then Yoti's sandbox).
    - `timeout`: seconds, an `httpx.Timeout`, or None for none; `DEFAULT_TIMEOUT` when absent.
    - `retry`: a `RetryPolicy`; `DEFAULT_RETRY_POLICY` when absent.
    - `max_concurrency`: the most requests in flight at once (the rest wait their turn);
      `DEFAULT_MAX_CONCURRENCY` when absent.
    - `max_response_bytes`: the cap of a JSON answer or an error body read whole;
      `DEFAULT_MAX_RESPONSE_BYTES` when absent.
    - `max_media_bytes`: the cap of a medium read whole (`get_media_content`);
      `DEFAULT_MAX_MEDIA_BYTES` when absent. Streaming media is never capped.
    """

    base_url: str | None
    timeout: float | httpx.Timeout | None
    retry: RetryPolicy
    max_concurrency: int
    max_response_bytes: int
    max_media_bytes: int


class AsyncClientOptions(ClientOptions, total=False):
    """`ClientOptions`, and how `AsyncIDVClient` sends: give at most one of the two.

    - `transport`: any `httpx.AsyncBaseTransport` (the emulator's, a mock, httpx's own),
      used as it is; None or ``"aiohttp"`` for the default, aiohttp's connection pool
      (`yoti_idv.transports`), which honours the proxy and CA variables of the environment.
    - `http_client`: an `httpx.AsyncClient` that the caller owns and closes.
    """

    transport: httpx.AsyncBaseTransport | Literal["aiohttp"] | None
    http_client: httpx.AsyncClient | None


class SyncClientOptions(ClientOptions, total=False):
    """`ClientOptions`, and how `IDVClient` sends: give at most one of the two.

    - `transport`: any `httpx.BaseTransport` (a mock, a proxy's).
    - `http_client`: an `httpx.Client` that the caller owns and closes.
    """

    transport: httpx.BaseTransport | None
    http_client: httpx.Client | None


# --------------------------------------------------------------------------- validation


def checked_retry(retry: object) -> RetryPolicy:
    if not isinstance(retry, RetryPolicy):
        raise ConfigurationError(
            "retry must be a RetryPolicy (RetryPolicy.disabled() for none), "
            f"got {type(retry).__name__}"
        )
    return retry


def checked_max_concurrency(max_concurrency: object) -> int:
    if isinstance(max_concurrency, bool) or not isinstance(max_concurrency, int):
        raise ConfigurationError(f"max_concurrency must be an int, got {max_concurrency!r}")
    if max_concurrency < 1:
        raise ConfigurationError(f"max_concurrency must be at least 1, got {max_concurrency}")
    return max_concurrency


def resolve_base_url(base_url: str | None, source: BaseUrlSource = PRODUCTION) -> str:
    """`base_url`, else the first of `source`'s variables that is set, else its default."""
    origin = "base_url"
    if base_url is None:
        for name in source.env_vars:
            if os.environ.get(name, "").strip():
                base_url, origin = os.environ[name].strip(), f"${name}"
                break
        else:
            base_url = source.default
    url = checked_http_url(base_url, name="base_url", source=origin, example=source.default)
    return str(url).rstrip("/")


def check_option_names(owner: object, options: ClientOptions, allowed: frozenset[str]) -> None:
    """A misspelt option fails as a misspelt keyword argument does."""
    for name in options:
        if name not in allowed:
            raise TypeError(f"{type(owner).__name__}() got an unexpected keyword argument {name!r}")


def check_http_options(
    transport: object,
    http_client: object,
    *,
    transport_type: type[object],
    client_type: type[object],
) -> None:
    """At most one of `transport` and `http_client`, each of the kind the client drives."""
    if transport is not None and http_client is not None:
        raise ConfigurationError(
            "give either transport or http_client, not both: an http_client already has "
            "its own transport"
        )
    if transport is not None and not isinstance(transport, transport_type):
        raise ConfigurationError(
            f"transport must be an httpx.{transport_type.__name__}, got {type(transport).__name__}"
        )
    if http_client is not None and not isinstance(http_client, client_type):
        raise ConfigurationError(
            f"http_client must be an httpx.{client_type.__name__}, got {type(http_client).__name__}"
        )


def env_credentials() -> tuple[str, str]:
    """The SDK id and key file path from ``$YOTI_CLIENT_SDK_ID`` and ``$YOTI_KEY_FILE_PATH``."""
    sdk_id = os.environ.get(_SDK_ID_ENV_VAR, "").strip()
    key_path = os.environ.get(_KEY_FILE_ENV_VAR, "").strip()
    missing = [
        name
        for name, value in ((_SDK_ID_ENV_VAR, sdk_id), (_KEY_FILE_ENV_VAR, key_path))
        if not value
    ]
    if missing:
        raise ConfigurationError(
            (
                f"environment variables {' and '.join(missing)} are not set "
                if len(missing) > 1
                else f"environment variable {missing[0]} is not set "
            )
            + f"({_SDK_ID_ENV_VAR}: the SDK id from Yoti Hub; {_KEY_FILE_ENV_VAR}: its .pem file)"
        )
    return sdk_id, key_path


# --------------------------------------------------------------------------- authentication


def client_auth(
    sdk_id: object, key: KeySource | None, bearer_token: str | AccessTokenSource | None
) -> tuple[str | None, AuthFactory]:
    """A client's SDK id (None with a bearer token) and the factory of its `httpx.Auth`.

    Either `sdk_id` and `key` (the request signer, Yoti's default) or `bearer_token`.
    """
    if bearer_token is not None:
        if sdk_id is not None or key is not None:
            raise ConfigurationError(
                "give either sdk_id and key (signed requests) or bearer_token, not both"
            )
        return None, _bearer_auth(bearer_token)
    if key is None:
        raise ConfigurationError(
            "key is required: a PrivateKey, PEM bytes or the path of the .pem file "
            "(or give bearer_token instead of sdk_id and key)"
        )
    return _signing_auth(sdk_id, key)


def _signing_auth(sdk_id: object, key: KeySource) -> tuple[str, AuthFactory]:
    """Check the SDK id, load the key once; return the id and the factory of its signer."""
    if not isinstance(sdk_id, str) or not sdk_id.strip():
        raise ConfigurationError("sdk_id must be a non-empty string (the SDK id from Yoti Hub)")
    try:
        checked_id("sdk_id", sdk_id)  # it goes into the query, and into the sandbox's paths
    except ValueError as exc:
        raise ConfigurationError(str(exc)) from None
    private_key = PrivateKey.load(key)
    checked_sdk_id = sdk_id

    def make(base_url: str) -> httpx.Auth:
        return RequestSigner(checked_sdk_id, private_key, base_url)

    return sdk_id, make


def _bearer_auth(token: str | AccessTokenSource) -> AuthFactory:
    """The factory of a `BearerTokenAuth` bound to the client's base URL."""
    from .auth.bearer import BearerTokenAuth  # only bearer-token clients need it

    def make(base_url: str) -> httpx.Auth:
        return BearerTokenAuth(token, base_url=base_url)

    return make


# --------------------------------------------------------------------------- the HTTP client


class _NoCookies(httpx.Cookies):
    """A cookie jar that keeps nothing from the responses."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None


class _Cookieless:
    """An httpx client that keeps no cookies (mixed into `httpx.AsyncClient` and `httpx.Client`).

    The IDV API is stateless and authenticates every request on its own; Yoti's SDKs keep no
    cookies either (the Python one sends each request without a session). httpx reads every
    response's ``Set-Cookie`` through `urllib`'s cookie machinery, a measurable share of the
    event loop's work per request (benchmarks/README.md): these clients skip it, and their
    requests are built without a cookie merge (`yoti_idv._request_builder`).
    """

    _no_cookies: httpx.Cookies = _NoCookies()

    @property
    def cookies(self) -> httpx.Cookies:
        return self._no_cookies

    @cookies.setter
    def cookies(self, cookies: object) -> None:
        raise AttributeError("an IDV client's HTTP client keeps no cookies")


class CookielessAsyncClient(_Cookieless, httpx.AsyncClient):
    """The `httpx.AsyncClient` an `AsyncIDVClient` builds for itself: it keeps no cookies."""


class CookielessClient(_Cookieless, httpx.Client):
    """The `httpx.Client` an `IDVClient` builds for itself: it keeps no cookies."""


# --------------------------------------------------------------------------- the settings


@attrs.frozen(kw_only=True)
class ClientConfig:
    """A client's settings, validated: what both clients are built from."""

    sdk_id: str | None
    base_url: str
    timeout: httpx.Timeout
    retry: RetryPolicy
    max_concurrency: int
    max_response_bytes: int
    max_media_bytes: int
    auth: httpx.Auth = attrs.field(repr=False)

    @classmethod
    def build(
        cls,
        sdk_id: str | None,
        make_auth: AuthFactory,
        options: ClientOptions,
        base_url_source: BaseUrlSource,
    ) -> ClientConfig:
        resolved = resolve_base_url(options.get("base_url"), base_url_source)
        coerced_timeout = coerce_timeout(options.get("timeout", DEFAULT_TIMEOUT))
        checked_policy = checked_retry(options.get("retry", DEFAULT_RETRY_POLICY))
        max_concurrency = options.get("max_concurrency", DEFAULT_MAX_CONCURRENCY)
        auth = make_auth(resolved)
        return cls(
            sdk_id=sdk_id,
            base_url=resolved,
            timeout=coerced_timeout,
            retry=checked_policy,
            max_concurrency=checked_max_concurrency(max_concurrency),
            max_response_bytes=checked_byte_limit(
                "max_response_bytes",
                options.get("max_response_bytes", DEFAULT_MAX_RESPONSE_BYTES),
            ),
            max_media_bytes=checked_byte_limit(
                "max_media_bytes", options.get("max_media_bytes", DEFAULT_MAX_MEDIA_BYTES)
            ),
            auth=auth,
        )

    @property
    def auth_query(self) -> Callable[[bool], str] | None:
        """What builds each request's auth parameters into its URL: the signer's, if it signs."""
        return self.auth.auth_query if isinstance(self.auth, RequestSigner) else None

    def limits(self) -> httpx.Limits:
        """The connection pool of a client this SDK creates: one connection per request slot."""
        return httpx.Limits(
            max_connections=self.max_concurrency, max_keepalive_connections=self.max_concurrency
        )

    def body_cap(self, accept: str) -> tuple[int, str]:
        """The size cap of a body read whole, and the name of its setting (for the error).

        Media (and the in-branch PDF) are asked for with ``Accept: */*``; JSON otherwise.
        """
        if accept == "application/json":
            return self.max_response_bytes, "max_response_bytes"
        return self.max_media_bytes, "max_media_bytes"

    def call_timeout(self, timeout: TimeoutArg) -> httpx.Timeout:
        """A method's `timeout=` argument as the timeout of each of its attempts."""
        return self.timeout if timeout is CLIENT_DEFAULT else coerce_timeout(timeout)

    def call_retry(self, retry: RetryArg) -> RetryPolicy:
        """A method's `retry=` argument as the policy of its call."""
        return self.retry if retry is CLIENT_DEFAULT else checked_retry(retry)


class ClientCore:
    """The read-only face both clients share: their settings, and the web-flow URL."""

    base_url_source: ClassVar[BaseUrlSource] = PRODUCTION
    """Where the base URL comes from without `base_url` (the sandbox client has its own)."""

    _config: ClientConfig
    _closed: bool

    @property
    def sdk_id(self) -> str | None:
        """The SDK id; None for a client made by `with_bearer_token`."""
        return self._config.sdk_id

    @property
    def base_url(self) -> str:
        return self._config.base_url

    @property
    def is_closed(self) -> bool:
        return self._closed

    @property
    def max_concurrency(self) -> int:
        """How many requests this client keeps in flight at most (the rest wait their turn)."""
        return self._config.max_concurrency

    def web_url(self, session_id: str, client_session_token: str) -> str:
        """The URL of Yoti's web flow for a session: what a backend puts in an iframe.

        Every official SDK's example builds this by hand; it is
        ``{base_url}/web/index.html?sessionID=...&sessionToken=...``.
        """
        return web_flow_url(self._config.base_url, session_id, client_session_token)

    def _closed_in_flight(self) -> ConfigurationError:
        return ConfigurationError(
            f"this {type(self).__name__} was closed while the call was in flight; close a "
            "client only once its calls are done"
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(sdk_id={self.sdk_id!r}, base_url={self.base_url!r})"
