"""The devices that took part in a session (``GET /sessions/{id}/tracked-devices``).

Yoti answers with a top-level JSON array of events; it parses into `TrackedDevices`, a
sequence of `TrackedDevice`::

    devices = converter.structure(data, TrackedDevices)
    for event in devices:
        print(event.event, event.created, event.device.os_name if event.device else None)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import overload

import attrs

__all__ = ["DeviceDescription", "TrackedDevice", "TrackedDevices"]


@attrs.frozen(kw_only=True)
class DeviceDescription:
    """The device (and browser) an event came from, as Yoti saw it."""

    ip_address: str | None = None
    ip_iso_country_code: str | None = None
    manufacture_name: str | None = None
    model_name: str | None = None
    os_name: str | None = None
    os_version: str | None = None
    browser_name: str | None = None
    browser_version: str | None = None
    locale: str | None = None
    client_version: str | None = None


@attrs.frozen(kw_only=True)
class TrackedDevice:
    """One event of a device in a session.

    `event` is e.g. ``CONFIG_FIRST_LOADED``, ``RESOURCE_CREATED`` (then `resource_id` is the
    resource) or ``CLIENT_SESSION_TOKEN_DELETED``.
    """

    event: str | None = None
    resource_id: str | None = None
    created: datetime | None = None
    device: DeviceDescription | None = None


@attrs.frozen
class TrackedDevices(Sequence[TrackedDevice]):
    """The answer to ``GET /sessions/{id}/tracked-devices``: the events, in Yoti's order.

    A sequence (``len``, indexing, iteration); the JSON is the array itself, both ways.
    """

    devices: tuple[TrackedDevice, ...] = ()

    @overload
    def __getitem__(self, index: int) -> TrackedDevice: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[TrackedDevice, ...]: ...

    def __getitem__(self, index: int | slice) -> TrackedDevice | tuple[TrackedDevice, ...]:
        return self.devices[index]

    def __len__(self) -> int:
        return len(self.devices)

    def __iter__(self) -> Iterator[TrackedDevice]:
        return iter(self.devices)
