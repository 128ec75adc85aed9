"""Yoti's IDV sandbox: a client that tells it what to answer, and the response configs.

The sandbox is Yoti's test service: sessions are created and read as usual (an
`yoti_idv.AsyncIDVClient` pointed at `DEFAULT_SANDBOX_BASE_URL`), and
`AsyncSandboxClient` sets what the checks and tasks of a session, or of every new session,
will report. The same response configs work against the local emulator, so a sandbox
script runs locally unchanged::

    approve = SandboxRecommendationBuilder().with_value("APPROVE").build()
    config = (
        SandboxResponseConfigBuilder()
        .with_check_reports(
            SandboxCheckReportsBuilder()
            .with_liveness_check(
                SandboxStaticLivenessCheckBuilder().with_recommendation(approve).build()
            )
            .with_async_report_delay(5)
            .build()
        )
        .build()
    )
    async with AsyncSandboxClient(sdk_id, key_path) as sandbox:
        await sandbox.configure_session_response(session_id, config)

The builders follow Yoti's Python sandbox package method for method, completed with what
only the Java and Go sandboxes have (STATIC liveness, ``response_delay``, the Java-only
check types, report and result templates). Every value is frozen and validated like a
session spec: a wrong one raises `yoti_idv.errors.SpecValidationError` naming the field.
"""

from __future__ import annotations

from ._checks import (
    SandboxCaProfileSourcesFilter,
    SandboxCaSourcesFilter,
    SandboxCaTypeListSourcesFilter,
    SandboxCheck,
    SandboxDocumentAuthenticityCheck,
    SandboxDocumentAuthenticityCheckBuilder,
    SandboxDocumentCheck,
    SandboxDocumentFaceMatchCheck,
    SandboxDocumentFaceMatchCheckBuilder,
    SandboxDocumentTextDataCheck,
    SandboxDocumentTextDataCheckBuilder,
    SandboxFaceComparisonCheck,
    SandboxFaceComparisonCheckBuilder,
    SandboxIdDocumentComparisonCheck,
    SandboxIdDocumentComparisonCheckBuilder,
    SandboxLivenessCheck,
    SandboxLivenessCheckBuilder,
    SandboxStaticLivenessCheckBuilder,
    SandboxSupplementaryDocumentTextDataCheck,
    SandboxSupplementaryDocumentTextDataCheckBuilder,
    SandboxSynecticsIdentityFraudCheck,
    SandboxSynecticsIdentityFraudCheckBuilder,
    SandboxThirdPartyIdentityCheck,
    SandboxThirdPartyIdentityCheckBuilder,
    SandboxThirdPartyIdentityFraudOneCheck,
    SandboxThirdPartyIdentityFraudOneCheckBuilder,
    SandboxWatchlistAdvancedCaCheck,
    SandboxWatchlistAdvancedCaCheckBuilder,
    SandboxWatchlistScreeningCheck,
    SandboxWatchlistScreeningCheckBuilder,
    SandboxZoomLivenessCheckBuilder,
)
from ._client import (
    DEFAULT_SANDBOX_BASE_URL,
    AsyncSandboxClient,
)
from ._report import (
    SandboxBreakdown,
    SandboxBreakdownBuilder,
    SandboxCheckReport,
    SandboxCheckResult,
    SandboxDetail,
    SandboxDocumentFilter,
    SandboxDocumentFilterBuilder,
    SandboxRecommendation,
    SandboxRecommendationBuilder,
    SandboxTextDataCheckResult,
)
from ._response_config import (
    SandboxCheckReports,
    SandboxCheckReportsBuilder,
    SandboxResponseConfig,
    SandboxResponseConfigBuilder,
    SandboxTaskResults,
    SandboxTaskResultsBuilder,
)
from ._tasks import (
    SandboxDocumentIdPhoto,
    SandboxDocumentTextDataExtractionTask,
    SandboxDocumentTextDataExtractionTaskBuilder,
    SandboxDocumentTextDataExtractionTaskResult,
    SandboxSupplementaryDocumentTextDataExtractionTask,
    SandboxSupplementaryDocumentTextDataExtractionTaskBuilder,
    SandboxSupplementaryDocumentTextDataExtractionTaskResult,
    SandboxTextDataExtractionReason,
    SandboxTextDataExtractionReasonBuilder,
    SandboxTextDataExtractionRecommendation,
    SandboxTextDataExtractionRecommendationBuilder,
    TextExtractionReasonValue,
    TextExtractionRecommendationValue,
)

__all__ = [
    "DEFAULT_SANDBOX_BASE_URL",
    "AsyncSandboxClient",
    "SandboxBreakdown",
    "SandboxBreakdownBuilder",
    "SandboxCaProfileSourcesFilter",
    "SandboxCaSourcesFilter",
    "SandboxCaTypeListSourcesFilter",
    "SandboxCheck",
    "SandboxCheckReport",
    "SandboxCheckReports",
    "SandboxCheckReportsBuilder",
    "SandboxCheckResult",
    "SandboxDetail",
    "SandboxDocumentAuthenticityCheck",
    "SandboxDocumentAuthenticityCheckBuilder",
    "SandboxDocumentCheck",
    "SandboxDocumentFaceMatchCheck",
    "SandboxDocumentFaceMatchCheckBuilder",
    "SandboxDocumentFilter",
    "SandboxDocumentFilterBuilder",
    "SandboxDocumentIdPhoto",
    "SandboxDocumentTextDataCheck",
    "SandboxDocumentTextDataCheckBuilder",
    "SandboxDocumentTextDataExtractionTask",
    "SandboxDocumentTextDataExtractionTaskBuilder",
    "SandboxDocumentTextDataExtractionTaskResult",
    "SandboxFaceComparisonCheck",
    "SandboxFaceComparisonCheckBuilder",
    "SandboxIdDocumentComparisonCheck",
    "SandboxIdDocumentComparisonCheckBuilder",
    "SandboxLivenessCheck",
    "SandboxLivenessCheckBuilder",
    "SandboxRecommendation",
    "SandboxRecommendationBuilder",
    "SandboxResponseConfig",
    "SandboxResponseConfigBuilder",
    "SandboxStaticLivenessCheckBuilder",
    "SandboxSupplementaryDocumentTextDataCheck",
    "SandboxSupplementaryDocumentTextDataCheckBuilder",
    "SandboxSupplementaryDocumentTextDataExtractionTask",
    "SandboxSupplementaryDocumentTextDataExtractionTaskBuilder",
    "SandboxSupplementaryDocumentTextDataExtractionTaskResult",
    "SandboxSynecticsIdentityFraudCheck",
    "SandboxSynecticsIdentityFraudCheckBuilder",
    "SandboxTaskResults",
    "SandboxTaskResultsBuilder",
    "SandboxTextDataCheckResult",
    "SandboxTextDataExtractionReason",
    "SandboxTextDataExtractionReasonBuilder",
    "SandboxTextDataExtractionRecommendation",
    "SandboxTextDataExtractionRecommendationBuilder",
    "SandboxThirdPartyIdentityCheck",
    "SandboxThirdPartyIdentityCheckBuilder",
    "SandboxThirdPartyIdentityFraudOneCheck",
    "SandboxThirdPartyIdentityFraudOneCheckBuilder",
    "SandboxWatchlistAdvancedCaCheck",
    "SandboxWatchlistAdvancedCaCheckBuilder",
    "SandboxWatchlistScreeningCheck",
    "SandboxWatchlistScreeningCheckBuilder",
    "SandboxZoomLivenessCheckBuilder",
    "TextExtractionReasonValue",
    "TextExtractionRecommendationValue",
]
