"""RetryPolicy: what is retried and how long to wait."""

from __future__ import annotations

import random

import pytest

from yoti_idv.errors import ConfigurationError
from yoti_idv.retry import RetryPolicy


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
@pytest.mark.parametrize("method", ["GET", "DELETE", "PUT", "get"])
def test_idempotent_requests_retry_transient_statuses(method: str, status: int) -> None:
    assert RetryPolicy().retries_status(method, status)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 501])
def test_other_statuses_are_final(status: int) -> None:
    assert not RetryPolicy().retries_status("GET", status)


@pytest.mark.parametrize("status", [429, 500, 503])
def test_post_is_never_retried_on_a_status(status: int) -> None:
    assert not RetryPolicy().retries_status("POST", status)


def test_post_is_retried_only_when_nothing_can_have_been_sent() -> None:
    policy = RetryPolicy()
    assert policy.retries_connection_error("POST", may_have_been_sent=False)
    assert not policy.retries_connection_error("POST", may_have_been_sent=True)
    assert policy.retries_connection_error("GET", may_have_been_sent=True)


def test_backoff_is_exponential_with_full_jitter_and_a_cap() -> None:
    policy = RetryPolicy(backoff_initial=0.5, backoff_max=3.0)
    rng = random.Random(1)
    for retry_number, ceiling in [(1, 0.5), (2, 1.0), (3, 2.0), (4, 3.0), (10, 3.0)]:
        waits = [policy.wait_before_retry(retry_number, None, rng) for _ in range(200)]
        assert all(0.0 <= w <= ceiling for w in waits)
        assert max(waits) > ceiling * 0.8  # full jitter reaches near the ceiling


def test_retry_after_is_honoured_up_to_its_cap() -> None:
    policy = RetryPolicy(retry_after_max=10.0)
    assert policy.wait_before_retry(1, 4.0) == 4.0
    assert policy.wait_before_retry(1, 3600.0) == 10.0
    assert policy.wait_before_retry(1, -5.0) == 0.0


def test_disabled_means_one_attempt() -> None:
    assert RetryPolicy.disabled().max_attempts == 1


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_attempts": 0},
        {"max_attempts": True},
        {"max_attempts": 2.5},
        {"backoff_initial": 0},
        {"backoff_max": -1},
        {"retry_after_max": "5"},
        {"deadline": 0},
    ],
)
def test_invalid_policies_name_the_field(kwargs: dict[str, object]) -> None:
    (name,) = kwargs
    with pytest.raises(ConfigurationError, match=f"RetryPolicy.{name}"):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]
