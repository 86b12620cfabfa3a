"""The fast SHACL engine gives exactly pyshacl's results (pyshacl is the oracle).

Both engines run on every corpus article (real extractor + mapper) and on graphs broken on
purpose, one way per constraint kind the shapes use; the result multisets (focus, path, value,
severity, constraint component, messages) must be identical and non-trivial.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SH

from handan_kg.parse.article import parse_file
from handan_kg.extract import extract
from handan_kg.corpus.sources import source_url
from handan_kg.rdf.mapping import HKG, OA, to_graph
from handan_kg.validate.engine import Engine, Unsupported
from handan_kg.validate.sparql_predicates import predicates
from handan_kg.validate.graph import (
    _fast_engine,
    ontology_graph,
    pyshacl_results,
    shapes_graph,
    validate,
)

BASE = "https://w3id.org/handan-kg/"
CORPUS = sorted((Path(__file__).parent / "fixtures" / "corpus").glob("*.txt"))
CONFLICT = URIRef(BASE + "id/conflict/handan-campaign")
WD = Namespace("http://www.wikidata.org/entity/")


def built(path: Path) -> Graph:
    article = parse_file(path)
    return to_graph(extract(article, source_url(path, article.title.text)), article, BASE)


def same_results(graph: Graph) -> list:
    fast = _fast_engine()
    assert fast is not None, "the fast engine refused the project's shapes"
    mine, reference = fast.run(graph), pyshacl_results(graph)
    assert Counter(mine) == Counter(reference), (
        f"fast only: {Counter(mine) - Counter(reference)}\npyshacl only: {Counter(reference) - Counter(mine)}")
    return mine


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_corpus_article_same_results_as_pyshacl(path):
    results = same_results(built(path))
    assert all(r.severity != SH.Violation for r in results)  # the corpus conforms


@pytest.fixture(scope="module")
def handan() -> Graph:
    return built(next(p for p in CORPUS if p.stem == "handan_campaign"))


def first(graph: Graph, cls: URIRef, prop: URIRef | None = None) -> URIRef:
    nodes = sorted(s for s in graph.subjects(RDF.type, cls) if prop is None or (s, prop, None) in graph)
    assert nodes, f"no {cls} with {prop} in the fixture"
    return nodes[0]


def _no_start(g):
    g.remove((CONFLICT, HKG.startDate, None))


def _negative_count(g):
    g.set((first(g, HKG.CasualtyObservation, HKG["count"]), HKG["count"], Literal(-3000)))


def _string_count(g):
    g.set((first(g, HKG.CasualtyObservation, HKG["count"]), HKG["count"], Literal("3,000")))


def _end_before_start(g):
    g.set((CONFLICT, HKG.endDate, Literal("1945-10-01", datatype=XSD.date)))


def _bce_dates(g):
    g.set((CONFLICT, HKG.startDate, Literal("-0047-08-09", datatype=XSD.date)))
    g.set((CONFLICT, HKG.endDate, Literal("-0048", datatype=XSD.gYear)))  # ends before it starts
    g.set((first(g, HKG.MilitaryEvent), HKG.date, Literal("-47-8-9", datatype=XSD.date)))  # malformed


def _bad_date_types(g):
    g.set((CONFLICT, HKG.startDate, Literal("1945-10-22")))  # a plain string
    g.set((CONFLICT, HKG.endDate, Literal("1945-13-02", datatype=XSD.date)))


def _missing_evidence(g):
    g.remove((first(g, HKG.CommandRole), PROV.wasDerivedFrom, None))
    g.remove((first(g, HKG.Assertion), PROV.wasDerivedFrom, None))


def _wrong_class(g):
    person = first(g, HKG.Person)
    g.add((CONFLICT, HKG.place, person))
    g.add((first(g, HKG.MilitaryEvent), HKG.capturedBy, first(g, HKG.Place)))  # sh:or of two classes
    g.add((first(g, HKG.Side), HKG.commander, Literal("not a node")))


def _two_labels(g):
    g.add((CONFLICT, RDFS.label, Literal("Another Name", lang="en")))
    g.add((first(g, HKG.Person), RDFS.label, Literal("untagged")))


def _counts(g):
    obs = first(g, HKG.StrengthObservation, HKG["count"])
    g.add((obs, HKG.countLow, Literal(10)))  # xone: both a count and half a range
    g.add((obs, HKG.casualtyCategory, HKG.killed))  # a strength has no casualty category
    ranged = first(g, HKG.CasualtyObservation, HKG["count"])
    g.remove((ranged, HKG["count"], None))
    g.add((ranged, HKG.countLow, Literal(900)))
    g.add((ranged, HKG.countHigh, Literal(100)))  # lessThanOrEquals
    g.add((ranged, HKG.approximate, Literal("yes")))


def _concepts_and_kinds(g):
    g.set((first(g, HKG.MilitaryEvent), HKG.eventType, HKG.NoSuchType))  # sh:node / sh:hasValue
    g.set((first(g, HKG.Side), HKG.sideIndex, Literal("1")))
    g.set((first(g, HKG.Side, HKG.sideIndex), HKG.sideIndex, Literal(0)))  # minInclusive
    g.add((CONFLICT, HKG.partOf, Literal("Chinese Civil War")))  # nodeKind IRI
    g.add((CONFLICT, HKG.result, Literal("victoire", lang="fr")))  # languageIn + maxCount
    unit = first(g, HKG.MilitaryUnit)
    g.add((unit, HKG.parentUnit, unit))  # SPARQL constraint without ?value


def _selectors(g):
    ev = first(g, HKG.Evidence)
    selector = next(g.objects(ev, OA.hasSelector))
    g.add((ev, OA.hasSelector, URIRef(str(selector) + "-copy")))
    g.add((URIRef(str(selector) + "-copy"), RDF.type, OA.TextQuoteSelector))  # qualifiedMaxCount
    g.add((URIRef(str(selector) + "-copy"), OA.exact, Literal("")))  # minLength
    other = sorted(g.subjects(RDF.type, HKG.Evidence))[1]
    for sel in list(g.objects(other, OA.hasSelector)):
        if (sel, RDF.type, OA.TextPositionSelector) in g:
            g.remove((other, OA.hasSelector, sel))  # qualifiedMinCount
    position = first(g, OA.TextPositionSelector)
    g.set((position, OA.start, Literal(50, datatype=XSD.nonNegativeInteger)))
    g.set((position, OA.end, Literal(40, datatype=XSD.nonNegativeInteger)))  # lessThan


def _links(g):
    entity = first(g, HKG.Person)
    activity = URIRef(BASE + "id/activity/link-test")
    g.add((activity, RDF.type, PROV.Activity))
    for i, (target, status, score) in enumerate([(WD.Q42, "automatic", "0.9"), (WD.Q7, "automatic", "1.5"),
                                                 (URIRef("http://example.org/x"), "maybe", "0.5")]):
        g.add((entity, OWL.sameAs, target))
        link = URIRef(f"{BASE}id/link/test-{i}")
        for p, o in ((RDF.type, HKG.Link), (RDF.subject, entity), (RDF.predicate, OWL.sameAs),
                     (RDF.object, target), (HKG.linkScore, Literal(score, datatype=XSD.decimal)),
                     (HKG.linkStatus, Literal(status)), (HKG.linkEvidence, Literal("label")),
                     (PROV.wasGeneratedBy, activity), (DCTERMS.date, Literal("2026-11-26", datatype=XSD.date)),
                     (DCTERMS.source, Literal("wikidata"))):
            g.add((link, p, o))
    g.remove((entity, OWL.sameAs, WD.Q7))  # Link-asserted: a link to a triple not asserted


BREAKS = [_no_start, _negative_count, _string_count, _end_before_start, _bce_dates, _bad_date_types,
          _missing_evidence, _wrong_class, _two_labels, _counts, _concepts_and_kinds, _selectors, _links]


@pytest.mark.parametrize("breaker", BREAKS, ids=[b.__name__.strip("_") for b in BREAKS])
def test_broken_graph_same_results_as_pyshacl(handan, breaker):
    graph = Graph()
    graph += handan
    before = Counter(r for r in _fast_engine().run(graph))
    breaker(graph)
    results = Counter(same_results(graph))
    assert results != before and results - before, "the break found nothing new"


def test_reports_are_identical_whichever_engine(handan):
    graph = Graph()
    graph += handan
    for prefix, ns in handan.namespaces():
        graph.bind(prefix, ns)
    _counts(graph)
    _wrong_class(graph)
    fast, reference = validate(graph, engine="fast"), validate(graph, engine="pyshacl")
    assert not fast.conforms and fast.text() == reference.text()
    assert fast.violations == reference.violations and fast.warnings == reference.warnings
    assert fast.graph.serialize(format="turtle") == reference.graph.serialize(format="turtle")


def _shapes(extra: str) -> Graph:
    return Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        """ + extra, format="turtle")


@pytest.mark.parametrize("extra", [
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .",
    "ex:S a sh:NodeShape ; sh:targetNode ex:n ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:pattern \"a\" ; sh:flags \"i\" ] .",
    """ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:message "m" ;
        sh:select "SELECT $this WHERE { OPTIONAL { $this ex:p ?x } FILTER (!bound(?x)) }" ] .""",
    """ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [
        sh:select "SELECT $this WHERE { $this ex:p ?x }" ] .""",
    """ex:S a sh:NodeShape ; sh:targetClass ex:C ; ex:max 2 .
    ex:Max a sh:ConstraintComponent ; sh:parameter [ sh:path ex:max ] ;
        sh:validator [ a sh:SPARQLAskValidator ; sh:ask "ASK { FILTER (false) }" ] .""",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:deactivated true .",
    """ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:message "m" ;
        sh:select "SELECT ?x WHERE { $this ex:p ?x }" ] .""",
])
def test_unknown_features_are_refused_at_compile_time(extra):
    with pytest.raises(Unsupported):
        Engine(_shapes(extra), Graph())


def test_project_shapes_compile():
    engine = Engine(shapes_graph(), ontology_graph())
    assert len(engine.top) >= 15


@pytest.mark.parametrize("query,expected", [
    ("SELECT $this WHERE { $this <http://x/p> ?v ; <http://x/q>/<http://x/r>* ?w . }",
     {"http://x/p", "http://x/q", "http://x/r"}),
    ("PREFIX x: <http://x/> SELECT $this WHERE { $this a x:C . FILTER NOT EXISTS { ?v x:p \"a;b\"@en } }",
     {"http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://x/p"}),
    ("SELECT $this WHERE { $this <http://x/p> [ <http://x/q> ?v ] . BIND (STR(?v) AS ?s) }",
     {"http://x/p", "http://x/q"}),
    ("SELECT $this WHERE { $this ?p ?v }", None),
    ("PREFIX x: <http://x/> SELECT $this ?p WHERE { $this ?p ?v . FILTER (?p IN (x:a, <http://x/b>)) }",
     {"http://x/a", "http://x/b"}),
    ("SELECT $this WHERE { $this ?p ?v . { ?v ?q ?w } FILTER (?p IN (<http://x/a>)) }", None),
    ("SELECT $this WHERE { $this ?p ?v . FILTER (?p IN (<http://x/a>) || true) }", None),
    ("SELECT $this WHERE { $this ?p ?v . FILTER (?p NOT IN (<http://x/a>)) }", None),
    ("SELECT $this WHERE { $this <http://x/p> ?v . FILTER NOT EXISTS { ?s ?p ?o } }", None),
    ("SELECT $this WHERE { $this !<http://x/p> ?v }", None),
    ("SELECT $this WHERE { $this <http://x/p> ?v FILTER (EXISTS { ?v ?q ?w }) }", None),
    ("SELECT $this WHERE { $this <http://x/p> ?v { SELECT ?v WHERE { ?v ?q ?w } } }", None),
    ("SELECT $this WHERE { GRAPH ?g { $this <http://x/p> ?v } }", None),
])
def test_query_predicates(query, expected):
    found = predicates(query)
    assert (None if found is None else set(found)) == expected


def test_validate_cli_engines_write_the_same_report(tmp_path):
    import subprocess
    import sys

    env = {"PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    out = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "handan_kg", "build", "--out", str(out), "-q"], check=True, env=env)
    reports = []
    for engine in ("pyshacl", "fast"):
        (out / "validation-report.ttl").unlink()
        done = subprocess.run([sys.executable, "-m", "handan_kg", "validate", str(out), "--engine", engine],
                              check=False, env=env, capture_output=True, text=True)
        assert done.returncode == 0 and "conforms" in done.stdout, done.stderr
        reports.append((out / "validation-report.ttl").read_bytes())
    assert reports[0] == reports[1] and b"sh:ValidationReport" in reports[0]


def test_shapes_the_engine_refuses_fall_back_to_pyshacl(monkeypatch):
    import handan_kg.validate.graph as validation
    from handan_kg.errors import InputError

    extended = Graph()
    extended += shapes_graph()
    extended.parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix hkg: <https://w3id.org/handan-kg/ontology#> .
        <urn:x:NamedConflict> a sh:NodeShape ; sh:targetClass hkg:Conflict ; sh:closed false ;
            sh:property [ sh:path hkg:noSuchProperty ; sh:minCount 1 ] .""", format="turtle")
    monkeypatch.setattr(validation, "shapes_graph", lambda: extended)
    validation._fast_engine.cache_clear()
    try:
        assert validation._fast_engine() is None
        graph = built(next(p for p in CORPUS if p.stem == "battle_of_kadesh"))
        report = validate(graph)  # auto: pyshacl, which sees the extra shape
        assert any(r.path == "hkg:noSuchProperty" for r in report.violations), report.text()
        with pytest.raises(InputError):
            validate(graph, engine="fast")
    finally:
        validation._fast_engine.cache_clear()
