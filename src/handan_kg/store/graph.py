"""A built dataset as an rdflib graph, for the commands that need rdflib's API on it
(`link`, `validate DIR`); queries use the embedded store (`store.query`)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from handan_kg.errors import DatasetError
from handan_kg.write.manifest import dataset_file, read_manifest


def _predicate(line: bytes) -> bytes:
    """The predicate of an N-Triples line: its second field, since IRIs hold no space."""
    fields = line.split(b" ", 2)
    return fields[1] if len(fields) > 2 else b""


def load_dataset(out_dir: Path, predicates: tuple[bytes, ...] | None = None) -> Graph:
    """Parse the built dataset (N-Triples: the fastest of the formats to read); with
    `predicates` (N-Triples prefixes such as `<http://...#`), only the triples whose
    predicate starts with one of them, read line by line so the rest never becomes rdflib
    objects (a large corpus as one rdflib graph needs about 1.5 KB a triple)."""
    manifest = read_manifest(out_dir)
    path = dataset_file(out_dir, manifest, "nt")
    graph = Graph()
    try:
        if predicates is None:
            graph.parse(path, format="nt")
        else:
            kept, lines, last = [], 0, b"\n"
            with path.open("rb") as fh:
                for line in fh:
                    lines, last = lines + 1, line
                    if _predicate(line).startswith(predicates):
                        kept.append(line)
            # lines not read into the graph are not parsed: check the file is whole instead
            expected = manifest.get("triples")
            if not last.endswith(b" .\n") or (isinstance(expected, int) and lines != expected):
                raise DatasetError(f"{path}: truncated or edited ({lines} lines, the manifest says {expected} triples); rebuild it")
            graph.parse(data=b"".join(kept), format="nt")
    except DatasetError:
        raise
    except Exception as exc:  # rdflib raises many parser types; all mean a corrupt file
        first = str(exc).splitlines()[0] if str(exc) else ""
        raise DatasetError(f"{path}: cannot parse ({exc.__class__.__name__}: {first})") from None
    return graph
