"""The /sparql page for newcomers: YASGUI served by our own server (vendored, checked against
its recorded checksums), the competency queries as examples, the project's prefixes
predeclared, results with labels beside IRIs; and the plain form when scripts are off.

A real `handan-kg serve` (uvicorn) on 127.0.0.1 and Debian's headless Chromium."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx
import pytest
from publish_fixtures import ARTIFACTS, ROOT, chromium_page, real_server

EDITOR_FILES = ROOT / "src" / "handan_kg" / "publish" / "static" / "sparql"
NO_PREFIX_QUERY = "SELECT ?person ?role WHERE { ?r hkg:person ?person ; hkg:role ?role } ORDER BY ?person LIMIT 5"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with real_server(tmp_path_factory) as srv:
        yield srv


@pytest.fixture(scope="module")
def page():
    with chromium_page() as pg:
        errors: list[str] = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        pg.script_errors = errors
        yield pg


def test_vendored_yasgui_is_the_recorded_release() -> None:
    check = subprocess.run([sys.executable, str(ROOT / "scripts" / "vendor-yasgui"), "--check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    source = json.loads((EDITOR_FILES / "yasgui" / "SOURCE.json").read_text(encoding="utf-8"))
    assert source["package"] == "@zazuko/yasgui" and source["tarball_integrity"].startswith("sha512-")
    assert set(source["files"]) == {"yasgui.min.js", "yasgui.min.css"}
    assert "MIT License" in (EDITOR_FILES / "yasgui" / "LICENSE").read_text(encoding="utf-8")


def test_editor_files_come_from_the_server_and_only_the_editor_page_runs_scripts(server) -> None:
    js = httpx.get(server.url + "/static/sparql/yasgui/yasgui.min.js")
    assert js.status_code == 200 and js.content == (EDITOR_FILES / "yasgui" / "yasgui.min.js").read_bytes()
    assert httpx.get(server.url + "/static/sparql/nothing.js").status_code == 404
    editor = httpx.get(server.url + "/sparql", headers={"Accept": "text/html"})
    policy = editor.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy and "http" not in policy
    config = json.loads(editor.text.split('id="sparql-config">', 1)[1].split("</script>", 1)[0])
    assert {q["name"] for q in config["examples"]} >= {"commanders", "timeline", "places"}
    assert config["prefixes"]["hkg"] == "https://w3id.org/handan-kg/ontology#"
    entity = httpx.get(server.url + "/page/person/liu-bocheng.html").headers["content-security-policy"]
    # every other page may run the site's own search script at most: from this server, nothing inline
    assert "script-src 'self';" in entity and "unsafe-eval" not in entity and "http" not in entity and "font-src" not in entity


def test_editor_runs_an_example_and_shows_labels_beside_iris(server, page) -> None:
    page.goto(server.url + "/sparql")
    page.wait_for_selector(".yasqe .CodeMirror")
    assert page.locator(".yasqe .cm-keyword").count() > 0  # syntax highlighting
    assert not page.locator("form[action=sparql]").is_visible()  # the editor replaces the plain form
    page.locator("li", has_text="Who commanded each side").locator("a[data-run]").click()
    cell = page.locator(".yasr td", has=page.locator(".label", has_text="Liu Bocheng")).first
    cell.wait_for()
    assert "person:liu-bocheng" in cell.inner_text()  # the label next to the IRI
    assert page.locator(".yasr tbody tr").count() == 6
    style = cell.evaluate("td => [getComputedStyle(td).overflowWrap, getComputedStyle(td).wordBreak]")
    assert style == ["normal", "normal"]  # IRIs and names are never broken mid-word
    page.screenshot(path=str(ARTIFACTS / "sparql-editor.png"), full_page=True)
    assert page.external_requests == [] and page.script_errors == []


def test_editor_query_without_prefix_lines_uses_the_predeclared_ones(server, page) -> None:
    page.goto(server.url + "/sparql")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.evaluate("text => document.querySelector('.yasqe .CodeMirror').CodeMirror.setValue(text)", NO_PREFIX_QUERY)
    page.locator(".yasqe_queryButton").click()
    page.locator(".yasr td .label").first.wait_for()
    assert page.locator(".yasr tbody tr").count() == 5
    assert page.locator(".yasr .errorResult").count() == 0
    assert page.external_requests == [] and page.script_errors == []


def test_plain_form_without_scripts_shows_labels_and_errors(server, page) -> None:
    context = page.context.browser.new_context(java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.goto(server.url + "/sparql")
        plain.locator("li", has_text="Who commanded each side").get_by_role("link", name="edit").click()
        assert "hkg:commander" in plain.locator("textarea").input_value()
        plain.get_by_role("button", name="Run query").click()
        plain.wait_for_selector("table.results")
        assert plain.locator("table.results tbody tr").count() == 6
        cell = plain.locator("table.results td", has=plain.locator(".label", has_text="Liu Bocheng")).first
        assert "person:liu-bocheng" in cell.inner_text()
        plain.screenshot(path=str(ARTIFACTS / "sparql-form.png"), full_page=True)
        plain.locator("textarea").fill("SELECT ?x WHERE { ?x ")
        plain.get_by_role("button", name="Run query").click()
        assert plain.get_by_role("alert").is_visible()
    finally:
        context.close()
