"""`handan-kg link`: look up, score, decide, apply overrides, write links and the review file.

The decision loop runs to a fixpoint: context evidence ("this candidate is part of the
war we already linked") depends on other entities' links, so decisions are recomputed
with the accepted links of the previous round until nothing changes. Reviewed links
(overrides) are context from the first round. The order of entities, candidates and
rounds is fixed, so the result is deterministic.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import Graph

from handan_kg.errors import InputError, ValidationFailed
from handan_kg.link.cache import QueryCache
from handan_kg.link.client import WIKIDATA_ENDPOINT, SparqlClient
from handan_kg.link.entities import READ_PREDICATES, Entity, read_entities
from handan_kg.link.output import Link, links_graph, links_graph_iri, review_csv
from handan_kg.link.overrides import Override, read_overrides
from handan_kg.link.score import (
    DEFAULT_MARGIN,
    DEFAULT_THRESHOLD,
    Context,
    Decision,
    decide,
)
from handan_kg.link.wikidata import Item, Lookup, lookup
from handan_kg.resources import DATA_DIR, SHAPES_DIR
from handan_kg.store.graph import load_dataset
from handan_kg.write.manifest import MANIFEST, read_manifest
from handan_kg.write.serialize import to_turtle, write_atomic

LINKS_DIR = DATA_DIR / "links"
DEFAULT_OVERRIDES = LINKS_DIR / "overrides.tsv"
LINKS_FILE = "links.ttl"
REVIEW_FILE = "links-review.csv"
MAX_ROUNDS = 10


def default_cache_dir() -> Path:
    """`$HANDAN_KG_CACHE`, else `$XDG_CACHE_HOME/handan-kg/sparql`, else `~/.cache/handan-kg/sparql`."""
    if os.environ.get("HANDAN_KG_CACHE"):
        return Path(os.environ["HANDAN_KG_CACHE"])
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "handan-kg" / "sparql"


@dataclass
class LinkOptions:
    endpoint: str = WIKIDATA_ENDPOINT
    online: bool = False
    refresh: bool = False
    threshold: Decimal = DEFAULT_THRESHOLD
    margin: Decimal = DEFAULT_MARGIN
    cache_dir: Path = field(default_factory=default_cache_dir)
    overrides: Path | None = DEFAULT_OVERRIDES
    timeout: float = 30.0


@dataclass
class LinkRun:
    entities: list[Entity]
    decisions: list[Decision]
    links: dict[str, Link]            # entity key -> final link
    forbidden: set[tuple[str, str]]
    overrides_unused: list[Override]  # confirm rows for entities the dataset does not have
    asked: int                        # requests sent to the endpoint


def _tsv(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def type_rules() -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """data/links/types.tsv: our class -> compatible Wikidata roots (file order), and the roots' labels."""
    rules: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    for row in _tsv(LINKS_DIR / "types.tsv"):
        rules.setdefault(row["hkg_class"], []).append(row["root"])
        labels[row["root"]] = row["label"]
    return {k: tuple(v) for k, v in rules.items()}, labels


def generic_words(entity: Entity, table: list[dict[str, str]]) -> frozenset[str]:
    kinds = {"place": "Place"}
    return frozenset(r["word"] for r in table if r["hkg_class"] == kinds.get(entity.kind) or r["hkg_class"] in entity.classes)


def _date_of(found: Lookup | None) -> str:
    return max((a.asked for a in found.answers), default="") if found else ""


def run_linker(graph: Graph, base: str, sources: list[str], options: LinkOptions) -> LinkRun:
    """Link every entity of `graph`; network only when `options.online`."""
    entities = read_entities(graph, base)
    roots_by_class, root_labels = type_rules()
    roots = sorted({r for rs in roots_by_class.values() for r in rs}, key=lambda q: int(q[1:]))
    words = _tsv(LINKS_DIR / "names.tsv")
    client = SparqlClient(options.endpoint, QueryCache(options.cache_dir), online=options.online or options.refresh,
                          refresh=options.refresh, timeout=options.timeout)
    lookups = {e.key: lookup(client, e, generic_words(e, words), roots) for e in entities}
    index: dict[str, Item] = {q: it for found in lookups.values() if found for q, it in found.items.items()}

    rows = read_overrides(options.overrides) if options.overrides else []
    keys = {e.key for e in entities}
    confirmed = {o.entity: o for o in rows if o.action == "confirm" and o.entity in keys}
    forbidden = {(o.entity, o.qid) for o in rows if o.action == "forbid" and o.entity in keys}
    unused = [o for o in rows if o.action == "confirm" and o.entity not in keys]

    links = {k: o.qid for k, o in confirmed.items()}
    decisions: list[Decision] = []
    for _ in range(MAX_ROUNDS):
        ctx = Context(roots_by_class, root_labels, links, index, frozenset(sources))
        decisions = []
        for e in entities:
            found = lookups[e.key]
            items = None if found is None else {q: it for q, it in found.items.items() if (e.key, q) not in forbidden}
            decisions.append(decide(e, items, ctx, options.threshold, options.margin))
        new = {d.entity.key: d.qid for d in decisions if d.status == "accepted" and d.qid}
        new.update({k: o.qid for k, o in confirmed.items()})
        if new == links:
            break
        links = new

    final: dict[str, Link] = {}
    for d in decisions:
        e = d.entity
        if e.key in confirmed:
            o = confirmed[e.key]
            features = tuple(f for f in (f"reviewed: {o.source}", f"note: {o.note}" if o.note else "") if f)
            final[e.key] = Link(e, o.qid, "reviewed", Decimal("1.00"), features, o.date, f"overrides.tsv line {o.line}", o.label)
        elif d.status == "accepted" and d.best is not None:
            final[e.key] = Link(e, d.best.qid, "automatic", d.best.score, d.best.features, _date_of(lookups[e.key]), options.endpoint,
                                d.best.label)
    return LinkRun(entities, decisions, final, forbidden, unused, client.asked)


def validate_links(graph: Graph) -> None:
    """SHACL shapes/links.ttl over the links graph: a link that breaks them is never written."""
    from pyshacl import validate

    shapes = Graph().parse(SHAPES_DIR / "links.ttl", format="turtle")
    conforms, report, _ = validate(graph, shacl_graph=shapes, advanced=True)
    if not conforms:
        results = sorted({f"{focus}: {message}" for focus, message in report.query(
            "SELECT ?f ?m WHERE { ?r <http://www.w3.org/ns/shacl#focusNode> ?f ; <http://www.w3.org/ns/shacl#resultMessage> ?m }")})
        raise ValidationFailed(f"links violate shapes/links.ttl ({len(results)}): " + "; ".join(results[:3]))


def link_built(out_dir: Path, options: LinkOptions) -> tuple[dict, LinkRun]:
    """Run the linker over a built dataset (found through its manifest); writes nothing but the cache."""

    manifest = read_manifest(out_dir)
    sources = [a["source"] for a in manifest.get("articles", []) if a.get("source")]
    graph = load_dataset(out_dir, predicates=READ_PREDICATES)
    return manifest, run_linker(graph, manifest["base_iri"], sources, options)


def link_dataset(out_dir: Path, options: LinkOptions, review_path: Path | None = None) -> LinkRun:
    """Link a built dataset and write `links.ttl`, the review CSV and the manifest's `links` entry."""
    manifest, result = link_built(out_dir, options)
    base, name = manifest["base_iri"], manifest["name"]
    links = sorted(result.links.values(), key=lambda link: link.entity.key)
    lgraph = links_graph(links, base, name, options.threshold, options.margin)
    validate_links(lgraph)
    review = review_path or out_dir / REVIEW_FILE
    if review.exists() and review.is_dir():
        raise InputError(f"{review}: is a directory, not a review file path")
    manifest["links"] = {
        "file": LINKS_FILE,
        "graph": links_graph_iri(base, name),
        "review": str(review.relative_to(out_dir)) if review.parent == out_dir else str(review),
        "count": len(links),
    }
    write_atomic(out_dir / LINKS_FILE, to_turtle(lgraph))
    write_atomic(review, review_csv(result.decisions, result.links, result.forbidden, options.threshold))
    write_atomic(out_dir / MANIFEST, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return result
