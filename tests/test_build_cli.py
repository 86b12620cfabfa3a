"""`handan-kg build` / `validate` as a user meets them: help, errors, many articles, speed-ups."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from handan_kg.cli import main
from handan_kg.rdf.mapping import statement_iri

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
SOME = ["handan_campaign.txt", "shangdang_campaign.txt", "huaihai_campaign.txt", "battle_of_julu.txt"]


def corpus_copy(tmp: Path, names: list[str]) -> Path:
    folder = tmp / "articles"
    folder.mkdir()
    for name in names:
        shutil.copy(CORPUS / name, folder / name)
    shutil.copy(CORPUS / "SOURCES.tsv", folder / "SOURCES.tsv")
    return folder


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("command", ["build", "validate"])
def test_help_has_examples(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert "examples:" in capsys.readouterr().out


def test_build_bundled_article_prints_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["build", "--out", str(tmp_path / "dist")], capsys)
    assert code == 0, err
    assert "triples:" in out and "validation: conforms" in out
    assert "Conflict" in out or "Campaign" in out
    manifest = json.loads((tmp_path / "dist" / "manifest.json").read_text())
    assert manifest["name"] == "handan-campaign"
    umask = os.umask(0)
    os.umask(umask)
    for fmt in ("ttl", "jsonld", "nt", "trig", "nq"):
        path = tmp_path / "dist" / manifest["files"][fmt]
        assert path.stat().st_size > 1000
        assert path.stat().st_mode & 0o777 == 0o666 & ~umask, "files get the mode a plain open() gives"
    assert (tmp_path / "dist" / "coverage.json").is_file()
    code, out, err = run(["validate", str(tmp_path / "dist")], capsys)
    assert code == 0 and "conforms" in out


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "no such file"),
        ("", None, "directory has no .txt articles"),
        ("empty.txt", b"", "file is empty"),
        ("bin.txt", b"\x00\x01\x02binary", "binary file"),
        ("latin.txt", "= Caf\u00e9 =\n".encode("latin-1"), "not valid UTF-8"),
        ("noinfo.txt", b"= T =\n\nLead text.\n", "no infobox"),
        ("cut.txt", b"= T =\nInfobox\n- Conflict: T\n\nIt was fought between the two armies and", "truncated"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes | None, message: str
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    target = src / name if name else src
    if content is not None:
        target.write_bytes(content)
    out_dir = tmp_path / "dist"
    code, out, err = run(["build", str(target), "--out", str(out_dir)], capsys)
    assert code != 0
    assert message in err
    assert len(err.strip().splitlines()) == 1 and err.startswith("handan-kg: error:")
    assert not out_dir.exists() or not [p for p in out_dir.iterdir() if p.name != ".cache"]


def test_no_traceback_from_the_real_process(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "handan_kg", "build", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "d")],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip() == f"handan-kg: error: {tmp_path / 'nope.txt'}: no such file"


def test_validate_without_a_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["validate", str(tmp_path)], capsys)
    assert code == 2 and "no built dataset here" in err


def test_bad_article_in_a_directory_is_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = corpus_copy(tmp_path, SOME[:2])
    (folder / "broken.txt").write_text("= Broken =\nInfobox\n- Conflict: Broken\n\nIt was fought between the two and", encoding="utf-8")
    out_dir = tmp_path / "dist"
    code, out, err = run(["build", str(folder), "--out", str(out_dir)], capsys)
    assert code == 5
    assert "broken.txt" in err and "truncated" in err and "1 of 3 article(s) skipped" in err
    manifest = json.loads((out_dir / "manifest.json").read_text())
    assert [a["slug"] for a in manifest["articles"]] == ["handan-campaign", "shangdang-campaign"]
    code, _, err = run(["build", str(folder), "--out", str(tmp_path / "ff"), "--fail-fast"], capsys)
    assert code == 5 and "--fail-fast" in err
    assert not (tmp_path / "ff" / "manifest.json").exists()
    assert not [p for p in (tmp_path / "ff").glob("*") if p.suffix in {".nt", ".ttl", ".jsonld", ".trig", ".nq"}]


def test_shared_entities_get_one_iri_and_named_graphs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = corpus_copy(tmp_path, SOME)
    out_dir = tmp_path / "dist"
    code, out, err = run(["build", str(folder), "--out", str(out_dir)], capsys)
    assert code == 0, err
    nq = (out_dir / "dataset.nq").read_text(encoding="utf-8")
    graphs = {line.rsplit(" ", 2)[-2] for line in nq.splitlines()}
    assert "<https://w3id.org/handan-kg/id/graph/handan-campaign>" in graphs
    assert "<https://w3id.org/handan-kg/id/graph/huaihai-campaign>" in graphs
    civil_war = "<https://w3id.org/handan-kg/id/conflict/chinese-civil-war>"
    graphs_with_civil_war = {line.rsplit(" ", 2)[-2] for line in nq.splitlines() if line.endswith("> .") and f" {civil_war} " in line}
    assert len(graphs_with_civil_war) >= 2, "the Chinese Civil War is one IRI shared by several articles"
    person = "<https://w3id.org/handan-kg/id/person/liu-bocheng>"
    assert sum(1 for line in nq.splitlines() if line.startswith(person + " <http://www.w3.org/2000/01/rdf-schema#label>")) >= 2
    coverage = json.loads((out_dir / "coverage.json").read_text())
    assert coverage["cross_article"]["shared_entities"] >= 3
    assert "keys_unmapped" in coverage["articles"]["handan-campaign"]


def test_one_and_two_workers_give_identical_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = corpus_copy(tmp_path, SOME)
    assert run(["build", str(folder), "--out", str(tmp_path / "a"), "-q"], capsys)[0] == 0
    assert run(["build", str(folder), "--out", str(tmp_path / "b"), "-q", "--workers", "2"], capsys)[0] == 0
    for fmt in ("ttl", "jsonld", "nt", "trig", "nq"):
        assert (tmp_path / "a" / f"dataset.{fmt}").read_bytes() == (tmp_path / "b" / f"dataset.{fmt}").read_bytes(), fmt


def test_incremental_rebuild_reextracts_only_the_changed_article(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = corpus_copy(tmp_path, SOME[:3])
    out_dir = tmp_path / "dist"
    def cached_by_article() -> dict[str, bool]:
        code, _, err = run(["build", str(folder), "--out", str(out_dir), "--log-format", "json"], capsys)
        assert code == 0
        records = [json.loads(line) for line in err.splitlines()]
        return {Path(r["path"]).stem: r["cached"] for r in records if r.get("event") == "article"}

    assert not any(cached_by_article().values())
    changed = folder / "shangdang_campaign.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Shangdang Campaign ()", "Shangdang Campaign (上党战役)"), encoding="utf-8")
    assert cached_by_article() == {"handan_campaign": True, "huaihai_campaign": True, "shangdang_campaign": False}
    assert "上党战役" in (out_dir / "dataset.ttl").read_text(encoding="utf-8")


def test_the_build_keeps_each_article_text_in_the_dataset_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`texts/<slug>.txt` holds the text read, the bytes whose SHA-256 the manifest records; a
    second build leaves every text as it was (not even rewritten), a changed article rewrites
    its own, and an article that left the corpus takes its text with it."""
    folder = corpus_copy(tmp_path, SOME[:3])
    out_dir = tmp_path / "dist"

    def texts() -> dict[str, tuple[bytes, int]]:
        assert run(["build", str(folder), "--out", str(out_dir), "-q"], capsys)[0] == 0
        manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
        for article in manifest["articles"]:
            assert article["text"] == f"texts/{article['slug']}.txt"
            assert hashlib.sha256((out_dir / article["text"]).read_bytes()).hexdigest() == article["sha256"]
        found = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in (out_dir / "texts").iterdir()}
        assert sorted(found) == sorted(f"{a['slug']}.txt" for a in manifest["articles"])  # nothing else, no temporary file
        return found

    first = texts()
    assert first["handan-campaign.txt"][0] == (folder / "handan_campaign.txt").read_bytes()
    assert texts() == first
    changed = folder / "shangdang_campaign.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Shangdang Campaign ()", "Shangdang Campaign (上党战役)"), encoding="utf-8")
    third = texts()
    assert "上党战役" in third["shangdang-campaign.txt"][0].decode("utf-8")
    assert {k: v for k, v in third.items() if k != "shangdang-campaign.txt"} == {k: v for k, v in first.items() if k != "shangdang-campaign.txt"}
    (folder / "huaihai_campaign.txt").unlink()
    assert sorted(texts()) == ["handan-campaign.txt", "shangdang-campaign.txt"]


def test_json_logs_for_pipelines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = corpus_copy(tmp_path, SOME[:2])
    code, out, err = run(["build", str(folder), "--out", str(tmp_path / "d"), "--log-format", "json"], capsys)
    assert code == 0 and out == ""
    records = [json.loads(line) for line in err.splitlines()]
    assert [r["event"] for r in records] == ["article", "article", "build"]
    assert all(r["ok"] for r in records[:2]) and records[2]["articles"] == 2


def test_dask_scheduler_runs_the_same_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    distributed = pytest.importorskip("distributed")
    folder = corpus_copy(tmp_path, SOME[:2])
    assert run(["build", str(folder), "--out", str(tmp_path / "local"), "-q"], capsys)[0] == 0
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1") as cluster:
        code, _, err = run(["build", str(folder), "--out", str(tmp_path / "dask"), "-q", "--scheduler", cluster.scheduler_address], capsys)
    assert code == 0, err
    assert (tmp_path / "dask" / "dataset.nq").read_bytes() == (tmp_path / "local" / "dataset.nq").read_bytes()


def test_unreachable_scheduler_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["build", "--out", str(tmp_path / "d"), "--scheduler", "tcp://127.0.0.1:9", "--scheduler-timeout", "1"], capsys)
    assert code == 4 and "cannot reach Dask scheduler at tcp://127.0.0.1:9 within 1 s" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "d").exists()


def test_two_articles_disagreeing_keep_both_statements(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "revisions"
    folder.mkdir()
    text = (CORPUS / "shangdang_campaign.txt").read_text(encoding="utf-8")
    (folder / "shangdang_a.txt").write_text(text, encoding="utf-8")
    (folder / "shangdang_b.txt").write_text(text.replace("10 September 1945 –12", "11 September 1945 –12"), encoding="utf-8")
    out_dir = tmp_path / "dist"
    code, out, err = run(["build", str(folder), "--out", str(out_dir)], capsys)
    assert code == 0, err
    assert "cross-article disagreements: 1" in out
    from rdflib.namespace import PROV

    from handan_kg.rdf.mapping import HKG

    graph = Graph().parse(out_dir / "dataset.nt", format="nt")
    conflict = URIRef("https://w3id.org/handan-kg/id/conflict/shangdang-campaign")
    assert {str(d) for d in graph.objects(conflict, HKG.startDate)} == {"1945-09-10", "1945-09-11"}
    (disagreement,) = graph.subjects(RDF.type, HKG.Disagreement)
    statements = set(graph.objects(disagreement, HKG.disagreesWith))
    assert len(statements) == 2
    quotes = set()
    for statement in statements:
        assert graph.value(statement, RDF.subject) == conflict
        for evidence in graph.objects(statement, PROV.wasDerivedFrom):
            quotes.add(str(graph.value(evidence, URIRef("http://www.w3.org/ns/oa#hasSource"))))
    assert quotes == {"https://w3id.org/handan-kg/id/article/shangdang-a", "https://w3id.org/handan-kg/id/article/shangdang-b"}
    assert run(["validate", str(out_dir)], capsys)[0] == 0


def test_every_corpus_key_is_mapped_or_deliberately_ignored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["build", str(CORPUS), "--out", str(tmp_path / "dist"), "--workers", "2"], capsys)
    assert code == 0, err
    coverage = json.loads((tmp_path / "dist" / "coverage.json").read_text())
    keys = coverage["corpus"]["keys"]
    assert keys["unmapped"] == {}
    assert {"Conflict", "Date", "Place", "Result", "Combatant1", "Commander2", "Strength1", "Casualties2"} <= set(keys["mapped"])
    assert {"Map Type", "Campaignbox"} <= set(keys["ignored"])
    assert coverage["corpus"]["articles"] == 16
    assert "TOTAL" in out and "shared entities across articles" in out


def test_ctrl_c_leaves_nothing_half_written(tmp_path: Path) -> None:
    import signal

    folder = corpus_copy(tmp_path, [p.name for p in sorted(CORPUS.glob("*.txt"))])
    out_dir = tmp_path / "dist"
    proc = subprocess.Popen(
        [sys.executable, "-m", "handan_kg", "build", str(folder), "--out", str(out_dir), "--log-format", "json"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )
    assert proc.stderr is not None
    first = proc.stderr.readline()  # the first article is done: the build is under way
    assert '"event": "article"' in first
    proc.send_signal(signal.SIGINT)
    rest = proc.communicate(timeout=60)[1]
    assert proc.returncode == 130, rest
    assert "interrupted" in rest and "Traceback" not in rest
    leftovers = [p.name for p in out_dir.iterdir() if p.name != ".cache"] if out_dir.exists() else []
    assert leftovers == []
    assert not list(out_dir.glob(".cache/*/.*.tmp"))  # no torn cache entry either


@pytest.mark.parametrize("base", ["https://example.org/kg", "https://example.org/kg/"])
def test_base_iri_is_normalized(tmp_path: Path, capsys: pytest.CaptureFixture[str], base: str) -> None:
    code, _, err = run(["build", "--out", str(tmp_path / "d"), "-q", "--base-iri", base], capsys)
    assert code == 0, err
    text = (tmp_path / "d" / "handan-campaign.nt").read_text(encoding="utf-8")
    assert "<https://example.org/kg/id/conflict/handan-campaign>" in text
    assert "https://w3id.org/handan-kg/id/" not in text


@pytest.mark.parametrize("base", ["example.org/kg/", "urn:x", "https://exa mple.org/"])
def test_bad_base_iri_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], base: str) -> None:
    code, _, err = run(["build", "--out", str(tmp_path / "d"), "--base-iri", base], capsys)
    assert code == 2 and "--base-iri" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "d").exists()


def test_validate_checks_the_links_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "dist"
    assert run(["build", "--out", str(out_dir), "-q"], capsys)[0] == 0
    assert run(["link", str(out_dir)], capsys)[0] == 0
    code, out, _ = run(["validate", str(out_dir)], capsys)
    assert code == 0 and "conforms" in out
    links = out_dir / "links.ttl"
    links.write_text(links.read_text(encoding="utf-8").replace("<http://www.wikidata.org/entity/>", "<http://example.org/entity/>"), encoding="utf-8")
    code, _, err = run(["validate", str(out_dir)], capsys)
    assert code == 3 and "violation" in err


def test_one_name_two_eras_two_people(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Zhang Han commands in 207 BC (Julu); an article set in 1945 names a Zhang Han too."""
    folder = corpus_copy(tmp_path, ["battle_of_julu.txt", "shangdang_campaign.txt"])
    modern = folder / "shangdang_campaign.txt"
    modern.write_text(modern.read_text(encoding="utf-8").replace("Commander1: Yan Xishan", "Commander1: Yan Xishan, Zhang Han"), encoding="utf-8")
    same_era = folder / "battle_of_julu_retold.txt"
    same_era.write_text((folder / "battle_of_julu.txt").read_text(encoding="utf-8").replace("= Battle of Julu =", "= Battle of Julu retold ="), encoding="utf-8")
    out_dir = tmp_path / "dist"
    code, out, err = run(["build", str(folder), "--out", str(out_dir), "-q"], capsys)
    assert code == 0, err
    nq = (out_dir / "dataset.nq").read_text(encoding="utf-8")
    ancient = "<https://w3id.org/handan-kg/id/person/zhang-han>"
    modern_iri = "<https://w3id.org/handan-kg/id/person/zhang-han-2>"

    def graphs(iri: str) -> set[str]:
        return {line.rsplit(" ", 2)[-2].rsplit("/", 1)[-1].rstrip(">") for line in nq.splitlines() if line.startswith(iri + " ")}

    assert graphs(ancient) == {"battle-of-julu", "battle-of-julu-retold"}
    assert graphs(modern_iri) == {"shangdang-campaign"}
    coverage = json.loads((out_dir / "coverage.json").read_text())
    assert coverage["cross_article"]["people_told_apart"] == [
        {"article": "shangdang-campaign", "minted": ancient[1:-1], "resolved": modern_iri[1:-1]}
    ]
    assert run(["validate", str(out_dir)], capsys)[0] == 0
    # the renamed person's reified statements are named by the renamed triple, in every format
    merged = Graph().parse(out_dir / "dataset.nt", format="nt")
    renamed = URIRef(modern_iri[1:-1])
    statements = list(merged.subjects(RDF.subject, renamed)) + list(merged.subjects(RDF.object, renamed))
    assert statements
    for statement in statements:
        spo = [merged.value(statement, p) for p in (RDF.subject, RDF.predicate, RDF.object)]
        assert statement == statement_iri("https://w3id.org/handan-kg/", *spo)
    for fmt, parser in (("ttl", "turtle"), ("jsonld", "json-ld")):
        assert isomorphic(merged, Graph().parse(out_dir / f"dataset.{fmt}", format=parser)), fmt


def test_homonyms_are_told_apart_the_same_way_by_any_number_of_workers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Identity is resolved on records in input order and the renamed article built again in
    the pool: the dataset is the same bytes inline and with workers."""
    folder = corpus_copy(tmp_path, ["battle_of_julu.txt", "shangdang_campaign.txt", "huaihai_campaign.txt"])
    modern = folder / "shangdang_campaign.txt"
    modern.write_text(modern.read_text(encoding="utf-8").replace("Commander1: Yan Xishan", "Commander1: Yan Xishan, Zhang Han"), encoding="utf-8")
    outputs = []
    for workers in ("1", "3"):
        out_dir = tmp_path / f"dist-{workers}"
        assert run(["build", str(folder), "--out", str(out_dir), "--workers", workers, "-q"], capsys)[0] == 0
        outputs.append({name: (out_dir / name).read_bytes() for name in ("dataset.nq", "dataset.jsonld", "coverage.json")})
    assert outputs[0] == outputs[1]
    assert b"person/zhang-han-2" in outputs[0]["dataset.nq"]


def test_trig_nquads_and_merged_files_hold_the_same_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import pyoxigraph
    from rdflib import Dataset

    folder = corpus_copy(tmp_path, SOME[:3])
    out_dir = tmp_path / "dist"
    assert run(["build", str(folder), "--out", str(out_dir), "-q"], capsys)[0] == 0

    def quads(fmt: pyoxigraph.RdfFormat, name: str) -> set[tuple[str, str, str, str]]:
        with (out_dir / name).open("rb") as fh:
            return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in pyoxigraph.parse(fh, fmt)}

    nq = quads(pyoxigraph.RdfFormat.N_QUADS, "dataset.nq")
    assert nq == quads(pyoxigraph.RdfFormat.TRIG, "dataset.trig")
    assert len({q[3] for q in nq}) == 3
    union = {q[:3] for q in nq}
    for fmt, name in ((pyoxigraph.RdfFormat.N_TRIPLES, "dataset.nt"), (pyoxigraph.RdfFormat.TURTLE, "dataset.ttl"), (pyoxigraph.RdfFormat.JSON_LD, "dataset.jsonld")):
        assert {q[:3] for q in quads(fmt, name)} == union, name
    merged = Graph().parse(out_dir / "dataset.nt", format="nt")
    assert isomorphic(merged, Graph().parse(out_dir / "dataset.ttl", format="turtle"))
    assert isomorphic(merged, Graph().parse(out_dir / "dataset.jsonld", format="json-ld"))
    dataset = Dataset().parse(out_dir / "dataset.trig", format="trig")
    assert sum(len(g) for g in dataset.graphs() if len(g)) == len(nq)


def test_cache_entries_of_other_code_versions_are_pruned(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "dist"
    stale = out_dir / ".cache" / "0123456789abcdef"
    stale.mkdir(parents=True)
    (stale / "entry").write_bytes(b"old")
    assert run(["build", "--out", str(out_dir), "-q"], capsys)[0] == 0
    assert [p.name for p in (out_dir / ".cache").iterdir()] != ["0123456789abcdef"]
    assert not stale.exists()


def test_formats_option_writes_only_what_is_asked_plus_nt_and_nq(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = corpus_copy(tmp_path, SOME[:3])
    full, slim_dir = tmp_path / "full", tmp_path / "slim"
    assert run(["build", str(folder), "--out", str(full), "-q"], capsys)[0] == 0
    assert run(["build", str(folder), "--out", str(slim_dir), "-q", "--formats", "jsonld", "--workers", "2"], capsys)[0] == 0
    manifest = json.loads((slim_dir / "manifest.json").read_text())
    assert sorted(manifest["files"]) == ["jsonld", "nq", "nt"]
    assert not list(slim_dir.glob("dataset.ttl")) and not list(slim_dir.glob("dataset.trig"))
    for fmt in ("jsonld", "nt", "nq"):  # the same bytes as in a full build
        assert (slim_dir / f"dataset.{fmt}").read_bytes() == (full / f"dataset.{fmt}").read_bytes(), fmt
    # the commands that read a dataset still work on it
    assert run(["validate", str(slim_dir)], capsys)[0] == 0
    code, out, _ = run(["query", "commanders", "--dir", str(slim_dir), "--format", "csv"], capsys)
    assert code == 0 and "Liu Bocheng" in out
    # the cache holds renderings per format set: a full rebuild into the same directory renders Turtle again
    assert run(["build", str(folder), "--out", str(slim_dir), "-q"], capsys)[0] == 0
    for fmt in ("ttl", "trig"):
        assert (slim_dir / f"dataset.{fmt}").read_bytes() == (full / f"dataset.{fmt}").read_bytes(), fmt


@pytest.mark.parametrize("formats", ["rdfxml", "ttl,xml", ""])
def test_bad_formats_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], formats: str) -> None:
    code, _, err = run(["build", "--out", str(tmp_path / "d"), "--formats", formats], capsys)
    if formats:
        assert code == 2 and err.count("\n") == 1 and "--formats" in err and "choose from" in err
        assert not (tmp_path / "d").exists() or not any((tmp_path / "d").iterdir())
    else:  # nothing asked beyond the two that are always written
        assert code == 0 and sorted(json.loads((tmp_path / "d" / "manifest.json").read_text())["files"]) == ["nq", "nt"]


def test_validate_graph_by_graph(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--scope article streams the N-Quads: each article's graph, the cross-article graph
    and the links, each validated on its own; a broken article is named in the error."""
    folder = corpus_copy(tmp_path, SOME[:3])
    out_dir = tmp_path / "dist"
    assert run(["build", str(folder), "--out", str(out_dir), "-q"], capsys)[0] == 0
    assert run(["link", str(out_dir)], capsys)[0] == 0
    code, out, err = run(["validate", str(out_dir), "--scope", "article"], capsys)
    assert code == 0, err
    assert "conforms" in out and "4 graphs validated one by one" in out  # 3 articles + links
    one = (out_dir / "validation-report.ttl").read_bytes()
    code, out, err = run(["validate", str(out_dir), "--scope", "article", "--workers", "2"], capsys)
    assert code == 0 and "4 graphs validated one by one" in out, err
    assert (out_dir / "validation-report.ttl").read_bytes() == one  # a process pool writes the same report
    assert run(["validate", str(out_dir)], capsys)[1].startswith(f"{out_dir}: conforms (")  # auto: union
    nq = out_dir / "dataset.nq"
    lines = nq.read_text(encoding="utf-8").splitlines(keepends=True)
    count = next(i for i, line in enumerate(lines) if "/graph/shangdang-campaign>" in line and "ontology#count>" in line)
    lines[count] = re.sub(r'"\d+"\^\^', '"-7"^^', lines[count])
    nq.write_text("".join(lines), encoding="utf-8")
    code, _, err = run(["validate", str(out_dir), "--scope", "article"], capsys)
    assert code == 3 and "1 of 4 graph(s)" in err and "graph/shangdang-campaign" in err
    code, _, parallel = run(["validate", str(out_dir), "--scope", "article", "-j", "2"], capsys)
    assert code == 3 and parallel == err
    code, _, err = run(["validate", str(out_dir), "--scope", "article", "-j", "0"], capsys)
    assert code == 2 and err.count("\n") == 1 and "--workers must be at least 1" in err
    # quads of one graph split apart: refused in one line, not validated as two halves
    first = next(i for i, line in enumerate(lines) if "/graph/handan-campaign>" in line)
    nq.write_text("".join([*lines[first + 1:], lines[first]]), encoding="utf-8")
    code, _, err = run(["validate", str(out_dir), "--scope", "article"], capsys)
    assert code == 2 and err.count("\n") == 1 and "--scope union" in err
    nq.write_text("<a> <b> .\n", encoding="utf-8")
    code, _, err = run(["validate", str(out_dir), "--scope", "article"], capsys)
    assert code == 2 and err.count("\n") == 1 and "cannot parse" in err


def test_builds_in_two_folders_write_byte_identical_files_manifest_and_coverage_included(tmp_path: Path) -> None:
    root = Path(__file__).parents[1]
    outputs = []
    for where in ("first", "second/deeper"):
        folder = tmp_path / where
        (folder / "articles").mkdir(parents=True)
        for stem in ("handan_campaign", "battle_of_julu"):
            shutil.copy(root / "tests" / "fixtures" / "corpus" / f"{stem}.txt", folder / "articles")
        r = subprocess.run([sys.executable, "-m", "handan_kg", "build", "articles", "--out", "dist", "-q"], cwd=folder,
                           env={**os.environ, "PYTHONPATH": str(root / "src"), "PYTHONHASHSEED": str(len(where))},
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        dist = folder / "dist"
        outputs.append({p.relative_to(dist).as_posix(): p.read_bytes() for p in sorted([*dist.iterdir(), *(dist / "texts").iterdir()]) if p.is_file()})
    assert outputs[0].keys() == outputs[1].keys() and {"manifest.json", "coverage.json", "texts/handan-campaign.txt"} <= outputs[0].keys()
    for name in outputs[0]:
        assert outputs[0][name] == outputs[1][name], name
    manifest = json.loads(outputs[0]["manifest.json"])
    assert [a["path"] for a in manifest["articles"]] == ["articles/battle_of_julu.txt", "articles/handan_campaign.txt"]


@pytest.mark.parametrize("name", ["../outside.ttl", "/etc/passwd"])
def test_validate_refuses_a_links_file_outside_the_dataset_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    out_dir = tmp_path / "dist"
    assert run(["build", str(corpus_copy(tmp_path, SOME[:1])), "--out", str(out_dir)], capsys)[0] == 0
    (tmp_path / "outside.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    manifest["links"] = {"file": name}
    (out_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    code, _, err = run(["validate", str(out_dir), "--scope", "article"], capsys)
    assert code == 2 and "is not a file of the dataset folder" in err and err.count("\n") == 1
