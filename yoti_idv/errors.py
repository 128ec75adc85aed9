"""The exception tree, and the mapping from an HTTP response to an exception.

```
YotiIDVError
├── ConfigurationError          bad key, bad base URL, bad client arguments (also a ValueError)
├── InvalidArgumentError        a method argument that cannot be sent, e.g. an id with a '/'
│                               (also a ValueError)
├── SpecValidationError         a session spec value Yoti would reject (also a ValueError)
├── SessionWaitTimeout          a wait for a session ran out of time (also a TimeoutError)
├── NoFaceCaptureRequirementError   a face image for a session that requires none
│                               (also a LookupError)
└── APIError                    anything that happened while talking to the API
    ├── APIConnectionError      no usable response; `may_have_been_sent` says whether the
    │   │                       request bytes may have reached the server (also a broken body:
    │   │                       a gzip stream that does not decode)
    │   └── APITimeoutError     a limit ran out; `limit` says which ("attempt", "deadline")
    ├── APIStatusError          a non-2xx response, carrying Yoti's `code`, `message`, errors
    │   ├── BadRequestError         400 (PAYLOAD_VALIDATION and friends)
    │   ├── AuthenticationError     401 (bad signature, unknown key)
    │   ├── PermissionDeniedError   403
    │   ├── NotFoundError           404 (session, media or application not found)
    │   ├── ConflictError           409 (session or resource locked)
    │   ├── RateLimitError          429 (`retry_after` when the server said)
    │   └── InternalServerError     5xx
    ├── ResponseTooLargeError   a response body larger than the client's cap
    └── ResponseValidationError a 2xx response whose body does not fit the models
```

Nothing here ever holds a secret in its message or repr: error bodies are Yoti's error
documents, and a response body that failed to parse (which may hold a client session token)
is kept on the exception but never printed.

Every exception here pickles and copies (a `ProcessPoolExecutor` worker can raise one to its
parent): the copy keeps the type, the message and every plain attribute (`status_code`,
`code`, `error_message`, `property_errors`, `retry_after`, ...), and leaves out what can carry
a secret: the `request` (its signature or bearer token), the `response` (tied to that request)
and a raw `body` (which can hold a client session token); those are None on the copy.
"""

from __future__ import annotations

import email.utils
import math
import time
from collections.abc import Mapping
from email.message import Message
from typing import Any, Final

import attrs
import httpx

from . import _json

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "InternalServerError",
    "InvalidArgumentError",
    "NoFaceCaptureRequirementError",
    "NotFoundError",
    "PermissionDeniedError",
    "PropertyError",
    "RateLimitError",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "SessionWaitTimeout",
    "SpecValidationError",
    "YotiIDVError",
]


# Attributes that can hold a secret, or objects tied to one: left out of pickles and copies.
_UNPICKLED: Final = frozenset({"request", "response", "body"})


def _rebuild(cls: type[BaseException], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    """Make an exception again from its args and attributes, without calling its __init__.

    The subclasses' __init__ take keyword-only arguments (and a response) that pickle's default,
    ``cls(*args)``, cannot supply; their message is already in `args`.
    """
    error = cls.__new__(cls, *args)
    BaseException.__init__(error, *args)
    error.__dict__.update(state)
    return error


class YotiIDVError(Exception):
    """The root of every exception that yoti-idv raises on purpose."""

    def __reduce__(self) -> tuple[Any, ...]:
        state = {name: None if name in _UNPICKLED else value for name, value in vars(self).items()}
        return (_rebuild, (type(self), self.args, state))


class ConfigurationError(YotiIDVError, ValueError):
    """The client was set up wrongly: a missing or unusable key, a bad base URL, bad options."""


class InvalidArgumentError(YotiIDVError, ValueError):
    """A method argument that cannot be sent, caught before any request: the message names it.

    For example a session or media id with a ``/``, a control character or a lone surrogate,
    or one far longer than Yoti's ids: it would change the URL, or could not be put in one.
    """


class SpecValidationError(YotiIDVError, ValueError):
    """A spec value that Yoti would reject; `field` names it (e.g. ``sdk_config.font_colour``)."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class SessionWaitTimeout(YotiIDVError, TimeoutError):
    """A wait for a session ran out of time; `last` is the last session read (or None).

    The wait's `timeout` bounds everything, a request still in flight included: the wait ends
    within it (plus a little slack), whatever the server does.
    """

    def __init__(self, session_id: str, *, last: Any, polls: int, timeout: float | None) -> None:
        super().__init__(
            f"session {session_id} did not reach the awaited state before the wait's timeout "
            f"ran out ({timeout} s; {polls} polls; last state: {getattr(last, 'state', None)})"
        )
        self.session_id = session_id
        self.last = last
        self.polls = polls
        self.timeout = timeout

    def __reduce__(self) -> tuple[Any, ...]:
        rebuild, (cls, args, state) = super().__reduce__()
        # The last session read carries the session's client session token: not in a pickle.
        if attrs.has(type(self.last)) and getattr(self.last, "client_session_token", None):
            state["last"] = attrs.evolve(self.last, client_session_token=None)
        return (rebuild, (cls, args, state))


class NoFaceCaptureRequirementError(YotiIDVError, LookupError):
    """`add_face_capture_image`: the session requires no face capture.

    A session has a ``FACE_CAPTURE`` requirement when its spec requests a ``FACE_COMPARISON``
    check; `session_id` names the session.
    """

    def __init__(self, session_id: str) -> None:
        self.session_id = session_id
        super().__init__(
            f"session {session_id!r} has no FACE_CAPTURE requirement in its configuration, so "
            "no face image can be uploaded to it (request a FACE_COMPARISON check in its spec)"
        )


class APIError(YotiIDVError):
    """Something went wrong while talking to the IDV API."""

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class APIConnectionError(APIError):
    """No response was received.

    `may_have_been_sent` is False only when the connection was never established (so the
    server cannot have acted on the request), which is what makes a POST safe to retry.
    """

    def __init__(
        self,
        message: str = "Connection error.",
        *,
        request: httpx.Request | None = None,
        may_have_been_sent: bool = True,
        attempts: int = 1,
    ) -> None:
        if attempts > 1:
            message += f" [after {attempts} attempts]"
        super().__init__(message, request=request)
        self.may_have_been_sent = may_have_been_sent
        self.attempts = attempts


class APITimeoutError(APIConnectionError):
    """A time limit ran out; `limit` says which one, and the message says so too.

    - ``"attempt"``: the per-attempt `timeout` of the client or the call (one of httpx's
      phases, or the whole attempt: no attempt, the body included, outlasts its largest phase);
    - ``"deadline"``: the `RetryPolicy.deadline` of the whole call (slot wait, attempts,
      backoff sleeps and body included);
    - None: a timeout raised by the transport that this SDK did not set.
    """

    def __init__(
        self,
        message: str = "Request timed out.",
        *,
        request: httpx.Request | None = None,
        may_have_been_sent: bool = True,
        attempts: int = 1,
        limit: str | None = None,
    ) -> None:
        super().__init__(
            message, request=request, may_have_been_sent=may_have_been_sent, attempts=attempts
        )
        self.limit = limit


@attrs.frozen
class PropertyError:
    """One entry of the ``errors`` list of a Yoti error body: which property, and what is wrong."""

    property: str
    message: str


class APIStatusError(APIError):
    """The API answered with a non-success status.

    Attributes mirror Yoti's error body (``{"code", "message", "errors": [{"property",
    "message"}]}``) where there was one: `code`, `error_message`, `property_errors`; and the
    HTTP side: `status_code`, `headers`, `response`, `retry_after` (the ``Retry-After`` header
    in seconds, or None). `attempts` is how many times the request was sent before this answer
    was accepted as final.
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        code: str | None,
        error_message: str | None,
        property_errors: tuple[PropertyError, ...],
        attempts: int = 1,
    ) -> None:
        super().__init__(message, request=response.request if _has_request(response) else None)
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.code = code
        self.error_message = error_message
        self.property_errors = property_errors
        self.attempts = attempts
        # Sent with 429 and often with 503: seconds to wait, or None when not given.
        self.retry_after = parse_retry_after(response.headers.get("Retry-After"))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status_code={self.status_code}, code={self.code!r})"


class BadRequestError(APIStatusError):
    """400: the request was malformed, e.g. ``PAYLOAD_VALIDATION`` for a session spec."""


class AuthenticationError(APIStatusError):
    """401: the signature did not verify. Check the SDK id, the key pair, and the base URL."""


class PermissionDeniedError(APIStatusError):
    """403: the application is disabled or not allowed to do this."""


class NotFoundError(APIStatusError):
    """404: the session, the media, or the application (``APP_NOT_FOUND``) does not exist."""


class ConflictError(APIStatusError):
    """409: the session or resource is locked (e.g. deleting media while checks run)."""


class RateLimitError(APIStatusError):
    """429: too many requests. `retry_after` is the server's hint in seconds, when it gave one."""


class InternalServerError(APIStatusError):
    """5xx: the service failed. Safe to retry for reads; the client's retry policy does so."""


class ResponseTooLargeError(APIError):
    """A response body went past the client's size cap; reading stopped there.

    `limit` is the cap in bytes (the client's `max_response_bytes`, or `max_media_bytes` for a
    medium) and `status_code` the status of the response. Not retried: the same request would
    get the same answer. Stream a large medium with `stream_media_content` (uncapped), or raise
    the cap on the client.
    """

    def __init__(
        self, message: str, *, limit: int, status_code: int, request: httpx.Request | None = None
    ) -> None:
        super().__init__(message, request=request)
        self.limit = limit
        self.status_code = status_code


class ResponseValidationError(APIError):
    """A success response whose body does not fit the models (wrong types, not JSON, ...).

    The body is kept as `body` for debugging but never shown in the message: it can hold a
    client session token.
    """

    def __init__(self, message: str, *, response: httpx.Response | None = None) -> None:
        super().__init__(
            message,
            request=response.request if response is not None and _has_request(response) else None,
        )
        self.response = response
        self.body = response.content if response is not None else None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


_STATUS_CLASSES: Mapping[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}

_HINTS: Mapping[str, str] = {
    "APP_NOT_FOUND": (
        "check the SDK id and that the base URL matches the key (sandbox or production)"
    ),
}


def media_type(content_type: str | None) -> str | None:
    """``'application/json; charset=UTF-8'`` -> ``'application/json'``; None when absent."""
    if not content_type:
        return None
    message = Message()
    message["content-type"] = content_type
    value = message.get_content_type()
    # email.message falls back to text/plain for garbage; only trust it when the header had a '/'.
    return value if "/" in content_type.split(";", 1)[0] else None


def error_from_response(response: httpx.Response, *, attempts: int = 1) -> APIStatusError:
    """Build the exception for a non-success response, parsing Yoti's error body when there is one.

    The body is parsed as an error document whenever it is JSON, whatever parameters the
    Content-Type carries (Yoti's Python SDK only parsed an exact ``application/json``).
    """
    code, error_message, property_errors = _parse_error_body(response)
    status = response.status_code
    if error_message is None and code is None:
        summary = response.reason_phrase or "HTTP error"
    else:
        summary = " - ".join(part for part in (code, error_message) if part)
    text = f"{status} {summary}"
    if property_errors:
        text += ": " + ", ".join(f'{e.property} "{e.message}"' for e in property_errors)
    if code is not None and code in _HINTS:
        text += f" (hint: {_HINTS[code]})"
    elif status == 404 and _misses_the_api_path(response):
        text += (
            f" (hint: the base URL has no {_API_PATH}: Yoti's IDV API is under"
            f" https://api.yoti.com{_API_PATH}, the emulator's under http://HOST:PORT{_API_PATH})"
        )
    if attempts > 1:
        text += f" [after {attempts} attempts]"
    cls = _STATUS_CLASSES.get(status, InternalServerError if status >= 500 else APIStatusError)
    return cls(
        text,
        response=response,
        code=code,
        error_message=error_message,
        property_errors=property_errors,
        attempts=attempts,
    )


def _parse_error_body(
    response: httpx.Response,
) -> tuple[str | None, str | None, tuple[PropertyError, ...]]:
    if not response.content:
        return None, None, ()
    try:
        body: Any = _json.loads(response.content)
    except ValueError:  # not JSON, or nested too deeply: the status alone says what happened
        return None, None, ()
    if not isinstance(body, dict):
        return None, None, ()
    code = body.get("code")
    message = body.get("message")
    errors: list[PropertyError] = []
    raw_errors = body.get("errors")
    if isinstance(raw_errors, list):
        for item in raw_errors:
            if isinstance(item, dict):
                errors.append(
                    PropertyError(
                        property=str(item.get("property", "")),
                        message=str(item.get("message", "")),
                    )
                )
    return (
        code if isinstance(code, str) else None,
        message if isinstance(message, str) else None,
        tuple(errors),
    )


# Every IDV endpoint, on Yoti, its sandbox and the emulator, is under this path.
_API_PATH = "/idverify/v1"


def _misses_the_api_path(response: httpx.Response) -> bool:
    """A 404 for a URL outside ``/idverify/v1``: the base URL most likely lacks that path."""
    return _has_request(response) and f"{_API_PATH}/" not in response.request.url.path


def _has_request(response: httpx.Response) -> bool:
    try:
        response.request  # noqa: B018  (raises when the response was built by hand)
    except RuntimeError:
        return False
    return True


# Retry-After: delta-seconds or an HTTP date (RFC 9110 section 10.2.3). Parsed here, where the
# exception is built, rather than in `retry` (which imports this module).
def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait, or None when the header is absent or unreadable (never negative)."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if math.isnan(seconds) or math.isinf(seconds):
        return None
    return max(0.0, seconds)
