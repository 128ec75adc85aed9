"""Yoti's sandbox response configs in the emulator: validated, stored, and honoured.

Two signed endpoints of Yoti's sandbox (as its Python, Go and Java sandbox clients call
them) say what the
checks and tasks will report, so that a script written for Yoti's sandbox runs against the
emulator unchanged:

* ``PUT /sessions/{id}/response-config`` (``sdkId`` in the query): for one ONGOING session of
  the calling application; it replaces any config the session had.
* ``PUT /apps/{sdkId}/response-config`` (the application named by the path, no ``sdkId`` in
  the query): for every session the application creates *afterwards* (each new session gets
  a copy); sessions that already exist keep theirs.

When the simulated user completes a session, the emulator builds its usual capture
(results.py) and then `apply_response_config` overwrites it from the session's config:

* **Checks.** The configured entries of a check's type (``THIRD_PARTY_IDENTITY`` and the
  other single-object keys count as a list of one) are narrowed to those that apply: LIVENESS
  entries whose ``liveness_type`` is the session's, document-check entries whose
  ``document_filter`` matches the document (type and issuing country; an empty list matches
  any). The n-th check of a type gets the n-th of those entries; when there are fewer entries
  than checks, **the last entry applies to the rest** (so one LIVENESS entry answers every
  attempt, and ``[REJECT, APPROVE]`` rejects the first attempt and approves the others). An
  entry whose report has a ``recommendation`` replaces the check's report: that
  recommendation (value, reason, recovery suggestion) and the configured breakdown (sub check,
  result, details; none when not given). An entry without one (an empty report, or only a
  Java ``report_template``, whose canned reports the emulator does not know) leaves the
  emulator's own report. Entries for checks the session did not request are ignored. An
  ``ID_DOCUMENT_COMPARISON`` entry applies when its ``document_filter`` matches the first
  document the check compared and its ``secondary_document_filter`` the second (the user
  captures a second ID document for that check). A ``WATCHLIST_ADVANCED_CA`` entry's
  ``sources_filter`` matches the ``sources`` the check was requested with: the same type, and
  for ``TYPE_LIST`` every listed type among the requested ones (an empty list matches any),
  for ``PROFILE`` the same ``search_profile``; a check requested without ``sources`` has
  Yoti's default, an empty ``TYPE_LIST``.
* **Text extraction.** The n-th ``ID_DOCUMENT_TEXT_DATA_EXTRACTION`` task gets the n-th
  ``task_results`` entry whose ``document_filter`` matches its document (the last repeats):
  ``document_fields`` become the document's fields (the JSON medium), ``detected_country`` its
  issuing country, ``detected_document_type`` its type, ``document_id_photo`` its photo (an
  IMAGE medium), and ``recommendation`` the task's. A text data check's ``document_fields``
  are used only when no task result gave some. Task results are applied first, so check
  filters see the detected country and type. The emulator captures no supplementary
  documents, so their entries are accepted and have nothing to apply to.
* **Delays.** ``async_report_delay`` holds back every check, a LIVENESS entry's
  ``response_delay`` its own check (the longer of the two wins): until the emulator's clock
  reaches completion time + delay, the check reads ``state`` PENDING with no ``report``
  (state.py), and no CHECK_COMPLETION notification is sent for it (the emulator has no timer
  to send one later). Task ``response_delay`` and ``result_template`` are not honoured.
"""

from __future__ import annotations

import base64
import binascii
import copy
import json
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any, Final

import attrs

from yoti_idv.sandbox import TextExtractionReasonValue, TextExtractionRecommendationValue
from yoti_idv.vocabulary.enums import LivenessType
from yoti_idv.vocabulary.iso3166 import ISO_3166_ALPHA_3_CODES

from .results import Capture
from .state import StoredMedia, format_time, new_id
from .validation import JsonChecker, PayloadInvalid, parse_json_object, type_name

__all__ = ["ResponseConfigs", "apply_response_config", "validate_response_config"]

ASYNC_REPORT_DELAY: Final = "async_report_delay"
_TEXT_EXTRACTION: Final = "ID_DOCUMENT_TEXT_DATA_EXTRACTION"
_SINGLE_CHECKS = frozenset(
    {
        "THIRD_PARTY_IDENTITY",
        "FACE_COMPARISON",
        "THIRD_PARTY_IDENTITY_FRAUD_1",
        "WATCHLIST_SCREENING",
    }
)
_DOCUMENT_CHECKS = frozenset(
    {
        "ID_DOCUMENT_AUTHENTICITY",
        "ID_DOCUMENT_TEXT_DATA_CHECK",
        "ID_DOCUMENT_FACE_MATCH",
        "SUPPLEMENTARY_DOCUMENT_TEXT_DATA_CHECK",
    }
)
_TEXT_DATA_CHECKS = frozenset(
    {"ID_DOCUMENT_TEXT_DATA_CHECK", "SUPPLEMENTARY_DOCUMENT_TEXT_DATA_CHECK"}
)
_LIST_CHECKS = _DOCUMENT_CHECKS | {
    "LIVENESS",
    "ID_DOCUMENT_COMPARISON",
    "SYNECTICS_IDENTITY_FRAUD",
    "WATCHLIST_ADVANCED_CA",
}
_TASK_KEYS = frozenset({_TEXT_EXTRACTION, "SUPPLEMENTARY_DOCUMENT_TEXT_DATA_EXTRACTION"})
_SOURCES_FILTER_TYPES = frozenset({"TYPE_LIST", "PROFILE"})


class ResponseConfigs:
    """The application-level response configs, by SDK id (session configs live on the
    session)."""

    def __init__(self) -> None:
        self._configs: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def set_for_application(self, sdk_id: str, config: dict[str, Any]) -> None:
        """Make `config` the one every session `sdk_id` creates from now on gets."""
        with self._lock:
            self._configs[sdk_id] = copy.deepcopy(config)

    def for_new_session(self, sdk_id: str) -> dict[str, Any] | None:
        """A copy of the application's config for a session it is creating, or None."""
        with self._lock:
            config = self._configs.get(sdk_id)
            return copy.deepcopy(config) if config is not None else None


# --- validation ---------------------------------------------------------------------------


def validate_response_config(raw: bytes) -> dict[str, Any]:
    """Parse and validate a response-config body; `PayloadInvalid` with every problem.

    Closed: the ``check_reports`` and ``task_results`` keys, liveness types, text extraction
    recommendations and reasons, countries (ISO 3166-1 alpha-3). Free, non-blank strings, as
    the builders allow: recommendation values and reasons, sub-checks and their results.
    ``null`` counts as absent (Yoti's Python sandbox sends ``"async_report_delay": null``);
    unknown keys elsewhere are ignored.
    """
    body = parse_json_object(raw)
    checker = _ConfigChecker()
    checker.config(body)
    if checker.problems:
        raise PayloadInvalid(checker.problems)
    return body


class _ConfigChecker(JsonChecker):
    def config(self, body: dict[str, Any]) -> None:
        if body.get("check_reports") is None:
            self.fail("check_reports", "must be provided")
        reports = self.obj(body, "check_reports", "check_reports") or {}
        for key, value in reports.items():
            prop = f"check_reports.{key}"
            if key == ASYNC_REPORT_DELAY:
                self.delay(reports, key, prop)
            elif key in _SINGLE_CHECKS:
                if value is not None:
                    self.check(key, value, prop)
            elif key in _LIST_CHECKS:
                for index, entry in enumerate(self.array(reports, key, prop) or ()):
                    self.check(key, entry, f"{prop}[{index}]")
            else:
                self.fail(prop, f"unknown check type {key!r}")
        tasks = self.obj(body, "task_results", "task_results") or {}
        for key in tasks:
            prop = f"task_results.{key}"
            if key not in _TASK_KEYS:
                self.fail(prop, f"unknown task type {key!r}")
                continue
            for index, entry in enumerate(self.array(tasks, key, prop) or ()):
                self.task(entry, f"{prop}[{index}]")

    def entry(self, value: Any, prop: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.fail(prop, f"must be an object, not {type_name(value)}")
            return None
        return value

    def required_text(self, obj: dict[str, Any], key: str, prop: str) -> None:
        value = self.string(obj, key, prop)
        if obj.get(key) is None:
            self.fail(prop, "must be provided")
        elif value is not None and not value.strip():
            self.fail(prop, "must not be blank")

    def delay(self, obj: dict[str, Any], key: str, prop: str) -> None:
        value = self.integer(obj, key, prop)
        if value is not None and value < 0:
            self.fail(prop, "must be 0 or more (seconds)")

    def countries(self, obj: dict[str, Any], key: str, prop: str) -> None:
        for index, code in enumerate(self.array(obj, key, prop) or ()):
            if code not in ISO_3166_ALPHA_3_CODES:
                self.fail(f"{prop}[{index}]", "must be an ISO 3166-1 alpha-3 country code")

    def document_filter(self, entry: dict[str, Any], key: str, prop: str) -> None:
        found = self.obj(entry, key, f"{prop}.{key}")
        if found is None:
            return
        types = self.array(found, "document_types", f"{prop}.{key}.document_types")
        for index, document_type in enumerate(types or ()):
            if not isinstance(document_type, str) or not document_type.strip():
                self.fail(f"{prop}.{key}.document_types[{index}]", "must be a non-empty string")
        self.countries(found, "country_codes", f"{prop}.{key}.country_codes")

    def check(self, check_type: str, value: Any, prop: str) -> None:
        entry = self.entry(value, prop)
        if entry is None:
            return
        result = self.obj(entry, "result", f"{prop}.result")
        if entry.get("result") is None:
            self.fail(f"{prop}.result", "must be provided")
        if result is not None:
            report = self.obj(result, "report", f"{prop}.result.report")
            if report is not None:
                self.report(report, f"{prop}.result.report")
            self.string(result, "report_template", f"{prop}.result.report_template")
            if check_type in _TEXT_DATA_CHECKS:
                self.obj(result, "document_fields", f"{prop}.result.document_fields")
        if check_type in _DOCUMENT_CHECKS:
            self.document_filter(entry, "document_filter", prop)
        elif check_type == "ID_DOCUMENT_COMPARISON":
            self.document_filter(entry, "secondary_document_filter", prop)
        elif check_type == "LIVENESS":
            self.required_choice(entry, "liveness_type", prop, LivenessType)
            self.delay(entry, "response_delay", f"{prop}.response_delay")
        elif check_type == "WATCHLIST_ADVANCED_CA":
            self.sources_filter(entry, f"{prop}.sources_filter")

    def report(self, report: dict[str, Any], prop: str) -> None:
        recommendation = self.obj(report, "recommendation", f"{prop}.recommendation")
        if recommendation is not None:
            self.required_text(recommendation, "value", f"{prop}.recommendation.value")
            for key in ("reason", "recovery_suggestion"):
                self.string(recommendation, key, f"{prop}.recommendation.{key}")
        for index, value in enumerate(self.array(report, "breakdown", f"{prop}.breakdown") or ()):
            item_prop = f"{prop}.breakdown[{index}]"
            item = self.entry(value, item_prop)
            if item is None:
                continue
            self.required_text(item, "sub_check", f"{item_prop}.sub_check")
            self.required_text(item, "result", f"{item_prop}.result")
            details = self.array(item, "details", f"{item_prop}.details")
            for number, detail_value in enumerate(details or ()):
                detail_prop = f"{item_prop}.details[{number}]"
                detail = self.entry(detail_value, detail_prop)
                if detail is not None:
                    self.required_text(detail, "name", f"{detail_prop}.name")
                    self.string(detail, "value", f"{detail_prop}.value")
                    if detail.get("value") is None:
                        self.fail(f"{detail_prop}.value", "must be provided")

    def sources_filter(self, entry: dict[str, Any], prop: str) -> None:
        found = self.obj(entry, "sources_filter", prop)
        if found is None:
            return
        kind = self.one_of(found, "type", f"{prop}.type", _SOURCES_FILTER_TYPES)
        if found.get("type") is None:
            self.fail(f"{prop}.type", "must be provided")
        if kind == "PROFILE":
            self.required_text(found, "search_profile", f"{prop}.search_profile")
        elif kind == "TYPE_LIST":
            for index, source in enumerate(self.array(found, "types", f"{prop}.types") or ()):
                if not isinstance(source, str) or not source.strip():
                    self.fail(f"{prop}.types[{index}]", "must be a non-empty string")

    def task(self, value: Any, prop: str) -> None:
        entry = self.entry(value, prop)
        if entry is None:
            return
        result = self.obj(entry, "result", f"{prop}.result") or {}
        rprop = f"{prop}.result"
        self.obj(result, "document_fields", f"{rprop}.document_fields")
        country = self.string(result, "detected_country", f"{rprop}.detected_country")
        if country is not None and country not in ISO_3166_ALPHA_3_CODES:
            self.fail(f"{rprop}.detected_country", "must be an ISO 3166-1 alpha-3 country code")
        self.string(result, "detected_document_type", f"{rprop}.detected_document_type")
        photo = self.obj(result, "document_id_photo", f"{rprop}.document_id_photo")
        if photo is not None:
            self.required_text(photo, "content_type", f"{rprop}.document_id_photo.content_type")
            self.required_text(photo, "data", f"{rprop}.document_id_photo.data")
            if isinstance(photo.get("data"), str) and _base64(photo["data"]) is None:
                self.fail(f"{rprop}.document_id_photo.data", "must be base64")
        recommendation = self.obj(result, "recommendation", f"{rprop}.recommendation")
        if recommendation is not None:
            self.required_choice(
                recommendation,
                "value",
                f"{rprop}.recommendation",
                TextExtractionRecommendationValue,
            )
            reason = self.obj(recommendation, "reason", f"{rprop}.recommendation.reason")
            if reason is not None:
                self.required_choice(
                    reason, "value", f"{rprop}.recommendation.reason", TextExtractionReasonValue
                )
                self.string(reason, "detail", f"{rprop}.recommendation.reason.detail")
        self.document_filter(entry, "document_filter", prop)
        self.delay(entry, "response_delay", f"{prop}.response_delay")
        self.string(entry, "result_template", f"{prop}.result_template")

    def required_choice(
        self, obj: dict[str, Any], key: str, prop: str, allowed: Iterable[str]
    ) -> None:
        self.one_of(obj, key, f"{prop}.{key}", allowed)
        if obj.get(key) is None:
            self.fail(f"{prop}.{key}", "must be provided")


def _base64(text: str) -> bytes | None:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


# --- applying a config to a completed capture ----------------------------------------------


def apply_response_config(
    capture: Capture,
    config: dict[str, Any] | None,
    *,
    liveness_type: str | None,
    now: float,
    ids: Callable[[], str] = new_id,
    requested_checks: Iterable[Any] = (),
) -> tuple[Capture, dict[str, float]]:
    """`capture` as the (validated) `config` says, and when each held-back check is due.

    `requested_checks` are the session spec's ``requested_checks``: the n-th check of a type
    was made for the n-th requested check of that type (its ``config`` holds the watchlist
    ``sources`` a ``sources_filter`` is matched against).

    Returns the capture (its resources and checks changed in place, media and events
    replaced) and ``{check_id: epoch seconds}`` for the checks whose reports are delayed.
    """
    if config is None:
        return capture, {}
    media = list(capture.media)
    documents = {d["id"]: d for d in capture.resources.get("id_documents", ())}
    fields_from_tasks = _apply_task_results(
        config.get("task_results") or {}, documents.values(), media, now, ids
    )
    reports: dict[str, Any] = config["check_reports"]
    async_delay: int = reports.get(ASYNC_REPORT_DELAY) or 0
    due: dict[str, float] = {}
    seen: Counter[str] = Counter()
    configs: dict[str, list[dict[str, Any]]] = {}
    for requested in requested_checks:
        if isinstance(requested, dict) and isinstance(requested.get("type"), str):
            config = requested.get("config")
            configs.setdefault(requested["type"], []).append(
                config if isinstance(config, dict) else {}
            )
    for check in capture.checks:
        check_type = check["type"]
        used = [documents[r] for r in check["resources_used"] if r in documents]
        requested_config = _nth(configs.get(check_type, []), seen[check_type]) or {}
        applicable = [
            e
            for e in _entries(reports.get(check_type))
            if _applies(check_type, e, liveness_type, used, requested_config)
        ]
        document = used[0] if used else None
        entry = _nth(applicable, seen[check_type])
        seen[check_type] += 1
        delay = async_delay
        if entry is not None:
            delay = max(delay, entry.get("response_delay") or 0)
            report = _report(entry["result"].get("report"))
            if report is not None:
                check["report"] = report
            fields = entry["result"].get("document_fields")
            if (
                fields is not None
                and document is not None
                and document["id"] not in fields_from_tasks
            ):
                _write_document_fields(document, fields, media)
        if delay > 0:
            due[check["id"]] = now + delay
            check["last_updated"] = format_time(now + delay)
    events = [e for e in capture.events if not (e.topic == "CHECK_COMPLETION" and e.id in due)]
    return attrs.evolve(capture, media=media, events=events), due


def _entries(value: Any) -> list[dict[str, Any]]:
    """A ``check_reports`` value as a list: a single-object key is a list of one."""
    if value is None:
        return []
    return [value] if isinstance(value, dict) else list(value)


def _nth(entries: list[dict[str, Any]], index: int) -> dict[str, Any] | None:
    """The entry for the `index`-th check or task; the last one for those beyond the list."""
    return entries[min(index, len(entries) - 1)] if entries else None


def _applies(
    check_type: str,
    entry: dict[str, Any],
    liveness_type: str | None,
    documents: list[dict[str, Any]],
    requested_config: dict[str, Any],
) -> bool:
    first = documents[0] if documents else None
    if check_type == "LIVENESS":
        return bool(entry.get("liveness_type") == liveness_type)
    if check_type in _DOCUMENT_CHECKS:
        return _filter_matches(entry.get("document_filter"), first)
    if check_type == "ID_DOCUMENT_COMPARISON":
        second = documents[1] if len(documents) > 1 else None
        return _filter_matches(entry.get("document_filter"), first) and _filter_matches(
            entry.get("secondary_document_filter"), second
        )
    if check_type == "WATCHLIST_ADVANCED_CA":
        return _sources_match(entry.get("sources_filter"), requested_config.get("sources"))
    return True


def _sources_match(sources_filter: dict[str, Any] | None, requested: Any) -> bool:
    """Whether a ``sources_filter`` matches the ``sources`` a watchlist check asked for."""
    if sources_filter is None:
        return True
    if not isinstance(requested, dict):
        requested = {"type": "TYPE_LIST", "types": []}  # Yoti's default sources
    if sources_filter.get("type") != requested.get("type"):
        return False
    if sources_filter["type"] == "PROFILE":
        return bool(sources_filter.get("search_profile") == requested.get("search_profile"))
    wanted = [t for t in sources_filter.get("types") or () if isinstance(t, str)]
    asked = {t for t in requested.get("types") or () if isinstance(t, str)}
    return all(t in asked for t in wanted)


def _filter_matches(
    document_filter: dict[str, Any] | None, document: dict[str, Any] | None
) -> bool:
    if document_filter is None:
        return True
    if document is None:
        return False
    types = document_filter.get("document_types") or ()
    countries = document_filter.get("country_codes") or ()
    return (not types or document.get("document_type") in types) and (
        not countries or document.get("issuing_country") in countries
    )


def _report(configured: dict[str, Any] | None) -> dict[str, Any] | None:
    """The check report a configured one gives, or None to keep the emulator's own."""
    if not configured or configured.get("recommendation") is None:
        return None
    recommendation = configured["recommendation"]
    return {
        "recommendation": {
            key: recommendation[key]
            for key in ("value", "reason", "recovery_suggestion")
            if recommendation.get(key) is not None
        },
        "breakdown": [
            {
                "sub_check": item["sub_check"],
                "result": item["result"],
                "details": [
                    {"name": detail["name"], "value": detail["value"]}
                    for detail in item.get("details") or ()
                ],
            }
            for item in configured.get("breakdown") or ()
        ],
    }


def _apply_task_results(
    task_results: dict[str, Any],
    documents: Iterable[dict[str, Any]],
    media: list[StoredMedia],
    now: float,
    ids: Callable[[], str],
) -> set[str]:
    """Apply the text extraction results; return the ids of documents whose fields they set."""
    entries = task_results.get(_TEXT_EXTRACTION) or []
    fields_set: set[str] = set()
    index = 0
    for document in documents:
        for task in document.get("tasks", ()):
            if task.get("type") != _TEXT_EXTRACTION:
                continue
            applicable = [e for e in entries if _filter_matches(e.get("document_filter"), document)]
            entry = _nth(applicable, index)
            index += 1
            result = (entry or {}).get("result") or {}
            if result.get("document_fields") is not None:
                _write_document_fields(document, result["document_fields"], media)
                fields_set.add(document["id"])
            if result.get("detected_country") is not None:
                document["issuing_country"] = result["detected_country"]
            if result.get("detected_document_type") is not None:
                document["document_type"] = result["detected_document_type"]
            if result.get("recommendation") is not None:
                task["recommendation"] = copy.deepcopy(result["recommendation"])
            photo = result.get("document_id_photo")
            if photo is not None:
                medium = StoredMedia(
                    id=ids(),
                    type="IMAGE",
                    content_type=photo["content_type"],
                    content=_base64(photo["data"]) or b"",
                    created=now,
                )
                media.append(medium)
                stamp = format_time(now)
                document["document_id_photo"] = {
                    "media": {
                        "id": medium.id,
                        "type": "IMAGE",
                        "created": stamp,
                        "last_updated": stamp,
                    }
                }
    return fields_set


def _write_document_fields(
    document: dict[str, Any], fields: dict[str, Any], media: list[StoredMedia]
) -> None:
    """Make the document's fields medium (if it has one) hold `fields`."""
    holder = document.get("document_fields")
    if not isinstance(holder, dict):
        return
    media_id = holder["media"]["id"]
    for medium in media:
        if medium.id == media_id:
            medium.content = json.dumps(fields, indent=2).encode("utf-8")
