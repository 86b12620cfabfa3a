"""Bringing a dataset's store up to date after a rebuild, rewriting only what changed.

`build` and `link` call `update_store`, which does one of three things:

- nothing, when the store's stamp matches the dataset (an unchanged rebuild writes no byte);
- an update, when the store was made from an earlier build of the same dataset (the same
  layout, engine and ontology: only the manifest and the links differ from its stamp): below;
- a whole rebuild (`store.dataset.write_store`) otherwise: no store or a damaged one, another
  layout, engine or ontology, no N-Quads, a change to the class or property hierarchy, or more
  than `WHOLE_REBUILD_SHARE` of the graphs changed (a new base IRI, say), where loading
  everything in bulk is quicker than rewriting graph by graph.

What changed is read from the files, not from the build's cache: the digest of each named
graph's lines in the N-Quads and of the links file (`store.runs`, recorded with the store)
names the graphs that differ, whatever the reason: an edited, added or removed article, an
article whose people were renamed because another article now shares their name
(`corpus.identity`: its output changes though its text did not), the cross-article graph.

How far the closure is recomputed: with the hierarchy fixed (which property lies below which,
which class below which), the four rules of `entail_rdfs` derive triples about a subject only
from triples about that same subject. So the update rewrites the changed named graphs, then,
for every subject of their old or new triples and for no other, recomputes that subject's
default-graph triples (what any named graph or the ontology asserts about it, and their
closure: the build's N-Triples are its N-Quads' triples once each, so the named graphs and the
ontology assert what a whole rebuild loads) and its typed literals as written (`VERBATIM_GRAPH`). The hierarchy is fixed unless
a changed graph holds an rdfs:subClassOf or rdfs:subPropertyOf triple, or one whose property
lies below either (the build never writes one), or the ontology changed: the store is then
rebuilt whole. The result is the same quads as a whole rebuild: a test compares them after
edited, added and removed articles and renamed homonyms.

Made aside like a rebuild: the store is copied (`Store.backup`, hard links to the database's
immutable files), the copy updated and renamed into place (`store.dataset.replace_store`),
so a running `serve` never reads a store half updated.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from handan_kg import resources
from handan_kg.store.dataset import (
    GRAPHS,
    LINKS_GRAPH,
    RDF_TYPE,
    STORE_DIR,
    SUB_CLASS_OF,
    SUB_PROPERTY_OF,
    VERBATIM_GRAPH,
    graph_digests,
    hierarchy,
    nquads_runs,
    replace_store,
    rewritable,
    stamp,
    stamp_of,
    store_is_current,
    store_path,
    verbatim,
    write_store,
)
from handan_kg.store.runs import Run, read_run
from handan_kg.write.manifest import Manifest, dataset_file, links_file, load_manifest

#: above this share of changed graphs, the store is rebuilt whole, which is then quicker: at
#: 1,000 articles an update took about 0.4 s per changed graph, a whole rebuild 0.08 s per graph
WHOLE_REBUILD_SHARE = 0.1

Node = ox.NamedNode | ox.BlankNode | ox.Triple  # a subject (the build writes no quoted triples)
Hierarchy = Mapping[Any, frozenset]  # `store.dataset.hierarchy`: a node's strict ancestors


@dataclass(frozen=True)
class StoreUpdate:
    """What `update_store` did: `how` is "unchanged", "updated" (`graphs` named graphs
    rewritten) or "built whole"."""

    path: Path
    how: str
    graphs: int = 0

    def __str__(self) -> str:
        return f"{self.how} ({self.graphs} graph(s) rewritten)" if self.how == "updated" else self.how


class _CannotUpdate(Exception):
    """The store cannot be brought up to date graph by graph: it is rebuilt whole."""


def update_store(dist: Path, whole_rebuild_share: float = WHOLE_REBUILD_SHARE) -> StoreUpdate:
    """Bring `dist`'s store up to date with its files (see the module docstring); rebuilt whole
    when more than `whole_rebuild_share` of its named graphs changed."""
    manifest = load_manifest(dist)
    if store_is_current(dist, manifest):
        return StoreUpdate(dist / STORE_DIR, "unchanged")
    recorded = _recorded_digests(dist, manifest)
    runs = nquads_runs(dist, manifest.content)
    digests = graph_digests(dist, manifest.content, runs)
    if recorded is None or runs is None or digests is None:
        return StoreUpdate(write_store(dist, manifest, runs), "built whole")
    every = recorded.keys() | digests.keys()
    changed = sorted(g for g in every if recorded.get(g) != digests.get(g))
    if len(changed) > whole_rebuild_share * len(every):
        return StoreUpdate(write_store(dist, manifest, runs), "built whole")
    try:
        return StoreUpdate(replace_store(dist, manifest, lambda db: _update(dist, db, _Written(dist, manifest.content, runs), changed),
                                         digests), "updated", len(changed))
    except _CannotUpdate:
        pass  # rebuilt below, once the exception has let go of the copy it had opened (its lock)
    return StoreUpdate(write_store(dist, manifest, runs), "built whole")


def _recorded_digests(dist: Path, manifest: Manifest) -> dict[str, str] | None:
    """The graph digests the store on disk was made from, when it can be updated from them:
    made by this layout and engine, over the same ontology."""
    recorded, now = stamp_of(dist), stamp(dist, manifest)
    if recorded is None or any(recorded.get(k) != now[k] for k in ("layout", "pyoxigraph", "ontology")):
        return None
    try:
        digests = json.loads((dist / STORE_DIR / GRAPHS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return digests if isinstance(digests, dict) else None


class _Written:
    """The graphs of the dataset as its files wrote them (typed literals unrewritten), read
    when first needed: a changed graph's new triples, or another graph's typed literals about
    a subject whose typed literals as written are recomputed."""

    def __init__(self, dist: Path, manifest: dict, runs: dict[str, Run]) -> None:
        self.runs, self.nquads, self.links = runs, dataset_file(dist, manifest, "nq"), links_file(dist, manifest)
        self._verbatim: dict[ox.NamedNode, dict[Node, list[ox.Quad]]] = {}

    def quads(self, graph: ox.NamedNode) -> list[ox.Quad]:
        """The graph's quads as written; none for a graph no longer in the dataset."""
        try:
            if graph == LINKS_GRAPH:
                return [] if self.links is None else [ox.Quad(t.subject, t.predicate, t.object, LINKS_GRAPH)
                                                       for t in ox.parse(path=str(self.links), format=ox.RdfFormat.TURTLE)]
            run = self.runs.get(graph.value)
            if run is None:
                return []
            quads = list(ox.parse(read_run(self.nquads, run), format=ox.RdfFormat.N_QUADS))
        except (SyntaxError, ValueError, OSError):
            raise _CannotUpdate from None  # the rebuild names what is wrong with the file
        if any(q.graph_name != graph for q in quads):
            raise _CannotUpdate  # a line of another graph in its run: not N-Quads the build wrote
        return quads

    def verbatim(self, graph: ox.NamedNode, quads: Iterable[ox.Quad] | None = None) -> dict[Node, list[ox.Quad]]:
        """The graph's typed literals as written (`store.dataset.verbatim`), by subject."""
        if graph not in self._verbatim:
            by_subject: dict[Node, list[ox.Quad]] = defaultdict(list)
            for v in verbatim(self.quads(graph) if quads is None else quads):
                by_subject[v.subject].append(v)
            self._verbatim[graph] = by_subject
        return self._verbatim[graph]


def _update(dist: Path, db: Path, written: _Written, changed: list[str]) -> None:
    """Make in `db` a copy of `dist`'s store with the `changed` graphs rewritten (as `written` reads them) and the
    triples of their subjects recomputed (raises `_CannotUpdate` when a rebuild is needed)."""
    try:
        ox.Store.read_only(str(store_path(dist))).backup(str(db))
        store = ox.Store(str(db))
    except (OSError, RuntimeError):
        raise _CannotUpdate from None  # a damaged store: rebuilt whole
    props, classes = hierarchy(store, SUB_PROPERTY_OF), hierarchy(store, SUB_CLASS_OF)
    schema = {SUB_CLASS_OF, SUB_PROPERTY_OF} | {p for p, above in props.items() if above & {SUB_CLASS_OF, SUB_PROPERTY_OF}}
    if any(SUB_PROPERTY_OF in above for above in props.values()):
        raise _CannotUpdate  # the closure would add to the property hierarchy itself
    subjects: set[Node] = set()
    for iri in changed:
        graph = ox.NamedNode(iri)
        old = list(store.quads_for_pattern(None, None, None, graph))
        new = written.quads(graph)
        if any(q.predicate in schema for q in (*old, *new)):
            raise _CannotUpdate  # the hierarchy changes: every subject's closure may
        subjects.update(q.subject for q in (*old, *new))
        written.verbatim(graph, new)
        store.remove_graph(graph)
        store.extend(new)
    ontology = _ontology_by_subject()
    added: list[ox.Quad] = []
    for subject in subjects:
        added += _recompute(store, subject, props, classes, ontology.get(subject, set()), written)
    store.extend(added)
    store.flush()
    del store  # closes the database before it is moved


def _recompute(store: ox.Store, subject: Node, props: Hierarchy, classes: Hierarchy,
               ontology: set[ox.Triple], written: _Written) -> list[ox.Quad]:
    """Make the default graph and the verbatim graph say about `subject` what a whole rebuild
    would: removes what they should no longer hold and returns the quads to add."""
    held = list(store.quads_for_pattern(subject, None, None))
    asserted_in = {q.graph_name for q in held if isinstance(q.graph_name, ox.NamedNode) and q.graph_name != VERBATIM_GRAPH}
    asserted = {q.triple for q in held if q.graph_name in asserted_in} | ontology
    default = ox.DefaultGraph()
    want = {ox.Quad(t.subject, t.predicate, t.object, default) for t in closure_about(subject, asserted, props, classes)}
    typed = {q.graph_name for q in held if isinstance(q.graph_name, ox.NamedNode) and q.graph_name in asserted_in and rewritable(q.object)}
    want |= {v for graph in typed for v in written.verbatim(graph).get(subject, ())}
    have = {q for q in held if q.graph_name not in asserted_in}
    for q in have - want:
        store.remove(q)
    return list(want - have)


def closure_about(subject: Node, asserted: set[ox.Triple], props: Hierarchy, classes: Hierarchy) -> set[ox.Triple]:
    """What `entail_rdfs` leaves in a default graph about `subject`, given everything asserted
    about it and the hierarchy: the asserted triples, the subject's own place in the property
    and class hierarchies, each triple lifted to the properties above its own (rdfs7) and
    each type, asserted or so lifted, to the classes above it (rdfs9)."""
    base = set(asserted)
    base |= {ox.Triple(subject, SUB_PROPERTY_OF, q) for q in props.get(subject, ()) if isinstance(q, ox.NamedNode)}
    closed = set(base)
    for t in base:
        lifted = [t, *(ox.Triple(subject, q, t.object) for q in props.get(t.predicate, ()) if isinstance(q, ox.NamedNode))]
        closed.update(lifted)
        closed.update(ox.Triple(subject, RDF_TYPE, d) for u in lifted if u.predicate == RDF_TYPE
                      for d in classes.get(u.object, ()) if isinstance(d, ox.NamedNode))
    closed |= {ox.Triple(subject, SUB_CLASS_OF, d) for d in classes.get(subject, ()) if isinstance(d, ox.NamedNode)}
    return closed


def _ontology_by_subject() -> dict[Node, set[ox.Triple]]:
    """The shipped ontology's triples by subject, as the store holds them (its literals rewritten
    the engine's way)."""
    store = ox.Store()
    store.load(path=str(resources.ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)
    by_subject: dict[Node, set[ox.Triple]] = defaultdict(set)
    for q in store:
        by_subject[q.subject].add(q.triple)
    return by_subject
