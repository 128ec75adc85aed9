"""``yoti-idv emulator serve`` in a subprocess, for the tests that drive it over HTTP."""

from __future__ import annotations

import contextlib
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator


@contextlib.contextmanager
def served_cli(argv: list[str], *, banner_ends_with: str) -> Iterator[str]:
    """Start ``yoti-idv emulator serve --port 0 ARGV``, yield its banner (up to the line that
    contains `banner_ends_with`), and stop it (SIGTERM), closing its pipes, on exit."""
    process = subprocess.Popen(
        [sys.executable, "-m", "yoti_idv", "emulator", "serve", "--port", "0", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)

    pumping = threading.Thread(target=pump, daemon=True)
    pumping.start()
    try:
        seen: list[str] = []
        deadline = time.monotonic() + 30
        while not any(banner_ends_with in line for line in seen):
            assert time.monotonic() < deadline, f"no banner: {seen}"
            try:
                seen.append(lines.get(timeout=0.5))
            except queue.Empty:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
        yield "".join(seen)
    finally:
        process.terminate()
        process.wait(timeout=15)
        pumping.join(timeout=15)  # it ends at the closed pipe's end of file
        for pipe in (process.stdout, process.stderr):
            if pipe is not None:
                pipe.close()
