"""Scale benchmark: how fast `handan-kg build` runs, on one article and on 1,000s.

    python benchmarks/scale.py                       # everything: single, imports, profile, 1k, 10k
    python benchmarks/scale.py --sizes 1000          # skip the 10,000-article corpus
    python benchmarks/scale.py --only single,imports # start-up figures only (seconds)
    python benchmarks/scale.py --json bench.json     # also write the figures as JSON

Parts (pick with --only):
  single   the bundled Handan article built by `python -m handan_kg build` as a whole
           process, imports included; median of --runs fresh runs (target < 1.5 s)
  imports  `python -X importtime` of that build: the modules that cost the most start-up
  profile  in-process: the share of time per stage (parse, extract, map, validate, write,
           merge) on a --sample of synthetic articles, and cProfile's top functions for
           one article's build (warm, so the per-article cost, not imports)
  corpus   for each --sizes N: a synthetic corpus (benchmarks/synthetic_corpus.py), then
           `python -m handan_kg build DIR --out OUT --workers W` as a subprocess: articles/s,
           triples/s, peak RSS, stage shares from the build's own dist/coverage.json, and an
           unchanged rebuild (the content-hash cache). Targets on 2 cores: 10,000 articles
           in < 10 min (>= 17 articles/s), peak memory < 2 GB.

Peak memory: the largest single process (wait4 rusage of the build, which covers its
workers) and, with psutil, the sum of RSS over the build's process tree sampled every
0.2 s (an upper bound: forked workers share pages). The machine's load (/proc/loadavg)
is printed with every measurement because the figures depend on it.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from synthetic_corpus import generate  # noqa: E402  (benchmarks/ is the script's own directory)

try:
    import psutil
except ImportError:  # optional: without it only the largest process's peak is reported
    psutil = None

TARGET_RATE = 17.0  # articles/s: 10,000 articles in under 10 minutes
TARGET_PEAK_MB = 2048
TARGET_SINGLE_S = 1.5
STAGES = ("parse", "extract", "map", "validate", "write")
PARTS = ("single", "imports", "profile", "corpus")
SAMPLE_EVERY_S = 0.2


@dataclass
class Run:
    """One measured subprocess."""

    seconds: float
    cpu_seconds: float  # user + system of the process and the workers it waited for
    exit_code: int
    peak_process_mb: float  # largest single process in the tree (rusage)
    peak_tree_mb: float | None  # sum over the tree, sampled (psutil), None without psutil
    stderr_tail: str


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def tree_env() -> dict[str, str]:
    """The environment for a `python -m handan_kg` child: this tree's `src` first, so a benchmark
    run from a worktree measures that worktree's code, not the one the venv has installed."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _tree_rss(pid: int) -> int:
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for proc in procs:
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            pass
    return total


def measure(cmd: list[str], log: Path) -> Run:
    """Run `cmd` (output to `log`); a thread samples its process tree's memory meanwhile.

    The main thread blocks in wait4, so the wall time is exact and rusage is this child's.
    """
    with log.open("wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=tree_env(), stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
        done = threading.Event()
        peak_tree = [0]

        def sample() -> None:
            while not done.is_set():
                peak_tree[0] = max(peak_tree[0], _tree_rss(proc.pid))
                done.wait(SAMPLE_EVERY_S)

        sampler = threading.Thread(target=sample, daemon=True)
        if psutil is not None:
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        if psutil is not None:
            sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-5:])
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, proc.returncode, usage.ru_maxrss / 1024, peak_tree[0] / 2**20 if psutil else None, tail)


def build_cmd(paths: list[str], out: Path, workers: int = 1) -> list[str]:
    return [sys.executable, "-m", "handan_kg", "build", *paths, "--out", str(out), "--workers", str(workers), "--quiet"]


# --- single article, whole process ------------------------------------------------------


def bench_single(work: Path, runs: int) -> dict:
    """The bundled article, fresh output directory each time (no cache), imports included."""
    times, cpu = [], []
    for i in range(runs):
        run = measure(build_cmd([], work / f"single-{i}"), work / f"single-{i}.log")
        if run.exit_code != 0:
            raise SystemExit(f"single-article build failed (exit {run.exit_code}):\n{run.stderr_tail}")
        times.append(run.seconds)
        cpu.append(run.cpu_seconds)
    bare = [measure([sys.executable, "-c", "pass"], work / "bare.log").seconds for _ in range(3)]
    cli = [measure([sys.executable, "-m", "handan_kg", "--help"], work / "help.log").seconds for _ in range(3)]
    median = statistics.median(times)
    print(f"\n== single-article build (bundled Handan article, whole process, {runs} runs) load {loadavg()}")
    print(f"  median {median:.3f} s   min {min(times):.3f} s   max {max(times):.3f} s   target < {TARGET_SINGLE_S} s  "
          f"{'OK' if median < TARGET_SINGLE_S else 'MISSED'}")
    print(f"  CPU time (user+sys) median {statistics.median(cpu):.3f} s: close to the wall time on an idle machine")
    print(f"  of which bare interpreter start {statistics.median(bare):.3f} s, `handan-kg --help` {statistics.median(cli):.3f} s")
    return {"median_s": median, "runs_s": times, "cpu_median_s": statistics.median(cpu), "cpu_s": cpu, "python_start_s": statistics.median(bare),
            "cli_help_s": statistics.median(cli), "target_s": TARGET_SINGLE_S, "load": loadavg()}


def bench_imports(work: Path, top: int) -> dict:
    """`-X importtime` of the single build: top-level imports by cumulative time, heaviest modules by self time."""
    log = work / "importtime.log"
    cmd = [sys.executable, "-X", "importtime", *build_cmd([], work / "importtime-out")[1:]]
    with log.open("wb") as fh:
        done = subprocess.run(cmd, env=tree_env(), stdout=subprocess.DEVNULL, stderr=fh, cwd=ROOT, check=False)
    if done.returncode != 0:
        print(f"  warning: the build exited {done.returncode}; import times cover only what it reached")
    rows = []  # (self us, cumulative us, depth, name)
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cum_us, name = line.split(":", 1)[1].split("|", 2)
        depth = (len(name) - len(name.lstrip(" ")) - 1) // 2  # importtime indents nested imports by 2
        rows.append((int(self_us), int(cum_us), depth, name.strip()))
    total_us = sum(r[0] for r in rows)
    roots = sorted((r for r in rows if r[2] == 0), key=lambda r: -r[1])[:top]
    heavy = sorted(rows, key=lambda r: -r[0])[:top]
    print(f"\n== import time of `handan-kg build` (total {total_us / 1e6:.3f} s over {len(rows)} modules)")
    print("  top-level imports by cumulative time:")
    for self_us, cum_us, _, name in roots:
        print(f"    {cum_us / 1e3:8.1f} ms  {name}")
    print("  modules by own (self) time:")
    for self_us, cum_us, _, name in heavy:
        print(f"    {self_us / 1e3:8.1f} ms  {name}")
    prof = work / "single-cold.prof"
    cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), *build_cmd([], work / "cprofile-out")[1:]]
    subprocess.run(cmd, env=tree_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, check=False)
    cold = ""
    if prof.is_file():
        buf = io.StringIO()
        # import machinery and builtins would fill the table; what matters is which of our calls pay
        pstats.Stats(str(prof), stream=buf).strip_dirs().sort_stats("cumulative").print_stats(r"^(?!<frozen|\{built-in|<string>)", top)
        cold = buf.getvalue()
        print(f"== cProfile of the whole single-article build process (cold: imports, shapes loading), top {top} by cumulative")
        print(_trim_pstats(cold))
    return {"total_s": total_us / 1e6, "modules": len(rows), "cold_cprofile": cold,
            "top_cumulative": [{"module": n, "ms": c / 1e3} for _, c, _, n in roots],
            "top_self": [{"module": n, "ms": s / 1e3} for s, _, _, n in heavy]}


# --- in-process profile ----------------------------------------------------------------


def _shares(timings: dict[str, float], extra: dict[str, float] | None = None) -> dict[str, float]:
    parts = {stage: timings.get(stage, 0.0) for stage in STAGES}
    parts.update(extra or {})
    total = sum(parts.values()) or 1.0
    return {stage: seconds / total for stage, seconds in parts.items()}


def _print_shares(label: str, timings: dict[str, float], shares: dict[str, float]) -> None:
    print(f"  {label}")
    for stage, share in shares.items():
        seconds = timings.get(stage, 0.0)
        print(f"    {stage:<9} {share * 100:5.1f} %  {seconds:8.2f} s")


def bench_profile(work: Path, corpus: Path, sample: int, top: int) -> dict:
    """Stage shares in one process (workers=1, so merge = wall - stages), and cProfile of one article."""
    from handan_kg.corpus.article import build_article
    from handan_kg.cli import DEFAULT_BASE
    from handan_kg.corpus.build import build
    from handan_kg.resources import BUNDLED_ARTICLE

    paths = sorted(str(p) for p in corpus.glob("*.txt"))[:sample]
    build_article(str(BUNDLED_ARTICLE), DEFAULT_BASE)  # warm: imports, shapes, vocabularies
    started = time.perf_counter()
    result = build(paths, work / "profile-out", DEFAULT_BASE)
    wall = time.perf_counter() - started
    timings = dict(result.coverage["timings"])
    merge = max(0.0, wall - sum(timings.get(s, 0.0) for s in STAGES))
    timings["merge"] = merge
    shares = _shares(timings, {"merge": merge})
    print(f"\n== per-stage time, in process, {len(paths)} synthetic articles, 1 worker ({len(paths) / wall:.1f} articles/s) load {loadavg()}")
    _print_shares("share of wall time (merge = main process: reading results, cross-article pass, writers):", timings, shares)

    profiler = cProfile.Profile()
    profiler.enable()
    build_article(str(BUNDLED_ARTICLE), DEFAULT_BASE)
    profiler.disable()
    tables = {}
    for order in ("tottime", "cumulative"):
        buf = io.StringIO()
        pstats.Stats(profiler, stream=buf).strip_dirs().sort_stats(order).print_stats(top)
        tables[order] = buf.getvalue()
    print(f"\n== cProfile of one warm build_article(Handan Campaign), top {top} by own time")
    print(_trim_pstats(tables["tottime"]))
    print("== ... and by cumulative time")
    print(_trim_pstats(tables["cumulative"]))
    return {"articles": len(paths), "wall_s": wall, "timings_s": timings, "shares": shares,
            "articles_per_s": len(paths) / wall, "cprofile": tables, "load": loadavg()}


def _trim_pstats(text: str) -> str:
    """Drop pstats' preamble; keep the header row and the function rows."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    return "\n".join("  " + line for line in lines[start:] if line.strip())


# --- corpus builds ---------------------------------------------------------------------


def bench_corpus(work: Path, size: int, seed: int, workers: int, rebuild: bool) -> dict:
    corpus = work / f"corpus-{size}"
    started = time.perf_counter()
    generate(size, corpus, seed=seed)
    generated = time.perf_counter() - started
    out = work / f"out-{size}"
    shutil.rmtree(out, ignore_errors=True)
    load_before = loadavg()
    run = measure(build_cmd([str(corpus)], out, workers), work / f"build-{size}.log")
    load_after = loadavg()
    if run.exit_code not in (0, 5) or not (out / "coverage.json").is_file():
        raise SystemExit(f"build of {size} articles failed (exit {run.exit_code}):\n{run.stderr_tail}")
    coverage = json.loads((out / "coverage.json").read_text(encoding="utf-8"))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    built, failed = len(manifest["articles"]), len(coverage.get("failed", {}))
    timings = {k: v for k, v in coverage.get("timings", {}).items() if k in STAGES}
    rate = size / run.seconds
    peak = run.peak_tree_mb if run.peak_tree_mb is not None else run.peak_process_mb
    print(f"\n== {size} synthetic articles, `handan-kg build --workers {workers}` (generated in {generated:.1f} s)")
    print(f"  load before {load_before} after {load_after}")
    print(f"  wall {run.seconds:.1f} s   {rate:.1f} articles/s   {manifest['triples'] / run.seconds:,.0f} triples/s"
          f"   {manifest['triples']:,} triples   {built} built, {failed} skipped (exit {run.exit_code})")
    idle_rate = size / max(run.cpu_seconds / workers, 1e-9)
    print(f"  CPU {run.cpu_seconds:.1f} s (user+sys, all processes): on {workers} idle cores about"
          f" {idle_rate:.1f} articles/s if the build kept them busy")
    tree = f"{run.peak_tree_mb:,.0f} MB" if run.peak_tree_mb is not None else "n/a (no psutil)"
    print(f"  peak RSS: largest process {run.peak_process_mb:,.0f} MB, process tree (sum) {tree}")
    verdict_rate = "OK" if rate >= TARGET_RATE else "MISSED"
    verdict_mem = "OK" if peak < TARGET_PEAK_MB else "MISSED"
    print(f"  targets: >= {TARGET_RATE} articles/s {verdict_rate};  peak < {TARGET_PEAK_MB} MB {verdict_mem};"
          f"  10,000 articles would take {10000 / rate / 60:.1f} min at this rate")
    _print_shares("stage shares (per-article seconds summed over workers, from coverage.json):", timings, _shares(timings))
    figures = {"articles": size, "built": built, "skipped": failed, "exit_code": run.exit_code, "workers": workers,
               "wall_s": run.seconds, "cpu_s": run.cpu_seconds, "articles_per_s": rate, "idle_estimate_articles_per_s": idle_rate, "triples": manifest["triples"],
               "triples_per_s": manifest["triples"] / run.seconds, "peak_process_mb": run.peak_process_mb,
               "peak_tree_mb": run.peak_tree_mb, "stage_seconds": timings, "stage_shares": _shares(timings),
               "build_wall_reported_s": coverage.get("timings", {}).get("wall"), "generate_s": generated,
               "output_mb": sum(p.stat().st_size for p in out.iterdir() if p.is_file()) / 2**20,
               "load_before": load_before, "load_after": load_after}
    if rebuild:
        again = measure(build_cmd([str(corpus)], out, workers), work / f"rebuild-{size}.log")
        print(f"  unchanged rebuild (content-hash cache): {again.seconds:.1f} s ({size / again.seconds:.0f} articles/s),"
              f" peak tree {again.peak_tree_mb or again.peak_process_mb:,.0f} MB")
        figures["rebuild_s"] = again.seconds
        figures["rebuild_peak_mb"] = again.peak_tree_mb or again.peak_process_mb
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma list of parts: {', '.join(PARTS)} (default: all)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], metavar="N", help="corpus sizes (default: 1000 10000)")
    parser.add_argument("--workers", type=int, default=2, help="build --workers for the corpus builds (default: 2)")
    parser.add_argument("--seed", type=int, default=0, help="synthetic corpus seed (default: 0)")
    parser.add_argument("--runs", type=int, default=5, help="single-article runs; the median is reported (default: 5)")
    parser.add_argument("--sample", type=int, default=64, help="articles in the in-process stage profile (default: 64)")
    parser.add_argument("--top", type=int, default=20, help="rows of the import and cProfile tables (default: 20)")
    parser.add_argument("--no-rebuild", action="store_true", help="skip the unchanged-rebuild measurement")
    parser.add_argument("--work", type=Path, help="working directory (default: a temporary one, removed afterwards)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every figure to FILE as JSON")
    args = parser.parse_args(argv)
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")

    work = args.work or Path(tempfile.mkdtemp(prefix="handan-kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    figures: dict = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0], "load_start": loadavg(),
                                 "psutil": psutil is not None}}
    print(f"handan-kg scale benchmark: {os.cpu_count()} CPUs, Python {figures['machine']['python']}, load {loadavg()}, work {work}")
    try:
        if "single" in parts:
            figures["single"] = bench_single(work, args.runs)
        if "imports" in parts:
            figures["imports"] = bench_imports(work, args.top)
        if "profile" in parts:
            sample_dir = work / "corpus-profile"
            generate(args.sample, sample_dir, seed=args.seed)
            figures["profile"] = bench_profile(work, sample_dir, args.sample, args.top)
        if "corpus" in parts:
            figures["corpus"] = [bench_corpus(work, n, args.seed, args.workers, not args.no_rebuild) for n in args.sizes]
    finally:
        figures["machine"]["load_end"] = loadavg()
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2, default=str) + "\n", encoding="utf-8")
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
