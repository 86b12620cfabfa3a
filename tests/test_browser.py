"""The served site in a real browser: Debian's headless Chromium driven by Playwright."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from publish_fixtures import ROOT, Server, build_real

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
    """The bundled article really built (+ fixture Wikidata links), served with the real ontology and queries."""
    srv = Server(build_real(tmp_path_factory.mktemp("dist")), "--workers", "1")
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
    assert page.locator('[lang="zh"]', has_text="平汉战役").is_visible()
    assert page.locator(".wikidata a").first.get_attribute("href") == "http://www.wikidata.org/entity/Q5647237"
    assert page.locator("table.facts q", has_text="Communist victory").first.is_visible()
    dated = page.locator("ol.timeline time[datetime]").count()
    assert page.locator("svg.timeline circle").count() == dated
    page.screenshot(path=str(ARTIFACTS / "conflict-page.png"), full_page=True)
    if os.environ.get("HANDAN_KG_UPDATE_SCREENSHOT") or not README_SHOT.exists():
        # The README's picture: only on request, so a test run leaves the tree clean.
        README_SHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(README_SHOT), full_page=False)

    page.locator("section[aria-labelledby=oob]").get_by_role("link", name="Deng Xiaoping").first.click()
    page.wait_for_url("**/page/person/deng-xiaoping.html")
    assert page.locator("h1").inner_text() == "Deng Xiaoping"
    wikidata = page.locator(".wikidata a").first
    assert wikidata.is_visible() and wikidata.get_attribute("href") == "http://www.wikidata.org/entity/Q16977"
    assert "reviewed link, score 0.95" in page.locator(".wikidata").inner_text()
    provenance = page.locator("ul.sources li").first
    assert provenance.is_visible() and "Handan Campaign" in provenance.inner_text()
    page.screenshot(path=str(ARTIFACTS / "commander-page.png"), full_page=True)
    assert page.external_requests == []  # no fonts, scripts or images from elsewhere


def test_sparql_form_shows_rows(server, page):
    page.goto(server.url + "/sparql")
    page.locator("li", has_text="Who commanded each side").get_by_role("link", name="edit").click()
    assert "hkg:commander" in page.locator("textarea").input_value()
    page.get_by_role("button", name="Run query").click()
    page.wait_for_selector("table.results")
    assert page.locator("table.results tbody tr").count() >= 5
    assert "Liu Bocheng" in page.locator("table.results").inner_text()
    page.screenshot(path=str(ARTIFACTS / "sparql-form.png"), full_page=True)
    page.locator("textarea").fill("SELECT ?x WHERE { ?x ")
    page.get_by_role("button", name="Run query").click()
    assert page.get_by_role("alert").is_visible()


def test_phone_width_has_no_horizontal_scroll(server, page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(server.url + "/page/conflict/handan-campaign.html")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    page.screenshot(path=str(ARTIFACTS / "conflict-page-phone.png"), full_page=True)
