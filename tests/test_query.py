"""`handan-kg query`: the embedded store, query resolution, output formats and errors.

Remote querying against a real Oxigraph server is covered in test_store.py, next to
loading, since the server must hold the data first.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest

from handan_kg.store import query as q
from handan_kg.store.dataset import open_dataset
from handan_kg.cli import main
from handan_kg.resources import QUERIES_DIR, ROOT

FIXTURE_QUERIES = Path(__file__).parent / "fixtures" / "query" / "queries"
SPARQL_RESULTS = "{http://www.w3.org/2005/sparql-results#}"
HKG = "https://w3id.org/handan-kg/ontology#"


def all_queries() -> list[Path]:
    """The library's competency queries plus the test fixtures' queries (SELECT, ASK, CONSTRUCT)."""
    return sorted(QUERIES_DIR.glob("*.rq")) + sorted(FIXTURE_QUERIES.glob("*.rq"))


def run_cli(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def store(handan_dist: Path) -> ox.Store:
    return open_dataset(handan_dist)


RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
MISSING_TYPES = f"""SELECT ?x ?d WHERE {{ ?x a ?c . ?c <{RDFS_NS}subClassOf>+ ?d FILTER(isIRI(?d)) FILTER NOT EXISTS {{ ?x a ?d }} }}"""
MISSING_PROPERTIES = f"""SELECT ?s ?q ?o WHERE {{ ?p <{RDFS_NS}subPropertyOf>+ ?q FILTER(isIRI(?q)) ?s ?p ?o FILTER NOT EXISTS {{ ?s ?q ?o }} }}"""


def test_rdfs_closure_adds_every_superclass_and_superproperty_statement(handan_dist: Path, store: ox.Store) -> None:
    plain = open_dataset(handan_dist, entail=False)  # data + ontology, no closure
    types = list(plain.query(MISSING_TYPES))
    properties = list(plain.query(MISSING_PROPERTIES))
    assert types and properties  # the data does rely on entailment
    assert not list(store.query(MISSING_TYPES)) and not list(store.query(MISSING_PROPERTIES))
    sample = types[0]
    assert store.query(f"ASK {{ {sample['x']} a {sample['d']} }}")
    assert not plain.query(f"ASK {{ {sample['x']} a {sample['d']} }}")


def test_conflicts_are_found_through_their_superclass(handan_dist: Path, store: ox.Store) -> None:
    conflict = f"SELECT DISTINCT ?c WHERE {{ ?c a <{HKG}Conflict> }}"
    asserted = {r["c"].value for r in open_dataset(handan_dist, entail=False).query(conflict)}
    entailed = {r["c"].value for r in store.query(conflict)}
    assert "https://w3id.org/handan-kg/id/conflict/handan-campaign" in entailed - asserted


@pytest.mark.parametrize("path", all_queries(), ids=lambda p: p.stem)
def test_every_query_runs_on_the_embedded_store(store: ox.Store, path: Path) -> None:
    result = q.run_local(store, q.Query(path.read_text(encoding="utf-8"), str(path)))
    assert isinstance(result, (ox.QuerySolutions, ox.QueryBoolean, ox.QueryTriples))
    assert q.render(result, None, path.read_text(encoding="utf-8"))


def test_library_questions_come_from_the_header(tmp_path: Path) -> None:
    (tmp_path / "b.rq").write_text("# Question: Who led side 2?\nSELECT * {}\n", encoding="utf-8")
    (tmp_path / "a.rq").write_text("#\n# Which places?\nSELECT * {}\n", encoding="utf-8")
    assert [(e.name, e.question) for e in q.library(tmp_path)] == [("a", "Which places?"), ("b", "Who led side 2?")]


def test_list_shows_every_library_query_with_its_question(capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run_cli(capsys, "query", "--list")
    assert code == 0
    for entry in q.library():
        line = next(line for line in out.splitlines() if line.split()[0] == entry.name)
        assert entry.question in line


def test_resolution_order(tmp_path: Path) -> None:
    (tmp_path / "places.rq").write_text("ASK {}", encoding="utf-8")
    assert q.resolve(None, "ASK { }").origin == "-e"
    assert q.resolve(str(tmp_path / "places.rq"), queries_dir=FIXTURE_QUERIES).text == "ASK {}"
    by_name = q.resolve("places", queries_dir=FIXTURE_QUERIES)
    assert by_name.origin == str(FIXTURE_QUERIES / "places.rq")


def test_table_is_aligned_for_wide_characters() -> None:
    text = q.table(["name", "zh"], [["Liu Bocheng", "刘伯承"], ["Ma", "x"]])
    lines = text.splitlines()
    assert lines[-1] == "(2 rows)"
    # the second column starts at the same display column on every line
    starts = [q._width(line[: line.index(cell)]) for line, cell in zip(lines, ["zh", " -", "刘伯承", "x"])]
    starts[1] += 1
    assert len(set(starts)) == 1


@pytest.fixture
def select_file() -> str:
    return str(FIXTURE_QUERIES / "sides.rq")


def test_json_output_parses_and_matches_the_store(capsys, handan_dist, store, select_file) -> None:
    code, out, err = run_cli(capsys, "query", select_file, "--dir", str(handan_dist), "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    expected = list(store.query(Path(select_file).read_text(encoding="utf-8")))
    assert doc["head"]["vars"] == ["side", "index", "name", "zh"]
    assert len(doc["results"]["bindings"]) == len(expected) > 0
    assert {b["name"]["value"] for b in doc["results"]["bindings"]} == {s["name"].value for s in expected}


def test_csv_and_tsv_output_parse(capsys, handan_dist, select_file) -> None:
    _, out, _ = run_cli(capsys, "query", select_file, "--dir", str(handan_dist), "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["side", "index", "name", "zh"]
    assert len(rows) - 1 == len(list(open_dataset(handan_dist).query(Path(select_file).read_text(encoding="utf-8")))) > 0
    _, out, _ = run_cli(capsys, "query", select_file, "--dir", str(handan_dist), "--format", "tsv")
    header, *body = out.splitlines()
    assert header.split("\t") == ["?side", "?index", "?name", "?zh"]
    assert len(body) == len(rows) - 1


def test_xml_output_parses(capsys, handan_dist, store, select_file) -> None:
    _, out, _ = run_cli(capsys, "query", select_file, "--dir", str(handan_dist), "--format", "xml")
    root = ET.fromstring(out)
    variables = [v.get("name") for v in root.iter(f"{SPARQL_RESULTS}variable")]
    assert variables == ["side", "index", "name", "zh"]
    assert len(list(root.iter(f"{SPARQL_RESULTS}result"))) == len(list(store.query(Path(select_file).read_text(encoding="utf-8")))) > 0


def test_table_output_lists_every_row(capsys, handan_dist, store, select_file) -> None:
    _, out, _ = run_cli(capsys, "query", select_file, "--dir", str(handan_dist))
    rows = list(store.query(Path(select_file).read_text(encoding="utf-8")))
    lines = out.splitlines()
    assert lines[0].split() == ["side", "index", "name", "zh"]
    assert lines[-1] == f"({len(rows)} rows)" and len(lines) == len(rows) + 3
    cells = {cell.strip() for line in lines[2:-1] for cell in line.split("  ") if cell}
    assert {r["name"].value for r in rows} <= cells  # labels without their language tags
    assert not any(cell.startswith("<http") for cell in cells)  # entities by their labels


def test_table_for_people_and_in_full_and_within_the_terminal(capsys, handan_dist, monkeypatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    code, out, _ = run_cli(capsys, "query", "commanders", "--dir", str(handan_dist))
    header = out.splitlines()[0].split()
    assert code == 0 and header == ["conflict", "sideLabel", "commanderLabel"]  # `side`, `commander` said by their labels
    assert "Handan Campaign" in out and "Liu Bocheng" in out and "@en" not in out  # the conflict by its rdfs:label
    assert "conflict/handan-campaign" not in out and "https://" not in out
    _, full, _ = run_cli(capsys, "query", "commanders", "--dir", str(handan_dist), "--iris")
    assert full.splitlines()[0].split() == ["conflict", "side", "sideLabel", "commander", "commanderLabel"]
    assert "<https://w3id.org/handan-kg/id/person/liu-bocheng>" in full and "Liu Bocheng@en" in full
    monkeypatch.setenv("COLUMNS", "60")
    _, narrow, _ = run_cli(capsys, "query", "commanders", "--dir", str(handan_dist), "--iris")
    assert max(q._width(line) for line in narrow.splitlines()) <= 60 and "…" in narrow


LIBRARY = sorted(q.name for q in q.library())


@pytest.mark.parametrize("name", LIBRARY)
def test_every_library_table_fits_100_columns_with_labels(capsys, handan_dist, monkeypatch, name) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    code, out, _ = run_cli(capsys, "query", name, "--dir", str(handan_dist))
    assert code == 0 and max(q._width(line) for line in out.splitlines()) <= 100
    assert "<http" not in out and "@en" not in out and "@zh" not in out
    assert "/id/" not in out  # no dataset IRI in full


def test_iris_option_shows_every_iri_in_full(capsys, handan_dist, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    _, labelled, _ = run_cli(capsys, "query", "defections", "--dir", str(handan_dist))
    _, full, _ = run_cli(capsys, "query", "defections", "--dir", str(handan_dist), "--iris")
    assert "Kuomintang" in labelled and "Li Da" in labelled  # sides and the persuader by their labels
    assert "<https://w3id.org/handan-kg/id/side/" in full and "<https://w3id.org/handan-kg/id/person/li-da>" in full
    assert "<https://" not in labelled


def test_places_has_one_row_per_place_with_its_most_specific_class(capsys, handan_dist, store, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    _, out, _ = run_cli(capsys, "query", "places", "--dir", str(handan_dist))
    lines = out.splitlines()
    assert lines[0].split() == ["labelEn", "labelZh", "type"]  # the place column repeats labelEn: left out
    places = {r["p"].value for r in store.query("SELECT DISTINCT ?p WHERE { ?p a hkg:Place }", prefixes={"hkg": HKG})}
    assert lines[-1] == f"({len(places)} rows)"
    kinds = {line.split()[0]: line.split()[-1] for line in lines[2:-1]}
    assert kinds["Gaozhuang"] == "Village" and kinds["Ci"] == "County" and kinds["Matouzhen"] == "Town"
    assert {"River", "Village", "Region"} <= set(kinds.values())


def test_cells_are_cut_to_the_width_in_terminal_columns() -> None:
    text = q.table(["name", "note"], [["刘伯承刘伯承刘伯承", "a very long note about the battle"]], width=20)
    assert all(q._width(line) <= 20 for line in text.splitlines()[:-1])
    assert "…" in text


@pytest.mark.parametrize("text", ["ASK { ?s a ?o }", "ASK { ?s a <urn:nothing> }"])
def test_ask_formats(capsys, handan_dist, text) -> None:
    expected = "true" if "nothing" not in text else "false"
    assert run_cli(capsys, "query", "-e", text, "--dir", str(handan_dist))[1] == expected + "\n"
    assert json.loads(run_cli(capsys, "query", "-e", text, "--dir", str(handan_dist), "-f", "json")[1])["boolean"] is (expected == "true")
    root = ET.fromstring(run_cli(capsys, "query", "-e", text, "--dir", str(handan_dist), "-f", "xml")[1])
    assert root.find(f"{SPARQL_RESULTS}boolean").text == expected


@pytest.mark.parametrize(("fmt", "rdf_format"), [("turtle", ox.RdfFormat.TURTLE), ("ntriples", ox.RdfFormat.N_TRIPLES), ("jsonld", ox.RdfFormat.JSON_LD)])
def test_construct_formats_parse_back(capsys, handan_dist, store, fmt, rdf_format) -> None:
    construct = str(FIXTURE_QUERIES / "casualties-graph.rq")
    code, out, err = run_cli(capsys, "query", construct, "--dir", str(handan_dist), "--format", fmt)
    assert code == 0, err
    triples = {str(t.triple) for t in ox.parse(out.encode("utf-8"), format=rdf_format)}
    assert triples == {str(t) for t in store.query(Path(construct).read_text(encoding="utf-8"))} != set()
    again = run_cli(capsys, "query", construct, "--dir", str(handan_dist), "--format", fmt)[1]
    assert again == out  # deterministic


def test_construct_jsonld_is_compacted_unless_blank_nodes(capsys, handan_dist) -> None:
    construct = str(FIXTURE_QUERIES / "casualties-graph.rq")
    doc = json.loads(run_cli(capsys, "query", construct, "--dir", str(handan_dist), "--format", "jsonld")[1])
    assert "@context" in doc and doc["@graph"]
    assert not any(k.startswith("http") for node in doc["@graph"] for k in node)
    blank = "CONSTRUCT { _:b <urn:p> ?c } WHERE { ?c a <https://w3id.org/handan-kg/ontology#Conflict> }"
    code, out, err = run_cli(capsys, "query", "-e", blank, "--dir", str(handan_dist), "--format", "jsonld")
    assert code == 0, err
    assert out.startswith("[")  # pyoxigraph's expanded form: no context to compact blank nodes with
    assert {str(q.predicate) for q in ox.parse(out.encode("utf-8"), format=ox.RdfFormat.JSON_LD)} == {"<urn:p>"}


def test_wrong_format_for_the_query_form_is_one_line(capsys, handan_dist, select_file) -> None:
    code, out, err = run_cli(capsys, "query", select_file, "--dir", str(handan_dist), "--format", "turtle")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "CONSTRUCT/DESCRIBE" in err


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["-e", "SELECT ?x WHERE {\n  ?x ?y }"], "2:"),  # line 2, column: the parser's position
        (["no/such/file.rq"], "no such query file"),
        (["nosuchquery"], "unknown query 'nosuchquery'"),
        (["-e", "   "], "empty"),
        ([], "no query given"),
    ],
)
def test_query_errors_are_one_line(capsys, handan_dist, argv, needle) -> None:
    code, out, err = run_cli(capsys, "query", *argv, "--dir", str(handan_dist))
    assert code == 2 and out == ""
    assert err.startswith("handan-kg: error: ") and err.count("\n") == 1
    assert needle in err


def test_malformed_query_reports_line_and_column(capsys, handan_dist) -> None:
    _, _, err = run_cli(capsys, "query", "-e", "PREFIX x: <urn:x:>\nSELECT ?s WHERE {\n  ?s x:p }", "--dir", str(handan_dist))
    assert "malformed query" in err and "error at 3:" in err


def test_unknown_name_lists_the_library(capsys, handan_dist) -> None:
    _, _, err = run_cli(capsys, "query", "nosuchquery", "--dir", str(handan_dist))
    for entry in q.library():
        assert entry.name in err


def test_no_built_dataset(capsys, tmp_path) -> None:
    code, out, err = run_cli(capsys, "query", "-e", "ASK {}", "--dir", str(tmp_path / "dist"))
    assert code == 2 and out == ""
    assert "no built dataset" in err and "handan-kg build" in err


def test_graph_without_endpoint_is_refused(capsys, handan_dist) -> None:
    code, _, err = run_cli(capsys, "query", "-e", "ASK {}", "--dir", str(handan_dist), "--graph", "urn:g")
    assert code == 2 and "--endpoint" in err


def test_unreachable_endpoint(capsys) -> None:
    from conftest import free_port

    code, out, err = run_cli(capsys, "query", "-e", "ASK {}", "--endpoint", f"http://127.0.0.1:{free_port()}/query", "--timeout", "5")
    assert code == 4 and out == ""
    assert err.count("\n") == 1 and "cannot reach" in err


def test_errors_in_a_real_process_have_no_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "handan_kg", "query", "-e", "SELECT WHERE", "--dir", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}, timeout=60,
    )
    assert proc.returncode == 2 and proc.stdout == ""
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1


def test_cli_offers_exactly_the_formats_the_renderer_knows() -> None:
    from handan_kg.cli import QUERY_FORMATS

    assert set(QUERY_FORMATS) == set(q.RESULT_FORMATS + q.GRAPH_FORMATS)


def test_remote_timeout_is_one_line(capsys) -> None:
    import socket

    with socket.socket() as silent:  # accepts connections (backlog) but never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        code, out, err = run_cli(capsys, "query", "-e", "ASK {}", "--endpoint", f"http://127.0.0.1:{port}/query", "--timeout", "1")
    assert code == 4 and out == "" and err.count("\n") == 1
    # the socket's read timeout and the request's total deadline expire together; either says so
    assert "no answer within the timeout" in err or "no complete answer within 1 s" in err


def test_the_query_path_never_imports_rdflib(handan_dist: Path) -> None:
    # start-up time is a target: the embedded path must stay on pyoxigraph alone
    code = (
        "import sys; from handan_kg.cli import main; "
        f"rc = main(['query', 'commanders', '--dir', {str(handan_dist)!r}, '--format', 'csv']); "
        "print(rc, sorted(m for m in ('rdflib', 'httpx', 'SPARQLWrapper') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}, timeout=60)
    assert proc.stdout.splitlines()[-1] == "0 []", proc.stderr


def test_embedded_queries_have_the_projects_prefixes_and_name_an_unknown_one(handan_dist: Path, capsys) -> None:
    code, out, err = run_cli(capsys, "query", "-e", "SELECT ?l WHERE { ?c a hkg:Conflict ; rdfs:label ?l }", "--dir", str(handan_dist),
                             "--format", "csv")
    assert code == 0 and "Handan Campaign" in out, err
    code, out, err = run_cli(capsys, "query", "-e", 'SELECT ?c WHERE { ?c a sem:Event ; rdfs:label "x:y" }', "--dir", str(handan_dist))
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert "unknown prefix sem:" in err and "predeclared: dct, hkg" in err


def test_places_gives_one_row_per_place_with_its_most_specific_class(capsys, handan_dist) -> None:
    code, out, err = run_cli(capsys, "query", "places", "--dir", str(handan_dist), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) > 10, err
    assert len({r["place"] for r in rows}) == len(rows)  # the RDFS closure makes a city a Settlement and a Place too
    assert {"River", "Village"} <= {r["type"] for r in rows}
