"""Every failure a caller can see is a `YotiIDVError`: one test per way out that was not.

Deeply nested JSON in a success body, in an error body and in a notification; a body that
does not decode; a client closed under its calls; ids that cannot go in a URL; a client
closed from another event loop. Against real servers on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import base64
import gc
import threading
import warnings
from collections.abc import Callable

import pytest

from yoti_idv import (
    APIConnectionError,
    AsyncIDVClient,
    ConfigurationError,
    IDVClient,
    InternalServerError,
    InvalidArgumentError,
    InvalidNotificationError,
    NotificationAuthError,
    ResponseValidationError,
    RetryPolicy,
    SessionSpec,
    YotiIDVError,
    parse_notification,
)
from yoti_idv.testing import KeyPair

from .conftest import SDK_ID
from .raw_server import answer, bad_gzip, nested_json, serving, slow_headers

FAST_RETRIES = RetryPolicy(max_attempts=3, backoff_initial=0.01, backoff_max=0.01)


# --------------------------------------------------------------------------- nested JSON


@pytest.mark.parametrize("depth", [2_000, 100_000])
async def test_nested_json_in_a_success_body_is_a_response_validation_error(
    key_pair: KeyPair, depth: int
) -> None:
    with serving(answer(nested_json(depth))) as server:
        async with AsyncIDVClient("sdk", key_pair.private_key, base_url=server.url) as client:
            with pytest.raises(ResponseValidationError, match="not JSON"):
                await client.get_session("s-1")


def test_sync_nested_json_in_a_success_body_is_a_response_validation_error(
    key_pair: KeyPair,
) -> None:
    with (
        serving(answer(nested_json())) as server,
        IDVClient("sdk", key_pair.private_key, base_url=server.url) as client,
        pytest.raises(ResponseValidationError),
    ):
        client.get_session("s-1")


async def test_nested_json_in_a_500_is_still_an_internal_server_error_and_retried(
    key_pair: KeyPair,
) -> None:
    with serving(answer(nested_json(), "500 Internal Server Error")) as server:
        async with AsyncIDVClient(
            "sdk", key_pair.private_key, base_url=server.url, retry=FAST_RETRIES
        ) as client:
            with pytest.raises(InternalServerError) as raised:
                await client.get_session("s-1")

    assert raised.value.status_code == 500
    assert raised.value.code is None
    assert server.requests == 3


def test_nested_json_in_a_notification_is_an_invalid_notification() -> None:
    with pytest.raises(InvalidNotificationError, match="not valid JSON"):
        parse_notification(nested_json())


def test_a_notification_is_authenticated_before_its_body_is_read() -> None:
    token = "user:webhook-secret"
    good = "Basic " + base64.b64encode(token.encode()).decode()
    body = b'{"session_id": "s-1", "topic": "session_completion"}'

    with pytest.raises(NotificationAuthError):  # the nested body is never parsed
        parse_notification(nested_json(), authorization="Basic d3Jvbmc=", auth_token=token)
    with pytest.raises(NotificationAuthError):
        parse_notification(nested_json(), authorization=None, auth_token=token)
    with pytest.raises(InvalidNotificationError):
        parse_notification(nested_json(), authorization=good, auth_token=token)
    assert parse_notification(body, authorization=good, auth_token=token).session_id == "s-1"


# --------------------------------------------------------------------------- broken bodies


async def test_a_body_that_does_not_decode_is_a_connection_error_retried_when_idempotent(
    key_pair: KeyPair,
) -> None:
    with serving(bad_gzip()) as server:
        async with AsyncIDVClient(
            "sdk", key_pair.private_key, base_url=server.url, retry=FAST_RETRIES
        ) as client:
            with pytest.raises(APIConnectionError, match="could not be decoded") as raised:
                await client.get_session("s-1")
            gets = server.requests
            with pytest.raises(APIConnectionError):
                await client.create_session(SessionSpec())

    assert raised.value.attempts == 3
    assert gets == 3
    assert server.requests == gets + 1  # a POST is not sent twice once it may have arrived


def test_sync_a_body_that_does_not_decode_is_a_connection_error(key_pair: KeyPair) -> None:
    with (
        serving(bad_gzip()) as server,
        IDVClient("sdk", key_pair.private_key, base_url=server.url, retry=FAST_RETRIES) as c,
        pytest.raises(APIConnectionError, match="could not be decoded"),
    ):
        c.get_session("s-1")
    assert server.requests == 3


# --------------------------------------------------------------------------- closing under calls


@pytest.mark.parametrize("transport", [None, "aiohttp"])
async def test_aclose_while_calls_are_in_flight_fails_each_of_them_in_the_tree(
    key_pair: KeyPair, transport: str | None
) -> None:
    if transport == "aiohttp":
        pytest.importorskip("aiohttp")
    with serving(slow_headers(5)) as server:
        client = AsyncIDVClient(
            "sdk",
            key_pair.private_key,
            base_url=server.url,
            transport=transport,  # type: ignore[arg-type]
        )
        calls = [asyncio.create_task(client.get_session(f"s-{n}")) for n in range(8)]
        await asyncio.to_thread(server.wait_for_requests, 8)
        await client.aclose()
        results = await asyncio.wait_for(asyncio.gather(*calls, return_exceptions=True), 10)

    assert all(isinstance(result, YotiIDVError) for result in results), results
    assert all("closed while the call was in flight" in str(result) for result in results)


def test_close_while_calls_are_in_flight_fails_each_of_them_in_the_tree(
    key_pair: KeyPair,
) -> None:
    results: list[BaseException] = []
    with serving(slow_headers(3)) as server:
        client = IDVClient("sdk", key_pair.private_key, base_url=server.url)

        def call() -> None:
            try:
                client.get_session("s-1")
            except BaseException as exc:
                results.append(exc)

        threads = [threading.Thread(target=call) for _ in range(4)]
        for thread in threads:
            thread.start()
        server.wait_for_requests(4)
        client.close()
        for thread in threads:
            thread.join(timeout=10)

    assert len(results) == 4
    assert all(isinstance(result, YotiIDVError) for result in results), results


async def test_aclose_from_another_event_loop_is_not_an_error(key_pair: KeyPair) -> None:
    from yoti_idv.emulator import Emulator
    from yoti_idv.testing import serve_emulator

    emulator = Emulator()
    emulator.register_application(SDK_ID, key_pair.public_key_pem)
    with serve_emulator(emulator) as url:
        client = AsyncIDVClient(SDK_ID, key_pair.private_key, base_url=url)
        await client.get_supported_documents()  # a keep-alive connection on this loop

        def close_elsewhere() -> None:
            asyncio.run(client.aclose())  # the owning loop still runs (awaiting this thread)

        await asyncio.to_thread(close_elsewhere)

    assert client.is_closed


def test_aclose_after_the_owning_loop_closed_is_not_an_error(key_pair: KeyPair) -> None:
    from yoti_idv.emulator import Emulator
    from yoti_idv.testing import serve_emulator

    emulator = Emulator()
    emulator.register_application(SDK_ID, key_pair.public_key_pem)
    with serve_emulator(emulator) as url:
        client = AsyncIDVClient(SDK_ID, key_pair.private_key, base_url=url)
        asyncio.run(client.get_supported_documents())  # that loop is closed afterwards
        asyncio.run(client.aclose())

    assert client.is_closed
    # The pooled connection's transport belonged to the closed loop: nothing can close it any
    # more, and the garbage collector reports its socket. Collect it here, where that is
    # expected, rather than in whichever test happens to run the collector next.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


# --------------------------------------------------------------------------- ids


BAD_IDS: list[tuple[str, str]] = [
    ("with DEL", "abc\x7fdef"),
    ("65 kB", "a" * 65_000),
    ("lone surrogate", "abc\ud800"),
]


@pytest.mark.parametrize(("case", "bad"), BAD_IDS, ids=[case for case, _ in BAD_IDS])
async def test_an_id_that_cannot_go_in_a_url_is_refused_naming_the_argument(
    key_pair: KeyPair, case: str, bad: str
) -> None:
    calls: list[tuple[str, Callable[[AsyncIDVClient], object]]] = [
        ("session_id", lambda c: c.get_session(bad)),
        ("media_id", lambda c: c.get_media_content("s-1", bad)),
        ("session_id", lambda c: c.delete_session(bad)),
    ]
    with serving(answer(b"{}")) as server:
        async with AsyncIDVClient("sdk", key_pair.private_key, base_url=server.url) as client:
            for name, call in calls:
                with pytest.raises(InvalidArgumentError, match=rf"^{name} ") as raised:
                    await call(client)  # type: ignore[misc]
                assert len(str(raised.value)) < 200  # a 65 kB id is not echoed

    assert server.requests == 0
    assert issubclass(InvalidArgumentError, ValueError)


def test_sync_an_id_that_cannot_go_in_a_url_is_refused(key_pair: KeyPair) -> None:
    with IDVClient("sdk", key_pair.private_key, base_url="http://127.0.0.1:9") as client:
        for _, bad in BAD_IDS:
            with pytest.raises(InvalidArgumentError, match=r"^session_id "):
                client.get_session(bad)


def test_closing_twice_and_calling_after_close_stay_in_the_tree(key_pair: KeyPair) -> None:
    client = IDVClient("sdk", key_pair.private_key, base_url="http://127.0.0.1:9")
    client.close()
    client.close()
    with pytest.raises(ConfigurationError, match="closed"):
        client.get_session("s-1")
