"""Shared test fixtures.

`oxigraph_server` runs a real Oxigraph SPARQL server (the `oxigraph` binary that
`pip install oxigraph` puts beside the Python interpreter) for the whole session, so
tests of `query --endpoint`, `load`, `link` and `serve` talk to a real triplestore over
the standard protocols instead of a mock. `start_oxigraph` starts one with other options
(for example `--union-default-graph`) when a test needs a differently configured server.
"""

from __future__ import annotations

import http.client
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

OXIGRAPH_STARTUP_SECONDS = 30.0


def oxigraph_binary() -> str:
    """The `oxigraph` executable: next to this interpreter (a venv's bin/) or on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        pytest.fail("the Oxigraph server binary is not installed; run: pip install oxigraph")
    return found


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(port: int) -> bool:
    """True once the server answers a SPARQL ASK on /query."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1.0)
    try:
        conn.request("GET", "/query?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"})
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


@contextmanager
def start_oxigraph(location: Path, *options: str) -> Iterator[str]:
    """Run `oxigraph serve --location LOCATION --bind 127.0.0.1:PORT [options]`; yield its base URL.

    Waits (polling, with a deadline) until the server answers a query, and stops it on exit.
    Endpoints under the base URL: /query (SPARQL query), /update (SPARQL Update), /store
    (Graph Store Protocol).
    """
    port = free_port()
    log = location.parent / f"{location.name}-oxigraph.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", *options],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + OXIGRAPH_STARTUP_SECONDS
        while not _answers(port):
            try:
                proc.wait(timeout=0.05)  # doubles as the pause between polls and the crash check
            except subprocess.TimeoutExpired:
                pass
            else:
                pytest.fail(f"oxigraph serve exited with {proc.returncode}: {log.read_text(errors='replace')[-500:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"oxigraph serve did not answer within {OXIGRAPH_STARTUP_SECONDS:g} s")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of one Oxigraph server for the session (on-disk store, no union default graph).

    The server is shared: tests that write should use their own named graphs.
    """
    with start_oxigraph(tmp_path_factory.mktemp("oxigraph") / "store") as url:
        yield url



@pytest.fixture(scope="session")
def handan_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dist/ of a real build of the bundled Handan Campaign article with its store on disk, as
    `handan-kg build` leaves it, built once per session."""
    from handan_kg.corpus.build import build
    from handan_kg.store.dataset import write_store
    from handan_kg.write.manifest import load_manifest

    out = tmp_path_factory.mktemp("handan-dist")
    build([], out, "https://w3id.org/handan-kg/")
    write_store(out, load_manifest(out))
    return out
