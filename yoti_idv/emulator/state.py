"""Sessions, their media, and the clock that ages them.

Time is injectable: the emulator reads it only through a `Clock`, so a test can build the
emulator with a `ManualClock` and `advance()` it past a token or resources TTL instead of
sleeping. Expiry is evaluated lazily, whenever a session is looked up:

* when the client session token expires (``created + client_session_token_ttl``, or the
  ``session_deadline``) a session that the user never finished becomes ``EXPIRED``, and
  ``client_session_token_ttl`` reads 0 (Yoti: "will be 0 if expired");
* when the resources expire (``created + resources_ttl``) the session and all its media are
  gone: every later read is a 404. Yoti's docs disagree on when that timer starts (creation or
  token expiry); counting from creation matches the rule that ``resources_ttl`` must exceed
  ``client_session_token_ttl`` by a day.

All mutation goes through `SessionStore` under one lock, because the emulator may be served by
uvicorn in one thread while a test drives it from another.
"""

from __future__ import annotations

import logging
import math
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any, Protocol

import attrs

from .validation import LivenessRequest

logger = logging.getLogger("yoti_idv.emulator")

__all__ = [
    "Clock",
    "ManualClock",
    "SessionState",
    "SessionStore",
    "StoredMedia",
    "StoredSession",
    "SystemClock",
    "format_time",
    "new_id",
]


class Clock(Protocol):
    """Where the emulator gets the time: seconds since the epoch, as a float."""

    def now(self) -> float: ...


class SystemClock:
    """The real wall clock."""

    def now(self) -> float:
        return time.time()

    def __repr__(self) -> str:
        return "SystemClock()"


class ManualClock:
    """A clock that only moves when told to: `advance(seconds)` or `set(when)`.

    It starts at `start` (epoch seconds or an aware datetime), by default the current time.
    """

    def __init__(self, start: float | datetime | None = None) -> None:
        self._now = _to_epoch(start) if start is not None else time.time()
        self._lock = threading.Lock()

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> float:
        """Move the clock forward by `seconds` (not backwards: sessions never get younger)."""
        if seconds < 0 or math.isnan(seconds):
            raise ValueError("a ManualClock only moves forward")
        with self._lock:
            self._now += seconds
            return self._now

    def set(self, when: float | datetime) -> None:
        """Jump to `when` (epoch seconds or an aware datetime)."""
        with self._lock:
            self._now = _to_epoch(when)

    def __repr__(self) -> str:
        return f"ManualClock({format_time(self._now)!r})"


def _to_epoch(value: float | datetime) -> float:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("use an aware datetime (with a tzinfo), e.g. datetime.now(UTC)")
        return value.timestamp()
    return float(value)


def format_time(epoch: float) -> str:
    """RFC 3339 UTC with milliseconds, as Yoti writes dates: ``2022-03-29T11:39:08.473Z``."""
    moment = datetime.fromtimestamp(epoch, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def new_id() -> str:
    """A fresh identifier in Yoti's format (a lower-case UUID4)."""
    return str(uuid.uuid4())


class SessionState:
    """The session states Yoti documents."""

    ONGOING = "ONGOING"
    COMPLETED = "COMPLETED"
    EXPIRED = "EXPIRED"


@attrs.define
class StoredMedia:
    """One medium: its bytes, content type and Yoti media ``type`` (IMAGE, BINARY, JSON)."""

    id: str
    type: str
    content_type: str
    content: bytes = attrs.field(repr=False)
    created: float
    withheld: bool = False
    """When True the content endpoint answers 204, as Yoti does when regulations forbid it."""


@attrs.define
class StoredSession:
    """A session as the emulator keeps it. Its repr never shows the client session token."""

    id: str
    sdk_id: str
    client_session_token: str = attrs.field(repr=False)
    created: float
    token_expires: float
    resources_expire: float
    # The validated request, kept for the simulated user; it may hold a notification auth token.
    spec: dict[str, Any] = attrs.field(repr=False)
    liveness: LivenessRequest | None = None
    state: str = SessionState.ONGOING
    token_deleted: bool = False
    biometric_consent: float | None = None
    checks: list[dict[str, Any]] = attrs.field(factory=list, repr=False)
    resources: dict[str, list[dict[str, Any]]] = attrs.field(factory=dict, repr=False)
    media: dict[str, StoredMedia] = attrs.field(factory=dict, repr=False)
    # The session configuration's required resources (configuration.py), fixed at creation.
    requirements: list[dict[str, Any]] = attrs.field(factory=list, repr=False)
    # Face-capture resources the relying business created (resources.face_capture).
    face_captures: list[dict[str, Any]] = attrs.field(factory=list, repr=False)
    # Tracked-device events (devices.py), and the device the user's journey runs on.
    tracked_devices: list[dict[str, Any]] = attrs.field(factory=list, repr=False)
    device: dict[str, str] | None = attrs.field(default=None, repr=False)
    # The IBV instructions last PUT (ibv.py); may hold the user's contact profile.
    instructions: dict[str, Any] | None = attrs.field(default=None, repr=False)
    # The sandbox response config the session reports with (sandbox.py), and when each
    # held-back check's report is due (epoch seconds, by check id).
    response_config: dict[str, Any] | None = attrs.field(default=None, repr=False)
    reports_due: dict[str, float] = attrs.field(factory=dict, repr=False)

    def token_ttl_remaining(self, now: float) -> int:
        """Seconds left on the client session token; 0 once it expired or was deleted."""
        if self.token_deleted:
            return 0
        return max(0, math.ceil(self.token_expires - now))

    def to_json(self, now: float) -> dict[str, Any]:
        """The ``GET /sessions/{id}`` body (Yoti's ``GetSessionResult``)."""
        body: dict[str, Any] = {
            "client_session_token_ttl": self.token_ttl_remaining(now),
            "session_id": self.id,
            "state": self.state,
            "client_session_token": self.client_session_token,
            "resources": {
                "id_documents": [],
                "supplementary_documents": [],
                "liveness_capture": [],
                **self.resources,
                "face_capture": self.face_captures,
            },
            "checks": [self._check_json(check, now) for check in self.checks],
        }
        tracking_id = self.spec.get("user_tracking_id")
        if tracking_id is not None:
            body["user_tracking_id"] = tracking_id
        if self.biometric_consent is not None:
            body["biometric_consent"] = format_time(self.biometric_consent)
        return body

    def _check_json(self, check: dict[str, Any], now: float) -> dict[str, Any]:
        """A check as it reads at `now`: PENDING, without its report, until it is due."""
        due = self.reports_due.get(check.get("id", ""))
        if due is None or now >= due:
            return check
        pending = {key: value for key, value in check.items() if key != "report"}
        pending.update(state="PENDING", last_updated=check.get("created"))
        return pending


class SessionStore:
    """All sessions, by id, with lazy expiry (see the module docstring)."""

    def __init__(
        self, clock: Clock, *, max_sessions: int = 1000, max_resources_ttl: float = 7 * 86400
    ) -> None:
        if max_sessions < 1:
            raise ValueError("max_sessions must be at least 1")
        if not max_resources_ttl > 0:
            raise ValueError("max_resources_ttl must be a positive number of seconds")
        self.clock = clock
        self.max_sessions = max_sessions
        self.max_resources_ttl = max_resources_ttl
        self._sessions: dict[str, StoredSession] = {}
        self._lock = threading.RLock()

    @property
    def lock(self) -> threading.RLock:
        """The store's lock, for callers that read and then change a session atomically."""
        return self._lock

    def create(
        self,
        sdk_id: str,
        spec: dict[str, Any],
        *,
        token_ttl: int,
        token_expires: float | None,
        resources_ttl: int,
        liveness: LivenessRequest | None = None,
        requirements: list[dict[str, Any]] | None = None,
        response_config: dict[str, Any] | None = None,
    ) -> StoredSession:
        """Store a new ONGOING session with a fresh client session token.

        Its resources are kept for `resources_ttl` seconds, but never longer than
        `max_resources_ttl`; when `max_sessions` are already kept, the oldest is forgotten.
        """
        now = self.clock.now()
        session = StoredSession(
            id=new_id(),
            sdk_id=sdk_id,
            client_session_token=secrets.token_urlsafe(32),
            created=now,
            token_expires=token_expires if token_expires is not None else now + token_ttl,
            resources_expire=now + min(resources_ttl, self.max_resources_ttl),
            spec=spec,
            liveness=liveness,
            requirements=requirements if requirements is not None else [],
            response_config=response_config,
        )
        with self._lock:
            while len(self._sessions) >= self.max_sessions:
                # Dicts keep insertion order: the first session is the oldest.
                oldest = next(iter(self._sessions))
                del self._sessions[oldest]
                logger.info("forgot session %s: the emulator keeps %d", oldest, self.max_sessions)
            self._sessions[session.id] = session
        return session

    def get(self, session_id: str, sdk_id: str | None = None) -> StoredSession | None:
        """The live session, or None when unknown, deleted, expired away, or another app's."""
        with self._lock:
            session = self._sessions.get(session_id)
            if session is None:
                return None
            if not self._refresh(session):
                return None
            if sdk_id is not None and session.sdk_id != sdk_id:
                # Another application's session does not exist, as far as this one can tell.
                return None
            return session

    def find_by_token(self, session_id: str, token: str) -> StoredSession | None:
        """The session whose client session token is `token` (constant-time compare)."""
        session = self.get(session_id)
        if session is None or not secrets.compare_digest(
            session.client_session_token.encode(), token.encode()
        ):
            return None
        return session

    def delete(self, session_id: str, sdk_id: str | None = None) -> bool:
        """Remove a session and its media; False when there was none to remove."""
        with self._lock:
            if self.get(session_id, sdk_id) is None:
                return False
            del self._sessions[session_id]
            return True

    def all(self) -> Iterator[StoredSession]:
        """Every live session (expiring those that are due)."""
        with self._lock:
            ids = list(self._sessions)
        for session_id in ids:
            session = self.get(session_id)
            if session is not None:
                yield session

    def update(self, session_id: str, change: Callable[[StoredSession], None]) -> StoredSession:
        """Apply `change` to the live session under the lock; KeyError when there is none."""
        with self._lock:
            session = self.get(session_id)
            if session is None:
                raise KeyError(session_id)
            change(session)
            return session

    def _refresh(self, session: StoredSession) -> bool:
        now = self.clock.now()
        if now >= session.resources_expire:
            del self._sessions[session.id]
            return False
        if session.state == SessionState.ONGOING and now >= session.token_expires:
            session.state = SessionState.EXPIRED
        return True
