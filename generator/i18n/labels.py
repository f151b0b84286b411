"""Translated labels for the policy's enumerations: one table, read by one template helper.

Each value the model allows (a payer, a refund method, a weekday…) has one message id here, so
its wording lives in one place per language; ``label(kind, value)`` in templates looks it up.
"""

from __future__ import annotations

from generator.i18n.catalogs import N_

LABELS: dict[str, dict[str, str]] = {
    # Translators: each completes "the item is …" / "the product is …" (a masculine singular
    # noun where gender matters), so the words agree whatever the category is called.
    "condition": {
        "unused": N_("unused"),
        "tags_attached": N_("with all tags attached"),
        "original_packaging": N_("in the original packaging"),
        "sealed": N_("still sealed"),
        "unwashed": N_("unwashed"),
        "all_accessories": N_("complete with all accessories"),
        "proof_of_purchase": N_("accompanied by proof of purchase"),
    },
    "exception": {  # the statutory exceptions, in the words of EU Art. 16 / UK reg. 28
        "personalised": N_("goods made to your specifications or clearly personalised"),
        "perishable": N_("goods that can deteriorate or expire rapidly"),
        "sealed_hygiene": N_("sealed goods that are not suitable for return for health "
                             "protection or hygiene reasons, once unsealed after delivery"),
        "inseparably_mixed": N_("goods that, by their nature, are inseparably mixed with other "
                                "items after delivery"),
        "sealed_media": N_("sealed audio or video recordings or computer software, once "
                           "unsealed after delivery"),
        "periodicals": N_("newspapers, periodicals or magazines, except subscriptions"),
        "digital": N_("digital content not supplied on a physical medium, once its supply has "
                      "begun with your express consent and your acknowledgement that you "
                      "thereby lose this right, and we have confirmed both to you"),
    },
    "right_title": {
        "withdrawal": N_("Your right of withdrawal"),
        "cancellation": N_("Your right to cancel"),
        "regret": N_("Your right of regret"),
        "revocation": N_("Your right to revoke your purchase"),
        "no_reason_return": N_("Your right to return without giving a reason"),
    },
    "right_name": {  # the right's legal name on its own, for short texts such as captions
        "withdrawal": N_("Right of withdrawal"),
        "cancellation": N_("Right to cancel"),
        "regret": N_("Right of regret"),
        "revocation": N_("Right to revoke a purchase"),
        "no_reason_return": N_("Right to return without a reason"),
    },
    # %(law)s: the law.yml citation, in the form "Under …" needs; %(period)s: "14 days"
    "right_period": {
        "withdrawal": N_("Under %(law)s you may withdraw from your purchase within "
                         "%(period)s without giving any reason."),
        "cancellation": N_("Under %(law)s you may cancel your order within %(period)s "
                           "without giving any reason."),
        "regret": N_("Under %(law)s you may change your mind and cancel your purchase "
                     "within %(period)s."),
        "revocation": N_("Under %(law)s you may revoke your purchase within %(period)s, "
                         "without any liability."),
        "no_reason_return": N_("Under %(law)s you may return goods within %(period)s "
                               "without giving a reason."),
    },
    "right_start": {
        "delivery": N_("The period is counted from the day you receive the goods."),
        "last_item_received": N_("The period is counted from the day you, or someone you name "
                                 "other than the carrier, receive the goods; for an order "
                                 "delivered in several parcels, from the day you receive the "
                                 "last one."),
    },
    "right_exercise": {
        "notice": N_("To use this right, tell us clearly that you have decided to, for example "
                     "by e-mail. You do not need our approval. Your notice is in time if you "
                     "send it before the period ends."),
        "notice_or_return": N_("To use this right, tell us, or send the goods back, before "
                               "the period ends. You do not need our approval."),
    },
    "refund_what": {
        "standard": N_("all payments, including the standard delivery charge"),
        "all": N_("everything you paid, including delivery"),
        "none": N_("the price you paid"),
    },
    "refund_from": {  # %(what)s: a "refund_what" label; %(period)s: e.g. "14 days"
        "notice": N_("No later than %(period)s after the day we receive your notice, we "
                     "refund %(what)s."),
        "goods_back_or_proof": N_("No later than %(period)s after we get the goods back or you "
                                  "show us that you have sent them, whichever is sooner, we "
                                  "refund %(what)s."),
        "return_received": N_("No later than %(period)s after we receive the goods, we refund "
                              "%(what)s."),
    },
    "model_form": {  # the official name of each law's model form, as a link and page title
        "EU": N_("Model withdrawal information and form"),
        "UK": N_("Model cancellation information and form"),
    },
    "return_cost": {
        "consumer": N_("You pay the direct cost of sending the goods back."),
        "trader": N_("We pay the cost of sending the goods back."),
    },
    "law_note": {
        "legal_guarantee": N_("Your legal guarantee for faulty goods also applies."),
        "uk_faulty_goods": N_("Your rights under the Consumer Rights Act 2015 for faulty goods "
                              "also apply."),
        "au_consumer_guarantees": N_("Under the Australian Consumer Law you can choose a refund "
                                     "or a replacement for a major failure, and get a repair for "
                                     "a minor one. Our change-of-mind policy is in addition to "
                                     "these rights."),
        "jp_special_terms": N_("Online purchases in Japan have no cooling-off period. These "
                               "terms are our special return terms under the Act on Specified "
                               "Commercial Transactions; they do not limit your rights for "
                               "faulty goods."),
        "us_posted_policy": N_("This policy is our promise to you. Warranties and state "
                               "consumer laws for faulty goods also apply, and a written copy "
                               "of this policy is available on request."),
        "local_faulty_goods": N_("Your rights under local consumer law for faulty goods are not "
                                 "affected by this policy."),
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
        "food": N_("food and drink"),
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
        "approved": N_("Your return is registered and your RMA code is ready"),
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


BRAND_NAMES: dict[str, str] = {
    "whatsapp": "WhatsApp",
    "line": "LINE",
    "messenger": "Messenger",
    "tiktok": "TikTok",
    "zalo": "Zalo",
    "wechat": "WeChat",
    "telegram": "Telegram",
    "kakaotalk": "KakaoTalk",
    "viber": "Viber",
}
"""Chat apps as their makers spell them, in every language (never translated or re-cased)."""
