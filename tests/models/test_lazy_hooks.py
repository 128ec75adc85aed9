"""The converter generates a model's hooks when it first meets the model, not at import.

What used to be checked at import (every hook builds) is checked here, for every model class.
"""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import cattrs
import pytest

import yoti_idv.models
from yoti_idv.models._fast_path import keeps_raw
from yoti_idv.models.structuring import ModelHooks, is_model_class


def _model_classes() -> list[type[Any]]:
    classes: list[type[Any]] = []
    for info in pkgutil.iter_modules(yoti_idv.models.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"yoti_idv.models.{info.name}")
        classes += [
            value
            for value in vars(module).values()
            if is_model_class(value) and value.__module__ == module.__name__
        ]
    return classes


MODEL_CLASSES = _model_classes()


def test_the_model_classes_are_found() -> None:
    assert len(MODEL_CLASSES) > 90
    assert yoti_idv.models.GetSessionResult in MODEL_CLASSES


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__qualname__)
def test_every_model_class_has_a_cattrs_structure_and_unstructure_function(
    cls: type[Any],
) -> None:
    hooks = ModelHooks(cattrs.Converter())
    hooks.register()
    assert callable(hooks.fields_hook(cls))
    if not keeps_raw(cls):
        assert callable(hooks.generated_unstructure_fn(cls))


def _run(code: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True
    )
    return result.stdout.splitlines()


def test_importing_the_converter_or_building_a_client_generates_no_hook(
    tmp_path: Path, pem_bytes: bytes
) -> None:
    key = tmp_path / "key.pem"
    key.write_bytes(pem_bytes)
    printed = _run(
        f"""
        import linecache

        def generated():
            # cattrs registers the source of each function it generates under this name.
            return sum(name.startswith("<cattrs generated") for name in linecache.cache)

        from yoti_idv.conversion import converter
        print(generated())
        import yoti_idv
        client = yoti_idv.AsyncIDVClient("sdk", {str(key)!r})
        print(generated())
        try:
            converter.structure({{"checks": "not a list"}}, yoti_idv.GetSessionResult)
        except Exception:
            pass
        print(generated() > 0)
        """
    )
    assert printed == ["0", "0", "True"]
