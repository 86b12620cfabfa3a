"""The site: every document of the published site, rendered by one code path.

`Site.document(path)` turns a site path (`page/person/liu-bocheng.html`) into bytes. The
static generator (`site.py`) writes `Site.static_paths()` through it and the server
(`server.py`) answers requests through it, so a page served and a page published are the
same bytes. Rendered documents are cached in memory by path, that is by (IRI, format).
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from handan_kg.namespaces import OA, OWL, PROV, RDF, RDFS, SKOS
from handan_kg.publish import iris, timeline, void
from handan_kg.publish.data import RDF_TYPE, SAME_AS_PREDICATES, Published, is_wikidata
from handan_kg.publish.iris import ONTOLOGY_IRI, IriMap
from handan_kg.publish.model import (
    HIDDEN_INCOMING,
    HKG,
    NAME_PREDICATES,
    Fact,
    Model,
    Value,
    literal_text,
    wikidata_links,
)
from handan_kg.store.query import library

TEMPLATES = Path(__file__).parent / "templates"
STYLE_FILE = Path(__file__).parent / "static" / "style.css"
STYLE_PATH = "static/style.css"
#: predicates shown elsewhere on a page than in its facts table.
HIDDEN_FACTS = frozenset({RDF_TYPE, PROV + "wasDerivedFrom", *NAME_PREDICATES})


class _EventRow(TypedDict):
    """One event of a conflict page's timeline list."""

    when: str  # the date literal as written, "" if undated
    date: str  # the date for readers
    event: Value
    description: str
    kind: Value | None


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

    def _facts(self, iri: str, graph, root: str, with_sources: bool = True) -> list[Fact]:
        facts: dict[str, Fact] = {}
        for p, o in graph.outgoing(iri):
            if p in HIDDEN_FACTS or (p in SAME_AS_PREDICATES and isinstance(o, ox.NamedNode) and is_wikidata(o.value)):
                continue
            fact = facts.setdefault(p, Fact(self.value(ox.NamedNode(p), root)))
            sources = self.assertion_sources(iri, p, o, root) if with_sources else []
            fact.values.append((self.value(o, root), sources))
        for fact in facts.values():
            fact.values.sort(key=lambda v: (v[0].text, v[0].iri or ""))
        return sorted(facts.values(), key=lambda f: (f.prop.text, f.prop.iri or ""))

    def _incoming(self, iri: str, root: str) -> list[Fact]:
        groups: dict[str, Fact] = {}
        for s, p in self.data.incoming(iri):
            if p in HIDDEN_INCOMING or self.map.entity_key(s) not in self.entities:
                continue
            fact = groups.setdefault(p, Fact(self.value(ox.NamedNode(p), root)))
            # The sentence that says `s p this`, else the one the n-ary node `s` came from.
            sources = self.assertion_sources(s, p, ox.NamedNode(iri), root)
            if not sources:
                sources = self.sources_of(self.data.values(s, PROV + "wasDerivedFrom"), root)
            fact.values.append((self.value(ox.NamedNode(s), root), sources))
        for fact in groups.values():
            fact.values.sort(key=lambda v: (v[0].text, v[0].iri or ""))
        return sorted(groups.values(), key=lambda f: f.prop.text)

    def _side_view(self, side: str, root: str) -> dict:
        def linked(p: str) -> list[Value]:
            return sorted((self.value(o, root) for o in self.data.values(side, p)), key=lambda v: v.text)

        roles = []
        for r in self.data.subjects(HKG + "side", side):
            if HKG + "CommandRole" not in self.data.types(r):
                continue
            parts = [self.value(o, root) for p in ("person", "unit") for o in self.data.values(r, HKG + p)]
            title = self.data.first(r, HKG + "roleTitle") or self.data.first(r, HKG + "role")
            roles.append({"parts": parts, "title": self.value(title, "").text if title is not None else ""})
        units = [self.value(ox.NamedNode(u), root) for u in self.data.subjects(HKG + "side", side) if HKG + "MilitaryUnit" in self.data.types(u)]
        observations: list[dict[str, object]] = []
        for p, heading in (("strength", "Strength"), ("casualties", "Casualties and losses")):
            items = [(self.observation_text(o.value), self.value(o, root)) for o in self.data.values(side, HKG + p) if isinstance(o, ox.NamedNode)]
            if items:
                observations.append({"heading": heading, "entries": sorted(items, key=lambda i: i[1].iri or "")})
        victor = self.data.first(side, HKG + "isVictor")
        return {
            "side": self.value(ox.NamedNode(side), root),
            "victor": victor is not None and victor.value in ("true", "1"),
            "members": linked(HKG + "member"),
            "commanders": linked(HKG + "commander"),
            "roles": sorted(roles, key=lambda r: [v.text for v in r["parts"]]),
            "units": sorted(units, key=lambda v: v.text),
            "observations": observations,
        }

    def _conflict_view(self, iri: str, root: str) -> dict:
        sides = [o.value for o in self.data.values(iri, HKG + "hasSide") if isinstance(o, ox.NamedNode)]
        sides += [s for s in self.data.subjects(HKG + "sideOf", iri) if s not in sides]

        def side_index(s: str) -> tuple[int, str]:
            lit = self.data.first(s, HKG + "sideIndex")
            return (int(lit.value) if lit is not None and lit.value.isdigit() else 99, s)

        events: list[_EventRow] = []
        for e in self.data.subjects(HKG + "duringConflict", iri):
            date = self.data.first(e, HKG + "date")
            desc = self.data.first(e, HKG + "description")
            kind = self.data.first(e, HKG + "eventType")
            events.append({
                "when": date.value if isinstance(date, ox.Literal) else "",
                "date": literal_text(date) if isinstance(date, ox.Literal) else "undated",
                "event": self.value(ox.NamedNode(e), root),
                "description": desc.value if desc is not None else "",
                "kind": self.value(kind, root) if kind is not None else None,
            })
        events.sort(key=lambda ev: (timeline.date_position(ev["when"]) is None, timeline.date_position(ev["when"]) or 0, ev["event"].iri))
        points = [timeline.Point(ev["when"], ev["event"].text, ev["event"].href) for ev in events if ev["when"]]
        figure = timeline.svg(points, f"Timeline of the {self.label(iri)[0]}")
        return {"sides": [self._side_view(s, root) for s in sorted(sides, key=side_index)], "events": events, "svg": Markup(figure)}

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
            dataset=self.pub.name,
            has_ontology=bool(self.onto.triples),
            **ctx,
        )
        return html.encode("utf-8")

    def entity_html(self, key: str, path: str) -> bytes:
        iri = self.entities[key]
        root = iris.relative_root(path)
        types = self.data.types(iri)
        title, lang = self.label(iri)
        wikidata = [(w, self._link_note(iri, w, root)) for w in wikidata_links(self.data, iri)]
        conflict = None
        if any(self._is_conflict(t) for t in types):
            conflict = self._conflict_view(iri, root)
        return self._page(
            "entity.html",
            path,
            title=title,
            title_lang=lang,
            iri=iri,
            names=self._names(iri),
            types=[self.value(ox.NamedNode(t), root) for t in types],
            wikidata=wikidata,
            facts=self._facts(iri, self.data, root),
            node_sources=self.sources_of(self.data.values(iri, PROV + "wasDerivedFrom"), root),
            incoming=self._incoming(iri, root),
            conflict=conflict,
            read_from=self._read_from(iri, root) if HKG + "Article" in types else [],
            twins=self._twins(iris.entity_path, key, root),
            jsonld=_script_json(self.serialize(self.describe(iri), "jsonld")),
        )

    def _read_from(self, article: str, root: str) -> list[tuple[Value, list[Value]]]:
        """The entries the article's sentences gave facts about, grouped by class."""
        found: set[str] = set()
        for evidence in self.data.subjects(OA + "hasSource", article):
            for node in self.data.subjects(PROV + "wasDerivedFrom", evidence):
                subject = self.data.first(node, RDF + "subject")
                found.add(subject.value if isinstance(subject, ox.NamedNode) else node)
        groups: dict[str, list[Value]] = {}
        for iri in found:
            if self.map.entity_key(iri) in self.entities:
                cls = (self.data.types(iri) or [""])[0]
                groups.setdefault(cls, []).append(self.value(ox.NamedNode(iri), root))
        return [
            (self.value(ox.NamedNode(cls), root) if cls else Value("other"), sorted(members, key=lambda v: (v.text, v.iri or "")))
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
            facts=self._facts(iri, self.onto, root, with_sources=False),
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
            facts=self._facts(ONTOLOGY_IRI, self.onto, root, with_sources=False),
            groups=[(k, groups[k]) for k in order if k in groups],
            twins=[("Turtle", root + iris.ontology_path("ttl")), ("JSON-LD", root + iris.ontology_path("jsonld"))],
        )

    def index_html(self, path: str) -> bytes:
        root = iris.relative_root(path)
        by_class: dict[str, list[Value]] = {}
        for iri in self.entities.values():
            types = self.data.types(iri) or ["(untyped)"]
            by_class.setdefault(types[0], []).append(self.value(ox.NamedNode(iri), root))
        classes: list[_ClassGroup] = []
        for cls, members in by_class.items():
            head = self.value(ox.NamedNode(cls), root) if cls.startswith("http") else Value(cls)
            classes.append({"cls": head, "members": sorted(members, key=lambda v: (v.text, v.iri))})
        conflicts = [c for c in classes if c["cls"].iri and self._is_conflict(c["cls"].iri)]
        others = [c for c in classes if c not in conflicts]
        return self._page(
            "index.html",
            path,
            title=f"{self.pub.name}: a military-history knowledge graph",
            conflicts=sorted(conflicts, key=_class_order),
            classes=sorted(others, key=_class_order),
            downloads=sorted(self.pub.downloads),
            sources=self.pub.sources,
            triples=len(self.data),
        )

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
        paths = ["index.html", "404.html", STYLE_PATH, ".well-known/void", "void.ttl", "sitemap.xml", "robots.txt", ".nojekyll"]
        paths += [f"download/{name}" for name in sorted(self.pub.downloads)]
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


def _class_order(group: _ClassGroup) -> tuple[str, str]:
    return group["cls"].text, group["cls"].iri or ""


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
