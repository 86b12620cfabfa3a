"""SHACL: the mapped data conforms; data broken on purpose fails with a readable report."""

from __future__ import annotations

import time

import pytest
from rdflib import XSD, Literal, URIRef

from handan_kg.rdf.mapping import HKG, to_graph
from handan_kg.validate.graph import validate
from rdf_facts import HANDAN, handan, pharsalus

BASE = "https://w3id.org/handan-kg/"
ID = BASE + "id/"
CONFLICT = URIRef(ID + "conflict/handan-campaign")
KILLED = URIRef(ID + "observation/handan-campaign-1-casualty-1")


@pytest.fixture()
def g():
    facts, article = handan()
    return to_graph(facts, article, BASE)


def test_mapped_handan_conforms(g):
    report = validate(g)
    assert report.conforms, report.text()
    assert report.violations == [] and len(report.warnings) == 1  # the early event, below


def test_bce_day_date_passes_the_date_checks():
    facts, article = pharsalus()
    report = validate(to_graph(facts, article, BASE))
    assert report.conforms, report.text()
    assert all("date" not in (w.path or "").lower() for w in report.warnings)


def quotes(result) -> list[str]:
    return [s.quote for s in result.sources]


def only(report, path):
    hits = [r for r in report.violations if r.path == path]
    assert hits, report.text()
    return hits[0]


def test_a_missing_start_date_is_a_warning_naming_node_path_and_source(g):
    """An article whose source gives no readable date still builds: the gap is reported."""
    from rdflib import RDF

    g.remove((CONFLICT, HKG.startDate, None))
    for stmt in list(g.subjects(RDF.predicate, HKG.startDate)):  # as if never extracted
        g.remove((stmt, None, None))
    report = validate(g)
    assert report.conforms
    [hit] = [w for w in report.warnings if w.path == "hkg:startDate"]
    assert hit.focus == str(CONFLICT) and "start date" in hit.message
    assert quotes(hit) == ["Handan Campaign"]  # where the conflict was introduced
    assert str(CONFLICT) in report.text() and "hkg:startDate" in report.text()


def test_negative_count_is_a_violation(g):
    g.set((KILLED, HKG["count"], Literal(-3000, datatype=XSD.integer)))
    hit = only(validate(g), "hkg:count")
    assert hit.focus == str(KILLED) and quotes(hit) == ["3,000 killed"]
    [source] = hit.sources
    _, article = handan()
    assert article.text[source.start:source.end] == "3,000 killed" and source.article.endswith("/article/handan-campaign")
    assert f"chars {source.start}-{source.end}" in hit.text()


def test_string_count_is_a_violation(g):
    g.set((KILLED, HKG["count"], Literal("3,000")))
    assert only(validate(g), "hkg:count").value == '"3,000"'


def test_range_low_above_high_is_a_violation(g):
    obs = URIRef(ID + "observation/handan-campaign-all-strength-1")
    g.set((obs, HKG.countLow, Literal(9000, datatype=XSD.integer)))
    assert only(validate(g), "hkg:countLow").focus == str(obs)


@pytest.mark.parametrize("start,end,bad", [
    ("1945-11-03", XSD.date, True),
    ("1945-11", XSD.gYearMonth, False),  # mixed precision: same month, not after
    ("1946", XSD.gYear, True),
    ("-0100", XSD.gYear, False),  # BCE start before a CE end
])
def test_end_before_start_is_a_violation_across_precisions_and_eras(g, start, end, bad):
    g.set((CONFLICT, HKG.startDate, Literal(start, datatype=end)))
    report = validate(g)
    hits = [r for r in report.violations if "before it starts" in r.message]
    assert bool(hits) == bad, report.text()


def test_bce_end_before_bce_start(g):
    g.set((CONFLICT, HKG.startDate, Literal("-0047-08-09", datatype=XSD.date)))
    g.set((CONFLICT, HKG.endDate, Literal("-0047-08-01", datatype=XSD.date)))
    assert any("before it starts" in r.message for r in validate(g).violations)


def test_malformed_date_is_a_violation(g):
    g.set((CONFLICT, HKG.endDate, Literal("1945-13-02", datatype=XSD.date)))
    assert "xsd:date" in only(validate(g), "hkg:endDate").message


def test_unknown_vocabulary_code_is_a_violation(g):
    g.set((KILLED, HKG.casualtyCategory, HKG["casualty-eaten"]))
    assert "CasualtyCategories" in only(validate(g), "hkg:casualtyCategory").message


def test_observation_without_evidence_is_a_violation(g):
    from rdflib.namespace import PROV
    g.remove((KILLED, PROV.wasDerivedFrom, None))
    assert only(validate(g), "prov:wasDerivedFrom").focus == str(KILLED)


def test_missing_place_is_only_a_warning(g):
    g.remove((CONFLICT, HKG.place, None))
    report = validate(g)
    assert report.conforms
    assert [w.path for w in report.warnings if "outside its conflict" not in w.message] == ["hkg:place"]


def test_validation_is_fast(g):
    validate(g)  # warm caches (shapes, ontology, prepared queries)
    t = time.perf_counter()
    validate(g)
    assert time.perf_counter() - t < 2.0


def test_cross_article_disagreement_without_own_evidence_conforms(g):
    from rdflib import RDF, RDFS
    from rdflib.namespace import PROV

    from handan_kg.rdf.mapping import statement_iri

    node = URIRef(ID + "disagreement/cross-article-x")
    g.add((node, RDF.type, HKG.Disagreement))
    g.add((node, HKG.disagreementKind, Literal("cross-article")))
    g.add((node, RDFS.label, Literal("Articles disagree", lang="en")))
    start = statement_iri(BASE, CONFLICT, HKG.startDate, Literal("1945-10-22", datatype=XSD.date))
    assert (start, RDF.type, HKG.Assertion) in g  # the mapper and the cross-article pass agree on IRIs
    g.add((node, HKG.disagreesWith, start))
    assert [r.focus for r in validate(g).violations] == [str(node)]  # one statement is not a disagreement
    g.add((node, HKG.disagreesWith, statement_iri(BASE, CONFLICT, HKG.endDate, g.value(CONFLICT, HKG.endDate))))
    assert validate(g).conforms
    g.remove((node, HKG.disagreesWith, None))
    g.add((node, PROV.wasDerivedFrom, next(g.objects(KILLED, PROV.wasDerivedFrom))))
    assert validate(g).conforms


def test_report_graph_is_self_contained_and_mergeable(g):
    from rdflib import RDF, Graph
    from rdflib.namespace import SH

    good = validate(g).graph
    g.set((KILLED, HKG["count"], Literal(-3000, datatype=XSD.integer)))
    bad = validate(g).graph
    merged = Graph()
    merged += good
    merged += bad
    verdicts = {merged.value(r, SH.conforms).toPython() for r in merged.subjects(RDF.type, SH.ValidationReport)}
    assert verdicts == {True, False}
    results = set(bad.subjects(RDF.type, SH.ValidationResult))
    assert results and all(bad.value(r, SH.focusNode) is not None for r in results)
    from rdflib import BNode
    assert not any(isinstance(term, BNode) for triple in merged for term in triple)  # byte-stable Turtle


def test_event_dated_outside_its_conflict_is_a_warning(g):
    report = validate(g)  # the fixture's 14 October event precedes the 22 October start
    hits = [w for w in report.warnings if "outside its conflict" in w.message]
    assert report.conforms and [h.focus.rsplit("/", 1)[-1] for h in hits] == ["handan-campaign-01"]
    assert quotes(hits[0]) == ["The Kuomintang begun their push on October 14, 1945."]


# --- end to end: pipeline.build refuses broken data with a readable report --------------------

def failing_build(tmp_path, text: str) -> str:
    from handan_kg.errors import ValidationFailed
    from handan_kg.corpus.build import build

    article = tmp_path / "handan_campaign.txt"
    article.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        build([str(article)], tmp_path / "dist", BASE)
    assert not list((tmp_path / "dist").glob("handan-campaign.*")), "no dataset is written"
    assert (tmp_path / "dist" / "validation-report.ttl").is_file()
    return str(info.value)


@pytest.mark.parametrize("date_line", ["", "- Date: Octember the 45th, year of the ox\n"])
def test_an_article_without_a_readable_date_builds_with_a_warning(tmp_path, date_line):
    import json

    from handan_kg.corpus.build import build

    text = HANDAN.read_text(encoding="utf-8").replace("- Date: October 22, 1945 – November 2, 1945\n", date_line)
    article = tmp_path / "handan_campaign.txt"
    article.write_text(text, encoding="utf-8")
    build([str(article)], tmp_path / "dist", BASE)
    report = (tmp_path / "dist" / "validation-report.ttl").read_text(encoding="utf-8")
    assert "the article's conflict has no start date" in report
    nt = (tmp_path / "dist" / "handan-campaign.nt").read_text(encoding="utf-8")
    coverage = json.loads((tmp_path / "dist" / "coverage.json").read_text(encoding="utf-8"))
    unparsed = coverage["articles"]["handan-campaign"]["values_unparsed"]
    if date_line:  # an unreadable value is kept as its text, with its evidence, and reported
        assert '"Date: Octember the 45th, year of the ox"' in nt
        assert any("Octember" in u for u in unparsed)


@pytest.fixture()
def corrupt_mapping(monkeypatch):
    """Break the mapped graph on purpose inside a real build (where the article stage calls to_graph)."""
    import handan_kg.corpus.article

    real = handan_kg.corpus.article.to_graph

    def install(damage):
        def to_graph(facts, article, base, people=None):
            graph = real(facts, article, base, people)
            damage(graph)
            return graph

        monkeypatch.setattr(handan_kg.corpus.article, "to_graph", to_graph)

    return install


def test_build_with_a_negative_count_fails(tmp_path, corrupt_mapping):
    corrupt_mapping(lambda g: g.set((KILLED, HKG["count"], Literal(-3000, datatype=XSD.integer))))
    message = failing_build(tmp_path, HANDAN.read_text(encoding="utf-8"))
    assert f"Violation: {KILLED}" in message and "path:    hkg:count" in message
    assert 'source:  "3,000 killed"' in message


def test_build_with_end_before_start_fails(tmp_path, corrupt_mapping):
    corrupt_mapping(lambda g: g.set((CONFLICT, HKG.endDate, Literal("1945-10-01", datatype=XSD.date))))
    message = failing_build(tmp_path, HANDAN.read_text(encoding="utf-8"))
    assert f"Violation: {CONFLICT}" in message and "before it starts" in message
    assert 'source:  "October 22, 1945' in message  # the statement of the start date


def test_report_abbreviates_terms_even_for_data_without_prefixes(g):
    from rdflib import Graph

    plain = Graph()
    for triple in g:
        plain.add(triple)
    plain.remove((KILLED, HKG["count"], None))
    plain.add((KILLED, HKG["count"], Literal(-1, datatype=XSD.integer)))
    hit = only(validate(plain), "hkg:count")
    assert hit.value == '"-1"^^xsd:integer'


def test_observation_with_both_a_count_and_a_range_is_a_violation(g):
    obs = URIRef(ID + "observation/handan-campaign-all-strength-1")  # a range in the fixture
    g.add((obs, HKG["count"], Literal(6000, datatype=XSD.integer)))
    hits = [r for r in validate(g).violations if r.focus == str(obs)]
    assert [h.message for h in hits] == ["an observation has either one count or a countLow and countHigh range"]


# --- the shapes on their own: the standard pyshacl command, and SHACL's nesting of results ----

def test_each_code_list_in_the_shapes_is_its_concept_scheme():
    """The shapes list the codes (sh:in) instead of reading the ontology's SKOS concepts, so they
    work without the concepts in the data graph; the lists must stay the schemes."""
    from rdflib import Graph
    from rdflib.collection import Collection
    from rdflib.namespace import SH, SKOS

    from handan_kg.validate.graph import ontology_graph, shapes_graph

    shapes, onto = shapes_graph(), ontology_graph()
    schemes = {HKG.level: HKG.UnitLevels, HKG.role: HKG.Roles, HKG.fate: HKG.Fates,
               HKG.casualtyCategory: HKG.CasualtyCategories, HKG.eventType: HKG.EventTypes}
    for path, scheme in schemes.items():
        [shape] = [s for s in shapes.subjects(SH.path, path) if (s, SH["in"], None) in shapes]
        listed = set(Collection(shapes, shapes.value(shape, SH["in"])))
        assert listed == set(onto.subjects(SKOS.inScheme, scheme)) and len(listed) >= 4, path
    assert not list(shapes.subject_objects(SH.node))  # nothing left that needs the concepts' triples
    assert isinstance(shapes, Graph)


def pyshacl_cli(*args: str):
    import subprocess
    import sys
    from pathlib import Path

    from handan_kg.resources import ONTOLOGY_FILE, SHAPES_DIR

    command = [str(Path(sys.executable).parent / "pyshacl"), "-s", str(SHAPES_DIR / "handan-kg-shapes.ttl"),
               "-e", str(ONTOLOGY_FILE), "-i", "rdfs", "-f", "turtle", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def test_the_standard_pyshacl_command_gives_no_false_violations(tmp_path):
    """`pyshacl -s shapes/handan-kg-shapes.ttl -e ontology/handan-kg.ttl -i rdfs DATA` (docs/rdf.md),
    run as a third party would, agrees with our engine on the built article and on a broken copy."""
    from rdflib import RDF, Graph
    from rdflib.namespace import SH

    from handan_kg.store.graph import load_dataset
    from rdf_facts import built

    dist = built("article")
    data = dist / "handan-campaign.ttl"

    def results(run) -> list:
        report = Graph().parse(data=run.stdout, format="turtle")
        [node] = report.subjects(RDF.type, SH.ValidationReport)
        return [report.value(r, SH.resultSeverity) for r in report.objects(node, SH.result)]

    ran = pyshacl_cli(str(data))
    severities = results(ran)
    ours = validate(load_dataset(dist))
    assert ours.conforms and SH.Violation not in severities, ran.stdout
    assert severities.count(SH.Warning) == len(ours.warnings) >= 1  # the same warnings, and only those
    assert pyshacl_cli("--allow-warnings", str(data)).returncode == 0  # conforms when warnings are allowed

    broken = Graph().parse(data)
    broken.set((KILLED, HKG["count"], Literal(-3000, datatype=XSD.integer)))
    broken_file = tmp_path / "broken.ttl"
    broken.serialize(broken_file, format="turtle")
    ran = pyshacl_cli("--allow-warnings", str(broken_file))
    assert ran.returncode == 1 and results(ran).count(SH.Violation) == 1, ran.stdout


NESTED_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
ex:Outer a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:part ; sh:node ex:Inner ; sh:message "part is not a good part" ] .
ex:Inner a sh:NodeShape ;
    sh:property [ sh:path ex:size ; sh:minCount 1 ] ;
    sh:property [ sh:path ex:label ; sh:maxCount 1 ] .
"""
NESTED_DATA = """
<https://example.org/a> a <https://example.org/Thing> ;
    <https://example.org/part> <https://example.org/p1>, <https://example.org/p2> .
<https://example.org/p1> <https://example.org/label> "x", "y" .
<https://example.org/p2> <https://example.org/size> 3 .
"""


def test_a_failed_sh_node_nests_its_reasons_under_sh_detail():
    """SHACL 2.3.1: the results of a value against an sh:node shape are the sh:detail of the
    sh:node result, not results of the report. Both engines and the report graph say so."""
    from rdflib import RDF, Graph
    from rdflib.namespace import SH

    from handan_kg.validate.engine import Engine
    from handan_kg.validate.graph import _raw_result, report_of

    shapes = Graph().parse(data=NESTED_SHAPES, format="turtle")
    data = Graph().parse(data=NESTED_DATA, format="turtle")
    raw = Engine(shapes, Graph()).run(data)
    assert [(str(r.focus), str(r.component)) for r in raw] == [
        ("https://example.org/a", str(SH.NodeConstraintComponent))]
    [result] = raw
    assert sorted(str(d.component) for d in result.details) == [str(SH.MaxCountConstraintComponent),
                                                                str(SH.MinCountConstraintComponent)]
    assert all(str(d.focus) == "https://example.org/p1" for d in result.details)

    from pyshacl import validate as shacl
    _, reference, _ = shacl(data, shacl_graph=shapes, inference="none")
    [node] = reference.subjects(RDF.type, SH.ValidationReport)
    assert [_raw_result(reference, r) for r in reference.objects(node, SH.result)] == raw  # pyshacl nests too

    report = report_of(data, raw)
    assert len(report.violations) == 1 and len(report.violations[0].details) == 2
    assert "  detail:  Violation: https://example.org/p1" in report.text()
    g = report.graph
    [summary] = g.subjects(RDF.type, SH.ValidationReport)
    top = set(g.objects(summary, SH.result))
    nested = set(g.objects(None, SH.detail))
    assert len(top) == 1 and len(nested) == 2 and not top & nested
    assert set(g.subjects(RDF.type, SH.ValidationResult)) == top | nested
    assert set(g.subjects(SH.detail, None)) == top
