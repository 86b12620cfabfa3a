"""Military units named in prose and in order-of-battle lists.

A unit name is normalized to its bare form (`the KMT 40th Army` -> `40th Army`, `the second
echelon` -> `2nd Echelon`) so every mention lands on one unit; the side word before it
(`KMT`, `Communist`) gives its side; `X of the Y` gives X's parent when Y outranks X.
Order-of-battle sections (`Kuomintang order of battle`, `1st Echelon: 7 Divisions with
45,000 troops`, `- The 40th Army deployed at Xinxiang`) give side, parent formation,
deployment place and group strength. Heads, ranks and ordinal words: vocab/narrative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from handan_kg.extract import vocab
from handan_kg.extract.context import Context, Mention, add_name, evidence_of, narrative_sentences
from handan_kg.facts import Count, Evidence, Name, Unit, add_support

_WORD = r"[A-Z][\w'’-]*"


@dataclass(frozen=True)
class Head:
    level: str
    text: str
    rank: int
    named: bool
    lower: bool
    numeral: bool


@dataclass(frozen=True)
class UnitSpan:
    start: int
    end: int
    name: str
    level: str
    rank: int


@cache
def heads() -> tuple[Head, ...]:
    out = []
    for row in vocab.rows("unit_levels"):
        flags = row[3].split(",") if len(row) > 3 else []
        out.append(Head(row[0], row[1], int(row[2]), "named" in flags, "lower" in flags, "numeral" in flags))
    return tuple(out)


@cache
def _plurals() -> dict[str, str]:
    return {row[1]: row[0] for row in vocab.rows("unit_plurals")}


@cache
def _ordinals() -> dict[str, str]:
    return {row[0]: row[1] for row in vocab.rows("ordinals")}


@cache
def _head_for(text: str) -> Head:
    singular = _plurals().get(text, text)
    return next(h for h in heads() if h.text == singular)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str] | None]:
    ords = "|".join(_ordinals())
    ordinal = rf"(?:\d+(?:st|nd|rd|th)|{ords})"
    head_alts = sorted({h.text for h in heads()} | set(_plurals()), key=len, reverse=True)
    head = "|".join(re.escape(h) for h in head_alts)
    numbered = re.compile(
        rf"\b(?P<new>New )?(?P<ord>{ordinal})(?: and (?P<ord2>{ordinal}))?(?P<mid>(?: {_WORD})*?) (?P<head>{head})\b")
    named_heads = "|".join(re.escape(h.text) for h in heads() if h.named)
    named = re.compile(rf"(?P<pre>(?:{_WORD}(?: \([^()]*\))? )+?)(?P<head>{named_heads})\b")
    lower_heads = [h.text.lower() for h in heads() if h.lower]
    lower = re.compile(rf"\b(?P<ord>{'|'.join(o.lower() for o in _ordinals())}) (?P<head>{'|'.join(lower_heads)})\b") if lower_heads else None
    return numbered, named, lower


def _ordinal(word: str, head: Head) -> str:
    """Ordinal words become numerals (`Second Army` and `2nd Army` are one unit; `the second
    echelon` is the `2nd Echelon`)."""
    return _ordinals().get(word.capitalize(), word)


_ROMAN_CORPS = re.compile(rf"\b(?P<ord>(?=[IVXL])L?X{{0,3}}(?:IX|IV|V?I{{0,3}}))(?P<mid>(?: {_WORD}){{0,2}}?) (?P<head>Corps|Korps)\b")


def find_units(text: str) -> list[UnitSpan]:
    """Unit names in `text`, normalized, with spans relative to `text`."""
    numbered, named, lower = _patterns()
    found: list[UnitSpan] = []

    def free(s: int, e: int) -> bool:
        return all(e <= u.start or u.end <= s for u in found)

    for m in numbered.finditer(text):
        head = _head_for(m.group("head"))
        if head.numeral and not m.group("ord")[0].isdigit():
            continue
        tail = f"{m.group('mid')} {head.text}"
        for key in ("ord", "ord2"):
            if m.group(key):
                name = f"{m.group('new') or ''}{_ordinal(m.group(key), head)}{tail}"
                found.append(UnitSpan(m.start(), m.end(), name, head.level, head.rank))
    for m in _ROMAN_CORPS.finditer(text):  # `II Corps`, `XXX Corps`, `II SS Panzer Korps`: corps are numbered in Roman
        if free(m.start(), m.end()):
            head = _head_for("Corps")
            found.append(UnitSpan(m.start(), m.end(), f"{m.group('ord')}{m.group('mid')} {m.group('head')}", head.level, head.rank))
    stop = vocab.words("unit_stopwords") | set(vocab.mapping("sides"))
    for m in named.finditer(text):
        words = re.sub(r" \([^()]*\)", "", m.group("pre")).split()
        while words and words[0] in stop:
            words.pop(0)
        if not words or not free(m.start(), m.end()):
            continue
        start = m.start() + m.group("pre").index(words[0])
        head = _head_for(m.group("head"))
        found.append(UnitSpan(start, m.end(), f"{' '.join(words)} {head.text}", head.level, head.rank))
    if lower:
        for m in lower.finditer(text):
            if free(m.start(), m.end()):
                head = next(h for h in heads() if h.text.lower() == m.group("head"))
                found.append(UnitSpan(m.start(), m.end(), f"{_ordinal(m.group('ord'), head)} {head.text}", head.level, head.rank))
    found.sort(key=lambda u: (u.start, u.name))
    return found


_OF = re.compile(r"^ of (?:the )?(?:(?P<alias>[A-Z][\w'-]*)(?:'s)? )?$")


def extract_units(ctx: Context) -> None:
    """Register every unit mention in the prose, with sides and `X of the Y` parents."""
    text = ctx.article.text
    for index, sentence in narrative_sentences(ctx.article):
        base = sentence.span.start
        spans = find_units(sentence.span.text)
        ev = evidence_of(sentence)
        for i, u in enumerate(spans):
            side = ctx.sides.side_of(u.name) or _side_before(ctx, text[max(0, base + u.start - 30):base + u.start])
            qualified = _comma_parent(sentence.span.text, u, spans[i + 1] if i + 1 < len(spans) else None, ctx)
            name = u.name
            if qualified and name in ctx.units and ctx.units[name].parent not in (None, qualified[0]):
                name = f"{u.name}, {qualified[1]}"  # `2nd Battalion, 7th Marines` after `2nd Battalion, 5th Marines`: another unit
            unit = ctx.unit(name, u.level, ev, side)
            written = sentence.span.text[u.start:u.end]
            if written != unit.name:
                add_name(unit.names, Name(written))  # `First Army` for the 1st Army: what the quotes say
            ctx.mention(index, Mention("unit", unit.name, base + u.start, base + u.end, unit.side))
            if qualified:
                parent = ctx.unit(qualified[0], qualified[2], ev, None)
                if qualified[1] != parent.name:
                    add_name(parent.names, Name(qualified[1]))  # `34th Infantry` for the 34th Infantry Regiment
                ctx.mention(index, Mention("unit", parent.name, base + qualified[3], base + qualified[4], parent.side))
                _link_parent(unit, parent, ev)
                continue
            if i + 1 < len(spans):
                nxt = spans[i + 1]
                link = _OF.match(sentence.span.text[u.end:nxt.start])
                if link and nxt.rank > u.rank and (not link.group("alias") or ctx.sides.side_of(link.group("alias")) is not None):
                    _link_parent(unit, ctx.unit(nxt.name, nxt.level, ev, ctx.sides.side_of(link.group("alias"))), ev)


def _deploy(unit: Unit, place: str, ev: Evidence) -> None:
    """`unit` stood at `place`, as sentence `ev` states."""
    if place not in unit.deployed_at:
        unit.deployed_at.append(place)
    add_support(unit.support, "deployedAt", place, ev)


def _link_parent(unit: Unit, parent: Unit, ev: Evidence) -> None:
    """`unit` is part of `parent` as sentence `ev` states (a first parent stays); a formation
    fights on the side of the units it holds, and they on its side."""
    if unit.parent is None:
        unit.parent = parent.name
    if unit.parent == parent.name:
        add_support(unit.support, "parent", parent.name, ev)
    if unit.side is None:
        unit.side = parent.side
    if parent.side is None:
        parent.side = unit.side


# `3rd Battalion, 34th Infantry`, `2nd Battalion, 5th Marines`: a numbered formation named
# after a comma, the unit's parent (US style); `34th Infantry Regiment, 24th Infantry Division`
_COMMA_NUMBERED = re.compile(r"^, (?:the )?(?P<name>\d+(?:st|nd|rd|th) [A-Z][\w-]+(?: [A-Z][\w-]+)?)\b")


def _comma_parent(text: str, u: UnitSpan, nxt: UnitSpan | None, ctx: Context) -> tuple[str, str, str, int, int] | None:
    """The parent a comma names right after unit `u`: (name, as written, level, start, end),
    a known unit whose name starts as written (`34th Infantry` -> `34th Infantry Regiment`)."""
    if nxt is not None and text[u.end:nxt.start] == ", " and nxt.rank > u.rank:
        return nxt.name, nxt.name, nxt.level, nxt.start, nxt.end
    m = _COMMA_NUMBERED.match(text[u.end:])
    if not m or u.level != "battalion" or (nxt is not None and nxt.start < u.end + m.end()):
        return None
    written = m["name"]
    known = next((n for n in sorted(ctx.units) if n.startswith(written + " ") and ctx.units[n].level == "regiment"), None)
    return known or written, written, "regiment", u.end + m.start("name"), u.end + m.end("name")


def _side_before(ctx: Context, before: str) -> int | None:
    """The side named right before a unit: `KMT 40th Army`, `Communist units of the`."""
    m = re.search(r"\b(?P<alias>[A-Z][\w'-]*(?: [A-Z][\w'-]*)?)(?:'s)? (?:(?:units?|elements|troops|forces) of )?(?:the )?$", before)
    if not m:
        return None
    alias = m.group("alias")
    return ctx.sides.side_of(alias) or ctx.sides.side_of(alias.split()[-1])


def order_of_battle(ctx: Context) -> None:
    """Units of order-of-battle list sections, with side, formation, deployment and strength."""
    oob = re.compile(vocab.alternation("section_kinds", "order-of-battle"), re.IGNORECASE)
    lines = {code: re.compile(pattern, re.IGNORECASE) for code, pattern in vocab.rows("oob_headings")}
    by_block = {s.block: (i, s) for i, s in enumerate(ctx.article.sentences)}
    side: int | None = None
    group, group_rank, group_ev = None, 0, None
    current = -2
    for bi, block in enumerate(ctx.article.blocks):
        title = ctx.article.section_title(block.section)
        if not title or not oob.search(title):
            continue
        if block.section != current:
            side, group, current = None, None, block.section
        if bi not in by_block:
            continue
        index, sentence = by_block[bi]
        ev = evidence_of(sentence)
        line = block.span.text
        if block.kind == "paragraph":
            head = lines["side"].match(line)
            if head:
                side, group = _side_of_phrase(ctx, head.group("side")), None
                continue
            g = lines["group"].match(line)
            group = None
            if g:
                spans = find_units(g.group("name"))
                if spans:
                    group, group_rank, group_ev = ctx.unit(spans[0].name, spans[0].level, ev, side), spans[0].rank, ev
                    ctx.mention(index, Mention("unit", group.name, block.span.start, block.span.start + len(g.group("name")), side))
                    count = lines["strength"].search(g.group("rest"))
                    if count and group.strength is None:
                        group.strength = Count(value=int(count.group("count").replace(",", "")))
                        add_support(group.support, "strength", "", ev)
            continue
        spans = find_units(line)
        if not spans:
            continue
        u = spans[0]
        unit = ctx.unit(u.name, u.level, ev, side)
        if group is not None and unit.parent is None and group_rank > u.rank:
            unit.parent = group.name
            # the list line names the unit, the group line above it names the formation
            cited = [ev] if group_ev is None else [group_ev, replace(ev, via="list-heading")]
            add_support(unit.support, "parent", group.name, *cited)
        ctx.mention(index, Mention("unit", unit.name, block.span.start + u.start, block.span.start + u.end, unit.side))
        deployed = lines["deployed"].search(line)
        if deployed:
            place = ctx.place(deployed.group("place"), None, ev)
            _deploy(unit, place.name, ev)
            ctx.mention(index, Mention("place", place.name, block.span.start + deployed.start("place"), block.span.start + deployed.end("place")))


def _side_of_phrase(ctx: Context, phrase: str) -> int | None:
    sides = {s for _, _, s in ctx.sides.mentions(phrase)}
    return sides.pop() if len(sides) == 1 else None


def prose_deployments(ctx: Context) -> None:
    """`the British 1st Airborne Division landed at Arnhem`, `the 14th Bersaglieri Battalion ...
    dug in near Djebel Rihana`: a unit, a short stretch without another unit, a deployment
    cue (vocab `deployment_verbs`), then a place the sentence names: where the unit stood,
    cited to that sentence (after places are read, so the place is known)."""
    cue = re.compile(rf"[^.;]{{0,60}}?\b(?:{vocab.alternation('deployment_verbs')})\s+(?:the\s+)?", re.IGNORECASE)
    for index, sentence in narrative_sentences(ctx.article):
        found = sorted(ctx.in_sentence(index, "unit"), key=lambda m: m.start)
        places = {m.start: m for m in ctx.in_sentence(index, "place")}
        text, base = sentence.span.text, sentence.span.start
        # `the 14th Bersaglieri Battalion of the 131st Armoured Division dug in`: the parent after
        # `of the` qualifies the unit before it; the unit before acts
        genitive = {u.start for u in found if re.search(r"\bof (?:the )?$", text[: u.start - base])}
        actors = [u for u in found if u.start not in genitive]
        for i, mention in enumerate(actors):
            m = cue.match(text, mention.end - base)
            if not m:
                continue
            at = base + m.end()
            place = places.get(at)
            if place is None or any(mention.end <= u.start < at for u in actors[i + 1:]):
                continue  # no place right after the cue, or the cue belongs to a later unit
            unit = ctx.units.get(mention.name)
            if unit is not None:
                _deploy(unit, place.name, evidence_of(sentence))

