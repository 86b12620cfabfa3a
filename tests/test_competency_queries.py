"""The competency queries: exact variables, plain SPARQL, answers on mapped facts and on real builds."""

from __future__ import annotations

import re

import pytest
from rdflib import Dataset, Graph, URIRef

from handan_kg.rdf import to_graph
from handan_kg.resources import QUERIES_DIR
from rdf_facts import handan

ID = "https://w3id.org/handan-kg/id/"
VARIABLES = {
    "conflicts": "conflict label start end place placeLabel partOf partOfLabel result",
    "alternative_names": "conflict name lang",
    "belligerents": "conflict side sideLabel victor",
    "commanders": "conflict side sideLabel commander commanderLabel",
    "strengths": "conflict side sideLabel count qualifier",
    "strengths_ranges": "conflict side sideLabel countLow countHigh qualifier",
    "casualties": "conflict side sideLabel category count",
    "casualties_ranges": "conflict side sideLabel category countLow countHigh",
    "provenance": "subject predicate object quote start end",
    "order_of_battle": "conflict side sideLabel unit unitLabel parent parentLabel deployedAt deployedAtLabel",
    "timeline": "conflict date event eventType description",
    "people": "person label side sideLabel role unit unitLabel",
    "places": "place labelEn labelZh type",
    "defections": "person personLabel fromSide toSide date persuadedBy",
    "captures": "person personLabel date place placeLabel capturedBy",
    "wikidata_links": "entity label class wikidata score",
}


def query_text(name: str) -> str:
    return (QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8")


def run(graph: Graph, name: str) -> list[dict[str, object]]:
    result = graph.query(query_text(name))
    return [{str(v): row[v] for v in result.vars if row[v] is not None} for row in result]


@pytest.fixture(scope="module")
def mapped() -> Graph:
    facts, article = handan()
    return to_graph(facts, article, "https://w3id.org/handan-kg/")


def test_query_files_have_questions_and_exact_variables():
    assert {p.stem for p in QUERIES_DIR.glob("*.rq")} == set(VARIABLES)
    for name, variables in VARIABLES.items():
        text = query_text(name)
        assert text.startswith("# Question: ") and text.splitlines()[0].endswith("?"), name
        select = re.search(r"SELECT (.*)", text).group(1)
        assert select.split() == ["?" + v for v in variables.split()], name


def test_queries_parse_in_an_independent_engine():
    import pyoxigraph

    store = pyoxigraph.Store()
    for name in VARIABLES:
        result = store.query(query_text(name))
        assert [v.value for v in result.variables] == VARIABLES[name].split()


def test_queries_work_on_data_in_a_named_graph_queried_as_default(mapped):
    import pyoxigraph

    store = pyoxigraph.Store()
    g = pyoxigraph.NamedNode("https://example.org/graph/handan")
    store.load(mapped.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=g)
    rows = list(store.query(query_text("casualties"), use_default_graph_as_union=True))
    assert len(rows) == 5
    ds = Dataset(default_union=True)
    ds.graph(URIRef("https://example.org/graph/handan")).parse(data=mapped.serialize(format="nt"), format="nt")
    assert len(list(ds.query(query_text("casualties")))) == 5


def test_answers_on_mapped_facts(mapped):
    conflicts = run(mapped, "conflicts")
    assert len(conflicts) == 1  # Hebei, also a place of the conflict, encloses Handan: left out
    row = conflicts[0]
    assert (str(row["start"]), str(row["end"]), str(row["placeLabel"]), str(row["partOfLabel"])) == (
        "1945-10-22", "1945-11-02", "Handan", "Chinese Civil War")
    assert {(str(r["name"]), r["lang"].toPython()) for r in run(mapped, "alternative_names")} == {
        ("Pinghan Campaign", "en"), ("平汉战役", "zh"), ("Beiping-Hankou Campaign", "en"), ("北平汉口战役", "zh")}
    assert [r["victor"].toPython() for r in run(mapped, "belligerents")] == [False, True]
    cas = {(str(r.get("side", "")).rsplit("-", 1)[-1], str(r["category"]), r["count"].toPython())
           for r in run(mapped, "casualties")}
    assert cas == {("1", "killed", 3000), ("1", "captured", 17000), ("1", "defected", 10000), ("2", "total", 4708),
                   ("", "total", 35000)}
    strengths = sorted((str(r["sideLabel"]), r["count"].toPython(), str(r["qualifier"])) for r in run(mapped, "strengths"))
    assert strengths == [("Chinese Communist Party", 60000, "regular"), ("Chinese Communist Party", 100000, "militia"),
                         ("Kuomintang", 45000, "1st echelon"), ("Kuomintang", 100000, "2nd echelon")]
    assert [(r["countLow"].toPython(), r["countHigh"].toPython()) for r in run(mapped, "strengths_ranges")] == [(5700, 8000)]
    timeline = run(mapped, "timeline")
    dated = [str(r["date"]) for r in timeline if "date" in r]
    assert dated == sorted(dated) and dated[0] == "1945-10-14"
    assert {str(r["eventType"]) for r in timeline} >= {"river-crossing", "defection", "capture"}
    [defection] = run(mapped, "defections")
    assert defection["persuadedBy"] == URIRef(ID + "person/li-da") and str(defection["date"]) == "1945-10-30"
    [capture] = run(mapped, "captures")
    assert (str(capture["personLabel"]), str(capture["placeLabel"]), str(capture["date"])) == ("Ma Fawu", "Qigan Zhang", "1945-11-01")
    places = {str(r["labelEn"]): (str(r.get("labelZh", "")), str(r["type"])) for r in run(mapped, "places")}
    assert places["Cuiqu"] == ("崔曲", "Village") and places["Handan"] == ("", "City")
    oob = {(str(r["unitLabel"]), str(r.get("parentLabel", "")), str(r.get("deployedAtLabel", ""))) for r in run(mapped, "order_of_battle")}
    assert ("40th Army", "1st Echelon", "Xinxiang") in oob and ("106th Division", "40th Army", "") in oob
    people = {(str(r["label"]), str(r.get("role", ""))) for r in run(mapped, "people")}
    assert ("Li Da", "chief-of-staff") in people and ("Ma Fawu", "commander") in people
    commanders = {(str(r["sideLabel"]), str(r["commanderLabel"])) for r in run(mapped, "commanders")}
    assert ("Kuomintang", "Gao Shuxun") in commanders and ("Chinese Communist Party", "Gao Shuxun") in commanders


def test_provenance_rows_quote_the_article(mapped):
    _, article = handan()
    rows = run(mapped, "provenance")
    assert len(rows) > 100
    for r in rows:
        assert str(r["quote"]) == article.text[r["start"].toPython():r["end"].toPython()]
