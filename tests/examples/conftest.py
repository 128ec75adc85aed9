"""Fixtures for the examples' tests: the examples importable, an artefacts folder."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from .support import EXAMPLES

# The examples are run the way their docstrings say (`--app-dir examples`): their packages
# (`fastapi_app`, `aiohttp_app`) sit at the top of the import path.
if str(EXAMPLES) not in sys.path:
    sys.path.insert(0, str(EXAMPLES))


@pytest.fixture
def artifacts(request: pytest.FixtureRequest) -> Path:
    """An empty folder for this test's screenshots and logs, in ``$YOTI_IDV_ARTIFACTS``
    (default ``./artifacts``, which git ignores)."""
    root = Path(os.environ.get("YOTI_IDV_ARTIFACTS") or "artifacts")
    name: str = request.node.name
    folder = root / name.replace("[", "-").replace("]", "")
    shutil.rmtree(folder, ignore_errors=True)  # nothing left from an earlier run
    folder.mkdir(parents=True)
    return folder
