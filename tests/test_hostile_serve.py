"""`handan-kg serve` against hostile requests: each test asserts the safe outcome and that the
server still answers `/health` within a second afterwards. Everything runs on 127.0.0.1
(a second loopback address, 127.0.0.2, plays the attacking client)."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time

import httpx
import pytest
from loopback import Listener
from publish_fixtures import ROOT, Server, build_real, make_dist

from handan_kg.store.guard import MAX_NESTING, QueryRefused, check_query, nesting_depth

BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8"
JSON = "application/sparql-results+json"


class Canary(Listener):
    """Records every connection: SSRF shows up as a connection here."""

    def __init__(self) -> None:
        self.hits: list[bytes] = []
        super().__init__()

    def handle(self, conn: socket.socket) -> None:
        conn.settimeout(1)
        try:
            self.hits.append(conn.recv(200))
        except OSError:
            self.hits.append(b"")


def healthy(server: Server) -> None:
    """The server is up and answers quickly."""
    started = time.monotonic()
    r = httpx.get(server.url + "/health", timeout=1.0)
    assert r.status_code == 200
    assert time.monotonic() - started < 1.0


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    dist = build_real(tmp_path_factory.mktemp("dist"))
    srv = Server(
        dist, "--workers", "1", "--timeout", "20", "--max-query-memory", "300",
        "--header-timeout", "2", "--max-connections-per-client", "16",
    )
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def canary():
    c = Canary()
    yield c
    c.close()


# ------------------------------------------------------------------ 1. SSRF

FEDERATED = [
    "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SeRvIcE # a comment\n <http://127.0.0.1:{port}/\\u0063> {{ ?s ?p ?o }} }}",
    "PREFIX e: <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE e:q {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(<http://127.0.0.1:{port}/v> AS ?x) SERVICE ?x {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o }}SERVICE<http://127.0.0.1:{port}/g>{{}}",
    "ASK {{ {{ SERVICE <http://127.0.0.1:{port}/n> {{ ?s ?p ?o }} }} UNION {{ ?s ?p ?o }} }}",
]


@pytest.mark.parametrize("template", FEDERATED)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_federated_queries_are_refused_and_send_nothing(server, canary, template, method):
    query = template.format(port=canary.port)
    if method == "GET":
        r = httpx.get(server.url + "/sparql", params={"query": query}, headers={"Accept": JSON}, timeout=10)
    else:
        r = httpx.post(server.url + "/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query", "Accept": JSON}, timeout=10)
    assert r.status_code == 400
    assert r.text == "federated queries (SERVICE) are not allowed on this endpoint\n"
    assert canary.hits == []
    healthy(server)


@pytest.mark.parametrize("query", [
    "SELECT ?service WHERE { ?service ?p ?o } LIMIT 1",
    'SELECT * WHERE { ?s ?p "SERVICE <http://127.0.0.1:9/>" } LIMIT 1',
    "PREFIX service: <http://example.org/> SELECT * WHERE { ?s service:SERVICE ?o } LIMIT 1",
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o } LIMIT 1",
])
def test_the_word_service_elsewhere_is_not_refused(server, query):
    r = httpx.get(server.url + "/sparql", params={"query": query}, headers={"Accept": JSON}, timeout=10)
    assert r.status_code == 200, r.text


def test_the_guard_reads_tokens_not_substrings():
    with pytest.raises(QueryRefused):
        check_query("SELECT * { SERVICE <http://h/> { ?s ?p ?o } }")
    check_query("SELECT * { SERVICE <http://h/> { ?s ?p ?o } }", allow_service=True)
    check_query("# SERVICE <http://h/>\nSELECT * { ?s ?p '''SERVICE''' }")
    assert nesting_depth("SELECT * { FILTER((1)) }") == 3
    assert nesting_depth("SELECT * { ?s ?p '((((' }") == 1
    with pytest.raises(QueryRefused, match="nests brackets"):
        check_query("SELECT * { FILTER(" + "(" * (MAX_NESTING + 1) + "1" + ")" * (MAX_NESTING + 1) + ") }")


def test_deep_nesting_is_refused_before_parsing(server):
    depth = 20_000
    query = "SELECT * WHERE { FILTER(" + "(" * depth + "1" + ")" * depth + ") }"
    r = httpx.post(server.url + "/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query", "Accept": JSON}, timeout=10)
    assert r.status_code == 400
    assert "nests brackets" in r.text and r.text.count("\n") == 1
    healthy(server)


# ------------------------------------------------------------------ 2. memory

def test_a_query_past_its_memory_ceiling_gets_503_and_the_server_stays_up(server):
    query = "SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
    r = httpx.get(server.url + "/sparql", params={"query": query}, headers={"Accept": JSON}, timeout=30)
    assert r.status_code == 503
    assert r.text == "query used too much memory; narrow it or add a LIMIT\n"
    healthy(server)
    ok = httpx.get(server.url + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}, headers={"Accept": JSON}, timeout=10)
    assert ok.status_code == 200
    assert int(ok.json()["results"]["bindings"][0]["n"]["value"]) > 1000


# ------------------------------------------------------------------ 3. slow clients

def _slow_connection(port: int) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=("127.0.0.2", 0))
    s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")  # headers never finished
    return s


def test_slow_clients_do_not_shut_out_others(server):
    slow = []
    try:
        for _ in range(600):  # more than uvicorn's 512 connections before it answers 503
            try:
                slow.append(_slow_connection(server.port))
            except OSError:  # refused or reset: this address already holds its share
                continue
        # Every other client is still served while the slow ones hang on.
        for _ in range(5):
            healthy(server)
        # The server closes a connection whose headers do not arrive in time (2 s here).
        started = time.monotonic()
        probe = slow[0]
        probe.settimeout(10)
        try:
            data = probe.recv(100)
        except ConnectionResetError:
            data = b""
        assert data == b""
        assert time.monotonic() - started < 8
    finally:
        for s in slow:
            s.close()
    healthy(server)


def test_one_address_cannot_hold_more_than_its_share(server):
    held = [_slow_connection(server.port) for _ in range(16)]
    try:
        extra = _slow_connection(server.port)
        extra.settimeout(5)
        try:
            closed = extra.recv(100) == b""
        except ConnectionResetError:
            closed = True
        assert closed
        extra.close()
        healthy(server)
    finally:
        for s in held:
            s.close()


# ------------------------------------------------------------------ 4. HTML results

def test_html_results_have_a_lower_cap_than_data_results(server):
    query = "SELECT * { ?s ?p ?o VALUES ?copy { 1 2 3 } }"
    data = httpx.get(server.url + "/sparql", params={"query": query}, headers={"Accept": JSON}, timeout=20)
    assert data.status_code == 200 and len(data.content) > 2_000_000
    page = httpx.get(server.url + "/sparql", params={"query": query}, headers={"Accept": BROWSER}, timeout=20)
    assert page.status_code == 400
    assert "larger than the cap of 2000000 bytes" in page.text
    healthy(server)


# ------------------------------------------------------------------ 5. XSS

def test_pages_carry_a_content_security_policy(server):
    for path in ("/", "/sparql", "/health", "/nowhere"):
        r = httpx.get(server.url + path, headers={"Accept": BROWSER}, timeout=10)
        assert "default-src 'none'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"


def test_a_javascript_result_iri_is_not_a_link(server):
    query = "SELECT ?x WHERE { VALUES ?x { <javascript:alert(1)> <https://example.org/ok> } }"
    r = httpx.get(server.url + "/sparql", params={"query": query}, headers={"Accept": BROWSER}, timeout=10)
    assert r.status_code == 200
    assert 'href="javascript:' not in r.text.lower()
    assert 'href="https://example.org/ok"' in r.text


def test_hostile_text_and_sources_in_the_data_stay_inert(tmp_path):
    dist = make_dist(tmp_path / "dist")
    manifest = json.loads((dist / "manifest.json").read_text())
    manifest["articles"][0]["source"] = "javascript:alert(document.cookie)"
    (dist / "manifest.json").write_text(json.dumps(manifest))
    person = "<https://w3id.org/handan-kg/id/person/liu-bocheng>"
    evil = '"Liu <!--<script>alert(1)</script> Bocheng"@en'
    with (dist / "handan-mini.nt").open("a") as f:
        f.write(f"{person} <http://www.w3.org/2000/01/rdf-schema#comment> {evil} .\n")
        f.write(f"{person} <http://www.w3.org/2000/01/rdf-schema#seeAlso> <javascript:alert(2)> .\n")
    srv = Server(dist, "--workers", "1", "--ontology", str(ROOT / "tests/fixtures/publish/ontology-mini.ttl"))
    try:
        index = httpx.get(srv.url + "/", timeout=10).text
        assert "javascript:alert(document.cookie)" in index  # shown as text ...
        assert 'href="javascript:' not in index.lower()  # ... never as a link
        page = httpx.get(srv.url + "/page/person/liu-bocheng.html", timeout=10).text
        assert 'href="javascript:' not in page.lower()
        script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL).group(1)
        assert "<" not in script
        assert "Liu <!--<script>alert(1)</script> Bocheng" in json.dumps(json.loads(script), ensure_ascii=False)
        assert page.rstrip().endswith("</html>")
        healthy(srv)
    finally:
        srv.stop()


# ------------------------------------------------------------------ 6. manifest paths

@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "sub/../../x.nt"])
def test_manifest_paths_outside_the_dataset_are_refused(tmp_path, name):
    dist = make_dist(tmp_path / "dist")
    manifest = json.loads((dist / "manifest.json").read_text())
    manifest["files"]["ttl"] = name
    (dist / "manifest.json").write_text(json.dumps(manifest))
    r = subprocess.run(
        [sys.executable, "-m", "handan_kg", "publish", str(dist), "--out", str(tmp_path / "site")],
        capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}, timeout=120,
    )
    assert r.returncode == 2
    assert "is not a file of the dataset folder" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "site").exists()
