"""``generator/data/model_forms.yml``: the statutory model withdrawal texts, complete and sourced,
and the page that prints them as data, pre-filled and escaped."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from babel.support import Translations
from pydantic import ValidationError

from generator.escape import md_escape
from generator.facts.pages import PAGE_KINDS, PageRef
from generator.project.model_forms import (
    MODEL_FORMS_FILE,
    ModelFormText,
    model_forms,
    pieces,
    unverified_model_forms,
)
from generator.render.markdown import LocaleRenderer, make_environment
from generator.source.loading import load_yaml
from tests.conftest import REPO, copy_example, facts_of

RAW = load_yaml(MODEL_FORMS_FILE, "generator/data/model_forms.yml").data["model_forms"]
TEXTS = [(key, locale) for key in sorted(RAW) for locale in RAW[key]]

# The sentence of Part B that makes the form a withdrawal, and the sentences Part A must hold
# once completed for our sales (point 1(b), notes 4 and 5(a)-(c) of the instructions).
FORM_DECLARATION = {
    ("EU", "en"): "I/We (*) hereby give notice that I/We (*) withdraw from my/our (*) contract of "
                  "sale of the following goods",
    ("EU", "de"): "Hiermit widerrufe(n) ich/wir (*) den von mir/uns (*) abgeschlossenen Vertrag "
                  "über den Kauf der folgenden Waren (*)",
    ("EU", "fr"): "Je/Nous (*) vous notifie/notifions (*) par la présente ma/notre (*) "
                  "rétractation du contrat portant sur la vente du bien (*)",
    ("EU", "es"): "Por la presente le comunico/comunicamos (*) que desisto de mi/desistimos de "
                  "nuestro (*) contrato de venta del siguiente bien",
    ("EU", "it"): "Con la presente io/noi (*) notifichiamo il recesso dal mio/nostro (*) "
                  "contratto di vendita dei seguenti beni",
    # The UK form prints its "delete as appropriate" marker in square brackets.
    ("UK", "en"): "I/We [*] hereby give notice that I/We [*] cancel my/our [*] contract of sale of "
                  "the following goods",
}
INSTRUCTIONS = {
    ("EU", "en"): [
        "You have the right to withdraw from this contract within 14 days without giving any "
        "reason.",
        "physical possession of the goods.",
        "We may withhold reimbursement until we have received the goods back or you have "
        "supplied evidence of having sent back the goods, whichever is the earliest.",
        "You shall send back the goods or hand them over to us or {return_address}",
        "You will have to bear the direct cost of returning the goods.",
        "You are only liable for any diminished value of the goods",
    ],
    ("EU", "de"): [
        "Sie haben das Recht, binnen vierzehn Tagen ohne Angabe von Gründen diesen Vertrag zu "
        "widerrufen.",
        "die Waren in Besitz genommen haben bzw. hat.",
        "Wir können die Rückzahlung verweigern, bis wir die Waren wieder zurückerhalten haben",
        "an uns oder an {return_address} zurückzusenden oder zu übergeben.",
        "Sie tragen die unmittelbaren Kosten der Rücksendung der Waren.",
        "Sie müssen für einen etwaigen Wertverlust der Waren nur aufkommen",
    ],
    ("EU", "fr"): [
        "Vous avez le droit de vous rétracter du présent contrat sans donner de motif dans un "
        "délai de quatorze jours.",
        "prend physiquement possession du bien.",
        "Nous pouvons différer le remboursement jusqu'à ce que nous ayons reçu le bien",
        "à nous-mêmes ou à {return_address}",
        "Vous devrez prendre en charge les frais directs de renvoi du bien.",
        "Votre responsabilité n'est engagée qu'à l'égard de la dépréciation du bien",
    ],
    ("EU", "es"): [
        "Tiene usted derecho a desistir del presente contrato en un plazo de 14 días sin "
        "necesidad de justificación.",
        "adquirió la posesión material de los bienes.",
        "Podremos retener el reembolso hasta haber recibido los bienes",
        "a nosotros o a {return_address}",
        "Deberá usted asumir el coste directo de devolución de los bienes.",
        "Solo será usted responsable de la disminución de valor de los bienes",
    ],
    ("EU", "it"): [
        "Ha il diritto di recedere dal contratto, senza indicarne le ragioni, entro 14 giorni.",
        "acquisisce il possesso fisico dei beni.",
        "Il rimborso può essere sospeso fino al ricevimento dei beni",
        "a noi o a {return_address}",
        "I costi diretti della restituzione dei beni saranno a Suo carico.",
        "Lei è responsabile solo della diminuzione del valore dei beni",
    ],
    ("UK", "en"): [
        "You have the right to cancel this contract within 14 days without giving any reason.",
        "physical possession of the goods.",
        "We may withhold reimbursement until we have received the goods back or you have "
        "supplied evidence of having sent back the goods, whichever is the earliest.",
        "You shall send back the goods or hand them over to us or {return_address}",
        "You will have to bear the direct cost of returning the goods.",
        "You are only liable for any diminished value of the goods",
    ],
}
# Point 3 (an online withdrawal form on the trader's site) is left out on purpose.
ONLINE_FORM = ("electronically fill in", "elektronisch ausfüllen", "remplir et transmettre",
               "cumplimentar y enviar electrónicamente", "compilare e inviare elettronicamente")


def instructions_text(text: ModelFormText) -> str:
    return "\n".join(text.instructions.paragraphs())


def form_text(text: ModelFormText) -> list[str]:
    form = text.form
    return [form.title, form.note, form.to, form.declaration, *form.fields, form.footnote]


def test_file_is_the_packaged_one() -> None:
    assert MODEL_FORMS_FILE == REPO / "generator" / "data" / "model_forms.yml"


def test_regimes_and_languages() -> None:
    assert {key: sorted(texts) for key, texts in model_forms().items()} == {
        "EU": ["de", "en", "es", "fr", "it"], "UK": ["en"]}
    assert set(TEXTS) == set(FORM_DECLARATION) == set(INSTRUCTIONS)


def test_every_regime_law_yml_names_has_texts() -> None:
    law = load_yaml(REPO / "generator" / "data" / "law.yml").data["regimes"]
    named = {regime["right"]["model_form"] for regime in law.values()
             if isinstance(regime.get("right"), dict) and regime["right"].get("model_form")}
    assert named <= set(model_forms()), f"law.yml names forms without texts: {named}"


@pytest.mark.parametrize(("key", "locale"), TEXTS)
def test_form_holds_the_official_declaration(key: str, locale: str) -> None:
    text = model_forms()[key][locale]
    assert FORM_DECLARATION[key, locale] in text.form.declaration


@pytest.mark.parametrize(("key", "locale"), TEXTS)
def test_instructions_are_completed_for_a_sale_of_goods(key: str, locale: str) -> None:
    text = instructions_text(model_forms()[key][locale])
    for sentence in INSTRUCTIONS[key, locale]:
        assert sentence in text, f"{key}/{locale} Part A lacks: {sentence}"
    assert not any(words in text for words in ONLINE_FORM), "point 3 must be left out"
    assert not re.search(r"\(\d\)|\[\d\]", text), "an instruction number was left in the text"


@pytest.mark.parametrize(("key", "locale"), TEXTS)
def test_source_is_the_official_publication(key: str, locale: str) -> None:
    text = model_forms()[key][locale]
    parts = urlsplit(text.source)
    assert parts.scheme == "https"
    if key == "EU":
        assert parts.hostname == "eur-lex.europa.eu"
        assert parts.path == f"/legal-content/{locale.upper()}/TXT/"
        # the consolidated text in force since 28 May 2022 (as amended by (EU) 2019/2161)
        assert parse_qs(parts.query) == {"uri": ["CELEX:02011L0083-20220528"]}
    else:
        assert parts.hostname == "www.legislation.gov.uk"
        assert parts.path == "/uksi/2013/3134/schedule/3"


@pytest.mark.parametrize(("key", "locale"), TEXTS)
def test_placeholders_stand_exactly_once(key: str, locale: str) -> None:
    text = model_forms()[key][locale]
    part_a = instructions_text(text)
    assert part_a.count("{trader}") == 1 and part_a.count("{return_address}") == 1
    part_b = "\n".join(form_text(text))
    assert part_b.count("{trader}") == 1 and "{trader}" in text.form.to
    assert "{return_address}" not in part_b
    assert (part_a + part_b).count("{") == 3, "an unknown {marker}"


@pytest.mark.parametrize(("key", "locale"), TEXTS)
def test_replaced_official_wording_is_recorded(key: str, locale: str) -> None:
    text = model_forms()[key][locale]
    for bracket in (text.form.trader_instruction, text.instructions.return_address_instruction):
        assert bracket.startswith("[") and bracket.endswith("]"), bracket
    assert "[" not in text.form.to and "[" not in instructions_text(text), "a bracket was left"
    assert text.instructions.trader_instruction


@pytest.mark.parametrize(("key", "locale"), TEXTS)
def test_delete_as_appropriate_markers_match_the_footnote(key: str, locale: str) -> None:
    form = model_forms()[key][locale].form
    marker = "[*]" if key == "UK" else "(*)"
    assert form.footnote.startswith(marker + " ")
    assert form.declaration.count(marker) >= 3
    assert ("(*)" if key == "UK" else "[*]") not in "\n".join(form_text(model_forms()[key][locale]))


@pytest.mark.parametrize(("key", "locale"), TEXTS)
def test_every_text_is_dated_and_explains_itself_until_verified(key: str, locale: str) -> None:
    text = model_forms()[key][locale]
    assert str(text.checked) == RAW[key][locale]["checked"] == "2026-12-03"
    if not text.verified:
        assert text.note, f"{key}/{locale} is unverified: say why in `note`"


def test_unverified_texts_are_listed_for_check() -> None:
    listed = [(key, locale) for key, locale, _ in unverified_model_forms()]
    expected = [(key, locale) for key, locale in TEXTS if not model_forms()[key][locale].verified]
    assert sorted(listed) == sorted(expected)
    assert all(not text.verified for _, _, text in unverified_model_forms())


def _raw_text(**changes: Any) -> dict[str, Any]:
    raw = {**RAW["EU"]["en"], "form": dict(RAW["EU"]["en"]["form"])}
    for name, value in changes.items():
        if name.startswith("form_"):
            raw["form"][name[len("form_"):]] = value
        else:
            raw[name] = value
    return raw


@pytest.mark.parametrize("changes", [
    {"form_to": "To [here the trader's name]:"},
    {"form_to": "To {trader}, {trader}:"},
    {"form_declaration": "I/We (*) withdraw, {return_address}"},
    {"form_to": "To {merchant}:"},
])
def test_a_misplaced_marker_is_refused(changes: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        ModelFormText.model_validate(_raw_text(**changes))


def test_instructions_without_return_address_are_refused() -> None:
    raw = _raw_text()
    sections = [dict(s, paragraphs=[p.replace("{return_address}", "X") for p in s["paragraphs"]])
                for s in raw["instructions"]["sections"]]
    raw["instructions"] = {**raw["instructions"], "sections": sections}
    with pytest.raises(ValidationError, match="return_address"):
        ModelFormText.model_validate(raw)


def test_pieces_split_text_and_markers() -> None:
    assert pieces("To {trader}: send to {return_address}") == [
        ("text", "To "), ("trader", ""), ("text", ": send to "), ("return_address", "")]
    assert pieces("{trader}") == [("trader", "")]
    assert pieces("no markers") == [("text", "no markers")]


# --- the page ---------------------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script> {{ 7 * 7 }} [x](https://evil.example) **b**"


@pytest.fixture(scope="module")
def example_facts(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return facts_of(copy_example(tmp_path_factory.mktemp("shop") / "shop", ("de",)))


def render_form(facts: Any, locale: str, forms: dict[str, ModelFormText]) -> str:
    """The withdrawal-form page of DE in ``locale``, with ``forms`` as its model texts."""
    if "withdrawal_form" not in PAGE_KINDS:
        pytest.skip("the withdrawal_form page kind is not registered (generator/facts/pages.py)")
    market = facts.markets["DE"]

    class Statutory:  # the market's statutory facts, with the given texts
        model_forms = forms

        def __getattr__(self, name: str) -> Any:
            return getattr(market.statutory, name)

    class Market:  # the example's DE market, with those statutory facts
        def __getattr__(self, name: str) -> Any:
            return Statutory() if name == "statutory" else getattr(market, name)

    page = PageRef(locale, "withdrawal_form", "DE")
    env = make_environment(str(REPO / "templates"))
    renderer = LocaleRenderer(facts, locale, env, Translations(), [page], {page}, [])
    context = {**renderer.globals_for(page), "facts": {"DE": Market()}}
    return env.get_template(PAGE_KINDS["withdrawal_form"].template).render(context)


def hostile(text: ModelFormText) -> ModelFormText:
    """``text`` with markup and template syntax in an official paragraph and the form."""
    section = text.instructions.sections[0]
    sections = [section.model_copy(update={"paragraphs": [HOSTILE, *section.paragraphs]}),
                *text.instructions.sections[1:]]
    return text.model_copy(update={
        "instructions": text.instructions.model_copy(update={"sections": sections}),
        "form": text.form.model_copy(update={"declaration": HOSTILE})})


def test_page_prints_the_official_text_as_data(example_facts: Any) -> None:
    body = render_form(example_facts, "en", {"en": hostile(model_forms()["EU"]["en"])})
    assert "<script" not in body and "{{" not in body
    assert "](https://evil" not in body and "**b**" not in body
    assert body.count(md_escape(HOSTILE)) == 2  # one official paragraph, the declaration


def test_page_fills_in_trader_and_return_address(example_facts: Any) -> None:
    body = render_form(example_facts, "de", model_forms()["EU"])
    market = example_facts.markets["DE"]
    assert "{trader}" not in body and "{return_address}" not in body
    assert "Muster&#45;Widerrufsformular" in body and 'lang="de"' in body
    # Part A (note 2) and the form's addressee line
    assert body.count(md_escape(example_facts.merchant.legal_name)) == 2
    assert body.count(f'href="mailto:{market.contact.email}"') == 2
    assert f'href="tel:{market.phone_e164}"' in body  # Part A only: the form has no phone
    assert market.hub.address.lines[0].split()[0] in body
    assert body.count('class="ps-form__field') == 5
    assert "eur&#45;lex&#46;europa&#46;eu" in body


def test_page_falls_back_to_a_binding_language_with_a_note(example_facts: Any) -> None:
    body = render_form(example_facts, "ja", model_forms()["EU"])
    assert 'lang="de"' in body and "Hiermit widerrufe&#40;n&#41;" in body
    assert "The official text is not published in your language" in body


def test_stub_market_matches_the_facts_the_template_reads() -> None:
    """The render tests stand in for ``statutory`` only; the rest must be real fields."""
    from generator.facts.market import MarketFacts

    names = {field.name for field in dataclasses.fields(MarketFacts)}
    assert {"binding_locales", "contact", "hub", "phone_e164", "phone_display"} <= names
    template = (REPO / "templates" / "pages" / "withdrawal_form.md.j2").read_text("utf-8")
    used = set(re.findall(r"\bf\.([a-z_0-9]+)", template))
    assert used <= names | {"statutory"}, used - names


def test_print_stylesheet_targets_the_form_page() -> None:
    css = (REPO / "templates" / "assets" / "policysite.css").read_text("utf-8")
    block = css[css.index("@media print"):]
    assert "@page { size: A4; margin: 15mm; }" in block
    for part in (".md-header", ".md-sidebar", ".md-footer", ".md-search", "button"):
        assert f"body:has(.ps-withdrawal) {part}" in block, part


def test_template_file_exists_where_the_page_kind_points() -> None:
    template = Path(REPO / "templates" / "pages" / "withdrawal_form.md.j2")
    assert template.is_file()
    if "withdrawal_form" in PAGE_KINDS:
        assert PAGE_KINDS["withdrawal_form"].template == "pages/withdrawal_form.md.j2"
