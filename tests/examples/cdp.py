"""Just enough of the Chrome DevTools Protocol to drive a headless Chromium from a test.

One browser process, one page, commands over aiohttp's websocket client; waits are polls with
a deadline. No browser is downloaded: the binary is the system's (Debian's ``chromium``).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import os
import shutil
import signal
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

__all__ = ["CDPError", "Page", "find_chromium", "launch_chromium"]

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


class CDPError(Exception):
    """A DevTools command failed, or a wait ran out of time."""


def find_chromium() -> str | None:
    """``$CHROMIUM_BINARY``, else ``chromium`` or ``chromium-browser`` on the PATH."""
    configured = os.environ.get("CHROMIUM_BINARY")
    if configured:
        return configured
    return shutil.which("chromium") or shutil.which("chromium-browser")


CHROMIUM = find_chromium()
"""The browser the page tests drive, or None (they are then skipped, saying why)."""

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no chromium binary: apt-get install chromium (or set CHROMIUM_BINARY)",
)


class _Connection:
    """Commands and their answers over one websocket (flat sessions: one socket for all)."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self._ws = ws
        self._ids = itertools.count(1)
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for message in self._ws:
                if message.type is not aiohttp.WSMsgType.TEXT:
                    continue
                data = json.loads(message.data)
                future = self._pending.pop(data.get("id", -1), None)
                if future is None or future.done():
                    continue  # an event: nothing here waits for events
                if "error" in data:
                    future.set_exception(CDPError(json.dumps(data["error"])))
                else:
                    future.set_result(data.get("result", {}))
        finally:
            for future in self._pending.values():
                if not future.done():
                    future.set_exception(CDPError("the DevTools connection closed"))

    async def send(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        session_id: str | None = None,
        timeout: float = 30.0,
    ) -> dict[str, Any]:
        message_id = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[message_id] = future
        message: dict[str, Any] = {"id": message_id, "method": method, "params": params or {}}
        if session_id is not None:
            message["sessionId"] = session_id
        await self._ws.send_str(json.dumps(message))
        try:
            async with asyncio.timeout(timeout):
                return await future
        except TimeoutError:
            raise CDPError(f"{method} got no answer within {timeout} s") from None
        finally:
            self._pending.pop(message_id, None)

    async def close(self) -> None:
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader


class Page:
    """One tab: navigate, evaluate (in the page or in a frame), click, screenshot."""

    def __init__(self, connection: _Connection, session_id: str) -> None:
        self._connection = connection
        self._session_id = session_id

    async def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return await self._connection.send(method, params, session_id=self._session_id)

    async def navigate(self, url: str) -> None:
        result = await self.send("Page.navigate", {"url": url})
        if result.get("errorText"):
            raise CDPError(f"navigating to {url} failed: {result['errorText']}")

    async def evaluate(self, expression: str, *, context_id: int | None = None) -> Any:
        """The value of a JavaScript expression (JSON-serialisable), awaited if a promise."""
        params: dict[str, Any] = {
            "expression": expression,
            "returnByValue": True,
            "awaitPromise": True,
        }
        if context_id is not None:
            params["contextId"] = context_id
        result = await self.send("Runtime.evaluate", params)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise CDPError(f"{expression!r} threw: {text}")
        return result["result"].get("value")

    async def wait_for(
        self,
        expression: str,
        *,
        timeout: float = 20.0,
        context_id: int | None = None,
        what: str | None = None,
    ) -> Any:
        """Poll `expression` until truthy; return its value. Errors while a page loads: retried."""
        deadline = time.monotonic() + timeout
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            try:
                value = await self.evaluate(expression, context_id=context_id)
            except CDPError as exc:  # e.g. the context went away with a navigation
                last_error = exc
            else:
                if value:
                    return value
            await asyncio.sleep(0.1)
        raise CDPError(
            f"timed out after {timeout} s waiting for {what or expression!r}: {last_error}"
        )

    async def frame_context(self, url_part: str, *, timeout: float = 20.0) -> int:
        """An execution context (an isolated world) in the child frame whose URL has `url_part`.

        Works across origins: the test reads and clicks inside a cross-origin iframe as a user
        would, without the page's own scripts being able to.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            tree = (await self.send("Page.getFrameTree"))["frameTree"]
            for child in tree.get("childFrames", ()):
                frame = child["frame"]
                if url_part in frame.get("url", ""):
                    world = await self.send(
                        "Page.createIsolatedWorld",
                        {"frameId": frame["id"], "worldName": "yoti-idv-test"},
                    )
                    context_id: int = world["executionContextId"]
                    return context_id
            await asyncio.sleep(0.1)
        raise CDPError(f"no frame with {url_part!r} in its URL after {timeout} s")

    async def click_at(self, x: float, y: float) -> None:
        """A real mouse click (moved, pressed, released) at viewport coordinates."""
        await self.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
        for kind in ("mousePressed", "mouseReleased"):
            await self.send(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1},
            )

    async def screenshot(self, path: Path) -> Path:
        result = await self.send("Page.captureScreenshot", {"format": "png"})
        path.write_bytes(base64.b64decode(result["data"]))
        return path


@contextlib.asynccontextmanager
async def launch_chromium(
    binary: str,
    user_data_dir: Path,
    *,
    log_path: Path,
    width: int = 1100,
    height: int = 1000,
    startup_timeout: float = 30.0,
) -> AsyncIterator[Page]:
    """Start a headless Chromium, open one page, and stop the browser (all of it) at exit."""
    user_data_dir.mkdir(parents=True, exist_ok=True)
    (user_data_dir / "DevToolsActivePort").unlink(missing_ok=True)  # a previous run's
    with log_path.open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            binary,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={user_data_dir}",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            f"--window-size={width},{height}",
            "about:blank",
            stdin=asyncio.subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,  # its own process group, so that all of it can be stopped
        )
    try:
        ws_url = await _devtools_url(process, user_data_dir, startup_timeout, log_path)
        async with (
            aiohttp.ClientSession() as http,
            http.ws_connect(ws_url, max_msg_size=0) as ws,
        ):
            connection = _Connection(ws)
            try:
                target = await connection.send("Target.createTarget", {"url": "about:blank"})
                attached = await connection.send(
                    "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
                )
                page = Page(connection, attached["sessionId"])
                await page.send("Page.enable")
                await page.send("Runtime.enable")
                await page.send(
                    "Emulation.setDeviceMetricsOverride",
                    {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
                )
                yield page
                with contextlib.suppress(CDPError):
                    await connection.send("Browser.close", timeout=5.0)
            finally:
                await connection.close()
    finally:
        await _stop(process)


async def _devtools_url(
    process: asyncio.subprocess.Process, user_data_dir: Path, timeout: float, log_path: Path
) -> str:
    """The browser's DevTools websocket URL, from the file Chromium writes once it listens."""
    active_port = user_data_dir / "DevToolsActivePort"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.returncode is not None:
            raise CDPError(
                f"chromium exited with {process.returncode} before listening; see {log_path}"
            )
        if active_port.exists():
            lines = active_port.read_text().split()
            if len(lines) >= 2:
                return f"ws://127.0.0.1:{lines[0]}{lines[1]}"
        await asyncio.sleep(0.05)
    raise CDPError(f"chromium did not open its DevTools port within {timeout} s; see {log_path}")


async def _stop(process: asyncio.subprocess.Process) -> None:
    """Stop the browser's process group (the one started here), politely, then not."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            async with asyncio.timeout(5.0):
                await process.wait()
            break
        except TimeoutError:
            continue
    # Helpers (zygote, renderers) may outlive the main process by a moment.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
