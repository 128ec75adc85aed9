"""Each attempt's `httpx.Request`, built for one client.

httpx's ``build_request`` parses the whole URL again and merges the client's default headers,
params and cookies into every request; at many requests in flight that was the largest share
of the Python work of a signed request (benchmarks/README.md, item 3). So a client builds its
requests here instead:

- The URL is joined to the base URL parsed once (`URLJoiner`): an `Operation`'s path and query
  are encoded already, and the signer's auth parameters are added now, so that signing needs
  no second parse of the URL.
- A client that built its own httpx client knows its defaults, and they never change (nobody
  else holds that client): its requests are assembled directly with them. An httpx client
  given by the caller may carry default headers, params or cookies of its own, which the
  caller may change at any time: its requests go through its ``build_request``, as httpx
  merges them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import httpx

from ._operations import Operation
from ._urls import URLJoiner
from .auth.signing import SDK_HEADERS, built_with_auth_query, include_sdk_id

__all__ = ["RequestBuilder"]

# The SDK's own headers, on every request: the auth would otherwise look for them and add
# them to each (`built_with_auth_query`).
_SDK_HEADER_MAP: Final = dict(SDK_HEADERS)
_SDK_HEADER_LIST: Final = [
    (name.encode("ascii"), value.encode("ascii")) for name, value in SDK_HEADERS
]
# The methods whose requests httpx gives a ``Content-Length: 0`` when they have no body.
_SENDS_CONTENT_LENGTH: Final = frozenset({"POST", "PUT", "PATCH"})


class RequestBuilder:
    """Builds the requests of one client: fresh for every attempt, unsigned.

    `auth_query` is the signer's (`RequestSigner.auth_query`) when the client signs its
    requests: the URL is then built with fresh auth parameters already at its end. `owned`
    says whether the client built `http` itself (see the module).
    """

    def __init__(
        self,
        http: httpx.Client | httpx.AsyncClient,
        base_url: str,
        auth_query: Callable[[bool], str] | None = None,
        *,
        owned: bool,
    ) -> None:
        self._http = http
        self._urls = URLJoiner(base_url)
        self._host = self._urls.base.netloc
        self._auth_query = auth_query
        # The owned client's default headers but Accept, which every operation sets.
        self._default_headers: list[tuple[bytes, bytes]] | None = (
            [(name, value) for name, value in http.headers.raw if name.lower() != b"accept"]
            if owned
            else None
        )
        self._bodiless_headers: dict[tuple[bool, str], httpx.Headers] = {}

    def build(self, operation: Operation[Any], timeout: httpx.Timeout) -> httpx.Request:
        """A fresh, unsigned request for one attempt at `operation` (the auth signs it on send)."""
        extensions: dict[str, Any] = include_sdk_id(operation.with_sdk_id)
        query = str(httpx.QueryParams(operation.query)) if operation.query else ""
        if self._auth_query is not None:
            added = self._auth_query(operation.with_sdk_id)
            query = f"{query}&{added}" if query else added
            extensions.update(built_with_auth_query(added))
        url = self._urls.join(operation.path, query)
        if self._default_headers is None:
            return self._http.build_request(
                operation.method,
                url,
                content=operation.body,
                headers={**operation.headers, **_SDK_HEADER_MAP},
                timeout=timeout,
                extensions=extensions,
            )
        body = operation.body
        extensions["timeout"] = timeout.as_dict()
        request = httpx.Request(
            operation.method,
            url,
            headers=self._headers(operation),
            stream=httpx.ByteStream(body or b""),
            extensions=extensions,
        )
        request.read()  # the body is bytes: held as `content` at once, as httpx does
        return request

    def _headers(self, operation: Operation[Any]) -> httpx.Headers:
        """An owned client's headers for `operation`, as httpx's `build_request` would set
        them and in its order, Host and Content-Length included: given a body stream, httpx
        adds none itself (and skips rebuilding the list to add them).

        Those of a request without a body depend only on its method and Accept: they are made
        once, and each request copies them (`httpx.Request` copies a `Headers` it is given).
        """
        body = operation.body
        key = (operation.method in _SENDS_CONTENT_LENGTH, operation.accept)
        if body is None and key in self._bodiless_headers:
            return self._bodiless_headers[key]
        assert self._default_headers is not None
        headers = [(b"Host", self._host)]
        if body is None and operation.method in _SENDS_CONTENT_LENGTH:
            headers.append((b"Content-Length", b"0"))
        headers += self._default_headers
        headers.append((b"Accept", operation.accept.encode("ascii")))
        if body is not None:
            headers.append((b"Content-Type", operation.content_type.encode("ascii")))
        headers += _SDK_HEADER_LIST
        if body is not None:
            headers.append((b"Content-Length", str(len(body)).encode("ascii")))
            return httpx.Headers(headers)
        made = self._bodiless_headers[key] = httpx.Headers(headers)
        return made
