"""Score the extraction on the development set: real articles nobody tuned for.

The set (`tests/fixtures/devset/`, described in its README) holds article beginnings, one
infobox gold file per article (`gold/<slug>.json`), narrative gold for some
(`narrative/<slug>.tsv`, the `tests/gold` format) and `SOURCES.tsv`, whose `batch` column
says in which batch an article was first measured. Scores are micro-averaged set overlaps
per fact type; names are compared after case and space folding, counted things after
taking plural endings off.

Why a second scorer next to `extract.scoring`: the development set's gold says more than
the first gold files did (every belligerent of a side, what a figure counts when it is not
people, combined casualty categories, raw values), so its facts are tuples of that richer
shape.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handan_kg import namespaces
from handan_kg.errors import InputError
from handan_kg.extract import extract, quantities
from handan_kg.extract.scoring import Score as Tally
from handan_kg.extract.scoring import count_text
from handan_kg.facts import ArticleFacts, Conflict
from handan_kg.parse.article import parse_file
from handan_kg.rdf.mapping import to_graph

INFOBOX_TYPES = ("kind", "dates", "part_of", "places", "sides", "members", "victor", "commanders", "strengths", "casualties", "names")

Tuples = dict[str, set[tuple[Any, ...]]]


def fold(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip().casefold()


def plain(text: str) -> str:
    """Folded and without diacritics: `Hishām` names the same man as `Hisham`."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", fold(text)) if not unicodedata.combining(ch))


def singular(thing: str | None) -> str | None:
    """The counted thing in the form the extractor gives it (`galleasses` -> `galleass`)."""
    return quantities.singular(thing) if thing else None


def extracted_tuples(facts: ArticleFacts) -> Tuples:
    """The infobox facts of one extraction, in the development set's tuple shapes."""
    c = facts.conflict
    return {
        "kind": {(c.kind,)},
        "dates": {(which, v[0].lexical(), v[0].qualifier) for which, v in (("start", c.start), ("end", c.end)) if v is not None},
        "part_of": {(fold(p),) for p, _ in c.part_of},
        "places": {(fold(ref.name), tuple(fold(x) for x in ref.located_in)) for ref, _ in c.places},
        "sides": {(s.index, fold(s.label)) for s in facts.sides if s.members},
        "members": {(s.index, fold(m)) for s in facts.sides for m, _ in s.members},
        "victor": {(s.index,) for s in facts.sides if s.victor},
        "commanders": {(m.side, fold(m.person), m.status) for m in facts.commanders},
        "strengths": {(s.side, count_text(s.count), singular(s.count.counted), s.count.approximate, s.count.at_least) for s in facts.strengths},
        "casualties": {(k.side, k.category, count_text(k.count), singular(k.count.counted)) for k in facts.casualties},
        "names": {(n.text, n.lang) for n, _ in c.names},
    }


def gold_tuples(gold: dict[str, Any]) -> Tuples:
    """The expected infobox facts of one article (`gold/<slug>.json`)."""
    sides = {int(k): v for k, v in gold["sides"].items()}
    return {
        "kind": {(gold["kind"],)},
        "dates": {(w, *gold[w]) for w in ("start", "end") if gold.get(w)},
        "part_of": {(fold(p),) for p in gold["part_of"]},
        "places": {(fold(name), tuple(fold(x) for x in within)) for name, within in gold["places"]},
        "sides": {(i, fold(members[0])) for i, members in sides.items() if members},
        "members": {(i, fold(m)) for i, members in sides.items() for m in members},
        "victor": {(gold["victor"],)} if gold.get("victor") else set(),
        "commanders": {(side, fold(name), status) for side, name, status, *_ in gold["commanders"]},
        "strengths": {(side, count, singular(what), approx, at_least) for side, count, what, approx, at_least in gold["strengths"]},
        "casualties": {(side, category, count, singular(what)) for side, category, count, what in gold["casualties"]},
        "names": {tuple(n) for n in gold["names"]},
    }


@dataclass
class ArticleScore:
    slug: str
    batch: str
    tallies: dict[str, Tally]
    differences: list[tuple[str, str, tuple[Any, ...]]]  # (extra | missed, type, fact)
    built: bool = True
    error: str | None = None  # why the extraction failed, when it did

    def total(self) -> Tally:
        out = Tally()
        for t in self.tallies.values():
            out.merge(t)
        return out


@dataclass
class DevReport:
    articles: list[ArticleScore] = field(default_factory=list)
    #: whether the quotes cited for entity-valued statements name their object, over the same articles
    evidence: EvidenceScore = field(default_factory=lambda: EvidenceScore())

    def by_type(self, batch: str | None = None) -> dict[str, Tally]:
        out = {t: Tally() for t in INFOBOX_TYPES}
        for a in self.articles:
            if batch is None or a.batch == batch:
                for t, tally in a.tallies.items():
                    out[t].merge(tally)
        return out

    def batches(self) -> list[str]:
        return sorted({a.batch for a in self.articles})

    def overall(self, batch: str | None = None) -> Tally:
        out = Tally()
        for t in self.by_type(batch).values():
            out.merge(t)
        return out


def read_sources(devset: Path) -> dict[str, dict[str, str]]:
    """`SOURCES.tsv` rows by slug."""
    path = devset / "SOURCES.tsv"
    try:
        with path.open(encoding="utf-8", newline="") as f:
            return {row["file"].removesuffix(".txt"): row for row in csv.DictReader(f, delimiter="\t")}
    except (OSError, KeyError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the development set's sources ({exc})") from None


def score_article(slug: str, batch: str, facts: ArticleFacts, gold: dict[str, Any]) -> ArticleScore:
    got, want = extracted_tuples(facts), gold_tuples(gold)
    tallies, differences = {}, []
    for fact_type in INFOBOX_TYPES:
        g, w = got[fact_type], want[fact_type]
        tally = Tally()
        tally.add(g, w)
        tallies[fact_type] = tally
        differences += [("extra", fact_type, f) for f in sorted(g - w, key=repr)]
        differences += [("missed", fact_type, f) for f in sorted(w - g, key=repr)]
    return ArticleScore(slug, batch, tallies, differences)


def evaluate_devset(devset: Path, batches: set[str] | None = None) -> DevReport:
    """Extract every article of the set (or of the given batches), score its infobox facts and
    check the evidence of its graph."""
    sources = read_sources(devset)
    report = DevReport()
    for slug in sorted(sources):
        batch = sources[slug].get("batch", "")
        if batches and batch not in batches:
            continue
        gold_path = devset / "gold" / f"{slug}.json"
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"{gold_path}: unreadable gold file ({exc})") from None
        article = parse_file(devset / "articles" / f"{slug}.txt")
        try:
            facts = extract(article, sources[slug].get("address"))
        except Exception as exc:  # noqa: BLE001 -- a crash is a finding to count, not to hide
            empty = ArticleFacts(slug, article.title.text, None, Conflict(article.title.text, "", []))
            score = score_article(slug, batch, empty, gold)
            score.built, score.error = False, f"{type(exc).__name__}: {exc}"
            report.articles.append(score)
            continue
        report.articles.append(score_article(slug, batch, facts, gold))
        report.evidence.merge(evidence_score(to_graph(facts, article)))
    return report


ENTITY_CLASSES = (
    "Person", "MilitaryUnit", "Belligerent", "Conflict", "War", "Campaign", "Battle", "Siege", "Operation",
    "Place", "Settlement", "City", "Town", "Village", "County", "Province", "Region", "Country", "River", "Railway",
    "Prefecture", "District", "Township", "Mountain", "Valley", "Island", "Sea", "Strait",
)


@dataclass
class EvidenceScore:
    """How many quotes cited for entity-valued statements name the object they support."""

    naming: int = 0
    cited: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (predicate, object label, quote)

    @property
    def precision(self) -> float:
        return self.naming / self.cited if self.cited else 1.0

    def merge(self, other: EvidenceScore) -> None:
        self.naming += other.naming
        self.cited += other.cited
        self.failures += other.failures


def evidence_score(graph: Any) -> EvidenceScore:
    """Check every quote cited for a statement whose object is a person, unit, place,
    conflict or belligerent: it must contain one of the object's names, or be marked as
    supporting the statement through another span (`hkg:via "coreference"` or
    `"list-heading"`) while another quote of the same statement names the object."""
    from rdflib import RDF, RDFS, Literal, Namespace, URIRef
    from rdflib.namespace import PROV, SKOS

    hkg, oa = Namespace(namespaces.HKG), Namespace(namespaces.OA)
    entity_types = {hkg[c] for c in ENTITY_CLASSES}

    def names(node: URIRef) -> list[str]:
        return [fold(str(n)) for p in (RDFS.label, SKOS.altLabel) for n in graph.objects(node, p) if isinstance(n, Literal)]

    def quote(ev: URIRef) -> str:
        for selector in graph.objects(ev, oa.hasSelector):
            exact = graph.value(selector, oa.exact)
            if exact is not None:
                return str(exact)
        return ""

    score = EvidenceScore()
    for stmt in graph.subjects(RDF.type, hkg.Assertion):
        obj = graph.value(stmt, RDF.object)
        predicate = graph.value(stmt, RDF.predicate)
        if predicate == RDF.type or not isinstance(obj, URIRef) or not set(graph.objects(obj, RDF.type)) & entity_types:
            continue
        wanted = [plain(n) for n in names(obj) if n]
        quotes = {ev: quote(ev) for ev in graph.objects(stmt, PROV.wasDerivedFrom)}
        marked = {ev for ev in quotes if graph.value(ev, hkg.via) is not None}
        named_elsewhere = any(any(n in plain(t) for n in wanted) for ev, t in quotes.items() if ev not in marked)
        for ev, text in sorted(quotes.items()):
            score.cited += 1
            folded = plain(text)
            if any(n in folded for n in wanted) or (ev in marked and named_elsewhere):
                score.naming += 1
            else:
                score.failures.append((str(predicate).rsplit("#", 1)[-1], wanted[0] if wanted else str(obj), text))
    return score
