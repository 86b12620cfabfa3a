"""What the published pages know about the graph: labels, links, provenance and twins.

`Model` answers the questions every page asks (what is this IRI called, where is its page,
which sentences say this fact, which triples describe it) from the indexed `Published`
data; `pages.Site` turns the answers into documents. Nothing here renders HTML.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from handan_kg.closure import strict_ancestors
from handan_kg.namespaces import (
    DCT,
    OA,
    OTHER_PREFIXES,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
)
from handan_kg.publish import iris, timeline
from handan_kg.publish.data import (
    RDF_TYPE,
    SAME_AS_PREDICATES,
    Data,
    Published,
    Term,
    is_wikidata,
)
from handan_kg.publish.iris import ONTOLOGY_IRI, ONTOLOGY_NS, IriMap
from handan_kg.write.serialize import compacted_jsonld, prefixes

HKG = ONTOLOGY_NS

#: entity types whose nodes are provenance plumbing, shown inside other pages, not on their own.
NO_PAGE_TYPES = frozenset({"statement", "evidence"})
NAME_PREDICATES = (RDFS + "label", SKOS + "prefLabel", SKOS + "altLabel")
#: predicates shown elsewhere on a page than in its facts table.
HIDDEN_FACTS = frozenset({RDF_TYPE, PROV + "wasDerivedFrom", *NAME_PREDICATES})
#: incoming links that only connect provenance plumbing.
HIDDEN_INCOMING = frozenset({RDF + "subject", RDF + "object", OA + "hasSource", PROV + "wasDerivedFrom"})
LABEL_PREDICATES = (RDFS + "label", SKOS + "prefLabel", DCT + "title", SKOS + "notation")
#: namespaces shown as prefixed names (`owl:Class`) when a term has no page of its own
#: (twins use the dataset files' table, `serialize.prefixes`); Wikidata's http `schema:` too.
DISPLAY_PREFIXES = (*PREFIXES.items(), ("schema", "http://schema.org/"), *OTHER_PREFIXES.items())
RDF_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "nt": ox.RdfFormat.N_TRIPLES,
    "rdf": ox.RdfFormat.RDF_XML,
}


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


def literal_text(lit: ox.Literal) -> str:
    dt = lit.datatype.value if lit.datatype else ""
    if dt.endswith("#boolean"):
        return "yes" if lit.value in ("true", "1") else "no"
    if dt.endswith(("#integer", "#nonNegativeInteger", "#int")) and re.fullmatch(r"-?\d+", lit.value):
        return f"{int(lit.value):,}"
    if dt.endswith(("#date", "#gYear", "#gYearMonth")):
        return timeline.display_date(lit.value)
    return lit.value


def curie(iri: str) -> str:
    """`http://www.w3.org/2002/07/owl#Class` -> `owl:Class`; other IRIs as they are."""
    for prefix, ns in DISPLAY_PREFIXES:
        if iri.startswith(ns) and re.fullmatch(r"[A-Za-z0-9_.-]+", iri[len(ns):]):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


class Entities(Mapping[str, str]):
    """Key -> IRI of every entity with a page, asked of the data when needed.

    Looking one key up reads one subject; only listing them all (the index, the sitemap, the
    static site) reads every subject, once. So opening a dataset costs nothing per entity.
    """

    def __init__(self, data: Data, iri_map: IriMap) -> None:
        self._data = data
        self._map = iri_map
        self._keys: list[str] | None = None

    def _has_page(self, key: str | None) -> bool:
        return bool(key) and str(key).split("/", 1)[0] not in NO_PAGE_TYPES

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str) or not self._has_page(key):
            return False
        iri = self._map.entity_iri(key)
        return self._map.entity_key(iri) == key and self._data.has_subject(iri)

    def __getitem__(self, key: str) -> str:
        if key not in self:
            raise KeyError(key)
        return self._map.entity_iri(key)

    def __iter__(self) -> Iterator[str]:
        if self._keys is None:
            found = (self._map.entity_key(s) for s in self._data.subject_keys())
            self._keys = [k for k in found if k and self._has_page(k)]
        return iter(self._keys)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class Model:
    """The indexed graph seen through the site's URL scheme. Pure functions of the data."""

    def __init__(self, pub: Published) -> None:
        self.pub = pub
        self.data = pub.data
        self.onto = pub.ontology
        self.map = IriMap(pub.base)
        self.prefixes = prefixes(pub.base)
        self._used: Counter | None = None
        self._super_cache: dict[str, dict[str, frozenset[str]]] = {}  # relation -> strict ancestors
        self.entities = Entities(self.data, self.map)
        self.terms: dict[str, str] = {}
        for s in self.onto.out:
            key = IriMap.term_key(s)
            if key:
                self.terms[key] = s

    # ---------------------------------------------------------------- lookup

    def entity_href(self, iri: str, root: str) -> str | None:
        key = self.map.entity_key(iri)
        if key is not None and key in self.entities:
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
        subject, obj = self.data.first(iri, RDF + "subject"), self.data.first(iri, RDF + "object")
        if isinstance(subject, ox.NamedNode) and obj is not None:  # a reified statement or link
            pred = self.data.first(iri, RDF + "predicate")
            what = self.value(obj, "").text
            return f"{self.label(subject.value)[0]} {curie(pred.value) if pred is not None else '→'} {what}"
        if HKG + "MilitaryEvent" in types:
            kind = self.data.first(iri, HKG + "eventType")
            what = self.label(kind.value)[0] if isinstance(kind, ox.NamedNode) else "event"
            places = sorted(self.label(p.value)[0] for p in self.data.values(iri, HKG + "place") if isinstance(p, ox.NamedNode))
            return what[:1].upper() + what[1:] + (f" ({', '.join(places[:2])})" if places else "")
        if HKG + "CommandRole" in types:
            person = self.data.first(iri, HKG + "person")
            role = self.data.first(iri, HKG + "roleTitle") or self.data.first(iri, HKG + "role")
            if isinstance(person, ox.NamedNode):
                who = self.label(person.value)[0]
                what = role.value if isinstance(role, ox.Literal) else self.label(role.value)[0] if role is not None else ""
                return f"{who}: {what}" if what else who
        description = self.data.first(iri, HKG + "description")
        if isinstance(description, ox.Literal):  # a disagreement, for instance
            text = description.value
            return text if len(text) <= 80 else text[:79] + "…"
        return None

    def value(self, term: Term, root: str) -> Value:
        if isinstance(term, ox.Literal):
            return Value(literal_text(term), lang=term.language)
        if isinstance(term, ox.BlankNode):
            return Value("(anonymous node)")
        iri = term.value
        href = self.entity_href(iri, root)
        if href:
            text, lang = self.label(iri)
            return Value(text, href, lang, iri)
        if iri.startswith((self.map.id_prefix, ONTOLOGY_NS)):
            text, lang = self.label(iri)
            return Value(text, None, lang, iri)
        return Value(curie(iri), iri if iris.linkable(iri) else None, None, iri, external=True)

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
            link = url.value if url is not None and iris.linkable(url.value) else None
            out.append(Source(quote, self.value(article, root), link, start, end))
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
        for p, o in self.data.outgoing(iri):
            found.add(ox.Triple(node, ox.NamedNode(p), o))
        for s, p in self.data.incoming(iri):
            if p not in HIDDEN_INCOMING:
                found.add(ox.Triple(ox.NamedNode(s), ox.NamedNode(p), node))
        evidence = [o for o in self.data.values(iri, PROV + "wasDerivedFrom") if isinstance(o, ox.NamedNode)]
        for a in self.data.subjects(RDF + "subject", iri):
            found.update(self._closure(a, ()))
            evidence += [o for o in self.data.values(a, PROV + "wasDerivedFrom") if isinstance(o, ox.NamedNode)]
        for ev in evidence:
            found.update(self._closure(ev.value, (OA + "hasSelector",)))
        found.update(self._schema_org(iri))
        return sorted(found, key=str)

    def _schema_org(self, iri: str) -> set[ox.Triple]:
        """schema.org statements for search engines reading the embedded JSON-LD: the types
        and properties the ontology entails (rdfs:subClassOf / subPropertyOf closure), plus
        schema:name for rdfs:label and schema:sameAs for Wikidata links."""
        node = ox.NamedNode(iri)
        out = set()
        for p, o in self.data.outgoing(iri):
            if p == RDF_TYPE and isinstance(o, ox.NamedNode):
                out |= {ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(c)) for c in self._supers(o.value, RDFS + "subClassOf")}
            elif p == RDFS + "label":
                out.add(ox.Triple(node, ox.NamedNode(SCHEMA + "name"), o))
            elif p in SAME_AS_PREDICATES and isinstance(o, ox.NamedNode) and is_wikidata(o.value):
                out.add(ox.Triple(node, ox.NamedNode(SCHEMA + "sameAs"), o))
            else:
                out |= {ox.Triple(node, ox.NamedNode(q), o) for q in self._supers(p, RDFS + "subPropertyOf")}
        return out

    def _supers(self, term: str, relation: str) -> set[str]:
        """The schema.org terms above `term` in the ontology's class or property hierarchy."""
        return {t for t in self._above(relation).get(term, ()) if t.startswith(SCHEMA)}

    def _above(self, relation: str) -> dict[str, frozenset[str]]:
        """Each ontology term's strict ancestors over `relation` (subClassOf+ / subPropertyOf+,
        named nodes only), computed once per relation by `closure.strict_ancestors`."""
        if relation not in self._super_cache:
            pairs = ((s, o.value) for s, pos in self.onto.out.items() for p, o in pos if p == relation and isinstance(o, ox.NamedNode))
            self._super_cache[relation] = strict_ancestors(pairs)
        return self._super_cache[relation]

    def _closure(self, iri: str, follow: tuple[str, ...]) -> set[ox.Triple]:
        node = ox.NamedNode(iri)
        out = set()
        for p, o in self.data.outgoing(iri):
            out.add(ox.Triple(node, ox.NamedNode(p), o))
            if p in follow and isinstance(o, ox.NamedNode):
                out |= self._closure(o.value, ())
        return out

    def term_triples(self, iri: str) -> list[ox.Triple]:
        node = ox.NamedNode(iri)
        return sorted((ox.Triple(node, ox.NamedNode(p), o) for p, o in self.onto.outgoing(iri)), key=str)

    def short_iri(self, iri: str) -> str:
        """`person:liu-bocheng` for a data IRI (the dataset's prefix table), else a known
        vocabulary's prefixed name, else the IRI."""
        for prefix, ns in sorted(self.prefixes.items(), key=lambda item: -len(item[1])):
            local = iri[len(ns):]
            if iri.startswith(ns) and re.fullmatch(r"[A-Za-z0-9_.~-]+", local):
                return f"{prefix}:{local}"
        return curie(iri)

    def serialize(self, triples: list[ox.Triple], ext: str) -> bytes:
        """A twin in format `ext`. Turtle and RDF/XML use the dataset files' prefix table;
        JSON-LD is compacted with the dataset's context, like the built `.jsonld`, unless the
        triples hold blank nodes (ontology axioms), which the compactor does not handle."""
        compacted = compacted_jsonld(triples) if ext == "jsonld" else None
        if compacted is not None:
            return compacted
        data = ox.serialize(triples, format=RDF_FORMATS[ext], prefixes=self.prefixes if ext in ("ttl", "rdf") else None)
        if data is None:  # pyoxigraph returns None only when given an output to write to
            raise TypeError("pyoxigraph.serialize returned no bytes")
        return data

    # ------------------------------------------------------ readable values

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

    def _is_conflict(self, cls: str) -> bool:
        """A conflict class: hkg:Conflict or a subclass of it (per the ontology, or by name)."""
        conflict = HKG + "Conflict"
        if cls == conflict or conflict in self._above(RDFS + "subClassOf").get(cls, ()):
            return True
        return cls in {HKG + n for n in ("War", "Campaign", "Battle", "Siege", "Operation")}

    def _predicate_counts(self) -> Counter:
        if self._used is None:
            self._used = Counter(t.predicate.value for t in self.data)
        return self._used


def wikidata_links(graph, iri: str) -> list[str]:
    """Wikidata entities the node is the same as (`owl:sameAs`, `skos:exactMatch`)."""
    return sorted({o.value for p in SAME_AS_PREDICATES for o in graph.values(iri, p) if isinstance(o, ox.NamedNode) and is_wikidata(o.value)})
