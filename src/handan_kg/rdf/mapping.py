"""ArticleFacts -> rdflib Graph: the only module that knows the ontology's terms and IRIs.

Every IRI is minted here from (type, slug of a name), so the same name gives the same IRI
in every article and every run; nothing is a blank node, so serializations are byte-stable.
Every fact that came from the text is added through `_Mapper.fact`, which also reifies it
as an `hkg:Assertion` derived from one `hkg:Evidence` node per source span (a fact seen
twice keeps both spans). n-ary nodes (observations, events, roles) carry
`prov:wasDerivedFrom` directly as well. See docs/model.md for the contract.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import lru_cache
from typing import overload

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.plugins.stores.memory import SimpleMemory
from rdflib.term import Node

from handan_kg import namespaces
from handan_kg.facts import ArticleFacts, Count, DateValue, Evidence, Name, PlaceRef
from handan_kg.parse.article import Article, slugify
from handan_kg.write.serialize import bind_prefixes


class _Vocabulary(Namespace):
    """A namespace of a fixed vocabulary whose terms are made once. `HKG.Evidence` is read
    thousands of times per article, and rdflib's `Namespace` builds and validates a new
    URIRef on every read (a tenth of the mapping time). Not for data IRIs: unbounded."""

    @lru_cache(maxsize=None)  # the two instances below live as long as the process
    def term(self, name: str) -> URIRef:
        return super().term(name)


HKG = _Vocabulary(namespaces.HKG)
OA = _Vocabulary(namespaces.OA)
DEFAULT_BASE = "https://w3id.org/handan-kg/"
ARTICLE_LICENSE = URIRef("https://creativecommons.org/licenses/by-sa/4.0/")

# Vocabulary tables: the extractor's plain codes -> ontology terms (data, not branches).
CONFLICT_CLASSES = {
    "war": HKG.War, "campaign": HKG.Campaign, "battle": HKG.Battle,
    "siege": HKG.Siege, "operation": HKG.Operation, "conflict": HKG.Conflict,
}
PLACE_CLASSES = {
    "city": HKG.City, "town": HKG.Town, "village": HKG.Village, "settlement": HKG.Settlement,
    "county": HKG.County, "province": HKG.Province, "region": HKG.Region,
    "country": HKG.Country, "river": HKG.River, "railway": HKG.Railway, "prefecture": HKG.Prefecture,
    "district": HKG.District, "township": HKG.Township, "mountain": HKG.Mountain, "valley": HKG.Valley,
    "island": HKG.Island, "sea": HKG.Sea, "strait": HKG.Strait,
}
RELATED_PROPERTIES = {
    "preceded-by": HKG.precededBy, "related-to": HKG.relatedConflict,
    "part-of": HKG.partOf, "concurrent-with": HKG.concurrentWith,
}

_XSD_DATE_TYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


def date_literal(date: DateValue) -> Literal:
    """`xsd:date` / `xsd:gYearMonth` / `xsd:gYear` by precision, exact XSD 1.1 lexical form."""
    return Literal(date.lexical(), datatype=_XSD_DATE_TYPES[date.precision])


def concept(prefix: str, code: str) -> URIRef:
    """The SKOS concept for a plain code: `concept("level", "army")` -> `hkg:level-army`.

    Prefixes: event, casualty, level, role, fate. An unknown code still gets an IRI and the
    shapes report it (the concept is not in its scheme), so nothing is dropped silently."""
    return HKG[f"{prefix}-{slugify(code)}"]


def _int(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def statement_iri(base: str, s: URIRef, p: URIRef, o: Node) -> URIRef:
    """IRI of the reified statement `s p o`: `{base}id/statement/{sha1(N-Triples terms)[:16]}`.

    A pure function of the triple, so the same fact stated in two articles (or found by the
    cross-article pass) names one statement."""
    key = f"{s.n3()} {p.n3()} {o.n3()}".encode("utf-8")
    return URIRef(f"{base.rstrip('/')}/id/statement/{hashlib.sha1(key).hexdigest()[:16]}")


class _Mapper:
    """State of one article's mapping: the graph, the id namespace and per-IRI bookkeeping."""

    def __init__(self, facts: ArticleFacts, article: Article, base: str, people: Mapping[str, str] | None = None) -> None:
        self.facts = facts
        self.article = article
        self.people = people or {}  # person slug minted from a name -> the identity resolved across articles
        self.ids = Namespace(base.rstrip("/") + "/id/")
        self.base = base
        # SimpleMemory: the mapper never needs rdflib's per-context bookkeeping, which made
        # adding a triple about a third slower.
        self.graph = bind_prefixes(Graph(store=SimpleMemory()), base)
        # the page title with its disambiguator (`Battle of Lissa (1866)`): two conflicts of one
        # name are two nodes (the label is the name without it)
        self.cslug = slugify(article.title.text)
        # n-ary nodes (observations, roles, events, disagreements) belong to the article that
        # states them, so two articles about one conflict never merge each other's figures.
        self.aslug = article.slug
        self.article_iri = self.iri("article", article.slug)
        self.conflict = self.iri("conflict", self.cslug)
        self.labelled: set[URIRef] = set()
        self.evidence_nodes: set[URIRef] = set()
        self.by_evidence: dict[URIRef, set[URIRef]] = defaultdict(set)
        self.place_evidence: dict[URIRef, list[Evidence]] = defaultdict(list)
        self.place_kind: dict[URIRef, str] = {}
        self.timeline: list[tuple[URIRef, str, list[Evidence]]] = []  # (node, kind, spans) in order

    # --- IRIs -------------------------------------------------------------------------
    def iri(self, kind: str, slug: str) -> URIRef:
        return self.ids[f"{kind}/{slug}"]

    @overload
    def side(self, index: int) -> URIRef: ...
    @overload
    def side(self, index: None) -> None: ...
    @overload
    def side(self, index: int | None) -> URIRef | None: ...

    def side(self, index: int | None) -> URIRef | None:
        return None if index is None else self.iri("side", f"{self.cslug}-{index}")

    # --- triples ----------------------------------------------------------------------
    def add(self, s: URIRef, p: URIRef, o) -> None:
        self.graph.add((s, p, o))

    def evidence(self, ev: Evidence) -> URIRef:
        """The evidence node of a span (quote taken from the article: the source of truth)."""
        suffix = f"-{ev.via}" if ev.via else ""
        node = self.iri("evidence", f"{self.article.slug}-{ev.start}-{ev.end}{suffix}")
        if node not in self.evidence_nodes:
            self.evidence_nodes.add(node)
            pos, quote = URIRef(node + "-pos"), URIRef(node + "-quote")
            g = self.graph
            if ev.via:
                g.add((node, HKG.via, Literal(ev.via)))
            g.add((node, RDF.type, HKG.Evidence))
            g.add((node, RDF.type, OA.SpecificResource))
            g.add((node, OA.hasSource, self.article_iri))
            g.add((node, OA.hasSelector, pos))
            g.add((node, OA.hasSelector, quote))
            g.add((pos, RDF.type, OA.TextPositionSelector))
            g.add((pos, OA.start, Literal(ev.start, datatype=XSD.nonNegativeInteger)))
            g.add((pos, OA.end, Literal(ev.end, datatype=XSD.nonNegativeInteger)))
            g.add((quote, RDF.type, OA.TextQuoteSelector))
            g.add((quote, OA.exact, Literal(self.article.text[ev.start:ev.end])))
        return node

    def derived(self, node: URIRef, evidence: Iterable[Evidence]) -> None:
        """Direct provenance of an n-ary node."""
        for ev in evidence:
            self.add(node, PROV.wasDerivedFrom, self.evidence(ev))

    def fact(self, s: URIRef, p: URIRef, o, evidence: Iterable[Evidence]) -> None:
        """Add `s p o` and, given spans, its reification as an `hkg:Assertion` derived from each
        (without spans the triple is structure the mapper adds, e.g. a name only used in passing)."""
        self.add(s, p, o)
        evidence = list(evidence)
        if not evidence:
            return
        stmt = statement_iri(self.base, s, p, o)
        g = self.graph
        g.add((stmt, RDF.type, HKG.Assertion))
        g.add((stmt, RDF.subject, s))
        g.add((stmt, RDF.predicate, p))
        g.add((stmt, RDF.object, o))
        for ev in evidence:
            node = self.evidence(ev)
            g.add((stmt, PROV.wasDerivedFrom, node))
            self.by_evidence[node].add(stmt)

    def label(self, node: URIRef, text: str, evidence: Iterable[Evidence] = ()) -> None:
        """One `rdfs:label`@en per node (the first name seen; reified with the spans that name
        the node), mirrored as `skos:prefLabel` (derived, not reified)."""
        lit = Literal(text, lang="en")
        if node not in self.labelled:
            self.labelled.add(node)
            self.add(node, SKOS.prefLabel, lit)
        elif (node, RDFS.label, lit) not in self.graph:
            return
        self.fact(node, RDFS.label, lit, evidence)

    def names(self, node: URIRef, names: Iterable[Name], evidence: Iterable[Evidence] = ()) -> None:
        """Other names as `skos:altLabel` with their language (the label itself is not repeated)."""
        evidence = list(evidence)
        for name in names:
            # Language tags are case-insensitive (BCP 47, RDF 1.1) and stores disagree on the
            # case they keep (pyoxigraph lowercases): lowercase once here so every syntax and
            # every store, and the statement IRIs that hash the literal, agree.
            lit = Literal(name.text, lang=name.lang.lower())
            if (node, RDFS.label, lit) not in self.graph:
                self.fact(node, SKOS.altLabel, lit, evidence)

    def entity(self, kind: str, name: str, cls: URIRef, evidence: Iterable[Evidence] = ()) -> URIRef:
        """An entity node by name: typed (the type reified with its evidence) and labelled."""
        slug = slugify(name)
        node = self.iri(kind, self.people.get(slug, slug) if kind == "person" else slug)
        evidence = list(evidence)
        self.fact(node, RDF.type, cls, evidence)
        self.label(node, name, evidence)
        return node

    def person(self, name: str, evidence: Iterable[Evidence] = ()) -> URIRef:
        return self.entity("person", name, HKG.Person, evidence)

    def unit(self, name: str, evidence: Iterable[Evidence] = ()) -> URIRef:
        return self.entity("unit", name, HKG.MilitaryUnit, evidence)

    def place(self, name: str, kind: str | None = None, evidence: Iterable[Evidence] = ()) -> URIRef:
        """A place node; typed at the end (`type_places`) so that a place first mentioned without
        a kind and later as a village gets one type, `hkg:Village`, not two."""
        node = self.iri("place", slugify(name))
        self.label(node, name)
        self.place_evidence[node].extend(evidence)
        if kind in PLACE_CLASSES:
            self.place_kind.setdefault(node, kind)
        return node

    def type_places(self) -> None:
        for node, evidence in self.place_evidence.items():
            cls = PLACE_CLASSES[self.place_kind[node]] if node in self.place_kind else HKG.Place
            spans = sorted(set(evidence))
            self.fact(node, RDF.type, cls, spans)
            self.label(node, str(self.graph.value(node, SKOS.prefLabel)), spans)

    def other_conflict(self, name: str, ev: Evidence) -> URIRef:
        return self.entity("conflict", name, HKG.Conflict, [ev])

    # --- record types -----------------------------------------------------------------
    def map_article(self) -> None:
        a, f = self.article_iri, self.facts
        self.add(a, RDF.type, HKG.Article)
        self.add(a, DCTERMS.title, Literal(f.title, lang="en"))
        if f.source_url:
            self.add(a, DCTERMS.source, URIRef(f.source_url))
        self.add(a, DCTERMS.license, ARTICLE_LICENSE)

    def map_conflict(self) -> None:
        c, conflict = self.conflict, self.facts.conflict
        self.fact(c, RDF.type, CONFLICT_CLASSES.get(conflict.kind, HKG.Conflict), conflict.evidence)
        self.label(c, conflict.name, conflict.evidence)
        self.add(c, HKG.sourceArticle, self.article_iri)
        for name, ev in conflict.names:
            self.names(c, [name], [ev])
        for other, ev in conflict.part_of:
            self.fact(c, HKG.partOf, self.other_conflict(other, ev), [ev])
        for attr, prop, qual in (("start", HKG.startDate, HKG.startDateQualifier), ("end", HKG.endDate, HKG.endDateQualifier)):
            value = getattr(conflict, attr)
            if value is not None:
                date, ev = value
                self.fact(c, prop, date_literal(date), [ev])
                if date.qualifier:
                    self.fact(c, qual, Literal(date.qualifier), [ev])
        for ref, ev in conflict.places:
            self.fact(c, HKG.place, self.place_ref(ref, ev), [ev])
        if conflict.result is not None:
            text, ev = conflict.result
            self.fact(c, HKG.result, Literal(text, lang="en"), [ev])

    def place_ref(self, ref: PlaceRef, ev: Evidence) -> URIRef:
        """A place with its enclosing places as a chain (`Handan, Hebei, China`)."""
        node = self.place(ref.name, ref.kind, [ev])
        self.names(node, ref.names, [ev])
        inner = node
        for outer_name in ref.located_in:
            outer = self.place(outer_name, None, [ev])
            self.fact(inner, HKG.locatedIn, outer, [ev])
            inner = outer
        return node

    def map_sides(self) -> None:
        for side in self.facts.sides:
            s = self.side(side.index)
            self.fact(s, RDF.type, HKG.Side, side.evidence)
            self.label(s, side.label, side.evidence)
            self.add(s, HKG.sideIndex, _int(side.index))
            self.fact(self.conflict, HKG.hasSide, s, side.evidence)
            self.add(s, HKG.sideOf, self.conflict)
            for member, ev in side.members:
                self.fact(s, HKG.member, self.entity("group", member, HKG.Belligerent, [ev]), [ev])
            if side.victor is not None:
                victor_ev = [side.victor_evidence] if side.victor_evidence else side.evidence
                self.fact(s, HKG.isVictor, Literal(side.victor), victor_ev)

    def map_raw_values(self) -> None:
        """Values kept as text because they could not be read with confidence, on their side
        (or on the conflict), with the infobox line they came from."""
        for raw in self.facts.raw_values:
            holder = self.side(raw.side) if raw.side is not None and any(s.index == raw.side for s in self.facts.sides) else self.conflict
            self.fact(holder, HKG.unparsedValue, Literal(f"{raw.key}: {raw.text}"), [raw.evidence])

    def command_role(self, person: str, counter: dict[str, int]) -> URIRef:
        pslug = slugify(person)
        counter[pslug] += 1
        return self.iri("role", f"{self.aslug}-{pslug}-{counter[pslug]}")

    def map_people(self) -> None:
        counter: dict[str, int] = defaultdict(int)
        for person in self.facts.people:
            p = self.person(person.name, person.evidence)
            self.names(p, person.names, person.evidence)
            if person.side is not None:
                self.fact(p, HKG.side, self.side(person.side), person.evidence)
        for cmd in self.facts.commanders:
            p = self.person(cmd.person, [cmd.evidence])
            self.names(p, cmd.names, [cmd.evidence])
            side = self.side(cmd.side)
            self.fact(side, HKG.commander, p, [cmd.evidence])
            role = self.role_node(cmd.person, counter, "commander", side, None, cmd.evidence)
            if cmd.title:
                self.fact(role, HKG.roleTitle, Literal(cmd.title), [cmd.evidence])
            if cmd.status:
                self.fact(role, HKG.fate, concept("fate", cmd.status), [cmd.evidence])
        for r in self.facts.roles:
            self.role_node(r.person, counter, r.role, self.side(r.side), r.unit, r.evidence, r.referent)

    def role_node(self, person: str, counter: dict[str, int], role: str, side: URIRef | None,
                  unit: str | None, ev: Evidence, referent: Evidence | None = None) -> URIRef:
        """A command role; who holds it is cited from the role's sentence and, when that
        sentence leaves the person unnamed, from the sentence that names them."""
        node = self.command_role(person, counter)
        who = [ev, referent] if referent is not None else [ev]
        p = self.person(person, who)
        self.add(node, RDF.type, HKG.CommandRole)
        self.add(node, HKG.conflict, self.conflict)
        self.derived(node, [ev])
        self.fact(node, HKG.person, p, who)
        self.fact(node, HKG.role, concept("role", role), [ev])
        if side is not None:
            self.fact(node, HKG.side, side, [ev])
        if unit:
            self.fact(node, HKG.unit, self.unit(unit, [ev]), [ev])
        return node

    def observation(self, kind: str, side: int | None, n: int, count: Count, ev: Evidence,
                    of_side: bool = True) -> URIRef:
        """An observation node; `of_side=False` for a unit's own figure, which is not a figure
        of the side as a whole (strengths.rq lists the side's figures via `hkg:strength`)."""
        side_part = "all" if side is None else str(side)
        node = self.iri("observation", f"{self.aslug}-{side_part}-{kind}-{n}")
        cls = HKG.StrengthObservation if kind == "strength" else HKG.CasualtyObservation
        self.add(node, RDF.type, cls)
        self.add(node, HKG.conflict, self.conflict)
        self.derived(node, [ev])
        side_iri = self.side(side)
        if side_iri is not None:
            if of_side:
                self.fact(side_iri, HKG.strength if kind == "strength" else HKG.casualties, node, [ev])
            self.add(node, HKG.side, side_iri)
        for prop, value in ((HKG["count"], count.value), (HKG.countLow, count.low), (HKG.countHigh, count.high)):
            if value is not None:
                self.fact(node, prop, _int(value), [ev])
        if count.approximate:
            self.fact(node, HKG.approximate, Literal(True), [ev])
        if count.at_least:
            self.fact(node, HKG.atLeast, Literal(True), [ev])
        if count.qualifier:
            self.fact(node, HKG.qualifier, Literal(count.qualifier), [ev])
        if count.note:
            self.fact(node, HKG.note, Literal(count.note), [ev])
        if count.counted:
            self.fact(node, HKG.countedThing, Literal(count.counted), [ev])
        return node

    def map_observations(self) -> None:
        counter: dict[tuple[str, int | None], int] = defaultdict(int)

        def next_n(kind: str, side: int | None) -> int:
            counter[(kind, side)] += 1
            return counter[(kind, side)]

        for st in self.facts.strengths:
            node = self.observation("strength", st.side, next_n("strength", st.side), st.count, st.evidence)
            if st.unit:  # the figure's line under the header that names the unit, and the header
                ev = [replace(st.evidence, via="list-heading"), st.unit_evidence] if st.unit_evidence else [st.evidence]
                self.fact(node, HKG.aboutUnit, self.unit(st.unit, ev), ev)
        for cas in self.facts.casualties:
            node = self.observation("casualty", cas.side, next_n("casualty", cas.side), cas.count, cas.evidence)
            for category in cas.category.split("+"):  # a combined figure counts all of them together
                self.fact(node, HKG.casualtyCategory, concept("casualty", category), [cas.evidence])
        for unit in self.facts.units:
            if unit.strength is not None:
                ev = stating(unit.support, "strength", "", unit.evidence[:1])
                node = self.observation("strength", unit.side, next_n("strength", unit.side), unit.strength,
                                        ev[0], of_side=False)
                self.fact(node, HKG.aboutUnit, self.unit(unit.name), ev)

    def map_units(self) -> None:
        for unit in self.facts.units:
            u = self.unit(unit.name, unit.evidence)
            self.names(u, unit.names, unit.evidence)
            self.fact(u, HKG.level, concept("level", unit.level), unit.evidence)
            if unit.side is not None:
                self.fact(u, HKG.side, self.side(unit.side), unit.evidence)
            if unit.parent:
                ev = stating(unit.support, "parent", unit.parent, unit.evidence)
                self.fact(u, HKG.parentUnit, self.unit(unit.parent, ev), ev)
            for place in unit.deployed_at:
                ev = stating(unit.support, "deployedAt", place, unit.evidence)
                self.fact(u, HKG.deployedAt, self.place(place, None, ev), ev)

    def map_places(self) -> None:
        for place in self.facts.places:
            p = self.place(place.name, place.kind, place.evidence)
            self.names(p, place.names, place.evidence)
            for outer in place.located_in:
                ev = stating(place.support, "locatedIn", outer, place.evidence)
                self.fact(p, HKG.locatedIn, self.place(outer, None, ev), ev)

    def conflict_names(self) -> list[str]:
        conflict = self.facts.conflict
        return [conflict.name, *(n.text for n, _ in conflict.names)]

    def event_node(self, slug: str, kind: str, ev: list[Evidence], date: DateValue | None,
                   qualifier: str | None) -> URIRef:
        node = self.iri("event", slug)
        self.add(node, RDF.type, HKG.MilitaryEvent)
        self.derived(node, ev)
        # The sentence rarely names the conflict: it is read as part of it because the article is
        # about the conflict, so the sentence (marked so) and the span naming the conflict are cited.
        named = self.facts.conflict.evidence[:1]
        during = [e if any(n.casefold() in e.quote.casefold() for n in self.conflict_names()) else replace(e, via="article-subject")
                  for e in ev]
        self.fact(node, HKG.duringConflict, self.conflict, during + [n for n in named if n not in during and any(e.via for e in during)])
        self.fact(node, HKG.eventType, concept("event", kind), ev)
        if date is not None:
            self.fact(node, HKG.date, date_literal(date), ev)
        if qualifier:
            self.fact(node, HKG.dateQualifier, Literal(qualifier), ev)
        return node

    def map_events(self) -> None:
        previous: URIRef | None = None
        for n, event in enumerate(self.facts.events, start=1):
            ev = event.evidence
            node = self.event_node(f"{self.aslug}-{n:02d}", event.kind, ev, event.date,
                                   event.date_qualifier or (event.date.qualifier if event.date else None))
            self.timeline.append((node, event.kind, ev))
            self.fact(node, HKG.description, Literal(event.description, lang="en"), ev)
            for name in event.units:
                self.fact(node, HKG.involvedUnit, self.unit(name, ev), ev)
            for name in event.people:
                self.fact(node, HKG.involvedPerson, self.person(name, ev), ev)
            for name in event.places:
                self.fact(node, HKG.place, self.place(name, None, ev), ev)
            for index in event.sides:
                self.fact(node, HKG.side, self.side(index), ev)
            if previous is not None:
                self.add(previous, HKG.precedes, node)
                self.add(node, HKG.follows, previous)
            previous = node

    def action_node(self, kind: str, n: int, ev: Evidence, date: DateValue | None) -> URIRef:
        """The event a defection or capture record describes: the timeline event of that kind
        whose sentence contains the record's span (one action, one node), else a new
        `event/{conflict}-{kind}-{n}` node."""
        for node, event_kind, spans in self.timeline:
            if event_kind == kind and any(s.start <= ev.start and ev.end <= s.end for s in spans):
                self.derived(node, [ev])
                if date is not None and self.graph.value(node, HKG.date) is None:
                    self.fact(node, HKG.date, date_literal(date), [ev])
                return node
        return self.event_node(f"{self.aslug}-{kind}-{n}", kind, [ev], date, date.qualifier if date else None)

    def map_defections(self) -> None:
        for n, d in enumerate(self.facts.defections, start=1):
            ev = [d.evidence]
            node = self.action_node("defection", n, d.evidence, d.date)
            self.fact(node, HKG.defector, self.person(d.person, ev), ev)
            if d.from_side is not None:
                self.fact(node, HKG.fromSide, self.side(d.from_side), ev)
            if d.to_side is not None:
                self.fact(node, HKG.toSide, self.side(d.to_side), ev)
            if d.persuaded_by:
                self.fact(node, HKG.persuadedBy, self.person(d.persuaded_by, ev), ev)

    def map_captures(self) -> None:
        units = self.unit_slugs()
        for n, c in enumerate(self.facts.captures, start=1):
            ev = [c.evidence]
            node = self.action_node("capture", n, c.evidence, c.date)
            self.fact(node, HKG.capturedPerson, self.person(c.person, ev), ev)
            if c.place:
                self.fact(node, HKG.place, self.place(c.place, None, ev), ev)
            if c.captured_by:
                by = self.unit(c.captured_by, ev) if slugify(c.captured_by) in units else self.person(c.captured_by, ev)
                self.fact(node, HKG.capturedBy, by, ev)

    def unit_slugs(self) -> set[str]:
        """Slugs of every name the facts use as a unit (to type a capturer as unit or person)."""
        f = self.facts
        names = [u.name for u in f.units] + [u.parent for u in f.units if u.parent]
        names += [n for e in f.events for n in e.units] + [r.unit for r in f.roles if r.unit]
        names += [s.unit for s in f.strengths if s.unit]
        return {slugify(n) for n in names}

    def map_related(self) -> None:
        for rel in self.facts.related:
            prop = RELATED_PROPERTIES.get(rel.relation, HKG.relatedConflict)
            self.fact(self.conflict, prop, self.other_conflict(rel.name, rel.evidence), [rel.evidence])

    def map_disagreements(self) -> None:
        """Disagreements link to every assertion derived from the spans they name."""
        for n, dis in enumerate(self.facts.disagreements, start=1):
            node = self.iri("disagreement", f"{self.aslug}-{n}")
            self.add(node, RDF.type, HKG.Disagreement)
            self.add(node, HKG.conflict, self.conflict)
            self.add(node, HKG.disagreementKind, Literal(dis.kind))
            self.add(node, HKG.description, Literal(dis.description, lang="en"))
            self.derived(node, dis.evidence)
            for ev in dis.evidence:
                for stmt in sorted(self.by_evidence.get(self.evidence(ev), ())):
                    self.add(node, HKG.disagreesWith, stmt)


def stating(support: dict[tuple[str, str], list[Evidence]], relation: str, obj: str, mentions: list[Evidence]) -> list[Evidence]:
    """The spans to cite for one statement: those the extractor recorded as stating it, else
    the mentions that at least name its object, else (last resort) all mentions."""
    recorded = support.get((relation, obj))
    if recorded:
        return recorded
    folded = obj.casefold()
    return [ev for ev in mentions if folded in ev.quote.casefold()] or mentions


def to_graph(facts: ArticleFacts, article: Article, base: str = DEFAULT_BASE,
             people: Mapping[str, str] | None = None) -> Graph:
    """Map one article's facts to RDF under `base` (IRIs `{base}id/{type}/{slug}`); `people`
    renames the person slugs that the corpus build resolved to another identity (a homonym
    of another era: `zhang-han` -> `zhang-han-2`)."""
    m = _Mapper(facts, article, base, people)
    m.map_article()
    m.map_conflict()
    m.map_sides()
    m.map_raw_values()
    m.map_people()
    m.map_units()
    m.map_places()
    m.map_observations()
    m.map_events()
    m.map_defections()
    m.map_captures()
    m.map_related()
    m.type_places()
    m.map_disagreements()
    return m.graph
