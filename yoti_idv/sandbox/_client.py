"""`AsyncSandboxClient`: an `AsyncIDVClient` for Yoti's IDV sandbox, which it also configures.

The sandbox serves the IDV API under its own base URL and adds two endpoints that set the
checks and tasks a session (or every new session of the application) will report
(idv-api.md section 2, S1 and S2). The client is an `AsyncIDVClient` with the sandbox's base
URL and those two methods more, so sessions are created and read with the same object, and
every request goes through the same signing, retries, timeouts and error mapping.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, Final, Literal

import httpx

from yoti_idv._base_client import DEFAULT_MAX_CONCURRENCY, DEFAULT_TIMEOUT
from yoti_idv._operations import Operation, checked_id, json_bytes
from yoti_idv._urls import checked_http_url
from yoti_idv.auth.signing import PrivateKey
from yoti_idv.client import CLIENT_DEFAULT, AsyncIDVClient, RetryArg, TimeoutArg
from yoti_idv.conversion import converter
from yoti_idv.errors import ConfigurationError
from yoti_idv.retry import DEFAULT_RETRY_POLICY, RetryPolicy

from ._response_config import SandboxResponseConfig

__all__ = ["DEFAULT_SANDBOX_BASE_URL", "AsyncSandboxClient"]

DEFAULT_SANDBOX_BASE_URL: Final = "https://api.yoti.com/sandbox/idverify/v1"

_BASE_URL_ENV_VAR: Final = "YOTI_SANDBOX_IDV_API_URL"


class AsyncSandboxClient(AsyncIDVClient):
    """An `AsyncIDVClient` for Yoti's IDV sandbox, plus the two response-config endpoints.

    ```python
    async with AsyncSandboxClient(sdk_id, Path("sandbox-key.pem")) as sandbox:
        created = await sandbox.create_session(spec)
        await sandbox.configure_session_response(created.session_id, config)
    ```

    `key` is the sandbox application's key, as for `AsyncIDVClient`. The base URL is
    `base_url`, else ``$YOTI_SANDBOX_IDV_API_URL``, else Yoti's sandbox; the production
    variables (``$YOTI_IDV_API_URL``...) are never read here, so a sandbox client cannot talk
    to production by accident.
    """

    def __init__(
        self,
        sdk_id: str,
        key: PrivateKey | bytes | str | os.PathLike[str],
        *,
        base_url: str | None = None,
        transport: httpx.AsyncBaseTransport | Literal["aiohttp"] | None = None,
        http_client: httpx.AsyncClient | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        retry: RetryPolicy = DEFAULT_RETRY_POLICY,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
    ) -> None:
        if not isinstance(sdk_id, str):
            raise ConfigurationError(f"sdk_id must be a str, got {type(sdk_id).__name__}")
        try:
            checked_id("sdk_id", sdk_id)  # it goes into a path: /apps/{sdk_id}/response-config
        except ValueError as exc:
            raise ConfigurationError(str(exc)) from None
        if base_url is None:
            from_env = os.environ.get(_BASE_URL_ENV_VAR, "").strip()
            if from_env:
                # Checked here so that the message names the sandbox's variable.
                checked_http_url(
                    from_env,
                    name="base_url",
                    source=f"${_BASE_URL_ENV_VAR}",
                    example=DEFAULT_SANDBOX_BASE_URL,
                )
            base_url = from_env or DEFAULT_SANDBOX_BASE_URL
        super().__init__(
            sdk_id,
            key,
            base_url=base_url,
            transport=transport,
            http_client=http_client,
            timeout=timeout,
            retry=retry,
            max_concurrency=max_concurrency,
        )

    async def configure_session_response(
        self,
        session_id: str,
        config: SandboxResponseConfig | Mapping[str, Any],
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> None:
        """Set what one session reports (``PUT /sessions/{id}/response-config``).

        Call it after creating the session and before the user completes it.
        """
        path = f"/sessions/{checked_id('session_id', session_id)}/response-config"
        operation = _put_config("configure_session_response", path, config, with_sdk_id=True)
        await self._execute(operation, timeout, retry)

    async def configure_application_response(
        self,
        config: SandboxResponseConfig | Mapping[str, Any],
        *,
        timeout: TimeoutArg = CLIENT_DEFAULT,
        retry: RetryArg = CLIENT_DEFAULT,
    ) -> None:
        """Set what every new session of this application reports.

        ``PUT /apps/{sdk_id}/response-config``; like Yoti's Python and Go sandbox clients, the
        SDK id is in the path only, not in the query.
        """
        path = f"/apps/{self.sdk_id}/response-config"
        operation = _put_config("configure_application_response", path, config, with_sdk_id=False)
        await self._execute(operation, timeout, retry)


def _put_config(name: str, path: str, config: object, *, with_sdk_id: bool) -> Operation[None]:
    """A PUT of a response config: a `SandboxResponseConfig` via the converter, or a mapping
    sent as it is (for fields this SDK does not model yet)."""
    if isinstance(config, SandboxResponseConfig):
        payload: Any = converter.unstructure(config)
    elif isinstance(config, Mapping):
        payload = dict(config)
    else:
        raise TypeError(
            "config must be a SandboxResponseConfig (or a JSON mapping), "
            f"got {type(config).__name__}"
        )
    return Operation(
        name=name,
        method="PUT",
        path=path,
        parse=lambda response: None,
        body=json_bytes(payload),
        with_sdk_id=with_sdk_id,
    )
