"""`AsyncSandboxClient`: tells Yoti's IDV sandbox (or the local emulator) what to answer.

The sandbox serves the IDV API under its own base URL and adds two endpoints that set the
checks and tasks a session (or every new session of the application) will report
(idv-api.md section 2, S1 and S2). Requests are signed exactly like IDV requests, by the same
`RequestSigner`; errors are the same exceptions. Sessions themselves are created and read with
an `AsyncIDVClient` pointed at the same base URL.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Final, Self

import httpx

from yoti_idv.client import DEFAULT_TIMEOUT, _checked_id, _coerce_timeout, _json_bytes
from yoti_idv.converter import converter
from yoti_idv.errors import (
    APIConnectionError,
    APITimeoutError,
    ConfigurationError,
    error_from_response,
)
from yoti_idv.signing import PrivateKey, RequestSigner, include_sdk_id

from ._response_config import SandboxResponseConfig

__all__ = ["DEFAULT_SANDBOX_BASE_URL", "AsyncSandboxClient"]

DEFAULT_SANDBOX_BASE_URL: Final = "https://api.yoti.com/sandbox/idverify/v1"

_BASE_URL_ENV_VAR: Final = "YOTI_SANDBOX_IDV_API_URL"


class AsyncSandboxClient:
    """Configures the responses of Yoti's IDV sandbox.

    ```python
    async with AsyncSandboxClient(sdk_id, Path("sandbox-key.pem")) as sandbox:
        await sandbox.configure_session_response(session_id, config)
    ```

    `key` is a `PrivateKey`, PEM bytes or a ``.pem`` path, as for `AsyncIDVClient` (use the
    sandbox application's key). The base URL is `base_url`, else
    ``$YOTI_SANDBOX_IDV_API_URL``, else Yoti's sandbox. `transport` is any
    `httpx.AsyncBaseTransport` (the emulator's, a mock); `http_client` an `httpx.AsyncClient`
    the caller owns and closes. Give at most one. Requests are not retried: they are cheap to
    repeat, and a test that configures a response wants to hear about a failure at once.
    """

    def __init__(
        self,
        sdk_id: str,
        key: PrivateKey | bytes | str | os.PathLike[str],
        *,
        base_url: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
    ) -> None:
        if not isinstance(sdk_id, str):
            raise ConfigurationError(f"sdk_id must be a str, got {type(sdk_id).__name__}")
        try:
            _checked_id("sdk_id", sdk_id)
        except ValueError as exc:  # it goes into a path: /apps/{sdk_id}/response-config
            raise ConfigurationError(str(exc)) from None
        if transport is not None and http_client is not None:
            raise ConfigurationError("give either transport or http_client, not both")
        if transport is not None and not isinstance(transport, httpx.AsyncBaseTransport):
            raise ConfigurationError(
                f"transport must be an httpx.AsyncBaseTransport, got {type(transport).__name__}"
            )
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise ConfigurationError(
                f"http_client must be an httpx.AsyncClient, got {type(http_client).__name__}"
            )
        self._sdk_id = sdk_id
        self._base_url = _resolve_base_url(base_url)
        self._signer = RequestSigner(sdk_id, PrivateKey.load(key), self._base_url)
        self._owns_http_client = http_client is None
        self._http = http_client or httpx.AsyncClient(
            transport=transport, timeout=_coerce_timeout(timeout)
        )
        self._closed = False

    @property
    def sdk_id(self) -> str:
        return self._sdk_id

    @property
    def base_url(self) -> str:
        return self._base_url

    @property
    def is_closed(self) -> bool:
        return self._closed

    def __repr__(self) -> str:
        return f"AsyncSandboxClient(sdk_id={self._sdk_id!r}, base_url={self._base_url!r})"

    async def aclose(self) -> None:
        """Close the connection pool (unless the caller owns the `http_client`). Idempotent."""
        if self._closed:
            return
        self._closed = True
        if self._owns_http_client:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def configure_session_response(
        self,
        session_id: str,
        config: SandboxResponseConfig | Mapping[str, Any],
    ) -> None:
        """Set what one session reports (``PUT /sessions/{id}/response-config``).

        Call it after creating the session and before the user completes it.
        """
        path = f"/sessions/{_checked_id('session_id', session_id)}/response-config"
        await self._put(path, config, with_sdk_id=True)

    async def configure_application_response(
        self, config: SandboxResponseConfig | Mapping[str, Any]
    ) -> None:
        """Set what every new session of this application reports.

        ``PUT /apps/{sdk_id}/response-config``; like Yoti's Python and Go sandbox clients, the
        SDK id is in the path only, not in the query.
        """
        await self._put(f"/apps/{self._sdk_id}/response-config", config, with_sdk_id=False)

    async def _put(
        self, path: str, config: SandboxResponseConfig | Mapping[str, Any], *, with_sdk_id: bool
    ) -> None:
        if self._closed:
            raise ConfigurationError("this AsyncSandboxClient is closed; create a new one")
        body = _json_bytes(_payload(config))
        request = self._http.build_request(
            "PUT",
            self._base_url + path,
            content=body,
            headers={"Accept": "application/json", "Content-Type": "application/json"},
            extensions=include_sdk_id(with_sdk_id),
        )
        try:
            response = await self._http.send(request, auth=self._signer)
        except httpx.TimeoutException as exc:
            raise APITimeoutError(
                f"PUT {path} timed out ({type(exc).__name__})",
                request=request,
                may_have_been_sent=not isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout),
            ) from exc
        except httpx.TransportError as exc:
            raise APIConnectionError(
                f"PUT {path} failed: {type(exc).__name__}",
                request=request,
                may_have_been_sent=not isinstance(exc, httpx.ConnectError),
            ) from exc
        if not response.is_success:
            raise error_from_response(response)


def _payload(config: object) -> Any:
    """The JSON of a response config: a `SandboxResponseConfig` via the converter, or a mapping
    sent as it is (for fields this SDK does not model yet)."""
    if isinstance(config, SandboxResponseConfig):
        return converter.unstructure(config)
    if isinstance(config, Mapping):
        return dict(config)
    raise TypeError(
        f"config must be a SandboxResponseConfig (or a JSON mapping), got {type(config).__name__}"
    )


def _resolve_base_url(base_url: str | None) -> str:
    source = "base_url"
    if base_url is None:
        from_env = os.environ.get(_BASE_URL_ENV_VAR, "").strip()
        base_url, source = (
            (from_env, f"${_BASE_URL_ENV_VAR}") if from_env else (DEFAULT_SANDBOX_BASE_URL, "")
        )
    if not isinstance(base_url, str):
        raise ConfigurationError(f"base_url must be a str, got {type(base_url).__name__}")
    try:
        url = httpx.URL(base_url)
    except httpx.InvalidURL as exc:
        raise ConfigurationError(f"{source} is not a valid URL: {base_url!r} ({exc})") from None
    if url.scheme not in ("https", "http") or not url.host:
        raise ConfigurationError(
            f"{source} must be an absolute http(s) URL such as {DEFAULT_SANDBOX_BASE_URL}, "
            f"got {base_url!r}"
        )
    if url.query or url.fragment:
        raise ConfigurationError(f"{source} must not have a query or fragment, got {base_url!r}")
    return str(url).rstrip("/")
