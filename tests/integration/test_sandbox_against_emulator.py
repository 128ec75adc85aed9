"""A sandbox script, unchanged, against the emulator: `AsyncSandboxClient` pointed at it,
response configs built with the sandbox builders, the user completing, the configured
results read back with the same client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from yoti_idv.emulator import DemoApplication, Emulator, ManualClock
from yoti_idv.errors import AuthenticationError, BadRequestError
from yoti_idv.models import CheckState, LivenessCheck, TextExtractionTask
from yoti_idv.sandbox import (
    AsyncSandboxClient,
    SandboxBreakdownBuilder,
    SandboxCheckReportsBuilder,
    SandboxDocumentAuthenticityCheckBuilder,
    SandboxDocumentFilterBuilder,
    SandboxDocumentTextDataExtractionTaskBuilder,
    SandboxRecommendationBuilder,
    SandboxResponseConfig,
    SandboxResponseConfigBuilder,
    SandboxStaticLivenessCheckBuilder,
    SandboxTaskResultsBuilder,
    SandboxTextDataExtractionRecommendationBuilder,
)
from yoti_idv.specs import (
    RequestedDocumentAuthenticityCheckBuilder,
    RequestedLivenessCheckBuilder,
    RequestedTextExtractionTaskBuilder,
    SessionSpec,
    SessionSpecBuilder,
)

from .helpers import create, seed_spec


@pytest.fixture
def emulator(clock: ManualClock) -> Emulator:
    return Emulator(clock=clock)


@pytest.fixture
def app(emulator: Emulator) -> DemoApplication:
    return emulator.create_demo_application()


@pytest.fixture
async def sandbox(emulator: Emulator, app: DemoApplication) -> AsyncIterator[AsyncSandboxClient]:
    async with AsyncSandboxClient(
        app.sdk_id, app.private_key, base_url=emulator.base_url, transport=emulator.transport()
    ) as client:
        yield client


def static_liveness(value: str, *, reason: str | None = None) -> SandboxResponseConfig:
    recommendation = SandboxRecommendationBuilder().with_value(value)
    if reason is not None:
        recommendation = recommendation.with_reason(reason)
    breakdown = (
        SandboxBreakdownBuilder()
        .with_sub_check("liveness_auth")
        .with_result("FAIL" if value == "REJECT" else "PASS")
        .with_detail("confidence_score", "0.10")
        .build()
    )
    check = (
        SandboxStaticLivenessCheckBuilder()
        .with_recommendation(recommendation.build())
        .with_breakdown(breakdown)
        .build()
    )
    reports = SandboxCheckReportsBuilder().with_liveness_check(check).build()
    return SandboxResponseConfigBuilder().with_check_reports(reports).build()


def liveness_values(checks: tuple[LivenessCheck, ...]) -> list[str | None]:
    return [
        c.report.recommendation.value if c.report and c.report.recommendation else None
        for c in checks
    ]


async def test_a_configured_reject_with_breakdown_is_what_the_session_reports(
    emulator: Emulator, sandbox: AsyncSandboxClient
) -> None:
    session_id, _ = await create(sandbox, seed_spec("STATIC"))
    await sandbox.configure_session_response(
        session_id, static_liveness("REJECT", reason="LIVENESS_FAILED")
    )
    await emulator.complete_session(session_id, "pass")

    session = await sandbox.get_session(session_id)
    assert session.state == "COMPLETED"
    (check,) = session.liveness_checks
    assert check.state == CheckState.DONE
    assert check.report is not None
    assert check.report.recommendation is not None
    assert check.report.recommendation.value == "REJECT"
    assert check.report.recommendation.reason == "LIVENESS_FAILED"
    (breakdown,) = check.report.breakdown
    assert (breakdown.sub_check, breakdown.result) == ("liveness_auth", "FAIL")
    assert [(d.name, d.value) for d in breakdown.details] == [("confidence_score", "0.10")]
    (resource,) = session.resources_for_check(check)
    assert resource in session.resources.liveness_capture


async def test_an_application_config_applies_to_the_next_session(
    emulator: Emulator, sandbox: AsyncSandboxClient
) -> None:
    earlier, _ = await create(sandbox, seed_spec("STATIC"))
    await sandbox.configure_application_response(static_liveness("REJECT"))
    later, _ = await create(sandbox, seed_spec("STATIC"))
    for session_id in (earlier, later):
        await emulator.complete_session(session_id, "pass")
    assert liveness_values((await sandbox.get_session(earlier)).liveness_checks) == ["APPROVE"]
    assert liveness_values((await sandbox.get_session(later)).liveness_checks) == ["REJECT"]


async def test_async_report_delay_keeps_reports_pending_until_the_clock_moves(
    emulator: Emulator, sandbox: AsyncSandboxClient, clock: ManualClock
) -> None:
    session_id, _ = await create(sandbox, seed_spec("STATIC"))
    approve = SandboxRecommendationBuilder().with_value("APPROVE").build()
    reports = (
        SandboxCheckReportsBuilder()
        .with_liveness_check(
            SandboxStaticLivenessCheckBuilder().with_recommendation(approve).build()
        )
        .with_async_report_delay(60)
        .build()
    )
    config = SandboxResponseConfigBuilder().with_check_reports(reports).build()
    await sandbox.configure_session_response(session_id, config)
    await emulator.complete_session(session_id, "pass")

    (pending,) = (await sandbox.get_session(session_id)).checks
    assert pending.state != CheckState.DONE
    assert pending.report is None
    clock.advance(60)
    (done,) = (await sandbox.get_session(session_id)).liveness_checks
    assert done.state == CheckState.DONE
    assert liveness_values((done,)) == ["APPROVE"]


def document_spec() -> SessionSpec:
    return (
        SessionSpecBuilder()
        .with_requested_check(
            RequestedLivenessCheckBuilder().for_static_liveness().with_max_retries(1).build()
        )
        .with_requested_check(RequestedDocumentAuthenticityCheckBuilder().build())
        .with_requested_task(RequestedTextExtractionTaskBuilder().with_manual_check_never().build())
        .build()
    )


async def test_document_checks_and_text_extraction_from_the_builders(
    emulator: Emulator, sandbox: AsyncSandboxClient
) -> None:
    session_id, _ = await create(sandbox, document_spec())
    passport = SandboxDocumentFilterBuilder().with_document_type("PASSPORT").build()
    reject = SandboxRecommendationBuilder().with_value("REJECT").with_reason("FRAUD").build()
    task = (
        SandboxDocumentTextDataExtractionTaskBuilder()
        .with_document_fields({"full_name": "Ada Lovelace", "date_of_birth": "1815-12-10"})
        .with_detected_country("IRL")
        .with_recommendation(
            SandboxTextDataExtractionRecommendationBuilder().for_progress().build()
        )
        .with_document_filter(passport)
        .build()
    )
    config = (
        SandboxResponseConfigBuilder()
        .with_check_reports(
            SandboxCheckReportsBuilder()
            .with_document_authenticity_check(
                SandboxDocumentAuthenticityCheckBuilder()
                .with_recommendation(reject)
                .with_document_filter(passport)
                .build()
            )
            .build()
        )
        .with_task_results(SandboxTaskResultsBuilder().with_text_extraction_task(task).build())
        .build()
    )
    await sandbox.configure_session_response(session_id, config)
    await emulator.complete_session(session_id, "pass")

    session = await sandbox.get_session(session_id)
    (authenticity,) = session.authenticity_checks
    assert authenticity.report is not None
    assert authenticity.report.recommendation is not None
    assert (
        authenticity.report.recommendation.value,
        authenticity.report.recommendation.reason,
    ) == (
        "REJECT",
        "FRAUD",
    )
    (document,) = session.resources.id_documents
    assert document.issuing_country == "IRL"
    (extraction,) = document.tasks
    assert isinstance(extraction, TextExtractionTask)
    assert extraction.recommendation is not None
    assert extraction.recommendation.value == "PROGRESS"
    assert document.document_fields is not None
    assert document.document_fields.media is not None
    media = await sandbox.get_media_content(session_id, document.document_fields.media.id or "")
    assert media is not None
    assert media.json() == {"full_name": "Ada Lovelace", "date_of_birth": "1815-12-10"}


async def test_a_config_the_emulator_refuses_is_an_sdk_error(
    sandbox: AsyncSandboxClient, emulator: Emulator
) -> None:
    session_id, _ = await create(sandbox, seed_spec("STATIC"))
    with pytest.raises(BadRequestError) as refused:
        await sandbox.configure_session_response(
            session_id, {"check_reports": {"LIVENESS": [{"result": {}}]}}
        )
    assert [e.property for e in refused.value.property_errors] == [
        "check_reports.LIVENESS[0].liveness_type"
    ]
    stranger = emulator.create_demo_application()
    async with AsyncSandboxClient(
        app_id := stranger.sdk_id,
        emulator.create_demo_application().private_key,  # not that app's key
        base_url=emulator.base_url,
        transport=emulator.transport(),
    ) as impostor:
        with pytest.raises(AuthenticationError):
            await impostor.configure_application_response(static_liveness("REJECT"))
    assert emulator.response_configs.for_new_session(app_id) is None
