"""Each attempt's request: assembled directly for a client's own httpx client, exactly as
httpx's ``build_request`` would build it, and through ``build_request`` for a caller's."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from yoti_idv import _operations as operations
from yoti_idv import _urls
from yoti_idv._base_client import CookielessAsyncClient, CookielessClient
from yoti_idv._operations import Operation
from yoti_idv._request_builder import RequestBuilder
from yoti_idv._urls import URLJoiner
from yoti_idv.auth.signing import SDK_HEADERS

BASE_URL = "https://api.yoti.com:8443/idverify/v1"
TIMEOUT = httpx.Timeout(3.0, connect=1.0)
JPEG = b"\xff\xd8\xff" + b"\0" * 32

OPERATIONS: list[Operation[Any]] = [
    operations.get_session("5f6a1c0e-4b6e-4f43-9d9b-0d8d6c0c2b7e"),
    operations.create_session({"requested_checks": []}),
    operations.delete_session("s-1"),
    operations.get_media_content("s-1", "m-1"),
    operations.get_supported_documents(include_non_latin=True),
    operations.trigger_ibv_email_notification("s-1"),  # a POST without a body
    operations.put_ibv_instructions("s-1", {"documents": [], "name": "Zoë"}),
    operations.upload_face_capture_image("s-1", "r-1", JPEG, "image/jpeg"),
]


def _auth_query(include_sdk_id: bool) -> str:
    # Fixed, so that two builds of one operation can be compared.
    fixed = "nonce=7c2b6a43-0f3e-4a8e-9d49-0a4f3e5c1b2d&timestamp=1796500000000"
    return f"sdkId=sdk-1&{fixed}" if include_sdk_id else fixed


def _as_httpx_builds_it(
    http: httpx.Client | httpx.AsyncClient, operation: Operation[Any]
) -> httpx.Request:
    """The reference: httpx's own `build_request`, on the URL as a string."""
    query = str(httpx.QueryParams(operation.query)) if operation.query else ""
    added = _auth_query(operation.with_sdk_id)
    query = f"{query}&{added}" if query else added
    built = RequestBuilder(http, BASE_URL, _auth_query, owned=False).build(operation, TIMEOUT)
    return http.build_request(
        operation.method,
        f"{BASE_URL}{operation.path}?{query}",
        content=operation.body,
        headers={**operation.headers, **dict(SDK_HEADERS)},
        timeout=TIMEOUT,
        extensions={k: v for k, v in built.extensions.items() if k != "timeout"},
    )


@pytest.mark.parametrize("client_class", [CookielessAsyncClient, CookielessClient])
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.name)
def test_a_client_s_own_http_client_gets_what_build_request_would_build(
    client_class: type[httpx.Client | httpx.AsyncClient], operation: Operation[Any]
) -> None:
    http = client_class()
    direct = RequestBuilder(http, BASE_URL, _auth_query, owned=True).build(operation, TIMEOUT)
    reference = _as_httpx_builds_it(http, operation)
    assert direct.method == reference.method
    assert str(direct.url) == str(reference.url)
    assert direct.url.raw_path == reference.url.raw_path
    assert direct.headers.multi_items() == reference.headers.multi_items()
    assert direct.content == reference.content
    assert direct.extensions == reference.extensions


async def test_a_caller_s_http_client_keeps_its_own_defaults() -> None:
    """A caller's client may carry headers, params and cookies: httpx merges them, as ever."""
    http = httpx.AsyncClient(headers={"X-Trace": "t-1"}, cookies={"lb": "a"})
    builder = RequestBuilder(http, BASE_URL, _auth_query, owned=False)
    request = builder.build(operations.get_session("s-1"), TIMEOUT)
    assert request.headers["X-Trace"] == "t-1"
    assert request.headers["Cookie"] == "lb=a"
    assert request.headers["Accept"] == "application/json"
    assert request.headers["X-Yoti-SDK"] == "Python"
    await http.aclose()


# ------------------------------------------------------------------------- URL joining

# Path segments of anything httpx might meet: ids are checked before they get here, but the
# joiner must agree with httpx whatever it is given.
_SEGMENT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1
).filter(lambda segment: "/" not in segment and "?" not in segment and "#" not in segment)
_QUERY = st.dictionaries(st.text(min_size=1, max_size=8), st.text(max_size=12), max_size=3)


@given(segments=st.lists(_SEGMENT, min_size=1, max_size=3), params=_QUERY)
def test_a_joined_url_is_the_url_httpx_parses(segments: list[str], params: dict[str, str]) -> None:
    path = "/" + "/".join(segments)
    query = str(httpx.QueryParams(params))
    joined = URLJoiner(BASE_URL).join(path, query)
    expected = httpx.URL(f"{BASE_URL}{path}?{query}" if query else f"{BASE_URL}{path}")
    assert str(joined) == str(expected)
    assert joined.raw_path == expected.raw_path
    assert (joined.host, joined.port, joined.path, joined.query) == (
        expected.host,
        expected.port,
        expected.path,
        expected.query,
    )


@pytest.mark.parametrize(
    "path",
    ["/sessions/a b", "/sessions/é", "/sessions/./x", "/sessions/%zz", "/sessions/{x}"],
)
def test_what_httpx_would_change_is_parsed_by_httpx(path: str) -> None:
    assert URLJoiner(BASE_URL).join(path, "a=1") == httpx.URL(f"{BASE_URL}{path}?a=1")


def test_the_client_s_urls_are_joined_without_a_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of the joiner: the URLs the clients send are not parsed again."""
    joiner = URLJoiner(BASE_URL)

    def no_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the URL was parsed")

    monkeypatch.setattr("httpx._urls.urlparse", no_parse)
    url = joiner.join(
        "/sessions/5f6a1c0e-4b6e-4f43-9d9b-0d8d6c0c2b7e/media/m-1/content",
        "sdkId=sdk-1&nonce=7c2b6a43-0f3e-4a8e-9d49-0a4f3e5c1b2d&timestamp=1796500000000",
    )
    assert url.host == "api.yoti.com"
    assert url.port == 8443
    assert (
        url.path == "/idverify/v1/sessions/5f6a1c0e-4b6e-4f43-9d9b-0d8d6c0c2b7e/media/m-1/content"
    )


def test_another_httpx_s_url_internals_mean_a_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """When httpx's parsed form is not the one the joiner knows, it parses as httpx does."""
    monkeypatch.setattr(_urls, "_is_parse_result", lambda reference: False)
    url = URLJoiner(BASE_URL).join("/sessions/s-1", "a=1")
    assert url == httpx.URL(f"{BASE_URL}/sessions/s-1?a=1")


def test_requests_built_alike_share_no_headers() -> None:
    """Headers made once for requests without a body are copied into each request."""
    builder = RequestBuilder(CookielessAsyncClient(), BASE_URL, _auth_query, owned=True)
    first = builder.build(operations.get_session("s-1"), TIMEOUT)
    first.headers["X-Yoti-Auth-Digest"] = "signed"
    second = builder.build(operations.get_session("s-1"), TIMEOUT)
    assert "X-Yoti-Auth-Digest" not in second.headers
