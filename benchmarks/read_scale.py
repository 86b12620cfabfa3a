"""Read-at-scale benchmark: `handan-kg query` as a whole process on a large corpus, against an
Oxigraph server answering the same query on the same data in the same run.

    python benchmarks/read_scale.py                    # 1,000 synthetic articles
    python benchmarks/read_scale.py --sizes 1000,10000 # and 10,000 (a build of about 10 minutes)
    python benchmarks/read_scale.py --real             # every real article the project holds, as one corpus

For each corpus: `handan-kg build --workers 2` (which leaves the readers' store in
`DIR/.store`), then for every competency query in queries/ the median of --runs whole-process
runs of `python -m handan_kg query NAME --dir DIR --format csv`, and of `curl` asking an
`oxigraph serve` over a copy of the same store (started once, on 127.0.0.1, before timing),
with the ratio ours / Oxigraph per query. The same query without the store (the flat files
parsed and closed in memory, as every read did before the store existed) is timed once for
`commanders`, for comparison. Both answers are compared row for row, so a fast wrong answer
cannot pass.

Targets (issue 16, 2 cores): at 10,000 articles every query within 2x Oxigraph and the
selective ones (commanders, timeline) under 0.5 s; at 1,000, `query commanders` under 1.5 s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import start_oxigraph  # noqa: E402  (starts the server and waits until it answers)
from scale import build_cmd, loadavg, measure  # noqa: E402
from synthetic_corpus import generate  # noqa: E402

from handan_kg.resources import QUERIES_DIR  # noqa: E402

SELECTIVE = ("commanders", "timeline")
TARGET_RATIO = 2.0
TARGET_SELECTIVE_S = 0.5


def real_articles(folder: Path) -> Path:
    """Every real article the project holds (development set, fixtures, bundled), copied into one folder."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = [*sorted((ROOT / "tests" / "fixtures").rglob("*.txt")), *sorted((ROOT / "benchmarks" / "data").rglob("*.txt"))]
    seen = set()
    for path in sources:
        if path.name in seen or path.parent.name not in ("articles", "unseen", "fixtures", "corpus"):
            continue
        seen.add(path.name)
        shutil.copy(path, folder / path.name)
    return folder


def _sorted_rows(csv: bytes) -> list[bytes]:
    lines = csv.replace(b"\r\n", b"\n").strip().split(b"\n")
    return [lines[0], *sorted(lines[1:])]


def time_queries(dist: Path, work: Path, runs: int) -> dict:
    names = sorted(p.stem for p in QUERIES_DIR.glob("*.rq"))
    figures: dict[str, dict] = {}
    reference = work / "oxigraph-copy"  # the same quads in a copy: the server takes the store's write lock
    shutil.rmtree(reference, ignore_errors=True)
    shutil.copytree(dist / ".store" / "db", reference)
    with start_oxigraph(reference) as url:
        for name in names:
            query = QUERIES_DIR / f"{name}.rq"
            ours_cmd = [sys.executable, "-m", "handan_kg", "query", name, "--dir", str(dist), "--format", "csv"]
            ref_cmd = ["curl", "-sS", "--fail", "-H", "Accept: text/csv", "--data-urlencode", f"query@{query}", f"{url}/query"]
            ours_out = subprocess.run(ours_cmd, capture_output=True, cwd=ROOT, check=True).stdout
            ref_out = subprocess.run(ref_cmd, capture_output=True, check=True).stdout
            same = _sorted_rows(ours_out) == _sorted_rows(ref_out)
            ours = [measure(ours_cmd, work / f"q-{name}.log").seconds for _ in range(runs)]
            ref = [measure(ref_cmd, work / f"ref-{name}.log").seconds for _ in range(runs)]
            ratio = statistics.median(o / r for o, r in zip(ours, ref))
            figures[name] = {"ours_s": statistics.median(ours), "oxigraph_s": statistics.median(ref), "ratio": ratio,
                             "rows": len(_sorted_rows(ours_out)) - 1, "same_answer": same}
            mark = "" if same else "  ANSWERS DIFFER"
            print(f"  {name:<20} ours {statistics.median(ours):6.3f} s   oxigraph {statistics.median(ref):6.3f} s"
                  f"   ratio {ratio:5.2f}   rows {figures[name]['rows']}{mark}")
    return figures


def in_memory_commanders(dist: Path, work: Path) -> float:
    """`query commanders` without the store: the flat files parsed and closed in memory."""
    stamp = dist / ".store" / "stamp.json"
    kept = stamp.read_bytes()
    stamp.unlink()
    try:
        cmd = [sys.executable, "-m", "handan_kg", "query", "commanders", "--dir", str(dist), "--format", "csv"]
        run = measure(cmd, work / "q-in-memory.log")
    finally:
        stamp.write_bytes(kept)
    return run.seconds


def bench(label: str, corpus: Path, work: Path, runs: int, workers: int) -> dict:
    dist = work / f"dist-{label}"
    shutil.rmtree(dist, ignore_errors=True)
    build = measure(build_cmd([str(corpus)], dist, workers), work / f"build-{label}.log")
    if build.exit_code not in (0, 5):
        raise SystemExit(f"build of {label} failed (exit {build.exit_code}):\n{build.stderr_tail}")
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    store_mb = sum(p.stat().st_size for p in (dist / ".store").rglob("*") if p.is_file()) / 2**20
    print(f"\n== {label}: {len(manifest['articles'])} articles, {manifest['triples']:,} triples; load {loadavg()}")
    print(f"  build (with the store) {build.seconds:.1f} s, store on disk {store_mb:,.0f} MB")
    queries = time_queries(dist, work, runs)
    memory = in_memory_commanders(dist, work)
    print(f"  commanders without the store (flat files parsed in memory, as before): {memory:.2f} s")
    worst = max(queries.values(), key=lambda f: f["ratio"])
    slow = [n for n in SELECTIVE if queries[n]["ours_s"] >= TARGET_SELECTIVE_S]
    print(f"  targets: every query within {TARGET_RATIO}x Oxigraph: {'OK' if worst['ratio'] <= TARGET_RATIO else 'MISSED'}"
          f" (worst {worst['ratio']:.2f}); selective under {TARGET_SELECTIVE_S} s: {'OK' if not slow else 'MISSED ' + ', '.join(slow)};"
          f" answers identical: {'OK' if all(f['same_answer'] for f in queries.values()) else 'NO'}")
    return {"articles": len(manifest["articles"]), "triples": manifest["triples"], "build_s": build.seconds,
            "store_mb": store_mb, "queries": queries, "commanders_in_memory_s": memory}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000", help="synthetic corpus sizes, comma-separated (default 1000; 0 for none)")
    parser.add_argument("--real", action="store_true", help="also every real article the project holds, as one corpus")
    parser.add_argument("--runs", type=int, default=3, help="whole-process runs per query (median quoted)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", help="working folder (default: a temporary one, removed)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="hkg-read-"))
    work.mkdir(parents=True, exist_ok=True)
    figures = {}
    try:
        if args.real:
            figures["real"] = bench("real", real_articles(work / "real"), work, args.runs, args.workers)
        for size in (int(s) for s in args.sizes.split(",") if int(s) > 0):
            corpus = work / f"corpus-{size}"
            if not corpus.is_dir():
                generate(size, corpus, seed=args.seed)
            figures[str(size)] = bench(str(size), corpus, work, args.runs, args.workers)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
