"""The default transport honours the environment as httpx does: proxies, NO_PROXY, SSL_CERT_FILE.

A forward proxy and a TLS server, both small threaded servers on 127.0.0.1 written here; the
IDV API behind them is the emulator served by uvicorn.
"""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Self

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from yoti_idv import AsyncIDVClient, IDVClient, RetryPolicy
from yoti_idv.emulator import Emulator
from yoti_idv.errors import APIConnectionError
from yoti_idv.testing import KeyPair, make_key_pair, serve_emulator
from yoti_idv.transports import AiohttpTransport, environment_mounts

SDK_ID = "environment-tests"
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture(scope="module")
def key_pair() -> KeyPair:
    return make_key_pair()


@pytest.fixture(scope="module")
def base_url(key_pair: KeyPair) -> Iterator[str]:
    emulator = Emulator()
    emulator.register_application(SDK_ID, key_pair.public_key_pem)
    with serve_emulator(emulator) as url:
        yield url


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proxy or CA variable from the machine running the tests."""
    for name in (*PROXY_VARIABLES, "REQUEST_METHOD", "SSL_CERT_FILE", "SSL_CERT_DIR"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


def _read_head(connection: socket.socket) -> tuple[bytes, bytes]:
    """The request head and whatever of the body came with it."""
    buffer = b""
    while b"\r\n\r\n" not in buffer:
        chunk = connection.recv(65536)
        if not chunk:
            raise ConnectionError("closed before a whole request head")
        buffer += chunk
    head, _, rest = buffer.partition(b"\r\n\r\n")
    return head, rest


class _ThreadedServer:
    """A listener on 127.0.0.1 that hands each connection to `_serve`, until `__exit__`."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        self._thread.join(timeout=5)

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            self._serve(connection)

    def _serve(self, connection: socket.socket) -> None:
        raise NotImplementedError


class ForwardProxy(_ThreadedServer):
    """A plain-HTTP forward proxy: takes absolute-form requests, relays them, notes each one.

    One request per connection (it answers ``Connection: close``), which is all these tests
    need; it forwards the request's bytes as they came, so signatures still verify.
    """

    def __init__(self) -> None:
        super().__init__()
        self.url = f"http://127.0.0.1:{self.port}"
        self.seen: list[str] = []

    def _serve(self, connection: socket.socket) -> None:
        threading.Thread(target=self._relay, args=(connection,), daemon=True).start()

    def _relay(self, connection: socket.socket) -> None:
        with connection:
            head, rest = _read_head(connection)
            request_line, *header_lines = head.split(b"\r\n")
            method, target, version = request_line.split(b" ")
            self.seen.append(target.decode())
            url = httpx.URL(target.decode())
            path = url.raw_path
            headers = [
                line
                for line in header_lines
                if not line.lower().startswith((b"connection:", b"proxy-", b"keep-alive:"))
            ]
            upstream_head = b"\r\n".join(
                [b" ".join([method, path, version]), *headers, b"Connection: close"]
            )
            with socket.create_connection((url.host, url.port or 80), timeout=10) as upstream:
                upstream.sendall(upstream_head + b"\r\n\r\n" + rest)
                length = 0
                for line in headers:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                while len(rest) < length:
                    chunk = connection.recv(65536)
                    if not chunk:
                        return
                    rest += chunk
                    upstream.sendall(chunk)
                while chunk := upstream.recv(65536):  # the upstream closes after its answer
                    connection.sendall(chunk)


@pytest.fixture
def proxy() -> Iterator[ForwardProxy]:
    with ForwardProxy() as running:
        yield running


async def test_http_proxy_is_used_by_default(
    base_url: str, key_pair: KeyPair, proxy: ForwardProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    async with AsyncIDVClient(SDK_ID, key_pair.private_key, base_url=base_url) as client:
        assert isinstance(client._http._transport.get(), AiohttpTransport)  # type: ignore[attr-defined]
        documents = await client.get_supported_documents()
    assert documents is not None
    assert len(proxy.seen) == 1
    assert proxy.seen[0].startswith(base_url + "/supported-documents?")


async def test_no_proxy_bypasses_it(
    base_url: str, key_pair: KeyPair, proxy: ForwardProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", "example.com,127.0.0.1")
    async with AsyncIDVClient(SDK_ID, key_pair.private_key, base_url=base_url) as client:
        await client.get_supported_documents()
    assert proxy.seen == []


async def test_a_given_transport_is_used_as_it_is(
    base_url: str, key_pair: KeyPair, proxy: ForwardProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """httpx reads no proxy variable when it is given a transport, and neither does the client."""
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    transport = httpx.AsyncHTTPTransport()
    async with AsyncIDVClient(
        SDK_ID, key_pair.private_key, base_url=base_url, transport=transport
    ) as client:
        await client.get_supported_documents()
        assert client._http._transport is transport
    assert proxy.seen == []


def test_the_sync_client_uses_the_proxy_too(
    base_url: str, key_pair: KeyPair, proxy: ForwardProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    with IDVClient(SDK_ID, key_pair.private_key, base_url=base_url) as client:
        client.get_supported_documents()
    assert len(proxy.seen) == 1


@pytest.mark.parametrize(
    "variables",
    [
        {"HTTP_PROXY": "http://proxy.invalid:3128"},
        {"https_proxy": "proxy.invalid:3128", "NO_PROXY": ".example.com,10.0.0.1,::1,localhost"},
        {"ALL_PROXY": "http://proxy.invalid:1", "NO_PROXY": "example.com, http://a.test"},
        {"HTTP_PROXY": "http://proxy.invalid:3128", "NO_PROXY": "*"},
        {"NO_PROXY": "example.com"},
    ],
)
def test_the_mounts_are_the_ones_httpx_builds(
    variables: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from httpx._utils import get_environment_proxies  # what httpx itself reads

    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    expected = {k: v for k, v in get_environment_proxies().items() if v is not None}
    mounts = environment_mounts(7)
    proxied = {
        pattern: str(transport.proxy.url)
        for pattern, transport in mounts.items()
        if isinstance(transport, AiohttpTransport) and transport.proxy is not None
    }
    assert proxied == {k: str(httpx.URL(v)) for k, v in expected.items()}
    if expected:
        bypassed = {k for k, v in get_environment_proxies().items() if v is None}
        assert {k for k, v in mounts.items() if v is None} == bypassed
        assert all(
            t.limits.max_connections == 7
            for t in mounts.values()
            if isinstance(t, AiohttpTransport)
        )


# ------------------------------------------------------------------------ SSL_CERT_FILE


def _certificates(directory: Path) -> tuple[Path, Path, Path]:
    """A CA, and a server certificate for 127.0.0.1 that it signed: (ca, cert, key) files."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "yoti-idv test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=True, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    server_key = ec.generate_private_key(ec.SECP256R1())
    server = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(server_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.IPv4Address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_file, cert_file, key_file = (directory / n for n in ("ca.pem", "cert.pem", "key.pem"))
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(server.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        server_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ca_file, cert_file, key_file


class TLSServer(_ThreadedServer):
    """Answers every request over TLS with an empty supported-documents list, then closes."""

    BODY = b'{"supported_countries": []}'

    def __init__(self, cert_file: Path, key_file: Path) -> None:
        super().__init__()
        self._context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._context.load_cert_chain(cert_file, key_file)
        self.base_url = f"https://127.0.0.1:{self.port}/idverify/v1"
        self.answered = 0

    def _serve(self, connection: socket.socket) -> None:
        try:
            with self._context.wrap_socket(connection, server_side=True) as tls:
                _read_head(tls)
                tls.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    b"Connection: close\r\nContent-Length: "
                    + str(len(self.BODY)).encode()
                    + b"\r\n\r\n"
                    + self.BODY
                )
                self.answered += 1
        except (OSError, ssl.SSLError, ConnectionError):
            connection.close()  # a client that refused the certificate


async def test_ssl_cert_file_is_honoured(
    tmp_path: Path, key_pair: KeyPair, monkeypatch: pytest.MonkeyPatch
) -> None:
    ca_file, cert_file, key_file = _certificates(tmp_path)
    with TLSServer(cert_file, key_file) as server:
        # Without it, the test CA is unknown: the certificate is refused.
        async with AsyncIDVClient(
            SDK_ID, key_pair.private_key, base_url=server.base_url, retry=RetryPolicy.disabled()
        ) as client:
            with pytest.raises(APIConnectionError) as refused:
                await client.get_supported_documents()
            causes: list[str] = []
            cause: BaseException | None = refused.value
            while cause is not None and len(causes) < 10:
                causes.append(repr(cause))
                cause = cause.__cause__
            assert "CERTIFICATE_VERIFY_FAILED" in " ".join(causes)
        monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
        async with AsyncIDVClient(
            SDK_ID, key_pair.private_key, base_url=server.base_url, retry=RetryPolicy.disabled()
        ) as client:
            await client.get_supported_documents()
        with IDVClient(
            SDK_ID, key_pair.private_key, base_url=server.base_url, retry=RetryPolicy.disabled()
        ) as sync_client:
            sync_client.get_supported_documents()
    assert server.answered == 2


# ------------------------------------------------------------------------ respx


def _docs_snippet(heading: str) -> str:
    """The first Python block under `heading` in docs/production.md."""
    text = (Path(__file__).parents[1] / "docs" / "production.md").read_text(encoding="utf-8")
    section = text.split(heading, 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


async def test_the_documented_respx_test_works() -> None:
    namespace: dict[str, object] = {}
    exec(_docs_snippet("### Testing with respx"), namespace)  # noqa: S102 - our own docs
    test = namespace["test_reads_a_completed_session"]
    assert callable(test)
    await test()


async def test_respx_intercepts_the_default_transport_and_nothing_reaches_the_network() -> None:
    import respx

    key = make_key_pair().private_key
    # An address nothing listens on: a request that got past respx would fail to connect.
    api = "http://127.0.0.1:9/idverify/v1"
    with respx.mock(base_url=api) as router:
        route = router.get("/sessions/abc").respond(json={"session_id": "abc"})
        async with AsyncIDVClient("sdk-id", key, base_url=api) as client:
            assert isinstance(client._http._transport.get(), AiohttpTransport)  # type: ignore[attr-defined]
            session = await client.get_session("abc")
    assert session.session_id == "abc"
    assert route.call_count == 1
    assert "X-Yoti-Auth-Digest" in route.calls.last.request.headers


async def test_respx_using_httpx_and_respx_as_a_transport_work_too() -> None:
    """The two other ways docs/production.md names."""
    import respx

    key = make_key_pair().private_key
    api = "http://127.0.0.1:9/idverify/v1"  # nothing listens: a request past respx would fail
    with respx.mock(base_url=api, using="httpx") as router:
        router.get("/sessions/abc").respond(json={"session_id": "abc"})
        async with AsyncIDVClient("sdk-id", key, base_url=api) as client:
            assert (await client.get_session("abc")).session_id == "abc"
    router = respx.MockRouter(base_url=api)
    router.get("/sessions/abc").respond(json={"session_id": "abc"})
    transport = httpx.MockTransport(router.async_handler)
    async with AsyncIDVClient("sdk-id", key, base_url=api, transport=transport) as client:
        assert (await client.get_session("abc")).session_id == "abc"
