"""One market's return and exchange policy: ``policies/defaults.yml`` + ``markets/xx.yml``."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, Discriminator, Field, Tag, field_validator

from generator.model.base import LocalizedLongText, LocalizedText, Model
from generator.model.catalog import NonReturnableFamily
from generator.model.types import (
    Amount,
    Bool,
    ClockTime,
    CountryCode,
    CurrencyCode,
    Date,
    Days,
    Email,
    Hashtag,
    HttpsUrl,
    LocaleId,
    Percent,
    Slug,
    SurveyUrl,
    Text,
    TextLocaleId,
    TimeZone,
    WholeNumber,
)

WindowStart = Literal["delivery", "last_item_received", "order"]
Payer = Literal["customer", "merchant", "platform"]
LawRegime = Literal["EU", "UK", "CH", "US", "US-CA", "US-NY", "CN", "BR", "MX", "JP", "AU", "ID",
                    "TH", "VN", "MY", "PH", "SG", "SA", "AE"]
ReturnMethod = Literal["prepaid_label", "label_in_box", "qr_drop_off", "customer_arranged",
                       "courier_pickup"]
RefundMethod = Literal["original_payment", "store_credit", "bank_transfer"]
Stage = Literal["requested", "approved", "label_issued", "in_transit", "received", "inspected",
                "refunded", "exchanged", "rejected"]
Channel = Literal["email", "sms", "app", "whatsapp", "line", "tiktok"]
ChatApp = Literal["whatsapp", "line", "messenger", "tiktok", "zalo", "wechat", "telegram",
                  "kakaotalk", "viber"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _zero_is_none(value: Decimal | None) -> Decimal | None:
    """A fee or threshold of 0 is none: read as if the field were left out, so nothing is
    printed. A market file writes 0 to cancel a value from ``defaults.yml`` (an empty value,
    ``key:``, keeps the default)."""
    return None if value is not None and value == 0 else value


OptionalAmount = Annotated[Amount | None, AfterValidator(_zero_is_none)]
"""An amount that may be left out; 0 means the same."""


class Platform(Model):
    """Where the market's customers buy."""

    name: Literal["tiktok_shop", "own_store"] = "tiktok_shop"
    market: CountryCode | None = None
    """TikTok Shop market the shop is registered in (may differ for cross-border shops)."""
    seller_type: Literal["local", "cross_border"] = "cross_border"
    mall: Bool = False
    """TikTok Shop Mall seller (longer windows in Southeast Asia)."""


class Law(Model):
    """Which consumer law applies; statutory rights are printed from ``generator/data/law.yml``."""

    regime: LawRegime


class ReturnWindow(Model):
    """How long customers have to ask for a return, and from when."""

    days: Days
    starts: WindowStart = "delivery"


class ExtendedWindow(Model):
    """A longer window for some categories, e.g. 60 days for unworn shoes."""

    name: LocalizedText
    days: Days
    categories: Annotated[list[Slug], Field(min_length=1)]


class SeasonalOverride(Model):
    """Orders placed between start and end may be returned until ``return_by``, or until the
    normal window ends if that is later: an extension never shortens the window."""

    name: LocalizedText
    start: Date
    end: Date
    return_by: Date
    deadline_for: Literal["request", "send"] = "request"
    """What must happen by ``return_by``: asking for the return, or sending the parcel."""


class ShippingCosts(Model):
    """Who pays to send an item back, by reason."""

    change_of_mind: Payer
    defective_or_wrong: Payer = "merchant"
    return_label_fee: OptionalAmount = None
    """Deducted from the refund when the customer uses our label after changing their mind;
    0 means no fee."""
    refund_original_shipping: Literal["always", "defective_or_wrong", "never"] = (
        "defective_or_wrong")
    """When the delivery charge paid with the order is refunded too."""


class RestockingFee(Model):
    """A fee deducted from change-of-mind refunds; give percent or amount (0 means no fee)."""

    percent: Percent | None = None
    amount: Amount | None = None


class Returns(Model):
    """How the parcel gets back to us."""

    methods: Annotated[list[ReturnMethod], Field(min_length=1)]
    carriers: list[Text | LocalizedText] = []
    """Carriers that take the parcels: a brand name used in every language ("DHL"), or its name
    per locale where customers know it by another one ({en: Yamato Transport, ja: ヤマト運輸})."""
    destination: Slug
    """Id of the hub in policies/hubs.yml that receives this market's returns."""
    ship_within_days: Days = 14
    """Days after the RMA code is issued within which the parcel must be sent."""
    transit_days: Days | None = None
    """Calendar days the parcel usually takes to reach the hub (default: the hub's)."""
    packing: list[LocalizedText] = []
    """Packing instructions, one step each."""


class Customs(Model):
    """Customs and duties when the return crosses a border."""

    duties_refunded: Bool
    """Import duties and taxes paid at delivery are refunded with the item."""
    declaration: LocalizedLongText
    """What to write on the customs form, e.g. "Returned goods – no commercial value"."""
    documents: list[LocalizedText] = []
    relief: LocalizedLongText | None = None
    """Returned-goods relief notes for the customer."""


class Refunds(Model):
    """How and when money comes back."""

    methods: Annotated[list[RefundMethod], Field(min_length=1)]
    processing_days: Annotated[int, Field(ge=1, le=60), WholeNumber]
    """Days after inspection until the refund is issued."""
    exchange_rate: Literal["original_rate", "refund_date_rate"] = "original_rate"
    """For refunds in another currency than charged: which day's rate is used."""


class Exchanges(Model):
    """Whether items can be swapped instead of refunded."""

    allowed: Bool
    kinds: list[Literal["variant", "other_product"]] = []
    """variant = other size or colour of the same product."""
    price_difference: Literal["refund_or_charge", "store_credit", "none"] = "refund_or_charge"
    out_of_stock: Literal["refund", "store_credit", "wait"] = "refund"


class CategoryException(Model):
    """A market-specific change to a product category's rule."""

    returnable: Bool
    family: NonReturnableFamily | None = None
    """The reason, or legal exception, when it differs from the category's."""
    note: LocalizedText | None = None


class WithdrawalFunction(Model):
    """The online "withdraw from contract here" function (EU, Art. 11a CRD, from 2026-06-19).

    A static site cannot take the withdrawal itself; it links to the merchant's or platform's
    function, which acknowledges each withdrawal on a durable medium.
    """

    url: HttpsUrl
    label: LocalizedText | None = None
    """The link's wording; by default "Withdraw from contract here" in the page's language."""


class Rma(Model):
    """How customers get a return authorisation (RMA) code."""

    how: LocalizedLongText
    """Where and how to ask for the code, e.g. in the TikTok Shop app under Orders."""
    code_example: Annotated[str, Field(pattern=r"^[A-Z0-9][A-Z0-9\-]{3,29}$")]
    """What a code looks like, e.g. RMA-DE-2025-00123."""
    request_url: HttpsUrl | None = None
    approval_days: Annotated[int, Field(ge=1, le=30), WholeNumber] = 2
    """Working days until a request is answered."""


class Inspection(Model):
    """What we check when the parcel arrives."""

    days: Annotated[int, Field(ge=1, le=60), WholeNumber]
    """Working days from arrival to a decision."""
    criteria: list[LocalizedText] = []


class Notification(Model):
    """A message the customer receives at one stage of the return."""

    stage: Stage
    channels: Annotated[list[Channel], Field(min_length=1)]


class Process(Model):
    """The return process from request to refund."""

    rma: Rma
    inspection: Inspection
    quality_control: list[LocalizedText] = []
    """What happens to returned goods: restocking, refurbishing, recycling."""
    notifications: list[Notification] = []
    feedback_url: SurveyUrl | None = None
    """The merchant's survey, linked at the end of the policy and how-to-return pages and in
    the "refund issued" message; ``{locale}`` in it becomes the page's language tag (``pt-BR``).
    Set it in ``defaults.yml`` for every market, or per market."""


class ChatChannel(Model):
    app: ChatApp
    url: HttpsUrl


class OpeningHours(Model):
    days: Annotated[list[Weekday], Field(min_length=1)]
    opens: ClockTime
    closes: ClockTime


class Contact(Model):
    """How customers reach support in this market."""

    email: Email
    phone: Text | None = None
    """In international form, e.g. "+49 30 12345678"."""
    chat: list[ChatChannel] = []
    hours: list[OpeningHours] = []
    response_hours: Annotated[int, Field(ge=1, le=240), WholeNumber] = 24


class FaqEntry(Model):
    id: Slug
    question: LocalizedText
    answer: LocalizedLongText


EmojiSlot = Literal["hook", "lines", "cta"]
"""Where a caption may carry an emoji (``generator/data/emoji.yml`` says which)."""

EmojiChoice = Annotated[Annotated[Bool, Tag("emoji[flag]")]
                        | Annotated[list[EmojiSlot], Tag("emoji[slots]")],
                        Discriminator(lambda v: "emoji[slots]" if isinstance(v, list)
                                      else "emoji[flag]")]
"""true, false or a list of slots (one error for a bad value, as with ``HashtagEntry``)."""

LocalizedHashtag = Annotated[dict[TextLocaleId, Hashtag], Field(min_length=1)]
"""One hashtag per language. Not ``LocalizedText``: a language without its own tag gets none
(a tag in another language reaches nobody), so no default-locale tag is required."""


def _hashtag_kind(value: object) -> str:
    return "hashtag[per-language]" if isinstance(value, dict) else "hashtag[text]"


# The discriminator picks one form, so a bad entry gets one error, not one per form; the tags
# are written like pydantic's own ("dict[…]"), which error paths leave out.
HashtagEntry = Annotated[Annotated[Hashtag, Tag("hashtag[text]")]
                         | Annotated[LocalizedHashtag, Tag("hashtag[per-language]")],
                         Discriminator(_hashtag_kind)]


class CaptionInputs(Model):
    """Merchant-written pieces the caption generator combines with policy facts."""

    hooks: list[LocalizedText] = []
    """Opening lines, one caption and one set of video scripts each."""
    calls_to_action: list[LocalizedText] = []
    hashtags: list[HashtagEntry] = []
    """Tags under every caption, before any suggested ones: "#MaruMori" in every language,
    or one per language, e.g. ``{en: "#returns", de: "#Retoure", th: "#คืนสินค้า"}`` (a
    regional key such as ``es_MX`` first on that market's pages), left out in languages it has
    no tag for. Suggestions from ``generator/data/hashtags.yml`` fill up to 3; at most 5 are
    used."""
    emoji: EmojiChoice = False
    """Emoji at the start of caption lines: true (every slot), false, or some of "hook",
    "lines" (the lines after the key fact) and "cta"; never in the key fact or in scripts."""
    target: Literal["api", "app"] = "api"
    """Where captions are posted: "api" (schedulers, 2,200 characters) or "app" (4,000)."""


class Market(Model):
    """The effective policy of one market: ``defaults.yml`` with the market file on top."""

    currency: CurrencyCode
    locales: Annotated[list[LocaleId], Field(min_length=1)]
    """Languages this market's pages are published in; the first is the market's main one."""
    binding_locales: Annotated[list[LocaleId], Field(min_length=1)]
    """Translations that are legally binding; others are for convenience. With several, the
    first prevails where they differ."""
    time_zone: TimeZone
    platform: Platform = Platform()
    law: Law
    withdrawal_function: WithdrawalFunction | None = None
    return_window: ReturnWindow
    extended_windows: list[ExtendedWindow] = []
    seasonal_overrides: list[SeasonalOverride] = []
    shipping: ShippingCosts
    restocking_fee: RestockingFee | None = None
    refund_without_return_below: OptionalAmount = None
    """Orders below this value are refunded without sending the item back; 0 means none."""
    returns: Returns
    customs: Customs | None = None
    """Required when returns cross a border."""
    refunds: Refunds
    exchanges: Exchanges
    categories: dict[Slug, CategoryException] = {}
    """Per-market exceptions to the shared categories."""
    process: Process
    contact: Contact
    faq: list[FaqEntry] = []
    captions: CaptionInputs = CaptionInputs()

    @field_validator("restocking_fee")
    @classmethod
    def _no_zero_fee(cls, fee: RestockingFee | None) -> RestockingFee | None:
        """A part of 0 is left out, and a fee of only zeros is none (``_zero_is_none``), so
        ``{percent: "0", amount: "2.50"}`` swaps a default percentage for an amount. A fee
        with neither part written stays as it is, for validation to report."""
        if fee is None or (fee.percent is None and fee.amount is None):
            return fee
        kept = fee.model_copy(update={"percent": _zero_is_none(fee.percent),
                                      "amount": _zero_is_none(fee.amount)})
        return None if kept.percent is None and kept.amount is None else kept
