"""The IDV endpoints, declared once: what each call sends, and how its answer is read.

Each function here checks its arguments (before anything is sent) and returns an `Operation`:
the method, path, query, exact body bytes and headers of the request, and `parse`, which turns
the successful response into the method's result. Nothing here does I/O. `AsyncIDVClient` and
`IDVClient` each have one driver that sends an `Operation` (signing, retrying and mapping
errors the same way, through `RetryLoop`) and calls its `parse`; their public methods are one
line each.

A call made of several requests (`add_face_capture_image`) is a `Flow`: a generator that
yields operations, receives their results, decides what comes next, and returns the method's
result. The drivers only run it.

Every path of the API appears in this module and nowhere else in the clients (a test checks).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Generator, Mapping
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar
from urllib.parse import urlencode

import attrs
import httpx

from . import _json
from .errors import (
    InvalidArgumentError,
    NoFaceCaptureRequirementError,
    ResponseValidationError,
    SpecValidationError,
    media_type,
)
from .specs import SessionSpec
from .vocabulary.values import SpecValue

# The response models, and the converter that builds them (some hundred attrs classes and
# their cattrs hooks), are imported by the first operation that needs them, not with the
# client: importing yoti_idv and building a client or a spec stays cheap.
if TYPE_CHECKING:
    from .models import (
        ContactProfileResponse,
        CreateFaceCaptureResourceResponse,
        CreateSessionResult,
        GetSessionResult,
        InstructionsResponse,
        MediaContent,
        SessionConfiguration,
        SupportedDocumentsResponse,
        TrackedDevices,
    )
    from .specs import InstructionsPayload

__all__ = [
    "FACE_CAPTURE_CONTENT_TYPES",
    "Flow",
    "Operation",
    "add_face_capture_image",
    "checked_id",
    "configure_application_response",
    "configure_session_response",
    "create_face_capture_resource",
    "create_session",
    "delete_media_content",
    "delete_session",
    "delete_tracked_devices",
    "first_face_capture_requirement",
    "get_ibv_instructions",
    "get_ibv_instructions_contact_profile",
    "get_ibv_instructions_pdf",
    "get_media_content",
    "get_session",
    "get_session_configuration",
    "get_supported_documents",
    "get_tracked_devices",
    "json_bytes",
    "media_content",
    "parse_json",
    "put_ibv_instructions",
    "stream_media_content",
    "trigger_ibv_email_notification",
    "upload_face_capture_image",
    "web_flow_url",
]

T = TypeVar("T")
ModelT = TypeVar("ModelT")

_JSON: Final = "application/json"

# DEL (0x7f) is a control character too: httpx refuses it in a URL.
_FORBIDDEN_ID_CHARACTERS: Final = frozenset("/?#%\\\x7f") | frozenset(chr(c) for c in range(0x20))
# Yoti's ids are UUIDs (36 characters); a longer value is not an id (and past 64 kB httpx
# refuses the URL).
_MAX_ID_LENGTH: Final = 1024

FACE_CAPTURE_CONTENT_TYPES: Final = frozenset({"image/jpeg", "image/png"})
"""The media types a face-capture image may have (as Yoti's SDKs accept)."""
# Each accepted type's file signature: a declared type that the bytes contradict is refused
# before anything is sent.
_IMAGE_SIGNATURES: Final = {"image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}
_MEDIA_TYPE_ALIASES: Final = {"image/jpg": "image/jpeg"}
# The one form-data part of the upload, named as every Yoti SDK names it.
_FACE_CAPTURE_PART: Final = "binary-content"
_FACE_CAPTURE_FILENAME: Final = "face-capture-image"


@attrs.frozen(kw_only=True)
class Operation(Generic[T]):
    """One request to the API, ready to send as many times as the retry policy allows.

    `body` is the exact bytes sent (and signed) on every attempt, of `content_type`; None sends
    no body and no Content-Type. `with_sdk_id` False leaves ``sdkId`` out of the query. A
    `stream` operation's successful response is handed over open and unread. `parse` turns
    the successful response into the result.
    """

    name: str
    method: str
    path: str
    parse: Callable[[httpx.Response], T] = attrs.field(repr=False)
    query: tuple[tuple[str, str], ...] = ()
    body: bytes | None = attrs.field(default=None, repr=False)
    content_type: str = _JSON
    accept: str = _JSON
    with_sdk_id: bool = True
    stream: bool = False

    @property
    def headers(self) -> dict[str, str]:
        headers = {"Accept": self.accept}
        if self.body is not None:
            headers["Content-Type"] = self.content_type
        return headers


Flow = Generator[Operation[Any], Any, T]
"""A call of several requests: yields operations, is sent each one's result, returns its own."""


# --------------------------------------------------------------------------- arguments


def checked_id(name: str, value: object, *, secret: bool = False) -> str:
    """Ids go into the URL path unencoded (as in every Yoti SDK), so refuse what would change it.

    Checked before anything is sent; a value that cannot be an id raises
    `InvalidArgumentError` naming the argument; a `secret` value (a client session token) is
    never echoed.
    """
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    shown = "the given value" if secret or len(value) > 80 else repr(value)
    if not value or value.strip() != value:
        raise InvalidArgumentError(
            f"{name} must be a non-empty id without surrounding spaces, got {shown}"
        )
    if len(value) > _MAX_ID_LENGTH:
        raise InvalidArgumentError(
            f"{name} is not a valid id: it is {len(value)} characters long "
            f"(at most {_MAX_ID_LENGTH}; Yoti's ids are UUIDs)"
        )
    if value in (".", "..") or not _FORBIDDEN_ID_CHARACTERS.isdisjoint(value):
        raise InvalidArgumentError(
            f"{name} {shown} is not a valid id: it must not contain '/', '?', '#', '%', "
            "'\\' or control characters"
        )
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidArgumentError(
                f"{name} is not a valid id: it holds a lone surrogate, which is not text"
            ) from None
    return value


def json_bytes(payload: Any) -> bytes:
    """The compact UTF-8 JSON of `payload`: the exact bytes that are sent and signed.

    A str with a lone surrogate (in a mapping sent as-is) has no UTF-8 form: refused here,
    before anything is sent, as a `SpecValidationError`.
    """
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    try:
        return text.encode()
    except UnicodeEncodeError as exc:
        raise SpecValidationError(
            "payload",
            f"holds a lone surrogate ({text[exc.start]!r}), which is not text and cannot be "
            "sent as UTF-8",
        ) from None


def _payload(value: object, model: type[object], method: str) -> Any:
    """A spec value as JSON-ready data; a mapping is sent as-is (fields not modelled yet)."""
    if isinstance(value, model):
        from .conversion import converter

        return converter.unstructure(value)
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(
        f"{method}() takes a{'n' if model.__name__[0] in 'AEIOU' else ''} {model.__name__} "
        f"(or a JSON mapping), got {type(value).__name__}"
    )


def _checked_image(image: object, content_type: object) -> str:
    """Check a face-capture image before anything is sent; return its media type, normalised."""
    if not isinstance(image, bytes | bytearray | memoryview):
        raise TypeError(f"image must be bytes, got {type(image).__name__}")
    if not isinstance(content_type, str):
        raise TypeError(f"content_type must be a str, got {type(content_type).__name__}")
    normalised = content_type.strip().lower()
    # Yoti's Node SDK labels JPEG uploads ``image/jpg`` (its only JPEG option), so code moved
    # from it passes that. Accept it as JPEG, but send the registered ``image/jpeg`` that the
    # Java, Go, .NET and PHP SDKs send: the request then never relies on the service also
    # accepting the unregistered alias.
    normalised = _MEDIA_TYPE_ALIASES.get(normalised, normalised)
    if normalised not in FACE_CAPTURE_CONTENT_TYPES:
        raise InvalidArgumentError(
            f"content_type must be image/jpeg or image/png, got {content_type!r}"
        )
    if not len(image):
        raise InvalidArgumentError("image is empty")
    if not bytes(image[:8]).startswith(_IMAGE_SIGNATURES[normalised]):
        kind = "JPEG" if normalised == "image/jpeg" else "PNG"
        raise InvalidArgumentError(
            f"image is not a {kind} image (its first bytes are not a {kind} signature), "
            f"but content_type is {normalised}"
        )
    return normalised


def _multipart_image(image: bytes, content_type: str) -> tuple[bytes, str]:
    """The multipart/form-data body of a face-capture upload, and its Content-Type.

    Encoded once, by httpx, into bytes: what the signer signs is then exactly what is sent,
    on every attempt.
    """
    encoded = httpx.Request(
        "PUT",
        "https://multipart.invalid/",
        files={_FACE_CAPTURE_PART: (_FACE_CAPTURE_FILENAME, image, content_type)},
    )
    return encoded.read(), encoded.headers["Content-Type"]


# --------------------------------------------------------------------------- reading answers


def _describe(exc: Exception) -> str:
    """A short account of a structuring failure: where, and what was expected; never values."""
    import cattrs  # imported already: only a failed structuring gets here

    if isinstance(exc, cattrs.BaseValidationError):
        return "; ".join(cattrs.transform_error(exc, path="$")[:5])
    return type(exc).__name__


def parse_json(response: httpx.Response, model: type[ModelT], operation: str) -> ModelT:
    """The JSON body as `model`; `ResponseValidationError` when it is not JSON or does not fit."""
    try:
        data = _json.loads(response.content)  # orjson when installed: half the decoding time
    except ValueError:
        raise ResponseValidationError(
            f"{operation}: the {response.status_code} response body is not JSON "
            f"(Content-Type: {response.headers.get('Content-Type', 'none')})",
            response=response,
        ) from None
    # The converter, cattrs and the models are imported by the first answer read, not with
    # the client (see the TYPE_CHECKING imports above).
    import cattrs

    from .conversion import converter

    try:
        return converter.structure(data, model)
    except (
        cattrs.BaseValidationError,
        ValueError,
        TypeError,
        KeyError,
        AttributeError,
        RecursionError,
    ) as exc:
        description = _describe(exc)
    # Raised outside the handler, with the decoded body dropped: it can hold a client session
    # token, and a traceback printed with its locals would show it.
    del data
    raise ResponseValidationError(
        f"{operation}: the response does not fit {model.__name__}: {description}",
        response=response,
    ) from None


def _json_operation(
    name: str, method: str, path: str, model: type[ModelT], **options: Any
) -> Operation[ModelT]:
    def parse(response: httpx.Response) -> ModelT:
        return parse_json(response, model, name)

    return Operation(name=name, method=method, path=path, parse=parse, **options)


def media_content(response: httpx.Response) -> MediaContent | None:
    """A media-like response: None for 204 No Content, else the bytes and their media type.

    `mime_type` is the media type without parameters, or ``application/octet-stream`` when
    the response names none (RFC 9110 section 8.3).
    """
    if response.status_code == httpx.codes.NO_CONTENT:
        return None
    mime_type = media_type(response.headers.get("Content-Type")) or "application/octet-stream"
    from .models import MediaContent

    return MediaContent(content=response.content, mime_type=mime_type)


def _open_media(response: httpx.Response) -> httpx.Response | None:
    """A streamed medium: None for 204 No Content (withheld), else the open response."""
    return None if response.status_code == httpx.codes.NO_CONTENT else response


def _no_content(response: httpx.Response) -> None:
    return None


# --------------------------------------------------------------------------- paths


def _session_path(session_id: str) -> str:
    return f"/sessions/{checked_id('session_id', session_id)}"


def _media_path(session_id: str, media_id: str) -> str:
    return f"{_session_path(session_id)}/media/{checked_id('media_id', media_id)}/content"


def _instructions_path(session_id: str) -> str:
    return f"{_session_path(session_id)}/instructions"


def _face_capture_path(session_id: str) -> str:
    return f"{_session_path(session_id)}/resources/face-capture"


def web_flow_url(base_url: str, session_id: str, client_session_token: str) -> str:
    """``{base_url}/web/index.html?sessionID=...&sessionToken=...``: Yoti's web flow."""
    query = urlencode(
        {
            "sessionID": checked_id("session_id", session_id),
            "sessionToken": checked_id("client_session_token", client_session_token, secret=True),
        }
    )
    return f"{base_url}/web/index.html?{query}"


# --------------------------------------------------------------------------- sessions


def create_session(spec: SessionSpec | Mapping[str, Any]) -> Operation[CreateSessionResult]:
    """``POST /sessions``. A POST: retried only when the connection was never opened."""
    from .models import CreateSessionResult

    body = json_bytes(_payload(spec, SessionSpec, "create_session"))
    return _json_operation("create_session", "POST", "/sessions", CreateSessionResult, body=body)


def get_session(session_id: str) -> Operation[GetSessionResult]:
    """``GET /sessions/{id}``."""
    from .models import GetSessionResult

    return _json_operation("get_session", "GET", _session_path(session_id), GetSessionResult)


def delete_session(session_id: str) -> Operation[None]:
    """``DELETE /sessions/{id}``."""
    return Operation(
        name="delete_session", method="DELETE", path=_session_path(session_id), parse=_no_content
    )


# --------------------------------------------------------------------------- media


def get_media_content(session_id: str, media_id: str) -> Operation[MediaContent | None]:
    """``GET /sessions/{id}/media/{media_id}/content``: None on 204 (withheld by Yoti)."""
    return Operation(
        name="get_media_content",
        method="GET",
        path=_media_path(session_id, media_id),
        parse=media_content,
        accept="*/*",
    )


def stream_media_content(session_id: str, media_id: str) -> Operation[httpx.Response | None]:
    """The same request as `get_media_content`, its body left open for streaming."""
    return Operation(
        name="stream_media_content",
        method="GET",
        path=_media_path(session_id, media_id),
        parse=_open_media,
        accept="*/*",
        stream=True,
    )


def delete_media_content(session_id: str, media_id: str) -> Operation[None]:
    """``DELETE /sessions/{id}/media/{media_id}/content``."""
    return Operation(
        name="delete_media_content",
        method="DELETE",
        path=_media_path(session_id, media_id),
        parse=_no_content,
    )


# --------------------------------------------------------------------------- face capture


def create_face_capture_resource(
    session_id: str, requirement_id: str
) -> Operation[CreateFaceCaptureResourceResponse]:
    """``POST /sessions/{id}/resources/face-capture``."""
    from .models import CreateFaceCaptureResourceResponse
    from .specs import CreateFaceCaptureResourcePayload

    path = _face_capture_path(session_id)
    payload = CreateFaceCaptureResourcePayload(
        requirement_id=checked_id("requirement_id", requirement_id)
    )
    return _json_operation(
        "create_face_capture_resource",
        "POST",
        path,
        CreateFaceCaptureResourceResponse,
        body=json_bytes(
            _payload(payload, CreateFaceCaptureResourcePayload, "create_face_capture_resource")
        ),
    )


def upload_face_capture_image(
    session_id: str, resource_id: str, image: bytes | bytearray | memoryview, content_type: str
) -> Operation[None]:
    """``PUT /sessions/{id}/resources/face-capture/{resource_id}/image``, multipart."""
    path = f"{_face_capture_path(session_id)}/{checked_id('resource_id', resource_id)}/image"
    checked_type = _checked_image(image, content_type)
    body, multipart_type = _multipart_image(bytes(image), checked_type)
    return Operation(
        name="upload_face_capture_image",
        method="PUT",
        path=path,
        parse=_no_content,
        body=body,
        content_type=multipart_type,
    )


def first_face_capture_requirement(session_id: str, configuration: SessionConfiguration) -> str:
    """The id of the configuration's first ``FACE_CAPTURE`` requirement, or the error."""
    requirements = configuration.capture.face_capture_requirements
    if not requirements or requirements[0].id is None:
        raise NoFaceCaptureRequirementError(session_id)
    return requirements[0].id


def add_face_capture_image(
    session_id: str, image: bytes | bytearray | memoryview, content_type: str
) -> Flow[CreateFaceCaptureResourceResponse]:
    """Configuration, then its first ``FACE_CAPTURE`` requirement, a resource for it, the upload.

    The id and the image are checked on the first step, before anything is sent.
    """
    checked_id("session_id", session_id)
    checked_type = _checked_image(image, content_type)
    configuration: SessionConfiguration = yield get_session_configuration(session_id)
    requirement_id = first_face_capture_requirement(session_id, configuration)
    created: CreateFaceCaptureResourceResponse = yield create_face_capture_resource(
        session_id, requirement_id
    )
    yield upload_face_capture_image(session_id, created.id, image, checked_type)
    return created


# --------------------------------------------------------------------------- configuration


def get_session_configuration(session_id: str) -> Operation[SessionConfiguration]:
    """``GET /sessions/{id}/configuration``."""
    from .models import SessionConfiguration

    return _json_operation(
        "get_session_configuration",
        "GET",
        f"{_session_path(session_id)}/configuration",
        SessionConfiguration,
    )


def get_tracked_devices(session_id: str) -> Operation[TrackedDevices]:
    """``GET /sessions/{id}/tracked-devices``."""
    from .models import TrackedDevices

    return _json_operation(
        "get_tracked_devices", "GET", f"{_session_path(session_id)}/tracked-devices", TrackedDevices
    )


def delete_tracked_devices(session_id: str) -> Operation[None]:
    """``DELETE /sessions/{id}/tracked-devices``."""
    return Operation(
        name="delete_tracked_devices",
        method="DELETE",
        path=f"{_session_path(session_id)}/tracked-devices",
        parse=_no_content,
    )


# --------------------------------------------------------------------------- in-branch verification


def put_ibv_instructions(
    session_id: str, instructions: InstructionsPayload | Mapping[str, Any]
) -> Operation[None]:
    """``PUT /sessions/{id}/instructions``."""
    from .specs import InstructionsPayload  # imported on first use, as specs says

    path = _instructions_path(session_id)
    body = json_bytes(_payload(instructions, InstructionsPayload, "put_ibv_instructions"))
    return Operation(
        name="put_ibv_instructions", method="PUT", path=path, parse=_no_content, body=body
    )


def get_ibv_instructions(session_id: str) -> Operation[InstructionsResponse]:
    """``GET /sessions/{id}/instructions``."""
    from .models import InstructionsResponse

    return _json_operation(
        "get_ibv_instructions", "GET", _instructions_path(session_id), InstructionsResponse
    )


def get_ibv_instructions_pdf(session_id: str) -> Operation[MediaContent | None]:
    """``GET /sessions/{id}/instructions/pdf``: None on 204 (no PDF to give)."""
    return Operation(
        name="get_ibv_instructions_pdf",
        method="GET",
        path=f"{_instructions_path(session_id)}/pdf",
        parse=media_content,
        accept="*/*",
    )


def get_ibv_instructions_contact_profile(session_id: str) -> Operation[ContactProfileResponse]:
    """``GET /sessions/{id}/instructions/contact-profile``."""
    from .models import ContactProfileResponse

    return _json_operation(
        "get_ibv_instructions_contact_profile",
        "GET",
        f"{_instructions_path(session_id)}/contact-profile",
        ContactProfileResponse,
    )


def trigger_ibv_email_notification(session_id: str) -> Operation[None]:
    """``POST /sessions/{id}/instructions/email``, with no body (and signed without one)."""
    return Operation(
        name="trigger_ibv_email_notification",
        method="POST",
        path=f"{_instructions_path(session_id)}/email",
        parse=_no_content,
    )


# --------------------------------------------------------------------------- reference data


def get_supported_documents(
    *, include_non_latin: bool = False
) -> Operation[SupportedDocumentsResponse]:
    """``GET /supported-documents``, without ``sdkId`` (as Yoti's Node, Python, Go, PHP SDKs).

    ``includeNonLatin=true`` is sent only when asked for (Node and PHP do the same).
    """
    from .models import SupportedDocumentsResponse

    if not isinstance(include_non_latin, bool):
        raise TypeError("include_non_latin must be a bool")
    return _json_operation(
        "get_supported_documents",
        "GET",
        "/supported-documents",
        SupportedDocumentsResponse,
        query=(("includeNonLatin", "true"),) if include_non_latin else (),
        with_sdk_id=False,
    )


# --------------------------------------------------------------------------- sandbox


def configure_session_response(
    session_id: str, config: SpecValue | Mapping[str, Any]
) -> Operation[None]:
    """``PUT /sessions/{id}/response-config`` (Yoti's sandbox): what one session reports."""
    path = f"{_session_path(session_id)}/response-config"
    return _put_response_config("configure_session_response", path, config, with_sdk_id=True)


def configure_application_response(
    sdk_id: str, config: SpecValue | Mapping[str, Any]
) -> Operation[None]:
    """``PUT /apps/{sdk_id}/response-config`` (Yoti's sandbox): what every new session of the
    application reports. Like Yoti's Python and Go sandbox clients, the SDK id is in the path
    only, not in the query."""
    path = f"/apps/{checked_id('sdk_id', sdk_id)}/response-config"
    return _put_response_config("configure_application_response", path, config, with_sdk_id=False)


def _put_response_config(
    name: str, path: str, config: SpecValue | Mapping[str, Any], *, with_sdk_id: bool
) -> Operation[None]:
    body = json_bytes(_payload(config, SpecValue, name))
    return Operation(
        name=name,
        method="PUT",
        path=path,
        parse=_no_content,
        body=body,
        with_sdk_id=with_sdk_id,
    )
