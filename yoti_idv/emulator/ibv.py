"""In-Branch Verification (IBV) instructions: validation, the stored form, and the PDF.

``PUT /sessions/{id}/instructions`` (Yoti's Java and PHP SDKs send it) tells Yoti which
documents the
user will bring to which branch, and optionally who the user is (the contact profile that
the instructions email goes to). The emulator accepts it only for a session whose spec asks for
IBV (``ibv_options.support`` ``MANDATORY``), judges it like ``POST /sessions``
(400 ``PAYLOAD_VALIDATION`` with every property error at once), and keeps it; a second PUT
replaces the first. From it come ``GET …/instructions``, the contact profile and
a one-page PDF.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from yoti_idv.vocabulary.iso3166 import ISO_3166_ALPHA_3_CODES

from .json_input import JsonInputError, load_json
from .media import make_pdf
from .responses import PropertyProblem
from .validation import PayloadInvalid

__all__ = [
    "BRANCH_TYPES",
    "ibv_allowed",
    "instructions_json",
    "instructions_pdf",
    "validate_instructions",
]

BRANCH_TYPES = frozenset({"UK_POST_OFFICE"})
_DOCUMENT_TYPES = frozenset({"ID_DOCUMENT", "SUPPLEMENTARY_DOCUMENT"})
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_CONTACT_FIELDS = ("first_name", "last_name", "email")
_BRANCH_TEXT_FIELDS = ("fad_code", "name", "address", "post_code")


def ibv_allowed(spec: Mapping[str, Any]) -> bool:
    """Whether the session's spec has the user verify in a branch."""
    options = spec.get("ibv_options")
    return isinstance(options, Mapping) and options.get("support") == "MANDATORY"


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class _Checker:
    def __init__(self, requirements: Iterable[Mapping[str, Any]]) -> None:
        self.requirement_types = {
            str(r.get("id")): str(r.get("type"))
            for r in requirements
            if r.get("type") in _DOCUMENT_TYPES
        }
        self.problems: list[PropertyProblem] = []

    def fail(self, prop: str, message: str) -> None:
        self.problems.append(PropertyProblem(prop, message))

    def text(self, obj: Mapping[str, Any], key: str, prop: str, *, required: bool) -> str | None:
        value = obj.get(key)
        if value is None:
            if required:
                self.fail(prop, "must be provided")
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(prop, "must be a non-empty string")
            return None
        return value

    def contact_profile(self, value: object) -> None:
        if value is None:
            return
        if not isinstance(value, Mapping):
            self.fail("contact_profile", "must be an object")
            return
        for key in _CONTACT_FIELDS:
            text = self.text(value, key, f"contact_profile.{key}", required=True)
            if key == "email" and text is not None and not _EMAIL.fullmatch(text):
                self.fail("contact_profile.email", "must be an email address")

    def documents(self, value: object) -> None:
        if value is None:
            return
        if not isinstance(value, list):
            self.fail("documents", "must be an array")
            return
        for i, proposal in enumerate(value):
            prop = f"documents[{i}]"
            if not isinstance(proposal, Mapping):
                self.fail(prop, "must be an object")
                continue
            requirement_id = self.text(
                proposal, "requirement_id", f"{prop}.requirement_id", required=True
            )
            expected = self.requirement_types.get(requirement_id or "")
            if requirement_id is not None and expected is None:
                self.fail(
                    f"{prop}.requirement_id",
                    "must be the id of a document requirement of this session "
                    "(see GET /sessions/{id}/configuration)",
                )
            document = proposal.get("document")
            if not isinstance(document, Mapping):
                self.fail(
                    f"{prop}.document",
                    "must be provided" if document is None else "must be an object",
                )
                continue
            doc_type = self.text(document, "type", f"{prop}.document.type", required=True)
            if doc_type is not None:
                if doc_type not in _DOCUMENT_TYPES:
                    self.fail(
                        f"{prop}.document.type",
                        "must be one of ID_DOCUMENT, SUPPLEMENTARY_DOCUMENT",
                    )
                elif expected is not None and doc_type != expected:
                    self.fail(
                        f"{prop}.document.type", f"must be {expected}, the requirement's type"
                    )
            country = self.text(
                document, "country_code", f"{prop}.document.country_code", required=True
            )
            if country is not None and country not in ISO_3166_ALPHA_3_CODES:
                self.fail(
                    f"{prop}.document.country_code", "must be an ISO 3166-1 alpha-3 country code"
                )
            self.text(document, "document_type", f"{prop}.document.document_type", required=True)

    def branch(self, value: object) -> None:
        if value is None:
            return
        if not isinstance(value, Mapping):
            self.fail("branch", "must be an object")
            return
        branch_type = self.text(value, "type", "branch.type", required=True)
        if branch_type is not None and branch_type not in BRANCH_TYPES:
            self.fail("branch.type", "must be one of " + ", ".join(sorted(BRANCH_TYPES)))
        for key in _BRANCH_TEXT_FIELDS:
            self.text(value, key, f"branch.{key}", required=False)
        location = value.get("location")
        if location is None:
            return
        if not isinstance(location, Mapping):
            self.fail("branch.location", "must be an object")
            return
        for key, limit in (("latitude", 90), ("longitude", 180)):
            number = location.get(key)
            prop = f"branch.location.{key}"
            if number is None:
                self.fail(prop, "must be provided")
            elif not _is_number(number):
                self.fail(prop, "must be a number")
            elif not -limit <= number <= limit:
                self.fail(prop, f"must be between -{limit} and {limit}")


def validate_instructions(raw: bytes, requirements: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Parse and judge a ``PUT …/instructions`` body; `PayloadInvalid` lists every problem."""
    if not raw.strip():
        raise PayloadInvalid([PropertyProblem("body", "must be a JSON object (the body is empty)")])
    try:
        body = load_json(raw)
    except JsonInputError as exc:
        raise PayloadInvalid([PropertyProblem("body", str(exc))]) from None
    if not isinstance(body, dict):
        raise PayloadInvalid([PropertyProblem("body", "must be a JSON object")])
    checker = _Checker(requirements)
    checker.contact_profile(body.get("contact_profile"))
    checker.documents(body.get("documents"))
    checker.branch(body.get("branch"))
    if checker.problems:
        raise PayloadInvalid(checker.problems)
    return body


def instructions_json(instructions: Mapping[str, Any]) -> dict[str, Any]:
    """The ``GET …/instructions`` body: the contact profile is reported, never returned."""
    body: dict[str, Any] = {
        "contact_profile_exists": isinstance(instructions.get("contact_profile"), Mapping),
        "documents": [dict(d) for d in instructions.get("documents") or ()],
    }
    branch = instructions.get("branch")
    if isinstance(branch, Mapping):
        body["branch"] = dict(branch)
    return body


def instructions_pdf(session_id: str, instructions: Mapping[str, Any]) -> bytes:
    """The instructions the user prints and takes to the branch, as a PDF."""
    lines = ["In-Branch Verification instructions", f"Session: {session_id}", ""]
    contact = instructions.get("contact_profile")
    if isinstance(contact, Mapping):
        lines.append(f"For: {contact.get('first_name')} {contact.get('last_name')}")
        lines.append("")
    documents = [d for d in instructions.get("documents") or () if isinstance(d, Mapping)]
    lines.append("Bring these documents:" if documents else "No documents were proposed.")
    for proposal in documents:
        document = proposal.get("document") or {}
        lines.append(
            f"  - {document.get('document_type')} issued by {document.get('country_code')}"
            f" ({document.get('type')})"
        )
    branch = instructions.get("branch")
    if isinstance(branch, Mapping):
        lines += ["", "Go to: " + str(branch.get("name") or "any UK Post Office branch")]
        for key, label in (("address", "Address"), ("post_code", "Post code"), ("fad_code", "FAD")):
            if branch.get(key):
                lines.append(f"  {label}: {branch[key]}")
    lines += ["", "Generated by the yoti-idv emulator: not a real Yoti document."]
    return make_pdf(lines, title="In-Branch Verification instructions")
