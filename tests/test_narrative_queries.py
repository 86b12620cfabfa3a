"""Narrative acceptance through the competency queries, on a real build of the corpus
articles (parse -> extract -> map -> validate -> write -> load)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph

from handan_kg.extract import vocab
from handan_kg.corpus.build import build
from handan_kg.store.graph import load_dataset
from handan_kg.write.manifest import read_manifest
from handan_kg.resources import ONTOLOGY_FILE, QUERIES_DIR

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
BASE = "https://w3id.org/handan-kg/"
ID = BASE + "id/"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Graph:
    out = tmp_path_factory.mktemp("dist")
    paths = [str(CORPUS / f"{n}.txt") for n in ("handan_campaign", "shangdang_campaign", "battle_of_julu", "huaihai_campaign")]
    build(paths, out, BASE)  # raises ValidationFailed on any SHACL violation
    assert len(read_manifest(out)["articles"]) == len(paths)  # every article built and conformed
    return load_dataset(out)


def run(graph: Graph, name: str) -> list[dict[str, str]]:
    result = graph.query((QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8"))
    return [{str(v): str(row[v]).removeprefix(ID) for v in result.vars if row[v] is not None} for row in result]


def test_timeline(built):
    rows = [r for r in run(built, "timeline") if r["conflict"] == "conflict/handan-campaign"]
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates)
    assert sorted(set(dates)) == ["1945-10-14", "1945-10-20", "1945-10-22", "1945-10-24", "1945-10-26", "1945-10-28",
                                  "1945-10-30", "1945-10-31", "1945-11-01", "1945-11-02"]
    kinds = {(r["date"], r["eventType"]) for r in rows}
    assert {("1945-10-22", "river-crossing"), ("1945-10-30", "defection"), ("1945-11-01", "capture"),
            ("1945-11-02", "end-of-hostilities")} <= kinds
    assert len(rows) == len({r["event"] for r in rows}) == 12  # a defection or capture is one event, not two
    assert all(r.get("description") for r in rows)


def test_timeline_events_have_units_and_places(built):
    event = {r["date"]: r["event"] for r in run(built, "timeline") if r["conflict"] == "conflict/handan-campaign"}
    rows = built.query(
        "PREFIX hkg: <https://w3id.org/handan-kg/ontology#> SELECT ?e ?u ?p WHERE { "
        "{ ?e hkg:involvedUnit ?u } UNION { ?e hkg:place ?p } }")
    units, places = {}, {}
    for e, u, p in rows:
        key = str(e).removeprefix(ID)
        if u is not None:
            units.setdefault(key, set()).add(str(u).removeprefix(ID))
        if p is not None:
            places.setdefault(key, set()).add(str(p).removeprefix(ID))
    assert units[event["1945-10-22"]] == {"unit/1st-column"} and places[event["1945-10-22"]] == {"place/zhang-river", "place/handan"}
    assert {"unit/106th-division", "unit/1st-brigade"} <= units[event["1945-10-24"]]
    assert places[event["1945-11-01"]] == {"place/qigan-zhang"}


def test_order_of_battle(built):
    rows = [r for r in run(built, "order_of_battle") if r["conflict"] == "conflict/handan-campaign"]
    armies = {r["unitLabel"]: (r["sideLabel"], r.get("parentLabel"), r.get("deployedAtLabel")) for r in rows
              if r["unitLabel"].endswith(" Army")}
    assert armies == {
        "New 8th Army": ("Kuomintang", "1st Echelon", "Xinxiang"), "30th Army": ("Kuomintang", "1st Echelon", "Xinxiang"),
        "40th Army": ("Kuomintang", "1st Echelon", "Xinxiang"), "3rd Army": ("Kuomintang", "2nd Echelon", "Shijiazhuang"),
        "16th Army": ("Kuomintang", "2nd Echelon", "Shijiazhuang"), "32nd Army": ("Kuomintang", "2nd Echelon", "Anyang"),
        "92nd Army": ("Kuomintang", "2nd Echelon", "Beijing"), "94th Army": ("Kuomintang", "2nd Echelon", "Beijing"),
    }
    by_unit = {r["unitLabel"]: r for r in rows}
    assert by_unit["106th Division"]["parentLabel"] == "40th Army"
    communist = {r["unitLabel"] for r in rows if r["sideLabel"] != "Kuomintang"}
    assert {"1st Column", "2nd Column", "3rd Column", "Taihang Military Region",
            "Hebei-Shandong-Henan Military Region", "Southern Hebei Military Region"} <= communist


def test_people_and_the_unnamed_commander(built):
    rows = run(built, "people")
    ma = {(r.get("role"), r.get("unitLabel")) for r in rows if r["person"] == "person/ma-fawu"}
    assert ma == {("commander", "40th Army"), ("commander-in-chief", "11th War Zone")}
    assert {(r.get("role"), r.get("sideLabel")) for r in rows if r["person"] == "person/li-da"} == {("chief-of-staff", "Communist")}
    # A person with no side and no role is one row, not one per labelled thing in the graph.
    assert [r for r in rows if r["person"] == "person/chiang-kai-shek"] == [{"person": "person/chiang-kai-shek", "label": "Chiang Kai-shek"}]
    shi = [r for r in rows if r["person"] == "person/shi-zebo"]
    assert {(r.get("role"), r.get("unitLabel")) for r in shi} == {("commander", "19th Army")}
    assert '"史泽波"@zh' in built.serialize(format="nt")


def test_places_with_both_labels(built):
    rows = run(built, "places")
    zh = {r["labelEn"]: r["labelZh"] for r in rows if "labelZh" in r}
    expected = {"Fuyang": "滏阳", "Cuiqu": "崔曲", "Jiati": "夹堤", "Gaozhuang": "高庄", "Nanpozi": "南泊子",
                "Matouzhen": "马头镇", "Zuoliang": "左良", "Gaoyi": "高邑", "Qigan Zhang": "旗杆漳",
                "Xin Zhuang": "辛庄", "Ma Ying": "马营", "Taihang": "太行", "Shangdang": "上党"}
    assert {k: zh.get(k) for k in expected} == expected
    types = {r["labelEn"]: r["type"] for r in rows}
    assert (types["Qigan Zhang"], types["Matouzhen"], types["Zhang River"], types["Ci County"]) == ("Village", "Town", "River", "County")


def test_defections(built):
    [row] = [r for r in run(built, "defections") if r["person"] == "person/gao-shuxun"]
    assert (row["fromSide"], row["toSide"], row["date"], row["persuadedBy"]) == (
        "side/handan-campaign-1", "side/handan-campaign-2", "1945-10-30", "person/li-da")


def test_captures(built):
    [row] = [r for r in run(built, "captures") if r["person"] == "person/ma-fawu"]
    assert (row["date"], row["placeLabel"], row["capturedBy"]) == ("1945-11-01", "Qigan Zhang", "unit/1st-column")


def test_other_articles_have_timelines(built):
    conflicts = {r["conflict"] for r in run(built, "timeline")}
    assert {"conflict/shangdang-campaign", "conflict/battle-of-julu", "conflict/huaihai-campaign"} <= conflicts


def test_every_code_the_vocabularies_can_produce_is_in_the_ontology():
    ontology = Graph().parse(ONTOLOGY_FILE)
    schemes = {}
    for scheme, code in ontology.query(
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?s ?n WHERE { ?c skos:inScheme ?s ; skos:notation ?n }"):
        schemes.setdefault(str(scheme).rsplit("#", 1)[-1], set()).add(str(code))
    assert {row[0] for row in vocab.rows("unit_levels")} <= schemes["UnitLevels"]
    assert {row[0] for row in vocab.rows("roles")} <= schemes["Roles"]
    assert {row[0] for row in vocab.rows("event_kinds")} <= schemes["EventTypes"]


def test_every_vocabulary_is_one_format_read_by_one_loader():
    """All word lists and cue patterns are JSON tables under vocab/, each with its `_doc`;
    month names are defined once (extract/dates.py), not in a table."""
    from handan_kg.extract.vocab import VOCAB_DIR, load

    files = sorted(p for p in VOCAB_DIR.rglob("*") if p.is_file() and p.suffix != ".md")
    assert files and all(p.suffix == ".json" for p in files)
    for path in files:
        name = str(path.relative_to(VOCAB_DIR).with_suffix(""))
        assert load(name), name
        raw = json.loads(path.read_text(encoding="utf-8"))
        assert not isinstance(raw, dict) or "_doc" in raw, f"{name} says nothing of what it is for"
        assert "January" not in path.read_text(encoding="utf-8"), f"{name} lists month names again"
