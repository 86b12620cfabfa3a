"""The served site in a real browser: Debian's headless Chromium driven by Playwright."""

from __future__ import annotations

import os
import re

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
    assert page.locator("ol.notes q", has_text="Communist victory").first.is_visible()
    dated = page.locator("ol.timeline time[datetime]").count()
    assert page.locator("svg.timeline circle").count() == dated
    page.screenshot(path=str(ARTIFACTS / "conflict-page.png"), full_page=True)
    if os.environ.get("HANDAN_KG_UPDATE_SCREENSHOT") or not README_SHOT.exists():
        # The README's picture: only on request, so a test run leaves the tree clean.
        README_SHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(README_SHOT), full_page=False)

    page.locator("section.infobox").get_by_role("link", name="Deng Xiaoping").first.click()
    page.wait_for_url("**/page/person/deng-xiaoping.html")
    assert page.locator("h1").inner_text() == "Deng Xiaoping"
    wikidata = page.locator(".wikidata a").first
    assert wikidata.is_visible() and wikidata.get_attribute("href") == "http://www.wikidata.org/entity/Q16977"
    assert "reviewed link, score 0.95" in page.locator(".wikidata").inner_text()
    provenance = page.locator("ol.notes li").first
    assert provenance.is_visible() and "Handan Campaign" in provenance.inner_text()
    page.screenshot(path=str(ARTIFACTS / "commander-page.png"), full_page=True)
    assert page.external_requests == []  # no fonts, scripts or images from elsewhere


def test_phone_width_has_no_horizontal_scroll(server, page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(server.url + "/page/conflict/handan-campaign.html")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    page.screenshot(path=str(ARTIFACTS / "conflict-page-phone.png"), full_page=True)


# ------------------------------------------------------------ what a reader must see (issue 18)

#: a prefixed name of a vocabulary the data uses (`dct:date`, `hkg:Person`) in visible text
RAW_CURIE = re.compile(r"\b(?:rdf|rdfs|owl|dct|prov|oa|hkg|skos|xsd|schema|wd|void|foaf|sh):[A-Za-z_]")


def visible_text(page) -> str:
    return page.locator("body").inner_text()


def assert_reader_page(page, name: str) -> None:
    """No raw CURIE in what a reader sees, each passage quoted once, every citation noted."""
    text = visible_text(page)
    assert not RAW_CURIE.search(text), (name, RAW_CURIE.search(text))
    quotes = page.locator("ol.notes li q").all_inner_texts()
    assert len(quotes) == len(set(quotes)), name
    targets = set(page.eval_on_selector_all("sup.cite a", "els => els.map(a => a.getAttribute('href'))"))
    ids = {f"#{i}" for i in page.eval_on_selector_all("ol.notes li", "els => els.map(li => li.id)")}
    assert targets == ids, name
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_conflict_summary_is_on_the_first_screen(server, page):
    page.set_viewport_size({"width": 1000, "height": 900})
    page.goto(server.url + "/page/conflict/handan-campaign.html")
    summary = page.locator("section.infobox")
    for shown in ("22 Oct 1945 – 2 Nov 1945", "Communist victory", "Kuomintang", "Communist (victor)",
                  "Xue Yue", "Liu Bocheng", "45,000 (1st echelon)", "60,000 (regular)", "3,000 killed", "4,708 total"):
        cell = summary.get_by_text(shown, exact=False).first
        assert cell.is_visible(), shown
        box = cell.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 900, shown  # no scrolling needed
    assert summary.locator("sup.cite").count() >= 20  # each value with its footnote
    page.screenshot(path=str(ARTIFACTS / "conflict-first-screen.png"), full_page=False)
    assert_reader_page(page, "conflict-full")


def test_order_of_battle_tree_and_unknown_side(server, page):
    page.goto(server.url + "/page/conflict/handan-campaign.html")
    oob = page.locator("section[aria-labelledby=oob]")
    parent_of = "a => a.closest('li').parentElement.closest('li')?.querySelector('a')?.textContent"
    assert oob.get_by_role("link", name="106th Division", exact=True).evaluate(parent_of) == "40th Army"
    assert oob.get_by_role("link", name="40th Army", exact=True).evaluate(parent_of) == "1st Echelon"
    army = oob.locator("li", has=page.get_by_role("link", name="40th Army", exact=True)).last
    assert "deployed at Xinxiang" in army.inner_text() and "Ma Fawu (commander)" in army.inner_text()
    armies = [t for t in oob.locator("section.tree").first.locator("a").all_inner_texts() if t.endswith("Army")]
    assert armies.index("3rd Army") < armies.index("16th Army") < armies.index("32nd Army")
    unknown = oob.locator("section.tree", has_text="Side not stated")
    assert unknown.get_by_role("link", name="9th Combat Engineering Regiment").is_visible()


def test_a_citation_leads_to_the_sentence_in_the_article(server, page):
    page.goto(server.url + "/page/event/handan-campaign-09.html")
    assert_reader_page(page, "event-page")
    note = page.locator("ol.notes li", has_text="convinced its commander Gao Shuxun")
    assert note.count() == 1
    assert "on Wikipedia" in note.inner_text()
    assert "#:~:text=" in note.get_by_role("link", name="on Wikipedia").get_attribute("href")
    note.get_by_role("link", name="in context").click()
    page.wait_for_url("**/page/article/handan-campaign.html#s-*")
    target = page.locator(".article-text .s:target")
    assert target.inner_text().startswith("Meanwhile, the Communist chief of staff Li Da")
    assert target.is_visible() and target.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 243, 176)"
    assert_reader_page(page, "article-page")


def test_defection_explains_the_commander_on_both_sides(server, page):
    page.goto(server.url + "/page/disagreement/handan-campaign-1.html")
    statements = page.locator(".side-by-side .statement").all_inner_texts()
    assert [s.rstrip("0123456789,") for s in statements] == ["Communist, commander: Gao Shuxun", "Kuomintang, commander: Gao Shuxun"]
    assert_reader_page(page, "disagreement-page")
    page.locator(".explained").get_by_role("link", name="Defection").click()
    page.wait_for_url("**/page/event/handan-campaign-09.html")


@pytest.mark.parametrize("name, path", [
    ("person-page", "/page/person/gao-shuxun.html"),
    ("unit-page", "/page/unit/40th-army.html"),
    ("place-page", "/page/place/xinxiang.html"),
    ("side-page", "/page/side/handan-campaign-1.html"),
    ("link-page", "/page/link/1cbe349de4dc37c0.html"),
    ("activity-page", "/page/activity/link-handan-campaign.html"),
    ("ontology-page", "/ontology/index.html"),
])
def test_every_page_type_reads_in_words(server, page, name, path):
    page.goto(server.url + path)
    assert page.locator("h1").is_visible()
    assert_reader_page(page, name)


def test_person_page_lists_each_role_once(server, page):
    page.goto(server.url + "/page/person/gao-shuxun.html")
    roles = page.locator("section[aria-labelledby=roles] li").all_inner_texts()
    assert len(roles) == len(set(roles)) and any(r.startswith("30 Oct 1945: defected") for r in roles)
    assert sum(r.startswith("commander (") for r in roles) == 2  # one per side, each said once


def test_home_page_title_conflicts_classes_and_search(server, page):
    page.goto(server.url + "/")
    assert page.locator("h1").inner_text() == "Handan Campaign"
    headings = page.locator("main h2").all_inner_texts()
    assert headings.index("The conflict the article describes") < headings.index("Conflicts mentioned") < headings.index("Entries by class")
    assert page.get_by_text("Person (8)").is_visible() and page.get_by_text("Military unit (", exact=False).is_visible()
    page.locator("#search").fill("gao")
    hit = page.locator("#hits").get_by_role("link", name="Gao Shuxun", exact=True)
    hit.wait_for()
    assert_reader_page(page, "home-page")
    hit.click()
    page.wait_for_url("**/page/person/gao-shuxun.html")
    assert page.external_requests == []
