"""`AsyncSandboxClient`: an `AsyncIDVClient` for Yoti's IDV sandbox, which it also configures.

The sandbox serves the IDV API under its own base URL and adds two endpoints that set the
checks and tasks a session (or every new session of the application) will report (``PUT
/sessions/{id}/response-config`` and ``PUT /apps/{sdk_id}/response-config``, as Yoti's Python
and Go sandbox clients call them). The client is an `AsyncIDVClient` with the sandbox's base
URL and those two methods more, so sessions are created and read with the same object, and
every request goes through the same signing, retries, timeouts and error mapping.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from yoti_idv import _operations as operations
from yoti_idv._base_client import BaseUrlSource
from yoti_idv.client import CLIENT_DEFAULT, AsyncIDVClient, RetryArg, TimeoutArg
from yoti_idv.errors import ConfigurationError

from ._response_config import SandboxResponseConfig

__all__ = ["DEFAULT_SANDBOX_BASE_URL", "AsyncSandboxClient"]

DEFAULT_SANDBOX_BASE_URL: Final = "https://api.yoti.com/sandbox/idverify/v1"


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

    base_url_source = BaseUrlSource(
        env_vars=("YOTI_SANDBOX_IDV_API_URL",), default=DEFAULT_SANDBOX_BASE_URL
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
