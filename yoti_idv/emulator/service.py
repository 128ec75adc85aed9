"""`EmulatorService`: the local IDV service, its applications, and the simulated end user.

`Emulator` (in `yoti_idv.emulator.asgi`) is this service as an ASGI application. Run it
in-process (``emulator.transport()`` plugs into ``AsyncIDVClient(transport=...)``) or over
HTTP with uvicorn (``yoti-idv emulator serve``). The service owns the state (applications,
sessions, media), the clock, the armed faults and the record of notifications sent, and
offers the end user's actions to Python code:

```python
emulator = Emulator()
app = emulator.create_demo_application()
async with AsyncIDVClient(app.sdk_id, app.private_key, base_url=emulator.base_url,
                          transport=emulator.transport()) as client:
    created = await client.create_session(spec)
    await emulator.complete_session(created.session_id, outcome="pass")
    result = await client.get_session(created.session_id)
```
"""

from __future__ import annotations

import copy
import logging
import math
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from yoti_idv.auth.signing import PrivateKey

from .auth import Application, SignatureVerifier, load_public_key
from .configuration import COMPLETE, build_requirements
from .devices import (
    CLIENT_SESSION_TOKEN_DELETED,
    CONFIG_FIRST_LOADED,
    RESOURCE_CREATED,
    SIMULATED_DEVICE,
    tracked_event,
)
from .faults import MAX_FAULT_COUNT, MAX_FAULT_DELAY, Fault, FaultInjector, FaultKind
from .guard import DEFAULT_MAX_API_BODY_BYTES, RequestGuard
from .notifications import DeliveredNotification, Notifier
from .results import Event, Outcome, simulate_capture
from .sandbox import ResponseConfigs, apply_response_config
from .state import (
    Clock,
    ManualClock,
    SessionState,
    SessionStore,
    StoredMedia,
    StoredSession,
    SystemClock,
    format_time,
    new_id,
)
from .tokens import TOKEN_PATH, TokenIssuer
from .validation import LivenessRequest, ValidatedSpec

__all__ = [
    "API_PREFIX",
    "CONTROL_PREFIX",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RESOURCES_TTL",
    "DEFAULT_MAX_SESSIONS",
    "DemoApplication",
    "EmulatorError",
    "EmulatorService",
    "MAX_SIMULATED_ATTEMPTS",
    "InstructionsEmail",
    "SessionNotOngoing",
    "SessionSummary",
    "UnknownSession",
]

logger = logging.getLogger("yoti_idv.emulator")

API_PREFIX = "/idverify/v1"
"""Where the IDV API lives, as on api.yoti.com."""
CONTROL_PREFIX = "/__emulator__"
"""The control API: a prefix the real service does not use."""
DEFAULT_MAX_SESSIONS = 1000
"""How many sessions an emulator keeps by default; one more forgets the oldest."""
DEFAULT_MAX_RESOURCES_TTL = 7 * 24 * 3600
"""The longest an emulator keeps a session by default (seconds), whatever its
``resources_ttl`` asks: a week, past Yoti's own minimum of a day plus the token's life."""
MAX_SIMULATED_ATTEMPTS = 100
"""The most liveness attempts the simulated user makes, whatever ``max_retries`` allows."""
DEFAULT_BASE_URL = "http://idv-emulator.local" + API_PREFIX
"""The base URL to give `AsyncIDVClient` with `Emulator.transport()` (the host is never
resolved: the transport hands requests straight to the app)."""


class EmulatorError(Exception):
    """A request to the emulator's Python API that cannot be honoured."""


class UnknownSession(EmulatorError, LookupError):
    """No live session has this id (never created, deleted, or its resources expired)."""


class SessionNotOngoing(EmulatorError):
    """The session is COMPLETED or EXPIRED: the end user can no longer act on it."""


@attrs.frozen
class SessionSummary:
    """A read-only view of a session, for tests and the control API (no token in it)."""

    session_id: str
    sdk_id: str
    state: str
    liveness_type: str | None
    max_retries: int | None
    created: str
    media_ids: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        data = attrs.asdict(self)
        data["media_ids"] = list(self.media_ids)
        return data


@attrs.frozen
class InstructionsEmail:
    """An In-Branch Verification instructions email the emulator "sent" (it sends none)."""

    session_id: str
    to: str = attrs.field(repr=False)
    created: str

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return attrs.asdict(self)


@attrs.frozen
class DemoApplication:
    """A generated application: its SDK id and both halves of a fresh RSA-2048 key pair.

    Never shown in a repr: the PEM. Use `private_key` with `AsyncIDVClient`, or
    `write_private_key()` to hand the ``.pem`` file to another process or SDK.
    """

    sdk_id: str
    private_key: PrivateKey
    private_key_pem: bytes = attrs.field(repr=False)
    application: Application

    def write_private_key(self, path: str | os.PathLike[str]) -> Path:
        """Write the private key PEM to `path`, readable by the owner only; return the path.

        The key goes into a new file (mode 0600 from the start) in the same folder, which is
        then renamed over `path`: an existing file's looser mode is never kept, a symlink at
        `path` is replaced rather than written through, and no reader sees half a key.
        """
        target = Path(path)
        # mkstemp creates the file with mode 0600 and O_EXCL: new, and the owner's alone.
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".yoti-idv-key-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(self.private_key_pem)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return target


class EmulatorService:
    """The state and the operations of the emulator; `Emulator` serves them over ASGI.

    `clock` ages sessions (pass a `ManualClock` to move time in tests);
    `notification_client` sends webhooks (pass one with `httpx.MockTransport` to capture them);
    `base_url` is the API base that URLs handed out by the emulator use (the hosted page's).

    Bounds, so that an emulator left running never grows without limit: at most
    `max_sessions` sessions are kept (creating one more forgets the oldest), each for at most
    `max_resources_ttl` seconds whatever its ``resources_ttl`` asks, and no request body
    larger than `max_body_bytes` is read. `allowed_hosts` names extra ``Host`` names the
    emulator answers to besides localhost and its base URL's host (see `guard`).
    """

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        notification_client: httpx.AsyncClient | None = None,
        base_url: str = DEFAULT_BASE_URL,
        applications: Iterable[Application] = (),
        allowed_hosts: Iterable[str] = (),
        max_sessions: int = DEFAULT_MAX_SESSIONS,
        max_resources_ttl: int = DEFAULT_MAX_RESOURCES_TTL,
        max_body_bytes: int = DEFAULT_MAX_API_BODY_BYTES,
    ) -> None:
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.base_url = base_url.rstrip("/")
        self.guard = RequestGuard(allowed_hosts=allowed_hosts, max_api_body_bytes=max_body_bytes)
        self.store = SessionStore(
            self.clock, max_sessions=max_sessions, max_resources_ttl=max_resources_ttl
        )
        self.verifier = SignatureVerifier()
        self.faults = FaultInjector()
        self.notifier = Notifier(notification_client)
        self.response_configs = ResponseConfigs()
        self.tokens = TokenIssuer(self.clock)
        for application in applications:
            self.verifier.register(application)
        self._instruction_emails: list[InstructionsEmail] = []

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, "
            f"applications={len(self.verifier.applications)})"
        )

    # --- applications -------------------------------------------------------------------------

    def register_application(
        self, sdk_id: str, public_key_pem: bytes, *, name: str | None = None
    ) -> Application:
        """Make the emulator accept requests signed for `sdk_id` by the matching private key."""
        if not isinstance(sdk_id, str) or not sdk_id.strip():
            raise ValueError("sdk_id must be a non-empty string")
        application = Application(
            sdk_id, load_public_key(public_key_pem), name or "yoti-idv emulator application"
        )
        self.verifier.register(application)
        return application

    def create_demo_application(
        self, sdk_id: str | None = None, *, key_size: int = 2048
    ) -> DemoApplication:
        """Generate a key pair, register an application for it, and return both halves."""
        key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,  # PKCS#1: what Go's SDK requires
            serialization.NoEncryption(),
        )
        private_key = PrivateKey.from_pem(pem)
        application = self.register_application(
            sdk_id or new_id(), private_key.public_key_pem(), name="demo application"
        )
        return DemoApplication(application.sdk_id, private_key, pem, application)

    @property
    def applications(self) -> dict[str, Application]:
        """The registered applications by SDK id (a copy)."""
        return dict(self.verifier.applications)

    # --- sessions -------------------------------------------------------------------------------

    def store_session(self, sdk_id: str, spec: ValidatedSpec) -> StoredSession:
        """Store a validated ``POST /sessions`` request (used by the API route)."""
        deadline = spec.session_deadline.timestamp() if spec.session_deadline else None
        return self.store.create(
            sdk_id,
            spec.body,
            token_ttl=spec.client_session_token_ttl,
            token_expires=deadline,
            resources_ttl=spec.resources_ttl,
            liveness=spec.liveness,
            requirements=build_requirements(spec.body),
            response_config=self.response_configs.for_new_session(sdk_id),
        )

    def sessions(self) -> list[SessionSummary]:
        """A summary of every live session."""
        return [self._summary(s) for s in self.store.all()]

    def session(self, session_id: str) -> SessionSummary:
        """A summary of one live session; `UnknownSession` when there is none."""
        session = self.store.get(session_id)
        if session is None:
            raise UnknownSession(session_id)
        return self._summary(session)

    @property
    def token_url(self) -> str:
        """The emulator's token endpoint (Yoti's ``auth.api.yoti.com/v1/oauth/token``): the
        ``auth_url`` for `AuthenticationTokenGenerator` in bearer-token mode."""
        return str(httpx.URL(self.base_url).copy_with(path=TOKEN_PATH, query=None))

    def web_url(self, session_id: str, client_session_token: str) -> str:
        """The hosted page's URL for a session: what a backend puts in an iframe."""
        return (
            f"{self.base_url}/web/index.html?sessionID={session_id}"
            f"&sessionToken={client_session_token}"
        )

    def _summary(self, session: StoredSession) -> SessionSummary:
        liveness = session.liveness
        return SessionSummary(
            session_id=session.id,
            sdk_id=session.sdk_id,
            state=session.state,
            liveness_type=liveness.liveness_type if liveness else None,
            max_retries=liveness.max_retries if liveness else None,
            created=format_time(session.created),
            media_ids=tuple(session.media),
        )

    # --- the end user ---------------------------------------------------------------------------

    async def complete_session(
        self,
        session_id: str,
        outcome: Outcome | str = Outcome.PASS,
        *,
        attempts: int | None = None,
    ) -> SessionSummary:
        """Play the end user's journey to its end and send the notifications it causes.

        `outcome` is ``"pass"`` (a live person: the last attempt is approved), ``"spoof"``
        (every attempt rejected) or ``"abandon"`` (the user gives up: no capture, the token is
        deleted and the session is EXPIRED). `attempts` is how many liveness captures the user
        makes: by default 1 for a pass and every allowed attempt for a spoof; at most the
        LIVENESS check's ``max_retries``. A sandbox response config the session has (set with
        ``PUT .../response-config``, see sandbox.py) then decides the reports.

        Raises `UnknownSession`, `SessionNotOngoing`, or `ValueError` for a bad argument.
        """
        summary, config, events = self.complete_session_state(session_id, outcome, attempts)
        await self.notifier.deliver(session_id, config, events)
        return summary

    def complete_session_state(
        self, session_id: str, outcome: Outcome | str, attempts: int | None
    ) -> tuple[SessionSummary, dict[str, Any] | None, list[Event]]:
        """The state change of `complete_session`, without sending notifications.

        Returns the summary, the session's notification config and the events to notify, so
        that an HTTP handler can send them after answering.
        """
        try:
            chosen = Outcome(outcome)
        except ValueError:
            raise ValueError(
                f"outcome must be one of {', '.join(o.value for o in Outcome)}, not {outcome!r}"
            ) from None
        holder: list[list[Event]] = []

        def change(session: StoredSession) -> None:
            if session.state != SessionState.ONGOING or session.token_deleted:
                raise SessionNotOngoing(f"the session is {session.state}")
            liveness = session.liveness
            count = _attempt_count(chosen, attempts, liveness)
            now = self.clock.now()
            _record_config_loaded(session, None, now)
            device = session.device or SIMULATED_DEVICE
            if chosen is Outcome.ABANDON:
                session.token_deleted = True
                session.state = SessionState.EXPIRED
                session.tracked_devices.append(
                    tracked_event(CLIENT_SESSION_TOKEN_DELETED, format_time(now), device)
                )
                holder.append([Event("CLIENT_SESSION_TOKEN_DELETED")])
                return
            capture = simulate_capture(
                session.spec,
                liveness,
                chosen,
                count,
                now=now,
                face_captures=session.face_captures,
            )
            capture, session.reports_due = apply_response_config(
                capture,
                session.response_config,
                liveness_type=liveness.liveness_type if liveness else None,
                now=now,
                requested_checks=session.spec.get("requested_checks") or (),
            )
            for kind in ("id_documents", "liveness_capture"):
                for resource in capture.resources.get(kind, ()):
                    session.tracked_devices.append(
                        tracked_event(RESOURCE_CREATED, format_time(now), device, resource["id"])
                    )
                    _complete_requirement(
                        session, "ID_DOCUMENT" if kind == "id_documents" else "LIVENESS"
                    )
            session.resources = capture.resources
            session.checks = capture.checks
            session.media = {
                **{m.id: m for m in session.media.values() if m.id in _face_media(session)},
                **{m.id: m for m in capture.media},
            }
            if not session.spec.get("block_biometric_consent"):
                session.biometric_consent = now
            session.state = SessionState.COMPLETED
            holder.append(capture.events)

        try:
            session = self.store.update(session_id, change)
        except KeyError:
            raise UnknownSession(session_id) from None
        config = session.spec.get("notifications")
        return self._summary(session), config if isinstance(config, dict) else None, holder[0]

    def record_page_load(self, session_id: str, device: Mapping[str, str]) -> None:
        """The user's client loaded the session: the first time, ``CONFIG_FIRST_LOADED``."""
        try:
            self.store.update(
                session_id, lambda s: _record_config_loaded(s, device, self.clock.now())
            )
        except KeyError:
            raise UnknownSession(session_id) from None

    def tracked_devices(self, session_id: str) -> list[dict[str, Any]]:
        """The tracked-device events of a live session (a copy); `UnknownSession` if none."""
        with self.store.lock:
            session = self.store.get(session_id)
            if session is None:
                raise UnknownSession(session_id)
            return copy.deepcopy(session.tracked_devices)

    @property
    def instruction_emails(self) -> list[InstructionsEmail]:
        """Every IBV instructions email requested so far, oldest first (a copy)."""
        with self.store.lock:
            return list(self._instruction_emails)

    def record_instructions_email(self, session_id: str, to: str) -> InstructionsEmail:
        """Remember an instructions email (used by the API route)."""
        email = InstructionsEmail(session_id, to, format_time(self.clock.now()))
        with self.store.lock:
            self._instruction_emails.append(email)
        return email

    def withhold_media(
        self, session_id: str, media_id: str | None = None, *, withheld: bool = True
    ) -> list[str]:
        """Make media answer 204 (as when regulations forbid returning it), or serve again.

        With no `media_id`, every medium of the session. Returns the ids changed; raises
        `UnknownSession`, or `KeyError` for an unknown `media_id`.
        """
        changed: list[str] = []

        def change(session: StoredSession) -> None:
            targets: Sequence[StoredMedia]
            if media_id is None:
                targets = list(session.media.values())
            elif media_id in session.media:
                targets = [session.media[media_id]]
            else:
                raise LookupError(media_id)
            for medium in targets:
                medium.withheld = withheld
                changed.append(medium.id)

        try:
            self.store.update(session_id, change)
        except KeyError:
            raise UnknownSession(session_id) from None
        except LookupError:
            raise KeyError(f"no medium {media_id!r} in session {session_id!r}") from None
        return changed

    # --- notifications, faults, time ------------------------------------------------------------

    @property
    def notifications(self) -> list[DeliveredNotification]:
        """Every notification sent so far (payloads and outcomes; no auth material)."""
        return self.notifier.sent

    def inject_fault(
        self,
        kind: FaultKind | str,
        *,
        count: int = 1,
        path: str | None = None,
        method: str | None = None,
        retry_after: int | None = None,
        delay: float = 0.0,
    ) -> Fault:
        """Make the next `count` API requests (matching `path`/`method`) fail; see `faults`."""
        fault_kind = FaultKind(kind)
        if not 1 <= count <= MAX_FAULT_COUNT:
            raise ValueError(f"count must be between 1 and {MAX_FAULT_COUNT}")
        # NaN compares False with everything, so test for the good range, not the bad one.
        if not (isinstance(delay, int | float) and math.isfinite(delay)):
            raise ValueError("delay must be a finite number of seconds")
        if not 0 <= delay <= MAX_FAULT_DELAY:
            raise ValueError(f"delay must be between 0 and {MAX_FAULT_DELAY:g} seconds")
        if retry_after is None and fault_kind is FaultKind.RATE_LIMIT:
            retry_after = 1
        if retry_after is not None and not 0 <= retry_after <= 2**31 - 1:
            raise ValueError("retry_after must be between 0 and 2147483647 seconds")
        if fault_kind is FaultKind.DELAY and delay <= 0:
            raise ValueError("a delay fault needs a positive delay")
        fault = Fault(fault_kind, count, path, method, retry_after, delay)
        self.faults.add(fault)
        return fault

    def advance_clock(self, seconds: float) -> None:
        """Move a `ManualClock` forward; `TypeError` if the emulator runs on the real clock."""
        if not isinstance(self.clock, ManualClock):
            raise TypeError("the emulator's clock is not a ManualClock; build it with one")
        self.clock.advance(seconds)


def _record_config_loaded(
    session: StoredSession, device: Mapping[str, str] | None, now: float
) -> None:
    """Record ``CONFIG_FIRST_LOADED`` once per session, with the device that loaded it."""
    if any(e.get("event") == CONFIG_FIRST_LOADED for e in session.tracked_devices):
        return
    if session.device is None:
        session.device = dict(device if device is not None else SIMULATED_DEVICE)
    session.tracked_devices.append(
        tracked_event(CONFIG_FIRST_LOADED, format_time(now), session.device)
    )


def _complete_requirement(session: StoredSession, requirement_type: str) -> None:
    """Mark the first outstanding requirement of `requirement_type` COMPLETE."""
    for requirement in session.requirements:
        if requirement.get("type") == requirement_type and requirement.get("state") != COMPLETE:
            requirement["state"] = COMPLETE
            return


def _face_media(session: StoredSession) -> set[str]:
    """The ids of the media of the session's face-capture images (kept across completion)."""
    ids: set[str] = set()
    for resource in session.face_captures:
        image = resource.get("image")
        if isinstance(image, dict) and isinstance(image.get("media"), dict):
            ids.add(str(image["media"].get("id")))
    return ids


def _attempt_count(outcome: Outcome, attempts: int | None, liveness: LivenessRequest | None) -> int:
    if outcome is Outcome.ABANDON:
        return 0
    allowed = liveness.max_attempts if liveness is not None else 1
    # max_retries may be as large as 2^31 - 1: the simulated user stops at a bound, so that no
    # session can make the emulator build millions of resources.
    limit = min(allowed, MAX_SIMULATED_ATTEMPTS)
    if attempts is None:
        return limit if outcome is Outcome.SPOOF else 1
    if isinstance(attempts, bool) or not isinstance(attempts, int):
        raise ValueError(f"attempts must be an integer, not {type(attempts).__name__}")
    if not 1 <= attempts <= limit:
        why = "the check's max_retries" + (
            f", and the emulator plays at most {MAX_SIMULATED_ATTEMPTS}" if allowed > limit else ""
        )
        raise ValueError(f"attempts must be between 1 and {limit} ({why})")
    return attempts
