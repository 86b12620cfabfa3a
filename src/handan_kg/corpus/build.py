"""build: article files -> per-article graphs -> one dataset in dist/ (each article validated).

A build runs `corpus.article.build_article` for each article (inline, in a process pool,
or on a Dask cluster: anything with the `concurrent.futures` interface), in a bounded
window so memory does not grow with the corpus, and streams the results in input order
into `write.serialize.DatasetWriter`. Results are cached by content hash and code fingerprint
in `DIR/.cache/`, so an incremental rebuild only re-extracts changed articles.

Failure rules: a single-article build raises the article's error (one line, or the
validation report). In a multi-article build a bad article is reported and skipped (or
stops the build with `fail_fast`); the exit status says something was skipped. Nothing
is moved into place until every article has been processed.

`dist/manifest.json` describes a build (dataset files, base IRI, articles and their
hashes, triple count); `dist/texts/<slug>.txt` holds each article's text as read (the
evidence offsets count in it), so the dataset folder is all a publisher needs. Every command that reads a built dataset (validate, query, load,
link, publish, serve) finds the files through it; `store.graph.load_dataset` reads it into rdflib.
`handan-kg validate` lives in `store.validation`.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import pickle
import re
import shutil
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from handan_kg.corpus.article import ArticleResult, build_article, slim
from handan_kg.corpus.coverage import corpus_coverage
from handan_kg.corpus.crosscheck import CrossCheck
from handan_kg.corpus.identity import PersonIdentities
from handan_kg.corpus.sources import addresses
from handan_kg.errors import (
    EndpointError,
    HandanError,
    InputError,
    OutputError,
    ValidationFailed,
)
from handan_kg.parse.article import slugify
from handan_kg.resources import BUNDLED_ARTICLE, ONTOLOGY_DIR, SHAPES_DIR
from handan_kg.write.manifest import MANIFEST, TEXTS, text_name
from handan_kg.write.report import REPORT, ReportWriter
from handan_kg.write.serialize import (
    DatasetWriter,
    dataset_formats,
    write_aside,
    write_atomic,
)
from handan_kg.write.texts import TextWriter, sweep

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
    timings: dict = field(default_factory=dict)  # seconds per stage and wall time (not written to disk)


def portable_path(path: str) -> str:
    """An input's path as the manifest names it: relative to the current directory when it
    lies below it (`data/articles/x.txt`), else its file name; never the building machine's
    absolute path, so builds in two folders write the same manifest."""
    p = Path(path)
    try:
        return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return p.name


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
        elif p.exists() and not p.is_file():  # `/dev/zero`, a FIFO: reading would never end
            raise InputError(f"{p}: not a regular file")
        else:
            out.append(p)
    return out


def _refuse_slug_collisions(files: list[Path]) -> None:
    """Two files whose names give one slug (`battle_of_julu.txt`, `battle-of-julu.txt`) would be
    merged into one graph: refused, naming both, before anything is built."""

    seen: dict[str, Path] = {}
    for f in files:
        slug = slugify(f.stem)
        if slug in seen and seen[slug] != f:
            raise InputError(f"{seen[slug]} and {f} give the same article identity {slug!r}; rename one of them")
        seen[slug] = f


def code_digest() -> str:
    """Hash of everything that shapes a result: code, vocabularies, ontology, shapes."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]  # the installed package or src/handan_kg alike
    for folder in (package, ONTOLOGY_DIR, SHAPES_DIR):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in {".py", ".json", ".tsv", ".ttl", ".jsonld", ".txt"}:
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def normalize_base(base: str) -> str:
    """An absolute http(s) IRI ending in `/`, so that `{base}id/...` is always well formed."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(base)
        host_ok = bool(parts.hostname) and (parts.port is None or parts.port > 0)
    except ValueError:  # `http://[::1/`: an unclosed IPv6 host, a port that is not a number
        host_ok = False
    if not host_ok or not re.match(r"^https?://[^\s/<>\"{}|\\^`]+(/[^\s<>\"{}|\\^`]*)?$", base):
        raise InputError(f"--base-iri {base!r}: expected an absolute http(s) IRI such as https://example.org/kg/")
    return base if base.endswith("/") else base + "/"


def graph_iri(base: str, slug: str) -> str:
    """The named graph that holds one article's statements."""
    return f"{base}id/graph/{slug}"


class _Cache:
    """Per-article results keyed by (file name, content, base IRI, formats, code fingerprint)."""

    def __init__(self, out_dir: Path, base: str, formats: frozenset[str]) -> None:
        self.dir = out_dir / CACHE / code_digest()
        self.base = base
        self.formats = ",".join(sorted(formats)).encode()  # an entry holds the renderings asked for
        self._ready = False
        # entries written by other versions of the code can never be hit again
        if self.dir.parent.is_dir():
            for stale in self.dir.parent.iterdir():
                if stale != self.dir and stale.is_dir():
                    shutil.rmtree(stale, ignore_errors=True)

    def key(self, path: Path) -> str | None:
        try:
            content = path.read_bytes()
        except OSError:
            return None
        address = addresses(path.parent).get(path.name, "").encode()  # its own row, not the whole file
        return hashlib.sha256(b"\0".join((path.name.encode(), self.base.encode(), self.formats, content, address))).hexdigest()

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
        """Store a result: a write to a fixed temporary name and a rename, without
        `write_atomic`'s mkstemp and mkdir, because this runs once per article in the
        merging process and one build writes a cache directory at a time."""
        if key is not None and result.ok:
            if not self._ready:
                self.dir.mkdir(parents=True, exist_ok=True)
                self._ready = True
            tmp = self.dir / f".{key}.tmp"
            try:
                tmp.write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
                os.replace(tmp, self.dir / key)
            except BaseException:  # Ctrl-C or a full disk: no torn entry left behind
                tmp.unlink(missing_ok=True)
                raise


_TEMP_NAME = re.compile(r"^\..+\.(ttl|jsonld|nt|trig|nq|json)\.[A-Za-z0-9_]{8}$")


def _sweep_temp_files(out_dir: Path) -> None:
    """Remove this build's temporary files (`.<name>.<fmt>.XXXXXXXX`, and the texts') after a failure."""
    if out_dir.is_dir():
        for path in out_dir.iterdir():
            if _TEMP_NAME.match(path.name) and path.is_file():
                path.unlink(missing_ok=True)
        sweep(out_dir)


def _executor(workers: int, scheduler: str | None, connect_timeout: float = 10.0) -> tuple[Executor | None, Callable[[], None]]:
    """A concurrent.futures executor: none (inline), a process pool, or a Dask cluster's
    (an unreachable scheduler is a remote failure, exit 4, after `connect_timeout` seconds)."""
    if scheduler:
        try:
            from distributed import Client
        except ImportError:
            raise InputError("--scheduler needs Dask: pip install 'handan-kg[dask]'") from None
        try:
            client = Client(scheduler, timeout=connect_timeout)
        except (OSError, TimeoutError) as exc:
            raise EndpointError(f"cannot reach Dask scheduler at {scheduler} within {connect_timeout:g} s ({exc})") from None
        return client.get_executor(), client.close
    if workers <= 1:
        return None, lambda: None
    pool = ProcessPoolExecutor(max_workers=workers)
    return pool, lambda: pool.shutdown(cancel_futures=True)


def _results(paths: list[Path], base: str, formats: frozenset[str], cache: _Cache, executor: Executor | None,
             window: int, people: PersonIdentities) -> Iterator[ArticleResult]:
    """Article results in input order, at most `window` in flight per pass. The first pass
    builds each article on its own; in input order, its people are then resolved against
    the articles before it (on the records: minted slugs and the conflict's year), and an
    article with a homonym of another era is built again under the resolved identities
    (a second pass, in parallel too). Nothing edits rendered RDF."""
    second: deque[Future | ArticleResult] = deque()
    for result in _first_pass(paths, base, formats, cache, executor, window):
        renames = people.resolve(result.slug, result.people, result.era) if result.ok else {}
        if not renames:
            second.append(result)
        elif executor is None:
            second.append(build_article(result.path, base, formats, renames))
        else:
            second.append(executor.submit(build_article, result.path, base, formats, renames))
        while second and (len(second) > window or isinstance(second[0], ArticleResult)):
            yield _done(second.popleft())
    while second:
        yield _done(second.popleft())


def _done(item: Future | ArticleResult) -> ArticleResult:
    return item if isinstance(item, ArticleResult) else item.result()


def _first_pass(paths: list[Path], base: str, formats: frozenset[str], cache: _Cache, executor: Executor | None,
                window: int) -> Iterator[ArticleResult]:
    """Each article built on its own (or taken from the cache), in input order."""
    keys = [cache.key(p) for p in paths]
    pending: dict[int, Future | ArticleResult] = {}
    next_submit = 0
    for index in range(len(paths)):
        while next_submit < len(paths) and next_submit < index + window:
            hit = cache.get(keys[next_submit])
            if hit is not None:
                pending[next_submit] = hit
            elif executor is None:
                pending[next_submit] = build_article(str(paths[next_submit]), base, formats)
            else:
                pending[next_submit] = executor.submit(build_article, str(paths[next_submit]), base, formats)
            next_submit += 1
        result = _done(pending.pop(index))
        if not result.cached:
            cache.put(keys[index], result)
        yield result


def build(paths: list[str], out_dir: Path, base: str, name: str | None = None, **options) -> BuildResult:
    """Build `paths` into a dataset in `out_dir` (see `_build`). A full disk, a read-only or
    forbidden output folder is one `OutputError`; temporary files are removed and the dataset
    already there is left as it was (every file is written aside and renamed into place)."""
    try:
        return _build(paths, out_dir, base, name, **options)
    except OSError as exc:
        if exc.errno not in _OUTPUT_ERRNOS:
            raise
        _sweep_temp_files(out_dir)
        where = exc.filename or out_dir
        raise OutputError(f"cannot write {where}: {exc.strerror}; the dataset already in {out_dir} is unchanged") from None


_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT, errno.EFBIG}


def _build(
    paths: list[str],
    out_dir: Path,
    base: str,
    name: str | None = None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    scheduler_timeout: float = 10.0,
    fail_fast: bool = False,
    formats: str | None = None,
    on_article: Callable[[ArticleResult], None] | None = None,
) -> BuildResult:
    """Build a dataset from articles into `out_dir`. See the module docstring for failure rules."""

    base = normalize_base(base)
    written_formats = dataset_formats(formats)
    if name is not None and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*", name):
        raise InputError(f"--name {name!r}: a file name stem of letters, digits, '-', '_' and '.' (no folders)")
    files = article_paths(paths)
    _refuse_slug_collisions(files)
    if workers is not None and files:  # never more processes than articles
        workers = max(1, min(workers, len(files)))
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir}: output path exists and is not a directory")
    single = len(files) == 1
    if workers is None:  # several articles: one process per CPU (output is the same bytes)
        workers = 1 if single else min(os.cpu_count() or 1, len(files))
    stem = name or ("dataset" if not single else None)
    texts = TextWriter(out_dir)  # refuses a `texts` that is no folder before any work
    cache = _Cache(out_dir, base, written_formats)
    executor, shutdown = _executor(workers, scheduler, scheduler_timeout)
    writer: DatasetWriter | None = None
    results: list[ArticleResult] = []
    failures: list[ArticleResult] = []
    reports = ReportWriter(out_dir)
    cross = CrossCheck(base)
    people = PersonIdentities()
    started = time.perf_counter()
    try:
        for result in _results(files, base, written_formats, cache, executor, max(4, 4 * workers), people):
            if on_article:
                on_article(result)
            if not result.ok:
                failures.append(slim(result))
                if single:
                    if result.report_turtle:
                        write_atomic(out_dir / REPORT, result.report_turtle)
                        raise ValidationFailed(f"{result.error}; report in {out_dir / REPORT}\n{result.report_text}")
                    raise InputError(result.error or f"{result.path}: failed")
                reports.add(result.report_ntriples)
                if fail_fast:
                    raise ArticlesSkipped(f"stopped at the first bad article (--fail-fast): {result.error}")
                continue
            if writer is None:
                writer = DatasetWriter(out_dir, stem or result.slug, base, written_formats)
            writer.add(graph_iri(base, result.slug), result.ntriples, result.turtle_body, result.jsonld_chunk)
            texts.add(result.slug, result.text)
            cross.add(result.slug, result.cross_triples)
            reports.add(result.report_ntriples)
            results.append(slim(result))
        if writer is None:
            raise ArticlesSkipped(f"no article could be built ({len(failures)} failed)")
        extra = cross.finish()
        if extra is not None:
            writer.add(graph_iri(base, "cross-article"), *extra)
        triples = writer.triples
        pending = writer.close()
        files_written = [final for _, final in pending]
        pending += texts.pending
    except BaseException:
        if writer is not None:
            writer.abort()
        reports.abort()
        texts.abort()
        _sweep_temp_files(out_dir)  # an interrupt can land between creating a file and noting it
        raise
    finally:
        shutdown()
    elapsed = time.perf_counter() - started
    # coverage.json says what was read, not how long it took or what came from the cache:
    # two builds of the same input write the same bytes (timings are in the build summary)
    coverage = {
        "articles": {r.slug: {**r.coverage, "triples": r.triples} for r in results},
        "failed": {portable_path(r.path): r.error for r in failures},
        "corpus": corpus_coverage({r.slug: r.coverage for r in results}),
        "cross_article": {**cross.summary(), "people_told_apart": [
            {"article": a, "minted": f"{base}id/person/{m}", "resolved": f"{base}id/person/{r}"} for a, m, r in people.split]},
    }
    manifest = {
        "name": files_written[0].stem,
        "base_iri": base,
        "files": {p.suffix.lstrip("."): p.name for p in files_written},
        "report": REPORT,
        "coverage": COVERAGE,
        "triples": triples,
        "articles": [
            {"slug": r.slug, "title": r.title, "path": portable_path(r.path), "text": text_name(r.slug), "sha256": r.sha256,
             "source": r.source, "graph": graph_iri(base, r.slug)}
            for r in results
        ],
    }
    # Everything is written aside first, then renamed in one step that Ctrl-C cannot split:
    # the manifest last, so a reader never sees new data under an old manifest; the texts of
    # articles that left the dataset go once no manifest lists them.
    stale = texts.stale()
    try:
        pending.append((reports.close(), out_dir / REPORT))
        pending.append((write_aside(out_dir / COVERAGE, (json.dumps(coverage, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")), out_dir / COVERAGE))
        pending.append((write_aside(out_dir / MANIFEST, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")), out_dir / MANIFEST))
        with interrupts_deferred():
            for tmp, final in pending:
                os.replace(tmp, final)
            for path in stale:
                path.unlink(missing_ok=True)
    except BaseException:
        for tmp, _ in pending:
            tmp.unlink(missing_ok=True)
        sweep(out_dir)
        raise
    written = [*files_written, out_dir / MANIFEST, out_dir / REPORT, out_dir / COVERAGE, out_dir / TEXTS]
    return BuildResult(manifest, results, written, failures, coverage, _stage_totals(results, elapsed))


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) and SIGTERM back for the few renames that publish a build; a signal
    that arrives meanwhile is raised again right after, when the new dataset is whole.

    Handlers, not a signal mask: a process-directed signal may land on any thread (the process
    pool's manager thread, say), but Python runs its handlers in the main thread, so replacing
    them there holds the signal back wherever it was delivered."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {s: signal.signal(s, lambda signum, frame: received.append(signum)) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if received:
            signal.raise_signal(received[0])


def _stage_totals(results: list[ArticleResult], elapsed: float) -> dict[str, float]:
    totals: Counter = Counter()
    for r in results:
        if not r.cached:
            totals.update(r.timings)
    out: dict[str, float] = {stage: round(seconds, 4) for stage, seconds in sorted(totals.items())}
    out["wall"] = round(elapsed, 4)
    return out
