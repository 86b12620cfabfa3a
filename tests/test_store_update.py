"""`build` and `link` bring the store up to date by rewriting only the graphs that changed: the
result is every quad a store rebuilt whole holds, and an unchanged rebuild writes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from test_build_cli import corpus_copy, run

from handan_kg.corpus.build import build
from handan_kg.namespaces import RDF, RDFS
from handan_kg.store.dataset import STORE_DIR, entail_rdfs, hierarchy, store_path, write_store
from handan_kg.store.runs import graph_runs, read_run
from handan_kg.store.update import closure_about, update_store
from handan_kg.write.manifest import load_manifest

BASE = "https://w3id.org/handan-kg/"
ZHANG_HAN = f"{BASE}id/person/zhang-han"


def quads(dist: Path) -> set[ox.Quad]:
    return set(ox.Store.read_only(str(store_path(dist))))


def graphs(dist: Path) -> set[ox.NamedNode | ox.BlankNode]:
    return set(ox.Store.read_only(str(store_path(dist))).named_graphs())


def files_of(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under `folder` with its inode and modification time: what a rewrite changes."""
    return {str(p.relative_to(folder)): (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


def in_graph(dist: Path, subject: str, graph_slug: str) -> bool:
    graph = ox.NamedNode(f"{BASE}id/graph/{graph_slug}")
    return any(True for _ in ox.Store.read_only(str(store_path(dist))).quads_for_pattern(ox.NamedNode(subject), None, None, graph))


def test_an_updated_store_holds_every_quad_of_a_store_built_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Edited, added and removed articles, and articles whose people are renamed because a new
    article shares their name: the update rewrites their graphs only, and gives the same quads."""
    folder = corpus_copy(tmp_path, ["battle_of_julu.txt", "shangdang_campaign.txt", "huaihai_campaign.txt", "handan_campaign.txt"])
    modern = folder / "shangdang_campaign.txt"
    modern.write_text(modern.read_text(encoding="utf-8").replace("Commander1: Yan Xishan", "Commander1: Yan Xishan, Zhang Han"), encoding="utf-8")
    out = tmp_path / "dist"
    code, stdout, err = run(["build", str(folder), "--out", str(out)], capsys)
    assert code == 0, err
    assert "store: built whole" in stdout  # the first build
    assert in_graph(out, ZHANG_HAN, "battle-of-julu") and in_graph(out, ZHANG_HAN + "-2", "shangdang-campaign")
    before = quads(out)

    # an article set in 1945 that sorts first takes the name: Julu's Zhang Han becomes zhang-han-2,
    # Shangdang's becomes zhang-han, though neither text changed
    (folder / "a_shangdang_retold.txt").write_text(
        modern.read_text(encoding="utf-8").replace("= Shangdang Campaign =", "= Shangdang Campaign retold ="), encoding="utf-8")
    huaihai = folder / "huaihai_campaign.txt"
    huaihai.write_text(huaihai.read_text(encoding="utf-8").replace("Su Yu Tan Zhenlin", "Su Yu Wang Jianan Tan Zhenlin"), encoding="utf-8")
    (folder / "handan_campaign.txt").unlink()
    build([str(folder)], out, BASE)
    # every graph but one changed: by default that is rebuilt whole, which is then quicker
    update = update_store(out, whole_rebuild_share=1.0)
    assert (update.how, update.graphs) == ("updated", 5)  # the three edits and the two renamed
    assert in_graph(out, ZHANG_HAN + "-2", "battle-of-julu") and in_graph(out, ZHANG_HAN, "shangdang-campaign")
    assert not in_graph(out, ZHANG_HAN + "-2", "shangdang-campaign")

    clean = tmp_path / "clean"
    code, _, err = run(["build", str(folder), "--out", str(clean), "-q"], capsys)
    assert code == 0, err
    updated = quads(out)
    assert updated != before
    assert updated == quads(clean)
    assert graphs(out) == graphs(clean)
    assert not any(isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.endswith("/handan-campaign") for q in updated)


def test_an_unchanged_rebuild_does_not_rewrite_the_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = corpus_copy(tmp_path, ["battle_of_julu.txt", "huaihai_campaign.txt"])
    out = tmp_path / "dist"
    assert run(["build", str(folder), "--out", str(out), "-q"], capsys)[0] == 0
    store = out / STORE_DIR
    before = files_of(store)
    assert len(before) > 3
    code, stdout, err = run(["build", str(folder), "--out", str(out)], capsys)
    assert code == 0, err
    assert "store: unchanged" in stdout
    assert files_of(store) == before


def test_link_updates_the_links_graph_to_what_a_whole_rebuild_holds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "dist"
    assert run(["build", "--out", str(out), "-q"], capsys)[0] == 0
    code, stdout, err = run(["link", str(out)], capsys)
    assert code == 0, err
    linked = quads(out)
    assert any(q.graph_name.value == "urn:x-handan-kg:links" for q in linked if isinstance(q.graph_name, ox.NamedNode))
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    write_store(copy, load_manifest(copy))
    assert linked == quads(copy)


def _forget_digests(store: Path) -> None:
    (store / "graphs.json").unlink()


def _damage(store: Path) -> None:
    for path in (store / "db").iterdir():
        if path.is_file():
            path.write_bytes(b"not a database")


@pytest.mark.parametrize("spoil", [_forget_digests, _damage], ids=["no graph digests (an older release)", "damaged"])
def test_a_store_that_cannot_be_updated_is_rebuilt_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str], spoil) -> None:
    folder = corpus_copy(tmp_path, ["battle_of_julu.txt", "huaihai_campaign.txt"])
    out = tmp_path / "dist"
    assert run(["build", str(folder), "--out", str(out), "-q"], capsys)[0] == 0
    spoil(out / STORE_DIR)
    (folder / "battle_of_julu.txt").unlink()
    build([str(folder)], out, BASE)
    assert update_store(out, whole_rebuild_share=1.0).how == "built whole"
    clean = tmp_path / "clean"
    assert run(["build", str(folder), "--out", str(clean), "-q"], capsys)[0] == 0
    assert quads(out) == quads(clean)


def test_a_change_to_the_class_hierarchy_rebuilds_the_store_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A subclass triple in an article's graph changes every subject's closure: no update then
    (the build writes none; the dataset is edited here, its manifest with it)."""
    folder = corpus_copy(tmp_path, ["battle_of_julu.txt", "huaihai_campaign.txt"])
    out = tmp_path / "dist"
    assert run(["build", str(folder), "--out", str(out), "-q"], capsys)[0] == 0
    battle, conflict = "https://w3id.org/handan-kg/ontology#Battle", "https://w3id.org/handan-kg/ontology#Conflict"
    narrower = f"<{EX}Skirmish> <{RDFS}subClassOf> <{battle}>"
    nq, nt = out / "dataset.nq", out / "dataset.nt"
    first, rest = nq.read_bytes().split(b"\n", 1)
    graph = first.rsplit(b" ", 2)[1].decode()
    nq.write_bytes(first + f"\n{narrower} {graph} .\n".encode() + rest)
    nt.write_bytes(nt.read_bytes() + f"{narrower} .\n".encode())
    manifest = out / "manifest.json"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # the dataset changed under the store
    assert update_store(out, whole_rebuild_share=1.0).how == "built whole"
    assert ox.Quad(_n("Skirmish"), ox.NamedNode(RDFS + "subClassOf"), ox.NamedNode(conflict)) in quads(out)
    copy = tmp_path / "copy"
    shutil.copytree(out, copy, ignore=shutil.ignore_patterns(STORE_DIR))
    write_store(copy, load_manifest(copy))
    assert quads(out) == quads(copy)


EX = "urn:x:"


def _n(name: str) -> ox.NamedNode:
    return ox.NamedNode(EX + name)


def test_the_closure_of_each_subject_is_the_closure_of_the_whole_graph() -> None:
    """`closure_about` per subject gives what `entail_rdfs` gives for the whole default graph,
    with a hierarchy that has a cycle, a subproperty of rdf:type and one of rdfs:subClassOf."""
    sub_class, sub_prop, a = ox.NamedNode(RDFS + "subClassOf"), ox.NamedNode(RDFS + "subPropertyOf"), ox.NamedNode(RDF + "type")
    triples = [
        ox.Triple(_n("Battle"), sub_class, _n("Conflict")), ox.Triple(_n("Conflict"), sub_class, _n("Event")),
        ox.Triple(_n("Event"), sub_class, _n("Happening")), ox.Triple(_n("Happening"), sub_class, _n("Event")),  # a cycle
        ox.Triple(_n("commander"), sub_prop, _n("participant")), ox.Triple(_n("participant"), sub_prop, _n("agent")),
        ox.Triple(_n("kind"), sub_prop, a), ox.Triple(_n("narrower"), sub_prop, sub_class),
        ox.Triple(_n("Siege"), _n("narrower"), _n("Battle")),
        ox.Triple(_n("b1"), a, _n("Battle")), ox.Triple(_n("b1"), _n("commander"), _n("p1")),
        ox.Triple(_n("b2"), _n("kind"), _n("Siege")), ox.Triple(_n("p1"), _n("participant"), _n("b1")),
        ox.Triple(_n("b2"), _n("commander"), ox.Literal("1.50", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))),
    ]
    whole = ox.Store()
    whole.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    entail_rdfs(whole)
    props, classes = hierarchy(whole, sub_prop), hierarchy(whole, sub_class)
    asserted = ox.Store()  # the asserted triples as a store holds them (literals rewritten)
    asserted.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    by_subject: dict = {}
    for q in asserted:
        by_subject.setdefault(q.subject, set()).add(q.triple)
    per_subject = {t for s, ts in by_subject.items() for t in closure_about(s, ts, props, classes)}
    assert per_subject == {q.triple for q in whole}
    assert ox.Triple(_n("b2"), a, _n("Event")) in per_subject  # through rdf:type's subproperty, then the classes


def test_the_store_update_leaves_nothing_aside(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = corpus_copy(tmp_path, ["battle_of_julu.txt", "huaihai_campaign.txt"])
    out = tmp_path / "dist"
    assert run(["build", str(folder), "--out", str(out), "-q"], capsys)[0] == 0
    (folder / "battle_of_julu.txt").unlink()
    build([str(folder)], out, BASE)
    assert update_store(out, whole_rebuild_share=1.0).how == "updated"
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(STORE_DIR)) == [STORE_DIR]
    assert update_store(out).how == "unchanged"


def test_graph_runs_find_each_graphs_lines_and_refuse_a_graph_split_in_two(tmp_path: Path) -> None:
    lines = [b'<urn:s> <urn:p> "a" <urn:g1> .\n', b'<urn:s> <urn:p> "b"@en <urn:g1> .\n',
             b'<urn:t> <urn:p> "1.0"^^<http://www.w3.org/2001/XMLSchema#decimal> <urn:g2> .\n']
    nq = tmp_path / "x.nq"
    nq.write_bytes(b"".join(lines))
    runs = graph_runs(nq)
    assert runs is not None and list(runs) == ["urn:g1", "urn:g2"]
    assert read_run(nq, runs["urn:g1"]) == lines[0] + lines[1] and read_run(nq, runs["urn:g2"]) == lines[2]
    nq.write_bytes(b"".join([lines[0], lines[2], lines[1]]))
    assert graph_runs(nq) is None  # g1 in two runs: not what the build writes, so the store is rebuilt whole
    nq.write_bytes(lines[0] + b'<urn:s> <urn:p> "no graph" .\n')
    assert graph_runs(nq) is None
