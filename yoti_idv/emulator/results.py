"""What the simulated end user leaves behind: Yoti-shaped resources, checks, media and events.

The shapes follow the official SDKs' response models and their test fixtures
(``get_session_completed_zoom_liveness.python.json``, ``static_liveness_resource.python-test.json``)
and Yoti's liveness report page:

* one liveness resource per attempt (``source.type`` END_USER): ZOOM with a ``facemap``
  (BINARY medium) and ``frames`` (IMAGE media; like Yoti, some trailing frames are ``{}``),
  STATIC with one ``image`` (IMAGE medium) and ``capture_type`` PHOTOGRAPH;
* one LIVENESS check per attempt, ``resources_used`` naming that attempt's resource, with a
  report whose breakdown is ``liveness_auth`` (ZOOM) or ``liveness_auth``,
  ``face_processing`` and ``payload_signature_verification`` (STATIC). A failed
  ``liveness_auth`` gives REJECT "with no reason given", as Yoti's report page says;
* when the session asks for document checks, an ID document (a passport photo page) and
  answers for face match, authenticity and text extraction;
* a FACE_COMPARISON check compares the face image the relying business uploaded (the last
  face-capture resource with an image) with the last liveness capture: APPROVE for a live
  person, REJECT for a spoof;
* any other requested check (or a FACE_COMPARISON with nothing to compare) is answered
  NOT_AVAILABLE, since the emulator has nothing to base it on.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from .media import (
    FACEMAP_CONTENT_TYPE,
    JPEG_CONTENT_TYPE,
    PNG_CONTENT_TYPE,
    make_facemap,
    make_jpeg,
    make_png,
)
from .state import StoredMedia, format_time, new_id
from .validation import LivenessRequest

__all__ = ["Capture", "Event", "Outcome", "attempt_results", "simulate_capture"]

# Checks that need an ID document to look at; requesting one makes the simulated user
# capture a document as well as their face.
_DOCUMENT_CHECKS = frozenset(
    {"ID_DOCUMENT_AUTHENTICITY", "ID_DOCUMENT_FACE_MATCH", "ID_DOCUMENT_COMPARISON"}
)
_ZOOM_FRAMES_WITH_MEDIA = 3
_ZOOM_EMPTY_FRAMES = 4  # Yoti's own ZOOM fixture ends its frames with four "{}" entries.
_AUTHENTICITY_SUB_CHECKS = (
    "data_in_correct_position",
    "document_in_date",
    "expected_data_present",
    "hologram",
    "hologram_movement",
    "no_sign_of_tampering",
    "other_security_features",
    "real_document",
)


class Outcome(enum.StrEnum):
    """What the simulated end user does."""

    PASS = "pass"
    """A live person: the last attempt passes (earlier ones, if any, failed)."""
    SPOOF = "spoof"
    """Someone holding up a photo or wearing a mask: every attempt is rejected."""
    ABANDON = "abandon"
    """The user gives up: no capture, the client session token is deleted."""


@attrs.frozen
class Event:
    """One notification-worthy event: its topic (upper case), and the id it is about."""

    topic: str
    id_key: str | None = None
    id: str | None = None


@attrs.frozen
class Capture:
    """Everything one completed user journey produced."""

    resources: dict[str, list[dict[str, Any]]]
    checks: list[dict[str, Any]]
    media: list[StoredMedia]
    events: list[Event]


def attempt_results(outcome: Outcome, attempts: int) -> list[bool]:
    """Whether each attempt shows a live person: a pass succeeds only at its last attempt."""
    if outcome is Outcome.PASS:
        return [False] * (attempts - 1) + [True]
    return [False] * attempts


class _Builder:
    def __init__(self, now: float, ids: Callable[[], str]) -> None:
        self.stamp = format_time(now)
        self.now = now
        self.ids = ids
        self.media: list[StoredMedia] = []
        self.events: list[Event] = []
        self.checks: list[dict[str, Any]] = []

    def medium(self, kind: str, content_type: str, content: bytes) -> dict[str, Any]:
        medium = StoredMedia(
            id=self.ids(), type=kind, content_type=content_type, content=content, created=self.now
        )
        self.media.append(medium)
        return {
            "id": medium.id,
            "type": kind,
            "created": self.stamp,
            "last_updated": self.stamp,
        }

    def image(self) -> dict[str, Any]:
        seed = self.ids().encode()
        return self.medium("IMAGE", JPEG_CONTENT_TYPE, make_jpeg(seed))

    def check(
        self,
        check_type: str,
        resources_used: Sequence[str],
        recommendation: dict[str, str],
        breakdown: Sequence[tuple[str, bool]],
        details: Sequence[dict[str, str]] = (),
    ) -> dict[str, Any]:
        check: dict[str, Any] = {
            "id": self.ids(),
            "type": check_type,
            "state": "DONE",
            "resources_used": list(resources_used),
            "generated_media": [],
            "report": {
                "recommendation": recommendation,
                "breakdown": [
                    {
                        "sub_check": item[0],
                        "result": "PASS" if item[1] else "FAIL",
                        # Yoti's breakdowns carry their details on the sub-check they explain;
                        # the emulator only ever explains a single sub-check per check.
                        "details": list(details) if len(breakdown) == 1 else [],
                    }
                    for item in breakdown
                ],
            },
            "created": self.stamp,
            "last_updated": self.stamp,
        }
        self.checks.append(check)
        self.events.append(Event("CHECK_COMPLETION", "check_id", check["id"]))
        return check

    def liveness_resource(self, liveness_type: str) -> dict[str, Any]:
        resource: dict[str, Any] = {
            "id": self.ids(),
            "source": {"type": "END_USER"},
            "liveness_type": liveness_type,
            "tasks": [],
        }
        if liveness_type == "ZOOM":
            resource["facemap"] = {
                "media": self.medium(
                    "BINARY", FACEMAP_CONTENT_TYPE, make_facemap(self.ids().encode())
                )
            }
            resource["frames"] = [
                {"media": self.image()} for _ in range(_ZOOM_FRAMES_WITH_MEDIA)
            ] + [{} for _ in range(_ZOOM_EMPTY_FRAMES)]
        else:
            resource["capture_type"] = "PHOTOGRAPH"
            resource["image"] = {"media": self.image()}
        self.events.append(Event("RESOURCE_UPDATE", "resource_id", resource["id"]))
        return resource


def simulate_capture(
    spec: dict[str, Any],
    liveness: LivenessRequest | None,
    outcome: Outcome,
    attempts: int,
    *,
    now: float,
    ids: Callable[[], str] = new_id,
    face_captures: Sequence[dict[str, Any]] = (),
) -> Capture:
    """Build the resources, checks, media and events of a user who completed the session.

    `attempts` is how many liveness captures the user made (already checked against the
    session's limit); `outcome` is PASS or SPOOF (ABANDON produces no capture).
    `face_captures` are the face-capture resources the relying business created: a
    FACE_COMPARISON check compares the last one with an image against the last liveness
    capture.
    """
    build = _Builder(now, ids)
    requested = [c for c in spec.get("requested_checks") or () if isinstance(c, dict)]
    requested_types = [str(c.get("type")) for c in requested]
    tasks = {str(t.get("type")) for t in spec.get("requested_tasks") or () if isinstance(t, dict)}
    required = {
        str(d.get("type")) for d in spec.get("required_documents") or () if isinstance(d, dict)
    }
    wants_document = (
        bool(_DOCUMENT_CHECKS.intersection(requested_types))
        or "ID_DOCUMENT_TEXT_DATA_EXTRACTION" in tasks
        or "ID_DOCUMENT" in required
    )
    resources: dict[str, list[dict[str, Any]]] = {"id_documents": [], "liveness_capture": []}

    document: dict[str, Any] | None = None
    second_document: dict[str, Any] | None = None
    if wants_document:
        document = _id_document(build, spec, "ID_DOCUMENT_TEXT_DATA_EXTRACTION" in tasks)
        resources["id_documents"].append(document)
        if "ID_DOCUMENT_COMPARISON" in requested_types:
            # The comparison check compares two ID documents: the user captures a second one.
            second_document = _id_document(build, spec, False, document_type="DRIVING_LICENCE")
            resources["id_documents"].append(second_document)

    live_resource_ids: list[str] = []
    if liveness is not None:
        for live in attempt_results(outcome, attempts):
            resource = build.liveness_resource(liveness.liveness_type)
            resources["liveness_capture"].append(resource)
            live_resource_ids.append(resource["id"])
            breakdown: list[tuple[str, bool]] = [("liveness_auth", live)]
            if liveness.liveness_type == "STATIC":
                breakdown += [("face_processing", True), ("payload_signature_verification", True)]
            build.check(
                "LIVENESS",
                [resource["id"]],
                {"value": "APPROVE"} if live else {"value": "REJECT"},
                breakdown,
            )

    uploaded = [f for f in face_captures if f.get("image")]
    for check_type in requested_types:
        if check_type == "LIVENESS":
            continue
        if check_type == "ID_DOCUMENT_AUTHENTICITY" and document is not None:
            build.check(
                check_type,
                [document["id"]],
                {"value": "APPROVE"},
                [(name, True) for name in _AUTHENTICITY_SUB_CHECKS],
            )
        elif check_type == "ID_DOCUMENT_FACE_MATCH" and document is not None:
            matched = outcome is Outcome.PASS and bool(live_resource_ids)
            score = "0.97" if matched else "0.12"
            build.check(
                check_type,
                [document["id"], *live_resource_ids[-1:]],
                {"value": "APPROVE"}
                if matched
                else {"value": "REJECT", "reason": "FACE_NOT_GENUINE"},
                [("ai_face_match", matched)],
                [{"name": "confidence_score", "value": score}],
            )
        elif check_type == "FACE_COMPARISON" and live_resource_ids and uploaded:
            matched = outcome is Outcome.PASS
            build.check(
                check_type,
                [uploaded[-1]["id"], live_resource_ids[-1]],
                {"value": "APPROVE"}
                if matched
                else {"value": "REJECT", "reason": "FACE_NOT_GENUINE"},
                [("ai_face_match", matched)],
                [{"name": "confidence_score", "value": "0.95" if matched else "0.08"}],
            )
        else:
            if document is not None:
                used = [document["id"]]
                if check_type == "ID_DOCUMENT_COMPARISON" and second_document is not None:
                    used.append(second_document["id"])
            else:
                used = live_resource_ids[-1:]
            build.check(
                check_type,
                used,
                {"value": "NOT_AVAILABLE", "reason": "NOT_SUPPORTED_BY_EMULATOR"},
                [],
            )

    build.events.append(Event("SESSION_COMPLETION"))
    # Yoti announces resources, then tasks, then checks, then the session.
    order = {"RESOURCE_UPDATE": 0, "TASK_COMPLETION": 1, "CHECK_COMPLETION": 2}
    events = sorted(build.events, key=lambda e: order.get(e.topic, 3))
    return Capture(resources=resources, checks=build.checks, media=build.media, events=events)


def _id_document(
    build: _Builder, spec: dict[str, Any], extract_text: bool, document_type: str = "PASSPORT"
) -> dict[str, Any]:
    sdk_config = spec.get("sdk_config") or {}
    country = sdk_config.get("preset_issuing_country") or "GBR"
    seed = build.ids().encode()
    page_media = build.medium("IMAGE", PNG_CONTENT_TYPE, make_png(seed))
    document: dict[str, Any] = {
        "id": build.ids(),
        "source": {"type": "END_USER"},
        "document_type": document_type,
        "issuing_country": country,
        "tasks": [],
        "pages": [
            {
                "capture_method": "CAMERA",
                "media": page_media,
                "frames": [],
                "extraction_image_ids": [page_media["id"]],
            }
        ],
    }
    if extract_text:
        fields = {
            "full_name": "Alex Emulator",
            "given_names": "Alex",
            "family_name": "Emulator",
            "date_of_birth": "1990-01-01",
            "nationality": country,
            "issuing_country": country,
            "document_number": "EMU000001",
            "expiration_date": "2035-01-01",
            "document_type": "PASSPORT",
        }
        fields_media = build.medium(
            "JSON", "application/json", json.dumps(fields, indent=2).encode("utf-8")
        )
        document["document_fields"] = {"media": fields_media}
        text_check = build.check(
            "ID_DOCUMENT_TEXT_DATA_CHECK",
            [document["id"]],
            {"value": "APPROVE"},
            [("text_data_readable", True)],
        )
        task_id = build.ids()
        document["tasks"].append(
            {
                "type": "ID_DOCUMENT_TEXT_DATA_EXTRACTION",
                "id": task_id,
                "state": "DONE",
                "created": build.stamp,
                "last_updated": build.stamp,
                "generated_checks": [
                    {"id": text_check["id"], "type": "ID_DOCUMENT_TEXT_DATA_CHECK"}
                ],
                "generated_media": [{"id": fields_media["id"], "type": "JSON"}],
            }
        )
        build.events.append(Event("TASK_COMPLETION", "task_id", task_id))
    build.events.append(Event("RESOURCE_UPDATE", "resource_id", document["id"]))
    return document
