"""Linking to Wikidata, tested against a real Oxigraph server holding a Wikidata-shaped fixture.

The server is started by the tests (`oxigraph load` + `oxigraph serve` on 127.0.0.1 and a
free port, with a readiness loop), and the linker talks to it over HTTP through the project's
one HTTP client (`handan_kg.store.remote`) exactly as it would to query.wikidata.org.
"""

from __future__ import annotations

import csv
import http.server
import json
import re
import shutil
import subprocess
import threading
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import free_port, oxigraph_binary, start_oxigraph
from rdflib import OWL, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from handan_kg.cli import main
from handan_kg.errors import EndpointError, InputError, ValidationFailed
from handan_kg.link.cache import QueryCache
from handan_kg.link.client import USER_AGENT, SparqlClient
from handan_kg.link.entities import Entity
from handan_kg.link.evaluate import DEFAULT_GOLD, evaluate, read_gold
from handan_kg.link.output import Link, links_graph
from handan_kg.link.overrides import read_overrides
from handan_kg.link.run import (
    DEFAULT_OVERRIDES,
    LinkOptions,
    run_linker,
    validate_links,
)
from handan_kg.link.wikidata import details_query, names_query
from handan_kg.write.serialize import to_ntriples

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "wikidata" / "handan.ttl"
QIDS = HERE / "fixtures" / "wikidata" / "qids.tsv"
DATASET_TTL = HERE / "fixtures" / "link" / "handan-campaign.ttl"
QUERY = HERE.parent / "queries" / "wikidata_links.rq"
BASE = "https://w3id.org/handan-kg/"
WD = Namespace("http://www.wikidata.org/entity/")
HKG = Namespace("https://w3id.org/handan-kg/ontology#")
SYNTHETIC = re.compile(r"Q9\d{9}")
DECOYS = {  # entity key -> synthetic decoy that a naive label match would take
    "person/deng-xiaoping": "Q9000000001",   # same English name, born 1980
    "person/li-da": "Q9000000002",           # Li Da the philosopher, not the general
    "place/handan": "Q9000000003",           # the prefecture of the city's name
    "conflict/handan-campaign": "Q9000000005",  # the Battle of Handan, 259 BC
    "place/zhang-river": "Q9000000006",      # a county called Zhang
}


@pytest.fixture(scope="module")
def wikidata_endpoint(tmp_path_factory):
    """A real `oxigraph serve` holding the Wikidata-shaped fixture; yields its /query URL."""
    store = tmp_path_factory.mktemp("wikidata") / "store"
    subprocess.run([oxigraph_binary(), "load", "--location", str(store), "--file", str(FIXTURE)], check=True,
                   capture_output=True, timeout=60)
    with start_oxigraph(store) as url:
        yield url + "/query"


def make_dataset(directory: Path) -> Path:
    """A built-dataset directory (manifest + N-Triples) from the hand-written model.md fixture."""
    directory.mkdir(parents=True, exist_ok=True)
    graph = Graph().parse(DATASET_TTL, format="turtle")
    (directory / "handan-campaign.nt").write_bytes(to_ntriples(graph))
    manifest = {"name": "handan-campaign", "base_iri": BASE, "files": {"nt": "handan-campaign.nt"},
                "articles": [{"slug": "handan-campaign", "source": "https://en.wikipedia.org/wiki/Handan_Campaign"}]}
    (directory / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return directory


@pytest.fixture
def dataset(tmp_path) -> Path:
    return make_dataset(tmp_path / "dist")


def review_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def linked(dist: Path) -> dict[str, str]:
    graph = Graph().parse(dist / "links.ttl", format="turtle")
    out = {}
    for s, p, o in graph:
        if p in (OWL.sameAs, SKOS.exactMatch):
            out[str(s)[len(BASE + "id/"):]] = str(o).rsplit("/", 1)[-1]
    return out


def test_linker_alone_accepts_the_real_items_and_rejects_every_decoy(wikidata_endpoint, dataset, tmp_path):
    code = main(["link", str(dataset), "--endpoint", wikidata_endpoint, "--cache", str(tmp_path / "cache"),
                 "--no-overrides", "-q"])
    assert code == 0
    links = linked(dataset)
    gold = read_gold(DEFAULT_GOLD)
    for key, qid in links.items():
        assert gold.get(key) == qid, f"{key} linked to {qid}"
    for key in ("person/deng-xiaoping", "place/handan", "conflict/handan-campaign", "place/hebei", "group/kuomintang"):
        assert links[key] == gold[key]
    rows = review_rows(dataset / "links-review.csv")
    for key, decoy in DECOYS.items():
        assert links.get(key) != decoy
        row = next(r for r in rows if r["entity"] == key and r["qid"] == decoy)
        assert row["decision"] == "rejected", row
    assert any(r["entity"] == "person/gao-shuxun" and r["decision"] == "ambiguous" for r in rows)
    prc = next(r for r in rows if r["entity"] == "place/china" and r["qid"] == "Q148")
    assert prc["decision"] == "rejected" and "founded 1949" in prc["reason"]  # a 1945 China is not the PRC
    assert "person/gao-shuxun" not in links and "person/li-da" not in links


def test_eval_on_the_fixture_endpoint_meets_the_target(wikidata_endpoint, dataset, tmp_path, capsys):
    code = main(["link", str(dataset), "--endpoint", wikidata_endpoint, "--cache", str(tmp_path / "cache"), "--eval"])
    out = capsys.readouterr().out
    assert code == 0
    precision, recall = map(float, re.search(r"precision ([\d.]+)\s+recall ([\d.]+)", out).groups())
    assert precision == 1.0
    assert recall >= 0.9
    assert not (dataset / "links.ttl").exists()  # --eval writes nothing


def test_live_run_reproduces_every_shipped_reviewed_link(wikidata_endpoint, dataset, tmp_path):
    options = LinkOptions(endpoint=wikidata_endpoint, online=True, cache_dir=tmp_path / "cache")
    graph = Graph().parse(dataset / "handan-campaign.nt", format="nt")
    result = run_linker(graph, BASE, ["https://en.wikipedia.org/wiki/Handan_Campaign"], options)
    decisions = {d.entity.key: d for d in result.decisions}
    confirmed = [o for o in read_overrides(DEFAULT_OVERRIDES) if o.action == "confirm" and o.entity in decisions]
    assert len(confirmed) >= 15
    for row in confirmed:
        assert decisions[row.entity].status == "accepted" and decisions[row.entity].qid == row.qid, row.entity
        assert result.links[row.entity].status == "reviewed"


def test_offline_default_ships_the_reviewed_links_without_any_request(dataset, tmp_path, monkeypatch):
    monkeypatch.setenv("HANDAN_KG_CACHE", str(tmp_path / "empty-cache"))
    assert main(["link", str(dataset), "-q"]) == 0
    links = linked(dataset)
    present = {o.entity: o.qid for o in read_overrides(DEFAULT_OVERRIDES) if o.action == "confirm"}
    assert links == {k: q for k, q in present.items() if k in links}
    assert links["conflict/handan-campaign"] == "Q5647237" and links["person/deng-xiaoping"] == "Q16977"
    assert not any(SYNTHETIC.fullmatch(q) for q in links.values())
    graph = Graph().parse(dataset / "links.ttl", format="turtle")
    assert {str(o) for o in graph.objects(None, HKG.linkStatus)} == {"reviewed"}
    assert not (tmp_path / "empty-cache").exists()  # nothing was asked, nothing cached
    manifest = json.loads((dataset / "manifest.json").read_text())
    assert manifest["links"]["graph"] == BASE + "id/dataset/handan-campaign/links"
    rows = review_rows(dataset / "links-review.csv")
    assert {r["decision"] for r in rows if r["entity"] == "person/liu-bocheng"} == {"unresolved"}


def test_cached_rerun_is_byte_identical_and_asks_nothing(wikidata_endpoint, dataset, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764115200")  # 2025-11-26
    cache = str(tmp_path / "cache")
    assert main(["link", str(dataset), "--endpoint", wikidata_endpoint, "--cache", cache, "--no-overrides", "-q"]) == 0
    first = (dataset / "links.ttl").read_bytes(), (dataset / "links-review.csv").read_bytes()
    files = sorted(p.name for p in Path(cache).rglob("*.json"))
    assert files and b'"2025-11-26"^^xsd:date' in first[0]
    graph = Graph().parse(dataset / "handan-campaign.nt", format="nt")
    result = run_linker(graph, BASE, ["https://en.wikipedia.org/wiki/Handan_Campaign"],
                        LinkOptions(endpoint=wikidata_endpoint, online=True, cache_dir=Path(cache), overrides=None))
    assert result.asked == 0
    assert main(["link", str(dataset), "--endpoint", wikidata_endpoint, "--cache", cache, "--no-overrides", "-q"]) == 0
    assert ((dataset / "links.ttl").read_bytes(), (dataset / "links-review.csv").read_bytes()) == first
    assert sorted(p.name for p in Path(cache).rglob("*.json")) == files
    refreshed = run_linker(graph, BASE, [], LinkOptions(endpoint=wikidata_endpoint, refresh=True, cache_dir=Path(cache), overrides=None))
    assert refreshed.asked > 0


def test_links_are_reified_with_score_evidence_endpoint_and_date(wikidata_endpoint, dataset, tmp_path):
    assert main(["link", str(dataset), "--endpoint", wikidata_endpoint, "--cache", str(tmp_path / "c"), "--no-overrides", "-q"]) == 0
    graph = Graph().parse(dataset / "links.ttl", format="turtle")
    deng = URIRef(BASE + "id/person/deng-xiaoping")
    assert (deng, OWL.sameAs, WD.Q16977) in graph
    assert (URIRef(BASE + "id/group/kuomintang"), SKOS.exactMatch, WD.Q31113) in graph
    node = next(graph.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"), deng))
    evidence = {str(e) for e in graph.objects(node, HKG.linkEvidence)}
    assert any(e.startswith("type: Q5") for e in evidence) and any(e.startswith("dates: born 1904") for e in evidence)
    assert Literal("automatic") in set(graph.objects(node, HKG.linkStatus))
    assert URIRef(wikidata_endpoint) in set(graph.objects(node, URIRef("http://purl.org/dc/terms/source")))
    assert not any(isinstance(t, BNode) for triple in graph for t in triple)


def test_competency_query_lists_entity_label_class_wikidata_score(wikidata_endpoint, dataset, tmp_path):
    assert main(["link", str(dataset), "--endpoint", wikidata_endpoint, "--cache", str(tmp_path / "c"), "--no-overrides", "-q"]) == 0
    graph = Graph().parse(dataset / "handan-campaign.nt", format="nt").parse(dataset / "links.ttl", format="turtle")
    rows = {(str(r.entity).rsplit("/", 1)[-1], str(r["class"]).rsplit("#", 1)[-1], str(r.wikidata).rsplit("/", 1)[-1], str(r.score))
            for r in graph.query(QUERY.read_text())}
    assert ("handan", "City", "Q58570", "1.00") in {(a, b, c, d) for a, b, c, d in rows}
    assert any(r[0] == "deng-xiaoping" and r[1] == "Person" and r[2] == "Q16977" for r in rows)
    assert len({r[0] for r in rows}) == len(rows)  # one row per link: generic parent classes are dropped


def test_unreachable_endpoint_is_one_line_and_leaves_the_dataset_unlinked(dataset, tmp_path, capsys):
    port = free_port()  # nothing listens here
    code = main(["link", str(dataset), "--endpoint", f"http://127.0.0.1:{port}/query", "--cache", str(tmp_path / "c"), "--timeout", "3"])
    err = capsys.readouterr().err.strip()
    assert code == EndpointError.exit_code
    assert len(err.splitlines()) == 1 and "unreachable" in err and str(port) in err
    assert not (dataset / "links.ttl").exists() and not (dataset / "links-review.csv").exists()
    assert "links" not in json.loads((dataset / "manifest.json").read_text())


class _Busy(http.server.BaseHTTPRequestHandler):
    """Answers 429 (Retry-After: 7) first, then an empty SPARQL result; records User-Agents."""

    calls: ClassVar[list[str]] = []

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).calls.append(self.headers.get("User-Agent", ""))
        if len(type(self).calls) == 1:
            self.send_response(429)
            self.send_header("Retry-After", "7")
            self.end_headers()
            return
        body = json.dumps({"head": {"vars": ["item"]}, "results": {"bindings": []}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_backoff_honours_retry_after_and_sends_the_project_user_agent(tmp_path):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Busy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        waits: list[float] = []
        client = SparqlClient(f"http://127.0.0.1:{server.server_port}/sparql", QueryCache(tmp_path), online=True,
                              timeout=5, sleep=waits.append)
        answer = client.select("SELECT ?item WHERE { ?item ?p ?o } LIMIT 1")
    finally:
        server.shutdown()
    assert answer is not None and answer.answer["results"]["bindings"] == []
    assert waits == [7.0]
    assert _Busy.calls == [USER_AGENT, USER_AGENT] and USER_AGENT.startswith("handan-kg/")


def test_queries_are_plain_sparql_without_wikidata_services():
    entity = Entity(BASE + "id/place/zhang-river", "place/zhang-river", "place", ("River",), "Zhang River",
                    (("Zhang River", "en"), ("漳河", "zh")), None)
    from handan_kg.link.wikidata import name_forms

    forms = name_forms(entity, frozenset({"river"}))
    assert ("Zhang", "en") in forms and ("漳河", "zh") in forms
    for query in (names_query(forms), details_query(["Q1", "Q2"], ["Q5"])):
        assert "SERVICE" not in query and "wikibase:label" not in query and "mwapi" not in query
    assert '"漳河"@zh-hans' in names_query(forms) and '"Zhang River"@mul' in names_query(forms)


def test_shapes_require_wikidata_items_and_one_unreviewed_sameas():
    person = Entity(BASE + "id/person/x", "person/x", "person", ("Person",), "X", (("X", "en"),), None)

    def graph_of(*links: Link) -> Graph:
        return links_graph(list(links), BASE, "t", Decimal("0.75"), Decimal("0.15"))

    one = Link(person, "Q16977", "automatic", Decimal("0.90"), ("type: Q5 human",), "2026-11-26", "http://e/q")
    validate_links(graph_of(one))
    two = Link(person, "Q16574", "automatic", Decimal("0.80"), ("type: Q5 human",), "2026-11-26", "http://e/q")
    with pytest.raises(ValidationFailed, match="more than one owl:sameAs"):
        validate_links(graph_of(one, two))
    reviewed = [Link(person, q, "reviewed", Decimal("1.00"), ("reviewed: test",), "2026-11-26", "overrides.tsv line 1")
                for q in ("Q16977", "Q16574")]
    validate_links(graph_of(*reviewed))
    bad = graph_of(one)
    bad.add((URIRef(person.iri), OWL.sameAs, URIRef("http://dbpedia.org/resource/Deng_Xiaoping")))
    with pytest.raises(ValidationFailed, match="Wikidata item IRI"):
        validate_links(bad)


def test_forbid_override_wins_and_bad_override_rows_are_one_line_errors(wikidata_endpoint, dataset, tmp_path, capsys):
    overrides = tmp_path / "overrides.tsv"
    header = "entity\taction\tqid\tlabel\tsource\tdate\tnote\n"
    overrides.write_text(header + "person/deng-xiaoping\tforbid\tQ16977\tDeng Xiaoping\ttest\t2026-11-26\t\n", encoding="utf-8")
    assert main(["link", str(dataset), "--endpoint", wikidata_endpoint, "--cache", str(tmp_path / "c"),
                 "--overrides", str(overrides), "-q"]) == 0
    assert "person/deng-xiaoping" not in linked(dataset)
    rows = review_rows(dataset / "links-review.csv")
    assert any(r["entity"] == "person/deng-xiaoping" and r["decision"] == "forbidden" and r["qid"] == "Q16977" for r in rows)
    overrides.write_text(header + "person/deng-xiaoping\tmaybe\tQ16977\tx\ttest\t2026-11-26\t\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"overrides.tsv:2: action must be confirm or forbid"):
        read_overrides(overrides)
    code = main(["link", str(dataset), "--overrides", str(overrides), "--cache", str(tmp_path / "c")])
    assert code == 2 and len(capsys.readouterr().err.strip().splitlines()) == 1


def test_shipped_links_come_only_from_verified_reference_rows():
    with QIDS.open(encoding="utf-8", newline="") as fh:
        reference = list(csv.DictReader(fh, delimiter="\t"))
    verified = {r["qid_or_pid"] for r in reference if r["confidence"] == "verified" and r["qid_or_pid"]}
    unknown = {r["english_label"].lower() for r in reference if r["confidence"] == "unknown" and r["english_label"]}
    rows = read_overrides(DEFAULT_OVERRIDES)
    for row in rows:
        assert not SYNTHETIC.fullmatch(row.qid)
        if row.action == "confirm":
            assert row.qid in verified, row
            assert row.label.lower() not in unknown, row
    gold = read_gold(DEFAULT_GOLD)
    assert all(q in verified for q in gold.values() if q)
    assert not any(SYNTHETIC.search(text) for text in (DEFAULT_OVERRIDES.read_text(), DEFAULT_GOLD.read_text()))


def test_fixture_keeps_real_and_synthetic_identifiers_apart():
    text = FIXTURE.read_text(encoding="utf-8")
    with QIDS.open(encoding="utf-8", newline="") as fh:
        known = {r["qid_or_pid"] for r in csv.DictReader(fh, delimiter="\t") if r["confidence"] in ("verified", "likely")}
    qids = set(re.findall(r"wd:(Q\d+)", text))
    synthetic = {q for q in qids if SYNTHETIC.fullmatch(q)}
    assert synthetic and all(int(q[1:]) >= 9_000_000_001 for q in synthetic)
    real_items = qids - synthetic
    # every real item is a reference-list QID, or one of the documented class roots of data/links/types.tsv
    types = (Path(__file__).resolve().parents[1] / "data" / "links" / "types.tsv").read_text()
    assert all(q in known or f"\t{q}\t" in types for q in real_items), sorted(q for q in real_items if q not in known and f"\t{q}\t" not in types)


def test_eval_counts_wrong_and_spurious_links_against_precision():
    gold = {"person/a": "Q1", "person/b": "", "person/c": "Q3", "person/d": "Q4"}
    result = evaluate({"person/a": "Q1", "person/b": "Q2", "person/c": "Q9"}, {"person/a", "person/b", "person/c", "person/d"}, gold)
    assert [r.verdict for r in result.rows] == ["correct", "spurious", "wrong", "missed"]
    assert result.precision == pytest.approx(1 / 3) and result.recall == pytest.approx(1 / 3)


@pytest.mark.parametrize("args, message", [
    (["--endpoint", "query.wikidata.org"], "--endpoint 'query.wikidata.org': not an http(s) URL"),
    (["--threshold", "abc"], "--threshold must be a number"),
    (["--margin", "2"], "--margin must be between 0 and 1"),
])
def test_bad_link_options_are_one_line_errors(dataset, tmp_path, capsys, args, message):
    assert main(["link", str(dataset), "--cache", str(tmp_path / "c"), *args]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err
    assert not (dataset / "links.ttl").exists()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The bundled Handan Campaign article built by the real pipeline."""
    pytest.importorskip("handan_kg.extract")
    pytest.importorskip("handan_kg.rdf.mapping")
    out = tmp_path_factory.mktemp("built") / "dist"
    assert main(["build", "--out", str(out), "--quiet"]) == 0
    return out


def test_make_run_flow_ships_reviewed_links_for_the_built_article(built, tmp_path, monkeypatch):
    monkeypatch.setenv("HANDAN_KG_CACHE", str(tmp_path / "no-cache"))
    dist = tmp_path / "dist"
    shutil.copytree(built, dist)
    assert main(["link", str(dist), "-q"]) == 0  # what `make run` does after build: offline
    links = linked(dist)
    assert links.get("conflict/handan-campaign") == "Q5647237"
    assert links.get("person/deng-xiaoping") == "Q16977"
    gold = read_gold(DEFAULT_GOLD)
    assert all(gold.get(k) == q for k, q in links.items())
    for unknown in (k for k, q in gold.items() if not q):
        assert unknown not in links


def test_eval_on_the_built_article_against_the_fixture_endpoint(built, wikidata_endpoint, tmp_path):
    graph = Graph().parse(built / "handan-campaign.nt", format="nt")
    manifest = json.loads((built / "manifest.json").read_text())
    sources = [a["source"] for a in manifest["articles"]]
    result = run_linker(graph, manifest["base_iri"], sources,
                        LinkOptions(endpoint=wikidata_endpoint, online=True, cache_dir=tmp_path / "c", overrides=None))
    report = evaluate({k: l.qid for k, l in result.links.items()}, {e.key for e in result.entities}, read_gold(DEFAULT_GOLD))
    assert report.precision == 1.0 and report.recall >= 0.9, report.text()
    assert sum(1 for r in report.rows if r.expected) >= 4


def test_every_linkable_class_of_the_ontology_has_compatible_wikidata_roots():
    from handan_kg.link.entities import KIND_OF_TOP, class_parents, kind_of
    from handan_kg.link.run import type_rules
    from handan_kg.link.score import _roots_of

    rules, labels = type_rules()
    classes = {c for c in (*class_parents(), *KIND_OF_TOP) if kind_of(c)}
    assert {"Person", "River", "City", "Siege", "MilitaryUnit", "Side"} <= classes
    for cls in classes:
        roots = _roots_of(cls, rules)
        assert roots and all(labels[r] for r in roots), cls


def test_linker_reads_the_same_entities_from_the_predicates_it_needs() -> None:
    """`link` loads only typing, names and hkg: triples (about a third of a corpus): the
    entities, their names, kinds and years must be exactly those of the whole dataset."""
    from rdf_facts import built

    from handan_kg.link.entities import READ_PREDICATES, read_entities
    from handan_kg.store.graph import load_dataset

    out = built("corpus")
    full, part = load_dataset(out), load_dataset(out, predicates=READ_PREDICATES)
    assert len(part) < len(full) / 2
    entities = read_entities(full, "https://w3id.org/handan-kg/")
    assert len(entities) > 100 and read_entities(part, "https://w3id.org/handan-kg/") == entities
