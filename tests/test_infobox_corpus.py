"""Infobox facts of every corpus article, through `extract()`, against expectations
written by reading each article (tests/fixtures/infobox_gold.json)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from handan_kg.article import parse_file
from handan_kg.extract import extract
from handan_kg.extract.scoring import FACT_TYPES, fact_tuples, gold_tuples
from handan_kg.facts import ArticleFacts

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
GOLD = {k: v for k, v in json.loads((Path(__file__).parent / "fixtures" / "infobox_gold.json").read_text("utf-8")).items()
        if not k.startswith("_")}


@cache
def facts_of(slug: str) -> ArticleFacts:
    return extract(parse_file(CORPUS / f"{slug}.txt"), f"https://en.wikipedia.org/wiki/{slug}")


def test_every_corpus_article_has_expectations() -> None:
    assert sorted(GOLD) == sorted(p.stem for p in CORPUS.glob("*.txt"))


@pytest.mark.parametrize("slug", sorted(GOLD))
@pytest.mark.parametrize("fact_type", FACT_TYPES)
def test_infobox_facts(slug: str, fact_type: str) -> None:
    got = fact_tuples(facts_of(slug))[fact_type]
    want = gold_tuples(GOLD[slug])[fact_type]
    assert got == want, f"{slug} {fact_type}: missing {sorted(want - got, key=str)}, wrong {sorted(got - want, key=str)}"


@pytest.mark.parametrize("slug", sorted(GOLD))
def test_evidence_quotes_the_source(slug: str) -> None:
    import dataclasses

    from handan_kg.facts import Evidence

    article = parse_file(CORPUS / f"{slug}.txt")

    def walk(obj: object):
        if isinstance(obj, Evidence):
            yield obj
        elif dataclasses.is_dataclass(obj):
            for f in dataclasses.fields(obj):
                yield from walk(getattr(obj, f.name))
        elif isinstance(obj, (list, tuple)):
            for item in obj:
                yield from walk(item)

    evidence = list(walk(facts_of(slug)))
    assert evidence
    for e in evidence:
        assert e.quote and article.text[e.start:e.end] == e.quote


@pytest.mark.parametrize("slug", sorted(GOLD))
def test_every_infobox_key_is_accounted_for(slug: str) -> None:
    article = parse_file(CORPUS / f"{slug}.txt")
    facts = facts_of(slug)
    reported = {i.key for i in facts.issues if i.kind in ("ignored-key", "unmapped-key")}
    mapped = {"conflict", "partof", "date", "place", "result"}
    for field in article.infobox:
        key = field.key.replace(" ", "").lower()
        assert key in mapped or key.rstrip("abcdefgh").rstrip("0123456789") in {
            "combatant", "commander", "units", "strength", "casualties"} or field.key in reported, field.key
    assert not [i for i in facts.issues if i.kind == "unmapped-key"]
