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

HTTP goes through `handan_kg.store.remote` (the configuration `query --endpoint` and `link`
use too): every request has a timeout and a total deadline; connect errors and
429/502/503/504 answers are retried with exponential backoff (honouring Retry-After). PUT,
DELETE, the COUNT/ASK queries and INSERT DATA into a private temporary graph are safe to
repeat; MOVE is not (repeated after it worked, it would move an empty graph over the
data), so it is retried only when its connection failed. After loading, the graph's
triples are counted on the server and must equal the number sent.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from handan_kg.errors import EndpointError
from handan_kg.store.dataset import open_dataset
from handan_kg.store.remote import (  # noqa: F401  (re-exported: the names load has always offered)
    PASSWORD_ENV,
    TOKEN_ENV,
    TRANSIENT_STATUS,
    USER_ENV,
    BearerAuth,
    HttpConfig,
    auth_from_env,
)
from handan_kg.write.manifest import read_manifest

NTRIPLES = "application/n-triples"
# Below this size a transactional PUT is faster than Oxigraph's bulk loader, whose fixed
# start-up cost (~0.2 s) only pays off on bigger graphs (measured: benchmarks/query_load.py).
BULK_MIN_TRIPLES = 20_000

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
    http: HttpConfig = field(init=False, repr=False)
    client: httpx.Client = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not (self.graph_store or self.update):
            raise EndpointError("nothing to load into: give --endpoint (Graph Store) or --update-endpoint (SPARQL Update)")
        if not self.graph_store and not self.query:
            raise EndpointError("--update-endpoint needs --query-endpoint too, to verify the load by counting triples")
        self.http = HttpConfig(timeout=self.timeout, retries=self.attempts - 1, auth=self.auth_scheme, backoff=self.backoff)
        self.client = self.http.client()

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


def dataset_iri(manifest: dict) -> str:
    """The named graph a build is loaded into by default: `{base_iri}id/dataset/{name}`."""
    return f"{manifest['base_iri']}id/dataset/{manifest['name']}"


def dataset_ntriples(dist: Path, asserted_only: bool = False, ontology: Path | None = None) -> tuple[bytes, int]:
    """The graph to send, as N-Triples, and its triple count (every line is one unique triple)."""
    import pyoxigraph as ox

    store = open_dataset(dist, ontology, entail=not asserted_only, with_ontology=not asserted_only)
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    if data is None:  # pyoxigraph returns None only when given an output to write to
        raise TypeError("pyoxigraph.Store.dump returned no bytes")
    return data, len(store)


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
                        headers={"Accept": "application/sparql-results+json"}, retry_safe=True)
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
                _update(target, batch, retry_safe=True)  # into a graph nobody else writes: repeating adds nothing
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
        resp = _request(target, "POST", target.query, data={"query": query}, headers={"Accept": "application/sparql-results+json"},
                        retry_safe=True)
        try:
            return int(json.loads(resp.content)["results"]["bindings"][0]["n"]["value"])
        except (ValueError, KeyError, IndexError) as exc:
            raise EndpointError(f"{target.query}: unexpected answer to the COUNT query ({exc.__class__.__name__})") from None
    resp = _request(target, "GET", target.graph_store, params={"graph": graph}, headers={"Accept": NTRIPLES}, allow={404})
    if resp.status_code == 404:
        return 0
    return sum(1 for line in resp.text.splitlines() if line.strip() and not line.startswith("#"))


def _update(target: Target, update: str, retry_safe: bool = False) -> None:
    _request(target, "POST", target.update, content=update.encode("utf-8"), headers={"Content-Type": "application/sparql-update"},
             retry_safe=retry_safe)


def _drop_quietly(target: Target, graph: str) -> bool:
    """Best-effort removal of a graph after a failure; the original error is what the user needs."""
    try:
        if target.update:
            _update(target, f"DROP SILENT GRAPH <{graph}>", retry_safe=True)
        else:
            _request(target, "DELETE", target.graph_store, params={"graph": graph}, allow={404})
    except EndpointError:
        return False
    return True


def _request(target: Target, method: str, url: str | None, *, allow: frozenset[int] | set[int] = frozenset(),
             retry_safe: bool = False, **kwargs) -> httpx.Response:
    """One HTTP exchange through the shared configuration (`store.remote`): retries on transient
    failures, errors as one-line `EndpointError`s."""
    if url is None:
        raise EndpointError(f"{method}: no endpoint given for this step")
    return target.http.request(target.client, method, url, allow=allow, retry_safe=retry_safe, **kwargs)
