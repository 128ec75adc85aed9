"""pytest fixtures for testing your code against the local IDV emulator, no Yoti account needed.

pytest loads this plugin by itself once ``yoti-idv`` is installed (a ``pytest11`` entry point
named ``yoti_idv``; ``-p no:yoti_idv`` turns it off): there is nothing to add to a
``conftest.py``. The fixtures need the ``emulator`` extra; the async one needs pytest-asyncio,
in its default strict mode or in auto mode:

| fixture | scope | what it gives |
| --- | --- | --- |
| `yoti_emulator` | test | a fresh `Emulator` on a `ManualClock`, the test application registered |
| `yoti_client` | test | an `AsyncIDVClient` wired in-process to `yoti_emulator` (async) |
| `yoti_emulator_server` | test | `yoti_emulator` over HTTP on 127.0.0.1: a `ServedEmulator` |
| `yoti_sync_client` | test | an `IDVClient` talking to `yoti_emulator_server` |
| `yoti_key_pair` | session | the test application's RSA key pair, made once per run |
| `yoti_client_options` | test | keyword arguments for the clients; override it to change them |

```python
import pytest

from yoti_idv import RequestedLivenessCheckBuilder, SessionSpecBuilder

liveness = RequestedLivenessCheckBuilder().for_static_liveness().with_max_retries(3).build()
spec = SessionSpecBuilder().with_requested_check(liveness).build()


@pytest.mark.asyncio  # all the configuration it takes, in strict and auto mode alike
async def test_passive_liveness(yoti_client, yoti_emulator):
    created = await yoti_client.create_session(spec)
    await yoti_emulator.complete_session(created.session_id, outcome="pass")
    session = await yoti_client.get_session(created.session_id)
    assert session.state == "COMPLETED"
```

pytest imports this plugin for every run of every project that has ``yoti-idv`` installed,
so it lives outside the ``yoti_idv`` package (whose import brings httpx, cryptography and the
models) and imports nothing but pytest (and pytest-asyncio, which pytest has loaded already)
at load time: the emulator and the clients are imported when a fixture is first used.
"""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from yoti_idv.client import AsyncIDVClient
    from yoti_idv.emulator import Emulator
    from yoti_idv.sync_client import IDVClient
    from yoti_idv.testing import KeyPair, ServedEmulator

__all__ = [
    "TEST_SDK_ID",
    "yoti_client",
    "yoti_client_options",
    "yoti_emulator",
    "yoti_emulator_server",
    "yoti_key_pair",
    "yoti_sync_client",
]

#: The SDK id of the application the fixtures register with the emulator.
TEST_SDK_ID = "yoti-idv-test-application"

_NO_PYTEST_ASYNCIO = (
    "the yoti_client fixture is async and needs pytest-asyncio "
    "(pip install pytest-asyncio); without it, use yoti_sync_client"
)


@pytest.fixture(scope="session")
def yoti_key_pair() -> KeyPair:
    """The test application's RSA key pair, made once per run (RSA key generation is slow)."""
    from yoti_idv.testing import make_key_pair

    return make_key_pair()


@pytest.fixture
def yoti_client_options() -> dict[str, Any]:
    """Keyword arguments for `yoti_client` and `yoti_sync_client`; override to change them.

    By default, retries keep their number of attempts but wait at most 20 ms, so that a test
    of a 429 or a 503 does not sleep for the production backoff.
    """
    from yoti_idv.retry import RetryPolicy

    return {"retry": RetryPolicy(backoff_initial=0.01, backoff_max=0.02)}


@pytest.fixture
def yoti_emulator(yoti_key_pair: KeyPair) -> Emulator:
    """A fresh emulator for each test, on a `ManualClock` (``advance_clock()`` moves it).

    The application `TEST_SDK_ID` is registered with `yoti_key_pair`'s public key.
    """
    _require_emulator_extra()
    from yoti_idv.emulator import Emulator, ManualClock

    emulator = Emulator(clock=ManualClock())
    emulator.register_application(TEST_SDK_ID, yoti_key_pair.public_key_pem)
    return emulator


try:
    import pytest_asyncio  # loaded by pytest already, as its plugin: this costs nothing

    _HAVE_PYTEST_ASYNCIO = True
except ImportError:
    _HAVE_PYTEST_ASYNCIO = False

if _HAVE_PYTEST_ASYNCIO:

    @pytest_asyncio.fixture
    async def yoti_client(
        yoti_emulator: Emulator, yoti_key_pair: KeyPair, yoti_client_options: dict[str, Any]
    ) -> AsyncIterator[AsyncIDVClient]:
        """An `AsyncIDVClient` served in-process by `yoti_emulator`, closed after the test."""
        from yoti_idv.client import AsyncIDVClient

        async with AsyncIDVClient(
            TEST_SDK_ID,
            yoti_key_pair.private_key,
            base_url=yoti_emulator.base_url,
            transport=yoti_emulator.transport(),
            **yoti_client_options,
        ) as client:
            yield client

else:

    @pytest.fixture
    def yoti_client() -> None:
        """Says that pytest-asyncio is missing."""
        pytest.fail(_NO_PYTEST_ASYNCIO, pytrace=False)


@pytest.fixture
def yoti_emulator_server(
    yoti_emulator: Emulator, yoti_key_pair: KeyPair, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServedEmulator]:
    """`yoti_emulator` over real HTTP on 127.0.0.1, on a free port, for the test's duration.

    For what builds its own HTTP connection: a browser on the hosted page, a subprocess,
    another language's SDK. Its `env` holds the variables Yoti's SDKs and ours read.
    """
    from yoti_idv.testing import ServedEmulator, serve_emulator

    key_file = tmp_path_factory.mktemp("yoti-idv") / "application-key.pem"
    key_file.touch(mode=0o600)
    key_file.write_bytes(yoti_key_pair.private_key_pem)
    with serve_emulator(yoti_emulator) as base_url:
        yield ServedEmulator(
            emulator=yoti_emulator, base_url=base_url, sdk_id=TEST_SDK_ID, key_file=key_file
        )


@pytest.fixture
def yoti_sync_client(
    yoti_emulator_server: ServedEmulator,
    yoti_key_pair: KeyPair,
    yoti_client_options: dict[str, Any],
) -> Iterator[IDVClient]:
    """An `IDVClient` talking to `yoti_emulator_server` over HTTP, closed after the test."""
    from yoti_idv.sync_client import IDVClient

    with IDVClient(
        TEST_SDK_ID,
        yoti_key_pair.private_key,
        base_url=yoti_emulator_server.base_url,
        **yoti_client_options,
    ) as client:
        yield client


def _require_emulator_extra() -> None:
    missing = [m for m in ("starlette", "uvicorn") if importlib.util.find_spec(m) is None]
    if missing:
        pytest.fail(
            f"the yoti-idv fixtures need the emulator extra ({' and '.join(missing)} "
            "not installed): pip install '.[emulator]' from the yoti-idv checkout",
            pytrace=False,
        )
