"""Vocabulary tables (src/handan_kg/vocab/**/*.json), loaded once: one format, one loader.

Word lists and cue patterns live in data files so that supporting a new article means
adding words, never adding branches to the code. Infobox tables are JSON objects of named
lists; the narrative tables (`vocab/narrative/`) hold `rows` of `[code, pattern, extra...]`,
read through `rows`, `patterns`, `alternation`, `mapping`, `words` and `row_words`.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

VOCAB_DIR = Path(__file__).resolve().parent.parent / "vocab"


@cache
def load(name: str) -> Any:
    """The parsed JSON table `vocab/<name>.json` (keys starting with `_` are documentation)."""
    data = json.loads((VOCAB_DIR / f"{name}.json").read_text(encoding="utf-8"))
    if isinstance(data, dict):
        return {k: v for k, v in data.items() if not k.startswith("_")}
    return data


@cache
def _alternation(words: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled whole-word pattern for a word list (longest first), so lookups do not
    recompile a pattern per word and overflow the `re` cache."""
    ordered = sorted(set(words), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in ordered) + r")\b")


def words_in(words: tuple[str, ...], text: str) -> set[str]:
    """The words of `words` (lower-case) that occur in `text` as whole words, overlaps included."""
    lowered = text.lower()
    found = set(_alternation(words).findall(lowered))
    # a longer match can hide a shorter one inside it (`killed in action` / `killed`)
    found |= {w for w in words if w not in found and any(w in f for f in found) and re.search(rf"\b{re.escape(w)}\b", lowered)}
    return found


def longest_words_in(words: tuple[str, ...], text: str) -> set[str]:
    """The words of `words` that occur in `text`, the longest at each place only: in
    `killed or fatally wounded`, `fatally wounded` hides the `wounded` inside it."""
    return set(_alternation(words).findall(text.lower()))


def first_match(pairs: list[list[str]], text: str) -> str | None:
    """The value of the first `[word, value]` pair whose word occurs in `text` as a whole word."""
    found = words_in(tuple(word for word, _ in pairs), text)
    return next((value for word, value in pairs if word in found), None)


# ---- narrative tables: `{"rows": [[code, pattern, extra...], ...]}` -------------------------

@cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of `vocab/narrative/<name>.json`."""
    return tuple(tuple(row) for row in load(f"narrative/{name}")["rows"])


@cache
def patterns(name: str, flags: int = re.IGNORECASE) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(code, compiled pattern) per row, in file order."""
    return tuple((row[0], re.compile(row[1], flags)) for row in rows(name))


@cache
def alternation(name: str, code: str | None = None) -> str:
    """One regex alternation of a table's patterns (optionally only rows with `code`)."""
    return "|".join(f"(?:{row[1]})" for row in rows(name) if code is None or row[0] == code)


@cache
def mapping(name: str) -> dict[str, str]:
    """pattern -> code, for tables whose second column is a plain word."""
    return {row[1]: row[0] for row in rows(name)}


@cache
def words(name: str) -> frozenset[str]:
    """Every `|`-separated word of a word-list table."""
    return frozenset(w for row in rows(name) for w in row[1].split("|"))


@cache
def row_words(name: str, code: str) -> frozenset[str]:
    """The `|`-separated words of the rows of `name` with `code`."""
    return frozenset(w for row in rows(name) if row[0] == code for w in row[1].split("|"))
