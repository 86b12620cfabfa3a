"""The per-article stage: one article file -> its graph, rendered, plus a report.

`build_article` is a pure function of (file content, base IRI, code fingerprint), so it
can run in any `concurrent.futures` executor (a local process pool or a Dask cluster)
and its result can be cached by content hash. Results carry rendered bytes, not rdflib
objects: they are small to pickle and the merge step only has to concatenate them.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib.namespace import RDF

from handan_kg.corpus.coverage import article_coverage
from handan_kg.corpus.crosscheck import relevant_triples
from handan_kg.corpus.sources import source_url
from handan_kg.errors import HandanError
from handan_kg.extract import extract
from handan_kg.parse.article import parse_file
from handan_kg.rdf.mapping import HKG, to_graph
from handan_kg.validate.graph import validate
from handan_kg.write.serialize import ALL_FORMATS, render


@dataclass
class ArticleResult:
    """Everything the merge step needs from one article (picklable)."""

    path: str
    ok: bool
    error: str | None = None
    slug: str = ""
    title: str = ""
    sha256: str = ""
    source: str = ""
    text: str = ""  # the text read (the offsets count in it, `sha256` is its UTF-8's): the build writes it beside the dataset
    triples: int = 0
    ntriples: bytes = b""
    turtle_body: bytes = b""  # Turtle without @prefix lines
    jsonld_chunk: bytes = b""  # JSON-LD nodes as they stand inside the dataset's @graph
    cross_triples: tuple = ()  # the few triples the cross-article pass reads (`crosscheck.relevant_triples`)
    people: tuple[str, ...] = ()  # the person slugs the mapping minted: what identity resolution reads
    report_turtle: bytes = b""  # only for a failed article, like report_text
    report_ntriples: bytes = b""  # the same report, for streaming into a corpus-wide report
    report_text: str = ""
    violations: int = 0
    warnings: int = 0
    coverage: dict = field(default_factory=dict)
    issues: list[dict] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    cached: bool = False
    era: int | None = None  # the conflict's start year (astronomical): context for identity


def build_article(path: str, base: str, formats: frozenset[str] | None = None,
                  people: Mapping[str, str] | None = None) -> ArticleResult:
    """Parse, extract, map, validate and render one article (in the dataset `formats`, by
    default all), its people under the identities `people` resolved across articles;
    errors become a failed result."""

    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = timings.get(stage, 0.0) + now - clock
        clock = now

    try:
        article = parse_file(path)
        lap("parse")
        facts = extract(article, source_url(Path(path), article.title.text))
        lap("extract")
        graph = to_graph(facts, article, base, people)
        lap("map")
        report = validate(graph)
        lap("validate")
    except HandanError as exc:
        return ArticleResult(path=path, ok=False, error=str(exc))
    except Exception as exc:  # noqa: BLE001 -- one article our code cannot handle is skipped and listed, not the corpus lost
        return ArticleResult(path=path, ok=False, error=f"{path}: could not be built ({type(exc).__name__}: {exc})")
    result = ArticleResult(
        path=path,
        ok=report.conforms,
        error=None if report.conforms else f"{path}: {len(report.violations)} SHACL violation(s)",
        slug=article.slug,
        title=article.title.text,
        sha256=article.sha256,
        source=facts.source_url or "",
        text=article.text,
        triples=len(graph),
        # the readable report is only shown for an article that fails
        report_turtle=b"" if report.conforms else report.graph.serialize(format="turtle", encoding="utf-8"),
        report_ntriples=report.graph.serialize(format="nt", encoding="utf-8"),
        report_text="" if report.conforms else report.text(),
        violations=len(report.violations),
        warnings=len(report.warnings),
        coverage=article_coverage(article, facts),
        era=facts.conflict.start[0].year if facts.conflict.start else None,
        issues=[
            {"kind": i.kind, "message": i.message, "line": i.line, "key": i.key} for i in facts.issues
        ],
    )
    if report.conforms:
        try:
            result.ntriples, result.turtle_body, result.jsonld_chunk = render(graph, base, formats or frozenset(ALL_FORMATS))
        except Exception as exc:  # noqa: BLE001 -- as above: the article is skipped and listed
            return ArticleResult(path=path, ok=False, error=f"{path}: could not be written ({type(exc).__name__}: {exc})")
        result.cross_triples = relevant_triples(graph, base)
        persons = f"{base}id/person/"
        result.people = tuple(sorted(str(s)[len(persons):] for s in graph.subjects(RDF.type, HKG.Person)
                                     if str(s).startswith(persons)))
    lap("write")
    result.timings = timings
    return result


def slim(result: ArticleResult) -> ArticleResult:
    """The result without its rendered graph, report and text: what a corpus build keeps in memory."""
    return replace(result, ntriples=b"", turtle_body=b"", jsonld_chunk=b"", cross_triples=(), report_turtle=b"",
                   report_ntriples=b"", report_text="", text="")
