"""The routes: the IDV API under ``/idverify/v1``, the hosted page, and the control API.

API routes (idv-api.md section 2, endpoints 1-6), each signature-checked first:

| method | path | answer |
|---|---|---|
| POST | ``/sessions`` | 201 ``{client_session_token_ttl, client_session_token, session_id}`` |
| GET | ``/sessions/{id}`` | 200 the session (section 4.1) |
| DELETE | ``/sessions/{id}`` | 204 |
| GET | ``/sessions/{id}/media/{media_id}/content`` | 200 the bytes, or 204 when withheld |
| DELETE | ``/sessions/{id}/media/{media_id}/content`` | 204 |
| GET | ``/supported-documents[?includeNonLatin=true]`` | 200 (Java's SDK sends it unsigned) |

Errors are Yoti's error documents: 400 ``PAYLOAD_VALIDATION``, 401 ``UNAUTHORIZED`` /
``APP_NOT_FOUND``, 404 ``SESSION_NOT_FOUND`` / ``MEDIA_NOT_FOUND`` / ``NOT_FOUND``, 405, 500.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route

from .auth import AUTH_DIGEST_HEADER, Application, AuthenticationFailed
from .control import control_routes
from .page import page_routes
from .responses import json_response, yoti_error
from .validation import (
    PAYLOAD_VALIDATION,
    PAYLOAD_VALIDATION_MESSAGE,
    PayloadInvalid,
    validate_session_spec,
)

if TYPE_CHECKING:
    from .service import Emulator

__all__ = ["SUPPORTED_DOCUMENTS", "build_app"]

# A small, plausible catalogue. is_strictly_latin marks documents printed only in Latin script;
# the non-Latin ones appear only when the caller asks with includeNonLatin.
SUPPORTED_DOCUMENTS: tuple[tuple[str, tuple[tuple[str, bool], ...]], ...] = (
    ("FRA", (("PASSPORT", True), ("NATIONAL_ID", True), ("DRIVING_LICENCE", True))),
    ("GBR", (("PASSPORT", True), ("DRIVING_LICENCE", True), ("PASS_CARD", True))),
    ("GRC", (("PASSPORT", False), ("NATIONAL_ID", False))),
    ("IRL", (("PASSPORT", True), ("DRIVING_LICENCE", True))),
    ("JPN", (("PASSPORT", False), ("DRIVING_LICENCE", False))),
    ("USA", (("PASSPORT", True), ("DRIVING_LICENCE", True), ("STATE_ID", True))),
)

_STATUS_CODES = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}


def build_app(emulator: Emulator) -> Starlette:
    """The Starlette application behind `emulator` (which adds faults around it)."""
    from .service import API_PREFIX, CONTROL_PREFIX

    api = _Api(emulator)
    routes = [
        Mount(
            API_PREFIX,
            routes=[
                Route("/sessions", api.create_session, methods=["POST"]),
                Route("/sessions/{session_id}", api.get_session, methods=["GET"]),
                Route("/sessions/{session_id}", api.delete_session, methods=["DELETE"]),
                Route(
                    "/sessions/{session_id}/media/{media_id}/content",
                    api.get_media,
                    methods=["GET"],
                ),
                Route(
                    "/sessions/{session_id}/media/{media_id}/content",
                    api.delete_media,
                    methods=["DELETE"],
                ),
                Route("/supported-documents", api.supported_documents, methods=["GET"]),
                *page_routes(emulator),
            ],
        ),
        Mount(CONTROL_PREFIX, routes=control_routes(emulator)),
    ]
    return Starlette(
        routes=routes,
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if status == 405:
        message = f"The method {request.method} is not allowed here"
    elif status == 404:
        message = f"No such endpoint: {request.url.path}"
    else:
        message = str(getattr(exc, "detail", "")) or "HTTP error"
    return yoti_error(status, _STATUS_CODES.get(status, "HTTP_ERROR"), message)


async def _server_error(request: Request, exc: Exception) -> Response:
    return yoti_error(500, "INTERNAL_SERVER_ERROR", "An unexpected error occurred")


class _Api:
    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator

    async def authenticate(self, request: Request) -> Application:
        """Verify the request's signature over the exact bytes received."""
        from .service import API_PREFIX

        scope = request.scope
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode("utf-8")
        # ASGI's raw_path has no query, but be safe with servers that leave it on.
        raw_path = raw_path.split(b"?", 1)[0]
        prefix = API_PREFIX.encode("ascii")
        relative = raw_path[len(prefix) :] if raw_path.startswith(prefix) else raw_path
        return self.emulator.verifier.verify(
            request.method,
            relative,
            scope.get("query_string", b""),
            await request.body(),
            request.headers.get(AUTH_DIGEST_HEADER),
        )

    async def create_session(self, request: Request) -> Response:
        try:
            application = await self.authenticate(request)
        except AuthenticationFailed as exc:
            return _unauthorized(exc)
        try:
            spec = validate_session_spec(await request.body(), now=self.emulator.clock.now())
        except PayloadInvalid as exc:
            return yoti_error(400, PAYLOAD_VALIDATION, PAYLOAD_VALIDATION_MESSAGE, exc.problems)
        session = self.emulator.store_session(application.sdk_id, spec)
        return json_response(
            {
                "client_session_token_ttl": spec.client_session_token_ttl,
                "client_session_token": session.client_session_token,
                "session_id": session.id,
            },
            201,
        )

    async def get_session(self, request: Request) -> Response:
        try:
            application = await self.authenticate(request)
        except AuthenticationFailed as exc:
            return _unauthorized(exc)
        session = self.emulator.store.get(request.path_params["session_id"], application.sdk_id)
        if session is None:
            return _session_not_found()
        return json_response(session.to_json(self.emulator.clock.now()))

    async def delete_session(self, request: Request) -> Response:
        try:
            application = await self.authenticate(request)
        except AuthenticationFailed as exc:
            return _unauthorized(exc)
        if not self.emulator.store.delete(request.path_params["session_id"], application.sdk_id):
            return _session_not_found()
        return Response(status_code=204)

    async def get_media(self, request: Request) -> Response:
        try:
            application = await self.authenticate(request)
        except AuthenticationFailed as exc:
            return _unauthorized(exc)
        session = self.emulator.store.get(request.path_params["session_id"], application.sdk_id)
        if session is None:
            return _session_not_found()
        medium = session.media.get(request.path_params["media_id"])
        if medium is None:
            return _media_not_found()
        if medium.withheld:
            return Response(status_code=204)
        return Response(medium.content, 200, media_type=medium.content_type)

    async def delete_media(self, request: Request) -> Response:
        try:
            application = await self.authenticate(request)
        except AuthenticationFailed as exc:
            return _unauthorized(exc)
        media_id = request.path_params["media_id"]
        with self.emulator.store.lock:
            session = self.emulator.store.get(request.path_params["session_id"], application.sdk_id)
            if session is None:
                return _session_not_found()
            if session.media.pop(media_id, None) is None:
                return _media_not_found()
        return Response(status_code=204)

    async def supported_documents(self, request: Request) -> Response:
        # Most SDKs sign this request without sdkId and Java does not sign it at all, so the
        # service cannot require a signature; one that names an application is still checked.
        query = request.query_params
        if "sdkId" in query or "sdkID" in query:
            try:
                await self.authenticate(request)
            except AuthenticationFailed as exc:
                return _unauthorized(exc)
        include_non_latin = query.get("includeNonLatin", "false").lower() in {"true", "1"}
        countries = []
        for code, documents in SUPPORTED_DOCUMENTS:
            kept = [
                {"type": doc_type, "is_strictly_latin": latin}
                for doc_type, latin in documents
                if latin or include_non_latin
            ]
            if kept:
                countries.append({"code": code, "supported_documents": kept})
        return json_response({"supported_countries": countries})


def _unauthorized(exc: AuthenticationFailed) -> Response:
    return yoti_error(401, exc.code, exc.message)


def _session_not_found() -> Response:
    return yoti_error(404, "SESSION_NOT_FOUND", "The session does not exist")


def _media_not_found() -> Response:
    return yoti_error(404, "MEDIA_NOT_FOUND", "The media does not exist")
