"""Tracked devices: the end user's devices, as Yoti records them while the user acts.

``GET /sessions/{id}/tracked-devices`` (read by Yoti's Node and Java SDKs) is a top-level array of
events, each with the device that caused it. The emulator records:

* ``CONFIG_FIRST_LOADED`` the first time the user's client loads the session (the hosted
  page, or the simulated user starting their journey from Python or the control API);
* ``RESOURCE_CREATED`` (with ``resource_id``) for every resource the user's device creates:
  each liveness capture attempt, and the ID document when the session asks for one;
* ``CLIENT_SESSION_TOKEN_DELETED`` when the user gives up.

The device of a page load is read from the request (address, ``User-Agent``,
``Accept-Language``); the simulated user of `Emulator.complete_session` has a fixed, plausible
phone. ``DELETE`` forgets the events.

What the emulator cannot tell about a device (its country, with no geo-IP database; a maker
or model the ``User-Agent`` does not name) is left out of the device object, never sent as
``null``: Yoti's payloads carry only the keys they have, and Yoti's Node SDK throws
``TypeError: ip_iso_country_code must be a string`` on a present ``null``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from yoti_idv._version import __version__

__all__ = [
    "CLIENT_SESSION_TOKEN_DELETED",
    "CONFIG_FIRST_LOADED",
    "RESOURCE_CREATED",
    "SIMULATED_DEVICE",
    "device_from_request",
    "tracked_event",
]

CONFIG_FIRST_LOADED = "CONFIG_FIRST_LOADED"
RESOURCE_CREATED = "RESOURCE_CREATED"
CLIENT_SESSION_TOKEN_DELETED = "CLIENT_SESSION_TOKEN_DELETED"

CLIENT_VERSION = f"yoti-idv-emulator-{__version__}"

SIMULATED_DEVICE: Mapping[str, str] = {
    "ip_address": "203.0.113.24",  # TEST-NET-3 (RFC 5737): never a real user
    "ip_iso_country_code": "GBR",
    "manufacture_name": "Apple",
    "model_name": "iPhone",
    "os_name": "iOS",
    "os_version": "17.4",
    "browser_name": "Safari",
    "browser_version": "17.4",
    "locale": "en-GB",
    "client_version": CLIENT_VERSION,
}
"""The device of the simulated end user (Python API and control API)."""

# (pattern, browser name); the first match wins, so Edge and Opera come before Chrome.
_BROWSERS = (
    (re.compile(r"Edg(?:e|A|iOS)?/([\d.]+)"), "Edge"),
    (re.compile(r"OPR/([\d.]+)"), "Opera"),
    (re.compile(r"Firefox/([\d.]+)"), "Firefox"),
    (re.compile(r"FxiOS/([\d.]+)"), "Firefox"),
    (re.compile(r"CriOS/([\d.]+)"), "Chrome"),
    (re.compile(r"Chrome/([\d.]+)"), "Chrome"),
    (re.compile(r"Version/([\d.]+).*Safari/"), "Safari"),
)
_SYSTEMS = (
    (re.compile(r"Android ([\d.]+)"), "Android", None),
    (re.compile(r"iPhone OS ([\d_]+)"), "iOS", "Apple"),
    (re.compile(r"iPad.*OS ([\d_]+)"), "iPadOS", "Apple"),
    (re.compile(r"Mac OS X ([\d_.]+)"), "Mac OS", "Apple"),
    (re.compile(r"Windows NT ([\d.]+)"), "Windows", None),
    (re.compile(r"CrOS \S+ ([\d.]+)"), "Chrome OS", None),
    (re.compile(r"Linux()"), "Linux", None),
)
_MODELS = (
    (re.compile(r"iPhone"), "iPhone"),
    (re.compile(r"iPad"), "iPad"),
    (re.compile(r"Macintosh"), "Mac"),
    (re.compile(r"Android [\d.]+; ([^;)]+?)(?: Build/[^;)]*)?\)"), None),
)
_LOCALE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


def device_from_request(
    client_host: str | None, user_agent: str | None, accept_language: str | None
) -> dict[str, str]:
    """A tracked device read from a browser's request; what is unknown is left out."""
    agent = user_agent or ""
    browser_name = browser_version = None
    for pattern, name in _BROWSERS:
        match = pattern.search(agent)
        if match:
            browser_name, browser_version = name, match.group(1)
            break
    os_name = os_version = manufacturer = None
    for pattern, name, maker in _SYSTEMS:
        match = pattern.search(agent)
        if match:
            os_name, os_version = name, match.group(1).replace("_", ".") or None
            manufacturer = maker
            break
    model = None
    for pattern, fixed in _MODELS:
        match = pattern.search(agent)
        if match:
            model = fixed if fixed is not None else match.group(1).strip()
            break
    locale = None
    if accept_language:
        first = accept_language.split(",", 1)[0].split(";", 1)[0].strip()
        if _LOCALE.fullmatch(first):
            locale = first
    device = {
        "ip_address": client_host,
        # No ip_iso_country_code: the emulator has no geo-IP database.
        "manufacture_name": manufacturer,
        "model_name": model,
        "os_name": os_name,
        "os_version": os_version,
        "browser_name": browser_name,
        "browser_version": browser_version,
        "locale": locale,
        "client_version": CLIENT_VERSION,
    }
    return {key: value for key, value in device.items() if value is not None}


def tracked_event(
    event: str,
    created: str,
    device: Mapping[str, str | None],
    resource_id: str | None = None,
) -> dict[str, Any]:
    """One element of the tracked-devices array (a device's unknown fields left out)."""
    body: dict[str, Any] = {"event": event}
    if resource_id is not None:
        body["resource_id"] = resource_id
    body["created"] = created
    body["device"] = {key: value for key, value in device.items() if value is not None}
    return body
