"""What a program imports is what it uses: heavy parts load when first needed.

`tests/test_exports.py` checks ``import yoti_idv`` itself; `tests/models/test_lazy_hooks.py`
the converter's hooks.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path


def _run(code: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True
    )
    return result.stdout.splitlines()


def test_a_signing_client_does_not_import_the_bearer_module(
    tmp_path: Path, pem_bytes: bytes
) -> None:
    key = tmp_path / "key.pem"
    key.write_bytes(pem_bytes)
    printed = _run(
        f"""
        import sys
        import yoti_idv
        yoti_idv.AsyncIDVClient("sdk", {str(key)!r})
        yoti_idv.IDVClient("sdk", {str(key)!r}).close()
        print("yoti_idv.bearer" in sys.modules)
        yoti_idv.AsyncIDVClient.with_bearer_token("token")
        print("yoti_idv.bearer" in sys.modules)
        """
    )
    assert printed == ["False", "True"]
