"""``max_retries`` counts attempts, an abandoned capture is not one, and
`GetSessionResult.liveness_passed` answers Yoti's own question: did at least one attempt's
LIVENESS check approve."""

from __future__ import annotations

import pytest

from yoti_idv.models import GetSessionResult, LivenessCheck, Recommendation, Report
from yoti_idv.testing import EmulatedIDV

from .helpers import create, seed_spec


@pytest.mark.parametrize("liveness", ["STATIC", "ZOOM"])
async def test_the_user_gets_max_retries_attempts_in_all(idv: EmulatedIDV, liveness: str) -> None:
    session_id, _ = await create(idv.client, seed_spec(liveness, max_retries=3))
    await idv.emulator.complete_session(session_id, "spoof")
    session = await idv.client.get_session(session_id)
    assert len(session.liveness_checks) == 3  # three attempts, not one plus three retries
    assert len(session.resources.liveness_capture) == 3
    assert session.liveness_passed is False

    session_id, _ = await create(idv.client, seed_spec(liveness, max_retries=3))
    with pytest.raises(ValueError, match="between 1 and 3"):
        await idv.emulator.complete_session(session_id, "pass", attempts=4)


async def test_a_later_attempt_approves(idv: EmulatedIDV) -> None:
    session_id, _ = await create(idv.client, seed_spec(max_retries=3))
    await idv.emulator.complete_session(session_id, "pass", attempts=3)
    session = await idv.client.get_session(session_id)
    values = [c.report.recommendation.value for c in session.liveness_checks]  # type: ignore[union-attr]
    assert values == ["REJECT", "REJECT", "APPROVE"]
    assert session.liveness_passed is True


async def test_an_abandoned_capture_is_not_an_attempt(idv: EmulatedIDV) -> None:
    session_id, _ = await create(idv.client, seed_spec(max_retries=1))
    before = await idv.client.get_session(session_id)
    assert before.liveness_passed is None  # nothing captured yet
    await idv.emulator.complete_session(session_id, "abandon")
    session = await idv.client.get_session(session_id)
    assert session.state == "EXPIRED"
    assert session.liveness_checks == ()
    assert session.resources.liveness_capture == ()
    assert session.liveness_passed is None


def _check(value: str | None, *, reported: bool = True) -> LivenessCheck:
    report = Report(recommendation=Recommendation(value=value)) if reported else None
    return LivenessCheck(id="c", state="DONE" if reported else "PENDING", report=report)


@pytest.mark.parametrize(
    ("checks", "expected"),
    [
        ((), None),
        ((_check("REJECT"),), False),
        ((_check("REJECT"), _check("APPROVE")), True),
        ((_check("APPROVE"), _check(None, reported=False)), True),
        ((_check("REJECT"), _check(None, reported=False)), None),
        ((_check("NOT_AVAILABLE"),), False),
    ],
)
def test_liveness_passed_semantics(
    checks: tuple[LivenessCheck, ...], expected: bool | None
) -> None:
    assert GetSessionResult(checks=checks).liveness_passed is expected
