"""Load the narrative vocabularies (src/handan_kg/vocab/narrative/*.tsv).

Word lists and cue patterns are data so that adapting the extractor to a new kind of
article means editing a table, not code, and so that nothing article-specific hides in
branches. Each file has `code<TAB>pattern[<TAB>extra...]` rows; `#` starts a comment.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

VOCAB_DIR = Path(__file__).resolve().parent.parent / "vocab" / "narrative"


@cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The non-comment rows of `<name>.tsv`, split on tabs."""
    out = []
    for line in (VOCAB_DIR / f"{name}.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(tuple(line.split("\t")))
    return tuple(out)


@cache
def patterns(name: str, flags: int = re.IGNORECASE) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(code, compiled pattern) per row, in file order."""
    return tuple((row[0], re.compile(row[1], flags)) for row in rows(name))


@cache
def alternation(name: str, code: str | None = None) -> str:
    """One regex alternation of a file's patterns (optionally only rows with `code`)."""
    return "|".join(f"(?:{row[1]})" for row in rows(name) if code is None or row[0] == code)


@cache
def mapping(name: str) -> dict[str, str]:
    """pattern -> code, for files whose second column is a plain word."""
    return {row[1]: row[0] for row in rows(name)}


@cache
def words(name: str) -> frozenset[str]:
    """Every `|`-separated word of a word-list file."""
    return frozenset(w for row in rows(name) for w in row[1].split("|"))


@cache
def row_words(name: str, code: str) -> frozenset[str]:
    """The `|`-separated words of the rows of `name` with `code`."""
    return frozenset(w for row in rows(name) if row[0] == code for w in row[1].split("|"))
