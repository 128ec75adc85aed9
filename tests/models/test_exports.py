"""`yoti_idv.models.__all__` is sorted, complete and importable."""

from __future__ import annotations

import inspect

import yoti_idv.models as models

REQUIRED = {
    "Breakdown", "BreakdownDetail", "Check", "CreateSessionResult", "FaceCaptureResource",
    "FaceMap", "Frame", "GeneratedCheck", "GeneratedMedia", "GetSessionResult",
    "IdDocumentResource", "LivenessCheck", "LivenessResource", "MediaContent", "MediaReference",
    "Recommendation", "Report", "ResourceContainer", "ResourceSource", "ShareCodeResource",
    "StaticLivenessResource", "SupplementaryDocumentResource", "SupportedDocumentsResponse",
    "Task", "UnknownCheck", "UnknownLivenessResource", "ZoomLivenessResource",
    "AuthenticityCheck", "TextDataCheck", "SupplementaryDocumentTextDataCheck", "FaceMatchCheck",
    "IdDocumentComparisonCheck", "FaceComparisonCheck", "ThirdPartyIdentityCheck",
    # issue 4: the rest of section 4
    "IdentityProfileResult", "AdvancedIdentityProfileResult", "IdentityProfileReport",
    "AdvancedIdentityProfileReport", "IdentityProfileFailureReason", "RequirementNotMetDetail",
    "IdentityProfilePreview", "ImportToken", "GeneratedTextDataCheck",
    "GeneratedSupplementaryDocumentTextDataCheck", "UnknownGeneratedCheck",
    "ApplicantProfileResource", "SessionConfiguration", "CaptureConfiguration",
    "RequiredResource", "RequiredIdDocumentResource", "RequiredSupplementaryDocumentResource",
    "RequiredLivenessResource", "RequiredZoomLivenessResource", "RequiredStaticLivenessResource",
    "RequiredFaceCaptureResource", "UnknownRequiredResource", "UnknownRequiredLivenessResource",
    "TrackedDevice", "TrackedDevices", "CreateFaceCaptureResourceResponse",
    "InstructionsResponse", "ContactProfileResponse",
}  # fmt: skip


def test_all_is_sorted_and_unique() -> None:
    assert models.__all__ == sorted(set(models.__all__))


def test_all_names_exist() -> None:
    for name in models.__all__:
        assert getattr(models, name) is not None


def test_every_public_class_is_exported() -> None:
    public = {
        name
        for name, value in vars(models).items()
        if inspect.isclass(value)
        and not name.startswith("_")
        and value.__module__.startswith("yoti_idv.models")
    }

    assert public == set(models.__all__)


def test_required_names_are_exported() -> None:
    assert set(models.__all__) >= REQUIRED
