"""Turtle, JSON-LD (compacted with the shipped context) and N-Triples are one graph, by two parsers."""

from __future__ import annotations

import json

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from handan_kg.rdf import to_graph
from handan_kg.serialize import to_jsonld, to_ntriples, to_turtle
from rdf_facts import handan, pharsalus


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
    assert conflict["startDate"]["@type"] == "xsd:date"


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


def test_every_output_is_byte_stable_across_hash_seeds():
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys, rdf_facts; from handan_kg.rdf import to_graph; from handan_kg.validate import validate;"
            "from handan_kg.serialize import to_jsonld, to_ntriples, to_turtle;"
            "f, a = rdf_facts.handan(); g = to_graph(f, a, 'https://w3id.org/handan-kg/');"
            "g.remove((None, g.namespace_manager.expand_curie('hkg:place'), None));"  # a warning in the report
            "out = sys.stdout.buffer; [out.write(render(g)) for render in (to_jsonld, to_ntriples, to_turtle)];"
            "out.write(to_turtle(validate(g).graph))")
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": f"{root / 'src'}{os.pathsep}{root / 'tests'}"}
    outs = {subprocess.run([sys.executable, "-c", code], env={**env, "PYTHONHASHSEED": seed}, check=True,
                           capture_output=True).stdout for seed in ("1", "2")}
    assert len(outs) == 1
