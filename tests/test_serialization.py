"""Turtle, JSON-LD (compacted with the shipped context) and N-Triples are one graph, by two parsers."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from handan_kg.parse.article import parse_file
from handan_kg.errors import HandanError
from handan_kg.extract import extract
from handan_kg.write.jsonld import Compactor, UnsupportedContext
from handan_kg.rdf.mapping import to_graph
from handan_kg.write.serialize import jsonld_nodes, load_context, parse_ntriples, to_jsonld, to_ntriples, to_turtle
from rdf_facts import CORPUS, HANDAN, ROOT, built, handan, pharsalus

UNSEEN = ROOT / "benchmarks" / "data" / "unseen"


@pytest.fixture(params=["handan", "pharsalus"])
def graph(request):
    facts, article = {"handan": handan, "pharsalus": pharsalus}[request.param]()
    return to_graph(facts, article, "https://w3id.org/handan-kg/")


def rendered(graph):
    return {"turtle": to_turtle(graph), "json-ld": to_jsonld(graph), "nt": to_ntriples(graph)}


def test_jsonld_uses_readable_keys(graph):
    doc = json.loads(to_jsonld(graph))
    keys = {k for node in doc["@graph"] for k in node}
    assert {"@id", "@type", "label"} <= keys
    assert not [k for k in keys if k.startswith("http")], "full IRIs as keys"
    conflict = next(n for n in doc["@graph"] if "/id/conflict/" in n["@id"] and "startDate" in n)
    assert conflict["startDate"] in ("1945-10-22", "-0047-08-09")  # xsd:date by the key's coercion


def test_dates_of_each_precision_get_their_own_key():
    from rdflib import XSD, Literal, URIRef

    from handan_kg.rdf.mapping import HKG

    g = Graph()
    values = {"a": ("1945-10-22", XSD.date), "b": ("-1273-05", XSD.gYearMonth), "c": ("-0259", XSD.gYear),
              "d": ("-0047-08-09", XSD.date)}
    for name, (lexical, datatype) in values.items():
        g.add((URIRef("https://example.org/" + name), HKG.startDate, Literal(lexical, datatype=datatype)))
        g.add((URIRef("https://example.org/" + name), HKG.date, Literal(lexical, datatype=datatype)))
    data = to_jsonld(g)
    nodes = {n["@id"].rsplit("/", 1)[-1]: n for n in json.loads(data)["@graph"]}
    assert (nodes["a"]["startDate"], nodes["b"]["startYearMonth"], nodes["c"]["startYear"], nodes["d"]["startDate"]) == (
        "1945-10-22", "-1273-05", "-0259", "-0047-08-09")
    assert (nodes["b"]["yearMonth"], nodes["c"]["year"]) == ("-1273-05", "-0259")
    assert isomorphic(Graph().parse(data=data, format="json-ld"), g)
    parsed = {str(q.triple) for q in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.JSON_LD)}
    assert parsed == {str(q.triple) for q in pyoxigraph.parse(to_ntriples(g), format=pyoxigraph.RdfFormat.N_TRIPLES)}


def test_three_formats_are_isomorphic_under_rdflib(graph):
    parsed = [Graph().parse(data=data, format=fmt) for fmt, data in rendered(graph).items()]
    for g in parsed:
        assert len(g) == len(graph)
        assert isomorphic(g, graph)


def test_three_formats_are_the_same_triples_under_pyoxigraph(graph):
    formats = {"turtle": pyoxigraph.RdfFormat.TURTLE, "json-ld": pyoxigraph.RdfFormat.JSON_LD,
               "nt": pyoxigraph.RdfFormat.N_TRIPLES}
    sets = {}
    for fmt, data in rendered(graph).items():
        sets[fmt] = {str(q.triple) for q in pyoxigraph.parse(data, format=formats[fmt])}
    assert sets["turtle"] == sets["nt"] == sets["json-ld"]
    assert len(sets["nt"]) == len(graph)


def test_bce_literal_survives_every_format():
    facts, article = pharsalus()
    for data in rendered(to_graph(facts, article, "https://w3id.org/handan-kg/")).values():
        assert b"-0047-08-09" in data


def test_names_compact_into_language_maps():
    facts, article = handan()
    doc = json.loads(to_jsonld(to_graph(facts, article, "https://w3id.org/handan-kg/")))
    conflict = next(n for n in doc["@graph"] if n["@id"].endswith("/id/conflict/handan-campaign"))
    assert conflict["altLabel"]["zh"] == ["北平汉口战役", "平汉战役"]
    assert conflict["prefLabel"] == {"en": "Handan Campaign"}
    assert conflict["label"] == "Handan Campaign"


# --- end to end: the files a real build writes ----------------------------------------------

def dataset_files(out):
    from handan_kg.write.manifest import dataset_file, read_manifest

    manifest = read_manifest(out)
    return {fmt: dataset_file(out, manifest, key).read_bytes() for fmt, key in (("turtle", "ttl"), ("json-ld", "jsonld"), ("nt", "nt"))}


def test_every_corpus_article_builds_and_conforms():
    from rdflib import RDF
    from rdflib.namespace import SH

    from handan_kg.write.manifest import read_manifest

    out = built("corpus")
    manifest = read_manifest(out)
    assert {a["path"].rsplit("/", 1)[-1] for a in manifest["articles"]} == {p.name for p in CORPUS.glob("*.txt")}
    report = Graph().parse(out / "validation-report.ttl")
    assert all(report.value(r, SH.conforms).toPython() for r in report.subjects(RDF.type, SH.ValidationReport))
    assert not list(report.subjects(SH.resultSeverity, SH.Violation))


def test_built_formats_are_one_graph_under_rdflib_and_pyoxigraph():
    files = dataset_files(built("corpus"))
    graphs = {fmt: Graph().parse(data=data, format=fmt) for fmt, data in files.items()}
    assert isomorphic(graphs["turtle"], graphs["nt"]) and isomorphic(graphs["json-ld"], graphs["nt"])
    formats = {"turtle": pyoxigraph.RdfFormat.TURTLE, "json-ld": pyoxigraph.RdfFormat.JSON_LD,
               "nt": pyoxigraph.RdfFormat.N_TRIPLES}
    triples = {fmt: {str(q.triple) for q in pyoxigraph.parse(data, format=formats[fmt])} for fmt, data in files.items()}
    assert triples["turtle"] == triples["nt"] == triples["json-ld"]
    assert len(triples["nt"]) == len(graphs["nt"])
    # each triple stated once in every syntax, also those that entities shared by articles get twice
    statements = {fmt: sum(1 for _ in pyoxigraph.parse(data, format=formats[fmt])) for fmt, data in files.items()}
    assert statements["turtle"] == statements["json-ld"] == statements["nt"] == len(triples["nt"])
    doc = json.loads(files["json-ld"])
    assert not [k for node in doc["@graph"] for k in node if k.startswith("http")]


def test_two_builds_are_byte_identical(tmp_path):
    """Two real `handan-kg build` processes with different hash seeds (set and dict order differ)."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    for name, seed in (("a", "1"), ("b", "2")):
        env = {**os.environ, "PYTHONPATH": str(root / "src"), "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "handan_kg", "build", str(HANDAN), "--out", str(tmp_path / name), "-q"],
                       env=env, check=True, capture_output=True, timeout=300)
    # coverage.json records stage timings: the one file that is meant to differ
    first = sorted(p.name for p in (tmp_path / "a").iterdir() if p.is_file() and p.name != "coverage.json")
    assert first == sorted(p.name for p in (tmp_path / "b").iterdir() if p.is_file() and p.name != "coverage.json")
    assert {"handan-campaign.ttl", "handan-campaign.jsonld", "handan-campaign.nt", "manifest.json",
            "validation-report.ttl"} <= set(first)
    assert b"sh:Warning" in (tmp_path / "a" / "validation-report.ttl").read_bytes()  # the report has results
    for name in first:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def _rdflib_jsonld_nodes(graph: Graph) -> list[dict]:
    """The reference: rdflib's own JSON-LD serializer with the shipped context, normalized
    the way `jsonld_nodes` promises (nodes by `@id`, arrays sorted)."""
    def norm(value):
        if isinstance(value, dict):
            return {k: norm(v) for k, v in value.items()}
        if isinstance(value, list):
            return sorted((norm(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        return value

    doc = json.loads(graph.serialize(format="json-ld", context=load_context(), auto_compact=True))
    nodes = doc.get("@graph", [doc] if "@id" in doc else [])
    return [norm({k: v for k, v in n.items() if k != "@context"}) for n in sorted(nodes, key=lambda n: n["@id"])]


@pytest.mark.parametrize("path", sorted([*CORPUS.glob("*.txt"), *UNSEEN.glob("*.txt")]), ids=lambda p: p.stem)
def test_fast_jsonld_compaction_equals_rdflib(path: Path) -> None:
    """`jsonld_compact.Compactor` decides terms once per predicate and value kind; its node
    objects must be exactly what rdflib's serializer gives, article by article."""
    try:
        article = parse_file(path)
        graph = to_graph(extract(article, None), article, "https://w3id.org/handan-kg/")
    except HandanError:
        pytest.skip("article does not build")
    assert jsonld_nodes(parse_ntriples(to_ntriples(graph))) == _rdflib_jsonld_nodes(graph)


def test_compactor_refuses_contexts_it_cannot_reproduce() -> None:
    with pytest.raises(UnsupportedContext):
        Compactor({**load_context(), "names": {"@id": "schema:name", "@container": "@list"}})
    with pytest.raises(UnsupportedContext):
        Compactor({**load_context(), "@language": "en"})
