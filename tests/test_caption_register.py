"""The caption register setting (``site_config.yml`` ``captions.register``): checked with
file:line, carried to every caption text through ``Phrases.say``, falling back to the plain
(informal) entry where a catalog has no formal one, and the support page's answers in the
customer pages' register."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from generator.captions.kit import Kit, build_kit, catalog_translations, project_kits
from generator.captions.lint import lint_captions
from generator.facts.site import load_and_resolve
from generator.i18n import tools
from generator.i18n.catalogs import CatalogFiles
from generator.i18n.registers import (
    CONTEXT,
    FORMAL,
    INFORMAL,
    has_registers,
    pages_register,
    register_table,
    translate,
)
from generator.layout import catalogs_for
from generator.notifications.answers import support_answers
from generator.notifications.placeholders import inert
from generator.project.load import load_project
from tests.conftest import edit, set_line
from tests.test_register import GLOSSARY
from tests.test_validation import CONFIG, load_problems, pos

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_SETTING = "  register:\n    de: informal\n"


def set_register(root: Path, lines: str) -> str:
    """Replace the example's ``captions.register`` entries in site_config.yml."""
    return edit(root, CONFIG, EXAMPLE_SETTING, f"  register:\n{lines}\n")


def markers(locale: str) -> dict[str, re.Pattern[str]]:
    rule = GLOSSARY["registers"][locale]
    return {kind: re.compile(rule["markers"][rule[kind]]) for kind in (FORMAL, INFORMAL)}


# -- the setting -------------------------------------------------------------------------------

def test_a_formal_register_for_a_published_language_is_valid(project: Path) -> None:
    set_register(project, "    de: formal\n    fr: informal")
    loaded = load_project(project)
    assert dict(loaded.config.captions.registers) == {"de": "formal", "fr": "informal"}
    assert not [w for w in loaded.warnings if "captions" in w.field]


def test_a_register_that_is_neither_formal_nor_informal(project: Path) -> None:
    text = set_register(project, "    de: Sie")
    assert load_problems(project) == [
        f'{CONFIG}:{pos(text, "    de: Sie")}: captions.register.de: must be one of formal, '
        'informal; got "Sie"']


def test_an_unknown_language(project: Path) -> None:
    text = set_register(project, "    xx: formal")
    problems = load_problems(project)
    assert len(problems) == 1
    assert problems[0].startswith(f"{CONFIG}:{pos(text, '    xx: formal', 'xx')}: "
                                  "captions.register.xx")
    assert '"xx" is not a supported locale' in problems[0]


def test_a_language_the_site_does_not_publish(project: Path) -> None:
    edit(project, CONFIG, "  locales: [en, es, de, fr, it, pt_BR, ja, zh_Hans, id, ms, th, vi, "
         "fil, ar]", "  locales: [en, de, ja]")
    text = set_register(project, "    fr: formal")
    loaded = load_project(project)  # a warning: taking a language off the site builds
    assert [str(w) for w in loaded.warnings if "captions" in w.field] == [
        f'{CONFIG}:{pos(text, "    fr: formal")}: captions.register.fr: warning: "fr" is not '
        "one of site.locales (add it to site.locales or remove this line)"]


def test_a_language_with_one_form_of_address_is_a_warning(project: Path) -> None:
    text = set_register(project, "    ja: formal")
    loaded = load_project(project)
    with_forms = ", ".join(register_table())
    assert [str(w) for w in loaded.warnings if "captions" in w.field] == [
        f'{CONFIG}:{pos(text, "    ja: formal")}: captions.register.ja: warning: ja '
        f"captions have one form of address; the setting changes nothing (formal and informal "
        f"differ in {with_forms})"]


DEFAULTS = "policies/defaults.yml"
HOOK = "      de: Doch nicht das Richtige?"


def test_a_hook_in_the_other_register_is_a_warning(project: Path) -> None:
    """A merchant's hook that says "Sie" above generated lines that say "du" (the default),
    and one that says "du" where the captions are set to "Sie"."""
    line = "      de: Haben Sie es sich anders überlegt?"
    text = set_line(project, DEFAULTS, HOOK, line)
    assert [str(w) for w in load_project(project).warnings if "captions" in w.field] == [
        f'{DEFAULTS}:{pos(text, line, "de")}: markets.DE.captions.hooks[0].de: warning: addresses '
        'viewers with "Sie", the captions with "du" (word it with "du", or set '
        "captions.register.de: formal in site_config.yml)"]
    line = "      de: Doch nicht das Richtige? Dann schick dein Paket zurück."
    text = set_line(project, DEFAULTS, "      de: Haben Sie", line)
    set_register(project, "    de: formal")
    assert [str(w) for w in load_project(project).warnings if "captions" in w.field] == [
        f'{DEFAULTS}:{pos(text, line, "de")}: markets.DE.captions.hooks[0].de: warning: addresses '
        'viewers with "du", the captions with "Sie" (word it with "Sie", or set '
        "captions.register.de: informal in site_config.yml)"]


def test_the_glossary_table_is_what_the_code_reads() -> None:
    assert set(register_table()) == set(GLOSSARY["registers"])
    assert pages_register("de") == FORMAL and pages_register("es") == INFORMAL
    assert pages_register("ja") == INFORMAL and not has_registers("ja")


# -- the mechanism -----------------------------------------------------------------------------

def _translations(entries: dict[tuple[str, str | None], str]) -> Translations:
    catalog = Catalog(locale="de")
    for (msgid, context), text in entries.items():
        catalog.add(msgid, text, context=context)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


def test_formal_takes_the_formal_entry_and_falls_back_to_the_plain_one() -> None:
    tr = _translations({("Returns within %(period)s.", None): "Rückgabe: %(period)s.",
                        ("Send it.", None): "Schick es.",
                        ("Send it.", CONTEXT): "Schicken Sie es."})
    assert translate(tr, "Send it.", FORMAL) == "Schicken Sie es."
    assert translate(tr, "Send it.", INFORMAL) == "Schick es."
    # No formal entry: the plain translation, never the English source.
    assert translate(tr, "Returns within %(period)s.", FORMAL) == "Rückgabe: %(period)s."
    assert translate(tr, "Not in the catalog.", FORMAL) == "Not in the catalog."


@pytest.fixture(scope="module")
def example() -> tuple:
    return load_and_resolve(REPO)


def _kit_texts(kit: Kit) -> list[str]:
    """Every generated text of a kit (the merchant's own hooks and calls to action are theirs
    to word): sentences, reply titles, script scenes."""
    texts = []
    for piece in kit.pieces:
        texts += [s.text for s in piece.segments if s.msgid]
        for scene in piece.scenes:
            texts += [s.text for s in (scene.overlay, scene.voice, scene.shot, scene.broll)
                      if s.msgid]
    return texts + [piece.title for piece in kit.replies]


@pytest.mark.parametrize("locale", sorted(GLOSSARY["registers"]))
def test_a_formal_kit_speaks_formally(example: tuple, locale: str) -> None:
    """Every generated caption, comment, reply and script text of the example in the formal
    register has no informal form, and the kit reads differently from the informal one."""
    _, facts = example
    translations = catalog_translations(catalogs_for(REPO))(locale)
    informal_form = markers(locale)[INFORMAL]
    markets = facts.markets_in(locale)
    assert markets
    for code in markets:
        kit = build_kit(facts.markets[code], locale, facts.default_locale, translations, FORMAL)
        for text in _kit_texts(kit):
            assert not informal_form.search(text), (code, text)
        informal = build_kit(facts.markets[code], locale, facts.default_locale, translations)
        assert _kit_texts(informal) != _kit_texts(kit)


def test_project_kits_follow_the_setting(example: tuple) -> None:
    _, facts = example
    settings = facts.captions.model_copy(update={"registers": {"de": FORMAL}})
    formal_site = type(facts)(**{**facts.__dict__, "captions": settings})
    translations = catalog_translations(catalogs_for(REPO))
    de = markers("de")
    for kit in project_kits(formal_site, translations, ["DE"], ["de"]):
        assert not any(de[INFORMAL].search(text) for text in _kit_texts(kit))
    for kit in project_kits(facts, translations, ["DE"], ["de"]):  # the default: informal
        assert not any(de[FORMAL].search(text) for text in _kit_texts(kit))


def test_a_language_without_formal_entries_reads_as_informal(example: tuple) -> None:
    _, facts = example
    translations = catalog_translations(catalogs_for(REPO))("ja")
    code = facts.markets_in("ja")[0]
    formal = build_kit(facts.markets[code], "ja", facts.default_locale, translations, FORMAL)
    plain = build_kit(facts.markets[code], "ja", facts.default_locale, translations)
    assert [p.text for p in formal.pieces] == [p.text for p in plain.pieces]


@pytest.mark.parametrize("locale", sorted(GLOSSARY["registers"]))
def test_support_answers_use_the_pages_register(example: tuple, locale: str) -> None:
    _, facts = example
    translations = catalog_translations(catalogs_for(REPO))(locale)
    rule = GLOSSARY["registers"][locale]
    wrong = re.compile(rule["markers"][rule[INFORMAL if rule["pages"] == FORMAL else FORMAL]])
    for code in facts.markets_in(locale):
        answers = [a for a in support_answers(facts.markets[code], locale,
                                              facts.default_locale, translations)
                   if a.id.startswith("reply-")]
        assert answers
        for answer in answers:
            assert not wrong.search(answer.text), (code, answer.text)
    # Same sentences as the kit in the pages' register: one mechanism, not a second copy; the
    # kit's replies are cut to a comment's length, the support page's are whole.
    code = facts.markets_in(locale)[0]
    kit = build_kit(facts.markets[code], locale, facts.default_locale, translations,
                    pages_register(locale))
    whole = [a.text for a in support_answers(facts.markets[code], locale, facts.default_locale,
                                             translations) if a.id.startswith("reply-")]
    assert len(whole) == len(kit.replies)
    for text, piece in zip(whole, kit.replies, strict=True):
        sentences = [inert(s.text) for s in piece.segments if s.text.strip()]
        assert all(sentence in text for sentence in sentences), (text, piece.text)
        assert len(text) >= len(inert(piece.text))


def test_support_answers_are_not_cut_to_a_comment() -> None:
    """German 'Sie' sentences are longer: a comment-sized answer to 'who pays?' would drop the
    faulty-items sentence, a support chat or e-mail has room for it."""
    _, facts = load_and_resolve(REPO)
    translations = catalog_translations(catalogs_for(REPO))("de")
    cost = next(a for a in support_answers(facts.markets["DE"], "de", facts.default_locale,
                                           translations) if a.id == "reply-cost")
    assert "4,95" in cost.text and "Defekt oder falsch" in cost.text, cost.text


def _preview_warnings(problems: list) -> set[tuple[str, ...]]:
    """(market field, caption, locale) of each key fact pushed past the feed's "more"."""
    found = set()
    for problem in problems:
        match = re.search(r'in caption (\S+) \((\w+)\) the key fact .* before "more"',
                          problem.message)
        if match:
            found.add((problem.field, *match.groups()))
    return found


@pytest.mark.slow  # lints every kit of the example twice
def test_formal_captions_lint_as_clean_as_informal_ones(example: tuple) -> None:
    """Formal sentences run longer: with every language formal the example's captions still
    have no lint error and no key fact pushed past "more" that the informal ones have not."""
    project, facts = example
    formal = {locale: FORMAL for locale in register_table()}
    formal_site = type(facts)(**{**facts.__dict__, "captions": facts.captions.model_copy(
        update={"registers": formal})})
    catalogs = catalogs_for(REPO)
    informal_problems = lint_captions(facts, project.marks, catalogs)
    formal_problems = lint_captions(formal_site, project.marks, catalogs)
    assert [str(p) for p in formal_problems if p.severity == "error"] == []
    assert _preview_warnings(formal_problems) <= _preview_warnings(informal_problems)


# -- extraction and updates --------------------------------------------------------------------

def test_extract_and_update_give_caption_messages_formal_versions(tmp_path: Path) -> None:
    """Formal versions for messages under generator/captions/ only; merged into languages with
    a formal register only, empty rather than guessed from the plain entry, kept on update."""
    (tmp_path / "babel.cfg").write_text("[python: generator/**.py]\n", encoding="utf-8")
    captions = tmp_path / "generator" / "captions"
    captions.mkdir(parents=True)
    (captions / "lines.py").write_text('N_("Send it back.")\n', encoding="utf-8")
    (tmp_path / "generator" / "pages.py").write_text('N_("Contact us")\n', encoding="utf-8")
    files = CatalogFiles(tmp_path)
    tools.extract(files)
    template = read_po(files.template.open("rb"))
    assert sorted((m.id, m.context or "") for m in template if m.id) == [
        ("Contact us", ""), ("Send it back.", ""), ("Send it back.", CONTEXT)]
    tools.update(files, ["de", "ja"], init_missing=True)
    de = read_po(files.po_file("de").open("rb"))
    de.get("Send it back.").string = "Schick es zurück."
    de.get("Send it back.", CONTEXT).string = "Schicken Sie es zurück."
    tools._write(files.po_file("de"), de)
    # A changed sentence: the merge would guess its formal version from a similar entry.
    (captions / "lines.py").write_text('N_("Send it back now.")\n', encoding="utf-8")
    tools.extract(files)
    tools.update(files, ["de", "ja"])
    de = read_po(files.po_file("de").open("rb"))
    formal = de.get("Send it back now.", CONTEXT)
    assert formal is not None and formal.string == "" and not formal.fuzzy
    assert de.get("Send it back now.").fuzzy  # the plain entry is guessed, for review
    ja = read_po(files.po_file("ja").open("rb"))
    assert [m.id for m in ja if m.context == CONTEXT] == []
    assert tools.catalog_status(files, "ja").total == 2
    assert tools.catalog_status(files, "de").total == 3
