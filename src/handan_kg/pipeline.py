"""build and validate: article files -> facts -> graph -> SHACL report -> dist/.

The order matters for "no partial output": every input is read and parsed before any
extraction, everything is rendered in memory before anything is written, and a graph
that violates the shapes writes only its validation report, never the dataset.

`dist/manifest.json` describes a build (dataset files, base IRI, articles and their
hashes, triple count). Every command that reads a built dataset (validate, query, load,
link, publish, serve) finds the files through it.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Graph

from handan_kg.article import Article, parse_file
from handan_kg.errors import DatasetError, InputError, ValidationFailed
from handan_kg.facts import ArticleFacts
from handan_kg.resources import BUNDLED_ARTICLE
from handan_kg.serialize import write_atomic, write_dataset

MANIFEST = "manifest.json"
REPORT = "validation-report.ttl"


@dataclass
class BuildResult:
    graph: Graph
    facts: list[ArticleFacts]
    files: list[Path]
    report: "object"


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


def build(paths: list[str], out_dir: Path, base: str, name: str | None = None) -> BuildResult:
    """Parse, extract, map, validate and write. Raises `ValidationFailed` after writing the report."""
    from handan_kg.extract import extract
    from handan_kg.rdf import to_graph
    from handan_kg.validate import validate

    files = article_paths(paths)
    articles: list[tuple[Path, Article]] = [(p, parse_file(p)) for p in files]
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir}: output path exists and is not a directory")
    facts = [extract(article, source_url(p, article.title.text)) for p, article in articles]
    graph = Graph()
    for (_, article), fact in zip(articles, facts):
        graph += to_graph(fact, article, base)
    report = validate(graph)
    write_atomic(out_dir / REPORT, report.graph.serialize(format="turtle", encoding="utf-8"))
    if not report.conforms:
        raise ValidationFailed(f"{len(report.violations)} SHACL violation(s); report in {out_dir / REPORT}\n{report.text()}")
    stem = name or (articles[0][1].slug if len(articles) == 1 else "dataset")
    written = write_dataset(graph, out_dir, stem)
    manifest = {
        "name": stem,
        "base_iri": base,
        "files": {p.suffix.lstrip("."): p.name for p in written},
        "report": REPORT,
        "triples": len(graph),
        "articles": [
            {"slug": a.slug, "title": a.title.text, "path": str(p), "sha256": a.sha256, "source": f.source_url}
            for (p, a), f in zip(articles, facts)
        ],
    }
    write_atomic(out_dir / MANIFEST, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return BuildResult(graph, facts, [*written, out_dir / MANIFEST, out_dir / REPORT], report)


def read_manifest(out_dir: Path) -> dict:
    """The manifest of a built dataset, or a `DatasetError` saying how to make one."""
    path = out_dir / MANIFEST
    if not path.is_file():
        raise DatasetError(f"{out_dir}: no built dataset here (missing {MANIFEST}); run 'handan-kg build --out {out_dir}' first")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DatasetError(f"{path}: unreadable manifest ({exc})") from None


def dataset_file(out_dir: Path, fmt: str = "nt") -> Path:
    """Path of the built dataset in format `ttl`, `jsonld` or `nt`."""
    manifest = read_manifest(out_dir)
    path = out_dir / manifest["files"][fmt]
    if not path.is_file():
        raise DatasetError(f"{path}: listed in the manifest but missing; rebuild with 'handan-kg build'")
    return path


def load_dataset(out_dir: Path) -> Graph:
    """Parse the built dataset (N-Triples: the fastest of the three to read)."""
    path = dataset_file(out_dir, "nt")
    graph = Graph()
    try:
        graph.parse(path, format="nt")
    except Exception as exc:  # rdflib raises many parser types; all mean a corrupt file
        raise DatasetError(f"{path}: cannot parse ({exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''})") from None
    return graph


def summary(graph: Graph, report: object) -> str:
    """Triples, entities by class and the validation result, for the terminal."""
    from handan_kg.rdf import HKG

    by_class = Counter(o for o in graph.objects(None, RDF.type) if str(o).startswith(str(HKG)))
    counts = Counter()
    for cls in by_class:
        counts[cls.split("#")[-1]] = by_class[cls]
    lines = [f"triples: {len(graph)}", "entities by class:"]
    lines += [f"  {name:<22} {n}" for name, n in sorted(counts.items())]
    lines.append(f"validation: {'conforms' if report.conforms else 'VIOLATIONS'} ({len(report.warnings)} warning(s))")
    return "\n".join(lines)


def build_command(args: argparse.Namespace) -> int:
    out_dir = Path(args.out)
    result = build(args.paths, out_dir, args.base_iri, args.name)
    if not args.quiet:
        print(summary(result.graph, result.report))
        for fact in result.facts:
            for issue in fact.issues:
                if issue.kind != "ignored-key":
                    print(f"warning: {fact.article_slug}: {issue.message}", file=sys.stderr)
        print("wrote: " + ", ".join(str(p) for p in result.files))
    return 0


def validate_command(args: argparse.Namespace) -> int:
    from handan_kg.validate import validate

    out_dir = Path(args.dir)
    report = validate(load_dataset(out_dir))
    write_atomic(out_dir / REPORT, report.graph.serialize(format="turtle", encoding="utf-8"))
    if not report.conforms:
        raise ValidationFailed(f"{len(report.violations)} SHACL violation(s); report in {out_dir / REPORT}\n{report.text()}")
    print(f"{out_dir}: conforms ({len(report.warnings)} warning(s))")
    return 0
