"""Create many Passive liveness sessions and watch them all to completion, with a progress line.

Against the local emulator (the default), simulated users finish each session after a random
moment: most are live people, some hold up a photo, a few give up. The sessions are watched
with `AsyncIDVClient.watch_sessions`, which polls them concurrently (with backoff and jitter,
never more requests in flight than the client's limit) and yields each one as it finishes::

    python examples/poll_many.py                     # 20 sessions
    python examples/poll_many.py -n 500 --interval 0.5 --seed 7

Against Yoti, the sessions are created and their links printed; the script then waits for
real users to finish them (or for ``--timeout``)::

    YOTI_CLIENT_SDK_ID=... YOTI_KEY_FILE_PATH=/path/to/key.pem \\
        python examples/poll_many.py --yoti -n 3 --interval 5

At scale, prefer webhooks to polling (see the FastAPI example); polling is the fallback.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from yoti_idv import (
    AsyncIDVClient,
    GetSessionResult,
    RequestedLivenessCheckBuilder,
    SdkConfigBuilder,
    SessionSpec,
    SessionSpecBuilder,
    SessionWaitTimeout,
    YotiIDVError,
)

if TYPE_CHECKING:
    from yoti_idv.emulator import Emulator

# What the simulated users do, and how often.
OUTCOMES = ("pass", "spoof", "abandon")
OUTCOME_WEIGHTS = (8, 1, 1)


def passive_liveness_spec() -> SessionSpec:
    liveness = RequestedLivenessCheckBuilder().for_static_liveness().with_max_retries(3).build()
    sdk_config = (
        SdkConfigBuilder()
        .with_allows_camera()
        .with_success_url("https://localhost:8443/success")
        .with_error_url("https://localhost:8443/error")
        .build()
    )
    return (
        SessionSpecBuilder()
        .with_client_session_token_ttl(900)
        .with_resources_ttl(90_000)
        .with_requested_check(liveness)
        .with_sdk_config(sdk_config)
        .build()
    )


def verdict(session: GetSessionResult) -> str:
    """One word for a finished session: APPROVE when any attempt was approved (Yoti's own
    question, `liveness_passed`), else the last liveness recommendation, or the state."""
    if session.liveness_passed:
        return "APPROVE"
    for check in reversed(session.liveness_checks):
        recommendation = check.report.recommendation if check.report else None
        if recommendation and recommendation.value:
            return recommendation.value
    return session.state or "UNKNOWN"


@dataclass
class Summary:
    """What happened to the sessions watched so far."""

    total: int
    started: float = field(default_factory=time.monotonic)
    states: Counter[str] = field(default_factory=Counter)
    verdicts: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[tuple[str, str]] = field(default_factory=Counter)  # (state, verdict)
    timed_out: int = 0

    @property
    def done(self) -> int:
        return sum(self.states.values())

    def add(self, session: GetSessionResult) -> None:
        state, word = session.state or "UNKNOWN", verdict(session)
        self.states[state] += 1
        self.verdicts[word] += 1
        if word != state:  # a recommendation, not just the state again
            self.outcomes[state, word] += 1

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def progress_line(self, width: int = 24) -> str:
        filled = width * self.done // self.total if self.total else width
        counts = "  ".join(f"{name} {count}" for name, count in sorted(self.verdicts.items()))
        return (
            f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} done"
            f"  {counts}  {self.elapsed():.1f}s"
        )

    def report(self) -> str:
        elapsed = self.elapsed()
        rate = f" ({self.done / elapsed:.1f} per second)" if self.done and elapsed > 0 else ""
        lines = [f"{self.done} of {self.total} sessions finished in {elapsed:.1f} s{rate}"]
        for state, count in sorted(self.states.items()):
            verdicts = ", ".join(
                f"{name} {n}" for (at, name), n in sorted(self.outcomes.items()) if at == state
            )
            lines.append(f"  {state:<10} {count:>5}" + (f"   {verdicts}" if verdicts else ""))
        if self.timed_out:
            lines.append(f"  {'UNFINISHED':<10} {self.timed_out:>5}   (timed out)")
        return "\n".join(lines)


class Progress:
    """One line, rewritten in place on a terminal; elsewhere printed once, at the end."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.live = stream.isatty()

    def update(self, summary: Summary) -> None:
        if self.live:
            self.stream.write("\r" + summary.progress_line())
            self.stream.flush()

    def finish(self, summary: Summary) -> None:
        self.stream.write(("\r" if self.live else "") + summary.progress_line() + "\n")
        self.stream.flush()


async def simulate_users(
    emulator: Emulator, session_ids: Sequence[str], rng: random.Random, max_delay: float
) -> None:
    """Each session's user finishes after a random moment, with a random outcome."""

    async def user(session_id: str, delay: float, outcome: str) -> None:
        await asyncio.sleep(delay)
        await emulator.complete_session(session_id, outcome)

    plans = [
        (session_id, rng.uniform(0, max_delay), rng.choices(OUTCOMES, OUTCOME_WEIGHTS)[0])
        for session_id in session_ids
    ]
    async with asyncio.TaskGroup() as group:
        for session_id, delay, outcome in plans:
            group.create_task(user(session_id, delay, outcome))


@contextlib.asynccontextmanager
async def open_client(use_yoti: bool) -> AsyncIterator[tuple[AsyncIDVClient, Emulator | None]]:
    """A client for Yoti (from the environment), or for a fresh in-process emulator."""
    if use_yoti:
        async with AsyncIDVClient.from_env() as client:
            yield client, None
        return
    from yoti_idv.emulator import Emulator

    emulator = Emulator()
    demo = emulator.create_demo_application()
    async with AsyncIDVClient(
        demo.sdk_id, demo.private_key, base_url=emulator.base_url, transport=emulator.transport()
    ) as client:
        yield client, emulator


async def run(args: argparse.Namespace, out: TextIO, progress: Progress) -> Summary:
    async with open_client(args.yoti) as (client, emulator):
        spec = passive_liveness_spec()
        try:
            async with asyncio.TaskGroup() as group:
                creating = [group.create_task(client.create_session(spec)) for _ in range(args.n)]
        except ExceptionGroup as failed:
            raise failed.exceptions[0] from None  # the others were cancelled: show the first
        created = [task.result() for task in creating]
        session_ids = [c.session_id for c in created]
        print(f"created {len(session_ids)} sessions", file=out)
        if emulator is None:
            for c in created:
                print(f"  {client.web_url(c.session_id, c.client_session_token)}", file=out)

        summary = Summary(total=len(session_ids))
        users = None
        if emulator is not None:
            rng = random.Random(args.seed)
            users = asyncio.create_task(
                simulate_users(emulator, session_ids, rng, args.max_user_delay)
            )
        try:
            async for session in client.watch_sessions(
                session_ids,
                interval=args.interval,
                max_interval=args.interval * 4,
                timeout=args.timeout,
            ):
                summary.add(session)
                progress.update(summary)
        except SessionWaitTimeout:
            summary.timed_out = summary.total - summary.done
        finally:
            if users is not None:
                users.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await users
        progress.finish(summary)
        return summary


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("-n", type=int, default=20, help="how many sessions (default 20)")
    parser.add_argument(
        "--yoti",
        action="store_true",
        help="use Yoti (YOTI_CLIENT_SDK_ID, YOTI_KEY_FILE_PATH) instead of the local emulator",
    )
    parser.add_argument(
        "--interval", type=float, default=0.25, help="seconds between polls (default 0.25)"
    )
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="give up after this many seconds (120)"
    )
    parser.add_argument(
        "--max-user-delay",
        type=float,
        default=2.0,
        help="emulator: users finish within this many seconds (default 2)",
    )
    parser.add_argument("--seed", type=int, default=None, help="emulator: a repeatable run")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("-n must be at least 1")
    if args.interval <= 0 or args.timeout <= 0 or args.max_user_delay < 0:
        parser.error("--interval and --timeout must be positive, --max-user-delay not negative")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        summary = asyncio.run(run(args, sys.stdout, Progress(sys.stderr)))
    except YotiIDVError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(summary.report())
    return 0 if summary.done == summary.total else 1


if __name__ == "__main__":
    sys.exit(main())
