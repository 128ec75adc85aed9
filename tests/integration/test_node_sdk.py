"""Yoti's official Node SDK (npm ``yoti`` 4.13.2) against the emulator over real HTTP: every IDV
method it has, with a headless Chromium loading the hosted page (and playing the user) before
Node reads the tracked devices.

The SDK is installed with ``npm ci`` from ``tests/node/package-lock.json`` into a cache folder
(``$YOTI_IDV_TEST_CACHE``, else ``~/.cache/yoti-idv-tests``) named after the lock file's hash:
by ``.ci/run`` before the tests, else here, once, on the first run. Node is
pointed at the emulator the way its users do it, with ``YOTI_IDV_API_URL``. Skipped, saying
why, only where ``node``/``npm`` or Chromium are not installed; CI installs all three.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from examples.cdp import CHROMIUM, launch_chromium, needs_chromium
from yoti_idv.emulator import Emulator
from yoti_idv.emulator.media import make_jpeg, make_png
from yoti_idv.testing import make_key_pair, serve_emulator

NODE_DIR = Path(__file__).resolve().parent.parent / "node"
NODE = shutil.which("node")
NPM = shutil.which("npm")
SDK_ID = "node-sdk-app"

pytestmark = [
    pytest.mark.skipif(NODE is None or NPM is None, reason="node and npm are not installed"),
    needs_chromium,
]


def _node_modules() -> Path:
    """``node_modules`` with the pinned ``yoti`` package, installed once per lock file."""
    lock = (NODE_DIR / "package-lock.json").read_bytes()
    cache_root = Path(
        os.environ.get("YOTI_IDV_TEST_CACHE") or Path.home() / ".cache" / "yoti-idv-tests"
    )
    target = cache_root / f"node-{hashlib.sha256(lock).hexdigest()[:16]}"
    if (target / "node_modules" / "yoti" / "package.json").is_file():
        return target / "node_modules"
    staging = cache_root / f".staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy(NODE_DIR / name, staging / name)
    assert NPM is not None
    subprocess.run(
        [NPM, "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
        cwd=staging,
        check=True,
        timeout=300,
        capture_output=True,
    )
    try:
        staging.rename(target)  # atomic: a concurrent run either wins or finds it done
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
    return target / "node_modules"


class NodeSDK:
    """The driver script (tests/node/idv_driver.js): one command in, one answer out."""

    def __init__(self, process: subprocess.Popen[str], log: Path) -> None:
        self.process = process
        self.log = log

    def call(self, op: str, **args: Any) -> Any:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(json.dumps({"op": op, "args": args}) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, f"the Node driver stopped: {self.log.read_text()[-2000:]}"
        try:
            answer = json.loads(line)
        except ValueError:
            raise AssertionError(f"the Node driver wrote {line[:300]!r}") from None
        if not answer["ok"]:
            raise NodeError(answer["error"], answer["status"])
        return answer["result"]


class NodeError(Exception):
    def __init__(self, message: str, status: int | None) -> None:
        super().__init__(message)
        self.status = status


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Emulator, str, NodeSDK]]:
    node_modules = _node_modules()
    key_pair = make_key_pair()
    key_file = tmp_path_factory.mktemp("keys") / "key.pem"
    key_file.write_bytes(key_pair.private_key_pem)
    emulator = Emulator()
    emulator.register_application(SDK_ID, key_pair.public_key_pem)
    with serve_emulator(emulator) as base_url:
        env = {
            "PATH": os.environ.get("PATH", ""),
            "NODE_PATH": str(node_modules),
            "YOTI_CLIENT_SDK_ID": SDK_ID,
            "YOTI_KEY_FILE_PATH": str(key_file),
            "YOTI_IDV_API_URL": base_url,
        }
        assert NODE is not None
        log = tmp_path_factory.mktemp("node") / "stderr.log"
        with log.open("w") as stderr:
            process = subprocess.Popen(
                [NODE, str(NODE_DIR / "idv_driver.js")],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
                env=env,
            )
        try:
            yield emulator, base_url, NodeSDK(process, log)
        finally:
            assert process.stdin is not None
            process.stdin.close()
            process.wait(timeout=15)
            if process.stdout is not None:
                process.stdout.close()


async def _play_the_user_in_chromium(
    url: str, tmp_path: Path, node: NodeSDK, session_id: str
) -> list[dict[str, Any]]:
    """Load the hosted page; Node reads the tracked devices; then pass on the second attempt."""
    assert CHROMIUM is not None
    async with launch_chromium(
        CHROMIUM, tmp_path / "profile", log_path=tmp_path / "chromium.log"
    ) as page:
        await page.navigate(url)
        await page.wait_for(
            "document.querySelector('button.pass') !== null", what="the hosted page"
        )
        devices: list[dict[str, Any]] = node.call("getSessionTrackedDevices", sessionId=session_id)
        await page.evaluate(
            "document.querySelector('input[name=attempts]').value = '2';"
            "document.querySelector('button.pass').click(); true"
        )
        await page.wait_for(
            "location.pathname === '/success'", what="the redirect to the success URL"
        )
    return devices


def test_every_node_idv_method_against_the_emulator(
    served: tuple[Emulator, str, NodeSDK], tmp_path: Path
) -> None:
    emulator, base_url, node = served

    created = node.call("createSession", maxRetries=3)
    session_id = created["session_id"]
    assert created["client_session_token_ttl"] == 900

    configuration = node.call("getSessionConfiguration", sessionId=session_id)
    assert configuration["session_id"] == session_id
    (requirement_id,) = configuration["face_capture_requirements"]

    jpeg, png = make_jpeg(b"node"), make_png(b"node")
    face_jpeg = node.call(
        "createFaceCaptureResource", sessionId=session_id, requirementId=requirement_id
    )
    assert face_jpeg["frames"] == 1
    node.call(
        "uploadFaceCaptureImage",
        sessionId=session_id,
        resourceId=face_jpeg["id"],
        kind="jpeg",  # labelled image/jpg by Node
        imageBase64=base64.b64encode(jpeg).decode(),
    )
    face_png = node.call(
        "createFaceCaptureResource", sessionId=session_id, requirementId=requirement_id
    )
    node.call(
        "uploadFaceCaptureImage",
        sessionId=session_id,
        resourceId=face_png["id"],
        kind="png",
        imageBase64=base64.b64encode(png).decode(),
    )

    url = emulator.web_url(session_id, created["client_session_token"])
    devices = asyncio.run(_play_the_user_in_chromium(url, tmp_path, node, session_id))
    (loaded,) = devices
    assert loaded["event"] == "CONFIG_FIRST_LOADED"
    assert loaded["device"]["browser_name"] == "Chrome"
    assert loaded["device"]["ip_address"] == "127.0.0.1"
    assert "ip_iso_country_code" not in loaded["device"]  # left out: Node reads undefined

    deadline = time.monotonic() + 20
    while emulator.session(session_id).state != "COMPLETED":
        assert time.monotonic() < deadline, "the capture did not complete the session"
        time.sleep(0.05)

    events = node.call("getSessionTrackedDevices", sessionId=session_id)
    assert [e["event"] for e in events] == ["CONFIG_FIRST_LOADED"] + ["RESOURCE_CREATED"] * 2

    session = node.call("getSession", sessionId=session_id)
    assert session["state"] == "COMPLETED"
    assert session["user_tracking_id"] == "node-sdk-user"
    assert session["biometric_consent"] is not None
    assert session["liveness_recommendations"] == ["REJECT", "APPROVE"]
    assert session["face_comparison_recommendations"] == ["APPROVE"]
    assert [r["liveness_type"] for r in session["static_liveness"]] == ["STATIC", "STATIC"]
    faces = {r["id"]: r["media_id"] for r in session["face_capture"]}
    assert set(faces) == {face_jpeg["id"], face_png["id"]}

    liveness_media = session["static_liveness"][-1]["media_id"]
    media = node.call("getMediaContent", sessionId=session_id, mediaId=liveness_media)
    assert media["mime_type"] == "image/jpeg"
    assert base64.b64decode(media["base64"])[:3] == b"\xff\xd8\xff"
    jpeg_media = node.call("getMediaContent", sessionId=session_id, mediaId=faces[face_jpeg["id"]])
    assert (jpeg_media["mime_type"], base64.b64decode(jpeg_media["base64"])) == ("image/jpeg", jpeg)
    png_media = node.call("getMediaContent", sessionId=session_id, mediaId=faces[face_png["id"]])
    assert (png_media["mime_type"], base64.b64decode(png_media["base64"])) == ("image/png", png)

    node.call("deleteMediaContent", sessionId=session_id, mediaId=liveness_media)
    with pytest.raises(NodeError) as gone:
        node.call("getMediaContent", sessionId=session_id, mediaId=liveness_media)
    assert gone.value.status == 404

    latin = node.call("getSupportedDocuments", includeNonLatin=False)
    everything = node.call("getSupportedDocuments", includeNonLatin=True)
    assert "GBR" in {c["code"] for c in latin}
    assert len(everything) >= len(latin)
    assert all(c["documents"] for c in everything)

    node.call("deleteSessionTrackedDevices", sessionId=session_id)
    assert node.call("getSessionTrackedDevices", sessionId=session_id) == []

    node.call("deleteSession", sessionId=session_id)
    with pytest.raises(NodeError) as deleted:
        node.call("getSession", sessionId=session_id)
    assert deleted.value.status == 404
    assert "SESSION_NOT_FOUND" in str(deleted.value)
    assert base_url.startswith("http://127.0.0.1:")
