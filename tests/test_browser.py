"""The served site in a real browser: Debian's headless Chromium driven by Playwright."""

from __future__ import annotations

from pathlib import Path

import pytest

from publish_fixtures import FIXTURES, ROOT, Server, make_dist

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
README_SHOT = ROOT / "docs" / "img" / "conflict-page.png"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    dist = make_dist(tmp_path_factory.mktemp("dist"))
    srv = Server(dist, "--ontology", str(FIXTURES / "ontology-mini.ttl"), "--queries", str(FIXTURES / "queries"), "--workers", "1")
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def page():
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1000, "height": 900})
        pg = context.new_page()
        pg.set_default_timeout(10_000)
        external: list[str] = []
        pg.on("request", lambda req: external.append(req.url) if not req.url.startswith(("http://127.0.0.1", "data:")) else None)
        pg.external_requests = external
        yield pg
        browser.close()


def test_conflict_page_commander_wikidata_and_provenance(server, page):
    page.goto(server.url + "/id/conflict/handan-campaign")
    assert page.url.endswith("/page/conflict/handan-campaign.html")  # followed the 303
    assert page.locator("h1").inner_text() == "Handan Campaign"
    assert page.locator("svg.timeline circle").count() == 3
    assert page.locator('[lang="zh"]', has_text="平汉战役").is_visible()
    provenance = page.locator("q", has_text="Result: Communist victory")
    assert provenance.is_visible()
    page.screenshot(path=str(ARTIFACTS / "conflict-page.png"), full_page=True)
    README_SHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(README_SHOT), full_page=False)

    page.locator("section[aria-labelledby=oob]").get_by_role("link", name="Liu Bocheng").first.click()
    page.wait_for_url("**/page/person/liu-bocheng.html")
    assert page.locator("h1").inner_text() == "Liu Bocheng"
    wikidata = page.locator(".wikidata a")
    assert wikidata.is_visible() and wikidata.get_attribute("href") == "http://www.wikidata.org/entity/Q360443"
    assert page.locator('[lang="zh"]', has_text="刘伯承").is_visible()
    page.screenshot(path=str(ARTIFACTS / "commander-page.png"), full_page=True)

    page.goto(server.url + "/page/side/handan-campaign-2.html")
    assert page.locator("q", has_text="Liu Bocheng").first.is_visible()
    assert page.external_requests == []  # no fonts, scripts or images from elsewhere


def test_sparql_form_shows_rows(server, page):
    page.goto(server.url + "/sparql")
    page.get_by_role("link", name="edit").first.click()
    assert "hkg:commander" in page.locator("textarea").input_value()
    page.get_by_role("button", name="Run query").click()
    page.wait_for_selector("table.results")
    rows = page.locator("table.results tbody tr")
    assert rows.count() == 2
    assert "Liu Bocheng" in page.locator("table.results").inner_text()
    page.locator("textarea").fill("SELECT ?x WHERE { ?x ")
    page.get_by_role("button", name="Run query").click()
    assert page.get_by_role("alert").is_visible()
    page.screenshot(path=str(ARTIFACTS / "sparql-form.png"), full_page=True)


def test_phone_width_has_no_horizontal_scroll(server, page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(server.url + "/page/conflict/handan-campaign.html")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    page.screenshot(path=str(ARTIFACTS / "conflict-page-phone.png"), full_page=True)
