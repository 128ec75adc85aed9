"""6. First use: import what a backend needs and build a client from a key file.

Ours imports the async client and the two builders of a session spec and builds an
`AsyncIDVClient`; Yoti's imports `DocScanClient` and the same two builders and builds a
`DocScanClient`, both from the same key file (as both SDKs' docs show). Each runs in a fresh
interpreter, timed inside it (interpreter start-up excluded), the two sides interleaved so
that drift hits both. Both get compiled bytecode: one untimed run first writes it to a private
cache (``PYTHONPYCACHEPREFIX``), so neither pays for compiling and the source tree stays clean.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

from ._common import REPO_ROOT, child_env, median
from ._report import Figure, at_most
from ._settings import Settings

__all__ = ["run"]

_TIMED = """
import time
started = time.perf_counter()
{statement}
print(time.perf_counter() - started)
"""

OURS = (
    "from yoti_idv import AsyncIDVClient, RequestedLivenessCheckBuilder, SessionSpecBuilder\n"
    "client = AsyncIDVClient('sdk', KEY)"
)
YOTI = (
    "from yoti_python_sdk.doc_scan import (\n"
    "    DocScanClient, RequestedLivenessCheckBuilder, SessionSpecBuilder\n"
    ")\n"
    "client = DocScanClient('sdk', KEY)"
)


def _time(statement: str, env: dict[str, str]) -> float:
    completed = subprocess.run(  # noqa: S603  (our own interpreter)
        [sys.executable, "-c", _TIMED.format(statement=statement)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"timing {statement!r} failed:\n{completed.stderr[-4000:]}")
    return float(completed.stdout.strip().splitlines()[-1])


def run(settings: Settings) -> list[Figure]:
    from yoti_idv.testing import make_key_pair

    with tempfile.TemporaryDirectory(prefix="yoti-idv-bench-") as directory:
        key_path = os.path.join(directory, "key.pem")
        with open(key_path, "wb") as file:
            file.write(make_key_pair().private_key_pem)
        env = child_env()
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = os.path.join(directory, "pycache")
        statements = {
            "ours": OURS.replace("KEY", repr(key_path)),
            "yoti": YOTI.replace("KEY", repr(key_path)),
        }
        for statement in statements.values():
            _time(statement, env)  # compile and cache the bytecode
        times: dict[str, list[float]] = {name: [] for name in statements}
        for _ in range(settings.import_rounds):
            for name, statement in statements.items():  # interleaved: drift hits both
                times[name].append(_time(statement, env))
    ms = {name: median(values) * 1000 for name, values in times.items()}
    return [
        Figure(
            item="6",
            measure="first use: import, build a client from a key file, fresh process",
            unit="ms",
            ours=ms["ours"],
            ours_detail="AsyncIDVClient + 2 builders",
            reference_label="Yoti SDK",
            reference=ms["yoti"],
            reference_detail="DocScanClient + 2 builders",
            target=at_most(1.0),
        ),
    ]
