"""The emulator speaks Yoti's protocol, not just ours: Yoti's official Python SDK drives it
over HTTP (uvicorn on 127.0.0.1) through create, get (STATIC liveness resources parsed by that
SDK), media and delete; a signature made with the wrong key fails there too.

Needs the test-only dependencies ``yoti`` (2.14.6) and ``future`` (which that release needs to
import); without them this module is skipped.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from yoti_idv.emulator import Emulator
from yoti_idv.testing import KeyPair, make_key_pair, serve_emulator

doc_scan = pytest.importorskip("yoti_python_sdk.doc_scan")
doc_scan_exceptions = pytest.importorskip("yoti_python_sdk.doc_scan.exception")

SDK_ID = "official-sdk-app"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Emulator, str, Path]]:
    key_pair = make_key_pair()
    key_file = tmp_path_factory.mktemp("keys") / "key.pem"
    key_file.write_bytes(key_pair.private_key_pem)
    emulator = Emulator()
    emulator.register_application(SDK_ID, key_pair.public_key_pem)
    with serve_emulator(emulator) as base_url:
        yield emulator, base_url, key_file


def _spec() -> object:
    check = (
        doc_scan.RequestedLivenessCheckBuilder()
        .with_liveness_type("STATIC")
        .with_max_retries(3)
        .build()
    )
    sdk_config = (
        doc_scan.SdkConfigBuilder()
        .with_allows_camera_and_upload()
        .with_preset_issuing_country("GBR")
        .with_success_url("https://localhost:8443/success")
        .with_error_url("https://localhost:8443/error")
        .build()
    )
    return (
        doc_scan.SessionSpecBuilder()
        .with_client_session_token_ttl(900)
        .with_resources_ttl(90000)
        .with_user_tracking_id("some-user-tracking-id")
        .with_requested_check(check)
        .with_sdk_config(sdk_config)
        .build()
    )


def test_official_sdk_full_flow(served: tuple[Emulator, str, Path]) -> None:
    emulator, base_url, key_file = served
    client = doc_scan.DocScanClient(SDK_ID, str(key_file), api_url=base_url)
    created = client.create_session(_spec())
    asyncio.run(emulator.complete_session(created.session_id, "pass", attempts=2))

    result = client.get_session(created.session_id)
    assert result.state == "COMPLETED"
    captures = result.resources.liveness_capture
    assert [type(c).__name__ for c in captures] == ["StaticLivenessResourceResponse"] * 2
    assert [c.report.recommendation.value for c in result.liveness_checks] == [
        "REJECT",
        "APPROVE",
    ]
    media = client.get_media_content(created.session_id, captures[-1].image.media.id)
    assert media.mime_type == "image/jpeg"
    assert media.content[:2] == b"\xff\xd8"

    client.delete_session(created.session_id)
    with pytest.raises(doc_scan_exceptions.DocScanException, match="SESSION_NOT_FOUND"):
        client.get_session(created.session_id)


def test_official_sdk_with_the_wrong_key_fails(
    served: tuple[Emulator, str, Path], tmp_path: Path
) -> None:
    emulator, base_url, _ = served
    stranger: KeyPair = make_key_pair()
    wrong_key = tmp_path / "wrong.pem"
    wrong_key.write_bytes(stranger.private_key_pem)
    client = doc_scan.DocScanClient(SDK_ID, str(wrong_key), api_url=base_url)
    with pytest.raises(doc_scan_exceptions.DocScanException, match="UNAUTHORIZED"):
        client.create_session(_spec())
    assert emulator.sessions() == []
