"""The Passive media snippets of docs/active-to-passive.md, run as written.

The seed's line fails with Yoti's SDK; the forms the page gives work with Yoti's SDK and ours.
"""

from __future__ import annotations

import gc
import json
import re
import warnings
from pathlib import Path
from typing import Any

import pytest

# Yoti's SDK opens a file at import and never closes it: its ResourceWarning is Yoti's, and is
# silenced here, at import, rather than in whichever test the garbage collector picks.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ResourceWarning)
    from yoti_python_sdk.doc_scan.session.retrieve.resource_container import ResourceContainer

    gc.collect()

from yoti_idv import converter
from yoti_idv.models import ResourceContainer as OurResources

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "static_liveness_resource.python-test.json"


def _payload() -> dict[str, Any]:
    with_image = json.loads(FIXTURE.read_text(encoding="utf-8"))
    without_image = {**with_image, "id": "no-image"}
    del without_image["image"]
    return {"liveness_capture": [with_image, without_image]}


def _block(first_line: str) -> str:
    text = (ROOT / "docs" / "active-to-passive.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```(?:python|text)\n(.*?)^```", text, re.DOTALL | re.MULTILINE)
    [block] = [b for b in blocks if b.startswith(first_line)]
    return str(block)


def _run(code: str, resources: object) -> list[str | None]:
    namespace: dict[str, Any] = {"resources": resources}
    exec(code, namespace)  # noqa: S102 - the docs' own snippet
    media_ids: list[str | None] = namespace["media_ids"]
    return media_ids


def test_the_seed_line_fails_with_yotis_sdk_as_the_page_says() -> None:
    seed = _block("liveness_media = getattr(")
    liveness = ResourceContainer(_payload()).liveness_capture[0]
    with pytest.raises(AttributeError, match="'MediaResponse' object has no attribute 'get'"):
        exec(seed, {"liveness": liveness})  # noqa: S102
    with pytest.raises(AttributeError, match="has no attribute 'type'"):
        liveness.type  # noqa: B018


def test_the_working_form_for_yotis_sdk() -> None:
    code = _block("# With Yoti's Python SDK")
    expected = ["3fa85f64-5717-4562-b3fc-2c963f66afa6", None]
    assert _run(code, ResourceContainer(_payload())) == expected


def test_the_working_form_for_yoti_idv() -> None:
    resources = converter.structure(_payload(), OurResources)
    assert _run(_block("# With yoti-idv"), resources) == [
        "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        None,
    ]
    assert [r.type for r in resources.liveness_capture] == ["STATIC", "STATIC"]
