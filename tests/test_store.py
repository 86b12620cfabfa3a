"""`handan-kg load` and `handan-kg query --endpoint` against a real Oxigraph server.

The server comes from the `oxigraph_server` fixture (tests/conftest.py). It has no union
default graph, so data loaded into a named graph is only visible to queries through
`--graph` (the protocol's default-graph-uri) — the setting the library must work with.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from handan_kg.store import query as q
from handan_kg.store.dataset import open_dataset, triple_count
from handan_kg.store import load as store
from handan_kg.cli import main
from handan_kg.write.manifest import dataset_file, read_manifest
from test_query import all_queries, run_cli


def count_in(server: str, graph: str) -> int:
    """Triples in a named graph, asked through SPARQLWrapper like a user would."""
    client = SPARQLWrapper(f"{server}/query")
    client.setQuery(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    client.setReturnFormat(JSON)
    return int(client.queryAndConvert()["results"]["bindings"][0]["n"]["value"])


def graphs_on(server: str) -> set[str]:
    client = SPARQLWrapper(f"{server}/query")
    client.setQuery("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    client.setReturnFormat(JSON)
    return {b["g"]["value"] for b in client.queryAndConvert()["results"]["bindings"]}


def as_set(result: object) -> object:
    """A result as a comparable value: a set of rows (SELECT), a bool (ASK), a set of triples."""
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return {frozenset((n, str(s[n])) for n in names if s[n] is not None) for s in result}
    return {str(t) for t in result}


@pytest.fixture(scope="module")
def capsys_module(request: pytest.FixtureRequest):
    """Module-scoped stdout capture for the module-scoped `loaded` fixture."""
    import io
    from contextlib import redirect_stdout

    buf = io.StringIO()
    with redirect_stdout(buf):
        yield buf


@pytest.fixture(scope="module")
def loaded(oxigraph_server: str, handan_dist: Path, capsys_module) -> tuple[str, str, int]:
    """Load the dataset once by the Graph Store Protocol; return (server, graph IRI, triples sent)."""
    graph = store.dataset_iri(read_manifest(handan_dist))
    assert main(["load", str(handan_dist), "--endpoint", f"{oxigraph_server}/store", "--closure"]) == 0
    assert "Graph Store PUT" in capsys_module.getvalue()  # small: a transactional PUT is faster than bulk
    sent = triple_count(open_dataset(handan_dist))  # with --closure, what the embedded store holds
    assert f"holds {sent} triples and the 32 sampled ones as sent" in capsys_module.getvalue()
    return oxigraph_server, graph, sent


def test_load_puts_the_dataset_in_its_named_graph(loaded) -> None:
    server, graph, sent = loaded
    assert graph == "https://w3id.org/handan-kg/id/dataset/handan-campaign"
    assert count_in(server, graph) == sent > 0


def test_reload_never_duplicates(loaded, handan_dist, capsys) -> None:
    server, graph, sent = loaded
    code, out, _ = run_cli(capsys, "load", str(handan_dist), "--endpoint", f"{server}/store", "--closure")
    assert code == 0 and f"holds {sent} triples" in out
    assert count_in(server, graph) == sent


def test_temporary_graph_and_move_leave_no_temporary_graph(loaded, handan_dist, capsys) -> None:
    server, graph, sent = loaded
    code, out, err = run_cli(capsys, "load", str(handan_dist), "--endpoint", f"{server}/store", "--update-endpoint", f"{server}/update", "--closure")
    assert code == 0, err
    assert "MOVE" in out and count_in(server, graph) == sent
    assert not [g for g in graphs_on(server) if g.startswith("urn:handan-kg:loading:")]


def test_sparql_update_batches_load_the_same_triples(oxigraph_server, handan_dist, capsys) -> None:
    graph = "urn:test:update-batches"
    argv = ["load", str(handan_dist), "--update-endpoint", f"{oxigraph_server}/update",
            "--query-endpoint", f"{oxigraph_server}/query", "--graph", graph, "--batch-bytes", "20000"]
    for _ in range(2):  # twice: a reload replaces
        code, out, err = run_cli(capsys, *argv)
        assert code == 0, err
    sent = read_manifest(handan_dist)["triples"]
    size = dataset_file(handan_dist, read_manifest(handan_dist), "nt").stat().st_size
    assert f"INSERT DATA ({size // 20000 + 1}" in out or f"INSERT DATA ({size // 20000 + 2}" in out
    assert count_in(oxigraph_server, graph) == sent


def test_by_default_the_dataset_goes_without_the_closure(oxigraph_server, handan_dist, capsys) -> None:
    graph = "urn:test:asserted"
    code, out, err = run_cli(capsys, "load", str(handan_dist), "--endpoint", f"{oxigraph_server}/store", "--graph", graph)
    assert code == 0, err
    asserted = read_manifest(handan_dist)["triples"]  # without --closure: the dataset as built
    assert f"holds {asserted} triples and the 32 sampled ones as sent" in out
    assert count_in(oxigraph_server, graph) == asserted < triple_count(open_dataset(handan_dist))


def test_failed_move_keeps_the_previous_graph(loaded, handan_dist, capsys) -> None:
    server, graph, sent = loaded
    # The upload succeeds, the swap cannot: the update endpoint is wrong.
    code, out, err = run_cli(capsys, "load", str(handan_dist), "--endpoint", f"{server}/store", "--update-endpoint", f"{server}/nothing", "--retries", "0")
    assert code == 4 and out == ""
    assert err.count("\n") == 1 and "keeps its previous version" in err and "HTTP 404" in err
    assert count_in(server, graph) == sent


@pytest.mark.parametrize("path", all_queries(), ids=lambda p: p.stem)
def test_every_query_agrees_on_embedded_store_and_server(loaded, handan_dist, path) -> None:
    server, graph, _ = loaded
    text = q.Query(path.read_text(encoding="utf-8"), str(path))
    local = as_set(q.run_local(open_dataset(handan_dist), text))
    remote = as_set(q.run_remote(f"{server}/query", text, [graph]))
    assert local == remote


def test_graph_flag_is_what_makes_the_library_work_without_a_union_default_graph(loaded, handan_dist, capsys) -> None:
    server, graph, _ = loaded
    sides = str(Path(__file__).parent / "fixtures" / "query" / "queries" / "sides.rq")
    _, without, _ = run_cli(capsys, "query", sides, "--endpoint", f"{server}/query")
    _, with_graph, _ = run_cli(capsys, "query", sides, "--endpoint", f"{server}/query", "--graph", graph)
    _, local, _ = run_cli(capsys, "query", sides, "--dir", str(handan_dist))
    assert without.splitlines()[-1] == "(0 rows)"
    assert with_graph == local and local.splitlines()[-1] not in ("(0 rows)", "(1 row)")


def test_remote_http_errors_name_status_and_server_message(loaded, capsys) -> None:
    server, _, _ = loaded
    code, out, err = run_cli(capsys, "query", "-e", "ASK {}", "--endpoint", f"{server}/nothing")
    assert code == 4 and out == "" and err.count("\n") == 1
    assert "HTTP 404" in err and "not supported" in err  # Oxigraph's own words
    # passes the local check (Wikidata prefixes are known locally) but Oxigraph rejects it
    code, _, err = run_cli(capsys, "query", "-e", "SELECT ?x WHERE { ?x wdt:P31 ?y }", "--endpoint", f"{server}/query")
    assert code == 4 and "HTTP 400" in err and "1:" in err


def test_remote_malformed_query_is_caught_locally_with_position(capsys) -> None:
    from conftest import free_port

    # nothing listens on this port: the error must come from the local parser, before any request
    code, _, err = run_cli(capsys, "query", "-e", "SELECT ?x\nWHERE { ?x }", "--endpoint", f"http://127.0.0.1:{free_port()}/q")
    assert code == 2 and "malformed query" in err and "2:" in err


def test_load_errors_are_one_line(handan_dist, capsys, oxigraph_server, tmp_path) -> None:
    from conftest import free_port

    cases = [
        (["--endpoint", f"http://127.0.0.1:{free_port()}/store", "--retries", "1"], 4, "cannot reach"),
        (["--endpoint", f"{oxigraph_server}/nothing"], 4, "HTTP 404"),
        ([], 4, "--endpoint"),
        (["--update-endpoint", f"{oxigraph_server}/update"], 4, "--query-endpoint"),
        (["--endpoint", f"{oxigraph_server}/store", "--retries", "-1"], 4, "--retries"),
        (["--endpoint", f"{oxigraph_server}/store", "--timeout", "0"], 4, "--timeout"),
        (["--endpoint", f"{oxigraph_server}/store", "--batch-bytes", "0"], 4, "--batch-bytes"),
    ]
    for extra, status, needle in cases:
        code, out, err = run_cli(capsys, "load", str(handan_dist), *extra)
        assert (code, out) == (status, ""), err
        assert err.count("\n") == 1 and needle in err
    code, _, err = run_cli(capsys, "load", str(tmp_path), "--endpoint", f"{oxigraph_server}/store")
    assert code == 2 and "no built dataset" in err


class _Flaky(BaseHTTPRequestHandler):
    """Answers 503, then 429 (Retry-After: 0), then 204; records each request's auth header."""

    answers: list[int] = []
    seen: list[str | None] = []
    bodies: list[int] = []  # the size of each request's body

    def do_PUT(self) -> None:  # noqa: N802  (http.server naming)
        type(self).bodies.append(len(self.rfile.read(int(self.headers.get("Content-Length", 0)))))
        type(self).seen.append(self.headers.get("Authorization"))
        status = type(self).answers.pop(0) if type(self).answers else 204
        self.send_response(status)
        if status == 429:
            self.send_header("Retry-After", "0")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802
        """A SPARQL endpoint having a bad day: 500 with a two-line explanation."""
        body = b"store on fire: cannot evaluate\nsecond line the user does not need\n"
        self.send_response(500)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def flaky_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/store"
    server.shutdown()
    server.server_close()


def test_transient_answers_are_retried_with_auth_from_the_environment(flaky_server, monkeypatch) -> None:
    monkeypatch.setenv("HANDAN_KG_USER", "ada")
    monkeypatch.setenv("HANDAN_KG_PASSWORD", "s3cret")
    _Flaky.answers, _Flaky.seen = [503, 429], []
    target = store.Target(flaky_server, timeout=5, backoff=0.01)
    try:
        resp = store._request(target, "PUT", flaky_server, content=b"<urn:a> <urn:b> <urn:c> .\n")
    finally:
        target.close()
    assert resp.status_code == 204
    assert len(_Flaky.seen) == 3
    assert set(_Flaky.seen) == {"Basic YWRhOnMzY3JldA=="}  # base64("ada:s3cret")


def test_retries_give_up_with_the_last_status(flaky_server) -> None:
    _Flaky.answers, _Flaky.seen = [503, 503, 503], []
    target = store.Target(flaky_server, timeout=5, attempts=2, backoff=0.01)
    try:
        with pytest.raises(store.EndpointError, match="HTTP 503"):
            store._request(target, "PUT", flaky_server, content=b"")
    finally:
        target.close()
    assert len(_Flaky.seen) == 2


def test_insert_batches_are_bounded_by_bytes_and_keep_blank_nodes_together() -> None:
    lines = [f"<urn:s{i}> <urn:p> <urn:o> ." for i in range(5)] + ["_:b <urn:p> _:c .", "_:c <urn:p> <urn:o> ."]
    batches = list(store.insert_batches((line.encode() + b"\n" for line in lines), "urn:g", 2 * 28))  # two 27-byte lines
    assert len(batches) == 4
    assert all(b.startswith("INSERT DATA { GRAPH <urn:g> {") for b in batches)
    assert "_:b" in batches[-1] and "_:c <urn:p>" in batches[-1]
    parsed = ox.Store()
    for b in batches:
        parsed.update(b)
    assert len(parsed) == 7


def test_failed_first_load_removes_the_partial_graph(oxigraph_server, tmp_path) -> None:
    graph = "urn:test:failed-first-load"
    good = "".join(f"<urn:s{i}> <urn:p> <urn:o> .\n" for i in range(2000))
    data = tmp_path / "broken.nt"
    data.write_text(good + "<urn:broken\n", encoding="utf-8")
    target = store.Target(f"{oxigraph_server}/store", timeout=30, attempts=1, bulk_min_triples=1)
    try:
        with pytest.raises(store.EndpointError, match="did not exist before and was removed again") as info:
            store.load_payload(store.Payload((data,), 2001), graph, target)
    finally:
        target.close()
    assert "HTTP 400" in str(info.value) and "\n" not in str(info.value)
    assert graph not in graphs_on(oxigraph_server)


def test_bearer_token_from_the_environment(flaky_server, monkeypatch) -> None:
    monkeypatch.setenv("HANDAN_KG_TOKEN", "qlever-token")
    _Flaky.answers, _Flaky.seen = [], []
    target = store.Target(flaky_server, timeout=5, auth_scheme="bearer")
    try:
        store._request(target, "PUT", flaky_server, content=b"")
    finally:
        target.close()
    assert _Flaky.seen == ["Bearer qlever-token"]
    monkeypatch.delenv("HANDAN_KG_TOKEN")
    with pytest.raises(store.EndpointError, match="HANDAN_KG_TOKEN"):
        store.Target(flaky_server, auth_scheme="bearer")


def test_a_big_first_load_uses_oxigraphs_bulk_loader_and_a_reload_replaces_it(oxigraph_server, handan_dist, tmp_path) -> None:
    graph = "urn:test:bulk"
    data = store.payload(handan_dist, tmp_path, closure=True)
    count = data.count
    target = store.Target(f"{oxigraph_server}/store", timeout=60, bulk_min_triples=count)  # "big" = this graph
    try:
        first = store.load_payload(data, graph, target)
        second = store.load_payload(data, graph, target)
    finally:
        target.close()
    assert first.method == "Oxigraph bulk load into a new graph" and second.method == "Graph Store PUT"
    assert first.in_graph == second.in_graph == count_in(oxigraph_server, graph) == count


def test_server_errors_show_status_and_first_line(flaky_server, handan_dist, capsys) -> None:
    code, out, err = run_cli(capsys, "query", "-e", "ASK {}", "--endpoint", flaky_server)
    assert (code, out) == (4, "")
    assert err == f"handan-kg: error: {flaky_server}: HTTP 500 Internal Server Error: store on fire: cannot evaluate\n"
    _Flaky.answers = [500]
    code, out, err = run_cli(capsys, "load", str(handan_dist), "--endpoint", flaky_server, "--retries", "0")
    assert (code, out) == (4, "") and err.count("\n") == 1 and "HTTP 500" in err


def test_union_default_graph_server_needs_no_graph_flag(handan_dist, tmp_path, capsys) -> None:
    from conftest import start_oxigraph

    sides = str(Path(__file__).parent / "fixtures" / "query" / "queries" / "sides.rq")
    with start_oxigraph(tmp_path / "union", "--union-default-graph") as server:
        assert main(["load", str(handan_dist), "--endpoint", f"{server}/store", "--closure"]) == 0
        capsys.readouterr()
        _, remote, _ = run_cli(capsys, "query", sides, "--endpoint", f"{server}/query", "--format", "json")
    _, local, _ = run_cli(capsys, "query", sides, "--dir", str(handan_dist), "--format", "json")
    assert remote == local and json.loads(local)["results"]["bindings"]


def test_the_upload_is_streamed_in_chunks_and_a_retry_resends_it_whole(flaky_server, tmp_path, monkeypatch) -> None:
    data = tmp_path / "data.nt"
    data.write_bytes(b"".join(b"<urn:s%d> <urn:p> <urn:o> .\n" % i for i in range(2000)))
    monkeypatch.setattr(store, "CHUNK_BYTES", 4096)
    payload = store.Payload((data,), 2000)
    chunks = list(payload)
    assert len(chunks) > 10 and max(map(len, chunks)) == 4096 and b"".join(chunks) == data.read_bytes()
    _Flaky.answers, _Flaky.seen, _Flaky.bodies = [503], [], []
    target = store.Target(flaky_server, timeout=5, backoff=0.01)
    try:
        store._put(target, "urn:g", payload)
    finally:
        target.close()
    assert _Flaky.bodies == [data.stat().st_size] * 2


def test_a_store_that_rewrites_a_literal_fails_verification_naming_the_rewrite(oxigraph_server, tmp_path) -> None:
    """The sample is read back term for term: a store keeping a BCE year as "-454" instead of
    "-0454" (as Virtuoso 7 does) holds as many triples, but not the ones sent."""
    graph = "urn:test:rewritten"
    year = '"-0454"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    data = tmp_path / "data.nt"
    data.write_text("".join(f"<urn:s{i}> <urn:year> {year} .\n" for i in range(40)), encoding="utf-8")
    payload = store.Payload((data,), 40)
    target = store.Target(f"{oxigraph_server}/store", query=f"{oxigraph_server}/query", timeout=30)
    try:
        assert store.load_payload(payload, graph, target).sampled == len(payload.sample()) > 10
        rewritten = year.replace("-0454", "-454").replace("gYear", "string")
        store._update(store.Target(update=f"{oxigraph_server}/update", query=f"{oxigraph_server}/query"),
                      f"DELETE {{ GRAPH <{graph}> {{ ?s <urn:year> ?y }} }} INSERT {{ GRAPH <{graph}> {{ ?s <urn:year> {rewritten} }} }}"
                      f" WHERE {{ GRAPH <{graph}> {{ ?s <urn:year> ?y }} }}")
        with pytest.raises(store.EndpointError) as info:
            store.check_sample(target, f"{oxigraph_server}/query", graph, payload.sample())
    finally:
        target.close()
    message = str(info.value)
    assert "\n" not in message and "verification failed" in message
    assert year in message and '"-454"' in message  # what was sent, and what the store holds instead
