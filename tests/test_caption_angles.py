"""Caption angles: every market and locale gets each angle as a full caption from its facts.

The angles (key fact, 3 things to know, POV, myth-buster, question hook) each state the facts
once, show the key fact before "more", name their parts for the exports and stay within the
lint; what they say follows the market's fees, categories and law.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from generator.captions import detect
from generator.captions.compose import ANGLES, caption_limit
from generator.captions.kit import Kit, catalog_translations, project_kits
from generator.captions.length import display_width
from generator.captions.lint import lint_kits
from generator.captions.phrases import Phrases
from generator.captions.pieces import Piece, one_line, repeated_facts
from generator.captions.replies import asked
from generator.captions.rules import caption_rules
from generator.escape import without_bidi_controls
from generator.facts.site import SiteFacts
from generator.i18n.catalogs import CatalogFiles
from generator.layout import catalogs_for
from tests.conftest import REPO, edit, facts_and_marks, facts_of

DE = "policies/markets/de.yml"
DEFAULTS = "policies/defaults.yml"
KEY_FACT_HOOK = "en: Changed your mind? You can send it back."


@cache
def example() -> tuple[SiteFacts, tuple[Kit, ...]]:
    facts = facts_of(REPO)
    return facts, tuple(project_kits(facts, catalog_translations(catalogs_for(REPO))))


def phrases_of(facts: SiteFacts, kit: Kit) -> Phrases:
    """The sentences the kit was made from, to compare the captions with."""
    tr = catalog_translations(catalogs_for(REPO))(kit.locale)
    return Phrases(facts.markets[kit.market], kit.locale, facts.default_locale, tr)


def english(root: Path) -> Kit:
    facts = facts_of(root)
    kits = project_kits(facts, catalog_translations(CatalogFiles(root)), ["DE"], ["en"])
    return kits[0]


def angle(kit: Kit, name: str) -> Piece:
    return next(caption for caption in kit.captions if caption.angle == name)


def test_every_example_market_and_locale_has_every_angle() -> None:
    facts, kits = example()
    assert len(kits) == sum(len(market.locales) for market in facts.markets.values())
    for kit in kits:
        hooks = len(facts.markets[kit.market].captions.hooks) or 1
        assert [c.angle for c in kit.captions] == ["key-fact"] * hooks + list(ANGLES)[1:]
        assert [c.variant for c in kit.captions] == [
            *(f"key-fact-{n}" for n in range(1, hooks + 1)), "three-things", "pov", "myth",
            "question"]
        titles = [c.title for c in kit.captions]
        assert len(set(titles[hooks - 1:])) == len(ANGLES), (kit.market, kit.locale)


def test_every_angle_states_each_fact_once_with_the_key_fact_before_more() -> None:
    _, kits = example()
    preview = caption_rules().limits.preview_width
    for kit in kits:
        for caption in kit.captions:
            where = (kit.market, kit.locale, caption.variant)
            assert repeated_facts(caption.segments) == [], where
            fact = caption.key_fact
            assert fact is not None and "window" in fact.facts, where
            end = caption.offset_of(fact) + len(fact.text)
            assert display_width(one_line(caption.text[:end])) <= preview, where
            assert caption.text.split("\n")[0] == caption.part("hook"), where
            assert caption.part("body").startswith(caption.text.split("\n", 1)[1][:10]), where
            assert caption.text == (f"{caption.part('hook')}\n{caption.part('body')}\n\n"
                                    f"{caption.part('hashtags')}"), where
            assert caption.limit is not None and caption.length <= caption.limit, where


def test_the_example_angles_are_lint_clean() -> None:
    facts, kits = example()
    _, marks = facts_and_marks(REPO)
    problems = lint_kits(facts, marks, catalogs_for(REPO), kits)
    angles = [str(p) for p in problems
              if any(f"caption {a}" in p.message or f'"{ANGLES[a]}"' in p.message
                     for a in ANGLES if a != "key-fact")]
    assert angles == []
    assert [str(p) for p in problems if p.severity == "error"] == []


def test_what_each_angle_says_follows_the_markets_facts() -> None:
    facts, kits = example()
    for kit in kits:
        market = facts.markets[kit.market]
        phrases = phrases_of(facts, kit)
        where = (kit.market, kit.locale)
        # the question's answer names the label fee where there is one; "free" only if nothing
        # is charged
        answer = angle(kit, "question").key_fact
        assert answer is not None
        assert market.window.days in detect.numbers(answer.text), where
        if market.return_label_fee is not None and market.customer_pays_change_of_mind:
            amount = without_bidi_controls(phrases.money(market.return_label_fee))
            assert amount in answer.text, where
        if market.change_of_mind_charges and kit.locale == "en":
            assert "free" not in answer.text.lower(), where
        restocking = phrases.restocking()
        for caption in kit.captions:  # a restocking fee is said in every angle
            assert restocking is None or restocking.text in caption.text, (*where, caption.variant)
        # 3 things: what a change of mind allows and costs, then the law, then exclusions
        things = angle(kit, "three-things")
        items = [line for line in things.text.split("\n") if line[:3] in ("1. ", "2. ", "3. ")]
        assert [item[:3] for item in items] == ["1. ", "2. ", "3. "], where
        assert items[0][3:].startswith(phrases.key_fact().text), where
        if market.change_of_mind_charges:
            assert phrases.cost().text in items[0], where
        statutory, exclusions = phrases.statutory(), phrases.exclusions()
        if statutory is not None:
            assert items[1][3:] == statutory.text, where
        elif exclusions is not None:
            assert items[1][3:] == exclusions.text, where
        # POV: "it doesn't fit" only where the market takes back something with sizes
        pov = angle(kit, "pov")
        assert pov.part("hook") == phrases.pov_hook(asked(market, "wrong-size")).text, where
        # myth: returns from abroad where returns cross a border
        myth = angle(kit, "myth")
        assert myth.part("hook") == phrases.myth().text, where
        for name in ("pov", "myth", "question"):
            if exclusions is not None:
                assert exclusions.text in angle(kit, name).text, (*where, name)


def test_english_angles_of_germany(project: Path) -> None:
    kit = english(project)
    assert not kit.several_hooks
    assert [c.title for c in kit.captions] == ["Key fact", "3 things to know", "POV",
                                               "Myth-buster", "Question hook"]
    assert angle(kit, "three-things").text.startswith(
        "3 things to know before you buy:\n"
        "1. Returns within 30 days. If you change your mind, our return label costs 4,95\u00a0€, "
        "deducted from your refund.\n"
        "2. Right of withdrawal (by law): 14 days, no reason needed.\n3. ")
    assert angle(kit, "pov").text.startswith(
        "POV: it arrived and it doesn't fit.\nGood news: you can send it back within 30 days.\n")
    assert angle(kit, "myth").text.startswith(  # Germany's returns stay inside the EU
        "Myth: you can only return faulty items.\n"
        "Fact: changed your mind? You have 30 days to return it.\n")
    question = angle(kit, "question")
    assert question.text.startswith("Can you return it if you just changed your mind?\n"
                                    "Yes: within 30 days, for a 4,95\u00a0€ label.\n\n")
    assert question.part("hook") == "Can you return it if you just changed your mind?"
    assert question.part("hashtags") == angle(kit, "key-fact").part("hashtags")
    assert question.limit == caption_limit(phrases_of(facts_of(project), kit))


def test_the_answer_follows_the_fees(project: Path) -> None:
    edit(project, DE, '  return_label_fee: "4.95"\n', "")
    shipping = angle(english(project), "question")
    assert "Yes: within 30 days; you pay the return shipping.\n" in shipping.text
    edit(project, DE, "  change_of_mind: customer\n", "  change_of_mind: merchant\n")
    free = english(project)
    assert "Yes, for free, within 30 days.\n" in angle(free, "question").text
    assert angle(free, "three-things").text.split("\n")[1] == "1. Free returns within 30 days."
    edit(project, DE, "refund_without_return_below:", 'restocking_fee:\n  percent: "10"\n'
         "refund_without_return_below:")
    restocking = english(project)
    text = angle(restocking, "question").text
    assert "Yes: within 30 days, with free return shipping.\n" in text
    assert "A restocking fee of 10\u00a0% applies when you change your mind." in text
    assert angle(restocking, "three-things").text.split("\n")[1] == (  # no "free returns"
        "1. Returns within 30 days. Return shipping is free. A restocking fee of 10\u00a0% "
        "applies when you change your mind.")


def test_several_hooks_each_get_a_key_fact_caption_and_calls_to_action_take_turns(
        project: Path) -> None:
    edit(project, DEFAULTS, f"    - {KEY_FACT_HOOK}\n",
         f"    - en: Wrong size? Send it back.\n    - {KEY_FACT_HOOK}\n")
    kit = english(project)
    assert [c.variant for c in kit.captions] == ["key-fact-1", "key-fact-2", "three-things",
                                                  "pov", "myth", "question"]
    assert [c.title for c in kit.captions[:2]] == ["Key fact (hook 1)", "Key fact (hook 2)"]
    assert kit.several_hooks
    assert kit.captions[0].part("hook") == "Wrong size? Send it back."
    assert kit.captions[1].part("hook") == KEY_FACT_HOOK[4:]
    ctas = [cta["en"] for cta in facts_of(project).markets["DE"].captions.calls_to_action]
    assert ctas
    for index, caption in enumerate(kit.captions):
        assert caption.part("body").endswith(ctas[index % len(ctas)]), caption.variant


def test_the_pov_hook_says_what_the_market_sells(project: Path) -> None:
    facts = facts_of(project)
    phrases = phrases_of(facts, english(project))
    assert phrases.pov_hook(True).text == "POV: it arrived and it doesn't fit."
    assert phrases.pov_hook(False).text == "POV: it arrived and you changed your mind."
    assert asked(facts.markets["DE"], "wrong-size")  # Germany takes back swimwear and shoes
