"""Facts -> graph: IRIs, datatypes, language tags, provenance, determinism, no blank nodes."""

from __future__ import annotations

from rdflib import RDF, RDFS, XSD, BNode, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from handan_kg.rdf.mapping import HKG, OA, to_graph
from rdf_facts import handan, pharsalus

BASE = "https://example.org/kg/"
ID = BASE + "id/"


def graph():
    facts, article = handan()
    return to_graph(facts, article, BASE), facts, article


def test_iris_follow_the_model_under_a_configurable_base():
    g, _, _ = graph()
    c = URIRef(ID + "conflict/handan-campaign")
    assert (c, RDF.type, HKG.Campaign) in g
    assert (c, HKG.hasSide, URIRef(ID + "side/handan-campaign-1")) in g
    assert (URIRef(ID + "side/handan-campaign-2"), HKG.commander, URIRef(ID + "person/liu-bocheng")) in g
    assert (URIRef(ID + "unit/106th-division"), HKG.parentUnit, URIRef(ID + "unit/40th-army")) in g
    assert (c, HKG.partOf, URIRef(ID + "conflict/chinese-civil-war")) in g
    assert (URIRef(ID + "observation/handan-campaign-1-casualty-2"), HKG.casualtyCategory, HKG["casualty-captured"]) in g
    assert (URIRef(ID + "article/handan-campaign"), RDF.type, HKG.Article) in g
    assert all(not str(s).startswith("https://w3id.org/handan-kg/id/") for s in g.subjects())


def test_no_blank_nodes_and_byte_identical_reruns():
    g1, _, _ = graph()
    g2, _, _ = graph()
    assert not any(isinstance(t, BNode) for triple in g1 for t in triple)
    assert g1.serialize(format="nt", encoding="utf-8") and sorted(g1.serialize(format="nt").splitlines()) == sorted(
        g2.serialize(format="nt").splitlines())


def test_dates_counts_names_are_typed():
    g, _, _ = graph()
    c = URIRef(ID + "conflict/handan-campaign")
    assert g.value(c, HKG.startDate) == Literal("1945-10-22", datatype=XSD.date)
    assert g.value(c, HKG.endDate).datatype == XSD.date
    obs = URIRef(ID + "observation/handan-campaign-1-casualty-1")
    count = g.value(obs, HKG["count"])
    assert count.datatype == XSD.integer and count.toPython() == 3000
    names = set(g.objects(c, SKOS.altLabel))
    assert Literal("平汉战役", lang="zh") in names and Literal("Pinghan Campaign", lang="en") in names
    assert g.value(c, RDFS.label) == Literal("Handan Campaign", lang="en")
    assert (URIRef(ID + "place/cuiqu"), SKOS.altLabel, Literal("崔曲", lang="zh")) in g
    assert (URIRef(ID + "side/handan-campaign-2"), HKG.isVictor, Literal(True)) in g


def test_bce_day_date_keeps_its_exact_lexical_form():
    facts, article = pharsalus()
    g = to_graph(facts, article, BASE)
    start = g.value(URIRef(ID + "conflict/battle-of-pharsalus"), HKG.startDate)
    assert str(start) == "-0047-08-09" and start.datatype == XSD.date
    assert '"-0047-08-09"^^<http://www.w3.org/2001/XMLSchema#date>' in g.serialize(format="nt")


def test_every_record_type_is_mapped():
    g, facts, _ = graph()
    assert len(set(g.subjects(RDF.type, HKG.CommandRole))) == len(facts.commanders) + len(facts.roles)
    gao = URIRef(ID + "role/handan-campaign-gao-shuxun-2")
    assert g.value(gao, HKG.fate) == HKG["fate-prisoner-of-war"] and g.value(gao, HKG.roleTitle) == Literal("commander")
    whole = URIRef(ID + "observation/handan-campaign-all-casualty-1")
    assert g.value(whole, HKG.side) is None and g.value(whole, HKG.atLeast) == Literal(True)
    assert g.value(whole, HKG.note) == Literal("most of them captured")
    ranged = URIRef(ID + "observation/handan-campaign-all-strength-1")
    assert (g.value(ranged, HKG.countLow).toPython(), g.value(ranged, HKG.countHigh).toPython()) == (5700, 8000)
    assert g.value(ranged, HKG.aboutUnit) == URIRef(ID + "unit/40th-army")
    e2, e3 = URIRef(ID + "event/handan-campaign-02"), URIRef(ID + "event/handan-campaign-03")
    assert (e2, HKG.precedes, e3) in g and (e3, HKG.follows, e2) in g
    assert g.value(e3, HKG.dateQualifier) == Literal("dusk")
    assert (e2, HKG.place, URIRef(ID + "place/zhang-river")) in g
    assert (URIRef(ID + "place/zhang-river"), RDF.type, HKG.River) in g
    assert (URIRef(ID + "place/handan"), RDF.type, HKG.City) in g
    assert (URIRef(ID + "place/handan"), RDF.type, HKG.Place) not in g  # one type, the most specific
    assert (URIRef(ID + "place/handan"), HKG.locatedIn, URIRef(ID + "place/hebei")) in g
    assert (URIRef(ID + "place/hebei"), HKG.locatedIn, URIRef(ID + "place/china")) in g
    defection = URIRef(ID + "event/handan-campaign-04")  # the timeline event of the same sentence
    assert (URIRef(ID + "event/handan-campaign-defection-1"), None, None) not in g
    assert g.value(defection, HKG.persuadedBy) == URIRef(ID + "person/li-da")
    assert g.value(defection, HKG.defector) == URIRef(ID + "person/gao-shuxun")
    assert len(set(g.objects(defection, PROV.wasDerivedFrom))) == 2  # sentence and defection span
    assert g.value(defection, HKG.toSide) == URIRef(ID + "side/handan-campaign-2")
    capture = URIRef(ID + "event/handan-campaign-capture-1")
    assert g.value(capture, HKG.capturedBy) == URIRef(ID + "unit/1st-column")
    assert g.value(capture, HKG.capturedPerson) == URIRef(ID + "person/ma-fawu")
    c = URIRef(ID + "conflict/handan-campaign")
    assert (c, HKG.precededBy, URIRef(ID + "conflict/shangdang-campaign")) in g
    assert (c, HKG.relatedConflict, URIRef(ID + "conflict/operation-beleaguer")) in g
    dis = URIRef(ID + "disagreement/handan-campaign-1")
    linked = list(g.objects(dis, HKG.disagreesWith))
    assert len(linked) >= 2 and all((s, RDF.type, HKG.Assertion) in g for s in linked)


def test_every_fact_is_reified_with_evidence_quoting_the_article():
    g, _, article = graph()
    statements = list(g.subjects(RDF.type, HKG.Assertion))
    assert len(statements) > 100
    for stmt in statements:
        s, p, o = g.value(stmt, RDF.subject), g.value(stmt, RDF.predicate), g.value(stmt, RDF.object)
        assert (s, p, o) in g
        evidence = list(g.objects(stmt, PROV.wasDerivedFrom))
        assert evidence
        for ev in evidence:
            selectors = list(g.objects(ev, OA.hasSelector))
            start = next(g.value(x, OA.start) for x in selectors if g.value(x, OA.start) is not None).toPython()
            end = next(g.value(x, OA.end) for x in selectors if g.value(x, OA.end) is not None).toPython()
            quote = next(g.value(x, OA.exact) for x in selectors if g.value(x, OA.exact) is not None)
            assert str(quote) == article.text[start:end]


def test_names_and_types_of_entities_are_traced_too():
    from handan_kg.rdf.mapping import statement_iri

    g, _, _ = graph()
    for node, label in (("person/liu-bocheng", "Liu Bocheng"), ("place/cuiqu", "Cuiqu"), ("unit/40th-army", "40th Army"),
                        ("conflict/chinese-civil-war", "Chinese Civil War"), ("side/handan-campaign-1", "Kuomintang")):
        stmt = statement_iri(BASE, URIRef(ID + node), RDFS.label, Literal(label, lang="en"))
        assert g.value(stmt, PROV.wasDerivedFrom) is not None, node
    cuiqu = statement_iri(BASE, URIRef(ID + "place/cuiqu"), RDF.type, HKG.Village)
    assert g.value(cuiqu, PROV.wasDerivedFrom) is not None


def test_a_fact_with_two_evidences_keeps_both():
    g, _, _ = graph()
    c = URIRef(ID + "conflict/handan-campaign")
    gao = URIRef(ID + "person/gao-shuxun")
    stmts = [s for s in g.subjects(RDF.subject, gao) if g.value(s, RDF.predicate) == RDF.type]
    assert len(stmts) == 1
    assert len(set(g.objects(stmts[0], PROV.wasDerivedFrom))) >= 2
    assert c  # the conflict node exists alongside


def test_bce_dates_parse_without_logging_tracebacks(caplog):
    import logging

    from rdflib import Graph

    import handan_kg  # noqa: F401  (installs the filter for every entry point)

    with caplog.at_level(logging.WARNING):
        g = Graph().parse(data='<urn:a> <urn:b> "-0047-08-09"^^<http://www.w3.org/2001/XMLSchema#date> .', format="nt")
    assert str(next(g.objects())) == "-0047-08-09"
    assert not [r for r in caplog.records if "Failed to convert" in r.getMessage()]


def test_two_conflicts_of_one_name_are_two_nodes() -> None:
    """Wikipedia sets homonymous battles apart by a parenthesis in the title; so does the IRI
    (the label is the name without it)."""
    from handan_kg.extract import extract
    from handan_kg.parse.article import parse

    iris = []
    for year in ("1811", "1866"):
        article = parse(f"= Battle of Nowhere ({year}) =\nInfobox\n- Date: 20 July {year}\n- Combatant1: A\n\nIt was a battle.\n")
        graph = to_graph(extract(article, None), article, "https://example.org/")
        conflict = f"https://example.org/id/conflict/battle-of-nowhere-{year}"
        assert (URIRef(conflict), None, None) in graph
        assert {str(o) for o in graph.objects(URIRef(conflict), RDFS.label)} == {"Battle of Nowhere"}
        iris.append(conflict)
    assert iris[0] != iris[1]
