"""The competency queries: exact variables, plain SPARQL, answers on mapped facts and on real builds."""

from __future__ import annotations

import re

import pytest
from rdflib import Dataset, Graph, URIRef

from handan_kg.rdf.mapping import to_graph
from handan_kg.resources import QUERIES_DIR
import rdf_facts
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


def test_timeline_is_chronological_across_precisions_and_eras_in_both_engines():
    import pyoxigraph

    events = {"undated": None, "y218": '"-0218"^^xsd:gYear', "y217": '"-0217"^^xsd:gYear',
              "d216": '"-0216-08-02"^^xsd:date', "m218": '"-0218-05"^^xsd:gYearMonth', "d218": '"-0218-05-09"^^xsd:date',
              "ce": '"1945"^^xsd:gYear'}
    data = "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix hkg: <https://w3id.org/handan-kg/ontology#> .\n"
    for name, date in events.items():
        data += f"<urn:e:{name}> a hkg:MilitaryEvent ; hkg:duringConflict <urn:war> ; hkg:eventType hkg:event-other"
        data += f" ; hkg:date {date} .\n" if date else " .\n"
    expected = ["undated", "y218", "m218", "d218", "y217", "d216", "ce"]
    graph = Graph().parse(data=data, format="turtle")
    assert [str(r["event"])[6:] for r in run(graph, "timeline")] == expected
    store = pyoxigraph.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert [r["event"].value[6:] for r in store.query(query_text("timeline"))] == expected


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
    # the defection record and the timeline's defection event of the same sentence are one node
    assert [str(r["event"]).rsplit("/", 1)[-1] for r in timeline if str(r["eventType"]) == "defection"] == ["handan-campaign-04"]
    [capture] = run(mapped, "captures")
    assert (str(capture["personLabel"]), str(capture["placeLabel"]), str(capture["date"])) == ("Ma Fawu", "Qigan Zhang", "1945-11-01")
    places = {str(r["labelEn"]): (str(r.get("labelZh", "")), str(r["type"])) for r in run(mapped, "places")}
    assert places["Cuiqu"] == ("崔曲", "Village") and places["Handan"] == ("", "City")
    oob = {(str(r["unitLabel"]), str(r.get("parentLabel", "")), str(r.get("deployedAtLabel", ""))) for r in run(mapped, "order_of_battle")}
    assert ("40th Army", "1st Echelon", "Xinxiang") in oob and ("106th Division", "40th Army", "") in oob
    people_rows = run(mapped, "people")
    people = {(str(r["label"]), str(r.get("role", ""))) for r in people_rows}
    assert ("Li Da", "chief-of-staff") in people and ("Ma Fawu", "commander") in people
    # a person with no side and no role is one row with ?side unbound (not one row per labelled thing)
    assert [r.get("side") for r in people_rows if str(r["label"]) == "Chiang Kai-shek"] == [None]
    gao = {(str(r["sideLabel"]), str(r["role"])) for r in people_rows if str(r["label"]) == "Gao Shuxun"}
    assert gao == {("Kuomintang", "commander"), ("Chinese Communist Party", "commander")}
    commanders = {(str(r["sideLabel"]), str(r["commanderLabel"])) for r in run(mapped, "commanders")}
    assert ("Kuomintang", "Gao Shuxun") in commanders and ("Chinese Communist Party", "Gao Shuxun") in commanders


def test_provenance_rows_quote_the_article(mapped):
    _, article = handan()
    rows = run(mapped, "provenance")
    assert len(rows) > 100
    for r in rows:
        assert str(r["quote"]) == article.text[r["start"].toPython():r["end"].toPython()]


# --- end to end: the real extractor through pipeline.build ------------------------------------

@pytest.fixture(scope="module")
def built() -> tuple[Graph, str]:
    """The dataset of a real build of the bundled article, and the article text."""
    from handan_kg.store.graph import load_dataset

    return load_dataset(rdf_facts.built("handan")), rdf_facts.HANDAN.read_text(encoding="utf-8")


def labels(rows, *keys):
    return {tuple(str(r.get(k, "")) for k in keys) for r in rows}


def test_handan_conflict_dates_place_part_of_result(built):
    from rdflib import XSD

    graph, _ = built
    [row] = run(graph, "conflicts")
    assert (row["start"].datatype, str(row["start"]), row["end"].datatype, str(row["end"])) == (
        XSD.date, "1945-10-22", XSD.date, "1945-11-02")
    assert (str(row["placeLabel"]), str(row["partOfLabel"])) == ("Handan", "Chinese Civil War")
    assert "Communist victory" in str(row["result"])
    hebei = graph.query("""PREFIX hkg: <https://w3id.org/handan-kg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        ASK { ?place hkg:locatedIn ?hebei . ?hebei rdfs:label "Hebei"@en }""", initBindings={"place": row["place"]})
    assert hebei.askAnswer


def test_handan_sides_commanders_victor(built):
    graph, _ = built
    sides = run(graph, "belligerents")
    assert len(sides) == 2
    victors = {str(r["sideLabel"]): r["victor"].toPython() for r in sides}
    communist = next(label for label in victors if "Communist" in label)
    assert victors[communist] is True and list(victors.values()).count(False) == 1
    by_side: dict[str, set[str]] = {}
    for r in run(graph, "commanders"):
        by_side.setdefault(str(r["sideLabel"]), set()).add(str(r["commanderLabel"]))
    assert by_side[communist] == {"Liu Bocheng", "Deng Xiaoping", "Gao Shuxun"}
    [nationalist] = [s for s in by_side if s != communist]
    assert by_side[nationalist] == {"Xue Yue", "Zhang Lingfu", "Gao Shuxun"}


def test_handan_strengths_and_casualties(built):
    graph, _ = built
    strengths = {(str(r["sideLabel"]), r["count"].toPython(), str(r.get("qualifier", ""))) for r in run(graph, "strengths")}
    communist = {s for s, _, _ in strengths if "Communist" in s}.pop()
    nationalist = {s for s, _, _ in strengths if s != communist}.pop()
    assert {(s, c) for s, c, _ in strengths} >= {(nationalist, 45000), (nationalist, 100000), (communist, 60000), (communist, 100000)}
    assert {(s, c, q) for s, c, q in strengths if s == communist} >= {(communist, 60000, "regular"), (communist, 100000, "militia")}
    casualties = {(str(r["sideLabel"]), str(r["category"]), r["count"].toPython()) for r in run(graph, "casualties")}
    assert casualties == {(nationalist, "killed", 3000), (nationalist, "captured", 17000),
                          (nationalist, "defected", 10000), (communist, "total", 4708)}


def test_handan_alternative_names_with_language_tags(built):
    graph, _ = built
    names = {(str(r["name"]), str(r["lang"])) for r in run(graph, "alternative_names")}
    assert names == {("Pinghan Campaign", "en"), ("平汉战役", "zh"), ("Beiping-Hankou Campaign", "en"), ("北平汉口战役", "zh")}


def test_handan_provenance_quotes_equal_the_article_text(built):
    graph, text = built
    rows = run(graph, "provenance")
    assert len(rows) > 50
    for r in rows:
        assert str(r["quote"]) == text[r["start"].toPython():r["end"].toPython()]
    start_rows = [r for r in rows if str(r["predicate"]).endswith("#startDate")]
    assert start_rows and all("October 22, 1945" in str(r["quote"]) for r in start_rows)
