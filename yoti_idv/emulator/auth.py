"""Verification of Yoti's request signature, as the IDV service does it.

The signed message is ``METHOD&<path and query relative to /idverify/v1>`` plus
``&<base64 of the body>`` when the request has a body, signed with RSASSA-PKCS1-v1_5 over
SHA-256 and sent base64-encoded in ``X-Yoti-Auth-Digest``. The emulator rebuilds that message
from the bytes that actually arrived (the raw path and the raw query string, never a re-encoded
version), so it accepts every correct signer and nothing else:

* the query parameters may come in any order (Go's come in random map order, .NET puts
  ``timestamp`` before ``nonce``);
* the application is named by ``sdkId`` or, as Go's SDK spells it, ``sdkID`` (or, for the
  sandbox's ``PUT /apps/{sdkId}/response-config``, by the path, and signed by that app's key);
* the nonce is any non-empty string: a UUID4, Go's upper-case hex groups, PHP's mt_rand UUID;
* the timestamp must be present but is not held to a clock window, because Java sends
  ``System.nanoTime() / 1000``, which is not an epoch time at all.

A nonce is remembered per application only once its signature has verified, so a forged
request cannot burn a real client's nonce, and a replay of a good request is refused.
"""

from __future__ import annotations

import base64
import binascii
import threading
from collections import OrderedDict
from collections.abc import Mapping
from urllib.parse import parse_qsl

import attrs
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

__all__ = [
    "AUTH_DIGEST_HEADER",
    "Application",
    "AuthenticationFailed",
    "SignatureVerifier",
    "load_public_key",
]

AUTH_DIGEST_HEADER = "X-Yoti-Auth-Digest"
_SDK_ID_PARAMS = ("sdkId", "sdkID")


class AuthenticationFailed(Exception):
    """A request that must be answered 401; `code` and `message` go into the error body."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def load_public_key(pem: bytes) -> rsa.RSAPublicKey:
    """Parse an RSA public key from PEM (SubjectPublicKeyInfo or PKCS#1), or a private key's.

    Accepting a private key PEM too means ``--public-key`` can be pointed at the one .pem file
    a developer has; only its public half is kept.
    """
    key: object
    try:
        key = serialization.load_pem_public_key(pem)
    except ValueError:
        try:
            key = serialization.load_pem_private_key(pem, password=None).public_key()
        except (ValueError, TypeError):
            raise ValueError("not a PEM RSA public key") from None
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError(f"the application key must be RSA, got {type(key).__name__}")
    return key


@attrs.frozen
class Application:
    """An application the emulator knows: its SDK id and the public half of its key pair."""

    sdk_id: str
    public_key: rsa.RSAPublicKey = attrs.field(repr=False)
    name: str = "yoti-idv emulator application"

    def public_key_pem(self) -> bytes:
        """The public key as SubjectPublicKeyInfo PEM."""
        return self.public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )


class SignatureVerifier:
    """Checks ``X-Yoti-Auth-Digest`` against the registered applications' public keys.

    `max_nonces` bounds the memory kept for replay detection per application: the oldest
    nonces are forgotten first (a replay after that many newer requests goes unnoticed, which
    is plenty for an emulator).
    """

    def __init__(self, *, max_nonces: int = 100_000) -> None:
        self._applications: dict[str, Application] = {}
        self._nonces: dict[str, OrderedDict[str, None]] = {}
        self._max_nonces = max_nonces
        self._lock = threading.Lock()

    @property
    def applications(self) -> Mapping[str, Application]:
        """The registered applications, by SDK id (a read-only view)."""
        return dict(self._applications)

    def register(self, application: Application) -> None:
        """Add (or replace) an application."""
        with self._lock:
            self._applications[application.sdk_id] = application
            self._nonces.setdefault(application.sdk_id, OrderedDict())

    def precheck(
        self, query_string: bytes, digest: str | None, *, sdk_id: str | None = None
    ) -> tuple[Application, str, bytes]:
        """What can be checked before the body is read: the header, the query, the application.

        Returns the application, the nonce and the decoded signature; raises
        `AuthenticationFailed`. The emulator calls it before reading a body, so that an
        unsigned or unknown caller never gets to make it read (or hold) a large one.
        """
        if not digest:
            raise AuthenticationFailed(
                "UNAUTHORIZED", f"The request is not signed: no {AUTH_DIGEST_HEADER} header"
            )
        params = _parse_query(query_string)
        if sdk_id is None:
            sdk_id = _single(params, _SDK_ID_PARAMS, "sdkId")
        elif any(key in _SDK_ID_PARAMS for key, _ in params) and (
            _single(params, _SDK_ID_PARAMS, "sdkId") != sdk_id
        ):
            raise AuthenticationFailed(
                "UNAUTHORIZED", "The sdkId query parameter names another application"
            )
        nonce = _single(params, ("nonce",), "nonce")
        _single(params, ("timestamp",), "timestamp")
        application = self._applications.get(sdk_id)
        if application is None:
            raise AuthenticationFailed("APP_NOT_FOUND", "The referenced application does not exist")
        try:
            signature = base64.b64decode(digest, validate=True)
        except (binascii.Error, ValueError):
            raise AuthenticationFailed(
                "UNAUTHORIZED", f"The {AUTH_DIGEST_HEADER} header is not valid base64"
            ) from None
        return application, nonce, signature

    def verify(
        self,
        method: str,
        path: bytes,
        query_string: bytes,
        body: bytes,
        digest: str | None,
        *,
        sdk_id: str | None = None,
    ) -> Application:
        """Return the application that signed this request, or raise `AuthenticationFailed`.

        `path` is the raw request path relative to the API base (``/sessions/...``) and
        `query_string` the raw query, both exactly as received. The application is named by
        the query's ``sdkId``, or by `sdk_id` for a route that names it in its path
        (``PUT /apps/{sdkId}/response-config``), where a query ``sdkId`` is optional but
        must then agree.
        """
        application, nonce, signature = self.precheck(query_string, digest, sdk_id=sdk_id)
        sdk_id = application.sdk_id
        message = method.upper().encode("ascii") + b"&" + path
        if query_string:
            message += b"?" + query_string
        if body:
            message += b"&" + base64.b64encode(body)
        try:
            application.public_key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            raise AuthenticationFailed(
                "UNAUTHORIZED", "The request signature is not valid for this application"
            ) from None
        with self._lock:
            seen = self._nonces.setdefault(sdk_id, OrderedDict())
            if nonce in seen:
                raise AuthenticationFailed("UNAUTHORIZED", "The nonce has already been used")
            seen[nonce] = None
            while len(seen) > self._max_nonces:
                seen.popitem(last=False)
        return application


def _parse_query(query_string: bytes) -> list[tuple[str, str]]:
    try:
        text = query_string.decode("ascii")
    except UnicodeDecodeError:
        raise AuthenticationFailed(
            "UNAUTHORIZED", "The query string is not ASCII (it must be percent-encoded)"
        ) from None
    return parse_qsl(text, keep_blank_values=True)


def _single(params: list[tuple[str, str]], names: tuple[str, ...], label: str) -> str:
    values = [value for key, value in params if key in names]
    if not values or not values[0]:
        raise AuthenticationFailed("UNAUTHORIZED", f"The {label} query parameter is missing")
    if len(values) > 1:
        raise AuthenticationFailed("UNAUTHORIZED", f"The {label} query parameter is repeated")
    return values[0]
