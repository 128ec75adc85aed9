"""6. Import time: ``import yoti_idv`` against ``import yoti_python_sdk.doc_scan``.

Each import runs in a fresh interpreter, timed inside it (interpreter start-up excluded).
Both sides get compiled bytecode: one untimed import first writes it to a private cache
(``PYTHONPYCACHEPREFIX``), so neither pays for compiling and the source tree stays clean.
For context, a second figure adds what a backend does next: building a client.
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

OURS_IMPORT = "import yoti_idv"
YOTI_IMPORT = "import yoti_python_sdk.doc_scan"
# The first call of a backend: a client, which needs the key (a file, as both SDKs' docs show).
OURS_READY = (
    "import yoti_idv\n"
    "client = yoti_idv.AsyncIDVClient('sdk', KEY, base_url='https://api.yoti.com/idverify/v1')"
)
YOTI_READY = (
    "import yoti_python_sdk.doc_scan\nclient = yoti_python_sdk.doc_scan.DocScanClient('sdk', KEY)"
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
            "ours": OURS_IMPORT,
            "yoti": YOTI_IMPORT,
            "ours_ready": OURS_READY.replace("KEY", repr(key_path)),
            "yoti_ready": YOTI_READY.replace("KEY", repr(key_path)),
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
            measure="import time, fresh process",
            unit="ms",
            ours=ms["ours"],
            ours_detail=OURS_IMPORT,
            reference_label="Yoti SDK",
            reference=ms["yoti"],
            reference_detail=YOTI_IMPORT,
            target=at_most(1 / 3),
        ),
        Figure(
            item="6",
            measure="import and build a client (key file), fresh process",
            unit="ms",
            ours=ms["ours_ready"],
            reference_label="Yoti SDK",
            reference=ms["yoti_ready"],
        ),
    ]
