"""A local, faithful Yoti IDV service: the embedded default for the demo, examples and tests.

```python
from yoti_idv import AsyncIDVClient
from yoti_idv.emulator import Emulator

emulator = Emulator()
app = emulator.create_demo_application()
async with AsyncIDVClient(app.sdk_id, app.private_key, base_url=emulator.base_url,
                          transport=emulator.transport()) as client:
    created = await client.create_session(spec)
    await emulator.complete_session(created.session_id, outcome="pass")  # the end user
    session = await client.get_session(created.session_id)
```

It checks every request's signature like Yoti (any correct signer: any parameter order,
``sdkId`` or ``sdkID``, any nonce format), refuses replayed nonces, validates session specs,
keeps sessions with their TTLs on an injectable clock, plays the end user (from Python, from
the control API under ``/__emulator__``, or from the hosted page
``/idverify/v1/web/index.html?sessionID=..&sessionToken=..``), serves real media, sends
webhook notifications, and injects faults on demand. It serves all 16 IDV endpoints: besides
sessions, media and supported documents, the session configuration (required resources worked
out from the spec), face capture (multipart upload, signature over the whole body), tracked
devices (recorded as the simulated user acts) and In-Branch Verification instructions (with a
generated PDF and the instructions email). It also serves the sandbox's two response-config
endpoints and honours them when the user completes a session, so a script written for Yoti's
sandbox (`yoti_idv.sandbox.AsyncSandboxClient`) runs locally unchanged (see
`yoti_idv.emulator.sandbox`), and Yoti's bearer-token mode: a token endpoint at
``/v1/oauth/token`` and ``Authorization: Bearer`` on the API (`yoti_idv.emulator.tokens`).
Over HTTP: ``yoti-idv emulator serve``, where Yoti's official SDKs in any language can use it.

It is safe to leave running (`yoti_idv.emulator.guard`): cross-origin browser requests to the
control API and to state-changing routes are refused, as are foreign ``Host`` names (DNS
rebinding); bodies are capped while they are read, sessions are bounded in number and age, and
no input makes it answer 500.

Needs the ``emulator`` extra: ``pip install '.[emulator]'`` from the yoti-idv checkout.
"""

from __future__ import annotations

try:
    import starlette  # noqa: F401
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test
    raise ImportError(
        "yoti_idv.emulator needs Starlette, which comes with the 'emulator' extra: "
        "pip install '.[emulator]' from the yoti-idv checkout"
    ) from exc

from .asgi import Emulator, EmulatorTransport
from .auth import Application, load_public_key
from .faults import Fault, FaultKind
from .notifications import DeliveredNotification
from .results import Outcome
from .service import (
    API_PREFIX,
    CONTROL_PREFIX,
    DEFAULT_BASE_URL,
    DemoApplication,
    EmulatorError,
    InstructionsEmail,
    SessionNotOngoing,
    SessionSummary,
    UnknownSession,
)
from .state import Clock, ManualClock, SessionState, SystemClock

__all__ = [
    "API_PREFIX",
    "CONTROL_PREFIX",
    "DEFAULT_BASE_URL",
    "Application",
    "Clock",
    "DeliveredNotification",
    "DemoApplication",
    "Emulator",
    "EmulatorError",
    "EmulatorTransport",
    "Fault",
    "FaultKind",
    "InstructionsEmail",
    "ManualClock",
    "Outcome",
    "SessionNotOngoing",
    "SessionState",
    "SessionSummary",
    "SystemClock",
    "UnknownSession",
    "load_public_key",
]
