"""A built dataset as a pyoxigraph store: built once on disk by `build` and `link`, opened
read-only by every reader, or loaded into memory when there is none.

Why a store on disk: reading the dataset's N-Triples and closing it under RDFS again for
every `query` grows with the corpus (8 s at 1,000 articles, 96 s at 10,000), while opening
a RocksDB store takes milliseconds at any size. The flat files stay the published formats;
the store in `DIR/.store/` is a reader's index of them and is never published.

What the store holds: in its default graph, the dataset, its Wikidata links (when `handan-kg
link` has run), the ontology and the RDFS subclass / subproperty closure of all three
(`entail_rdfs`), so the query library gives the same answers on it as on the in-memory store
and on a triplestore `handan-kg load` filled. In named graphs, the asserted triples again:
the build's graph per article (its N-Quads, which `/sparql` offers for queries by source)
and the links in `LINKS_GRAPH`. The default graph cannot tell an inferred triple from an
asserted one; the named graphs can, so the published pages (which show what was asserted)
read them (`publish.data.StoreGraph`) without a copy of the dataset in memory. The engine
rewrites the typed literals it knows (`"1.00"^^xsd:decimal` reads back `"1"`, an
xsd:nonNegativeInteger as an xsd:integer: oxigraph issue 526), so the pages would not show
what was written: `VERBATIM_GRAPH` keeps every asserted typed literal as written, under a
datatype the engine does not know (`asserted_object` reads them back).

A store is trusted only while its stamp matches what it was built from (the manifest, the
links file, the ontology, the pyoxigraph version): a store left behind by an interrupted
build, an edited manifest or a new release is ignored, and the reader loads the flat files
into memory instead, which gives the same answers more slowly. Beside the stamp, the store
records a digest of each named graph's lines in the N-Quads and of the links file
(`GRAPHS`), from which `store.update` brings it up to date after a rebuild by rewriting only
the graphs that changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeGuard

import pyoxigraph as ox

from handan_kg import resources
from handan_kg.closure import strict_ancestors
from handan_kg.errors import DatasetError, OutputError
from handan_kg.namespaces import RDF, RDFS, XSD
from handan_kg.store.runs import Run, graph_runs
from handan_kg.write.manifest import Manifest, dataset_file, links_file, load_manifest

STORE_DIR = ".store"
_DB = "db"
_STAMP = "stamp.json"
#: beside the stamp: each named graph's digest (`graph_digests`), what `store.update` compares
GRAPHS = "graphs.json"
_LAYOUT = 2  # bump when what the store holds changes, so older stores are rebuilt, not trusted

# The RDFS rules worth materializing for the query library: rdfs5/rdfs7 (subproperty) and
# rdfs9/rdfs11 (subclass), run in this order so types inferred through a subproperty of
# rdf:type are also lifted to superclasses. Domain and range (rdfs2/rdfs3) are left out
# on purpose: in this model they document intent and SHACL checks them; materializing
# them would type every node reached by a shared property such as hkg:place.
SUB_PROPERTY_OF = ox.NamedNode(RDFS + "subPropertyOf")
SUB_CLASS_OF = ox.NamedNode(RDFS + "subClassOf")
RDF_TYPE = ox.NamedNode(RDF + "type")
#: the named graph of the links as `handan-kg link` wrote them (asserted, unlike the closure)
LINKS_GRAPH = ox.NamedNode("urn:x-handan-kg:links")
#: asserted triples with a typed literal, the literal as written (its datatype behind VERBATIM_TYPE)
VERBATIM_GRAPH = ox.NamedNode("urn:x-handan-kg:verbatim")
VERBATIM_TYPE = "urn:x-handan-kg:verbatim:"
#: the named graphs the store keeps for the pages, which queries are not offered
PAGE_GRAPHS = frozenset({LINKS_GRAPH, VERBATIM_GRAPH})
#: literal datatypes the engine keeps as written
_KEPT_TYPES = frozenset({XSD + "string", RDF + "langString"})


def hierarchy(store: ox.Store, relation: ox.NamedNode) -> dict[ox.NamedNode | ox.BlankNode, frozenset]:
    """Each node's strict ancestors (`relation+`) over the store's default graph."""
    return strict_ancestors((q.subject, q.object) for q in store.quads_for_pattern(None, relation, None, ox.DefaultGraph()))


def entail_rdfs(store: ox.Store, bulk: bool = False) -> None:
    """Add the RDFS subclass/subproperty closure of the store's default graph, in place.

    The closure is computed in Python (`closure.strict_ancestors`) and inserted as triples;
    it gives exactly what the SPARQL rules `INSERT { ?p rdfs:subPropertyOf ?q } WHERE
    { ?p rdfs:subPropertyOf+ ?q FILTER(isIRI(?q)) }`, `INSERT { ?s ?q ?o } WHERE { ?p
    rdfs:subPropertyOf+ ?q FILTER(isIRI(?q)) ?s ?p ?o }` and their two subClassOf / `a`
    twins gave, run in that order (each rule reads the store as the previous one left it).
    With `bulk` (a store on disk), the inferred triples go in through the bulk loader, which
    does not hold them in one transaction.
    """
    graph = ox.DefaultGraph()
    add = store.bulk_extend if bulk else store.extend
    props = hierarchy(store, SUB_PROPERTY_OF)
    add([ox.Quad(p, SUB_PROPERTY_OF, q, graph) for p, qs in props.items() for q in qs if isinstance(q, ox.NamedNode)])
    add([ox.Quad(t.subject, q, t.object, graph) for p, qs in props.items() if isinstance(p, ox.NamedNode)
         for t in store.quads_for_pattern(None, p, None, graph) for q in qs if isinstance(q, ox.NamedNode)])
    classes = hierarchy(store, SUB_CLASS_OF)  # after rdfs7: a subproperty of rdfs:subClassOf adds pairs
    add([ox.Quad(c, SUB_CLASS_OF, d, graph) for c, ds in classes.items() for d in ds if isinstance(d, ox.NamedNode)])
    add([ox.Quad(t.subject, RDF_TYPE, d, graph) for c, ds in classes.items()
         for t in store.quads_for_pattern(None, RDF_TYPE, c, graph) for d in ds if isinstance(d, ox.NamedNode)])


Source = tuple[Path, ox.RdfFormat, ox.NamedNode | None]


def _sources(dist: Path, manifest: dict, ontology: Path | None = resources.ONTOLOGY_FILE) -> list[Source]:
    """The files a store of `dist` (whose manifest is `manifest`) is made of, in load order, each
    with the named graph its triples also go to (the build's N-Quads name their own graphs)."""
    links = links_file(dist, manifest)
    return [(dataset_file(dist, manifest, "nt"), ox.RdfFormat.N_TRIPLES, None),
            *(((dataset_file(dist, manifest, "nq"), ox.RdfFormat.N_QUADS, None),) if "nq" in manifest.get("files", {}) else ()),
            *(((links, ox.RdfFormat.TURTLE, LINKS_GRAPH),) if links else ()),
            *(((ontology, ox.RdfFormat.TURTLE, None),) if ontology else ())]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stamp(dist: Path, manifest: Manifest) -> dict:
    """What a store of `dist` is made from: its manifest (which lists every article's hash and
    the triple count: it vouches for the nt and nq), the links file and the ontology, by digest,
    the engine's version and the store's layout. `store.update` can bring a store up to date
    when only the manifest and the links differ from its stamp."""
    links = links_file(dist, manifest.content)
    return {"layout": _LAYOUT, "pyoxigraph": ox.__version__, "ontology": _digest(resources.ONTOLOGY_FILE),
            "manifest": manifest.digest, "links": _digest(links) if links else None}


def stamp_of(dist: Path) -> dict | None:
    """The stamp of the store in `dist` (what it was built from), or None when there is none."""
    try:
        recorded = json.loads((dist / STORE_DIR / _STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return recorded if isinstance(recorded, dict) else None


def rewritable(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> TypeGuard[ox.Literal]:
    """Whether the term is a typed literal the engine may rewrite (any but a string)."""
    return isinstance(term, ox.Literal) and term.datatype.value not in _KEPT_TYPES


def verbatim(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """The quads with a typed literal the engine would rewrite, as written, in `VERBATIM_GRAPH`."""
    for q in quads:
        o = q.object
        if rewritable(o):
            yield ox.Quad(q.subject, q.predicate, ox.Literal(o.value, datatype=ox.NamedNode(VERBATIM_TYPE + o.datatype.value)), VERBATIM_GRAPH)


def asserted_object(quad: ox.Quad) -> ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None:
    """The object of a quad of a store's named graphs as the files wrote it, or None when the
    quad is no asserted triple as written (the default graph, a typed literal the engine rewrote)."""
    o, graph = quad.object, quad.graph_name
    if isinstance(graph, ox.DefaultGraph):
        return None
    if graph == VERBATIM_GRAPH:
        assert isinstance(o, ox.Literal)
        return ox.Literal(o.value, datatype=ox.NamedNode(o.datatype.value[len(VERBATIM_TYPE):]))
    return None if rewritable(o) else o


def _load(store: ox.Store, sources: list[Source], bulk: bool) -> None:
    for path, fmt, graph in sources:
        if not path.is_file():
            raise DatasetError(f"{path}: file is missing")
        try:
            for to_graph in (None, graph) if graph is not None else (None,):
                if bulk:
                    store.bulk_load(path=str(path), format=fmt, to_graph=to_graph)
                else:
                    store.load(path=str(path), format=fmt, to_graph=to_graph)
            if fmt == ox.RdfFormat.N_QUADS or graph == LINKS_GRAPH:  # the asserted triples the pages read
                (store.bulk_extend if bulk else store.extend)(verbatim(ox.parse(path=str(path), format=fmt)))
        except (SyntaxError, OSError) as exc:
            raise DatasetError(f"{path}: cannot load ({str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__})") from None


def triple_count(store: ox.Store) -> int:
    """The triples of the store's default graph: what a query sees (the named graphs repeat
    asserted ones)."""
    solutions = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert isinstance(solutions, ox.QuerySolutions)
    return int(next(iter(solutions))["n"].value)


def graph_digests(dist: Path, manifest: dict, runs: dict[str, Run] | None) -> dict[str, str] | None:
    """What `store.update` compares to tell which graphs changed: the digest of each named
    graph's run of lines in the N-Quads (`runs`) and of the links file, under `LINKS_GRAPH`;
    None without runs (no N-Quads, or a graph's lines not in one run): a store made without
    them can only be rebuilt whole."""
    if runs is None:
        return None
    digests = {graph: run.digest for graph, run in runs.items()}
    links = links_file(dist, manifest)
    if links is not None:
        digests[LINKS_GRAPH.value] = _digest(links)
    return digests


def nquads_runs(dist: Path, manifest: dict) -> dict[str, Run] | None:
    """The runs of `dist`'s N-Quads (`store.runs`), or None when the build wrote none."""
    if "nq" not in manifest.get("files", {}):
        return None
    return graph_runs(dataset_file(dist, manifest, "nq"))


def replace_store(dist: Path, manifest: Manifest, fill: Callable[[Path], None], digests: dict[str, str] | None) -> Path:
    """Make a store with `fill` (given the database folder to create) and put it in place of
    `dist`'s, with its stamp (of `manifest`, the one it is made from) and graph digests; return
    its folder.

    Made aside and renamed into place, the stamp last: a reader (a running `serve` too) either
    finds a whole store whose stamp matches the dataset, or none it trusts."""
    made_from = stamp(dist, manifest)
    final = dist / STORE_DIR
    aside = dist / f"{STORE_DIR}.{os.getpid()}.tmp"
    shutil.rmtree(aside, ignore_errors=True)
    try:
        aside.mkdir(parents=True)
        fill(aside / _DB)
        (aside / GRAPHS).write_text(json.dumps(digests, sort_keys=True) + "\n", encoding="utf-8")
        (aside / _STAMP).write_text(json.dumps(made_from, sort_keys=True) + "\n", encoding="utf-8")
        old = dist / f"{STORE_DIR}.{os.getpid()}.old"
        if final.exists():
            os.replace(final, old)
        os.replace(aside, final)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        shutil.rmtree(aside, ignore_errors=True)
        raise OutputError(f"{final}: cannot write the store ({exc.strerror or exc})") from None
    except BaseException:  # a dataset file that cannot be loaded, Ctrl-C: nothing left aside
        shutil.rmtree(aside, ignore_errors=True)
        raise
    return final


def write_store(dist: Path, manifest: Manifest, runs: dict[str, Run] | None = None) -> Path:
    """Build `dist`'s store on disk whole (dataset, links, ontology, RDFS closure) from its files
    as `manifest` lists them and return its folder. `runs`: the N-Quads' runs, when the caller
    has read them already."""
    sources = _sources(dist, manifest.content)

    def fill(db: Path) -> None:
        store = ox.Store(str(db))
        _load(store, sources, bulk=True)
        entail_rdfs(store, bulk=True)
        store.optimize()
        store.flush()
        del store  # closes the database before it is moved

    digests = graph_digests(dist, manifest.content, runs if runs is not None else nquads_runs(dist, manifest.content))
    return replace_store(dist, manifest, fill, digests)


def store_is_current(dist: Path, manifest: Manifest) -> bool:
    """Whether `dist` holds a store built from exactly its current files (`manifest` being its
    manifest as read now)."""
    recorded = stamp_of(dist)
    return recorded is not None and recorded == stamp(dist, manifest)


def store_path(dist: Path) -> Path:
    """Where `write_store` puts the database of `dist` (open it read-only, when current)."""
    return dist / STORE_DIR / _DB


def open_dataset(dist: Path, ontology: Path | None = None, entail: bool = True, with_ontology: bool = True) -> ox.Store:
    """The built dataset in `dist` with its links, the ontology and its RDFS closure: the store on
    disk, opened read-only, when it is current; otherwise the flat files loaded into memory
    (the named graphs too, so both give the same answers).

    `ontology` (defaults to the shipped ontology/handan-kg.ttl), `entail=False` (no closure)
    and `with_ontology=False` (the dataset and links only) always load into memory.

    The manifest is read once here, for the stamp and the file look-ups alike.
    """
    manifest = load_manifest(dist)
    if ontology is None and entail and with_ontology and store_is_current(dist, manifest):
        try:
            return ox.Store.read_only(str(store_path(dist)))
        except (OSError, RuntimeError):
            pass  # a store damaged on disk: the flat files give the same answers
    store = ox.Store()
    _load(store, _sources(dist, manifest.content, (ontology or resources.ONTOLOGY_FILE) if with_ontology else None), bulk=False)
    if entail:
        entail_rdfs(store)
    return store
