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

What is sent: the dataset and its Wikidata links, streamed from the built N-Triples in
chunks (memory does not grow with the corpus); with `closure=True` also the ontology and
the RDFS closure, which is what `handan-kg query` answers on (`store.dataset`), so the query
library answers the same on a store that does no reasoning of its own.

HTTP goes through `handan_kg.store.remote` (the configuration `query --endpoint` and `link`
use too): every request has a timeout and a total deadline; connect errors and
429/502/503/504 answers are retried with exponential backoff (honouring Retry-After). PUT,
DELETE, the COUNT/ASK queries and INSERT DATA into a private temporary graph are safe to
repeat; MOVE is not (repeated after it worked, it would move an empty graph over the
data), so it is retried only when its connection failed. After loading, the graph's
triples are counted on the server and must equal the number sent, and a deterministic
sample of the triples is read back term for term, so a store that rewrites literals (a
BCE year, a boolean) is caught and the rewrite named. Nothing is downloaded whole.
"""

from __future__ import annotations

import json
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from handan_kg.errors import EndpointError
from handan_kg.store.dataset import open_dataset, triple_count
from handan_kg.store.remote import (  # noqa: F401  (re-exported: the names load has always offered)
    PASSWORD_ENV,
    TOKEN_ENV,
    TRANSIENT_STATUS,
    USER_ENV,
    BearerAuth,
    HttpConfig,
    auth_from_env,
    sparql_query,
)
from handan_kg.write.manifest import dataset_file, links_file, read_manifest

NTRIPLES = "application/n-triples"
# Below this size a transactional PUT is faster than Oxigraph's bulk loader, whose fixed
# start-up cost (~0.2 s) only pays off on bigger graphs (measured: benchmarks/query_load.py).
BULK_MIN_TRIPLES = 20_000
CHUNK_BYTES = 1 << 20  # an upload is read from disk this much at a time
BATCH_BYTES = 250_000  # INSERT DATA requests: about 1,500 triples, below the limits of the stores tried
SAMPLE_SIZE = 32  # triples read back after a load

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
    in_graph: int | None  # None: no query endpoint to count on
    sampled: int
    seconds: float
    method: str

    def text(self) -> str:
        rate = self.sent / self.seconds if self.seconds else float("inf")
        verified = (f"verified: the graph holds {self.in_graph} triples and the {self.sampled} sampled ones as sent"
                    if self.in_graph is not None else "not verified: give --query-endpoint to count and sample on the server")
        return f"loaded {self.sent} triples into <{self.graph}> by {self.method} in {self.seconds:.2f} s ({rate:,.0f} triples/s); {verified}"


@dataclass(frozen=True)
class Payload:
    """What `load` sends: N-Triples files, read in order in chunks and never held whole in
    memory, and the number of distinct triples they hold (what the server must then count)."""

    files: tuple[Path, ...]
    count: int

    @property
    def size(self) -> int:
        return sum(path.stat().st_size for path in self.files)

    def __iter__(self) -> Iterator[bytes]:
        """The body of an upload; a new pass over the files each time, so a retry resends it whole."""
        for path in self.files:
            with path.open("rb") as fh:
                while chunk := fh.read(CHUNK_BYTES):
                    yield chunk

    def lines(self) -> Iterator[bytes]:
        for path in self.files:
            with path.open("rb") as fh:
                yield from (line for line in fh if line.strip() and not line.startswith(b"#"))

    def sample(self, size: int = SAMPLE_SIZE) -> list[str]:
        """Up to `size` triples spread evenly over the files (each the line after an even byte
        offset), without blank nodes, whose labels mean nothing to the server: the same lines
        for the same files, so a check that fails once fails again."""
        found: list[str] = []
        for path in self.files:
            length = path.stat().st_size
            with path.open("rb") as fh:
                for i in range(max(1, size * length // max(self.size, 1))):
                    fh.seek(i * length // max(1, size))
                    if i:
                        fh.readline()  # the rest of the line the offset fell in
                    line = fh.readline().decode("utf-8").strip()
                    if line and not line.startswith("#") and "_:" not in line and line not in found:
                        found.append(line)
        return found


def dataset_iri(manifest: dict) -> str:
    """The named graph a build is loaded into by default: `{base_iri}id/dataset/{name}`."""
    return f"{manifest['base_iri']}id/dataset/{manifest['name']}"


def payload(dist: Path, work: Path, closure: bool = False, ontology: Path | None = None) -> Payload:
    """The graph to send for the dataset in `dist`, staged in the folder `work` when it is not a
    built file already: the dataset and its Wikidata links (the default: a store reasons for
    itself, or its users' queries need no closure), or with `closure` the ontology and the RDFS
    closure too, which is what the embedded store holds (`store.dataset`), so the query library
    answers the same on a store that does no reasoning."""
    import pyoxigraph as ox

    if closure:
        closed = work / "closed.nt"
        store = open_dataset(dist, ontology)
        store.dump(output=str(closed), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        return Payload((closed,), triple_count(store))
    manifest = read_manifest(dist)
    files, count = [dataset_file(dist, manifest, "nt")], int(manifest["triples"])
    links = links_file(dist, manifest)
    if links is not None:  # the linker's triples never repeat the build's (links are its own nodes and sameAs)
        triples = [q.triple for q in ox.parse(path=str(links), format=ox.RdfFormat.TURTLE)]
        files.append(work / "links.nt")
        files[-1].write_bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
        count += len(set(triples))
    return Payload(tuple(files), count)


def load(dist: Path, target: Target, graph: str | None = None, closure: bool = False,
         batch_bytes: int = BATCH_BYTES, ontology: Path | None = None) -> LoadReport:
    """Replace `graph` (default: the dataset IRI) on the store with the built dataset."""
    manifest = read_manifest(dist)
    with tempfile.TemporaryDirectory(prefix="handan-kg-load-") as work:
        return load_payload(payload(dist, Path(work), closure, ontology), graph or dataset_iri(manifest), target, batch_bytes)


def load_payload(data: Payload, graph: str, target: Target, batch_bytes: int = BATCH_BYTES) -> LoadReport:
    """Replace `graph` with `data`, then verify it on the server: the count, and a sample of
    triples read back term for term (a store that rewrites literals is named)."""
    if batch_bytes < 1024:
        raise EndpointError("--batch-bytes must be at least 1024")
    start = time.perf_counter()
    exists, oxigraph = probe(target, graph)
    if oxigraph and target.graph_store and not exists and data.count >= target.bulk_min_triples:
        method = _bulk_load_new_graph(data, graph, target)
    elif target.update:
        method = _load_via_temporary_graph(data, graph, target, batch_bytes)
    else:
        _put(target, graph, data)
        method = "Graph Store PUT"
    query = target.query or (oxigraph and target.graph_store and _oxigraph_query_endpoint(target.graph_store))
    in_graph, sampled = None, 0
    if query:
        in_graph = count_triples(target, query, graph)
        if in_graph != data.count:
            raise EndpointError(f"verification failed: <{graph}> holds {in_graph} triples after loading, but {data.count} were sent")
        sampled = check_sample(target, query, graph, data.sample())
    return LoadReport(graph, data.count, in_graph, sampled, time.perf_counter() - start, method)


def _oxigraph_query_endpoint(graph_store: str) -> str | None:
    """Oxigraph serves the Graph Store Protocol at `/store` and queries at `/query` beside it."""
    return graph_store[: -len("/store")] + "/query" if graph_store.rstrip("/").endswith("/store") else None


def _put(target: Target, graph: str, data: Payload, *extra: str) -> None:
    params = {"graph": graph, **{name: "" for name in extra}}
    _request(target, "PUT", target.graph_store, params=params, content=data,
             headers={"Content-Type": NTRIPLES, "Content-Length": str(data.size)})


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


def _bulk_load_new_graph(data: Payload, graph: str, target: Target) -> str:
    """Oxigraph's bulk loader (`no_transaction`), several times faster than a transactional PUT.

    Used only when the graph does not exist yet, so there is no previous version to lose:
    if the upload fails, the partial graph is deleted again.
    """
    try:
        _put(target, graph, data, "no_transaction")
    except EndpointError as exc:
        removed = _drop_quietly(target, graph)
        raise EndpointError(f"load failed; <{graph}> did not exist before{' and was removed again' if removed else ' and may now be partial'}: {exc}") from None
    return "Oxigraph bulk load into a new graph"


def _load_via_temporary_graph(data: Payload, graph: str, target: Target, batch_bytes: int) -> str:
    temp = f"urn:handan-kg:loading:{uuid.uuid4()}"
    sent = 0
    try:
        if target.graph_store:
            _put(target, temp, data)
            how = "Graph Store PUT into a temporary graph"
        else:
            for sent, batch in enumerate(insert_batches(data.lines(), temp, batch_bytes), 1):
                _update(target, batch, retry_safe=True)  # into a graph nobody else writes: repeating adds nothing
            how = f"SPARQL Update INSERT DATA ({sent} batches of at most {batch_bytes:,} bytes) into a temporary graph"
        _update(target, f"MOVE GRAPH <{temp}> TO GRAPH <{graph}>")
    except EndpointError as exc:
        leftover = "" if _drop_quietly(target, temp) else f" (temporary graph <{temp}> could not be dropped)"
        where = f" after {sent} batch(es)" if sent else ""
        raise EndpointError(f"load failed{where}; <{graph}> keeps its previous version{leftover}: {exc}") from None
    return how + " + MOVE"


def insert_batches(lines: Iterable[bytes], graph: str, batch_bytes: int) -> Iterator[str]:
    """`INSERT DATA` requests of at most about `batch_bytes` bytes of triples each (a store's
    limits are on the request's size, not on its triple count: Virtuoso refuses an update whose
    generated SQL grows too long). A single longer triple goes alone.

    Triples touching blank nodes (the ontology's OWL lists) all go in the last request, as
    a blank-node label only means the same node within one request.
    """
    batch: list[str] = []
    size = 0
    blank: list[str] = []
    for raw in lines:
        line = raw.decode("utf-8").strip()
        if not line or line.startswith("#"):
            continue
        if "_:" in line:
            blank.append(line)
            continue
        if batch and size + len(line) + 1 > batch_bytes:
            yield _insert(batch, graph)
            batch, size = [], 0
        batch.append(line)
        size += len(line) + 1
    if batch:
        yield _insert(batch, graph)
    if blank:
        yield _insert(blank, graph)


def _insert(lines: list[str], graph: str) -> str:
    return f"INSERT DATA {{ GRAPH <{graph}> {{\n" + "\n".join(lines) + "\n} }"


def count_triples(target: Target, query: str, graph: str) -> int:
    """Triples in `graph`, counted on the server."""
    answer = _select(target, query, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    try:
        return int(answer[0]["n"]["value"])
    except (ValueError, KeyError, IndexError) as exc:
        raise EndpointError(f"{query}: unexpected answer to the COUNT query ({exc.__class__.__name__})") from None


def check_sample(target: Target, query: str, graph: str, sample: list[str]) -> int:
    """Ask for each sampled triple as sent; a missing one is reported with what the store
    holds for its subject and predicate instead (a rewritten literal shows there)."""
    if not sample:
        return 0
    union = " UNION ".join(f"{{ BIND({i} AS ?i) FILTER NOT EXISTS {{ GRAPH <{graph}> {{ {_pattern(line)} }} }} }}"
                           for i, line in enumerate(sample))
    missing = _select(target, query, f"SELECT ?i WHERE {{ {union} }}")
    if missing:
        line = sample[int(missing[0]["i"]["value"])]
        s, p, _ = line.split(" ", 2)
        held = _select(target, query, f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ {s} {p} ?o }} }} LIMIT 3")
        instead = ", ".join(_term(b["o"]) for b in held) or "nothing"
        raise EndpointError(f"verification failed: {len(missing)} of {len(sample)} sampled triples are not in <{graph}> as sent; "
                            f"sent {_pattern(line)}, the store holds {instead} for that subject and predicate")
    return len(sample)


def _pattern(line: str) -> str:
    """An N-Triples line as a SPARQL triple pattern: its terms, without the final full stop."""
    return line.removesuffix(".").rstrip()


def _select(target: Target, query: str, text: str) -> list[dict]:
    resp = sparql_query(target.http, target.client, query, text, accept="application/sparql-results+json", method="POST")
    try:
        return list(json.loads(resp.content)["results"]["bindings"])
    except (ValueError, KeyError, TypeError) as exc:
        raise EndpointError(f"{query}: not a SPARQL JSON results answer ({exc.__class__.__name__})") from None


def _term(binding: dict) -> str:
    """A SPARQL JSON results term, written as in N-Triples."""
    value = binding.get("value", "")
    if binding.get("type") == "uri":
        return f"<{value}>"
    text = json.dumps(value, ensure_ascii=False)
    if "xml:lang" in binding:
        return f"{text}@{binding['xml:lang']}"
    return f"{text}^^<{binding['datatype']}>" if "datatype" in binding else text


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
