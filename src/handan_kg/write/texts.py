"""Each article's text in the dataset folder (`texts/<slug>.txt`), beside the graph read from it.

The evidence offsets of a dataset count characters in these texts, and the published article
pages show them: so they travel with the dataset, and a site published from a copy of the
folder on another machine, or from another working directory, is the same site. A build
writes them aside and renames them with the rest of its files (`corpus.build`).
"""

from __future__ import annotations

import re
from pathlib import Path

from handan_kg.errors import InputError
from handan_kg.write.manifest import TEXTS, text_name
from handan_kg.write.serialize import write_aside

_TEMP_NAME = re.compile(r"^\..+\.txt\.[A-Za-z0-9_]{8}$")  # `write_aside`'s `.<slug>.txt.XXXXXXXX`


class TextWriter:
    """The texts of one build: written aside as the articles arrive, renamed by the build."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.folder = out_dir / TEXTS
        if self.folder.exists() and not self.folder.is_dir():
            raise InputError(f"{self.folder}: exists and is not a directory; the dataset's texts go there")
        self.pending: list[tuple[Path, Path]] = []  # (temporary file, final path)
        self.kept: set[str] = set()  # file names under texts/ this build's manifest lists

    def add(self, slug: str, text: str) -> str:
        """Write `slug`'s text aside unless the dataset already holds these very bytes (an
        unchanged article's file keeps its time stamp); returns its name in the manifest.
        The bytes are the UTF-8 of the text whose SHA-256 the manifest records."""
        name = text_name(slug)
        final = self.out_dir / name
        data = text.encode("utf-8")
        self.kept.add(final.name)
        if not _holds(final, data):
            self.pending.append((write_aside(final, data), final))
        return name

    def stale(self) -> list[Path]:
        """The texts of articles no longer in the dataset (to remove once the manifest is in place)."""
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.glob("*.txt") if p.name not in self.kept and p.is_file())

    def abort(self) -> None:
        """Remove what this build wrote aside (a failed or interrupted build leaves the old texts)."""
        self.pending.clear()
        sweep(self.out_dir)


def sweep(out_dir: Path) -> None:
    """Remove temporary texts (an interrupt can land between creating one and noting it) and a
    `texts/` folder left empty, so a failed first build leaves no trace."""
    folder = out_dir / TEXTS
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if _TEMP_NAME.match(path.name) and path.is_file():
            path.unlink(missing_ok=True)
    try:
        folder.rmdir()  # only when empty
    except OSError:
        pass


def _holds(path: Path, data: bytes) -> bool:
    """Does `path` hold exactly `data`? (The size first: most changed texts differ in length.)"""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
