"""Compare extracted facts with hand-written expectations (precision / recall).

The expectations format is the one of tests/fixtures/infobox_gold.json: each fact
becomes a hashable tuple, so one article's extraction is scored per fact type as
set overlap. Used by the corpus tests and by benchmarks/extract_accuracy.py, which
also runs it on articles outside the corpus.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from handan_kg.facts import ArticleFacts, Count

FACT_TYPES = ("kind", "dates", "part_of", "places", "sides", "victor", "commanders", "strengths", "casualties", "names")


def count_text(count: Count) -> str:
    return f"{count.low}-{count.high}" if count.high is not None else str(count.value)


def fact_tuples(facts: ArticleFacts) -> dict[str, set[tuple[Any, ...]]]:
    """The extracted facts, one set of tuples per fact type."""
    c = facts.conflict
    dates = set()
    for which, value in (("start", c.start), ("end", c.end)):
        if value is not None:
            dates.add((which, value[0].lexical(), value[0].qualifier))
    victors = {(s.index,) for s in facts.sides if s.victor}
    return {
        "kind": {(c.kind,)},
        "dates": dates,
        "part_of": {(p,) for p, _ in c.part_of},
        "places": {(ref.name, ref.located_in) for ref, _ in c.places},
        "sides": {(s.index, s.label) for s in facts.sides},
        "victor": victors,
        "commanders": {(m.side, m.person, m.status, m.title) for m in facts.commanders},
        # these gold files list figures of people only: counted things (ships, guns) are scored
        # by the development set's gold (handan_kg.quality.devset)
        "strengths": {(s.side, count_text(s.count), s.count.qualifier, s.count.approximate, s.count.at_least)
                      for s in facts.strengths if s.count.counted is None},
        "casualties": {(k.side, k.category, count_text(k.count), k.count.qualifier) for k in facts.casualties
                       if k.count.counted is None},
        "names": {(n.text, n.lang) for n, _ in c.names},
    }


def gold_tuples(gold: dict[str, Any]) -> dict[str, set[tuple[Any, ...]] | None]:
    """The expected facts of one article in the same shape as `fact_tuples`; a fact type
    the expectations do not cover (older files without `places`) is None and not scored."""
    dates = {(w, *gold[w]) for w in ("start", "end") if gold.get(w)}
    return {
        "kind": {(gold["kind"],)},
        "dates": dates,
        "part_of": {(p,) for p in gold["part_of"]},
        "places": {(name, tuple(within)) for name, within in gold["places"]} if "places" in gold else None,
        "sides": {(int(k), v) for k, v in gold["sides"].items()},
        "victor": {(gold["victor"],)} if gold["victor"] else set(),
        "commanders": {tuple(c) for c in gold["commanders"]},
        "strengths": {tuple(s) for s in gold["strengths"]},
        "casualties": {tuple(c) for c in gold["casualties"]},
        "names": {tuple(n) for n in gold["names"]},
    }


@dataclass
class Score:
    true_positives: int = 0
    extracted: int = 0
    expected: int = 0

    def add(self, got: set[tuple[Any, ...]], want: set[tuple[Any, ...]]) -> None:
        self.true_positives += len(got & want)
        self.extracted += len(got)
        self.expected += len(want)

    def merge(self, other: Score) -> None:
        self.true_positives += other.true_positives
        self.extracted += other.extracted
        self.expected += other.expected

    @property
    def precision(self) -> float:
        return self.true_positives / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 1.0
