"""The one table: each figure of ours beside theirs (or beside the limit), with the ratio."""

from __future__ import annotations

import math
import os
import platform
import sys
from collections.abc import Sequence
from typing import Literal

import attrs

__all__ = ["Figure", "Target", "machine_description", "render_table"]


@attrs.frozen(kw_only=True)
class Target:
    """A bound on ``ours / reference`` (the ratio column)."""

    bound: float
    kind: Literal["at most", "at least"]

    def met(self, ratio: float) -> bool:
        if math.isnan(ratio):
            return False
        return ratio <= self.bound if self.kind == "at most" else ratio >= self.bound

    def __str__(self) -> str:
        sign = "≤" if self.kind == "at most" else "≥"
        return f"{sign} {_ratio(self.bound)}"


def at_most(bound: float) -> Target:
    return Target(bound=bound, kind="at most")


def at_least(bound: float) -> Target:
    return Target(bound=bound, kind="at least")


@attrs.frozen(kw_only=True)
class Figure:
    """One row: `ours` and the `reference` it is compared with, both in `unit`.

    The ratio is always ``ours / reference``; `target`, when there is one, bounds it.
    `ours_detail` and `reference_detail` add context (latency percentiles, CPU).
    """

    item: str
    measure: str
    unit: str
    ours: float
    reference_label: str
    reference: float
    target: Target | None = None
    ours_detail: str = ""
    reference_detail: str = ""

    @property
    def ratio(self) -> float:
        if self.reference == 0 or math.isnan(self.reference) or math.isnan(self.ours):
            return float("nan")
        return self.ours / self.reference

    @property
    def verdict(self) -> str:
        if self.target is None:
            return ""
        return "met" if self.target.met(self.ratio) else "MISSED"


def _number(value: float) -> str:
    if math.isnan(value):
        return "n/a"
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{value:,.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    if magnitude >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def _ratio(value: float) -> str:
    if math.isnan(value):
        return "n/a"
    if value >= 100:
        return f"{value:.0f}x"
    if value >= 10:
        return f"{value:.1f}x"
    if value >= 1:
        return f"{value:.2f}x"
    return f"{value:.3f}x"


def _cell(value: float, unit: str, detail: str) -> str:
    text = f"{_number(value)} {unit}"
    return f"{text} ({detail})" if detail else text


def render_table(figures: Sequence[Figure]) -> str:
    """A GitHub-flavoured Markdown table (readable as plain text too)."""
    header = ("#", "measure", "ours", "reference", "ratio", "target", "")
    rows = [header, tuple("---" for _ in header)]
    for figure in figures:
        rows.append(
            (
                figure.item,
                figure.measure,
                _cell(figure.ours, figure.unit, figure.ours_detail),
                f"{figure.reference_label}: "
                + _cell(figure.reference, figure.unit, figure.reference_detail),
                _ratio(figure.ratio),
                str(figure.target) if figure.target else "",
                figure.verdict,
            )
        )
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def machine_description() -> str:
    """CPU model, core count, memory, OS, Python: what the README records with the table."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as file:
            for line in file:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = ""
    try:
        with open("/proc/meminfo") as file:
            kib = int(file.readline().split()[1])
            memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = f", load average {os.getloadavg()[0]:.2f} at the start"
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {sys.version.split()[0]}{load}"
    )
