"""`handan-kg eval`: precision and recall of the extraction against hand-written gold files.

A gold file (`tests/gold/<article-stem>.tsv`) lists, one per line, the facts a careful
reader takes from one corpus article (`<corpus>/<article-stem>.txt`); see
tests/gold/README.md for the fact types and their fields. The article is run through the
real extraction, its facts are reduced to the same typed tuples, and both sides are
compared per type after case and whitespace folding. A gold file is complete for the types
it is scored on, so every fact stated beyond it counts against precision: precision is
the figure that says whether what the graph states can be trusted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from handan_kg.errors import InputError
from handan_kg.extract import extract
from handan_kg.facts import ArticleFacts
from handan_kg.parse.article import parse_file
from handan_kg.quality.devset import fold

# type -> number of fields; optional trailing fields are padded with "".
FACT_TYPES: dict[str, int] = {
    "unit": 1, "unit-parent": 2, "deployment": 2, "place": 1, "place-zh": 2,
    "event": 3, "event-unit": 2, "event-place": 2, "person": 1, "person-zh": 2,
    "role": 3, "defection": 3, "capture": 4, "related-conflict": 2,
}
# The types held to the project's quality bar, and the bar.
THRESHOLDS: dict[str, tuple[float, float]] = {
    "event": (0.95, 0.85), "unit": (0.95, 0.85), "place": (0.95, 0.85),
}

Facts = dict[str, set[tuple[str, ...]]]


class GoldFileError(InputError):
    """A gold file is missing, malformed or names an article that is not in the corpus."""


@dataclass(frozen=True)
class Score:
    fact_type: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        stated = self.true_positives + self.false_positives
        return self.true_positives / stated if stated else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


@dataclass(frozen=True)
class Report:
    articles: list[str]
    scores: dict[str, Score]  # micro-averaged over all articles, per type
    per_article: dict[str, dict[str, Score]]
    misses: dict[str, list[tuple[str, str, tuple[str, ...]]]]  # article -> (kind, type, fact)

    def failures(self) -> list[str]:
        """Types below their threshold, as readable lines (empty: all good)."""
        out = []
        for fact_type, (p_min, r_min) in THRESHOLDS.items():
            s = self.scores.get(fact_type)
            if s and (s.precision < p_min or s.recall < r_min):
                out.append(f"{fact_type}: precision {s.precision:.3f} (min {p_min}), recall {s.recall:.3f} (min {r_min})")
        return out


def _row(fact_type: str, fields: Iterable[str | None]) -> tuple[str, ...]:
    values = [fold(f) for f in fields]
    return tuple(values + [""] * (FACT_TYPES[fact_type] - len(values)))


def load_gold(path: Path) -> Facts:
    """Read one gold file; a malformed line is an error naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldFileError(f"{path}: cannot read gold file ({exc})") from None
    gold: Facts = defaultdict(set)
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fact_type, *fields = line.rstrip("\n").split("\t")
        if fact_type not in FACT_TYPES:
            raise GoldFileError(f"{path}:{number}: unknown fact type {fact_type!r}")
        if not 1 <= len(fields) <= FACT_TYPES[fact_type]:
            raise GoldFileError(f"{path}:{number}: {fact_type} takes up to {FACT_TYPES[fact_type]} tab-separated fields, got {len(fields)}")
        gold[fact_type].add(_row(fact_type, fields))
    return gold


def stated(facts: ArticleFacts) -> Facts:
    """The extraction's facts as the same typed tuples as a gold file."""
    out: Facts = defaultdict(set)

    def add(fact_type: str, *fields: str | None) -> None:
        out[fact_type].add(_row(fact_type, fields))

    for u in facts.units:
        add("unit", u.name)
        if u.parent:
            add("unit-parent", u.name, u.parent)
        for place in u.deployed_at:
            add("deployment", u.name, place)
    for p in facts.places:
        add("place", p.name)
        for n in p.names:
            if n.lang == "zh":
                add("place-zh", p.name, n.text)
    for e in facts.events:
        date = e.date.lexical() if e.date else ""
        add("event", date, e.kind, e.date_qualifier)
        for unit in e.units:
            add("event-unit", date, unit)
        for place in e.places:
            add("event-place", date, place)
    for person in facts.people:
        add("person", person.name)
        for n in person.names:
            if n.lang == "zh":
                add("person-zh", person.name, n.text)
    for c in facts.commanders:
        add("person", c.person)
        for n in c.names:
            if n.lang == "zh":
                add("person-zh", c.person, n.text)
    for r in facts.roles:
        add("role", r.person, r.role, r.unit)
    for c in facts.commanders:  # an infobox commander holds the role `commander` in the conflict
        add("role", c.person, "commander", None)
    for d in facts.defections:
        add("defection", d.person, d.date.lexical() if d.date else None, d.persuaded_by)
    for cap in facts.captures:
        add("capture", cap.person, cap.date.lexical() if cap.date else None, cap.place, cap.captured_by)
    for rel in facts.related:
        add("related-conflict", rel.name, rel.relation)
    return out


def _default_facts(path: Path) -> ArticleFacts:

    return extract(parse_file(path), None)  # the source address plays no part in scoring


def evaluate(gold_dir: Path, corpus_dir: Path, facts_for: Callable[[Path], ArticleFacts] = _default_facts,
             only: set[str] | None = None) -> Report:
    """Score every `<gold_dir>/*.tsv` (or those whose stem is in `only`) against the extraction
    of its corpus article."""
    files = sorted(f for f in gold_dir.glob("*.tsv") if only is None or f.stem in only) if gold_dir.is_dir() else []
    if not files:
        raise GoldFileError(f"{gold_dir}: no gold files (*.tsv)")
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    per_article: dict[str, dict[str, Score]] = {}
    misses: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {}
    for gold_path in files:
        article_path = corpus_dir / f"{gold_path.stem}.txt"
        if not article_path.is_file():
            raise GoldFileError(f"{gold_path}: no article {article_path}")
        gold = load_gold(gold_path)
        got = stated(facts_for(article_path))
        scores, wrong = {}, []
        for fact_type in FACT_TYPES:
            g, s = gold.get(fact_type, set()), got.get(fact_type, set())
            if not g and not s:
                continue
            score = Score(fact_type, len(g & s), len(s - g), len(g - s))
            scores[fact_type] = score
            for i, n in enumerate((score.true_positives, score.false_positives, score.false_negatives)):
                totals[fact_type][i] += n
            wrong += [("extra", fact_type, f) for f in sorted(s - g)] + [("missed", fact_type, f) for f in sorted(g - s)]
        per_article[gold_path.stem] = scores
        misses[gold_path.stem] = wrong
    scores = {t: Score(t, *totals[t]) for t in FACT_TYPES if t in totals}
    return Report([f.stem for f in files], scores, per_article, misses)
