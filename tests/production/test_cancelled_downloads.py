"""A cancelled `download_media_content` leaves no ``.part`` file and no open handle.

Many downloads from a real server on 127.0.0.1 that sends the medium in small pieces, each
cancelled at a random point (half by `task.cancel()`, half by `asyncio.timeout`), with
asyncio's debug mode on (what ``-X dev`` turns on) and every ResourceWarning recorded.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import random
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from yoti_idv import AsyncIDVClient, RetryPolicy
from yoti_idv.testing import KeyPair

from .raw_server import Wire, serving

ROOT = Path(__file__).resolve().parents[2]
LEAK_TEST = "test_cancelled_downloads_leave_no_part_file_and_no_open_handle"
MEDIUM = b"\xff\xd8" + bytes(range(256)) * 256  # 64 kB
CANCELS = 200


def piecemeal(line: str, wire: Wire) -> None:
    """The medium in 16 pieces, a millisecond apart."""
    if not wire.head(content_type="image/jpeg", content_length=len(MEDIUM)):
        return
    piece = len(MEDIUM) // 16
    for start in range(0, len(MEDIUM), piece):
        if not (wire.send(MEDIUM[start : start + piece]) and wire.pause(0.001)):
            return


def open_files_under(directory: Path) -> list[str]:
    """This process's open file descriptors that point into `directory`."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            if os.readlink(f"/proc/self/fd/{fd}").startswith(str(directory)):
                found.append(fd)
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to list open files")
async def test_cancelled_downloads_leave_no_part_file_and_no_open_handle(
    key_pair: KeyPair, tmp_path: Path
) -> None:
    asyncio.get_running_loop().set_debug(True)
    rng = random.Random(11)
    completed = cancelled = 0
    with (
        warnings.catch_warnings(record=True) as caught,
        serving(piecemeal) as server,
    ):
        warnings.simplefilter("always", ResourceWarning)
        async with AsyncIDVClient(
            "sdk", key_pair.private_key, base_url=server.url, retry=RetryPolicy.disabled()
        ) as client:
            for n in range(CANCELS):
                target = tmp_path / f"medium-{n}.jpg"
                delay = rng.uniform(0, 0.03)
                download = client.download_media_content("s-1", "m-1", target)
                try:
                    if n % 2:
                        async with asyncio.timeout(delay):
                            await download
                    else:
                        task = asyncio.create_task(download)
                        await asyncio.sleep(delay)
                        task.cancel()
                        await task
                except (TimeoutError, asyncio.CancelledError):
                    cancelled += 1
                    assert not target.exists()
                else:
                    completed += 1
                    assert target.read_bytes() == MEDIUM
        gc.collect()

    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".part")
    assert leftovers == []
    assert open_files_under(tmp_path) == []
    assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []
    assert cancelled > CANCELS // 4  # the cancel points did land mid-download


@pytest.mark.skipif(sys.flags.dev_mode, reason="this run is already the -X dev one")
def test_the_same_under_x_dev_with_resource_warnings_as_errors() -> None:
    """The test above in a fresh interpreter under ``-X dev``, where leaks were ten times as
    frequent, with ResourceWarnings and unraisable exceptions turned into errors."""
    test = f"{Path(__file__).relative_to(ROOT)}::{LEAK_TEST}"
    result = subprocess.run(
        [sys.executable, "-X", "dev", "-m", "pytest", "-q", "-p", "no:cacheprovider", test,
         "-W", "error::ResourceWarning",
         "-W", "error::pytest.PytestUnraisableExceptionWarning"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )  # fmt: skip

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "1 passed" in result.stdout
