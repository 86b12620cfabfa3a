"""Wikidata linking: precision/recall and time against a real Oxigraph fixture endpoint.

Starts `oxigraph serve` loaded with tests/fixtures/wikidata/handan.ttl (the Wikidata-shaped
fixture with its decoys), then for the bundled article as `build` builds it and for the
hand-written model.md dataset of tests/fixtures/link/ runs the linker without the
overrides: a cold run (empty cache: every query goes to the server) and a warm run (all
answers from the cache), and scores the links against tests/gold/wikidata/handan_campaign.tsv.
Targets: precision 1.000, recall >= 0.900; a warm run asks 0 queries.

Usage: python benchmarks/link_quality.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))  # conftest.start_oxigraph, test_link.make_dataset

from conftest import oxigraph_binary, start_oxigraph
from rdflib import Graph
from test_link import FIXTURE, make_dataset

from handan_kg.link.evaluate import DEFAULT_GOLD, evaluate, read_gold
from handan_kg.link.run import LinkOptions, run_linker


def measure(name: str, dist: Path, endpoint: str, cache: Path) -> None:
    manifest = json.loads((dist / "manifest.json").read_text())
    graph = Graph().parse(dist / manifest["files"]["nt"], format="nt")
    sources = [a["source"] for a in manifest.get("articles", []) if a.get("source")]
    gold = read_gold(DEFAULT_GOLD)
    for run in ("cold", "warm"):
        started = time.perf_counter()
        result = run_linker(graph, manifest["base_iri"], sources,
                            LinkOptions(endpoint=endpoint, online=True, cache_dir=cache, overrides=None))
        seconds = time.perf_counter() - started
        report = evaluate({k: l.qid for k, l in result.links.items()}, {e.key for e in result.entities}, gold)
        print(f"{name:<28} {run}: {len(result.entities):3d} entities, {result.asked:3d} queries, {seconds:6.2f} s, "
              f"links {len(result.links):2d}, precision {report.precision:.3f}, recall {report.recall:.3f} "
              f"(target 1.000 / >= 0.900)")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        store = tmp_path / "store"
        subprocess.run([oxigraph_binary(), "load", "--location", str(store), "--file", str(FIXTURE)], check=True,
                       capture_output=True)
        built = tmp_path / "built"
        from handan_kg.cli import main as cli

        if cli(["build", "--out", str(built), "--quiet"]) != 0:
            raise SystemExit("build failed")
        with start_oxigraph(store) as url:
            measure("bundled article (built)", built, url + "/query", tmp_path / "cache-built")
            measure("hand-written dataset", make_dataset(tmp_path / "hand"), url + "/query", tmp_path / "cache-hand")


if __name__ == "__main__":
    main()
