"""The WATCHLIST_ADVANCED_CA check (ComplyAdvantage screening), polymorphic three times over.

``{"type": "WATCHLIST_ADVANCED_CA", "config": {...}}`` where the config is itself tagged by
``type``: ``WITH_YOTI_ACCOUNT`` (Yoti's ComplyAdvantage account) or ``WITH_CUSTOM_ACCOUNT``
(the relying business's own, with its API key). Inside it, ``sources`` is ``TYPE_LIST`` or
``PROFILE`` and ``matching_strategy`` is ``EXACT`` or ``FUZZY``.

Every config field but the custom account's `api_key` and `client_ref` is optional and sent
only when set (False included): Yoti applies its own defaults, as it does for Yoti's Java and
Go SDKs. Node fills in defaults client-side; we do not add what the caller did not set.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Final, Self

import attrs

from yoti_idv.errors import SpecValidationError
from yoti_idv.vocabulary.validators import (
    check_non_blank_str,
    describe,
    field_path,
    instance_of,
    non_blank_str,
    optional,
    strict_bool,
    to_float_in_range,
    to_tuple,
)
from yoti_idv.vocabulary.values import TypedSpecValue, flatten, wire

from ._checks import RequestedCheck

__all__ = [
    "DEFAULT_FUZZINESS",
    "RequestedCaMatchingStrategy",
    "RequestedCaSources",
    "RequestedCustomAccountWatchlistAdvancedCaConfig",
    "RequestedCustomAccountWatchlistAdvancedCaConfigBuilder",
    "RequestedExactMatchingStrategy",
    "RequestedExactMatchingStrategyBuilder",
    "RequestedFuzzyMatchingStrategy",
    "RequestedFuzzyMatchingStrategyBuilder",
    "RequestedSearchProfileSources",
    "RequestedSearchProfileSourcesBuilder",
    "RequestedTypeListSources",
    "RequestedTypeListSourcesBuilder",
    "RequestedWatchlistAdvancedCaCheck",
    "RequestedWatchlistAdvancedCaCheckBuilder",
    "RequestedWatchlistAdvancedCaConfig",
    "RequestedYotiAccountWatchlistAdvancedCaConfig",
    "RequestedYotiAccountWatchlistAdvancedCaConfigBuilder",
]

DEFAULT_FUZZINESS: Final = 0.5
"""``fuzziness`` of a FUZZY matching strategy when the builder is given none (Yoti's node SDK)."""


# --- sources ------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RequestedCaSources(TypedSpecValue):
    """Base of ``config.sources``: which watchlists are searched."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "config.sources."


def _to_source_types(value: Iterable[str]) -> tuple[str, ...]:
    types = to_tuple(value, "config.sources.types")
    for index, source_type in enumerate(types):
        check_non_blank_str(f"config.sources.types[{index}]", source_type)
    return types


@attrs.frozen(kw_only=True)
class RequestedTypeListSources(RequestedCaSources):
    """``TYPE_LIST``: search the listed source types (``"pep"``, ``"sanction"``,
    ``"fitness-probity"``, ``"warning"``...). The list is always sent; empty, as Yoti's node
    SDK sends by default, it leaves the choice to Yoti."""

    TYPE: ClassVar[str] = "TYPE_LIST"

    types: tuple[str, ...] = attrs.field(default=(), converter=_to_source_types)


class RequestedTypeListSourcesBuilder:
    """Builds a `RequestedTypeListSources`."""

    def __init__(self) -> None:
        self._types: list[Any] = []

    def with_types(self, types: Iterable[str]) -> Self:
        """Replace the source types."""
        self._types = list(to_tuple(types, "config.sources.types"))
        return self

    def with_type(self, source_type: str) -> Self:
        """Add a source type."""
        self._types.append(source_type)
        return self

    def build(self) -> RequestedTypeListSources:
        """The sources; a `SpecValidationError` names the first field that is wrong."""
        return RequestedTypeListSources(types=self._types)


@attrs.frozen(kw_only=True)
class RequestedSearchProfileSources(RequestedCaSources):
    """``PROFILE``: search with a search profile set up in the ComplyAdvantage account."""

    TYPE: ClassVar[str] = "PROFILE"

    search_profile: str = attrs.field(validator=non_blank_str)


class RequestedSearchProfileSourcesBuilder:
    """Builds a `RequestedSearchProfileSources`; `with_search_profile` is required."""

    def __init__(self) -> None:
        self._search_profile: str | None = None

    def with_search_profile(self, search_profile: str) -> Self:
        """The search profile's id."""
        self._search_profile = search_profile
        return self

    def build(self) -> RequestedSearchProfileSources:
        """The sources; a `SpecValidationError` names the first field that is wrong."""
        if self._search_profile is None:
            raise SpecValidationError(
                "config.sources.search_profile", "is required: call with_search_profile()"
            )
        return RequestedSearchProfileSources(search_profile=self._search_profile)


# --- matching strategy --------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RequestedCaMatchingStrategy(TypedSpecValue):
    """Base of ``config.matching_strategy``: how closely a name must match."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "config.matching_strategy."


@attrs.frozen(kw_only=True)
class RequestedExactMatchingStrategy(RequestedCaMatchingStrategy):
    """``EXACT``: ``{"type": "EXACT", "exact_match": true}`` (Yoti's Java, Go and .NET SDKs
    send the flag; node leaves it out). `exact_match` is a field only because Go can send
    False."""

    TYPE: ClassVar[str] = "EXACT"

    exact_match: bool = attrs.field(default=True, validator=strict_bool)


class RequestedExactMatchingStrategyBuilder:
    """Builds a `RequestedExactMatchingStrategy`."""

    def build(self) -> RequestedExactMatchingStrategy:
        """The strategy."""
        return RequestedExactMatchingStrategy()


def _to_fuzziness(value: float) -> float:
    return to_float_in_range(value, "config.matching_strategy.fuzziness", 0.0, 1.0)


@attrs.frozen(kw_only=True)
class RequestedFuzzyMatchingStrategy(RequestedCaMatchingStrategy):
    """``FUZZY``: ``fuzziness`` from 0 (exact) to 1 (loosest), 0.5 by default (node)."""

    TYPE: ClassVar[str] = "FUZZY"

    fuzziness: float = attrs.field(default=DEFAULT_FUZZINESS, converter=_to_fuzziness)


class RequestedFuzzyMatchingStrategyBuilder:
    """Builds a `RequestedFuzzyMatchingStrategy`."""

    def __init__(self) -> None:
        self._fuzziness: float = DEFAULT_FUZZINESS

    def with_fuzziness(self, fuzziness: float) -> Self:
        """From 0 to 1 inclusive (default 0.5)."""
        self._fuzziness = fuzziness
        return self

    def build(self) -> RequestedFuzzyMatchingStrategy:
        """The strategy; a `SpecValidationError` when the fuzziness is out of range."""
        return RequestedFuzzyMatchingStrategy(fuzziness=self._fuzziness)


# --- the config, by account ---------------------------------------------------------------

_SOURCES_HINT = "RequestedTypeListSourcesBuilder or RequestedSearchProfileSourcesBuilder"
_STRATEGY_HINT = "RequestedExactMatchingStrategyBuilder or RequestedFuzzyMatchingStrategyBuilder"


@attrs.frozen(kw_only=True)
class RequestedWatchlistAdvancedCaConfig(TypedSpecValue):
    """Base of the config of a `RequestedWatchlistAdvancedCaCheck`: the fields both account
    kinds share. Sent as ``{"type": TYPE, <fields>}`` inside the check's ``config``."""

    _FIELD_PATH_PREFIX: ClassVar[str] = "config."

    remove_deceased: bool | None = attrs.field(default=None, validator=optional(strict_bool))
    share_url: bool | None = attrs.field(default=None, validator=optional(strict_bool))
    sources: RequestedCaSources | None = attrs.field(
        default=None, validator=optional(instance_of(RequestedCaSources, _SOURCES_HINT))
    )
    matching_strategy: RequestedCaMatchingStrategy | None = attrs.field(
        default=None,
        validator=optional(instance_of(RequestedCaMatchingStrategy, _STRATEGY_HINT)),
    )


@attrs.frozen(kw_only=True)
class RequestedYotiAccountWatchlistAdvancedCaConfig(RequestedWatchlistAdvancedCaConfig):
    """``WITH_YOTI_ACCOUNT``: screen with Yoti's ComplyAdvantage account."""

    TYPE: ClassVar[str] = "WITH_YOTI_ACCOUNT"


def _redacted(value: object) -> str:
    return "None" if value is None else "'<redacted>'"


def _api_key_is_non_blank_str(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    # A secret: the message shows its type, never the value.
    if not isinstance(value, str) or not value.strip():
        raise SpecValidationError(
            field_path(instance, attribute),
            f"must be a non-blank str, got a value of type {type(value).__name__}",
        )


def _to_tags(value: Mapping[str, str] | Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    field = "config.tags"
    pairs = tuple(value.items()) if isinstance(value, Mapping) else to_tuple(value, field)
    for pair in pairs:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise SpecValidationError(
                field, f"must map tag names to values, got the entry {describe(pair)}"
            )
        name, tag_value = pair
        check_non_blank_str(field, name)
        if not isinstance(tag_value, str):
            raise SpecValidationError(
                f"{field}.{name}", f"must be a str, got {describe(tag_value)}"
            )
    # A later pair for the same name wins, as in a dict.
    return tuple(dict(pairs).items())


def _to_optional_tags(
    value: Mapping[str, str] | Iterable[tuple[str, str]] | None,
) -> tuple[tuple[str, str], ...] | None:
    return None if value is None else _to_tags(value)


def _pairs_to_object(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return dict(pairs)


@attrs.frozen(kw_only=True)
class RequestedCustomAccountWatchlistAdvancedCaConfig(RequestedWatchlistAdvancedCaConfig):
    """``WITH_CUSTOM_ACCOUNT``: screen with the relying business's own ComplyAdvantage account.

    `api_key` (the account's key: a secret, never shown in a repr or error message) and
    `client_ref` (the business's reference for the user) are required; `monitoring` (keep
    screening after the session) and `tags` (``{name: value}``, taken as a dict) are sent
    when set.
    """

    TYPE: ClassVar[str] = "WITH_CUSTOM_ACCOUNT"

    api_key: str = attrs.field(validator=_api_key_is_non_blank_str, repr=_redacted)
    client_ref: str = attrs.field(validator=non_blank_str)
    monitoring: bool | None = attrs.field(default=None, validator=optional(strict_bool))
    tags: tuple[tuple[str, str], ...] | None = attrs.field(
        default=None, converter=_to_optional_tags, metadata=wire(to_json=_pairs_to_object)
    )


class _WatchlistAdvancedCaConfigBuilder:
    """The setters both account kinds share (Yoti's Java and node builders)."""

    def __init__(self) -> None:
        self._remove_deceased: bool | None = None
        self._share_url: bool | None = None
        self._sources: RequestedCaSources | None = None
        self._matching_strategy: RequestedCaMatchingStrategy | None = None

    def with_remove_deceased(self, remove_deceased: bool) -> Self:
        """Leave deceased people out of the matches."""
        self._remove_deceased = remove_deceased
        return self

    def with_share_url(self, share_url: bool) -> Self:
        """Ask for a link to the search in ComplyAdvantage."""
        self._share_url = share_url
        return self

    def with_sources(self, sources: RequestedCaSources) -> Self:
        """Which watchlists are searched (type list or search profile)."""
        self._sources = sources
        return self

    def with_matching_strategy(self, matching_strategy: RequestedCaMatchingStrategy) -> Self:
        """Exact or fuzzy name matching."""
        self._matching_strategy = matching_strategy
        return self


class RequestedYotiAccountWatchlistAdvancedCaConfigBuilder(_WatchlistAdvancedCaConfigBuilder):
    """Builds a `RequestedYotiAccountWatchlistAdvancedCaConfig`; every setting is optional."""

    def build(self) -> RequestedYotiAccountWatchlistAdvancedCaConfig:
        """The config; a `SpecValidationError` names the first field that is wrong."""
        return RequestedYotiAccountWatchlistAdvancedCaConfig(
            remove_deceased=self._remove_deceased,
            share_url=self._share_url,
            sources=self._sources,
            matching_strategy=self._matching_strategy,
        )


class RequestedCustomAccountWatchlistAdvancedCaConfigBuilder(_WatchlistAdvancedCaConfigBuilder):
    """Builds a `RequestedCustomAccountWatchlistAdvancedCaConfig`; `with_api_key` and
    `with_client_ref` are required."""

    def __init__(self) -> None:
        super().__init__()
        self._api_key: str | None = None
        self._client_ref: str | None = None
        self._monitoring: bool | None = None
        self._tags: Any = None

    def __repr__(self) -> str:
        # The builder holds the API key; keep it out of logs and tracebacks.
        return f"{type(self).__name__}(client_ref={self._client_ref!r})"

    def with_api_key(self, api_key: str) -> Self:
        """The ComplyAdvantage account's API key (kept out of reprs)."""
        self._api_key = api_key
        return self

    def with_client_ref(self, client_ref: str) -> Self:
        """Your reference for the user, shown in ComplyAdvantage."""
        self._client_ref = client_ref
        return self

    def with_monitoring(self, monitoring: bool) -> Self:
        """Keep screening the user after the session (ongoing monitoring)."""
        self._monitoring = monitoring
        return self

    def with_tags(self, tags: Mapping[str, str]) -> Self:
        """Tags for the search in ComplyAdvantage, ``{name: value}`` (replaces earlier ones)."""
        self._tags = tags
        return self

    def build(self) -> RequestedCustomAccountWatchlistAdvancedCaConfig:
        """The config; a `SpecValidationError` names the first field that is wrong."""
        if self._api_key is None:
            raise SpecValidationError("config.api_key", "is required: call with_api_key()")
        if self._client_ref is None:
            raise SpecValidationError("config.client_ref", "is required: call with_client_ref()")
        return RequestedCustomAccountWatchlistAdvancedCaConfig(
            remove_deceased=self._remove_deceased,
            share_url=self._share_url,
            sources=self._sources,
            matching_strategy=self._matching_strategy,
            api_key=self._api_key,
            client_ref=self._client_ref,
            monitoring=self._monitoring,
            tags=self._tags,
        )


# --- the check ----------------------------------------------------------------------------


def _is_watchlist_advanced_ca_config(
    instance: Any, attribute: attrs.Attribute[Any], value: Any
) -> None:
    # Named "config", not "config.config": this field *is* the check's config object. Only
    # the type is shown: a hand-written config dict would hold the custom account's API key.
    if not isinstance(value, RequestedWatchlistAdvancedCaConfig):
        raise SpecValidationError(
            "config",
            "must be a RequestedWatchlistAdvancedCaConfig (from "
            "RequestedYotiAccountWatchlistAdvancedCaConfigBuilder or "
            "RequestedCustomAccountWatchlistAdvancedCaConfigBuilder), got a value of type "
            f"{type(value).__name__}",
        )


@attrs.frozen(kw_only=True)
class RequestedWatchlistAdvancedCaCheck(RequestedCheck):
    """A WATCHLIST_ADVANCED_CA check: ``{"type": "WATCHLIST_ADVANCED_CA", "config": <config>}``.

    The `config` (a `RequestedYotiAccountWatchlistAdvancedCaConfig` or a
    `RequestedCustomAccountWatchlistAdvancedCaConfig`) is the check's whole config object,
    its own ``type`` first.
    """

    TYPE: ClassVar[str] = "WATCHLIST_ADVANCED_CA"

    config: RequestedWatchlistAdvancedCaConfig = attrs.field(
        validator=_is_watchlist_advanced_ca_config, metadata=flatten()
    )


class RequestedWatchlistAdvancedCaCheckBuilder:
    """Builds a `RequestedWatchlistAdvancedCaCheck`; `with_config` is required.

    ``RequestedWatchlistAdvancedCaCheckBuilder().with_config(
    RequestedYotiAccountWatchlistAdvancedCaConfigBuilder().with_remove_deceased(True).build()
    ).build()``
    """

    def __init__(self) -> None:
        self._config: RequestedWatchlistAdvancedCaConfig | None = None

    def with_config(self, config: RequestedWatchlistAdvancedCaConfig) -> Self:
        """The Yoti-account or custom-account config."""
        self._config = config
        return self

    def build(self) -> RequestedWatchlistAdvancedCaCheck:
        """The check; a `SpecValidationError` names the first field that is wrong."""
        if self._config is None:
            raise SpecValidationError(
                "config",
                "is required: call with_config() with a Yoti-account or custom-account config",
            )
        return RequestedWatchlistAdvancedCaCheck(config=self._config)
