"""The async signer's one signing thread: order, errors, cancellation, idling, closed loops."""

from __future__ import annotations

import asyncio
import base64
import threading
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from yoti_idv.auth import _signing_thread
from yoti_idv.auth.signing import AUTH_DIGEST_HEADER, PrivateKey, RequestSigner, message_to_sign

BASE_URL = "https://api.yoti.com/idverify/v1"
THREAD_NAME = "yoti-idv-signing"


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def key(rsa_key: rsa.RSAPrivateKey) -> PrivateKey:
    return PrivateKey.from_pem(
        rsa_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )


class RecordingKey(PrivateKey):
    """A real key that records which thread signs, and can be held back or made to fail."""

    def __init__(self, key: PrivateKey) -> None:
        super().__init__(key._key)
        self.threads: list[str] = []
        self.gate = threading.Event()
        self.gate.set()
        self.failure: Exception | None = None

    def sign(self, message: bytes) -> bytes:
        self.threads.append(threading.current_thread().name)
        assert self.gate.wait(10)
        if self.failure is not None:
            raise self.failure
        return super().sign(message)


def _signing_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == THREAD_NAME]


def _wait_until(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


@pytest.fixture(autouse=True)
def short_idle(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Idle threads end quickly, so each test starts and ends with no signing thread."""
    monkeypatch.setattr(_signing_thread, "_SIGNING_THREAD_IDLE_SECONDS", 0.05)
    assert _wait_until(lambda: not _signing_threads()), "a signing thread is left from before"
    yield
    assert _wait_until(lambda: not _signing_threads()), "a signing thread outlived its idle time"


async def _sign(signer: RequestSigner, path: str) -> httpx.Request:
    request = httpx.Request("GET", f"{BASE_URL}{path}")
    return await signer.async_auth_flow(request).__anext__()


def _verifies(rsa_key: rsa.RSAPrivateKey, request: httpx.Request) -> bool:
    relative = request.url.raw_path.decode().removeprefix("/idverify/v1")
    rsa_key.public_key().verify(
        base64.b64decode(request.headers[AUTH_DIGEST_HEADER]),
        message_to_sign(request.method, relative, request.content),
        padding.PKCS1v15(),
        hashes.SHA256(),
    )
    return True


async def test_concurrent_requests_are_signed_by_one_thread_off_the_loop(
    rsa_key: rsa.RSAPrivateKey, key: PrivateKey
) -> None:
    recording = RecordingKey(key)
    signer = RequestSigner("sdk", recording, BASE_URL)
    signed = await asyncio.gather(*(_sign(signer, f"/sessions/s{i}") for i in range(40)))
    assert all(_verifies(rsa_key, request) for request in signed)
    # Each request got its own signature, for its own path, whatever order they came back in.
    assert [request.url.path for request in signed] == [
        f"/idverify/v1/sessions/s{i}" for i in range(40)
    ]
    assert len({request.headers[AUTH_DIGEST_HEADER] for request in signed}) == 40
    assert set(recording.threads) == {THREAD_NAME}
    assert len(_signing_threads()) == 1


async def test_a_signing_error_reaches_the_request_that_asked(key: PrivateKey) -> None:
    recording = RecordingKey(key)
    recording.failure = ValueError("the HSM is unplugged")
    signer = RequestSigner("sdk", recording, BASE_URL)
    with pytest.raises(ValueError, match="HSM is unplugged"):
        await _sign(signer, "/sessions/a")
    recording.failure = None
    # The thread survived the error and signs the next request.
    assert AUTH_DIGEST_HEADER in (await _sign(signer, "/sessions/b")).headers


async def test_cancelled_waiters_do_not_disturb_the_others(
    rsa_key: rsa.RSAPrivateKey, key: PrivateKey
) -> None:
    recording = RecordingKey(key)
    signer = RequestSigner("sdk", recording, BASE_URL)
    recording.gate.clear()  # the first signature hangs until released
    tasks = [asyncio.create_task(_sign(signer, f"/sessions/s{i}")) for i in range(6)]
    await asyncio.sleep(0.05)
    for task in tasks[::2]:
        task.cancel()
    recording.gate.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    for index, result in enumerate(results):
        if index % 2 == 0:
            assert isinstance(result, asyncio.CancelledError)
        else:
            assert isinstance(result, httpx.Request)
            assert _verifies(rsa_key, result)
    # Requests cancelled before their turn were never signed (the first one was under way).
    assert len(recording.threads) < 6


def test_the_thread_ends_when_idle_and_a_new_one_starts(key: PrivateKey) -> None:
    signer = RequestSigner("sdk", key, BASE_URL)

    async def sign_then_idle() -> None:
        await _sign(signer, "/sessions/a")
        assert len(_signing_threads()) == 1
        await asyncio.to_thread(_wait_until, lambda: not _signing_threads())
        assert not _signing_threads()
        assert AUTH_DIGEST_HEADER in (await _sign(signer, "/sessions/b")).headers

    asyncio.run(sign_then_idle())


def test_one_signer_serves_one_event_loop_after_another(
    rsa_key: rsa.RSAPrivateKey, key: PrivateKey
) -> None:
    signer = RequestSigner("sdk", key, BASE_URL)
    for _ in range(2):
        assert _verifies(rsa_key, asyncio.run(_sign(signer, "/sessions/a")))


def test_a_closed_loop_ends_the_thread(key: PrivateKey) -> None:
    recording = RecordingKey(key)
    recording.gate.clear()
    loop = asyncio.new_event_loop()
    worker = _signing_thread.SigningThread(recording.sign, loop)
    worker.sign(b"GET&/sessions/a")
    worker.sign(b"GET&/sessions/b")
    assert _wait_until(lambda: len(recording.threads) == 1)
    loop.close()
    recording.gate.set()
    # The hand-over fails on the closed loop: the thread drops the rest and ends.
    assert _wait_until(lambda: not _signing_threads())
    assert len(recording.threads) == 1
