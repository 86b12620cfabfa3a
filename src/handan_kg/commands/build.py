"""`handan-kg build`: build the dataset, then bring the store its readers open up to date
(`store.update`: only the graphs that changed are rewritten), and
show people and pipelines what happened: a progress bar, JSON log lines, the coverage table
and the summary.

The pipeline (`handan_kg.corpus.build`) never prints: it only calls `on_article` for each
finished article, and this module decides how to show it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from handan_kg.corpus.article import ArticleResult
from handan_kg.corpus.build import EXIT_SKIPPED, BuildResult, article_paths, build
from handan_kg.store.update import StoreUpdate, update_store


class _JsonLog:
    """One JSON object per line on stderr, for pipelines (`--log-format json`)."""

    def __call__(self, result: ArticleResult) -> None:
        record = {"event": "article", "path": result.path, "ok": result.ok, "cached": result.cached, "triples": result.triples, "error": result.error}
        record["seconds"] = round(sum(result.timings.values()), 4)
        print(json.dumps(record, ensure_ascii=False), file=sys.stderr, flush=True)


class _Progress:
    """A rich progress bar with articles/s and ETA; failures are printed above it."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )

        self.console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("building"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
            TextColumn("{task.fields[rate]:.1f} articles/s"), TimeRemainingColumn(),
            console=self.console, transient=True,
        )
        self.task = self.progress.add_task("build", total=total, rate=0.0)
        self.started = time.perf_counter()
        self.done = 0
        self.progress.start()

    def __call__(self, result: ArticleResult) -> None:
        self.done += 1
        rate = self.done / max(time.perf_counter() - self.started, 1e-9)
        if not result.ok:
            self.console.print(f"[red]skipped[/red] {result.error.splitlines()[0] if result.error else result.path}")
        self.progress.update(self.task, advance=1, rate=rate)

    def stop(self) -> None:
        self.progress.stop()


def _print_failures(result: BuildResult) -> None:
    for failed in result.failures:
        print(f"handan-kg: skipped: {failed.error.splitlines()[0] if failed.error else failed.path}", file=sys.stderr)


def coverage_table(result: BuildResult) -> str:
    """The coverage report as a readable table (one row per article, then the corpus)."""
    rows = [("article", "keys mapped", "ignored", "unmapped", "unparsed", "sentences w/ facts")]
    for slug, rec in result.coverage["articles"].items():
        rows.append((slug, str(len(rec["keys_mapped"])), str(len(rec["keys_ignored"])), str(len(rec["keys_unmapped"])),
                     str(len(rec["values_unparsed"])), f"{rec['sentences_with_facts']}/{rec['sentences']}"))
    corpus = result.coverage["corpus"]
    keys = corpus["keys"]
    rows.append(("TOTAL", str(sum(keys["mapped"].values())), str(sum(keys["ignored"].values())), str(sum(keys["unmapped"].values())),
                 str(corpus["values_unparsed"]), f"{corpus['sentences_with_facts']}/{corpus['sentences']}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))) for r in rows]
    unmapped = sorted(keys["unmapped"])
    if unmapped:
        lines.append("unmapped infobox keys: " + ", ".join(unmapped))
    return "\n".join(lines)


def summary(result: BuildResult) -> str:
    """Triples, entities by class, validation result and where the time went."""
    cross = result.coverage["cross_article"]
    warnings = sum(r.warnings for r in result.results)
    lines = [
        f"articles: {len(result.results)} built ({sum(r.cached for r in result.results)} from cache), {len(result.failures)} skipped",
        f"triples: {result.manifest['triples']}",
        "entities by class:",
    ]
    lines += [f"  {name:<22} {n}" for name, n in cross["entities_by_class"].items()]
    if len(result.results) > 1:
        lines.append(f"shared entities across articles: {cross['shared_entities']}; cross-article disagreements: {cross['disagreements']}")
    lines.append(f"validation: conforms ({warnings} warning(s); report in {result.manifest['report']})")
    timings = result.timings
    lines.append("time: " + ", ".join(f"{k} {v:.2f}s" for k, v in timings.items()))
    return "\n".join(lines)


def build_command(args: argparse.Namespace) -> int:
    quiet = args.quiet or args.log_format == "json"
    total = len(article_paths(args.paths))
    show: _Progress | _JsonLog | None = None
    if args.log_format == "json":
        show = _JsonLog()
    elif not args.quiet and total > 1 and sys.stderr.isatty():
        show = _Progress(total)
    try:
        result = build(args.paths, Path(args.out), args.base_iri, args.name, workers=args.workers,
                       scheduler=args.scheduler, scheduler_timeout=args.scheduler_timeout, fail_fast=args.fail_fast, formats=args.formats, on_article=show)
    finally:
        if isinstance(show, _Progress):
            show.stop()
    store: StoreUpdate | None = None
    if "nt" in result.manifest["files"]:  # the readers' store is made from the N-Triples
        started = time.perf_counter()
        store = update_store(Path(args.out))
        result.timings["store"] = round(time.perf_counter() - started, 4)
        result.files.append(store.path)
    if args.log_format == "json":
        print(json.dumps({"event": "build", "articles": len(result.results), "skipped": len(result.failures),
                          "triples": result.manifest["triples"], "store": str(store) if store else None, "store_seconds": result.timings.get("store"),
                          "files": [str(p) for p in result.files]}), file=sys.stderr)
    elif not quiet:
        if len(result.results) > 1 or result.coverage["corpus"]["keys"]["unmapped"]:
            print(coverage_table(result))
        print(summary(result))
        if store is not None:
            print(f"store: {store}")
        print("wrote: " + ", ".join(str(p) for p in result.files))
    _print_failures(result)
    if result.failures:
        print(f"handan-kg: error: {len(result.failures)} of {total} article(s) skipped", file=sys.stderr)
        return EXIT_SKIPPED
    return 0
