"""Query latency and load throughput: prints the figures and the targets next to them.

1. Each competency query in queries/ on the embedded store (the Handan graph, with its
   RDFS closure): median of --repeat runs, evaluation plus reading every row, without
   process start-up. Target: < 20 ms each.
2. `handan-kg query <first library query>` as a whole process (interpreter start, imports,
   loading dist/, closure, query, output): median of 5 runs. Target: < 1.5 s.
3. Load throughput (triples/s) into a real `oxigraph serve` through `handan_kg.store.load`
   (the path `handan-kg load` picks, plus the verification count; a reload, which
   replaces the graph transactionally, is timed on the Handan graph), on the Handan graph and on a synthetic graph
   of --synthetic triples (default 1,000,000) generated deterministically, against
   `oxigraph load` of the same file into a fresh store in the same run.
   Target: ours >= 50% of `oxigraph load`.

Usage: python benchmarks/query_load.py [--dist DIR] [--synthetic N] [--repeat N]
Without --dist the bundled Handan article is built into a temporary directory.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))  # conftest.start_oxigraph: the test suite's server runner

from handan_kg.store import load as store  # noqa: E402
from handan_kg.store import query as q  # noqa: E402
from handan_kg.store.dataset import open_dataset, triple_count  # noqa: E402
from handan_kg.write.manifest import read_manifest  # noqa: E402

SYNTHETIC_BASE = "https://w3id.org/handan-kg/id/synthetic/"
HKG = "https://w3id.org/handan-kg/ontology#"


def build_handan(out: Path) -> Path:
    from handan_kg.corpus.build import build
    from handan_kg.resources import BUNDLED_ARTICLE

    build([str(BUNDLED_ARTICLE)], out, "https://w3id.org/handan-kg/")
    return out


def synthetic_graph(path: Path, triples: int) -> int:
    """Write `triples` N-Triples (10 per entity, entities in a tree), the same bytes every run."""
    entities = triples // 10
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    integer = "<http://www.w3.org/2001/XMLSchema#integer>"
    date = "<http://www.w3.org/2001/XMLSchema#date>"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(entities):
            s = f"<{SYNTHETIC_BASE}e{i}>"
            fh.write(
                f"{s} {rdf_type} <{HKG}{('Battle', 'Campaign', 'War', 'Siege')[i % 4]}> .\n"
                f"{s} {label} \"Synthetic conflict {i}\"@en .\n"
                f"{s} <{HKG}partOf> <{SYNTHETIC_BASE}e{i // 10}> .\n"
                f"{s} <{HKG}place> <{SYNTHETIC_BASE}place{i % 997}> .\n"
                f"{s} <{HKG}startDate> \"{1000 + i % 1000:04d}-{1 + i % 12:02d}-{1 + i % 28:02d}\"^^{date} .\n"
                f"{s} <{HKG}hasSide> <{SYNTHETIC_BASE}e{i}-side1> .\n"
                f"{s} <{HKG}hasSide> <{SYNTHETIC_BASE}e{i}-side2> .\n"
                f"<{SYNTHETIC_BASE}e{i}-side1> <{HKG}count> \"{(i * 7919) % 100000}\"^^{integer} .\n"
                f"<{SYNTHETIC_BASE}e{i}-side2> <{HKG}count> \"{(i * 104729) % 100000}\"^^{integer} .\n"
                f"<{SYNTHETIC_BASE}e{i}-side1> <{HKG}isVictor> \"{'true' if i % 2 else 'false'}\"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n"
            )
    return entities * 10


def query_latencies(dist: Path, repeat: int) -> list[tuple[str, float]]:
    db = open_dataset(dist)
    out = []
    for entry in q.library():
        text = entry.path.read_text(encoding="utf-8")
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            result = db.query(text)
            if not isinstance(result, q.ox.QueryBoolean):
                for _row in result:
                    pass
            times.append(time.perf_counter() - start)
        out.append((entry.name, statistics.median(times) * 1000))
    return out


def whole_process(dist: Path, name: str, runs: int = 5) -> float:
    cmd = [sys.executable, "-m", "handan_kg", "query", name, "--dir", str(dist)]
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def our_load(server: str, file: Path, count: int, graph: str) -> store.LoadReport:
    """`handan_kg.store.load` replacing `graph` with `file` (streamed) and verifying it, as `load` does."""
    target = store.Target(f"{server}/store", query=f"{server}/query", timeout=600)
    try:
        return store.load_payload(store.Payload((file,), count), graph, target)
    finally:
        target.close()


def oxigraph_load(binary: str, file: Path, workdir: Path) -> float:
    location = Path(tempfile.mkdtemp(dir=workdir))
    start = time.perf_counter()
    subprocess.run([binary, "load", "--location", str(location), "--file", str(file), "--graph", "urn:bench:g"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    from conftest import oxigraph_binary, start_oxigraph

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, help="a built dataset (default: build the bundled article)")
    parser.add_argument("--synthetic", type=int, default=1_000_000, help="synthetic graph size in triples")
    parser.add_argument("--repeat", type=int, default=50, help="runs per query for the median")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        dist = args.dist or build_handan(work / "dist")
        print(f"Handan graph: {read_manifest(dist)['triples']} asserted triples; embedded store with ontology + RDFS closure: {triple_count(open_dataset(dist))}")
        print("\n1. competency queries on the embedded store (median, target < 20 ms)")
        latencies = query_latencies(dist, args.repeat)
        for name, ms in latencies:
            print(f"   {name:<28} {ms:8.3f} ms  {'ok' if ms < 20 else 'OVER TARGET'}")
        if latencies:
            seconds = whole_process(dist, latencies[0][0])
            print(f"\n2. whole process 'handan-kg query {latencies[0][0]}': {seconds:.3f} s median of 5 (target < 1.5 s) {'ok' if seconds < 1.5 else 'OVER TARGET'}")
        print("\n3. load throughput into oxigraph serve vs 'oxigraph load' (target: ours >= 50%)")
        handan = store.payload(dist, work, closure=True)
        synthetic = work / "synthetic.nt"
        started = time.perf_counter()
        synthetic_count = synthetic_graph(synthetic, args.synthetic)
        print(f"   synthetic graph: {synthetic_count} triples, {synthetic.stat().st_size / 1e6:.0f} MB, generated in {time.perf_counter() - started:.1f} s")
        with start_oxigraph(work / "server") as server:
            for label, file, count in (("Handan", handan.files[0], handan.count), ("synthetic", synthetic, synthetic_count)):
                ours = our_load(server, file, count, f"urn:bench:{label}")
                theirs = oxigraph_load(oxigraph_binary(), file, work)
                ratio = theirs / ours.seconds
                print(f"   {label:<10} handan-kg load {count / ours.seconds:>11,.0f} triples/s ({ours.seconds:.2f} s, {ours.method})\n"
                      f"   {'':<10} oxigraph load  {count / theirs:>11,.0f} triples/s ({theirs:.2f} s)   ratio {ratio:.0%} "
                      f"{'ok' if ratio >= 0.5 else 'UNDER TARGET'}")
            reload = our_load(server, handan.files[0], handan.count, "urn:bench:Handan")
            print(f"   Handan reload (replaces the graph): {handan.count / reload.seconds:,.0f} triples/s ({reload.seconds:.2f} s, {reload.method})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
