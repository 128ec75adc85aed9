"""`AsyncSandboxClient`: an `AsyncIDVClient` for Yoti's IDV sandbox, which it also configures.

The sandbox serves the IDV API under its own base URL and adds two endpoints that set the
checks and tasks a session (or every new session of the application) will report (``PUT
/sessions/{id}/response-config`` and ``PUT /apps/{sdk_id}/response-config``, as Yoti's Python
and Go sandbox clients call them). The client is an `AsyncIDVClient` with the sandbox's base
URL and those two methods more, so sessions are created and read with the same object, and
every request goes through the same signing, retries, timeouts and error mapping.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, Final, Unpack

from yoti_idv import _operations as operations
from yoti_idv._base_client import AsyncClientOptions, KeySource
from yoti_idv._operations import checked_id
from yoti_idv._urls import checked_http_url
from yoti_idv.auth import AccessTokenSource
from yoti_idv.client import CLIENT_DEFAULT, AsyncIDVClient, RetryArg, TimeoutArg
from yoti_idv.errors import ConfigurationError

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
        sdk_id: str | None = None,
        key: KeySource | None = None,
        *,
        bearer_token: str | AccessTokenSource | None = None,
        **options: Unpack[AsyncClientOptions],
    ) -> None:
        if sdk_id is not None:
            if not isinstance(sdk_id, str):
                raise ConfigurationError(f"sdk_id must be a str, got {type(sdk_id).__name__}")
            try:
                checked_id("sdk_id", sdk_id)  # it goes into a path: /apps/{sdk_id}/response-config
            except ValueError as exc:
                raise ConfigurationError(str(exc)) from None
        if options.get("base_url") is None:
            from_env = os.environ.get(_BASE_URL_ENV_VAR, "").strip()
            if from_env:
                # Checked here so that the message names the sandbox's variable.
                checked_http_url(
                    from_env,
                    name="base_url",
                    source=f"${_BASE_URL_ENV_VAR}",
                    example=DEFAULT_SANDBOX_BASE_URL,
                )
            options["base_url"] = from_env or DEFAULT_SANDBOX_BASE_URL
        super().__init__(sdk_id, key, bearer_token=bearer_token, **options)

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
        operation = operations.configure_session_response(session_id, _checked_config(config))
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
        if self.sdk_id is None:
            raise ConfigurationError(
                "configure_application_response needs the application's SDK id, which a "
                "client made with a bearer token does not have: make it with sdk_id and key"
            )
        operation = operations.configure_application_response(self.sdk_id, _checked_config(config))
        await self._execute(operation, timeout, retry)


def _checked_config(config: object) -> SandboxResponseConfig | Mapping[str, Any]:
    """A `SandboxResponseConfig`, or a mapping sent as it is (fields not modelled yet)."""
    if isinstance(config, SandboxResponseConfig | Mapping):
        return config
    raise TypeError(
        f"config must be a SandboxResponseConfig (or a JSON mapping), got {type(config).__name__}"
    )
