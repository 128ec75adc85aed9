"""1. The client's cost of one signed request, no network.

* ours: what each attempt of ``get_session`` does before the transport: the client's
  `Operation.build_request` (the URL built with the signer's fresh auth parameters) and
  `RequestSigner.sign_request` (the signer's async flow does the same work, the RSA part in
  its signing thread);
* a bare RSA-2048 PKCS#1 v1.5 / SHA-256 signature of the same message: the floor;
* Yoti's `SignedRequest` build for the same GET, as its `DocScanClient.get_session` does it
  (a key file path, as documented; and a pre-parsed `Crypto`, which it also accepts).

Also, for context: one whole ``get_session`` call over `httpx.MockTransport` (no network:
the async auth flow, the thread hop, the status check and parsing a small session).
"""

from __future__ import annotations

import asyncio
import tempfile
import uuid
from pathlib import Path

import httpx
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from yoti_idv import AsyncIDVClient, RetryPolicy
from yoti_idv import _operations as operations
from yoti_idv._request_builder import RequestBuilder
from yoti_idv.auth.signing import RequestSigner, message_to_sign
from yoti_idv.client import DEFAULT_TIMEOUT
from yoti_idv.testing import make_key_pair

from ._common import cpu_seconds, median, per_call_seconds
from ._report import Figure, at_most
from ._settings import Settings

__all__ = ["run"]

BASE_URL = "https://api.yoti.com/idverify/v1"
SDK_ID = str(uuid.uuid4())
SESSION_ID = str(uuid.uuid4())


def run(settings: Settings) -> list[Figure]:
    from yoti_python_sdk.crypto import Crypto
    from yoti_python_sdk.http import SignedRequest

    key_pair = make_key_pair()
    raw_key = serialization.load_pem_private_key(key_pair.private_key_pem, password=None)
    assert isinstance(raw_key, rsa.RSAPrivateKey)
    message = message_to_sign(
        "GET",
        f"/sessions/{SESSION_ID}?sdkId={SDK_ID}&nonce={uuid.uuid4()}&timestamp=1700000000000",
        None,
    )

    def bare() -> None:
        raw_key.sign(message, padding.PKCS1v15(), hashes.SHA256())

    http = httpx.AsyncClient(
        timeout=DEFAULT_TIMEOUT,
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=100),
    )
    signer = RequestSigner(SDK_ID, key_pair.private_key, BASE_URL)

    operation = operations.get_session(SESSION_ID)
    requests = RequestBuilder(http, BASE_URL, signer.auth_query, owned=True)

    def ours() -> None:
        # As AsyncIDVClient._attempt builds each attempt, then the signer's work.
        request = requests.build(operation, DEFAULT_TIMEOUT)
        signer.sign_request(request)

    with tempfile.TemporaryDirectory(prefix="yoti-idv-bench-") as directory:
        key_path = Path(directory) / "key.pem"
        key_path.write_bytes(key_pair.private_key_pem)
        parsed = Crypto(key_pair.private_key_pem)

        def yoti(key: object) -> None:
            (
                SignedRequest.builder()
                .with_get()
                .with_pem_file(key)
                .with_base_url(BASE_URL)
                .with_endpoint(f"/sessions/{SESSION_ID}")
                .with_param("sdkId", SDK_ID)
                .build()
            )

        seconds = per_call_seconds(
            {
                "bare": bare,
                "ours": ours,
                "yoti_documented": lambda: yoti(str(key_path)),
                "yoti_parsed": lambda: yoti(parsed),
            },
            rounds=settings.rounds,
            min_seconds=settings.micro_seconds,
        )
    bare_s, ours_s = seconds["bare"], seconds["ours"]
    yoti_documented_s, yoti_parsed_s = seconds["yoti_documented"], seconds["yoti_parsed"]
    whole_call_s = _whole_call_seconds(key_pair.private_key_pem, settings)

    us = 1e6
    return [
        Figure(
            item="1",
            measure="signed request, no network: build + sign",
            unit="µs",
            ours=ours_s * us,
            reference_label="bare RSA-2048 signature",
            reference=bare_s * us,
            target=at_most(1.2),
        ),
        Figure(
            item="1",
            measure="signed request, no network: build + sign",
            unit="µs",
            ours=ours_s * us,
            reference_label="Yoti SignedRequest, key file (documented)",
            reference=yoti_documented_s * us,
        ),
        Figure(
            item="1",
            measure="signed request, no network: build + sign",
            unit="µs",
            ours=ours_s * us,
            reference_label="Yoti SignedRequest, pre-parsed key",
            reference=yoti_parsed_s * us,
        ),
        Figure(
            item="1",
            measure="whole get_session over MockTransport (CPU, all threads)",
            unit="µs",
            ours=whole_call_s * us,
            reference_label="bare RSA-2048 signature",
            reference=bare_s * us,
        ),
    ]


def _whole_call_seconds(pem: bytes, settings: Settings) -> float:
    body = (
        b'{"client_session_token_ttl":0,"session_id":"%s","state":"COMPLETED",'
        b'"resources":{"id_documents":[],"liveness_capture":[]},"checks":[]}' % SESSION_ID.encode()
    )

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})

    async def measure() -> float:
        async with AsyncIDVClient(
            SDK_ID,
            pem,
            base_url=BASE_URL,
            transport=httpx.MockTransport(handler),
            retry=RetryPolicy.disabled(),
        ) as client:
            for _ in range(20):
                await client.get_session(SESSION_ID)
            results = []
            calls = 200 if settings.quick else 1000
            for _ in range(settings.rounds):
                started = cpu_seconds()
                for _ in range(calls):
                    await client.get_session(SESSION_ID)
                results.append((cpu_seconds() - started) / calls)
            return median(results)

    return asyncio.run(measure())
