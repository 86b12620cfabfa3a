"""Past one machine, on an existing engine: Virtuoso 7 (Debian's `virtuoso-opensource`), started
on 127.0.0.1 with a generated configuration, bulk-loaded with its own loader, and asked every
competency query through `handan-kg query --endpoint`.

    apt-get install virtuoso-opensource            # once (the package starts nothing itself here)
    python benchmarks/virtuoso.py                  # the bundled article and the development set
    python benchmarks/virtuoso.py --dist DIR       # an existing build (e.g. 1,000 synthetic articles)
    python benchmarks/virtuoso.py --dist DIR --queries commanders,timeline   # some of the library

What it does, in a temporary folder: writes a `virtuoso.ini` (database files there, ports
chosen free on 127.0.0.1, the folder allowed for the bulk loader), starts `virtuoso-t -f`,
waits until `/sparql` answers, dumps the graph `handan-kg query` answers on (dataset, links,
ontology, RDFS closure: the same as `load --closure` sends) to N-Triples, loads it with
`ld_dir` + `rdf_loader_run` through `isql-vt`, then runs every query of `queries/` as a whole
process against `/sparql` and against the embedded store, and prints per query the time on
each, the rows, and whether the answers are the same (rows compared as sets of CSV lines).
Differences are printed, not hidden: they are what a user of that store would see.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import pyoxigraph as ox  # noqa: E402

from scale import tree_env  # noqa: E402  (a child `python -m handan_kg` runs this tree's code)

from handan_kg.resources import QUERIES_DIR  # noqa: E402
from handan_kg.store.dataset import open_dataset  # noqa: E402

STARTUP_SECONDS = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def configuration(folder: Path, sql_port: int, http_port: int) -> str:
    db = folder / "db"
    db.mkdir(parents=True, exist_ok=True)
    return f"""[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {folder}
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
MaxQueryMem = 2G
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
MaxClientConnections = 4
ServerThreads = 4

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 600
MaxQueryCostEstimationTime = 600
DefaultGraph = urn:handan-kg:virtuoso
"""


def wait_for(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"virtuoso-t exited with {proc.returncode}: {log.read_text(errors='replace')[-800:]}")
        try:
            with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"Virtuoso did not answer within {STARTUP_SECONDS:g} s")


def isql(sql_port: int, statements: str) -> str:
    done = subprocess.run(["isql-vt", f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={statements}"],
                          capture_output=True, text=True, timeout=3600)
    if done.returncode != 0 or "Error" in done.stdout:
        raise SystemExit(f"isql failed: {done.stdout[-800:]} {done.stderr[-400:]}")
    return done.stdout


def build(out: Path, paths: list[str]) -> Path:
    done = subprocess.run([sys.executable, "-m", "handan_kg", "build", *paths, "--out", str(out), "--quiet"], cwd=ROOT, env=tree_env())
    if done.returncode not in (0, 5):
        raise SystemExit(f"build failed ({done.returncode})")
    return out


def rows(csv: bytes) -> set[bytes]:
    return set(csv.replace(b"\r\n", b"\n").strip().split(b"\n")[1:])


def run_query(name: str, dist: Path, endpoint: str | None) -> tuple[float, bytes, str]:
    cmd = [sys.executable, "-m", "handan_kg", "query", name, "--format", "csv", "--timeout", "600"]
    cmd += ["--endpoint", endpoint] if endpoint else ["--dir", str(dist)]
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, cwd=ROOT, env=tree_env())
    return time.perf_counter() - started, done.stdout, done.stderr.decode("utf-8", "replace").strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, help="a built dataset (default: build the bundled article and the development set)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--queries", help="only these library queries, comma-separated (default: all)")
    args = parser.parse_args(argv)
    if not shutil.which("virtuoso-t") or not shutil.which("isql-vt"):
        raise SystemExit("Virtuoso is not installed: apt-get install virtuoso-opensource")
    folder = Path(tempfile.mkdtemp(prefix="hkg-virtuoso-"))
    proc = None
    try:
        dist = args.dist or build(folder / "dist", ["tests/fixtures/devset/articles", "tests/fixtures/corpus"])
        store = open_dataset(dist)
        data = folder / "data"
        data.mkdir()
        store.dump(output=str(data / "handan.nt"), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        sql_port, http_port = free_port(), free_port()
        (folder / "virtuoso.ini").write_text(configuration(folder, sql_port, http_port), encoding="utf-8")
        log = folder / "virtuoso.out"
        with log.open("wb") as out:
            proc = subprocess.Popen(["virtuoso-t", "-f", "-c", str(folder / "virtuoso.ini")], cwd=folder, stdout=out, stderr=subprocess.STDOUT)
        endpoint = f"http://127.0.0.1:{http_port}/sparql"
        started = time.perf_counter()
        wait_for(endpoint, proc, log)
        print(f"Virtuoso 7 on 127.0.0.1:{http_port}, up in {time.perf_counter() - started:.1f} s; {len(store):,} triples to load")
        started = time.perf_counter()
        isql(sql_port, f"ld_dir('{data}', '*.nt', 'urn:handan-kg:virtuoso'); rdf_loader_run(); checkpoint;")
        seconds = time.perf_counter() - started
        print(f"bulk load (ld_dir + rdf_loader_run + checkpoint): {seconds:.1f} s, {len(store) / seconds:,.0f} triples/s")
        print(f"{'query':<20} {'embedded':>9} {'virtuoso':>9}  rows  same answers")
        names = args.queries.split(",") if args.queries else sorted(p.stem for p in QUERIES_DIR.glob("*.rq"))
        for path in (QUERIES_DIR / f"{name}.rq" for name in names):
            ours_s, ours, _ = run_query(path.stem, dist, None)
            theirs_s, theirs, error = run_query(path.stem, dist, endpoint)
            if error and not theirs:
                print(f"{path.stem:<20} {ours_s:9.2f} {theirs_s:9.2f}  {len(rows(ours)):>4}  FAILED: {error[:160]}")
                continue
            a, b = rows(ours), rows(theirs)
            verdict = "yes" if a == b else f"NO: {len(a - b)} rows only here, {len(b - a)} only there"
            print(f"{path.stem:<20} {ours_s:9.2f} {theirs_s:9.2f}  {len(a):>4}  {verdict}")
            if a != b:
                for line in sorted(a - b)[:2]:
                    print(f"    here:  {line.decode('utf-8', 'replace')[:160]}")
                for line in sorted(b - a)[:2]:
                    print(f"    there: {line.decode('utf-8', 'replace')[:160]}")
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
