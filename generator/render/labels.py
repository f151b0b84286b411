"""Translated labels for the policy's enumerations: one table, read by one template helper.

Each value the model allows (a payer, a refund method, a weekday…) has one message id here, so
its wording lives in one place per language; ``label(kind, value)`` in templates looks it up.
"""

from __future__ import annotations

from generator.i18n.catalogs import N_

LABELS: dict[str, dict[str, str]] = {
    "condition": {
        "unused": N_("unused"),
        "tags_attached": N_("with all tags attached"),
        "original_packaging": N_("in the original packaging"),
        "sealed": N_("with the seal unbroken"),
        "unwashed": N_("unwashed"),
        "all_accessories": N_("with all accessories"),
        "proof_of_purchase": N_("with proof of purchase"),
    },
    "family": {
        "perishable": N_("goods that spoil quickly"),
        "sealed_hygiene": N_("sealed health or hygiene goods once unsealed"),
        "personalised": N_("goods made or personalised for you"),
        "digital": N_("digital content"),
        "sealed_media": N_("sealed audio, video or software once unsealed"),
        "periodicals": N_("newspapers and magazines"),
        "inseparably_mixed": N_("goods inseparably mixed with other items after delivery"),
        "final_sale": N_("items sold as final sale"),
        "intimate_apparel": N_("swimwear and underwear"),
    },
    "payer": {
        "customer": N_("you pay"),
        "merchant": N_("we pay"),
        "platform": N_("TikTok Shop pays"),
    },
    "window_start": {
        "delivery": N_("from the day you receive your order"),
        "last_item_received": N_("from the day you receive the last item of your order"),
        "order": N_("from the day you place your order"),
    },
    "refund_method": {
        "original_payment": N_("to your original payment method"),
        "store_credit": N_("as store credit"),
        "bank_transfer": N_("by bank transfer"),
    },
    "method": {
        "prepaid_label": N_("a prepaid return label that we send you"),
        "label_in_box": N_("the return label in your parcel"),
        "qr_drop_off": N_("a QR code shown at a drop-off point, no printer needed"),
        "customer_arranged": N_("a carrier of your choice"),
        "courier_pickup": N_("a courier pickup from your address"),
    },
    "stage": {
        "requested": N_("We received your return request"),
        "approved": N_("Your return is approved and your RMA code is ready"),
        "label_issued": N_("Your return label is ready"),
        "in_transit": N_("Your parcel is on its way to us"),
        "received": N_("Your parcel has arrived"),
        "inspected": N_("We have checked your item"),
        "refunded": N_("Your refund has been issued"),
        "exchanged": N_("Your replacement is on its way"),
        "rejected": N_("Your return could not be accepted; we tell you why"),
    },
    "channel": {
        "email": N_("e-mail"),
        "sms": N_("text message"),
        "app": N_("TikTok Shop app"),
    },
    "weekday": {
        "mon": N_("Monday"),
        "tue": N_("Tuesday"),
        "wed": N_("Wednesday"),
        "thu": N_("Thursday"),
        "fri": N_("Friday"),
        "sat": N_("Saturday"),
        "sun": N_("Sunday"),
    },
}
"""Message id per enumeration (``kind``) and value."""
