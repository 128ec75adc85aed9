"""One polling run in a fresh process: N ``get_session`` calls at a given concurrency.

``python -m benchmarks._poll '<config JSON>'`` prints one JSON line: requests/s, p50 and p99
latency, client CPU seconds per request and, with ``ticker``, the event loop's stalls.

Every run is bounded twice: by its request count and by ``max_seconds``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import gc
import json
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import attrs
import httpx

from ._common import cpu_seconds, percentile
from ._server import Handshake

__all__ = ["PollConfig", "PollResult"]


@attrs.frozen(kw_only=True)
class PollConfig:
    handshake: dict[str, Any]
    client: str  # "ours", "floor" (hand-written aiohttp) or "yoti"
    transport: str = "default"  # ours: "default" (aiohttp's pool) or "httpx" (httpx's own)
    key: str = "documented"  # yoti: "documented" (a key file path) or "parsed" (a Crypto)
    concurrency: int
    requests: int
    max_seconds: float
    ticker: bool = False
    gc_freeze: bool = False  # ours: gc.freeze() after the warm-up (docs/production.md)


@attrs.frozen(kw_only=True)
class PollResult:
    requests: int
    errors: int
    seconds: float
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    cpu_ms_per_request: float
    max_stall_ms: float | None = None
    p99_stall_ms: float | None = None
    first_error: str | None = None


def _result(
    latencies: list[float],
    errors: list[BaseException],
    seconds: float,
    cpu: float,
    stalls: list[float] | None = None,
) -> PollResult:
    latencies.sort()
    done = len(latencies)
    stalls_sorted = sorted(stalls) if stalls else []
    return PollResult(
        requests=done,
        errors=len(errors),
        seconds=seconds,
        requests_per_second=done / seconds if seconds else 0.0,
        p50_ms=percentile(latencies, 0.50) * 1000,
        p99_ms=percentile(latencies, 0.99) * 1000,
        cpu_ms_per_request=cpu / done * 1000 if done else float("nan"),
        max_stall_ms=stalls_sorted[-1] * 1000 if stalls_sorted else None,
        p99_stall_ms=percentile(stalls_sorted, 0.99) * 1000 if stalls_sorted else None,
        first_error=repr(errors[0]) if errors else None,
    )


# ------------------------------------------------------------------------------------ ours


async def _ours(config: PollConfig, handshake: Handshake) -> PollResult:
    from yoti_idv import AsyncIDVClient

    transport: httpx.AsyncBaseTransport | None = None  # "default": the client's own choice
    if config.transport == "httpx":
        # httpx's own pool (httpcore), sized like the client's concurrency.
        limits = httpx.Limits(
            max_connections=config.concurrency, max_keepalive_connections=config.concurrency
        )
        transport = httpx.AsyncHTTPTransport(limits=limits)
    async with AsyncIDVClient(
        handshake.sdk_id,
        handshake.key_path,
        base_url=handshake.base_url,
        transport=transport,
        max_concurrency=config.concurrency,
    ) as client:
        return await _drive(config, lambda: client.get_session(handshake.session_id))


async def _drive(config: PollConfig, call: Callable[[], Awaitable[object]]) -> PollResult:
    """`config.requests` calls, `config.concurrency` at a time, after a warm-up round."""
    # Warm-up: open the connections, compile the parser's fast path.
    await asyncio.gather(*(call() for _ in range(config.concurrency)))
    if config.gc_freeze:
        # As docs/production.md suggests for latency-sensitive services: what start-up
        # made (modules, classes, the warm client) is moved out of the collector's scans.
        gc.collect()
        gc.freeze()
    latencies: list[float] = []
    errors: list[BaseException] = []
    stalls: list[float] = []
    remaining = config.requests
    deadline = time.perf_counter() + config.max_seconds
    done = asyncio.Event()

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0 and time.perf_counter() < deadline:
            remaining -= 1
            started = time.perf_counter()
            try:
                await call()
            except Exception as exc:
                errors.append(exc)
            else:
                latencies.append(time.perf_counter() - started)

    async def ticker() -> None:
        # A 1 ms ticker: how late each tick wakes is how long the loop was busy.
        while not done.is_set():
            before = time.perf_counter()
            await asyncio.sleep(0.001)
            stalls.append(max(0.0, time.perf_counter() - before - 0.001))

    ticking = asyncio.create_task(ticker()) if config.ticker else None
    cpu_before = cpu_seconds()
    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(config.concurrency)))
    seconds = time.perf_counter() - started
    cpu = cpu_seconds() - cpu_before
    done.set()
    if ticking is not None:
        await ticking
    return _result(latencies, errors, seconds, cpu, stalls if config.ticker else None)


# ------------------------------------------------------------------------------- the floor


async def _floor(config: PollConfig, handshake: Handshake) -> PollResult:
    """A hand-written aiohttp client: sign, request, ``json.loads``; no SDK, no httpx.

    What a backend could write by hand for this one call: the same signature (RSA-2048
    PKCS#1 v1.5 / SHA-256 over ``GET&<path and query>``, on one worker thread, as the SDK
    signs), one aiohttp session whose pool holds `concurrency` connections.
    """
    import base64
    import json as json_module
    import uuid

    import aiohttp
    import yarl
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding

    pem = await asyncio.to_thread(Path(handshake.key_path).read_bytes)
    key: Any = serialization.load_pem_private_key(pem, password=None)
    signer = concurrent.futures.ThreadPoolExecutor(1)
    loop = asyncio.get_running_loop()

    def sign(message: bytes) -> bytes:
        signature: bytes = key.sign(message, padding.PKCS1v15(), hashes.SHA256())
        return signature

    connector = aiohttp.TCPConnector(limit=config.concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def get_session() -> Any:
            relative = (
                f"/sessions/{handshake.session_id}?sdkId={handshake.sdk_id}"
                f"&nonce={uuid.uuid4()}&timestamp={time.time_ns() // 1_000_000}"
            )
            signature = await loop.run_in_executor(signer, sign, f"GET&{relative}".encode())
            url = yarl.URL(handshake.base_url + relative, encoded=True)
            headers = {"X-Yoti-Auth-Digest": base64.b64encode(signature).decode("ascii")}
            async with session.get(url, headers=headers) as response:
                body = await response.read()
                if response.status != 200:
                    raise RuntimeError(f"{response.status}: {body[:200]!r}")
                return json_module.loads(body)

        result = await _drive(config, get_session)
    signer.shutdown()
    return result


# ------------------------------------------------------------------------------------ Yoti's


def _yoti(config: PollConfig, handshake: Handshake) -> PollResult:
    from yoti_python_sdk.crypto import Crypto
    from yoti_python_sdk.doc_scan import DocScanClient

    if config.key == "parsed":
        with open(handshake.key_path, "rb") as file:
            key: Any = Crypto(file.read().strip())
    else:
        key = handshake.key_path  # as documented: the path of the .pem file
    client = DocScanClient(handshake.sdk_id, key, api_url=handshake.base_url)
    client.get_session(handshake.session_id)  # warm-up
    latencies: list[float] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    remaining = config.requests
    deadline = time.perf_counter() + config.max_seconds

    def take() -> bool:
        nonlocal remaining
        with lock:
            if remaining <= 0 or time.perf_counter() >= deadline:
                return False
            remaining -= 1
            return True

    def worker() -> None:
        while take():
            started = time.perf_counter()
            try:
                client.get_session(handshake.session_id)
            except Exception as exc:
                with lock:
                    errors.append(exc)
            else:
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)

    cpu_before = cpu_seconds()
    started = time.perf_counter()
    if config.concurrency == 1:
        worker()
    else:
        with concurrent.futures.ThreadPoolExecutor(config.concurrency) as pool:
            for future in [pool.submit(worker) for _ in range(config.concurrency)]:
                future.result()
    seconds = time.perf_counter() - started
    return _result(latencies, errors, seconds, cpu_seconds() - cpu_before)


def run(config: PollConfig) -> PollResult:
    handshake = Handshake(**config.handshake)
    if config.client == "ours":
        return asyncio.run(_ours(config, handshake))
    if config.client == "floor":
        return asyncio.run(_floor(config, handshake))
    return _yoti(config, handshake)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    config = PollConfig(**json.loads(args[0]))
    print(json.dumps(attrs.asdict(run(config))), flush=True)


if __name__ == "__main__":
    main()
