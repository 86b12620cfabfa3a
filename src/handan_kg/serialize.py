"""Atomic, deterministic writers for Turtle, JSON-LD and N-Triples.

Determinism: the mapper mints IRIs for every node (no blank nodes), N-Triples lines are
sorted, JSON-LD nodes are sorted by `@id` and keys are sorted, and rdflib's Turtle
serializer orders subjects and predicates. Atomicity: every file is written to a
temporary sibling and `os.replace`d into place, so a crash or Ctrl-C never leaves a
half-written file where a reader expects a whole one.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph

from handan_kg.resources import CONTEXT_FILE


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


def to_turtle(graph: Graph) -> bytes:
    return graph.serialize(format="turtle", encoding="utf-8")


def to_ntriples(graph: Graph) -> bytes:
    lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return ("\n".join(sorted(set(line for line in lines if line.strip()))) + "\n").encode("utf-8")


def to_jsonld(graph: Graph) -> bytes:
    """Compacted JSON-LD with the shipped context, nodes sorted by `@id`."""
    context = load_context()
    doc = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    nodes = doc.get("@graph", [doc] if "@id" in doc else [])
    nodes = [{k: v for k, v in node.items() if k != "@context"} for node in nodes]
    nodes.sort(key=lambda n: str(n.get("@id", "")))
    for node in nodes:
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(value, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    out = {"@context": context, "@graph": nodes}
    return (json.dumps(out, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def write_dataset(graph: Graph, out_dir: Path, stem: str) -> list[Path]:
    """Write `<stem>.ttl`, `.jsonld`, `.nt`; all are rendered before any is written."""
    rendered = {
        out_dir / f"{stem}.ttl": to_turtle(graph),
        out_dir / f"{stem}.jsonld": to_jsonld(graph),
        out_dir / f"{stem}.nt": to_ntriples(graph),
    }
    write_all(rendered.items())
    return list(rendered)


def write_all(files: Iterable[tuple[Path, bytes]]) -> None:
    for path, data in files:
        write_atomic(path, data)
