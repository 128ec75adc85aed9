"""Outgoing webhook notifications, as Yoti sends them.

For every event whose topic the session subscribed to, the emulator POSTs
``{"session_id", "topic" (lower case), and "resource_id" | "check_id" | "task_id"}`` to the
session's ``notifications.endpoint``, authenticated with the session's ``auth_token``:
``Authorization: Basic base64(auth_token)`` for BASIC (the default) or ``Authorization:
Bearer <auth_token>`` for BEARER, as Yoti's notification docs describe.

Requests go through an injectable `httpx.AsyncClient`, so a test can capture them with
`httpx.MockTransport`. A failed delivery is recorded and logged, never raised: the end user's
journey does not fail because the relying business's endpoint is down. The record and the
logs carry the payload and the outcome, never the auth token or header.
"""

from __future__ import annotations

import base64
import logging
import threading
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import httpx

from .results import Event

__all__ = ["DeliveredNotification", "Notifier", "authorization_header"]

logger = logging.getLogger("yoti_idv.emulator")


@attrs.frozen
class DeliveredNotification:
    """One notification the emulator sent (or tried to): no auth material is kept."""

    endpoint: str
    payload: dict[str, str]
    auth_type: str
    status_code: int | None
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (for the control API)."""
        return attrs.asdict(self)


def authorization_header(auth_token: str | None, auth_type: str | None) -> str | None:
    """The ``Authorization`` value Yoti sends for this notification config."""
    if not auth_token:
        return None
    if (auth_type or "BASIC").upper() == "BEARER":
        return f"Bearer {auth_token}"
    return "Basic " + base64.b64encode(auth_token.encode("utf-8")).decode("ascii")


class Notifier:
    """Sends notification payloads; `client` is used if given (the caller closes it)."""

    def __init__(self, client: httpx.AsyncClient | None = None, *, timeout: float = 5.0) -> None:
        self._client = client
        self._timeout = timeout
        self._sent: list[DeliveredNotification] = []
        self._lock = threading.Lock()

    @property
    def sent(self) -> list[DeliveredNotification]:
        """Every notification attempted so far, oldest first (a copy)."""
        with self._lock:
            return list(self._sent)

    def clear(self) -> None:
        """Forget the notifications sent so far."""
        with self._lock:
            self._sent.clear()

    async def deliver(
        self, session_id: str, config: Mapping[str, Any] | None, events: Sequence[Event]
    ) -> list[DeliveredNotification]:
        """POST one payload per event whose topic `config` subscribes to; return the records."""
        if not config or not config.get("endpoint"):
            return []
        topics = {str(t).upper() for t in config.get("topics") or ()}
        wanted = [e for e in events if e.topic in topics]
        if not wanted:
            return []
        endpoint = str(config["endpoint"])
        auth_type = str(config.get("auth_type") or "BASIC").upper()
        headers = {"Content-Type": "application/json"}
        authorization = authorization_header(config.get("auth_token"), auth_type)
        if authorization is not None:
            headers["Authorization"] = authorization
        records: list[DeliveredNotification] = []
        if self._client is not None:
            for event in wanted:
                records.append(
                    await self._post(self._client, endpoint, headers, auth_type, session_id, event)
                )
        else:
            async with httpx.AsyncClient(timeout=self._timeout) as client:
                for event in wanted:
                    records.append(
                        await self._post(client, endpoint, headers, auth_type, session_id, event)
                    )
        with self._lock:
            self._sent.extend(records)
        return records

    async def _post(
        self,
        client: httpx.AsyncClient,
        endpoint: str,
        headers: dict[str, str],
        auth_type: str,
        session_id: str,
        event: Event,
    ) -> DeliveredNotification:
        payload = {"session_id": session_id, "topic": event.topic.lower()}
        if event.id_key is not None and event.id is not None:
            payload[event.id_key] = event.id
        try:
            response = await client.post(endpoint, json=payload, headers=headers)
        except httpx.HTTPError as exc:
            # The exception text names the URL and the error, never the request headers.
            logger.warning("notification %s to %s failed: %s", payload["topic"], endpoint, exc)
            return DeliveredNotification(endpoint, payload, auth_type, None, type(exc).__name__)
        if response.status_code >= 300:
            logger.warning(
                "notification %s to %s answered %d",
                payload["topic"],
                endpoint,
                response.status_code,
            )
        return DeliveredNotification(endpoint, payload, auth_type, response.status_code)
