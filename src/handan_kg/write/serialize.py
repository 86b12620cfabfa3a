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
import re
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from rdflib import Graph, Namespace

from handan_kg.errors import InputError
from handan_kg.namespaces import PREFIXES, PROV
from handan_kg.resources import CONTEXT_FILE
from handan_kg.write.jsonld import Compactor

ALL_FORMATS = ("ttl", "jsonld", "nt", "trig", "nq")
REQUIRED_FORMATS = ("nt", "nq")
# Nodes minted per article (their IRIs carry the article slug): never shared across articles.
ARTICLE_SCOPED = ("evidence", "observation", "event", "role", "disagreement", "article")
_DATA_PREFIXES = ("conflict", "side", "group", "person", "unit", "place", "event", "observation", "role", "disagreement", "article", "evidence", "statement")


def prefixes(base: str) -> dict[str, str]:
    """The one prefix table used by every Turtle/TriG output for this base IRI."""
    table = dict(PREFIXES)
    table.update({name: f"{base}id/{name}/" for name in _DATA_PREFIXES})
    return table


def bind_prefixes(graph: Graph, base: str) -> Graph:
    for prefix, iri in prefixes(base).items():
        graph.bind(prefix, Namespace(iri), override=True, replace=True)
    return graph


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()


def temp_file(directory: Path, prefix: str) -> tuple[BinaryIO, Path]:
    """A temporary file beside its final name, with the mode a plain `open` would give
    (mkstemp's 0600 would leave published datasets unreadable by a web server)."""
    fd, tmp = tempfile.mkstemp(prefix=prefix, dir=directory)
    os.fchmod(fd, _FILE_MODE)
    return os.fdopen(fd, "wb"), Path(tmp)


def write_aside(path: Path, data: bytes) -> Path:
    """Write `data` to a temporary file beside `path` (to be renamed into place later)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fh, tmp = temp_file(path.parent, f".{path.name}.")
    try:
        with fh:
            fh.write(data)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file in the same directory."""
    tmp = write_aside(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def load_context() -> dict:
    """The JSON-LD context shipped in ontology/context.jsonld (its `@context` member)."""
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def to_ntriples(graph: Graph) -> bytes:
    """Sorted, duplicate-free N-Triples (UTF-8 byte order is code point order)."""
    lines = set(graph.serialize(format="nt", encoding="utf-8").split(b"\n"))
    lines.discard(b"")
    return b"\n".join(sorted(lines)) + b"\n"


def parse_ntriples(ntriples: bytes) -> list:
    """pyoxigraph's triples of N-Triples, in file order: parsed once per article and fed to
    both the Turtle writer and the JSON-LD compactor."""
    import pyoxigraph

    return list(pyoxigraph.parse(ntriples, pyoxigraph.RdfFormat.N_TRIPLES))


def turtle_body(triples: list, base: str) -> bytes:
    """Turtle for sorted triples (`parse_ntriples`), with the fixed prefix table, without
    its @prefix lines.

    pyoxigraph's serializer groups the (sorted, so contiguous) triples of a subject and is
    about twenty times faster than rdflib's, which dominated the write stage of a build.
    """
    import pyoxigraph

    data = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=prefixes(base))
    if data is None:  # pyoxigraph returns None only when given an output to write to
        raise TypeError("pyoxigraph.serialize returned no bytes")
    return b"\n".join(line for line in data.split(b"\n") if not line.startswith(b"@prefix")).strip() + b"\n"


@lru_cache(maxsize=1)
def _compactor() -> Compactor:
    return Compactor(load_context())


def jsonld_nodes(triples: list) -> list[dict]:
    """Compacted JSON-LD node objects (shipped context), sorted by `@id`, values sorted."""
    return _compactor().nodes(triples)


def jsonld_chunk(triples: list) -> bytes:
    """The article's JSON-LD nodes as they stand inside the dataset's `@graph` array, one
    node per line (the pure-Python indenting encoder cost more than compaction itself),
    rendered where the article is built (a worker) so the merging process only copies bytes."""
    return ",\n    ".join(json.dumps(node, ensure_ascii=False, sort_keys=True) for node in jsonld_nodes(triples)).encode("utf-8")


def render(graph: Graph, base: str, formats: frozenset[str] = frozenset(ALL_FORMATS)) -> tuple[bytes, bytes, bytes]:
    """(N-Triples, Turtle body, JSON-LD chunk) of one article's graph, for `DatasetWriter.add`."""
    nt = to_ntriples(graph)
    return (nt, *render_ntriples(nt, base, formats))


def render_ntriples(ntriples: bytes, base: str, formats: frozenset[str] = frozenset(ALL_FORMATS)) -> tuple[bytes, bytes]:
    """(Turtle body, JSON-LD chunk) of sorted N-Triples; empty for formats not written
    (Turtle feeds both `.ttl` and `.trig`)."""
    needed = formats & {"ttl", "trig", "jsonld"}
    triples = parse_ntriples(ntriples) if needed else []
    turtle = turtle_body(triples, base) if needed & {"ttl", "trig"} else b""
    return turtle, jsonld_chunk(triples) if "jsonld" in needed else b""


def to_turtle(graph: Graph, base: str | None = None) -> bytes:
    """A whole Turtle document (used for single graphs: reports, page twins)."""
    if base:
        bind_prefixes(graph, base)
    return graph.serialize(format="turtle", encoding="utf-8")


def to_jsonld(graph: Graph) -> bytes:
    """A whole compacted JSON-LD document with the shipped context."""
    return jsonld_document(parse_ntriples(to_ntriples(graph)))


def compacted_jsonld(triples: list) -> bytes | None:
    """`jsonld_document` for pyoxigraph triples (a published twin, a CONSTRUCT result), or
    None when they hold blank nodes, which the compactor does not handle: the caller then
    falls back to pyoxigraph's own JSON-LD."""
    import pyoxigraph as ox

    if any(isinstance(term, ox.BlankNode) for triple in triples for term in (triple.subject, triple.object)):
        return None
    return jsonld_document(triples)


def jsonld_document(triples: list) -> bytes:
    """A whole compacted JSON-LD document with the shipped context (embedded, so that it
    reads offline), laid out like the built `.jsonld`: for single graphs such as a
    published entity's twin."""
    return _jsonld_head() + b"\n    " + jsonld_chunk(triples) + _JSONLD_TAIL


@lru_cache(maxsize=1)
def _jsonld_head() -> bytes:
    """A JSON-LD document up to its `@graph` array: the context, indented, rendered once."""
    context = json.dumps(load_context(), ensure_ascii=False, indent=2, sort_keys=True)
    return ('{\n  "@context": ' + context.replace("\n", "\n  ") + ',\n  "@graph": [').encode("utf-8")


_JSONLD_TAIL = b"\n  ]\n}\n"


def _header(base: str) -> bytes:
    return "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in sorted(prefixes(base).items())).encode("utf-8") + b"\n"


_BLANK_INDENT = re.compile(rb"\n  (?=\n)")  # a blank line of a TriG graph block stays blank


def dataset_formats(requested: str | None) -> frozenset[str]:
    """The formats a build writes, from `--formats` (comma-separated). N-Triples and
    N-Quads are always written: `query`, `validate`, `load` and `publish` read them."""
    if requested is None:
        return frozenset(ALL_FORMATS)
    asked = {f.strip().lower() for f in requested.split(",") if f.strip()}
    unknown = sorted(asked - set(ALL_FORMATS))
    if unknown:
        raise InputError(f"--formats: unknown format(s) {', '.join(unknown)}; choose from {','.join(ALL_FORMATS)}")
    return frozenset(asked | set(REQUIRED_FORMATS))


class DatasetWriter:
    """Appends rendered articles to `<stem>.{ttl,jsonld,nt,trig,nq}` and commits them atomically."""

    def __init__(self, out_dir: Path, stem: str, base: str, formats: frozenset[str] = frozenset(ALL_FORMATS)) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.out_dir, self.stem, self.base = out_dir, stem, base
        self.formats = tuple(f for f in ALL_FORMATS if f in formats)
        self._tmp: dict[str, Path] = {}
        self._fh: dict[str, BinaryIO] = {}
        try:
            for fmt in self.formats:
                self._fh[fmt], self._tmp[fmt] = temp_file(out_dir, f".{stem}.{fmt}.")
            self._start()
        except BaseException:  # Ctrl-C while opening: leave nothing behind
            self.abort()
            raise

    def _start(self) -> None:
        base = self.base
        # De-duplication keeps the merged N-Triples a set without keeping every line: nodes
        # minted per article (evidence, observations, events, roles, ...) cannot repeat across
        # articles, so only entity lines and reified statements need remembering, the latter
        # by statement IRI (their evidence lines are per article too).
        ids = f"<{base}id/".encode("utf-8")
        self._article_scoped = tuple(ids + k.encode() + b"/" for k in ARTICLE_SCOPED)
        self._statement = ids + b"statement/"
        self._derived = f" <{PROV}wasDerivedFrom> ".encode()
        self._seen_lines: set[bytes] = set()
        self._seen_statements: set[bytes] = set()
        self._first_node = True
        self.triples = 0
        header = _header(base)
        for fmt in ("ttl", "trig"):
            if fmt in self._fh:
                self._fh[fmt].write(header)
        if "jsonld" in self._fh:
            self._fh["jsonld"].write(_jsonld_head())

    def _new_lines(self, lines: list[bytes]) -> list[bytes]:
        """The lines of one article's (sorted, duplicate-free) N-Triples new to the dataset.

        Written as one loop over local names: it runs for every line of the corpus in the
        merging process, which the workers wait for."""
        scoped, statement, derived = self._article_scoped, self._statement, self._derived
        seen_lines, seen_statements = self._seen_lines, self._seen_statements
        digest_of = hashlib.blake2b
        statements_now: set[bytes] = set()
        new: list[bytes] = []
        last_subject, last_seen = b"", False
        for line in lines:
            if line.startswith(scoped):
                new.append(line)
            elif line.startswith(statement):
                if derived in line:  # its evidence is the article's own
                    new.append(line)
                    continue
                subject = line[: line.index(b" ")]
                if subject != last_subject:  # a statement's lines are contiguous (sorted)
                    digest = digest_of(subject, digest_size=8).digest()
                    last_subject, last_seen = subject, digest in seen_statements  # stated by an earlier article
                    if not last_seen:
                        statements_now.add(digest)
                if not last_seen:
                    new.append(line)
            else:
                digest = digest_of(line, digest_size=8).digest()
                if digest not in seen_lines:
                    seen_lines.add(digest)
                    new.append(line)
        seen_statements |= statements_now
        return new

    def add(self, graph_iri: str, ntriples: bytes, turtle: bytes, jsonld: bytes) -> None:
        """Append one article's graph (already rendered) as named graph `graph_iri`."""
        suffix = f" <{graph_iri}> .".encode()
        lines = [line for line in ntriples.split(b"\n") if line]
        new = self._new_lines(lines)
        self.triples += len(new)
        if len(new) < len(lines) and ({"ttl", "jsonld"} & set(self._fh)):
            # an entity shared with an earlier article: the dataset's Turtle and JSON-LD state each
            # triple once, like its N-Triples (the named graphs of TriG and N-Quads keep them all)
            dataset_turtle, jsonld = render_ntriples(b"\n".join(new) + b"\n" if new else b"", self.base,
                                                     frozenset(self.formats))
        else:
            dataset_turtle = turtle
        # One write per file and article, and whole-buffer byte operations rather than
        # per-line ones: this process's time is paid once per article for the whole corpus.
        # Every N-Triples line ends in " ." and no literal holds a raw newline.
        self._fh["nq"].write(ntriples.replace(b" .\n", suffix + b"\n"))
        if new:
            self._fh["nt"].write(b"\n".join(new) + b"\n")
        if "ttl" in self._fh and dataset_turtle.strip():
            self._fh["ttl"].write(dataset_turtle + b"\n")
        if "trig" in self._fh:
            indented = _BLANK_INDENT.sub(b"\n", b"  " + turtle.strip().replace(b"\n", b"\n  "))
            self._fh["trig"].write(f"<{graph_iri}> {{\n".encode() + indented + b"\n}\n\n")
        if jsonld and "jsonld" in self._fh:
            self._fh["jsonld"].write((b"\n    " if self._first_node else b",\n    ") + jsonld)
            self._first_node = False

    def close(self) -> list[tuple[Path, Path]]:
        """Finish every file aside; (temporary, final) paths, nothing moved yet."""
        if "jsonld" in self._fh:
            self._fh["jsonld"].write(_JSONLD_TAIL)
        pending = []
        for fmt in self.formats:
            self._fh[fmt].close()
            pending.append((self._tmp[fmt], self.out_dir / f"{self.stem}.{fmt}"))
        return pending


    def abort(self) -> None:
        """Close and delete the temporary files; nothing in the output directory changes."""
        for fmt, fh in self._fh.items():
            fh.close()
            self._tmp[fmt].unlink(missing_ok=True)
