"""A FastAPI backend for Yoti IDV with Passive (STATIC) liveness.

| route | what it does |
| --- | --- |
| ``GET /`` | creates a session and shows Yoti's web flow in an iframe |
| ``GET /finished`` | the session's success and error URL: ends the flow, moves on to the results |
| ``POST /webhook`` | Yoti's notifications: checks their auth, then re-reads the session |
| ``GET /results/{session_id}`` | the liveness checks, recommendation, breakdown and image |
| ``GET /media/{session_id}/{media_id}`` | a medium, streamed from Yoti through this backend |

Run it from the repository root, without a Yoti account (the local emulator plays Yoti, and
its page plays the user)::

    pip install -e '.[emulator,examples]'
    uvicorn --app-dir examples fastapi_app.app:app

and open http://127.0.0.1:8000. With Yoti, give the app its credentials and an HTTPS address
that Yoti can reach (for the webhook and the success/error URLs)::

    YOTI_CLIENT_SDK_ID=... YOTI_KEY_FILE_PATH=/path/to/key.pem \\
    APP_PUBLIC_URL=https://idv.example.com YOTI_WEBHOOK_AUTH_TOKEN='user:long-secret' \\
    uvicorn --app-dir examples fastapi_app.app:app

``YOTI_IDV_API_URL`` points the client at another API base URL (another emulator, say).
Set ``YOTI_WEBHOOK_AUTH_TOKEN`` whenever more than one process serves the app: otherwise each
process makes up its own and refuses the notifications of sessions created by the others.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Literal

import httpx
from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from starlette.types import Receive, Scope, Send

from yoti_idv import (
    AsyncIDVClient,
    ConfigurationError,
    CreateSessionResult,
    GetSessionResult,
    InvalidNotificationError,
    MediaStream,
    NotFoundError,
    NotificationAuthError,
    NotificationConfigBuilder,
    RequestedLivenessCheckBuilder,
    SdkConfigBuilder,
    SessionSpec,
    SessionSpecBuilder,
    YotiIDVError,
    parse_notification,
    session_is_final,
    verify_notification_auth,
)
from yoti_idv.emulator import Emulator

from . import emulated, pages

__all__ = ["Backend", "Settings", "app", "create_app", "passive_liveness_spec"]

logger = logging.getLogger(__name__)

# Yoti's ids are UUIDs; refusing anything else keeps odd strings out of URLs and logs.
ID_PATTERN = r"^[A-Za-z0-9-]{1,64}$"
SessionId = Annotated[str, Path(pattern=ID_PATTERN)]
MediaId = Annotated[str, Path(pattern=ID_PATTERN)]

# Pages and media carry session tokens or biometric data: never cached, never leaked onwards.
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


@dataclass(frozen=True, kw_only=True)
class Settings:
    """The app's configuration; `Settings.from_env()` reads it from the environment.

    Without `sdk_id` and `key_file_path` the app runs against an embedded emulator.
    `public_url` is where Yoti and browsers reach this app (None: wherever the request came
    from, fine on one machine). `api_url` None lets the client decide: ``$YOTI_IDV_API_URL``,
    else Yoti's production API.
    """

    sdk_id: str | None = None
    key_file_path: str | None = None
    api_url: str | None = None
    public_url: str | None = None
    webhook_auth_token: str = field(
        default_factory=lambda: "yoti:" + secrets.token_urlsafe(24), repr=False
    )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        """``YOTI_CLIENT_SDK_ID``, ``YOTI_KEY_FILE_PATH``, ``APP_PUBLIC_URL``,
        ``YOTI_WEBHOOK_AUTH_TOKEN`` (made up when unset)."""
        sdk_id = environ.get("YOTI_CLIENT_SDK_ID", "").strip() or None
        key_file_path = environ.get("YOTI_KEY_FILE_PATH", "").strip() or None
        if (sdk_id is None) != (key_file_path is None):
            raise ConfigurationError(
                "set both YOTI_CLIENT_SDK_ID and YOTI_KEY_FILE_PATH to use Yoti, "
                "or neither to use the embedded emulator"
            )
        public_url = environ.get("APP_PUBLIC_URL", "").strip().rstrip("/") or None
        token = environ.get("YOTI_WEBHOOK_AUTH_TOKEN", "").strip()
        if token:
            return cls(
                sdk_id=sdk_id,
                key_file_path=key_file_path,
                public_url=public_url,
                webhook_auth_token=token,
            )
        return cls(sdk_id=sdk_id, key_file_path=key_file_path, public_url=public_url)


def passive_liveness_spec(public_url: str, webhook_auth_token: str) -> SessionSpec:
    """A Passive liveness session that comes back to this app, by browser and by webhook."""
    liveness = RequestedLivenessCheckBuilder().for_static_liveness().with_max_retries(3).build()
    sdk_config = (
        SdkConfigBuilder()
        .with_allows_camera()
        .with_success_url(f"{public_url}/finished?outcome=success")
        .with_error_url(f"{public_url}/finished?outcome=error")
        .build()
    )
    notifications = (
        NotificationConfigBuilder()
        .with_endpoint(f"{public_url}/webhook")
        .with_auth_token(webhook_auth_token)
        .with_basic_auth_type()
        .for_session_completion()
        .for_client_session_completion()
        .build()
    )
    return (
        SessionSpecBuilder()
        .with_client_session_token_ttl(900)
        .with_resources_ttl(90_000)
        .with_requested_check(liveness)
        .with_sdk_config(sdk_config)
        .with_notifications(notifications)
        .build()
    )


@dataclass
class Backend:
    """What the routes share: the settings, the IDV client, and the sessions read so far.

    `sessions` keeps the last read of each session; a real app keeps this in its database.
    `emulator` is set only when the app runs without Yoti credentials.
    """

    settings: Settings
    client: AsyncIDVClient
    emulator: Emulator | None = None
    sessions: dict[str, GetSessionResult] = field(default_factory=dict)

    def public_url(self, request: Request) -> str:
        return self.settings.public_url or str(request.base_url).rstrip("/")

    def web_flow_url(self, created: CreateSessionResult) -> str:
        url = self.client.web_url(created.session_id, created.client_session_token)
        if self.emulator is not None:
            # The embedded emulator's page is served by this app: keep only path and query.
            url = httpx.URL(url).raw_path.decode("ascii")
        return url

    async def refresh(self, session_id: str) -> GetSessionResult:
        """Read a session from Yoti and remember it. Safe to repeat, in any order."""
        session = await self.client.get_session(session_id)
        self.sessions[session_id] = session
        return session

    async def session(self, session_id: str) -> GetSessionResult:
        """The session: from memory once final (it never changes again), else from Yoti."""
        known = self.sessions.get(session_id)
        if known is not None and session_is_final(known):
            return known
        return await self.refresh(session_id)


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """One `AsyncIDVClient` for the app's whole life: one connection pool, closed at exit."""
    settings: Settings = app.state.settings
    async with contextlib.AsyncExitStack() as stack:
        emulator = None
        if settings.sdk_id and settings.key_file_path:
            client = AsyncIDVClient(
                settings.sdk_id, settings.key_file_path, base_url=settings.api_url
            )
            await stack.enter_async_context(client)
        else:
            logger.warning("no Yoti credentials: using the embedded IDV emulator")
            client, emulator = await stack.enter_async_context(emulated.embedded_emulator(app))
        app.state.backend = Backend(settings, client, emulator)
        yield


def get_backend(request: Request) -> Backend:
    backend: Backend = request.app.state.backend
    return backend


BackendDep = Annotated[Backend, Depends(get_backend)]
router = APIRouter()


@router.get("/", response_class=HTMLResponse)
async def start(request: Request, backend: BackendDep) -> HTMLResponse:
    """Create a Passive liveness session and show Yoti's web flow for it.

    A GET that creates a session keeps the example short; a real app starts one from a button
    (a POST) behind its own login, and stores which user the session belongs to.
    """
    spec = passive_liveness_spec(backend.public_url(request), backend.settings.webhook_auth_token)
    created = await backend.client.create_session(spec)
    page = pages.start_page(
        created.session_id,
        backend.web_flow_url(created),
        results_url=f"/results/{created.session_id}",
    )
    return HTMLResponse(page, headers=PRIVATE)


@router.get("/finished", response_class=HTMLResponse)
async def finished(outcome: Literal["success", "error"] = "success") -> HTMLResponse:
    """Where Yoti's web flow ends, inside the iframe."""
    return HTMLResponse(pages.finished_page(outcome), headers=PRIVATE)


@router.post("/webhook", status_code=204)
async def webhook(
    request: Request,
    backend: BackendDep,
    authorization: Annotated[str | None, Header()] = None,
) -> Response:
    """A notification from Yoti: a hint that a session changed, delivered at least once."""
    try:
        verify_notification_auth(authorization, backend.settings.webhook_auth_token, "BASIC")
    except NotificationAuthError:
        return Response(status_code=401, headers={"WWW-Authenticate": "Basic"})
    try:
        notification = parse_notification(await request.body())
    except InvalidNotificationError as exc:
        return Response(str(exc), status_code=400, media_type="text/plain")
    # The payload carries no result: read the session itself, whatever the topic.
    try:
        await backend.refresh(notification.session_id)
    except NotFoundError:
        pass  # deleted since, or not ours: nothing to update
    except YotiIDVError as exc:
        logger.warning("could not refresh session %s: %s", notification.session_id, exc)
        return Response(status_code=503)  # not stored: a redelivery or a sweep retries
    return Response(status_code=204)


@router.get("/results/{session_id}", response_class=HTMLResponse)
async def results(session_id: SessionId, backend: BackendDep) -> HTMLResponse:
    """The liveness checks, recommendation, breakdown and captured image of a session.

    A real app shows this only to the user the session belongs to.
    """
    session = await backend.session(session_id)
    page = pages.results_page(session, final=session_is_final(session))
    return HTMLResponse(page, headers=PRIVATE)


class MediaResponse(StreamingResponse):
    """A medium relayed chunk by chunk; `release` runs however the response ends."""

    def __init__(self, medium: MediaStream, release: Callable[[], Awaitable[object]]) -> None:
        headers = dict(PRIVATE)
        if medium.content_length is not None:
            headers["Content-Length"] = str(medium.content_length)
        super().__init__(medium, media_type=medium.mime_type, headers=headers)
        self.release = release

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            await self.release()  # even if the browser went away mid-stream


@router.get("/media/{session_id}/{media_id}")
async def media(session_id: SessionId, media_id: MediaId, backend: BackendDep) -> Response:
    """Stream a medium from Yoti without holding it in memory; a placeholder if withheld."""
    stack = contextlib.AsyncExitStack()
    medium = await stack.enter_async_context(
        backend.client.stream_media_content(session_id, media_id)
    )
    if medium is None:  # 204: Yoti withholds this medium
        await stack.aclose()
        return Response(pages.WITHHELD_IMAGE_SVG, media_type="image/svg+xml", headers=PRIVATE)
    return MediaResponse(medium, release=stack.aclose)


@router.api_route("/idverify/v1/web/{page}", methods=["GET", "POST"], include_in_schema=False)
async def emulator_page(request: Request, backend: BackendDep) -> Response:
    """The embedded emulator's hosted page (with Yoti, Yoti serves the real one)."""
    if backend.emulator is None:
        raise HTTPException(status_code=404)
    return await emulated.relay_hosted_page(backend.emulator, request)


async def yoti_error(request: Request, exc: Exception) -> Response:
    """Yoti's errors as pages: an unknown session is a 404, anything else a 502."""
    if isinstance(exc, NotFoundError):
        return HTMLResponse(pages.message_page("Not found", "No such session or medium."), 404)
    logger.warning("%s %s failed: %s", request.method, request.url.path, exc)
    return HTMLResponse(pages.message_page("Yoti is unavailable", "Try again shortly."), 502)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app; settings from the environment unless given."""
    app = FastAPI(title="yoti-idv FastAPI example", lifespan=lifespan)
    app.state.settings = settings if settings is not None else Settings.from_env()
    app.include_router(router)
    app.add_exception_handler(YotiIDVError, yoti_error)
    return app


app = create_app()
