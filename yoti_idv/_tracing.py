"""OpenTelemetry spans for every attempt, when the httpx instrumentation is switched on.

OpenTelemetry's httpx instrumentation (``HTTPXClientInstrumentor().instrument()``) makes a
CLIENT span for each request that goes through httpx's own transports, which it patches; it
knows nothing of the others (the aiohttp-backed transport, ``ASGITransport``, a mock), nor of
the route a URL stands for. So, for each attempt (retries included), while that
instrumentation is on:

* on a transport it patches, its span gets the route: the ``url.template`` attribute
  (``/idverify/v1/sessions/{session_id}``) and the name ``GET /idverify/v1/sessions/{...}``,
  set from httpcore's ``trace`` request extension, which runs inside that span;
* on any other transport, this module makes the span itself, with the attributes the
  instrumentation would give (method, URL, server, status, under the same semantic-convention
  names), plus the route, and propagates the trace context in the request headers as it
  would. Its URL leaves the query out: it carries the request's nonce and SDK id, which this
  SDK keeps out of its logs too.

Nothing is imported from OpenTelemetry unless the instrumentation module has been imported by
the application: without it, an attempt costs one dictionary lookup here.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any, Final

import httpx

from ._version import __version__

__all__ = ["Attempt", "attempt_span", "route_template"]

_INSTRUMENTATION = "opentelemetry.instrumentation.httpx"

# Which path segment an id follows, and the name its placeholder gets.
_ID_AFTER: dict[str, str] = {
    "sessions": "{session_id}",
    "media": "{media_id}",
    "face-capture": "{resource_id}",
    "apps": "{sdk_id}",
}

_tracer: Any = None


def route_template(path: str) -> str:
    """The low-cardinality form of a request path: ids replaced by named placeholders."""
    segments = path.split("/")
    for position in range(1, len(segments)):
        placeholder = _ID_AFTER.get(segments[position - 1])
        if placeholder is not None and segments[position]:
            segments[position] = placeholder
    return "/".join(segments)


def _instrumentation_on() -> bool:
    module = sys.modules.get(_INSTRUMENTATION)
    if module is None:
        return False
    from opentelemetry.instrumentation.utils import is_http_instrumentation_enabled

    instrumented = bool(module.HTTPXClientInstrumentor().is_instrumented_by_opentelemetry)
    return instrumented and is_http_instrumentation_enabled()


def _patched(transport: object) -> bool:
    """Whether the instrumentation wraps this transport's send (wrapt keeps `__wrapped__`)."""
    for name in ("handle_async_request", "handle_request"):
        method = getattr(transport, name, None)
        if method is not None and getattr(method, "__wrapped__", None) is not None:
            return True
    return False


def _transport_for(http: httpx.Client | httpx.AsyncClient, url: httpx.URL) -> object:
    # httpx has no public accessor for the transport (or proxy mount) a URL is sent through.
    transport_for_url = getattr(http, "_transport_for_url", None)
    return transport_for_url(url) if transport_for_url is not None else None


class Attempt:
    """What `attempt_span` yields: `record` puts the response's status on the span."""

    __slots__ = ("_new", "_old", "_span")

    def __init__(self, span: Any = None, *, old: bool = False, new: bool = False) -> None:
        self._span = span
        self._old = old
        self._new = new

    def record(self, response: httpx.Response) -> None:
        """The attempt's answer (only needed on a span of this module's own)."""
        if self._span is None:
            return
        from opentelemetry.trace import Status, StatusCode

        status = response.status_code
        if self._new:
            self._span.set_attribute("http.response.status_code", status)
            if status >= 400:
                self._span.set_attribute("error.type", str(status))
        if self._old:
            self._span.set_attribute("http.status_code", status)
        if status >= 400:
            self._span.set_status(Status(StatusCode.ERROR))


_NOT_TRACED = Attempt()


# What an attempt is wrapped in while the instrumentation is off: nothing to set up.
_UNTRACED: Final = contextlib.nullcontext(_NOT_TRACED)


def attempt_span(
    request: httpx.Request, http: httpx.Client | httpx.AsyncClient
) -> contextlib.AbstractContextManager[Attempt]:
    """Around one attempt's send: the route on the instrumentation's span, or a span of ours."""
    if not _instrumentation_on():
        return _UNTRACED
    return _traced_attempt(request, http)


@contextlib.contextmanager
def _traced_attempt(
    request: httpx.Request, http: httpx.Client | httpx.AsyncClient
) -> Iterator[Attempt]:
    route = route_template(request.url.path)
    if _patched(_transport_for(http, request.url)):
        request.extensions["trace"] = _route_setter(request.method, route, http)
        yield _NOT_TRACED
        return
    with _own_span(request, route) as attempt:
        yield attempt


def _route_setter(method: str, route: str, http: httpx.Client | httpx.AsyncClient) -> Any:
    """An httpcore ``trace`` callback that names the current (the instrumentation's) span.

    httpcore calls it at each step of the exchange, the first (connecting, or sending the
    headers on a pooled connection) inside the span: a failed connection gets the route too.
    """
    from opentelemetry import trace

    named = False

    def name_span() -> None:
        nonlocal named
        if named:
            return
        named = True
        span = trace.get_current_span()
        if span.is_recording():
            span.set_attribute("url.template", route)
            span.update_name(f"{method} {route}")

    if isinstance(http, httpx.AsyncClient):

        async def async_trace(event_name: str, info: dict[str, Any]) -> None:
            name_span()

        return async_trace

    def sync_trace(event_name: str, info: dict[str, Any]) -> None:
        name_span()

    return sync_trace


@contextlib.contextmanager
def _own_span(request: httpx.Request, route: str) -> Iterator[Attempt]:
    global _tracer
    from opentelemetry import propagate, trace
    from opentelemetry.trace import SpanKind, Status, StatusCode

    if _tracer is None:
        _tracer = trace.get_tracer("yoti_idv", __version__)
    url = request.url
    old, new = _conventions()
    attributes: dict[str, str | int] = {"url.template": route}
    if new:
        attributes.update(
            {
                "http.request.method": request.method,
                "url.full": str(url.copy_with(query=None)),
                "url.scheme": url.scheme,
                "server.address": url.host,
            }
        )
        if url.port is not None:
            attributes["server.port"] = url.port
    if old:
        attributes.update(
            {
                "http.method": request.method,
                "http.url": str(url.copy_with(query=None)),
                "http.scheme": url.scheme,
                "net.peer.name": url.host,
            }
        )
        if url.port is not None:
            attributes["net.peer.port"] = url.port
    with _tracer.start_as_current_span(
        f"{request.method} {route}",
        kind=SpanKind.CLIENT,
        attributes=attributes,
        record_exception=False,
        set_status_on_exception=False,
    ) as span:
        propagate.inject(request.headers)
        try:
            yield Attempt(span, old=old, new=new)
        except BaseException as exc:
            if new:
                span.set_attribute("error.type", type(exc).__qualname__)
            span.set_status(Status(StatusCode.ERROR))
            raise


def _conventions() -> tuple[bool, bool]:
    """(old, new): which HTTP attribute names to write, as the instrumentation does.

    OpenTelemetry's HTTP instrumentations write the older names (``http.method``...) unless
    ``OTEL_SEMCONV_STABILITY_OPT_IN`` holds ``http`` (the stable names only) or ``http/dup``
    (both); the spans made here follow the same switch, so that all the spans agree.
    """
    opted_in = {v.strip() for v in os.environ.get("OTEL_SEMCONV_STABILITY_OPT_IN", "").split(",")}
    if "http/dup" in opted_in:
        return True, True
    if "http" in opted_in:
        return False, True
    return True, False
