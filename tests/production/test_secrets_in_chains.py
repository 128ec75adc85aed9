"""No credential in an exception chain, nor in the locals of the frames it was raised through.

An error report (Sentry, a traceback printed with its locals, a log of ``exc.__cause__``)
sees everything an exception reaches: its ``__cause__`` and ``__context__``, their requests,
and the local variables of every frame of every traceback. Against real servers on
127.0.0.1, each failure below is formatted with ``capture_locals=True`` and walked in full.
"""

from __future__ import annotations

import asyncio
import json
import traceback
from collections.abc import Iterator
from urllib.parse import parse_qs

import httpx
import pytest

from yoti_idv import (
    APIConnectionError,
    AsyncIDVClient,
    AuthenticationTokenGenerator,
    IDVClient,
    ResponseValidationError,
    YotiIDVError,
)
from yoti_idv.testing import KeyPair

from .raw_server import answer, hang_up, serving

SESSION_TOKEN = "cst-SECRET-5e1f0a9b"
ACCESS_TOKEN = "access-SECRET-token-0123456789"


def chain(error: BaseException) -> Iterator[BaseException]:
    """`error` and every exception it leads to through __cause__ and __context__."""
    seen: set[int] = set()
    pending = [error]
    while pending and len(seen) < 100:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)


def everything_shown(error: BaseException) -> str:
    """What a report with locals would show: the formatted chain, and every request's bytes."""
    parts = [
        "".join(traceback.TracebackException.from_exception(error, capture_locals=True).format())
    ]
    for linked in chain(error):
        parts.append(repr(linked))
        request = getattr(linked, "request", None)
        if isinstance(request, httpx.Request):
            parts.append(request.read().decode("latin-1"))
            parts.append(str(request.headers))
    return "\n".join(parts)


def test_a_failed_token_mint_shows_no_client_assertion(key_pair: KeyPair) -> None:
    with serving(hang_up()) as server:
        generator = AuthenticationTokenGenerator(
            "sdk", key_pair.private_key, auth_url=server.url + "/oauth/token"
        )
        with pytest.raises(APIConnectionError) as raised:
            asyncio.run(generator.generate(["idv:sessions"]))

    # Formatted first: the test's own frame is on the traceback, and its locals with it.
    shown = everything_shown(raised.value)
    (sent,) = server.bodies
    (assertion,) = parse_qs(sent.decode())["client_assertion"]
    assert len(assertion) > 100
    assert assertion not in shown
    assert assertion.split(".")[2] not in shown  # not even the signature part
    assert "form" not in [
        name
        for frame in traceback.walk_tb(raised.value.__traceback__)
        for name in frame[0].f_locals
    ]


MAC_TOKEN = json.dumps({"access_token": ACCESS_TOKEN, "token_type": "MAC"}).encode()


def test_a_token_response_that_does_not_fit_shows_no_token(key_pair: KeyPair) -> None:
    with serving(answer(MAC_TOKEN)) as server:
        generator = AuthenticationTokenGenerator(
            "sdk", key_pair.private_key, auth_url=server.url + "/oauth/token"
        )
        with pytest.raises(YotiIDVError) as raised:
            asyncio.run(generator.generate(["idv:sessions"]))

    assert "token_type is 'MAC'" in str(raised.value)
    assert ACCESS_TOKEN not in everything_shown(raised.value)


NOT_A_SESSION = json.dumps(
    {"session_id": "s-1", "client_session_token": SESSION_TOKEN, "checks": "not a list"}
).encode()


async def test_a_session_that_does_not_fit_shows_no_client_session_token(
    key_pair: KeyPair,
) -> None:
    with serving(answer(NOT_A_SESSION)) as server:
        async with AsyncIDVClient("sdk", key_pair.private_key, base_url=server.url) as client:
            with pytest.raises(ResponseValidationError) as raised:
                await client.get_session("s-1")

    assert raised.value.body == NOT_A_SESSION  # kept for debugging, on purpose
    assert SESSION_TOKEN not in everything_shown(raised.value)


def test_sync_a_session_that_does_not_fit_shows_no_client_session_token(
    key_pair: KeyPair,
) -> None:
    with (
        serving(answer(NOT_A_SESSION)) as server,
        IDVClient("sdk", key_pair.private_key, base_url=server.url) as client,
        pytest.raises(ResponseValidationError) as raised,
    ):
        client.get_session("s-1")

    assert SESSION_TOKEN not in everything_shown(raised.value)
