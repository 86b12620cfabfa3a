"""Load a built dataset into a triplestore over the standard protocols, replacing its graph.

Two write paths, both standard so any store works:
- SPARQL 1.1 Graph Store HTTP Protocol (`--endpoint`): one `PUT ?graph=IRI` with the whole
  graph as N-Triples. PUT *replaces* the graph, so a reload never duplicates triples.
- SPARQL 1.1 Update (`--update-endpoint` alone): `INSERT DATA` in bounded batches, for
  stores without a Graph Store endpoint.

Replacement is made as atomic as the store allows. With an update endpoint the data goes
into a fresh temporary graph first and one `MOVE` request swaps it in (one transaction
in Oxigraph, Fuseki and GraphDB), so a failure part-way leaves the previous graph intact.
With only a Graph Store endpoint the PUT goes straight to the target graph; Oxigraph and
Fuseki apply a PUT in one transaction, other stores may not (docs/query-load.md says).

Speed: Oxigraph's transactional writes (PUT, MOVE, DROP) run at a fraction of the speed
of its bulk loader. When the server says it is Oxigraph, the target graph does not
exist yet (so there is no previous version to protect) and the data is big enough for
it to pay off, the upload uses the bulk loader (`?no_transaction`) and a failure deletes
the partial graph again.

What is sent is what `handan-kg query` queries: the dataset, the ontology and their RDFS
closure (see `handan_kg.store.query.open_dataset`), so the query library answers the same on
the server as on the embedded store. `asserted_only=True` sends the dataset alone, for
stores that reason for themselves.

Every request has a timeout; connect errors and 429/502/503/504 answers are retried with
exponential backoff (honouring Retry-After); PUT, INSERT DATA into a private temporary
graph, and MOVE are all idempotent, so a retry never doubles anything. After loading,
the graph's triples are counted on the server and must equal the number sent.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from handan_kg.errors import EndpointError
from handan_kg.store.deadline import DeadlineExceeded, total_deadline
from handan_kg.store.query import open_dataset
from handan_kg.write.manifest import read_manifest

NTRIPLES = "application/n-triples"
TRANSIENT_STATUS = frozenset({429, 502, 503, 504})
TRANSIENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.RemoteProtocolError)
MAX_BACKOFF = 30.0
# Below this size a transactional PUT is faster than Oxigraph's bulk loader, whose fixed
# start-up cost (~0.2 s) only pays off on bigger graphs (measured: benchmarks/query_load.py).
BULK_MIN_TRIPLES = 20_000
USER_ENV, PASSWORD_ENV, TOKEN_ENV = "HANDAN_KG_USER", "HANDAN_KG_PASSWORD", "HANDAN_KG_TOKEN"


class BearerAuth(httpx.Auth):
    """`Authorization: Bearer TOKEN`, as QLever expects its access token."""

    def __init__(self, token: str) -> None:
        self.token = token

    def auth_flow(self, request: httpx.Request):
        request.headers["Authorization"] = f"Bearer {self.token}"
        yield request


@dataclass
class Target:
    """Where and how to talk to a store. Only the endpoints a store offers need be set."""

    graph_store: str | None = None
    update: str | None = None
    query: str | None = None
    timeout: float = 60.0
    attempts: int = 4
    auth_scheme: str = "basic"
    backoff: float = 0.5
    bulk_min_triples: int = BULK_MIN_TRIPLES
    client: httpx.Client = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not (self.graph_store or self.update):
            raise EndpointError("nothing to load into: give --endpoint (Graph Store) or --update-endpoint (SPARQL Update)")
        if not self.graph_store and not self.query:
            raise EndpointError("--update-endpoint needs --query-endpoint too, to verify the load by counting triples")
        if self.timeout <= 0 or self.attempts < 1:
            raise EndpointError("--timeout must be positive and --retries at least 0")
        self.client = httpx.Client(timeout=httpx.Timeout(self.timeout), auth=auth_from_env(self.auth_scheme), headers={"User-Agent": "handan-kg"})

    def close(self) -> None:
        self.client.close()


@dataclass(frozen=True)
class LoadReport:
    graph: str
    sent: int
    in_graph: int
    seconds: float
    method: str

    def text(self) -> str:
        rate = self.sent / self.seconds if self.seconds else float("inf")
        return (
            f"loaded {self.sent} triples into <{self.graph}> by {self.method} in {self.seconds:.2f} s "
            f"({rate:,.0f} triples/s); verified: the graph holds {self.in_graph} triples"
        )


def auth_from_env(scheme: str = "basic") -> httpx.Auth | None:
    """HTTP auth from the environment, so secrets never sit on a command line.

    basic/digest: HANDAN_KG_USER + HANDAN_KG_PASSWORD; bearer: HANDAN_KG_TOKEN.
    """
    if scheme == "bearer":
        token = os.environ.get(TOKEN_ENV)
        if not token:
            raise EndpointError(f"--auth bearer needs the token in the environment variable {TOKEN_ENV}")
        return BearerAuth(token)
    user = os.environ.get(USER_ENV)
    if not user:
        return None
    password = os.environ.get(PASSWORD_ENV, "")
    return httpx.DigestAuth(user, password) if scheme == "digest" else httpx.BasicAuth(user, password)


def dataset_iri(manifest: dict) -> str:
    """The named graph a build is loaded into by default: `{base_iri}id/dataset/{name}`."""
    return f"{manifest['base_iri']}id/dataset/{manifest['name']}"


def dataset_ntriples(dist: Path, asserted_only: bool = False, ontology: Path | None = None) -> tuple[bytes, int]:
    """The graph to send, as N-Triples, and its triple count (every line is one unique triple)."""
    import pyoxigraph as ox


    store = open_dataset(dist, ontology, entail=not asserted_only, with_ontology=not asserted_only)
    return store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), len(store)


def load(dist: Path, target: Target, graph: str | None = None, asserted_only: bool = False,
         batch_size: int = 10_000, ontology: Path | None = None) -> LoadReport:
    """Replace `graph` (default: the dataset IRI) on the store with the built dataset."""

    manifest = read_manifest(dist)
    data, count = dataset_ntriples(dist, asserted_only, ontology)
    return load_ntriples(data, count, graph or dataset_iri(manifest), target, batch_size)


def load_ntriples(data: bytes, count: int, graph: str, target: Target, batch_size: int = 10_000) -> LoadReport:
    """Replace `graph` with `data` (N-Triples holding `count` unique triples), then verify."""
    if batch_size < 1:
        raise EndpointError("--batch-size must be at least 1")
    start = time.perf_counter()
    exists, oxigraph = probe(target, graph)
    if oxigraph and target.graph_store and not exists and count >= target.bulk_min_triples:
        method = _bulk_load_new_graph(data, graph, target)
    elif target.update:
        method = _load_via_temporary_graph(data, graph, target, batch_size)
    else:
        _request(target, "PUT", target.graph_store, params={"graph": graph}, content=data, headers={"Content-Type": NTRIPLES})
        method = "Graph Store PUT"
    in_graph = count_triples(target, graph)
    seconds = time.perf_counter() - start
    if in_graph != count:
        raise EndpointError(f"verification failed: <{graph}> holds {in_graph} triples after loading, but {count} were sent")
    return LoadReport(graph, count, in_graph, seconds, method)


def probe(target: Target, graph: str) -> tuple[bool, bool]:
    """(does `graph` exist on the store, is the store Oxigraph), from one cheap request."""
    if target.graph_store:
        # Connection: close because some servers (Oxigraph 0.5) send a body with a HEAD 404,
        # which would otherwise be read as the start of the next response on this connection.
        # A store without HEAD (405/501) is assumed to hold the graph: the safe path is taken.
        resp = _request(target, "HEAD", target.graph_store, params={"graph": graph}, allow={404, 405, 501},
                        headers={"Connection": "close"})
        exists = resp.status_code != 404
    else:
        resp = _request(target, "POST", target.query, data={"query": f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"},
                        headers={"Accept": "application/sparql-results+json"})
        exists = json.loads(resp.content).get("boolean") is True
    return exists, resp.headers.get("server", "").lower().startswith("oxigraph")


def _bulk_load_new_graph(data: bytes, graph: str, target: Target) -> str:
    """Oxigraph's bulk loader (`no_transaction`), several times faster than a transactional PUT.

    Used only when the graph does not exist yet, so there is no previous version to lose:
    if the upload fails, the partial graph is deleted again.
    """
    try:
        _request(target, "PUT", target.graph_store, params={"graph": graph, "no_transaction": ""}, content=data,
                 headers={"Content-Type": NTRIPLES})
    except EndpointError as exc:
        removed = _drop_quietly(target, graph)
        raise EndpointError(f"load failed; <{graph}> did not exist before{' and was removed again' if removed else ' and may now be partial'}: {exc}") from None
    return "Oxigraph bulk load into a new graph"


def _load_via_temporary_graph(data: bytes, graph: str, target: Target, batch_size: int) -> str:
    temp = f"urn:handan-kg:loading:{uuid.uuid4()}"
    sent = 0
    try:
        if target.graph_store:
            _request(target, "PUT", target.graph_store, params={"graph": temp}, content=data, headers={"Content-Type": NTRIPLES})
            how = "Graph Store PUT into a temporary graph"
        else:
            batches = list(insert_batches(data, temp, batch_size))
            for sent, batch in enumerate(batches, 1):
                _update(target, batch)
            how = f"SPARQL Update INSERT DATA ({len(batches)} batches) into a temporary graph"
        _update(target, f"MOVE GRAPH <{temp}> TO GRAPH <{graph}>")
    except EndpointError as exc:
        leftover = "" if _drop_quietly(target, temp) else f" (temporary graph <{temp}> could not be dropped)"
        where = f" after {sent} batch(es)" if sent else ""
        raise EndpointError(f"load failed{where}; <{graph}> keeps its previous version{leftover}: {exc}") from None
    return how + " + MOVE"


def insert_batches(data: bytes, graph: str, batch_size: int) -> Iterator[str]:
    """`INSERT DATA` requests of at most `batch_size` triples each.

    Triples touching blank nodes (the ontology's OWL lists) all go in the last request, as
    a blank-node label only means the same node within one request.
    """
    lines = [line for line in data.decode("utf-8").splitlines() if line.strip() and not line.startswith("#")]
    plain = [line for line in lines if "_:" not in line]
    blank = [line for line in lines if "_:" in line]
    for i in range(0, len(plain), batch_size):
        yield _insert(plain[i:i + batch_size], graph)
    if blank:
        yield _insert(blank, graph)


def _insert(lines: list[str], graph: str) -> str:
    return f"INSERT DATA {{ GRAPH <{graph}> {{\n" + "\n".join(lines) + "\n} }"


def count_triples(target: Target, graph: str) -> int:
    """Triples in `graph`: by a COUNT query if there is a query endpoint, else by a Graph Store GET."""
    if target.query:
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        resp = _request(target, "POST", target.query, data={"query": query}, headers={"Accept": "application/sparql-results+json"})
        try:
            return int(json.loads(resp.content)["results"]["bindings"][0]["n"]["value"])
        except (ValueError, KeyError, IndexError) as exc:
            raise EndpointError(f"{target.query}: unexpected answer to the COUNT query ({exc.__class__.__name__})") from None
    resp = _request(target, "GET", target.graph_store, params={"graph": graph}, headers={"Accept": NTRIPLES}, allow={404})
    if resp.status_code == 404:
        return 0
    return sum(1 for line in resp.text.splitlines() if line.strip() and not line.startswith("#"))


def _update(target: Target, update: str) -> None:
    _request(target, "POST", target.update, content=update.encode("utf-8"), headers={"Content-Type": "application/sparql-update"})


def _drop_quietly(target: Target, graph: str) -> bool:
    """Best-effort removal of a graph after a failure; the original error is what the user needs."""
    try:
        if target.update:
            _update(target, f"DROP SILENT GRAPH <{graph}>")
        else:
            _request(target, "DELETE", target.graph_store, params={"graph": graph}, allow={404})
    except EndpointError:
        return False
    return True


def _request(target: Target, method: str, url: str, *, allow: frozenset[int] | set[int] = frozenset(), **kwargs) -> httpx.Response:
    """One HTTP exchange with retries on transient failures; errors become one-line `EndpointError`s."""
    delay = target.backoff
    for attempt in range(1, target.attempts + 1):
        try:
            with total_deadline(target.timeout, f"{method} {url}"):
                resp = target.client.request(method, url, **kwargs)
        except DeadlineExceeded:
            raise
        except TRANSIENT_ERRORS as exc:
            if attempt == target.attempts:
                raise EndpointError(f"cannot reach {url}: {_reason(exc)} (after {attempt} attempts)") from None
        except httpx.TimeoutException:
            raise EndpointError(f"{method} {url}: no answer within {target.timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise EndpointError(f"{method} {url}: {_reason(exc)}") from None
        else:
            if resp.status_code not in TRANSIENT_STATUS or attempt == target.attempts:
                break
            delay = _retry_after(resp, delay)
        time.sleep(min(delay, MAX_BACKOFF))
        delay *= 2
    if resp.status_code >= 400 and resp.status_code not in allow:
        first = next((line.strip() for line in resp.text.splitlines() if line.strip()), "")
        raise EndpointError(f"{method} {url}: HTTP {resp.status_code} {resp.reason_phrase}" + (f": {first[:300]}" if first else ""))
    return resp


def _retry_after(resp: httpx.Response, default: float) -> float:
    try:
        return max(0.0, float(resp.headers.get("Retry-After", "")))
    except ValueError:
        return default


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else exc.__class__.__name__
