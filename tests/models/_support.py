"""Shared by the model tests: the converter under test, a reference one, and the fixtures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import cattrs

from yoti_idv.conversion import converter
from yoti_idv.models.structuring import register_model_hooks

__all__ = ["FIXTURES", "converter", "load", "reference_converter"]

FIXTURES = Path(__file__).parent.parent / "fixtures"

reference_converter = cattrs.Converter()
"""The cattrs hooks only (no compiled fast path): what the fast path must agree with."""
register_model_hooks(reference_converter, fast_path=False)


def load(name: str) -> Any:
    """A fixture's JSON, freshly parsed (tests may mutate it)."""
    return json.loads((FIXTURES / name).read_text())
