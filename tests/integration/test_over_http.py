"""The emulator served by uvicorn on 127.0.0.1, driven over real HTTP and real sockets."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from yoti_idv.client import AsyncIDVClient
from yoti_idv.emulator import Emulator
from yoti_idv.errors import APIConnectionError, APITimeoutError
from yoti_idv.retry import RetryPolicy
from yoti_idv.testing import KeyPair, serve_emulator

from .helpers import create, recommendation, seed_spec


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Emulator, str]]:
    emulator = Emulator()
    with serve_emulator(emulator) as base_url:
        yield emulator, base_url


def _client(served: tuple[Emulator, str], key_pair: KeyPair, sdk_id: str) -> AsyncIDVClient:
    emulator, base_url = served
    emulator.register_application(sdk_id, key_pair.public_key_pem)
    return AsyncIDVClient(
        sdk_id, key_pair.private_key, base_url=base_url, retry=RetryPolicy.disabled()
    )


async def test_every_endpoint_over_http(served: tuple[Emulator, str], key_pair: KeyPair) -> None:
    emulator, base_url = served
    assert base_url.startswith("http://127.0.0.1:")
    async with _client(served, key_pair, "http-app") as client:
        session_id, _ = await create(client, seed_spec("STATIC", 1))
        # The end user, through the control API, over HTTP.
        root = base_url.removesuffix("/idverify/v1")
        async with httpx.AsyncClient(base_url=root) as plain:
            control = await plain.post(
                f"/__emulator__/sessions/{session_id}/complete", json={"outcome": "pass"}
            )
            assert control.status_code == 200
        session = await client.get_session(session_id)
        assert session.state == "COMPLETED"
        (check,) = session.liveness_checks
        assert recommendation(check) == "APPROVE"
        assert session.resources is not None
        image = session.resources.static_liveness_resources[0].image
        assert image is not None
        assert image.media is not None
        assert image.media.id is not None
        media = await client.get_media_content(session_id, image.media.id)
        assert media is not None
        assert media.mime_type == "image/jpeg"
        await client.delete_media_content(session_id, image.media.id)
        documents = await client.get_supported_documents()
        assert documents.supported_countries
        await client.delete_session(session_id)
    assert session_id not in {s.session_id for s in emulator.sessions()}


async def test_hosted_page_over_http(served: tuple[Emulator, str], key_pair: KeyPair) -> None:
    async with _client(served, key_pair, "page-app") as client:
        session_id, token = await create(client, seed_spec("ZOOM", 1))
        url = client.web_url(session_id, token)
        async with httpx.AsyncClient() as browser:
            page = await browser.get(url)
            assert page.status_code == 200
            submitted = await browser.post(
                url.split("index.html")[0] + "capture",
                data={
                    "sessionID": session_id,
                    "sessionToken": token,
                    "outcome": "spoof",
                },
            )
        assert submitted.status_code == 303
        session = await client.get_session(session_id)
        assert recommendation(session.liveness_checks[0]) == "REJECT"


async def test_dropped_connection_and_delay_over_http(
    served: tuple[Emulator, str], key_pair: KeyPair
) -> None:
    emulator, _ = served
    async with _client(served, key_pair, "fault-app") as client:
        emulator.inject_fault("drop", path="/supported-documents")
        with pytest.raises(APIConnectionError):
            await client.get_supported_documents()
        emulator.inject_fault("delay", delay=1.0, path="/supported-documents")
        with pytest.raises(APITimeoutError):
            await client.get_supported_documents(timeout=0.2)
        await client.get_supported_documents()
