"""SHACL validation time per article: pyshacl (the reference) against the fast engine.

Prints figures; asserts nothing (speed targets live here, not in unit tests). For each corpus
article: triples, the warm time of

  pyshacl   pyshacl 0.40 over a copy of data + ontology, as `validate(g, engine="pyshacl")`;
  cached    the same with ONE pyshacl ShapesGraph reused across calls (option 1 of the
            speed-up study; "same" says whether its results equal a fresh pyshacl run);
  fast      `validate(g)` with handan_kg.validate.engine (the default), report building included;
  engine    the fast engine alone (`Engine.run`), without validate()'s report and sources;

and the speed-up pyshacl/fast. First-call (compile) times are printed first, each measured in
a fresh interpreter so imports and shapes/ontology loading count.

    PYTHONPATH=src python benchmarks/validation.py [ARTICLE_DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from rdflib import RDF, Graph
from rdflib.namespace import SH

from handan_kg.parse.article import parse_file
from handan_kg.extract import extract
from handan_kg.corpus.sources import source_url
from handan_kg.rdf.mapping import DEFAULT_BASE, to_graph
from handan_kg.validate.engine import RawResult
from handan_kg.validate.graph import (
    _fast_engine,
    _PreparedQueryGraph,
    ontology_graph,
    pyshacl_results,
    shapes_graph,
    validate,
)

ROOT = Path(__file__).resolve().parents[1]

FIRST_CALL = """
import sys, time
from pathlib import Path
from handan_kg.parse.article import parse_file
from handan_kg.extract import extract
from handan_kg.rdf.mapping import DEFAULT_BASE, to_graph
path = Path(sys.argv[1])
article = parse_file(path)
graph = to_graph(extract(article, None), article, DEFAULT_BASE)
t = time.perf_counter()
from handan_kg.validate.graph import validate
validate(graph, engine=sys.argv[2])
print(time.perf_counter() - t)
"""


class CachedShapes:
    """pyshacl with one compiled ShapesGraph for the process (option 1)."""

    def __init__(self) -> None:
        from pyshacl.shapes_graph import ShapesGraph

        self.shapes = ShapesGraph(shapes_graph())

    def run(self, graph: Graph) -> list[RawResult]:
        from pyshacl import Validator
        from pyshacl.graph_abstraction import DataGraph

        combined = _PreparedQueryGraph()
        combined += graph
        combined += ontology_graph()
        validator = Validator(DataGraph.from_rdflib(combined), shacl_graph=shapes_graph(),
                              options={"inference": "none", "inplace": True, "allow_warnings": True})
        validator.shacl_graph = self.shapes
        _, raw, _ = validator.run()
        return [RawResult(raw.value(r, SH.focusNode), raw.value(r, SH.resultPath), raw.value(r, SH.value),
                          raw.value(r, SH.resultSeverity), raw.value(r, SH.sourceConstraintComponent),
                          tuple(sorted({str(m) for m in raw.objects(r, SH.resultMessage)})))
                for r in raw.subjects(RDF.type, SH.ValidationResult)]


def best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def first_call(path: Path, engine: str) -> float:
    out = subprocess.run([sys.executable, "-c", FIRST_CALL, str(path), engine], check=True,
                         capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "src")})
    return float(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "tests" / "fixtures" / "corpus")
    parser.add_argument("--repeat", type=int, default=3, help="warm runs per article and engine (median)")
    args = parser.parse_args()
    paths = sorted(args.folder.glob("*.txt"))
    handan = next((p for p in paths if "handan" in p.stem), paths[0])
    for engine in ("pyshacl", "fast"):
        print(f"first call in a fresh process, {handan.stem}, engine={engine}: {first_call(handan, engine):.3f} s")
    fast = _fast_engine()
    cached = CachedShapes()
    print(f"{'article':<28} {'triples':>7} {'pyshacl s':>9} {'cached s':>8} {'same':>4} {'fast s':>7} "
          f"{'engine s':>8} {'speed-up':>8} {'results':>7}")
    totals = Counter()
    for path in paths:
        article = parse_file(path)
        graph = to_graph(extract(article, source_url(path, article.title.text)), article, DEFAULT_BASE)
        reference = Counter(pyshacl_results(graph))
        same = Counter(cached.run(graph)) == reference
        assert Counter(fast.run(graph)) == reference, f"{path.stem}: fast engine differs from pyshacl"
        slow = best(lambda g=graph: validate(g, engine="pyshacl"), args.repeat)
        reuse = best(lambda g=graph: cached.run(g), args.repeat)
        quick = best(lambda g=graph: validate(g, engine="fast"), args.repeat)
        engine = best(lambda g=graph: fast.run(g), args.repeat)
        totals.update({"triples": len(graph), "pyshacl": slow, "cached": reuse, "fast": quick, "engine": engine})
        print(f"{path.stem:<28} {len(graph):>7} {slow:>9.3f} {reuse:>8.3f} {'yes' if same else 'NO':>4} "
              f"{quick:>7.4f} {engine:>8.4f} {slow / quick:>7.1f}x {sum(reference.values()):>7}")
    n = len(paths)
    print(f"{'mean':<28} {totals['triples'] / n:>7.0f} {totals['pyshacl'] / n:>9.3f} {totals['cached'] / n:>8.3f} "
          f"{'':>4} {totals['fast'] / n:>7.4f} {totals['engine'] / n:>8.4f} "
          f"{totals['pyshacl'] / totals['fast']:>7.1f}x")


if __name__ == "__main__":
    main()
