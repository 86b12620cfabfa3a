"""The shared HTTP configuration (handan_kg.store.remote) against a real server on 127.0.0.1.

The server is a `loopback.Listener` (listening before its constructor returns, so no wait
for readiness) that speaks just enough HTTP/1.1: it answers each request with the next
scripted response and records what it was sent, so the tests can see retries, waits and
headers as a real endpoint would.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from loopback import Listener
from test_query import run_cli

from handan_kg.errors import EndpointError
from handan_kg.link.cache import QueryCache
from handan_kg.link.client import SparqlClient
from handan_kg.store.remote import USER_AGENT, HttpConfig

ASK_TRUE = (200, {"Content-Type": "application/sparql-results+json"}, json.dumps({"head": {}, "boolean": True}).encode())


@dataclass
class Seen:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes
    at: float = field(default_factory=time.monotonic)


class Scripted(Listener):
    """Answers requests with `script` in order (then 200 + `final`), one request per connection."""

    def __init__(self, script: list[tuple[int, dict[str, str], bytes]], final: tuple[int, dict[str, str], bytes] = ASK_TRUE) -> None:
        self.script = list(script)
        self.final = final
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        super().__init__()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def handle(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
        length = int(headers.get("content-length", "0"))
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                break
            body += chunk
        with self.lock:
            self.seen.append(Seen(method, target, headers, body))
            status, extra, payload = self.script.pop(0) if self.script else self.final
        reason = {200: "OK", 204: "No Content", 401: "Unauthorized", 503: "Service Unavailable"}.get(status, "Other")
        out = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(payload)}", "Connection: close"]
        out += [f"{k}: {v}" for k, v in extra.items()]
        conn.sendall(("\r\n".join(out) + "\r\n\r\n").encode("latin-1") + (b"" if method == "HEAD" else payload))


@pytest.fixture
def serve() -> Iterator:
    started: list[Scripted] = []

    def start(script: list[tuple[int, dict[str, str], bytes]], final: tuple[int, dict[str, str], bytes] = ASK_TRUE) -> Scripted:
        server = Scripted(script, final)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()


BUSY = (503, {"Retry-After": "1", "Content-Type": "text/plain"}, b"busy, come back in a second\n")
DENIED = (401, {"Content-Type": "text/plain", "WWW-Authenticate": 'Bearer realm="kg"'},
          b"token rejected: expired\nsecond line nobody needs\n")


def test_a_503_with_retry_after_is_retried_after_the_wait_and_then_succeeds(serve) -> None:
    server = serve([BUSY], final=(204, {}, b""))
    config = HttpConfig(timeout=10, retries=3, auth=None)
    with config.client() as client:
        resp = config.request(client, "PUT", server.url, content=b"<urn:a> <urn:b> <urn:c> .\n")
    assert resp.status_code == 204
    assert [s.method for s in server.seen] == ["PUT", "PUT"]
    assert server.seen[1].at - server.seen[0].at >= 0.9  # Retry-After: 1 was honoured
    assert {s.headers["user-agent"] for s in server.seen} == {USER_AGENT}


def test_query_endpoint_retries_a_503_and_prints_the_answer(serve, capsys) -> None:
    server = serve([BUSY])
    code, out, err = run_cli(capsys, "query", "-e", "ASK { ?s ?p ?o }", "--endpoint", server.url, "--timeout", "10")
    assert (code, out, err) == (0, "true\n", "")
    assert [s.method for s in server.seen] == ["GET", "GET"] and server.seen[0].target.startswith("/sparql?query=ASK")
    assert server.seen[0].headers["accept"].startswith("application/sparql-results+json")
    assert server.seen[1].at - server.seen[0].at >= 0.9


def test_a_post_is_retried_only_when_the_caller_says_it_is_safe(serve) -> None:
    server = serve([BUSY, BUSY], final=(204, {}, b""))
    config = HttpConfig(timeout=10, retries=3, auth=None, backoff=0.01)
    with config.client() as client:
        with pytest.raises(EndpointError, match="HTTP 503"):
            config.request(client, "POST", server.url, content=b"MOVE GRAPH <urn:a> TO GRAPH <urn:b>")
        assert len(server.seen) == 1  # not repeated: the server may have acted on it
        resp = config.request(client, "POST", server.url, content=b"INSERT DATA {}", retry_safe=True)
    assert resp.status_code == 204 and len(server.seen) == 3


def test_a_wait_beyond_the_callers_budget_ends_the_retries_at_once(serve) -> None:
    server = serve([(503, {"Retry-After": "30"}, b"maintenance\n")])
    config = HttpConfig(timeout=5, retries=3, auth=None)
    started = time.monotonic()
    with config.client() as client, pytest.raises(EndpointError, match="HTTP 503 Service Unavailable: maintenance"):
        config.request(client, "GET", server.url, budget=5)
    assert time.monotonic() - started < 5 and len(server.seen) == 1


def test_a_401_is_not_retried_and_is_one_line_naming_the_status(serve, capsys) -> None:
    server = serve([DENIED, DENIED, DENIED])
    code, out, err = run_cli(capsys, "query", "-e", "ASK {}", "--endpoint", server.url, "--retries", "3")
    assert (code, out) == (4, "")
    assert err == f"handan-kg: error: {server.url}: HTTP 401 Unauthorized: token rejected: expired\n"
    assert len(server.seen) == 1


def test_load_does_not_retry_a_401_either(serve, capsys, handan_dist: Path) -> None:
    server = serve([DENIED, DENIED, DENIED])
    code, out, err = run_cli(capsys, "load", str(handan_dist), "--endpoint", server.url, "--retries", "3")
    assert (code, out) == (4, "") and err.count("\n") == 1
    assert f"HEAD {server.url}: HTTP 401 Unauthorized" in err  # the probe; a HEAD answer has no body to quote
    assert len(server.seen) == 1


def test_query_endpoint_sends_the_bearer_token_load_uses(serve, capsys, monkeypatch) -> None:
    monkeypatch.setenv("HANDAN_KG_TOKEN", "qlever-token")
    server = serve([])
    code, out, _ = run_cli(capsys, "query", "-e", "ASK {}", "--endpoint", server.url, "--auth", "bearer")
    assert (code, out) == (0, "true\n")
    assert [s.headers.get("authorization") for s in server.seen] == ["Bearer qlever-token"]
    monkeypatch.delenv("HANDAN_KG_TOKEN")
    code, _, err = run_cli(capsys, "query", "-e", "ASK {}", "--endpoint", server.url, "--auth", "bearer")
    assert code == 4 and "HANDAN_KG_TOKEN" in err and len(server.seen) == 1


def test_query_endpoint_sends_basic_credentials_only_when_set(serve, capsys, monkeypatch) -> None:
    monkeypatch.delenv("HANDAN_KG_USER", raising=False)
    server = serve([])
    assert run_cli(capsys, "query", "-e", "ASK {}", "--endpoint", server.url)[0] == 0
    monkeypatch.setenv("HANDAN_KG_USER", "ada")
    monkeypatch.setenv("HANDAN_KG_PASSWORD", "s3cret")
    assert run_cli(capsys, "query", "-e", "ASK {}", "--endpoint", server.url)[0] == 0
    assert [s.headers.get("authorization") for s in server.seen] == [None, "Basic YWRhOnMzY3JldA=="]


def test_a_long_query_goes_as_a_post_form_with_its_graphs(serve, capsys) -> None:
    server = serve([])
    text = "ASK { ?s ?p ?o }" + " " * 3000 + "# padding"
    code, out, _ = run_cli(capsys, "query", "-e", text, "--endpoint", server.url, "--graph", "urn:g1", "--graph", "urn:g2")
    assert (code, out) == (0, "true\n")
    (seen,) = server.seen
    assert seen.method == "POST" and seen.headers["content-type"] == "application/x-www-form-urlencoded"
    assert b"default-graph-uri=urn%3Ag1&default-graph-uri=urn%3Ag2" in seen.body


def test_the_linker_never_sends_credentials_meant_for_a_store(serve, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HANDAN_KG_USER", "ada")
    empty = json.dumps({"head": {"vars": ["item"]}, "results": {"bindings": []}}).encode()
    server = serve([BUSY], final=(200, {"Content-Type": "application/sparql-results+json"}, empty))
    waits: list[float] = []
    client = SparqlClient(server.url, QueryCache(tmp_path), online=True, timeout=5, sleep=waits.append)
    answer = client.select("SELECT ?item WHERE { ?item ?p ?o } LIMIT 1")
    assert answer is not None and waits == [1.0] and client.asked == 2
    assert [s.headers.get("authorization") for s in server.seen] == [None, None]
    assert [s.method for s in server.seen] == ["POST", "POST"]
