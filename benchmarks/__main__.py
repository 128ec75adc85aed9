"""``python -m benchmarks [--quick] [--only 1,3,...]``: the suite, printed as one table.

Every figure of ours is printed beside Yoti's (or beside the physical limit) with the ratio
``ours / reference`` and, where issue 6 sets one, the target for that ratio. Each figure is
the median of several rounds measured in this run. ``--quick`` is the small run CI makes so
that the suite cannot rot: its figures are not worth comparing.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from ._report import Figure, machine_description, render_table
from ._settings import Settings

ITEMS = ("1", "2", "3", "4", "5", "6")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="a small run for CI (under two minutes)"
    )
    parser.add_argument(
        "--only",
        default=",".join(ITEMS),
        help="comma-separated items of issue 6 to run (default: all): "
        "1 signing, 2 parsing, 3 polling, 4 event-loop stalls, 5 streaming, 6 first use",
    )
    parser.add_argument(
        "--markdown", type=Path, help="also write the machine line and the table to this file"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = Settings.ci() if args.quick else Settings.full()
    only = {item.strip() for item in args.only.split(",") if item.strip()}
    unknown = only - set(ITEMS)
    if unknown:
        print(f"unknown items: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    machine = machine_description()
    print(f"machine: {machine}", flush=True)

    from . import bench_first_use, bench_parsing, bench_polling, bench_signing, bench_streaming

    steps: list[tuple[str, str, Callable[[], list[Figure]]]] = [
        ("1", "signed request cost", lambda: bench_signing.run(settings)),
        ("2", "parsing", lambda: bench_parsing.run(settings)),
        ("3", "polling", lambda: bench_polling.run(settings, stalls="4" in only)),
        ("5", "streaming", lambda: bench_streaming.run(settings)),
        ("6", "first use", lambda: bench_first_use.run(settings)),
    ]
    if "4" in only and "3" not in only:
        steps[2] = ("4", "event-loop stalls", lambda: bench_polling.run_stalls(settings))
    figures: list[Figure] = []
    started = time.perf_counter()
    for item, name, step in steps:
        if item not in only:
            continue
        began = time.perf_counter()
        print(f"[{item}] {name}...", file=sys.stderr, flush=True)
        figures += step()
        print(f"[{item}] {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)
    table = render_table(figures)
    mode = "quick (CI) run: not for comparison" if settings.quick else "full run"
    elapsed = time.perf_counter() - started
    print()
    print(table)
    print(f"\n{mode}, {elapsed:.0f} s")
    if args.markdown is not None:
        args.markdown.write_text(f"Machine: {machine}\n\n{table}\n\n{mode}, {elapsed:.0f} s\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
