"""What to film for each scene of a video script: a shot and a B-roll suggestion.

One table, scene kind → the market's case → (shot, B-roll) message ids, so that every wording
lives in the catalogs once and a shot always fits the facts: the start scene films the TikTok
Shop app only where orders are placed there, the cost scene a printed label only where the
label costs a fee, the ship scene the market's first way of sending a parcel back.
"""

from __future__ import annotations

from generator.facts.market import MarketFacts
from generator.i18n.catalogs import N_

# Translators: camera directions for the person filming a short video about returns: "shot" is
# what the camera shows while the voice-over speaks, "B-roll" extra footage to cut in.
SHOTS: dict[str, dict[str, tuple[str, str]]] = {
    "hook": {"": (N_("Face to camera, holding the parcel; say the hook in the first second"),
                  N_("Hands open the parcel on a table"))},
    "window": {"": (N_("Close-up: phone calendar, a finger taps the delivery date"),
                    N_("Parcel on the doorstep"))},
    "law": {"": (N_("Text card with the right's name and the number of days"),
                 N_("Phone showing the returns policy page"))},
    "cost": {
        "label": (N_("Close-up: the return label prints, a price sticker with the fee"),
                  N_("Coins counted out next to the parcel")),
        "shipping": (N_("Close-up: paying for the parcel at the post office counter"),
                     N_("Parcel on the post office scale")),
        "free": (N_("Close-up: a prepaid return label stuck on the box"),
                 N_("Parcel handed over at a drop-off point")),
    },
    "restocking": {"": (N_("Text card with the restocking fee next to the item's price tag"),
                        N_("Returned items put back on a warehouse shelf"))},
    "exclusions": {"": (N_("Flat lay of the items that cannot be returned, each crossed out"),
                        N_("Hands set these items aside"))},
    "start": {
        "tiktok_shop": (N_("Screen recording: TikTok Shop app, Orders → Return/Refund"),
                        N_("Thumb scrolling through the orders list")),
        "own_store": (N_("Screen recording: the order page in our shop, the Return button"),
                      N_("Laptop showing the shop's order page")),
    },
    "ship": {
        "qr_drop_off": (N_("Close-up: the return code on the phone is scanned at a drop-off point"),
                        N_("Parcel put down on the drop-off counter")),
        "courier_pickup": (N_("A courier picks up the parcel at the door"),
                           N_("Courier van driving off")),
        "pack": (N_("Close-up: hands pack the item and tape the box shut"),
                 N_("Parcel dropped off at the carrier")),
    },
    "customs": {"": (N_("Close-up: hands fill in the customs form on the parcel"),
                     N_("Parcel stamped at the post office"))},
    "refund": {"": (N_("Close-up: the item checked on a table, then a refund notification"),
                    N_("Returned parcel opened in the warehouse"))},
    "refund_method": {
        "money": (N_("Close-up: the money back in the banking app"),
                  N_("Card payment at a checkout")),
        "store_credit": (N_("Close-up: the store credit balance in the shop"),
                         N_("Shopping cart filled with a new item")),
    },
    "faulty": {"": (N_("Close-up: a damaged item next to the order on the phone"),
                    N_("Hands turn the item to show the fault"))},
    "cta": {"": (N_("Face to camera, pointing down at the comments"),
                 N_("Comments scrolling under the video"))},
}


def case(kind: str, facts: MarketFacts) -> str:
    """Which of a scene kind's shots fits the market ("" where there is one for every market)."""
    if kind == "cost":
        return "free" if not facts.customer_pays_change_of_mind else (
            "label" if facts.return_label_fee is not None else "shipping")
    if kind == "start":
        return "tiktok_shop" if facts.platform.name == "tiktok_shop" else "own_store"
    if kind == "ship":
        method = facts.returns.methods[0]
        return method if method in ("qr_drop_off", "courier_pickup") else "pack"
    if kind == "refund_method":
        return "store_credit" if facts.refunds.methods[0] == "store_credit" else "money"
    return ""


def shot_ids(kind: str, facts: MarketFacts) -> tuple[str, str]:
    """(shot, B-roll) message ids for a scene of ``kind`` in this market."""
    return SHOTS[kind][case(kind, facts)]
