"""The session specification: the body of ``POST /sessions``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Self, TypeVar

import attrs

from yoti_idv.errors import SpecValidationError
from yoti_idv.vocabulary.rules import (
    MIN_CLIENT_SESSION_TOKEN_TTL,
    MIN_RESOURCES_TTL,
    MIN_RESOURCES_TTL_BEYOND_CLIENT_SESSION_TOKEN_TTL,
)
from yoti_idv.vocabulary.validators import (
    describe,
    instance_of,
    is_strict_int,
    non_blank_str,
    optional,
    strict_bool,
    to_aware_datetime,
    to_tuple,
)
from yoti_idv.vocabulary.values import SpecValue, omit_if_empty

from ._checks import RequestedCheck
from ._documents import RequiredDocument
from ._identity_profiles import (
    AdvancedIdentityProfileRequirementsPayload,
    IdentityProfileRequirementsPayload,
    SubjectPayload,
)
from ._notifications import NotificationConfig
from ._sdk_config import SdkConfig
from ._session_options import IbvOptions, ImportTokenPayload, ResourceCreationContainer
from ._tasks import RequestedTask

__all__ = ["SessionSpec", "SessionSpecBuilder"]

T = TypeVar("T")


def _items_of_type(value: object, field: str, cls: type[T], hint: str) -> tuple[T, ...]:
    items = to_tuple(value, field)
    for index, item in enumerate(items):
        if not isinstance(item, cls):
            forgot_build = " (call .build() on the builder)" if hasattr(item, "build") else ""
            raise SpecValidationError(
                f"{field}[{index}]",
                f"must be a {cls.__name__}, e.g. {hint}, got {describe(item)}{forgot_build}",
            )
    return items


def _to_requested_checks(value: Iterable[RequestedCheck]) -> tuple[RequestedCheck, ...]:
    return _items_of_type(
        value, "requested_checks", RequestedCheck, "RequestedLivenessCheckBuilder().build()"
    )


def _to_requested_tasks(value: Iterable[RequestedTask]) -> tuple[RequestedTask, ...]:
    return _items_of_type(
        value, "requested_tasks", RequestedTask, "RequestedTextExtractionTaskBuilder().build()"
    )


def _to_required_documents(value: Iterable[RequiredDocument]) -> tuple[RequiredDocument, ...]:
    return _items_of_type(
        value, "required_documents", RequiredDocument, "RequiredIdDocumentBuilder().build()"
    )


def _to_session_deadline(value: dt.datetime | str | None) -> dt.datetime | None:
    return None if value is None else to_aware_datetime(value, "session_deadline")


def _check_client_session_token_ttl(
    instance: Any, attribute: attrs.Attribute[Any], value: Any
) -> None:
    if value is not None and (not is_strict_int(value) or value < MIN_CLIENT_SESSION_TOKEN_TTL):
        raise SpecValidationError(
            "client_session_token_ttl",
            f"must be an int of seconds > {MIN_CLIENT_SESSION_TOKEN_TTL - 1} "
            f"(Yoti: longer than 5 minutes), got {describe(value)}",
        )


def _check_resources_ttl(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not is_strict_int(value) or value < MIN_RESOURCES_TTL:
        raise SpecValidationError(
            "resources_ttl",
            f"must be an int of seconds >= {MIN_RESOURCES_TTL} (Yoti: at least 24 hours), "
            f"got {describe(value)}",
        )
    token_ttl = instance.client_session_token_ttl
    if (
        token_ttl is not None
        and value - token_ttl < MIN_RESOURCES_TTL_BEYOND_CLIENT_SESSION_TOKEN_TTL
    ):
        raise SpecValidationError(
            "resources_ttl",
            f"must be at least {MIN_RESOURCES_TTL_BEYOND_CLIENT_SESSION_TOKEN_TTL} seconds "
            f"(24 hours) more than client_session_token_ttl ({token_ttl}), so at least "
            f"{token_ttl + MIN_RESOURCES_TTL_BEYOND_CLIENT_SESSION_TOKEN_TTL}, got {value}",
        )


def _check_deadline_without_ttl(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and instance.client_session_token_ttl is not None:
        raise SpecValidationError(
            "session_deadline",
            "is an alternative to client_session_token_ttl: set one of them, not both",
        )


@attrs.frozen(kw_only=True)
class SessionSpec(SpecValue):
    """What a new IDV session asks of the user: the body of ``POST /sessions``.

    Wire rules: unset optional fields are left out; `requested_checks` and
    `requested_tasks` are always sent, empty too (as every Yoti SDK but Go does);
    `required_documents` is left out when empty. `session_deadline` is sent as ISO 8601
    with milliseconds and the offset (``2025-01-01T00:00:00.000+00:00``, as Yoti's php SDK).
    The flags (`block_biometric_consent`, `create_identity_profile_preview`,
    `ephemeral_media`) are sent whenever set, False included (Go's ``omitempty`` drops a
    False ``create_identity_profile_preview``; .NET and PHP always send it).

    Identity profiles: `identity_profile_requirements` or
    `advanced_identity_profile_requirements`, usually with a `subject`;
    `create_identity_profile_preview` asks for a preview PDF of the profile. `import_token`
    asks for a token to import the identity into a Yoti Digital ID; `ibv_options` sets up
    In-Branch Verification; `resources` creates resources (an applicant profile) with the
    session; `ephemeral_media` (Yoti's Go SDK only) asks Yoti not to keep the media.

    Validation follows Yoti's documented limits (`yoti_idv.vocabulary.rules`):
    `client_session_token_ttl` longer than 300 s; `resources_ttl` at least 24 h, and 24 h
    longer than `client_session_token_ttl` when both are set; `session_deadline` an aware
    datetime and not together with `client_session_token_ttl`. Whether the deadline lies in
    the future is not checked here: the spec may be built well before it is sent.
    """

    client_session_token_ttl: int | None = attrs.field(
        default=None, validator=_check_client_session_token_ttl
    )
    session_deadline: dt.datetime | None = attrs.field(
        default=None, converter=_to_session_deadline, validator=_check_deadline_without_ttl
    )
    resources_ttl: int | None = attrs.field(default=None, validator=_check_resources_ttl)
    user_tracking_id: str | None = attrs.field(default=None, validator=optional(non_blank_str))
    notifications: NotificationConfig | None = attrs.field(
        default=None,
        validator=optional(instance_of(NotificationConfig, "NotificationConfigBuilder().build()")),
    )
    requested_checks: tuple[RequestedCheck, ...] = attrs.field(
        default=(), converter=_to_requested_checks
    )
    requested_tasks: tuple[RequestedTask, ...] = attrs.field(
        default=(), converter=_to_requested_tasks
    )
    sdk_config: SdkConfig | None = attrs.field(
        default=None, validator=optional(instance_of(SdkConfig, "SdkConfigBuilder().build()"))
    )
    required_documents: tuple[RequiredDocument, ...] = attrs.field(
        default=(), converter=_to_required_documents, metadata=omit_if_empty()
    )
    block_biometric_consent: bool | None = attrs.field(
        default=None, validator=optional(strict_bool)
    )
    identity_profile_requirements: IdentityProfileRequirementsPayload | None = attrs.field(
        default=None,
        validator=optional(
            instance_of(
                IdentityProfileRequirementsPayload,
                "IdentityProfileRequirementsPayloadBuilder().build()",
            )
        ),
    )
    advanced_identity_profile_requirements: AdvancedIdentityProfileRequirementsPayload | None = (
        attrs.field(
            default=None,
            validator=optional(
                instance_of(
                    AdvancedIdentityProfileRequirementsPayload,
                    "AdvancedIdentityProfileRequirementsPayloadBuilder().build()",
                )
            ),
        )
    )
    subject: SubjectPayload | None = attrs.field(
        default=None,
        validator=optional(instance_of(SubjectPayload, "SubjectPayloadBuilder().build()")),
    )
    create_identity_profile_preview: bool | None = attrs.field(
        default=None, validator=optional(strict_bool)
    )
    import_token: ImportTokenPayload | None = attrs.field(
        default=None,
        validator=optional(instance_of(ImportTokenPayload, "ImportTokenPayloadBuilder().build()")),
    )
    ibv_options: IbvOptions | None = attrs.field(
        default=None,
        validator=optional(instance_of(IbvOptions, "IbvOptionsBuilder().build()")),
    )
    resources: ResourceCreationContainer | None = attrs.field(
        default=None,
        validator=optional(
            instance_of(ResourceCreationContainer, "ResourceCreationContainerBuilder().build()")
        ),
    )
    ephemeral_media: bool | None = attrs.field(default=None, validator=optional(strict_bool))


class SessionSpecBuilder:
    """Builds a `SessionSpec`, method for method like Yoti's Python SDK.

    ``SessionSpecBuilder().with_client_session_token_ttl(900).with_resources_ttl(90000)
    .with_requested_check(liveness_check).with_sdk_config(sdk_config).build()``
    """

    def __init__(self) -> None:
        self._client_session_token_ttl: int | None = None
        self._session_deadline: dt.datetime | str | None = None
        self._resources_ttl: int | None = None
        self._user_tracking_id: str | None = None
        self._notifications: NotificationConfig | None = None
        self._requested_checks: list[RequestedCheck] = []
        self._requested_tasks: list[RequestedTask] = []
        self._sdk_config: SdkConfig | None = None
        self._required_documents: list[RequiredDocument] = []
        self._block_biometric_consent: bool | None = None
        self._identity_profile_requirements: IdentityProfileRequirementsPayload | None = None
        self._advanced_identity_profile_requirements: (
            AdvancedIdentityProfileRequirementsPayload | None
        ) = None
        self._subject: SubjectPayload | None = None
        self._create_identity_profile_preview: bool | None = None
        self._import_token: ImportTokenPayload | None = None
        self._ibv_options: IbvOptions | None = None
        self._resources: ResourceCreationContainer | None = None
        self._ephemeral_media: bool | None = None

    def with_client_session_token_ttl(self, value: int) -> Self:
        """Seconds the user has to complete the session (more than 300)."""
        self._client_session_token_ttl = value
        return self

    def with_session_deadline(self, value: dt.datetime | str) -> Self:
        """When the session must be completed by: an aware datetime or an ISO 8601 string
        with an offset. An alternative to `with_client_session_token_ttl`."""
        self._session_deadline = value
        return self

    def with_resources_ttl(self, value: int) -> Self:
        """Seconds Yoti keeps the captured media and results (at least 86400)."""
        self._resources_ttl = value
        return self

    def with_user_tracking_id(self, value: str) -> Self:
        """Your id for the user, echoed back in the session result (no personal data)."""
        self._user_tracking_id = value
        return self

    def with_notifications(self, notifications: NotificationConfig) -> Self:
        """Where Yoti sends session events."""
        self._notifications = notifications
        return self

    def with_requested_check(self, check: RequestedCheck) -> Self:
        """Add a check (liveness, face match, document authenticity...)."""
        self._requested_checks.append(check)
        return self

    def with_requested_task(self, task: RequestedTask) -> Self:
        """Add a task (text extraction...)."""
        self._requested_tasks.append(task)
        return self

    def with_sdk_config(self, value: SdkConfig) -> Self:
        """How Yoti's client looks and behaves."""
        self._sdk_config = value
        return self

    def with_required_document(self, required_document: RequiredDocument) -> Self:
        """Add a document the user must provide."""
        self._required_documents.append(required_document)
        return self

    def with_block_biometric_consent(self, block_biometric_consent: bool) -> Self:
        """Skip the biometric consent screen (see Yoti's docs before setting True)."""
        self._block_biometric_consent = block_biometric_consent
        return self

    def with_identity_profile_requirements(
        self, requirements: IdentityProfileRequirementsPayload
    ) -> Self:
        """The identity profile (trust framework and scheme) the session must produce."""
        self._identity_profile_requirements = requirements
        return self

    def with_advanced_identity_profile_requirements(
        self, requirements: AdvancedIdentityProfileRequirementsPayload
    ) -> Self:
        """Several profiles, each with labelled schemes."""
        self._advanced_identity_profile_requirements = requirements
        return self

    def with_subject(self, subject: SubjectPayload) -> Self:
        """Who the identity profile is about."""
        self._subject = subject
        return self

    def with_create_identity_profile_preview(self, create_identity_profile_preview: bool) -> Self:
        """Ask for a preview of the identity profile (sent whenever set, False too)."""
        self._create_identity_profile_preview = create_identity_profile_preview
        return self

    def with_import_token(self, import_token: ImportTokenPayload) -> Self:
        """Ask for an import token (``ImportTokenPayloadBuilder().build()``)."""
        self._import_token = import_token
        return self

    def with_ibv_options(self, ibv_options: IbvOptions) -> Self:
        """In-Branch Verification options."""
        self._ibv_options = ibv_options
        return self

    def with_resources(self, resources: ResourceCreationContainer) -> Self:
        """Resources created with the session (an applicant profile)."""
        self._resources = resources
        return self

    def with_ephemeral_media(self, ephemeral_media: bool) -> Self:
        """Ask Yoti not to keep the session's media (Yoti's Go SDK)."""
        self._ephemeral_media = ephemeral_media
        return self

    def build(self) -> SessionSpec:
        """The spec; a `SpecValidationError` names the first field that is wrong."""
        return SessionSpec(
            client_session_token_ttl=self._client_session_token_ttl,
            session_deadline=self._session_deadline,
            resources_ttl=self._resources_ttl,
            user_tracking_id=self._user_tracking_id,
            notifications=self._notifications,
            requested_checks=self._requested_checks,
            requested_tasks=self._requested_tasks,
            sdk_config=self._sdk_config,
            required_documents=self._required_documents,
            block_biometric_consent=self._block_biometric_consent,
            identity_profile_requirements=self._identity_profile_requirements,
            advanced_identity_profile_requirements=self._advanced_identity_profile_requirements,
            subject=self._subject,
            create_identity_profile_preview=self._create_identity_profile_preview,
            import_token=self._import_token,
            ibv_options=self._ibv_options,
            resources=self._resources,
            ephemeral_media=self._ephemeral_media,
        )
