"""The served site in a real browser: Debian's headless Chromium driven by Playwright."""

from __future__ import annotations

import os

import pytest
from publish_fixtures import ARTIFACTS, ROOT, chromium_page, real_server

README_SHOT = ROOT / "docs" / "img" / "conflict-page.png"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with real_server(tmp_path_factory) as srv:
        yield srv


@pytest.fixture(scope="module")
def page():
    with chromium_page() as pg:
        yield pg


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


def test_phone_width_has_no_horizontal_scroll(server, page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(server.url + "/page/conflict/handan-campaign.html")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    page.screenshot(path=str(ARTIFACTS / "conflict-page-phone.png"), full_page=True)
