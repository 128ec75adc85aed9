"""Session specs for the ``yoti-idv`` command: reading a spec JSON file, and checking one by
building this SDK's spec classes (`yoti_idv.specs`) from it, so that a value Yoti would refuse
is reported with the path of its field before anything is sent.

Only what the spec classes model is checked; the rest (``required_documents``, check types
this SDK has no class for, keys it does not know) is listed as unchecked and left to Yoti.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import attrs

from yoti_idv.errors import SpecValidationError
from yoti_idv.specs import (
    AttemptsConfiguration,
    NotificationConfig,
    RequestedCheck,
    RequestedDocumentAuthenticityCheck,
    RequestedFaceMatchCheck,
    RequestedIdDocumentComparisonCheck,
    RequestedLivenessCheck,
    RequestedSupplementaryDocTextExtractionTask,
    RequestedTask,
    RequestedTextExtractionTask,
    SdkConfig,
    SessionSpec,
)
from yoti_idv.vocabulary.values import WIRE_NAME, SpecValue

from .common import CommandError

__all__ = ["SpecCheck", "check_spec_json", "read_spec_json"]

_CHECK_CLASSES: Final[Mapping[str, type[RequestedCheck]]] = {
    cls.TYPE: cls
    for cls in (
        RequestedLivenessCheck,
        RequestedFaceMatchCheck,
        RequestedDocumentAuthenticityCheck,
        RequestedIdDocumentComparisonCheck,
    )
}
_TASK_CLASSES: Final[Mapping[str, type[RequestedTask]]] = {
    cls.TYPE: cls
    for cls in (RequestedTextExtractionTask, RequestedSupplementaryDocTextExtractionTask)
}
_SCALAR_KEYS: Final = (
    "client_session_token_ttl",
    "session_deadline",
    "resources_ttl",
    "user_tracking_id",
    "block_biometric_consent",
)


def read_spec_json(source: str) -> tuple[dict[str, Any], str]:
    """The JSON object in the file `source` (``-``: standard input), and the text it came from.

    Raises `CommandError` with one line saying what is wrong and where.
    """
    name = "standard input" if source == "-" else source
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"cannot read {name}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise CommandError(f"{name} is not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        hint = ""
        if exc.msg.startswith("Expecting") and text[: exc.pos].rstrip().endswith(","):
            hint = " (a trailing comma? JSON allows none)"
        raise CommandError(
            f"{name} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}{hint}"
        ) from None
    if not isinstance(data, dict):
        raise CommandError(
            f"{name} must hold a session spec: a JSON object, not a {type(data).__name__}"
        )
    return data, text


@attrs.frozen
class SpecCheck:
    """What `check_spec_json` built and checked, and what it had to leave to Yoti."""

    checked: tuple[str, ...]
    unchecked: tuple[str, ...]


def check_spec_json(data: Mapping[str, Any]) -> SpecCheck:
    """Build `SessionSpec` (and its parts) from a spec JSON object, to check its values.

    Raises `SpecValidationError` whose `field` is the JSON path (``requested_checks[0].config
    .max_retries``). A part with keys the spec classes do not know is not built but listed in
    `SpecCheck.unchecked`.
    """
    checked: list[str] = []
    unchecked: list[str] = []
    known = {*_SCALAR_KEYS, "sdk_config", "notifications", "requested_checks", "requested_tasks"}
    unchecked += [key for key in data if key not in known and key != "required_documents"]
    if data.get("required_documents"):
        unchecked.append("required_documents")

    arguments: dict[str, Any] = {key: data[key] for key in _SCALAR_KEYS if key in data}
    if arguments:
        checked.append(", ".join(arguments))

    sdk_config = data.get("sdk_config")
    if sdk_config is not None:
        built_config = _sdk_config(sdk_config)
        if built_config is None:
            unchecked.append("sdk_config")
        else:
            arguments["sdk_config"] = built_config
            checked.append("sdk_config")

    notifications = data.get("notifications")
    if notifications is not None:
        built_notifications = _build(NotificationConfig, notifications, "notifications")
        if built_notifications is None:
            unchecked.append("notifications")
        else:
            arguments["notifications"] = built_notifications
            checked.append("notifications")

    for key, classes in (("requested_checks", _CHECK_CLASSES), ("requested_tasks", _TASK_CLASSES)):
        items = data.get(key)
        if items is None:
            continue
        if not isinstance(items, list):
            raise SpecValidationError(key, f"must be a list, got {_json_type(items)}")
        built_items = []
        for index, item in enumerate(items):
            path = f"{key}[{index}]"
            built = _typed_config(item, path, classes)
            if built is None:
                unchecked.append(f"{path} ({_type_of(item)})")
            else:
                built_items.append(built)
                checked.append(f"{path} ({_type_of(item)})")
        arguments[key] = built_items

    # The session's own rules (TTLs against each other, deadline or TTL) run here.
    SessionSpec(**arguments)
    return SpecCheck(tuple(checked), tuple(unchecked))


def _sdk_config(value: object) -> SdkConfig | None:
    if not isinstance(value, Mapping):
        raise SpecValidationError("sdk_config", f"must be a JSON object, got {_json_type(value)}")
    fields = dict(value)
    attempts = fields.get("attempts_configuration")
    if attempts is not None:
        built_attempts = _build(
            AttemptsConfiguration, attempts, "sdk_config.attempts_configuration"
        )
        if built_attempts is None:
            return None
        fields["attempts_configuration"] = built_attempts
    built: SdkConfig | None = _build(SdkConfig, fields, "sdk_config")
    return built


def _typed_config(
    item: object, path: str, classes: Mapping[str, type[SpecValue]]
) -> SpecValue | None:
    if not isinstance(item, Mapping):
        raise SpecValidationError(path, f"must be a JSON object, got {_json_type(item)}")
    cls = classes.get(item.get("type"))  # type: ignore[arg-type]
    if cls is None:
        return None
    config = item.get("config", {})
    try:
        built: SpecValue | None = _build(cls, config, f"{path}.config")
        return built
    except SpecValidationError as exc:
        # Check and task classes name their fields relative to the check: "config.<name>".
        field = exc.field if exc.field.startswith(path) else f"{path}.{exc.field}"
        raise SpecValidationError(field, exc.message) from None


def _build(cls: type[Any], value: object, path: str) -> Any:
    """`cls(**value)` with the JSON keys mapped to attributes; None if a key is unknown."""
    if not isinstance(value, Mapping):
        raise SpecValidationError(path, f"must be a JSON object, got {_json_type(value)}")
    by_key = {field.metadata.get(WIRE_NAME, field.name): field for field in attrs.fields(cls)}
    if any(key not in by_key for key in value):
        return None
    for key, field in by_key.items():
        if field.default is attrs.NOTHING and key not in value:
            raise SpecValidationError(f"{path}.{key}", "is required")
    return cls(**{by_key[key].name: item for key, item in value.items()})


def _type_of(item: object) -> str:
    kind = item.get("type") if isinstance(item, Mapping) else None
    return kind if isinstance(kind, str) else "no type"


def _json_type(value: object) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")
