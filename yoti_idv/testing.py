"""Helpers for your own test suite: a local IDV service instead of Yoti, no credentials needed.

Needs the ``emulator`` extra. With pytest, use the fixtures that installing ``yoti-idv`` gives
pytest (`pytest_yoti_idv`: ``yoti_client``, ``yoti_emulator``, ``yoti_emulator_server``,
...). The functions here are the same parts, for other test runners, scripts, or more than one
emulator at a time:

```python
import asyncio

from yoti_idv import RequestedLivenessCheckBuilder, SessionSpecBuilder
from yoti_idv.testing import emulated_client

liveness = RequestedLivenessCheckBuilder().for_static_liveness().with_max_retries(3).build()
spec = SessionSpecBuilder().with_requested_check(liveness).build()


async def main() -> None:
    async with emulated_client() as idv:  # idv.client, idv.emulator, idv.sdk_id, idv.key_pair
        created = await idv.client.create_session(spec)
        await idv.emulator.complete_session(created.session_id, outcome="pass")
        session = await idv.client.get_session(created.session_id)
        assert session.state == "COMPLETED"


asyncio.run(main())
```

`serve_emulator()` runs an emulator over real HTTP on 127.0.0.1 in a background thread, for
code that builds its own HTTP client (another SDK, a subprocess, a browser).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from yoti_idv.auth.signing import PrivateKey, RequestSigner

if TYPE_CHECKING:
    from yoti_idv.client import AsyncIDVClient
    from yoti_idv.emulator import Emulator

__all__ = [
    "EmulatedIDV",
    "KeyPair",
    "ServedEmulator",
    "emulated_client",
    "make_key_pair",
    "serve_emulator",
    "signed_http_client",
]


@attrs.frozen
class KeyPair:
    """An RSA key pair for a test application. The private PEM never shows in a repr."""

    private_key: PrivateKey
    private_key_pem: bytes = attrs.field(repr=False)
    public_key_pem: bytes = attrs.field(repr=False)


def make_key_pair(key_size: int = 2048) -> KeyPair:
    """A fresh RSA key pair, the private half as PKCS#1 PEM (the format Yoti Hub issues)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    private_key = PrivateKey.from_pem(pem)
    return KeyPair(private_key, pem, private_key.public_key_pem())


@attrs.frozen
class EmulatedIDV:
    """What `emulated_client` yields: the client, the emulator behind it, and the app's id."""

    client: AsyncIDVClient
    emulator: Emulator
    sdk_id: str
    key_pair: KeyPair


@attrs.frozen
class ServedEmulator:
    """An emulator served over HTTP (what the ``yoti_emulator_server`` pytest fixture yields).

    `base_url` is the API base (``http://127.0.0.1:PORT/idverify/v1``); `sdk_id` and
    `key_file` (a PEM file readable by you only) are a registered application's credentials.
    """

    emulator: Emulator
    base_url: str
    sdk_id: str
    key_file: Path

    @property
    def root_url(self) -> str:
        """The server's origin, where the control API lives (``/__emulator__/``)."""
        return self.base_url.removesuffix("/idverify/v1")

    @property
    def env(self) -> dict[str, str]:
        """The variables that point this SDK and Yoti's own SDKs at the server.

        `AsyncIDVClient.from_env()` reads ``YOTI_IDV_API_URL``; Yoti's Python SDK reads
        ``YOTI_DOC_SCAN_API_URL``, its Node SDK ``YOTI_IDV_API_URL``.
        """
        return {
            "YOTI_CLIENT_SDK_ID": self.sdk_id,
            "YOTI_KEY_FILE_PATH": str(self.key_file),
            "YOTI_IDV_API_URL": self.base_url,
            "YOTI_DOC_SCAN_API_URL": self.base_url,
        }


@contextlib.asynccontextmanager
async def emulated_client(
    emulator: Emulator | None = None,
    *,
    key_pair: KeyPair | None = None,
    sdk_id: str = "test-sdk-id",
    **client_options: Any,
) -> AsyncIterator[EmulatedIDV]:
    """An `AsyncIDVClient` wired in-process to an emulator, closed on exit.

    A new `Emulator` is made unless one is given; the application `sdk_id` is registered with
    `key_pair` (a new one unless given). `client_options` go to `AsyncIDVClient` (``retry=``,
    ``timeout=``...).
    """
    from yoti_idv.client import AsyncIDVClient
    from yoti_idv.emulator import Emulator

    emulator = emulator if emulator is not None else Emulator()
    key_pair = key_pair if key_pair is not None else make_key_pair()
    emulator.register_application(sdk_id, key_pair.public_key_pem)
    async with AsyncIDVClient(
        sdk_id,
        key_pair.private_key,
        base_url=emulator.base_url,
        transport=emulator.transport(),
        **client_options,
    ) as client:
        yield EmulatedIDV(client, emulator, sdk_id, key_pair)


def signed_http_client(
    emulator: Emulator, key_pair: KeyPair, sdk_id: str = "test-sdk-id"
) -> httpx.AsyncClient:
    """A plain `httpx.AsyncClient` that signs like Yoti's SDKs, in-process to `emulator`.

    For raw-protocol tests: requests are relative to ``/idverify/v1``. Registers the
    application. The caller closes the client.
    """
    emulator.register_application(sdk_id, key_pair.public_key_pem)
    return httpx.AsyncClient(
        transport=emulator.transport(),
        base_url=emulator.base_url + "/",
        auth=RequestSigner(sdk_id, key_pair.private_key, emulator.base_url),
    )


@contextlib.contextmanager
def serve_emulator(
    emulator: Emulator, *, host: str = "127.0.0.1", port: int = 0, startup_timeout: float = 10.0
) -> Iterator[str]:
    """Serve `emulator` over HTTP with uvicorn in a background thread; yield its base URL.

    `port` 0 picks a free port. The server stops when the block exits. The emulator's own
    `base_url` (used for the hosted page's links) is pointed at the server while it runs.
    """
    import uvicorn

    # IPPROTO_TCP named explicitly: asyncio only turns Nagle off (TCP_NODELAY) for sockets
    # whose proto says TCP, and with Nagle every keep-alive request waits 40 ms.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    bound_port = sock.getsockname()[1]
    config = uvicorn.Config(emulator, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="yoti-idv-emulator", daemon=True
    )
    previous_base_url = emulator.base_url
    base_url = f"http://{host}:{bound_port}/idverify/v1"
    emulator.base_url = base_url
    thread.start()
    try:
        deadline = time.monotonic() + startup_timeout
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the emulator did not start on {host}:{bound_port}")
            time.sleep(0.01)
        yield base_url
    finally:
        server.should_exit = True
        thread.join(timeout=startup_timeout)
        sock.close()
        emulator.base_url = previous_base_url
