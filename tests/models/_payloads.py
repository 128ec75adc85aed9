"""Payloads for the model tests, with the shapes of Yoti's SDK test data and values of our own.

Each builder returns a fresh copy: tests may change it.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from ._support import load

__all__ = [
    "CONFIGURATION",
    "INSTRUCTIONS",
    "MARCH_29",
    "configuration_payload",
    "full_session",
    "instructions_payload",
    "media",
    "rich_session",
]

MARCH_29 = datetime(2022, 3, 29, 11, 39, 24, tzinfo=UTC)


def media(media_id: str, media_type: str = "JSON") -> dict[str, Any]:
    return {
        "id": media_id,
        "type": media_type,
        "created": "2022-03-29T11:39:24Z",
        "last_updated": "2022-03-29T11:39:24Z",
    }


FAILURE_REASON = {
    "reason_code": "MANDATORY_DOCUMENT_COULD_NOT_BE_PROVIDED",
    "requirements_not_met_details": [
        {
            "failure_type": "ID_DOCUMENT_EXTRACTION",
            "document_type": "PASSPORT",
            "document_country_iso_code": "GBR",
            "audit_id": "audit-1",
            "details": "NOT_APPLICABLE_FOR_SCHEME",
        },
        {"failure_type": "ID_DOCUMENT_AUTHENTICITY", "audit_id": "audit-2"},
    ],
}
IDENTITY_PROFILE = {
    "subject_id": "subject-1",
    "result": "DONE",
    "failure_reason": FAILURE_REASON,
    "identity_profile_report": {
        "trust_framework": "UK_TFIDA",
        "schemes_compliance": [
            {
                "scheme": {"type": "DBS", "objective": "STANDARD"},
                "requirements_met": True,
            },
            {
                "scheme": {"type": "RTW"},
                "requirements_met": False,
                "requirements_not_met_info": "NO_UK_PASSPORT",
            },
        ],
        "media": media("report-media"),
    },
}
ADVANCED_IDENTITY_PROFILE = {
    "subject_id": "subject-2",
    "result": "DONE",
    "identity_profile_report": {
        "compliance": [
            {
                "trust_framework": "UK_TFIDA",
                "schemes_compliance": [
                    {
                        "scheme": {"type": "DBS", "objective": "BASIC", "label": "dbs-basic"},
                        "requirements_met": True,
                    }
                ],
            },
            {
                "trust_framework": "YOTI_GLOBAL",
                "schemes_compliance": [
                    {
                        "scheme": {"type": "IDENTITY", "objective": "AL_L1", "label": "global"},
                        "requirements_met": False,
                        "requirements_not_met_info": "SOMETHING_FAILED",
                        "requirements_not_met_details": [{"failure_type": "MISSING_LIVENESS"}],
                    }
                ],
            },
        ],
        "media": media("advanced-report-media"),
    },
}
ID_DOCUMENT = {
    "id": "doc-1",
    "source": {"type": "END_USER"},
    "document_type": "PASSPORT",
    "issuing_country": "GBR",
    "pages": [
        {
            "capture_method": "CAMERA",
            "media": media("page-1", "IMAGE"),
            "frames": [{"media": media("frame-1", "IMAGE")}, {}],
            "extraction_image_ids": ["page-1", "frame-1"],
        },
        {"capture_method": "UPLOAD", "media": media("page-2", "IMAGE")},
    ],
    "document_fields": {"media": media("fields")},
    "document_id_photo": {"media": media("id-photo", "IMAGE")},
    "expanded_document_fields": {"media": media("expanded-fields")},
    "tasks": [
        {
            "id": "task-1",
            "type": "ID_DOCUMENT_TEXT_DATA_EXTRACTION",
            "state": "DONE",
            "created": "2022-03-29T11:39:24Z",
            "last_updated": "2022-03-29T11:39:24Z",
            "generated_checks": [
                {"id": "check-1", "type": "ID_DOCUMENT_TEXT_DATA_CHECK"},
                {"id": "check-2", "type": "SOME_NEW_GENERATED_CHECK", "extra": [1]},
                {"id": "check-3"},
            ],
            "generated_media": [{"id": "fields", "type": "JSON"}],
            "recommendation": {
                "value": "PROGRESS",
                "reason": {"value": "USER_ERROR", "detail": "COLOUR_PICTURE"},
            },
        }
    ],
}
SUPPLEMENTARY_DOCUMENT = {
    "id": "supp-1",
    "source": {"type": "RELYING_BUSINESS"},
    "document_type": "UTILITY_BILL",
    "issuing_country": "GBR",
    "pages": [{"capture_method": "UPLOAD", "media": media("supp-page", "IMAGE")}],
    "document_fields": {"media": media("supp-fields")},
    "file": {"media": media("supp-file", "PDF")},
    "tasks": [
        {
            "id": "task-2",
            "type": "SUPPLEMENTARY_DOCUMENT_TEXT_DATA_EXTRACTION",
            "state": "DONE",
            "generated_checks": [
                {"id": "check-4", "type": "SUPPLEMENTARY_DOCUMENT_TEXT_DATA_CHECK"},
                {"id": "check-5", "type": "ID_DOCUMENT_TEXT_DATA_CHECK"},
            ],
        }
    ],
}


def full_session() -> dict[str, Any]:
    return copy.deepcopy(
        {
            "session_id": "s",
            "state": "COMPLETED",
            "identity_profile": IDENTITY_PROFILE,
            "advanced_identity_profile": ADVANCED_IDENTITY_PROFILE,
            "identity_profile_preview": {"media": media("preview", "PDF")},
            "advanced_identity_profile_preview": {"media": media("advanced-preview", "PDF")},
            "import_token": {"media": media("import-token"), "failure_reason": None},
            "resources": {
                "id_documents": [ID_DOCUMENT],
                "supplementary_documents": [SUPPLEMENTARY_DOCUMENT],
                "face_capture": [
                    {
                        "id": "face-1",
                        "source": {"type": "RELYING_BUSINESS"},
                        "image": {"media": media("face-image", "IMAGE")},
                        "tasks": [],
                    },
                    {"id": "face-legacy", "photos": [{"media": media("photo", "IMAGE")}]},
                ],
                "applicant_profiles": [
                    {
                        "id": "applicant-1",
                        "source": {"type": "IBV"},
                        "media": media("applicant-profile"),
                        "tasks": [],
                    }
                ],
            },
        }
    )


END_USER = {"type": "END_USER"}
RELYING_BUSINESS = {"type": "RELYING_BUSINESS"}
CONFIGURATION: dict[str, Any] = {
    "client_session_token_ttl": 599,
    "session_id": "session-1",
    "requested_checks": ["ID_DOCUMENT_AUTHENTICITY", "LIVENESS", "FACE_COMPARISON"],
    "capture": {
        "biometric_consent": "REQUIRED",
        "required_resources": [
            {
                "type": "ID_DOCUMENT",
                "id": "req-id-doc",
                "state": "REQUIRED",
                "allowed_sources": [END_USER, RELYING_BUSINESS],
                "supported_countries": [
                    {
                        "code": "GBR",
                        "supported_documents": [
                            {"type": "PASSPORT"},
                            {"type": "DRIVING_LICENCE", "is_strictly_latin": True},
                        ],
                    },
                    {"code": "IRL"},
                ],
                "allowed_capture_methods": "CAMERA_AND_UPLOAD",
                "attempts_remaining": {"GENERIC": 3, "RECLASSIFICATION": 2},
                "requested_tasks": [
                    {"type": "ID_DOCUMENT_TEXT_DATA_EXTRACTION", "state": "REQUIRED"}
                ],
            },
            {
                "type": "SUPPLEMENTARY_DOCUMENT",
                "id": "req-supp",
                "state": "REQUIRED",
                "allowed_sources": [END_USER],
                "document_types": ["UTILITY_BILL", "BANK_STATEMENT"],
                "country_codes": ["GBR"],
                "objective": {"type": "UK_DBS"},
                "requested_tasks": [],
            },
            {
                "type": "LIVENESS",
                "id": "req-zoom",
                "state": "REQUIRED",
                "liveness_type": "ZOOM",
                "allowed_sources": [END_USER],
            },
            {"type": "LIVENESS", "id": "req-static", "liveness_type": "STATIC"},
            {
                "type": "LIVENESS",
                "id": "req-new-liveness",
                "liveness_type": "HOLOGRAPHIC",
                "hologram_config": {"a": 1},
            },
            {
                "type": "FACE_CAPTURE",
                "id": "req-face",
                "state": "REQUIRED",
                "allowed_sources": [RELYING_BUSINESS],
            },
            {"type": "VOICE_SAMPLE", "id": "req-voice", "sample_seconds": 5},
        ],
    },
    "sdk_config": {"suppressed_screens": ["ID_DOCUMENT_EDUCATION", 3], "primary_colour": "#000"},
}


INSTRUCTIONS: dict[str, Any] = {
    "contact_profile_exists": True,
    "documents": [
        {
            "requirement_id": "req-1",
            "document": {"type": "ID_DOCUMENT", "country_code": "GBR", "document_type": "PASSPORT"},
        },
        {
            "requirement_id": "req-2",
            "document": {
                "type": "SUPPLEMENTARY_DOCUMENT",
                "country_code": "GBR",
                "document_type": "UTILITY_BILL",
            },
        },
    ],
    "branch": {
        "type": "UK_POST_OFFICE",
        "fad_code": "1234567",
        "name": "High Street",
        "address": "1 High Street, London",
        "post_code": "SW1A 1AA",
        "location": {"latitude": 51.5, "longitude": -0.1275},
    },
}


def configuration_payload() -> dict[str, Any]:
    """A session configuration with every kind of requirement, and two unknown ones."""
    return copy.deepcopy(CONFIGURATION)


def instructions_payload() -> dict[str, Any]:
    """Instructions with two documents and a UK Post Office branch."""
    return copy.deepcopy(INSTRUCTIONS)


def rich_session() -> dict[str, Any]:
    """The completed ZOOM session fixture with everything else a session can hold added."""
    data: dict[str, Any] = load("get_session_completed_zoom_liveness.python.json")
    data["biometric_consent"] = "2022-03-29T11:39:08.473Z"
    data["resources"]["liveness_capture"].append(load("static_liveness_resource.python-test.json"))
    data["resources"]["share_codes"] = [load("share_code_resource.python-test.json")]
    data["checks"].append({"type": "SOMETHING_NEW", "id": "n"})
    extra = full_session()
    for key in (
        "identity_profile",
        "advanced_identity_profile",
        "identity_profile_preview",
        "advanced_identity_profile_preview",
        "import_token",
    ):
        data[key] = extra[key]
    for key, resources in extra["resources"].items():
        data["resources"].setdefault(key, []).extend(resources)
    return data
