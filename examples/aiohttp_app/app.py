"""An aiohttp backend for Yoti IDV with Passive (STATIC) liveness.

The same flow as the FastAPI example:

| route | what it does |
| --- | --- |
| ``GET /`` | creates a session and shows Yoti's web flow in an iframe |
| ``GET /finished`` | the session's success and error URL: ends the flow, moves on to the results |
| ``POST /webhook`` | Yoti's notifications: checks their auth, then re-reads the session |
| ``GET /results/{session_id}`` | the liveness checks, recommendation, breakdown and image |
| ``GET /media/{session_id}/{media_id}`` | a medium, streamed from Yoti through this backend |

Run it from the repository root, without a Yoti account (the local emulator plays Yoti)::

    pip install -e '.[emulator,examples]'
    PYTHONPATH=examples python -m aiohttp_app      # http://127.0.0.1:8080

With Yoti, set ``YOTI_CLIENT_SDK_ID``, ``YOTI_KEY_FILE_PATH``, ``APP_PUBLIC_URL`` (an HTTPS
address Yoti can reach) and ``YOTI_WEBHOOK_AUTH_TOKEN``, as for the FastAPI example.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import httpx
from aiohttp import web

from yoti_idv import (
    AsyncIDVClient,
    ConfigurationError,
    CreateSessionResult,
    GetSessionResult,
    InvalidNotificationError,
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

if TYPE_CHECKING:
    from yoti_idv.emulator import Emulator

from . import emulated, pages

__all__ = ["BACKEND", "SETTINGS", "Backend", "Settings", "create_app", "passive_liveness_spec"]

logger = logging.getLogger(__name__)

# Yoti's ids are UUIDs; the routes match nothing else.
ID = r"{%s:[A-Za-z0-9-]{1,64}}"

# Pages and media carry session tokens or biometric data: never cached, never leaked onwards.
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


@dataclass(frozen=True, kw_only=True)
class Settings:
    """The app's configuration; `Settings.from_env()` reads it from the environment.

    Without `sdk_id` and `key_file_path` the app runs against an embedded emulator.
    `public_url` is where Yoti and browsers reach this app (None: wherever the request came
    from). `api_url` None lets the client decide: ``$YOTI_IDV_API_URL``, else Yoti's API.
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
    """What the handlers share: the settings, the IDV client, and the sessions read so far.

    `sessions` keeps the last read of each session; a real app keeps this in its database.
    `emulator` is set only when the app runs without Yoti credentials.
    """

    settings: Settings
    client: AsyncIDVClient
    emulator: Emulator | None = None
    sessions: dict[str, GetSessionResult] = field(default_factory=dict)

    def public_url(self, request: web.Request) -> str:
        return self.settings.public_url or str(request.url.origin())

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


SETTINGS = web.AppKey("settings", Settings)
BACKEND = web.AppKey("backend", Backend)


async def idv_client(app: web.Application) -> AsyncIterator[None]:
    """One `AsyncIDVClient` for the app's whole life: one connection pool, closed at exit."""
    settings = app[SETTINGS]
    async with contextlib.AsyncExitStack() as stack:
        emulator = None
        if settings.sdk_id and settings.key_file_path:
            client = AsyncIDVClient(
                settings.sdk_id, settings.key_file_path, base_url=settings.api_url
            )
            await stack.enter_async_context(client)
        else:
            logger.warning("no Yoti credentials: using the embedded IDV emulator")
            client, emulator = await stack.enter_async_context(emulated.embedded_emulator())
        app[BACKEND] = Backend(settings, client, emulator)
        yield


routes = web.RouteTableDef()


def html(page: str, status: int = 200) -> web.Response:
    return web.Response(text=page, status=status, content_type="text/html", headers=PRIVATE)


@routes.get("/")
async def start(request: web.Request) -> web.Response:
    """Create a Passive liveness session and show Yoti's web flow for it.

    A GET that creates a session keeps the example short; a real app starts one from a button
    (a POST) behind its own login, and stores which user the session belongs to.
    """
    backend = request.app[BACKEND]
    spec = passive_liveness_spec(backend.public_url(request), backend.settings.webhook_auth_token)
    created = await backend.client.create_session(spec)
    return html(
        pages.start_page(
            created.session_id,
            backend.web_flow_url(created),
            results_url=f"/results/{created.session_id}",
        )
    )


@routes.get("/finished")
async def finished(request: web.Request) -> web.Response:
    """Where Yoti's web flow ends, inside the iframe."""
    outcome = request.query.get("outcome", "success")
    return html(pages.finished_page("error" if outcome == "error" else "success"))


@routes.post("/webhook")
async def webhook(request: web.Request) -> web.Response:
    """A notification from Yoti: a hint that a session changed, delivered at least once."""
    backend = request.app[BACKEND]
    try:
        verify_notification_auth(
            request.headers.get("Authorization"), backend.settings.webhook_auth_token, "BASIC"
        )
    except NotificationAuthError:
        return web.Response(status=401, headers={"WWW-Authenticate": "Basic"})
    try:
        notification = parse_notification(await request.read())
    except InvalidNotificationError as exc:
        return web.Response(status=400, text=str(exc))
    # The payload carries no result: read the session itself, whatever the topic.
    try:
        await backend.refresh(notification.session_id)
    except NotFoundError:
        pass  # deleted since, or not ours: nothing to update
    except YotiIDVError as exc:
        logger.warning("could not refresh session %s: %s", notification.session_id, exc)
        return web.Response(status=503)  # not stored: a redelivery or a sweep retries
    return web.Response(status=204)


@routes.get("/results/" + ID % "session_id")
async def results(request: web.Request) -> web.Response:
    """The liveness checks, recommendation, breakdown and captured image of a session.

    A real app shows this only to the user the session belongs to.
    """
    session = await request.app[BACKEND].session(request.match_info["session_id"])
    return html(pages.results_page(session, final=session_is_final(session)))


@routes.get("/media/" + ID % "session_id" + "/" + ID % "media_id")
async def media(request: web.Request) -> web.StreamResponse:
    """Stream a medium from Yoti without holding it in memory; a placeholder if withheld."""
    client = request.app[BACKEND].client
    session_id, media_id = request.match_info["session_id"], request.match_info["media_id"]
    async with client.stream_media_content(session_id, media_id) as medium:
        if medium is None:  # 204: Yoti withholds this medium
            return web.Response(
                text=pages.WITHHELD_IMAGE_SVG, content_type="image/svg+xml", headers=PRIVATE
            )
        response = web.StreamResponse(headers={**PRIVATE, "Content-Type": medium.mime_type})
        if medium.content_length is not None:
            response.content_length = medium.content_length
        await response.prepare(request)
        async for chunk in medium:
            await response.write(chunk)
        await response.write_eof()
        return response


@routes.route("*", "/idverify/v1/web/{page}")
async def emulator_page(request: web.Request) -> web.Response:
    """The embedded emulator's hosted page (with Yoti, Yoti serves the real one)."""
    emulator = request.app[BACKEND].emulator
    if emulator is None or request.method not in ("GET", "POST"):
        raise web.HTTPNotFound()
    return await emulated.relay_hosted_page(emulator, request)


@web.middleware
async def yoti_errors(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Yoti's errors as pages: an unknown session is a 404, anything else a 502."""
    try:
        return await handler(request)
    except NotFoundError:
        return html(pages.message_page("Not found", "No such session or medium."), 404)
    except YotiIDVError as exc:
        logger.warning("%s %s failed: %s", request.method, request.path, exc)
        return html(pages.message_page("Yoti is unavailable", "Try again shortly."), 502)


def create_app(settings: Settings | None = None) -> web.Application:
    """The app; settings from the environment unless given."""
    app = web.Application(middlewares=[yoti_errors])
    app[SETTINGS] = settings if settings is not None else Settings.from_env()
    app.cleanup_ctx.append(idv_client)
    app.add_routes(routes)
    return app
