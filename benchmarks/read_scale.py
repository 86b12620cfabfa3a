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

A query whose first run (the one whose answer is compared) takes more than --long seconds is
timed by that run alone, on both sides: at 10,000 articles `provenance` takes minutes. With
--work DIR --reuse, a build already in DIR/dist-SIZE is used as it is (a 10,000-article build
takes about ten minutes; build it once, then run the query and serve benchmarks on it).
--store-only skips the runs on the flat files alone (`serve` and `query commanders` without
the store: at 10,000 articles they do not fit in memory or take minutes).

With --load, `handan-kg load DIR` as a whole process into an empty `oxigraph serve` on
127.0.0.1 (the dataset's N-Triples streamed to its Graph Store endpoint, then counted on the
server), next to `oxigraph load` of the same file into a new store of its own: seconds,
triples/s and peak RSS of each. With --validate, `handan-kg validate DIR --workers N`: seconds
and peak RSS.

Targets (issue 16, 2 cores): at 10,000 articles every query within 2x Oxigraph and the
selective ones (commanders and timeline of one conflict, the one with the most commander rows)
under 0.5 s, the `load` client under 300 MB, `validate`
under 4 minutes; at 1,000, `query commanders` under 1.5 s.
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

from conftest import oxigraph_binary, start_oxigraph  # noqa: E402  (starts the server and waits until it answers)
from scale import build_cmd, loadavg, measure, tree_env  # noqa: E402
from synthetic_corpus import generate  # noqa: E402

from handan_kg.resources import QUERIES_DIR  # noqa: E402
from handan_kg.write.manifest import dataset_file, load_manifest, read_manifest  # noqa: E402

SELECTIVE = ("commanders", "timeline")
TARGET_RATIO = 2.0
TARGET_SELECTIVE_S = 0.5
TARGET_LOAD_CLIENT_MB = 300
TARGET_VALIDATE_S = 240


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


def timed(cmd: list[str]) -> tuple[float, bytes | None]:
    """One whole-process run of `cmd`: its wall seconds and its output (None if it failed: over its time limit)."""
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, cwd=ROOT, env=tree_env())
    return time.perf_counter() - started, done.stdout if done.returncode == 0 else None


def compare(name: str, ours_cmd: list[str], ref_cmd: list[str], work: Path, runs: int, long_s: float) -> tuple[dict, bytes]:
    """Our whole process against `curl` asking the Oxigraph server: the figures, and our answer."""
    first_ours, ours_out = timed(ours_cmd)
    first_ref, ref_out = timed(ref_cmd)
    if ours_out is None or ref_out is None:
        failed = [side for side, out in (("ours", ours_out), ("oxigraph", ref_out)) if out is None]
        print(f"  {name:<24} ours {first_ours:7.1f} s   oxigraph {first_ref:7.1f} s   FAILED (time limit?): {', '.join(failed)}")
        return {"ours_s": first_ours, "oxigraph_s": first_ref, "failed": failed, "ratio": None, "same_answer": None}, ours_out or b""
    same = _sorted_rows(ours_out) == _sorted_rows(ref_out)
    log = "-".join(name.replace("(", "").replace(")", "").split())
    if max(first_ours, first_ref) > long_s:
        ours, ref, rss = [first_ours], [first_ref], None
    else:
        measured = [measure(ours_cmd, work / f"q-{log}.log") for _ in range(runs)]
        ours, rss = [m.seconds for m in measured], max(m.peak_process_mb for m in measured)
        ref = [measure(ref_cmd, work / f"ref-{log}.log").seconds for _ in range(runs)]
    ratio = statistics.median(o / r for o, r in zip(ours, ref))
    figure = {"ours_s": statistics.median(ours), "oxigraph_s": statistics.median(ref), "ratio": ratio,
              "runs": len(ours), "ours_peak_rss_mb": rss, "rows": len(_sorted_rows(ours_out)) - 1, "same_answer": same}
    mark = "" if same else "  ANSWERS DIFFER"
    peak = f"{rss:5.0f} MB" if rss is not None else "    - MB"
    print(f"  {name:<24} ours {figure['ours_s']:7.3f} s   oxigraph {figure['oxigraph_s']:7.3f} s"
          f"   ratio {ratio:5.2f}   peak {peak}   rows {figure['rows']}  (runs {len(ours)}){mark}")
    return figure, ours_out


def busiest_conflict(commanders_csv: bytes) -> str:
    """The conflict with the most commander rows (ties: the first IRI), for the selective queries."""
    counts: dict[str, int] = {}
    for line in _sorted_rows(commanders_csv)[1:]:
        conflict = line.split(b",", 1)[0].decode("utf-8")
        counts[conflict] = counts.get(conflict, 0) + 1
    return min(counts, key=lambda c: (-counts[c], c))


def one_conflict(query: Path, conflict: str) -> str:
    """A library query narrowed to one conflict: `VALUES ?conflict` first in its WHERE."""
    text = query.read_text(encoding="utf-8")
    at = text.index("WHERE {") + len("WHERE {")
    return f"{text[:at]}\n  VALUES ?conflict {{ <{conflict}> }}{text[at:]}"


def time_queries(dist: Path, work: Path, args: argparse.Namespace) -> dict:
    """Every library query (or those named), then the selective ones narrowed to one conflict
    (`NAME (one conflict)`); each side stops a query at --query-timeout seconds."""
    runs, long_s, limit = args.runs, args.long, str(args.query_timeout)
    names = args.queries.split(",") if args.queries else sorted(p.stem for p in QUERIES_DIR.glob("*.rq"))
    figures: dict[str, dict] = {}
    outputs: dict[str, bytes] = {}
    reference = work / "oxigraph-copy"  # the same quads in a copy: the server takes the store's write lock
    shutil.rmtree(reference, ignore_errors=True)
    shutil.copytree(dist / ".store" / "db", reference)
    ours_base = [sys.executable, "-m", "handan_kg", "query", "--dir", str(dist), "--format", "csv", "--timeout", limit]
    with start_oxigraph(reference) as url:
        ref_base = ["curl", "-sS", "--fail", "--max-time", limit, "-H", "Accept: text/csv", f"{url}/query", "--data-urlencode"]
        for name in names:
            figures[name], outputs[name] = compare(name, [*ours_base, name], [*ref_base, f"query@{QUERIES_DIR / name}.rq"], work, runs, long_s)
        if "commanders" not in outputs:
            outputs["commanders"] = timed([*ours_base, "commanders"])[1] or b""
        conflict = busiest_conflict(outputs["commanders"])
        print(f"  one conflict: {conflict}")
        for name in SELECTIVE:
            text = one_conflict(QUERIES_DIR / f"{name}.rq", conflict)
            figures[f"{name} (one conflict)"], _ = compare(f"{name} (one conflict)", [*ours_base, "-e", text],
                                                           [*ref_base, f"query={text}"], work, runs, long_s)
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
    proc = subprocess.Popen(cmd, cwd=ROOT, env=tree_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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


def bench_serve(label: str, dist: Path, work: Path, runs: int, store_only: bool) -> dict:
    """`serve` start-up on `dist` with its store and (unless `store_only`) on a copy with the flat files only."""
    targets = [("store", dist)]
    if not store_only:
        flat = work / f"flat-{label}"
        shutil.rmtree(flat, ignore_errors=True)
        shutil.copytree(dist, flat, ignore=shutil.ignore_patterns(".store"))
        targets.append(("flat", flat))
    slug = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))["articles"][0]["slug"]
    page = f"page/article/{slug}.html"  # an article's page: every fact read from it, with sources
    out = {}
    for name, where in targets:
        starts = [serve_startup(where, page) for _ in range(runs)]
        out[name] = {k: statistics.median(s[k] for s in starts) for k in starts[0]}
        f = out[name]
        print(f"  serve {name:<5} /health {f['health_s']:6.2f} s   first page {f['page_s']:6.2f} s   "
              f"RSS server {f['server_rss_mb']:6.0f} MB + SPARQL workers {f['workers_rss_mb']:6.0f} MB")
    return out


def bench_load(label: str, dist: Path, work: Path, triples: int) -> dict:
    """`handan-kg load` into an empty Oxigraph server, and `oxigraph load` of the same N-Triples."""
    served, own = work / f"load-served-{label}", work / f"load-own-{label}"
    for folder in (served, own):
        shutil.rmtree(folder, ignore_errors=True)
    served.mkdir(parents=True)
    with start_oxigraph(served) as url:
        ours = measure([sys.executable, "-m", "handan_kg", "load", str(dist), "--endpoint", f"{url}/store", "--timeout", "3600"],
                       work / f"load-{label}.log")
    if ours.exit_code != 0:
        raise SystemExit(f"load of {label} failed (exit {ours.exit_code}):\n{ours.stderr_tail}")
    ref = measure([oxigraph_binary(), "load", "--location", str(own), "--file", str(dataset_file(dist, read_manifest(dist), "nt"))], work / f"oxigraph-load-{label}.log")
    if ref.exit_code != 0:
        raise SystemExit(f"oxigraph load of {label} failed (exit {ref.exit_code}):\n{ref.stderr_tail}")
    print(f"  load   ours {ours.seconds:7.1f} s  {triples / ours.seconds:9,.0f} triples/s  client peak {ours.peak_process_mb:6.0f} MB"
          f"   ({ours.stderr_tail.splitlines()[-1] if ours.stderr_tail else ''})")
    print(f"  oxigraph load {ref.seconds:7.1f} s  {triples / ref.seconds:9,.0f} triples/s  peak {ref.peak_process_mb:6.0f} MB"
          f"   ratio ours/oxigraph {ours.seconds / ref.seconds:.2f}")
    print(f"  target: load client under {TARGET_LOAD_CLIENT_MB} MB: {'OK' if ours.peak_process_mb < TARGET_LOAD_CLIENT_MB else 'MISSED'}")
    return {"ours_s": ours.seconds, "ours_peak_mb": ours.peak_process_mb, "oxigraph_s": ref.seconds, "oxigraph_peak_mb": ref.peak_process_mb}


def bench_validate(label: str, dist: Path, work: Path, workers: int) -> dict:
    """`handan-kg validate DIR --workers N` as a whole process (exit 5: warnings or violations found, still a run)."""
    run = measure([sys.executable, "-m", "handan_kg", "validate", str(dist), "--workers", str(workers)], work / f"validate-{label}.log")
    if run.exit_code not in (0, 5):
        raise SystemExit(f"validate of {label} failed (exit {run.exit_code}):\n{run.stderr_tail}")
    print(f"  validate --workers {workers}: {run.seconds:.1f} s, CPU {run.cpu_seconds:.1f} s, peak {run.peak_process_mb:.0f} MB"
          f" (largest process), exit {run.exit_code}; target under {TARGET_VALIDATE_S} s: {'OK' if run.seconds < TARGET_VALIDATE_S else 'MISSED'}")
    return {"seconds": run.seconds, "cpu_s": run.cpu_seconds, "peak_mb": run.peak_process_mb, "exit": run.exit_code}


def built(label: str, corpus: Path, work: Path, workers: int, reuse: bool) -> tuple[Path, dict, float | None]:
    """`handan-kg build` of `corpus` (leaving the store): the folder, its manifest, the seconds
    (None when `reuse` found a build there already)."""
    dist = work / f"dist-{label}"
    if reuse and (dist / "manifest.json").is_file():
        return dist, json.loads((dist / "manifest.json").read_text(encoding="utf-8")), None
    shutil.rmtree(dist, ignore_errors=True)
    build = measure(build_cmd([str(corpus)], dist, workers), work / f"build-{label}.log")
    if build.exit_code not in (0, 5):
        raise SystemExit(f"build of {label} failed (exit {build.exit_code}):\n{build.stderr_tail}")
    return dist, json.loads((dist / "manifest.json").read_text(encoding="utf-8")), build.seconds


def bench(label: str, corpus: Path, work: Path, args: argparse.Namespace) -> dict:
    dist, manifest, build_s = built(label, corpus, work, args.workers, args.reuse)
    if args.serve or args.load or args.validate:
        print(f"\n== {label}: {len(manifest['articles'])} articles, {manifest['triples']:,} triples; load {loadavg()}")
        out = {"articles": len(manifest["articles"]), "triples": manifest["triples"]}
        if args.serve:
            out["serve"] = bench_serve(label, dist, work, args.runs, args.store_only)
        if args.load:
            out["load"] = bench_load(label, dist, work, manifest["triples"])
        if args.validate:
            out["validate"] = bench_validate(label, dist, work, args.workers)
        return out
    store_mb = sum(p.stat().st_size for p in (dist / ".store").rglob("*") if p.is_file()) / 2**20
    print(f"\n== {label}: {len(manifest['articles'])} articles, {manifest['triples']:,} triples; load {loadavg()}")
    build = f"{build_s:.1f} s" if build_s is not None else "reused, not timed"
    print(f"  build (with the store) {build}, store on disk {store_mb:,.0f} MB")
    queries = time_queries(dist, work, args)
    memory = None
    if not args.store_only:
        memory = in_memory_commanders(dist, work)
        print(f"  commanders without the store (flat files parsed in memory, as before): {memory:.2f} s")
    worst = max((f for f in queries.values() if f["ratio"] is not None), key=lambda f: f["ratio"])
    slow = [n for n in SELECTIVE if queries[f"{n} (one conflict)"]["ours_s"] >= TARGET_SELECTIVE_S]
    print(f"  targets: every query within {TARGET_RATIO}x Oxigraph: {'OK' if worst['ratio'] <= TARGET_RATIO else 'MISSED'}"
          f" (worst {worst['ratio']:.2f}); selective under {TARGET_SELECTIVE_S} s: {'OK' if not slow else 'MISSED ' + ', '.join(slow)};"
          f" answers identical: {'OK' if all(f['same_answer'] for f in queries.values()) else 'NO'}")  # a failed run counts as not identical
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
    write_store(whole, load_manifest(whole))
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
    parser.add_argument("--load", action="store_true", help="time `handan-kg load` into an Oxigraph server and `oxigraph load` instead of queries")
    parser.add_argument("--validate", action="store_true", help="time `handan-kg validate --workers N` instead of queries")
    parser.add_argument("--store-only", action="store_true", help="no runs on the flat files alone (serve, query commanders)")
    parser.add_argument("--reuse", action="store_true", help="with --work: use a build already in WORK/dist-SIZE")
    parser.add_argument("--queries", help="only these library queries, comma-separated (default: all)")
    parser.add_argument("--query-timeout", type=int, default=600, help="time limit of one query run, ours and Oxigraph's (default 600 s)")
    parser.add_argument("--long", type=float, default=60.0, help="a query whose first run takes longer is timed by that run alone (default 60 s)")
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
                figures[label] = bench(label, corpus, work, args)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
