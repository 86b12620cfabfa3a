"""Atomic, deterministic, streaming writers: Turtle, JSON-LD, N-Triples, TriG, N-Quads.

Determinism: the mapper mints an IRI for every node (no blank nodes), each article's
N-Triples lines are sorted, JSON-LD nodes are sorted by `@id` with sorted keys, prefixes
come from one fixed table, and articles are written in input order.

Streaming: a corpus build never holds the merged graph. Each article arrives rendered
(`ArticleResult`), and `DatasetWriter` appends it to every output file. Turtle, TriG and
JSON-LD allow the same subject to appear in several chunks (RDF merge is set union), so
chunks are concatenated; N-Triples lines are de-duplicated with a set of 8-byte digests.

Atomicity: everything is written to temporary files in the output directory and moved
into place by `commit()`; `abort()` (or a crash, or Ctrl-C) leaves the previous files.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from rdflib import Graph, Namespace

from handan_kg.resources import CONTEXT_FILE

_FIXED_PREFIXES = {
    "hkg": "https://w3id.org/handan-kg/ontology#",
    "oa": "http://www.w3.org/ns/oa#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "wd": "http://www.wikidata.org/entity/",
}
_DATA_PREFIXES = ("conflict", "side", "group", "person", "unit", "place", "event", "observation", "role", "disagreement", "article", "evidence", "statement")


def prefixes(base: str) -> dict[str, str]:
    """The one prefix table used by every Turtle/TriG output for this base IRI."""
    table = dict(_FIXED_PREFIXES)
    table.update({name: f"{base}id/{name}/" for name in _DATA_PREFIXES})
    return table


def bind_prefixes(graph: Graph, base: str) -> Graph:
    for prefix, iri in prefixes(base).items():
        graph.bind(prefix, Namespace(iri), override=True, replace=True)
    return graph


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file in the same directory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_context() -> dict:
    """The JSON-LD context shipped in ontology/context.jsonld (its `@context` member)."""
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def to_ntriples(graph: Graph) -> bytes:
    lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return ("\n".join(sorted(set(line for line in lines if line.strip()))) + "\n").encode("utf-8")


def turtle_body(ntriples: bytes, base: str) -> bytes:
    """Turtle for sorted N-Triples, with the fixed prefix table, without its @prefix lines.

    pyoxigraph's serializer groups the (sorted, so contiguous) triples of a subject and is
    about twenty times faster than rdflib's, which dominated the write stage of a build.
    """
    import pyoxigraph

    triples = pyoxigraph.parse(ntriples, pyoxigraph.RdfFormat.N_TRIPLES)
    data = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=prefixes(base))
    return b"\n".join(line for line in data.split(b"\n") if not line.startswith(b"@prefix")).strip() + b"\n"


def jsonld_nodes(graph: Graph) -> list[dict]:
    """Compacted JSON-LD node objects (shipped context), sorted by `@id`, values sorted."""
    context = load_context()
    doc = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    nodes = doc.get("@graph", [doc] if "@id" in doc else [])
    nodes = [{k: v for k, v in node.items() if k != "@context"} for node in nodes]
    nodes.sort(key=lambda n: str(n.get("@id", "")))
    return [_sort_values(node) for node in nodes]


def _sort_values(value):
    """Sort every array (RDF values are sets; the context uses no @list), also inside language maps."""
    if isinstance(value, dict):
        return {k: _sort_values(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_sort_values(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def to_turtle(graph: Graph, base: str | None = None) -> bytes:
    """A whole Turtle document (used for single graphs: reports, page twins)."""
    if base:
        bind_prefixes(graph, base)
    return graph.serialize(format="turtle", encoding="utf-8")


def to_jsonld(graph: Graph) -> bytes:
    """A whole compacted JSON-LD document with the shipped context."""
    out = {"@context": load_context(), "@graph": jsonld_nodes(graph)}
    return (json.dumps(out, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _header(base: str) -> bytes:
    return "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in sorted(prefixes(base).items())).encode("utf-8") + b"\n"


class DatasetWriter:
    """Appends rendered articles to `<stem>.{ttl,jsonld,nt,trig,nq}` and commits them atomically."""

    FORMATS = ("ttl", "jsonld", "nt", "trig", "nq")

    def __init__(self, out_dir: Path, stem: str, base: str) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.out_dir, self.stem, self.base = out_dir, stem, base
        self._tmp: dict[str, Path] = {}
        self._fh: dict[str, BinaryIO] = {}
        for fmt in self.FORMATS:
            fd, tmp = tempfile.mkstemp(prefix=f".{stem}.{fmt}.", dir=out_dir)
            self._tmp[fmt] = Path(tmp)
            self._fh[fmt] = os.fdopen(fd, "wb")
        self._seen: set[bytes] = set()
        self._first_node = True
        self.triples = 0
        header = _header(base)
        self._fh["ttl"].write(header)
        self._fh["trig"].write(header)
        context = json.dumps(load_context(), ensure_ascii=False, indent=2, sort_keys=True)
        self._fh["jsonld"].write(('{\n  "@context": ' + context.replace("\n", "\n  ") + ',\n  "@graph": [').encode("utf-8"))

    def add(self, graph_iri: str, ntriples: bytes, turtle: bytes, nodes: list[dict]) -> None:
        """Append one article's graph (already rendered) as named graph `graph_iri`."""
        nt, nq = self._fh["nt"], self._fh["nq"]
        suffix = f" <{graph_iri}> .\n".encode("utf-8")
        for line in ntriples.splitlines():
            if not line.strip():
                continue
            nq.write(line[:-1].rstrip() + suffix)
            digest = hashlib.blake2b(line, digest_size=8).digest()
            if digest not in self._seen:
                self._seen.add(digest)
                nt.write(line + b"\n")
                self.triples += 1
        self._fh["ttl"].write(turtle + b"\n")
        indented = b"\n".join(b"  " + line if line.strip() else line for line in turtle.strip().split(b"\n"))
        self._fh["trig"].write(f"<{graph_iri}> {{\n".encode("utf-8") + indented + b"\n}\n\n")
        for node in nodes:
            text = json.dumps(node, ensure_ascii=False, indent=2, sort_keys=True).replace("\n", "\n    ")
            self._fh["jsonld"].write((("\n    " if self._first_node else ",\n    ") + text).encode("utf-8"))
            self._first_node = False

    def commit(self) -> list[Path]:
        """Close and move every file into place; returns the final paths."""
        self._fh["jsonld"].write(b"\n  ]\n}\n")
        finals = []
        for fmt in self.FORMATS:
            self._fh[fmt].close()
            final = self.out_dir / f"{self.stem}.{fmt}"
            os.replace(self._tmp[fmt], final)
            finals.append(final)
        return finals

    def abort(self) -> None:
        """Close and delete the temporary files; nothing in the output directory changes."""
        for fmt in self.FORMATS:
            self._fh[fmt].close()
            self._tmp[fmt].unlink(missing_ok=True)
