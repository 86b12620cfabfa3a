"""The validation report of a dataset, written beside it."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from handan_kg.namespaces import SH
from handan_kg.write.serialize import temp_file

REPORT = "validation-report.ttl"


class ReportWriter:
    """The corpus validation report, streamed: per-article reports appended as N-Triples.

    N-Triples is Turtle, so the file is valid as it stands; a small report (the usual case)
    is re-written as readable Turtle on commit. Result IRIs are content hashes, so a result
    two articles share is one node.
    """

    PRETTY_LIMIT = 50_000  # lines

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.lines = 0
        self._tmp: Path | None = None
        self._fh = None

    def add(self, ntriples: bytes) -> None:
        if self._fh is None:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self._fh, self._tmp = temp_file(self.out_dir, f".{REPORT}.")
        self._fh.write(ntriples)
        self.lines += ntriples.count(b"\n")

    def close(self) -> Path:
        """Finish the report aside; its temporary path (renamed into place with the dataset)."""
        if self._fh is None:
            self.add(b"")
        self._fh.close()
        if self.lines <= self.PRETTY_LIMIT:
            graph = Graph().parse(self._tmp, format="nt")
            graph.bind("sh", SH)
            self._tmp.write_bytes(graph.serialize(format="turtle", encoding="utf-8"))
        return self._tmp

    def abort(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._tmp.unlink(missing_ok=True)
