"""Every constructor of every client goes through `__init__`, and points where it promises.

A sandbox client must never reach Yoti's production API by accident, whichever constructor
made it; a production client reads the production variables. One case per client class and
constructor, with the production variable set to a decoy, so a constructor that skipped the
class's own base-URL rule would show it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from yoti_idv import DEFAULT_BASE_URL, AsyncIDVClient, ConfigurationError, IDVClient
from yoti_idv.sandbox import DEFAULT_SANDBOX_BASE_URL, AsyncSandboxClient

PRODUCTION_DECOY = "https://decoy.invalid/idverify/v1"
FROM_ENV = "https://from-env.invalid/idverify/v1"

Client = AsyncIDVClient | IDVClient
Constructor = Callable[[type[Any], str], Client]

CONSTRUCTORS: dict[str, Constructor] = {
    "__init__": lambda cls, key: cls("sdk-id", key),
    "__init__(bearer_token=)": lambda cls, key: cls(bearer_token="token"),
    "with_bearer_token": lambda cls, key: cls.with_bearer_token("token"),
    "from_env": lambda cls, key: cls.from_env(),
}


def _close(client: Client) -> None:
    if isinstance(client, IDVClient):
        client.close()
    else:
        asyncio.run(client.aclose())


@pytest.fixture
def key_file(tmp_path: Path, pem_bytes: bytes, monkeypatch: pytest.MonkeyPatch) -> str:
    path = tmp_path / "key.pem"
    path.write_bytes(pem_bytes)
    for name in ("YOTI_IDV_API_URL", "YOTI_DOC_SCAN_API_URL", "YOTI_SANDBOX_IDV_API_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("YOTI_CLIENT_SDK_ID", "sdk-id")
    monkeypatch.setenv("YOTI_KEY_FILE_PATH", str(path))
    return str(path)


# Each class: its default base URL, and the variable that overrides it.
WHERE: dict[type[Client], tuple[str, str]] = {
    AsyncIDVClient: (DEFAULT_BASE_URL, "YOTI_DOC_SCAN_API_URL"),
    IDVClient: (DEFAULT_BASE_URL, "YOTI_DOC_SCAN_API_URL"),
    AsyncSandboxClient: (DEFAULT_SANDBOX_BASE_URL, "YOTI_SANDBOX_IDV_API_URL"),
}


@pytest.mark.parametrize("constructor", CONSTRUCTORS)
@pytest.mark.parametrize("cls", WHERE, ids=lambda cls: cls.__name__)
def test_each_constructor_points_where_its_class_promises(
    cls: type[Client], constructor: str, key_file: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    default, variable = WHERE[cls]
    if cls is AsyncSandboxClient:  # production's variables must not reach a sandbox client
        monkeypatch.setenv("YOTI_IDV_API_URL", PRODUCTION_DECOY)
        monkeypatch.setenv("YOTI_DOC_SCAN_API_URL", PRODUCTION_DECOY)
    client = CONSTRUCTORS[constructor](cls, key_file)
    assert type(client) is cls
    assert client.base_url == default
    _close(client)
    monkeypatch.setenv(variable, FROM_ENV)
    client = CONSTRUCTORS[constructor](cls, key_file)
    assert client.base_url == FROM_ENV
    _close(client)


@pytest.mark.parametrize("cls", [AsyncIDVClient, IDVClient, AsyncSandboxClient])
def test_credentials_are_a_key_or_a_bearer_token(cls: type[Client], key_file: str) -> None:
    with pytest.raises(ConfigurationError, match="not both"):
        cls("sdk-id", key_file, bearer_token="token")
    with pytest.raises(ConfigurationError, match="key is required"):
        cls("sdk-id")
    with pytest.raises(ConfigurationError, match="sdk_id must be a non-empty string"):
        cls(key=key_file)


@pytest.mark.parametrize("cls", [AsyncIDVClient, IDVClient, AsyncSandboxClient])
def test_a_misspelt_option_fails_like_a_misspelt_argument(cls: type[Client], key_file: str) -> None:
    options: dict[str, Any] = {"timeot": 3.0}
    with pytest.raises(
        TypeError, match=rf"^{cls.__name__}\(\) got an unexpected keyword .*'timeot'"
    ):
        cls("sdk-id", key_file, **options)


async def test_a_bearer_sandbox_client_cannot_configure_the_application(key_file: str) -> None:
    async with AsyncSandboxClient.with_bearer_token("token") as sandbox:
        with pytest.raises(ConfigurationError, match="needs the application's SDK id"):
            await sandbox.configure_application_response({})
