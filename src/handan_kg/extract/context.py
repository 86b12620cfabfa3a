"""Shared state of one narrative extraction: mentions per sentence and merged entities.

Extractors (units, places, people, events, ...) find *mentions* (a name at a span of a
sentence) and register *entities* (one record per normalized name, its evidence being
every sentence that supports it). Keeping both here lets the event extractor ask "which
units and places does this sentence name?" without re-running the other extractors, and
makes "a fact supported by two sentences keeps both" hold by construction.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from handan_kg.extract import vocab
from handan_kg.extract.dates import MONTH_NAMES
from handan_kg.extract.parties import SideResolver
from handan_kg.facts import ArticleFacts, Evidence, Name, Person, Place, Unit
from handan_kg.parse.article import Article, Sentence


@dataclass(frozen=True)
class Mention:
    """A name at absolute offsets [start, end) of the article text."""

    kind: str  # unit | place | person | conflict
    name: str
    start: int
    end: int
    side: int | None = None


@cache
def name_stopwords() -> frozenset[str]:
    """Words never part of a place's or person's name found after a cue (`in May`, `the
    Japanese General Staff`): the vocabulary's, and the month names."""
    return vocab.words("place_stopwords") | frozenset(MONTH_NAMES)


def evidence_of(sentence: Sentence) -> Evidence:
    return Evidence(sentence.span.start, sentence.span.end, sentence.span.text)


def same_person(a: str, b: str) -> bool:
    """Two names of one person: the same first and last word, the shorter's words all in the
    longer in order, and at least two words each (`Li` alone could be anybody)."""
    wa, wb = a.split(), b.split()
    if a == b or min(len(wa), len(wb)) < 2 or wa[0] != wb[0] or wa[-1] != wb[-1]:
        return False
    short, long_ = (wa, wb) if len(wa) < len(wb) else (wb, wa)
    it = iter(long_)
    return all(w in it for w in short)


def _add_evidence(evidence: list[Evidence], ev: Evidence) -> None:
    if ev not in evidence:
        evidence.append(ev)
        evidence.sort()


def add_name(names: list[Name], name: Name) -> None:
    """Add `name` to a record's names unless it is there already."""
    if name not in names:
        names.append(name)


def narrative_sentences(article: Article) -> Iterator[tuple[int, Sentence]]:
    """(index, sentence) of every sentence outside navigation sections (`See also`)."""
    skip = re.compile(vocab.alternation("section_kinds", "skip"), re.IGNORECASE)
    for index, sentence in enumerate(article.sentences):
        title = article.section_title(sentence.section)
        if not (title and skip.search(title)):
            yield index, sentence


@dataclass
class Context:
    article: Article
    facts: ArticleFacts
    sides: SideResolver
    mentions: dict[int, list[Mention]] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)

    def mention(self, index: int, m: Mention) -> None:
        found = self.mentions.setdefault(index, [])
        if m not in found:
            found.append(m)
            found.sort(key=lambda x: (x.start, -x.end))

    def in_sentence(self, index: int, kind: str) -> list[Mention]:
        return [m for m in self.mentions.get(index, []) if m.kind == kind]

    def covered(self, index: int, start: int, end: int, kinds: tuple[str, ...]) -> bool:
        """Whether [start, end) lies inside a mention of one of `kinds`."""
        return any(m.kind in kinds and m.start <= start and end <= m.end and (m.start, m.end) != (start, end)
                   for m in self.mentions.get(index, []))

    def _fuller_or_shorter(self, name: str) -> Person | None:
        """`William Rupertus` and `William H. Rupertus`: one person named with and without a middle
        name or initial (same first and last word) in one article. With a longer form known
        the shorter one is its mention; a longer form arriving later renames the record."""
        for known_name, known in list(self.people.items()):
            if same_person(known_name, name):
                add_name(known.names, Name(name if len(name) < len(known_name) else known_name))  # quotes name him either way
                if len(name) > len(known_name):
                    del self.people[known_name]
                    known.name = name
                    self.people[name] = known
                return known
        return None

    def unit(self, name: str, level: str, ev: Evidence, side: int | None = None) -> Unit:
        unit = self.units.get(name)
        if unit is None:
            unit = self.units[name] = Unit(name, level, [ev], side=side)
        _add_evidence(unit.evidence, ev)
        if unit.side is None:
            unit.side = side
        return unit

    def place(self, name: str, kind: str | None, ev: Evidence, names: tuple[Name, ...] = ()) -> Place:
        place = self.places.get(name)
        if place is None:
            place = self.places[name] = Place(name, kind, [ev])
        _add_evidence(place.evidence, ev)
        if place.kind is None:
            place.kind = kind
        for n in names:
            add_name(place.names, n)
        return place

    def person(self, name: str, ev: Evidence, side: int | None = None, names: tuple[Name, ...] = ()) -> Person:
        person = self.people.get(name) or self._fuller_or_shorter(name)
        if person is None:
            person = self.people[name] = Person(name, [ev], side=side)
        _add_evidence(person.evidence, ev)
        if person.side is None:
            person.side = side
        for n in names:
            add_name(person.names, n)
        return person
