"""The site model: every document of the published site, rendered by one code path.

`Site.document(path)` turns a site path (`page/person/liu-bocheng.html`) into bytes. The
static generator (`site.py`) writes `Site.static_paths()` through it and the server
(`server.py`) answers requests through it, so a page served and a page published are the
same bytes. Rendered documents are cached in memory by path, that is by (IRI, format).
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from handan_kg.publish import iris, timeline, void
from handan_kg.publish.data import (
    DCT,
    OA,
    PROV,
    RDF,
    RDF_TYPE,
    RDFS,
    SAME_AS_PREDICATES,
    SKOS,
    Published,
    Term,
    is_wikidata,
)
from handan_kg.publish.iris import ONTOLOGY_IRI, ONTOLOGY_NS, IriMap

HKG = ONTOLOGY_NS
TEMPLATES = Path(__file__).parent / "templates"
STYLE_FILE = Path(__file__).parent / "static" / "style.css"
STYLE_PATH = "static/style.css"

#: entity types whose nodes are provenance plumbing, shown inside other pages, not on their own.
NO_PAGE_TYPES = frozenset({"statement", "evidence"})
NAME_PREDICATES = (RDFS + "label", SKOS + "prefLabel", SKOS + "altLabel")
#: predicates shown elsewhere on a page than in its facts table.
HIDDEN_FACTS = frozenset({RDF_TYPE, PROV + "wasDerivedFrom", *NAME_PREDICATES})
#: incoming links that only connect provenance plumbing.
HIDDEN_INCOMING = frozenset({RDF + "subject", RDF + "object", OA + "hasSource", PROV + "wasDerivedFrom"})
LABEL_PREDICATES = (RDFS + "label", SKOS + "prefLabel", DCT + "title", SKOS + "notation")
PREFIXES = {
    "hkg": HKG,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": SKOS,
    "prov": PROV,
    "oa": OA,
    "dct": DCT,
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "schema": "https://schema.org/",
}
#: namespaces shown as prefixed names (`owl:Class`) when a term has no page of its own.
DISPLAY_PREFIXES = (
    *PREFIXES.items(),
    ("schema", "http://schema.org/"),
    ("sem", "http://semanticweb.cs.vu.nl/2009/11/sem/"),
    ("dbo", "http://dbpedia.org/ontology/"),
    ("crm", "http://www.cidoc-crm.org/cidoc-crm/"),
    ("void", "http://rdfs.org/ns/void#"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("wd", "http://www.wikidata.org/entity/"),
)
RDF_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "nt": ox.RdfFormat.N_TRIPLES,
    "rdf": ox.RdfFormat.RDF_XML,
}
LICENSE = "https://creativecommons.org/licenses/by-sa/4.0/"


@dataclass(frozen=True)
class Doc:
    """A rendered document with the validators HTTP caching needs."""

    body: bytes
    media_type: str
    etag: str


@dataclass
class Value:
    """One rendered RDF term: text to show, optional link, language tag and full IRI."""

    text: str
    href: str | None = None
    lang: str | None = None
    iri: str | None = None
    external: bool = False


@dataclass
class Source:
    """A quoted sentence from an article: the visible provenance of a fact."""

    quote: str
    article: Value
    url: str | None
    start: int | None
    end: int | None


@dataclass
class Fact:
    prop: Value
    values: list[tuple[Value, list[Source]]] = field(default_factory=list)


def camel_words(name: str) -> str:
    """`startDate` -> `start date`: a readable fallback label for terms without one."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).replace("_", " ").replace("-", " ").lower()


def local_name(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1] or iri


def _literal_text(lit: ox.Literal) -> str:
    dt = lit.datatype.value if lit.datatype else ""
    if dt.endswith("#boolean"):
        return "yes" if lit.value in ("true", "1") else "no"
    if dt.endswith(("#integer", "#nonNegativeInteger", "#int")) and re.fullmatch(r"-?\d+", lit.value):
        return f"{int(lit.value):,}"
    if dt.endswith(("#date", "#gYear", "#gYearMonth")):
        return timeline.display_date(lit.value)
    return lit.value


def _curie(iri: str) -> str:
    """`http://www.w3.org/2002/07/owl#Class` -> `owl:Class`; other IRIs as they are."""
    for prefix, ns in DISPLAY_PREFIXES:
        if iri.startswith(ns) and re.fullmatch(r"[A-Za-z0-9_.-]+", iri[len(ns):]):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _script_json(data: bytes) -> Markup:
    """JSON for a `<script>` element: `</` must not end the element early."""
    return Markup(data.decode("utf-8").replace("</", "<\\/"))


class Site:
    """All documents of one published dataset. Thread-safe cache; pure functions of the data."""

    def __init__(self, pub: Published, *, dynamic: bool = False, site_url: str | None = None, queries: list | None = None) -> None:
        self.pub = pub
        self.data = pub.data
        self.onto = pub.ontology
        self.map = IriMap(pub.base)
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
        self._cache: dict[str, Doc | None] = {}
        self._used: Counter | None = None
        self._lock = threading.Lock()
        self.entities: dict[str, str] = {}  # key -> IRI, for every entity with a page
        for s in self.data.out:
            key = self.map.entity_key(s)
            if key and key.split("/", 1)[0] not in NO_PAGE_TYPES:
                self.entities[key] = s
        self.terms: dict[str, str] = {}
        for s in self.onto.out:
            key = IriMap.term_key(s)
            if key:
                self.terms[key] = s

    # ---------------------------------------------------------------- lookup

    def entity_href(self, iri: str, root: str) -> str | None:
        key = self.map.entity_key(iri)
        if key in self.entities:
            return root + iris.entity_path(key)
        key = IriMap.term_key(iri)
        if key in self.terms:
            return root + iris.term_path(key)
        if iri == ONTOLOGY_IRI and self.onto.triples:
            return root + iris.ontology_path()
        return None

    def label(self, iri: str) -> tuple[str, str | None]:
        """Best display label (English first) and its language."""
        for graph in (self.data, self.onto):
            for p in LABEL_PREDICATES:
                lits = [o for o in graph.values(iri, p) if isinstance(o, ox.Literal)]
                if lits:
                    lits.sort(key=lambda lit: (lit.language not in ("en", None), lit.language or "", lit.value))
                    return lits[0].value, lits[0].language
        name = local_name(iri)
        if iri.startswith(ONTOLOGY_NS):
            # Concepts are `hkg:{scheme}-{code}` (docs/model.md): the code reads best.
            return camel_words(name.split("-", 1)[-1]), None
        described = self._described_label(iri)
        return (described, None) if described else (name, None)

    def _described_label(self, iri: str) -> str | None:
        """A label built from the node's facts, for n-ary nodes the mapper leaves unlabelled:
        `Kuomintang: 3,000 killed` for an observation, `Liu Bocheng: commander` for a role."""
        types = set(self.data.types(iri))
        side = self.data.first(iri, HKG + "side")
        if types & {HKG + "Observation", HKG + "StrengthObservation", HKG + "CasualtyObservation"}:
            text = self.observation_text(iri, fallback=False)
            if text and isinstance(side, ox.NamedNode):
                return f"{self.label(side.value)[0]}: {text}"
            return text
        if HKG + "CommandRole" in types:
            person = self.data.first(iri, HKG + "person")
            role = self.data.first(iri, HKG + "roleTitle") or self.data.first(iri, HKG + "role")
            if isinstance(person, ox.NamedNode):
                who = self.label(person.value)[0]
                what = role.value if isinstance(role, ox.Literal) else self.label(role.value)[0] if role is not None else ""
                return f"{who}: {what}" if what else who
        return None

    def value(self, term: Term, root: str) -> Value:
        if isinstance(term, ox.Literal):
            return Value(_literal_text(term), lang=term.language)
        if isinstance(term, ox.BlankNode):
            return Value("(anonymous node)")
        iri = term.value
        href = self.entity_href(iri, root)
        if href:
            text, lang = self.label(iri)
            return Value(text, href, lang, iri)
        if iri.startswith(self.map.id_prefix) or iri.startswith(ONTOLOGY_NS):
            text, lang = self.label(iri)
            return Value(text, None, lang, iri)
        return Value(_curie(iri), iri, None, iri, external=True)

    def redirect_key(self, key: str) -> str | None:
        """The page that explains an IRI without its own page (a statement, evidence, selector)."""
        seen: set[str] = set()
        iri = self.map.entity_iri(key)
        while iri not in seen:
            seen.add(iri)
            k = self.map.entity_key(iri)
            if k in self.entities:
                return k
            nxt = self.data.first(iri, RDF + "subject") or self.data.first(iri, OA + "hasSource")
            if nxt is None:
                holders = self.data.subjects(OA + "hasSelector", iri)
                nxt = ox.NamedNode(holders[0]) if holders else None
            if not isinstance(nxt, ox.NamedNode):
                return None
            iri = nxt.value
        return None

    # ---------------------------------------------------------- provenance

    def sources_of(self, evidence: list[Term], root: str) -> list[Source]:
        out = []
        for ev in evidence:
            if not isinstance(ev, ox.NamedNode):
                continue
            quote, start, end = "", None, None
            for sel in self.data.values(ev.value, OA + "hasSelector"):
                k = sel.value
                exact = self.data.first(k, OA + "exact")
                if exact is not None:
                    quote = exact.value
                for p, target in ((OA + "start", "start"), (OA + "end", "end")):
                    lit = self.data.first(k, p)
                    if lit is not None and lit.value.isdigit():
                        if target == "start":
                            start = int(lit.value)
                        else:
                            end = int(lit.value)
            article = self.data.first(ev.value, OA + "hasSource")
            if not quote or article is None:
                continue
            url = self.data.first(article.value, DCT + "source")
            out.append(Source(quote, self.value(article, root), url.value if url is not None else None, start, end))
        out.sort(key=lambda s: (s.article.text, s.start or 0, s.quote))
        return out

    def assertion_sources(self, s: str, p: str, o: Term, root: str) -> list[Source]:
        """Evidence of the fact `s p o` through its hkg:Assertion reification."""
        evidence: list[Term] = []
        for a in self.data.subjects(RDF + "subject", s):
            if self.data.first(a, RDF + "predicate") == ox.NamedNode(p) and o in self.data.values(a, RDF + "object"):
                evidence += self.data.values(a, PROV + "wasDerivedFrom")
        return self.sources_of(evidence, root)

    # -------------------------------------------------------------- twins

    def describe(self, iri: str) -> list[ox.Triple]:
        """An entity's twin: its triples, links to it, and the provenance of its facts."""
        node = ox.NamedNode(iri)
        found: set[ox.Triple] = set()
        for p, o in self.data.out.get(iri, ()):
            found.add(ox.Triple(node, ox.NamedNode(p), o))
        for s, p in self.data.inc.get(iri, ()):
            if p not in HIDDEN_INCOMING:
                found.add(ox.Triple(ox.NamedNode(s), ox.NamedNode(p), node))
        evidence = [o for o in self.data.values(iri, PROV + "wasDerivedFrom") if isinstance(o, ox.NamedNode)]
        for a in self.data.subjects(RDF + "subject", iri):
            found.update(self._closure(a, ()))
            evidence += [o for o in self.data.values(a, PROV + "wasDerivedFrom") if isinstance(o, ox.NamedNode)]
        for ev in evidence:
            found.update(self._closure(ev.value, (OA + "hasSelector",)))
        return sorted(found, key=str)

    def _closure(self, iri: str, follow: tuple[str, ...]) -> set[ox.Triple]:
        node = ox.NamedNode(iri)
        out = set()
        for p, o in self.data.out.get(iri, ()):
            out.add(ox.Triple(node, ox.NamedNode(p), o))
            if p in follow and isinstance(o, ox.NamedNode):
                out |= self._closure(o.value, ())
        return out

    def term_triples(self, iri: str) -> list[ox.Triple]:
        node = ox.NamedNode(iri)
        return sorted((ox.Triple(node, ox.NamedNode(p), o) for p, o in self.onto.out.get(iri, ())), key=str)

    @staticmethod
    def serialize(triples: list[ox.Triple], ext: str) -> bytes:
        return ox.serialize(triples, format=RDF_FORMATS[ext], prefixes=PREFIXES if ext in ("ttl", "rdf") else None)

    # ------------------------------------------------------------- views

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
        for p, o in graph.out.get(iri, ()):
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
        for s, p in self.data.inc.get(iri, ()):
            if p in HIDDEN_INCOMING or self.map.entity_key(s) not in self.entities:
                continue
            fact = groups.setdefault(p, Fact(self.value(ox.NamedNode(p), root)))
            fact.values.append((self.value(ox.NamedNode(s), root), []))
        for fact in groups.values():
            fact.values.sort(key=lambda v: (v[0].text, v[0].iri or ""))
        return sorted(groups.values(), key=lambda f: f.prop.text)

    def observation_text(self, iri: str, fallback: bool = True) -> str | None:
        """`~45,000 (1st echelon)`, `5,700–8,000 killed`: an observation as a reader says it."""
        def num(p: str) -> int | None:
            lit = self.data.first(iri, HKG + p)
            return int(lit.value) if lit is not None and re.fullmatch(r"-?\d+", lit.value) else None

        def flag(p: str) -> bool:
            lit = self.data.first(iri, HKG + p)
            return lit is not None and lit.value in ("true", "1")

        count, low, high = num("count"), num("countLow"), num("countHigh")
        if count is not None:
            text = f"{count:,}"
        elif low is not None and high is not None:
            text = f"{low:,}–{high:,}"
        elif low is not None or high is not None:
            text = f"{(low if low is not None else high):,}"
        else:
            return self.label(iri)[0] if fallback else None
        if flag("approximate"):
            text = "~" + text
        if flag("atLeast"):
            text += "+"
        cat = self.data.first(iri, HKG + "casualtyCategory")
        if cat is not None:
            text += " " + self.label(cat.value)[0]
        extra = [self.data.first(iri, HKG + p) for p in ("qualifier", "note")]
        extra_text = "; ".join(x.value for x in extra if x is not None)
        return f"{text} ({extra_text})" if extra_text else text

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
        observations = []
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

        events = []
        for e in self.data.subjects(HKG + "duringConflict", iri):
            date = self.data.first(e, HKG + "date")
            desc = self.data.first(e, HKG + "description")
            events.append({
                "when": date.value if date is not None else "",
                "date": _literal_text(date) if date is not None else "undated",
                "event": self.value(ox.NamedNode(e), root),
                "description": desc.value if desc is not None else "",
                "kind": self.value(self.data.first(e, HKG + "eventType"), root) if self.data.first(e, HKG + "eventType") is not None else None,
            })
        events.sort(key=lambda ev: (timeline.date_position(ev["when"]) is None, timeline.date_position(ev["when"]) or 0, ev["event"].iri))
        points = [timeline.Point(ev["when"], ev["event"].text, ev["event"].href) for ev in events if ev["when"]]
        figure = timeline.svg(points, f"Timeline of the {self.label(iri)[0]}")
        return {"sides": [self._side_view(s, root) for s in sorted(sides, key=side_index)], "events": events, "svg": Markup(figure)}

    def _twins(self, path_of, key: str, root: str) -> list[tuple[str, str]]:
        exts = iris.STATIC_EXTS[1:] + (("nt", "rdf") if self.dynamic else ())
        names = {"ttl": "Turtle", "jsonld": "JSON-LD", "nt": "N-Triples", "rdf": "RDF/XML"}
        return [(names[e], root + path_of(key, e)) for e in exts]

    def _page(self, template: str, path: str, **ctx) -> bytes:
        root = iris.relative_root(path)
        html = self.env.get_template(template).render(
            root=root,
            style=root + STYLE_PATH,
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
        wikidata = _wikidata(self.data, iri)
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
            twins=self._twins(iris.entity_path, key, root),
            jsonld=_script_json(self.serialize(self.describe(iri), "jsonld")),
        )

    def _is_conflict(self, cls: str) -> bool:
        """A conflict class: hkg:Conflict or a subclass of it (per the ontology, or by name)."""
        conflict = HKG + "Conflict"
        seen = set()
        todo = [cls]
        while todo:
            c = todo.pop()
            if c == conflict:
                return True
            if c in seen:
                continue
            seen.add(c)
            todo += [o.value for o in self.onto.values(c, RDFS + "subClassOf") if isinstance(o, ox.NamedNode)]
        return cls in {HKG + n for n in ("War", "Campaign", "Battle", "Siege", "Operation")}

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
            wikidata=_wikidata(self.onto, iri),
            facts=self._facts(iri, self.onto, root, with_sources=False),
            incoming=self._term_incoming(iri, root),
            instances=instances,
            used=used,
            twins=self._twins(iris.term_path, key, root),
            jsonld=_script_json(self.serialize(self.term_triples(iri), "jsonld")),
        )

    def _predicate_counts(self) -> Counter:
        if self._used is None:
            self._used = Counter(t.predicate.value for t in self.data.triples)
        return self._used

    def _term_incoming(self, iri: str, root: str) -> list[Fact]:
        groups: dict[str, Fact] = {}
        for s, p in self.onto.inc.get(iri, ()):
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
            "http://www.w3.org/2002/07/owl#Class": "Classes",
            "http://www.w3.org/2002/07/owl#ObjectProperty": "Object properties",
            "http://www.w3.org/2002/07/owl#DatatypeProperty": "Datatype properties",
            "http://www.w3.org/2002/07/owl#AnnotationProperty": "Annotation properties",
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
            title=self.label(ONTOLOGY_IRI)[0] if self.onto.out.get(ONTOLOGY_IRI) else "Ontology",
            iri=ONTOLOGY_IRI,
            facts=self._facts(ONTOLOGY_IRI, self.onto, root, with_sources=False),
            groups=[(k, groups[k]) for k in order if k in groups],
            twins=[("Turtle", root + iris.ontology_path("ttl")), ("JSON-LD", root + iris.ontology_path("jsonld"))],
        )

    def index_html(self, path: str) -> bytes:
        root = iris.relative_root(path)
        by_class: dict[str, list[Value]] = {}
        for key, iri in self.entities.items():
            types = self.data.types(iri) or ["(untyped)"]
            by_class.setdefault(types[0], []).append(self.value(ox.NamedNode(iri), root))
        classes = []
        for cls, members in by_class.items():
            head = self.value(ox.NamedNode(cls), root) if cls.startswith("http") else Value(cls)
            classes.append({"cls": head, "members": sorted(members, key=lambda v: (v.text, v.iri))})
        conflicts = [c for c in classes if c["cls"].iri and self._is_conflict(c["cls"].iri)]
        others = [c for c in classes if c not in conflicts]
        key_fn = lambda c: (c["cls"].text, c["cls"].iri or "")  # noqa: E731
        return self._page(
            "index.html",
            path,
            title=f"{self.pub.name}: a military-history knowledge graph",
            conflicts=sorted(conflicts, key=key_fn),
            classes=sorted(others, key=key_fn),
            downloads=sorted(self.pub.downloads),
            sources=self.pub.sources,
            triples=len(self.data.triples),
        )

    def not_found_html(self, path: str) -> bytes:
        return self._page("404.html", path, title="Not found")

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
        paths = ["index.html", "404.html", STYLE_PATH, ".well-known/void", "void.ttl", "sitemap.xml", ".nojekyll"]
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
        """The document at site path `path` (no leading slash), or None. Cached."""
        with self._lock:
            if path in self._cache:
                return self._cache[path]
        doc = self._render(path)
        with self._lock:
            self._cache[path] = doc
        return doc

    def _render(self, path: str) -> Doc | None:
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
            return self.not_found_html(path), iris.MEDIA_TYPES["html"]
        if path == STYLE_PATH:
            return STYLE_FILE.read_bytes(), "text/css; charset=utf-8"
        if path in (".well-known/void", "void.ttl"):
            return void.describe(self), iris.MEDIA_TYPES["ttl"]
        if path == "sitemap.xml":
            return self.sitemap(), "application/xml"
        if path == ".nojekyll":
            return b"", "text/plain"
        if path.startswith("download/") and path[9:] in self.pub.downloads:
            name = path[9:]
            return self.pub.downloads[name], _download_type(name)
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


def _wikidata(graph, iri: str) -> list[str]:
    """Wikidata entities the node is the same as (`owl:sameAs`, `skos:exactMatch`)."""
    return sorted({o.value for p in SAME_AS_PREDICATES for o in graph.values(iri, p) if isinstance(o, ox.NamedNode) and is_wikidata(o.value)})


def _download_type(name: str) -> str:
    ext = name.rpartition(".")[2]
    return iris.MEDIA_TYPES.get(ext, "application/octet-stream")


def _doc(body: bytes, media_type: str) -> Doc:
    return Doc(body, media_type, '"' + hashlib.sha1(body).hexdigest()[:20] + '"')


def load_queries(directory: Path) -> list[dict]:
    """The query library (`queries/*.rq`): name, the question from its header comment, text."""
    out = []
    for path in sorted(directory.glob("*.rq")) if directory.is_dir() else []:
        text = path.read_text(encoding="utf-8")
        header = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            header.append(line.lstrip("#").strip())
        question = " ".join(h for h in header if h) or path.stem
        out.append({"name": path.stem, "question": question, "text": text})
    return out

