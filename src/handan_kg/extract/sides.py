"""Belligerent sides from the numbered infobox keys, plus commanders, units, strengths,
casualties per side, the victor, and side labels inferred from flag residue and the lead.

Side N exists when a Combatant/Commander/Units key is numbered N. Strength/Casualties
keys create a side only up to the highest such index (or when there are no such keys):
a `Casualties3` beside two sides is a figure for the whole conflict (`side=None`).
Sides are matched to belligerent groups (vocab/belligerents.json) by exact names, flag
residue and known units; a victor is only recorded when exactly one side matches the
Result's adjective (or, failing a group, exactly one side's label contains its words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from handan_kg.extract.dates import MONTHS
from handan_kg.extract.infobox import Fields
from handan_kg.extract.names import name_run, split_people
from handan_kg.extract.pieces import Piece, balanced_split, keep_raw
from handan_kg.extract.quantities import Figure, parse_figures
from handan_kg.extract.residue import (
    ITEM_PIPE,
    RESIDUE,
    Hint,
    is_state,
    known_state_names,
    polity_prefix,
    split_at_residue,
    strip_residue,
    word_follows_capitalised,
)
from handan_kg.extract.vocab import first_match, load, words_in
from handan_kg.facts import (
    ArticleFacts,
    Casualty,
    Commander,
    Conflict,
    Evidence,
    Issue,
    RawValue,
    Side,
    Strength,
    Unit,
)
from handan_kg.parse.article import Article, InfoboxField

STRUCTURAL = ("combatant", "commander", "units")
FIGURES = ("strength", "casualties")


@dataclass
class _SideWork:
    """A side being assembled, with the belligerent groups it is known to belong to."""

    side: Side
    groups: set[str] = field(default_factory=set)
    inferred: bool = False  # label not taken from the infobox
    # `United States (Union)`: a member's other name in the cell, which a Result may use
    aliases: set[str] = field(default_factory=set)


def group_of(name: str) -> str | None:
    """The belligerent group whose names or adjectives include `name` (exact, case-insensitive)."""
    wanted = name.strip().lower().replace("’", "'")  # `People’s Republic`: the typographic apostrophe is the same letter
    for key, group in load("belligerents")["groups"].items():
        if wanted in {n.lower() for n in group["names"] + group["adjectives"]}:
            return key
    return None


def _group_within(text: str) -> str | None:
    """The group of a lead party: its exact name, else the one group whose known names occur in
    it (`Eighth Route Army of the Chinese Communist Party` -> communist)."""
    exact = group_of(text)
    if exact:
        return exact
    found = {key for key, group in load("belligerents")["groups"].items()
             for name in group["names"]
             if len(name) > 3 and name in text and re.search(rf"\b{re.escape(name)}\b", text)}  # cheap test first
    return found.pop() if len(found) == 1 else None


@dataclass(frozen=True)
class SideRecords:
    """What the per-side keys state: the sides (with the victor the Result names), their
    commanders and units, strengths and casualties, and what could not be read."""

    sides: list[Side]
    commanders: list[Commander]
    units: list[Unit]
    strengths: list[Strength]
    casualties: list[Casualty]
    raw_values: list[RawValue]
    issues: list[Issue]


def read_sides(article: Article, fields: Fields, conflict: Conflict) -> SideRecords:
    """The sides of `article` from its per-side `fields`; the victor from `conflict`'s Result."""
    found = ArticleFacts(article.slug, article.title.text, None, conflict=conflict)  # this reader's own; conflict only read
    _read_sides(article, fields, found)
    return SideRecords(found.sides, found.commanders, found.units, found.strengths, found.casualties,
                       found.raw_values, found.issues)


def _read_sides(article: Article, numbered: Fields, facts: ArticleFacts) -> None:
    numbered = _without_empty(numbered, facts)
    structural = {n for stem in STRUCTURAL for n in numbered.get(stem, {})}
    figure_keys = {n for stem in FIGURES for n in numbered.get(stem, {})}
    # a column of figures after the last side's is the whole conflict's (`Casualties3: civilians`),
    # but a second column is a side even when its belligerent's flag was lost with the rendering
    limit = max(*structural, 2) if structural else max(figure_keys, default=0)
    indices = sorted(structural | {n for n in figure_keys if n <= limit})
    work = {n: _side(n, numbered, facts) for n in indices}
    belligerents = frozenset(m for w in work.values() for m, _ in w.side.members)
    for n in indices:
        _commanders(n, numbered, facts, work[n], belligerents)
        _units(n, numbered, facts, work[n])
    for stem in FIGURES:
        for n, fields in sorted(numbered.get(stem, {}).items()):
            side = n if n in work else None
            for f in fields:
                _figures(stem, side, f, facts)
    _infer_from_lead(article, work)
    _name_other_side(article, work)
    facts.sides = [work[n].side for n in indices]
    _victor(facts, work)


def _without_empty(numbered: Fields,
                   facts: ArticleFacts) -> Fields:
    """Drop numbered fields with no word or number in them (`- Combatant2A: `): they name no side."""
    kept: Fields = {}
    for stem, by_n in numbered.items():
        for n, fields in by_n.items():
            for f in fields:
                if re.search(r"\w", f.value.text):
                    kept.setdefault(stem, {}).setdefault(n, []).append(f)
                else:
                    facts.issues.append(Issue("unparsed-value", f"empty value of {f.key!r}", f.line, f.key))
    return kept


def _side(n: int, numbered: Fields, facts: ArticleFacts) -> _SideWork:
    members: list[tuple[str, Evidence]] = []
    evidence: list[Evidence] = []
    hints: list[Hint] = []
    drop = {w.lower() for w in load("titles")["drop_items"]}
    aliases: set[str] = set()
    for f in numbered.get("combatant", {}).get(n, []):
        value = Piece.of(f.value)
        if value.text:
            evidence.append(value.evidence())
        items = [part for item in balanced_split(value, rf",|{ITEM_PIPE}|-{{3,}}|<[hb]r\s*/?\s*>|\s[•·▪◦]\s")  # `A • B`: a bullet
                 for cut in _cut_before_support_headers(item) for part in _cut_after_header(cut)]
        mirrored = any(_flag_then_name(i.strip(" *|\t"), False) != i.strip(" *|\t") for i in items)
        for raw in items:
            raw = raw.strip(" *|\t.•·▪◦")  # `• East Turk Khaganate`: a list bullet
            if raw.text.startswith(":"):  # `: 23px Chinese Communist Party`
                raw = raw.sub(1, len(raw.text))
            stripped = strip_residue(raw, keep_label=True)
            hints.extend(stripped.hints)
            if stripped.rest is None:
                continue
            item = stripped.rest.strip(" *|\t")
            if item.text.startswith(facts.conflict.name + " ") and word_follows_capitalised(item.text[len(facts.conflict.name):]):
                item = item.sub(len(facts.conflict.name), len(item.text)).strip(" ")  # `Shaba I Zaire`: the article's title glued on
            tag = _trailing_tag().search(item.text)
            if tag and tag.start() > 0:  # `Hungarian legion of Italia[dubious ]`, `... bulleted list|`: an editor's tag, a template's name
                item = item.sub(0, tag.start())
            text = item.text
            if not text or text.lower() in drop:
                continue
            caption = _flag_caption(text)
            if caption:  # `US flag 48 stars United States`: a flag image's caption before the state's name
                item = item.sub(caption, len(text))
                text = item.text
            supported = re.match(rf"^(?:supported\s+by\s*:?|(?:[A-Za-z]+\s+)?support\s*:|(?:{_support_headers()})\s*:)\s*(?:the\s+)?(?=[A-Z])",
                                 text, re.IGNORECASE)
            if supported:  # `Supported by the Allied Powers`, `Military support: X`: a member under its header, on one line
                item = item.sub(supported.end(), len(text))
                text = item.text
            if not re.search(r"[^\W\d_]", text):  # `1963`: a year left by a flag template, not a belligerent
                facts.issues.append(Issue("warning", f"{text!r} among belligerents not kept", f.line, f.key))
                continue
            glued = re.match(rf"^(?P<member>[A-Z].*?)\s+(?:{'|'.join(map(re.escape, load('belligerents')['glued_support_headers']))}):$",
                              text, re.IGNORECASE)
            if glued and glued["member"].lower() in load("belligerents")["support_kinds"]:
                glued = None  # `Naval support:`: what kind of support, not a member
            if glued:  # `Cristeros Support:`: a member, then the header of its supporters on the same line
                item = item.sub(0, len(glued["member"]))
                text = item.text
            code = re.match(r"([A-Z]{2,5})\s+(?=[A-Z])", text)
            # `UK United Kingdom`: a flag's code, then the name it stands for; `22px|PLA Chinese Red
            # Army`: right after an image's size, the image's text
            if code and (code.group(1) in _initials(text[code.end():]) or re.search(rf"\dpx\|\s*{code.group(1)}\s", raw.text)):
                item = item.sub(code.end(), len(text))
                text = item.text
            words = text.split()
            opener = len(words) > 1 and words[0].lower() in load("belligerents")["sentence_openers"] and words[1][:1].islower()
            if (text[0].islower() and not re.match(r"[a-z]{1,3}-[A-Z]", text)) or opener:  # `Before that, ...` too
                # `merged into the`: a description, not a belligerent (`al-Qaeda` is a name)
                facts.issues.append(Issue("warning", f"description {text!r} among belligerents not kept", f.line, f.key))
                continue
            allies = re.search(r"\s+and\s+(?:its\s+|their\s+)?(?:allies|vassals|auxiliaries)$", text)
            if allies:  # `Sasanian Empire and allies`: the allies are not named, the member is
                facts.issues.append(Issue("warning", f"unnamed {text[allies.start():].strip()!r} of a member not kept", f.line, f.key))
                item = item.sub(0, allies.start())
                text = item.text
            known = re.search(r"\s+(?:(?:historically|also|formerly|later|then|once)\s+(?:known|called|named)\b|a\.?k\.?a\.?\s).*$", text, re.IGNORECASE)
            if known:  # `Quapaw people historically known as Arkansas`: another name, not part of this one
                facts.issues.append(Issue("warning", f"description {text[known.start():].strip()!r} of member not kept", f.line, f.key))
                item = item.sub(0, known.start())
                text = item.text
            when = re.search(rf"\s+(?:in|from|until|since)\s+(?:(?:{_MONTH_WORDS})\s+)?\d{{3,4}}$", text)
            if when:  # `North Latvian Brigade in July 1919`: when it joined, not part of its name
                facts.issues.append(Issue("warning", f"qualifier {text[when.start():].strip()!r} of member not kept", f.line, f.key))
                item = item.sub(0, when.start())
                text = item.text
            described = re.match(r"^(?P<head>[^:]+):\s+\S+\s+[a-z]", text)
            if described and _coalition_header(described["head"].strip()):
                # `Western Army: Forces loyal to Ishida Mitsunari`: the name, then what it was
                item = item.sub(0, len(described["head"]))
                text = item.text
            if text.startswith("(") and text.endswith(")"):
                # `Germanic tribes, (Cherusci, Marsi and Sicambri)`: the members of the one before
                for part in balanced_split(item.sub(1, len(text) - 1), r",\s*(?:and\s+)?|\s+and\s+"):
                    if part.text and part.text[0].isupper() and part.text not in {m for m, _ in members}:
                        members.append((part.text, part.evidence()))
                continue
            if text.endswith(":"):
                if not _coalition_header(text[:-1].strip(), heads_column=not members):
                    facts.issues.append(Issue("warning", f"period label {text!r} of side {n} not kept", f.line, f.key))
                    continue
                item = item.sub(0, len(item.text) - 1).strip()  # `Holy League:` heads its members
                text = item.text
            paren = re.search(r"\s*\(([^()]*)\)\s*$", text)
            if paren:
                facts.issues.append(Issue("warning", f"qualifier ({paren.group(1)}) of member not kept", f.line, f.key))
                item = item.sub(0, paren.start())
                if re.fullmatch(r"(?:[\w'’-]+\s?){1,3}", paren.group(1)) and re.search(r"[A-Z]", paren.group(1)) and not re.search(
                        r"\d", paren.group(1)):  # `(Union)`, `(pro-Treaty forces)`
                    aliases.add(paren.group(1).strip())
            # an image or icon already stood for this item's flag (`Flag of Palestine.svg Palestine Liberation
            # Organization`): no state's name before the member is a flag's caption
            flagged = stripped.rest.start > raw.start
            for member in _one_per_flag(_split_states(item), mirrored and not flagged, frozenset(m for m, _ in members)):
                if member.text not in {m for m, _ in members}:
                    members.append((member.text, member.evidence()))
    if not evidence:
        first = next(f for stem in STRUCTURAL + FIGURES for f in numbered.get(stem, {}).get(n, []))
        evidence.append(Piece.of(first.value).evidence())
    label = members[0][0] if members else f"Side {n}"
    work = _SideWork(Side(n, label, evidence, members), inferred=not members, aliases=aliases)
    work.groups = {g for g in (group_of(m) for m, _ in members) if g}
    _add_hints(work, hints, facts, None)
    return work


_MONTH_WORDS = "|".join(m.capitalize() for m in sorted(MONTHS, key=len, reverse=True))


def _state_inside(text: str) -> tuple[int, int] | None:
    """Offsets of a known state's name (two words or more) standing inside a space-joined run
    of capitalised names, with a name before or after it."""
    for name in sorted(load("belligerents")["states"], key=len, reverse=True):
        if " " not in name:
            continue
        for m in re.finditer(rf"(?:(?<=[a-z] )|^){re.escape(name)}(?= [A-Z]|$)", text):
            neighbours = [text[: m.start()].strip(), text[m.end():].strip()]
            if any(len(n.split()) == 1 and not is_state(n) for n in neighbours):
                continue  # `United States Army`: one more word is part of the name, not another member
            if (m.start() > 0 or m.end() < len(text)) and re.fullmatch(r"(?:[A-Z][\w'’-]*\s?)+", text):
                return m.start(), m.end()
    return None


def _flag_caption(text: str) -> int:
    """Where the state's name starts after a flag image's caption (`Merchant flag of Japan
    (1870) Empire of Japan`) or a coat of arms' (`White rose House of York`); 0 when the
    text holds no caption."""
    words = [*load("belligerents")["flag_words"], *load("belligerents")["heraldic_words"]]
    flag = re.search(rf"\b(?:{'|'.join(map(re.escape, words))})\b", text, re.IGNORECASE)
    if not flag:
        return 0
    spaces = [m.start() for m in re.finditer(r" (?=[A-Z])", text) if m.start() >= flag.end()]
    for space in spaces:
        if is_state(text[space + 1:]):  # the longest state's name that ends the text
            return space + 1
    # `White rose House of York`: a caption in lowercase words, then the first capitalised name
    caption = text[flag.end(): spaces[0]] if spaces else ""
    # (a capitalised `Shield` is a word of the name: `Libya Shield Force`)
    lowercase = flag.group()[0].islower()
    return spaces[0] + 1 if spaces and lowercase and "(" not in text and not re.search(r"[A-Z]", caption) and text[0].isupper() else 0


def _new_member_at(text: str) -> int:
    """Where a member named by a people's adjective and a force noun starts inside a
    space-joined run (`Order of Saint John Maltese Militia`): 0 if none."""
    nouns = "|".join(map(re.escape, load("belligerents")["member_force_nouns"]))
    endings = tuple(s for s in load("belligerents")["demonym_suffixes"] if len(s) > 1)
    for m in re.finditer(rf"\s(?P<adj>[A-Z][\w'’-]+)\s+(?:{nouns})\b", text, re.IGNORECASE):
        adj, before = m["adj"], text[: m.start()].split()
        if not (adj in load("belligerents")["demonyms"] or adj.endswith(endings)):
            continue  # `Republic of China Army`: a state's name, not a people's adjective
        if len(before) < 2 or before[-1] in ("of", "the", "and") or before[-1].endswith((*endings, "al")):
            continue  # `Imperial Japanese Army`: the adjective goes on a name
        return m.start() + 1
    # `Maltese Militia Spanish Empire`: a state by its head noun after a force's name
    heads = "|".join(map(re.escape, load("belligerents")["polity_heads"]))
    state = re.search(rf"(?<=\s)[A-Z][\w'’-]+\s+(?:{heads})$", text)
    if state and re.search(rf"\b(?:{nouns})$", text[: state.start()].strip(), re.IGNORECASE):
        return state.start()
    return 0


def _adjective_of(name: str, state: str) -> bool:
    """`French Empire` after `France`: the name opens with the adjective of the state before it
    (the flag of the state, then the member's own name)."""
    adjective = name.split()[0]
    if adjective in _head_nouns():
        return False  # `Kingdom of Navarre` after `Kingdom of France`: a state's head noun, no adjective
    irregular = load("belligerents")["demonyms"].get(adjective, [])
    stem = re.sub(rf"(?:{'|'.join(load('belligerents')['demonym_suffixes'])})$", "", adjective)
    return state in irregular or (len(stem) >= 4 and state.startswith(stem) and " " in name)


@cache
def _head_nouns() -> frozenset[str]:
    """`Kingdom`, `Grand`: the first word of each state's head noun (`Kingdom of ...`, `Grand Duchy of ...`)."""
    return frozenset(h.split()[0] for h in load("belligerents")["polity_heads"])


@cache
def _stem_free_words() -> frozenset[str]:
    """Words of head nouns and kinds' acronyms, lower-cased: shared by states that are not one (`kingdom`, `assr`)."""
    return frozenset(w.lower() for head in [*load("belligerents")["polity_heads"], *load("belligerents")["polity_acronyms"]]
                     for w in head.split())


def _stems(text: str) -> set[str]:
    heads = _stem_free_words()
    return {w[:4].lower() for w in re.findall(r"[A-Z][\w'’-]+", text) if len(w) >= 4 and w.lower() not in heads}


@cache
def _trailing_tag() -> re.Pattern[str]:
    """An editor's tag in brackets or a list template's name at the end of a belligerent."""
    templates = "|".join(map(re.escape, load("belligerents")["template_names"]))
    return re.compile(rf"\s*(?:\[[^\[\]]*\]|\b(?:{templates}))$")


def _flag_then_name(part: Piece, mirrored: bool, named: frozenset[str] = frozenset()) -> Piece:
    """`Kingdom of Sardinia Sardinia`, `Angola FAPLA`, `Spain Royalists`, `Ottoman Empire
    Moldavian insurgents` (no split above): the state's name (or a member `named` before in
    the column), then the member's own (sharing a word with it, an acronym, or a faction's
    name in the plural, or opening with the state's adjective: `Norway Norwegian Navy`). In a value where a mirror is seen
    doing this (`mirrored`), any member after a state's name: `Greece Provisional Democratic
    Government` beside `Bulgaria Bulgaria`. `Palestine Liberation Organization PLO`: a flag
    captioned with the name its acronym stands for, then the acronym."""
    if part.text in known_state_names():
        return part  # `United Kingdom of Great Britain and Ireland`: one known name, not a flag and a member
    doubled = re.fullmatch(r"(?P<name>[A-Z]\S* .*\S) (?P=name)", part.text)
    if doubled:  # `Kingdom of Hejaz Kingdom of Hejaz`: a flag captioned with the member's own name (`Cao Cao` is one word twice: a name)
        return part.sub(len(doubled["name"]) + 1, len(part.text))
    spelled = re.fullmatch(r"(?P<full>(?:[A-Z][\w'’-]*\s+(?:(?:of|the|and|for)\s+)*){2,7})(?P<code>[A-Z]{2,7})", part.text)
    if spelled and "".join(w[0] for w in spelled["full"].split() if w[0].isupper()) == spelled["code"]:
        return part.sub(spelled.start("code"), len(part.text))
    for m in reversed(list(re.finditer(r" (?=[A-Z])", part.text))):  # the longest state's name first
        left, right = part.text[: m.start()], part.text[m.end():]
        acronym = re.fullmatch(r"[A-Z][A-Z0-9.-]{1,7}", right)
        faction = not is_state(right) and bool(re.fullmatch(r"[A-Z][a-z]+s", right) or (
            left in named and re.fullmatch(r"[A-Z][\w'’-]+(?: [a-z]+)* [a-z]+s", right)))  # `Royalists`; `Moldavian insurgents` after its flag's member
        if re.fullmatch(rf"[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)? of (?:the )?{re.escape(left)}", right):
            return part.sub(m.end(), len(part.text))  # `Lorraine Duchy of Lorraine`: a flag captioned with the place the state is of
        if re.search(r"\b(?:of|the|and)$", left) or not (is_state(left) or left in named):
            continue
        if left in load("belligerents")["demonyms"] or re.search(r"(?:ian|ese|ish)$", left):
            continue  # `Russian SFSR`, `Polish Insurgents`: a people's adjective on the name, not a flag's caption
        if _stems(left) & _stems(right) or _adjective_of(right, left) or acronym or faction or (mirrored and (" " in left or left in known_state_names())):
            return part.sub(m.end(), len(part.text))
    return part


def _one_per_flag(parts: list[Piece], mirrored: bool = False, named: frozenset[str] = frozenset()) -> list[Piece]:
    """`Austrian Empire Austria`, `Kingdom of Sardinia Sardinia`, `France France`: a mirror
    renders a flag as its state's name before the member's own name; two neighbours that
    share a word stem are one member, named by the second."""
    out: list[Piece] = []
    for part in (_flag_then_name(p, mirrored, named) for p in parts):
        if out and (_stems(out[-1].text) & _stems(part.text) or _adjective_of(part.text, out[-1].text)):
            out[-1] = part
        else:
            out.append(part)
    return out


@cache
def _support_headers() -> str:
    """`supported by|in cooperation with|...`: the headers of supporters, as an alternation."""
    return "|".join(map(re.escape, sorted(load("belligerents")["glued_support_headers"], key=len, reverse=True)))


@cache
def _inline_support_header() -> re.Pattern[str]:
    """`Basmachi movement Supported by: Saqqawists`: a capitalised header of supporters run into
    one item with the members around it; the item is cut before it."""
    kinds = "|".join(map(re.escape, load("belligerents")["support_kinds"]))
    return re.compile(rf"\s+(?P<header>(?=[A-Z])(?i:(?:(?:{kinds})\s+)?(?:{_support_headers()}))\s*:)(?=\s*[A-Z])")  # `Naval Support:` too


def _cut_before_support_headers(item: Piece) -> list[Piece]:
    """`item` cut before each header of supporters run into it (the header goes with what follows)."""
    cuts = [0, *(m.start("header") for m in _inline_support_header().finditer(item.text)), len(item.text)]
    return [item.sub(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def _cut_after_header(item: Piece) -> list[Piece]:
    """`Islamist groups: 25px Ansar Dine`: a header, then a flag image and its member on the same
    line: the header is an item of its own (a coalition's name or a label), as on a line of its own."""
    m = re.match(r"(?P<head>[^:()]{1,60}):\s+", item.text)
    if m is None or not RESIDUE.match(item.text, m.end()):
        return [item]
    return [item.sub(0, m.end("head") + 1), item.sub(m.end(), len(item.text))]


def _coalition_header(label: str, heads_column: bool = False) -> bool:
    """`Holy League:`, `12 Kings alliance:` name the coalition whose members follow;
    `Until October 1992:` (a period) and `Supported by:` (a header of support) do not.
    `Allies:` names the coalition when it heads the column, the members' allies after one."""
    if not label or re.search(r"\d{3}|\d\s*[–-]", label):
        return False
    if not re.fullmatch(r"(?:\d{1,2}\s+)?[A-Z][\w'’.-]*(?:\s+(?:of|the|and|[A-Z][\w'’.-]*|alliance|league|coalition))*", label):
        return False
    headers = load("belligerents")["side_header_words"]
    if not heads_column:
        headers = headers + load("belligerents")["after_member_header_words"]
    return not any(re.search(rf"\b{re.escape(w)}\b", label, re.IGNORECASE) for w in headers)


def _add_hints(work: _SideWork, hints: list[Hint], facts: ArticleFacts, f: InfoboxField | None) -> None:
    """Flag residue places a side in a belligerent group (`PLA` -> communist)."""
    codes = load("flag_codes")
    for hint in hints:
        group = codes.get(hint.label) or group_of(hint.label)
        if group is None:
            facts.issues.append(Issue("warning", f"unknown flag {hint.label!r} of side {work.side.index}",
                                      f.line if f else None, f.key if f else None))
            continue
        work.groups.add(group)
        if hint.piece.evidence() not in work.side.evidence:
            work.side.evidence.append(hint.piece.evidence())


def _split_states(item: Piece) -> list[Piece]:
    """`Kingdom of France Kingdom of Scotland`, `Dutch Republic Spain`: a comma-less member that
    starts with a state name followed by another capitalised name is two members (wiki
    mirrors join list lines with spaces, or glue them: `Tsardom of RussiaJaxa`); so is one with a known state inside it (`Viet Cong
    North Vietnam Pathet Lao`) or a name closed by its acronym (`Somali National Alliance (SNA)
    Al-Qaeda`)."""
    glued = next((m.start() for m in re.finditer(r"(?<=[a-z])(?=[A-Z][a-z])", item.text) if is_state(item.text[: m.start()])), None)
    if glued:  # `Tsardom of RussiaJaxa`: a state's name glued to the next member's
        return [item.sub(0, glued), *_split_states(item.sub(glued, len(item.text)))]
    new = _new_member_at(item.text)
    if new:
        return [*_split_states(item.sub(0, new).strip(" ")), *_split_states(item.sub(new, len(item.text)))]
    joined = re.search(r"\s+and\s+(?=[A-Z])", item.text)
    left, right = (item.text[: joined.start()], item.text[joined.end():]) if joined else ("", "")
    if joined and item.text not in known_state_names() and is_state(left) and is_state(right) and (
            " of " not in left or right.split()[0] in _head_nouns()):
        # `Holy Roman Empire and Kingdom of Germany`: two states (not `Bosnia and Herzegovina`, one,
        # nor `Kingdom of Great Britain and Ireland`, where `and` goes on after `of`)
        return [*_split_states(item.sub(0, joined.start())), *_split_states(item.sub(joined.end(), len(item.text)))]
    closed = re.search(rf"\b(?:{'|'.join(load('belligerents')['polity_acronyms'])})\s+(?=[A-Z])", item.text)
    if closed:  # `Turkestan ASSR Kirghiz ASSR`: a state's name closed by its kind's acronym, then another
        return [item.sub(0, closed.end()).strip(" "), *_split_states(item.sub(closed.end(), len(item.text)))]
    acronym = re.search(r"\s*\([A-Z][A-Z0-9.-]{1,7}\)\s+(?=[A-Z])", item.text)
    if acronym:
        return [*_split_states(item.sub(0, acronym.start())), *_split_states(item.sub(acronym.end(), len(item.text)))]
    inside = _state_inside(item.text)
    if inside:
        a, b = inside
        parts = [item.sub(0, a), item.sub(a, b), item.sub(b, len(item.text))]
        return [p for part in parts if part.text for p in (_split_states(part) if part.text != item.sub(a, b).text else [part])]
    out = []
    while item.text:
        end = polity_prefix(item.text, state_follows=True)
        if not end:
            break
        out.append(item.sub(0, end))
        item = item.sub(end, len(item.text)).strip(" ")
    return out + ([item] if item.text else [])


def _commanders(n: int, numbered: Fields, facts: ArticleFacts, work: _SideWork,
                belligerents: frozenset[str]) -> None:
    for f in numbered.get("commander", {}).get(n, []):
        # `Shaba I Nathaniel Mbumba`: a mirror can glue the article's own title before names too
        people = split_people(Piece.of(f.value), belligerents | {facts.conflict.name})
        _add_hints(work, people.hints, facts, f)
        for problem in people.problems:
            facts.issues.append(Issue("warning", problem, f.line, f.key))
        for p in people.people:
            facts.commanders.append(Commander(p.name, n, p.piece.evidence(), p.title, p.status, p.names))


def unit_level(name: str) -> str:
    return first_match(load("unit_levels")["order"], name) or "unit"


def _is_unit_name(text: str) -> bool:
    """A proper formation name: capitalised or ordinal words with a unit-level word."""
    words = text.split()
    return unit_level(text) != "unit" and len(words) <= 6 and all(
        w[0].isupper() or re.match(r"\d+(?:st|nd|rd|th)$", w) for w in words)


def _units(n: int, numbered: Fields, facts: ArticleFacts, work: _SideWork) -> None:
    """`Units<N>` items; a unit that belongs to a known belligerent (`National Revolutionary
    Army`) also places its side in that group, as flag residue does."""
    for f in numbered.get("units", {}).get(n, []):
        for raw in (part for split in balanced_split(Piece.of(f.value), r",|\|") for part in split_at_residue(split)):
            stripped = strip_residue(raw.strip(" *|\t"))  # `82nd Airborne Division 20px XXX Corps`: two units
            item = stripped.rest.strip(" *|\t") if stripped.rest is not None else None
            if item is not None and item.text:
                facts.units.append(Unit(item.text, unit_level(item.text), [item.evidence()], side=n))
                group = group_of(item.text)
                if group:
                    work.groups.add(group)


def _figures(stem: str, side: int | None, f: InfoboxField, facts: ArticleFacts) -> None:
    figures, skipped = parse_figures(Piece.of(f.value))
    parents: list[tuple[int, str]] = []  # (depth, unit) of the enclosing order-of-battle items
    for s in skipped:
        if stem == "strength" and side is not None and _is_unit_name(s.piece.text):
            # `***12th Army Corps` in a Strength list names a formation of the side; the
            # bullets' depth gives its parent (`***3rd Field Army` > `****28th Army Corps`).
            while parents and parents[-1][0] >= s.depth:
                parents.pop()
            parent = parents[-1][1] if parents and s.depth else None
            facts.units.append(Unit(s.piece.text, unit_level(s.piece.text), [s.piece.evidence()], side, parent))
            parents.append((s.depth, s.piece.text))
            continue
        keep_raw(facts, f.key, s.piece, s.reason, f.line, side)
    # `Panamanian civilians killed according to, U.S. military: 202, ...`: a description of the whole
    # value (not a header, which governs only its own figures)
    lead = re.split(r"(?=[\d,:;])", f.value.text, maxsplit=1)
    civilian_value = side is None and len(lead) == 2 and lead[1].startswith(",") and _civilians_only(lead[0])
    for fig in figures:
        if civilian_value:  # `Panamanian civilians killed according to, U.S. military: 202, ...`
            keep_raw(facts, f.key, fig.piece, "a figure of civilians, not of a side", f.line, side)
            continue
        if stem == "casualties" and fig.category is None and _unknown_state(fig.piece.text):
            keep_raw(facts, f.key, fig.piece, "a figure of something that is not a casualty category", f.line, side)
            continue
        if side is None and _civilians_only(" ".join(filter(None, (fig.piece.text, fig.unit, fig.count.qualifier)))):
            # `23,002 civilians killed`, `Civilian casualties: 800 killed` in a column after the last
            # side: not a belligerent's figure
            keep_raw(facts, f.key, fig.piece, "a figure of civilians, not of a side", f.line, side)
            continue
        _add_figure(stem, side, fig, facts)


def _civilians_only(text: str) -> bool:
    """`Civilian casualties: 800 killed`, `3 hostages killed`, but not `civilian and military deaths`."""
    return bool(words_in(tuple(load("quantities")["civilian_words"]), text)) and not re.search(
        r"\b(?:military|soldiers|combatants|troops)\b", text, re.IGNORECASE)


def _unknown_state(text: str) -> bool:
    """`15,000 Christian slaves freed`: a participle that names no casualty category means the
    figure counts something else; it is kept as text rather than counted as a total."""
    return bool(re.search(r"\b[a-z]{3,}ed\b", re.sub(r"\([^()]*\)", " ", text)))


def _add_figure(stem: str, side: int | None, fig: Figure, facts: ArticleFacts) -> None:
    evidence = fig.piece.evidence()
    if stem == "strength":
        unit_evidence = fig.unit_piece.evidence() if fig.unit_piece is not None and fig.unit_piece.text else None
        facts.strengths.append(Strength(side, fig.count, evidence, fig.unit, unit_evidence))
    else:
        facts.casualties.append(Casualty(side, fig.category or "total", fig.count, evidence))


def _infer_from_lead(article: Article, work: dict[int, _SideWork]) -> None:
    """Label sides the infobox leaves unnamed (no Combatant keys).

    With two sides where flag residue or members place exactly one in a party of the
    lead's `between X and Y` (`between Communist and Kuomintang (KMT) forces`), the
    other side is the other party. A side with a known group and no members is then
    labelled by the lead's word for it, else by the group's vocabulary label.
    """
    pair = _lead_pair(article)
    parties = set(pair)
    known = [s for s in work.values() if s.groups & parties]
    unknown = [s for s in work.values() if not s.groups & parties]
    if len(work) == 2 and len(known) == 1 and len(unknown) == 1 and len(known[0].groups & parties) == 1:
        other = (parties - known[0].groups).pop()
        unknown[0].groups.add(other)
        if not unknown[0].inferred:
            unknown[0].side.evidence.append(pair[other][1])
    groups = load("belligerents")["groups"]
    for side in work.values():
        if not side.inferred or len(side.groups) != 1:
            continue
        key = next(iter(side.groups))
        label, evidence = pair.get(key, (groups[key]["label"], None))
        side.side.label = label
        if evidence is not None and evidence not in side.side.evidence:
            side.side.evidence.append(evidence)


def _lead_pairs(article: Article) -> list[tuple[Piece, Piece, Piece]]:
    """Every `between X and Y` of the lead: the two parties and the span holding them."""
    nouns = "|".join(load("belligerents")["lead_force_nouns"])
    out = []
    for sentence in (s for s in article.sentences if s.section == -1):
        piece = Piece.of(sentence.span)
        for m in re.finditer(r"\bbetween\s+(?:the\s+)?(?:(?:forces|armies|troops)\s+of\s+(?:the\s+)?)?", piece.text):
            first = name_run(piece.text, m.end(), joins_and=False)
            if not first:
                continue
            rest = re.match(rf"(?:\s*\([^()]*\))?(?:\s+(?:{nouns}))?\s+and\s+(?:the\s+)?", piece.text[first[1]:])
            if not rest:
                continue
            second = name_run(piece.text, first[1] + rest.end(), joins_and=False)
            if second:
                out.append((piece.sub(*first), piece.sub(*second), piece.sub(m.start(), second[1])))
    return out


def _lead_pair(article: Article) -> dict[str, tuple[str, Evidence]]:
    """The two parties of the first lead sentence saying `between X and Y`, by group."""
    for a, b, span in _lead_pairs(article):
        ga, gb = _group_within(a.text), _group_within(b.text)
        if ga and gb and ga != gb:
            return {ga: (a.text, span.evidence()), gb: (b.text, span.evidence())}
    return {}


def _name_other_side(article: Article, work: dict[int, _SideWork]) -> None:
    """Two sides, one named by the infobox and one not: a lead `between X and Y` whose one
    party is exactly a name of the named side gives the other side its label
    (`... between the British Empire and the Zulu Kingdom`, side 2 `Zulu Kingdom`)."""
    if len(work) != 2:
        return
    unnamed = [w for w in work.values() if w.inferred and w.side.label.startswith("Side ")]
    named = [w for w in work.values() if not w.inferred]
    if len(unnamed) != 1 or len(named) != 1:
        return
    names = {n.lower() for n in [named[0].side.label] + [m for m, _ in named[0].side.members]}
    for a, b, span in _lead_pairs(article):
        hits = [p.text.lower() in names for p in (a, b)]
        if hits.count(True) == 1:
            other = b if hits[0] else a
            if other.text.lower() in names or group_of(other.text) in named[0].groups - {None}:
                continue
            unnamed[0].side.label = other.text
            unnamed[0].side.evidence.append(span.evidence())
            return


_VICTORY = re.compile(r"(?P<adj>(?:[^,;.:*]|(?<=[A-Z])\.)*?)\s*\b[Vv]ictory\b(?:\s+(?:for|of)\s+(?:the\s+)?(?P<for>[^,;.:*()]+))?")


def _victor(facts: ArticleFacts, work: dict[int, _SideWork]) -> None:
    """The side the Result names as winner: `X victory` or `victory for X`, where X is a
    belligerent group, a side's label or member (or several members of one side: `Lakota,
    Northern Cheyenne and Arapaho victory`), or a demonym of one (`British` -> Great
    Britain). Only when exactly one side matches."""
    if facts.conflict.result is None:
        return
    evidence = facts.conflict.result[1]
    m = _VICTORY.search(evidence.quote)
    if not m:
        return
    first = _winner(_victory_phrase(m), work)
    later = [_winner(phrase, work) for other in _VICTORY.finditer(evidence.quote, m.end()) if (phrase := _victory_phrase(other))]
    if any(w is not None and w is not first for w in later):
        return  # `Moroccan victory in Ifni, French and Spanish victory in the Sahara`: each side won somewhere
    phrase = _victory_phrase(m)
    winner = _winner(phrase, work) if phrase else None
    if winner is not None:
        _set_victor(work, winner, evidence, m)


def _victory_phrase(m: re.Match[str]) -> str:
    """Who a `X victory` / `victory for X` match names, without modifiers (`decisive`) and
    without who led the winner (`Việt Minh-led Democratic Republic of Vietnam victory`)."""
    modifiers = set(load("belligerents")["victory_modifiers"])
    words = [w for w in m["adj"].split() if w.lower() not in modifiers]
    led = max((i for i, w in enumerate(words) if re.search(r"-(?:led|backed|supported)$", w)), default=None)
    if led is not None:
        words = words[led + 1:]
    return " ".join(words) or (m["for"] or "").strip()


def _winner(phrase: str, work: dict[int, _SideWork]) -> _SideWork | None:
    groups = {group_of(phrase)} - {None}
    if groups:
        winners = [w for w in work.values() if w.groups & groups]
        if winners:
            return winners[0] if len(winners) == 1 else None
    named = _sides_named_by(phrase, work) or _sides_by_demonym(phrase, work) or _sides_by_initials(phrase, work)
    if len(named) == 1:  # `Sun Quan victory` / `Yuan victory` with a side `Yuan dynasty`
        return named[0]
    words = phrase.split()
    if (not named and len(words) == 2 and words[1][:1].isupper()
            and (words[0] in load("belligerents")["demonyms"] or re.search(r"(?:an|ese|ish|ic|ite)$", words[0]))):
        # `Spanish Royalist victory`: a people's adjective naming one side, then which of its factions
        by_people = _sides_by_demonym(words[0], work)
        if len(by_people) == 1:
            return by_people[0]
    # `Polish–Lithuanian victory`, `Lakota, Northern Cheyenne and Arapaho victory`: the parts
    # that name a group or a member all name one side (`French-Indian victory`: `Indian`
    # names no listed belligerent, `French` names side 1)
    parts = [p for p in re.split(r"(?<!\b[Pp]ro)(?<!\b[Aa]nti)(?<!\b[Nn]on)\s*[–—/-]\s*|,\s*(?:and\s+)?|\s+and\s+", phrase) if p]
    if len(parts) < 2:
        return None
    sides: set[int] = set()
    for part in parts:
        group = group_of(part)
        by_part = ([w for w in work.values() if group in w.groups] if group else []) or _sides_named_by(part, work) or _sides_by_demonym(part, work)
        if len(by_part) > 1:
            return None
        sides.update(w.side.index for w in by_part)
    return work[sides.pop()] if len(sides) == 1 else None


def _sides_by_demonym(phrase: str, work: dict[int, _SideWork]) -> list[_SideWork]:
    """Sides with a member named by the adjective `phrase` (one word): the vocabulary's
    irregular demonyms (`French` -> France), else the adjective's stem starting a word of the
    member (`British` -> Great Britain, `Ethiopian` -> Ethiopian Empire, `Genoese` -> Genoa)."""
    if not phrase[:1].isupper():
        return []
    words = phrase.split()
    if len(words) == 2 and words[1][:1].isupper():  # `North Vietnamese` -> North Vietnam: the first word stays in the name
        return [w for w in _sides_by_demonym(words[1], work)
                if any(words[0] in re.split(r"[\s–-]+", n) for n in [w.side.label] + [m for m, _ in w.side.members])]
    if len(words) > 1:
        return []
    irregular = load("belligerents").get("demonyms", {}).get(phrase, [])
    stem = re.sub(rf"(?:{'|'.join(load('belligerents')['demonym_suffixes'])})$", "", phrase)
    found = []
    for w in work.values():
        names = [w.side.label] + [m for m, _ in w.side.members]
        tokens = {t for n in names for t in re.split(r"[\s–-]+", n)}
        if any(n in names or n in tokens for n in irregular) or (
                len(stem) >= 4 and any(t.startswith(stem) for t in tokens)):
            found.append(w)
    return found


def _sides_by_initials(phrase: str, work: dict[int, _SideWork]) -> list[_SideWork]:
    """Sides with a member whose initials the capitals of `phrase` are: `PRC` -> People's
    Republic of China (its capitalised words), `ROC` -> Republic of China (every word)."""
    if not re.fullmatch(r"[A-Z]{2,6}", phrase):
        return []
    return [w for w in work.values() if any(phrase in _initials(m) for m, _ in w.side.members)]


def _initials(name: str) -> set[str]:
    """`People's Republic of China` -> {`PRC`, `PROC`}: the initials of its capitalised words and of every word."""
    words = re.findall(r"[^\W\d_][\w'’]*", name)
    return {"".join(w[0] for w in words if w[0].isupper()), "".join(w[0].upper() for w in words)}


def _sides_named_by(phrase: str, work: dict[int, _SideWork]) -> list[_SideWork]:
    """Sides whose label, a member or a member's other name in the cell contains every word of
    a capitalised result phrase: exact names first (`Sun Quan`), then word containment (`Jin` in `Eastern Jin dynasty`)."""
    words = phrase.split()
    names = {w.side.index: [w.side.label] + [m for m, _ in w.side.members] + sorted(w.aliases) for w in work.values()}
    exact = [w for w in work.values() if phrase.lower() in {n.lower() for n in names[w.side.index]}]
    if exact:
        return exact
    if not words or not all(w[:1].isupper() for w in words):
        return []
    wanted = {t.lower() for w in words for t in re.split(r"[–-]+", w) if t}  # `Pro-Treaty` in `pro-Treaty forces`
    return [w for w in work.values()
            if any(wanted <= {t.lower() for t in re.split(r"[\s–-]+", n)} for n in names[w.side.index])]


def _set_victor(work: dict[int, _SideWork], winner: _SideWork, evidence: Evidence, m: re.Match[str]) -> None:
    start = m.start("adj") + len(m["adj"]) - len(m["adj"].lstrip())
    span = Evidence(evidence.start + start, evidence.start + m.end(), evidence.quote[start: m.end()])
    for w in work.values():
        w.side.victor = w is winner
        w.side.victor_evidence = span
