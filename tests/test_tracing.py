"""OpenTelemetry: with the httpx instrumentation on, as its docs say, every attempt is a span.

On every transport this package ships (httpx's own, the aiohttp-backed one, the emulator's
in-process one) and with the sync client: one CLIENT span per attempt, retries included, with
the method, the route (``url.template``) and the status. The SDK's in-memory exporter
collects them.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from opentelemetry import trace
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from yoti_idv import (
    AsyncIDVClient,
    IDVClient,
    RequestedLivenessCheckBuilder,
    RetryPolicy,
    SessionSpecBuilder,
)
from yoti_idv._tracing import route_template
from yoti_idv.emulator import Emulator
from yoti_idv.testing import KeyPair, ServedEmulator

SPEC = (
    SessionSpecBuilder()
    .with_requested_check(RequestedLivenessCheckBuilder().for_static_liveness().build())
    .build()
)
QUICK_RETRY = RetryPolicy(backoff_initial=0.01, backoff_max=0.01)
SESSION_ROUTE = "/idverify/v1/sessions/{session_id}"

_EXPORTER = InMemorySpanExporter()


@pytest.fixture(scope="module", autouse=True)
def tracer_provider() -> None:
    # The global provider can be set once per process; the instrumentation uses the global one.
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(_EXPORTER))
    trace.set_tracer_provider(provider)


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    """The httpx instrumentation switched on as its documentation says, for one test."""
    HTTPXClientInstrumentor().instrument()
    _EXPORTER.clear()
    try:
        yield _EXPORTER
    finally:
        HTTPXClientInstrumentor().uninstrument()
        _EXPORTER.clear()


def _attribute(span: ReadableSpan, *names: str) -> Any:
    attributes = span.attributes or {}
    return next((attributes[name] for name in names if name in attributes), None)


def _summary(span: ReadableSpan) -> tuple[str, str, str, int]:
    assert span.kind is SpanKind.CLIENT
    return (
        span.name,
        _attribute(span, "http.request.method", "http.method"),
        _attribute(span, "url.template"),
        _attribute(span, "http.response.status_code", "http.status_code"),
    )


EXPECTED = [
    ("POST /idverify/v1/sessions", "POST", "/idverify/v1/sessions", 201),
    (f"GET {SESSION_ROUTE}", "GET", SESSION_ROUTE, 503),  # the first attempt
    (f"GET {SESSION_ROUTE}", "GET", SESSION_ROUTE, 200),  # its retry
]


def _transport(name: str, emulator: Emulator) -> httpx.AsyncBaseTransport | None:
    if name == "aiohttp":
        from yoti_idv.transports import aiohttp_transport

        return aiohttp_transport()
    if name == "emulator":
        return emulator.transport()
    return None  # httpx's own


@pytest.mark.parametrize("transport", ["httpx", "aiohttp", "emulator"])
async def test_every_attempt_is_a_span_with_method_route_and_status(
    spans: InMemorySpanExporter,
    yoti_emulator_server: ServedEmulator,
    yoti_key_pair: KeyPair,
    transport: str,
) -> None:
    emulator = yoti_emulator_server.emulator
    async with AsyncIDVClient(
        yoti_emulator_server.sdk_id,
        yoti_key_pair.private_key,
        base_url=yoti_emulator_server.base_url,
        transport=_transport(transport, emulator),
        retry=QUICK_RETRY,
    ) as client:
        created = await client.create_session(SPEC)
        emulator.inject_fault("unavailable", count=1, retry_after=0, method="GET")
        await client.get_session(created.session_id)
    finished = spans.get_finished_spans()
    assert [_summary(span) for span in finished] == EXPECTED
    assert [span.status.status_code for span in finished] == [
        StatusCode.UNSET,
        StatusCode.ERROR,
        StatusCode.UNSET,
    ]
    assert len({span.context.span_id for span in finished}) == 3


def test_the_sync_client_too(
    spans: InMemorySpanExporter,
    yoti_emulator_server: ServedEmulator,
    yoti_key_pair: KeyPair,
) -> None:
    with IDVClient(
        yoti_emulator_server.sdk_id,
        yoti_key_pair.private_key,
        base_url=yoti_emulator_server.base_url,
        retry=QUICK_RETRY,
    ) as client:
        created = client.create_session(SPEC)
        yoti_emulator_server.emulator.inject_fault(
            "unavailable", count=1, retry_after=0, method="GET"
        )
        client.get_session(created.session_id)
    assert [_summary(span) for span in spans.get_finished_spans()] == EXPECTED


@pytest.mark.parametrize("transport", ["httpx", "aiohttp"])
async def test_a_failed_connection_is_an_error_span_with_its_route(
    spans: InMemorySpanExporter, yoti_key_pair: KeyPair, transport: str
) -> None:
    async with AsyncIDVClient(
        "sdk",
        yoti_key_pair.private_key,
        base_url="http://127.0.0.1:9/idverify/v1",  # discard: nothing listens
        transport=_transport(transport, Emulator()),
        retry=RetryPolicy(max_attempts=2, backoff_initial=0.01, backoff_max=0.01),
    ) as client:
        with pytest.raises(Exception, match="failed"):
            await client.get_supported_documents()
    finished = spans.get_finished_spans()
    assert [span.name for span in finished] == ["GET /idverify/v1/supported-documents"] * 2
    assert all(span.status.status_code is StatusCode.ERROR for span in finished)
    assert all(
        _attribute(span, "url.template") == "/idverify/v1/supported-documents" for span in finished
    )


async def test_a_span_of_ours_propagates_the_trace_context(
    spans: InMemorySpanExporter, yoti_key_pair: KeyPair
) -> None:
    seen: list[httpx.Headers] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers)
        return httpx.Response(200, json=[])

    async with AsyncIDVClient(
        "sdk", yoti_key_pair.private_key, transport=httpx.MockTransport(answer)
    ) as client:
        await client.get_tracked_devices("some-session")
    [span] = spans.get_finished_spans()
    trace_id = f"{span.context.trace_id:032x}"
    assert seen[0]["traceparent"].split("-")[1] == trace_id
    assert _attribute(span, "url.full", "http.url") == (
        "https://api.yoti.com/idverify/v1/sessions/some-session/tracked-devices"
    )  # without the query, which holds the nonce


async def test_without_the_instrumentation_there_are_no_spans(
    yoti_client: AsyncIDVClient,
) -> None:
    _EXPORTER.clear()
    await yoti_client.get_supported_documents()
    assert _EXPORTER.get_finished_spans() == ()


def test_the_sdk_imports_nothing_of_opentelemetry_by_itself() -> None:
    code = (
        "import asyncio, sys, httpx\n"
        "from yoti_idv import AsyncIDVClient\n"
        "from yoti_idv.testing import make_key_pair\n"
        "async def main():\n"
        "    transport = httpx.MockTransport(lambda r: httpx.Response(200, json=[]))\n"
        "    async with AsyncIDVClient('s', make_key_pair().private_key, "
        "transport=transport) as c:\n"
        "        await c.get_tracked_devices('x')\n"
        "asyncio.run(main())\n"
        "print(any(m.startswith('opentelemetry') for m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("path", "route"),
    [
        ("/idverify/v1/sessions", "/idverify/v1/sessions"),
        ("/idverify/v1/sessions/abc", SESSION_ROUTE),
        (
            "/idverify/v1/sessions/abc/media/def/content",
            "/idverify/v1/sessions/{session_id}/media/{media_id}/content",
        ),
        (
            "/idverify/v1/sessions/abc/resources/face-capture/def/image",
            "/idverify/v1/sessions/{session_id}/resources/face-capture/{resource_id}/image",
        ),
        (
            "/sandbox/idverify/v1/apps/sdk-1/response-config",
            "/sandbox/idverify/v1/apps/{sdk_id}/response-config",
        ),
        ("/idverify/v1/supported-documents", "/idverify/v1/supported-documents"),
    ],
)
def test_routes_replace_ids_by_named_placeholders(path: str, route: str) -> None:
    assert route_template(path) == route
