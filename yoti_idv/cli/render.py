"""Plain-text rendering of session results for the ``yoti-idv`` command: tables of checks
(recommendation and breakdown) and of resources (one row per medium, with its media id)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from yoti_idv.models import (
        Check,
        GetSessionResult,
        MediaHolder,
        Page,
        Resource,
        ResourceContainer,
    )

__all__ = [
    "TOKEN_PLACEHOLDER",
    "check_rows",
    "print_session",
    "resource_rows",
    "session_json",
    "table",
    "to_json_text",
]

TOKEN_PLACEHOLDER = "<client session token>"
"""Shown where a client session token would be: it is a credential of the end user's browser."""

Media = tuple[str, str | None]
"""A medium of a resource: its label (``image``, ``page 1``...) and its media id."""


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO) -> None:
    """Print `rows` under `headers`, columns padded to their widest cell; ``(none)`` if empty."""
    if not rows:
        print("(none)", file=out)
        return
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip(), file=out)


# --- checks -----------------------------------------------------------------------------------


def check_rows(checks: Iterable[Check], *, with_type: bool) -> list[list[str]]:
    """One row per check: id, [type,] state, recommendation (with its reason), breakdown."""
    rows = []
    for check in checks:
        report = check.report
        recommendation = report.recommendation if report else None
        shown = (recommendation.value if recommendation else None) or "-"
        if recommendation and recommendation.reason:
            shown += f" ({recommendation.reason})"
        breakdown = (
            ", ".join(f"{b.sub_check}={b.result}" for b in report.breakdown) if report else ""
        )
        kind = [check.type or "-"] if with_type else []
        rows.append([check.id or "-", *kind, check.state or "-", shown, breakdown or "-"])
    return rows


# --- resources --------------------------------------------------------------------------------


def resource_rows(resources: ResourceContainer, *, liveness_only: bool) -> list[list[str]]:
    """One row per medium: resource id and type (on its first row only), medium, media id.

    With `liveness_only`, just the liveness attempts, typed ``STATIC`` / ``ZOOM`` (the demo's
    table); otherwise every resource, typed ``LIVENESS (STATIC)``, ``ID_DOCUMENT (PASSPORT,
    GBR)``... A resource without media has one row with ``-``.
    """
    from yoti_idv.models import (
        FaceCaptureResource,
        IdDocumentResource,
        LivenessResource,
        ShareCodeResource,
        StaticLivenessResource,
        SupplementaryDocumentResource,
        ZoomLivenessResource,
    )

    rows: list[list[str]] = []
    chosen: Iterable[Resource] = (
        resources.liveness_capture if liveness_only else resources.all_resources
    )
    for resource in chosen:
        media: list[Media] = []
        if isinstance(resource, LivenessResource):
            liveness_type = resource.liveness_type or "?"
            kind = liveness_type if liveness_only else f"LIVENESS ({liveness_type})"
            if isinstance(resource, StaticLivenessResource):
                media += _held("image", resource.image)
            elif isinstance(resource, ZoomLivenessResource):
                media += _held("facemap", resource.facemap)
                media += [("frame", f.media.id) for f in resource.frames if f.media is not None]
        elif isinstance(resource, IdDocumentResource | SupplementaryDocumentResource):
            name = (
                "ID_DOCUMENT"
                if isinstance(resource, IdDocumentResource)
                else "SUPPLEMENTARY_DOCUMENT"
            )
            about = ", ".join(p for p in (resource.document_type, resource.issuing_country) if p)
            kind = f"{name} ({about})" if about else name
            media += _page_media(resource.pages)
            media += _held("document fields", resource.document_fields)
            if isinstance(resource, IdDocumentResource):
                media += _held("ID photo", resource.document_id_photo)
                media += _held("expanded fields", resource.expanded_document_fields)
            else:
                media += _held("file", resource.file)
        elif isinstance(resource, FaceCaptureResource):
            kind = "FACE_CAPTURE"
            media += _held("image", resource.image)
        elif isinstance(resource, ShareCodeResource):
            kind = "SHARE_CODE"
            media += _held("lookup profile", resource.lookup_profile)
            media += _held("returned profile", resource.returned_profile)
            media += _held("ID photo", resource.id_photo)
            media += _held("file", resource.file)
        else:  # pragma: no cover - every kind of the container is handled above
            kind = type(resource).__name__
        if not liveness_only:
            for task in resource.tasks:
                media += [
                    (f"{task.type or 'task'} ({generated.type or '?'})", generated.id)
                    for generated in task.generated_media
                ]
        rows += _rows_of(resource.id, kind, media)
    return rows


def _held(label: str, holder: MediaHolder | None) -> list[Media]:
    return [(label, holder.media.id)] if holder is not None and holder.media is not None else []


def _page_media(pages: Sequence[Page]) -> list[Media]:
    media: list[Media] = []
    for number, page in enumerate(pages, start=1):
        if page.media is not None:
            media.append((f"page {number}", page.media.id))
        media += [(f"page {number} frame", f.media.id) for f in page.frames if f.media is not None]
    return media


def _rows_of(resource_id: str | None, kind: str, media: Sequence[Media]) -> list[list[str]]:
    if not media:
        return [[resource_id or "-", kind, "-", "-"]]
    rows = []
    for index, (label, media_id) in enumerate(media):
        head = [resource_id or "-", kind] if index == 0 else ["", ""]
        rows.append([*head, label, media_id or "-"])
    return rows


# --- a whole session --------------------------------------------------------------------------


def print_session(session: GetSessionResult, out: TextIO, *, show_token: bool = False) -> None:
    """The readable summary of ``session get`` and ``session watch``; the client session
    token only with `show_token`."""
    facts = [
        ("session", session.session_id),
        ("state", session.state),
        ("user tracking id", session.user_tracking_id),
        (
            "token TTL",
            None if session.client_session_token_ttl is None else _ttl(session),
        ),
        (
            "biometric consent",
            session.biometric_consent.isoformat() if session.biometric_consent else None,
        ),
        ("client session token", session.client_session_token if show_token else None),
    ]
    shown = [(name, value) for name, value in facts if value is not None]
    width = max((len(name) for name, _ in shown), default=0)
    for name, value in shown:
        print(f"{name.ljust(width)}  {value}", file=out)
    print(f"\nChecks ({len(session.checks)})", file=out)
    table(
        ["ID", "TYPE", "STATE", "RECOMMENDATION", "BREAKDOWN"],
        check_rows(session.checks, with_type=True),
        out,
    )
    count = len(session.resources.all_resources)
    print(f"\nResources ({count})", file=out)
    table(
        ["ID", "TYPE", "MEDIA", "MEDIA ID"],
        resource_rows(session.resources, liveness_only=False) if count else [],
        out,
    )


def _ttl(session: GetSessionResult) -> str:
    ttl = session.client_session_token_ttl or 0
    return f"{ttl} s" if ttl > 0 else "0 s (the end user's token has expired)"


def session_json(session: GetSessionResult, *, show_token: bool) -> dict[str, Any]:
    """The session as JSON (Yoti's wire names); the client session token only if asked for."""
    from yoti_idv.conversion import converter

    data: dict[str, Any] = converter.unstructure(session)
    if not show_token:
        data.pop("client_session_token", None)
    return data


def to_json_text(data: Any) -> str:
    """Indented JSON text; anything the converter left unconverted is shown as a string."""
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)
