"""Serving from the store on disk: the same documents as from the flat files, byte for byte,
and the same SPARQL answers, without reading the dataset into memory."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest
from publish_fixtures import ROOT, Server

from handan_kg.publish.data import Graph, StoreGraph, load
from handan_kg.publish.pages import Site, load_queries
from handan_kg.resources import QUERIES_DIR
from handan_kg.store.dataset import STORE_DIR
from handan_kg.write.manifest import dataset_file, read_manifest

CORPUS = ROOT / "tests" / "fixtures" / "corpus"
MULTI = ("battle_of_ain_jalut.txt", "battle_of_grunwald.txt", "battle_of_guningtou.txt", "chaco_war.txt")


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled article as `make run` leaves it: built, then linked (both write the store)."""
    out = tmp_path_factory.mktemp("linked") / "dist"
    from handan_kg.cli import main

    assert main(["build", "--out", str(out), "-q"]) == 0
    assert main(["link", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def multi(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small corpus of several articles, built (which writes the store)."""
    from handan_kg.cli import main

    corpus = tmp_path_factory.mktemp("corpus")
    for name in MULTI:
        shutil.copy(CORPUS / name, corpus / name)
    out = tmp_path_factory.mktemp("multi") / "dist"
    assert main(["build", str(corpus), "--out", str(out), "-q", "--workers", "1"]) == 0
    return out


def without_store(dist: Path, tmp_path: Path) -> Path:
    """A copy of `dist` without its store (file dates kept): the flat files only."""
    flat = tmp_path / "flat"
    shutil.copytree(dist, flat, ignore=shutil.ignore_patterns(STORE_DIR))
    return flat


def documents(site: Site) -> list[str]:
    """Every path of the site a server answers: the static site plus the server-only twins."""
    paths = site.static_paths()
    paths += [p[:-5] + ext for p in paths if p.startswith("page/") and p.endswith(".html") for ext in (".nt", ".rdf")]
    return paths


@pytest.mark.parametrize("which", ["linked", "multi"])
def test_every_document_is_the_same_from_the_store_and_from_the_flat_files(which: str, request, tmp_path: Path) -> None:
    dist = request.getfixturevalue(which)
    stored, flat = load(dist), load(without_store(dist, tmp_path))
    assert isinstance(stored.data, StoreGraph) and stored.store is not None
    assert isinstance(flat.data, Graph) and flat.store is None
    queries = load_queries(QUERIES_DIR)
    a = Site(stored, dynamic=True, site_url="http://example.org/", queries=queries)
    b = Site(flat, dynamic=True, site_url="http://example.org/", queries=queries)
    paths = documents(a)
    assert paths == documents(b)
    assert sum(p.startswith("page/") for p in paths) > 100
    for path in paths:
        one, other = a.render(path), b.render(path)
        assert one is not None and other is not None, path
        assert one.body == other.body, path


def test_the_store_path_never_parses_the_flat_dataset(linked: Path, tmp_path: Path) -> None:
    """With a current store, a dataset file damaged after the build does not matter: the
    pages read the store. Rebasing IRIs reads the flat files (the store holds the built IRIs)."""
    dist = tmp_path / "dist"
    shutil.copytree(linked, dist)
    dataset_file(dist, read_manifest(dist), "nt").write_bytes(b"<broken")
    site = Site(load(dist), dynamic=True)
    doc = site.document("page/person/liu-bocheng.html")
    assert doc is not None and b"Liu Bocheng" in doc.body
    with pytest.raises(Exception, match="cannot parse"):
        load(dist, base_iri="http://example.org/kg/")


def test_served_from_the_store_the_answers_are_the_same(linked: Path, tmp_path: Path) -> None:
    """Two real servers, one on the store and one on the flat files: the same pages, the same
    SPARQL answers (with the RDFS closure in the default graph, the article graphs as named
    graphs, the store's links graph not among them)."""
    flat = without_store(linked, tmp_path)
    on_store, on_files = Server(linked, "--workers", "2"), Server(flat, "--workers", "1")
    try:
        for path in ("/", "/page/person/liu-bocheng.html", "/page/person/liu-bocheng.ttl", "/.well-known/void", "/sitemap.xml",
                     "/page/article/handan-campaign.html", "/download/texts/handan-campaign.txt"):
            one, other = httpx.get(on_store.url + path, timeout=20), httpx.get(on_files.url + path, timeout=20)
            assert one.status_code == other.status_code == 200, path
            assert one.content.replace(on_store.url.encode(), b"") == other.content.replace(on_files.url.encode(), b""), path
        # the text comes from the dataset folder: the servers run where the build's `path` means nothing
        text = httpx.get(on_files.url + "/download/texts/handan-campaign.txt", timeout=20)
        assert text.headers["content-type"] == "text/plain; charset=utf-8"
        assert text.content == (linked / "texts" / "handan-campaign.txt").read_bytes()
        assert '<div class="article-text">' in httpx.get(on_files.url + "/page/article/handan-campaign.html", timeout=20).text
        assert httpx.get(on_files.url + "/download/texts/handan-campaign", timeout=20).status_code == 404
        queries = [
            "SELECT ?g WHERE { GRAPH ?g { } } ORDER BY ?g",
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            "SELECT ?c WHERE { <https://w3id.org/handan-kg/id/person/liu-bocheng> a ?c } ORDER BY ?c",
        ]
        for query in queries:
            answers = [httpx.get(s.url + "/sparql", params={"query": query}, headers={"Accept": "text/csv"}, timeout=20) for s in (on_store, on_files)]
            assert answers[0].status_code == 200, answers[0].text
            assert answers[0].text == answers[1].text, query
        graphs = httpx.get(on_store.url + "/sparql", params={"query": queries[0]}, headers={"Accept": "text/csv"}, timeout=20).text
        assert "id/graph/" in graphs and "urn:x-handan-kg" not in graphs
    finally:
        on_store.stop()
        on_files.stop()
