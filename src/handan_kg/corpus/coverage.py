"""Coverage: what an article gave us and what it did not.

Per article: infobox keys mapped, deliberately ignored and unmapped; values that could
not be parsed; sentences that gave at least one fact versus none. The corpus report adds
these up. A key we do not know is reported here, never silently dropped.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator

from handan_kg.facts import ArticleFacts, Evidence
from handan_kg.parse.article import Article


def _evidence(obj: object) -> Iterator[Evidence]:
    """Every Evidence reachable from a fact record (records, lists, tuples)."""
    if isinstance(obj, Evidence):
        yield obj
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from _evidence(getattr(obj, f.name))
    elif isinstance(obj, (list, tuple)):
        for item in obj:
            yield from _evidence(item)


def article_coverage(article: Article, facts: ArticleFacts) -> dict:
    """The coverage record of one article (JSON-ready)."""
    ignored = sorted({i.key for i in facts.issues if i.kind == "ignored-key" and i.key})
    unmapped = sorted({i.key for i in facts.issues if i.kind == "unmapped-key" and i.key})
    keys = sorted({f.key for f in article.infobox})
    mapped = [k for k in keys if k not in ignored and k not in unmapped]
    spans = sorted({(e.start, e.end) for e in _evidence(facts)})
    with_facts = sum(1 for s in article.sentences if any(a < s.span.end and s.span.start < b for a, b in spans))
    return {
        "keys_mapped": mapped,
        "keys_ignored": ignored,
        "keys_unmapped": unmapped,
        "values_unparsed": [i.message for i in facts.issues if i.kind == "unparsed-value"],
        "warnings": [i.message for i in facts.issues if i.kind == "warning"],
        "extractor_failures": [i.message for i in facts.issues if i.kind == "extractor-failed"],
        "sentences": len(article.sentences),
        "sentences_with_facts": with_facts,
    }


def corpus_coverage(records: dict[str, dict]) -> dict:
    """Totals over articles: key counts by status, sentence yield, problem counts."""
    status: dict[str, Counter] = {"mapped": Counter(), "ignored": Counter(), "unmapped": Counter()}
    for record in records.values():
        for name in status:
            status[name].update(record.get(f"keys_{name}", []))
    sentences = sum(r.get("sentences", 0) for r in records.values())
    with_facts = sum(r.get("sentences_with_facts", 0) for r in records.values())
    return {
        "articles": len(records),
        "keys": {name: dict(sorted(counter.items())) for name, counter in status.items()},
        "values_unparsed": sum(len(r.get("values_unparsed", [])) for r in records.values()),
        "warnings": sum(len(r.get("warnings", [])) for r in records.values()),
        "extractor_failures": sum(len(r.get("extractor_failures", [])) for r in records.values()),
        "sentences": sentences,
        "sentences_with_facts": with_facts,
    }
