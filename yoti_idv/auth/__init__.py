"""Authentication: the request signer (Yoti's default) and bearer tokens.

- `signing`: `PrivateKey` (loaded and checked once, never shown) and `RequestSigner`, the
  `httpx.Auth` that signs every IDV request; `_signing_thread` signs off the event loop.
- `client_assertion`: the PS384 JWT that Yoti's auth service takes for a token.
- `token_minting`: `AuthenticationTokenGenerator` and `mint_access_token` (the auth service).
- `token_cache`: `AccessTokenSource` and `RefreshingTokenSource` (caches and refreshes).
- `bearer`: `BearerTokenAuth`, the `httpx.Auth` that sends ``Authorization: Bearer``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from yoti_idv._lazy import lazy_exports as _lazy_exports

from .signing import (
    AUTH_DIGEST_HEADER,
    SDK_HEADER,
    SDK_VERSION_HEADER,
    PrivateKey,
    RequestSigner,
    include_sdk_id,
    message_to_sign,
)

# Bearer tokens are imported on first use (`yoti_idv._lazy`): a client that signs its
# requests, the default, never needs them.
if TYPE_CHECKING:
    from .bearer import BearerTokenAuth
    from .client_assertion import CLIENT_ASSERTION_LIFETIME, build_client_assertion
    from .token_cache import (
        DEFAULT_REFRESH_MARGIN,
        AccessTokenSource,
        AuthenticationToken,
        RefreshingTokenSource,
    )
    from .token_minting import (
        DEFAULT_AUTH_URL,
        DEFAULT_TOKEN_TIMEOUT,
        AuthenticationTokenGenerator,
        mint_access_token,
    )

__all__ = [
    "AUTH_DIGEST_HEADER",
    "CLIENT_ASSERTION_LIFETIME",
    "DEFAULT_AUTH_URL",
    "DEFAULT_REFRESH_MARGIN",
    "DEFAULT_TOKEN_TIMEOUT",
    "SDK_HEADER",
    "SDK_VERSION_HEADER",
    "AccessTokenSource",
    "AuthenticationToken",
    "AuthenticationTokenGenerator",
    "BearerTokenAuth",
    "PrivateKey",
    "RefreshingTokenSource",
    "RequestSigner",
    "build_client_assertion",
    "include_sdk_id",
    "message_to_sign",
    "mint_access_token",
]

__getattr__ = _lazy_exports(
    __name__, globals(), (".client_assertion", ".token_cache", ".token_minting", ".bearer")
)
