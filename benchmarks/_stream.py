"""One download of the big medium in a fresh process, measuring the peak RSS it adds.

``python -m benchmarks._stream '<config JSON>'`` prints one JSON line. The baseline is the
resident set once the client is built and has made one request (imports, pools, buffers);
the peak is the kernel's high-water mark, reset just before the download (Linux
``/proc/self/clear_refs``; elsewhere the lifetime peak, which can only overstate growth).
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ._server import Handshake

__all__ = ["main"]


def _status_kib(field: str) -> int | None:
    try:
        with open("/proc/self/status") as file:
            for line in file:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as file:
            file.write("5")
    except OSError:
        return False
    return True


def _peak_kib() -> int:
    peak = _status_kib("VmHWM")
    if peak is not None:
        return peak
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def _rss_kib() -> int:
    rss = _status_kib("VmRSS")
    return rss if rss is not None else _peak_kib()


async def _ours(handshake: Handshake, transport_name: str, target: Path) -> dict[str, Any]:
    import httpx

    from yoti_idv import AsyncIDVClient

    # "aiohttp": the client's default transport; "httpx": httpx's own pool, given explicitly.
    transport = httpx.AsyncHTTPTransport() if transport_name == "httpx" else None
    async with AsyncIDVClient(
        handshake.sdk_id, handshake.key_path, base_url=handshake.base_url, transport=transport
    ) as client:
        await client.get_session(handshake.session_id)
        assert handshake.big_media_id is not None
        baseline = _rss_kib()
        exact = _reset_peak()
        started = time.perf_counter()
        mime_type = await client.download_media_content(
            handshake.session_id, handshake.big_media_id, target
        )
        seconds = time.perf_counter() - started
        peak = _peak_kib()
    assert mime_type == "application/octet-stream", mime_type
    return {"baseline_kib": baseline, "peak_kib": peak, "seconds": seconds, "exact": exact}


def _yoti(handshake: Handshake, target: Path) -> dict[str, Any]:
    from yoti_python_sdk.doc_scan import DocScanClient

    client = DocScanClient(handshake.sdk_id, handshake.key_path, api_url=handshake.base_url)
    client.get_session(handshake.session_id)
    baseline = _rss_kib()
    exact = _reset_peak()
    started = time.perf_counter()
    media = client.get_media_content(handshake.session_id, handshake.big_media_id)
    target.write_bytes(media.content)
    seconds = time.perf_counter() - started
    return {"baseline_kib": baseline, "peak_kib": _peak_kib(), "seconds": seconds, "exact": exact}


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    config = json.loads(args[0])
    handshake = Handshake(**config["handshake"])
    with tempfile.TemporaryDirectory(prefix="yoti-idv-bench-") as directory:
        target = Path(directory) / "medium.bin"
        if config["client"] == "ours":
            answer = asyncio.run(_ours(handshake, config["transport"], target))
        else:
            answer = _yoti(handshake, target)
        size = os.path.getsize(target)
    if size != handshake.big_media_size:
        raise SystemExit(f"downloaded {size} bytes, expected {handshake.big_media_size}")
    answer["growth_mb"] = max(0, answer["peak_kib"] - answer["baseline_kib"]) * 1024 / 1e6
    answer["mb_per_second"] = size / 1e6 / answer["seconds"]
    print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
