"""``emulator serve`` over real sockets: keys on disk are the owner's and are cleaned up, slow
request heads are cut off, and a huge unsigned body is refused without being read."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from yoti_idv.cli import main
from yoti_idv.emulator import Emulator
from yoti_idv.emulator.server import uvicorn_config

from .served_cli import served_cli

# The banner's last line: Java's system property.
BANNER_END = "yoti.docs.url"


def test_the_generated_key_is_removed_when_serve_exits() -> None:
    with served_cli([], banner_ends_with=BANNER_END) as banner:
        match = re.search(r"private key\s+(\S+)", banner)
        assert match
        key = Path(match.group(1))
        assert key.is_file()
        assert os.stat(key).st_mode & 0o777 == 0o600
        assert "removed when the emulator stops" in banner
    assert not key.exists()
    assert not key.parent.exists()  # the temporary folder it made, too


def test_the_banner_names_each_sdks_variable() -> None:
    with served_cli([], banner_ends_with=BANNER_END) as banner:
        pass
    base_url = re.search(r"base URL\s+(\S+)", banner)
    assert base_url
    url = base_url.group(1)
    assert f"YOTI_IDV_API_URL={url}" in banner
    assert "Node" in banner.split("YOTI_IDV_API_URL")[1].splitlines()[0]
    assert "Python, Go, .NET and PHP" in banner.split("YOTI_DOC_SCAN_API_URL")[1].splitlines()[0]
    assert f"-Dyoti.docs.url={url}" in banner


@pytest.fixture
def busy_port() -> Iterator[int]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    try:
        yield sock.getsockname()[1]
    finally:
        sock.close()


def test_the_key_is_removed_when_the_bind_fails(
    busy_port: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    assert main(["emulator", "serve", "--port", str(busy_port)]) == 1
    assert "cannot listen" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_key_file_is_written_0600_through_a_rename_never_through_a_symlink(
    busy_port: int, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    victim.chmod(0o644)
    link = tmp_path / "key.pem"
    link.symlink_to(victim)
    assert main(["emulator", "serve", "--port", str(busy_port), "--key-file", str(link)]) == 1
    assert victim.read_text() == "precious"
    assert os.stat(victim).st_mode & 0o777 == 0o644


def test_write_private_key_replaces_a_world_readable_file(tmp_path: Path) -> None:
    app = Emulator().create_demo_application()
    target = tmp_path / "key.pem"
    target.write_text("old")
    target.chmod(0o644)
    app.write_private_key(target)
    assert os.stat(target).st_mode & 0o777 == 0o600
    assert target.read_bytes() == app.private_key_pem
    assert [p.name for p in tmp_path.iterdir()] == ["key.pem"]  # no temporary file left


@pytest.fixture
def served_with_short_header_timeout() -> Iterator[tuple[str, int]]:
    import uvicorn

    emulator = Emulator()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    host, port = sock.getsockname()
    emulator.base_url = f"http://{host}:{port}/idverify/v1"
    server = uvicorn.Server(uvicorn_config(emulator, header_timeout=0.5))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline
        assert thread.is_alive()
        time.sleep(0.01)
    try:
        yield host, port
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def test_a_slow_request_head_is_cut_off(served_with_short_header_timeout: tuple[str, int]) -> None:
    host, port = served_with_short_header_timeout
    with socket.create_connection((host, port), timeout=10) as slow:
        slow.sendall(b"GET /__emulator__/ HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
        started = time.monotonic()
        assert slow.recv(1024) == b""  # the server closed it (the socket timeout is 10 s)
        assert time.monotonic() - started < 9
    # A prompt client on another connection is served, and again after a pause on the same one.
    with httpx.Client(base_url=f"http://{host}:{port}") as client:
        assert client.get("/__emulator__/").status_code == 200
        assert client.get("/__emulator__/sessions").status_code == 200


def test_a_huge_unsigned_body_is_refused_unread_over_http(
    served_with_short_header_timeout: tuple[str, int],
) -> None:
    host, port = served_with_short_header_timeout
    sent = 0

    def body() -> Iterator[bytes]:
        nonlocal sent
        chunk = b"x" * 65536
        while sent < 300 * 1024 * 1024:
            sent += len(chunk)
            yield chunk

    with httpx.Client(base_url=f"http://{host}:{port}", timeout=30) as client:
        try:
            response = client.post("/idverify/v1/sessions", content=body())
        except httpx.TransportError:
            response = None  # the server closed the connection on an unread body
    if response is not None:
        assert response.status_code == 401
    assert sent < 64 * 1024 * 1024  # socket buffers at most, never the 300 MB


@pytest.mark.parametrize("value", ["0", "-1", "nan", "1e9", "soon"])
def test_header_timeout_must_be_sensible(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["emulator", "serve", "--header-timeout", value])
    assert exited.value.code == 2
    assert "--header-timeout" in capsys.readouterr().err


def test_allowed_host_reaches_the_emulator(
    busy_port: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    made: list[Emulator] = []
    original = Emulator.__init__

    def recording_init(self: Emulator, **kwargs: object) -> None:
        original(self, **kwargs)  # type: ignore[arg-type]
        made.append(self)

    monkeypatch.setattr(Emulator, "__init__", recording_init)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    assert main(["emulator", "serve", "--port", str(busy_port), "--allowed-host", "emu.test"]) == 1
    (emulator,) = made
    assert emulator.guard.host_allowed("emu.test:8000", "127.0.0.1:8000")
    assert not emulator.guard.host_allowed("other.test", "127.0.0.1:8000")


def test_serve_over_http(tmp_path: Path) -> None:
    from yoti_idv.client import AsyncIDVClient

    key_file = tmp_path / "key.pem"
    with served_cli(
        ["--key-file", str(key_file)], banner_ends_with="YOTI_DOC_SCAN_API_URL"
    ) as banner:
        base_url = re.search(r"base URL\s+(\S+)", banner)
        sdk_id = re.search(r"SDK id\s+(\S+)", banner)
        assert base_url
        assert sdk_id
        assert base_url.group(1).startswith("http://127.0.0.1:")
        assert str(key_file.resolve()) in banner
        assert os.stat(key_file).st_mode & 0o777 == 0o600
        assert "PRIVATE KEY" not in banner

        async def use() -> str | None:
            async with AsyncIDVClient(sdk_id.group(1), key_file, base_url=base_url.group(1)) as c:
                created = await c.create_session(
                    {
                        "client_session_token_ttl": 900,
                        "requested_checks": [
                            {"type": "LIVENESS", "config": {"liveness_type": "STATIC"}}
                        ],
                    }
                )
                return (await c.get_session(created.session_id or "")).state

        assert asyncio.run(use()) == "ONGOING"
