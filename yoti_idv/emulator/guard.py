"""What keeps an emulator left running on a developer's laptop safe from the web pages they open.

The control API is unauthenticated and the emulator trusts whoever can reach it, so it must
not obey a browser that some other web page drives. Before any route (or armed fault) sees a
request, `RequestGuard` refuses:

* a ``Host`` that is not the emulator's own name (DNS rebinding: a page on
  ``attacker.example`` whose name is re-pointed at 127.0.0.1 would otherwise be same-origin
  with the emulator). Allowed: localhost names (``localhost``, ``*.localhost``, 127.0.0.1,
  ``::1``), the host of the emulator's base URL (the bound address under ``emulator serve``),
  the names given in ``allowed_hosts`` (``"*"`` allows any), and, when the emulator is bound
  to every interface (0.0.0.0 or ``::``), any IP address literal (a rebinding attack needs a
  DNS name). 400 ``HOST_NOT_ALLOWED``;
* a cross-origin browser request to the control API (any method) or to any state-changing
  route (every method but GET, HEAD and OPTIONS): an ``Origin`` header that is not the
  emulator's own origin (``null`` included, unless the browser says
  ``Sec-Fetch-Site: same-origin``), or ``Sec-Fetch-Site: cross-site`` / ``same-site``.
  403 ``CROSS_ORIGIN_REFUSED``. The hosted page's own form posts are same-origin; Yoti's
  SDKs, our clients, the CLI and ``yoti_idv.testing`` send no ``Origin`` at all, so they are
  unaffected. A page in an iframe of the developer's app still loads
  (a GET).
* a body larger than the route's cap: by ``Content-Length`` before anything is read, and by
  counting while reading otherwise (`bounded_receive` raises `BodyTooLarge`, answered 413
  ``REQUEST_TOO_LARGE``), so a huge body is never held in memory.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

from .responses import yoti_error

__all__ = [
    "DEFAULT_MAX_API_BODY_BYTES",
    "MAX_CONTROL_BODY_BYTES",
    "BodyTooLarge",
    "RequestGuard",
    "bounded_receive",
    "guarded_channels",
    "too_large",
]

DEFAULT_MAX_API_BODY_BYTES = 10 * 1024 * 1024
"""The largest IDV API request body the emulator reads (a face-capture image is the largest)."""
MAX_CONTROL_BODY_BYTES = 256 * 1024
"""The largest control API request body (a public key PEM is the largest thing sent there)."""

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_WILDCARD_ADDRESSES = frozenset({"0.0.0.0", "::"})  # noqa: S104 - names, not a bind
_CROSS_SITE = frozenset({"cross-site", "same-site"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


class BodyTooLarge(Exception):
    """A request body went past its cap while it was being read."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the request body is larger than {limit} bytes")
        self.limit = limit


def too_large(limit: int) -> Response:
    """The 413 answer for a body over `limit` bytes."""
    return yoti_error(
        413, "REQUEST_TOO_LARGE", f"The request body is larger than the limit of {limit} bytes"
    )


def bounded_receive(receive: Receive, limit: int) -> Receive:
    """`receive`, raising `BodyTooLarge` as soon as the body read so far passes `limit`."""
    received = 0

    async def wrapped() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge(limit)
        return message

    return wrapped


def guarded_channels(
    scope: Scope, receive: Receive, send: Send, limit: int
) -> tuple[Receive, Send]:
    """`receive` bounded to `limit` bytes, and a `send` that closes the connection after a
    response given before the request body was read to its end.

    Without ``Connection: close`` the server would read (and throw away) the rest of a body
    it has already answered, to keep the connection: 300 MB of it, if that is what is sent.
    """
    headers = _headers(scope)
    has_body = "transfer-encoding" in headers or headers.get("content-length", "0").strip() not in {
        "",
        "0",
    }
    body_done = not has_body
    bounded = bounded_receive(receive, limit)

    async def tracking_receive() -> Message:
        nonlocal body_done
        message = await bounded()
        if message["type"] == "http.request" and not message.get("more_body", False):
            body_done = True
        return message

    async def closing_send(message: Message) -> None:
        if message["type"] == "http.response.start" and not body_done:
            message = {
                **message,
                "headers": [*message.get("headers", ()), (b"connection", b"close")],
            }
        await send(message)

    return tracking_receive, closing_send


def _host_name(authority: str) -> str:
    """The host of a ``Host`` header or URL authority, lower case, without port or brackets."""
    text = authority.strip().lower()
    if text.startswith("["):
        end = text.find("]")
        return text[1:end] if end > 0 else text  # unterminated: no name this emulator has
    if text.count(":") == 1:
        text = text.split(":", 1)[0]
    return text.rstrip(".")


def _is_ip_literal(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _origin_of(scheme: str, authority: str) -> tuple[str, str, int] | None:
    """``(scheme, host, port)`` with the default port filled in; None when unparseable."""
    try:
        parts = urlsplit(f"{scheme}://{authority}")
        port = parts.port
    except ValueError:
        return None
    if parts.hostname is None:
        return None
    return scheme, parts.hostname.rstrip("."), port or _DEFAULT_PORTS.get(scheme, 0)


class RequestGuard:
    """Decides, from the headers alone, whether a request may reach the emulator's routes.

    `base_host` is read on every request (``emulator serve`` and `serve_emulator` point the
    base URL at the bound address after the emulator is built).
    """

    def __init__(
        self,
        *,
        allowed_hosts: Iterable[str] = (),
        max_api_body_bytes: int = DEFAULT_MAX_API_BODY_BYTES,
    ) -> None:
        if isinstance(allowed_hosts, str):
            raise TypeError("allowed_hosts must be a list of host names, not one string")
        self.allowed_hosts = frozenset(_host_name(h) for h in allowed_hosts)
        if max_api_body_bytes < 1:
            raise ValueError("max_api_body_bytes must be at least 1")
        self.max_api_body_bytes = max_api_body_bytes

    def host_allowed(self, host: str, base_host: str) -> bool:
        """Whether `host` (a ``Host`` header value) names this emulator."""
        name = _host_name(host)
        if name in _LOOPBACK_NAMES or name.endswith(".localhost"):
            return True
        if name == _host_name(base_host) or name in self.allowed_hosts:
            return True
        if "*" in self.allowed_hosts:
            return True
        return _host_name(base_host) in _WILDCARD_ADDRESSES and _is_ip_literal(name)

    def body_limit(self, path: str, control_prefix: str) -> int:
        """The body cap of the route at `path`: small for the control API and the token
        endpoint (a form), the API's for the rest."""
        if path.startswith(control_prefix) or not path.startswith("/idverify/"):
            return MAX_CONTROL_BODY_BYTES
        return self.max_api_body_bytes

    def refusal(self, scope: Scope, *, base_host: str, control_prefix: str) -> Response | None:
        """The answer that refuses this request, or None when it may go on."""
        headers = _headers(scope)
        host = headers.get("host")
        if host is not None and not self.host_allowed(host, base_host):
            return yoti_error(
                400,
                "HOST_NOT_ALLOWED",
                f"The emulator does not answer to the host name {_host_name(host)!r} "
                "(a guard against DNS rebinding); use localhost or the bound address, "
                "or allow the name with --allowed-host",
            )
        path: str = scope.get("path", "")
        method: str = scope.get("method", "GET").upper()
        if path.startswith(control_prefix) or method not in _SAFE_METHODS:
            refused = self._cross_origin(scope, headers)
            if refused is not None:
                return yoti_error(
                    403,
                    "CROSS_ORIGIN_REFUSED",
                    f"Refused a cross-origin request ({refused}): the control API and the "
                    "routes that change state answer only the emulator's own pages and "
                    "clients that send no Origin (SDKs, the CLI)",
                )
        content_length = headers.get("content-length")
        if content_length is not None and content_length.strip().isdigit():
            limit = self.body_limit(path, control_prefix)
            if int(content_length) > limit:
                return too_large(limit)
        return None

    @staticmethod
    def _cross_origin(scope: Scope, headers: dict[str, str]) -> str | None:
        """Why the request comes from another origin, or None when it does not."""
        fetch_site = headers.get("sec-fetch-site", "").strip().lower()
        if fetch_site in _CROSS_SITE:
            return f"Sec-Fetch-Site: {fetch_site}"
        if fetch_site == "same-origin":
            # Only a browser sets Sec-Fetch-Site (no page can), and it says same-origin even
            # where the Origin header reads "null" (a form posted by a no-referrer page).
            return None
        origin = headers.get("origin")
        if origin is None:
            return None
        own = _origin_of(str(scope.get("scheme", "http")), headers.get("host", ""))
        try:
            parts = urlsplit(origin.strip())
            theirs = _origin_of(parts.scheme, parts.netloc) if parts.scheme else None
        except ValueError:
            theirs = None
        if own is None or theirs is None or own != theirs:
            return f"Origin: {origin[:100]}"
        return None


def _headers(scope: Scope) -> dict[str, str]:
    """The request's headers, names lower case; the first of a repeated header wins."""
    found: dict[str, str] = {}
    for name, value in scope.get("headers", ()):
        found.setdefault(name.decode("latin-1").lower(), value.decode("latin-1"))
    return found
