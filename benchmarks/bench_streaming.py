"""5. Streaming a 200 MB medium to disk: the peak resident memory it adds.

The emulator, in its own process, serves a medium of that size through its ordinary signed
media route (`benchmarks._server` puts it into a session through the emulator's Python API).
Each download runs in a fresh process (`benchmarks._stream`): ours with
`AsyncIDVClient.download_media_content` on each transport, Yoti's with
`DocScanClient.get_media_content` and writing its bytes, as its docs show.
"""

from __future__ import annotations

from typing import Any

import attrs

from ._common import median, run_child, served_emulator
from ._report import Figure, at_most
from ._settings import Settings

__all__ = ["LIMIT_MB", "run"]

LIMIT_MB = 20.0


def run(settings: Settings) -> list[Figure]:
    size = settings.medium_bytes
    results: dict[str, list[dict[str, Any]]] = {"httpx": [], "aiohttp": [], "yoti": []}
    rounds = 1 if settings.quick else 3
    with served_emulator(big_medium=size) as (handshake, _):
        for _ in range(rounds):
            for name in results:
                config: dict[str, Any] = {"handshake": attrs.asdict(handshake)}
                if name == "yoti":
                    config["client"] = "yoti"
                else:
                    config |= {"client": "ours", "transport": name}
                results[name].append(run_child("benchmarks._stream", config, timeout=600))

    def growth(name: str) -> float:
        return median([r["growth_mb"] for r in results[name]])

    def speed(name: str) -> str:
        return f"{median([r['mb_per_second'] for r in results[name]]):.0f} MB/s"

    medium = f"{size / 1e6:.0f} MB medium"
    figures = []
    for transport in ("httpx", "aiohttp"):
        figures.append(
            Figure(
                item="5",
                measure=f"stream a {medium} to disk: peak RSS growth, {transport} transport",
                unit="MB",
                ours=growth(transport),
                ours_detail=speed(transport),
                reference_label="limit",
                reference=LIMIT_MB,
                target=at_most(1),
            )
        )
    best = min(("httpx", "aiohttp"), key=growth)
    figures.append(
        Figure(
            item="5",
            measure=f"stream a {medium} to disk: peak RSS growth, {best} transport",
            unit="MB",
            ours=growth(best),
            ours_detail=speed(best),
            reference_label="Yoti get_media_content",
            reference=growth("yoti"),
            reference_detail=speed("yoti"),
        )
    )
    return figures
