"""Plain typed fact records, each carrying the evidence spans it came from.

This is the seam between text work (`extract/`) and RDF work (`rdf/`): extractors
produce these records, the mapper turns them into triples. No RDF terms appear here,
so tests can assert on facts directly and the ontology can change in one place.

Entities are referred to by *name* (the cleaned surface form); the mapper mints IRIs
from (class, normalized name), which is what makes the same name give the same IRI in
every article. Sides are conflict-specific and referred to by their 1-based index.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Evidence:
    """Where a fact comes from: `quote == article.text[start:end]`."""

    start: int
    end: int
    quote: str
    #: how the span supports the fact when it does not state it on its own: "coreference"
    #: (the span states the fact of a referent named elsewhere, in another cited span)
    via: str | None = None


@dataclass(frozen=True)
class DateValue:
    """A calendar date with its precision, era and qualifier.

    `year` is astronomical, as in XSD 1.1 and Wikidata RDF: 1 BC is year 0, 260 BC is
    -259. `precision` is "day", "month" or "year". `qualifier` keeps nuance instead of
    false precision ("circa", "early", "mid", "late", "spring", "by", "dusk", ...).
    """

    year: int
    month: int | None = None
    day: int | None = None
    qualifier: str | None = None

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def lexical(self) -> str:
        """XSD lexical form: `1945-10-22`, `-1273-05`, `-0259`."""
        sign = "-" if self.year < 0 else ""
        text = f"{sign}{abs(self.year):04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)


@dataclass(frozen=True)
class Count:
    """A number of people (or things) with its nuance.

    Exactly one of `value` or (`low`, `high`) is set; `approximate` for `~35,000`,
    `at_least` for `23,000+`; `qualifier` is the part/arm/echelon the figure is about
    ("1st echelon", "infantry", "militia"); `note` keeps remaining text
    ("most of them captured").
    """

    value: int | None = None
    low: int | None = None
    high: int | None = None
    approximate: bool = False
    at_least: bool = False
    qualifier: str | None = None
    note: str | None = None
    counted: str | None = None  # the thing counted when it is not people: "galley", "tank", "gun"


@dataclass(frozen=True)
class Name:
    """A name with its BCP 47 language tag (`en`, `zh`, `ar`, ...)."""

    text: str
    lang: str = "en"


@dataclass
class Conflict:
    name: str
    kind: str  # war | campaign | battle | siege | operation | conflict
    evidence: list[Evidence]
    names: list[tuple[Name, Evidence]] = field(default_factory=list)  # alternative names
    part_of: list[tuple[str, Evidence]] = field(default_factory=list)
    start: tuple[DateValue, Evidence] | None = None
    end: tuple[DateValue, Evidence] | None = None
    places: list[tuple["PlaceRef", Evidence]] = field(default_factory=list)
    result: tuple[str, Evidence] | None = None


@dataclass(frozen=True)
class PlaceRef:
    """A place as named in the text, optionally with its enclosing places (`Handan, Hebei, China`)."""

    name: str
    kind: str | None = None  # city | town | village | county | province | region | river | railway | country | ...
    located_in: tuple[str, ...] = ()
    names: tuple[Name, ...] = ()


@dataclass
class Side:
    """A belligerent side of the conflict (1-based `index`)."""

    index: int
    label: str
    evidence: list[Evidence]
    members: list[tuple[str, Evidence]] = field(default_factory=list)  # belligerent polities/forces
    victor: bool | None = None
    victor_evidence: Evidence | None = None


@dataclass
class Commander:
    """A person commanding on a side of the conflict."""

    person: str
    side: int
    evidence: Evidence
    title: str | None = None  # "supreme commander", "Grand Master", ...
    status: str | None = None  # killed-in-action | prisoner-of-war | wounded-in-action | died-of-wounds
    names: tuple[Name, ...] = ()


@dataclass
class Strength:
    side: int | None  # None: a figure for the conflict as a whole (e.g. a `Casualties3` with no third side)
    count: Count
    evidence: Evidence
    unit: str | None = None  # the unit or formation the figure is about, if named
    unit_evidence: Evidence | None = None  # the header that names it (`Hansando:`), if not the figure's own text


@dataclass
class Casualty:
    side: int | None  # None: the conflict as a whole
    category: str  # killed | wounded | captured | missing | defected | total
    count: Count
    evidence: Evidence


@dataclass
class Person:
    name: str
    evidence: list[Evidence]
    names: list[Name] = field(default_factory=list)
    side: int | None = None


@dataclass
class Role:
    """A role the text gives a person: commander of a unit, chief of staff, ..."""

    person: str
    role: str  # commander | commander-in-chief | deputy-commander-in-chief | chief-of-staff | ...
    evidence: Evidence
    unit: str | None = None
    side: int | None = None
    #: when the role's sentence leaves the person unnamed (`The commander of the 40th Army, ,
    #: was ...`): the sentence that names them; `evidence` is then marked via "coreference"
    referent: Evidence | None = None


def add_support(support: dict[tuple[str, str], list[Evidence]], relation: str, obj: str, *spans: Evidence) -> None:
    """Record that `spans` state the statement (relation, obj); kept sorted, no repeats."""
    found = support.setdefault((relation, obj), [])
    for ev in spans:
        if ev not in found:
            found.append(ev)
    found.sort()


@dataclass
class Unit:
    name: str
    level: str  # army | division | brigade | column | regiment | military-region | militia | echelon | front | war-zone | ...
    evidence: list[Evidence]
    side: int | None = None
    parent: str | None = None
    deployed_at: list[str] = field(default_factory=list)
    strength: Count | None = None
    names: list[Name] = field(default_factory=list)
    #: the spans that state one statement about the unit, by (relation, object): ("parent",
    #: "1st Echelon"), ("deployedAt", "Xinxiang"), ("strength", ""); `evidence` is every mention
    support: dict[tuple[str, str], list[Evidence]] = field(default_factory=dict)


@dataclass
class Place:
    name: str
    kind: str | None
    evidence: list[Evidence]
    names: list[Name] = field(default_factory=list)
    located_in: list[str] = field(default_factory=list)
    #: the spans that state one statement about the place: ("locatedIn", "Hebei") -> spans
    support: dict[tuple[str, str], list[Evidence]] = field(default_factory=dict)


@dataclass
class Event:
    """A dated (or date-inheriting) action reported by one sentence."""

    kind: str  # advance | river-crossing | assault | breakthrough | encirclement | reinforcement | ...
    description: str
    evidence: list[Evidence]
    date: DateValue | None = None
    date_qualifier: str | None = None  # "by", "dusk", "next day", ...
    units: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    sides: list[int] = field(default_factory=list)


@dataclass
class Defection:
    person: str
    evidence: Evidence
    from_side: int | None = None
    to_side: int | None = None
    date: DateValue | None = None
    persuaded_by: str | None = None


@dataclass
class Capture:
    person: str
    evidence: Evidence
    date: DateValue | None = None
    place: str | None = None
    captured_by: str | None = None  # unit or person


@dataclass
class RelatedConflict:
    name: str
    relation: str  # preceded-by | related-to | part-of | concurrent-with
    evidence: Evidence


@dataclass
class Disagreement:
    """Two statements of the article that contradict each other; both stay in the graph."""

    kind: str  # date | count | side | event-outside-conflict
    description: str
    evidence: list[Evidence]


@dataclass
class RawValue:
    """An infobox value (or a part of one) that could not be read with confidence: kept as
    its text with its evidence, on the side it belongs to (or the conflict), never guessed."""

    key: str
    text: str
    evidence: Evidence
    side: int | None = None


@dataclass
class Issue:
    """Something the extractor could not map or parse; reported, never silently dropped."""

    kind: str  # unmapped-key | ignored-key | unparsed-value | warning | extractor-failed
    message: str
    line: int | None = None
    key: str | None = None


@dataclass
class ArticleFacts:
    """Everything extracted from one article."""

    article_slug: str
    title: str
    source_url: str | None
    conflict: Conflict
    sides: list[Side] = field(default_factory=list)
    commanders: list[Commander] = field(default_factory=list)
    strengths: list[Strength] = field(default_factory=list)
    casualties: list[Casualty] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    defections: list[Defection] = field(default_factory=list)
    captures: list[Capture] = field(default_factory=list)
    related: list[RelatedConflict] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    raw_values: list[RawValue] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
