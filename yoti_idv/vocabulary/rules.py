"""The rules Yoti puts on a session specification, as plain constants.

The spec classes validate against these, and other code that has to judge a session
specification (the local emulator answering ``POST /sessions``, users' own checks) imports
them from here, so there is one source for every bound.

Where the figures come from: Yoti's "System preferences" page
(developers.yoti.com/v8.0/identity-verification/system-preferences), summarised in
Yoti's IDV documentation ("Retention" and the session specification).
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "DEFAULT_IMPORT_TOKEN_TTL",
    "DEFAULT_LIVENESS_MAX_RETRIES",
    "DEFAULT_RESOURCES_TTL",
    "DEFAULT_SDK_LOCALE",
    "HEX_COLOUR_PATTERN",
    "LOCALE_PATTERN",
    "MIN_CLIENT_SESSION_TOKEN_TTL",
    "MIN_IMPORT_TOKEN_TTL",
    "MIN_LIVENESS_MAX_RETRIES",
    "MIN_RESOURCES_TTL",
    "MIN_RESOURCES_TTL_BEYOND_CLIENT_SESSION_TOKEN_TTL",
    "MIN_TEXT_EXTRACTION_ATTEMPTS",
    "RELATIVE_URL_PATTERN",
    "WEB_URL_PATTERN",
]

MIN_CLIENT_SESSION_TOKEN_TTL: Final = 301
"""Smallest ``client_session_token_ttl`` (seconds) we send.

Yoti's docs say the TTL "must be longer than 300s (5 minutes)", so 300 itself is refused:
rejecting it here costs a caller one second, letting it through risks a 400 from Yoti.
No upper bound is documented, so none is enforced.
"""

MIN_RESOURCES_TTL: Final = 86_400
"""Smallest ``resources_ttl`` (seconds): "a minimum of 24 hours"."""

MIN_RESOURCES_TTL_BEYOND_CLIENT_SESSION_TOKEN_TTL: Final = 86_400
"""``resources_ttl`` "must be at least 24 hours longer than the client_session_token_ttl"."""

DEFAULT_RESOURCES_TTL: Final = 604_800
"""What Yoti uses when ``resources_ttl`` is not sent (one week). Informational: never sent."""

DEFAULT_LIVENESS_MAX_RETRIES: Final = 1
"""``max_retries`` of a LIVENESS check when the caller sets none: the default of the node,
java, .NET and php SDKs (python omits the key, go omits 0)."""

MIN_LIVENESS_MAX_RETRIES: Final = 0
"""The lowest ``max_retries`` accepted. It counts attempts in all (Yoti: "a minimum of 1
attempt"); 0 is still accepted and gives the user one attempt, as the emulator plays it."""

DEFAULT_SDK_LOCALE: Final = "en-GB"
"""``sdk_config.locale`` when the caller sets none.

Yoti's migration guide shows ``"locale": "en-GB"`` in the JSON of a session whose builder
code never calls ``with_locale``: that JSON is the wire format we reproduce, so the default
is sent rather than left to the server.
"""

HEX_COLOUR_PATTERN: Final = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
"""A CSS hex colour, ``#rgb`` or ``#rrggbb`` (use with ``fullmatch``); Yoti answers anything
else with ``"provided colour must be a valid Hex Code"``."""

LOCALE_PATTERN: Final = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
"""A language tag such as ``en``, ``en-GB``, ``es-419`` or (as Yoti's Go SDK writes it)
``fr_FR`` (use with ``fullmatch``)."""

WEB_URL_PATTERN: Final = re.compile(r"https?://[^\s/?#]+(?:[/?#]\S*)?", re.IGNORECASE)
"""An absolute http(s) URL with a host and no whitespace (use with ``fullmatch``)."""

RELATIVE_URL_PATTERN: Final = re.compile(r"/(?!/)\S*")
"""A path relative to the page's origin, such as the ``/success`` of Yoti's node example;
``//host`` (scheme-relative) is not one (use with ``fullmatch``)."""

MIN_TEXT_EXTRACTION_ATTEMPTS: Final = 1
"""Smallest attempts count in ``sdk_config.attempts_configuration`` (Yoti's node SDK checks
``>= 1``; an attempts count of 0 would leave the user no attempt at all)."""

DEFAULT_IMPORT_TOKEN_TTL: Final = 31_536_000
"""``import_token.ttl`` (seconds) when the builder is given none: one year (365 days).

The official builders disagree: PHP's default is 365 days, Go's 360 ("12 months" of 30
days: 31,104,000 s), Java has none. A year is what both defaults mean. The ``2592000`` (30
days) of Go's ``ExampleImportTokenBuilder_Build`` is not a default: that example passes it
to ``WithTTL`` explicitly.
"""

MIN_IMPORT_TOKEN_TTL: Final = 1
"""Smallest ``import_token.ttl`` we send; Yoti documents no bound, and 0 would be no token."""
