"""Places where the article contradicts itself, surfaced instead of smoothed over.

Both statements stay in the facts (each with its own evidence); a `Disagreement` links
their evidence and says what disagrees:
- `side`: one person listed as a commander on two sides (he changed sides, or the infobox
  is wrong; either way a reader should be told);
- `date`: the prose dates the conflict's own start or end (`The war concluded ... in July
  1938`) differently from the infobox;
- `count`: a troop figure the prose gives a side (`The KMT deployed around 145,000 troops`)
  matches neither a part nor the sum of that side's infobox strengths;
- `event-outside-conflict`: a dated event of the main narrative (not the lead or a
  background section), or a start or end of hostilities anywhere, falls before the
  conflict's start or after its end as the infobox gives them.
"""

from __future__ import annotations

import re
from collections import defaultdict

from handan_kg.extract import vocab
from handan_kg.extract.context import evidence_of, narrative_sentences
from handan_kg.extract.events import is_background
from handan_kg.extract.parties import SideResolver
from handan_kg.facts import Commander, Conflict, Count, DateValue, Disagreement, Event, Evidence, Strength
from handan_kg.parse.article import Article


def commanders_on_both_sides(commanders: list[Commander]) -> list[Disagreement]:
    by_person: dict[str, list[tuple[int, Evidence]]] = defaultdict(list)
    for c in commanders:
        by_person[c.person].append((c.side, c.evidence))
    out = []
    for person, entries in by_person.items():
        sides = sorted({s for s, _ in entries})
        if len(sides) > 1:
            labels = " and ".join(f"side {s}" for s in sides)
            evidence = sorted({ev for _, ev in entries})
            out.append(Disagreement("side", f"{person} is listed as a commander of {labels}", evidence))
    return out


def _cmp(a: DateValue, b: DateValue) -> int:
    """Compare two dates at the precision both have: -1, 0 (same or overlapping), 1."""
    depth = min(len(_parts(a)), len(_parts(b)))
    x, y = _parts(a)[:depth], _parts(b)[:depth]
    return (x > y) - (x < y)


def _parts(d: DateValue) -> tuple[int, ...]:
    return tuple(p for p in (d.year, d.month, d.day) if p is not None)


# Kinds that date the conflict itself: checked wherever they occur. Other events are checked
# only in the main narrative: the lead and background sections tell what came before.
_ABOUT_THE_CONFLICT = frozenset({"start-of-campaign", "end-of-hostilities"})
_CONFLICT_BOUND = {"start-of-campaign": "start", "end-of-hostilities": "end"}


def events_outside_conflict(article: Article, conflict: Conflict, events: list[Event]) -> list[Disagreement]:
    out: list[Disagreement] = []
    if conflict.start is None and conflict.end is None:
        return out
    section_of = {s.span.start: s.section for s in article.sentences}
    for event in events:
        in_body = any(section_of.get(ev.start, -1) >= 0 and not is_background(article, section_of[ev.start]) for ev in event.evidence)
        if event.date is None or not (in_body or event.kind in _ABOUT_THE_CONFLICT):
            continue
        own = _CONFLICT_BOUND.get(event.kind)
        if own and re.search(vocab.alternation("prose_figures", "conflict-subject"), event.description):
            bound = conflict.start if own == "start" else conflict.end
            if bound and _cmp(event.date, bound[0]) != 0:
                out.append(Disagreement(
                    "date", f"the prose gives the {own} as {event.date.lexical()}, the infobox as {bound[0].lexical()}",
                    sorted(set(event.evidence) | {bound[1]})))
            continue
        for bound, sign, word in ((conflict.start, -1, "before the conflict's start"), (conflict.end, 1, "after the conflict's end")):
            if bound and _cmp(event.date, bound[0]) == sign:
                evidence = sorted(set(event.evidence) | {bound[1]})
                out.append(Disagreement(
                    "event-outside-conflict",
                    f"{event.kind} on {event.date.lexical()} is {word} ({bound[0].lexical()})",
                    evidence,
                ))
    return out


def _matches(n: int, approximate: bool, counts: list[Count]) -> bool:
    """Whether a prose figure agrees with one infobox figure or with their sum."""
    slack = 0.01 if approximate else 0.0  # `around 145,000` is a rounded figure, not a loose one
    values = [c.value for c in counts if c.value is not None]
    candidates = [(v, v) for v in values] + [(c.low, c.high) for c in counts if c.low is not None and c.high is not None]
    if len(values) > 1:
        candidates.append((sum(values), sum(values)))
    return any(lo * (1 - slack) <= n <= hi * (1 + slack) for lo, hi in candidates)


def figures_against_infobox(article: Article, sides_of: SideResolver, strengths: list[Strength]) -> list[Disagreement]:
    figure = re.compile(vocab.alternation("prose_figures", "figure"))
    bound = re.compile(vocab.alternation("prose_figures", "bound"))
    out = []
    for _, sentence in narrative_sentences(article):
        text = sentence.span.text
        sides = {s for _, _, s in sides_of.mentions(text)}
        if len(sides) != 1:
            continue
        side = sides.pop()
        infobox = [s for s in strengths if s.side == side]
        if not infobox:
            continue
        for m in figure.finditer(text):
            if bound.search(text[:m.start()]):
                continue
            n = int(m.group("n").replace(",", ""))
            if not _matches(n, bool(m.group("approx")), [s.count for s in infobox]):
                out.append(Disagreement(
                    "count", f"the prose gives side {side} {n:,} {m.group('what')}; the infobox gives other figures",
                    sorted({evidence_of(sentence)} | {s.evidence for s in infobox})))
    return out
