"""Response bodies are read under a cap: an endless or huge body ends in an error, quickly,
with memory bounded by the cap; media have their own cap; streaming has none."""

from __future__ import annotations

import gzip
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from yoti_idv import (
    AsyncIDVClient,
    ConfigurationError,
    IDVClient,
    ResponseTooLargeError,
)
from yoti_idv._response_body import DEFAULT_MAX_MEDIA_BYTES, DEFAULT_MAX_RESPONSE_BYTES
from yoti_idv.testing import KeyPair

from .raw_server import (
    SESSION_JSON,
    RawServer,
    answer,
    declared_length,
    endless_chunked,
    gzip_bomb,
    serving,
)

MiB = 1024 * 1024


@pytest.fixture
def endless() -> Iterator[RawServer]:
    with serving(endless_chunked()) as server:
        yield server


def test_the_defaults_are_a_few_mib_for_json_and_more_for_media() -> None:
    assert 8 * MiB == DEFAULT_MAX_RESPONSE_BYTES
    assert 64 * MiB == DEFAULT_MAX_MEDIA_BYTES


async def test_an_endless_body_ends_in_an_error_with_memory_bounded(
    key_pair: KeyPair, endless: RawServer
) -> None:
    async with AsyncIDVClient(
        "sdk", key_pair.private_key, base_url=endless.url, max_response_bytes=MiB
    ) as client:
        tracemalloc.start()
        try:
            started = time.monotonic()
            with pytest.raises(ResponseTooLargeError) as raised:
                await client.get_session("s-1")
            elapsed = time.monotonic() - started
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()

    assert elapsed < 10  # was: 1.8 GB in 6 s, and no end
    assert peak < 8 * MiB
    assert raised.value.limit == MiB
    assert raised.value.status_code == 200
    assert "max_response_bytes (1 MiB)" in str(raised.value)
    assert endless.requests == 1  # not retried: the same request gets the same answer


def test_sync_an_endless_body_ends_in_an_error(key_pair: KeyPair, endless: RawServer) -> None:
    with IDVClient("sdk", key_pair.private_key, base_url=endless.url, max_response_bytes=MiB) as c:
        started = time.monotonic()
        with pytest.raises(ResponseTooLargeError):
            c.get_session("s-1")

    assert time.monotonic() - started < 10
    assert endless.requests == 1


async def test_an_endless_error_body_ends_in_the_same_error(key_pair: KeyPair) -> None:
    with serving(endless_chunked(status="500 Internal Server Error")) as server:
        async with AsyncIDVClient(
            "sdk", key_pair.private_key, base_url=server.url, max_response_bytes=MiB
        ) as client:
            with pytest.raises(ResponseTooLargeError) as raised:
                await client.get_session("s-1")

    assert raised.value.status_code == 500
    assert server.requests == 1


async def test_a_declared_length_past_the_cap_fails_before_the_body(key_pair: KeyPair) -> None:
    with serving(declared_length(100 * MiB)) as server:
        async with AsyncIDVClient(
            "sdk", key_pair.private_key, base_url=server.url, max_response_bytes=MiB
        ) as client:
            started = time.monotonic()
            with pytest.raises(ResponseTooLargeError, match="Content-Length is 104857600"):
                await client.get_session("s-1")

    assert time.monotonic() - started < 5  # the server sends one byte, then nothing for 30 s


async def test_a_gzip_body_is_capped_by_its_decoded_size(key_pair: KeyPair) -> None:
    with serving(gzip_bomb(4 * MiB)) as server:
        async with AsyncIDVClient(
            "sdk", key_pair.private_key, base_url=server.url, max_response_bytes=MiB
        ) as client:
            with pytest.raises(ResponseTooLargeError):
                await client.get_session("s-1")


async def test_the_default_transport_streams_an_encoded_body_for_httpx_to_decode() -> None:
    """The default transport hands small bodies over already read, but never an encoded
    one: httpx decodes it as it is read, so that the cap above counts decoded bytes."""
    from yoti_idv.transports import aiohttp_transport

    with serving(answer(gzip.compress(SESSION_JSON), content_encoding="gzip")) as server:
        async with httpx.AsyncClient(transport=aiohttp_transport()) as http:
            response = await http.send(http.build_request("GET", server.url), stream=True)
            with pytest.raises(httpx.ResponseNotRead):
                _ = response.content
            assert await response.aread() == SESSION_JSON
            await response.aclose()


async def test_media_have_their_own_cap(key_pair: KeyPair) -> None:
    medium = b"\xff\xd8" + b"m" * (2 * MiB)
    with serving(answer(medium, content_type="image/jpeg")) as server:
        async with AsyncIDVClient(
            "sdk", key_pair.private_key, base_url=server.url, max_response_bytes=1024
        ) as client:
            content = await client.get_media_content("s-1", "m-1")  # 2 MiB > 1 KiB: still fine

    assert content is not None
    assert content.content == medium


async def test_get_media_content_over_the_media_cap_fails(key_pair: KeyPair) -> None:
    medium = b"\xff\xd8" + b"m" * (2 * MiB)
    with serving(answer(medium, content_type="image/jpeg")) as server:
        async with AsyncIDVClient(
            "sdk", key_pair.private_key, base_url=server.url, max_media_bytes=MiB
        ) as client:
            with pytest.raises(ResponseTooLargeError, match="max_media_bytes"):
                await client.get_media_content("s-1", "m-1")


async def test_streaming_and_downloading_stay_uncapped(key_pair: KeyPair, tmp_path: Path) -> None:
    medium = b"\xff\xd8" + b"m" * (3 * MiB)
    with serving(answer(medium, content_type="image/jpeg")) as server:
        async with AsyncIDVClient(
            "sdk", key_pair.private_key, base_url=server.url, max_media_bytes=MiB
        ) as client:
            mime = await client.download_media_content("s-1", "m-1", tmp_path / "face.jpg")
            async with client.stream_media_content("s-1", "m-1") as stream:
                assert stream is not None
                size = sum([len(chunk) async for chunk in stream])

    assert mime == "image/jpeg"
    assert (tmp_path / "face.jpg").read_bytes() == medium
    assert size == len(medium)


@pytest.mark.parametrize("name", ["max_response_bytes", "max_media_bytes"])
@pytest.mark.parametrize("value", [0, -1, 1.5, "1", True, None])
def test_a_bad_cap_is_refused_naming_it(key_pair: KeyPair, name: str, value: object) -> None:
    for make in (AsyncIDVClient, IDVClient):
        with pytest.raises(ConfigurationError, match=name):
            make("sdk", key_pair.private_key, **{name: value})  # type: ignore[arg-type]
