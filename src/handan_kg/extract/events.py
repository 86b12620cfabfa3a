"""Dated events: one per sentence (or per dated clause) that reports an action on a date.

The kind is the event-kind cue (vocab/narrative/event_kinds.json) that occurs first in the
sentence, because the main clause leads in this prose (`By October 24, all three KMT armies
had crossed the Zhang River, and ... assaulted ...` is a river crossing). A date that is the
end of a range (`lasted from 10 September 1945, through 12 October 1945`) is a duration,
not an action. An undated sentence gets a date only from an explicit connective right
after a dated one (`Meanwhile` -> same date, `by the next day` -> +1 day, qualifier `by`).
Two sentences reporting the same kind of event on the same date about the same units (or
none) are one event with two pieces of evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handan_kg.extract import vocab
from handan_kg.extract.context import Context, evidence_of
from handan_kg.extract.temporal import DateMention, find_connective, find_dates, shift
from handan_kg.facts import DateValue, Event
from handan_kg.parse.article import Article


@dataclass(frozen=True)
class Segment:
    """The part of sentence `index` (relative [start, end)) that one date governs."""

    index: int
    start: int
    end: int
    date: DateValue
    clause: tuple[int, int]  # where the event's kind is read (the date's own clause)


def _default_year(ctx: Context) -> int | None:
    start = ctx.facts.conflict.start
    return start[0].year if start else None


def _segments(text: str, mentions: list[DateMention]) -> list[tuple[int, int, DateMention]]:
    """Split a sentence with several single dates at the clause break before each later date;
    a lone date closing an introductory clause (`After ... on 24 September 1948, ...`) governs
    only that clause."""
    opener = text.split(" ", 1)[0]
    comma = text.find(", ")
    if len(mentions) == 1 and opener in vocab.row_words("intro_clauses", "word") and mentions[0].end == comma:
        return [(0, comma, mentions[0])]
    out = []
    start = 0
    for i, m in enumerate(mentions):
        end = len(text)
        if i + 1 < len(mentions):
            nxt = mentions[i + 1].start
            verb = [a.start() for a in _AND_VERB.finditer(text, m.end, nxt)]  # `It began on X and ended on Y`
            brk = max(text.rfind(", and ", m.end, nxt), text.rfind("; ", m.end, nxt), text.rfind(", while ", m.end, nxt),
                      verb[-1] if verb else -1)
            end = brk if brk > 0 else nxt
        out.append((start, end, m))
        start = end
    return out


def dated_segments(ctx: Context) -> list[Segment]:
    """Every dated (or date-inheriting) piece of prose, in document order."""
    year = _default_year(ctx)
    out: list[Segment] = []
    previous: tuple[int, DateValue] | None = None  # (sentence index, date) of the last dated sentence
    for index, sentence in enumerate(ctx.article.sentences):
        text = sentence.span.text
        mentions = [m for m in find_dates(text, year) if not m.in_range]
        if mentions:
            for start, end, m in _segments(text, mentions):
                out.append(Segment(index, start, end, m.date, clause_at(text, m.start, m.end)))
            previous = (index, mentions[-1].date)
            year = mentions[-1].date.year
            continue
        if find_dates(text, year):
            previous = None
            continue
        connective = find_connective(text)
        prior = ctx.article.sentences[index - 1] if index else None
        if connective and previous and previous[0] == index - 1 and prior is not None and prior.section == sentence.section:
            date = shift(previous[1], connective)
            if date is not None:
                connective_at = re.search(connective.pattern, text, re.IGNORECASE)
                start, end = (connective_at.start(), connective_at.end()) if connective_at else (0, 0)
                out.append(Segment(index, 0, len(text), date, clause_at(text, start, end)))
                previous = (index, date)
                continue
        previous = None
    return out


def sentence_dates(segments: list[Segment]) -> dict[int, DateValue]:
    """The first date of each dated sentence (for defections and captures)."""
    out: dict[int, DateValue] = {}
    for seg in segments:
        out.setdefault(seg.index, seg.date)
    return out


_CLAUSE_BREAK = re.compile(r", (?:with|which|where|while|although|though|but|whereas)\b|; ")


# `Mithridates fled to the Crimea and committed suicide in 63 BC`: a date after a second
# coordinated predicate dates that predicate, not the first one
_AND_VERB = re.compile(r"\band (?=(?:[a-z]+ed|fought|took|fell|won|lost|made|gave|went|came|held|led|sent|struck|began|fled|drove|ran)\b)")


def clause_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause of `text` around [start, end): a date speaks for its own clause only."""
    lo = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    lo = max((m.end() for m in _AND_VERB.finditer(text, lo, start)), default=lo)
    hi = next((m.start() for m in _CLAUSE_BREAK.finditer(text, end)), len(text))
    return lo, hi


def event_kind(text: str) -> str | None:
    """The kind whose cue occurs first in `text` (file order breaks ties)."""
    best: tuple[int, int, str] | None = None
    for order, (code, pattern) in enumerate(vocab.patterns("event_kinds")):
        m = pattern.search(text)
        if m and (best is None or (m.start(), order) < best[:2]):
            best = (m.start(), order, code)
    return best[2] if best else None


def extract_events(ctx: Context, segments: list[Segment]) -> list[Event]:
    """One event per dated segment whose clause names an action, with the units, people,
    places and sides its span mentions; segments describing the same event merge."""
    events: list[tuple[Event, int]] = []
    for seg in segments:
        sentence = ctx.article.sentences[seg.index]
        piece = sentence.span.text[seg.start:seg.end]
        kind = event_kind(sentence.span.text[max(seg.start, seg.clause[0]):min(seg.end, seg.clause[1])])
        if kind is None:
            continue
        lo, hi = sentence.span.start + seg.start, sentence.span.start + seg.end
        inside = [m for m in ctx.mentions.get(seg.index, []) if lo <= m.start and m.end <= hi]
        units = _unique(m.name for m in inside if m.kind == "unit" and not _held_by_role(ctx, m))
        sides = sorted({m.side for m in inside if m.side is not None} | {s for _, _, s in ctx.sides.mentions(piece)})
        event = Event(
            kind=kind,
            description=piece.strip(" ,;"),
            evidence=[evidence_of(sentence)],
            date=seg.date,
            date_qualifier=seg.date.qualifier,
            units=units,
            people=_unique(m.name for m in inside if m.kind == "person"),
            places=_unique(m.name for m in inside if m.kind == "place"),
            sides=sides,
        )
        same = next((e for e, _ in events if _same(e, event)), None)
        if same is None:
            events.append((event, seg.index))
            continue
        _merge(same, event)
    events.sort(key=lambda pair: (pair[0].date.sort_key() if pair[0].date else (0, 0, 0), pair[1]))
    return [e for e, _ in events]


def _held_by_role(ctx: Context, m) -> bool:
    """`the commander of the 19th Army, Shi Zebo`: the unit describes a person, it does not act."""
    before = ctx.article.text[max(0, m.start - 60):m.start]
    return bool(re.search(rf"\b(?i:{vocab.alternation('roles')}) of (?:the )?$", before))


def _unique(names) -> list[str]:
    out: list[str] = []
    for n in names:
        if n not in out:
            out.append(n)
    return out


def _same(a: Event, b: Event) -> bool:
    return (a.kind == b.kind and a.date is not None and b.date is not None
            and (a.date.year, a.date.month, a.date.day) == (b.date.year, b.date.month, b.date.day)
            and bool(set(a.units) & set(b.units) or not (a.units or b.units)))


def _merge(into: Event, other: Event) -> None:
    """One event, two sentences: keep both, and the more exact date wording."""
    for ev in other.evidence:
        if ev not in into.evidence:
            into.evidence.append(ev)
    into.evidence.sort()
    if other.date_qualifier is None:
        into.date, into.date_qualifier = other.date, None
    for attr in ("units", "people", "places"):
        getattr(into, attr).extend(x for x in getattr(other, attr) if x not in getattr(into, attr))
    into.sides = sorted(set(into.sides) | set(other.sides))


def is_background(article: Article, section: int) -> bool:
    """Whether `section` narrates what came before (`Background`, `Prelude`)."""
    title = article.section_title(section)
    return bool(title and re.search(vocab.alternation("section_kinds", "background"), title, re.IGNORECASE))
