"""The routes: the IDV API under ``/idverify/v1``, the hosted page, and the control API.

API routes (all 16 endpoints of Yoti's official SDKs), each signature-checked first (over the
exact bytes received, multipart bodies included):

| method | path | answer |
|---|---|---|
| POST | ``/sessions`` | 201 ``{client_session_token_ttl, client_session_token, session_id}`` |
| GET | ``/sessions/{id}`` | 200 the session |
| DELETE | ``/sessions/{id}`` | 204 |
| GET | ``/sessions/{id}/media/{media_id}/content`` | 200 the bytes, or 204 when withheld |
| DELETE | ``/sessions/{id}/media/{media_id}/content`` | 204 |
| GET | ``/supported-documents[?includeNonLatin=true]`` | 200 (Java's SDK sends it unsigned) |
| POST | ``/sessions/{id}/resources/face-capture`` | 200 ``{id, frames}`` for ``{requirement_id}`` |
| PUT | ``/sessions/{id}/resources/face-capture/{resource_id}/image`` | 204 (multipart) |
| GET | ``/sessions/{id}/configuration`` | 200 (see configuration.py) |
| GET | ``/sessions/{id}/tracked-devices`` | 200 an array (see devices.py) |
| DELETE | ``/sessions/{id}/tracked-devices`` | 204 |
| PUT | ``/sessions/{id}/instructions`` | 204 (see ibv.py) |
| GET | ``/sessions/{id}/instructions`` | 200, 404 before any PUT |
| GET | ``/sessions/{id}/instructions/pdf`` | 200 ``application/pdf``, 204 before any PUT |
| GET | ``/sessions/{id}/instructions/contact-profile`` | 200, 404 when none was given |
| POST | ``/sessions/{id}/instructions/email`` | 204 (no body; 404 without a contact profile) |
| PUT | ``/sessions/{id}/response-config`` | 204 (sandbox, see sandbox.py) |
| PUT | ``/apps/{sdkId}/response-config`` | 204 (sandbox; the app is the path's, no sdkId) |

The face-capture upload takes one form-data part named ``binary-content`` of type
``image/jpeg`` or ``image/png`` whose bytes are that kind of image; anything else is a 400 with
property errors. Uploading again replaces the image (PUT). A face capture or instructions
for a session that is no longer ONGOING is a 409 ``SESSION_NOT_ONGOING``; instructions for a
session whose spec does not ask for In-Branch Verification (``ibv_options.support``
``MANDATORY``) are a 409 ``IBV_NOT_ENABLED``.

The two sandbox response-config routes are served under the same base, so that a sandbox
script runs locally unchanged. The application one is signed without ``sdkId`` in the query
(as Yoti's Python and Go sandbox clients send it): the path names the application whose key
must have signed it, and an unknown one is a 401 ``APP_NOT_FOUND`` like everywhere else; a
query ``sdkId`` (Java adds one) must name the same application. A session config is for an
ONGOING session of the caller (404 otherwise, 409 ``SESSION_NOT_ONGOING`` once it is over).
Either body is validated (400 ``PAYLOAD_VALIDATION``) before anything is stored.

Errors are Yoti's error documents: 400 ``PAYLOAD_VALIDATION``, 401 ``UNAUTHORIZED`` /
``APP_NOT_FOUND``, 404 ``SESSION_NOT_FOUND`` / ``MEDIA_NOT_FOUND`` / ``RESOURCE_NOT_FOUND`` /
``INSTRUCTIONS_NOT_FOUND`` / ``CONTACT_PROFILE_NOT_FOUND`` / ``NOT_FOUND``, 405, 409, 500.
"""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route

from .auth import AUTH_DIGEST_HEADER, Application, AuthenticationFailed
from .configuration import COMPLETE, SUPPORTED_DOCUMENTS, configuration_json, supported_countries
from .control import control_routes
from .guard import BodyTooLarge, too_large
from .ibv import ibv_allowed, instructions_json, instructions_pdf, validate_instructions
from .json_input import JsonInputError, load_json
from .media import JPEG_MAGIC, PDF_CONTENT_TYPE, PNG_MAGIC
from .multipart import MultipartError, parse_multipart
from .page import page_routes
from .responses import PropertyProblem, json_response, yoti_error
from .results import Event
from .sandbox import validate_response_config
from .service import API_PREFIX, CONTROL_PREFIX, EmulatorService
from .state import SessionState, StoredMedia, StoredSession, format_time, new_id
from .tokens import TOKEN_PATH, TokenRefused
from .validation import (
    PAYLOAD_VALIDATION,
    PAYLOAD_VALIDATION_MESSAGE,
    PayloadInvalid,
    validate_session_spec,
)

__all__ = ["FACE_CAPTURE_PART", "SUPPORTED_DOCUMENTS", "build_app"]

FACE_CAPTURE_PART = "binary-content"
"""The name of the one form-data part of a face-capture image upload."""
_FACE_CAPTURE_FRAMES = 1  # one still image per face-capture resource
_IMAGE_MAGIC = {"image/jpeg": (JPEG_MAGIC, "JPEG"), "image/png": (PNG_MAGIC, "PNG")}
# Yoti's Node SDK labels its JPEG uploads ``image/jpg`` (not a registered media type, but its
# only JPEG option, and Yoti's service takes it); the emulator takes it as JPEG too, checks the
# bytes the same way, and stores the medium as ``image/jpeg``.
_IMAGE_TYPE_ALIASES = {"image/jpg": "image/jpeg"}

_STATUS_CODES = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}


def build_app(emulator: EmulatorService) -> Starlette:
    """The Starlette application behind `emulator` (which adds faults around it)."""
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
                Route(
                    "/sessions/{session_id}/resources/face-capture",
                    api.create_face_capture,
                    methods=["POST"],
                ),
                Route(
                    "/sessions/{session_id}/resources/face-capture/{resource_id}/image",
                    api.upload_face_capture_image,
                    methods=["PUT"],
                ),
                Route(
                    "/sessions/{session_id}/configuration",
                    api.get_configuration,
                    methods=["GET"],
                ),
                Route(
                    "/sessions/{session_id}/tracked-devices",
                    api.get_tracked_devices,
                    methods=["GET"],
                ),
                Route(
                    "/sessions/{session_id}/tracked-devices",
                    api.delete_tracked_devices,
                    methods=["DELETE"],
                ),
                Route("/sessions/{session_id}/instructions", api.put_instructions, methods=["PUT"]),
                Route("/sessions/{session_id}/instructions", api.get_instructions, methods=["GET"]),
                Route(
                    "/sessions/{session_id}/instructions/pdf",
                    api.get_instructions_pdf,
                    methods=["GET"],
                ),
                Route(
                    "/sessions/{session_id}/instructions/contact-profile",
                    api.get_contact_profile,
                    methods=["GET"],
                ),
                Route(
                    "/sessions/{session_id}/instructions/email",
                    api.send_instructions_email,
                    methods=["POST"],
                ),
                Route(
                    "/sessions/{session_id}/response-config",
                    api.configure_session_response,
                    methods=["PUT"],
                ),
                Route(
                    "/apps/{sdk_id}/response-config",
                    api.configure_application_response,
                    methods=["PUT"],
                ),
                *page_routes(emulator),
            ],
        ),
        Mount(CONTROL_PREFIX, routes=control_routes(emulator)),
        Route(TOKEN_PATH, api.issue_token, methods=["POST"]),
    ]
    return Starlette(
        routes=routes,
        exception_handlers={
            HTTPException: _http_error,
            BodyTooLarge: _body_too_large,
            Exception: _server_error,
        },
    )


async def _body_too_large(request: Request, exc: Exception) -> Response:
    limit = exc.limit if isinstance(exc, BodyTooLarge) else 0
    return too_large(limit)


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


class _Refused(Exception):
    """Answer the request with `response` (raised by the helpers of the newer handlers)."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


def _answers_refusals(
    handler: Callable[[_Api, Request], Awaitable[Response]],
) -> Callable[[_Api, Request], Awaitable[Response]]:
    @wraps(handler)
    async def wrapper(self: _Api, request: Request) -> Response:
        try:
            return await handler(self, request)
        except _Refused as refused:
            return refused.response

    return wrapper


def _invalid(*problems: PropertyProblem) -> _Refused:
    return _Refused(yoti_error(400, PAYLOAD_VALIDATION, PAYLOAD_VALIDATION_MESSAGE, problems))


class _Api:
    def __init__(self, emulator: EmulatorService) -> None:
        self.emulator = emulator

    async def session_of(self, request: Request) -> StoredSession:
        """Authenticate, then find the caller's session; `_Refused` with a 401 or 404."""
        try:
            application = await self.authenticate(request)
        except AuthenticationFailed as exc:
            raise _Refused(_unauthorized(exc)) from None
        session = self.emulator.store.get(request.path_params["session_id"], application.sdk_id)
        if session is None:
            raise _Refused(_session_not_found())
        return session

    def change(self, session: StoredSession, change: Callable[[StoredSession], Any]) -> Any:
        """Run `change` on the live session under the store's lock; 404 if it has gone."""
        result: list[Any] = []
        try:
            self.emulator.store.update(session.id, lambda s: result.append(change(s)))
        except KeyError:
            raise _Refused(_session_not_found()) from None
        return result[0]

    async def authenticate(self, request: Request, sdk_id: str | None = None) -> Application:
        """Verify the request's signature over the exact bytes received.

        `sdk_id` names the application when the route has it in its path, not the query.
        """
        scope = request.scope
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode("utf-8")
        # ASGI's raw_path has no query, but be safe with servers that leave it on.
        raw_path = raw_path.split(b"?", 1)[0]
        prefix = API_PREFIX.encode("ascii")
        relative = raw_path[len(prefix) :] if raw_path.startswith(prefix) else raw_path
        bearer = _bearer_token(request.headers.get("authorization"))
        if bearer is not None:
            return self.bearer_application(bearer, sdk_id)
        query: bytes = scope.get("query_string", b"")
        digest = request.headers.get(AUTH_DIGEST_HEADER)
        # Refuse an unsigned or unknown caller before reading (and holding) its body.
        self.emulator.verifier.precheck(query, digest, sdk_id=sdk_id)
        body = await request.body()
        return self.emulator.verifier.verify(
            request.method, relative, query, body, digest, sdk_id=sdk_id
        )

    def bearer_application(self, token: str, sdk_id: str | None) -> Application:
        """The application of a bearer token (see tokens.py); `AuthenticationFailed` if none."""
        owner = self.emulator.tokens.application_of(token)
        application = self.emulator.verifier.applications.get(owner) if owner else None
        if application is None:
            raise AuthenticationFailed(
                "UNAUTHORIZED", "The access token is not valid or has expired"
            )
        if sdk_id is not None and sdk_id != application.sdk_id:
            raise AuthenticationFailed(
                "UNAUTHORIZED", "The access token is for another application"
            )
        return application

    async def issue_token(self, request: Request) -> Response:
        """``POST /v1/oauth/token``: an access token for a client assertion (tokens.py)."""
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != "application/x-www-form-urlencoded":
            refused = TokenRefused(
                400, "invalid_request", "the body must be application/x-www-form-urlencoded"
            )
            return json_response(refused.to_json(), refused.status)
        try:
            text = (await request.body()).decode("utf-8")
        except UnicodeDecodeError:
            refused = TokenRefused(400, "invalid_request", "the form is not UTF-8 text")
            return json_response(refused.to_json(), refused.status)
        form: dict[str, str] = {}
        for key, value in parse_qsl(text, keep_blank_values=True):
            form.setdefault(key, value)
        audience = str(request.url.replace(query=None, fragment=None))
        try:
            body = self.emulator.tokens.issue(
                form, audience=audience, applications=self.emulator.verifier.applications
            )
        except TokenRefused as refused:
            return json_response(refused.to_json(), refused.status)
        return json_response(body, headers={"Cache-Control": "no-store"})

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
        countries = supported_countries(include_non_latin=include_non_latin)
        return json_response({"supported_countries": countries})

    # --- face capture (endpoints 7 and 8) --------------------------------------------------------

    @_answers_refusals
    async def create_face_capture(self, request: Request) -> Response:
        session = await self.session_of(request)
        body = _json_object(await request.body())
        requirement_id = body.get("requirement_id")
        if not isinstance(requirement_id, str) or not requirement_id:
            raise _invalid(PropertyProblem("requirement_id", "must be a non-empty string"))

        def create(live: StoredSession) -> str:
            _require_ongoing(live)
            if not any(
                r.get("type") == "FACE_CAPTURE" and r.get("id") == requirement_id
                for r in live.requirements
            ):
                raise _invalid(
                    PropertyProblem(
                        "requirement_id",
                        "must be the id of a FACE_CAPTURE requirement of this session "
                        "(see GET /sessions/{id}/configuration)",
                    )
                )
            resource_id = new_id()
            live.face_captures.append(
                {"id": resource_id, "source": {"type": "RELYING_BUSINESS"}, "tasks": []}
            )
            return resource_id

        resource_id = self.change(session, create)
        return json_response({"id": resource_id, "frames": _FACE_CAPTURE_FRAMES})

    @_answers_refusals
    async def upload_face_capture_image(self, request: Request) -> Response:
        session = await self.session_of(request)
        resource_id = request.path_params["resource_id"]
        content_type, content = _face_capture_image(
            request.headers.get("content-type"), await request.body()
        )
        now = self.emulator.clock.now()

        def upload(live: StoredSession) -> None:
            resource = next((r for r in live.face_captures if r["id"] == resource_id), None)
            if resource is None:
                raise _Refused(
                    yoti_error(
                        404, "RESOURCE_NOT_FOUND", "The face capture resource does not exist"
                    )
                )
            _require_ongoing(live)
            previous = resource.get("image")
            if previous is not None:
                live.media.pop(previous["media"]["id"], None)
            medium = StoredMedia(
                id=new_id(), type="IMAGE", content_type=content_type, content=content, created=now
            )
            live.media[medium.id] = medium
            stamp = format_time(now)
            resource["image"] = {
                "media": {
                    "id": medium.id,
                    "type": "IMAGE",
                    "created": stamp,
                    "last_updated": stamp,
                }
            }
            for requirement in live.requirements:
                if requirement.get("type") == "FACE_CAPTURE":
                    requirement["state"] = COMPLETE
                    break

        self.change(session, upload)
        return self.notifying(
            Response(status_code=204),
            session,
            Event("RESOURCE_UPDATE", "resource_id", resource_id),
        )

    # --- session configuration and tracked devices (endpoints 9-11) ---------------------------

    @_answers_refusals
    async def get_configuration(self, request: Request) -> Response:
        session = await self.session_of(request)
        now = self.emulator.clock.now()
        body = self.change(
            session,
            lambda live: copy.deepcopy(
                configuration_json(
                    session_id=live.id,
                    token_ttl=live.token_ttl_remaining(now),
                    spec=live.spec,
                    requirements=live.requirements,
                )
            ),
        )
        return json_response(body)

    @_answers_refusals
    async def get_tracked_devices(self, request: Request) -> Response:
        session = await self.session_of(request)
        return json_response(self.change(session, lambda s: copy.deepcopy(s.tracked_devices)))

    @_answers_refusals
    async def delete_tracked_devices(self, request: Request) -> Response:
        session = await self.session_of(request)
        self.change(session, lambda s: s.tracked_devices.clear())
        return Response(status_code=204)

    # --- In-Branch Verification instructions (endpoints 12-16) --------------------------------

    @_answers_refusals
    async def put_instructions(self, request: Request) -> Response:
        session = await self.session_of(request)
        raw = await request.body()

        def put(live: StoredSession) -> None:
            if not ibv_allowed(live.spec):
                raise _Refused(
                    yoti_error(
                        409,
                        "IBV_NOT_ENABLED",
                        "The session does not use In-Branch Verification "
                        "(its ibv_options.support is not MANDATORY)",
                    )
                )
            _require_ongoing(live)
            try:
                live.instructions = validate_instructions(raw, live.requirements)
            except PayloadInvalid as exc:
                raise _invalid(*exc.problems) from None

        self.change(session, put)
        return Response(status_code=204)

    @_answers_refusals
    async def get_instructions(self, request: Request) -> Response:
        session = await self.session_of(request)
        instructions = self.change(session, lambda s: copy.deepcopy(s.instructions))
        if instructions is None:
            return _instructions_not_found()
        return json_response(instructions_json(instructions))

    @_answers_refusals
    async def get_instructions_pdf(self, request: Request) -> Response:
        session = await self.session_of(request)
        instructions = self.change(session, lambda s: copy.deepcopy(s.instructions))
        if instructions is None:
            # No instructions yet, so no PDF to give: Yoti's Java SDK reads 204 as "none".
            return Response(status_code=204)
        return Response(
            instructions_pdf(session.id, instructions), 200, media_type=PDF_CONTENT_TYPE
        )

    @_answers_refusals
    async def get_contact_profile(self, request: Request) -> Response:
        session = await self.session_of(request)
        return json_response(self.change(session, _contact_profile))

    @_answers_refusals
    async def send_instructions_email(self, request: Request) -> Response:
        session = await self.session_of(request)
        profile = self.change(session, _contact_profile)
        self.emulator.record_instructions_email(session.id, str(profile["email"]))
        return self.notifying(
            Response(status_code=204), session, Event("INSTRUCTIONS_EMAIL_REQUESTED")
        )

    # --- sandbox response configs (see sandbox.py) ------------------------------------------------

    @_answers_refusals
    async def configure_session_response(self, request: Request) -> Response:
        session = await self.session_of(request)
        config = _response_config(await request.body())

        def put(live: StoredSession) -> None:
            _require_ongoing(live)
            live.response_config = config

        self.change(session, put)
        return Response(status_code=204)

    @_answers_refusals
    async def configure_application_response(self, request: Request) -> Response:
        try:
            application = await self.authenticate(request, request.path_params["sdk_id"])
        except AuthenticationFailed as exc:
            return _unauthorized(exc)
        config = _response_config(await request.body())
        self.emulator.response_configs.set_for_application(application.sdk_id, config)
        return Response(status_code=204)

    def notifying(self, response: Response, session: StoredSession, event: Event) -> Response:
        """`response`, sending the notification for `event` once it has been answered."""
        config = session.spec.get("notifications")
        if isinstance(config, dict):
            response.background = BackgroundTask(
                self.emulator.notifier.deliver, session.id, config, [event]
            )
        return response


def _json_object(raw: bytes) -> dict[str, Any]:
    if not raw.strip():
        raise _invalid(PropertyProblem("body", "must be a JSON object (the body is empty)"))
    try:
        body = load_json(raw)
    except JsonInputError as exc:
        raise _invalid(PropertyProblem("body", str(exc))) from None
    if not isinstance(body, dict):
        raise _invalid(PropertyProblem("body", "must be a JSON object"))
    return body


def _response_config(raw: bytes) -> dict[str, Any]:
    try:
        return validate_response_config(raw)
    except PayloadInvalid as exc:
        raise _invalid(*exc.problems) from None


def _face_capture_image(content_type: str | None, body: bytes) -> tuple[str, bytes]:
    """The image of a face-capture upload: its media type and bytes; `_Refused` with a 400."""
    try:
        parts = parse_multipart(content_type, body)
    except MultipartError as exc:
        raise _invalid(PropertyProblem("body", f"must be multipart/form-data: {exc}")) from None
    problems = [
        PropertyProblem(
            part.name or "(unnamed part)",
            f"unexpected form-data part: the only part is {FACE_CAPTURE_PART}",
        )
        for part in parts
        if part.name != FACE_CAPTURE_PART
    ]
    images = [part for part in parts if part.name == FACE_CAPTURE_PART]
    if not images:
        problems.append(PropertyProblem(FACE_CAPTURE_PART, "must be provided"))
    elif len(images) > 1:
        problems.append(PropertyProblem(FACE_CAPTURE_PART, "must be given only once"))
    if problems:
        raise _invalid(*problems)
    image = images[0]
    content_type = _IMAGE_TYPE_ALIASES.get(image.content_type or "", image.content_type)
    if content_type not in _IMAGE_MAGIC:
        raise _invalid(
            PropertyProblem(
                FACE_CAPTURE_PART,
                "must have Content-Type image/jpeg (or image/jpg) or image/png, "
                f"not {image.content_type or 'none'}",
            )
        )
    if not image.content:
        raise _invalid(PropertyProblem(FACE_CAPTURE_PART, "must not be empty"))
    magic, kind = _IMAGE_MAGIC[content_type]
    if not image.content.startswith(magic):
        raise _invalid(PropertyProblem(FACE_CAPTURE_PART, f"must be a {kind} image"))
    return content_type, image.content


def _require_ongoing(session: StoredSession) -> None:
    if session.state != SessionState.ONGOING:
        raise _Refused(yoti_error(409, "SESSION_NOT_ONGOING", f"The session is {session.state}"))


def _contact_profile(session: StoredSession) -> dict[str, Any]:
    if session.instructions is None:
        raise _Refused(_instructions_not_found())
    profile = session.instructions.get("contact_profile")
    if not isinstance(profile, dict):
        raise _Refused(
            yoti_error(
                404,
                "CONTACT_PROFILE_NOT_FOUND",
                "The session's instructions have no contact profile",
            )
        )
    return {key: profile.get(key) for key in ("first_name", "last_name", "email")}


def _instructions_not_found() -> Response:
    return yoti_error(
        404, "INSTRUCTIONS_NOT_FOUND", "No instructions have been given for the session"
    )


def _bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, else None."""
    if authorization is None:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def _unauthorized(exc: AuthenticationFailed) -> Response:
    return yoti_error(401, exc.code, exc.message)


def _session_not_found() -> Response:
    return yoti_error(404, "SESSION_NOT_FOUND", "The session does not exist")


def _media_not_found() -> Response:
    return yoti_error(404, "MEDIA_NOT_FOUND", "The media does not exist")
