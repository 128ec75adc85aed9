"""Errors that say what went wrong and what to do: the first-day mistakes, each with a hint."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from yoti_idv import (
    APIConnectionError,
    AsyncIDVClient,
    ConfigurationError,
    NotFoundError,
    PrivateKey,
    RetryPolicy,
)
from yoti_idv.cli import main
from yoti_idv.testing import KeyPair, ServedEmulator

TRANSPORTS = ["default", "aiohttp"]


def _transport(name: str) -> object:
    if name == "aiohttp":
        from yoti_idv.transports import aiohttp_transport

        return aiohttp_transport()
    return None


async def test_a_404_outside_the_api_path_hints_at_the_base_url(
    yoti_emulator_server: ServedEmulator, yoti_key_pair: KeyPair
) -> None:
    async with AsyncIDVClient(
        yoti_emulator_server.sdk_id,
        yoti_key_pair.private_key,
        base_url=yoti_emulator_server.root_url,  # no /idverify/v1
        retry=RetryPolicy.disabled(),
    ) as client:
        with pytest.raises(NotFoundError) as caught:
            await client.get_session("abc")
    assert "(hint: the base URL has no /idverify/v1" in str(caught.value)
    assert "https://api.yoti.com/idverify/v1" in str(caught.value)


async def test_a_404_inside_the_api_path_has_no_base_url_hint(yoti_client: AsyncIDVClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        await yoti_client.get_session("0c6b2d55-0000-4000-8000-000000000000")
    assert "base URL" not in str(caught.value)


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_https_against_a_plain_http_server_says_why(
    yoti_emulator_server: ServedEmulator, yoti_key_pair: KeyPair, transport: str
) -> None:
    https_url = yoti_emulator_server.base_url.replace("http://", "https://", 1)
    async with AsyncIDVClient(
        yoti_emulator_server.sdk_id,
        yoti_key_pair.private_key,
        base_url=https_url,
        retry=RetryPolicy.disabled(),
        transport=_transport(transport),  # type: ignore[arg-type]
    ) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.get_supported_documents()
    message = str(caught.value)
    assert "the TLS handshake with 127.0.0.1:" in message
    assert "plain HTTP, such as the local emulator, needs an http:// base URL" in message
    assert caught.value.may_have_been_sent is False


async def test_a_refused_connection_gets_no_tls_hint(yoti_key_pair: KeyPair) -> None:
    async with AsyncIDVClient(
        "sdk",
        yoti_key_pair.private_key,
        base_url="http://127.0.0.1:9/idverify/v1",  # discard: nothing listens
        retry=RetryPolicy.disabled(),
    ) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.get_supported_documents()
    assert "TLS" not in str(caught.value)


def test_both_missing_variables_are_named_in_the_plural(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("YOTI_CLIENT_SDK_ID", raising=False)
    monkeypatch.delenv("YOTI_KEY_FILE_PATH", raising=False)
    with pytest.raises(ConfigurationError) as caught:
        AsyncIDVClient.from_env()
    assert str(caught.value).startswith(
        "environment variables YOTI_CLIENT_SDK_ID and YOTI_KEY_FILE_PATH are not set ("
    )


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (lambda: ec.generate_private_key(ec.SECP256R1()), "got an EC key"),
        (ed25519.Ed25519PrivateKey.generate, "got an Ed25519 key"),
    ],
    ids=["ec", "ed25519"],
)
def test_a_non_rsa_key_is_named_with_the_right_article(key: object, expected: str) -> None:
    pem = key().private_bytes(  # type: ignore[operator]
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with pytest.raises(ConfigurationError, match=expected):
        PrivateKey.from_pem(pem)


def test_a_public_key_given_as_the_private_key_says_so(
    tmp_path: Path, yoti_key_pair: KeyPair
) -> None:
    public = yoti_key_pair.public_key_pem
    path = tmp_path / "public.pem"
    path.write_bytes(public)
    with pytest.raises(ConfigurationError) as caught:
        PrivateKey.from_file(path)
    assert str(caught.value).startswith("the private key is a public key: give the private key")
    assert str(path) in str(caught.value)


# --- the command line --------------------------------------------------------------------------


def test_demo_refuses_more_attempts_than_the_session_allows_before_starting(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:  # argparse's way: exit status 2, bad arguments
        main(["demo", "--attempts", "5"])
    assert exited.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "argument --attempts: must be at most 3" in captured.err
    assert "session" not in captured.err.split("must be at most 3")[0]


def test_a_bad_public_key_file_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "not-a-key.pem"
    path.write_text("hello\n")
    assert main(["emulator", "serve", "--port", "0", "--public-key", str(path)]) == 1
    assert capsys.readouterr().err.strip() == (
        f"yoti-idv: error: --public-key {path}: not a PEM RSA public key"
    )


def test_migrate_help_tells_the_truth_about_layout(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["migrate", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "indentation too" not in text
    assert "indented like the input's first indented line" in text
    assert "other hand-made layout is not kept" in text
