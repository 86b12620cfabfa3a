"""Validating a built dataset (`handan-kg validate DIR`) against the shapes, as one graph or graph by graph.

Union scope loads the merged N-Triples (and the links, when `link` wrote them) into one
graph, so constraints that only show when articles meet are checked too. Its memory grows
with the dataset (about 2 GB for 1.3 million triples), so above `UNION_LIMIT` triples the
default is article scope: the N-Quads file is streamed and each named graph (an article,
the cross-article graph) is validated on its own, as the build did, then the links file.
Memory then stays that of one article. Results go to one report file in either scope.
A dataset that does not conform raises `ValidationFailed`; one that does returns a
`DatasetValidation` (the command prints it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from handan_kg.errors import DatasetError, ValidationFailed
from handan_kg.store.graph import load_dataset
from handan_kg.validate.engine import from_pyoxigraph
from handan_kg.validate.graph import validate
from handan_kg.write.manifest import dataset_file, links_file, read_manifest
from handan_kg.write.report import REPORT, ReportWriter
from handan_kg.write.serialize import write_atomic

UNION_LIMIT = 1_000_000  # triples: above this, `--scope auto` validates graph by graph


@dataclass(frozen=True)
class DatasetValidation:
    """A conforming dataset: the scope it was validated in, its warnings, the graphs validated."""

    scope: str     # "union" (one graph) or "article" (graph by graph)
    warnings: int
    graphs: int    # named graphs validated one by one (1 in union scope)


def validate_built(out_dir: Path, scope: str = "auto", engine: str = "auto", workers: int = 1) -> DatasetValidation:
    """Validate the dataset `build` wrote to `out_dir` and write the report file there.

    `scope` is "union", "article" or "auto" (union up to `UNION_LIMIT` triples); in article
    scope `workers` processes validate the graphs; raises `ValidationFailed` when the
    dataset does not conform."""
    manifest = read_manifest(out_dir)
    if scope == "auto":
        scope = "union" if manifest.get("triples", 0) <= UNION_LIMIT else "article"
    if scope == "union":
        return _validate_union(out_dir, manifest, engine)
    return _validate_per_graph(out_dir, manifest, engine, workers)


def _parse_links(graph: Graph, path: Path) -> Graph:
    try:
        return graph.parse(path, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:
        raise DatasetError(f"{path}: cannot read the links ({exc.__class__.__name__})") from None


def _validate_union(out_dir: Path, manifest: dict, engine: str) -> DatasetValidation:

    graph = load_dataset(out_dir)
    links = links_file(out_dir, manifest)  # written by `handan-kg link`: validated with the data
    if links:
        _parse_links(graph, links)
    report = validate(graph, engine=engine)
    write_atomic(out_dir / REPORT, report.graph.serialize(format="turtle", encoding="utf-8"))
    if not report.conforms:
        raise ValidationFailed(f"{len(report.violations)} SHACL violation(s); report in {out_dir / REPORT}\n{report.text()}")
    return DatasetValidation("union", len(report.warnings), 1)


#: (report as N-Triples, violations, warnings, the readable text when it does not conform) of one graph
GraphVerdict = tuple[bytes, int, int, str | None]


def _verdict(graph: Graph, engine: str) -> GraphVerdict:
    report = validate(graph, engine=engine)
    text = None if report.conforms else report.text()
    return report.graph.serialize(format="nt", encoding="utf-8"), len(report.violations), len(report.warnings), text


def _verdict_of_ntriples(data: bytes, engine: str) -> GraphVerdict:
    """In a worker process: the graph read back as the main process reads it, then validated."""
    graph = Graph()
    for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
        _add_read(graph, t)
    return _verdict(graph, engine)


def _add_read(graph: Graph, t: ox.Triple | ox.Quad) -> None:
    """Add a parsed triple as rdflib makes it when it reads N-Triples, so each graph is the one the build validated."""
    graph.add((from_pyoxigraph(t.subject), URIRef(t.predicate.value), from_pyoxigraph(t.object)))


def _verdicts(out_dir: Path, manifest: dict, engine: str, workers: int) -> Iterator[tuple[str, GraphVerdict]]:
    """Each graph's verdict in file order. With several workers the named graphs are validated
    in a process pool (each sent as N-Triples), at most `2 * workers` at a time so memory stays
    that of a few articles, and the verdicts still come back in order: the report is the same
    bytes for any number of workers."""
    if workers <= 1:
        for name, graph in _graphs(out_dir, manifest):
            yield name, _verdict(graph, engine)
        return
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque[tuple[str, Future[GraphVerdict]]] = deque()
        for name, data in _graphs_as_ntriples(out_dir, manifest):
            pending.append((name, pool.submit(_verdict_of_ntriples, data, engine)))
            while len(pending) >= 2 * workers:
                done_name, future = pending.popleft()
                yield done_name, future.result()
        while pending:
            done_name, future = pending.popleft()
            yield done_name, future.result()


def _validate_per_graph(out_dir: Path, manifest: dict, engine: str, workers: int = 1) -> DatasetValidation:

    reports = ReportWriter(out_dir)
    graphs = violations = warnings = 0
    failed: list[str] = []
    try:
        for name, (nt, n_violations, n_warnings, text) in _verdicts(out_dir, manifest, engine, workers):
            reports.add(nt)
            graphs += 1
            violations += n_violations
            warnings += n_warnings
            if text is not None:
                failed.append(f"{name}: {text}")
    except BaseException:
        reports.abort()
        raise
    os.replace(reports.close(), out_dir / REPORT)
    if failed:
        raise ValidationFailed(f"{violations} SHACL violation(s) in {len(failed)} of {graphs} graph(s); report in "
                               f"{out_dir / REPORT}\n" + "\n".join(failed))
    return DatasetValidation("article", warnings, graphs)


def _graphs(out_dir: Path, manifest: dict) -> Iterator[tuple[str, Graph]]:
    """The dataset's named graphs one at a time, then the links (their own graph)."""
    yield from _named_graphs(dataset_file(out_dir, manifest, "nq"))
    links = links_file(out_dir, manifest)
    if links:
        yield str(links.name), _parse_links(Graph(), links)


def _graphs_as_ntriples(out_dir: Path, manifest: dict) -> Iterator[tuple[str, bytes]]:
    """`_graphs` as N-Triples for the pool's workers, the named graphs serialized by pyoxigraph
    straight from the parsed quads: building each one as an rdflib graph and serializing it
    with rdflib kept the main process busy while the workers waited (10,000 articles)."""
    for name, triples in _named_graph_triples(dataset_file(out_dir, manifest, "nq")):
        yield name, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    links = links_file(out_dir, manifest)
    if links:
        yield str(links.name), _parse_links(Graph(), links).serialize(format="nt", encoding="utf-8")


def _named_graphs(path: Path) -> Iterator[tuple[str, Graph]]:
    """(graph name, rdflib graph) for each named graph of an N-Quads file, streamed."""
    for name, triples in _named_graph_triples(path):
        graph = Graph()
        for t in triples:
            _add_read(graph, t)
        yield name, graph


def _named_graph_triples(path: Path) -> Iterator[tuple[str, list[ox.Triple]]]:
    """(graph name, its triples) for each named graph of an N-Quads file, streamed.

    The build writes each graph's quads together; a file whose graphs are interleaved (for
    instance edited by hand) cannot be validated graph by graph without holding it all, so
    it is refused with a pointer to the union scope."""
    seen: set[str] = set()
    name: str | None = None
    triples: list[ox.Triple] = []
    try:
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
            current = str(quad.graph_name)
            if current != name:
                if name is not None:
                    yield name, triples
                if current in seen:
                    raise DatasetError(f"{path}: the quads of graph {current} are not together; "
                                       "validate it as one graph with --scope union")
                seen.add(current)
                name, triples = current, []
            triples.append(quad.triple)
    except SyntaxError as exc:
        raise DatasetError(f"{path}: cannot parse ({str(exc).splitlines()[0] if str(exc) else 'syntax error'})") from None
    if name is not None:
        yield name, triples
