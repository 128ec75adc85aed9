"""The emulator served by uvicorn in its own process, for the polling and streaming benchmarks.

``python -m benchmarks._server KEY_PATH [--big-medium BYTES]`` registers a demo application
(its private key written to KEY_PATH for the clients), prepares the sessions the benchmarks
read, serves the emulator on 127.0.0.1 and prints one JSON line (`Handshake`) on stdout. It
serves until its standard input closes: the parent owns its lifetime, and a parent that dies
takes it along.

The big medium is a benchmark-only use of the emulator's Python API: a `StoredMedia` of the
asked size put into a session's media through `SessionStore.update`, served by the ordinary
signed media route.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import sys
import threading
from pathlib import Path
from typing import Any

import attrs

from yoti_idv import AsyncIDVClient
from yoti_idv.emulator import API_PREFIX, Emulator
from yoti_idv.emulator.state import StoredMedia, StoredSession, new_id

__all__ = ["Handshake", "listening_socket", "polled_spec"]


@attrs.frozen
class Handshake:
    """What the server tells its parent: where it is and what to read."""

    base_url: str
    sdk_id: str
    key_path: str
    session_id: str
    """A completed session with one passed STATIC liveness attempt: what a backend polls."""
    big_media_id: str | None
    big_media_size: int

    def to_json(self) -> str:
        return json.dumps(attrs.asdict(self))

    @classmethod
    def from_json(cls, line: str) -> Handshake:
        return cls(**json.loads(line))


def polled_spec() -> dict[str, Any]:
    """A passive-liveness session, the common case, as a JSON spec."""
    return {
        "client_session_token_ttl": 900,
        "resources_ttl": 90_000,
        "user_tracking_id": "benchmark",
        "requested_checks": [
            {"type": "LIVENESS", "config": {"liveness_type": "STATIC", "max_retries": 1}}
        ],
        "sdk_config": {"allowed_capture_methods": "CAMERA_AND_UPLOAD"},
    }


async def _prepare(emulator: Emulator, key_path: Path, big_medium: int) -> Handshake:
    app = emulator.create_demo_application()
    app.write_private_key(key_path)
    async with AsyncIDVClient(
        app.sdk_id, app.private_key, base_url=emulator.base_url, transport=emulator.transport()
    ) as client:
        created = await client.create_session(polled_spec())
    session_id = created.session_id
    assert session_id is not None
    await emulator.complete_session(session_id, "pass")
    big_media_id = None
    if big_medium:
        big_media_id = new_id()
        medium = StoredMedia(
            id=big_media_id,
            type="BINARY",
            content_type="application/octet-stream",
            content=bytes(range(256)) * (big_medium // 256) + b"\0" * (big_medium % 256),
            created=emulator.clock.now(),
        )

        def add(session: StoredSession) -> None:
            session.media[medium.id] = medium

        emulator.store.update(session_id, add)
    return Handshake(
        base_url="",
        sdk_id=app.sdk_id,
        key_path=str(key_path),
        session_id=session_id,
        big_media_id=big_media_id,
        big_media_size=big_medium,
    )


def listening_socket(host: str = "127.0.0.1") -> socket.socket:
    """A listening TCP socket on a free port.

    Made with ``IPPROTO_TCP`` on purpose: asyncio turns Nagle's algorithm off (TCP_NODELAY)
    only for sockets whose ``proto`` says TCP, and a ``socket.socket(AF_INET, SOCK_STREAM)``
    has proto 0. With Nagle on, the server's second write (the body after the headers) waits
    for the client's delayed ACK: 40 ms on every keep-alive request.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    sock.listen(2048)
    return sock


def main(argv: list[str] | None = None) -> None:
    import uvicorn

    parser = argparse.ArgumentParser(prog="python -m benchmarks._server")
    parser.add_argument("key_path", type=Path)
    parser.add_argument("--big-medium", type=int, default=0, metavar="BYTES")
    parser.add_argument("--http", choices=("auto", "h11", "httptools"), default="auto")
    args = parser.parse_args(argv)
    emulator = Emulator()
    handshake = asyncio.run(_prepare(emulator, args.key_path, args.big_medium))
    sock = listening_socket()
    host, port = sock.getsockname()[:2]
    emulator.base_url = f"http://{host}:{port}{API_PREFIX}"
    server = uvicorn.Server(
        uvicorn.Config(
            emulator, http=args.http, log_level="warning", lifespan="off", access_log=False
        )
    )

    def stop_when_parent_lets_go() -> None:
        sys.stdin.read()  # until the parent closes our stdin (or dies)
        server.should_exit = True

    threading.Thread(target=stop_when_parent_lets_go, daemon=True).start()
    # The socket already listens: the parent may connect before uvicorn accepts.
    print(attrs.evolve(handshake, base_url=emulator.base_url).to_json(), flush=True)
    server.run(sockets=[sock])


if __name__ == "__main__":
    main()
