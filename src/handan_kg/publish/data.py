"""The published data: a built dataset (+ Wikidata links, + the ontology) read once, indexed.

Everything the pages, the VoID description and the SPARQL store need comes from here, so
the static site and the server read the same triples. Terms are pyoxigraph's (parsing and
serializing with it is an order of magnitude faster than rdflib, which matters for a server
that renders a page per request until its cache is warm).
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from handan_kg.errors import DatasetError
from handan_kg.namespaces import OWL, RDF, SKOS, WD
from handan_kg.resources import ONTOLOGY_FILE
from handan_kg.write.manifest import dataset_file, read_manifest

LINKS_FILE = "links.ttl"


RDF_TYPE = RDF + "type"
SAME_AS_PREDICATES = (OWL + "sameAs", SKOS + "exactMatch")
WIKIDATA_ADDRESSES = (WD, "https://www.wikidata.org/entity/", "https://www.wikidata.org/wiki/")

Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass
class Graph:
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

    def values(self, s: str, p: str) -> list[Term]:
        return [o for q, o in self.out.get(s, ()) if q == p]

    def first(self, s: str, p: str) -> Term | None:
        found = self.values(s, p)
        return min(found, key=str) if found else None

    def types(self, s: str) -> list[str]:
        return sorted(o.value for o in self.values(s, RDF_TYPE) if isinstance(o, ox.NamedNode))

    def subjects(self, p: str, o: str) -> list[str]:
        return sorted(s for s, q in self.inc.get(o, ()) if q == p)


def _key(term: Term) -> str:
    """Index key: the IRI for named nodes, `_:id` for blank nodes (only the ontology has any)."""
    return term.value if isinstance(term, ox.NamedNode) else str(term)


@dataclass
class Published:
    """A built dataset as the publisher sees it."""

    name: str
    base: str
    data: Graph
    ontology: Graph
    downloads: dict[str, Path | bytes]  # file name under download/ -> the built file, or rebased content
    sources: list[str]
    modified: float  # mtime of the manifest: Last-Modified of every page
    graphs: list[ox.Quad]  # the build's named graphs (one per article), if it wrote N-Quads


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
    path = dataset_file(dist, "nq")
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


def load(dist: Path, base_iri: str | None = None, ontology: Path | None = ONTOLOGY_FILE) -> Published:
    """Read the dataset of `dist` (+ `dist/links.ttl` if the linker wrote one, + the ontology).

    `base_iri` rewrites the dataset's IRIs from the manifest's base to another one.
    """
    manifest = read_manifest(dist)
    old_base = manifest.get("base_iri") or ""
    base = base_iri or old_base
    if not base.endswith(("/", "#")):
        raise DatasetError(f"base IRI {base!r} must end with '/'")
    nt = dataset_file(dist, "nt")
    triples = _parse(nt, ox.RdfFormat.N_TRIPLES)
    links: list[ox.Triple] = []
    files = [dataset_file(dist, ext) for ext in sorted(manifest.get("files", {}))]
    if (dist / LINKS_FILE).is_file():
        links = _parse(dist / LINKS_FILE, ox.RdfFormat.TURTLE)
        files.append(dist / LINKS_FILE)
    data = Graph()
    data.add_all(_rebase(triples, old_base, base))
    data.add_all(_rebase(links, old_base, base))
    if base == old_base:  # read when served: the five files of a corpus are gigabytes
        downloads: dict[str, Path | bytes] = {p.name: p for p in files}
    else:
        # The built files carry the old IRIs: offer the rebased triples instead.
        downloads = {f"{manifest.get('name', 'dataset')}.{ext}": _dump(data.triples, fmt) for ext, fmt in (("nt", ox.RdfFormat.N_TRIPLES), ("ttl", ox.RdfFormat.TURTLE))}
    onto = Graph()
    if ontology is not None:
        if not ontology.is_file():
            raise DatasetError(f"{ontology}: ontology file not found (pass --ontology FILE)")
        onto.add_all(_parse(ontology, ox.RdfFormat.TURTLE))
    sources = sorted({a["source"] for a in manifest.get("articles", []) if a.get("source")})
    return Published(
        name=manifest.get("name", "dataset"),
        base=base,
        data=data,
        ontology=onto,
        downloads=downloads,
        sources=sources,
        modified=os.stat(dist / "manifest.json").st_mtime,
        graphs=_named_graphs(dist, manifest, old_base, base),
    )


def is_wikidata(iri: str) -> bool:
    return iri.startswith(WIKIDATA_ADDRESSES)
