"""Vocabulary tables (src/handan_kg/vocab/*.json), loaded once.

Word lists live in data files so that supporting a new article means adding words,
never adding branches to the code.
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
