"""`handan-kg build` and `query` against hostile or broken input, through the real CLI:
one line on stderr, the documented exit code, nothing half-written, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from loopback import Listener

ROOT = Path(__file__).parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "corpus"


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "handan_kg", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, timeout=300)


def one_line(r: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in r.stderr
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, r.stderr
    return lines[0]


def test_titles_and_source_addresses_that_are_not_iris_are_percent_encoded(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    text = (CORPUS / "battle_of_julu.txt").read_text(encoding="utf-8")
    (articles / "battle_of_julu.txt").write_text(text.replace("= Battle of Julu =", '= Battle of "Julu" <x> {y} |z| ^w` \\\\ =', 1), encoding="utf-8")
    shutil.copy(CORPUS / "handan_campaign.txt", articles)
    (articles / "SOURCES.tsv").write_text("file\ttitle\taddress\nhandan_campaign.txt\tHandan\thttps://en.wikipedia.org/wiki/Han dan\"<x>\n", encoding="utf-8")
    r = cli("build", str(articles), "--out", str(tmp_path / "dist"), "-q")
    assert r.returncode == 0, r.stderr
    nt = (tmp_path / "dist" / "dataset.nt").read_text(encoding="utf-8")
    assert "<https://en.wikipedia.org/wiki/Han%20dan%22%3Cx%3E>" in nt
    assert "Battle_of_%22Julu%22_%3Cx%3E_%7By%7D_%7Cz%7C_%5Ew%60_%5C%5C>" in nt


def test_two_files_with_one_identity_are_refused_naming_both(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(CORPUS / "battle_of_julu.txt", articles / "battle_of_julu.txt")
    shutil.copy(CORPUS / "battle_of_julu.txt", articles / "battle-of-julu.txt")
    r = cli("build", str(articles), "--out", str(tmp_path / "dist"))
    assert r.returncode == 2
    line = one_line(r)
    assert "battle-of-julu.txt" in line and "battle_of_julu.txt" in line and "same article identity" in line
    assert not (tmp_path / "dist").exists()


def test_a_value_cut_off_at_the_end_of_the_file_is_a_truncation(tmp_path: Path) -> None:
    for name, tail in (("cut_value.txt", "- Casualties2: 4,"), ("cut_item.txt", "Some text.\n\n- The 30th Army deployed at")):
        article = tmp_path / name
        article.write_text(f"= Battle of X =\n\nInfobox\n- Conflict: Battle of X\n- Combatant1: A\n{tail}", encoding="utf-8")
        r = cli("build", str(article), "--out", str(tmp_path / f"dist-{name}"))
        assert r.returncode == 2
        assert "looks truncated" in one_line(r)
        assert not (tmp_path / f"dist-{name}").exists()


def test_more_workers_than_articles_are_not_started(tmp_path: Path) -> None:
    r = cli("build", str(CORPUS / "battle_of_julu.txt"), "--out", str(tmp_path / "dist"), "--workers", "64", "--log-format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads((tmp_path / "dist" / "manifest.json").read_text())["articles"][0]["slug"] == "battle-of-julu"


def test_an_absurdly_nested_embedded_query_is_refused_before_parsing(tmp_path: Path) -> None:
    assert cli("build", str(CORPUS / "battle_of_julu.txt"), "--out", str(tmp_path / "dist"), "-q").returncode == 0
    depth = 20_000
    r = cli("query", "-e", "SELECT * WHERE { FILTER(" + "(" * depth + "1" + ")" * depth + ") }", "--dir", str(tmp_path / "dist"))
    assert r.returncode == 2
    assert "nests brackets 20002 deep" in one_line(r)


class Trickler(Listener):
    """An HTTP server that answers every request one byte at a time, forever."""

    def handle(self, conn) -> None:
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: 100000\r\n\r\n")
        while not self.stop.wait(0.3):  # the hostile server's pace
            conn.sendall(b" ")


def test_a_trickling_endpoint_is_bounded_by_a_total_deadline(tmp_path: Path) -> None:
    import time

    assert cli("build", str(CORPUS / "battle_of_julu.txt"), "--out", str(tmp_path / "dist"), "-q").returncode == 0
    server = Trickler()
    try:
        for args in (("query", "-e", "ASK { ?s ?p ?o }", "--endpoint", f"http://127.0.0.1:{server.port}/sparql", "--timeout", "2"),
                     ("load", str(tmp_path / "dist"), "--endpoint", f"http://127.0.0.1:{server.port}/store", "--timeout", "2", "--retries", "0")):
            started = time.monotonic()
            r = cli(*args)
            assert r.returncode == 4, r.stderr
            assert "no complete answer within 2 s" in one_line(r)
            assert time.monotonic() - started < 20
    finally:
        server.close()


def test_smaller_mistakes_are_one_line_errors(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    utf16 = tmp_path / "utf16.txt"
    utf16.write_text("= T =\n\nInfobox\n- Conflict: T\n\nIt was.\n", encoding="utf-16")
    cases = [
        (("build", "--name", "a/b", "--out", str(tmp_path / "n1")), 2, "--name 'a/b'"),
        (("build", "--name", "../x", "--out", str(tmp_path / "n2")), 2, "--name '../x'"),
        (("build", "--base-iri", "http://[::1/", "--out", str(tmp_path / "n6")), 2, "--base-iri 'http://[::1/'"),
        (("build", "/dev/zero", "--out", str(tmp_path / "n3")), 2, "not a regular file"),
        (("build", str(fifo), "--out", str(tmp_path / "n4")), 2, "not a regular file"),
        (("build", str(utf16), "--out", str(tmp_path / "n5")), 2, "UTF-16 text"),
        (("query", "-e", "ASK {}", "--endpoint", "http://[::1"), 2, "not an http(s) URL"),
        (("query", "-e", "ASK {}", "--endpoint", "http://127.0.0.1:9/q", "--graph", "x> } DROP ALL {"), 2, "not an absolute IRI"),
    ]
    for args, code, message in cases:
        r = cli(*args)
        assert r.returncode == code, (args, r.stderr)
        assert message in one_line(r), args
    assert not any((tmp_path / f"n{i}").exists() for i in range(1, 7))


def test_link_refuses_a_truncated_dataset(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    assert cli("build", str(CORPUS / "battle_of_julu.txt"), "--out", str(dist), "-q").returncode == 0
    nt = dist / "battle-of-julu.nt"
    nt.write_bytes(nt.read_bytes()[:5000])
    r = cli("link", str(dist))
    assert r.returncode == 2
    assert "truncated or edited" in one_line(r)
    assert not (dist / "links.ttl").exists()


def test_terminal_escapes_in_the_data_are_never_printed_raw(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    assert cli("build", str(CORPUS / "battle_of_julu.txt"), "--out", str(dist), "-q").returncode == 0
    r = cli("query", "-e", 'SELECT ?x WHERE { BIND("red\\u001b[31mALERT\\u0007" AS ?x) }', "--dir", str(dist))
    assert r.returncode == 0, r.stderr
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout and "\\x1b[31mALERT" in r.stdout


@pytest.fixture()
def tiny_disk(tmp_path: Path):
    """A real 20 MB tmpfs (needs root, as in CI); skipped where mounting is not allowed."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("mounting a tmpfs needs root")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_full_disk_is_one_line_and_leaves_the_previous_dataset_intact(tiny_disk: Path) -> None:
    dist = tiny_disk / "dist"
    assert cli("build", str(CORPUS / "battle_of_julu.txt"), "--out", str(dist), "-q").returncode == 0
    before = {p.name: p.read_bytes() for p in dist.iterdir() if p.is_file()}
    free = os.statvfs(tiny_disk).f_bavail * os.statvfs(tiny_disk).f_frsize
    (tiny_disk / "filler").write_bytes(b"\0" * max(0, free - 64 * 1024))  # leave 64 KB
    r = cli("build", str(CORPUS / "battle_of_julu.txt"), str(CORPUS / "handan_campaign.txt"), "--out", str(dist), "--name", "battle-of-julu")
    assert r.returncode == 2
    assert "No space left on device" in one_line(r)
    after = {p.name: p.read_bytes() for p in dist.iterdir() if p.is_file()}
    assert after == before  # no temporary file left, nothing changed


def test_ctrl_c_during_the_renames_that_publish_a_build_waits_until_they_are_done() -> None:
    import signal

    from handan_kg.corpus.build import interrupts_deferred

    done = []
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # as in the CLI
    try:
        with pytest.raises(KeyboardInterrupt):
            with interrupts_deferred():
                os.kill(os.getpid(), signal.SIGINT)  # a real Ctrl-C, held back
                done.append("renamed")  # still running: the interrupt has not been delivered
    finally:
        signal.signal(signal.SIGINT, previous)
    assert done == ["renamed"]


@pytest.fixture(scope="module")
def julu_dist(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("julu") / "dist"
    assert cli("build", str(CORPUS / "battle_of_julu.txt"), "--out", str(dist), "-q").returncode == 0
    return dist


def test_embedded_queries_have_a_time_limit_a_memory_ceiling_and_a_size_cap(julu_dist: Path) -> None:
    import time

    started = time.monotonic()
    r = cli("query", "-e", "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "--dir", str(julu_dist), "--timeout", "2", "--format", "csv")
    assert r.returncode == 2 and "exceeded the time limit of 2 s" in one_line(r)
    assert time.monotonic() - started < 15
    r = cli("query", "-e", "SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f", "--dir", str(julu_dist), "--max-query-memory", "200")
    assert r.returncode == 2 and "used too much memory" in one_line(r)
    r = cli("query", "-e", "SELECT * { ?a ?b ?c . ?d ?e ?f } LIMIT 200000", "--dir", str(julu_dist), "--format", "csv",
            "--max-result-size", "1")
    assert r.returncode == 2 and "result larger than 1 MB (--max-result-size)" in one_line(r) and not r.stdout
    ok = cli("query", "-e", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "--dir", str(julu_dist), "--format", "csv")
    assert ok.returncode == 0 and int(ok.stdout.splitlines()[1]) > 1000


def test_ctrl_c_stops_an_embedded_query_within_a_second(julu_dist: Path) -> None:
    import signal
    import time

    proc = subprocess.Popen([sys.executable, "-m", "handan_kg", "query", "-e", "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                             "--dir", str(julu_dist), "--format", "csv"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, text=True)
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    deadline = time.monotonic() + 30
    while not children.read_text().strip():  # ready: the forked child evaluating the query exists
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.05)  # polling interval of the readiness loop
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert time.monotonic() - sent < 1.5
    assert proc.returncode == 130 and "Traceback" not in err


def test_ctrl_c_in_a_terminal_stops_a_corpus_build_cleanly(tmp_path: Path) -> None:
    """Ctrl-C in a terminal reaches the whole process group (the pool's workers too): one line,
    exit 130, no worker traceback, no temporary file, within seconds."""
    import signal
    import time

    articles = tmp_path / "articles"
    articles.mkdir()
    devset = ROOT / "tests" / "fixtures" / "devset"
    listed = sorted(devset / "articles" / row.split("\t")[0]  # a batch being annotated is not listed yet
                    for row in (devset / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()[1:])
    for copy in range(3):
        for f in listed:
            shutil.copy(f, articles / f"{f.stem}_{copy}.txt")
    out = tmp_path / "dist"
    proc = subprocess.Popen([sys.executable, "-m", "handan_kg", "build", str(articles), "--out", str(out), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while not (out.is_dir() and any(p.name.startswith(".dataset.") for p in out.iterdir())):  # ready: writing
        assert time.monotonic() < deadline and proc.poll() is None, "the build ended before it could be interrupted"
        time.sleep(0.05)  # polling interval of the readiness loop
    sent = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert time.monotonic() - sent < 10
    assert "Traceback" not in err and err.strip() == "handan-kg: interrupted; nothing half-written was left behind"
    assert not [p.name for p in out.iterdir() if p.is_file()]
