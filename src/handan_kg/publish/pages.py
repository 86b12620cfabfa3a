"""The site: every document of the published site, rendered by one code path.

`Site.document(path)` turns a site path (`page/person/liu-bocheng.html`) into bytes. The
static generator (`site.py`) writes `Site.static_paths()` through it and the server
(`server.py`) answers requests through it, so a page served and a page published are the
same bytes. Rendered documents are cached in memory by path, that is by (IRI, format).
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from handan_kg.namespaces import OWL, PROV, RDF, RDFS, SKOS
from handan_kg.publish import iris, timeline, void
from handan_kg.publish.data import RDF_TYPE, SAME_AS_PREDICATES, Published, is_wikidata
from handan_kg.publish.iris import ONTOLOGY_IRI, IriMap
from handan_kg.publish.model import (
    HIDDEN_INCOMING,
    HKG,
    NAME_PREDICATES,
    Fact,
    Model,
    Notes,
    Source,
    Value,
    fact_position,
    wikidata_links,
)
from handan_kg.publish.views import Views, natural_key
from handan_kg.store.query import library
from handan_kg.write.manifest import TEXTS

TEMPLATES = Path(__file__).parent / "templates"
STYLE_FILE = Path(__file__).parent / "static" / "style.css"
STYLE_PATH = "static/style.css"
SCRIPT_FILE = Path(__file__).parent / "static" / "search.js"
SCRIPT_PATH = "static/search.js"
SEARCH_PATH = "search.json"
#: predicates shown elsewhere on a page than in its facts table.
HIDDEN_FACTS = frozenset({RDF_TYPE, PROV + "wasDerivedFrom", *NAME_PREDICATES})
#: a conflict's facts its summary shows, and the links to it its sections show
CONFLICT_SUMMARY = frozenset(HKG + p for p in ("startDate", "endDate", "place", "result", "partOf", "hasSide", "sourceArticle"))
CONFLICT_SECTIONS = frozenset(HKG + p for p in ("sideOf", "duringConflict", "conflict"))
#: links to a person that the person's roles and events sections show
PERSON_SECTIONS = frozenset(HKG + p for p in ("person", "commander", "defector", "persuadedBy", "capturedPerson", "involvedPerson"))


class _ClassGroup(TypedDict):
    """The entities of one class on the index page."""

    cls: Value
    members: list[Value]


@dataclass(frozen=True)
class Doc:
    """A rendered document with the validators HTTP caching needs."""

    body: bytes
    media_type: str
    etag: str


def _script_json(data: bytes) -> Markup:
    """JSON for a `<script>` element, with every `<` written `\\u003c`.

    `</` would end the element early, and `<!--` followed by `<script` switches the HTML
    parser into a state where the element does not end at all (the page goes blank). JSON
    strings may escape any character, so the data is unchanged for a JSON-LD reader.
    """
    return Markup(data.decode("utf-8").replace("<", "\\u003c"))


class Site(Model):
    """All documents of one published dataset. Thread-safe cache; pure functions of the data."""

    def __init__(self, pub: Published, *, dynamic: bool = False, site_url: str | None = None, queries: list | None = None) -> None:
        super().__init__(pub)
        self.dynamic = dynamic
        self.site_url = site_url or pub.base
        self.queries = queries or []
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=select_autoescape(["html", "xml"]),
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.tests["linkable"] = iris.linkable
        self.env.filters["numbered"] = lambda notes: sorted(n.mark() for n in notes)
        self._cache: dict[str, Doc] = {}
        self._lock = threading.Lock()

    def _names(self, iri: str) -> list[Value]:
        seen = set()
        names = []
        for p in (SKOS + "prefLabel", RDFS + "label", SKOS + "altLabel"):
            for o in sorted((o for o in self.data.values(iri, p) if isinstance(o, ox.Literal)), key=lambda lit: (lit.language or "", lit.value)):
                if (o.value, o.language) not in seen:
                    seen.add((o.value, o.language))
                    names.append(Value(o.value, lang=o.language, iri="alternative" if p == SKOS + "altLabel" else "preferred"))
        return names

    def _facts(self, iri: str, graph, root: str, notes: Notes | None = None, skip: frozenset[str] = frozenset()) -> list[Fact]:
        """The facts table: one row per predicate in `FACT_ORDER`, each value with the
        numbers of its footnotes (none for ontology terms, which have no sources)."""
        found: dict[str, list[tuple[Value, list[Source]]]] = {}
        for p, o in graph.outgoing(iri):
            if p in HIDDEN_FACTS or p in skip or (p in SAME_AS_PREDICATES and isinstance(o, ox.NamedNode) and is_wikidata(o.value)):
                continue
            found.setdefault(p, []).append((self.value(o, root), self.assertion_sources(iri, p, o, root) if notes is not None else []))
        return self._numbered(found, root, notes or Notes())

    def _incoming(self, iri: str, root: str, notes: Notes, skip: frozenset[str] = frozenset()) -> list[Fact]:
        found: dict[str, list[tuple[Value, list[Source]]]] = {}
        for s, p in self.data.incoming(iri):
            if p in HIDDEN_INCOMING or p in skip or self.map.entity_key(s) not in self.entities:
                continue
            # The sentence that says `s p this`, else the one the n-ary node `s` came from.
            sources = self.assertion_sources(s, p, ox.NamedNode(iri), root)
            if not sources:
                sources = self.sources_of(self.data.values(s, PROV + "wasDerivedFrom"), root)
            found.setdefault(p, []).append((self.value(ox.NamedNode(s), root), sources))
        return self._numbered(found, root, notes)

    def _numbered(self, found: dict[str, list[tuple[Value, list[Source]]]], root: str, notes: Notes) -> list[Fact]:
        """Facts in reading order, their sentences numbered in the order the page shows them."""
        facts = []
        for p in sorted(found, key=lambda p: fact_position(p, self.value(ox.NamedNode(p), root).text)):
            prop = self.value(ox.NamedNode(p), root)
            values = sorted(found[p], key=lambda v: (natural_key(v[0].text), v[0].iri or ""))
            facts.append(Fact(prop, [(v, notes.cite(sources, prop.text)) for v, sources in values]))
        return facts

    def _twins(self, path_of, key: str, root: str) -> list[tuple[str, str]]:
        exts = iris.STATIC_EXTS[1:] + (("nt", "rdf") if self.dynamic else ())
        names = {"ttl": "Turtle", "jsonld": "JSON-LD", "nt": "N-Triples", "rdf": "RDF/XML"}
        return [(names[e], root + path_of(key, e)) for e in exts]

    def _page(self, template: str, path: str, root: str | None = None, **ctx) -> bytes:
        root = iris.relative_root(path) if root is None else root
        html = self.env.get_template(template).render(
            root=root,
            style=root + STYLE_PATH,
            inline_style=Markup(STYLE_FILE.read_text(encoding="utf-8")) if ctx.pop("inline_style", False) else None,
            dynamic=self.dynamic,
            dataset=self.pub.title,
            has_ontology=bool(self.onto.triples),
            **ctx,
        )
        return html.encode("utf-8")

    def entity_html(self, key: str, path: str) -> bytes:
        iri = self.entities[key]
        root = iris.relative_root(path)
        types = self.data.types(iri)
        title, lang = self.label(iri)
        notes = Notes()
        views = Views(self, root, notes)
        wikidata = [(w, self._link_note(iri, w, root)) for w in wikidata_links(self.data, iri)]
        skip_facts: frozenset[str] = frozenset()
        skip_incoming: frozenset[str] = frozenset()
        ctx: dict = {}
        # Built in the order the page shows them, so footnotes number from the top down.
        if any(self._is_conflict(t) for t in types):
            ctx["conflict"] = self._conflict_view(iri, views)
            skip_facts = CONFLICT_SUMMARY
            skip_incoming = CONFLICT_SECTIONS
        elif HKG + "Person" in types:
            ctx["person"] = views.person(iri)
            skip_incoming = PERSON_SECTIONS
        elif HKG + "Link" in types:
            ctx["link"] = views.link(iri)
        elif HKG + "Disagreement" in types:
            ctx["disagreement"] = views.disagreement(iri)
            skip_facts = frozenset({HKG + "disagreesWith", HKG + "description"})
        facts = self._facts(iri, self.data, root, notes, skip_facts)
        node_sources = notes.cite(self.sources_of(self.data.values(iri, PROV + "wasDerivedFrom"), root), "this entry")
        incoming = self._incoming(iri, root, notes, skip_incoming)
        if HKG + "Article" in types:
            ctx["article"] = views.article(iri)
            ctx["read_from"] = self._read_from(iri, root)
        return self._page(
            "entity.html",
            path,
            title=title,
            title_lang=lang,
            iri=iri,
            names=self._names(iri),
            types=[self.value(ox.NamedNode(t), root) for t in types],
            wikidata=wikidata,
            facts=facts,
            node_sources=node_sources,
            incoming=incoming,
            notes=notes,
            twins=self._twins(iris.entity_path, key, root),
            jsonld=_script_json(self.serialize(self.describe(iri), "jsonld")),
            **ctx,
        )

    def _conflict_view(self, iri: str, views: Views) -> dict:
        sides = views.sides(iri)
        summary = views.summary(iri, sides)
        columns = [views.side_column(s) for s in sides]
        events = views.events(iri)
        points = [timeline.Point(ev.when, ev.event.text, ev.event.href) for ev in events if ev.when]
        by_side, unplaced = views.conflict_units(iri, sides)
        trees = [(column.side, views.unit_tree(by_side[side])) for side, column in zip(sides, columns, strict=True)]
        if unplaced:
            trees.append((Value("Side not stated"), views.unit_tree(unplaced)))
        return {
            "summary": summary,
            "sides": columns,
            "events": events,
            "svg": Markup(timeline.svg(points, f"Timeline of the {self.label(iri)[0]}")),
            "trees": [(side, tree) for side, tree in trees if tree],
            "people": views.people(iri),
            "disagreements": views.disagreements(iri),
        }

    def _read_from(self, article: str, root: str) -> list[tuple[Value, list[Value]]]:
        """The entries the article's sentences gave facts about, grouped by class."""
        groups: dict[str, list[Value]] = {}
        for iri in self.article_entities(article):
            if self.map.entity_key(iri) in self.entities:
                cls = (self.data.types(iri) or [""])[0]
                groups.setdefault(cls, []).append(self.value(ox.NamedNode(iri), root))
        return [
            (self.value(ox.NamedNode(cls), root) if cls else Value("other"), sorted(members, key=lambda v: (natural_key(v.text), v.iri or "")))
            for cls, members in sorted(groups.items(), key=lambda item: self.label(item[0])[0] if item[0] else "")
        ]

    def _link_note(self, iri: str, target: str, root: str) -> dict | None:
        """How the linker decided `iri` is `target` (its hkg:Link node), if it says."""
        for node in self.data.subjects(RDF + "subject", iri):
            if ox.NamedNode(target) in self.data.values(node, RDF + "object") and HKG + "Link" in self.data.types(node):
                status = self.data.first(node, HKG + "linkStatus")
                score = self.data.first(node, HKG + "linkScore")
                return {
                    "status": status.value if status is not None else "",
                    "score": score.value if score is not None else "",
                    "href": self.entity_href(node, root),
                }
        return None

    def term_html(self, key: str, path: str) -> bytes:
        iri = self.terms[key]
        root = iris.relative_root(path)
        title, lang = self.label(iri)
        instances = sorted(
            (self.value(ox.NamedNode(s), root) for s in self.data.subjects(RDF_TYPE, iri) if self.map.entity_key(s) in self.entities),
            key=lambda v: v.text,
        )
        used = self._predicate_counts().get(iri, 0)
        return self._page(
            "term.html",
            path,
            title=title,
            title_lang=lang,
            iri=iri,
            types=[self.value(ox.NamedNode(t), root) for t in self.onto.types(iri)],
            wikidata=[(w, None) for w in wikidata_links(self.onto, iri)],
            facts=self._facts(iri, self.onto, root),
            incoming=self._term_incoming(iri, root),
            instances=instances,
            used=used,
            twins=self._twins(iris.term_path, key, root),
            jsonld=_script_json(self.serialize(self.term_triples(iri), "jsonld")),
        )

    def _term_incoming(self, iri: str, root: str) -> list[Fact]:
        groups: dict[str, Fact] = {}
        for s, p in self.onto.incoming(iri):
            if IriMap.term_key(s) in self.terms:
                fact = groups.setdefault(p, Fact(self.value(ox.NamedNode(p), root)))
                fact.values.append((self.value(ox.NamedNode(s), root), []))
        for fact in groups.values():
            fact.values.sort(key=lambda v: v[0].text)
        return sorted(groups.values(), key=lambda f: f.prop.text)

    def ontology_html(self, path: str) -> bytes:
        root = iris.relative_root(path)
        groups: dict[str, list[dict]] = {}
        kinds = {
            OWL + "Class": "Classes",
            OWL + "ObjectProperty": "Object properties",
            OWL + "DatatypeProperty": "Datatype properties",
            OWL + "AnnotationProperty": "Annotation properties",
            SKOS + "ConceptScheme": "Concept schemes",
            SKOS + "Concept": "Concepts",
        }
        for key, iri in sorted(self.terms.items()):
            kind = next((kinds[t] for t in self.onto.types(iri) if t in kinds), "Other terms")
            comment = self.onto.first(iri, RDFS + "comment") or self.onto.first(iri, SKOS + "definition")
            groups.setdefault(kind, []).append({
                "key": key,
                "term": self.value(ox.NamedNode(iri), root),
                "comment": comment.value if comment is not None else "",
            })
        order = [*kinds.values(), "Other terms"]
        return self._page(
            "ontology.html",
            path,
            title=self.label(ONTOLOGY_IRI)[0] if self.onto.outgoing(ONTOLOGY_IRI) else "Ontology",
            iri=ONTOLOGY_IRI,
            facts=self._facts(ONTOLOGY_IRI, self.onto, root),
            groups=[(k, groups[k]) for k in order if k in groups],
            twins=[("Turtle", root + iris.ontology_path("ttl")), ("JSON-LD", root + iris.ontology_path("jsonld"))],
        )

    def index_html(self, path: str) -> bytes:
        """The home page: the dataset's title, the conflicts its articles are about first, the
        conflicts they only mention next, then every entry by class (with counts), a search box."""
        root = iris.relative_root(path)
        by_class: dict[str, list[Value]] = {}
        own: list[Value] = []
        for iri in self.entities.values():
            types = self.data.types(iri) or ["(untyped)"]
            value = self.value(ox.NamedNode(iri), root)
            by_class.setdefault(types[0], []).append(value)
            if self.data.first(iri, HKG + "sourceArticle") is not None and any(self._is_conflict(t) for t in types):
                own.append(value)
        classes: list[_ClassGroup] = []
        for cls, members in by_class.items():
            head = self.value(ox.NamedNode(cls), root) if cls.startswith("http") else Value(cls)
            classes.append({"cls": head, "members": sorted(members, key=lambda v: (natural_key(v.text), v.iri or ""))})
        own_iris = {v.iri for v in own}
        mentioned = sorted((v for c in classes if c["cls"].iri and self._is_conflict(c["cls"].iri) for v in c["members"] if v.iri not in own_iris),
                           key=lambda v: (natural_key(v.text), v.iri or ""))
        return self._page(
            "index.html",
            path,
            title=self.pub.title,
            own=sorted(own, key=lambda v: (natural_key(v.text), v.iri or "")),
            mentioned=mentioned,
            classes=sorted(classes, key=_class_order),
            entries=sum(len(c["members"]) for c in classes),
            downloads=sorted(self.pub.downloads),
            sources=self.pub.sources,
            triples=len(self.data),
        )

    def search_index(self) -> bytes:
        """Every entry's name, class and page for the home page's search box (`static/search.js`):
        `[[name, class, path], ...]` sorted by name, paths relative to the site root."""
        rows = []
        for key, iri in self.entities.items():
            types = self.data.types(iri)
            cls = self.value(ox.NamedNode(types[0]), "").text if types else ""
            rows.append((self.label(iri)[0], cls, iris.entity_path(key)))
        rows.sort(key=lambda r: (natural_key(r[0]), r[2]))
        return json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def not_found_html(self, request_path: str | None = None) -> bytes:
        """The 404 page. A static host shows `404.html` at any missing address, so that one
        carries its style inline and links by absolute URL; the server renders one with
        links relative to the address asked for."""
        if request_path is None:
            return self._page("404.html", "404.html", root=self.site_url, inline_style=True, title="Not found")
        return self._page("404.html", request_path, title="Not found")

    def sparql_html(self, **ctx) -> bytes:
        return self._page("sparql.html", "sparql", title="SPARQL query", examples=self.queries, **ctx)

    def id_stub_html(self, key: str) -> bytes:
        path = iris.id_stub_path(key)
        root = iris.relative_root(path)
        target = root + iris.entity_path(key)
        return self._page("redirect.html", path, title=self.label(self.entities[key])[0], target=target, iri=self.entities[key])

    # --------------------------------------------------------- documents

    def static_paths(self) -> list[str]:
        """Every file of the static site, in a stable order."""
        paths = ["index.html", "404.html", STYLE_PATH, SCRIPT_PATH, SEARCH_PATH, ".well-known/void", "void.ttl", "sitemap.xml", "robots.txt", ".nojekyll"]
        paths += [f"download/{name}" for name in sorted(self.pub.downloads)]
        paths += [iris.text_path(slug) for slug in sorted(self.pub.texts)]
        for key in sorted(self.entities):
            paths += [iris.entity_path(key, e) for e in iris.STATIC_EXTS]
            paths.append(iris.id_stub_path(key))
        if self.onto.triples:
            paths += [iris.ontology_path(e) for e in iris.STATIC_EXTS]
            for key in sorted(self.terms):
                paths += [iris.term_path(key, e) for e in iris.STATIC_EXTS]
        return paths

    def document(self, path: str) -> Doc | None:
        """The document at site path `path` (no leading slash), or None.

        Documents are cached (for the server); misses are not, so requests for made-up
        addresses cannot grow the cache (it holds at most every document of the site).
        """
        with self._lock:
            doc = self._cache.get(path)
        if doc is None:
            doc = self.render(path)
            if doc is not None:
                with self._lock:
                    self._cache[path] = doc
        return doc

    def render(self, path: str) -> Doc | None:
        """The document at `path`, rendered now and not cached: the static site writes each
        document once, and a corpus's site is gigabytes."""
        fixed = self._fixed(path)
        if fixed is not None:
            body, media = fixed
            return _doc(body, media)
        target = iris.parse_path(path)
        if target is None or target.ext is None:
            return None
        media = iris.MEDIA_TYPES[target.ext]
        if target.kind == "entity" and target.key in self.entities:
            if target.ext == "html":
                return _doc(self.entity_html(target.key, path), media)
            return _doc(self.serialize(self.describe(self.entities[target.key]), target.ext), media)
        if target.kind == "term" and target.key in self.terms:
            if target.ext == "html":
                return _doc(self.term_html(target.key, path), media)
            return _doc(self.serialize(self.term_triples(self.terms[target.key]), target.ext), media)
        if target.kind == "ontology" and self.onto.triples:
            if target.ext == "html":
                return _doc(self.ontology_html(path), media)
            return _doc(self.serialize(sorted(self.onto.triples, key=str), target.ext), media)
        return None

    def _fixed(self, path: str) -> tuple[bytes, str] | None:
        if path == "index.html":
            return self.index_html(path), iris.MEDIA_TYPES["html"]
        if path == "404.html":
            return self.not_found_html(), iris.MEDIA_TYPES["html"]
        if path == STYLE_PATH:
            return STYLE_FILE.read_bytes(), "text/css; charset=utf-8"
        if path == SCRIPT_PATH:
            return SCRIPT_FILE.read_bytes(), "text/javascript; charset=utf-8"
        if path == SEARCH_PATH:
            return self.search_index(), "application/json"
        if path in (".well-known/void", "void.ttl"):
            return void.describe(self), iris.MEDIA_TYPES["ttl"]
        if path == "sitemap.xml":
            return self.sitemap(), "application/xml"
        if path == "robots.txt":
            return f"User-agent: *\nAllow: /\nSitemap: {self.site_url}sitemap.xml\n".encode(), "text/plain; charset=utf-8"
        if path == ".nojekyll":
            return b"", "text/plain"
        if path.startswith("download/") and path[9:] in self.pub.downloads:
            name = path[9:]
            content = self.pub.downloads[name]
            return (content.read_bytes() if isinstance(content, Path) else content), _download_type(name)
        if path.startswith(TEXT_DOWNLOADS):
            slug = path[len(TEXT_DOWNLOADS):].removesuffix(".txt")
            if slug in self.pub.texts and path == iris.text_path(slug):
                return self.pub.texts[slug].encode("utf-8"), "text/plain; charset=utf-8"
        if path.startswith("id/") and path.endswith("/index.html"):
            key = path[3:-11]
            if key in self.entities:
                return self.id_stub_html(key), iris.MEDIA_TYPES["html"]
        return None

    def sitemap(self) -> bytes:
        urls = [self.site_url] + [self.site_url + iris.entity_path(k) for k in sorted(self.entities)]
        if self.onto.triples:
            urls.append(self.site_url + "ontology/")
            urls += [self.site_url + iris.term_path(k) for k in sorted(self.terms)]
        return self.env.get_template("sitemap.xml").render(urls=urls).encode("utf-8")


#: the classes a reader looks for first on the home page; the rest follow by name.
HOME_CLASSES = tuple(HKG + c for c in ("Person", "MilitaryUnit", "Place", "MilitaryEvent", "Side"))


def _class_order(group: _ClassGroup) -> tuple[int, str, str]:
    iri = group["cls"].iri or ""
    first = HOME_CLASSES.index(iri) if iri in HOME_CLASSES else len(HOME_CLASSES)
    return first, group["cls"].text, iri


TEXT_DOWNLOADS = f"download/{TEXTS}/"  # where `iris.text_path` puts the articles' texts
DOWNLOAD_TYPES = {**iris.MEDIA_TYPES, "trig": "application/trig", "nq": "application/n-quads"}


def _download_type(name: str) -> str:
    return DOWNLOAD_TYPES.get(name.rpartition(".")[2], "application/octet-stream")


def _doc(body: bytes, media_type: str) -> Doc:
    return Doc(body, media_type, '"' + hashlib.sha1(body).hexdigest()[:20] + '"')


def load_queries(directory: Path) -> list[dict]:
    """The query library (`queries/*.rq`) as the SPARQL form shows it: name, question, text."""

    if not directory.is_dir():
        return []
    return [{"name": q.name, "question": q.question, "text": q.path.read_text(encoding="utf-8")} for q in library(directory)]
