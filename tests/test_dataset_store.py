"""The store on disk that `build` and `link` leave for readers: the same quads as loading the
flat files into memory, opened read-only, trusted only while its stamp matches the dataset."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from test_query import run_cli

from handan_kg.resources import ROOT
from handan_kg.store.dataset import STORE_DIR, open_dataset, store_is_current, write_store
from handan_kg.write.manifest import MANIFEST, load_manifest

COMMANDERS = "SELECT ?p WHERE { ?s <https://w3id.org/handan-kg/ontology#commander> ?p }"


def quads(store: ox.Store) -> set[ox.Quad]:
    return set(store.quads_for_pattern(None, None, None))


@pytest.fixture()
def dist(handan_dist: Path, tmp_path: Path) -> Path:
    out = tmp_path / "dist"
    shutil.copytree(handan_dist, out)
    return out


def test_build_leaves_a_current_store_that_holds_what_the_flat_files_give(tmp_path: Path, capsys) -> None:
    out = tmp_path / "dist"
    code, stdout, err = run_cli(capsys, "build", "--out", str(out))
    assert code == 0, err
    assert str(out / STORE_DIR) in stdout  # said in `wrote:`
    assert store_is_current(out, load_manifest(out))
    on_disk = open_dataset(out)
    with pytest.raises(RuntimeError, match="read-write"):  # opened read-only: a reader cannot change the dataset
        on_disk.add(ox.Quad(ox.NamedNode("urn:x:a"), ox.NamedNode("urn:x:b"), ox.Literal("c")))
    (out / STORE_DIR / "stamp.json").unlink()
    in_memory = open_dataset(out)
    assert quads(on_disk) == quads(in_memory) and len(quads(in_memory)) > 4000
    assert "store" not in json.dumps(json.loads((out / MANIFEST).read_text(encoding="utf-8")))  # not a published file


def test_a_store_that_does_not_match_the_dataset_is_not_trusted(dist: Path) -> None:
    assert store_is_current(dist, load_manifest(dist))
    manifest = json.loads((dist / MANIFEST).read_text(encoding="utf-8"))
    expected = {str(r["p"]) for r in open_dataset(dist).query(COMMANDERS)}
    assert expected
    # the dataset changes under the store (a newer build interrupted before the store was rewritten)
    nt = dist / manifest["files"]["nt"]
    kept = [line for line in nt.read_text(encoding="utf-8").splitlines(keepends=True) if "#commander>" not in line]
    nt.write_text("".join(kept), encoding="utf-8")
    manifest["triples"] = len(kept)
    (dist / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    assert not store_is_current(dist, load_manifest(dist))
    assert not list(open_dataset(dist).query(COMMANDERS))  # the files as they are now, not the old store
    write_store(dist, load_manifest(dist))
    assert store_is_current(dist, load_manifest(dist)) and not list(open_dataset(dist).query(COMMANDERS))


def test_a_damaged_store_falls_back_to_the_flat_files(dist: Path) -> None:
    expected = quads(open_dataset(dist))
    for path in (dist / STORE_DIR / "db").iterdir():
        if path.is_file():
            path.write_bytes(b"not a database")
    assert store_is_current(dist, load_manifest(dist))  # the stamp still matches; opening fails
    assert quads(open_dataset(dist)) == expected


def test_link_rewrites_the_store_with_the_links(tmp_path: Path, capsys) -> None:
    out = tmp_path / "dist"
    assert run_cli(capsys, "build", "--out", str(out), "-q")[0] == 0
    links = "SELECT ?e ?q WHERE { ?e <http://www.w3.org/2002/07/owl#sameAs> ?q }"
    assert not list(open_dataset(out).query(links))
    code, stdout, err = run_cli(capsys, "link", str(out))
    assert code == 0, err
    assert store_is_current(out, load_manifest(out)) and str(out / STORE_DIR) in stdout
    assert len(list(open_dataset(out).query(links))) >= 10


def test_query_reads_the_store_not_the_flat_files(dist: Path, capsys) -> None:
    """With a current store, `query` never parses the N-Triples: a dataset file damaged after
    the store was built does not matter until the next build."""
    manifest = json.loads((dist / MANIFEST).read_text(encoding="utf-8"))
    code, expected, err = run_cli(capsys, "query", "commanders", "--dir", str(dist), "--format", "csv")
    assert code == 0, err
    (dist / manifest["files"]["nt"]).write_bytes(b"<broken")
    code, out, err = run_cli(capsys, "query", "commanders", "--dir", str(dist), "--format", "csv")
    assert (code, out) == (0, expected)
    (dist / STORE_DIR / "stamp.json").unlink()
    code, out, err = run_cli(capsys, "query", "commanders", "--dir", str(dist), "--format", "csv")
    assert code != 0 and "cannot load" in err and len(err.strip().splitlines()) == 1


def _manifest_opens(dist: Path, *argv: str) -> tuple[list[str], int]:
    """A real `handan-kg` process run on `dist`: its lines of output, and how many times any of
    its processes (the forked query child too) opened `dist/manifest.json`, counted by Python's
    audit hook, which sees every `open` (written with `os.write`, which opens nothing itself)."""
    log = dist.parent / "opens.log"
    code = (
        "import os, sys\n"
        f"log = os.open({str(log)!r}, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND)\n"
        f"manifest = {str(dist / MANIFEST)!r}\n"
        "sys.addaudithook(lambda event, args: os.write(log, b'open\\n') if event == 'open' and str(args[0]) == manifest else None)\n"
        "from handan_kg.cli import main\n"
        f"sys.exit(main({list(argv)!r}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines(), log.read_text(encoding="utf-8").count("open")


def test_a_query_reads_the_manifest_once(dist: Path) -> None:
    """`query` reads `manifest.json` (3.6 MB at 10,000 articles) once and passes it along, for the
    store's stamp and the dataset's files alike: on the store, and on the flat files without it."""
    argv = ("query", "commanders", "--dir", str(dist), "--format", "csv")
    on_store, opens = _manifest_opens(dist, *argv)
    assert len(on_store) > 5 and opens == 1
    (dist / STORE_DIR / "stamp.json").write_text("{}\n", encoding="utf-8")  # a stamp that matches nothing
    in_memory, opens = _manifest_opens(dist, *argv)
    assert in_memory == on_store and opens == 1
