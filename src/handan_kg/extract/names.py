"""Person lists and alternative names.

Commander values are lists written in many ways: comma lists, `*` bullets, space-run
lists without commas (`Liu Zhi Du YumingPOW Huang WeiPOW`), `---- ` separators, flag
residue (`22px|PLA Liu Bocheng`), honorifics (`Grand Master Ulrich von Jungingen`) and
role descriptions after a name (`King Władysław II Jagiełło, supreme commander`).

Space-run heuristic (documented, see docs/extract.md): glued status marks (`KIA`, `POW`,
...) end a name; a remaining run of 4+ capitalised tokens with an even count and no
lowercase particles (`von`) or Roman numerals is read as two-token names (`Du Yuming Bai Chongxi` ->
`Du Yuming`, `Bai Chongxi`), the dominant shape of such runs (East Asian and
given-name/surname pairs). Runs that do not fit are kept whole and reported.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache

import pycountry

from handan_kg.extract.pieces import Piece, balanced_split
from handan_kg.extract.residue import (
    ITEM_PIPE,
    Hint,
    glued_polity,
    is_state,
    known_state_names,
    polity_prefix,
    split_at_residue,
    state_name_at_start,
    strip_residue,
    word_follows_capitalised,
)
from handan_kg.extract.vocab import first_match, load
from handan_kg.facts import Name

_ROMAN = re.compile(r"^[IVXLC]+$")


@cache
def _generational() -> str:
    """`Jr|Sr`: the generational suffixes as an alternation."""
    return "|".join(map(re.escape, load("titles")["generational_suffixes"]))


@cache
def _suffix() -> re.Pattern[str]:
    return re.compile(rf"^(?:{_generational()})\.,?$")


@cache
def _initial() -> re.Pattern[str]:
    return re.compile(rf"^(?:[A-Z]\.|(?:{_generational()})\.,?)$")


@dataclass(frozen=True)
class PersonMention:
    name: str
    piece: Piece
    title: str | None = None
    status: str | None = None
    names: tuple[Name, ...] = ()  # other-script names given in parentheses


@dataclass(frozen=True)
class PersonList:
    people: list[PersonMention]
    hints: list[Hint]  # side hints from flag residue (`PLA`)
    problems: list[str]


def _status_pattern() -> re.Pattern[str]:
    marks = "|".join(re.escape(m) for m in sorted(load("status_marks"), key=len, reverse=True))
    # Glued (`Du YumingPOW`), as a separate last word (`Bakatu KIA`), or in parentheses inside a
    # space-joined run (`Romanos IV (POW) Nikephoros Bryennios`).
    # A dagger is never part of a name, so it ends one wherever it stands (`Louis II † Pál Tomori`).
    return re.compile(rf"(?:(?<=[^\sA-Z])|(?<=[^\sA-Z] )|(?<=[^\sA-Z]  ))(?P<mark>{marks})\??(?=\s|$|[,.;])"  # `DOW?`: a mark the page doubts
                      rf"|\s*\((?P<pmark>{marks})(?:\)(?=\s+[A-Z])|$|(?=[A-Z][a-z]+$))|\s*(?P<dagger>†)(?=\s|$|[,.;])"  # `(POW` left open too
                      # `Charles XIIWIA`: glued after a regnal number
                      rf"|(?<=\b[IVXL])(?<![a-z][IVXL])(?P<rmark>{marks})(?=\s|$|[,.;])"
                      rf"|(?<=[IVXL]{{2}})(?<![a-z][IVXL]{{2}})(?P<rmark2>{marks})(?=\s|$|[,.;])")


@cache
def _honorifics() -> tuple[str, ...]:
    """The honorifics, longest first (so `Maj. Gen.` wins over `Maj.`), sorted once."""
    return tuple(sorted(load("titles")["honorifics"], key=len, reverse=True))


@cache
def _honorific_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Each honorific, longest first, as a pattern for the title and the space after it; an
    abbreviation (`Maj. Gen.`) also matches in capitals, with any of its dots left out and
    without the space after an inner dot (`Maj. Gen Hamid Khan`, `Rear Adm Pavlos
    Kountouriotis`, `Lt.Col. Gao Huanchang`)."""
    out = []
    for title in _honorifics():
        if "." in title:
            # `Lt.Col. Gao Huanchang`: the space after an inner dot may be left out too
            inner = re.escape(title).replace(r"\.", r"\.?").replace(r"\.?\ ", r"\.?\s*")
            out.append((title, re.compile(inner + r"\s+", re.IGNORECASE)))
        else:
            out.append((title, re.compile(re.escape(title) + r"\s+")))
    return out


def split_people(value: Piece, belligerents: frozenset[str] = frozenset()) -> PersonList:
    """Read a Commander value into person mentions (name, title, status) with spans.

    `belligerents` are the article's own combatant names: a mirror renders a flag icon
    before a commander as its caption, which is often one of them (`Yugoslav Partisans Josip
    Broz Tito`), a name no general list of states holds."""
    problems: list[str] = []
    people: list[PersonMention] = []
    hints: list[Hint] = []
    sep = r",|;|-{2,}|\s(?:\.\.\.|…)\s*|(?:\.\.\.|…)|" + ITEM_PIPE + r"|<br\s*/?\s*>"
    drop = {w.lower() for w in load("titles")["drop_items"]}
    # `Abdelkader Hachani (POW, Anwar Haddam`: a parenthesis the mirror never closed does not hold the rest
    pieces = balanced_split(value, sep) if value.text.count("(") == value.text.count(")") else value.split(sep)
    items = [person for item in pieces for sub in split_at_residue(item) for person in _successor(sub)]
    codes = _repeated_codes(value.text)
    if codes:
        cut = [_split_at_codes(item, codes) for item in items]
        items = [part for parts, _ in cut for part in parts]
        hints.extend(hint for _, found in cut for hint in found)
    for item in items:
        stripped = strip_residue(_trimmed(item, " *|.\u2022\t"))
        hints.extend(stripped.hints)
        if stripped.rest is None:
            if item.text.strip(" *|") and not stripped.hints:
                problems.append(f"flag residue in {item.text!r} cannot be separated from the name")
            continue
        item = _trimmed(stripped.rest, " *|.\u2022\t#‡§")  # `Suleiman I #`: a footnote symbol, not a status
        anchor = re.search(r"\s#(?=[A-Z])", item.text)
        if anchor:  # `Kings of Mandor #Kakka`: a link to a section of another page; the section names the person
            problems.append(f"link text {item.text[:anchor.start()]!r} before a commander not kept")
            item = item.sub(anchor.end(), len(item.text))
        lowered = re.match(r"([a-z][a-z-]*)\s+(?=\S)", item.text)
        if lowered and lowered.group(1).capitalize() in _honorifics():  # `imam al-Jazuli`: a title written in lower case
            item = item.sub(lowered.end(), len(item.text))
        mark = re.search(r"\^\{[^{}]*\}$", item.text)
        if mark:  # `Belshazzar^{?}`: a superscript mark the rendering left, not part of the name
            item = item.sub(0, mark.start()).strip(" ")
        nickname = re.search(r"\s+[\"“][^\"“”]+[\"”]$", item.text)
        if nickname:  # `António França "N'dalu"`: a nom de guerre after the name is not part of it
            item = item.sub(0, nickname.start())
        if item.text.endswith(")") and "(" not in item.text:  # `Nguyễn Ánh)`: a parenthesis the mirror cut open
            item = item.sub(0, len(item.text) - 1).strip(" ")
        mark = re.search(r"\s{2,}X$|\s*[×✕]$", item.text)
        if mark:  # `Mohamed Boudiaf  X` (an icon's text, set apart; `Malcolm X` is a name): a mark we cannot read
            problems.append(f"mark {mark.group().strip()!r} after {item.text[:mark.start()]!r} not kept")
            item = item.sub(0, mark.start())
        glued = _glued_state(item.text)  # `Kingdom of FranceVillars`: a flag's name glued to the person's
        if glued:
            hints.append(Hint(item.text[:glued], item.sub(0, glued)))
            item = item.sub(glued, len(item.text))
        prefix = polity_prefix(item.text) or _state_before_particle(item.text) or _belligerent_prefix(item.text, belligerents)
        prefix = prefix or _code_before_title(item.text)
        if (prefix and " " not in item.text[:prefix] and len(item.text[prefix:].split()) < 2 and not _flags_full_names(item.text[:prefix], items)
                and item.text[prefix:].strip().lower() not in drop):  # (`China Unknown`: a flag's caption, then no name)
            prefix = 0  # `Israel Tal`, `Zhao Qian`: a one-word state name before one word is a given name
        if prefix:  # `Kingdom of Italy Oreste Baratieri`: the flag icon rendered as the state's name
            hints.append(Hint(item.text[:prefix], item.sub(0, prefix)))
            item = item.sub(prefix, len(item.text)).strip(" ")
        if not item.text or item.text.lower() in drop:
            continue
        if item.text.split()[0].lower() in load("titles")["group_quantifiers"]:
            problems.append(f"{item.text!r} names a group, not a person")
            continue
        if item.text in belligerents or is_state(item.text):  # `Ottoman Empire,` alone: a flag's caption
            hints.append(Hint(item.text, item))
            continue
        label = re.match(r"^(?:[A-Z][a-z]+(?: [a-z]+)?|[A-Z]{2,5}):\s+(?=[^\W\d_])", item.text)  # `CIC:` too
        if label and item.text[label.end()].isupper():  # `Army: Kuroda Kiyotaka`, `President: Enomoto Takeaki`: the column's label before the person
            problems.append(f"label {item.text[:label.end()].strip()!r} before a commander not kept")
            item = item.sub(label.end(), len(item.text))
        described = re.fullmatch(r"(?P<name>[A-Z][^:()]*?):\s+(?P<role>[A-Za-z][a-z][\w\s-]*)", item.text)
        if described and _role_description(described["role"].lower()) is not None:
            # `Tokugawa Ieyasu: Overall commander`: the person, then what he was
            role = described["role"]
            item = item.sub(0, len(described["name"]))
            people.extend(replace(p, title=role) for p in _names_in_run(item, None, problems, pairs=False))
            continue
        if item.text.endswith(":"):  # `Main:`, `Reinforcement:`: a group label, not a person
            problems.append(f"label {item.text!r} among commanders not kept")
            continue
        suffix = re.match(rf"^(?:{_generational()})\b\.?,?\s*", item.text)
        if suffix and people:  # `William Halsey, Jr. Sir Bernard Rawlings`, `..., Jr.`: the suffix ends the name before
            last = people[-1]
            end = item.start + len(suffix.group().rstrip(" ,"))
            span = value.text[last.piece.start - value.start: end - value.start]
            people[-1] = replace(last, name=f"{last.name}, {suffix.group().strip(' ,.')}.", piece=Piece(last.piece.start, end, span))
            item = item.sub(suffix.end(), len(item.text))
            if not item.text:
                continue
        if item.text in load("status_marks"):
            if people and people[-1].status is None and people[-1].piece.end <= item.start:
                # `Adam Ludwig Lewenhaupt, POW`: the mark of the name before it
                people[-1] = replace(people[-1], status=load("status_marks")[item.text])
            else:  # `Chen ChangjiePOW, KIA`: a second mark; the name is missing
                problems.append(f"status mark {item.text!r} without a name")
            continue
        if people and re.match(rf"^\d+(?:st|nd|rd|th)\s+(?:{'|'.join(map(re.escape, _honorifics()))})\b", item.text):
            last = people[-1]  # `Thomas de Scales, 7th Baron Scales`: the peerage is part of the name
            people[-1] = replace(last, name=f"{last.name}, {item.text}")
            continue
        lord = re.fullmatch(r"Lord (?P<name>[A-Z][\w'’-]+)", item.text)
        if lord and people and re.search(rf"\b{re.escape(lord['name'])}\b", people[-1].name):
            continue  # `John French, 1st Earl of Ypres, Lord French`: how the same peer was called
        if (lord and people and people[-1].name in load("titles")["given_names"] and people[-1].title is None
                and people[-1].piece.end <= item.start):  # (not `Prince Rupert, Lord Astley`: two people)
            last = people[-1]  # `Robert, Lord Maxwell`: a given name alone, then the peer's style: one person
            span = value.text[last.piece.start - value.start: item.end - value.start]
            people[-1] = replace(last, name=f"{last.name}, {item.text}", piece=Piece(last.piece.start, item.end, span))
            continue
        if people and re.fullmatch(r"the [A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?", item.text):
            last = people[-1]  # `Edward, the Black Prince`: an epithet is part of the name
            span = value.text[last.piece.start - value.start: item.end - value.start]
            people[-1] = replace(last, name=f"{last.name}, {item.text}", piece=Piece(last.piece.start, item.end, span))
            continue
        designation = re.match(rf"^({'|'.join(map(re.escape, _honorifics()))}) of (?:the )?(?P<initial>\w)", item.text) or re.match(
            rf"^({'|'.join(load('titles')['bare_designations'])}) (?P<initial>[A-Z])[\w'’-]*(?:\s+\S+)?$", item.text)  # `Viscount Lisle`
        if people and designation and designation["initial"].isupper() and _takes_designation(people[-1], designation.group(1)):
            # a ruler's or a peer's designation (`Henry I, Duke of Brabant`, `Charles de Rohan, Prince of
            # Soubise`); an office (`Al-Ashraf Musa, Emir of Homs`) stays his title
            parts = _status_split(item) or [(item, None)]
            part, status = parts[0]
            part, paren_status, _ = _parenthesis(part, problems)  # `..., Duke of Lorraine (POW)`
            status = status or paren_status
            last = people[-1]  # `Henry I, Duke of Brabant`: a ruler's designation is part of his name
            span = value.text[last.piece.start - value.start: part.end - value.start]
            people[-1] = replace(last, name=f"{last.name}, {part.text}", piece=Piece(last.piece.start, part.end, span),
                                 status=status or last.status)
            for rest, rest_status in parts[1:]:  # `Duke of Brunswick † Frederick Louis`: the next person
                for person in _split_at_honorifics(rest):
                    people.extend(_names_in_run(person, rest_status, problems, pairs=False))
            continue
        if re.fullmatch(r"(?:Royal )?(?:Coat of a|A)rms of (?:the )?[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?", item.text):
            continue  # `Arms of Campbell`: a coat of arms' caption left by a mirror, not a person
        if re.match(r"^\d+(?:st|nd|rd|th)\b", item.text):  # `1st Battalion, 7th Cavalry`: a unit, not a person
            problems.append(f"unit {item.text!r} among commanders not kept")
            continue
        marked = _status_split(item)
        role = _role_description(marked[0][0].text) if len(marked) == 1 else None
        if role is not None:
            if people:  # `J. H. Mooers, Surgeon†`: what the person before was, and what became of him
                last = people[-1]
                title = f"{last.title}; {role}" if last.title else role
                people[-1] = replace(last, title=title, status=last.status or marked[0][1])
            else:
                problems.append(f"role {item.text!r} follows no name")
            continue
        for part, status in _status_split(item):
            persons = [p for person in _split_at_honorifics(part) for titled in _split_after_titles(person)
                       for regnal in _split_after_regnal(titled) for p in _split_at_family_names(regnal, belligerents)]
            for i, person in enumerate(persons):
                # a mirror's list joined by spaces (one run, or runs between `----` rules); a glued
                # status mark is the last person's (`Duke of Exeter Earl of NorthumberlandKIA`)
                runs = len(items) == 1 or "--" in value.text
                people.extend(_names_in_run(person, status if i == len(persons) - 1 else None, problems,
                                            pairs=runs or len(person.text.split()) >= 6))
    short = [p for p in people if any(_short_form(p.name, q.name) for q in people)]
    problems.extend(f"{p.name!r} is the short form of another name in the list: one person" for p in short)
    return PersonList([p for p in people if p not in short], hints, problems)


def _trimmed(item: Piece, chars: str) -> Piece:
    """`item` without the `chars` around it, but a generational suffix keeps its period
    (`William F. Halsey Jr.`: the period is the abbreviation's, not punctuation)."""
    trimmed = item.strip(chars)
    rest = item.text[trimmed.end - item.start:]
    if rest.startswith(".") and re.search(rf"\b(?:{_generational()})$", trimmed.text):
        return item.sub(trimmed.start - item.start, trimmed.end - item.start + 1)
    return trimmed


def _short_form(name: str, other: str) -> bool:
    """`Hubert Carse` beside `Hubert Edward Carse`: the same person, named twice by a mirror
    (not `Abu Iyad` beside `Abu Ali Iyad`: a name opened by a kinship word is two people)."""
    a, b = name.split(), other.split()
    return (1 < len(a) < len(b) and a[0] == b[0] and a[-1] == b[-1] and set(a) <= set(b)
            and a[0] not in load("titles")["kinship_words"])


def _flags_full_names(word: str, items: list[Piece]) -> bool:
    """`Wallachia Tudor Ghencea, ..., Wallachia Hadži-Prodan`: a one-word state name that also
    stands before full names (two words or more) of the same value is a flag's caption."""
    marks = load("status_marks")
    return any(len([w for w in other.text.strip(" *").split() if w not in marks]) > 2
               for other in items if other.text.strip(" *").startswith(word + " "))


def _belligerent_prefix(text: str, belligerents: frozenset[str]) -> int:
    """Length of one of the article's belligerent names, or of the code of capitals that opens
    one (`VOC` of `VOC Dutch East India Company`), that starts `text` before a capitalised name."""
    codes = {b.split()[0] for b in belligerents if re.fullmatch(r"[A-Z]{2,5}", b.split()[0]) and len(b.split()) > 2}
    return max((len(b) for b in belligerents | codes if len(b) > 2 and text.startswith(b) and word_follows_capitalised(text[len(b):])),
               default=0)


def _code_before_title(text: str) -> int:
    """`USA Rear Adm. Anthony Less`, `IRIN Commodore Ali Shamkhani`: a code of capitals before a
    rank or title is a flag's code that a mirror left as text (a name never starts so)."""
    titles = "|".join(re.escape(t) for t in _honorifics())
    m = re.match(rf"[A-Z]{{2,5}}(?=\s+(?:{titles})(?:\s|$))", text)
    return m.end() if m and _flag_code(m.group()) else 0


def _successor(item: Piece) -> list[Piece]:
    """`Lord Raglan (later replaced by General Simpson)`: the successor commanded the side too,
    so he is a person of his own after the first."""
    m = re.search(r"\s*\((?:later\s+)?(?:replaced|succeeded|relieved)\s+by\s+(?P<who>[^()]+)\)\s*$", item.text)
    if not m:
        return [item]
    return [item.sub(0, m.start()), item.sub(m.start("who"), m.end("who"))]


def _repeated_codes(text: str) -> set[str]:
    """`INA Ario Soerjo INA Sutomo`, `UK A.W.S. Mallaby UK Robert Mansergh`: a code of capitals
    standing before two or more names of one value is a flag's code that a mirror left as
    text (status marks such as `KIA`, Roman numerals and parenthesised labels are not codes)."""
    tokens = re.findall(r"(?<![\w.(])[A-Z]{2,5}(?![\w.)])", text)  # `Sidatt (FLNA)`: a faction's label, not a flag's code
    return {t for t in set(tokens) if tokens.count(t) >= 2 and _flag_code(t)}


def _flag_code(token: str) -> bool:
    """Capitals that can be a flag's code: not a Roman numeral, not a status mark (`KIA`)."""
    return not _ROMAN.match(token) and token not in load("status_marks")


def _split_at_codes(item: Piece, codes: set[str]) -> tuple[list[Piece], list[Hint]]:
    """The item cut at each flag code, without the codes; the codes as side hints."""
    pattern = r"(?<![\w.])(?:" + "|".join(map(re.escape, sorted(codes))) + r")(?![\w.])"
    found = list(re.finditer(pattern, item.text))
    hints = [Hint(m.group(), item.sub(m.start(), m.end())) for m in found]
    bounds = [0, *(x for m in found for x in (m.start(), m.end())), len(item.text)]
    parts = [item.sub(a, b).strip(" ") for a, b in zip(bounds[::2], bounds[1::2])]
    return [p for p in parts if p.text.strip(" ,")], hints


def _takes_designation(person: PersonMention, rank: str) -> bool:
    """Whether `, Duke of Brabant` after `person` is part of that person's name: after a ruler
    (`Henry I`; not `Pedro II, Baron of Caxias`: no ruler is styled a baron) or a peer's full name (`Charles de Rohan, Prince of Soubise`) or a lone given
    name (`Philip, Count of Eu`, not `Schulenburg, Earl of Orkney`); never a second designation (`Charles IV, Duke of Alençon,
    Marquess of Saluzzo`: the marquess is another person) nor after a name that already holds
    a rank (`Edward the Black Prince, Earl of Northampton`)."""
    words = person.name.split()
    ranks = {w for h in _honorifics() for w in h.split()}
    if "," in person.name or any(w in ranks for w in words[1:]):
        return False
    if _ROMAN.match(words[-1]):
        return rank not in load("titles")["subject_peerages"]
    peer = rank in load("titles")["peerages"] and person.title is None
    return peer and (len(words) >= 2 or person.name in load("titles")["given_names"])


def _glued_state(text: str) -> int:
    """Length of a state's name (known, or by its head noun: `Habsburg Monarchy`) glued,
    without a space, to a capitalised name after it."""
    known = next((len(n) for n in known_state_names() if text.startswith(n) and len(text) > len(n) and text[len(n)].isupper()), 0)
    return known or glued_polity(text)


def _state_before_particle(text: str) -> int:
    """`Kingdom of France d'Estrées`, `Province of Hanover von Wendt`: a state's name before a
    name that starts with a particle (which `polity_prefix` does not take for a name)."""
    particles = load("titles")["particles"]
    for end in state_name_at_start(text):
        if re.match(rf" (?:{'|'.join(map(re.escape, particles))}|d'|d’)\s?[A-Z]", text[end:]):
            return end
    return 0


def _role_description(text: str) -> str | None:
    """`supreme commander`, `Lithuanian commander`, `Emir of Homs` describe the previous name."""
    roles = sorted(load("titles")["roles"], key=len, reverse=True)
    words = text.split()
    lowered = text.lower()
    for role in roles:
        if lowered.endswith(role) and len(words) <= len(role.split()) + 2:
            head = text[: len(text) - len(role)].split()
            if not head or text[0].islower() or all(w[0].isupper() for w in head) and len(head) == 1:
                return text
    peerages = set(load("titles")["peerages"])
    for title in _honorifics():
        if title not in peerages and re.match(rf"^{re.escape(title)} of [A-Z]", text):
            return text
    return None


def _status_split(item: Piece) -> list[tuple[Piece, str | None]]:
    """Cut an item after every glued status mark: `Huang WeiPOW Huang BaitaoKIA`."""
    marks = load("status_marks")
    out, pos = [], 0
    for m in _status_pattern().finditer(item.text):
        out.append((item.sub(pos, m.start()).strip(" "), marks[m["mark"] or m["pmark"] or m["dagger"] or m["rmark"] or m["rmark2"]]))
        pos = m.end()
    rest = item.sub(pos, len(item.text))
    if rest.text:
        out.append((rest, None))
    return [(p.strip(" "), s) for p, s in out if p.text.strip()]


def _names_in_run(part: Piece, status: str | None, problems: list[str], pairs: bool = True) -> list[PersonMention]:
    """The people of one item. Only in a space-joined run (`pairs`: the whole value, runs
    between `----` rules, or six tokens and more) is a run of 4, 6, ... capitalised tokens
    read as two-token names; in a comma list a four-token item is one person (`Mir Jafar
    Ali Khan`)."""
    whole = part  # evidence keeps the parenthesis that gives the other-script name
    link = re.search(r"\s*\[[a-z]{2,3}\]$", part.text)
    if link and link.start() > 0:  # `Nicolae Șova [ro]`: a link to another language's article
        part = whole = part.sub(0, link.start())
    if part.text.strip("() ").lower() in load("titles")["remarks"]:
        problems.append(f"remark {part.text!r} without a name not kept")  # `... Barclay +, Surrendered`
        return []
    part, paren_status, names = _parenthesis(part, problems)
    status = status or paren_status
    title, titled = _title(part)
    kept = _cut_prose(titled, problems)
    if kept is None:
        return []
    body = kept
    tokens = list(re.finditer(r"\S+", body.text))
    # initials and suffixes (`Chester W. Nimitz`, `William Halsey, Jr.`) ride with their name
    core = [t for t in tokens if not _initial().match(t.group())]
    splittable = (
        pairs
        and title is None
        and len(core) >= 4
        and len(core) % 2 == 0
        and all(t.group()[0].isupper() and not _ROMAN.match(t.group()) for t in tokens)
        and not _initial().match(tokens[0].group())
    )
    if not splittable:
        capitalised = [t for t in tokens if t.group()[0].isupper() and not _ROMAN.match(t.group())]
        if len(capitalised) > load("titles")["max_name_tokens"] or [t.group() for t in tokens].count("of") > 1:
            parts = _split_at_given_names(body)
            if parts is None:
                problems.append(f"name run {body.text!r} not kept (cannot split safely)")
                return []
            problems.append(f"name run {body.text!r} split at given names")
            return [PersonMention(p.text, p, title if i == 0 else None, status if i == len(parts) - 1 else None)
                    for i, p in enumerate(parts)]
        if body.text.split()[-1:] and body.text.split()[-1] in load("titles")["organisation_heads"]:
            problems.append(f"{body.text!r} among commanders names a group, not kept")  # `Reform Committee`
            return []
        if re.search(r"[\d/:]", body.text):  # `Lê Xuân Phôi 8/66`: a unit's number beside the name
            problems.append(f"{body.text!r} among commanders holds a unit's number, not kept")
            return []
        return [PersonMention(body.text, whole, title, status, names)] if body.text else []
    out = []
    for i in range(0, len(core), 2):
        end = core[i + 1].end()
        after = tokens.index(core[i + 1]) + 1
        while after < len(tokens) and _suffix().match(tokens[after].group()):
            end, after = tokens[after].end(), after + 1
        piece = body.sub(core[i].start(), end)
        last = i + 2 == len(core)
        out.append(PersonMention(piece.text.rstrip(","), piece, None, status if last else None))
    return out


def _parenthesis(part: Piece, problems: list[str]) -> tuple[Piece, str | None, tuple[Name, ...]]:
    """`Que Hanqian (阙汉骞)` -> other-script name; `Romanos IV (POW)` -> status; `Mir Jafar
    (defector)`, `Melchior Aymerich Surrendered` -> a remark, dropped and reported; else reported."""
    remarks = "|".join(load("titles")["remarks"])
    # `Sancho VII of Navarre-right wing`: where the commander stood, glued by a hyphen
    remark = re.search(rf"\s*(?:\((?:{remarks})\)|\b(?i:{remarks})|(?<=[a-z])-(?:[a-z]+ )?(?:wing|center|centre|flank|rear|vanguard|reserve))\s*$", part.text)
    if remark and remark.start() > 0:
        problems.append(f"remark {part.text[remark.start():].strip()!r} after {part.text[:remark.start()]!r} not kept")
        part = part.sub(0, remark.start())
    m = re.search(r"\s*\(([^()]*)\)\s*$", part.text)
    if not m:
        return part, None, ()
    inner, head = m.group(1).strip(), part.sub(0, m.start())
    marks = load("status_marks")
    if inner in marks:
        return head, marks[inner], ()
    tag = script_lang(inner)
    if inner and tag:
        return head, None, (Name(inner, tag),)
    if inner:
        problems.append(f"parenthesis ({inner}) after {head.text!r} not kept")
    return head, None, ()


def _split_at_given_names(body: Piece) -> list[Piece] | None:
    """`Vicente Rojo Lluch Juan Modesto Enrique Líster`: cut before every known given name;
    None unless every part starts with one and has 2-4 words (else the run is not guessed)."""
    given = set(load("titles")["given_names"])
    tokens = list(re.finditer(r"\S+", body.text))
    starts = [i for i, t in enumerate(tokens) if t.group() in given]
    if not starts or starts[0] != 0:
        return None
    bounds = [*starts, len(tokens)]
    parts = [(a, b) for a, b in zip(bounds, bounds[1:])]
    particles = set(load("titles")["particles"])
    if any(not 2 <= sum(t.group() not in particles for t in tokens[a:b]) <= 4 for a, b in parts):
        return None
    return [body.sub(tokens[a].start(), tokens[b - 1].end()) for a, b in parts]


def _split_after_regnal(part: Piece, after_ruler: bool = False) -> list[Piece]:
    """`Alexander I Mikhail Kutuzov Francis II`: in a space-joined run a regnal number after a
    name and before another capitalised name of two words or more ends the first person; once
    a ruler has ended one, a ruler at the end of the rest is a person too (`... Francis II`)."""
    tokens = list(re.finditer(r"\S+", part.text))
    particles = set(load("titles")["particles"])
    for i, t in enumerate(tokens[1:-2], start=1):
        rest = [r.group() for r in tokens[i + 1:]]
        names = [w for w in rest if w.lower() not in particles and not _regnal(w)]
        # the rest reads as names: pairs of words, or it ends with a ruler or a title written after a name
        readable = len(names) % 2 == 0 or _regnal(rest[-1]) or rest[-1] in load("titles")["postnominal_titles"]
        if len(tokens) <= load("titles")["max_name_tokens"] and not _regnal(rest[-1]) and rest[0] not in load("titles")["given_names"]:
            readable = False  # `Michael II Komnenos Doukas`: one name's length, the house's name after the number
        if (_regnal(t.group()) and tokens[i - 1].group()[:1].isupper() and not _ROMAN.match(tokens[i - 1].group())
                and rest[0][:1].isupper() and rest[0].lower() not in particles and readable
                and (rest[1][:1].isupper() or rest[1] in particles)):
            return [part.sub(0, t.end()), *_split_after_regnal(part.sub(tokens[i + 1].start(), len(part.text)), True)]
    if after_ruler and len(tokens) >= 4 and _regnal(tokens[-1].group()) and tokens[-2].group()[:1].isupper():
        return [part.sub(0, tokens[-3].end()), part.sub(tokens[-2].start(), len(part.text))]
    return [part]


def _split_at_family_names(part: Piece, belligerents: frozenset[str]) -> list[Piece]:
    """`Inaba Yoshimichi Tokugawa Ieyasu` beside a `Tokugawa clan`: a family's name after two words
    of a name or more starts the next person (a mirror joined the two names with a space)."""
    heads = "|".join(map(re.escape, load("titles")["kin_group_heads"]))
    families = {m["family"] for b in belligerents if (m := re.fullmatch(rf"(?P<family>[A-Z][\w'’-]+)\s+(?:{heads})", b))}
    tokens = list(re.finditer(r"\S+", part.text))
    cut = next((t.start() for i, t in enumerate(tokens) if 2 <= i < len(tokens) - 1 and t.group() in families), None)
    if cut is None:
        return [part]
    return [part.sub(0, cut), *_split_at_family_names(part.sub(cut, len(part.text)), belligerents)]


def _regnal(token: str) -> bool:
    return bool(_ROMAN.match(token)) and len(token) <= 4


def _split_after_titles(part: Piece) -> list[Piece]:
    """`Omar Pasha Abdullah Pasha Halil Pasha`: in a space-joined run where a title that follows
    the name (vocab `postnominal_titles`) stands twice or more, each ends a person."""
    titles = set(load("titles")["postnominal_titles"])
    tokens = list(re.finditer(r"\S+", part.text))
    ends = [i for i, t in enumerate(tokens) if t.group() in titles and i > 0]
    if len(ends) < 2 or ends[-1] != len(tokens) - 1:
        return [part]
    starts = [0, *(e + 1 for e in ends[:-1])]
    return [part.sub(tokens[a].start(), tokens[b].end()) for a, b in zip(starts, ends)]


def _split_at_honorifics(part: Piece) -> list[Piece]:
    """`Earl of Shrewsbury Duke of Suffolk Earl of Salisbury`: in a space-joined list a
    peerage (`<honorific> of <Name>`) after a name of two or more words starts the next person."""
    heads = "|".join(re.escape(t) for t in _honorifics() if not t.endswith("."))
    cuts = [m.start() for m in re.finditer(rf"(?<=\S)\s+(?=(?:{heads})\s+of\s+[A-Z])", part.text)
            if len(part.text[: m.start()].split()) >= 2]
    # `John Jellicoe Sir David Beatty`: a title after a name of two words starts the next person
    # (`Muhammad IV Mawlay Abbas`: after a regnal number too)
    cuts += [m.start() for m in re.finditer(rf"(?<=\S)\s+(?=(?:{heads})\s+[A-Z][a-z])", part.text)
             if len(part.text[: m.start()].split()) >= 2 and not re.search(rf"(?:^|\s)(?:{heads})$", part.text[: m.start()])
             and not _inside_title(part.text, m.start(), heads)
             and not (part.text[m.end():].split()[0] in load("titles")["after_name_honorifics"]
                      and len(part.text.split()) <= load("titles")["max_name_tokens"])
             and (part.text[m.start() - 1].islower() or _ROMAN.match(part.text[: m.start()].split()[-1]))]
    # `Earl of Salisbury Richard Neville` (not `Viscount of Porto Alegre`: one word left is the place's)
    cuts += [m.end() for m in re.finditer(rf"\b(?:{heads})\s+of\s+[A-Z][\w'’-]+(?=\s+[A-Z])", part.text)
             if len(part.text[m.end():].split()) >= 2]
    cuts = sorted(c for c in set(cuts) if part.text[:c].count("(") == part.text[:c].count(")"))  # never inside a parenthesis
    bounds = [0, *cuts, len(part.text)]
    return [p for p in (part.sub(a, b).strip(" ") for a, b in zip(bounds, bounds[1:])) if p.text]


def _inside_title(text: str, pos: int, heads: str) -> bool:
    """Whether `pos` falls inside a title of several words (`Air Vice| Marshal Elric Pinto`)."""
    starts = [m.start() for m in re.finditer(r"(?:^|(?<=\s))\S", text[:pos])][-4:]
    return any((m := re.match(rf"(?:{heads})\b", text[k:])) is not None and k + m.end() > pos for k in starts)


def _cut_prose(body: Piece, problems: list[str]) -> Piece | None:
    """A person's name holds no lowercase word but particles (`von`, `of`). `Yakov Zhilinsky
    Not actually involved in the battle`: the name ends before the sentence's first word;
    `Airborne forces`: a group label, no name at all (None, reported)."""
    particles = set(load("titles")["particles"])
    tokens = list(re.finditer(r"\S+", body.text))
    for i, t in enumerate(tokens):
        word = t.group().strip("\"“”(),.")
        if word.isalpha() and word.islower() and word not in particles:
            keep = i - 1 if i >= 3 and tokens[i - 1].group()[0].isupper() else i
            if keep < 2 or i < 2:
                problems.append(f"{body.text!r} among commanders is not a name")
                return None
            problems.append(f"text after the name in {body.text!r} not kept")
            return body.sub(0, tokens[keep - 1].end())
    return body


def _name_follows(text: str, abbreviated: bool = False, peerage: bool = False) -> bool:
    """A name starts `text`, not a regnal number alone (`Abuna II` keeps its title). After an
    abbreviated rank a name may open with a lowercase article joined to it (`Gen. al-Rashid`);
    after a word that is also a given name it is the name's own (`Sultan al-Atrash`). After any
    rank a surname may open with an elided particle (`General d'Allonville`; `Marquis d'Argenson` is a style, kept whole)."""
    particle = abbreviated and bool(re.match(r"[a-z]{1,3}-[A-Z]", text))
    elided = not peerage and bool(re.match(r"d['’][A-Z]", text))  # `General d'Allonville`: a surname opening with an elided particle
    return (text[:1].isupper() or particle or elided) and not _ROMAN.match(text.strip())


def _title(part: Piece) -> tuple[str | None, Piece]:
    """An honorific before the name; abbreviated ranks may follow each other (`Bvt. Lt. Col.`)."""
    found: list[str] = []
    rest = part
    while True:
        # `ADM. Édouard Guillaud`, `Rear Adm Kountouriotis`: an abbreviation in capitals or without its dots
        match = next(((t, m) for t, pattern in _honorific_patterns()
                      if (m := pattern.match(rest.text)) and _name_follows(rest.text[m.end():], t.endswith("."), t in load("titles")["peerages"])), None)
        if match is None:
            break
        title, m = match
        # after a first title, another one only if a name of two words is left
        # (`Field Marshal Sir John French`, but `Maj. Gen. Lord Chelmsford` keeps `Lord`)
        if found and not (found[-1].endswith(".") and title.endswith(".")) and len(rest.text[m.end():].split()) < 2:
            break
        found.append(rest.text[:m.end()].rstrip())
        rest = rest.sub(m.end(), len(rest.text))
    return (" ".join(found), rest) if found else (None, part)


# ---- alternative names -------------------------------------------------------------

def script_lang(text: str) -> str | None:
    """BCP 47 tag for a name by its script (Han -> zh, Arabic -> ar, ...); None for Latin.
    Letters only one language of a script uses decide within it (Persian پ چ ژ گ in Arabic
    script -> fa; Ukrainian і ї є ґ in Cyrillic -> uk)."""
    table = load("scripts")
    names = [unicodedata.name(ch, "") for ch in text if ch.isalpha()]
    for prefix, tag in table["order"]:
        if any(n.startswith(prefix) for n in names):
            for language, letters in table["distinctive_letters"].get(tag, {}).items():
                if any(ch in letters for ch in text):
                    return language
            return tag
    return None


# `Italian`, `Ancient Greek`, `Serbo-Croatian Latin`: a language's name as a label before a colon
#: `天號作戰 or 天号作戦`: `or` between two names in a non-Latin script, two spellings of one name
OR_BETWEEN_SCRIPTS = r"(?<=[^\x00-\u024f])\s+or\s+(?=[^\x00-\u024f])"
_LANGUAGE_LABEL = r"[A-Z][^\W\d_A-Z]+(?:-[A-Z][^\W\d_A-Z]+)?(?: [A-Z][^\W\d_A-Z]+)?"  # `Chữ Hán` too


def language_tag(word: str) -> str | None:
    """`Spanish` -> `es`, `Maltese` -> `mt` (the text marked the language): the vocabulary's
    names first (`Mandarin`, `Ancient Greek`, `Okinawan`), then ISO 639 names of languages
    that have a two-letter code, matched whole (so a label such as `Pinyin`, also the name of
    a language, is none), and ISO 639-3 names of a variety of a known language (`Levantine Arabic`)."""
    languages = load("scripts")["languages"]
    word = word.strip()
    tag = languages.get(word) or languages.get(word.capitalize())
    if tag:
        return tag
    written = re.fullmatch(rf"(?P<language>.+)\s+(?:{'|'.join(load('scripts')['script_words'])})", word)
    if written and language_tag(written["language"]):
        return language_tag(written["language"])  # `Serbo-Croatian Latin`: the language, in a script
    found = pycountry.languages.get(name=word)
    if found is None and " " in word:  # `Finland Swedish`, `Classical Arabic`: a variety of the last word's language
        return language_tag(word.split()[-1])
    if found is not None and " " in word and language_tag(word.split()[-1]):
        return getattr(found, "alpha_2", None) or found.alpha_3  # `Egyptian Arabic` -> arz: the variety has its own code
    return getattr(found, "alpha_2", None) if found else None


def refine_han(tag: str, text: str, following: str) -> str:
    """Han-only text is Japanese when it uses a Japanese-only kanji form (`戦`, not `战`/`戰`)
    or is followed by a Hepburn romanization (macrons, no pinyin tone marks)."""
    table = load("scripts")
    if tag != "zh":
        return tag
    if any(c in text for c in table["japanese_kanji"]):
        return "ja"
    if any(c in following for c in table["hepburn_macrons"]) and not any(c in following for c in table["pinyin_tone_marks"]):
        return "ja"
    return tag


def name_run(text: str, start: int = 0, joins_and: bool = True, conflict: bool = False) -> tuple[int, int] | None:
    """Span of a proper-name run at `start`: capitalised words joined by connectors
    (`Bosnia and Herzegovina`; with `joins_and=False`, `X and Y` is two runs; a `conflict`'s
    name has connectors of its own: `Sea Battle off Bougainville Island`)."""
    connectors = set(load("scripts")["name_connectors"]) - (set() if joins_and else {"and"})
    if conflict:
        connectors |= set(load("scripts")["conflict_name_connectors"])
    tokens = list(re.finditer(r"[^\s,;()\"“”]+", text[start:]))
    end = None
    expected = start
    for i, t in enumerate(tokens):
        if text[expected:start + t.start()].strip():
            break
        word = t.group()
        if word[0].isupper() or word[0].isdigit() and i > 0 or (i > 0 and re.match(r"[dl]['’][A-Z]", word)):  # `Val d'Elsa`
            # a sentence's full stop is not part of the name (`Army.`), initials are (`U.S.`)
            final_stop = word.endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+", word)
            end = start + t.end() - (1 if final_stop else 0)
        elif word.lower() in connectors and i > 0:
            pass
        else:
            break
        expected = start + t.end()
    if end is None:
        return None
    return start, end


def _alias_parts(piece: Piece) -> list[Piece]:
    """`the Battle of Tsushima Strait and the Naval Battle of the Sea of Japan`: two names when
    both halves name a conflict or an event of one (`the Defence of X and the Fall of X`;
    `Bosnia and Herzegovina` or `Spring and Autumn` stay one)."""
    pairs = [[w, w] for w in [*load("conflict_kinds")["part_words"], *load("scripts")["lowercase_name_heads"]]]
    for m in re.finditer(r"\s+and\s+(?:the\s+)?(?=[A-Z])", piece.text):
        left, right = piece.sub(0, m.start()), piece.sub(m.end(), len(piece.text))
        if first_match(pairs, left.text.lower()) and first_match(pairs, right.text.lower()):
            return [left, *_alias_parts(right)]
    return [piece]


def lead_names(sentence: Piece, title: str) -> list[tuple[Name, Piece]]:
    """Alternative names in a lead sentence: non-Latin text in parentheses after the subject
    or an alias, and names after alias phrases (`also known as`, `short for`, `, or`)."""
    text = sentence.text
    out: list[tuple[Name, Piece]] = []
    anchors: list[int] = []  # ends of name mentions whose parentheses hold names
    m = re.search(re.escape(title), text, re.IGNORECASE)
    if m:
        anchors.append(m.end())
    triggers = sorted(load("scripts")["alias_triggers"], key=len, reverse=True)
    alternatives = load("scripts")["alias_patterns"] + [re.escape(t) for t in triggers]
    pattern = re.compile(r"(?:,\s*|\s|(?<=\())(?:" + "|".join(alternatives) + r")\s+(?:the\s+)?[\"“'‘]?")  # `(also known as X)` too
    for tm in pattern.finditer(text):
        trigger = tm.group().strip(", ").lower()
        if re.search(r"\b(?:together|collectively|jointly|historically|currently|formerly|now|today|later)\s*(?:and\s+\w+\s*)?$",
                     text[: tm.start() + (len(tm.group()) - len(tm.group().lstrip(", ")))]):
            continue  # `(together known as the Franco-Sardinian alliance)`, `Leningrad, historically known as`: another thing's name
        preceding = text[: tm.start()].rstrip()
        if (not tm.group().startswith(",") and trigger.startswith(("known", "referred", "called", "commonly"))
                and not re.search(r"(?:^|,)\s*(?:\w+\s+)?(?:also|often|commonly|sometimes|usually|otherwise|popularly)$|\)$", preceding)
                and not preceding.endswith(title)):
            continue  # `civil wars in France known as the French Wars of Religion`: the name of what stands before
        if text.count("(", 0, tm.start()) > text.count(")", 0, tm.start()) and not re.search(
                re.escape(title) + r"\s*\([^()]*$", text[: tm.start()], re.IGNORECASE):
            continue  # `the South African Republic (commonly known as the Transvaal)`: another thing's other name
        if trigger.startswith("or") and not (tm.group().startswith(",") or tm.start() in _anchors_end_set(anchors, text)):
            continue
        if trigger.startswith("or") and text.count("(", 0, tm.start()) > text.count(")", 0, tm.start()):
            continue  # `(German: A, or B)`: the parenthesis' own list, read with its label
        span = _alias_at(text, tm.end())
        if not span:
            continue
        previous = ""
        anchor_only = bool(set(trigger.split()) & set(load("scripts")["anchor_only_words"]))
        said_in = re.search(r"\bin\s+([A-Z][^\W\d_]+(?:\s+[A-Z][^\W\d_]+)?)\s+as\b", tm.group())
        spoken = language_tag(said_in.group(1)) if said_in else None  # `known in Turkish as X or Y`: both Turkish
        for s, e in _listed_aliases(text, span):
            lang, paren_end = _paren_language(text, e)
            lang = lang or spoken
            named = lang or not anchor_only or bool(_paren_names(sentence, e))  # `or the X (Latvian: ...)`: a name of the subject
            for piece in _alias_parts(sentence.sub(s, e)) if named else []:
                whole = _elided(piece.text, previous, title)
                if whole is None:
                    continue
                out.extend((Name(text, lang or "en"), piece) for text in _slash_alternatives(whole))
                previous = whole
            anchors.append(e)
            if paren_end:
                anchors.append(paren_end)
    anchors.extend(_labelled_parentheses(text, m.end() if m else None))
    for anchor in sorted(set(anchors)):
        out.extend(_paren_names(sentence, anchor))
    seen, unique = set(), []
    for name, piece in out:
        kept = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]+$", "", name.text)
        if kept != name.text:  # direction marks: invisible, no part of the name
            name, piece = Name(kept, name.lang), piece.sub(0, len(kept))
        stray = re.fullmatch(r"(?P<inner>[^\x00-\u024F].*?)\s+['’\"]", name.text)
        if stray:  # `(معركة نهاوند ', ...)`: a quotation mark left where a transliteration was cut out
            name, piece = Name(stray["inner"], name.lang), piece.sub(0, len(stray["inner"]))
        quoted = re.fullmatch(r"[\"“”«»„](?P<inner>[^\"“”«»„]+)[\"“”«»]", name.text)
        if quoted:  # `(French: "Guerre d'Algérie")`: the quotation marks are not part of the name
            name, piece = Name(quoted["inner"], name.lang), piece.sub(1, len(piece.text) - 1)
        elif _opened_before(text, piece.start - sentence.start) and name.text[-1:] in "\"”'’":
            name, piece = Name(name.text[:-1], name.lang), piece.sub(0, len(piece.text) - 1)  # `as 'X' in French`: the closing mark
        if name not in seen and dashless(name.text) != dashless(title):
            seen.add(name)
            unique.append((name, piece))
    return unique


def _opened_before(text: str, start: int) -> bool:
    """Whether a quotation mark opens right before `start` (`also known as 'Guerre de la Montagne'`)."""
    return start > 0 and text[start - 1] in "\"“'‘"


def _elided(name: str, previous: str, title: str) -> str | None:
    """`the Taiping Civil War, Revolution, or Movement`: a kind word alone in a list shares the
    words the title has before its own kind word (`Taiping Revolution`), else those of the name
    before it (`the Zara Crusade, or Campaign`: `Zara Campaign`); None when neither has any."""
    kinds = load("conflict_kinds")["part_words"]
    if name.lower() not in kinds:
        return name
    for words in (title.split(), previous.split()):
        if len(words) > 1 and words[-1].lower() in kinds and words[0].lower() not in ("battle", "siege", "war"):
            return " ".join([*words[:-1], name])
    return None


def dashless(name: str) -> str:
    """`Sino–Indian War` and `Sino-Indian War` are one name written with two dashes."""
    return re.sub(r"[‐-―−-]", "-", name).lower()


def _labelled_parentheses(text: str, title_end: int | None) -> list[int]:
    """`The Battle of Gazala, also the Gazala Offensive (Italian: Battaglia di ...) was fought`:
    a parenthesis that opens with a language label after the title and another name of the
    subject (only alias words and capitalised words in between) holds names of the subject."""
    if title_end is None:
        return []
    out = []
    for m in re.finditer(rf"\s*\((?P<lang>{_LANGUAGE_LABEL}):", text[title_end:]):
        between = re.findall(r"[^\s,]+", text[title_end:title_end + m.start()])
        if language_tag(m["lang"]) and all(w[0].isupper() or w in load("scripts")["alias_glue"] for w in between):
            out.append(title_end + m.start())
    return out


def _slash_alternatives(name: str) -> list[str]:
    """`Falklands Conflict/Crisis` -> `Falklands Conflict`, `Falklands Crisis`: a last word
    given with an alternative after a slash names two variants."""
    m = re.fullmatch(r"(?P<head>.+\s)(?P<a>\w+)/(?P<b>\w+)", name)
    return [m["head"] + m["a"], m["head"] + m["b"]] if m else [name]


def _alias_at(text: str, start: int, joins_and: bool = True) -> tuple[int, int] | None:
    """The span of an alternative name at `start`: a name run with a lower-case kind word after
    it (`the Dardanelles campaign`, `the June advance`), a name written in lower case by the
    text (`the first battle of Kut`, `fall of Khartoum`), or a run whose lower-case words go on
    to the parenthesis giving its other-language form (`the Latvia's freedom struggles
    (Latvian: ...)`)."""
    lowered = _lowercase_conflict_name().match(text, start)
    if lowered:
        return lowered.start(), lowered.end()
    # `second Arab–Israeli war`, `1979 Liberation War`: an ordinal or a year before the name
    ordinal = re.match(rf"(?:{'|'.join(load('scripts')['ordinal_words'])}|\d{{3,4}})\s+(?=[A-Z])", text[start:])
    run = name_run(text, start + (ordinal.end() if ordinal else 0), joins_and, conflict=True)
    if not run:
        return None
    end = _with_kind_word(text, run[1])
    kinds = [[w, w] for w in load("conflict_kinds")["part_words"]]
    if text[run[0]:end].lower() in load("conflict_kinds")["part_words"]:
        return None  # `the War of '77` cut at the apostrophe: a kind word alone names nothing
    if ordinal and not first_match(kinds, text[run[0]:end].lower()):
        return None  # `second Arab–Israeli war` is a name; `second Egypt` is not
    run = (start, run[1]) if ordinal else run
    labelled = re.match(r"(?:\s+[a-z][\w'’-]*){1,3}(?=\s*\((?P<lang>[A-Z][a-z]+(?: [A-Z][a-z]+)?):)", text[end:])
    if labelled and language_tag(labelled["lang"]):
        end += labelled.end()
    return run[0], end


@cache
def _lowercase_conflict_name() -> re.Pattern[str]:
    """`first battle of Kut`, `fall of Khartoum`: a kind word (after an ordinal) and `of` a name."""
    heads = sorted({*load("conflict_kinds")["part_words"], *load("scripts")["lowercase_name_heads"]}, key=len, reverse=True)
    ordinals = "|".join(load("scripts")["ordinal_words"])
    return re.compile(rf"(?:(?:{ordinals})\s+)?(?:{'|'.join(map(re.escape, heads))})\s+(?:of|at|for)\s+(?:the\s+)?"
                      rf"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")


def _with_kind_word(text: str, end: int) -> int:
    """`the Dardanelles campaign`, `the Vietnamese civil war of 1771–1802`: a lower-case kind
    word after the name run (after one more lower-case word at most) is part of it, and so is
    the year range that dates it."""
    kinds = load("conflict_kinds")["part_words"]
    m = next((m for m in (re.match(p, text[end:]) for p in (r"\s+([a-z]+)\b", r"\s+[a-z]+\s+([a-z]+)\b")) if m and m[1] in kinds), None)
    if m:
        dated = re.match(r"\s+of\s+\d{3,4}(?:\s*[–—-]\s*\d{2,4})?\b", text[end + m.end():])
        return end + m.end() + (dated.end() if dated else 0)
    return end


def _listed_aliases(text: str, first: tuple[int, int]) -> list[tuple[int, int]]:
    """`also known as the Dardanelles campaign, the Battle of Gallipoli or the Battle of
    Çanakkale`: the names listed after the first, each of which must name a conflict (`the
    Sinai War in Israel` gives `Sinai War`; `Egypt and Israel` ends the list)."""
    pairs = [[w, w] for w in [*load("conflict_kinds")["part_words"], *load("scripts")["lowercase_name_heads"]]]
    runs = [first]
    while True:
        joint = re.match(r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:or|and)\s+)(?:the\s+)?", text[runs[-1][1]:])
        if not joint:
            break
        run = _alias_at(text, runs[-1][1] + joint.end(), joins_and=False)
        if not run and joint.group().strip(" ,") in ("", "or", "and"):
            # `the Taiping Civil War, Revolution, or Movement`: a kind word alone, eliding the name before it
            alone = re.match(rf"(?:{'|'.join(w.capitalize() for w in load('conflict_kinds')['part_words'])})\b",
                             text[runs[-1][1] + joint.end():])
            run = (runs[-1][1] + joint.end(), runs[-1][1] + joint.end() + alone.end()) if alone else None
        if not run or not first_match(pairs, text[run[0]:run[1]].lower()):
            break
        runs.append(run)
    return runs


def _anchors_end_set(anchors: list[int], text: str) -> set[int]:
    """Positions right after an anchor's closing parenthesis (`X (平汉战役) or Y`)."""
    out = set(anchors)
    for a in anchors:
        m = re.match(r"\s*\([^()]*\)", text[a:])
        if m:
            out.add(a + m.end())
    return out


def _paren_language(text: str, end: int) -> tuple[str | None, int | None]:
    """`La Guerra de la Sed (Spanish for "...")` -> ("es", end of parenthesis); `'Guerre de la
    Montagne' in French` -> ("fr", None)."""
    m = re.match(r"\s*\((?P<lang>[A-Z][a-z]+)(?: for\b[^()]*)?\)", text[end:])
    if m and language_tag(m["lang"]):
        return language_tag(m["lang"]), end + m.end()
    said = re.match(r"[\"”'’]?\s+in\s+(?P<lang>[A-Z][a-z]+)\b", text[end:])  # `'Guerre de la Montagne' in French`
    if said and language_tag(said["lang"]):
        return language_tag(said["lang"]), None
    return None, None


def _without_transcription(name: Piece) -> Piece:
    """`غَزْوَةُ بَدْرٍ [ɣazwatu badr]`, `沖縄戦? Hepburn: Okinawa-sen`, `ο Εμφύλιος o Emfýlios`: the name
    without a transcription, a help mark's residue and a romanization after it (also after a
    template's pipe the page kept: `حرب الجبل| Harb al-Jabal`)."""
    cut = re.search(r"\?\s|\s+[A-Z][a-z]+:\s|\s*[\[/][^\]/]*[\]/]?\s*$|\s*\||\s+pronounced\b", name.text)  # `حرب الجبل| Harb al-Jabal`: a template's pipe
    if cut and cut.start() > 0:
        name = name.sub(0, cut.start())
    return _without_romanization(name) if script_lang(name.text) else name


def _without_romanization(name: Piece) -> Piece:
    """`函館戦争 Hakodate Sensō`, `得利寺の戦い "Tokuriji no tatakai"`, `... kaisen?` (a help mark
    at the end): a name in another script without the Latin romanization after it."""
    romanized = re.search(r"(?<=[^\x00-\u024f\]])\s+[\"“]?[A-Za-z\u00C0-\u024F][\w\s\u00C0-\u024F'’\[\]-]*[\"”]?\??$", name.text)
    return name.sub(0, romanized.start()) if romanized else name


@cache
def _english_conflict_name() -> re.Pattern[str]:
    """`Battle of Mount Sorrel`, `Siege of Acre`: a conflict's kind word, `of`, then a name; the
    form of an English conflict name, unlike a bare name in another language (`Sakarya Meydan Muharebesi`)."""
    kinds = "|".join(re.escape(w.capitalize()) for w, _ in load("conflict_kinds")["order"])
    return re.compile(rf"(?:(?:First|Second|Third)\s+)?(?:{kinds})\s+(?:of|at)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){{0,3}}")


def _parenthesis_at(text: str, anchor: int) -> tuple[int, int] | None:
    """Bounds of the body of the parenthesis that opens right after `anchor` (spaces allowed),
    nested ones included, or None when none opens there or it is never closed."""
    opened = re.match(r"\s*\(", text[anchor:])
    if not opened:
        return None
    depth, start = 0, anchor + opened.end()
    for i in range(start - 1, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return start, i
    return None


@cache
def _transcription_label() -> re.Pattern[str]:
    """A transcription's label opening an item, glued or not (`romanizedÁlosi`, `pinyin: ...`)."""
    words = sorted(load("scripts")["transcription_labels"], key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(map(re.escape, words))})(?![a-z])")


def _at_glued_labels(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut where a language's label is glued to the name before it, as a flattened
    page leaves it (`昆仑关战役traditional Chinese: 崑崙關戰役`): each label starts an item."""
    cuts = [start, *(start + m.start() for m in re.finditer(
        rf"(?<=[^\x00-\u024f\s])(?:(?:simplified|traditional)\s+)?(?={_LANGUAGE_LABEL}:)|(?<=[^\x00-\u024f\s])(?={_transcription_label().pattern})",
        body[start:end])), end]
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def _paren_names(sentence: Piece, anchor: int) -> list[tuple[Name, Piece]]:
    """Non-Latin names in the parenthesis right after `anchor`; Latin ones only when marked."""
    text = sentence.text
    bounds = _parenthesis_at(text, anchor)
    if bounds is None:
        return []
    body_start, body_end = bounds
    # `(Italian: A, Maltese: B [15 August 1942 was the Feast (Santa Marija)])`: brackets and
    # parentheses inside are notes on a name, blanked (offsets kept) so they split nothing
    body = re.sub(r"\[[^\[\]]*\]|\([^()]*\)", lambda g: " " * len(g.group()), text[body_start:body_end])
    body = re.sub(r"\[[^\[\]]*\]", lambda g: " " * len(g.group()), body)
    out = []
    # a note at a segment's end is dropped; a segment with one inside is left out whole (`A (Kyūjitai) or B`)
    spans = [cut for seg in re.finditer(r"[^,;]+", body) for cut in _at_glued_labels(body, seg.start(), seg.end())]
    segments = [(start, body[start:end]) for start, end in spans
                if body[start:end].strip() and "  " not in body[start:end].strip() and body[start:end].strip()[:1] not in "/["]
    labels = sorted(load("scripts")["paren_alias_labels"], key=len, reverse=True)
    carry: str | None = None  # the language of a labelled Latin-script name, for the list it starts
    for i, (start, seg) in enumerate(segments):
        piece = sentence.sub(body_start + start, body_start + start + len(seg.rstrip())).strip()
        if start > 0 and body[start - 1] == ";":
            carry = None
        if _transcription_label().match(piece.text):
            continue  # `romanizedÁlosi tis Tripolitsás`, `romanized: Fitnat al-Andalus`: a transcription, not a name
        pronounced = re.match(rf"(?P<lang>{_LANGUAGE_LABEL}) pronunciation:", segments[i + 1][1].strip()) if i + 1 < len(segments) else None
        if pronounced and language_tag(pronounced["lang"]) and not re.search(r"\d", piece.text) and script_lang(piece.text) is None:
            out.append((Name(piece.text, language_tag(pronounced["lang"]) or "und"), piece))  # `(Guerra de Canudos, Portuguese pronunciation: ...)`
            continue
        if not piece.text or re.search(r"\d", piece.text):
            continue
        # `Greek: Γαυγάμηλα`, `Italian: battaglia di Adua`: the label names the language
        marked = re.match(rf"^(?:also\s+)?(?P<lang>{_LANGUAGE_LABEL}):\s*(?P<name>.+)$", piece.text)  # `also Italian: ...` too
        if marked and re.match(r"[\[/]|.*[ˈˌː]", marked["name"]):
            continue  # `Hungarian: [ˈmohaːt͡ʃ]`: a pronunciation, not a name
        if marked and language_tag(marked["lang"]):
            inner = _without_transcription(piece.sub(marked.start("name"), marked.end("name")))
            tag = language_tag(marked["lang"]) or "und"
            for one in balanced_split(inner, r"\s+or\s+"):  # `Spanish: A or B`: two names
                out.append((Name(one.text, tag), one))
            carry = tag if script_lang(inner.text) is None else None
            continue
        # `alternative spelling: Isandhlwana`, `also spelled Adowa`: the same name in English
        label = next((lb for lb in labels if piece.text.lower().startswith(lb + " ")), None)
        if label is not None and script_lang(piece.text) is None:
            span = name_run(piece.text, len(label) + 1)
            if span and (label not in load("scripts")["anchor_only_words"] or carry):
                inner = piece.sub(*span)
                # `German: Lechfeldschlacht, or Ungarnschlacht`: `or` goes on with the label's language
                # (`(or Helgoland)` alone names no language: not kept)
                out.append((Name(inner.text, carry if label == "or" and carry else "en"), inner))
            carry = None
            continue
        # `German: Schlacht im Teutoburger Wald, Hermannsschlacht, or Varusschlacht`: the
        # label's language goes on along the list; after a name in another script a Latin
        # item is its romanization (`Russian: Зимняя война, Zimnyaya voyna`), not a name
        listed = re.fullmatch(r"(?:(?:or|also|rarely|sometimes)\s+)?(?P<name>[^\s:][^:]*)", piece.text)  # `..., also X, rarely Y`
        quoted = piece.text[:1] in "\"“'‘"
        if carry and listed and listed["name"].startswith("the "):
            continue  # `German: Skagerrakschlacht, the Battle of Skagerrak`: a translation, not another name
        if carry and listed and not quoted and script_lang(piece.text) is None and len(listed["name"].split()) <= 6:
            inner = piece.sub(listed.start("name"), listed.end("name"))
            out.append((Name(inner.text, carry), inner))
            continue
        carry = None
        script = script_lang(piece.text)
        if script is None and _english_conflict_name().fullmatch(piece.text):
            out.append((Name(piece.text, "en"), piece))  # `(Battle of Mount Sorrel)`: another English name of the conflict
            continue
        if script is None:
            continue
        # `Hangul인천상륙작전`, `Nastaliq: معركة`: a Latin label (a script's name, a language
        # not in the vocabulary) glued to the name or before a colon is not part of it
        glued = re.match(r"^_?[A-Za-z][A-Za-z .'-]*?:?\s*(?=[^\x00-\u024f])", piece.text)
        if glued and glued.end() < len(piece.text):  # also template residue: `_ru. Куликовская битва`
            piece = piece.sub(glued.end(), len(piece.text))
        trailing = re.search(r"\s*[\[/][^\]/]*[\]/]?\s*$", piece.text)  # `غَزْوَةُ بَدْرٍ [ɣazwatu badr]`: a transcription
        if trailing and trailing.start() > 0:
            piece = piece.sub(0, trailing.start())
        piece = piece.strip("?？")  # `サボ島沖海戦?`: the mark a help template leaves after the name
        following = segments[i + 1][1] if i + 1 < len(segments) else ""
        ones = balanced_split(piece, OR_BETWEEN_SCRIPTS)  # `天號作戰 or 天号作戦`: two spellings
        for one in map(_without_romanization, ones):
            out.append((Name(one.text, refine_han(script, one.text, following)), one))
    return out
