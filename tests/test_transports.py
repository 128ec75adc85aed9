"""The client's behaviours over real HTTP, identical on the default transport and httpx's own.

Every test runs twice: on the client's default (the aiohttp-backed transport of
`yoti_idv.transports`), and on httpx's own `AsyncHTTPTransport` given as `transport=`. The
emulator is served by uvicorn on 127.0.0.1, so these are real sockets, pools and timeouts.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from yoti_idv import AsyncIDVClient, RetryPolicy
from yoti_idv._default_transport import DeferredTransport
from yoti_idv.emulator import Emulator
from yoti_idv.emulator.state import StoredMedia, StoredSession
from yoti_idv.errors import APIConnectionError, APITimeoutError, NotFoundError
from yoti_idv.testing import KeyPair, make_key_pair, serve_emulator

TransportFactory = Callable[[int], httpx.AsyncBaseTransport | None]
"""Makes the transport under test for a pool of the given size (None: the client's own)."""

SDK_ID = "transport-tests"
STATIC_SPEC: dict[str, Any] = {
    "client_session_token_ttl": 900,
    "resources_ttl": 90_000,
    "requested_checks": [
        {"type": "LIVENESS", "config": {"liveness_type": "STATIC", "max_retries": 1}}
    ],
}
BIG_MEDIUM = bytes(range(256)) * 4096  # 1 MiB: many chunks on any transport


def _httpx(max_connections: int) -> httpx.AsyncBaseTransport | None:
    limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=None)
    return httpx.AsyncHTTPTransport(limits=limits)


def _default(max_connections: int) -> httpx.AsyncBaseTransport | None:
    return None  # the client builds aiohttp's pool with max_connections=max_concurrency


@pytest.fixture(params=["default", "httpx"])
def make_transport(request: pytest.FixtureRequest) -> TransportFactory:
    return _default if request.param == "default" else _httpx


@pytest.fixture(scope="module")
def key_pair() -> KeyPair:
    return make_key_pair()


@pytest.fixture(scope="module")
def served(key_pair: KeyPair) -> Iterator[tuple[Emulator, str]]:
    emulator = Emulator()
    emulator.register_application(SDK_ID, key_pair.public_key_pem)
    with serve_emulator(emulator) as base_url:
        yield emulator, base_url


def _client(
    served: tuple[Emulator, str],
    key_pair: KeyPair,
    make_transport: TransportFactory,
    *,
    max_concurrency: int = 10,
    sdk_id: str = SDK_ID,
    **options: Any,
) -> AsyncIDVClient:
    _, base_url = served
    return AsyncIDVClient(
        sdk_id,
        key_pair.private_key,
        base_url=base_url,
        transport=make_transport(max_concurrency),
        max_concurrency=max_concurrency,
        **options,
    )


async def _completed_session(client: AsyncIDVClient, emulator: Emulator) -> tuple[str, str]:
    """A completed STATIC liveness session; its id and its image's media id."""
    created = await client.create_session(STATIC_SPEC)
    assert created.session_id is not None
    await emulator.complete_session(created.session_id, "pass")
    session = await client.get_session(created.session_id)
    (resource,) = session.resources.static_liveness_resources
    assert resource.image is not None
    assert resource.image.media is not None
    assert resource.image.media.id is not None
    return created.session_id, resource.image.media.id


def _add_big_medium(emulator: Emulator, session_id: str) -> str:
    medium = StoredMedia(
        id="big-medium",
        type="BINARY",
        content_type="application/octet-stream",
        content=BIG_MEDIUM,
        created=emulator.clock.now(),
    )

    def add(session: StoredSession) -> None:
        session.media[medium.id] = medium

    emulator.store.update(session_id, add)
    return medium.id


# ----------------------------------------------------------------------- the endpoints


async def test_create_get_media_and_delete(
    served: tuple[Emulator, str], key_pair: KeyPair, make_transport: TransportFactory
) -> None:
    emulator, _ = served
    async with _client(served, key_pair, make_transport) as client:
        session_id, media_id = await _completed_session(client, emulator)
        session = await client.get_session(session_id)
        assert session.state == "COMPLETED"
        media = await client.get_media_content(session_id, media_id)
        assert media is not None
        assert media.mime_type == "image/jpeg"
        assert media.content.startswith(b"\xff\xd8")
        documents = await client.get_supported_documents(include_non_latin=True)
        assert documents.supported_countries
        await client.delete_media_content(session_id, media_id)
        with pytest.raises(NotFoundError):
            await client.get_media_content(session_id, media_id)
        await client.delete_session(session_id)
        with pytest.raises(NotFoundError):
            await client.get_session(session_id)


async def test_withheld_media_is_none(
    served: tuple[Emulator, str], key_pair: KeyPair, make_transport: TransportFactory
) -> None:
    emulator, _ = served
    async with _client(served, key_pair, make_transport) as client:
        session_id, media_id = await _completed_session(client, emulator)
        emulator.withhold_media(session_id, media_id)
        assert await client.get_media_content(session_id, media_id) is None
        async with client.stream_media_content(session_id, media_id) as stream:
            assert stream is None


async def test_streaming_arrives_in_chunks_and_is_complete(
    served: tuple[Emulator, str],
    key_pair: KeyPair,
    make_transport: TransportFactory,
    tmp_path: Path,
) -> None:
    emulator, _ = served
    async with _client(served, key_pair, make_transport) as client:
        session_id, _ = await _completed_session(client, emulator)
        media_id = _add_big_medium(emulator, session_id)
        chunks = []
        async with client.stream_media_content(session_id, media_id) as stream:
            assert stream is not None
            assert stream.mime_type == "application/octet-stream"
            assert stream.content_length == len(BIG_MEDIUM)
            async for chunk in stream:
                chunks.append(chunk)
        assert len(chunks) > 1
        assert b"".join(chunks) == BIG_MEDIUM
        target = tmp_path / "medium.bin"
        mime_type = await client.download_media_content(session_id, media_id, target)
        assert mime_type == "application/octet-stream"
        assert target.read_bytes() == BIG_MEDIUM


async def test_what_is_signed_is_what_is_sent(
    served: tuple[Emulator, str], key_pair: KeyPair, make_transport: TransportFactory
) -> None:
    """Characters that URL libraries like to re-quote reach the server as they were signed.

    The emulator checks the signature over the raw bytes it receives: a re-quoted path or
    query would be a 401, not the 404 of a session that does not exist.
    """
    emulator, _ = served
    odd_sdk_id = "odd!*'()~sdk"
    emulator.register_application(odd_sdk_id, key_pair.public_key_pem)
    async with _client(served, key_pair, make_transport, sdk_id=odd_sdk_id) as client:
        with pytest.raises(NotFoundError):
            await client.get_session("not[a]|real^session{id}~!")
        created = await client.create_session(STATIC_SPEC)
        assert created.session_id is not None
        assert (await client.get_session(created.session_id)).session_id == created.session_id


# ----------------------------------------------------------------------- failures


async def test_read_timeout_then_the_pool_still_works(
    served: tuple[Emulator, str], key_pair: KeyPair, make_transport: TransportFactory
) -> None:
    emulator, _ = served
    async with _client(
        served, key_pair, make_transport, max_concurrency=1, retry=RetryPolicy.disabled()
    ) as client:
        emulator.inject_fault("delay", delay=1.0, path="/supported-documents")
        started = time.perf_counter()
        with pytest.raises(APITimeoutError) as caught:
            await client.get_supported_documents(timeout=0.2)
        assert time.perf_counter() - started < 0.9
        assert caught.value.may_have_been_sent
        assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
        # The one connection was closed, not handed back half-read: the next call works.
        assert (await client.get_supported_documents()).supported_countries


async def test_a_dropped_connection_may_have_been_sent(
    served: tuple[Emulator, str], key_pair: KeyPair, make_transport: TransportFactory
) -> None:
    """A server that drops the connection mid-response is not a connection never opened."""
    emulator, _ = served
    async with _client(served, key_pair, make_transport, retry=RetryPolicy.disabled()) as client:
        emulator.inject_fault("drop", path="/supported-documents")
        with pytest.raises(APIConnectionError) as caught:
            await client.get_supported_documents()
        assert not isinstance(caught.value, APITimeoutError)
        assert caught.value.may_have_been_sent
        assert isinstance(caught.value.__cause__, httpx.RemoteProtocolError | httpx.ReadError)
        assert (await client.get_supported_documents()).supported_countries


async def test_a_refused_connection_was_never_sent(
    key_pair: KeyPair, make_transport: TransportFactory, unused_port: int
) -> None:
    async with AsyncIDVClient(
        SDK_ID,
        key_pair.private_key,
        base_url=f"http://127.0.0.1:{unused_port}/idverify/v1",
        transport=make_transport(10),
        retry=RetryPolicy.disabled(),
    ) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.get_session("some-session")
    assert not isinstance(caught.value, APITimeoutError)
    assert not caught.value.may_have_been_sent
    assert isinstance(caught.value.__cause__, httpx.ConnectError)


async def test_a_server_that_hangs_up_is_not_retried_for_a_post(
    key_pair: KeyPair, make_transport: TransportFactory
) -> None:
    """A connection closed after the request went out: the POST may have created a session,
    so it must not be retried (and is not reported as a connect failure or a timeout)."""
    connections = 0

    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        await reader.readuntil(b"\r\n\r\n")
        writer.close()

    server = await asyncio.start_server(hang_up, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    retry = RetryPolicy(backoff_initial=0.01, backoff_max=0.02)
    try:
        async with AsyncIDVClient(
            SDK_ID,
            key_pair.private_key,
            base_url=f"http://127.0.0.1:{port}/idverify/v1",
            transport=make_transport(10),
            retry=retry,
        ) as client:
            with pytest.raises(APIConnectionError) as caught:
                await client.create_session(STATIC_SPEC)
    finally:
        server.close()
        await server.wait_closed()
    assert not isinstance(caught.value, APITimeoutError)
    assert caught.value.may_have_been_sent
    assert isinstance(caught.value.__cause__, httpx.RemoteProtocolError)
    assert connections == 1


async def _eventually(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    """Wait until `condition` holds, checking between event-loop turns; bounded in time."""
    async with asyncio.timeout(seconds):
        while not condition():  # noqa: ASYNC110  (it changes on the server's thread)
            await asyncio.sleep(0.01)


@pytest.fixture
def unused_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port  # nothing listens there once the socket is closed


# ----------------------------------------------------------------------- cancellation, pool


async def test_cancelled_requests_leave_the_pool_usable(
    served: tuple[Emulator, str], key_pair: KeyPair, make_transport: TransportFactory
) -> None:
    emulator, _ = served
    async with _client(served, key_pair, make_transport, max_concurrency=2) as client:
        created = await client.create_session(STATIC_SPEC)
        assert created.session_id is not None
        session_id = created.session_id
        fault = emulator.inject_fault("delay", count=6, delay=1.0, method="GET")
        tasks = [asyncio.create_task(client.get_session(session_id)) for _ in range(6)]
        # Two reach the server (each takes one of the fault's six), four wait for a slot.
        await _eventually(lambda: fault.remaining == 4)
        for task in tasks:
            task.cancel()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        assert all(isinstance(result, asyncio.CancelledError) for result in results)
        emulator.faults.clear()
        # Both slots, and both connections, are free at once: no cancelled call kept one.
        async with asyncio.timeout(5):
            sessions = await asyncio.gather(*(client.get_session(session_id) for _ in range(4)))
        assert {s.session_id for s in sessions} == {session_id}


async def test_a_cancelled_stream_releases_its_connection(
    served: tuple[Emulator, str], key_pair: KeyPair, make_transport: TransportFactory
) -> None:
    emulator, _ = served
    async with _client(served, key_pair, make_transport, max_concurrency=1) as client:
        session_id, _ = await _completed_session(client, emulator)
        media_id = _add_big_medium(emulator, session_id)

        reading = asyncio.Event()

        async def read_one_chunk_then_wait() -> None:
            async with client.stream_media_content(session_id, media_id) as stream:
                assert stream is not None
                async for _ in stream:
                    reading.set()
                    await asyncio.Event().wait()  # until cancelled

        task = asyncio.create_task(read_one_chunk_then_wait())
        async with asyncio.timeout(5):
            await reading.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        # With one slot and one connection, this would hang if the stream had kept either.
        async with asyncio.timeout(5):
            media = await client.get_media_content(session_id, media_id)
        assert media is not None
        assert media.content == BIG_MEDIUM


async def test_the_pool_limit_holds(
    served: tuple[Emulator, str], key_pair: KeyPair, make_transport: TransportFactory
) -> None:
    """At most `max_connections` requests are on the wire at once, whoever sends them."""
    emulator, base_url = served
    transport = make_transport(2)
    if transport is None:
        from yoti_idv.transports import aiohttp_transport

        transport = aiohttp_transport(max_connections=2)
    # A client allowing 6 in flight over a pool of 2: the pool is what must hold.
    async with AsyncIDVClient(
        SDK_ID,
        key_pair.private_key,
        base_url=base_url,
        transport=transport,
        max_concurrency=6,
    ) as client:
        created = await client.create_session(STATIC_SPEC)
        assert created.session_id is not None
        emulator.inject_fault("delay", count=6, delay=0.3, method="GET")
        started = time.perf_counter()
        await asyncio.gather(*(client.get_session(created.session_id) for _ in range(6)))
        elapsed = time.perf_counter() - started
    assert elapsed >= 0.85  # three rounds of two, not one round of six


# ----------------------------------------------------------------------- the factory


def test_the_factory_checks_its_arguments() -> None:
    from yoti_idv.transports import AiohttpTransport, aiohttp_transport

    transport = aiohttp_transport(max_connections=7, keepalive_expiry=2.5)
    assert isinstance(transport, AiohttpTransport)
    assert isinstance(transport, httpx.AsyncBaseTransport)
    assert transport.limits.max_connections == 7
    assert transport.limits.keepalive_expiry == 2.5
    with pytest.raises(ValueError, match="max_connections"):
        aiohttp_transport(max_connections=0)
    with pytest.raises(TypeError, match="max_connections"):
        aiohttp_transport(max_connections=True)
    with pytest.raises(ValueError, match="keepalive_expiry"):
        aiohttp_transport(keepalive_expiry=0)
    proxied = aiohttp_transport(proxy="http://proxy.invalid:3128")
    assert proxied.proxy is not None
    assert proxied.proxy.url == httpx.URL("http://proxy.invalid:3128")


async def test_closing_the_client_closes_the_aiohttp_session(
    served: tuple[Emulator, str], key_pair: KeyPair
) -> None:
    import aiohttp

    from yoti_idv.transports import aiohttp_transport

    transport = aiohttp_transport()
    async with AsyncIDVClient(
        SDK_ID, key_pair.private_key, base_url=served[1], transport=transport
    ) as client:
        await client.get_supported_documents()
        session = transport.client
        assert isinstance(session, aiohttp.ClientSession)
        assert not session.closed
    assert session.closed


def test_a_broken_install_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "yoti_idv.transports", raising=False)
    monkeypatch.setitem(sys.modules, "httpx_aiohttp", None)  # makes the import fail
    with pytest.raises(ImportError, match=r"needs aiohttp and httpx-aiohttp, which yoti-idv"):
        importlib.import_module("yoti_idv.transports")


async def test_transport_aiohttp_is_one_argument() -> None:
    from yoti_idv import AsyncIDVClient
    from yoti_idv.testing import make_key_pair
    from yoti_idv.transports import AiohttpTransport

    key = make_key_pair().private_key
    async with AsyncIDVClient("s", key, transport="aiohttp", max_concurrency=7) as client:
        deferred = client._http._transport
        assert isinstance(deferred, DeferredTransport)
        assert isinstance(deferred.get(), AiohttpTransport)


def test_transport_names_other_than_aiohttp_are_refused() -> None:
    from yoti_idv import AsyncIDVClient, ConfigurationError
    from yoti_idv.testing import make_key_pair

    key = make_key_pair().private_key
    with pytest.raises(ConfigurationError, match="'aiohttp'"):
        AsyncIDVClient("s", key, transport="curl")  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="not both"):
        AsyncIDVClient("s", key, transport="aiohttp", http_client=httpx.AsyncClient())


def test_aiohttp_is_imported_by_the_first_request_not_before() -> None:
    """Importing yoti_idv and building a client stay light: the default pool (aiohttp, and
    its SSL context) is built when the client first sends."""
    import subprocess

    code = (
        "import sys, yoti_idv\n"
        "from yoti_idv import AsyncIDVClient\n"
        "assert 'aiohttp' not in sys.modules, 'imported with yoti_idv'\n"
        "from yoti_idv.testing import make_key_pair\n"
        "client = AsyncIDVClient('s', make_key_pair(1024).private_key)\n"
        "assert 'aiohttp' not in sys.modules, 'imported by building a client'\n"
        "client._http._transport.get()  # what the first request does\n"
        "assert 'aiohttp' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


async def test_the_default_pool_is_sized_to_max_concurrency() -> None:
    from yoti_idv.transports import AiohttpTransport

    key = make_key_pair().private_key
    async with AsyncIDVClient("s", key, max_concurrency=7) as client:
        deferred = client._http._transport
        assert isinstance(deferred, DeferredTransport)
        transport = deferred.get()
        assert isinstance(transport, AiohttpTransport)
        assert transport.limits.max_connections == 7
        transport.client = session = transport.get_client()  # closed by the client's aclose
        assert session.connector is not None
        assert session.connector.limit == 7


async def test_the_client_keeps_no_cookies() -> None:
    """IDV is stateless and Yoti's SDKs keep no cookies: a Set-Cookie is never sent back."""
    sent_cookies: list[str | None] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent_cookies.append(request.headers.get("cookie"))
        return httpx.Response(200, json={"session_id": "x"}, headers={"set-cookie": "lb=1"})

    key = make_key_pair().private_key
    async with AsyncIDVClient(
        "s", key, base_url="https://api.yoti.com/idverify/v1", transport=httpx.MockTransport(answer)
    ) as client:
        await client.get_session("x")
        await client.get_session("x")
        assert len(client._http.cookies) == 0
    assert sent_cookies == [None, None]


# --------------------------------------------------- bodies that arrive with their headers


async def test_a_body_that_arrived_with_its_headers_comes_back_read(
    served: tuple[Emulator, str], key_pair: KeyPair
) -> None:
    """A small JSON answer is handed over as bytes, not as a stream still to be read."""
    from yoti_idv.auth import PrivateKey, RequestSigner
    from yoti_idv.transports import aiohttp_transport

    emulator, base_url = served
    async with _client(served, key_pair, _default) as client:
        session_id, _ = await _completed_session(client, emulator)
    signer = RequestSigner(SDK_ID, PrivateKey.from_pem(key_pair.private_key_pem), base_url)
    async with httpx.AsyncClient(transport=aiohttp_transport(), auth=signer) as http:
        request = http.build_request("GET", f"{base_url}/sessions/{session_id}")
        response = await http.send(request, stream=True)
        assert response.json()["session_id"] == session_id  # no read() needed
        await response.aclose()
