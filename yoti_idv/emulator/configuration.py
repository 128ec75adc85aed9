"""The session configuration: what a session requires of the user, worked out from its spec.

``GET /sessions/{id}/configuration`` (Yoti's ``SessionConfigurationResponse``) tells a
backend which resources
the session still needs and who may provide them. The emulator derives the required
resources from the validated ``POST /sessions`` body once, when the session is created, so
their ids are stable for the session's life:

* one ``ID_DOCUMENT`` requirement per ``required_documents`` entry of that type, or a single
  implicit one when no document is listed but a document check or the text extraction task
  is requested (the same rule the simulated user follows when it captures a document);
  ``supported_countries`` is the emulator's catalogue narrowed by the entry's ``filter``;
* one ``SUPPLEMENTARY_DOCUMENT`` requirement per ``required_documents`` entry of that type;
* one ``LIVENESS`` requirement, with its ``liveness_type``, when a LIVENESS check is requested;
* one ``FACE_CAPTURE`` requirement when a ``FACE_COMPARISON`` check is requested: that check
  compares a face image the relying business uploads (endpoints 7 and 8) with the user's
  liveness capture, so its only allowed source is ``RELYING_BUSINESS``; its ``id`` is the
  ``requirement_id`` that ``POST /sessions/{id}/resources/face-capture`` takes. No other
  check asks for a face capture.

The end user's requirements allow ``END_USER``, except that document requirements allow only
``IBV`` when the spec's ``ibv_options.support`` is ``MANDATORY`` (In-Branch Verification: the
documents are checked in a branch). A requirement is ``REQUIRED`` until fulfilled, then
``COMPLETE``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .state import new_id

__all__ = [
    "BIOMETRIC_REQUIREMENTS",
    "COMPLETE",
    "REQUIRED",
    "SUPPORTED_DOCUMENTS",
    "build_requirements",
    "configuration_json",
    "supported_countries",
]

# A small, plausible catalogue. is_strictly_latin marks documents printed only in Latin script;
# the non-Latin ones appear only when the caller asks with includeNonLatin.
SUPPORTED_DOCUMENTS: tuple[tuple[str, tuple[tuple[str, bool], ...]], ...] = (
    ("FRA", (("PASSPORT", True), ("NATIONAL_ID", True), ("DRIVING_LICENCE", True))),
    ("GBR", (("PASSPORT", True), ("DRIVING_LICENCE", True), ("PASS_CARD", True))),
    ("GRC", (("PASSPORT", False), ("NATIONAL_ID", False))),
    ("IRL", (("PASSPORT", True), ("DRIVING_LICENCE", True))),
    ("JPN", (("PASSPORT", False), ("DRIVING_LICENCE", False))),
    ("USA", (("PASSPORT", True), ("DRIVING_LICENCE", True), ("STATE_ID", True))),
)

REQUIRED = "REQUIRED"
COMPLETE = "COMPLETE"

BIOMETRIC_REQUIREMENTS = frozenset({"LIVENESS", "FACE_CAPTURE"})
"""Requirement types whose capture needs the user's biometric consent."""

# Checks that look at an ID document: requesting one implies an ID_DOCUMENT requirement.
_DOCUMENT_CHECKS = frozenset(
    {"ID_DOCUMENT_AUTHENTICITY", "ID_DOCUMENT_FACE_MATCH", "ID_DOCUMENT_COMPARISON"}
)
# The generic text-extraction attempts Yoti's web client gives when sdk_config says nothing.
_DEFAULT_ATTEMPTS = {"GENERIC": 3, "RECLASSIFICATION": 2}


def supported_countries(
    *, include_non_latin: bool, document_filter: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The catalogue as ``[{code, supported_documents: [{type, is_strictly_latin}]}]``.

    Non-Latin documents are included when asked for (or when the filter allows them); a
    document `filter` (ORTHOGONAL_RESTRICTIONS or DOCUMENT_RESTRICTIONS) narrows the list further.
    """
    allows = _filter_predicate(document_filter)
    if document_filter is not None and document_filter.get("allow_non_latin_documents") is True:
        include_non_latin = True
    countries = []
    for code, documents in SUPPORTED_DOCUMENTS:
        kept = [
            {"type": doc_type, "is_strictly_latin": latin}
            for doc_type, latin in documents
            if (latin or include_non_latin) and allows(code, doc_type)
        ]
        if kept:
            countries.append({"code": code, "supported_documents": kept})
    return countries


def _strings(value: object) -> set[str]:
    if not isinstance(value, list):
        return set()
    return {item for item in value if isinstance(item, str)}


def _filter_predicate(document_filter: Mapping[str, Any] | None) -> Callable[[str, str], bool]:
    """A function (country, document type) -> bool for a validated DocumentFilter."""
    if not isinstance(document_filter, Mapping):
        return lambda country, doc_type: True
    kind = document_filter.get("type")
    if kind == "ORTHOGONAL_RESTRICTIONS":
        countries = document_filter.get("country_restriction")
        types = document_filter.get("type_restriction")

        def restricted(restriction: object, key: str, value: str) -> bool:
            if not isinstance(restriction, Mapping):
                return True
            listed = value in _strings(restriction.get(key))
            return listed if restriction.get("inclusion") != "BLACKLIST" else not listed

        return lambda country, doc_type: (
            restricted(countries, "country_codes", country)
            and restricted(types, "document_types", doc_type)
        )
    if kind == "DOCUMENT_RESTRICTIONS":
        entries = [e for e in document_filter.get("documents") or () if isinstance(e, Mapping)]
        blacklist = document_filter.get("inclusion") == "BLACKLIST"

        def matches(country: str, doc_type: str) -> bool:
            for entry in entries:
                codes = _strings(entry.get("country_codes"))
                kinds = _strings(entry.get("document_types"))
                if (not codes or country in codes) and (not kinds or doc_type in kinds):
                    return True
            return False

        return lambda country, doc_type: matches(country, doc_type) is not blacklist
    return lambda country, doc_type: True


def _sources(*kinds: str) -> list[dict[str, str]]:
    return [{"type": kind} for kind in kinds]


def _document_sources(spec: Mapping[str, Any]) -> list[dict[str, str]]:
    options = spec.get("ibv_options")
    support = options.get("support") if isinstance(options, Mapping) else None
    if support == "MANDATORY":
        return _sources("IBV")
    return _sources("END_USER")


def _types(entries: object) -> list[str]:
    if not isinstance(entries, list):
        return []
    return [str(entry.get("type")) for entry in entries if isinstance(entry, Mapping)]


def build_requirements(spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The required resources of a session with this (validated) spec, in Yoti's shape."""
    checks = [c for c in spec.get("requested_checks") or () if isinstance(c, Mapping)]
    check_types = [str(c.get("type")) for c in checks]
    task_types = set(_types(spec.get("requested_tasks")))
    documents = [d for d in spec.get("required_documents") or () if isinstance(d, Mapping)]
    sdk_config = spec.get("sdk_config")
    sdk_config = sdk_config if isinstance(sdk_config, Mapping) else {}
    requirements: list[dict[str, Any]] = []

    id_documents = [d for d in documents if d.get("type") == "ID_DOCUMENT"]
    if not id_documents and (
        _DOCUMENT_CHECKS.intersection(check_types)
        or "ID_DOCUMENT_TEXT_DATA_EXTRACTION" in task_types
    ):
        id_documents = [{"type": "ID_DOCUMENT"}]
    attempts = sdk_config.get("attempts_configuration")
    text_attempts = (
        attempts.get("ID_DOCUMENT_TEXT_DATA_EXTRACTION") if isinstance(attempts, Mapping) else None
    )
    for document in id_documents:
        document_filter = document.get("filter")
        requirement: dict[str, Any] = {
            "type": "ID_DOCUMENT",
            "id": new_id(),
            "state": REQUIRED,
            "allowed_sources": _document_sources(spec),
            "supported_countries": supported_countries(
                include_non_latin=False,
                document_filter=document_filter if isinstance(document_filter, Mapping) else None,
            ),
            "allowed_capture_methods": sdk_config.get(
                "allowed_capture_methods", "CAMERA_AND_UPLOAD"
            ),
            "attempts_remaining": dict(text_attempts)
            if isinstance(text_attempts, Mapping) and text_attempts
            else dict(_DEFAULT_ATTEMPTS),
            "requested_tasks": _tasks(task_types, "ID_DOCUMENT_TEXT_DATA_EXTRACTION"),
        }
        requirements.append(requirement)

    for document in documents:
        if document.get("type") != "SUPPLEMENTARY_DOCUMENT":
            continue
        objective = document.get("objective")
        requirements.append(
            {
                "type": "SUPPLEMENTARY_DOCUMENT",
                "id": new_id(),
                "state": REQUIRED,
                "allowed_sources": _document_sources(spec),
                "document_types": sorted(_strings(document.get("document_types")))
                or ["UTILITY_BILL", "BANK_STATEMENT", "COUNCIL_TAX"],
                "country_codes": sorted(_strings(document.get("country_codes")))
                or [code for code, _ in SUPPORTED_DOCUMENTS],
                "objective": dict(objective) if isinstance(objective, Mapping) else {},
                "requested_tasks": _tasks(
                    task_types, "SUPPLEMENTARY_DOCUMENT_TEXT_DATA_EXTRACTION"
                ),
            }
        )

    for check in checks:
        if check.get("type") == "LIVENESS":
            config = check.get("config")
            liveness_type = config.get("liveness_type") if isinstance(config, Mapping) else None
            requirements.append(
                {
                    "type": "LIVENESS",
                    "id": new_id(),
                    "state": REQUIRED,
                    "allowed_sources": _sources("END_USER"),
                    "liveness_type": liveness_type,
                }
            )
            break

    if "FACE_COMPARISON" in check_types:
        requirements.append(
            {
                "type": "FACE_CAPTURE",
                "id": new_id(),
                "state": REQUIRED,
                "allowed_sources": _sources("RELYING_BUSINESS"),
            }
        )
    return requirements


def _tasks(requested: Iterable[str], task_type: str) -> list[dict[str, str]]:
    return [{"type": task_type, "state": REQUIRED}] if task_type in requested else []


def configuration_json(
    *,
    session_id: str,
    token_ttl: int,
    spec: Mapping[str, Any],
    requirements: Iterable[Mapping[str, Any]],
) -> dict[str, Any]:
    """The ``GET /sessions/{id}/configuration`` body."""
    required = [dict(r) for r in requirements]
    biometric = any(r.get("type") in BIOMETRIC_REQUIREMENTS for r in required)
    body: dict[str, Any] = {
        "client_session_token_ttl": token_ttl,
        "session_id": session_id,
        "requested_checks": _types(spec.get("requested_checks")),
        "capture": {
            "biometric_consent": "REQUIRED" if biometric else "NOT_REQUIRED",
            "required_resources": required,
        },
    }
    sdk_config = spec.get("sdk_config")
    if isinstance(sdk_config, Mapping):
        body["sdk_config"] = dict(sdk_config)
    return body
