"""Read-at-scale benchmark: `handan-kg query` as a whole process on a large corpus, against an
Oxigraph server answering the same query on the same data in the same run.

    python benchmarks/read_scale.py                    # 1,000 synthetic articles
    python benchmarks/read_scale.py --sizes 1000,10000 # and 10,000 (a build of about 10 minutes)
    python benchmarks/read_scale.py --real             # every real article the project holds, as one corpus
    python benchmarks/read_scale.py --update 10        # the store brought up to date after 10 articles change

For each corpus: `handan-kg build --workers 2` (which leaves the readers' store in
`DIR/.store`), then for every competency query in queries/ the median of --runs whole-process
runs of `python -m handan_kg query NAME --dir DIR --format csv`, and of `curl` asking an
`oxigraph serve` over a copy of the same store (started once, on 127.0.0.1, before timing),
with the ratio ours / Oxigraph per query. The same query without the store (the flat files
parsed and closed in memory, as every read did before the store existed) is timed once for
`commanders`, for comparison. Both answers are compared row for row, so a fast wrong answer
cannot pass.

With --serve, `handan-kg serve` start-up instead: for each corpus, with the store and with the
flat files only (a copy without `.store`), the seconds from launching the process to the
first 200 on /health and then on one entity page, and the resident memory (RSS) of the
server process and of its SPARQL workers once that page is served; median of --runs starts.

With --update N, the store's update instead: each corpus is built, N of its articles are
retitled (spread through the corpus) and it is built again; the seconds `build` spent bringing
its store up to date (`store.update`, from the build's JSON log) are set against a whole
rebuild of the store from the same files in the same run (`store.dataset.write_store`, on a
copy without the store), and both stores are checked to hold the same quads. The unchanged
rebuild after it is timed too (it must leave the store alone).

Targets (issue 16, 2 cores): at 10,000 articles every query within 2x Oxigraph and the
selective ones (commanders, timeline) under 0.5 s; at 1,000, `query commanders` under 1.5 s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
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


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def serve_startup(dist: Path, page: str) -> dict:
    """One `serve` start: seconds to the first 200 on /health and on `page`, and RSS then."""
    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "handan_kg", "serve", str(dist), "--host", "127.0.0.1", "--port", str(port), "--workers", "2"]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        health = None
        while health is None:
            if proc.poll() is not None or time.perf_counter() - started > 600:
                raise SystemExit(f"serve {dist} did not start")
            try:
                if httpx.get(url + "/health", timeout=1.0).status_code == 200:
                    health = time.perf_counter() - started
            except httpx.TransportError:
                time.sleep(0.01)  # polling interval while the server starts
        if httpx.get(url + "/" + page, timeout=60.0).status_code != 200:
            raise SystemExit(f"serve {dist}: /{page} did not answer 200")
        first_page = time.perf_counter() - started
        return {"health_s": health, "page_s": first_page, "server_rss_mb": _rss_mb(proc.pid),
                "workers_rss_mb": sum(_rss_mb(c) for c in _children(proc.pid))}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def bench_serve(label: str, dist: Path, work: Path, runs: int) -> dict:
    """`serve` start-up on `dist` with its store and on a copy with the flat files only."""
    flat = work / f"flat-{label}"
    shutil.rmtree(flat, ignore_errors=True)
    shutil.copytree(dist, flat, ignore=shutil.ignore_patterns(".store"))
    slug = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))["articles"][0]["slug"]
    page = f"page/article/{slug}.html"  # an article's page: every fact read from it, with sources
    out = {}
    for name, where in (("store", dist), ("flat", flat)):
        starts = [serve_startup(where, page) for _ in range(runs)]
        out[name] = {k: statistics.median(s[k] for s in starts) for k in starts[0]}
        f = out[name]
        print(f"  serve {name:<5} /health {f['health_s']:6.2f} s   first page {f['page_s']:6.2f} s   "
              f"RSS server {f['server_rss_mb']:6.0f} MB + SPARQL workers {f['workers_rss_mb']:6.0f} MB")
    return out


def built(label: str, corpus: Path, work: Path, workers: int) -> tuple[Path, dict, float]:
    """`handan-kg build` of `corpus` (leaving the store): the folder, its manifest, the seconds."""
    dist = work / f"dist-{label}"
    shutil.rmtree(dist, ignore_errors=True)
    build = measure(build_cmd([str(corpus)], dist, workers), work / f"build-{label}.log")
    if build.exit_code not in (0, 5):
        raise SystemExit(f"build of {label} failed (exit {build.exit_code}):\n{build.stderr_tail}")
    return dist, json.loads((dist / "manifest.json").read_text(encoding="utf-8")), build.seconds


def bench(label: str, corpus: Path, work: Path, runs: int, workers: int, serve: bool = False) -> dict:
    dist, manifest, build_s = built(label, corpus, work, workers)
    if serve:
        print(f"\n== {label}: {len(manifest['articles'])} articles, {manifest['triples']:,} triples; load {loadavg()}")
        return {"articles": len(manifest["articles"]), "triples": manifest["triples"], "serve": bench_serve(label, dist, work, runs)}
    store_mb = sum(p.stat().st_size for p in (dist / ".store").rglob("*") if p.is_file()) / 2**20
    print(f"\n== {label}: {len(manifest['articles'])} articles, {manifest['triples']:,} triples; load {loadavg()}")
    print(f"  build (with the store) {build_s:.1f} s, store on disk {store_mb:,.0f} MB")
    queries = time_queries(dist, work, runs)
    memory = in_memory_commanders(dist, work)
    print(f"  commanders without the store (flat files parsed in memory, as before): {memory:.2f} s")
    worst = max(queries.values(), key=lambda f: f["ratio"])
    slow = [n for n in SELECTIVE if queries[n]["ours_s"] >= TARGET_SELECTIVE_S]
    print(f"  targets: every query within {TARGET_RATIO}x Oxigraph: {'OK' if worst['ratio'] <= TARGET_RATIO else 'MISSED'}"
          f" (worst {worst['ratio']:.2f}); selective under {TARGET_SELECTIVE_S} s: {'OK' if not slow else 'MISSED ' + ', '.join(slow)};"
          f" answers identical: {'OK' if all(f['same_answer'] for f in queries.values()) else 'NO'}")
    return {"articles": len(manifest["articles"]), "triples": manifest["triples"], "build_s": build_s,
            "store_mb": store_mb, "queries": queries, "commanders_in_memory_s": memory}


def _store_digest(db: Path) -> tuple[int, int]:
    """The quads of a store as (count, sum of their hashes): equal for the same quads, in any order."""
    import pyoxigraph as ox

    count, total = 0, 0
    for quad in ox.Store.read_only(str(db)):
        count, total = count + 1, (total + hash(str(quad))) & (2**64 - 1)
    return count, total


def _rebuild_logged(corpus: Path, dist: Path, workers: int, log: Path) -> tuple[float, dict]:
    """`handan-kg build` with JSON log lines: the seconds, and its closing `build` record."""
    cmd = [*build_cmd([str(corpus)], dist, workers)[:-1], "--log-format", "json"]
    run = measure(cmd, log)
    if run.exit_code not in (0, 5):
        raise SystemExit(f"rebuild failed (exit {run.exit_code}):\n{run.stderr_tail}")
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.startswith("{")]
    return run.seconds, next(r for r in records if r.get("event") == "build")


def bench_update(label: str, corpus: Path, work: Path, workers: int, changes: int) -> dict:
    """A rebuild after retitling `changes` articles: the store update against a whole store rebuild."""
    from handan_kg.store.dataset import STORE_DIR, store_path, write_store

    edited = work / f"corpus-{label}-edited"
    shutil.rmtree(edited, ignore_errors=True)
    shutil.copytree(corpus, edited)
    dist, manifest, build_s = built(label, edited, work, workers)
    print(f"\n== {label}: {len(manifest['articles'])} articles, {manifest['triples']:,} triples; first build {build_s:.1f} s; load {loadavg()}")
    articles = sorted(edited.glob("*.txt"))
    for path in articles[:: max(1, len(articles) // changes)][:changes]:
        lines = path.read_text(encoding="utf-8").split("\n", 1)
        path.write_text(lines[0].removesuffix(" =") + " (revised) =\n" + lines[1], encoding="utf-8")
    rebuild_s, record = _rebuild_logged(edited, dist, workers, work / f"rebuild-{label}.log")
    update_s = record["store_seconds"]
    whole = work / f"dist-{label}-whole"
    shutil.rmtree(whole, ignore_errors=True)
    shutil.copytree(dist, whole, ignore=shutil.ignore_patterns(STORE_DIR))
    started = time.perf_counter()
    write_store(whole)
    whole_s = time.perf_counter() - started
    same = _store_digest(store_path(dist)) == _store_digest(store_path(whole))
    again_s, again = _rebuild_logged(edited, dist, workers, work / f"unchanged-{label}.log")
    print(f"  rebuild after retitling {changes} articles: {rebuild_s:.1f} s; store {record['store']} in {update_s:.2f} s;"
          f" the same store rebuilt whole: {whole_s:.2f} s ({whole_s / update_s:.1f}x); same quads: {'OK' if same else 'NO'}")
    print(f"  unchanged rebuild: {again_s:.1f} s, store {again['store']} in {again['store_seconds']:.3f} s")
    return {"articles": len(manifest["articles"]), "triples": manifest["triples"], "changed_articles": changes,
            "rebuild_s": rebuild_s, "store": record["store"], "store_update_s": update_s, "store_whole_s": whole_s,
            "same_quads": same, "unchanged_rebuild_s": again_s, "unchanged_store": again["store"],
            "unchanged_store_s": again["store_seconds"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000", help="synthetic corpus sizes, comma-separated (default 1000; 0 for none)")
    parser.add_argument("--real", action="store_true", help="also every real article the project holds, as one corpus")
    parser.add_argument("--runs", type=int, default=3, help="whole-process runs per query (median quoted)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", help="working folder (default: a temporary one, removed)")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--serve", action="store_true", help="time `serve` start-up with and without the store instead of queries")
    parser.add_argument("--update", type=int, metavar="N", help="time the store's update after N articles change instead of queries")
    args = parser.parse_args(argv)
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="hkg-read-"))
    work.mkdir(parents=True, exist_ok=True)
    figures = {}
    try:
        corpora = [("real", real_articles(work / "real"))] if args.real else []
        for size in (int(s) for s in args.sizes.split(",") if int(s) > 0):
            corpus = work / f"corpus-{size}"
            if not corpus.is_dir():
                generate(size, corpus, seed=args.seed)
            corpora.append((str(size), corpus))
        for label, corpus in corpora:
            if args.update:
                figures[label] = bench_update(label, corpus, work, args.workers, args.update)
            else:
                figures[label] = bench(label, corpus, work, args.runs, args.workers, args.serve)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
