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


def first_match(pairs: list[list[str]], text: str) -> str | None:
    """The value of the first `[word, value]` pair whose word occurs in `text` as a whole word."""
    lowered = text.lower()
    for word, value in pairs:
        if re.search(rf"\b{re.escape(word)}\b", lowered):
            return value
    return None
