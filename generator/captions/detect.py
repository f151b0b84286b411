"""Find what a caption must not contain, and the claims it makes, in plain text.

Off-platform contact (links, e-mail addresses, phone numbers, social handles, QR codes, other
apps and shops) is banned by TikTok Shop. Claims are numbers of days and "free" or "easy"
returns, which the linter compares with the policy. Word lists per language live in
``data/captions.yml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import phonenumbers
import regex

from generator.captions.rules import ClaimWords, caption_rules, claim_words

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?i)\b(?:https?://|www\.)\S+")
_GTLDS = ("com|net|org|info|biz|shop|store|online|site|xyz|app|io|co|me|ly|link|page|bio|"
          "website|club|top|live|[a-z]{2}")
_DOMAIN = re.compile(r"(?i)(?<![@\w.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:" + _GTLDS
                     + r")(?![\w-])(?:/\S*)?")
_HANDLE = re.compile(r"(?<![\w@.])@[\w.]{2,}")
_PLUS_NUMBER = re.compile(r"\+\d[\d\s().-]{6,}\d")
MIN_PHONE_DIGITS = 6  # the shortest subscriber numbers; fewer digits are amounts or days


@dataclass(frozen=True)
class Finding:
    kind: str  # link, email, phone, handle, qr, off_platform
    text: str


def forbidden(text: str, region: str) -> list[Finding]:
    """Every piece of off-platform contact in ``text``; ``region`` helps read phone numbers."""
    return list(_forbidden(text, region))


@lru_cache(maxsize=4096)
def _forbidden(text: str, region: str) -> tuple[Finding, ...]:
    found: list[Finding] = []
    rest = text
    for match in _EMAIL.finditer(text):
        found.append(Finding("email", match.group()))
        rest = rest.replace(match.group(), " ")
    for pattern in (_URL, _DOMAIN):
        for match in pattern.finditer(rest):
            found.append(Finding("link", match.group().rstrip(".,;:!?)")))
            rest = rest.replace(match.group(), " ")
    found += [Finding("handle", m.group()) for m in _HANDLE.finditer(rest)]
    if sum(char.isdigit() for char in rest) >= MIN_PHONE_DIGITS:
        phones = [m.raw_string for m in phonenumbers.PhoneNumberMatcher(
            rest, region, leniency=phonenumbers.Leniency.VALID)]
        phones += [m.group() for m in _PLUS_NUMBER.finditer(rest)
                   if not any(m.group() in p or p in m.group() for p in phones)]
        found += [Finding("phone", phone) for phone in phones]
    for kind, pattern in _names():
        found += [Finding(kind, match.group()) for match in pattern.finditer(rest)]
    return tuple(found)


@cache
def _names() -> list[tuple[str, re.Pattern[str]]]:
    """One pattern per kind of name: whole words for Latin names, anywhere for CJK ones."""
    rules = caption_rules()

    def pattern(names: list[str], flags: int) -> re.Pattern[str]:
        parts = [re.escape(name) if not name.isascii()
                 else r"(?<![^\W\d_])" + re.escape(name) + r"(?![^\W\d_])" for name in names]
        return re.compile("|".join(parts) or "(?!)", flags)

    return [("qr", pattern(rules.qr, re.IGNORECASE)),
            ("off_platform", pattern(rules.off_platform, re.IGNORECASE)),
            ("off_platform", pattern(rules.off_platform_case_sensitive, 0))]


def in_hashtag(tag: str, region: str) -> list[Finding]:
    """Off-platform contact in a hashtag, whose words run together ("#WhatsAppUs", "#qrcode")."""
    found = forbidden(split_hashtag(tag), region)
    word = tag.lstrip("#").casefold()
    rules = caption_rules()
    seen = {finding.text.casefold() for finding in found}
    for kind, names in (("qr", rules.qr), ("off_platform", rules.off_platform)):
        found += [Finding(kind, name) for name in names
                  if name.casefold() in word and name.casefold() not in seen]
    return found


@cache
def _compiled(fragments: tuple[str, ...], spaced: bool) -> regex.Pattern[str] | None:
    if not fragments:
        return None
    body = "|".join(f"(?:{fragment})" for fragment in fragments)
    if spaced:
        return regex.compile(rf"(?<!\w)(?:{body})(?!\w)", regex.IGNORECASE)
    return regex.compile(f"(?:{body})", regex.IGNORECASE)


def _words(words: ClaimWords, field: str, spaced: bool) -> regex.Pattern[str] | None:
    return _compiled(tuple(getattr(words, field)), spaced)


@cache
def _ignored(phrases: tuple[str, ...]) -> tuple[regex.Pattern[str], ...]:
    return tuple(regex.compile(phrase, regex.IGNORECASE) for phrase in phrases)


def _prepare(text: str, words: ClaimWords) -> str:
    # Compiled once: the lint prepares every sentence of every kit (regex's own cache
    # lookup per call was most of the time).
    for pattern in _ignored(tuple(words.ignore)):
        text = pattern.sub(" ", text)
    return text


def split_hashtag(tag: str) -> str:
    """"#FreeReturns30Days" → "Free Returns 30 Days" so that word rules can read it."""
    word = tag.lstrip("#").replace("_", " ")
    word = regex.sub(r"(?<=\p{Ll})(?=\p{Lu})|(?<=\p{L})(?=\d)|(?<=\d)(?=\p{L})", " ", word)
    return word


def day_numbers(text: str, language: str, *, hashtag: bool = False) -> list[int]:
    """Numbers of days the text states, e.g. [30] for "30-day returns" or "30日間"."""
    words = claim_words(language)
    if words is None or not words.day:
        return []
    spaced = words.spaced and not hashtag
    unit = "|".join(f"(?:{fragment})" for fragment in words.day)
    tail = r"(?!\w)" if spaced else ""
    pattern = regex.compile(rf"(?<![\d月/.,])(\d+)\s?[-‑–]?\s?(?:{unit}){tail}",
                            regex.IGNORECASE)
    return [int(match.group(1)) for match in pattern.finditer(_prepare(text, words))]


def _has(text: str, words: ClaimWords, field: str, spaced: bool) -> bool:
    pattern = _words(words, field, spaced)
    return bool(pattern and pattern.search(text))


def claims_free_returns(text: str, language: str, *, hashtag: bool = False) -> str | None:
    """What the text says is free: "shipping" (return shipping, or its cost), "returns" (the
    return itself), or None when it claims neither, or claims it only for faulty items."""
    return _promise(text, language, "free", hashtag)


def claims_easy_returns(text: str, language: str, *, hashtag: bool = False) -> bool:
    """The text promises that returning is easy ("easy", "hassle-free"), not only when faulty."""
    return _promise(text, language, "easy", hashtag) is not None


def _promise(text: str, language: str, field: str, hashtag: bool) -> str | None:
    words = claim_words(language)
    if words is None:
        return None
    spaced = words.spaced and not hashtag
    text = _prepare(text, words)
    if not _has(text, words, field, spaced) or _has(text, words, "faulty", spaced):
        return None
    if _has(text, words, "shipping", spaced):
        return "shipping"
    return "returns" if _has(text, words, "returns", spaced) else None


def mentions_refund(text: str, language: str) -> bool:
    words = claim_words(language)
    return bool(words and _has(_prepare(text, words), words, "refund", words.spaced))


def numbers(text: str) -> list[int]:
    """Every whole number written in digits of any script ("30", "٣٠", "๓๐")."""
    return [int(run) for run in re.findall(r"\d+", text)]
