"""`handan-kg serve` over real HTTP: a uvicorn subprocess on 127.0.0.1, driven by httpx."""

from __future__ import annotations

import json
import socket
from urllib.parse import quote

import httpx
import pytest
from publish_fixtures import FIXTURES, Server, free_port, make_dist
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

BASE = "https://w3id.org/handan-kg/"
LIU = URIRef(BASE + "id/person/liu-bocheng")
HKG = "https://w3id.org/handan-kg/ontology#"
RDF_TYPES = {
    "text/turtle": ("ttl", "turtle"),
    "application/ld+json": ("jsonld", "json-ld"),
    "application/n-triples": ("nt", "nt"),
    "application/rdf+xml": ("rdf", "xml"),
}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
RESULT_ROWS = f"SELECT ?name WHERE {{ ?p a <{HKG}Person> ; <http://www.w3.org/2000/01/rdf-schema#label> ?name }} ORDER BY ?name"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    dist = make_dist(tmp_path_factory.mktemp("dist"))
    srv = Server(
        dist,
        "--ontology", str(FIXTURES / "ontology-mini.ttl"),
        "--queries", str(FIXTURES / "queries"),
        "--timeout", "2",
        "--max-result-bytes", "20000",
        "--workers", "1",
    )
    srv.dist = dist
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=10.0) as c:
        yield c


def resolved(r: httpx.Response, header: str = "location") -> str:
    """The path a (relative) Location / Content-Location header points to."""
    return httpx.URL(str(r.request.url)).join(r.headers[header]).path


def raw_request(server, request: bytes) -> int:
    """Send bytes as they are (httpx would normalise `..` and encode bytes) and read the status."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(request)
        data = b""
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    return int(data.split(b" ", 2)[1])


@pytest.mark.parametrize("media", list(RDF_TYPES))
def test_id_redirects_303_to_each_rdf_format(client, media):
    ext, fmt = RDF_TYPES[media]
    r = client.get("/id/person/liu-bocheng", headers={"Accept": media})
    assert r.status_code == 303
    assert r.headers["location"] == f"../../page/person/liu-bocheng.{ext}"
    assert resolved(r) == f"/page/person/liu-bocheng.{ext}"
    assert r.headers["vary"] == "Accept"
    doc = client.get(resolved(r))
    assert doc.status_code == 200
    assert doc.headers["content-type"].split(";")[0] == media
    assert doc.headers["access-control-allow-origin"] == "*"
    g = Graph().parse(data=doc.content, format=fmt)
    assert (LIU, RDF.type, URIRef(HKG + "Person")) in g


def test_id_redirects_browsers_to_html(client):
    r = client.get("/id/person/liu-bocheng", headers={"Accept": BROWSER})
    assert r.status_code == 303 and resolved(r) == "/page/person/liu-bocheng.html"
    page = client.get(resolved(r))
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert '<h1 lang="en">Liu Bocheng</h1>' in page.text and 'lang="zh"' in page.text


@pytest.mark.parametrize(
    ("accept", "ext"),
    [
        ("text/turtle;q=0.5, application/ld+json;q=0.9", "jsonld"),
        ("text/html;q=0.1, application/n-triples", "nt"),
        ("application/rdf+xml, */*;q=0.1", "rdf"),
        ("text/*", "html"),
        ("*/*", "html"),
        ("application/json", "jsonld"),
        ("text/turtle;q=0, */*;q=0.5", "html"),
    ],
)
def test_q_values(client, accept, ext):
    r = client.get("/id/conflict/handan-campaign", headers={"Accept": accept})
    assert r.status_code == 303
    assert r.headers["location"].endswith("." + ext)


def test_generic_document_negotiates_with_content_location(client):
    r = client.get("/page/person/liu-bocheng", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert r.headers["vary"] == "Accept"
    assert resolved(r, "content-location") == "/page/person/liu-bocheng.ttl"
    assert r.content == client.get("/page/person/liu-bocheng.ttl").content


def test_unacceptable_type_is_406(client):
    r = client.get("/id/person/liu-bocheng", headers={"Accept": "image/png"})
    assert r.status_code == 406 and "text/turtle" in r.text


def test_provenance_iris_redirect_to_the_page_that_shows_them(client):
    statement = client.get("/id/statement/0a1b2c3d4e5f6071", headers={"Accept": "text/html"})
    assert statement.status_code == 303 and resolved(statement) == "/page/side/handan-campaign-2.html"
    selector = client.get("/id/evidence/handan-campaign-300-350-quote", headers={"Accept": "text/turtle"})
    assert selector.status_code == 303 and resolved(selector) == "/page/article/handan-campaign.ttl"


def test_ontology_hash_iris(client):
    r = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert r.status_code == 303 and resolved(r) == "/ontology.ttl"
    g = Graph().parse(data=client.get("/ontology.ttl").content, format="turtle")
    assert (URIRef(HKG + "Campaign"), None, None) in g
    html = client.get("/ontology", headers={"Accept": BROWSER})
    assert resolved(html) == "/ontology/index.html"
    assert resolved(client.get("/ontology/", headers={"Accept": BROWSER})) == "/ontology/index.html"
    assert resolved(client.get("/id/person/liu-bocheng/", headers={"Accept": BROWSER})) == "/page/person/liu-bocheng.html"
    assert '<dt id="Campaign">' in client.get("/ontology/index.html").text


def test_etag_last_modified_and_304(client):
    first = client.get("/page/conflict/handan-campaign.html")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert first.status_code == 200 and etag.startswith('"')
    again = client.get("/page/conflict/handan-campaign.html", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    since = client.get("/page/conflict/handan-campaign.html", headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    changed = client.get("/page/conflict/handan-campaign.html", headers={"If-None-Match": '"something-else"'})
    assert changed.status_code == 200 and changed.content == first.content
    negotiated = client.get("/page/conflict/handan-campaign", headers={"Accept": "text/turtle", "If-None-Match": client.get("/page/conflict/handan-campaign.ttl").headers["etag"]})
    assert negotiated.status_code == 304 and negotiated.headers["vary"] == "Accept"


def test_cors_on_rdf_not_needed_on_html(client):
    assert client.get("/page/place/handan.jsonld").headers["access-control-allow-origin"] == "*"
    assert client.get("/.well-known/void").headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-origin" not in client.get("/page/place/handan.html").headers


def test_served_documents_are_the_published_files(server, client, tmp_path):
    """One code path: what `serve` answers is byte for byte what `publish` writes (HTML and
    VoID differ only by the links to /sparql and the extra twins a server can offer)."""
    from handan_kg.publish.site import publish

    site = tmp_path / "site"
    publish(server.dist, site, site_url=server.url + "/", ontology=FIXTURES / "ontology-mini.ttl", queries=FIXTURES / "queries")
    # (VoID differs on purpose: only a server has a SPARQL endpoint to announce.)
    data = sorted(p for p in site.rglob("*") if (p.suffix in (".ttl", ".jsonld") or p.name in ("sitemap.xml", "style.css")) and p.name != "void.ttl")
    assert len(data) > 30
    for path in data:
        assert client.get("/" + path.relative_to(site).as_posix()).content == path.read_bytes(), path
    served = client.get("/page/person/liu-bocheng.html").text
    static = (site / "page" / "person" / "liu-bocheng.html").read_text(encoding="utf-8")
    assert served.count("<tr>") == static.count("<tr>") and served.count("<q>") == static.count("<q>")


def test_head(client):
    get = client.get("/page/person/liu-bocheng.ttl")
    head = client.head("/page/person/liu-bocheng.ttl")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == get.headers["etag"]
    assert head.headers["content-length"] == str(len(get.content))
    assert client.head("/id/person/liu-bocheng", headers={"Accept": "text/turtle"}).status_code == 303


def test_404_html_for_browsers_plain_for_machines(client):
    browser = client.get("/id/person/nobody", headers={"Accept": BROWSER})
    assert browser.status_code == 404 and browser.headers["content-type"].startswith("text/html")
    assert "<h1>Not found</h1>" in browser.text
    assert 'href="../../static/style.css"' in browser.text  # relative to /id/person/nobody
    machine = client.get("/id/person/nobody", headers={"Accept": "text/turtle"})
    assert machine.status_code == 404 and machine.headers["content-type"].startswith("text/plain")
    assert "@prefix" not in machine.text and "<" not in machine.text
    assert client.get("/page/person/nobody.ttl").status_code == 404
    assert client.get("/no/such/thing").status_code == 404


def test_bad_input_gets_4xx_and_the_server_stays_up(server, client):
    cases = [
        b"GET /page/../../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /page/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /static/..%2f..%2fpyproject.toml HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /id/person/%ff%fe HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /id/person/\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /sparql?query=%ff HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /sparql?query=" + b"a" * 12000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /page/person/liu-bocheng?" + b"x" * 60000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /id/person/liu-bocheng HTTP/1.1\r\nHost: x\r\nAccept: " + b"x/y;q=zz," * 1500 + b"\r\n\r\n",
        b"GET /id/person/liu-bocheng HTTP/1.1\r\nHost: x\r\nAccept: ;;;,,,===\r\n\r\n",
        b"GARBAGE\r\n\r\n",
    ]
    for request in cases:
        status = raw_request(server, request)
        assert 400 <= status < 500, (request[:60], status)
        assert server.alive()
    assert client.get("/page/person/liu-bocheng.html").status_code == 200


# ------------------------------------------------------------------ SPARQL


def sparql_get(client, query: str, accept: str) -> httpx.Response:
    return client.get("/sparql", params={"query": query}, headers={"Accept": accept})


def test_sparql_get_json(client):
    r = sparql_get(client, RESULT_ROWS, "application/sparql-results+json")
    assert r.status_code == 200 and r.headers["content-type"] == "application/sparql-results+json"
    names = [b["name"]["value"] for b in r.json()["results"]["bindings"]]
    assert names == ["Deng Xiaoping", "Gao Shuxun", "Liu Bocheng"]
    assert r.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize(
    ("accept", "media", "marker"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml", b'<literal xml:lang="en">Liu Bocheng</literal>'),
        ("text/csv", "text/csv", b"name\r\nDeng Xiaoping\r\nGao Shuxun\r\nLiu Bocheng"),
        ("text/tab-separated-values", "text/tab-separated-values", b'?name\n"Deng Xiaoping"@en\n"Gao Shuxun"@en'),
        ("application/json", "application/sparql-results+json", b'"Liu Bocheng"'),
        ("*/*", "application/sparql-results+json", b'"Liu Bocheng"'),
    ],
)
def test_sparql_result_formats(client, accept, media, marker):
    r = sparql_get(client, RESULT_ROWS, accept)
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media
    assert marker in r.content


def test_sparql_post_form_and_direct(client):
    form = client.post("/sparql", data={"query": RESULT_ROWS}, headers={"Accept": "application/sparql-results+json"})
    direct = client.post("/sparql", content=RESULT_ROWS.encode(), headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    assert form.status_code == direct.status_code == 200
    assert form.json() == direct.json() == sparql_get(client, RESULT_ROWS, "application/sparql-results+json").json()
    assert client.post("/sparql", content=b"x", headers={"Content-Type": "text/plain"}).status_code == 415


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", "turtle"), ("application/ld+json", "json-ld")])
def test_sparql_construct_and_describe(client, accept, fmt):
    construct = sparql_get(client, f"CONSTRUCT {{ ?s a <{HKG}Person> }} WHERE {{ ?s a <{HKG}Person> }}", accept)
    assert construct.status_code == 200 and construct.headers["content-type"].split(";")[0] == accept
    g = Graph().parse(data=construct.content, format=fmt)
    assert set(g.subjects()) == {LIU, URIRef(BASE + "id/person/gao-shuxun"), URIRef(BASE + "id/person/deng-xiaoping")}
    describe = sparql_get(client, f"DESCRIBE <{LIU}>", accept)
    assert (LIU, RDF.type, URIRef(HKG + "Person")) in Graph().parse(data=describe.content, format=fmt)


def test_sparql_sees_the_named_graph_per_article(client):
    r = sparql_get(client, f"SELECT ?g WHERE {{ GRAPH ?g {{ <{LIU}> a ?t }} }}", "application/sparql-results+json")
    assert [b["g"]["value"] for b in r.json()["results"]["bindings"]] == [BASE + "id/graph/handan-campaign"]


def test_sparql_ask(client):
    r = sparql_get(client, f"ASK {{ <{LIU}> a <{HKG}Person> }}", "application/sparql-results+json")
    assert r.json()["boolean"] is True


def test_sparql_refuses_updates_with_403(client):
    update = f"PREFIX hkg: <{HKG}>\nINSERT DATA {{ <urn:x> a hkg:Person }}"
    assert sparql_get(client, update, "application/sparql-results+json").status_code == 403
    assert client.post("/sparql", data={"update": update}).status_code == 403
    assert client.post("/sparql", content=update.encode(), headers={"Content-Type": "application/sparql-update"}).status_code == 403
    count = sparql_get(client, "SELECT (COUNT(*) AS ?n) WHERE { <urn:x> ?p ?o }", "application/sparql-results+json")
    assert count.json()["results"]["bindings"][0]["n"]["value"] == "0"


def test_sparql_malformed_query_is_400_with_the_parser_message(client):
    r = sparql_get(client, "SELECT ?x WHERE { ?x ?y }", "application/sparql-results+json")
    assert r.status_code == 400
    assert r.text.startswith("malformed query:") and "error at 1:" in r.text
    assert client.get("/sparql", headers={"Accept": "application/sparql-results+json"}).status_code == 400


def test_sparql_service_description(server, client):
    sd = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert sd.status_code == 200
    g = Graph().parse(data=sd.content, format="turtle")
    endpoint = URIRef(server.url + "/sparql")  # where it answers (no --site-url given)
    assert (endpoint, URIRef("http://www.w3.org/ns/sparql-service-description#endpoint"), endpoint) in g


def test_sparql_timeout_and_result_cap_keep_the_server_up(server, client):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    r = sparql_get(client, slow, "application/sparql-results+json")
    assert r.status_code == 503 and "time limit of 2 s" in r.text
    big = sparql_get(client, "SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json")
    assert big.status_code == 400 and "cap of 20000 bytes" in big.text
    assert server.alive()
    assert sparql_get(client, RESULT_ROWS, "text/csv").status_code == 200


def test_sparql_html_form_for_browsers(client):
    form = client.get("/sparql", headers={"Accept": BROWSER})
    assert form.status_code == 200 and "<textarea" in form.text
    assert "Who commanded each side of each conflict?" in form.text
    example = client.get("/sparql", params={"example": "commanders"}, headers={"Accept": BROWSER})
    assert "?side hkg:commander ?commander" in example.text
    run = client.get("/sparql", params={"query": RESULT_ROWS}, headers={"Accept": BROWSER})
    assert run.status_code == 200 and "<td>Liu Bocheng</td>" in run.text and "3 result(s)" in run.text
    bad = client.get("/sparql", params={"query": "SELECT"}, headers={"Accept": BROWSER})
    assert bad.status_code == 400 and 'role="alert"' in bad.text


def test_sparqlwrapper_against_the_endpoint(server):
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    sw = SPARQLWrapper(server.url + "/sparql")
    sw.setTimeout(10)
    sw.setQuery(RESULT_ROWS)
    sw.setReturnFormat(JSON)
    names = [b["name"]["value"] for b in sw.query().convert()["results"]["bindings"]]
    assert names == ["Deng Xiaoping", "Gao Shuxun", "Liu Bocheng"]
    sw.setMethod("POST")
    assert len(sw.query().convert()["results"]["bindings"]) == 3
    sw.setQuery(f"CONSTRUCT WHERE {{ <{LIU}> ?p ?o }}")
    sw.setReturnFormat(TURTLE)
    g = Graph().parse(data=sw.query().convert(), format="turtle")
    assert (LIU, RDF.type, URIRef(HKG + "Person")) in g


def test_void_lists_the_endpoint_when_served(server, client):
    """Without --site-url, the server names the address it answers on, not the base IRI."""
    void = Graph().parse(data=client.get("/.well-known/void").content, format="turtle")
    endpoints = list(void.objects(None, URIRef("http://rdfs.org/ns/void#sparqlEndpoint")))
    assert [str(e) for e in endpoints] == [server.url + "/sparql"]
    assert json.loads(client.get("/page/place/handan.jsonld").content)
    assert quote("liu-bocheng") in client.get("/index.html").text


def test_base_iri_makes_iris_resolve_on_this_server(tmp_path):
    dist = make_dist(tmp_path / "dist")
    srv = Server(dist, "--ontology", str(FIXTURES / "ontology-mini.ttl"), "--workers", "1", "--base-iri", "http://127.0.0.1:9/")
    try:
        srv_base = "http://127.0.0.1:9/"
        with httpx.Client(base_url=srv.url, timeout=10) as c:
            twin = Graph().parse(data=c.get("/page/person/liu-bocheng.ttl").content, format="turtle")
            assert (URIRef(srv_base + "id/person/liu-bocheng"), RDF.type, URIRef(HKG + "Person")) in twin
            assert not any(str(t).startswith(BASE + "id/") for triple in twin for t in triple)
            r = c.get("/sparql", params={"query": f"ASK {{ <{srv_base}id/person/liu-bocheng> ?p ?o }}"}, headers={"Accept": "application/json"})
            assert r.json()["boolean"] is True
            assert c.get("/id/person/liu-bocheng", headers={"Accept": "text/turtle"}).status_code == 303
    finally:
        srv.stop()


def test_library_queries_agree_with_the_embedded_store(tmp_path):
    """Every competency query (queries/*.rq) gives the same answer from the served real build
    (through `handan-kg query --endpoint`'s client) as from the embedded store."""
    import subprocess
    import sys

    from publish_fixtures import ROOT, build_real

    from handan_kg.store.dataset import open_dataset
    from handan_kg.store.query import (
        Query,
        library,
        render,
        run_local,
        run_remote,
    )

    dist = build_real(tmp_path / "dist")
    (dist / "links.ttl").unlink()  # the embedded store does not read links; compare like with like
    srv = Server(dist, "--workers", "1")
    try:
        store = open_dataset(dist)
        entries = library()
        assert entries
        for q in entries:
            query = Query(q.path.read_text(encoding="utf-8"), q.name)
            fmt = "csv" if "CONSTRUCT" not in query.text.upper() else "ntriples"
            remote = render(run_remote(srv.url + "/sparql", query, timeout=20), fmt, query.text)
            local = render(run_local(store, query), fmt, query.text)
            if fmt == "csv":
                head_r, *rows_r = remote.decode().splitlines()
                head_l, *rows_l = local.decode().splitlines()
                assert (head_r, sorted(rows_r)) == (head_l, sorted(rows_l)), q.name
            else:
                assert remote == local, q.name
        cli = subprocess.run(
            check=False,
            args=[sys.executable, "-m", "handan_kg", "query", "commanders", "--endpoint", srv.url + "/sparql", "--format", "csv"],
            capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}, timeout=60,
        )
        assert cli.returncode == 0, cli.stderr
        assert "liu-bocheng" in cli.stdout
    finally:
        srv.stop()


def test_serve_cli_errors_are_one_line(server, tmp_path):
    import subprocess
    import sys

    from publish_fixtures import ROOT

    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    serve = [sys.executable, "-m", "handan_kg", "serve"]
    bad_port = subprocess.run(check=False, args=[*serve, str(tmp_path), "--port", "0"], capture_output=True, text=True, env=env, timeout=60)
    busy = subprocess.run(check=False, args=[*serve, str(tmp_path), "--port", str(server.port)], capture_output=True, text=True, env=env, timeout=60)
    no_data = subprocess.run(check=False, args=[*serve, str(tmp_path / "nothing"), "--port", str(free_port())], capture_output=True, text=True, env=env, timeout=60)
    for run, words in ((bad_port, "not a TCP port"), (busy, "cannot listen on 127.0.0.1"), (no_data, "no built dataset")):
        assert run.returncode == 2, run.stderr
        assert run.stderr.count("\n") == 1 and words in run.stderr and "Traceback" not in run.stderr


def test_made_up_addresses_do_not_grow_the_page_cache(tmp_path):
    """The in-memory cache holds documents, never misses (an attacker's stream of 404s)."""
    from handan_kg.publish.data import load
    from handan_kg.publish.pages import Site

    site = Site(load(make_dist(tmp_path / "dist"), ontology=FIXTURES / "ontology-mini.ttl"))
    for i in range(200):
        assert site.document(f"page/person/nobody-{i}.ttl") is None
    assert site.document("page/person/liu-bocheng.ttl") is site.document("page/person/liu-bocheng.ttl")
    assert len(site._cache) == 1


def test_downloads_have_their_media_types(client):
    assert client.get("/download/handan-mini.nq").headers["content-type"] == "application/n-quads"
    assert client.get("/download/handan-mini.ttl").headers["content-type"].startswith("text/turtle")
    assert client.get("/download/handan-mini.nt").headers["access-control-allow-origin"] == "*"


def test_sparql_has_the_projects_prefixes_predeclared(client):
    """A newcomer's query without PREFIX lines works, as with `query -e`; a query's own wins."""
    r = sparql_get(client, "SELECT (COUNT(?c) AS ?n) WHERE { ?c a hkg:Conflict ; rdfs:label ?l }", "application/sparql-results+json")
    assert r.status_code == 200 and int(r.json()["results"]["bindings"][0]["n"]["value"]) > 0
    own = sparql_get(client, "PREFIX hkg: <urn:other#> ASK { ?c a hkg:Conflict }", "application/sparql-results+json")
    assert own.status_code == 200 and own.json()["boolean"] is False
