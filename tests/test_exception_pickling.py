"""Every exception of yoti_idv pickles and copies, keeping what it says and nothing secret.

The classes are discovered by walking the package, so a new one is covered the day it is
added: if it needs arguments this file does not know how to give, `example` fails and says so.
A `ProcessPoolExecutor` worker that raises one hands its parent the same exception (not
`BrokenProcessPool`), and what crosses the process boundary holds no signature, bearer
token, client session token or webhook token.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import pickle
import pkgutil
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import httpx
import pytest

import yoti_idv
from yoti_idv import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    GetSessionResult,
    NoFaceCaptureRequirementError,
    PropertyError,
    ResponseTooLargeError,
    ResponseValidationError,
    SessionWaitTimeout,
    SpecValidationError,
    YotiIDVError,
    converter,
)
from yoti_idv.errors import error_from_response

DIGEST = "digest-SECRET-c2lnbmF0dXJl"
BEARER = "bearer-SECRET-token"
SESSION_TOKEN = "cst-SECRET-0f1e2d3c"
WEBHOOK_TOKEN = "webhook-SECRET-user:password"
SECRETS = (DIGEST, BEARER, SESSION_TOKEN, WEBHOOK_TOKEN)


def round_trip(error: BaseException) -> Any:
    """Pickle and unpickle: bytes this test made itself, so loading them is safe."""
    return pickle.loads(pickle.dumps(error))  # noqa: S301


# Modules that never hand an exception to an SDK caller: the emulator's service handles its
# own, and the command line turns its own into exit statuses.
INTERNAL_PACKAGES = ("yoti_idv.emulator", "yoti_idv.cli")


def _modules() -> Iterator[str]:
    yield "yoti_idv"
    for info in pkgutil.walk_packages(yoti_idv.__path__, "yoti_idv."):
        yield info.name


def exception_classes() -> list[type[BaseException]]:
    """Every public exception class defined in yoti_idv outside its internal packages."""
    found: dict[str, type[BaseException]] = {}
    for name in _modules():
        if name.startswith(INTERNAL_PACKAGES) or name == "yoti_idv.__main__":
            continue
        # A private module's classes count when a public module exports them (they are found
        # there); one that stays private, like the fast path's signal, never reaches a caller.
        if any(part.startswith("_") for part in name.split(".")[1:]):
            continue
        module = importlib.import_module(name)
        exported = getattr(module, "__all__", None)
        for attribute, value in vars(module).items():
            if exported is not None and attribute not in exported:
                continue  # imported for the module's own use, not part of its API
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__.startswith("yoti_idv")
                and not attribute.startswith("_")
                and not value.__name__.startswith("_")
            ):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[key] for key in sorted(found)]


def secret_request() -> httpx.Request:
    return httpx.Request(
        "POST",
        "https://api.yoti.com/idverify/v1/sessions?sdkId=x&nonce=n&timestamp=1",
        headers={"X-Yoti-Auth-Digest": DIGEST, "Authorization": f"Bearer {BEARER}"},
        content=f'{{"notifications": {{"auth_token": "{WEBHOOK_TOKEN}"}}}}'.encode(),
    )


def status_error(status: int) -> APIStatusError:
    response = httpx.Response(
        status,
        json={
            "code": "PAYLOAD_VALIDATION",
            "message": "There were errors validating the payload",
            "errors": [{"property": "sdk_config.font_colour", "message": "must be a hex code"}],
        },
        headers={"Retry-After": "7"},
        request=secret_request(),
    )
    return error_from_response(response, attempts=2)


def last_session() -> GetSessionResult:
    return converter.structure(
        {"session_id": "s-1", "state": "ONGOING", "client_session_token": SESSION_TOKEN},
        GetSessionResult,
    )


EXAMPLES: dict[type[BaseException], Callable[[], BaseException]] = {
    SpecValidationError: lambda: SpecValidationError("sdk_config.font_colour", "not a colour"),
    SessionWaitTimeout: lambda: SessionWaitTimeout("s-1", last=last_session(), polls=3, timeout=1),
    NoFaceCaptureRequirementError: lambda: NoFaceCaptureRequirementError("s-1"),
    APIError: lambda: APIError("failed", request=secret_request()),
    APIConnectionError: lambda: APIConnectionError(
        "POST /sessions failed", request=secret_request(), may_have_been_sent=False, attempts=2
    ),
    APITimeoutError: lambda: APITimeoutError(
        "GET /sessions/s-1 timed out", request=secret_request(), attempts=3, limit="deadline"
    ),
    ResponseTooLargeError: lambda: ResponseTooLargeError(
        "too large", limit=1024, status_code=200, request=secret_request()
    ),
    ResponseValidationError: lambda: ResponseValidationError(
        "does not fit",
        response=httpx.Response(
            200,
            content=f'{{"client_session_token": "{SESSION_TOKEN}"}}'.encode(),
            request=secret_request(),
        ),
    ),
}


def example(cls: type[BaseException]) -> BaseException:
    """An instance of `cls` as the SDK raises it, with secrets in everything it may hold."""
    if cls in EXAMPLES:
        return EXAMPLES[cls]()
    if issubclass(cls, APIStatusError):
        status = {
            "BadRequestError": 400,
            "AuthenticationError": 401,
            "PermissionDeniedError": 403,
            "NotFoundError": 404,
            "ConflictError": 409,
            "RateLimitError": 429,
            "InternalServerError": 503,
            "APIStatusError": 418,
        }[cls.__name__]
        error = status_error(status)
        assert type(error) is cls
        return error
    try:
        return cls("something went wrong")
    except TypeError as exc:  # pragma: no cover - a new class: teach EXAMPLES how to make it
        pytest.fail(f"add {cls.__qualname__} to EXAMPLES in this file: {exc}")


CLASSES = exception_classes()
KEPT = (
    "message", "status_code", "code", "error_message", "property_errors", "attempts",
    "retry_after", "may_have_been_sent", "limit", "field", "session_id", "polls", "timeout",
)  # fmt: skip


def test_discovery_finds_the_tree() -> None:
    names = {cls.__name__ for cls in CLASSES}
    assert {
        "YotiIDVError",
        "RateLimitError",
        "NotificationAuthError",
        "SessionWaitTimeout",
    } <= names
    assert len(CLASSES) >= 20


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_every_exception_is_in_the_tree(cls: type[BaseException]) -> None:
    assert issubclass(cls, YotiIDVError)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
@pytest.mark.parametrize(
    "duplicate",
    [lambda e: round_trip(e), copy.copy, copy.deepcopy],
    ids=["pickle", "copy", "deepcopy"],
)
def test_an_exception_round_trips_keeping_what_it_says(
    cls: type[BaseException], duplicate: Callable[[BaseException], BaseException]
) -> None:
    original = example(cls)

    twin = duplicate(original)

    assert type(twin) is cls
    assert str(twin) == str(original)
    assert twin.args == original.args
    assert repr(twin) == repr(original)
    for name in KEPT:
        if hasattr(original, name):
            assert getattr(twin, name) == getattr(original, name), name
    for name in ("request", "response", "body"):
        if hasattr(original, name):
            assert getattr(twin, name) is None, name


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_a_pickled_exception_carries_no_secret(cls: type[BaseException]) -> None:
    data = pickle.dumps(example(cls))

    for secret in SECRETS:
        assert secret.encode() not in data


def test_status_errors_keep_yoti_s_error_document() -> None:
    twin = round_trip(status_error(429))

    assert twin.status_code == 429
    assert twin.code == "PAYLOAD_VALIDATION"
    assert twin.property_errors == (
        PropertyError(property="sdk_config.font_colour", message="must be a hex code"),
    )
    assert twin.retry_after == 7
    assert twin.attempts == 2


def test_no_face_capture_requirement_keeps_its_message() -> None:
    original = NoFaceCaptureRequirementError("s-1")

    twin = round_trip(original)

    assert str(twin) == str(original)
    assert twin.session_id == "s-1"
    assert str(twin).startswith("session 's-1' has no FACE_CAPTURE requirement")


def test_a_wait_timeout_keeps_the_last_session_without_its_token() -> None:
    original = SessionWaitTimeout("s-1", last=last_session(), polls=3, timeout=1)

    twin = round_trip(original)

    assert twin.last.session_id == "s-1"
    assert twin.last.state == "ONGOING"
    assert twin.last.client_session_token is None


def _raise_in_worker(status: int) -> Any:
    raise status_error(status)


def test_an_exception_raised_in_a_worker_process_reaches_the_parent() -> None:
    with ProcessPoolExecutor(max_workers=1) as pool:
        future = pool.submit(_raise_in_worker, 404)
        with pytest.raises(yoti_idv.NotFoundError) as raised:
            future.result(timeout=60)

    assert raised.value.status_code == 404
    assert raised.value.code == "PAYLOAD_VALIDATION"
