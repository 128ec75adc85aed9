"""Bearer-token mode: the emulator's stand-in for Yoti's auth service, and the tokens it issued.

Yoti's Java and PHP SDKs (and `AsyncIDVClient.with_bearer_token`) can authenticate IDV requests
with ``Authorization: Bearer <token>`` instead of a signature. The token comes from
``POST https://auth.api.yoti.com/v1/oauth/token``: an OAuth 2.0 ``client_credentials`` grant,
form-encoded, whose ``client_assertion`` is a JWT the application signs with its key (header
``{"alg": "PS384", "typ": "JWT"}``; claims ``iss`` = ``sub`` = ``sdk:<sdk id>``, ``jti``,
``aud`` = the token URL, ``iat``, ``exp``). The emulator serves the same endpoint at the same
path, ``{emulator root}/v1/oauth/token``, and checks the assertion as the service would:

* ``grant_type`` ``client_credentials``, ``client_assertion_type`` the JWT-bearer URN, and a
  non-empty ``scope`` (400 ``invalid_request`` / ``unsupported_grant_type`` /
  ``invalid_scope``);
* the JWT: PS384 (RSASSA-PSS, SHA-384, 48-byte salt) by the key of a registered application
  named by ``iss`` and ``sub``; ``aud`` this endpoint's URL; not expired, not issued in the
  future, living at most `MAX_ASSERTION_LIFETIME`; its ``jti`` never seen before (401
  ``invalid_client`` otherwise).

The answer is ``{"access_token", "token_type": "Bearer", "expires_in", "scope"}``. The token is
an opaque random string the emulator remembers (at most `MAX_TOKENS`, oldest forgotten first)
until it expires; an IDV request that carries it acts for its application, without ``sdkId``,
``nonce``, ``timestamp`` or ``X-Yoti-Auth-Digest``. An unknown or expired one is a 401, which
makes a refreshing client mint a new token. Errors are OAuth's ``{"error",
"error_description"}``; nothing secret is ever put in one.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any, Final

import attrs
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from .auth import Application
from .state import Clock

__all__ = [
    "DEFAULT_TOKEN_LIFETIME",
    "MAX_ASSERTION_LIFETIME",
    "MAX_TOKENS",
    "TOKEN_PATH",
    "TokenIssuer",
    "TokenRefused",
]

TOKEN_PATH: Final = "/v1/oauth/token"
"""Where the token endpoint is, relative to the emulator's root (as on auth.api.yoti.com)."""
DEFAULT_TOKEN_LIFETIME: Final = 3600
"""Seconds an access token is good for."""
MAX_ASSERTION_LIFETIME: Final = 600
"""The longest ``exp`` - ``iat`` accepted (Yoti's SDKs make assertions that live 300 s)."""
MAX_TOKENS: Final = 10_000
"""How many live tokens (and assertion ids) the emulator remembers."""

_GRANT_TYPE: Final = "client_credentials"
_ASSERTION_TYPE: Final = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
_CLOCK_SKEW: Final = 60
_PS384_SALT: Final = 48
_MAX_SEGMENT: Final = 8192


class TokenRefused(Exception):
    """A token request the service refuses: the OAuth error and the HTTP status."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.error = error
        self.description = description

    def to_json(self) -> dict[str, str]:
        return {"error": self.error, "error_description": self.description}


@attrs.frozen
class _Issued:
    sdk_id: str
    expires: float


def _invalid_client(description: str) -> TokenRefused:
    return TokenRefused(401, "invalid_client", description)


def _segment(text: str, what: str) -> bytes:
    if len(text) > _MAX_SEGMENT:
        raise _invalid_client(f"the client assertion's {what} is too long")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise _invalid_client(f"the client assertion's {what} is not base64url") from None


def _json_segment(text: str, what: str) -> dict[str, Any]:
    try:
        value = json.loads(_segment(text, what))
    except (ValueError, RecursionError):
        raise _invalid_client(f"the client assertion's {what} is not JSON") from None
    if not isinstance(value, dict):
        raise _invalid_client(f"the client assertion's {what} is not a JSON object")
    return value


def _number(claims: Mapping[str, Any], name: str) -> float:
    value = claims.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float) or abs(value) > 2**53:
        raise _invalid_client(f"the client assertion has no numeric {name} claim")
    return float(value)


class TokenIssuer:
    """Issues access tokens for client assertions, and finds the application of a token."""

    def __init__(self, clock: Clock, *, lifetime: int = DEFAULT_TOKEN_LIFETIME) -> None:
        self._clock = clock
        self._lifetime = lifetime
        self._tokens: OrderedDict[str, _Issued] = OrderedDict()
        self._assertion_ids: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def issue(
        self, form: Mapping[str, str], *, audience: str, applications: Mapping[str, Application]
    ) -> dict[str, Any]:
        """The token response for a token request's `form`; `TokenRefused` when refused.

        `audience` is the URL the request was sent to, which the assertion's ``aud`` must name.
        """
        if form.get("grant_type") != _GRANT_TYPE:
            raise TokenRefused(400, "unsupported_grant_type", f"grant_type must be {_GRANT_TYPE}")
        if form.get("client_assertion_type") != _ASSERTION_TYPE:
            raise TokenRefused(
                400, "invalid_request", f"client_assertion_type must be {_ASSERTION_TYPE}"
            )
        scope = form.get("scope", "").strip()
        if not scope:
            raise TokenRefused(400, "invalid_scope", "scope must name at least one scope")
        assertion = form.get("client_assertion", "")
        if not assertion:
            raise TokenRefused(400, "invalid_request", "client_assertion is missing")
        application, jwt_id = self._verify(assertion, audience, applications)
        token = secrets.token_urlsafe(32)
        now = self._clock.now()
        with self._lock:
            if jwt_id in self._assertion_ids:
                raise _invalid_client("the client assertion has already been used (its jti)")
            self._assertion_ids[jwt_id] = None
            self._tokens[token] = _Issued(application.sdk_id, now + self._lifetime)
            while len(self._assertion_ids) > MAX_TOKENS:
                self._assertion_ids.popitem(last=False)
            while len(self._tokens) > MAX_TOKENS:
                self._tokens.popitem(last=False)
        return {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": self._lifetime,
            "scope": scope,
        }

    def revoke_all(self) -> None:
        """Forget every issued token, as if each had expired (for refresh tests)."""
        with self._lock:
            self._tokens.clear()

    def application_of(self, token: str) -> str | None:
        """The SDK id a live token was issued for; None when unknown or expired."""
        with self._lock:
            issued = self._tokens.get(token)
            if issued is None:
                return None
            if self._clock.now() >= issued.expires:
                del self._tokens[token]
                return None
            return issued.sdk_id

    def _verify(
        self, assertion: str, audience: str, applications: Mapping[str, Application]
    ) -> tuple[Application, str]:
        parts = assertion.split(".")
        if len(parts) != 3:
            raise _invalid_client("the client assertion is not a JWT (three dot-separated parts)")
        header = _json_segment(parts[0], "header")
        claims = _json_segment(parts[1], "claims")
        signature = _segment(parts[2], "signature")
        if header.get("alg") != "PS384":
            raise _invalid_client("the client assertion must be signed with PS384")
        issuer, subject = claims.get("iss"), claims.get("sub")
        if not isinstance(issuer, str) or not issuer.startswith("sdk:") or subject != issuer:
            raise _invalid_client("the client assertion's iss and sub must both be sdk:<sdk id>")
        application = applications.get(issuer[len("sdk:") :])
        if application is None:
            raise _invalid_client("the client assertion names no known application")
        try:
            application.public_key.verify(
                signature,
                f"{parts[0]}.{parts[1]}".encode("ascii"),
                padding.PSS(mgf=padding.MGF1(hashes.SHA384()), salt_length=_PS384_SALT),
                hashes.SHA384(),
            )
        except (InvalidSignature, UnicodeEncodeError):
            raise _invalid_client(
                "the client assertion's signature is not valid for this application"
            ) from None
        if claims.get("aud") != audience:
            raise _invalid_client(f"the client assertion's aud must be {audience}")
        now = self._clock.now()
        issued, expires = _number(claims, "iat"), _number(claims, "exp")
        if issued > now + _CLOCK_SKEW:
            raise _invalid_client("the client assertion is issued in the future (iat)")
        if expires <= now - _CLOCK_SKEW:
            raise _invalid_client("the client assertion has expired (exp)")
        if expires - issued > MAX_ASSERTION_LIFETIME:
            raise _invalid_client(
                f"the client assertion must expire within {MAX_ASSERTION_LIFETIME} s of iat"
            )
        jwt_id = claims.get("jti")
        if not isinstance(jwt_id, str) or not jwt_id:
            raise _invalid_client("the client assertion has no jti")
        return application, jwt_id
