"""`yoti_idv.__all__` stays honest: complete, importable, sorted, and nothing private."""

from __future__ import annotations

import importlib

import pytest

import yoti_idv

# Subpackages and modules whose whole public surface is re-exported at the top level.
FULLY_REEXPORTED = [
    "yoti_idv.specs",
    "yoti_idv.models",
    "yoti_idv.errors",
    "yoti_idv.notifications",
]


def test_every_exported_name_exists() -> None:
    missing = [name for name in yoti_idv.__all__ if not hasattr(yoti_idv, name)]
    assert missing == []


def test_all_is_sorted_and_has_no_duplicates() -> None:
    names = list(yoti_idv.__all__)
    assert len(names) == len(set(names))
    assert names == sorted(names, key=lambda n: (n.lower(), n))


def test_nothing_private_is_exported() -> None:
    assert [n for n in yoti_idv.__all__ if n.startswith("_") and n != "__version__"] == []


@pytest.mark.parametrize("module_name", FULLY_REEXPORTED)
def test_public_names_of_subpackages_are_reexported(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert sorted(set(module.__all__) - set(yoti_idv.__all__)) == []
    for name in module.__all__:
        assert getattr(yoti_idv, name) is getattr(module, name)


def test_the_seed_and_issue_names_are_importable() -> None:
    # The names of the public contract (issue 2) and of the later issues.
    for name in [
        "AsyncIDVClient",
        "IDVClient",
        "PrivateKey",
        "converter",
        "RetryPolicy",
        "SessionSpec",
        "SdkConfig",
        "NotificationConfig",
        "RequestedLivenessCheck",
        "LivenessType",
        "RequestedFaceMatchCheck",
        "RequestedDocumentAuthenticityCheck",
        "RequestedTextExtractionTask",
        "RequiredIdDocument",
        "SessionSpecBuilder",
        "SdkConfigBuilder",
        "NotificationConfigBuilder",
        "RequestedLivenessCheckBuilder",
        "CreateSessionResult",
        "GetSessionResult",
        "ResourceContainer",
        "LivenessResource",
        "ZoomLivenessResource",
        "StaticLivenessResource",
        "UnknownLivenessResource",
        "LivenessCheck",
        "UnknownCheck",
        "MediaContent",
        "YotiIDVError",
        "ConfigurationError",
        "SpecValidationError",
        "APIConnectionError",
        "APITimeoutError",
        "APIStatusError",
        "ResponseValidationError",
        "parse_notification",
        "verify_notification_auth",
    ]:
        assert name in yoti_idv.__all__, name


def test_importing_the_package_does_not_import_the_emulator_extra() -> None:
    import subprocess
    import sys

    code = "import sys, yoti_idv; print('starlette' in sys.modules, 'uvicorn' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]
