"""The thread that signs requests for one event loop (used by `RequestSigner`)."""

from __future__ import annotations

import asyncio
import collections
import threading
from collections.abc import Callable

__all__ = ["SigningThread"]

# How long an idle signing thread waits for more work before it ends (a new one starts then).
_SIGNING_THREAD_IDLE_SECONDS = 2.0


class SigningThread:
    """One thread that signs for one event loop and hands the signatures back in batches.

    Why not `asyncio.to_thread`: it runs on the loop's default executor, which has up to
    ``cpu_count + 4`` threads, so at 64 requests in flight six RSA signatures run at once and
    take the cores from the event loop thread, whose Python work is what bounds the client's
    rate, and the loop's timers run late. And each call pays a queue put, a thread wake-up,
    two chained futures and a write to the loop's self-pipe. The figures are in
    benchmarks/README.md (items 3 and 4).

    Here one thread signs, in the order asked, and a signature is handed back as soon as it is
    made; but while the loop has not yet collected the last hand-over, new signatures join it
    instead of waking the loop again. So an idle loop gets each signature at once and a busy
    one pays one wake-up per batch. The thread ends after a while without work; `sign` starts a
    new one when needed.
    """

    def __init__(self, sign: Callable[[bytes], bytes], loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self._sign = sign
        self._lock = threading.Condition(threading.Lock())
        self._to_sign: collections.deque[tuple[bytes, asyncio.Future[bytes]]] = collections.deque()
        self._signed: list[tuple[asyncio.Future[bytes], bytes | Exception]] = []
        self._hand_over_scheduled = False
        self._running = False

    def sign(self, message: bytes) -> asyncio.Future[bytes]:
        """A future for the signature of `message`. Called on the loop's thread."""
        future: asyncio.Future[bytes] = self.loop.create_future()
        with self._lock:
            self._to_sign.append((message, future))
            if self._running:
                self._lock.notify()
                return future
            self._running = True
        threading.Thread(target=self._work, name="yoti-idv-signing", daemon=True).start()
        return future

    def _work(self) -> None:
        while True:
            with self._lock:
                if not self._to_sign:
                    self._lock.wait(_SIGNING_THREAD_IDLE_SECONDS)
                if not self._to_sign:
                    self._running = False
                    return
                message, future = self._to_sign.popleft()
            if future.cancelled():  # read across threads: at worst one signature is wasted
                continue
            outcome: bytes | Exception
            try:
                outcome = self._sign(message)
            except Exception as exc:  # handed to the awaiting request, never lost here
                outcome = exc
            with self._lock:
                self._signed.append((future, outcome))
                if self._hand_over_scheduled:
                    continue
                self._hand_over_scheduled = True
            try:
                self.loop.call_soon_threadsafe(self._hand_over)
            except RuntimeError:  # the loop is closed: nobody is waiting any more
                with self._lock:
                    self._running = False
                    self._to_sign.clear()
                return

    def _hand_over(self) -> None:
        """On the loop: resolve every future signed since the last hand-over."""
        with self._lock:
            signed, self._signed = self._signed, []
            self._hand_over_scheduled = False
        for future, outcome in signed:
            if future.done():  # cancelled while it was being signed
                continue
            if isinstance(outcome, Exception):
                future.set_exception(outcome)
            else:
                future.set_result(outcome)
