"""Every public package's `__all__` stays honest: sorted, complete, importable, not private.

One place for the export checks of the package and its public subpackages (in the manner of
httpx's ``tests/test_exported_members.py``).
"""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

import yoti_idv
from yoti_idv.testing import make_key_pair

PUBLIC_PACKAGES = [
    "yoti_idv",
    "yoti_idv.auth",
    "yoti_idv.errors",
    "yoti_idv.models",
    "yoti_idv.notifications",
    "yoti_idv.sandbox",
    "yoti_idv.specs",
]

# Subpackages and modules whose whole public surface is re-exported at the top level.
FULLY_REEXPORTED = [
    "yoti_idv.errors",
    "yoti_idv.models",
    "yoti_idv.notifications",
    "yoti_idv.specs",
]

SPECS_REQUIRED = {
    "SessionSpec",
    "SdkConfig",
    "NotificationConfig",
    "RequestedLivenessCheck",
    "LivenessType",
    "RequestedFaceMatchCheck",
    "RequestedDocumentAuthenticityCheck",
    "RequestedTextExtractionTask",
    "RequiredIdDocument",
    "ManualCheck",
    "NotificationTopic",
    "NotificationAuthType",
    "ChipData",
    "AllowedCaptureMethods",
    "SessionSpecBuilder",
    "SdkConfigBuilder",
    "NotificationConfigBuilder",
    "RequestedLivenessCheckBuilder",
    "RequestedFaceMatchCheckBuilder",
    "RequestedDocumentAuthenticityCheckBuilder",
    "RequestedTextExtractionTaskBuilder",
    "RequiredIdDocumentBuilder",
}

MODELS_REQUIRED = {
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


def _module(name: str) -> ModuleType:
    return importlib.import_module(name)


def _isort_key(name: str) -> tuple[int, str]:
    """The order of ruff's RUF022: CONSTANTS, then Classes, then the rest."""
    return (0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2, name)


@pytest.mark.parametrize("package", PUBLIC_PACKAGES)
def test_all_is_sorted_unique_and_importable(package: str) -> None:
    module = _module(package)
    names = list(module.__all__)
    assert names == sorted(set(names), key=_isort_key)
    assert [name for name in names if not hasattr(module, name)] == []
    assert [name for name in names if name.startswith("_") and name != "__version__"] == []


@pytest.mark.parametrize(
    "package", ["yoti_idv.auth", "yoti_idv.models", "yoti_idv.sandbox", "yoti_idv.specs"]
)
def test_every_public_class_and_function_of_a_package_is_exported(package: str) -> None:
    module = _module(package)
    public = {
        name
        for name, value in vars(module).items()
        if (inspect.isclass(value) or inspect.isfunction(value))
        and not name.startswith("_")
        and value.__module__.startswith("yoti_idv")
    }
    assert sorted(public - set(module.__all__)) == []


@pytest.mark.parametrize("package", FULLY_REEXPORTED)
def test_public_names_of_subpackages_are_reexported(package: str) -> None:
    module = _module(package)
    assert sorted(set(module.__all__) - set(yoti_idv.__all__)) == []
    for name in module.__all__:
        assert getattr(yoti_idv, name) is getattr(module, name), name


def test_the_names_the_issues_promise_are_exported() -> None:
    assert sorted(SPECS_REQUIRED - set(_module("yoti_idv.specs").__all__)) == []
    assert sorted(MODELS_REQUIRED - set(_module("yoti_idv.models").__all__)) == []
    sandbox = {"SandboxResponseConfig", "SandboxResponseConfigBuilder", "AsyncSandboxClient"}
    assert sorted(sandbox - set(_module("yoti_idv.sandbox").__all__)) == []


def test_the_seed_names_are_exported_at_the_top() -> None:
    # The public contract of issue 2: the specs and models promised above, and these.
    top = {
        "AsyncIDVClient",
        "IDVClient",
        "PrivateKey",
        "converter",
        "RetryPolicy",
        "YotiIDVError",
        "ConfigurationError",
        "SpecValidationError",
        "APIConnectionError",
        "APITimeoutError",
        "APIStatusError",
        "ResponseValidationError",
        "parse_notification",
        "verify_notification_auth",
    }
    assert sorted((top | SPECS_REQUIRED | MODELS_REQUIRED) - set(yoti_idv.__all__)) == []


def test_from_import_and_star_import_give_the_same_objects() -> None:
    from yoti_idv import AsyncIDVClient, GetSessionResult, SessionSpecBuilder, converter
    from yoti_idv.client import AsyncIDVClient as DefinedClient
    from yoti_idv.conversion import converter as defined_converter

    namespace: dict[str, object] = {}
    exec("from yoti_idv import *", namespace)  # noqa: S102  (a constant statement)
    assert AsyncIDVClient is DefinedClient is namespace["AsyncIDVClient"]
    assert converter is defined_converter is namespace["converter"]
    assert GetSessionResult is namespace["GetSessionResult"]
    assert SessionSpecBuilder is namespace["SessionSpecBuilder"]
    assert set(namespace) - {"__builtins__"} == set(yoti_idv.__all__)


def _run(code: str) -> list[str]:
    """Run `code` in a fresh interpreter; return the lines it prints."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_importing_the_package_leaves_out_the_extras_and_the_tools() -> None:
    # The emulator, the aiohttp transport, the CLI and the pytest plugin load only when used.
    loaded = _run(
        """
        import sys
        import yoti_idv
        print(*sorted(sys.modules))
        """
    )
    for absent in (
        "starlette",
        "uvicorn",
        "aiohttp",
        "pytest",
        "yoti_idv.emulator",
        "yoti_idv.transports",
        "yoti_idv.cli",
        "yoti_idv.sandbox",
        "yoti_idv.testing",
    ):
        assert absent not in loaded


def test_first_use_imports_only_what_it_uses(tmp_path: Path) -> None:
    """A client and a session spec (first use, benchmarks item 6) leave out what they do not
    need: the response models and cattrs, bearer tokens, webhooks, the sync client and the
    bodies of the IBV and face-capture endpoints, each imported when its name is first used."""
    key = tmp_path / "key.pem"
    key.write_bytes(make_key_pair().private_key_pem)
    loaded = _run(
        f"""
        import sys
        from yoti_idv import AsyncIDVClient, RequestedLivenessCheckBuilder, SessionSpecBuilder
        AsyncIDVClient("sdk", {str(key)!r})
        print(*sorted(sys.modules))
        """
    )
    for absent in (
        "cattrs",
        "yoti_idv.models",
        "yoti_idv.conversion",
        "yoti_idv.auth.bearer",
        "yoti_idv.auth.token_cache",
        "yoti_idv.notifications",
        "yoti_idv.sync_client",
        "yoti_idv.specs._instructions",
        "yoti_idv.specs._face_capture",
    ):
        assert absent not in loaded
    # ... and each is there once its name is used.
    used = _run(
        """
        import sys
        import yoti_idv
        yoti_idv.BearerTokenAuth, yoti_idv.IDVClient, yoti_idv.InstructionsPayload
        yoti_idv.parse_notification, yoti_idv.GetSessionResult, yoti_idv.converter
        print(*sorted(sys.modules))
        """
    )
    for present in (
        "yoti_idv.auth.bearer",
        "yoti_idv.sync_client",
        "yoti_idv.specs._instructions",
        "yoti_idv.notifications",
        "yoti_idv.models",
        "yoti_idv.conversion",
    ):
        assert present in used


def test_the_public_submodules_are_reachable_as_attributes() -> None:
    printed = _run(
        """
        import yoti_idv
        print(yoti_idv.errors.APIError.__name__, yoti_idv.models.GetSessionResult.__name__)
        print(yoti_idv.specs.SessionSpec is yoti_idv.SessionSpec)
        print(type(yoti_idv.converter).__name__)
        """
    )
    assert printed == ["APIError", "GetSessionResult", "True", "Converter"]
