"""The reader's sections of an entity page: what a historian looks for first.

A conflict page opens with an infobox-style summary (dates, place, result, the sides side by
side), then its timeline, its order of battle as a tree per side, its people and the
disagreements between its sources; a person page lists the roles and events the person had;
a disagreement page sets the statements that disagree side by side, with the event that
explains them when the graph has one; an article page shows the text the offsets count in,
each cited passage with an anchor. Every value carries the numbers of its footnotes
(`Notes`), so a sentence is quoted once per page however many facts it supports.

Pure functions of a `Model`; `pages.Site` puts their answers into templates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox
from markupsafe import Markup, escape

from handan_kg.namespaces import DCT, PROV, RDF
from handan_kg.publish import iris, timeline
from handan_kg.publish.data import RDF_TYPE
from handan_kg.publish.model import HKG, NAME_PREDICATES, Model, Note, Notes, Value, literal_text, sentence_id
from handan_kg.publish.void import CC_BY_SA

Cited = tuple[Value, list[Note]]
#: the classes of n-ary nodes (a role, an observation) that a statement may be about
NARY_TYPES = frozenset({HKG + "CommandRole", HKG + "Observation", HKG + "StrengthObservation", HKG + "CasualtyObservation"})
#: how each event predicate reads on the page of the person it names
PERSON_IN_EVENT = {
    HKG + "defector": "defected",
    HKG + "persuadedBy": "persuaded the defector",
    HKG + "capturedPerson": "was captured",
    HKG + "involvedPerson": "took part",
}
EVENT_UNITS = (HKG + "involvedUnit", HKG + "capturedBy")
#: licences of article texts by the name an attribution gives them
LICENCE_NAMES = {CC_BY_SA: "CC BY-SA 4.0"}
WIKIPEDIA = re.compile(r"https?://[a-z0-9-]+(\.m)?\.wikipedia\.org/", re.IGNORECASE)


def natural_key(text: str) -> list:
    """`2nd Echelon` before `16th Army` before `106th Division`: numbers compare as numbers."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text)]


@dataclass
class EventRow:
    """An event as a timeline or a person's page lists it."""

    when: str  # the date literal as written, "" if undated
    date: str  # the date for readers
    event: Value
    description: str = ""
    verb: str = ""  # what the person did in it (person pages)
    notes: list[Note] = field(default_factory=list)

    def position(self) -> tuple[bool, float, str]:
        at = timeline.date_position(self.when)
        return at is None, at or 0.0, self.event.iri or ""


@dataclass
class UnitNode:
    """One unit of an order of battle, with what the graph says about it and its subunits."""

    unit: Cited
    level: Value | None
    deployed: list[Cited]
    commanders: list[Cited]
    strength: list[Cited]
    children: list[UnitNode] = field(default_factory=list)


@dataclass
class SideColumn:
    """One side of a conflict as the summary and the order of battle show it."""

    side: Value
    victor: bool
    members: list[Cited]
    commanders: list[Cited]
    strength: list[Cited]
    casualties: list[Cited]


class Views:
    """Builds the sections; `notes` numbers the sentences of the page being built."""

    def __init__(self, model: Model, root: str, notes: Notes) -> None:
        self.m = model
        self.data = model.data
        self.root = root
        self.notes = notes

    # ------------------------------------------------------------ helpers

    def value(self, term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Value:
        return self.m.value(term, self.root)

    def node(self, iri: str) -> Value:
        return self.m.value(ox.NamedNode(iri), self.root)

    def fact(self, s: str, p: str, o: ox.NamedNode | ox.BlankNode | ox.Literal, what: str) -> Cited:
        """A value with the footnotes of the sentences that say `s p o`."""
        return self.value(o), self.notes.cite(self.m.assertion_sources(s, p, o, self.root), what)

    def facts(self, s: str, p: str, what: str) -> list[Cited]:
        found = [self.fact(s, p, o, what) for o in self.data.values(s, p)]
        return sorted(found, key=lambda c: (natural_key(c[0].text), c[0].iri or ""))

    def read_from(self, iri: str, what: str) -> list[Note]:
        """The footnotes of the sentences an n-ary node (an event, a role) was read from."""
        return self.notes.cite(self.m.sources_of(self.data.values(iri, PROV + "wasDerivedFrom"), self.root), what)

    def named(self, iri: str, p: str) -> list[str]:
        return sorted(o.value for o in self.data.values(iri, p) if isinstance(o, ox.NamedNode))

    def of_type(self, iris: list[str], cls: str) -> list[str]:
        return [i for i in iris if cls in self.data.types(i)]

    # ------------------------------------------------------------ conflict

    def sides(self, conflict: str) -> list[str]:
        found = self.named(conflict, HKG + "hasSide")
        found += [s for s in self.data.subjects(HKG + "sideOf", conflict) if s not in found]

        def index(s: str) -> tuple[int, str]:
            lit = self.data.first(s, HKG + "sideIndex")
            return (int(lit.value) if lit is not None and lit.value.isdigit() else 99, s)

        return sorted(found, key=index)

    def summary(self, conflict: str, sides: list[str]) -> list[tuple[str, list[Cited]]]:
        """The infobox rows above the side-by-side columns: dates, place, result, victor."""
        rows: list[tuple[str, list[Cited]]] = []
        start = self.facts(conflict, HKG + "startDate", "start date")
        end = self.facts(conflict, HKG + "endDate", "end date")
        if start or end:
            dates: list[Cited] = []
            if start and end and len(start) == len(end) == 1:
                text = f"{start[0][0].text} – {end[0][0].text}" if start[0][0].text != end[0][0].text else start[0][0].text
                dates.append((Value(text), start[0][1] + [n for n in end[0][1] if n not in start[0][1]]))
            else:
                dates = [(Value(f"from {v.text}"), n) for v, n in start] + [(Value(f"until {v.text}"), n) for v, n in end]
            rows.append(("Date", dates))
        for label, p in (("Place", "place"), ("Result", "result"), ("Part of", "partOf")):
            found = self.facts(conflict, HKG + p, label.lower())
            if found:
                rows.append((label, self._innermost_first(found) if p == "place" else found))
        victors = []
        for side in sides:
            flag = self.data.first(side, HKG + "isVictor")
            if flag is not None and flag.value in ("true", "1"):
                victors.append((self.node(side), self.notes.cite(self.m.assertion_sources(side, HKG + "isVictor", flag, self.root), "victor")))
        if victors:
            rows.append(("Victor", victors))
        articles = self.facts(conflict, HKG + "sourceArticle", "source article")
        if articles:
            rows.append(("Article", articles))
        return rows

    def _innermost_first(self, places: list[Cited]) -> list[Cited]:
        """`Handan, Hebei, China`: places as a chain reads, each before what contains it."""
        def depth(iri: str | None) -> int:
            seen: list[str] = []
            while iri is not None and iri not in seen and len(seen) < 8:
                seen.append(iri)
                parent = self.data.first(iri, HKG + "locatedIn")
                iri = parent.value if isinstance(parent, ox.NamedNode) else None
            return len(seen)

        return sorted(places, key=lambda c: -depth(c[0].iri))  # stable: siblings keep their order

    def side_column(self, side: str) -> SideColumn:
        victor = self.data.first(side, HKG + "isVictor")
        observations = {}
        for p, what in (("strength", "strength"), ("casualties", "casualties and losses")):
            found = [self.observation(o, what) for o in self.named(side, HKG + p)]
            observations[p] = sorted(found, key=lambda c: c[0].iri or "")
        return SideColumn(
            side=self.node(side),
            victor=victor is not None and victor.value in ("true", "1"),
            members=self.facts(side, HKG + "member", "belligerents"),
            commanders=self.facts(side, HKG + "commander", "commanders"),
            strength=observations["strength"],
            casualties=observations["casualties"],
        )

    def observation(self, iri: str, what: str) -> Cited:
        text = self.m.observation_text(iri) or self.m.label(iri)[0]
        href = self.node(iri).href
        return Value(text, href, None, iri), self.read_from(iri, what)

    def conflict_units(self, conflict: str, sides: list[str]) -> tuple[dict[str, list[str]], list[str]]:
        """The units of each side, and the units the conflict's sources name without a side
        (in its events, roles, observations, or read from its article)."""
        by_side: dict[str, list[str]] = {s: [] for s in sides}
        for s in sides:
            by_side[s] = self.of_type(self.data.subjects(HKG + "side", s), HKG + "MilitaryUnit")
        placed = {u for us in by_side.values() for u in us}
        named: set[str] = set()
        for node in self.data.subjects(HKG + "duringConflict", conflict) + self.data.subjects(HKG + "conflict", conflict):
            for p in (*EVENT_UNITS, HKG + "unit", HKG + "aboutUnit"):
                named.update(self.named(node, p))
        for article in self.named(conflict, HKG + "sourceArticle"):
            named.update(self.m.article_entities(article))
        unplaced = sorted(u for u in self.of_type(sorted(named), HKG + "MilitaryUnit") if u not in placed and not self._sided_elsewhere(u, sides))
        return by_side, unplaced

    def _sided_elsewhere(self, unit: str, sides: list[str]) -> bool:
        """A unit given a side in another conflict (of the corpus) only: not unknown here, but
        not this conflict's to place either."""
        return bool(self.named(unit, HKG + "side")) and not set(self.named(unit, HKG + "side")) & set(sides)

    def unit_tree(self, units: list[str]) -> list[UnitNode]:
        """Formation > unit by `hkg:parentUnit`, within the given units; roots are the units
        whose parent is not among them. Siblings in natural order."""
        members = set(units)
        children: dict[str, list[str]] = {}
        roots = []
        for u in units:
            parents = [p for p in self.named(u, HKG + "parentUnit") if p in members and p != u]
            if parents:
                children.setdefault(parents[0], []).append(u)
            else:
                roots.append(u)

        def build(u: str, seen: frozenset[str]) -> UnitNode:
            level = self.data.first(u, HKG + "level")
            node = UnitNode(
                unit=(self.node(u), self._placement(u, members)),
                level=self.value(level) if isinstance(level, ox.NamedNode) else None,
                deployed=self.facts(u, HKG + "deployedAt", "deployment"),
                commanders=self.unit_commanders(u),
                strength=[self.observation(o, "strength") for o in self.data.subjects(HKG + "aboutUnit", u)],
            )
            node.children = [build(c, seen | {c}) for c in self._sorted(children.get(u, [])) if c not in seen]
            return node

        return [build(u, frozenset({u})) for u in self._sorted(roots)]

    def _placement(self, unit: str, members: set[str]) -> list[Note]:
        """The sentences that put a unit where the tree shows it: under its parent, or on its side."""
        for p in self.named(unit, HKG + "parentUnit"):
            if p in members:
                return self.notes.cite(self.m.assertion_sources(unit, HKG + "parentUnit", ox.NamedNode(p), self.root), "order of battle")
        found: list[Note] = []
        for side in self.named(unit, HKG + "side"):
            found += self.notes.cite(self.m.assertion_sources(unit, HKG + "side", ox.NamedNode(side), self.root), "order of battle")
        return found

    def _sorted(self, units: list[str]) -> list[str]:
        return sorted(units, key=lambda u: (natural_key(self.m.label(u)[0]), u))

    def unit_commanders(self, unit: str) -> list[Cited]:
        out = []
        for role in self.of_type(self.data.subjects(HKG + "unit", unit), HKG + "CommandRole"):
            for person in self.named(role, HKG + "person"):
                title = self.role_title(role)
                v = self.node(person)
                out.append((Value(f"{v.text} ({title})" if title else v.text, v.href, v.lang, v.iri), self.read_from(role, "commanders")))
        return sorted(out, key=lambda c: (c[0].text, c[0].iri or ""))

    def role_title(self, role: str) -> str:
        title = self.data.first(role, HKG + "roleTitle") or self.data.first(role, HKG + "role")
        if title is None:
            return ""
        return title.value if isinstance(title, ox.Literal) else self.m.label(title.value)[0]

    def event_row(self, event: str, verb: str = "") -> EventRow:
        date = self.data.first(event, HKG + "date")
        desc = self.data.first(event, HKG + "description")
        return EventRow(
            when=date.value if isinstance(date, ox.Literal) else "",
            date=literal_text(date) if isinstance(date, ox.Literal) else "undated",
            event=self.node(event),
            description=desc.value if desc is not None else "",
            verb=verb,
        )

    def events(self, conflict: str) -> list[EventRow]:
        rows = sorted((self.event_row(e) for e in self.data.subjects(HKG + "duringConflict", conflict)), key=EventRow.position)
        for row in rows:  # cited in the order the timeline shows them
            row.notes = self.read_from(row.event.iri or "", "timeline")
        return rows

    def people(self, conflict: str) -> list[dict]:
        """Everyone the conflict's roles and events name, each once, with what they did."""
        found: dict[str, dict] = {}

        def entry(person: str) -> dict:
            if person not in found:
                found[person] = {"person": self.node(person), "roles": [], "events": []}
            return found[person]

        for role in self.of_type(self.data.subjects(HKG + "conflict", conflict), HKG + "CommandRole"):
            for person in self.named(role, HKG + "person"):
                entry(person)["roles"].append(self.role_phrase(role))
        for event in self.data.subjects(HKG + "duringConflict", conflict):
            for p, verb in PERSON_IN_EVENT.items():
                for person in self.named(event, p):
                    entry(person)["events"].append((verb, self.node(event)))
        out = []
        for info in found.values():
            info["roles"] = sorted({(r[0].text, r[0].iri): r for r in info["roles"]}.values(), key=lambda r: (r[0].text, r[0].iri or ""))
            info["events"] = _unique_events(info["events"])
            out.append(info)
        return sorted(out, key=lambda i: (i["person"].text, i["person"].iri or ""))

    def role_phrase(self, role: str) -> tuple[Value, list[Note]]:
        """`commander of the New 8th Army` / `commander, Kuomintang`, linked to the role."""
        title = self.role_title(role) or "role"
        units = [self.m.label(u)[0] for u in self.named(role, HKG + "unit")]
        sides = [self.m.label(s)[0] for s in self.named(role, HKG + "side")]
        text = title + (f" of {', '.join(units)}" if units else "") + (f" ({', '.join(sides)})" if sides else "")
        v = self.node(role)
        return Value(text, v.href, None, v.iri), self.read_from(role, "people")

    # ------------------------------------------------------ disagreements

    def disagreements(self, conflict: str) -> list[dict]:
        nodes = self.of_type(self.data.subjects(HKG + "conflict", conflict), HKG + "Disagreement")
        return [self.disagreement(d) for d in nodes]

    def disagreement(self, iri: str) -> dict:
        """A disagreement as the statements that disagree, in words and side by side, and the
        explanation the graph holds for it (a defection event for a person on both sides)."""
        desc = self.data.first(iri, HKG + "description")
        statements = [s for s in self.named(iri, HKG + "disagreesWith") if self.data.first(s, RDF + "predicate") is not None]
        shown = [s for s in statements if self._predicate(s) not in (RDF_TYPE, *NAME_PREDICATES)]
        about_entities = [s for s in shown if not set(self.data.types(self._subject(s))) & NARY_TYPES]
        columns: list[tuple[str, list[Note]]] = []
        for s in sorted(about_entities or shown, key=lambda s: (self._sentence(s), s)):
            cites = self.notes.cite(self.m.sources_of(self.data.values(s, PROV + "wasDerivedFrom"), self.root), "disagreement")
            text = self._sentence(s)
            if not any(text == c[0] for c in columns):
                columns.append((text, cites))
        return {
            "node": self.node(iri),
            "description": desc.value if desc is not None else self.m.label(iri)[0],
            "statements": columns,
            "explanations": self.explanations(statements),
        }

    def _predicate(self, statement: str) -> str:
        p = self.data.first(statement, RDF + "predicate")
        return p.value if p is not None else ""

    def _subject(self, statement: str) -> str:
        s = self.data.first(statement, RDF + "subject")
        return s.value if isinstance(s, ox.NamedNode) else ""

    def _sentence(self, statement: str) -> str:
        subject, obj = self.data.first(statement, RDF + "subject"), self.data.first(statement, RDF + "object")
        pred = self.data.first(statement, RDF + "predicate")
        words = self.value(pred).text if pred is not None else "is"
        who = self.value(subject).text if subject is not None else "?"
        what = self.value(obj).text if obj is not None else "?"
        return f"{who}, {words}: {what}"

    def explanations(self, statements: list[str]) -> list[dict]:
        """Defection events of the people the statements name: why a person is on both sides."""
        people = set()
        for s in statements:
            for p in (RDF + "subject", RDF + "object"):
                node = self.data.first(s, p)
                if isinstance(node, ox.NamedNode) and HKG + "Person" in self.data.types(node.value):
                    people.add(node.value)
        out = []
        for person in sorted(people):
            for event in self.data.subjects(HKG + "defector", person):
                date = self.data.first(event, HKG + "date")
                sides = [", ".join(self.m.label(x)[0] for x in self.named(event, HKG + p)) for p in ("fromSide", "toSide")]
                text = f"{self.m.label(person)[0]} defected"
                text += f" from the {sides[0]}" if sides[0] else ""
                text += f" to the {sides[1]}" if sides[1] else ""
                text += f" ({literal_text(date)})" if isinstance(date, ox.Literal) else ""
                out.append({"text": text, "event": self.node(event), "notes": self.read_from(event, "explanation")})
        return out

    # ------------------------------------------------------------- person

    def person(self, iri: str) -> dict:
        roles = [(*self.role_phrase(r), self._role_conflict(r)) for r in self.of_type(self.data.subjects(HKG + "person", iri), HKG + "CommandRole")]
        events: dict[str, EventRow] = {}
        for p, verb in PERSON_IN_EVENT.items():  # one line per event: the first verb that applies
            for event in self.data.subjects(p, iri):
                events.setdefault(event, self.event_row(event, verb))
        rows = sorted(events.values(), key=EventRow.position)
        for row in rows:
            row.notes = self.read_from(row.event.iri or "", "events")
        return {"roles": sorted(roles, key=lambda r: (r[2].text, r[0].text, r[0].iri or "")), "events": rows}

    def _role_conflict(self, role: str) -> Value:
        conflicts = self.named(role, HKG + "conflict")
        return self.node(conflicts[0]) if conflicts else Value("")

    # --------------------------------------------------------------- link

    def link(self, iri: str) -> dict:
        """A linker's decision in one sentence: what is the same as what, how sure, and why."""
        def text(p: str) -> str:
            found = self.data.first(iri, p)
            return found.value if found is not None else ""

        subject, obj = self.data.first(iri, RDF + "subject"), self.data.first(iri, RDF + "object")
        return {
            "subject": self.value(subject) if subject is not None else Value("?"),
            "object": self.value(obj) if obj is not None else Value("?"),
            "status": text(HKG + "linkStatus"),
            "score": text(HKG + "linkScore"),
            "why": sorted(o.value for o in self.data.values(iri, HKG + "linkEvidence")),
        }

    # ------------------------------------------------------------ article

    def article(self, iri: str) -> dict:
        """The article's text with every cited passage marked and anchored (`#s-224-234`), and
        the attribution its licence asks for: where it came from, under which licence."""
        spans = sorted(self.m.article_spans(iri))
        slug, text = self.m.article_slug(iri), self.m.article_text(iri)
        out: dict[str, object] = {"count": len(spans), "source": None, "wikipedia": False, "licence": None, "download": None}
        source, licence = self.data.first(iri, DCT + "source"), self.data.first(iri, DCT + "license")
        if isinstance(source, ox.NamedNode):
            out["source"] = self.value(source)
            out["wikipedia"] = bool(WIKIPEDIA.match(source.value))
        if isinstance(licence, ox.NamedNode):
            words = LICENCE_NAMES.get(licence.value, licence.value)
            out["licence"] = Value(words, licence.value if iris.linkable(licence.value) else None, None, licence.value, external=True)
        if slug is None or text is None:
            passages = [Markup(f'<p id="{sentence_id(a, b)}" class="passage">') + escape(q) + Markup("</p>") for a, b, q in spans]
            return {**out, "complete": False, "html": Markup("\n").join(passages)}
        return {**out, "complete": True, "html": marked_text(text, [(a, b) for a, b, _ in spans]),
                "download": self.root + iris.text_path(slug)}


def _unique_events(events: list[tuple[str, Value]]) -> list[tuple[str, Value]]:
    """One line per event: the first verb that applies (defected before took part)."""
    seen: set[str | None] = set()
    out = []
    for verb, event in events:
        if event.iri not in seen:
            seen.add(event.iri)
            out.append((verb, event))
    return sorted(out, key=lambda e: e[1].iri or "")


def marked_text(text: str, spans: list[tuple[int, int]]) -> Markup:
    """`text` escaped, each span wrapped in `<span class="s" id="s-A-B">`. Spans nest; one that
    crosses an open span's end gets an empty anchor at its start instead (HTML cannot cross)."""
    opens: dict[int, list[tuple[int, int]]] = {}
    anchors: dict[int, list[tuple[int, int]]] = {}
    stack: list[tuple[int, int]] = []
    for a, b in sorted(set(spans), key=lambda s: (s[0], -s[1])):
        if not (0 <= a < b <= len(text)):
            continue
        while stack and stack[-1][1] <= a:
            stack.pop()
        if stack and b > stack[-1][1]:
            anchors.setdefault(a, []).append((a, b))
            continue
        opens.setdefault(a, []).append((a, b))
        stack.append((a, b))
    cuts = sorted({0, len(text), *opens, *anchors, *(b for group in opens.values() for _, b in group)})
    out: list[str] = []
    closing: list[int] = []
    for i, pos in enumerate(cuts):
        while closing and closing[-1] == pos:
            closing.pop()
            out.append("</span>")
        for a, b in anchors.get(pos, []):
            out.append(f'<span class="anchor" id="{sentence_id(a, b)}"></span>')
        for a, b in opens.get(pos, []):
            out.append(f'<span class="s" id="{sentence_id(a, b)}">')
            closing.append(b)
        if i + 1 < len(cuts):
            out.append(str(escape(text[pos:cuts[i + 1]])))
    return Markup("".join(out))
