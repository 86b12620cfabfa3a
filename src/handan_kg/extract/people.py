"""People, their roles and sides, defections and captures, from the prose.

Roles come in three shapes (role phrases: vocab/narrative/roles.json):
- apposition: `the commander of the 19th Army, Shi Zebo (史泽波), ...`, possibly with a
  second role (`..., was also the commander-in-chief of the 11th War Zone`); an empty
  apposition (`The commander of the 40th Army, , was ...`) is a *placeholder*;
- prefix: `the Communist chief of staff Li Da`, `its commander Gao Shuxun`;
- copula: `The Qin commander was Zhang Han`.
A placeholder is merged with the one person the text later names with one of its role
titles on a compatible side (`capturing the KMT commander-in-chief Ma Fawu alive`), so the
unnamed commander gets his name and the named man gets both roles, with both sentences as
evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

from handan_kg.extract import vocab
from handan_kg.extract.context import Context, Mention, evidence_of, name_stopwords, narrative_sentences
from handan_kg.extract.units import find_units
from handan_kg.extract.vocab import load
from handan_kg.facts import Capture, DateValue, Defection, Evidence, Role

# `Ducrot`, `MacMahon`, `Auguste-Alexandre`, `Mac-Mahon`, `Hans-wolfgang`
_TOKEN = r"[A-Z][^\W\d_A-Z]+(?:[A-Z][^\W\d_A-Z]+)?(?:-[A-Za-z][^\W\d_A-Z]+)*"
# name particles (`Michiel de Ruyter`, `Ibn al-Athir`): the titles vocabulary's, lower case
_PARTICLE = "(?:" + "|".join(p for p in load("titles")["particles"] if len(p) > 1 and p not in ("of", "the")) + ") "
NAME = rf"{_TOKEN}(?: (?:[A-Z]\. )?(?:{_PARTICLE})?{_TOKEN}){{0,2}}"  # `Michiel de Ruyter`, `Thomas C. Kinkaid`
_GLOSS = r"(?: \([^()]*\))?"


@dataclass
class Placeholder:
    """An unnamed person known only by the roles a sentence gives them."""

    roles: list[tuple[str, str | None]]
    side: int | None
    sentence: int
    evidence: Evidence


@dataclass
class Introduced:
    """A person named with a role title (prefix or copula shape) in a sentence."""

    name: str
    role: str
    unit: str | None
    side: int | None
    sentence: int


@dataclass
class PeopleState:
    placeholders: list[Placeholder] = field(default_factory=list)
    introduced: list[Introduced] = field(default_factory=list)


@cache
def _role_alts() -> str:
    return vocab.alternation("roles")


def role_code(text: str) -> str | None:
    for code, pattern in vocab.patterns("roles"):
        if pattern.fullmatch(text):
            return code
    return None


def _alias_alts(ctx: Context) -> str:
    return "|".join(re.escape(a) for a in sorted(ctx.sides.alias_side, key=len, reverse=True)) or r"(?!x)x"


def _plain_name(name: str) -> bool:
    """A run of capitalized words that is a name, not a unit, place or side word."""
    stop = name_stopwords()
    return not find_units(name) and not any(w in stop for w in name.split())


def _single_side(ctx: Context, name: str) -> bool:
    return len({c.side for c in ctx.facts.commanders if c.person == name}) <= 1


def _add_role(ctx: Context, person: str, code: str, unit: str | None, ev: Evidence, side: int | None,
              referent: Evidence | None = None) -> None:
    if not any(r.person == person and r.role == code and r.unit == unit for r in ctx.facts.roles):
        ctx.facts.roles.append(Role(person, code, ev, unit, side, referent))


def _without_rank(name: str) -> tuple[str, int]:
    """`Marshal Patrice de MacMahon`, `Field-Marshal Helmuth von Moltke`: the rank is not the name."""
    ranks = sorted(load("titles")["honorifics"], key=len, reverse=True)
    pattern = "|".join(re.escape(r).replace(r"\ ", "[ -]") for r in ranks)
    m = re.match(rf"(?:(?:{pattern})[ -])+(?=[A-Z])", name)
    return (name[m.end():], m.end()) if m else (name, 0)


def _register(ctx: Context, index: int, name: str, start: int, side: int | None) -> str | None:
    """Register the person named at `start` of sentence `index`; the name as registered (a
    rank in front taken off: `Sir Horatio Kitchener` -> `Horatio Kitchener`), or None."""
    sentence = ctx.article.sentences[index]
    name, cut = _without_rank(name)
    start += cut
    if not name:
        return None
    if re.match(r" [A-Z][a-z]", sentence.span.text[start + len(name):]):
        return None  # `led by Ras Makonen Wolde Mikael`: the name runs on past what was read; not guessed
    listed = {c.side for c in ctx.facts.commanders if c.person == name}
    side = (side or (listed.pop() if len(listed) == 1 else None)) if len(listed) <= 1 else None
    ctx.person(name, evidence_of(sentence), side)
    ctx.mention(index, Mention("person", name, sentence.span.start + start, sentence.span.start + start + len(name), side))
    return name


def extract_roles(ctx: Context, state: PeopleState) -> None:
    """Persons introduced with a role, in the three shapes; placeholders for unnamed ones."""
    role, alias = f"(?i:{_role_alts()})", _alias_alts(ctx)
    appos = re.compile(rf"\b(?P<role>{role}) of (?:the )?(?P<unit>[^,]{{1,60}}), (?:(?P<name>{NAME}){_GLOSS})?, (?=(?P<rest>[^;]*))")
    second = re.compile(rf"^(?:was|is) (?:also )?(?:the )?(?P<role>{role}) of (?:the )?(?P<unit>[^,;.]{{1,60}})")
    reverse = re.compile(rf"\b(?P<name>{NAME}){_GLOSS}, (?:the )?(?P<role>{role}) of (?:the )?(?P<unit>[^,.;]{{1,60}})")
    prefix = re.compile(rf"(?:\b(?P<alias>{alias})(?:'s)? |\b(?P<poss>its|his|their) )?(?:(?:{'|'.join(vocab.words('person_titles'))}) )?\b(?P<role>{role})s? (?P<names>{NAME}{_GLOSS}(?:(?:,| and|, and) {NAME}{_GLOSS})*)")
    copula = re.compile(rf"\b[Tt]he (?:(?P<alias>{alias}) )?(?P<role>{role}) was (?P<name>{NAME})")
    led = re.compile(rf"\b(?i:led by|under the (?:command|direction|leadership) of|commanded by) (?P<name>{NAME})")
    shaped = [p for _, p in vocab.patterns("person_patterns", 0)]
    for index, sentence in narrative_sentences(ctx.article):
        text, ev = sentence.span.text, evidence_of(sentence)
        for m in appos.finditer(text):
            units = find_units(m.group("unit"))
            code = role_code(m.group("role").lower())
            if not units or code is None:
                continue
            roles: list[tuple[str, str | None]] = [(code, units[0].name)]
            more = second.match(m.group("rest"))
            more_code = role_code(more.group("role").lower()) if more else None
            if more and more_code and find_units(more.group("unit")):
                roles.append((more_code, find_units(more.group("unit"))[0].name))
            unit_side = ctx.units[units[0].name].side if units[0].name in ctx.units else None
            if m.group("name") and _plain_name(m.group("name")):
                name = _register(ctx, index, m.group("name"), m.start("name"), unit_side)
                if name is not None:
                    for c, u in roles:
                        _add_role(ctx, name, c, u, ev, ctx.people[name].side)
            elif not m.group("name"):
                state.placeholders.append(Placeholder(roles, unit_side, index, ev))
        for m in reverse.finditer(text):
            units = find_units(m.group("unit"))
            code = role_code(m.group("role").lower())
            if not units or code is None or not _plain_name(m.group("name")) or appos.match(text, m.start("role")):
                continue
            name = _register(ctx, index, m.group("name"), m.start("name"), None)
            if name:
                _add_role(ctx, name, code, units[0].name, ev, ctx.people[name].side)
        for m in prefix.finditer(text):
            code = role_code(m.group("role").lower()) or role_code(m.group("role").lower().rstrip("s"))
            side = ctx.sides.side_of(m.group("alias"))
            unit = None
            if m.group("poss") and m.group("poss") != "his":
                before = [u for u in find_units(text[:m.start()])]
                unit = before[-1].name if before else None
            for nm in re.finditer(NAME, m.group("names")):
                if not _plain_name(nm.group()) or code is None:
                    continue
                name = _register(ctx, index, nm.group(), m.start("names") + nm.start(), side)
                if name:
                    _add_role(ctx, name, code, unit, ev, ctx.people[name].side)
                    state.introduced.append(Introduced(name, code, unit, side, index))
        for m in copula.finditer(text):
            code = role_code(m.group("role").lower())
            if code and _plain_name(m.group("name")):
                side = ctx.sides.side_of(m.group("alias"))
                name = _register(ctx, index, m.group("name"), m.start("name"), side)
                if name:
                    _add_role(ctx, name, code, None, ev, ctx.people[name].side)
                    state.introduced.append(Introduced(name, code, None, side, index))
        _unit_commanders(ctx, index, text, ev)
        for m in [m for p in shaped for m in p.finditer(text)] + list(led.finditer(text)):
            name = m.groupdict().get("name") or m.group()
            start = m.start("name") if m.groupdict().get("name") else m.start()
            if _plain_name(name) and not ctx.covered(index, sentence.span.start + start - 1, sentence.span.start + start + len(name) + 1, ("unit", "conflict")):
                _register(ctx, index, name, start, None)


@cache
def _led_by() -> re.Pattern[str]:
    """`II Corps under Lieutenant General George Patton`, `the 6th Army, led by Ismail Hakki Bey`:
    right after a unit's name, the person who commanded it (ranks and titles before the name skipped)."""
    titles = "|".join(re.escape(t) for t in sorted(load("titles")["honorifics"], key=len, reverse=True))
    return re.compile(rf",?\s+(?:under|led by|commanded by)\s+(?:the command of\s+)?(?:(?:{titles})\s+)*(?P<name>{NAME})")


# `Bernard Montgomery′s British 8th Army`: a person of two names or more owning a unit commands it
_OWNER = re.compile(rf"(?P<name>{NAME})['’′]s (?:[A-Z][a-z]+ )?$")


def _unit_commanders(ctx: Context, index: int, text: str, ev: Evidence) -> None:
    """Commanders named right after a unit (`under`, `led by`) or as its owner (`X's 8th Army`)."""
    base = ctx.article.sentences[index].span.start
    for unit in ctx.in_sentence(index, "unit"):
        m = _led_by().match(text, unit.end - base)
        owner = _OWNER.search(text[: unit.start - base])
        if owner and len(owner.group("name").split()) < 2:
            owner = None
        found = m or owner
        if not found or not _plain_name(found.group("name")) or ctx.sides.side_of(found.group("name")) is not None:
            continue
        name = _register(ctx, index, found.group("name"), found.start("name"), unit.side)
        if name:
            _add_role(ctx, name, "commander", unit.name, ev, ctx.people[name].side)


def resolve_placeholders(ctx: Context, state: PeopleState) -> None:
    """Give each unnamed role-holder the one person later named with one of its titles."""
    for p in state.placeholders:
        codes = {code for code, _ in p.roles}
        units = {unit for _, unit in p.roles}
        matches = [
            i for i in state.introduced
            if i.sentence > p.sentence and i.role in codes and (i.unit is None or i.unit in units)
            and (p.side is None or i.side is None or p.side == i.side)
        ]
        if len({i.name for i in matches}) != 1:
            continue
        name = matches[0].name
        naming = evidence_of(ctx.article.sentences[matches[0].sentence])
        stated = replace(p.evidence, via="coreference")
        person = ctx.person(name, stated, p.side if _single_side(ctx, name) else None)
        for code, unit in p.roles:
            _add_role(ctx, name, code, unit, stated, person.side, naming)
    _drop_subsumed_roles(ctx)


def _drop_subsumed_roles(ctx: Context) -> None:
    """A role without a unit adds nothing once the same person holds it of a unit, and a bare
    `commander` adds nothing to an infobox commander of the same side."""
    listed = {(c.person, c.side) for c in ctx.facts.commanders}
    ctx.facts.roles[:] = [
        r for r in ctx.facts.roles
        if r.unit is not None or not (
            any(o.person == r.person and o.role == r.role and o.unit for o in ctx.facts.roles)
            or (r.role == "commander" and ((r.person, r.side) in listed or (r.side is None and any(p == r.person for p, _ in listed)))))
    ]


def mention_known_people(ctx: Context) -> None:
    """Every sentence naming a known person (infobox commander or found here) is evidence."""
    names = sorted(set(ctx.people) | {c.person for c in ctx.facts.commanders if len(c.person) > 2}, key=len, reverse=True)
    if not names:
        return
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")
    for index, sentence in narrative_sentences(ctx.article):
        text = sentence.span.text
        for m in pattern.finditer(text):
            s, e = sentence.span.start + m.start(), sentence.span.start + m.end()
            if any(x.start < e and s < x.end and x.kind != "person" for x in ctx.mentions.get(index, [])):
                continue
            if _inside_longer_name(text, m.start(), m.end()):
                continue  # `Ras Makonen Wolde Mikael` is not the `Mikael` of the infobox
            _register(ctx, index, m.group(), m.start(), ctx.people[m.group()].side if m.group() in ctx.people else None)


def _inside_longer_name(text: str, start: int, end: int) -> bool:
    """The match is glued to other capitalised name words (not a title such as `Colonel`)."""
    before = re.search(r"([A-Z][\w'’-]*) $", text[:start])
    after = re.match(r" (?:(?:de|van|von|der|da|di|du|al) )?[A-Z][a-z]", text[end:])
    titles = set(load("titles")["honorifics"]) | set(vocab.words("person_titles"))
    glued_before = before is not None and before.group(1) not in titles and not before.group(1).endswith("'s")
    return glued_before or after is not None


def _persons_before(ctx: Context, index: int, offset: int) -> list[Mention]:
    return [m for m in ctx.in_sentence(index, "person") if m.end <= offset]


def extract_defections(ctx: Context, dates: dict[int, DateValue]) -> list[Defection]:
    """`persuaded X to defect`, `X defected to the Y`: a known person changing sides, dated by the sentence."""
    found = []
    alias = _alias_alts(ctx)
    persuaded = re.compile(rf"\b(?:convinced|persuaded|induced|urged)\b(?P<mid>[^.]{{0,40}}?)\b(?P<name>{NAME}) to defect(?: to (?:the )?(?P<alias>{alias})(?: side)?)?")
    plain = re.compile(rf"\b(?P<name>{NAME}) defected to (?:the )?(?P<alias>{alias})")
    for index, sentence in narrative_sentences(ctx.article):
        text, base = sentence.span.text, sentence.span.start
        for m in list(persuaded.finditer(text)) + list(plain.finditer(text)):
            name = m.group("name")
            if name not in ctx.people:
                continue
            by = None
            if "mid" in m.groupdict():
                before = [p for p in _persons_before(ctx, index, base + m.start()) if p.name != name]
                by = before[-1].name if before else None
            to_side = ctx.sides.side_of(m.group("alias")) or (ctx.people[by].side if by else None)
            from_side = ctx.sides.other(to_side)
            found.append(Defection(name, evidence_of(sentence), from_side, to_side, dates.get(index), by))
    return found


def extract_captures(ctx: Context, dates: dict[int, DateValue]) -> list[Capture]:
    """`captured X`, `X was captured`: a known person taken, with where and by whom the sentence says."""
    found = []
    role, alias = _role_alts(), _alias_alts(ctx)
    active = re.compile(rf"\bcaptur(?:ed|ing) (?:the )?(?:(?P<alias>{alias})(?:'s)? )?(?:(?P<role>{role}) )?(?P<name>{NAME})")
    passive = re.compile(rf"\b(?P<name>{NAME}) (?:was|were) captured\b")
    for index, sentence in narrative_sentences(ctx.article):
        text, base = sentence.span.text, sentence.span.start
        for m in list(active.finditer(text)) + list(passive.finditer(text)):
            name = m.group("name")
            if name not in ctx.people:
                continue
            verb = base + m.start()
            places = [p for p in ctx.in_sentence(index, "place")]
            before_places = [p for p in places if p.end <= verb]
            place = (before_places[-1] if before_places else (places[0] if places else None))
            victim_side = ctx.people[name].side
            units = [u for u in ctx.in_sentence(index, "unit") if u.end <= verb and (victim_side is None or u.side != victim_side)]
            captor = units[0].name if units and units[0].side is not None else None
            if captor is None and "alias" in m.groupdict():
                people = [p for p in _persons_before(ctx, index, verb) if p.name != name]
                captor = people[0].name if people else None
            found.append(Capture(name, evidence_of(sentence), dates.get(index), place.name if place else None, captor))
    return found
