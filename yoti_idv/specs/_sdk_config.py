"""``sdk_config``: how Yoti's web/native client looks and behaves for the user."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Self

import attrs

from yoti_idv.errors import SpecValidationError
from yoti_idv.vocabulary.enums import (
    AllowedCaptureMethods,
    BiometricConsentFlow,
    DarkMode,
    SuppressedScreen,
)
from yoti_idv.vocabulary.rules import DEFAULT_SDK_LOCALE, MIN_TEXT_EXTRACTION_ATTEMPTS
from yoti_idv.vocabulary.validators import (
    check_non_blank_str,
    country_code,
    describe,
    hex_colour,
    instance_of,
    is_strict_int,
    locale_tag,
    non_blank_str,
    optional,
    strict_bool,
    to_optional_enum,
    to_tuple,
    web_or_relative_url,
)
from yoti_idv.vocabulary.values import SpecValue, omit_if_empty, wire

__all__ = ["AttemptsConfiguration", "SdkConfig", "SdkConfigBuilder"]

RECLASSIFICATION = "RECLASSIFICATION"
GENERIC = "GENERIC"
_TEXT_EXTRACTION_ATTEMPTS_FIELD = (
    "sdk_config.attempts_configuration.ID_DOCUMENT_TEXT_DATA_EXTRACTION"
)


def _to_category_attempts(
    value: Mapping[str, int] | Iterable[tuple[str, int]],
) -> tuple[tuple[str, int], ...]:
    field = _TEXT_EXTRACTION_ATTEMPTS_FIELD
    pairs = tuple(value.items()) if isinstance(value, Mapping) else to_tuple(value, field)
    if not pairs:
        raise SpecValidationError(field, "must not be empty (leave attempts_configuration unset)")
    for pair in pairs:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise SpecValidationError(
                field, f"must map category names to attempts, got the entry {describe(pair)}"
            )
        category, attempts = pair
        _check_category(field, category)
        _check_attempts(f"{field}.{category}", attempts)
    return pairs


def _check_category(field: str, category: object) -> None:
    if not isinstance(category, str) or not category.strip():
        raise SpecValidationError(
            field, f"category names must be non-blank strings, got {describe(category)}"
        )


def _check_attempts(field: str, attempts: object) -> None:
    if not is_strict_int(attempts) or attempts < MIN_TEXT_EXTRACTION_ATTEMPTS:
        raise SpecValidationError(
            field, f"must be an int >= {MIN_TEXT_EXTRACTION_ATTEMPTS}, got {describe(attempts)}"
        )


def _pairs_to_object(pairs: tuple[tuple[str, int], ...]) -> dict[str, int]:
    return dict(pairs)


@attrs.frozen(kw_only=True)
class AttemptsConfiguration(SpecValue):
    """``sdk_config.attempts_configuration``: how many attempts the user gets, per category.

    Today Yoti configures only ID document text extraction: categories are
    ``RECLASSIFICATION``, ``GENERIC`` or a category name of Yoti's. Built by
    `SdkConfigBuilder`'s ``with_id_document_text_extraction_*_attempts`` methods; taken
    directly, `id_document_text_data_extraction` accepts a ``{category: attempts}`` dict.
    """

    _FIELD_PATH_PREFIX: ClassVar[str] = "sdk_config.attempts_configuration."

    id_document_text_data_extraction: tuple[tuple[str, int], ...] = attrs.field(
        converter=_to_category_attempts,
        metadata=wire(name="ID_DOCUMENT_TEXT_DATA_EXTRACTION", to_json=_pairs_to_object),
    )


def _to_allowed_capture_methods(
    value: AllowedCaptureMethods | str | None,
) -> AllowedCaptureMethods | None:
    return to_optional_enum(AllowedCaptureMethods, value, "sdk_config.allowed_capture_methods")


def _to_dark_mode(value: DarkMode | str | None) -> DarkMode | None:
    return to_optional_enum(DarkMode, value, "sdk_config.dark_mode")


def _to_biometric_consent_flow(
    value: BiometricConsentFlow | str | None,
) -> BiometricConsentFlow | None:
    return to_optional_enum(BiometricConsentFlow, value, "sdk_config.biometric_consent_flow")


def _to_suppressed_screens(value: Iterable[SuppressedScreen | str]) -> tuple[str, ...]:
    screens = to_tuple(value, "sdk_config.suppressed_screens")
    for index, screen in enumerate(screens):
        check_non_blank_str(f"sdk_config.suppressed_screens[{index}]", screen)
    return screens


@attrs.frozen(kw_only=True)
class SdkConfig(SpecValue):
    """The ``sdk_config`` object of a session specification.

    Every field is optional and left out of the JSON when unset, except `locale`, which
    defaults to ``"en-GB"`` and is sent: Yoti's migration guide shows that value in the JSON
    of a spec whose code never sets a locale, and we reproduce that wire format. Set it to
    None to leave the choice to Yoti. `suppressed_screens` is left out when empty.
    """

    _FIELD_PATH_PREFIX: ClassVar[str] = "sdk_config."

    allowed_capture_methods: AllowedCaptureMethods | None = attrs.field(
        default=None, converter=_to_allowed_capture_methods
    )
    primary_colour: str | None = attrs.field(default=None, validator=optional(hex_colour))
    primary_colour_dark_mode: str | None = attrs.field(default=None, validator=optional(hex_colour))
    secondary_colour: str | None = attrs.field(default=None, validator=optional(hex_colour))
    font_colour: str | None = attrs.field(default=None, validator=optional(hex_colour))
    dark_mode: DarkMode | None = attrs.field(default=None, converter=_to_dark_mode)
    locale: str | None = attrs.field(default=DEFAULT_SDK_LOCALE, validator=optional(locale_tag))
    preset_issuing_country: str | None = attrs.field(default=None, validator=optional(country_code))
    success_url: str | None = attrs.field(default=None, validator=optional(web_or_relative_url))
    error_url: str | None = attrs.field(default=None, validator=optional(web_or_relative_url))
    privacy_policy_url: str | None = attrs.field(
        default=None, validator=optional(web_or_relative_url)
    )
    allow_handoff: bool | None = attrs.field(default=None, validator=optional(strict_bool))
    brand_id: str | None = attrs.field(default=None, validator=optional(non_blank_str))
    suppressed_screens: tuple[str, ...] = attrs.field(
        default=(), converter=_to_suppressed_screens, metadata=omit_if_empty()
    )
    biometric_consent_flow: BiometricConsentFlow | None = attrs.field(
        default=None, converter=_to_biometric_consent_flow
    )
    attempts_configuration: AttemptsConfiguration | None = attrs.field(
        default=None,
        validator=optional(
            instance_of(AttemptsConfiguration, "SdkConfigBuilder's with_*_attempts methods")
        ),
    )


class SdkConfigBuilder:
    """Builds an `SdkConfig`, method for method like Yoti's Python SDK.

    ``SdkConfigBuilder().with_allows_camera_and_upload().with_preset_issuing_country("GBR")
    .with_success_url("/success").with_error_url("/error").build()``
    """

    def __init__(self) -> None:
        self._allowed_capture_methods: AllowedCaptureMethods | str | None = None
        self._primary_colour: str | None = None
        self._primary_colour_dark_mode: str | None = None
        self._secondary_colour: str | None = None
        self._font_colour: str | None = None
        self._dark_mode: DarkMode | str | None = None
        self._locale: str | None = DEFAULT_SDK_LOCALE
        self._preset_issuing_country: str | None = None
        self._success_url: str | None = None
        self._error_url: str | None = None
        self._privacy_policy_url: str | None = None
        self._allow_handoff: bool | None = None
        self._brand_id: str | None = None
        self._suppressed_screens: list[Any] = []
        self._biometric_consent_flow: BiometricConsentFlow | str | None = None
        self._text_extraction_attempts: dict[str, int] = {}

    def with_allowed_capture_methods(
        self, allowed_capture_methods: AllowedCaptureMethods | str
    ) -> Self:
        """``CAMERA`` or ``CAMERA_AND_UPLOAD``."""
        self._allowed_capture_methods = allowed_capture_methods
        return self

    def with_allows_camera(self) -> Self:
        """Documents may only be captured with the camera."""
        return self.with_allowed_capture_methods(AllowedCaptureMethods.CAMERA)

    def with_allows_camera_and_upload(self) -> Self:
        """Documents may be captured with the camera or uploaded."""
        return self.with_allowed_capture_methods(AllowedCaptureMethods.CAMERA_AND_UPLOAD)

    def with_primary_colour(self, colour: str) -> Self:
        """Hex colour (``#rgb`` or ``#rrggbb``) of the client's main elements."""
        self._primary_colour = colour
        return self

    def with_primary_colour_dark_mode(self, colour: str) -> Self:
        """Hex colour of the main elements in dark mode."""
        self._primary_colour_dark_mode = colour
        return self

    def with_secondary_colour(self, colour: str) -> Self:
        """Hex colour of secondary elements (buttons)."""
        self._secondary_colour = colour
        return self

    def with_font_colour(self, colour: str) -> Self:
        """Hex colour of the text on buttons."""
        self._font_colour = colour
        return self

    def with_dark_mode(self, dark_mode: DarkMode | str) -> Self:
        """``ON``, ``OFF`` or ``AUTO`` (follow the device)."""
        self._dark_mode = dark_mode
        return self

    def with_dark_mode_on(self) -> Self:
        """Always use the dark theme."""
        return self.with_dark_mode(DarkMode.ON)

    def with_dark_mode_off(self) -> Self:
        """Never use the dark theme."""
        return self.with_dark_mode(DarkMode.OFF)

    def with_dark_mode_auto(self) -> Self:
        """Use the dark theme when the user's device does."""
        return self.with_dark_mode(DarkMode.AUTO)

    def with_locale(self, locale: str | None) -> Self:
        """The client's language, e.g. ``"en-GB"`` (the default); None sends no locale."""
        self._locale = locale
        return self

    def with_preset_issuing_country(self, country: str) -> Self:
        """ISO 3166-1 alpha-3 code of the country preselected for the document."""
        self._preset_issuing_country = country
        return self

    def with_success_url(self, url: str) -> Self:
        """Where the client goes when the user has finished (an http(s) URL or a path)."""
        self._success_url = url
        return self

    def with_error_url(self, url: str) -> Self:
        """Where the client goes when the session fails (an http(s) URL or a path)."""
        self._error_url = url
        return self

    def with_privacy_policy_url(self, url: str) -> Self:
        """The relying business's privacy policy, linked from the client."""
        self._privacy_policy_url = url
        return self

    def with_allow_handoff(self, flag: bool) -> Self:
        """Whether the user may hand off from desktop to a mobile device."""
        self._allow_handoff = flag
        return self

    def with_brand_id(self, brand_id: str) -> Self:
        """A brand configured in Yoti Hub, to theme the client."""
        self._brand_id = brand_id
        return self

    def with_suppressed_screens(self, screens: Iterable[SuppressedScreen | str]) -> Self:
        """Replace the screens to skip (see `SuppressedScreen`)."""
        self._suppressed_screens = list(_to_suppressed_screens(screens))
        return self

    def with_suppressed_screen(self, screen: SuppressedScreen | str) -> Self:
        """Add one screen to skip."""
        self._suppressed_screens.append(screen)
        return self

    def with_biometric_consent_flow(self, flow: BiometricConsentFlow | str) -> Self:
        """``EARLY`` or ``JUST_IN_TIME``."""
        self._biometric_consent_flow = flow
        return self

    def with_early_biometric_consent_flow(self) -> Self:
        """Ask for biometric consent at the start of the flow."""
        return self.with_biometric_consent_flow(BiometricConsentFlow.EARLY)

    def with_just_in_time_biometric_consent_flow(self) -> Self:
        """Ask for biometric consent right before the first biometric capture."""
        return self.with_biometric_consent_flow(BiometricConsentFlow.JUST_IN_TIME)

    def with_id_document_text_extraction_category_attempts(
        self, category: str, attempts: int
    ) -> Self:
        """Attempts the user gets for one text-extraction failure category (a later call for
        the same category replaces the earlier one)."""
        # Checked now: the category is about to become a dict key.
        _check_category(_TEXT_EXTRACTION_ATTEMPTS_FIELD, category)
        self._text_extraction_attempts[category] = attempts
        return self

    def with_id_document_text_extraction_reclassification_attempts(self, attempts: int) -> Self:
        """Attempts after the document was classified as another type."""
        return self.with_id_document_text_extraction_category_attempts(RECLASSIFICATION, attempts)

    def with_id_document_text_extraction_generic_attempts(self, attempts: int) -> Self:
        """Attempts for any other failure."""
        return self.with_id_document_text_extraction_category_attempts(GENERIC, attempts)

    def build(self) -> SdkConfig:
        """The config; a `SpecValidationError` names the first field that is wrong."""
        attempts_configuration = None
        if self._text_extraction_attempts:
            attempts_configuration = AttemptsConfiguration(
                id_document_text_data_extraction=self._text_extraction_attempts
            )
        return SdkConfig(
            allowed_capture_methods=self._allowed_capture_methods,
            primary_colour=self._primary_colour,
            primary_colour_dark_mode=self._primary_colour_dark_mode,
            secondary_colour=self._secondary_colour,
            font_colour=self._font_colour,
            dark_mode=self._dark_mode,
            locale=self._locale,
            preset_issuing_country=self._preset_issuing_country,
            success_url=self._success_url,
            error_url=self._error_url,
            privacy_policy_url=self._privacy_policy_url,
            allow_handoff=self._allow_handoff,
            brand_id=self._brand_id,
            suppressed_screens=self._suppressed_screens,
            biometric_consent_flow=self._biometric_consent_flow,
            attempts_configuration=attempts_configuration,
        )
