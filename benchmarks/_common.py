"""What every benchmark shares: timing, rounds, child processes, the emulator server."""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ._server import Handshake

__all__ = [
    "REPO_ROOT",
    "child_env",
    "cpu_seconds",
    "median",
    "per_call_seconds",
    "percentile",
    "run_child",
    "served_emulator",
]

REPO_ROOT = Path(__file__).resolve().parent.parent

_HANDSHAKE_TIMEOUT = 60.0


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile of already sorted values (`fraction` in 0..1)."""
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def cpu_seconds() -> float:
    """User plus system CPU time of this process, all threads."""
    return time.process_time()


def per_call_seconds(
    calls: Mapping[str, Callable[[], object]], *, rounds: int, min_seconds: float
) -> dict[str, float]:
    """The median over `rounds` of the mean CPU time of one call of each of `calls`.

    CPU time, not wall time: on a shared machine another process's work then does not count
    as ours (a call that waits for nothing costs the same either way). The calls take turns
    within each round, so that a change in the machine's load (a busy sibling hyperthread
    slows every instruction) hits all of them alike, not one more than another. Each turn
    calls at least once, then until `min_seconds` of wall time have passed, so that a slow
    call (Yoti's 58 ms) and a fast one (json.loads) both get a turn long enough to time.
    """
    for call in calls.values():
        call()  # warm-up: first-use caches, lazily compiled paths
    results: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(rounds):
        for name, call in calls.items():
            count = 0
            deadline = time.perf_counter() + min_seconds
            started = cpu_seconds()
            while True:
                call()
                count += 1
                if time.perf_counter() >= deadline:
                    break
            results[name].append((cpu_seconds() - started) / count)
    return {name: median(values) for name, values in results.items()}


def child_env() -> dict[str, str]:
    """The environment for a child Python: this repository importable first."""
    env = dict(os.environ)
    path = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(REPO_ROOT) + (os.pathsep + path if path else "")
    return env


def run_child(module: str, config: dict[str, Any], *, timeout: float) -> dict[str, Any]:
    """Run ``python -m <module> <config as JSON>`` in a fresh process; return its JSON answer.

    The answer is the child's last line of standard output.
    """
    completed = subprocess.run(  # noqa: S603  (our own interpreter and module)
        [sys.executable, "-m", module, json.dumps(config)],
        cwd=REPO_ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{module} failed ({completed.returncode}):\n{completed.stderr[-4000:]}")
    lines = completed.stdout.strip().splitlines()
    if not lines:
        raise RuntimeError(f"{module} printed nothing:\n{completed.stderr[-4000:]}")
    answer: dict[str, Any] = json.loads(lines[-1])
    return answer


@contextlib.contextmanager
def served_emulator(*, big_medium: int = 0, http: str = "auto") -> Iterator[tuple[Handshake, int]]:
    """The emulator served by uvicorn in a child process; yields its handshake and its pid.

    The child serves until its standard input closes, which this does on exit (and which the
    operating system does if this process dies).
    """
    with tempfile.TemporaryDirectory(prefix="yoti-idv-bench-") as directory:
        key_path = Path(directory) / "key.pem"
        command = [sys.executable, "-m", "benchmarks._server", str(key_path), "--http", http]
        if big_medium:
            command += ["--big-medium", str(big_medium)]
        process = subprocess.Popen(  # noqa: S603  (our own interpreter and module)
            command,
            cwd=REPO_ROOT,
            env=child_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert process.stdout is not None
            line = _read_line(process, _HANDSHAKE_TIMEOUT)
            yield Handshake.from_json(line), process.pid
        finally:
            if process.stdin is not None:
                process.stdin.close()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)


def _read_line(process: subprocess.Popen[str], timeout: float) -> str:
    import selectors

    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            raise RuntimeError(f"the emulator server did not start within {timeout:.0f} s")
    line = process.stdout.readline()
    if not line:
        raise RuntimeError(f"the emulator server exited ({process.wait(timeout=5)})")
    return line


def process_cpu_seconds(pid: int) -> float | None:
    """CPU seconds (user + system) used so far by another process, on Linux; else None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks
