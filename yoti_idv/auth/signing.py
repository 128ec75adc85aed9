"""The private key (loaded and validated once, never shown) and the request signer.

Yoti's IDV API authenticates every backend request with a signature over
``METHOD&<path and query relative to the base URL>[&<base64 of the body>]``, RSA PKCS#1 v1.5
with SHA-256, sent base64-encoded in ``X-Yoti-Auth-Digest``; the query carries ``sdkId``, a
fresh ``nonce`` and an epoch-millisecond ``timestamp`` (as Yoti's
official SDKs sign).

`RequestSigner` is an `httpx.Auth`, so it runs once per send above any transport: the
default pool, `httpx.ASGITransport` (the emulator), `httpx.MockTransport` and respx alike.
Every retry is a new send, so every attempt gets a fresh nonce and signature.
"""

from __future__ import annotations

import asyncio
import base64
import os
import time
import uuid
from collections.abc import AsyncGenerator, Generator
from pathlib import Path
from typing import Final

import httpx
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from yoti_idv._version import __version__
from yoti_idv.errors import ConfigurationError

from ._signing_thread import SigningThread

__all__ = [
    "AUTH_DIGEST_HEADER",
    "SDK_HEADER",
    "SDK_HEADERS",
    "SDK_VERSION_HEADER",
    "PrivateKey",
    "RequestSigner",
    "include_sdk_id",
    "message_to_sign",
]

AUTH_DIGEST_HEADER = "X-Yoti-Auth-Digest"
SDK_HEADER = "X-Yoti-SDK"
SDK_VERSION_HEADER = "X-Yoti-SDK-Version"

# Yoti's SDKs send their language here and "<Language>-<version>" in the version header; we
# keep the language (the service may key behaviour on it) and name ourselves in the version.
SDK_NAME = "Python"
SDK_VERSION = f"yoti-idv-{__version__}"
SDK_HEADERS: Final = ((SDK_HEADER, SDK_NAME), (SDK_VERSION_HEADER, SDK_VERSION))
"""The headers that name this SDK, sent with every request."""

# Request extension that turns off the sdkId query parameter for one request: node, python,
# go and php send GET /supported-documents without it.
_INCLUDE_SDK_ID = "yoti_idv.include_sdk_id"
_AUTH_PARAMS = frozenset({"sdkId", "nonce", "timestamp"})
# Request extension: the auth parameters (from `RequestSigner.auth_query`) that the request's
# URL was built with, so that signing does not rebuild the URL to add them (nor look for
# the SDK headers, which such a request carries already).
_AUTH_QUERY = "yoti_idv.auth_query"


def include_sdk_id(value: bool) -> dict[str, bool]:
    """Request ``extensions`` that say whether the signer adds ``sdkId`` to the query."""
    return {_INCLUDE_SDK_ID: value}


def built_with_auth_query(query: str) -> dict[str, str]:
    """Request ``extensions`` that say the request was built by a client: its URL already ends
    with `query` (`auth_query`'s) and it carries `SDK_HEADERS`."""
    return {_AUTH_QUERY: query}


class PrivateKey:
    """An RSA private key for signing IDV requests, parsed and validated once.

    Build it with `PrivateKey.from_file` or `PrivateKey.from_pem`. Its repr and str say only
    the key size; it cannot be pickled, so it does not leak through caches or task queues.
    """

    __slots__ = ("_key",)

    def __init__(self, key: rsa.RSAPrivateKey) -> None:
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ConfigurationError(
                f"the private key must be an RSA key, got {type(key).__name__}"
            )
        self._key = key

    @classmethod
    def from_pem(cls, data: bytes) -> PrivateKey:
        """Load an unencrypted RSA private key from PEM bytes (PKCS#1 or PKCS#8)."""
        given: object = data  # callers without a type checker do pass str here
        if isinstance(given, str):
            raise ConfigurationError(
                "PrivateKey.from_pem takes bytes: pass pem_text.encode() (a str is never "
                "guessed to be either PEM text or a file path)"
            )
        if not isinstance(data, bytes | bytearray | memoryview):
            raise ConfigurationError(
                f"PrivateKey.from_pem takes PEM bytes, got {type(data).__name__}"
            )
        data = bytes(data)
        if b"-----BEGIN" not in data:
            raise ConfigurationError("the private key is not PEM data (no '-----BEGIN' line)")
        try:
            # OpenSSL's full RSA key check (primality of p and q) costs tens of milliseconds,
            # most of what building a client takes; the self-test below instead proves what
            # matters here, that the key makes signatures its public half verifies. The key is
            # the caller's own (Yoti Hub's file), not input from the network.
            key = serialization.load_pem_private_key(
                data, password=None, unsafe_skip_rsa_key_validation=True
            )
        except TypeError:
            # cryptography raises TypeError when a password would be needed.
            raise ConfigurationError(
                "the private key is encrypted; decrypt it first (Yoti Hub issues unencrypted keys)"
            ) from None
        except (ValueError, UnsupportedAlgorithm):
            if b"PUBLIC KEY-----" in data and b"PRIVATE KEY-----" not in data:
                raise ConfigurationError(
                    "the private key is a public key: give the private key (the .pem file "
                    "from Yoti Hub, '-----BEGIN RSA PRIVATE KEY-----'); Yoti keeps the public one"
                ) from None
            raise ConfigurationError(
                "the private key could not be parsed as a PEM private key"
            ) from None
        if not isinstance(key, rsa.RSAPrivateKey):
            kind = _key_kind(key)
            article = "an" if kind[:1].upper() in "AEIOU" else "a"
            raise ConfigurationError(
                f"the private key must be an RSA key, got {article} {kind} key"
            )
        _check_signs_verifiably(key)
        return cls(key)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> PrivateKey:
        """Read and load the PEM file at `path` (the ``.pem`` file from Yoti Hub)."""
        file = Path(path)
        try:
            data = file.read_bytes()
        except FileNotFoundError:
            raise ConfigurationError(f"the private key file does not exist: {file}") from None
        except IsADirectoryError:
            raise ConfigurationError(f"the private key path is a directory: {file}") from None
        except OSError as exc:
            raise ConfigurationError(
                f"the private key file could not be read: {file} ({exc.strerror})"
            ) from None
        try:
            return cls.from_pem(data)
        except ConfigurationError as exc:
            raise ConfigurationError(f"{exc} (file: {file})") from None

    @classmethod
    def load(cls, key: PrivateKey | bytes | str | os.PathLike[str]) -> PrivateKey:
        """Accept what `AsyncIDVClient` accepts: a PrivateKey, PEM bytes, or a file path."""
        if isinstance(key, PrivateKey):
            return key
        if isinstance(key, bytes | bytearray | memoryview):
            return cls.from_pem(bytes(key))
        if isinstance(key, str):
            if "-----BEGIN" in key:
                raise ConfigurationError(
                    "the key looks like PEM text in a str; pass it as bytes (pem_text.encode()) "
                    "or pass the path of the .pem file"
                )
            return cls.from_file(key)
        if isinstance(key, os.PathLike):
            return cls.from_file(key)
        raise ConfigurationError(
            "key must be a PrivateKey, PEM bytes, or the path of a .pem file, "
            f"got {type(key).__name__}"
        )

    @property
    def key_size(self) -> int:
        return self._key.key_size

    def sign(self, message: bytes) -> bytes:
        """RSASSA-PKCS1-v1_5 with SHA-256 over `message`: the raw signature bytes."""
        return self._key.sign(message, padding.PKCS1v15(), hashes.SHA256())

    def public_key_pem(self) -> bytes:
        """The matching public key as SubjectPublicKeyInfo PEM (safe to share)."""
        return self._key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def __repr__(self) -> str:
        return f"PrivateKey(<RSA {self._key.key_size}-bit, redacted>)"

    __str__ = __repr__

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("PrivateKey cannot be pickled: the key must not leave the process")


def _key_kind(key: object) -> str:
    return type(key).__name__.removeprefix("_").replace("PrivateKey", "") or "non-RSA"


def message_to_sign(method: str, path_and_query: str, body: bytes | None) -> bytes:
    """The bytes Yoti verifies: ``METHOD&path?query``, plus ``&base64(body)`` when there is one."""
    message = f"{method.upper()}&{path_and_query}"
    if body:
        message += "&" + base64.b64encode(body).decode("ascii")
    return message.encode("utf-8")


class RequestSigner(httpx.Auth):
    """Signs IDV requests as an `httpx.Auth`.

    It adds ``sdkId`` (unless the request's extensions turn it off), a fresh UUID4 ``nonce`` and
    an epoch-millisecond ``timestamp`` to the query, then signs exactly the path and query that
    are sent (relative to `base_url`) and the exact body bytes. A request for any other origin,
    or outside the base path, is refused rather than signed: a signature is a credential.
    """

    requires_request_body = True

    def __init__(self, sdk_id: str, key: PrivateKey, base_url: str | httpx.URL) -> None:
        self._sdk_id = sdk_id
        self._key = key
        self._base_url = httpx.URL(str(base_url).rstrip("/"))
        self._base_path = self._base_url.raw_path.decode("ascii").rstrip("/")
        # The sdkId parameter, encoded once as httpx encodes query values.
        self._sdk_id_param = str(httpx.QueryParams({"sdkId": sdk_id}))
        self._signing_thread: SigningThread | None = None

    @property
    def base_url(self) -> httpx.URL:
        return self._base_url

    def __repr__(self) -> str:
        return f"RequestSigner(sdk_id={self._sdk_id!r}, base_url={str(self._base_url)!r})"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        self.sign_request(request)
        yield request

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        # An RSA-2048 signature is the costliest CPU work of a request, and cryptography
        # releases the GIL while it works, so the signing runs in a worker thread: the loop
        # keeps serving other requests and a second core does the maths. Not
        # `asyncio.to_thread`: see `SigningThread` for why one dedicated thread.
        await request.aread()
        message, built = self._prepare(request)
        loop = asyncio.get_running_loop()
        thread = self._signing_thread
        if thread is None or thread.loop is not loop:
            thread = self._signing_thread = SigningThread(self._key.sign, loop)
        signature = await thread.sign(message)
        self._apply(request, signature, with_sdk_headers=not built)
        yield request

    def auth_query(self, include_sdk_id: bool = True) -> str:
        """Fresh auth query parameters, encoded: ``sdkId`` (if asked), a UUID4 ``nonce`` and
        the epoch-millisecond ``timestamp``.

        The clients build each request's URL with them already in it (and say so with
        `built_with_auth_query`): a URL parse is a large share of the Python work of a
        signed request, and adding them when signing would parse the URL again (the A/B
        figures are in benchmarks/README.md, item 3).
        """
        query = f"nonce={uuid.uuid4()}&timestamp={time.time_ns() // 1_000_000}"
        return f"{self._sdk_id_param}&{query}" if include_sdk_id else query

    def sign_request(self, request: httpx.Request) -> None:
        """Add the auth query parameters, headers and signature to `request`, in place."""
        message, built = self._prepare(request)
        self._apply(request, self._key.sign(message), with_sdk_headers=not built)

    def _prepare(self, request: httpx.Request) -> tuple[bytes, bool]:
        """Check the target, add sdkId, nonce and timestamp; return the message to sign, and
        whether a client built the request (`built_with_auth_query`)."""
        url = request.url
        if (url.scheme, url.host, url.port) != (
            self._base_url.scheme,
            self._base_url.host,
            self._base_url.port,
        ):
            raise ConfigurationError(
                f"refusing to sign a request for {url.scheme}://{url.netloc.decode('ascii')}: "
                f"the client's base URL is {self._base_url}"
            )
        # Built with fresh auth parameters (`auth_query`) still in place: sign the URL as it
        # is. Taken out of the extensions, so that signing the request again renews them.
        built_with = request.extensions.pop(_AUTH_QUERY, None)
        built = isinstance(built_with, str) and url.query.endswith(built_with.encode("ascii"))
        if not built:
            query = self.auth_query(request.extensions.get(_INCLUDE_SDK_ID, True))
            if url.query and _AUTH_PARAMS.intersection(url.params):
                # Already there (a request signed twice): replace them, as a merge would.
                request.url = url.copy_merge_params(httpx.QueryParams(query))
            else:
                # Append to the encoded path and query as they are: one URL parse, where a
                # merge of query parameters costs three.
                separator = b"&" if url.query else b"?"
                request.url = url.copy_with(
                    raw_path=url.raw_path + separator + query.encode("ascii")
                )
        path_and_query = request.url.raw_path.decode("ascii")
        if not path_and_query.startswith(self._base_path + "/"):
            raise ConfigurationError(
                f"refusing to sign a request outside the base path {self._base_path or '/'}"
            )
        relative = path_and_query[len(self._base_path) :]
        return message_to_sign(request.method, relative, request.content), built

    @staticmethod
    def _apply(request: httpx.Request, signature: bytes, *, with_sdk_headers: bool) -> None:
        headers = request.headers
        headers[AUTH_DIGEST_HEADER] = base64.b64encode(signature).decode("ascii")
        if with_sdk_headers:  # each lookup is a scan of httpx's header list
            for name, value in SDK_HEADERS:
                headers.setdefault(name, value)


def _check_signs_verifiably(key: rsa.RSAPrivateKey) -> None:
    """Sign a fixed message and verify it with the key's public half, as Yoti will.

    A PEM file whose private numbers do not match its public ones (a damaged or hand-edited
    key) fails here, at construction, instead of with a 401 on every request.
    """
    message = b"yoti-idv key self-test"
    signature = key.sign(message, padding.PKCS1v15(), hashes.SHA256())
    try:
        key.public_key().verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise ConfigurationError(
            "the private key is damaged: its signatures do not verify with its own public key"
        ) from None
