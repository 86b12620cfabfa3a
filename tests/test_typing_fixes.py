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
