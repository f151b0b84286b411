"""Page Markdown the preview can reuse: what a page rendered, and which markets it read.

``policysite serve`` renders every locale again after an edit, and most of its pages come out
the same: an edit in ``policies/markets/de.yml`` changes the German market's pages and the
pages that show every market (the home page, the kit index), nothing else. Which markets a
page shows is up to its template (a project may have its own), so it is not guessed: while a
page renders, the site's current markets (and the newest version's changes, computed from
them) are read through ``TrackedMapping``, which notes each market read, and every market when
they are listed. The page's text is kept with a digest of each market it read; the next build
renders it again only when one of those digests, or anything shared by all pages (site
settings, earlier versions, the page plan, templates, catalogs), changed.

A false "changed" costs a render; a false "same" would serve a stale page, so every digest is
of the whole value (its pickle), and anything not tracked per market is in the shared digest.
``tests/test_render_memo.py`` and ``tests/test_serve_warm.py`` (byte-identical to a cold
build after each kind of edit) check it.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from generator.facts.site import SiteFacts

Value = TypeVar("Value")

ALL = "*"
"""Noted when a page lists the markets (iterates, counts): it depends on every one."""


class Reads:
    """The markets read by each render in progress (nested: a kit inside a page)."""

    def __init__(self) -> None:
        self._open: list[set[str]] = []

    def note(self, code: str) -> None:
        for reads in self._open:
            reads.add(code)

    @contextmanager
    def recording(self) -> Iterator[set[str]]:
        reads: set[str] = set()
        self._open.append(reads)
        try:
            yield reads
        finally:
            self._open.pop()


class TrackedMapping(Mapping[str, Value]):
    """A read-only mapping by market code that notes what is read from it."""

    __slots__ = ("_data", "_reads")

    def __init__(self, data: Mapping[str, Value], reads: Reads) -> None:
        self._data = data
        self._reads = reads

    def __getitem__(self, code: str) -> Value:
        self._reads.note(code)
        return self._data[code]

    def __contains__(self, code: object) -> bool:
        if isinstance(code, str):
            self._reads.note(code)
        else:
            self._reads.note(ALL)
        return code in self._data

    def __iter__(self) -> Iterator[str]:
        self._reads.note(ALL)
        return iter(self._data)

    def __len__(self) -> int:
        self._reads.note(ALL)
        return len(self._data)

    def __repr__(self) -> str:
        return f"TrackedMapping({self._data!r})"


def tracked_facts(facts: SiteFacts, reads: Reads) -> SiteFacts:
    """``facts`` whose current markets (also as the newest version's) and the newest version's
    changes note every read in ``reads``."""
    markets = TrackedMapping(facts.markets, reads)
    history = facts.history
    newest = history.newest
    newest = replace(newest, markets=markets if newest.markets is facts.markets
                     else TrackedMapping(newest.markets, reads),
                     changes=TrackedMapping(newest.changes, reads))
    return replace(facts, markets=markets,
                   history=replace(history, versions=(*history.versions[:-1], newest)))


def _digest(value: Any) -> str:
    """A digest of a value's content: pickled without the memo, so that equal values give the
    same bytes however their parts are shared (a kept archive's objects, interned strings)."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo (facts are trees, never cycles)
    try:
        pickler.dump(value)
    except (RecursionError, ValueError):  # a cycle after all: the memo's bytes (misses only)
        return hashlib.sha256(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()
    return hashlib.sha256(out.getvalue()).hexdigest()


@dataclass(frozen=True)
class FactsKey:
    """Digests of one build's facts: what every page shares, and each market's own."""

    shared: str
    markets: Mapping[str, str]

    def current(self, code: str) -> str | None:
        """The digest a page that read ``code`` (or ``ALL``) depends on; None: no such market."""
        if code == ALL:
            return self.markets.get(ALL)
        return self.markets.get(code)


def facts_key(facts: SiteFacts, *inputs: object) -> FactsKey:
    """Digest ``facts`` for the memo: each current market with its newest changes, and all
    the rest with ``inputs`` (templates, catalogs, the locale table: whatever else a page's
    text depends on)."""
    newest = facts.history.newest
    markets = {code: _digest((market, newest.changes.get(code)))
               for code, market in facts.markets.items()}
    markets[ALL] = _digest(sorted(markets.items()))
    rest = replace(facts, markets={}, history=replace(facts.history, versions=(
        *facts.history.versions[:-1], replace(newest, markets={}, changes={}))))
    by_locale = {locale: facts.markets_in(locale) for locale in facts.site.locales}
    return FactsKey(_digest((rest, by_locale, inputs)), markets)


@dataclass
class _Entry:
    shared: str
    reads: dict[str, str | None]
    """Each market read, with its digest then."""
    value: Any


@dataclass
class RenderMemo:
    """One locale's remembered renders (kept in a file between builds, as any worker may
    render the locale next), checked against this build's ``key``."""

    key: FactsKey
    entries: dict[Hashable, _Entry] = field(default_factory=dict)
    reads: Reads = field(default_factory=Reads)
    used: set[Hashable] = field(default_factory=set)
    computed: list[Hashable] = field(default_factory=list)
    """The names computed in this build (the rest were remembered)."""

    def remembered(self, name: Hashable, compute: Callable[[], Value]) -> tuple[Value, bool]:
        """``compute()``, or what it gave before if nothing it read has changed since; and
        whether it was remembered."""
        self.used.add(name)
        entry = self.entries.get(name)
        key = self.key
        if entry is not None and entry.shared == key.shared and all(
                key.current(code) == digest for code, digest in entry.reads.items()):
            for code in entry.reads:  # an enclosing render read them too
                self.reads.note(code)
            value: Value = entry.value
            return value, True
        with self.reads.recording() as read:
            value = compute()
        self.computed.append(name)
        self.entries[name] = _Entry(key.shared, {code: key.current(code) for code in read},
                                    value)
        return value, False

    def for_next_build(self) -> dict[Hashable, _Entry]:
        """The entries this build used (an edited page's older texts are dropped)."""
        return {name: entry for name, entry in self.entries.items() if name in self.used}
