"""Validation of ``POST /sessions`` bodies, answering like Yoti: 400 ``PAYLOAD_VALIDATION``.

The emulator judges the raw JSON, not our spec classes, because it must also judge what
other SDKs (or hand-written requests) send. Every problem found is reported at once, each
with the dotted property path Yoti uses (``sdk_config.font_colour``,
``requested_checks[0].config.liveness_type``). The bounds come from `yoti_idv.vocabulary.rules`,
the one place our SDK keeps Yoti's documented rules, so the builders and the emulator can never
disagree about what is valid. Unknown top-level keys are ignored, as a lenient JSON server
does; unknown *values* in closed vocabularies (check types, liveness types, topics) are not.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

import attrs

from yoti_idv.vocabulary.enums import (
    AllowedCaptureMethods,
    ChipData,
    IbvSupport,
    LivenessType,
    ManualCheck,
    NotificationAuthType,
    NotificationTopic,
)
from yoti_idv.vocabulary.iso3166 import ISO_3166_ALPHA_3_CODES
from yoti_idv.vocabulary.rules import (
    DEFAULT_LIVENESS_MAX_RETRIES,
    DEFAULT_RESOURCES_TTL,
    HEX_COLOUR_PATTERN,
    LOCALE_PATTERN,
    MIN_CLIENT_SESSION_TOKEN_TTL,
    MIN_LIVENESS_MAX_RETRIES,
    MIN_RESOURCES_TTL,
    MIN_RESOURCES_TTL_BEYOND_CLIENT_SESSION_TOKEN_TTL,
    RELATIVE_URL_PATTERN,
    WEB_URL_PATTERN,
)

from .json_input import MAX_JSON_INTEGER, JsonInputError, load_json
from .responses import PropertyProblem

__all__ = [
    "CHECK_TYPES",
    "DEFAULT_CLIENT_SESSION_TOKEN_TTL",
    "PAYLOAD_VALIDATION",
    "PAYLOAD_VALIDATION_MESSAGE",
    "TASK_TYPES",
    "JsonChecker",
    "LivenessRequest",
    "PayloadInvalid",
    "ValidatedSpec",
    "parse_json_object",
    "type_name",
    "validate_session_spec",
]

PAYLOAD_VALIDATION = "PAYLOAD_VALIDATION"
PAYLOAD_VALIDATION_MESSAGE = "There were errors validating the payload"

DEFAULT_CLIENT_SESSION_TOKEN_TTL = 900
"""What the emulator uses when neither ``client_session_token_ttl`` nor ``session_deadline``
is sent. Yoti documents no default; 900 s is the figure of its migration guide."""

# The check and task types Yoti's official SDKs can request.
CHECK_TYPES = frozenset(
    {
        "ID_DOCUMENT_AUTHENTICITY",
        "ID_DOCUMENT_COMPARISON",
        "ID_DOCUMENT_FACE_MATCH",
        "LIVENESS",
        "FACE_COMPARISON",
        "THIRD_PARTY_IDENTITY",
        "WATCHLIST_SCREENING",
        "WATCHLIST_ADVANCED_CA",
        "IBV_VISUAL_REVIEW_CHECK",
        "DOCUMENT_SCHEME_VALIDITY_CHECK",
        "PROFILE_DOCUMENT_MATCH",
    }
)
TASK_TYPES = frozenset(
    {"ID_DOCUMENT_TEXT_DATA_EXTRACTION", "SUPPLEMENTARY_DOCUMENT_TEXT_DATA_EXTRACTION"}
)
_REQUIRED_DOCUMENT_TYPES = frozenset({"ID_DOCUMENT", "SUPPLEMENTARY_DOCUMENT"})
# IBV is a manual-check value only the in-branch checks accept (as Yoti's Java SDK sends it).
_MANUAL_CHECKS = frozenset(ManualCheck) | {"IBV"}
_DARK_MODES = frozenset({"ON", "OFF", "AUTO"})
_CONSENT_FLOWS = frozenset({"EARLY", "JUST_IN_TIME"})


class PayloadInvalid(Exception):
    """The body failed validation; `problems` are the property errors for the 400 body."""

    def __init__(self, problems: Iterable[PropertyProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__(PAYLOAD_VALIDATION_MESSAGE)


@attrs.frozen
class LivenessRequest:
    """The LIVENESS check a session asked for: its type and how many attempts the user has."""

    liveness_type: str
    max_retries: int

    @property
    def max_attempts(self) -> int:
        """Captures the user may make. Yoti: max_retries is "the max number of retries your
        users can have before the liveness is failed. This must be minimum 1 attempt", so it
        counts attempts, and 0 (which our builders allow) still leaves one."""
        return max(1, self.max_retries)


@attrs.frozen
class ValidatedSpec:
    """A valid session specification with its effective TTLs worked out."""

    body: dict[str, Any] = attrs.field(repr=False)
    client_session_token_ttl: int
    session_deadline: datetime | None
    resources_ttl: int
    liveness: LivenessRequest | None


def validate_session_spec(raw: bytes, *, now: float) -> ValidatedSpec:
    """Parse and validate a ``POST /sessions`` body; raise `PayloadInvalid` with every problem."""
    return _SpecChecker(parse_json_object(raw), now).run()


def parse_json_object(raw: bytes) -> dict[str, Any]:
    """A request body that must be a JSON object; `PayloadInvalid` when it is not."""
    if not raw.strip():
        raise PayloadInvalid([PropertyProblem("body", "must be a JSON object (the body is empty)")])
    try:
        body = load_json(raw)
    except JsonInputError as exc:
        raise PayloadInvalid([PropertyProblem("body", str(exc))]) from None
    if not isinstance(body, dict):
        raise PayloadInvalid([PropertyProblem("body", "must be a JSON object")])
    return body


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def type_name(value: object) -> str:
    """JSON's name for the type of `value` (for "must be X, not Y" messages)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


class JsonChecker:
    """Collects property problems while reading a JSON body with typed getters."""

    def __init__(self) -> None:
        self.problems: list[PropertyProblem] = []

    def fail(self, prop: str, message: str) -> None:
        self.problems.append(PropertyProblem(prop, message))

    # --- typed getters: each reports a wrong type and returns None ---------------------------

    def _typed(
        self, obj: dict[str, Any], key: str, prop: str, ok: Callable[[Any], bool], want: str
    ) -> Any:
        if key not in obj or obj[key] is None:
            return None
        value = obj[key]
        if not ok(value):
            self.fail(prop, f"must be {want}, not {type_name(value)}")
            return None
        return value

    def integer(self, obj: dict[str, Any], key: str, prop: str) -> int | None:
        value: int | None = self._typed(obj, key, prop, _is_int, "an integer")
        if value is not None and abs(value) > MAX_JSON_INTEGER:
            # Yoti reads these as 32-bit integers; a bigger one would also overflow the
            # emulator's clock arithmetic.
            self.fail(prop, f"must be at most {MAX_JSON_INTEGER}")
            return None
        return value

    def string(self, obj: dict[str, Any], key: str, prop: str) -> str | None:
        value: str | None = self._typed(obj, key, prop, lambda v: isinstance(v, str), "a string")
        return value

    def boolean(self, obj: dict[str, Any], key: str, prop: str) -> bool | None:
        value: bool | None = self._typed(obj, key, prop, lambda v: isinstance(v, bool), "a boolean")
        return value

    def obj(self, obj: dict[str, Any], key: str, prop: str) -> dict[str, Any] | None:
        value: dict[str, Any] | None = self._typed(
            obj, key, prop, lambda v: isinstance(v, dict), "an object"
        )
        return value

    def array(self, obj: dict[str, Any], key: str, prop: str) -> list[Any] | None:
        value: list[Any] | None = self._typed(
            obj, key, prop, lambda v: isinstance(v, list), "an array"
        )
        return value

    def one_of(
        self, obj: dict[str, Any], key: str, prop: str, allowed: Iterable[str]
    ) -> str | None:
        value = self.string(obj, key, prop)
        allowed = sorted(allowed)
        if value is not None and value not in allowed:
            self.fail(prop, f"must be one of {', '.join(allowed)}")
            return None
        return value

    def url(self, obj: dict[str, Any], key: str, prop: str) -> None:
        value = self.string(obj, key, prop)
        if value is not None and not (
            WEB_URL_PATTERN.fullmatch(value) or RELATIVE_URL_PATTERN.fullmatch(value)
        ):
            self.fail(prop, "must be an http(s) URL or a path starting with '/'")


class _SpecChecker(JsonChecker):
    def __init__(self, body: dict[str, Any], now: float) -> None:
        super().__init__()
        self.body = body
        self.now = now

    def run(self) -> ValidatedSpec:
        body = self.body
        token_ttl = self.integer(body, "client_session_token_ttl", "client_session_token_ttl")
        if token_ttl is not None and token_ttl < MIN_CLIENT_SESSION_TOKEN_TTL:
            self.fail(
                "client_session_token_ttl",
                f"must be longer than {MIN_CLIENT_SESSION_TOKEN_TTL - 1} seconds",
            )
        deadline = self.deadline()
        if token_ttl is not None and deadline is not None:
            self.fail(
                "session_deadline", "give client_session_token_ttl or session_deadline, not both"
            )
        effective_token_ttl = (
            token_ttl if token_ttl is not None else DEFAULT_CLIENT_SESSION_TOKEN_TTL
        )
        if deadline is not None:
            effective_token_ttl = max(0, math.ceil(deadline.timestamp() - self.now))
        resources_ttl = self.integer(body, "resources_ttl", "resources_ttl")
        if resources_ttl is not None:
            if resources_ttl < MIN_RESOURCES_TTL:
                self.fail(
                    "resources_ttl", f"must be at least {MIN_RESOURCES_TTL} seconds (24 hours)"
                )
            elif (
                resources_ttl
                < effective_token_ttl + MIN_RESOURCES_TTL_BEYOND_CLIENT_SESSION_TOKEN_TTL
            ):
                self.fail(
                    "resources_ttl",
                    "must be at least 24 hours longer than the client_session_token_ttl",
                )
        self.string(body, "user_tracking_id", "user_tracking_id")
        for flag in (
            "block_biometric_consent",
            "create_identity_profile_preview",
            "ephemeral_media",
        ):
            self.boolean(body, flag, flag)
        for key in (
            "identity_profile_requirements",
            "advanced_identity_profile_requirements",
            "subject",
            "resources",
            "import_token",
        ):
            self.obj(body, key, key)
        self.ibv_options()
        self.notifications()
        liveness = self.checks()
        self.tasks()
        self.sdk_config()
        self.required_documents()
        if self.problems:
            raise PayloadInvalid(self.problems)
        return ValidatedSpec(
            body=body,
            client_session_token_ttl=effective_token_ttl,
            session_deadline=deadline,
            resources_ttl=resources_ttl
            if resources_ttl is not None
            else max(
                DEFAULT_RESOURCES_TTL,
                effective_token_ttl + MIN_RESOURCES_TTL_BEYOND_CLIENT_SESSION_TOKEN_TTL,
            ),
            liveness=liveness,
        )

    def deadline(self) -> datetime | None:
        text = self.string(self.body, "session_deadline", "session_deadline")
        if text is None:
            return None
        try:
            when = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            self.fail("session_deadline", "must be an ISO-8601 date and time")
            return None
        if when.tzinfo is None:
            self.fail("session_deadline", "must include a time zone offset")
            return None
        if when.timestamp() - self.now < MIN_CLIENT_SESSION_TOKEN_TTL:
            self.fail(
                "session_deadline",
                f"must be more than {MIN_CLIENT_SESSION_TOKEN_TTL - 1} seconds in the future",
            )
            return None
        return when

    def ibv_options(self) -> None:
        options = self.obj(self.body, "ibv_options", "ibv_options")
        if options is None:
            return
        support = self.one_of(options, "support", "ibv_options.support", IbvSupport)
        if support is None and options.get("support") is None:
            self.fail("ibv_options.support", "must be provided")
        guidance_url = self.string(options, "guidance_url", "ibv_options.guidance_url")
        if guidance_url is not None and not WEB_URL_PATTERN.fullmatch(guidance_url):
            self.fail("ibv_options.guidance_url", "must be an absolute http(s) URL")

    def notifications(self) -> None:
        config = self.obj(self.body, "notifications", "notifications")
        if config is None:
            return
        endpoint = self.string(config, "endpoint", "notifications.endpoint")
        if endpoint is None:
            if "endpoint" not in config or config["endpoint"] is None:
                self.fail("notifications.endpoint", "must be provided")
        elif not WEB_URL_PATTERN.fullmatch(endpoint):
            self.fail("notifications.endpoint", "must be an absolute http(s) URL")
        self.string(config, "auth_token", "notifications.auth_token")
        self.one_of(config, "auth_type", "notifications.auth_type", NotificationAuthType)
        topics = self.array(config, "topics", "notifications.topics")
        for i, topic in enumerate(topics or ()):
            prop = f"notifications.topics[{i}]"
            if not isinstance(topic, str):
                self.fail(prop, f"must be a string, not {type_name(topic)}")
            elif topic.upper() not in frozenset(NotificationTopic):
                # Yoti's own docs write topics in lower case, so case is not significant.
                self.fail(prop, f"unknown topic {topic!r}")

    def checks(self) -> LivenessRequest | None:
        checks = self.array(self.body, "requested_checks", "requested_checks")
        liveness: LivenessRequest | None = None
        liveness_seen = False
        for i, check in enumerate(checks or ()):
            prop = f"requested_checks[{i}]"
            if not isinstance(check, dict):
                self.fail(prop, f"must be an object, not {type_name(check)}")
                continue
            check_type = self.string(check, "type", f"{prop}.type")
            if check_type is None:
                if check.get("type") is None:
                    self.fail(f"{prop}.type", "must be provided")
                continue
            if check_type not in CHECK_TYPES:
                self.fail(f"{prop}.type", f"unknown check type {check_type!r}")
                continue
            config = self.obj(check, "config", f"{prop}.config") or {}
            cprop = f"{prop}.config"
            self.one_of(config, "manual_check", f"{cprop}.manual_check", _MANUAL_CHECKS)
            if check_type == "LIVENESS":
                if liveness_seen:
                    self.fail(prop, "only one LIVENESS check may be requested (ZOOM or STATIC)")
                liveness_seen = True
                found = self.liveness_config(config, cprop)
                liveness = liveness or found
            elif check_type == "WATCHLIST_SCREENING":
                categories = self.array(config, "categories", f"{cprop}.categories")
                for j, category in enumerate(categories or ()):
                    if not isinstance(category, str) or not category.strip():
                        self.fail(f"{cprop}.categories[{j}]", "must be a non-empty string")
        return liveness

    def liveness_config(self, config: dict[str, Any], cprop: str) -> LivenessRequest | None:
        liveness_type = self.string(config, "liveness_type", f"{cprop}.liveness_type")
        ok = True
        if liveness_type is None:
            if config.get("liveness_type") is None:
                self.fail(f"{cprop}.liveness_type", "must be provided")
            ok = False
        elif liveness_type not in frozenset(LivenessType):
            self.fail(
                f"{cprop}.liveness_type",
                f"unknown liveness type {liveness_type!r}: must be one of "
                + ", ".join(sorted(LivenessType)),
            )
            ok = False
        retries = self.integer(config, "max_retries", f"{cprop}.max_retries")
        if retries is not None and retries < MIN_LIVENESS_MAX_RETRIES:
            self.fail(f"{cprop}.max_retries", f"must be at least {MIN_LIVENESS_MAX_RETRIES}")
            ok = False
        if not ok or liveness_type is None:
            return None
        return LivenessRequest(
            liveness_type=liveness_type,
            max_retries=retries if retries is not None else DEFAULT_LIVENESS_MAX_RETRIES,
        )

    def tasks(self) -> None:
        tasks = self.array(self.body, "requested_tasks", "requested_tasks")
        for i, task in enumerate(tasks or ()):
            prop = f"requested_tasks[{i}]"
            if not isinstance(task, dict):
                self.fail(prop, f"must be an object, not {type_name(task)}")
                continue
            task_type = self.string(task, "type", f"{prop}.type")
            if task_type is None:
                if task.get("type") is None:
                    self.fail(f"{prop}.type", "must be provided")
                continue
            if task_type not in TASK_TYPES:
                self.fail(f"{prop}.type", f"unknown task type {task_type!r}")
                continue
            config = self.obj(task, "config", f"{prop}.config") or {}
            self.one_of(config, "manual_check", f"{prop}.config.manual_check", ManualCheck)
            self.one_of(config, "chip_data", f"{prop}.config.chip_data", ChipData)
            self.boolean(
                config,
                "create_expanded_document_fields",
                f"{prop}.config.create_expanded_document_fields",
            )

    def sdk_config(self) -> None:
        config = self.obj(self.body, "sdk_config", "sdk_config")
        if config is None:
            return
        p = "sdk_config."
        self.one_of(
            config, "allowed_capture_methods", p + "allowed_capture_methods", AllowedCaptureMethods
        )
        for key in (
            "primary_colour",
            "secondary_colour",
            "font_colour",
            "primary_colour_dark_mode",
        ):
            colour = self.string(config, key, p + key)
            if colour is not None and not HEX_COLOUR_PATTERN.fullmatch(colour):
                self.fail(p + key, "provided colour must be a valid Hex Code")
        locale = self.string(config, "locale", p + "locale")
        if locale is not None and not LOCALE_PATTERN.fullmatch(locale):
            self.fail(p + "locale", "must be a language tag such as en-GB")
        self.string(config, "brand_id", p + "brand_id")
        country = self.string(config, "preset_issuing_country", p + "preset_issuing_country")
        if country is not None and country not in ISO_3166_ALPHA_3_CODES:
            self.fail(p + "preset_issuing_country", "must be an ISO 3166-1 alpha-3 country code")
        for key in ("success_url", "error_url", "privacy_policy_url"):
            self.url(config, key, p + key)
        self.boolean(config, "allow_handoff", p + "allow_handoff")
        self.one_of(config, "dark_mode", p + "dark_mode", _DARK_MODES)
        self.one_of(config, "biometric_consent_flow", p + "biometric_consent_flow", _CONSENT_FLOWS)
        screens = self.array(config, "suppressed_screens", p + "suppressed_screens")
        for i, screen in enumerate(screens or ()):
            if not isinstance(screen, str) or not screen.strip():
                self.fail(f"{p}suppressed_screens[{i}]", "must be a non-empty string")
        self.obj(config, "attempts_configuration", p + "attempts_configuration")

    def required_documents(self) -> None:
        documents = self.array(self.body, "required_documents", "required_documents")
        for i, document in enumerate(documents or ()):
            prop = f"required_documents[{i}]"
            if not isinstance(document, dict):
                self.fail(prop, f"must be an object, not {type_name(document)}")
                continue
            doc_type = self.one_of(document, "type", f"{prop}.type", _REQUIRED_DOCUMENT_TYPES)
            if doc_type is None and document.get("type") is None:
                self.fail(f"{prop}.type", "must be provided")
            self.obj(document, "filter", f"{prop}.filter")
            if doc_type == "SUPPLEMENTARY_DOCUMENT":
                objective = self.obj(document, "objective", f"{prop}.objective")
                if objective is None and document.get("objective") is None:
                    self.fail(f"{prop}.objective", "must be provided")
