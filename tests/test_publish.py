"""`handan-kg publish`: crawl the static site it writes and check its data against the dataset."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from publish_fixtures import BASE, BUNDLED_ARTICLE, FIXTURES, ROOT, build_real, make_dist
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from handan_kg.errors import DatasetError
from handan_kg.publish.site import publish
from handan_kg.resources import ONTOLOGY_FILE, QUERIES_DIR

VOID = Namespace("http://rdfs.org/ns/void#")
DCT = Namespace("http://purl.org/dc/terms/")
ONTOLOGY = FIXTURES / "ontology-mini.ttl"
QUERIES = FIXTURES / "queries"


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    return make_dist(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def site(dist, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    publish(dist, out, ontology=ONTOLOGY, queries=QUERIES)
    return out


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> tuple[Path, Path]:
    """The bundled article really built, linked (fixture links) and published with the real ontology."""
    dist = build_real(tmp_path_factory.mktemp("real-dist"))
    out = tmp_path_factory.mktemp("real-site")
    publish(dist, out, ontology=ONTOLOGY_FILE, queries=QUERIES_DIR)
    return dist, out


@pytest.fixture(scope="module", params=["fixture", "real"])
def built(request, dist, site) -> tuple[Path, Path]:
    """(dataset dir, site dir): the hand-written fixture, then a real build."""
    return (dist, site) if request.param == "fixture" else request.getfixturevalue("real_site")


class Links(HTMLParser):
    """Collects href/src attributes, JSON-LD scripts and `lang` attributes of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.scripts: list[str] = []
        self.langs: set[str] = set()
        self._in_jsonld = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name in ("href", "src"):
            if a.get(name) is not None and not (tag == "link" and a.get("rel") == "canonical"):
                self.links.append(a[name])
        if a.get("lang"):
            self.langs.add(a["lang"])
        self._in_jsonld = tag == "script" and a.get("type") == "application/ld+json"
        if tag == "script" and not self._in_jsonld:
            self.scripts.append(f"<executable script {a.get('src')}>")

    def handle_data(self, data):
        if self._in_jsonld:
            self.scripts.append(data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_jsonld = False


def parse_page(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def graph_of(path: Path, fmt: str) -> Graph:
    g = Graph()
    g.parse(path, format=fmt)
    return g


def test_every_internal_link_resolves(built):
    _, site = built
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    checked = 0
    for page in pages:
        for href in parse_page(page).links:
            target, _ = urldefrag(href)
            if not target or urlsplit(target).scheme in ("http", "https", "mailto"):
                continue
            resolved = (page.parent / urlsplit(target).path).resolve()
            assert site.resolve() in resolved.parents or resolved == site.resolve(), f"{page}: {href} leaves the site"
            if resolved.is_dir():
                resolved = resolved / "index.html"
            assert resolved.is_file(), f"{page.relative_to(site)} links to missing {href}"
            checked += 1
    assert checked > 200


def test_no_external_resources_or_scripts(built):
    """No page runs a script but the home page, which runs the site's own search box."""
    _, site = built
    for page in site.rglob("*.html"):
        parsed = parse_page(page)
        executable = [s for s in parsed.scripts if s.startswith("<executable script")]
        assert executable == (["<executable script static/search.js>"] if page == site / "index.html" else []), page
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'<(link|img|script)[^>]+(href|src)="https?:', text.replace('rel="canonical" href="https', "")), page
    css = (site / "static" / "style.css").read_text()
    assert "url(" not in css and "@import" not in css


def test_twins_carry_the_same_triples(built):
    _, site = built
    ttl_files = sorted((site / "page").rglob("*.ttl")) + sorted((site / "ontology").rglob("*.ttl"))
    assert ttl_files
    for ttl in ttl_files:
        turtle = graph_of(ttl, "turtle")
        jsonld = graph_of(ttl.with_suffix(".jsonld"), "json-ld")
        assert len(turtle) > 0, ttl
        assert set(turtle) == set(jsonld), ttl
        embedded = parse_page(ttl.with_suffix(".html")).scripts
        assert len(embedded) == 1
        assert set(Graph().parse(data=embedded[0], format="json-ld")) == set(turtle), ttl


def test_entity_jsonld_twins_are_compacted_with_the_dataset_context(built):
    _, site = built
    twins = sorted((site / "page").rglob("*.jsonld"))
    assert twins
    for path in twins:
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert doc["@context"]["label"] == {"@id": "rdfs:label", "@language": "en"}, path
        keys = {k for node in doc["@graph"] for k in node}
        assert "@id" in keys and not any(k.startswith("http") for k in keys), (path, keys)
    person = json.loads(next(p for p in twins if p.parent.name == "person").read_text(encoding="utf-8"))
    types = [node.get("@type", []) for node in person["@graph"] if "label" in node]
    assert any("Person" in ([t] if isinstance(t, str) else t) for t in types)


def test_entity_twin_holds_its_facts_and_their_evidence(site, dist):
    data = graph_of(next(dist.glob("*.nt")), "nt")
    twin = graph_of(site / "page" / "side" / "handan-campaign-2.ttl", "turtle")
    side = URIRef("https://w3id.org/handan-kg/id/side/handan-campaign-2")
    assert set(data.triples((side, None, None))) <= set(twin)
    quotes = {str(o) for o in twin.objects(None, URIRef("http://www.w3.org/ns/oa#exact"))}
    assert any("Liu Bocheng" in q for q in quotes)


def test_void_counts_match_the_data(built):
    dist, site = built
    void = graph_of(site / ".well-known" / "void", "turtle")
    manifest = json.loads((dist / "manifest.json").read_text())
    data = graph_of(dist / manifest["files"]["nt"], "nt")
    if (dist / "links.ttl").is_file():
        data += graph_of(dist / "links.ttl", "turtle")
    ds = URIRef("https://w3id.org/handan-kg/.well-known/void#dataset")

    def one(p):
        values = list(void.objects(ds, p))
        assert len(values) == 1, p
        return values[0].toPython()

    assert one(VOID.triples) == len(data)
    entities = {s for s in data.subjects() if str(s).startswith("https://w3id.org/handan-kg/id/")}
    assert one(VOID.entities) == len(entities)
    assert one(VOID.classes) == len(set(data.objects(None, RDF.type)))
    assert one(VOID.properties) == len(set(data.predicates()))
    assert one(DCT.license) == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert {str(o) for o in void.objects(ds, DCT.source)} == {a["source"] for a in manifest["articles"]}
    wikidata = [
        (s, p, o) for p in (OWL.sameAs, SKOS.exactMatch) for s, o in data.subject_objects(p) if str(o).startswith("http://www.wikidata.org/entity/")
    ]
    linksets = list(void.subjects(RDF.type, VOID.Linkset))
    assert sum(void.value(ls, VOID.triples).toPython() for ls in linksets) == len(wikidata) > 0
    for part in void.objects(ds, VOID.classPartition):
        cls = void.value(part, VOID["class"])
        assert void.value(part, VOID.entities).toPython() == len(set(data.subjects(RDF.type, cls)))
    assert (site / "void.ttl").read_bytes() == (site / ".well-known" / "void").read_bytes()
    dumps = list(void.objects(ds, VOID.dataDump))
    assert len(dumps) == len(manifest["files"]) + (dist / "links.ttl").is_file()
    for dump in dumps:
        assert (site / str(dump).removeprefix("https://w3id.org/handan-kg/")).is_file()


def test_conflict_page_shows_names_timeline_order_of_battle_and_sources(site):
    page = site / "page" / "conflict" / "handan-campaign.html"
    text = page.read_text(encoding="utf-8")
    parsed = parse_page(page)
    assert {"en", "zh"} <= parsed.langs
    assert '<span lang="zh">平汉战役</span>' in text
    assert "<svg" in text and text.count("<circle") == 3
    assert text.index("KMT offensive begins") < text.index("Gao Shuxun defects") < text.index("Campaign ends")
    assert "Order of battle" in text and "45,000 (1st echelon)" in text
    assert "<q>Result: Communist victory</q>" in text
    assert 'href="http://www.wikidata.org/entity/Q5647237"' in text


def test_person_page_shows_incoming_links_and_provenance(site):
    text = (site / "page" / "person" / "gao-shuxun.html").read_text(encoding="utf-8")
    assert "Roles and events" in text and "commander of New 8th Army (Handan Campaign, side 1)" in text
    assert '../../page/event/' in text and "took part" in text  # the defection event, linked
    side = (site / "page" / "side" / "handan-campaign-1.html").read_text(encoding="utf-8")
    assert "<q>the commander of the New 8th Army, Gao Shuxun" in side


def test_ontology_pages(site):
    doc = (site / "ontology" / "index.html").read_text(encoding="utf-8")
    assert '<dt id="Conflict">' in doc  # so the hash IRI hkg:Conflict lands on its entry
    assert 'href="../ontology/Campaign.html"' in doc
    term = (site / "ontology" / "Campaign.html").read_text(encoding="utf-8")
    assert "Handan Campaign" in term  # instances of the class are listed


def test_static_404_page_works_at_any_depth(site):
    page = (site / "404.html").read_text(encoding="utf-8")
    assert "<style>" in page and 'rel="stylesheet"' not in page  # a host shows it at any path
    assert 'href="https://w3id.org/handan-kg/index.html"' in page


def test_sitemap_lists_every_entity_page(site):
    sitemap = (site / "sitemap.xml").read_text()
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    pages = {p.relative_to(site).as_posix() for p in (site / "page").rglob("*.html")}
    assert {loc.removeprefix("https://w3id.org/handan-kg/") for loc in locs} >= pages
    assert "Sitemap: https://w3id.org/handan-kg/sitemap.xml" in (site / "robots.txt").read_text()


def test_publish_is_deterministic(real_site, tmp_path):
    dist, site = real_site
    again = tmp_path / "again"
    publish(dist, again, ontology=ONTOLOGY_FILE, queries=QUERIES_DIR)
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second


def test_base_iri_rewrite(dist, tmp_path):
    out = tmp_path / "rebased"
    publish(dist, out, base_iri="https://kg.example.org/", ontology=ONTOLOGY, queries=QUERIES)
    twin = graph_of(out / "page" / "person" / "liu-bocheng.ttl", "turtle")
    subjects = {str(s) for s in twin.subjects()}
    assert "https://kg.example.org/id/person/liu-bocheng" in subjects
    person = URIRef("https://w3id.org/handan-kg/ontology#Person")  # the vocabulary does not move
    assert (URIRef("https://kg.example.org/id/person/liu-bocheng"), RDF.type, person) in twin
    assert not any("w3id.org/handan-kg/id/" in str(t) for triple in twin for t in triple)
    assert (out / "download" / "handan-mini.nt").is_file()
    assert b"w3id.org/handan-kg/id/" not in (out / "download" / "handan-mini.nt").read_bytes()


def test_cli_publish_and_bad_input(dist, tmp_path):
    env_cmd = [sys.executable, "-m", "handan_kg", "publish"]
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    ok = subprocess.run(check=False, args=[*env_cmd, str(dist), "--out", str(tmp_path / "s"), "--ontology", str(ONTOLOGY)], capture_output=True, text=True, env=env)
    assert ok.returncode == 0, ok.stderr
    assert "HTML pages" in ok.stdout and (tmp_path / "s" / "index.html").is_file()
    bad = subprocess.run(check=False, args=[*env_cmd, str(tmp_path / "nothing"), "--out", str(tmp_path / "t")], capture_output=True, text=True, env=env)
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and "no built dataset" in bad.stderr and "Traceback" not in bad.stderr
    assert not (tmp_path / "t").exists()
    manifest = json.loads((dist / "manifest.json").read_text())
    assert manifest["name"] == "handan-mini"


def test_timeline_svg_orders_bce_dates_and_escapes_labels():
    from handan_kg.publish import timeline

    assert timeline.display_date("-0259") == "260 BC"  # XSD 1.1: year 0 is 1 BC
    assert timeline.display_date("-0047-08-09") == "9 Aug 48 BC"
    assert timeline.display_date("-0047-08") == "Aug 48 BC"
    assert timeline.display_date("1945-10-22") == "22 Oct 1945"
    assert timeline.display_date("1945-10") == "Oct 1945" and timeline.display_date("1945") == "1945"
    assert timeline.date_position("-0259") < timeline.date_position("-0047-08-09") < timeline.date_position("1945-10")
    svg = timeline.svg(
        [timeline.Point("-0259", "<b>siege</b> & more", "../x.html"), timeline.Point("-0257", "end", None), timeline.Point("", "undated", None)],
        "Test",
    )
    assert "&lt;b&gt;siege&lt;/b&gt; &amp; more" in svg and "<b>" not in svg
    assert svg.count("<circle") == 2  # the undated event is listed, not drawn
    xs = [float(x) for x in re.findall(r'<circle cx="([0-9.]+)"', svg)]
    assert xs == sorted(xs) and xs[0] < xs[1]
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_republish_replaces_the_site_and_refuses_foreign_directories(dist, tmp_path):
    out = tmp_path / "site"
    publish(dist, out, ontology=ONTOLOGY, queries=QUERIES)
    (out / "page" / "person" / "stale.html").write_text("left over")
    publish(dist, out, ontology=ONTOLOGY, queries=QUERIES)
    assert not (out / "page" / "person" / "stale.html").exists() and (out / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no temporary directories left
    foreign = tmp_path / "docs"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    from handan_kg.errors import InputError

    with pytest.raises(InputError, match="not a site written by"):
        publish(dist, foreign, ontology=ONTOLOGY, queries=QUERIES)
    assert sorted(p.name for p in foreign.iterdir()) == ["notes.txt"]


def test_embedded_json_ld_speaks_schema_org(real_site):
    _, site = real_site
    embedded = parse_page(site / "page" / "conflict" / "handan-campaign.html").scripts[0]
    g = Graph().parse(data=embedded, format="json-ld")
    conflict = URIRef("https://w3id.org/handan-kg/id/conflict/handan-campaign")
    schema = Namespace("https://schema.org/")
    assert (conflict, RDF.type, schema.Event) in g  # hkg:Campaign ⊑ hkg:Conflict ⊑ schema:Event
    assert (conflict, schema.name, Literal("Handan Campaign", lang="en")) in g
    assert (conflict, schema.sameAs, URIRef("http://www.wikidata.org/entity/Q5647237")) in g
    assert set(g.objects(conflict, schema.startDate)) == set(g.objects(conflict, URIRef("https://w3id.org/handan-kg/ontology#startDate")))


def test_article_page_lists_what_was_read_from_it(real_site):
    _, site = real_site
    page = (site / "page" / "article" / "handan-campaign.html").read_text(encoding="utf-8")
    section = page[page.index('id="read-from"'):]
    assert 'href="../../page/person/liu-bocheng.html"' in section
    assert 'href="../../page/conflict/handan-campaign.html"' in section


def test_publish_without_site_url_says_which_address_the_sitemap_names(tmp_path, capsys) -> None:
    from handan_kg.cli import main

    dist = tmp_path / "dist"
    assert main(["build", "--out", str(dist), "-q"]) == 0
    capsys.readouterr()
    assert main(["publish", str(dist), "--out", str(tmp_path / "site")]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no --site-url" in err and "https://w3id.org/handan-kg/" in err
    assert main(["publish", str(dist), "--out", str(tmp_path / "site2"), "--site-url", "https://example.org/kg/"]) == 0
    assert capsys.readouterr().err == ""


# ---------------------------------------------------------------- pages for readers (issue 18)


def _notes(text: str) -> list[str]:
    """The quoted passages of a page's list of sources, as shown (marks removed)."""
    block = text.split('<ol class="notes">', 1)[1].split("</ol>", 1)[0] if '<ol class="notes">' in text else ""
    return [re.sub(r"<[^>]+>", "", q) for q in re.findall(r"<q>(.*?)</q>", block, flags=re.S)]


def test_every_page_quotes_each_passage_once_and_every_citation_has_its_note(real_site):
    _, site = real_site
    pages = sorted((site / "page").rglob("*.html"))
    cited = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        quotes = _notes(text)
        assert len(quotes) == len(set(quotes)), page  # a passage is one note, however many facts it supports
        assert text.count("<q>") == len(quotes), page  # and is quoted nowhere else on the page
        numbers = {int(n) for n in re.findall(r'href="#note-(\d+)"', text)}
        assert numbers == set(range(1, len(quotes) + 1)), page  # every note cited, every citation noted
        cited += len(quotes)
    assert cited > 200


def test_citations_lead_to_the_passage_on_the_published_article_page(real_site):
    _, site = real_site
    article = (site / "page" / "article" / "handan-campaign.html").read_text(encoding="utf-8")
    assert '<div class="article-text">' in article and "The Kuomintang was determined to dislodge the Communists" in article
    anchors = set(re.findall(r'id="(s-\d+-\d+)"', article))
    conflict = (site / "page" / "conflict" / "handan-campaign.html").read_text(encoding="utf-8")
    targets = re.findall(r'href="\.\./\.\./page/article/handan-campaign\.html#(s-\d+-\d+)"', conflict)
    assert len(targets) > 30 and set(targets) <= anchors
    # the anchored passage is the quoted one: offsets and text agree
    text = (ROOT / "data" / "articles" / "handan_campaign.txt").read_text(encoding="utf-8")
    start, end = (int(x) for x in targets[-1].split("-")[1:])
    assert re.search(rf'id="{targets[-1]}">{re.escape(text[start:end][:20])}', article)
    # and every citation also links to the text on Wikipedia, at the sentence (a text fragment)
    assert re.search(r'href="https://en\.wikipedia\.org/wiki/Handan_Campaign#:~:text=The%20Kuomintang%20begun%20their,on%20October%2014%2C%201945\."', conflict)


def test_conflict_page_reads_summary_timeline_order_of_battle_people_sources(real_site):
    _, site = real_site
    text = (site / "page" / "conflict" / "handan-campaign.html").read_text(encoding="utf-8")
    order = ['id="summary"', 'id="timeline"', 'id="oob"', 'id="people"', 'id="disagreements"', 'id="sources"']
    assert [text.index(o) for o in order] == sorted(text.index(o) for o in order)
    summary = text.split('id="summary"', 1)[1].split("</section>", 1)[0]
    for shown in ("22 Oct 1945 – 2 Nov 1945", "Communist victory", ">Kuomintang</a>", ">Communist</a>", "(victor)",
                  ">Xue Yue</a>", ">Liu Bocheng</a>", "45,000 (1st echelon)", "60,000 (regular)", "3,000 killed", "4,708 total"):
        assert shown in summary, shown
    assert summary.count('<sup class="cite">') >= 20  # each value with its footnote
    places = [summary.index(f">{p}</a>") for p in ("Handan", "Hebei", "China")]
    assert places == sorted(places)  # as the chain reads: each place before what contains it


def test_order_of_battle_is_a_tree_per_side_in_natural_order(real_site):
    _, site = real_site
    text = (site / "page" / "conflict" / "handan-campaign.html").read_text(encoding="utf-8")
    oob = text.split('id="oob"', 1)[1].split('id="people"', 1)[0]
    kmt, communist, unknown = oob.split('<section class="side tree">')[1:]
    assert ">Kuomintang</a>" in kmt and ">Communist</a>" in communist and "Side not stated" in unknown
    assert "9th Combat Engineering Regiment" in unknown  # no side in the text: shown, not dropped

    def depth(name: str) -> int:
        before = kmt[: kmt.index(f">{name}</a>")]
        return before.count("<ul>") - before.count("</ul>")

    assert depth("1st Echelon") == 1 and depth("40th Army") == 2 and depth("106th Division") == 3
    names = re.findall(r">(\d+\w\w (?:Army|Echelon))</a>", kmt)
    assert names.index("3rd Army") < names.index("16th Army") < names.index("32nd Army")  # numbers, not strings
    army = kmt[kmt.index(">40th Army</a>"):kmt.index(">106th Division</a>")]
    assert "deployed at" in army and ">Xinxiang</a>" in army and "Ma Fawu (commander)" in army


def test_a_defector_on_both_sides_is_explained_by_the_defection_event(real_site):
    _, site = real_site
    page = (site / "page" / "disagreement" / "handan-campaign-1.html").read_text(encoding="utf-8")
    statements = re.findall(r'<p class="statement">(.*?)<sup', page)
    assert statements == ["Communist, commander: Gao Shuxun", "Kuomintang, commander: Gao Shuxun"]
    assert re.search(r'Explained: Gao Shuxun defected from the Kuomintang to the Communist \(30 Oct 1945\): <a href="\.\./\.\./page/event/handan-campaign-09\.html">', page)
    conflict = (site / "page" / "conflict" / "handan-campaign.html").read_text(encoding="utf-8")
    assert 'href="../../page/event/handan-campaign-09.html">Defection</a>' in conflict.split('id="disagreements"', 1)[1]
    person = (site / "page" / "person" / "gao-shuxun.html").read_text(encoding="utf-8")
    roles = person.split('id="roles"', 1)[1].split("</section>", 1)[0]
    assert roles.count("commander (") == 2 and "defected" in roles  # each role once, with its side


def test_home_page_titled_with_the_dataset_own_conflict_first_classes_counted(real_site):
    _, site = real_site
    text = (site / "index.html").read_text(encoding="utf-8")
    assert "<h1>Handan Campaign</h1>" in text
    assert text.index(">Handan Campaign</a>") < text.index(">Chinese Civil War</a>")  # the article's own conflict first
    assert re.search(r"<summary>Person \(8\)</summary>", text) and re.search(r"<summary>Military unit \(\d+\)</summary>", text)
    assert '<input id="search" type="search"' in text
    index = json.loads((site / "search.json").read_text(encoding="utf-8"))
    assert ["Gao Shuxun", "person", "page/person/gao-shuxun.html"] in index


def test_a_revision_in_sources_tsv_is_linked_with_the_sentence(tmp_path):
    """SOURCES.tsv giving the revision read (`oldid=`): citations link to that revision."""
    from handan_kg.corpus.build import build

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "handan_campaign.txt").write_bytes((ROOT / "data" / "articles" / "handan_campaign.txt").read_bytes())
    revision = "https://en.wikipedia.org/w/index.php?title=Handan_Campaign&oldid=1234567"
    (folder / "SOURCES.tsv").write_text(f"file\ttitle\taddress\nhandan_campaign.txt\tHandan Campaign\t{revision}\n", encoding="utf-8")
    dist, out = tmp_path / "dist", tmp_path / "site"
    build([str(folder / "handan_campaign.txt")], dist, "https://w3id.org/handan-kg/")
    publish(dist, out, ontology=ONTOLOGY_FILE, queries=QUERIES_DIR)
    text = (out / "page" / "event" / "handan-campaign-09.html").read_text(encoding="utf-8")
    assert re.search(r'href="https://en\.wikipedia\.org/w/index\.php\?title=Handan_Campaign&amp;oldid=1234567#:~:text=Meanwhile%2C%20the%20Communist%20chief,to%20the%20Communist%20side\." rel="external">the revision read</a>', text)


# ------------------------------------------------- the article texts travel with the dataset


def _files(folder: Path) -> dict[Path, bytes]:
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_same_dataset_gives_the_same_site_from_any_folder_and_after_moving(tmp_path, monkeypatch):
    """The article page shows the text from the dataset folder (`texts/`), never from where the
    build found the article: publishing from the build's folder, from another folder, and from
    a copy of the dataset whose article files are gone writes the same bytes, text included."""
    from handan_kg.corpus.build import build

    work = tmp_path / "work"
    (work / "articles").mkdir(parents=True)
    shutil.copy(BUNDLED_ARTICLE, work / "articles")
    monkeypatch.chdir(work)
    build(["articles/handan_campaign.txt"], Path("dist"), BASE)  # the manifest's `path` is relative to `work`
    publish(Path("dist"), tmp_path / "from-work", ontology=ONTOLOGY_FILE, queries=QUERIES_DIR)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    publish(work / "dist", tmp_path / "from-elsewhere", ontology=ONTOLOGY_FILE, queries=QUERIES_DIR)
    moved = tmp_path / "other-machine" / "dist"
    shutil.copytree(work / "dist", moved)
    shutil.rmtree(work)  # the article files the build read are gone
    publish(moved, tmp_path / "moved", ontology=ONTOLOGY_FILE, queries=QUERIES_DIR)

    sites = [_files(tmp_path / name) for name in ("from-work", "from-elsewhere", "moved")]
    assert sites[0] == sites[1] == sites[2]
    page = sites[0][Path("page/article/handan-campaign.html")].decode("utf-8")
    assert '<div class="article-text">' in page and "The Kuomintang was determined to dislodge the Communists" in page
    attribution = page.split('<p class="attribution">', 1)[1].split("</p>", 1)[0]
    assert "Text of the Wikipedia article <cite>Handan Campaign</cite>" in attribution
    assert '<a href="https://en.wikipedia.org/wiki/Handan_Campaign" rel="external">' in attribution
    assert '<a href="https://creativecommons.org/licenses/by-sa/4.0/" rel="license">CC BY-SA 4.0</a>' in attribution
    assert 'href="../../download/texts/handan-campaign.txt"' in attribution
    assert page.index('<p class="attribution">') < page.index('<div class="article-text">')  # next to the text
    # the published text is the one the build read, the bytes whose SHA-256 the manifest records
    text = sites[0][Path("download/texts/handan-campaign.txt")]
    assert text == BUNDLED_ARTICLE.read_text(encoding="utf-8").encode("utf-8")
    article = json.loads((moved / "manifest.json").read_text(encoding="utf-8"))["articles"][0]
    assert article["text"] == "texts/handan-campaign.txt" and hashlib.sha256(text).hexdigest() == article["sha256"]
    assert "download/texts/handan-campaign.txt" not in sites[0][Path("void.ttl")].decode()  # a text, not an RDF dump


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "texts/../manifest.json", "texts/linked.txt"])
def test_a_manifest_naming_a_text_outside_the_dataset_is_refused(real_site, tmp_path, name):
    dist = tmp_path / "dist"
    shutil.copytree(real_site[0], dist, ignore=shutil.ignore_patterns(".store", ".cache"))
    (dist / "texts" / "linked.txt").symlink_to(BUNDLED_ARTICLE)  # the right bytes, outside the folder
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    manifest["articles"][0]["text"] = name
    (dist / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "handan_kg", "publish", str(dist), "--out", str(tmp_path / "site")], check=False,
                       capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert r.returncode == 2, r.stderr
    assert r.stderr.count("\n") == 1 and "is not a file of the dataset folder" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "site").exists()


def test_a_text_that_is_not_the_one_built_from_is_refused(real_site, tmp_path):
    dist = tmp_path / "dist"
    shutil.copytree(real_site[0], dist, ignore=shutil.ignore_patterns(".store", ".cache"))
    path = dist / "texts" / "handan-campaign.txt"
    path.write_bytes(path.read_bytes().replace(b"Handan", b"Handen", 1))  # the offsets would point elsewhere
    with pytest.raises(DatasetError, match=r"handan-campaign\.txt: not the text the dataset was built from") as refused:
        publish(dist, tmp_path / "site", ontology=ONTOLOGY_FILE, queries=QUERIES_DIR)
    assert "\n" not in str(refused.value) and not (tmp_path / "site").exists()
