"""Values that would fail deep inside a request are refused when they are given, by name.

NaN, infinite, zero and negative timeouts (plain, or any phase of an `httpx.Timeout`) and
strings with lone surrogates in specs: each raises a `YotiIDVError` naming the field, before
anything is sent, instead of a ValueError or UnicodeEncodeError from httpx at send time.
"""

from __future__ import annotations

import math

import httpx
import pytest

from yoti_idv import (
    AsyncIDVClient,
    ConfigurationError,
    IDVClient,
    NotificationConfigBuilder,
    RetryPolicy,
    SdkConfigBuilder,
    SessionSpecBuilder,
    SpecValidationError,
)
from yoti_idv._operations import create_session
from yoti_idv.testing import KeyPair, make_key_pair

BAD_SECONDS = [math.nan, math.inf, -math.inf, 0, -1, -0.5]


@pytest.fixture(scope="module")
def key_pair() -> KeyPair:
    return make_key_pair()


@pytest.mark.parametrize("seconds", BAD_SECONDS, ids=repr)
def test_a_bad_timeout_is_refused_at_construction(key_pair: KeyPair, seconds: float) -> None:
    for make in (AsyncIDVClient, IDVClient):
        with pytest.raises(ConfigurationError, match=r"^timeout must be positive, finite seconds"):
            make("sdk", key_pair.private_key, timeout=seconds)


@pytest.mark.parametrize("phase", ["connect", "read", "write", "pool"])
@pytest.mark.parametrize("seconds", BAD_SECONDS, ids=repr)
def test_a_bad_httpx_timeout_phase_is_refused_naming_it(
    key_pair: KeyPair, phase: str, seconds: float
) -> None:
    timeout = httpx.Timeout(10.0, **{phase: seconds})
    for make in (AsyncIDVClient, IDVClient):
        with pytest.raises(ConfigurationError, match=rf"^timeout\.{phase} must be positive"):
            make("sdk", key_pair.private_key, timeout=timeout)


async def test_a_bad_per_call_timeout_is_refused_before_sending(key_pair: KeyPair) -> None:
    async with AsyncIDVClient("sdk", key_pair.private_key, base_url="http://127.0.0.1:9") as client:
        with pytest.raises(ConfigurationError, match=r"^timeout must be positive"):
            await client.get_session("s-1", timeout=math.nan)


def test_good_timeouts_are_kept(key_pair: KeyPair) -> None:
    for timeout in (0.5, 30, None, httpx.Timeout(5.0, read=None)):
        IDVClient("sdk", key_pair.private_key, timeout=timeout).close()


LONE = "\ud800"


def test_a_lone_surrogate_in_a_spec_string_is_refused_naming_the_field() -> None:
    with pytest.raises(SpecValidationError) as raised:
        SdkConfigBuilder().with_success_url(f"https://example.com/ok{LONE}").build()
    assert raised.value.field == "sdk_config.success_url"
    assert "lone surrogate" in str(raised.value)


def test_a_lone_surrogate_in_a_nested_string_is_refused() -> None:
    with pytest.raises(SpecValidationError, match="lone surrogate") as raised:
        NotificationConfigBuilder().with_endpoint("https://example.com/hook").with_auth_token(
            f"user:pa{LONE}ss"
        ).build()
    assert "auth_token" in raised.value.field
    assert "pa" not in str(raised.value).replace("payload", "")  # the token is not echoed


def test_a_lone_surrogate_in_a_mapping_sent_as_is_is_refused_before_sending() -> None:
    with pytest.raises(SpecValidationError, match="lone surrogate"):
        create_session({"user_tracking_id": f"user{LONE}"})


def test_text_beyond_ascii_is_fine() -> None:
    spec = SessionSpecBuilder().with_user_tracking_id("utilisateur-\u00e9\u4e2d\U0001f600").build()
    assert spec.user_tracking_id == "utilisateur-\u00e9\u4e2d\U0001f600"


@pytest.mark.parametrize("name", ["backoff_initial", "backoff_max", "retry_after_max", "deadline"])
@pytest.mark.parametrize("seconds", [math.nan, math.inf, -math.inf], ids=repr)
def test_a_non_finite_retry_policy_value_is_refused_naming_it(name: str, seconds: float) -> None:
    with pytest.raises(
        ConfigurationError, match=rf"^RetryPolicy\.{name} must be a positive, finite"
    ):
        RetryPolicy(**{name: seconds})  # type: ignore[arg-type]
