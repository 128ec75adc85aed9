"""Smaller top-level parts of a session specification: ``import_token``, ``ibv_options``
(In-Branch Verification) and ``resources`` (resources created with the session)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar, Final, Self

import attrs

from yoti_idv.errors import SpecValidationError
from yoti_idv.vocabulary.enums import IbvSupport
from yoti_idv.vocabulary.rules import DEFAULT_IMPORT_TOKEN_TTL, MIN_IMPORT_TOKEN_TTL
from yoti_idv.vocabulary.validators import (
    describe,
    field_path,
    instance_of,
    int_at_least,
    optional,
    to_enum,
    to_json_object,
    web_url,
)
from yoti_idv.vocabulary.values import SpecValue

__all__ = [
    "IbvOptions",
    "IbvOptionsBuilder",
    "ImportTokenPayload",
    "ImportTokenPayloadBuilder",
    "ResourceCreationContainer",
    "ResourceCreationContainerBuilder",
    "UserPrice",
    "UserPriceBuilder",
]

_AMOUNT_PATTERN: Final = re.compile(r"\d+(?:\.\d{1,2})?")
_CURRENCY_PATTERN: Final = re.compile(r"[A-Z]{3}")
GBP: Final = "GBP"


# --- import_token -------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ImportTokenPayload(SpecValue):
    """``import_token``: ask for a token with which the session's identity can be imported
    into a Yoti Digital ID, valid for `ttl` seconds (``{"ttl": n}``).

    `ttl` defaults to one year (`DEFAULT_IMPORT_TOKEN_TTL`, as Yoti's PHP builder; Go's
    builder uses 360 days, Java none).
    """

    _FIELD_PATH_PREFIX: ClassVar[str] = "import_token."

    ttl: int = attrs.field(
        default=DEFAULT_IMPORT_TOKEN_TTL, validator=int_at_least(MIN_IMPORT_TOKEN_TTL)
    )


class ImportTokenPayloadBuilder:
    """Builds an `ImportTokenPayload` (``ImportTokenPayloadBuilder().with_ttl(2_592_000)``)."""

    def __init__(self) -> None:
        self._ttl: int = DEFAULT_IMPORT_TOKEN_TTL

    def with_ttl(self, ttl: int) -> Self:
        """Seconds the import token stays valid (default one year)."""
        self._ttl = ttl
        return self

    def build(self) -> ImportTokenPayload:
        """The import token request; a `SpecValidationError` for a bad ttl."""
        return ImportTokenPayload(ttl=self._ttl)


# --- ibv_options --------------------------------------------------------------------------


def _amount(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not _AMOUNT_PATTERN.fullmatch(value):
        raise SpecValidationError(
            field_path(instance, attribute),
            f"must be a decimal amount in a str, such as '4.99', got {describe(value)}",
        )


def _currency(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not _CURRENCY_PATTERN.fullmatch(value):
        raise SpecValidationError(
            field_path(instance, attribute),
            f"must be an ISO 4217 currency code such as 'GBP', got {describe(value)}",
        )


@attrs.frozen(kw_only=True)
class UserPrice(SpecValue):
    """``ibv_options.user_price``: what the user pays at the branch, ``{"amount": "4.99",
    "currency": "GBP"}``. The amount is a decimal string, as Yoti's Java SDK sends it."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "ibv_options.user_price."

    amount: str = attrs.field(validator=_amount)
    currency: str = attrs.field(validator=_currency)


class UserPriceBuilder:
    """Builds a `UserPrice`; amount and currency are required."""

    def __init__(self) -> None:
        self._amount: str | None = None
        self._currency: str | None = None

    def with_amount(self, amount: str) -> Self:
        """The price, e.g. ``"4.99"``."""
        self._amount = amount
        return self

    def with_currency(self, currency: str) -> Self:
        """An ISO 4217 code."""
        self._currency = currency
        return self

    def with_gbp_currency(self) -> Self:
        """Pounds sterling (``GBP``), the currency of UK Post Office branches."""
        return self.with_currency(GBP)

    def build(self) -> UserPrice:
        """The price; a `SpecValidationError` names the first field that is wrong."""
        if self._amount is None:
            raise SpecValidationError("ibv_options.user_price.amount", "is required")
        if self._currency is None:
            raise SpecValidationError(
                "ibv_options.user_price.currency",
                "is required: call with_currency() or with_gbp_currency()",
            )
        return UserPrice(amount=self._amount, currency=self._currency)


def _to_ibv_support(value: IbvSupport | str) -> IbvSupport:
    return to_enum(IbvSupport, value, "ibv_options.support")


@attrs.frozen(kw_only=True)
class IbvOptions(SpecValue):
    """``ibv_options``: In-Branch Verification for the session. `support` (``MANDATORY`` or
    ``NOT_ALLOWED``) is required; `guidance_url` (a page telling the user what to bring)
    and `user_price` (Yoti's Java SDK only) are sent when set."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "ibv_options."

    support: IbvSupport = attrs.field(converter=_to_ibv_support)
    guidance_url: str | None = attrs.field(default=None, validator=optional(web_url))
    user_price: UserPrice | None = attrs.field(
        default=None, validator=optional(instance_of(UserPrice, "UserPriceBuilder().build()"))
    )


class IbvOptionsBuilder:
    """Builds `IbvOptions`, as Yoti's Java and PHP SDKs do.

    ``IbvOptionsBuilder().with_ibv_mandatory().with_guidance_url(url).build()``
    """

    def __init__(self) -> None:
        self._support: IbvSupport | str | None = None
        self._guidance_url: str | None = None
        self._user_price: UserPrice | None = None

    def with_support(self, support: IbvSupport | str) -> Self:
        """``MANDATORY`` or ``NOT_ALLOWED``."""
        self._support = support
        return self

    def with_ibv_mandatory(self) -> Self:
        """The user must verify in a branch."""
        return self.with_support(IbvSupport.MANDATORY)

    def with_ibv_not_allowed(self) -> Self:
        """The user may not verify in a branch."""
        return self.with_support(IbvSupport.NOT_ALLOWED)

    def with_guidance_url(self, guidance_url: str) -> Self:
        """An http(s) page with guidance for the branch visit."""
        self._guidance_url = guidance_url
        return self

    def with_user_price(self, user_price: UserPrice) -> Self:
        """What the user pays at the branch."""
        self._user_price = user_price
        return self

    def build(self) -> IbvOptions:
        """The options; a `SpecValidationError` names the first field that is wrong."""
        if self._support is None:
            raise SpecValidationError(
                "ibv_options.support",
                "is required: call with_ibv_mandatory() or with_ibv_not_allowed()",
            )
        return IbvOptions(
            support=self._support, guidance_url=self._guidance_url, user_price=self._user_price
        )


# --- resources ----------------------------------------------------------------------------


def _to_applicant_profile(value: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    return None if value is None else to_json_object(value, "resources.applicant_profile")


@attrs.frozen(kw_only=True)
class ResourceCreationContainer(SpecValue):
    """``resources``: resources created with the session (Yoti's Java SDK).

    `applicant_profile` is a free JSON object of what is known about the user (``full_name``,
    ``date_of_birth``, ``structured_postal_address``...), checked against the documents by a
    PROFILE_DOCUMENT_MATCH check. It is deep-copied into read-only mappings.
    """

    _FIELD_PATH_PREFIX: ClassVar[str] = "resources."

    applicant_profile: Mapping[str, Any] | None = attrs.field(
        default=None, converter=_to_applicant_profile
    )


class ResourceCreationContainerBuilder:
    """Builds a `ResourceCreationContainer`."""

    def __init__(self) -> None:
        self._applicant_profile: Mapping[str, Any] | None = None

    def with_applicant_profile(self, applicant_profile: Mapping[str, Any]) -> Self:
        """The applicant profile, a JSON object."""
        self._applicant_profile = applicant_profile
        return self

    def build(self) -> ResourceCreationContainer:
        """The resources; a `SpecValidationError` when the profile is not a JSON object."""
        return ResourceCreationContainer(applicant_profile=self._applicant_profile)
