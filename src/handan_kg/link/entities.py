"""The linkable entities of a built dataset: people, places, units, sides, belligerents, conflicts.

Read from the graph through docs/model.md's terms only, so the linker works on any
dataset the pipeline builds. Each entity carries what scoring needs: its names with
their languages, its hkg classes, and the years it is active in (its own dates for a
conflict, else the dates of the conflicts it is connected to).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from handan_kg.closure import ancestors
from handan_kg.rdf.mapping import (
    HKG,  # (importing rdf also quiets rdflib's log noise about BCE dates)
)
from handan_kg.resources import ONTOLOGY_FILE

# The top classes of the kinds we link; every subclass in the ontology inherits the kind.
# The kind picks the link predicate and the evidence rules.
KIND_OF_TOP: dict[str, str] = {
    "Person": "person", "Place": "place", "MilitaryUnit": "unit",
    "Side": "group", "Belligerent": "group", "Conflict": "conflict",
}


@lru_cache(maxsize=1)
def class_parents() -> dict[str, str]:
    """Our class hierarchy, read from the ontology: hkg class -> its hkg superclass."""
    onto = Graph().parse(ONTOLOGY_FILE, format="turtle")
    hkg = str(HKG)
    return {str(s)[len(hkg):]: str(o)[len(hkg):] for s, o in onto.subject_objects(RDFS.subClassOf)
            if str(s).startswith(hkg) and str(o).startswith(hkg)}


@lru_cache(maxsize=1)
def class_ancestors() -> dict[str, frozenset[str]]:
    """Each hkg class of `class_parents` with its hkg superclasses, itself included."""
    return ancestors(class_parents().items())


def kind_of(cls: str) -> str | None:
    parents = class_parents()
    while cls not in KIND_OF_TOP and cls in parents:
        cls = parents[cls]
    return KIND_OF_TOP.get(cls)


LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
YEAR = re.compile(r"^(-?\d{1,6})")


@dataclass(frozen=True)
class Entity:
    iri: str
    key: str                                # IRI path after `{base}id/`, e.g. person/deng-xiaoping
    kind: str                               # person | place | unit | group | conflict
    classes: tuple[str, ...]                # its most specific hkg classes (local names), sorted
    label: str                              # the rdfs:label (en) shown in reports
    names: tuple[tuple[str, str], ...]      # (text, language) pairs, sorted
    years: tuple[int, int] | None           # the years the entity is active in, if known


def literal_year(value: object) -> int | None:
    """Year of an XSD date/gYear/gYearMonth/dateTime literal (XSD 1.1: -0259 is 260 BC)."""
    match = YEAR.match(str(value))
    return int(match.group(1)) if match else None


def _span(graph: Graph, conflict: URIRef) -> tuple[int, int] | None:
    years = [y for p in (HKG.startDate, HKG.endDate) for o in graph.objects(conflict, p) if (y := literal_year(o)) is not None]
    return (min(years), max(years)) if years else None


def most_specific(classes: set[str]) -> tuple[str, ...]:
    """Drop every class that is an ancestor of another class the entity has."""
    above = class_ancestors()
    dropped = {a for cls in classes for a in above.get(cls, ()) if a != cls}
    return tuple(sorted(classes - dropped))


def _neighbours(graph: Graph, node: URIRef) -> set[URIRef]:
    """Nodes one step away in either direction over hkg: properties (provenance is not hkg:)."""
    out = {o for p, o in graph.predicate_objects(node) if isinstance(o, URIRef) and str(p).startswith(str(HKG))}
    out |= {s for s, p in graph.subject_predicates(node) if isinstance(s, URIRef) and str(p).startswith(str(HKG))}
    return out


def _names(graph: Graph, node: URIRef) -> tuple[tuple[str, str], ...]:
    found = {(str(o).strip(), (o.language or "").lower()) for p in LABEL_PROPERTIES for o in graph.objects(node, p)
             if isinstance(o, Literal) and str(o).strip()}
    return tuple(sorted(found))


# Every predicate `read_entities` looks at: typing, names, and hkg: properties (conflict
# dates, and the links between entities and n-ary nodes that place an entity in time).
# The reified statements and their evidence, most of a dataset, use none of them.
READ_PREDICATES = tuple(f"<{p}".encode() for p in (HKG, RDF.type, *LABEL_PROPERTIES))


def read_entities(graph: Graph, base: str) -> list[Entity]:
    """Every linkable entity under `{base}id/`, sorted by key (deterministic order)."""
    prefix = base + "id/"
    classes: dict[URIRef, set[str]] = defaultdict(set)
    for s, o in graph.subject_objects(RDF.type):
        if isinstance(s, URIRef) and str(s).startswith(prefix) and str(o).startswith(str(HKG)):
            local = str(o)[len(str(HKG)):]
            if kind_of(local):
                classes[s].add(local)
    conflicts = {s for s, cls in classes.items() if any(kind_of(c) == "conflict" for c in cls)}
    spans = {c: span for c in conflicts if (span := _span(graph, c))}
    all_years = [y for span in spans.values() for y in span]
    entities = []
    for node, cls in classes.items():
        kinds = {k for c in cls if (k := kind_of(c)) is not None}  # all: `classes` holds only classes with a kind
        if len(kinds) != 1:
            continue  # contradictory typing: not ours to guess
        kind = kinds.pop()
        names = _names(graph, node)
        if not names:
            continue
        labels = sorted((o.language != "en", str(o)) for o in graph.objects(node, RDFS.label) if isinstance(o, Literal))
        label = labels[0][1] if labels else names[0][0]  # the English rdfs:label; sorted, so stable
        if kind == "conflict":
            years = spans.get(node)
        else:
            near = {c for n in _neighbours(graph, node) for c in ({n} | _neighbours(graph, n)) if c in spans}
            span_years = [y for c in near for y in spans[c]] or all_years
            years = (min(span_years), max(span_years)) if span_years else None
        entities.append(Entity(str(node), str(node)[len(prefix):], kind, most_specific(cls), label, names, years))
    return sorted(entities, key=lambda e: e.key)
