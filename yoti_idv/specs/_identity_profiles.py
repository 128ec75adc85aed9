"""Identity profiles: ``identity_profile_requirements``, ``advanced_identity_profile_requirements``
and the ``subject`` they are usually sent with.

Typed as in Yoti's Java SDK (node, Go, .NET and PHP take free objects). Trust frameworks
(``UK_TFIDA``, ``YOTI_GLOBAL``), scheme types (``DBS``, ``RTW``, ``RTR``, ``IDENTITY``) and
objectives (``BASIC``, ``STANDARD``, ``ENHANCED``, ``AL_L1``...) are non-blank strings, not
enums: Yoti adds them without SDK releases.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Self

import attrs

from yoti_idv.errors import SpecValidationError
from yoti_idv.vocabulary.validators import describe, instance_of, non_blank_str, optional, to_tuple
from yoti_idv.vocabulary.values import SpecValue

from ._filters import DocumentFilter

__all__ = [
    "AdvancedIdentityProfilePayload",
    "AdvancedIdentityProfilePayloadBuilder",
    "AdvancedIdentityProfileRequirementsPayload",
    "AdvancedIdentityProfileRequirementsPayloadBuilder",
    "AdvancedIdentityProfileSchemeConfigPayload",
    "AdvancedIdentityProfileSchemeConfigPayloadBuilder",
    "AdvancedIdentityProfileSchemePayload",
    "AdvancedIdentityProfileSchemePayloadBuilder",
    "IdentityProfileRequirementsPayload",
    "IdentityProfileRequirementsPayloadBuilder",
    "IdentityProfileSchemePayload",
    "IdentityProfileSchemePayloadBuilder",
    "SubjectPayload",
    "SubjectPayloadBuilder",
]

_FILTER_HINT = "OrthogonalRestrictionsFilterBuilder or DocumentRestrictionsFilterBuilder"


def _non_empty_items(value: object, field: str, cls: type[Any], hint: str) -> tuple[Any, ...]:
    items = to_tuple(value, field)
    if not items:
        raise SpecValidationError(field, f"must not be empty: add at least one, e.g. {hint}")
    for index, item in enumerate(items):
        if not isinstance(item, cls):
            raise SpecValidationError(
                f"{field}[{index}]", f"must be a {cls.__name__} ({hint}), got {describe(item)}"
            )
    return items


# --- identity_profile_requirements --------------------------------------------------------


@attrs.frozen(kw_only=True)
class IdentityProfileSchemePayload(SpecValue):
    """``identity_profile_requirements.scheme``: ``{"type": "DBS", "objective"?: "STANDARD"}``."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "identity_profile_requirements.scheme."

    type: str = attrs.field(validator=non_blank_str)
    objective: str | None = attrs.field(default=None, validator=optional(non_blank_str))


class IdentityProfileSchemePayloadBuilder:
    """Builds an `IdentityProfileSchemePayload`; `with_type` is required."""

    def __init__(self) -> None:
        self._type: str | None = None
        self._objective: str | None = None

    def with_type(self, scheme_type: str) -> Self:
        """The scheme: ``DBS``, ``RTW``, ``RTR``, ``IDENTITY``..."""
        self._type = scheme_type
        return self

    def with_objective(self, objective: str) -> Self:
        """The level within the scheme: ``BASIC``, ``STANDARD``, ``ENHANCED``, ``AL_L1``..."""
        self._objective = objective
        return self

    def build(self) -> IdentityProfileSchemePayload:
        """The scheme; a `SpecValidationError` names the first field that is wrong."""
        if self._type is None:
            raise SpecValidationError(
                "identity_profile_requirements.scheme.type", "is required: call with_type()"
            )
        return IdentityProfileSchemePayload(type=self._type, objective=self._objective)


@attrs.frozen(kw_only=True)
class IdentityProfileRequirementsPayload(SpecValue):
    """``identity_profile_requirements``: the identity profile the session must produce,
    ``{"trust_framework": "UK_TFIDA", "scheme": {...}}``. Both are required."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "identity_profile_requirements."

    trust_framework: str = attrs.field(validator=non_blank_str)
    scheme: IdentityProfileSchemePayload = attrs.field(
        validator=instance_of(IdentityProfileSchemePayload, "IdentityProfileSchemePayloadBuilder")
    )


class IdentityProfileRequirementsPayloadBuilder:
    """Builds an `IdentityProfileRequirementsPayload`, as Yoti's Java SDK does.

    ``IdentityProfileRequirementsPayloadBuilder().with_trust_framework("UK_TFIDA")
    .with_scheme(IdentityProfileSchemePayloadBuilder().with_type("DBS")
    .with_objective("STANDARD").build()).build()``
    """

    def __init__(self) -> None:
        self._trust_framework: str | None = None
        self._scheme: IdentityProfileSchemePayload | None = None

    def with_trust_framework(self, trust_framework: str) -> Self:
        """``UK_TFIDA``, ``YOTI_GLOBAL``..."""
        self._trust_framework = trust_framework
        return self

    def with_scheme(self, scheme: IdentityProfileSchemePayload) -> Self:
        """The scheme within the trust framework."""
        self._scheme = scheme
        return self

    def build(self) -> IdentityProfileRequirementsPayload:
        """The requirements; a `SpecValidationError` names the first field that is wrong."""
        if self._trust_framework is None:
            raise SpecValidationError(
                "identity_profile_requirements.trust_framework",
                "is required: call with_trust_framework()",
            )
        if self._scheme is None:
            raise SpecValidationError(
                "identity_profile_requirements.scheme", "is required: call with_scheme()"
            )
        return IdentityProfileRequirementsPayload(
            trust_framework=self._trust_framework, scheme=self._scheme
        )


# --- advanced_identity_profile_requirements -----------------------------------------------


@attrs.frozen(kw_only=True)
class AdvancedIdentityProfileSchemeConfigPayload(SpecValue):
    """A scheme's ``config``: ``{"filter"?: <document filter>}``; ``{}`` when empty, as in
    Yoti's Go example."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "scheme.config."

    filter: DocumentFilter | None = attrs.field(
        default=None, validator=optional(instance_of(DocumentFilter, _FILTER_HINT))
    )


class AdvancedIdentityProfileSchemeConfigPayloadBuilder:
    """Builds an `AdvancedIdentityProfileSchemeConfigPayload`."""

    def __init__(self) -> None:
        self._filter: DocumentFilter | None = None

    def with_filter(self, document_filter: DocumentFilter) -> Self:
        """Accept only the documents the filter admits for this scheme."""
        self._filter = document_filter
        return self

    def build(self) -> AdvancedIdentityProfileSchemeConfigPayload:
        """The config."""
        return AdvancedIdentityProfileSchemeConfigPayload(filter=self._filter)


@attrs.frozen(kw_only=True)
class AdvancedIdentityProfileSchemePayload(SpecValue):
    """One scheme of an advanced profile: `type` and `label` (your name for the result)
    are required, `objective` and `config` optional."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "scheme."

    type: str = attrs.field(validator=non_blank_str)
    label: str = attrs.field(validator=non_blank_str)
    objective: str | None = attrs.field(default=None, validator=optional(non_blank_str))
    config: AdvancedIdentityProfileSchemeConfigPayload | None = attrs.field(
        default=None,
        validator=optional(
            instance_of(
                AdvancedIdentityProfileSchemeConfigPayload,
                "AdvancedIdentityProfileSchemeConfigPayloadBuilder",
            )
        ),
    )


class AdvancedIdentityProfileSchemePayloadBuilder:
    """Builds an `AdvancedIdentityProfileSchemePayload`; type and label are required."""

    def __init__(self) -> None:
        self._type: str | None = None
        self._label: str | None = None
        self._objective: str | None = None
        self._config: AdvancedIdentityProfileSchemeConfigPayload | None = None

    def with_type(self, scheme_type: str) -> Self:
        """``DBS``, ``RTW``, ``IDENTITY``..."""
        self._type = scheme_type
        return self

    def with_label(self, label: str) -> Self:
        """Your label for the scheme, echoed in the result."""
        self._label = label
        return self

    def with_objective(self, objective: str) -> Self:
        """``BASIC``, ``AL_L1``..."""
        self._objective = objective
        return self

    def with_config(self, config: AdvancedIdentityProfileSchemeConfigPayload) -> Self:
        """The scheme's config (a document filter)."""
        self._config = config
        return self

    def build(self) -> AdvancedIdentityProfileSchemePayload:
        """The scheme; a `SpecValidationError` names the first field that is wrong."""
        if self._type is None:
            raise SpecValidationError("scheme.type", "is required: call with_type()")
        if self._label is None:
            raise SpecValidationError("scheme.label", "is required: call with_label()")
        return AdvancedIdentityProfileSchemePayload(
            type=self._type, label=self._label, objective=self._objective, config=self._config
        )


def _to_schemes(
    value: Iterable[AdvancedIdentityProfileSchemePayload],
) -> tuple[AdvancedIdentityProfileSchemePayload, ...]:
    return _non_empty_items(
        value,
        "profile.schemes",
        AdvancedIdentityProfileSchemePayload,
        "AdvancedIdentityProfileSchemePayloadBuilder().build()",
    )


@attrs.frozen(kw_only=True)
class AdvancedIdentityProfilePayload(SpecValue):
    """One profile of ``advanced_identity_profile_requirements.profiles``: a trust framework
    and the (non-empty) schemes requested under it."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "profile."

    trust_framework: str = attrs.field(validator=non_blank_str)
    schemes: tuple[AdvancedIdentityProfileSchemePayload, ...] = attrs.field(converter=_to_schemes)


class AdvancedIdentityProfilePayloadBuilder:
    """Builds an `AdvancedIdentityProfilePayload`; a trust framework and a scheme are
    required."""

    def __init__(self) -> None:
        self._trust_framework: str | None = None
        self._schemes: list[AdvancedIdentityProfileSchemePayload] = []

    def with_trust_framework(self, trust_framework: str) -> Self:
        """``UK_TFIDA``, ``YOTI_GLOBAL``..."""
        self._trust_framework = trust_framework
        return self

    def with_scheme(self, scheme: AdvancedIdentityProfileSchemePayload) -> Self:
        """Add a scheme."""
        self._schemes.append(scheme)
        return self

    def build(self) -> AdvancedIdentityProfilePayload:
        """The profile; a `SpecValidationError` names the first field that is wrong."""
        if self._trust_framework is None:
            raise SpecValidationError(
                "profile.trust_framework", "is required: call with_trust_framework()"
            )
        return AdvancedIdentityProfilePayload(
            trust_framework=self._trust_framework, schemes=self._schemes
        )


def _to_profiles(
    value: Iterable[AdvancedIdentityProfilePayload],
) -> tuple[AdvancedIdentityProfilePayload, ...]:
    return _non_empty_items(
        value,
        "advanced_identity_profile_requirements.profiles",
        AdvancedIdentityProfilePayload,
        "AdvancedIdentityProfilePayloadBuilder().build()",
    )


@attrs.frozen(kw_only=True)
class AdvancedIdentityProfileRequirementsPayload(SpecValue):
    """``advanced_identity_profile_requirements``: ``{"profiles": [...]}``, one or more."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "advanced_identity_profile_requirements."

    profiles: tuple[AdvancedIdentityProfilePayload, ...] = attrs.field(converter=_to_profiles)


class AdvancedIdentityProfileRequirementsPayloadBuilder:
    """Builds an `AdvancedIdentityProfileRequirementsPayload`; add at least one profile."""

    def __init__(self) -> None:
        self._profiles: list[AdvancedIdentityProfilePayload] = []

    def with_profile(self, profile: AdvancedIdentityProfilePayload) -> Self:
        """Add a profile."""
        self._profiles.append(profile)
        return self

    def build(self) -> AdvancedIdentityProfileRequirementsPayload:
        """The requirements; a `SpecValidationError` when there is no valid profile."""
        return AdvancedIdentityProfileRequirementsPayload(profiles=self._profiles)


# --- subject ------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class SubjectPayload(SpecValue):
    """``subject``: ``{"subject_id": ...}``, your id for the person an identity profile is
    about (it lets Yoti reuse their earlier profile)."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "subject."

    subject_id: str = attrs.field(validator=non_blank_str)


class SubjectPayloadBuilder:
    """Builds a `SubjectPayload`; `with_subject_id` is required."""

    def __init__(self) -> None:
        self._subject_id: str | None = None

    def with_subject_id(self, subject_id: str) -> Self:
        """Your id for the subject."""
        self._subject_id = subject_id
        return self

    def build(self) -> SubjectPayload:
        """The subject; a `SpecValidationError` when the id is missing or blank."""
        if self._subject_id is None:
            raise SpecValidationError("subject.subject_id", "is required: call with_subject_id()")
        return SubjectPayload(subject_id=self._subject_id)
