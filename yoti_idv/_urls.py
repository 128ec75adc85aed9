"""Checking a configured URL (a base URL, the auth service's URL): one set of rules and messages."""

from __future__ import annotations

import httpx

from .errors import ConfigurationError

__all__ = ["checked_http_url"]


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
