"""A misbehaving HTTP/1.1 server on 127.0.0.1, for what a well-behaved one never does.

Each connection is handled in its own thread by a `Behaviour`: a function that gets the
request line and a `Wire` to answer on. The behaviours here trickle bytes, hold back their
headers, send bodies without end, or send bodies that do not decode. Every loop in them is
bounded in count and in time, and stops as soon as the client hangs up or the server stops.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import socket
import socketserver
import threading
from collections.abc import Callable, Iterator
from typing import Final

# No behaviour here runs longer than this, whatever the client does.
MAX_BEHAVIOUR_SECONDS: Final = 30.0

SESSION_JSON: Final = json.dumps(
    {"session_id": "s-1", "state": "ONGOING", "client_session_token": "cst-secret"}
).encode()


class Wire:
    """The connection of one request, and the server's stop flag."""

    def __init__(self, sock: socket.socket, stop: threading.Event) -> None:
        self._sock = sock
        self.stop = stop

    def send(self, data: bytes) -> bool:
        """Send `data`; False once the client has gone (or the server stops)."""
        if self.stop.is_set():
            return False
        try:
            self._sock.sendall(data)
        except OSError:
            return False
        return True

    def pause(self, seconds: float) -> bool:
        """Wait, unless the server stops first; False when it did."""
        return not self.stop.wait(seconds)

    def head(self, status: str = "200 OK", **headers: str | int) -> bool:
        # One request per connection: say so, or the client may send the next one on it.
        lines = [f"HTTP/1.1 {status}", "Connection: close"] + [
            f"{name.replace('_', '-')}: {value}" for name, value in headers.items()
        ]
        return self.send(("\r\n".join(lines) + "\r\n\r\n").encode())


Behaviour = Callable[[str, Wire], None]


class RawServer:
    """The server: its `url`, how many requests it was sent (`requests`) and their `bodies`."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.requests = 0
        self.bodies: list[bytes] = []
        self.stop = threading.Event()
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        server = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                sock: socket.socket = self.request
                sock.settimeout(MAX_BEHAVIOUR_SECONDS)
                wire = Wire(sock, server.stop)
                # One request per connection is all these behaviours need.
                with contextlib.suppress(OSError):
                    read = _read_request(sock)
                    if read is None:
                        return
                    line, body = read
                    with server._arrived:
                        server.requests += 1
                        server.bodies.append(body)
                        server._arrived.notify_all()
                    server.behaviour(line, wire)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server(("127.0.0.1", 0), Handler)
        port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{port}/idverify/v1"

    def wait_for_requests(self, count: int, timeout: float = 10.0) -> None:
        """Block until `count` requests have arrived; fail after `timeout` seconds."""
        with self._arrived:
            arrived = self._arrived.wait_for(lambda: self.requests >= count, timeout)
        assert arrived, f"{self.requests} of {count} requests arrived in {timeout} s"

    def __enter__(self) -> RawServer:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def _read_request(sock: socket.socket) -> tuple[str, bytes] | None:
    """Read one request's head and body (by Content-Length); return its line and body."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
        if len(data) > 1024 * 1024:
            return None
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return head.split(b"\r\n", 1)[0].decode("latin-1"), body


@contextlib.contextmanager
def serving(behaviour: Behaviour) -> Iterator[RawServer]:
    with RawServer(behaviour) as server:
        yield server


# --------------------------------------------------------------------------- behaviours


def trickle(interval: float = 0.3, body: bytes = SESSION_JSON) -> Behaviour:
    """Prompt headers, then the body one byte every `interval` seconds."""

    def behave(line: str, wire: Wire) -> None:
        if not wire.head(content_type="application/json", content_length=len(body)):
            return
        for index in range(len(body)):
            if not (wire.pause(interval) and wire.send(body[index : index + 1])):
                return

    return behave


def slow_headers(delay: float = MAX_BEHAVIOUR_SECONDS) -> Behaviour:
    """Nothing at all for `delay` seconds, then a valid answer."""

    def behave(line: str, wire: Wire) -> None:
        if wire.pause(delay):
            wire.head(content_type="application/json", content_length=len(SESSION_JSON))
            wire.send(SESSION_JSON)

    return behave


def endless_chunked(
    chunk_size: int = 64 * 1024, max_bytes: int = 2 * 1024**3, status: str = "200 OK"
) -> Behaviour:
    """A chunked JSON-looking body that never ends (up to `max_bytes`, or the time limit)."""
    chunk = b"[" + b" " * (chunk_size - 1)
    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"

    def behave(line: str, wire: Wire) -> None:
        if not wire.head(status, content_type="application/json", transfer_encoding="chunked"):
            return
        for _ in range(max_bytes // chunk_size):
            if not wire.send(frame):
                return

    return behave


def declared_length(length: int) -> Behaviour:
    """Headers announcing `length` bytes, then a few bytes and silence."""

    def behave(line: str, wire: Wire) -> None:
        if wire.head(content_type="application/json", content_length=length) and wire.send(b"["):
            wire.pause(MAX_BEHAVIOUR_SECONDS)

    return behave


def answer(
    body: bytes, status: str = "200 OK", content_type: str = "application/json", **headers: str
) -> Behaviour:
    """A complete, prompt answer."""

    def behave(line: str, wire: Wire) -> None:
        if wire.head(status, content_type=content_type, content_length=len(body), **headers):
            wire.send(body)

    return behave


def bad_gzip() -> Behaviour:
    """A body that says it is gzip and is not."""
    return answer(b"this is not gzip at all" * 10, content_encoding="gzip")


def gzip_bomb(size: int) -> Behaviour:
    """A small gzip body that inflates to `size` bytes of JSON-looking text."""
    return answer(gzip.compress(b"[" + b" " * (size - 1)), content_encoding="gzip")


def hang_up() -> Behaviour:
    """Read the request, then close the connection without a word."""

    def behave(line: str, wire: Wire) -> None:
        return None

    return behave


def nested_json(depth: int = 2_000) -> bytes:
    return b"[" * depth + b"]" * depth
