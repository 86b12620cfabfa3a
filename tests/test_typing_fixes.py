"""Values a type check showed may be missing or of another kind at run time, handled."""

from __future__ import annotations

import asyncio

import httpx
from publish_fixtures import BASE, FIXTURES, make_dist

HKG = "https://w3id.org/handan-kg/ontology#"


def test_sparql_before_the_query_pool_started_is_503_not_a_crash(tmp_path):
    from handan_kg.publish.server import create_app

    app = create_app(make_dist(tmp_path / "dist"), ontology=FIXTURES / "ontology-mini.ttl", queries=FIXTURES / "queries")

    async def ask() -> httpx.Response:
        # httpx's ASGI transport runs no lifespan, so the query pool is never started
        # (as under `uvicorn --lifespan off`); app exceptions are raised, not turned into 500s.
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as client:
            return await client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "application/sparql-results+json"})

    response = asyncio.run(ask())
    assert response.status_code == 503
    assert "not running" in response.text


def test_conflict_page_lists_an_event_whose_date_is_not_a_literal_as_undated(tmp_path):
    from handan_kg.publish.data import load
    from handan_kg.publish.pages import Site

    dist = make_dist(tmp_path / "dist")
    event = f"<{BASE}id/event/handan-campaign-99>"
    with (dist / "handan-mini.nt").open("a", encoding="utf-8") as nt:
        nt.write(f"{event} <{HKG}duringConflict> <{BASE}id/conflict/handan-campaign> .\n")
        nt.write(f"{event} <{HKG}date> <{BASE}id/date/not-a-literal> .\n")
    site = Site(load(dist, ontology=FIXTURES / "ontology-mini.ttl"))
    doc = site.document("page/conflict/handan-campaign.html")
    assert doc is not None
    html = doc.body.decode("utf-8")
    assert "<time>undated</time>" in html
    assert "not-a-literal" not in html.split("<svg", 1)[-1].split("</svg>", 1)[0]  # not on the timeline figure


def test_has_value_on_a_node_shape_gets_pyshacls_message_not_a_none_path():
    from pyshacl import validate as shacl
    from rdflib import RDF, Graph, URIRef
    from rdflib.namespace import SH

    from handan_kg.validate.engine import Engine

    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:hasValue ex:n .
        ex:P a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:hasValue ex:n ] .""",
        format="turtle")
    data = Graph()
    data.add((URIRef("http://example.org/a"), RDF.type, URIRef("http://example.org/C")))
    mine = sorted(m for r in Engine(shapes, Graph()).run(data) for m in r.messages)
    _, report, _ = shacl(data, shacl_graph=shapes, inference="none")
    assert mine == sorted(str(m) for m in report.objects(None, SH.resultMessage))
    assert mine == ["Node <http://example.org/a> value is not a in the set of values: ['ex:n']",
                    "Node <http://example.org/a>->ex:p does not contain a value in the set: ['ex:n']"]
