"""An independent SHACL engine (rudof, in Rust, through pyrudof) gives our engine's verdicts.

Our report comes from handan_kg.validate (the compiled engine, checked against pyshacl in
test_shacl_fast.py); rudof shares no code with either. Both run the shapes over data + ontology
(as handan_kg.validate does) on the built bundled article, on the built corpus and on graphs
broken on purpose, one way per kind of rule: the conforms verdict and the (focus node, severity,
constraint component) of every result must be the same.
"""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV, SH

from handan_kg.rdf.mapping import HKG
from handan_kg.resources import SHAPES_DIR
from handan_kg.store.graph import load_dataset
from handan_kg.validate.graph import _fast_engine, ontology_graph
from rdf_facts import built

pyrudof = pytest.importorskip("pyrudof")  # pinned in pyproject.toml's `test` extra

ID = "https://w3id.org/handan-kg/id/"
CONFLICT = URIRef(ID + "conflict/handan-campaign")


def rudof(graph: Graph) -> tuple[bool, Counter]:
    engine = pyrudof.Rudof(pyrudof.RudofConfig())
    engine.read_data((graph + ontology_graph()).serialize(format="nt"), pyrudof.RDFFormat.NTriples)
    engine.read_shacl(str(SHAPES_DIR / "handan-kg-shapes.ttl"), pyrudof.ShaclFormat.Turtle)
    report = engine.validate_shacl()
    results = Counter((str(e.focus_node), str(e.severity), str(e.constraint_component)) for e in report)
    return not any(severity == "Violation" for _, severity, _ in results), results


def ours(graph: Graph) -> tuple[bool, Counter]:
    engine = _fast_engine()
    assert engine is not None
    raw = engine.run(graph)
    results = Counter((str(r.focus), str(r.severity).rsplit("#", 1)[-1], str(r.component)) for r in raw)
    return not any(r.severity == SH.Violation for r in raw), results


def same_verdict(graph: Graph) -> tuple[bool, Counter]:
    mine, theirs = ours(graph), rudof(graph)
    assert mine == theirs, f"ours only: {mine[1] - theirs[1]}\nrudof only: {theirs[1] - mine[1]}"
    return mine


@pytest.fixture(scope="module")
def article() -> Graph:
    return load_dataset(built("article"))


def test_built_article_conforms_in_both_engines(article):
    conforms, results = same_verdict(article)
    assert conforms and sum(results.values()) >= 1  # the early events are warnings in both


def test_built_corpus_conforms_in_both_engines():
    conforms, results = same_verdict(load_dataset(built("corpus")))
    assert conforms and results


def first(graph: Graph, cls: URIRef, prop: URIRef) -> URIRef:
    return sorted(s for s in graph.subjects(RDF.type, cls) if (s, prop, None) in graph)[0]


def _negative_count(g):
    g.set((first(g, HKG.CasualtyObservation, HKG["count"]), HKG["count"], Literal(-3000, datatype=XSD.integer)))


def _string_count(g):
    g.set((first(g, HKG.CasualtyObservation, HKG["count"]), HKG["count"], Literal("3,000")))


def _low_above_high(g):
    obs = first(g, HKG.StrengthObservation, HKG["count"])
    g.remove((obs, HKG["count"], None))
    g.add((obs, HKG.countLow, Literal(9000, datatype=XSD.integer)))
    g.add((obs, HKG.countHigh, Literal(5700, datatype=XSD.integer)))


def _no_evidence(g):
    g.remove((first(g, HKG.CasualtyObservation, PROV.wasDerivedFrom), PROV.wasDerivedFrom, None))


def _statement_without_evidence(g):
    g.remove((first(g, HKG.Assertion, PROV.wasDerivedFrom), PROV.wasDerivedFrom, None))


def _missing_label(g):
    from rdflib import RDFS
    g.remove((CONFLICT, RDFS.label, None))


def _unknown_code(g):
    g.set((first(g, HKG.CasualtyObservation, HKG.casualtyCategory), HKG.casualtyCategory, HKG["casualty-eaten"]))


def _wrong_class(g):
    g.add((CONFLICT, HKG.place, URIRef(ID + "person/liu-bocheng")))


def _end_before_start(g):
    g.set((CONFLICT, HKG.endDate, Literal("1945-10-01", datatype=XSD.date)))


def _two_sides_of(g):
    side = first(g, HKG.Side, HKG.sideOf)
    g.add((side, HKG.sideOf, URIRef(ID + "conflict/chinese-civil-war")))


@pytest.mark.parametrize("damage", [_negative_count, _string_count, _low_above_high, _no_evidence,
                                    _statement_without_evidence, _missing_label, _unknown_code, _wrong_class,
                                    _end_before_start, _two_sides_of], ids=lambda f: f.__name__.strip("_"))
def test_broken_graph_fails_in_both_engines(article, damage):
    graph = Graph()
    graph += article
    damage(graph)
    conforms, results = same_verdict(graph)
    assert not conforms
    assert any(severity == "Violation" for _, severity, _ in results)
