"""The notification auth token never shows in a repr, a str or an error message."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yoti_idv.errors import SpecValidationError
from yoti_idv.specs import NotificationConfig, NotificationConfigBuilder, SessionSpecBuilder

TOKEN = "s3cr3t-user:pa55word"


def notifications_with(token: str) -> NotificationConfig:
    return (
        NotificationConfigBuilder()
        .with_endpoint("https://example.com/yoti")
        .with_auth_token(token)
        .with_bearer_auth_type()
        .for_session_completion()
        .build()
    )


def test_the_config_repr_hides_the_token() -> None:
    config = notifications_with(TOKEN)

    assert TOKEN not in repr(config)
    assert TOKEN not in str(config)
    assert "auth_token='<redacted>'" in repr(config)
    assert config.auth_token == TOKEN


def test_the_session_spec_repr_hides_the_token() -> None:
    spec = SessionSpecBuilder().with_notifications(notifications_with(TOKEN)).build()

    assert TOKEN not in repr(spec)


def test_the_builder_repr_hides_the_token() -> None:
    builder = NotificationConfigBuilder().with_endpoint("https://example.com/yoti")
    builder.with_auth_token(TOKEN)

    assert TOKEN not in repr(builder)


def test_a_missing_token_shows_as_none() -> None:
    config = NotificationConfigBuilder().with_endpoint("https://example.com/yoti").build()

    assert "auth_token=None" in repr(config)


def test_an_invalid_token_is_not_echoed() -> None:
    not_a_str = 987_654_321_123

    with pytest.raises(SpecValidationError) as raised:
        NotificationConfig(endpoint="https://example.com/yoti", auth_token=not_a_str)  # type: ignore[arg-type]

    assert raised.value.field == "notifications.auth_token"
    assert str(not_a_str) not in str(raised.value)


@given(token=st.from_regex(r"[A-Za-z0-9:_.~-]{12,64}", fullmatch=True))
def test_no_token_ever_shows_in_a_repr(token: str) -> None:
    spec = SessionSpecBuilder().with_notifications(notifications_with(token)).build()

    assert token not in repr(spec)
    assert token not in repr(spec.notifications)
