"""The published data: a built dataset (+ Wikidata links, + the ontology), ready to be read.

Everything the pages, the VoID description and the SPARQL store need comes from here, so
the static site and the server read the same triples. The dataset is read from its store on
disk (`store.dataset`) when that is current: opening it takes milliseconds at any corpus
size and holds nothing in memory, and every reader (the server's SPARQL workers too) opens
the same files read-only. Without a current store (or to rebase IRIs, or with another
ontology than the one the store was built with) the flat files are parsed into an index in
memory, which gives the same pages. Terms are pyoxigraph's (parsing and serializing with it
is an order of magnitude faster than rdflib, which matters for a server that renders a page
per request until its cache is warm).
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from handan_kg.errors import DatasetError
from handan_kg.namespaces import OWL, RDF, SKOS, WD, XSD
from handan_kg.resources import ONTOLOGY_FILE
from handan_kg.store.dataset import VERBATIM_GRAPH, asserted_object, store_is_current, store_path
from handan_kg.write.manifest import Manifest, dataset_file, links_file, load_manifest, text_file

LINKS_FILE = "links.ttl"


RDF_TYPE = RDF + "type"
SAME_AS_PREDICATES = (OWL + "sameAs", SKOS + "exactMatch")
WIKIDATA_ADDRESSES = (WD, "https://www.wikidata.org/entity/", "https://www.wikidata.org/wiki/")

Term = ox.NamedNode | ox.BlankNode | ox.Literal


class _Reader:
    """What both readers of triples derive from `values` (one definition, the same answers)."""

    def values(self, s: str, p: str) -> list[Term]:
        raise NotImplementedError

    def first(self, s: str, p: str) -> Term | None:
        found = self.values(s, p)
        return min(found, key=str) if found else None

    def types(self, s: str) -> list[str]:
        return sorted(o.value for o in self.values(s, RDF_TYPE) if isinstance(o, ox.NamedNode))


@dataclass
class Graph(_Reader):
    """Triples with subject -> [(p, o)] and object -> [(s, p)] indexes (IRIs as strings)."""

    triples: list[ox.Triple] = field(default_factory=list)
    out: dict[str, list[tuple[str, Term]]] = field(default_factory=lambda: defaultdict(list))
    inc: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))

    def add_all(self, triples: list[ox.Triple]) -> None:
        seen = set(self.triples)
        for t in triples:
            if t in seen:
                continue
            seen.add(t)
            self.triples.append(t)
            subject, o = t.subject, t.object
            if isinstance(subject, ox.Triple) or isinstance(o, ox.Triple):
                raise DatasetError(f"quoted triples (RDF-star) are not supported: {t}")
            s, p = _key(subject), t.predicate.value
            self.out[s].append((p, o))
            if isinstance(o, (ox.NamedNode, ox.BlankNode)):
                self.inc[_key(o)].append((s, p))

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(self.triples)

    def __len__(self) -> int:
        return len(self.triples)

    def outgoing(self, s: str) -> list[tuple[str, Term]]:
        return self.out.get(s, [])

    def incoming(self, o: str) -> list[tuple[str, str]]:
        return self.inc.get(o, [])

    def has_subject(self, s: str) -> bool:
        return s in self.out

    def subject_keys(self) -> Iterable[str]:
        return self.out.keys()

    def values(self, s: str, p: str) -> list[Term]:
        return [o for q, o in self.out.get(s, ()) if q == p]

    def subjects(self, p: str, o: str) -> list[str]:
        return sorted(s for s, q in self.inc.get(o, ()) if q == p)


class StoreGraph(_Reader):
    """The asserted dataset and links in a store on disk, with `Graph`'s reading methods.

    Reads the store's named graphs (the build's graph per article, the links graph, typed
    literals as written: `store.dataset.asserted_object`), never its default graph, which
    mixes the RDFS closure in: pages show what was asserted. A triple in two articles'
    graphs is one triple. Nothing is held between calls.
    """

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def _asserted(self, s: str | None, p: str | None, o: str | None) -> list[tuple[ox.NamedNode | ox.BlankNode, str, Term]]:
        """The distinct asserted triples matching the pattern, in the store's order."""
        found: dict[tuple[ox.NamedNode | ox.BlankNode, str, Term], None] = {}
        for q in self.store.quads_for_pattern(_node(s), None if p is None else ox.NamedNode(p), _node(o)):
            subject, obj = q.subject, asserted_object(q)
            if obj is None:
                continue
            if isinstance(subject, ox.Triple) or isinstance(obj, ox.Triple):
                raise DatasetError(f"quoted triples (RDF-star) are not supported: {q.triple}")
            found[(subject, q.predicate.value, obj)] = None
        return list(found)

    def __iter__(self) -> Iterator[ox.Triple]:
        """Every asserted triple once (deduplicated by the engine, not in Python)."""
        for row in self.store.query("SELECT DISTINCT ?s ?p ?o ?g WHERE { " + _AS_WRITTEN + " }"):  # type: ignore[union-attr]
            obj = asserted_object(ox.Quad(row["s"], row["p"], row["o"], row["g"]))
            assert obj is not None
            yield ox.Triple(row["s"], row["p"], obj)

    def __len__(self) -> int:
        rows = self.store.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { " + _AS_WRITTEN + " } }")
        return int(next(iter(rows))["n"].value)  # type: ignore[arg-type, index]

    def outgoing(self, s: str) -> list[tuple[str, Term]]:
        return [(p, o) for _, p, o in self._asserted(s, None, None)]

    def incoming(self, o: str) -> list[tuple[str, str]]:
        return [(_key(s), p) for s, p, _ in self._asserted(None, None, o)]

    def has_subject(self, s: str) -> bool:
        node = _node(s)
        return any(not isinstance(q.graph_name, ox.DefaultGraph) for q in self.store.quads_for_pattern(node, None, None))

    def subject_keys(self) -> Iterable[str]:
        for row in self.store.query("SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } }"):  # type: ignore[union-attr]
            yield _key(row["s"])

    def values(self, s: str, p: str) -> list[Term]:
        return [o for _, _, o in self._asserted(s, p, None)]

    def subjects(self, p: str, o: str) -> list[str]:
        return sorted({_key(s) for s, _, _ in self._asserted(None, p, o)})


Data = Graph | StoreGraph
#: the named graphs' triples as written (`asserted_object`'s filter in SPARQL, for whole-dataset passes)
_AS_WRITTEN = (f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g = <{VERBATIM_GRAPH.value}> || !isLiteral(?o) || "
               f"datatype(?o) IN (<{XSD}string>, <{RDF}langString>))")


def _node(key: str | None) -> ox.NamedNode | ox.BlankNode | None:
    """The term of an index key (`_key`'s inverse)."""
    if key is None:
        return None
    return ox.BlankNode(key[2:]) if key.startswith("_:") else ox.NamedNode(key)


def _key(term: Term) -> str:
    """Index key: the IRI for named nodes, `_:id` for blank nodes (only the ontology has any)."""
    return term.value if isinstance(term, ox.NamedNode) else str(term)


@dataclass
class Published:
    """A built dataset as the publisher sees it."""

    name: str
    base: str
    data: Data
    ontology: Graph
    downloads: dict[str, Path | bytes]  # file name under download/ -> the built file, or rebased content
    sources: list[str]
    modified: float  # mtime of the manifest: Last-Modified of every page
    graphs: list[ox.Quad]  # the build's named graphs (one per article) when read into memory
    store: Path | None = None  # the store `data` reads, which the SPARQL workers open too
    title: str = ""  # what the home page is titled: the article's title, or the dataset's name
    texts: dict[str, str] = field(default_factory=dict)  # article slug -> the text the offsets count in


def _parse(path: Path, fmt: ox.RdfFormat) -> list[ox.Triple]:
    try:
        return [q.triple for q in ox.parse(path=str(path), format=fmt, without_named_graphs=True)]
    except (SyntaxError, ValueError, OSError) as exc:
        raise DatasetError(f"{path}: cannot parse ({str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__})") from None


def _rebase(triples: list[ox.Triple], old: str, new: str) -> list[ox.Triple]:
    """Move every IRI under `old` to `new`, so a publisher can serve the data at its own host."""
    if old == new:
        return triples
    return [ox.Triple(_move(t.subject, old, new), t.predicate, _move(t.object, old, new)) for t in triples]


def _move(term, old: str, new: str):
    """Only entity IRIs (`{base}id/...`) move: the ontology keeps its namespace even when
    it lies under the old base, as `https://w3id.org/handan-kg/ontology#` does."""
    if isinstance(term, ox.NamedNode) and term.value.startswith(old + "id/"):
        return ox.NamedNode(new + term.value[len(old):])
    return term


def _named_graphs(dist: Path, manifest: dict, old: str, new: str) -> list[ox.Quad]:
    """The build's N-Quads (a named graph per article), if it wrote them."""
    if "nq" not in manifest.get("files", {}):
        return []
    path = dataset_file(dist, manifest, "nq")
    try:
        quads = [q for q in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS) if not isinstance(q.graph_name, ox.DefaultGraph)]
    except (SyntaxError, ValueError, OSError) as exc:
        raise DatasetError(f"{path}: cannot parse ({str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__})") from None
    if old == new:
        return quads
    return [ox.Quad(_move(q.subject, old, new), q.predicate, _move(q.object, old, new), _move(q.graph_name, old, new)) for q in quads]


def _dump(triples: list[ox.Triple], fmt: ox.RdfFormat) -> bytes:
    data = ox.serialize(sorted(triples, key=str), format=fmt)
    if data is None:  # pyoxigraph returns None only when given an output to write to
        raise TypeError("pyoxigraph.serialize returned no bytes")
    return data


def _current_store(dist: Path, manifest: Manifest, rebased: bool, ontology: Path | None) -> ox.Store | None:
    """`dist`'s store opened read-only, if it holds exactly what `load` would read: a current
    stamp, the article graphs (N-Quads), the links file the pages read, the shipped ontology
    (the closure is over it) and no rebasing (the store holds the built IRIs)."""
    if rebased or ontology is None or not ontology.is_file() or not ontology.samefile(ONTOLOGY_FILE):
        return None
    if "nq" not in manifest.content.get("files", {}):
        return None
    try:
        links = links_file(dist, manifest.content)
        if links != (dist / LINKS_FILE if (dist / LINKS_FILE).is_file() else None) or not store_is_current(dist, manifest):
            return None
        return ox.Store.read_only(str(store_path(dist)))
    except (DatasetError, OSError, RuntimeError):
        return None  # the flat files give the same pages, or name what is wrong with them


def load(dist: Path, base_iri: str | None = None, ontology: Path | None = ONTOLOGY_FILE) -> Published:
    """Read the dataset of `dist` (+ `dist/links.ttl` if the linker wrote one, + the ontology).

    `base_iri` rewrites the dataset's IRIs from the manifest's base to another one.
    """
    read = load_manifest(dist)
    manifest = read.content
    old_base = manifest.get("base_iri") or ""
    base = base_iri or old_base
    if not base.endswith(("/", "#")):
        raise DatasetError(f"base IRI {base!r} must end with '/'")
    files = [dataset_file(dist, manifest, ext) for ext in sorted(manifest.get("files", {}))]
    if (dist / LINKS_FILE).is_file():
        files.append(dist / LINKS_FILE)
    store = _current_store(dist, read, base != old_base, ontology)
    data: Data
    if store is not None:
        data, graphs = StoreGraph(store), []
    else:
        data = Graph()
        data.add_all(_rebase(_parse(dataset_file(dist, manifest, "nt"), ox.RdfFormat.N_TRIPLES), old_base, base))
        if (dist / LINKS_FILE).is_file():
            data.add_all(_rebase(_parse(dist / LINKS_FILE, ox.RdfFormat.TURTLE), old_base, base))
        graphs = _named_graphs(dist, manifest, old_base, base)
    if base == old_base:  # read when served: the five files of a corpus are gigabytes
        downloads: dict[str, Path | bytes] = {p.name: p for p in files}
    else:
        # The built files carry the old IRIs: offer the rebased triples instead.
        assert isinstance(data, Graph)
        downloads = {f"{manifest.get('name', 'dataset')}.{ext}": _dump(data.triples, fmt) for ext, fmt in (("nt", ox.RdfFormat.N_TRIPLES), ("ttl", ox.RdfFormat.TURTLE))}
    onto = Graph()
    if ontology is not None:
        if not ontology.is_file():
            raise DatasetError(f"{ontology}: ontology file not found (pass --ontology FILE)")
        onto.add_all(_parse(ontology, ox.RdfFormat.TURTLE))
    articles = manifest.get("articles", [])
    sources = sorted({a["source"] for a in articles if a.get("source")})
    return Published(
        name=manifest.get("name", "dataset"),
        base=base,
        data=data,
        ontology=onto,
        downloads=downloads,
        sources=sources,
        modified=os.stat(dist / "manifest.json").st_mtime,
        graphs=graphs,
        store=store_path(dist) if store is not None else None,
        title=dataset_title(manifest),
        texts=article_texts(dist, articles),
    )


def dataset_title(manifest: dict) -> str:
    """The manifest's title, else its one article's title, else its name in words."""
    articles = manifest.get("articles", [])
    if manifest.get("title"):
        return str(manifest["title"])
    if len(articles) == 1 and articles[0].get("title"):
        return str(articles[0]["title"])
    return str(manifest.get("name", "dataset")).replace("-", " ").replace("_", " ").capitalize()


def article_texts(dist: Path, articles: list[dict]) -> dict[str, str]:
    """slug -> text of every article, read from the dataset folder (`texts/<slug>.txt`, which
    the build wrote): the text the evidence offsets count in, which the article pages show.
    Never read from where the build found the article, so the same dataset gives the same
    site from any folder and on any machine. A text named outside the folder, missing, or
    not the bytes whose SHA-256 the build recorded stops the publisher with one line; a
    dataset built before texts were kept has none (its article pages list the passages)."""
    texts = {}
    for article in articles:
        name, slug = article.get("text"), article.get("slug")
        if not (name and slug):
            continue
        path = text_file(dist, name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DatasetError(f"{path}: cannot read ({exc.strerror})") from None
        if hashlib.sha256(data).hexdigest() != article.get("sha256"):
            raise DatasetError(f"{path}: not the text the dataset was built from (its SHA-256 differs from the manifest's); rebuild with 'handan-kg build'")
        texts[str(slug)] = data.decode("utf-8")
    return texts


def is_wikidata(iri: str) -> bool:
    return iri.startswith(WIKIDATA_ADDRESSES)
