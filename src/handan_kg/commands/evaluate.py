"""`handan-kg eval`: the score tables of the extraction against the gold files, or of the
development set (`--devset`), and the facts that differ (`--verbose`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from handan_kg.quality.devset import DevReport, evaluate_devset, read_sources
from handan_kg.quality.evaluate import FACT_TYPES, GoldFileError, Report, evaluate


def eval_command(args: argparse.Namespace) -> int:
    """Print the table (and the differences with --verbose); exit 1 below threshold with --check."""
    if args.devset:
        return _devset_command(Path(args.devset), set(args.batch or ()), args.verbose)
    report = evaluate(Path(args.gold), Path(args.corpus))
    print(f"articles: {', '.join(report.articles)}")
    print(table(report))
    if args.verbose:
        _print_misses(report)
    failures = report.failures()
    for line in failures:
        print(f"below threshold: {line}")
    return 1 if failures and args.check else 0


def table(report: Report) -> str:
    """Precision, recall and counts per fact type, in `FACT_TYPES` order."""
    lines = [f"{'type':<18}{'precision':>10}{'recall':>8}{'tp':>5}{'fp':>5}{'fn':>5}"]
    for fact_type in FACT_TYPES:
        s = report.scores.get(fact_type)
        if s:
            lines.append(f"{fact_type:<18}{s.precision:>10.3f}{s.recall:>8.3f}{s.true_positives:>5}{s.false_positives:>5}{s.false_negatives:>5}")
    return "\n".join(lines)


def format_report(report: DevReport, verbose: bool = False) -> str:
    """The development set's scores per batch (per type for all batches, or each with `verbose`)."""
    lines = []
    for batch in [*report.batches(), None]:
        tallies = report.by_type(batch)
        n = sum(1 for a in report.articles if batch is None or a.batch == batch)
        overall = report.overall(batch)
        failed = sum(1 for a in report.articles if (batch is None or a.batch == batch) and not a.built)
        lines.append(f"batch {batch or 'all'} ({n} articles, {failed} failed): precision {overall.precision:.3f}, recall {overall.recall:.3f}")
        if batch is None or verbose:
            lines.append(f"  {'type':<12}{'precision':>10}{'recall':>8}{'tp':>6}{'got':>6}{'gold':>6}")
            for t, s in tallies.items():
                lines.append(f"  {t:<12}{s.precision:>10.3f}{s.recall:>8.3f}{s.true_positives:>6}{s.extracted:>6}{s.expected:>6}")
    for a in report.articles:
        if not a.built:
            lines.append(f"{a.slug}: extraction failed ({a.error})")
    if verbose:
        for a in report.articles:
            for kind, fact_type, fact in a.differences:
                lines.append(f"{a.slug}\t{kind}\t{fact_type}\t{fact}")
    return "\n".join(lines)


def _print_misses(report: Report) -> None:
    for article, wrong in report.misses.items():
        for kind, fact_type, fact in wrong:
            print(f"{article}\t{kind}\t{fact_type}\t" + "\t".join(x for x in fact if x))


def _devset_command(devset: Path, batches: set[str], verbose: bool) -> int:
    """`eval --devset`: infobox facts per type and batch, narrative facts per type (for the
    articles with narrative gold), and the share of cited quotes that name what they support."""
    if not (devset / "SOURCES.tsv").is_file():
        raise GoldFileError(f"{devset}: not a development set (no SOURCES.tsv)")
    dev = evaluate_devset(devset, batches or None)
    print(format_report(dev, verbose))
    narrative = devset / "narrative"
    chosen = {slug for slug, row in read_sources(devset).items() if row["batch"] in batches} if batches else None
    if narrative.is_dir() and any(f.stem in chosen if chosen is not None else True for f in narrative.glob("*.tsv")):
        report = evaluate(narrative, devset / "articles", only=chosen)
        print(f"narrative ({len(report.articles)} articles):")
        print(table(report))
        if verbose:
            _print_misses(report)
    evidence = dev.evidence
    print(f"evidence: {evidence.naming}/{evidence.cited} quotes cited for entity-valued statements name their object "
          f"({evidence.precision:.3f})")
    if verbose:
        for predicate, obj, quote in evidence.failures:
            print(f"evidence\t{predicate}\t{obj}\t{quote}")
    return 0
