"""The validation report of a dataset, written beside it."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

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
        self._file: tuple[BinaryIO, Path] | None = None  # the open temporary file and its path

    def _open(self) -> tuple[BinaryIO, Path]:
        if self._file is None:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self._file = temp_file(self.out_dir, f".{REPORT}.")
        return self._file

    def add(self, ntriples: bytes) -> None:
        fh, _ = self._open()
        fh.write(ntriples)
        self.lines += ntriples.count(b"\n")

    def close(self) -> Path:
        """Finish the report aside; its temporary path (renamed into place with the dataset)."""
        fh, tmp = self._open()
        fh.close()
        if self.lines <= self.PRETTY_LIMIT:
            graph = Graph().parse(tmp, format="nt")
            graph.bind("sh", SH)
            tmp.write_bytes(graph.serialize(format="turtle", encoding="utf-8"))
        return tmp

    def abort(self) -> None:
        if self._file is not None:
            fh, tmp = self._file
            fh.close()
            tmp.unlink(missing_ok=True)
