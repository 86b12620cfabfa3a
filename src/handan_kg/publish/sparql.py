"""Read-only SPARQL for the server: queries run in worker processes that can be killed.

Why processes: a pyoxigraph query cannot be interrupted from Python, so a query that
runs too long (a cross product, a runaway property path) would hold a thread forever.
Each worker opens the dataset's store on disk read-only (`store.dataset`: every worker
reads the same files, none holds a copy) or, without a current store, loads the published
data into a store in memory; either way the default graph is the dataset, its links, the
ontology and their RDFS closure, and the named graphs are the build's graph per article. A
query past its time limit gets its worker killed and replaced, and the server keeps
answering. Results are written by pyoxigraph's own serializers into a buffer that
refuses to grow past the size cap.
"""

from __future__ import annotations

import io
import multiprocessing
import queue
import re
import signal
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from handan_kg.namespaces import PREFIXES
from handan_kg.store.guard import cap_memory
from handan_kg.store.dataset import PAGE_GRAPHS, entail_rdfs

#: results media type -> pyoxigraph QueryResultsFormat attribute name
RESULT_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
#: graph media type -> pyoxigraph RdfFormat attribute name
GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/ld+json": "JSON_LD",
    "application/n-triples": "N_TRIPLES",
    "application/rdf+xml": "RDF_XML",
}
RESULT_MEDIA = {"JSON": "application/sparql-results+json", "XML": "application/sparql-results+xml", "CSV": "text/csv; charset=utf-8", "TSV": "text/tab-separated-values; charset=utf-8"}
GRAPH_MEDIA = {"TURTLE": "text/turtle; charset=utf-8", "JSON_LD": "application/ld+json", "N_TRIPLES": "application/n-triples", "RDF_XML": "application/rdf+xml"}

MEMORY_MESSAGE = "query used too much memory; narrow it or add a LIMIT"

_UPDATE = re.compile(r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
_PROLOGUE = re.compile(r"\s*(?:#[^\n]*\n|(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>))", re.IGNORECASE)


@dataclass(frozen=True)
class Limits:
    """Per-query bounds: one bad query must not take the server down."""

    timeout: float = 10.0  # seconds
    max_bytes: int = 10_000_000  # serialized result size
    workers: int = 2
    #: address space a worker may grow by while answering, above what it holds when ready
    max_memory: int = 2 * 1024**3
    #: result size rendered as an HTML table: rendering is far costlier than sending bytes
    max_html_bytes: int = 2_000_000


@dataclass(frozen=True)
class Outcome:
    status: int
    body: bytes
    media_type: str
    kind: str = "error"  # select | ask | graph | error


def is_update(text: str) -> bool:
    """Does the request text start (after comments and prologue) with a SPARQL Update verb?"""
    pos = 0
    while True:
        m = _PROLOGUE.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    return bool(_UPDATE.match(text[pos:].lstrip()))


class _CappedBuffer(io.RawIOBase):
    """A write-only buffer that raises once more than `limit` bytes are written."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0
        self.overflow = False

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[override]
        self.size += len(data)
        if self.size > self.limit:
            self.overflow = True
            raise OSError("result size cap exceeded")
        self.parts.append(bytes(data))
        return len(data)


def _answer(store, offered: list | None, text: str, result_fmt: str, graph_fmt: str, max_bytes: int, default_graphs: list[str], named_graphs: list[str]) -> tuple:
    """One query's reply; `offered` (None: all) are the named graphs a query sees by default."""
    import pyoxigraph as ox

    dataset: dict = {}  # the protocol's default-graph-uri / named-graph-uri override the store's
    if default_graphs:
        dataset["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    if named_graphs:
        dataset["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    elif offered is not None:
        dataset["named_graphs"] = offered
    try:
        results = store.query(text, prefixes=PREFIXES, **dataset)  # `hkg:`, `rdfs:` ... predeclared, as in `query -e`
    except SyntaxError as exc:
        return ("error", 400, f"malformed query: {exc}")
    except MemoryError:
        return ("error", 503, MEMORY_MESSAGE)
    except (OSError, ValueError, RuntimeError) as exc:
        return ("error", 400, f"query failed: {exc}")
    if isinstance(results, ox.QueryTriples):
        kind, fmt, media = "graph", getattr(ox.RdfFormat, graph_fmt), GRAPH_MEDIA[graph_fmt]
    else:
        kind = "ask" if isinstance(results, ox.QueryBoolean) else "select"
        fmt, media = getattr(ox.QueryResultsFormat, result_fmt), RESULT_MEDIA[result_fmt]
    out = _CappedBuffer(max_bytes)
    try:
        results.serialize(out, format=fmt)
    except MemoryError:
        return ("error", 503, MEMORY_MESSAGE)
    except (OSError, ValueError, RuntimeError) as exc:
        if out.overflow:
            return ("error", 400, f"result larger than the cap of {max_bytes} bytes; add a LIMIT")
        return ("error", 400, f"query failed: {exc}")
    return ("ok", kind, media, b"".join(out.parts))


def _worker_main(conn: Connection, max_memory: int) -> None:
    """Worker process: open the store whose path it is sent, or load the quads it is sent and
    close them under RDFS; answer until EOF.

    The closure is `handan-kg query`'s (`store.dataset.entail_rdfs`), so the query library gives
    the same answers here as on the embedded store. On the store, the graphs kept for the pages
    (`PAGE_GRAPHS`) are no graphs a query sees: the named graphs are the articles', as in memory.
    """
    import pyoxigraph as ox

    kind, payload = conn.recv(), conn.recv_bytes()
    offered = None
    if kind == "store":
        store = ox.Store.read_only(payload.decode("utf-8"))
        offered = [g for g in store.named_graphs() if g not in PAGE_GRAPHS]
    else:
        store = ox.Store()
        store.bulk_load(payload, format=ox.RdfFormat.N_QUADS)
        entail_rdfs(store)
    cap_memory(max_memory)
    conn.send("ready")
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_answer(store, offered, *request))


class _Worker:
    def __init__(self, ctx, data: bytes | Path, max_memory: int, startup_timeout: float = 60.0) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, max_memory), daemon=True)
        self.proc.start()
        child.close()
        self.conn.send("store" if isinstance(data, Path) else "nquads")
        self.conn.send_bytes(str(data).encode("utf-8") if isinstance(data, Path) else data)
        if not self.conn.poll(startup_timeout) or self.conn.recv() != "ready":
            self.kill()
            raise RuntimeError("SPARQL worker did not start")

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class QueryPool:
    """A fixed number of query workers; `run` blocks, so call it from a thread.

    `data` is a store on disk every worker opens read-only, or N-Quads each loads."""

    def __init__(self, data: bytes | Path, limits: Limits) -> None:
        self.data = data
        self.limits = limits
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        for _ in range(max(1, limits.workers)):
            self._add()

    def _add(self) -> None:
        worker = _Worker(self._ctx, self.data, self.limits.max_memory)
        with self._lock:
            self._all.add(worker)
        self._idle.put(worker)

    def run(
        self,
        text: str,
        result_fmt: str = "JSON",
        graph_fmt: str = "TURTLE",
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        max_bytes: int | None = None,
    ) -> Outcome:
        """Answer one query on an idle worker; `max_bytes` lowers the result cap (HTML)."""
        cap = min(self.limits.max_bytes, max_bytes or self.limits.max_bytes)
        try:
            worker = self._idle.get(timeout=self.limits.timeout)
        except queue.Empty:
            return Outcome(503, b"all query workers are busy; try again\n", "text/plain; charset=utf-8")
        try:
            worker.conn.send((text, result_fmt, graph_fmt, cap, list(default_graphs), list(named_graphs)))
            if not worker.conn.poll(self.limits.timeout):
                raise TimeoutError
            reply = worker.conn.recv()
        except (TimeoutError, EOFError, OSError) as exc:
            with self._lock:
                self._all.discard(worker)
            worker.kill()
            self._add()
            if isinstance(exc, TimeoutError):
                msg = f"query exceeded the time limit of {self.limits.timeout:g} s\n"
            elif worker.proc.exitcode == -signal.SIGABRT:  # the engine could not allocate
                msg = MEMORY_MESSAGE + "\n"
            else:
                msg = "query worker failed; it was restarted\n"
            return Outcome(503, msg.encode(), "text/plain; charset=utf-8")
        self._idle.put(worker)
        if reply[0] == "error":
            return Outcome(reply[1], (reply[2].rstrip() + "\n").encode("utf-8"), "text/plain; charset=utf-8")
        _, kind, media, body = reply
        return Outcome(200, body, media, kind)

    def close(self) -> None:
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()
