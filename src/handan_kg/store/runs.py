"""The build's N-Quads as one run of lines per named graph, with a digest of each run.

Why: the corpus build writes each named graph (an article's, the cross-article one) as one
contiguous run of lines (`write.serialize.DatasetWriter.add`). A digest per run, recorded with
the store, tells an update of the store (`store.update`) which graphs differ from the ones it
holds, whatever made them differ (an edited, added or removed article, people renamed because
another article now shares their name, the cross-article findings), and where the new lines
are, without parsing the file. The runs are checked, not assumed: a graph whose lines are
split in two runs gives no runs at all, and the store is then rebuilt whole.
"""

from __future__ import annotations

import hashlib
import mmap
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    """Where one named graph's lines lie in the N-Quads (`start` to `end`, bytes) and their digest."""

    start: int
    end: int
    digest: str


def _graph_suffix(line: bytes) -> bytes | None:
    """The ` <graph> .\\n` that ends an N-Quads line, or None when the line ends otherwise."""
    if not line.endswith(b"> .\n"):
        return None
    at = line.rfind(b" <", 0, len(line) - 4)
    return line[at:] if at > 0 else None


def graph_runs(path: Path) -> dict[str, Run] | None:
    """Each named graph of the N-Quads file `path` (its IRI) and its run of lines, or None when
    a graph's lines are not one run or a line does not end with an IRI (not N-Quads the build
    wrote). A line of the default graph whose object is an IRI would pass for one of a graph
    named by that IRI: the build writes none, and `store.update` parses a changed run and
    checks the graph of every line before it uses it.

    One pass over the lines, comparing each line's end with the current graph's (the graph's
    IRI is only cut out where it changes); the digests are then taken over the file's bytes."""
    spans: dict[str, tuple[int, int]] = {}
    graph, suffix, start, offset = "", b"\0", 0, 0
    with path.open("rb") as fh:
        for line in fh:
            if not line.endswith(suffix):
                found = _graph_suffix(line)
                if found is None:
                    return None
                if graph:
                    spans[graph] = (start, offset)
                graph, suffix, start = found[2:-4].decode("utf-8"), found, offset
                if graph in spans:
                    return None
            offset += len(line)
        if graph:
            spans[graph] = (start, offset)
        if not spans:
            return {}
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mapped, memoryview(mapped) as view:
            return {g: Run(a, b, hashlib.sha256(view[a:b]).hexdigest()) for g, (a, b) in spans.items()}


def read_run(path: Path, run: Run) -> bytes:
    """The lines of one run, as the file holds them."""
    with path.open("rb") as fh:
        fh.seek(run.start)
        return fh.read(run.end - run.start)
