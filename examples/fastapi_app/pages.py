"""The HTML pages of the example, as plain functions of the data they show.

Everything interpolated goes through `html.escape`; no template engine is needed for this much.
"""

from __future__ import annotations

from html import escape

from yoti_idv import (
    GetSessionResult,
    LivenessCheck,
    LivenessResource,
    StaticLivenessResource,
    ZoomLivenessResource,
)

__all__ = [
    "FINISHED_MESSAGE",
    "WITHHELD_IMAGE_SVG",
    "finished_page",
    "liveness_media_ids",
    "message_page",
    "results_page",
    "start_page",
]

FINISHED_MESSAGE = "yoti-idv:finished"
"""What the success/error page (inside the iframe) posts to the page around it."""

WITHHELD_IMAGE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">'
    '<rect width="128" height="128" fill="#e8ecf1"/>'
    '<text x="64" y="60" font-family="sans-serif" font-size="12" text-anchor="middle" '
    'fill="#5b6b7d">Image withheld</text>'
    '<text x="64" y="78" font-family="sans-serif" font-size="12" text-anchor="middle" '
    'fill="#5b6b7d">by Yoti</text></svg>'
)
"""Shown instead of a medium that Yoti answers with 204 No Content (withheld by regulation)."""

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 1.5rem auto; padding: 0 1rem;
       color: #1d2a3a; }
iframe { border: 1px solid #ccd; border-radius: 8px; width: 100%; height: 640px; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { text-align: left; padding: .25rem .75rem .25rem 0; border-bottom: 1px solid #e2e6ea; }
.recommendation { font-weight: bold; padding: .1rem .4rem; border-radius: 4px; }
.APPROVE { background: #d9f2e0; color: #17602f; } .REJECT { background: #f8dcdc; color: #8a1f1f; }
figure { margin: .5rem 0; } figure img { width: 128px; height: 128px; border-radius: 8px; }
.muted { color: #5b6b7d; font-size: .9rem; }
"""


def _layout(title: str, body: str, *, refresh_seconds: int | None = None) -> str:
    refresh = f'<meta http-equiv="refresh" content="{refresh_seconds}">' if refresh_seconds else ""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"{refresh}<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body>{body}</body></html>"
    )


def start_page(session_id: str, web_flow_url: str, results_url: str) -> str:
    """The page around Yoti's web flow; it moves on to `results_url` when the flow ends."""
    # The flow ends on this app's success or error URL, inside the iframe; that page posts
    # FINISHED_MESSAGE to this one, which then leaves for the results.
    script = f"""
const frame = document.getElementById("yoti-idv");
window.addEventListener("message", (event) => {{
  if (event.origin === window.location.origin && event.source === frame.contentWindow
      && event.data === "{FINISHED_MESSAGE}") {{
    window.location.assign(frame.dataset.resultsUrl);
  }}
}});
"""
    body = (
        "<h1>Verify your identity</h1>"
        f'<p class="muted">Session <code>{escape(session_id)}</code></p>'
        f'<iframe id="yoti-idv" title="Identity verification" src="{escape(web_flow_url)}" '
        f'data-results-url="{escape(results_url)}" allow="camera" allowfullscreen></iframe>'
        f"<script>{script}</script>"
    )
    return _layout("Verify your identity", body)


def finished_page(outcome: str) -> str:
    """The success/error URL's page: shown inside the iframe, it tells the page around it."""
    text = (
        "You gave up, or something went wrong."
        if outcome == "error"
        else "Thank you: we are checking your result."
    )
    script = (
        "if (window.parent !== window) "
        f'{{ window.parent.postMessage("{FINISHED_MESSAGE}", window.location.origin); }}'
    )
    return _layout("Finished", f"<p>{escape(text)}</p><script>{script}</script>")


def liveness_media_ids(resource: LivenessResource) -> list[str]:
    """The ids of a liveness capture's images: the photo (Passive) or the frames (Active)."""
    if isinstance(resource, StaticLivenessResource):
        media = resource.image.media if resource.image else None
        return [media.id] if media and media.id else []
    if isinstance(resource, ZoomLivenessResource):
        return [frame.media.id for frame in resource.frames if frame.media and frame.media.id]
    return []


def _check_section(session: GetSessionResult, check: LivenessCheck) -> str:
    report = check.report
    recommendation = report.recommendation if report else None
    value = recommendation.value if recommendation and recommendation.value else "PENDING"
    reason = recommendation.reason if recommendation else None
    because = f" ({escape(reason)})" if reason else ""
    rows = "".join(
        f"<tr><td>{escape(b.sub_check or '?')}</td><td>{escape(b.result or '?')}</td>"
        f"<td>{escape(', '.join(f'{d.name}={d.value}' for d in b.details))}</td></tr>"
        for b in (report.breakdown if report else ())
    )
    figures = "".join(
        f'<figure><img src="/media/{escape(session.session_id or "")}/{escape(media_id)}" '
        f'alt="Liveness capture {escape(resource.id or "")}">'
        f'<figcaption class="muted">{escape(resource.liveness_type or "")} capture '
        f"<code>{escape(resource.id or '')}</code></figcaption></figure>"
        for resource in session.resources_for_check(check)
        if isinstance(resource, LivenessResource)
        for media_id in liveness_media_ids(resource)
    )
    return (
        f'<section class="check"><h2>Liveness check <code>{escape(check.id or "")}</code></h2>'
        f"<p>State {escape(check.state or '?')}; recommendation "
        f'<span class="recommendation {escape(value)}">{escape(value)}</span>{because}</p>'
        "<table><thead><tr><th>Sub-check</th><th>Result</th><th>Details</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>{figures}</section>"
    )


def results_page(session: GetSessionResult, *, final: bool) -> str:
    """A session's liveness checks, recommendations, breakdowns and captured images."""
    checks = "".join(_check_section(session, check) for check in session.liveness_checks)
    if not checks:
        checks = "<p>No liveness result yet.</p>"
    # One LIVENESS check per attempt: the user passed when at least one of them approves.
    passed = {True: "yes", False: "no", None: "not yet known"}[session.liveness_passed]
    body = (
        "<h1>Verification result</h1>"
        f"<p>Session <code>{escape(session.session_id or '')}</code>: "
        f'<strong id="session-state">{escape(session.state or "?")}</strong></p>'
        f'<p>Passed liveness: <strong id="liveness-passed">{passed}</strong></p>'
        f'{checks}<p><a href="/">Start again</a></p>'
    )
    # Until the session is final, look again every few seconds (the webhook may be late).
    return _layout("Verification result", body, refresh_seconds=None if final else 3)


def message_page(title: str, text: str) -> str:
    """A short page for errors."""
    return _layout(title, f"<h1>{escape(title)}</h1><p>{escape(text)}</p>")
