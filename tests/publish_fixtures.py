"""Shared fixtures of the publish tests: a built dataset directory and a running server."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from rdflib import Graph

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "publish"
BASE = "https://w3id.org/handan-kg/"
BUNDLED_ARTICLE = ROOT / "data" / "articles" / "handan_campaign.txt"


def build_real(out: Path) -> Path:
    """A real build of the bundled Handan Campaign article, plus Wikidata links (fixture)."""
    from handan_kg.corpus.build import build

    build([str(BUNDLED_ARTICLE)], out, BASE)
    shutil.copy(FIXTURES / "links.ttl", out / "links.ttl")
    return out


def make_dist(out: Path) -> Path:
    """A dist/ directory like `handan-kg build` writes, from the hand-written fixture."""
    g = Graph()
    g.parse(FIXTURES / "handan-mini.ttl", format="turtle")
    out.mkdir(parents=True, exist_ok=True)
    (out / "handan-mini.nt").write_bytes(g.serialize(format="nt", encoding="utf-8"))
    (out / "handan-mini.ttl").write_bytes(g.serialize(format="turtle", encoding="utf-8"))
    (out / "handan-mini.jsonld").write_bytes(g.serialize(format="json-ld", encoding="utf-8"))
    graph = f"<{BASE}id/graph/handan-campaign>"
    nq = [line[:-1].rstrip() + f" {graph} ." for line in (out / "handan-mini.nt").read_text().splitlines() if line.strip()]
    (out / "handan-mini.nq").write_text("\n".join(sorted(nq)) + "\n")
    manifest = {
        "name": "handan-mini",
        "base_iri": BASE,
        "files": {"nt": "handan-mini.nt", "ttl": "handan-mini.ttl", "jsonld": "handan-mini.jsonld", "nq": "handan-mini.nq"},
        "triples": len(g),
        "articles": [{"slug": "handan-campaign", "title": "Handan Campaign", "source": "https://en.wikipedia.org/wiki/Handan_Campaign"}],
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`handan-kg serve` as a real subprocess on a free 127.0.0.1 port."""

    def __init__(self, dist: Path, *extra: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
        cmd = [sys.executable, "-m", "handan_kg", "serve", str(dist), "--host", "127.0.0.1", "--port", str(self.port), *extra]
        self.proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self._wait_ready()

    def _wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.proc.stdout.read().decode(errors='replace')}")
            try:
                if httpx.get(self.url + "/health", timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)  # polling interval of the readiness loop, not a fixed wait
        self.stop()
        raise RuntimeError("server did not become ready")

    def alive(self) -> bool:
        return self.proc.poll() is None and httpx.get(self.url + "/health", timeout=2.0).status_code == 200

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@contextmanager
def real_server(tmp_path_factory) -> Iterator[Server]:
    """`handan-kg serve` (one query worker) on a real build of the bundled article, with the
    fixture Wikidata links, the real ontology and the query library."""
    srv = Server(build_real(tmp_path_factory.mktemp("dist")), "--workers", "1")
    try:
        yield srv
    finally:
        srv.stop()


CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"  # screenshots the browser tests leave for people to look at
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def chromium_page() -> Iterator:
    """A page in Debian's headless Chromium (driven by Playwright) that records, in
    `page.external_requests`, every request to anywhere but 127.0.0.1."""
    import pytest

    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1000, "height": 900})
            page = context.new_page()
            page.set_default_timeout(10_000)
            external: list[str] = []
            page.on("request", lambda req: external.append(req.url) if not req.url.startswith(("http://127.0.0.1", "data:")) else None)
            page.external_requests = external
            yield page
        finally:
            browser.close()
