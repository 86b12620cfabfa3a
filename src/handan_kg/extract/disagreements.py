"""Places where the article contradicts itself, surfaced instead of smoothed over.

Both statements stay in the facts (each with its own evidence); a `Disagreement` links
their evidence and says what disagrees:
- `side`: one person listed as a commander on two sides (he changed sides, or the infobox
  is wrong; either way a reader should be told);
- `event-outside-conflict`: a dated event of the main narrative (not the lead or a
  background section), or a start or end of hostilities anywhere, falls before the
  conflict's start or after its end as the infobox gives them.
"""

from __future__ import annotations

from collections import defaultdict

from handan_kg.extract.context import Context
from handan_kg.extract.events import is_background
from handan_kg.facts import DateValue, Disagreement, Evidence


def commanders_on_both_sides(ctx: Context) -> None:
    by_person: dict[str, list[tuple[int, Evidence]]] = defaultdict(list)
    for c in ctx.facts.commanders:
        by_person[c.person].append((c.side, c.evidence))
    for person, entries in by_person.items():
        sides = sorted({s for s, _ in entries})
        if len(sides) > 1:
            labels = " and ".join(f"side {s}" for s in sides)
            evidence = sorted({ev for _, ev in entries})
            ctx.facts.disagreements.append(Disagreement("side", f"{person} is listed as a commander of {labels}", evidence))


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


def events_outside_conflict(ctx: Context) -> None:
    conflict = ctx.facts.conflict
    if conflict.start is None and conflict.end is None:
        return
    section_of = {s.span.start: s.section for s in ctx.article.sentences}
    for event in ctx.facts.events:
        in_body = any(section_of.get(ev.start, -1) >= 0 and not is_background(ctx, section_of[ev.start]) for ev in event.evidence)
        if event.date is None or not (in_body or event.kind in _ABOUT_THE_CONFLICT):
            continue
        for bound, sign, word in ((conflict.start, -1, "before the conflict's start"), (conflict.end, 1, "after the conflict's end")):
            if bound and _cmp(event.date, bound[0]) == sign:
                evidence = sorted(set(event.evidence) | {bound[1]})
                ctx.facts.disagreements.append(Disagreement(
                    "event-outside-conflict",
                    f"{event.kind} on {event.date.lexical()} is {word} ({bound[0].lexical()})",
                    evidence,
                ))
