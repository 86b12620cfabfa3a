"""Where an article comes from: its address from a `SOURCES.tsv` beside it, else the
Wikipedia URL of its title, made safe to stand in an IRI."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path


def source_url(path: Path, title: str) -> str:
    """The article's address from a SOURCES.tsv beside it, else the Wikipedia URL for its title;
    characters an IRI may not hold (space, `"<>{}|^` backtick, backslash, controls) are
    percent-encoded, so a messy title or address never stops a build."""
    address = addresses(path.parent).get(path.name)
    return iri_safe(address.strip()) if address else "https://en.wikipedia.org/wiki/" + iri_safe(title.replace(" ", "_"), path_only=True)


def iri_safe(text: str, path_only: bool = False) -> str:
    """`text` with every character RFC 3987 forbids in an IRI percent-encoded (UTF-8); letters of
    any script stay as they are. With `path_only`, `/?#` are encoded too (one path segment)."""
    unsafe = set(' "<>{}|^`\\') | ({"/", "?", "#"} if path_only else set())
    return "".join(
        "".join(f"%{b:02X}" for b in ch.encode("utf-8")) if ch in unsafe or ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 else ch
        for ch in text
    )


def addresses(folder: Path) -> dict[str, str]:
    """file name -> address from `folder/SOURCES.tsv` (read once per version of the file)."""
    sources = folder / "SOURCES.tsv"
    try:
        stat = sources.stat()
    except OSError:
        return {}
    return _read_sources(sources, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _read_sources(sources: Path, mtime_ns: int, size: int) -> dict[str, str]:
    with sources.open(encoding="utf-8", newline="") as fh:
        return {row["file"]: row["address"] for row in csv.DictReader(fh, delimiter="\t") if row.get("file") and row.get("address")}
