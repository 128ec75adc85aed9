"""``yoti-idv session create``: a session from command-line options or from a spec file.

The options build the spec with this SDK's builders (liveness check, the common ``sdk_config``
options, notifications), so a bad value is refused before anything is sent and named by its
option. ``--spec FILE`` sends a JSON spec as it is, for anything the options do not cover.

The client session token is the end user's credential: it is printed (alone, or inside the
web URL) only with ``--show-token``. The notification auth token is a secret too, so it is
read from ``$YOTI_NOTIFICATION_AUTH_TOKEN``, never from the command line.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import quote

from yoti_idv.errors import SpecValidationError
from yoti_idv.specs import (
    AllowedCaptureMethods,
    BiometricConsentFlow,
    DarkMode,
    LivenessType,
    NotificationAuthType,
    NotificationConfig,
    NotificationConfigBuilder,
    NotificationTopic,
    RequestedLivenessCheckBuilder,
    SdkConfig,
    SdkConfigBuilder,
    SessionSpec,
    SessionSpecBuilder,
    SuppressedScreen,
)

from .common import (
    EXIT_OK,
    CommandError,
    api_epilog,
    open_client,
    upper,
)
from .render import TOKEN_PLACEHOLDER, to_json_text
from .spec import read_spec_json

__all__ = ["add_create_parser"]

NOTIFICATION_TOKEN_ENV: Final = "YOTI_NOTIFICATION_AUTH_TOKEN"

# A spec field -> the option that sets it, to name the option in a validation error.
_OPTION_OF_FIELD: Final = {
    "config.liveness_type": "--liveness",
    "config.max_retries": "--max-retries",
    "client_session_token_ttl": "--client-session-token-ttl",
    "session_deadline": "--session-deadline",
    "resources_ttl": "--resources-ttl",
    "user_tracking_id": "--user-tracking-id",
    "sdk_config.allowed_capture_methods": "--allowed-capture-methods",
    "sdk_config.locale": "--locale",
    "sdk_config.preset_issuing_country": "--preset-issuing-country",
    "sdk_config.success_url": "--success-url",
    "sdk_config.error_url": "--error-url",
    "sdk_config.privacy_policy_url": "--privacy-policy-url",
    "sdk_config.primary_colour": "--primary-colour",
    "sdk_config.secondary_colour": "--secondary-colour",
    "sdk_config.font_colour": "--font-colour",
    "sdk_config.brand_id": "--brand-id",
    "notifications.endpoint": "--notification-endpoint",
    "notifications.auth_token": f"${NOTIFICATION_TOKEN_ENV}",
}

# The options that build sdk_config, and every option that builds the spec (none of which
# may be given with --spec).
_SDK_CONFIG_OPTIONS: Final = (
    "allowed_capture_methods",
    "locale",
    "preset_issuing_country",
    "success_url",
    "error_url",
    "privacy_policy_url",
    "primary_colour",
    "secondary_colour",
    "font_colour",
    "dark_mode",
    "brand_id",
    "allow_handoff",
    "suppressed_screens",
    "biometric_consent_flow",
)
_SPEC_OPTIONS: Final = (
    "liveness",
    "max_retries",
    "client_session_token_ttl",
    "session_deadline",
    "resources_ttl",
    "user_tracking_id",
    "block_biometric_consent",
    *_SDK_CONFIG_OPTIONS,
    "notification_endpoint",
    "notification_topics",
    "notification_auth_type",
)


def add_create_parser(
    commands: argparse._SubParsersAction[Any], parents: list[argparse.ArgumentParser]
) -> None:
    """Add ``session create`` to the ``session`` sub-commands."""
    create = commands.add_parser(
        "create",
        parents=parents,
        help="create a session; print its id and the web URL for the end user",
        description=(
            "Create an IDV session with a liveness check (Passive, STATIC, unless told "
            "otherwise), built from the options below, or send the JSON spec of --spec as it "
            "is. Prints the session id and the URL of Yoti's web flow for the end user.\n\n"
            "The client session token (in the web URL) is the end user's credential: it is "
            f"printed only with --show-token. Notifications are authenticated with "
            f"${NOTIFICATION_TOKEN_ENV}, never a command-line value."
        ),
        epilog=api_epilog(
            "examples:\n"
            "  yoti-idv session create --success-url https://example.com/done\n"
            "  yoti-idv session create --liveness zoom --max-retries 1 --json\n"
            "  yoti-idv session create --spec passive-spec.json --show-token"
        ),
    )
    create.set_defaults(handler=_run_create)
    create.add_argument(
        "--spec",
        metavar="FILE",
        default=None,
        help="a session spec JSON file (- for standard input), sent as it is; "
        "not with the spec options below",
    )
    create.add_argument(
        "--show-token",
        action="store_true",
        help="also print the client session token, and the web URL with it",
    )
    create.add_argument(
        "--json",
        action="store_true",
        help="print the result as JSON (token only with --show-token)",
    )

    liveness = create.add_argument_group("liveness check")
    liveness.add_argument(
        "--liveness",
        type=upper,
        choices=[t.value for t in LivenessType],
        default=None,
        help="STATIC: Passive, one photo (default; what Yoti recommends); ZOOM: Active",
    )
    liveness.add_argument(
        "--max-retries",
        type=int,
        default=None,
        metavar="N",
        help=(
            "how many liveness attempts the user gets, in all (default 3, as in Yoti's "
            "migration guide; an abandoned capture is not an attempt)"
        ),
    )

    session = create.add_argument_group("session")
    session.add_argument(
        "--client-session-token-ttl",
        type=int,
        metavar="SECONDS",
        help="how long the end user has (more than 300)",
    )
    session.add_argument(
        "--session-deadline",
        metavar="ISO8601",
        help="when the end user must be done, e.g. 2030-01-01T12:00:00+00:00 "
        "(instead of --client-session-token-ttl)",
    )
    session.add_argument(
        "--resources-ttl",
        type=int,
        metavar="SECONDS",
        help="how long Yoti keeps the media and results (at least 86400, and 86400 more "
        "than the token TTL)",
    )
    session.add_argument("--user-tracking-id", metavar="ID", help="your id for the user")
    session.add_argument(
        "--block-biometric-consent",
        action="store_true",
        default=None,
        help="skip the biometric consent screen (read Yoti's docs first)",
    )

    sdk = create.add_argument_group("sdk_config (Yoti's web flow)")
    sdk.add_argument(
        "--allowed-capture-methods",
        type=upper,
        choices=[m.value for m in AllowedCaptureMethods],
        help="how documents may be captured",
    )
    sdk.add_argument("--locale", help="the language of the flow, e.g. en-GB")
    sdk.add_argument(
        "--preset-issuing-country", metavar="ISO3", help="preselected document country, e.g. GBR"
    )
    sdk.add_argument("--success-url", metavar="URL", help="where the flow goes when done")
    sdk.add_argument("--error-url", metavar="URL", help="where the flow goes on failure")
    sdk.add_argument("--privacy-policy-url", metavar="URL", help="your privacy policy")
    sdk.add_argument("--primary-colour", metavar="HEX", help="e.g. #2d9fff")
    sdk.add_argument("--secondary-colour", metavar="HEX")
    sdk.add_argument("--font-colour", metavar="HEX")
    sdk.add_argument("--dark-mode", type=upper, choices=[m.value for m in DarkMode])
    sdk.add_argument("--brand-id", metavar="ID", help="a brand configured in Yoti Hub")
    sdk.add_argument(
        "--allow-handoff",
        action="store_true",
        default=None,
        help="let the user continue on a mobile phone",
    )
    sdk.add_argument(
        "--suppress-screen",
        dest="suppressed_screens",
        action="append",
        type=upper,
        metavar="SCREEN",
        help="a screen to skip (repeat the option): "
        + ", ".join(s.value for s in SuppressedScreen),
    )
    sdk.add_argument(
        "--biometric-consent-flow",
        type=upper,
        choices=[f.value for f in BiometricConsentFlow],
    )

    notify = create.add_argument_group(
        "notifications",
        f"Yoti POSTs session events to the endpoint; it authenticates with "
        f"${NOTIFICATION_TOKEN_ENV} when that is set.",
    )
    notify.add_argument("--notification-endpoint", metavar="URL", help="the URL Yoti calls (https)")
    notify.add_argument(
        "--notification-topic",
        dest="notification_topics",
        action="append",
        type=upper,
        choices=[t.value for t in NotificationTopic],
        metavar="TOPIC",
        help="an event to be told about (repeat the option; default SESSION_COMPLETION): "
        + ", ".join(t.value for t in list(NotificationTopic)[:5]),
    )
    notify.add_argument(
        "--notification-auth-type",
        type=upper,
        choices=[t.value for t in NotificationAuthType],
        help=f"how ${NOTIFICATION_TOKEN_ENV} is sent: BASIC (user:password) or BEARER",
    )


def _run_create(args: argparse.Namespace) -> int:
    given = [name for name in _SPEC_OPTIONS if getattr(args, name) is not None]
    if args.spec is not None:
        if given:
            option = "--" + given[0].replace("_", "-")
            raise CommandError(f"--spec sends the file as it is: leave out {option}", status=2)
        spec: SessionSpec | Mapping[str, Any] = read_spec_json(args.spec)[0]
    else:
        spec = spec_from_options(args)
    return asyncio.run(_create(args, spec))


def spec_from_options(args: argparse.Namespace) -> SessionSpec:
    """The session spec the options describe; `CommandError` names a bad option."""
    try:
        return _build_spec(args)
    except SpecValidationError as exc:
        option = _OPTION_OF_FIELD.get(exc.field)
        raise CommandError(f"{option or exc.field}: {exc.message}") from None


def _build_spec(args: argparse.Namespace) -> SessionSpec:
    check = (
        RequestedLivenessCheckBuilder()
        .with_liveness_type(args.liveness or LivenessType.STATIC)
        .with_max_retries(3 if args.max_retries is None else args.max_retries)
        .build()
    )
    builder = SessionSpecBuilder().with_requested_check(check)
    if args.client_session_token_ttl is not None:
        builder.with_client_session_token_ttl(args.client_session_token_ttl)
    if args.session_deadline is not None:
        builder.with_session_deadline(args.session_deadline)
    if args.resources_ttl is not None:
        builder.with_resources_ttl(args.resources_ttl)
    if args.user_tracking_id is not None:
        builder.with_user_tracking_id(args.user_tracking_id)
    if args.block_biometric_consent:
        builder.with_block_biometric_consent(True)
    if any(getattr(args, name) is not None for name in _SDK_CONFIG_OPTIONS):
        builder.with_sdk_config(_sdk_config(args))
    notifications = _notifications(args)
    if notifications is not None:
        builder.with_notifications(notifications)
    return builder.build()


def _sdk_config(args: argparse.Namespace) -> SdkConfig:
    sdk = SdkConfigBuilder()
    setters = {
        "allowed_capture_methods": sdk.with_allowed_capture_methods,
        "locale": sdk.with_locale,
        "preset_issuing_country": sdk.with_preset_issuing_country,
        "success_url": sdk.with_success_url,
        "error_url": sdk.with_error_url,
        "privacy_policy_url": sdk.with_privacy_policy_url,
        "primary_colour": sdk.with_primary_colour,
        "secondary_colour": sdk.with_secondary_colour,
        "font_colour": sdk.with_font_colour,
        "dark_mode": sdk.with_dark_mode,
        "brand_id": sdk.with_brand_id,
        "suppressed_screens": sdk.with_suppressed_screens,
        "biometric_consent_flow": sdk.with_biometric_consent_flow,
    }
    for name, setter in setters.items():
        value = getattr(args, name)
        if value is not None:
            setter(value)
    if args.allow_handoff:
        sdk.with_allow_handoff(True)
    return sdk.build()


def _notifications(args: argparse.Namespace) -> NotificationConfig | None:
    token = os.environ.get(NOTIFICATION_TOKEN_ENV) or None
    if args.notification_endpoint is None:
        if args.notification_topics or args.notification_auth_type:
            raise CommandError("--notification-endpoint is required for notifications")
        return None
    if args.notification_auth_type is not None and token is None:
        raise CommandError(f"--notification-auth-type needs the token in ${NOTIFICATION_TOKEN_ENV}")
    builder = NotificationConfigBuilder().with_endpoint(args.notification_endpoint)
    for topic in args.notification_topics or [NotificationTopic.SESSION_COMPLETION]:
        builder.with_topic(topic)
    if token is not None:
        builder.with_auth_token(token)
    if args.notification_auth_type is not None:
        builder.with_auth_type(args.notification_auth_type)
    return builder.build()


async def _create(args: argparse.Namespace, spec: SessionSpec | Mapping[str, Any]) -> int:
    async with open_client(args) as client:
        created = await client.create_session(spec)
        base_url = client.base_url
        token_url = client.web_url(created.session_id, created.client_session_token)
    web_url = (
        token_url
        if args.show_token
        else f"{base_url}/web/index.html?sessionID={quote(created.session_id, safe='')}"
        f"&sessionToken={TOKEN_PLACEHOLDER}"
    )
    out = sys.stdout
    if args.json:
        data: dict[str, Any] = {
            "session_id": created.session_id,
            "client_session_token_ttl": created.client_session_token_ttl,
            "web_url": web_url,
        }
        if args.show_token:
            data["client_session_token"] = created.client_session_token
        print(to_json_text(data), file=out)
        return EXIT_OK
    print(f"session id  {created.session_id}", file=out)
    print(f"web URL     {web_url}", file=out)
    if created.client_session_token_ttl is not None:
        print(f"token TTL   {created.client_session_token_ttl} s", file=out)
    if args.show_token:
        print(f"token       {created.client_session_token}", file=out)
    else:
        print(
            "(the client session token is the end user's credential: --show-token prints it)",
            file=out,
        )
    return EXIT_OK
