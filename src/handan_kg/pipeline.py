"""build and validate: article files -> per-article graphs -> one dataset in dist/.

A build runs `article_build.build_article` for each article (inline, in a process pool,
or on a Dask cluster: anything with the `concurrent.futures` interface), in a bounded
window so memory does not grow with the corpus, and streams the results in input order
into `serialize.DatasetWriter`. Results are cached by content hash and code fingerprint
in `DIR/.cache/`, so an incremental rebuild only re-extracts changed articles.

Failure rules: a single-article build raises the article's error (one line, or the
validation report). In a multi-article build a bad article is reported and skipped (or
stops the build with `fail_fast`); the exit status says something was skipped. Nothing
is moved into place until every article has been processed.

`dist/manifest.json` describes a build (dataset files, base IRI, articles and their
hashes, triple count). Every command that reads a built dataset (validate, query, load,
link, publish, serve) finds the files through it.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import pickle
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from handan_kg.article_build import ArticleResult, build_article
from handan_kg.errors import DatasetError, HandanError, InputError, ValidationFailed
from handan_kg.manifest import MANIFEST, dataset_file, read_manifest  # noqa: F401  (re-exported)
from handan_kg.resources import BUNDLED_ARTICLE, ONTOLOGY_DIR, ROOT, SHAPES_DIR
from handan_kg.serialize import DatasetWriter, write_atomic

REPORT = "validation-report.ttl"
COVERAGE = "coverage.json"
CACHE = ".cache"
EXIT_SKIPPED = 5


class ArticlesSkipped(HandanError):
    """Some articles of a multi-article build failed and were left out."""

    exit_code = EXIT_SKIPPED


@dataclass
class BuildResult:
    manifest: dict
    results: list[ArticleResult]
    files: list[Path]
    failures: list[ArticleResult] = field(default_factory=list)
    coverage: dict = field(default_factory=dict)


def article_paths(paths: list[str]) -> list[Path]:
    """Expand PATH arguments: files as given, directories to their `*.txt` files (sorted)."""
    if not paths:
        return [BUNDLED_ARTICLE]
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(q for q in p.glob("*.txt") if q.is_file())
            if not found:
                raise InputError(f"{p}: directory has no .txt articles")
            out.extend(found)
        else:
            out.append(p)
    return out


def source_url(path: Path, title: str) -> str:
    """The article's address from a SOURCES.tsv beside it, else the Wikipedia URL for its title."""
    sources = path.parent / "SOURCES.tsv"
    if sources.is_file():
        with sources.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                if row.get("file") == path.name and row.get("address"):
                    return row["address"]
    return "https://en.wikipedia.org/wiki/" + title.replace(" ", "_")


def code_fingerprint() -> str:
    """Hash of everything that shapes a result: code, vocabularies, ontology, shapes."""
    digest = hashlib.sha256()
    for folder in (ROOT / "src" / "handan_kg", ONTOLOGY_DIR, SHAPES_DIR):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in {".py", ".json", ".tsv", ".ttl", ".jsonld", ".txt"}:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def normalize_base(base: str) -> str:
    """An absolute http(s) IRI ending in `/`, so that `{base}id/...` is always well formed."""
    if not re.match(r"^https?://[^\s/<>\"{}|\\^`]+(/[^\s<>\"{}|\\^`]*)?$", base):
        raise InputError(f"--base-iri {base!r}: expected an absolute http(s) IRI such as https://example.org/kg/")
    return base if base.endswith("/") else base + "/"


def graph_iri(base: str, slug: str) -> str:
    """The named graph that holds one article's statements."""
    return f"{base}id/graph/{slug}"


class _Cache:
    """Per-article results keyed by (file name, content, base IRI, code fingerprint)."""

    def __init__(self, out_dir: Path, base: str) -> None:
        self.dir = out_dir / CACHE / code_fingerprint()
        self.base = base

    def key(self, path: Path) -> str | None:
        try:
            content = path.read_bytes()
        except OSError:
            return None
        sources = path.parent / "SOURCES.tsv"
        extra = sources.read_bytes() if sources.is_file() else b""
        return hashlib.sha256(path.name.encode() + b"\0" + self.base.encode() + b"\0" + content + b"\0" + extra).hexdigest()

    def get(self, key: str | None) -> ArticleResult | None:
        if key is None or not (self.dir / key).is_file():
            return None
        try:
            result = pickle.loads((self.dir / key).read_bytes())
        except Exception:  # a damaged cache entry is simply rebuilt
            return None
        result.cached = True
        return result

    def put(self, key: str | None, result: ArticleResult) -> None:
        if key is not None and result.ok:
            write_atomic(self.dir / key, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))


def _executor(workers: int, scheduler: str | None) -> tuple[Executor | None, Callable[[], None]]:
    """A concurrent.futures executor: none (inline), a process pool, or a Dask cluster's."""
    if scheduler:
        try:
            from distributed import Client
        except ImportError:
            raise InputError("--scheduler needs Dask: pip install 'handan-kg[dask]'") from None
        try:
            client = Client(scheduler, timeout=10)
        except (OSError, TimeoutError) as exc:
            raise InputError(f"cannot reach Dask scheduler at {scheduler} ({exc})") from None
        return client.get_executor(), client.close
    if workers <= 1:
        return None, lambda: None
    pool = ProcessPoolExecutor(max_workers=workers)
    return pool, lambda: pool.shutdown(cancel_futures=True)


def _results(paths: list[Path], base: str, cache: _Cache, executor: Executor | None, window: int) -> Iterator[ArticleResult]:
    """Article results in input order, at most `window` in flight."""
    keys = [cache.key(p) for p in paths]
    pending: dict[int, Future | ArticleResult] = {}
    next_submit = 0
    for index in range(len(paths)):
        while next_submit < len(paths) and next_submit < index + window:
            hit = cache.get(keys[next_submit])
            if hit is not None:
                pending[next_submit] = hit
            elif executor is None:
                pending[next_submit] = build_article(str(paths[next_submit]), base)
            else:
                pending[next_submit] = executor.submit(build_article, str(paths[next_submit]), base)
            next_submit += 1
        item = pending.pop(index)
        result = item if isinstance(item, ArticleResult) else item.result()
        if not result.cached:
            cache.put(keys[index], result)
        yield result


def build(
    paths: list[str],
    out_dir: Path,
    base: str,
    name: str | None = None,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    fail_fast: bool = False,
    on_article: Callable[[ArticleResult], None] | None = None,
) -> BuildResult:
    """Build a dataset from articles into `out_dir`. See the module docstring for failure rules."""
    from handan_kg.coverage import corpus_coverage
    from handan_kg.crosscheck import CrossCheck
    from handan_kg.identity import PersonIdentities

    base = normalize_base(base)
    files = article_paths(paths)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir}: output path exists and is not a directory")
    single = len(files) == 1
    stem = name or ("dataset" if not single else None)
    cache = _Cache(out_dir, base)
    executor, shutdown = _executor(workers, scheduler)
    writer: DatasetWriter | None = None
    results: list[ArticleResult] = []
    failures: list[ArticleResult] = []
    reports = Graph()
    cross = CrossCheck(base)
    people = PersonIdentities(base)
    started = time.perf_counter()
    try:
        for result in _results(files, base, cache, executor, window=max(4, 4 * workers)):
            if on_article:
                on_article(result)
            if result.report_turtle:
                reports.parse(data=result.report_turtle, format="turtle")
            if not result.ok:
                failures.append(result)
                if single:
                    if result.report_turtle:
                        write_atomic(out_dir / REPORT, reports.serialize(format="turtle", encoding="utf-8"))
                        raise ValidationFailed(f"{result.error}; report in {out_dir / REPORT}\n{result.report_text}")
                    raise InputError(result.error or f"{result.path}: failed")
                if fail_fast:
                    raise ArticlesSkipped(f"stopped at the first bad article (--fail-fast): {result.error}")
                continue
            result = people.resolve(result)
            if writer is None:
                writer = DatasetWriter(out_dir, stem or result.slug, base)
            writer.add(graph_iri(base, result.slug), result.ntriples, result.turtle_body, result.jsonld_nodes)
            cross.add(result)
            results.append(result)
        if writer is None:
            raise ArticlesSkipped(f"no article could be built ({len(failures)} failed)")
        extra = cross.finish()
        if extra is not None:
            writer.add(graph_iri(base, "cross-article"), *extra)
        triples = writer.triples
        files_written = writer.commit()
        writer = None
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    finally:
        shutdown()
    elapsed = time.perf_counter() - started
    coverage = {
        "articles": {r.slug: {**r.coverage, "cached": r.cached, "timings": r.timings, "triples": r.triples} for r in results},
        "failed": {r.path: r.error for r in failures},
        "corpus": corpus_coverage({r.slug: r.coverage for r in results}),
        "cross_article": {**cross.summary(), "people_told_apart": [
            {"article": a, "minted": m, "resolved": r} for a, m, r in people.split]},
        "timings": _stage_totals(results, elapsed),
    }
    manifest = {
        "name": files_written[0].stem,
        "base_iri": base,
        "files": {p.suffix.lstrip("."): p.name for p in files_written},
        "report": REPORT,
        "coverage": COVERAGE,
        "triples": triples,
        "articles": [
            {"slug": r.slug, "title": r.title, "path": r.path, "sha256": r.sha256, "source": r.source, "graph": graph_iri(base, r.slug)}
            for r in results
        ],
    }
    write_atomic(out_dir / REPORT, reports.serialize(format="turtle", encoding="utf-8"))
    write_atomic(out_dir / COVERAGE, (json.dumps(coverage, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
    write_atomic(out_dir / MANIFEST, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    written = [*files_written, out_dir / MANIFEST, out_dir / REPORT, out_dir / COVERAGE]
    return BuildResult(manifest, results, written, failures, coverage)


def _stage_totals(results: list[ArticleResult], elapsed: float) -> dict[str, float]:
    totals: Counter = Counter()
    for r in results:
        if not r.cached:
            totals.update(r.timings)
    out = {stage: round(seconds, 4) for stage, seconds in sorted(totals.items())}
    out["wall"] = round(elapsed, 4)
    return out


def load_dataset(out_dir: Path) -> Graph:
    """Parse the built dataset (N-Triples: the fastest of the formats to read)."""
    path = dataset_file(out_dir, "nt")
    graph = Graph()
    try:
        graph.parse(path, format="nt")
    except Exception as exc:  # rdflib raises many parser types; all mean a corrupt file
        first = str(exc).splitlines()[0] if str(exc) else ""
        raise DatasetError(f"{path}: cannot parse ({exc.__class__.__name__}: {first})") from None
    return graph


def validate_command(args: argparse.Namespace) -> int:
    from handan_kg.validate import validate

    out_dir = Path(args.dir)
    graph = load_dataset(out_dir)
    links = read_manifest(out_dir).get("links")
    if links:  # written by `handan-kg link`: validated with the data it links
        path = out_dir / links["file"]
        try:
            graph.parse(path, format="turtle")
        except (OSError, SyntaxError, ValueError) as exc:
            raise DatasetError(f"{path}: cannot read the links ({exc.__class__.__name__})") from None
    report = validate(graph, engine=getattr(args, "engine", "auto"))
    write_atomic(out_dir / REPORT, report.graph.serialize(format="turtle", encoding="utf-8"))
    if not report.conforms:
        raise ValidationFailed(f"{len(report.violations)} SHACL violation(s); report in {out_dir / REPORT}\n{report.text()}")
    print(f"{out_dir}: conforms ({len(report.warnings)} warning(s))")
    return 0
