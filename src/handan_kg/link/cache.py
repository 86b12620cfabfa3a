"""On-disk cache of SPARQL answers, keyed by sha256 of (endpoint, query).

Why: linking must be reproducible and must work offline. Every answer the linker uses
comes through this cache, so a rerun replays the very answers the first run saw and
writes byte-identical output. The cache also records the date the endpoint was asked;
that date (not the wall clock of a later rerun) is what the link provenance carries.
`SOURCE_DATE_EPOCH` (the reproducible-builds convention) pins that date when set.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from handan_kg.errors import InputError
from handan_kg.write.serialize import write_atomic


@dataclass(frozen=True)
class CachedAnswer:
    """A SPARQL JSON results document and the UTC date it was fetched (YYYY-MM-DD)."""

    answer: dict
    asked: str


def cache_key(endpoint: str, query: str) -> str:
    return hashlib.sha256(f"{endpoint}\n{query}".encode()).hexdigest()


def asked_today() -> str:
    """The date to record for a fresh answer: SOURCE_DATE_EPOCH's date if set, else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch and epoch.isdigit() else datetime.now(timezone.utc)
    return moment.strftime("%Y-%m-%d")


class QueryCache:
    """`root/<key[:2]>/<key>.json` files: {endpoint, query, asked, answer}, keys sorted."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, endpoint: str, query: str) -> Path:
        key = cache_key(endpoint, query)
        return self.root / key[:2] / f"{key}.json"

    def get(self, endpoint: str, query: str) -> CachedAnswer | None:
        path = self.path(endpoint, query)
        if not path.is_file():
            return None
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            return CachedAnswer(doc["answer"], doc["asked"])
        except (OSError, ValueError, KeyError) as exc:
            raise InputError(f"{path}: corrupt cache entry ({exc.__class__.__name__}); delete it or rerun with --refresh") from None

    def put(self, endpoint: str, query: str, answer: dict, asked: str) -> CachedAnswer:
        doc = {"endpoint": endpoint, "query": query, "asked": asked, "answer": answer}
        data = json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        write_atomic(self.path(endpoint, query), data.encode("utf-8"))
        return CachedAnswer(answer, asked)
