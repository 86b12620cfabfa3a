"""Map + validate timings: each corpus article alone, then the whole corpus as one graph.

Prints figures; asserts nothing (speed targets live here, not in unit tests). Target: the
Handan article maps and validates well under a second once caches are warm.

    PYTHONPATH=src python benchmarks/rdf_validation.py [ARTICLE_DIR]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from rdflib import Graph

from handan_kg.parse.article import parse_file
from handan_kg.extract import extract
from handan_kg.rdf.mapping import DEFAULT_BASE, to_graph
from handan_kg.validate.graph import validate

ROOT = Path(__file__).resolve().parents[1]


def main(folder: Path) -> None:
    t = time.perf_counter()
    validate(Graph())  # load shapes and ontology once
    print(f"{'first call (shapes + ontology load)':<40} {time.perf_counter() - t:7.3f} s")
    merged = Graph()
    print(f"{'article':<40} {'triples':>8} {'map s':>7} {'validate s':>11}  result")
    for path in sorted(folder.glob("*.txt")):
        article = parse_file(path)
        facts = extract(article, None)
        t = time.perf_counter()
        graph = to_graph(facts, article, DEFAULT_BASE)
        mapped = time.perf_counter() - t
        t = time.perf_counter()
        report = validate(graph)
        checked = time.perf_counter() - t
        merged += graph
        verdict = "conforms" if report.conforms else f"{len(report.violations)} violation(s)"
        print(f"{article.slug:<40} {len(graph):>8} {mapped:>7.3f} {checked:>11.3f}  {verdict}, {len(report.warnings)} warning(s)")
    t = time.perf_counter()
    report = validate(merged)
    print(f"{'whole corpus as one graph':<40} {len(merged):>8} {'':>7} {time.perf_counter() - t:>11.3f}  "
          f"{'conforms' if report.conforms else 'VIOLATIONS'}, {len(report.warnings)} warning(s)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "fixtures" / "corpus")
