"""The client assertion: the PS384-signed JWT that Yoti's auth service takes for a token."""

from __future__ import annotations

import base64
import json
import time
import uuid
from typing import Final

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from .signing import PrivateKey

__all__ = ["CLIENT_ASSERTION_LIFETIME", "build_client_assertion"]

CLIENT_ASSERTION_LIFETIME: Final = 300
"""Seconds between a client assertion's ``iat`` and ``exp`` (Java and PHP: 5 minutes)."""

_JWT_HEADER: Final = {"alg": "PS384", "typ": "JWT"}
# RFC 7518 section 3.5: PS384's salt is as long as the SHA-384 output. Java's jjwt (what Yoti's
# Java SDK signs with) builds PSSParameterSpec(SHA-384, MGF1, SHA-384, saltLength=48).
_PS384_SALT_LENGTH: Final = 48


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
