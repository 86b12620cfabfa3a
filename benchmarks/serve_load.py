"""Load on `handan-kg serve`: entity documents in every format, 303s, and the query library.

Starts the real server on a free 127.0.0.1 port, warms its page cache (with httpx), then
drives it over concurrent keep-alive asyncio connections, bounded both in count and in time. Prints requests/s and p50 /
p99 latency per phase and whether the targets hold (>= 500 entity req/s by default, p99 < 50 ms
for cached pages, no errors).

    python benchmarks/serve_load.py [--dist DIR] [--requests 3000] [--concurrency 16] [--max-seconds 60] [--slow-clients 600]

On a large corpus (issue 16: 1,000 articles, >= 1,000 pages/s, p99 < 50 ms):

    python benchmarks/serve_load.py --dist DIR --entities 2000 --target-rps 1000 --slow-clients 0

--entities N draws N entities (seeded) to warm and request instead of every entity in the
sitemap, and first times the HTML page of N other entities, each asked once, before anything
is cached: pages rendered from the store per request, the cost of a cold server.

The attack phase repeats the entity phase while 600 slow clients (headers trickled one line
a second from 127.0.0.2) and a client sending cross-product queries run against the server:
normal clients must still be served, without errors.

Without --dist the corpus in tests/fixtures/corpus/ (16 articles) is built into a temporary
directory first.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
FORMATS = {"html": "text/html", "ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples", "rdf": "application/rdf+xml"}
ENTITY_TARGET_RPS = 500
ENTITY_TARGET_P99_MS = 50.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(dist: Path, port: int, extra: list[str]) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    cmd = [sys.executable, "-m", "handan_kg", "serve", str(dist), "--port", str(port), *extra]
    log = tempfile.TemporaryFile()  # not a pipe: a server writing more than a pipe holds would block
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            raise SystemExit("server exited: " + log.read().decode(errors="replace"))
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        time.sleep(0.05)  # readiness poll interval
    proc.kill()
    raise SystemExit("server did not become ready in 60 s")


def entity_paths(client: httpx.Client) -> list[str]:
    """Local page paths of every entity, from the sitemap (its URLs carry the site URL)."""
    sitemap = client.get("/sitemap.xml").text
    return sorted({m.group(1) for m in re.finditer(r"<loc>[^<]*?/(page/[^<]+)\.html</loc>", sitemap)})


def queries(directory: Path) -> list[tuple[str, str]]:
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.rq"))]


class Connection:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams.

    httpx costs more CPU per request than the server does; on a shared 2-core machine it
    would measure the client. This one only writes a request and reads a Content-Length
    body, which is all the benchmark needs (the server always sends Content-Length).
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, headers: dict, body: bytes | None) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"] + [f"{k}: {v}" for k, v in headers.items()]
        if body is not None:
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + (body or b""))
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if length and method != "HEAD":
            await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def drive(port: int, requests: list[tuple[str, str, dict, bytes | None]], concurrency: int, max_seconds: float) -> dict:
    """Send `requests` (method, path, headers, body) over `concurrency` connections; time each."""
    latencies: list[float] = []
    errors: list[str] = []
    todo = iter(requests)
    deadline = time.monotonic() + max_seconds

    async def worker() -> None:
        conn = Connection(port)
        try:
            for method, path, headers, body in todo:
                if time.monotonic() > deadline:
                    return
                t0 = time.perf_counter()
                try:
                    status = await conn.request(method, path, headers, body)
                except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                    status = repr(exc)
                    conn.close()
                    conn = Connection(port)
                latencies.append(time.perf_counter() - t0)
                if status not in (200, 303):
                    errors.append(f"{path}: {status}")
        finally:
            conn.close()

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - start
    latencies.sort()
    n = len(latencies)
    return {
        "n": n,
        "rps": n / elapsed if elapsed else 0.0,
        "p50": statistics.median(latencies) * 1000 if n else 0.0,
        "p99": latencies[min(n - 1, int(n * 0.99))] * 1000 if n else 0.0,
        "errors": errors,
    }


async def slow_client(port: int, stop: asyncio.Event) -> int:
    """A slowloris client from 127.0.0.2: opens a connection, sends half a request, trickles a
    header line every second, and reconnects when the server closes it. Returns reconnects."""
    reconnects = 0
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=("127.0.0.2", 0))
            writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n")
            while not stop.is_set():
                await asyncio.sleep(1.0)  # the attacker's pace, not a readiness wait
                writer.write(b"X-a: b\r\n")
                await writer.drain()
                if reader.at_eof():
                    break
            writer.close()
        except OSError:
            await asyncio.sleep(0.2)  # refused (the address holds its share): try again shortly
        reconnects += 1
    return reconnects


async def expensive_queries(port: int, stop: asyncio.Event) -> list[int]:
    """A client sending queries that hit the time or memory limit, one after the other."""
    statuses = []
    text = "SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f".encode()
    while not stop.is_set():
        conn = Connection(port)
        try:
            statuses.append(await conn.request("POST", "/sparql", {"Content-Type": "application/sparql-query",
                                                                    "Accept": "application/sparql-results+json"}, text))
        except (OSError, asyncio.IncompleteReadError, ValueError):
            statuses.append(0)
        finally:
            conn.close()
    return statuses


async def under_attack(port: int, requests: list, concurrency: int, max_seconds: float, slow: int) -> dict:
    """`drive` while `slow` slow clients and one expensive-query client run."""
    stop = asyncio.Event()
    attackers = [asyncio.create_task(slow_client(port, stop)) for _ in range(slow)]
    heavy = asyncio.create_task(expensive_queries(port, stop))
    await asyncio.sleep(2.0)  # let the slow clients take their connections before measuring
    result = await drive(port, requests, concurrency, max_seconds)
    stop.set()
    await asyncio.gather(*attackers, return_exceptions=True)
    statuses = await heavy
    result["expensive_statuses"] = sorted(set(statuses))
    return result


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc), to separate server cost from client cost."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measured(pid: int, coro) -> dict:
    before = cpu_seconds(pid)
    result = asyncio.run(coro)
    result["server_cpu_ms"] = (cpu_seconds(pid) - before) * 1000 / max(1, result["n"])
    return result


def report(name: str, r: dict) -> None:
    cpu = f"  server CPU {r['server_cpu_ms']:.2f} ms/req" if "server_cpu_ms" in r else ""
    print(f"{name:<34} {r['n']:>6} req  {r['rps']:>7.0f} req/s  p50 {r['p50']:>6.1f} ms  p99 {r['p99']:>6.1f} ms{cpu}  errors {len(r['errors'])}")
    for e in r["errors"][:5]:
        print(f"    error: {e}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dist", default=None, help="a built dataset directory (default: build the test corpus)")
    ap.add_argument("--requests", type=int, default=3000, help="entity requests in the main phase (default: 3000)")
    ap.add_argument("--query-requests", type=int, default=200, help="SPARQL requests (default: 200)")
    ap.add_argument("--concurrency", type=int, default=16, help="concurrent connections (default: 16)")
    ap.add_argument("--max-seconds", type=float, default=60.0, help="time bound per phase (default: 60)")
    ap.add_argument("--queries", default=str(ROOT / "queries"), help="query library (default: queries/)")
    ap.add_argument("--ontology", default=None, help="ontology file passed to serve")
    ap.add_argument("--entities", type=int, default=0, help="a seeded sample of N entities to warm and request, after timing N others uncached (default: every entity)")
    ap.add_argument("--target-rps", type=int, default=ENTITY_TARGET_RPS, help=f"entity requests/s the cached phase must reach (default: {ENTITY_TARGET_RPS})")
    ap.add_argument("--slow-clients", type=int, default=600, help="slowloris clients from 127.0.0.2 in the attack phase; 0 skips it (default: 600)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.dist is None:
            dist = Path(tmp) / "dist"
            sys.path.insert(0, str(ROOT / "src"))
            from handan_kg.corpus.build import build

            build([str(ROOT / "tests" / "fixtures" / "corpus")], dist, "https://w3id.org/handan-kg/")
        else:
            dist = Path(args.dist)
            if not (dist / "manifest.json").is_file():
                raise SystemExit(f"{dist}: no built dataset; run 'handan-kg build --out {dist}' first")
        return run(args, dist)


def run(args: argparse.Namespace, dist: Path) -> int:
    port = free_port()
    extra = ["--queries", args.queries] + (["--ontology", args.ontology] if args.ontology else [])
    proc = start_server(dist, port, extra)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            paths = entity_paths(client)
            if not paths:
                raise SystemExit("no entity pages found in the sitemap")
            cold = None
            if args.entities and 2 * args.entities <= len(paths):
                drawn = random.Random(11).sample(paths, 2 * args.entities)
                paths, cold_paths = sorted(drawn[: args.entities]), drawn[args.entities:]
                cold = measured(proc.pid, drive(port, [("GET", f"/{p}.html", {}, None) for p in cold_paths], args.concurrency, args.max_seconds))
            t0 = time.perf_counter()
            for p in paths:  # warm the page cache: every entity in every format
                for ext in FORMATS:
                    client.get(f"/{p}.{ext}").raise_for_status()
            warm = time.perf_counter() - t0
        if cold is not None:
            report("entity pages, first render", cold)
        print(f"dataset {dist}: {len(paths)} entities; warm-up rendered {len(paths) * len(FORMATS)} documents in {warm:.1f} s")
        print(f"load generator: asyncio keep-alive connections, concurrency {args.concurrency}, on {os.cpu_count()} cores shared with the server")
        rng = random.Random(7)
        docs = [("GET", f"/{rng.choice(paths)}.{rng.choice(list(FORMATS))}", {}, None) for _ in range(args.requests)]
        entity = measured(proc.pid, drive(port, docs, args.concurrency, args.max_seconds))
        report("entity documents (cached)", entity)
        ids = []
        for _ in range(args.requests // 3):
            key = rng.choice(paths)[len("page/"):]
            ids.append(("GET", f"/id/{key}", {"Accept": FORMATS[rng.choice(list(FORMATS))]}, None))
        report("/id/ 303 negotiation", conneg := measured(proc.pid, drive(port, ids, args.concurrency, args.max_seconds)))
        attacked = None
        if args.slow_clients:
            attacked = asyncio.run(under_attack(port, docs[: max(1, args.requests // 3)], args.concurrency, args.max_seconds, args.slow_clients))
            report(f"entity documents, {args.slow_clients} slow clients + expensive queries", attacked)
            print(f"    expensive queries answered with status {attacked['expensive_statuses']} (503: time or memory limit)")
        library = queries(Path(args.queries))
        qres = None
        if library:
            qs = [
                ("POST", "/sparql", {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json, text/turtle;q=0.9"}, library[i % len(library)][1].encode())
                for i in range(args.query_requests)
            ]
            qres = asyncio.run(drive(port, qs, min(args.concurrency, 8), args.max_seconds))
            report(f"SPARQL ({len(library)} competency queries)", qres)
            for name, text in library:
                one = asyncio.run(drive(port, [("POST", "/sparql", {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json, text/turtle;q=0.9"}, text.encode())] * 20, 4, args.max_seconds))
                report(f"  {name}", one)
        else:
            print("SPARQL: no queries in", args.queries)
    finally:
        proc.terminate()
        proc.wait(10)
    ok = entity["rps"] >= args.target_rps and entity["p99"] < ENTITY_TARGET_P99_MS and not entity["errors"] and not conneg["errors"] and not (qres and qres["errors"])
    ok = ok and not (attacked and attacked["errors"])
    print(f"targets (>= {args.target_rps} entity req/s, p99 < {ENTITY_TARGET_P99_MS:.0f} ms, no errors): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
