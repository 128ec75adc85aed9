"""The attribute paths of Yoti's ZOOM -> STATIC migration guide (Python tabs) work as written."""

from __future__ import annotations

from yoti_idv.models import GetSessionResult

from ._support import converter, load


def session_with_both_liveness_types() -> GetSessionResult:
    data = load("get_session_completed_zoom_liveness.python.json")
    data["resources"]["liveness_capture"].append(load("static_liveness_resource.python-test.json"))
    return converter.structure(data, GetSessionResult)


def test_retrieve_session_results() -> None:
    session_result = session_with_both_liveness_types()

    state = session_result.state
    checks = session_result.checks
    resources = session_result.resources

    assert state == "COMPLETED"
    assert len(checks) == 3
    assert len(resources.liveness_capture) == 2


def test_liveness_checks() -> None:
    session_result = session_with_both_liveness_types()

    seen = []
    for check in session_result.liveness_checks:
        report = check.report
        assert report is not None
        assert report.recommendation is not None
        for breakdown in report.breakdown:
            seen.append(
                (
                    check.id,
                    check.state,
                    check.resources_used,
                    report.recommendation.value,
                    breakdown.sub_check,
                    breakdown.result,
                )
            )

    assert seen == [("<uuid>", "DONE", ("<uuid>",), "APPROVE", "liveness_auth", "PASS")]


def test_liveness_resources() -> None:
    resources = session_with_both_liveness_types().resources

    assert [(liveness.id, liveness.type) for liveness in resources.liveness_capture] == [
        ("<uuid>", "ZOOM"),
        ("bbbbbbb-5717-4562-b3fc-2c963f66afa6", "STATIC"),
    ]
    assert [liveness.liveness_type for liveness in resources.liveness_capture] == ["ZOOM", "STATIC"]


def test_zoom_liveness_resources() -> None:
    resources = session_with_both_liveness_types().resources

    frame_media_ids = []
    for liveness in resources.zoom_liveness_resources:
        assert liveness.id == "<uuid>"
        assert liveness.facemap is not None
        for frame in liveness.frames:
            frame_media = frame.media
            # The guide reads frame_media.id unguarded; frames may have no media.
            if frame_media is not None:
                frame_media_ids.append(frame_media.id)

    assert frame_media_ids == ["<uuid>"] * 3


def test_static_liveness_resources() -> None:
    resources = session_with_both_liveness_types().resources

    media_ids = []
    for liveness in resources.liveness_capture:
        if liveness.type == "STATIC":
            liveness_media = getattr(getattr(liveness, "image", None), "media", None)
            media_ids.append(getattr(liveness_media, "id", None))
    for liveness in resources.static_liveness_resources:
        assert liveness.image is not None
        assert liveness.image.media is not None
        media_ids.append(liveness.image.media.id)

    assert media_ids == ["3fa85f64-5717-4562-b3fc-2c963f66afa6"] * 2
