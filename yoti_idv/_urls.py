"""URLs: checking a configured one (a base URL, the auth service's URL), joining paths to one."""

from __future__ import annotations

import re
from typing import Any, Final

import httpx

from .errors import ConfigurationError

__all__ = ["URLJoiner", "checked_http_url"]


def checked_http_url(value: object, *, name: str, source: str, example: str) -> httpx.URL:
    """`value` as an absolute http(s) URL without query or fragment.

    `name` is the argument's name (for a wrong type), `source` where the value came from (the
    argument or an environment variable), `example` a good value to show in the message.
    """
    if not isinstance(value, str):
        raise ConfigurationError(f"{name} must be a str, got {type(value).__name__}")
    try:
        url = httpx.URL(value)
    except httpx.InvalidURL as exc:
        raise ConfigurationError(f"{source} is not a valid URL: {value!r} ({exc})") from None
    if url.scheme not in ("https", "http") or not url.host:
        raise ConfigurationError(
            f"{source} must be an absolute http(s) URL such as {example}, got {value!r}"
        )
    if url.query or url.fragment:
        raise ConfigurationError(f"{source} must not have a query or fragment, got {value!r}")
    return url


# What httpx leaves as it is when it parses a path or a query: unreserved characters,
# sub-delimiters, ':', '@', '/' (and '?' in a query) and percent-escapes. A path or query of
# only these parses back to itself, so it can be joined to a parsed base URL as it is. Matched
# against ``path?query``, the path absolute.
_AS_IS: Final = re.compile(
    r"/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*"
    r"\?(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*"
)


class URLJoiner:
    """Joins already-encoded paths and queries to one base URL, parsed once.

    ``httpx.URL(str)`` checks and re-encodes a URL character by character in Python; for the
    long, signed URLs of this API that was the largest single share of building a request
    (benchmarks/README.md, item 3). The paths and queries the clients send are encoded
    already (ids are checked, queries are built by `httpx.QueryParams` and the signer), so
    a URL is made here from the base URL's parsed form with the path and query put in as
    they are. That form is httpx's own (``URL._uri_reference``, a named tuple): when it is
    not what this expects (another httpx), or a path or query is not one httpx would leave
    as it is, the URL is parsed by ``httpx.URL`` as usual. A test compares both ways.
    """

    def __init__(self, base_url: str) -> None:
        self._base_url = base_url.rstrip("/")
        self.base = httpx.URL(self._base_url)
        """The base URL, parsed."""
        reference: Any = getattr(self.base, "_uri_reference", None)
        # The parsed form's type and its parts but the path and the query, which each URL sets.
        self._reference: tuple[Any, ...] | None = (
            (type(reference), *reference[:4]) if _is_parse_result(reference) else None
        )
        self._base_path = self.base.raw_path.decode("ascii").rstrip("/")

    def join(self, path: str, query: str = "") -> httpx.URL:
        """``{base_url}{path}?{query}`` (without the ``?`` when `query` is empty)."""
        if self._reference is not None and _AS_IS.fullmatch(f"{path}?{query}") and "/." not in path:
            parse_result, scheme, userinfo, host, port = self._reference
            url = httpx.URL.__new__(httpx.URL)
            url._uri_reference = parse_result(
                scheme, userinfo, host, port, self._base_path + path, query or None, None
            )
            return url
        joined = self._base_url + path
        return httpx.URL(f"{joined}?{query}" if query else joined)


def _is_parse_result(reference: object) -> bool:
    """Whether `reference` is the named tuple `URLJoiner` knows how to fill in."""
    return isinstance(reference, tuple) and getattr(reference, "_fields", None) == (
        "scheme",
        "userinfo",
        "host",
        "port",
        "path",
        "query",
        "fragment",
    )
