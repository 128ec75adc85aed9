"""Where the examples are, and serving them over HTTP on 127.0.0.1 (for a browser)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["EXAMPLES", "bound_socket", "serve_asgi"]

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def bound_socket() -> socket.socket:
    """A TCP socket bound to a free port on 127.0.0.1, for `serve_asgi`."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextlib.contextmanager
def serve_asgi(app: Any, sock: socket.socket, *, startup_timeout: float = 15.0) -> Iterator[str]:
    """Serve an ASGI app (its lifespan included) with uvicorn on `sock`, in a thread.

    Yields the base URL (``http://127.0.0.1:N``); the server stops and the socket is closed
    when the block exits.
    """
    import uvicorn

    host, port = sock.getsockname()[:2]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="example-app", daemon=True
    )
    thread.start()
    try:
        deadline = time.monotonic() + startup_timeout
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the app did not start on {host}:{port}")
            time.sleep(0.01)
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=startup_timeout)
        sock.close()
