"""Conflict-level infobox fields and the key map: every key is mapped, deliberately
ignored (`Issue(kind="ignored-key")`) or reported (`Issue(kind="unmapped-key")`)."""

from __future__ import annotations

import copy
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from handan_kg.extract.dates import NEW_STYLE, OLD_STYLE, DateError, parse_range
from handan_kg.extract.names import OR_BETWEEN_SCRIPTS, dashless, script_lang
from handan_kg.extract.pieces import Piece, balanced_split, keep_raw, without_full_stop
from handan_kg.extract.places import read_places
from handan_kg.extract.vocab import first_match, load, words_in
from handan_kg.facts import (
    ArticleFacts,
    Conflict,
    Evidence,
    Issue,
    Name,
    Place,
    RawValue,
    add_support,
)
from handan_kg.parse.article import Article, InfoboxField

_NUMBERED = re.compile(r"^(?P<stem>[a-z]+?)(?P<n>\d+)(?P<letter>[a-z]?)$")


def normal_key(key: str) -> str:
    return re.sub(r"[\s_]+", "", key).lower()


def conflict_kind(name: str) -> str:
    return first_match(load("conflict_kinds")["order"], name) or "conflict"


def read_conflict(article: Article) -> Conflict:
    """Name (Conflict key, else title), kind, and extra names listed in the Conflict value."""
    title = Piece(article.title.start, article.title.end, article.title.text)
    # `Battle of Yiling (208)`: a trailing parenthesis only disambiguates the page title.
    title = title.sub(0, len(re.sub(r"\s*\([^()]*\)\s*$", "", title.text)))
    fields = article.fields("Conflict")
    if not fields or not fields[0].value.text.strip():
        return Conflict(title.text, conflict_kind(title.text), [title.evidence()])
    value = Piece.of(fields[0].value).strip(" |")  # `Battle of Dandanaqan|`: a template's pipe left by the rendering
    other: list[tuple[Name, Evidence]] = []
    # `Battle of Manzikert نبرد ملازگرد`, `Kalinga War, କଳିଙ୍ଗ ଯୁଦ୍ଧ`
    script = re.search(r"[\s,]+(?P<alt>[^\x00-\u024F\s][^,]*)$", value.text)
    if script and script_lang(script["alt"]):
        alt = value.sub(script.start("alt"), len(value.text))
        other.extend((Name(one.text, script_lang(one.text) or "und"), one.evidence()) for one in balanced_split(alt, OR_BETWEEN_SCRIPTS))
        value = value.sub(0, script.start())
    where = re.fullmatch(r"(?P<name>.+?)\s*\([^()]*\)", value.text)
    if where and where["name"].lower() == title.text.lower():
        value = value.sub(0, len(where["name"]))  # `Siege of Belgrade (Nándorfehérvár)`: the title, with the place's other name
    # `Brusilov offensive, (Fourth Battle of Galicia)`: a parenthesised item is the name inside it
    items = [i.sub(1, len(i.text) - 1) if re.fullmatch(r"\([^()]+\)", i.text) else i for i in balanced_split(value, ",")]
    titled = _folded(items[0].text) == _folded(title.text)  # `Easter Rising, Éirí Amach na Cásca`: the title, then other names
    if not (len(items) > 1 and (titled or all(conflict_kind(i.text) != "conflict" for i in items))):
        items = [value]
    # The article's title names the conflict (as Wikipedia and Wikidata do); other names in the
    # Conflict value (`Battle of Yarmuk` in `Battle of the Yarmuk`) are alternative names.
    primary = next((i for i in items if _undated(_unquoted(i.text)) == _undated(title.text)), None)
    names = other + [(Name(i.text, _english_or_unknown(i.text)), i.evidence()) for i in items if i is not primary]
    # the title's kind word (`Dungan Revolt`: a conflict), else the Conflict value's
    kind = first_match(load("conflict_kinds")["order"], title.text) or conflict_kind(items[0].text)
    evidence = primary.evidence() if primary else title.evidence()
    return Conflict(title.text, kind, [evidence], names=names)


def _undated(name: str) -> str:
    """`Wallachian uprising of 1821` and `Wallachian uprising`, `1914 Battle of X` and `Battle of X`:
    the title and the Conflict value name the same conflict when only a year (or the kind of
    dash: `Sino-Indian War`) sets them apart."""
    return re.sub(r"^\d{3,4}\s+|\s+(?:of\s+)?\d{3,4}(?:\s*-\s*\d{2,4})?$", "", dashless(name.strip()))


def _unquoted(name: str) -> str:
    """`Operation "Rolling Thunder"`: quotation marks around a code name are no part of it."""
    return re.sub(r"[\"“”„«»]", "", name)


def _folded(name: str) -> str:
    """`Battle of Ấp Bắc` -> `battle of ap bac`, `Operation "X"` -> `operation x`: the title is
    often the value without its marks."""
    decomposed = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    return _unquoted("".join(ch for ch in decomposed if not unicodedata.combining(ch))).lower()


def _english_or_unknown(name: str) -> str:
    """A name the Conflict value gives without a language: English when it holds an English
    kind or part word (`Vietnamese Civil war of 1771–1802`), the language whose own letters it uses
    (`Trận Đồng Xoài`: Vietnamese), else `und` (`Combat naval de Fou-Tchéou` is not guessed)."""
    if re.search(r"\b(?:of|the)\b", name) or words_in(tuple(load("conflict_kinds")["part_words"]), name):
        return "en"  # `Gwangju Democratization Movement`: an English word for a conflict
    letters = load("scripts")["latin_distinctive_letters"]
    return next((lang for lang, own in letters.items() if any(ch in own for ch in name)), "und")


Fields = dict[str, dict[int, list[InfoboxField]]]  # the numbered (per-side) fields by stem and side


@dataclass(frozen=True)
class InfoboxRecords:
    """What the conflict-level keys state (`conflict` is the one given, completed with the
    parents, dates, places and result), and the per-side fields left for the sides reader."""

    conflict: Conflict
    places: list[Place]
    raw_values: list[RawValue]
    issues: list[Issue]
    fields: Fields


def read_infobox(article: Article, conflict: Conflict) -> InfoboxRecords:
    """The conflict-level keys of `article` on a copy of `conflict` (which is left as it is);
    every key is read, deliberately ignored or reported."""
    found = ArticleFacts(article.slug, article.title.text, None, conflict=copy.deepcopy(conflict))  # this reader's own
    fields = _classify(article, found)
    return InfoboxRecords(found.conflict, found.places, found.raw_values, found.issues, fields)


def _classify(article: Article, facts: ArticleFacts) -> Fields:
    """Read conflict-level keys into `facts`; return the numbered (per-side) fields by stem."""
    table = load("infobox_keys")
    readers = {"part_of": _part_of, "date": _date, "place": _place, "result": _result}
    numbered: dict[str, dict[int, list[InfoboxField]]] = defaultdict(lambda: defaultdict(list))
    seen: set[str] = set()
    for f in article.infobox:
        key = normal_key(f.key)
        m = _NUMBERED.match(key)
        if m and m["stem"] in table["numbered"]:
            numbered[table["numbered"][m["stem"]]][int(m["n"])].append(f)
        elif key in table and isinstance(table[key], str):
            if key in seen:
                facts.issues.append(Issue("warning", f"repeated key {f.key!r}: first one used", f.line, f.key))
                continue
            seen.add(key)
            if table[key] in readers:
                readers[table[key]](f, facts)
        elif key in table["ignored"]:
            facts.issues.append(Issue("ignored-key", f"infobox key {f.key!r} deliberately not mapped", f.line, f.key))
        else:
            facts.issues.append(Issue("unmapped-key", f"infobox key {f.key!r} is not mapped", f.line, f.key))
    return {stem: dict(by_n) for stem, by_n in numbered.items()}


def _part_of(f: InfoboxField, facts: ArticleFacts) -> None:
    value = Piece.of(f.value).strip(" |")  # `the Long Turkish War|`: a template's pipe left by the rendering
    text = re.sub(r"^the\s+", "", value.text, flags=re.IGNORECASE).strip()
    if not text or text.lower() == "the" or not re.search(r"[A-Za-z]{2}", text):
        facts.issues.append(Issue("unparsed-value", f"part-of value {value.text!r} names no conflict", f.line, f.key))
        return
    piece = without_full_stop(value.sub(len(value.text) - len(text), len(value.text)))
    dropped = re.search(r"(?:\s+(?:of|in|on)(?:\s+the)?)?\s+,\s.*$", piece.text)
    if dropped and dropped.start() > 0:  # `East Prussian campaign of the , Eastern Front ...`: a link was lost
        facts.issues.append(Issue("unparsed-value", f"part-of fragment {piece.text[dropped.start():].strip()!r} not kept", f.line, f.key))
        piece = piece.sub(0, dropped.start())
    for part in _wholes(piece):
        # `Mahdist War (War of the Sudan)`: another name of the same whole, not part of its name;
        # years or a war in parentheses disambiguate and stay (`Italian front (World War I)`), a time
        # (`(after Dec. 1992)`) says when, not which
        paren = re.search(r"\s*\(([^()]*)\)$", part.text)
        if paren and paren.start() > 0 and (not re.search(r"\d|\bWorld War\b", paren.group(1))
                                            or re.match(r"(?:after|before|from|until|since|till)\b", paren.group(1), re.IGNORECASE)):
            part = part.sub(0, paren.start())
        lead = re.match(r"(?:the|and)\s+", part.text, re.IGNORECASE)
        if lead:
            part = part.sub(lead.end(), len(part.text))
        relation = re.match(r"(?:an?\s+)?(?:continuation|extension|prelude|phase|theat(?:re|er)|part|aftermath)\s+of\s+(?:the\s+)?",
                            part.text, re.IGNORECASE)
        if relation and part.text[relation.end():][:1].isupper():  # `a continuation of the French and Indian War`
            part = part.sub(relation.end(), len(part.text))
        if part.text.startswith("(") and part.text.endswith(")"):  # `..., (Arab–Byzantine wars)`
            part = part.sub(1, len(part.text) - 1)
        if not part.text[:1].isalnum():  # `..., of the , Eastern Front`: residue of a dropped link
            facts.issues.append(Issue("unparsed-value", f"part-of fragment {part.text!r} not kept", f.line, f.key))
            continue
        front = re.search(r"\s+on\s+the\s+(?:[A-Z][\w-]*\s+)+Front$", part.text)  # where, not a whole
        if front:
            part = part.sub(0, front.start())
        facts.conflict.part_of.append((part.text, part.evidence()))


# `A during B`, the end of a list (`A, B, and the C`) and `A & B` always name two wholes; `A, B` and
# `A and the B` only when both sides name a
# conflict or period, so `Spring and Autumn period` stays one name. `A of the B` / `A in the B`
# is one name (`Western Front of the Second World War` is not the Western Front of 1914), and
# so is a disambiguating parenthesis (`Italian front (World War I)`).
_JOINERS = (r",?\s+during\s+(?:the\s+)?", r",\s*and\s+(?:the\s+)?", r"\s+&\s+(?:the\s+)?", r",\s*(?:the\s+)?", r"\s+and\s+(?:the\s+)?",
            r"\s+[–—]\s+(?:the\s+)?")  # `Hussite Wars – 5th anti-Hussite crusade`


def _wholes(piece: Piece) -> list[Piece]:
    pairs = [[w, w] for w in load("conflict_kinds")["part_words"]]
    for i, joiner in enumerate(_JOINERS):
        for m in re.finditer(joiner, piece.text):
            left, right = piece.sub(0, m.start()), piece.sub(m.end(), len(piece.text))
            if re.search(r"\b(?:of|the|in|on|and|to)$", left.text):
                continue  # `East Prussian campaign of the , Eastern Front`: a name cut by a dropped link
            if re.fullmatch(r"[a-z]+", right.text):
                continue  # `Indo-Pakistani wars and conflicts`: `conflicts` alone names no whole
            if i == 4 and m.group().strip() == "and" and re.search(r"\bof\s+(?:the\s+)?[A-Z][\w'’-]*$", left.text):
                continue  # `Montreal Campaign of the French and Indian War`: the `and` is inside the name after `of` (not `and the`)
            if i <= 2 or all(first_match(pairs, p.text) for p in (left, right)):
                return _wholes(left) + _wholes(right)
    return [piece]


def _date(f: InfoboxField, facts: ArticleFacts) -> None:
    value = Piece.of(f.value)
    prose = re.search(r"(?<=\d)\s+(?=[A-Z][a-z]+(?:\s+[a-z]+){2})", value.text)
    if prose:  # `3 October 1935 – 19 February 1937 The date of the last battle ...`: a note after the date
        value = value.sub(0, prose.start())
    ongoing = (re.search(r"\s*(?:[–—-]\s*)?\(?\b(?:present|ongoing)\b.*$", value.text, re.IGNORECASE)
               or re.search(r"\s*[–—-]\s*$", value.text))  # `7 August 1826 –`: a start, and no end written
    if ongoing and ongoing.start() > 0:  # `May 23, 2017 – present`: a start, and no end yet
        begun = value.sub(0, ongoing.start())
        try:
            start, _ = parse_range(begun.text)
        except DateError as exc:
            keep_raw(facts, f.key, value, f"date not read ({exc})", f.line)
            return
        facts.conflict.start = (start, begun.evidence())
        return
    labelled = re.search(rf"\({NEW_STYLE}\s*:\s*(?P<ns>[^()]+)\)(?P<tail>[^()]*)$", value.text)
    if labelled:  # `May 20 – December 6 (N.S.: May 31 – Dec. 17), 1788`: the New Style dates, with what follows them
        try:
            start, end = parse_range(labelled["ns"] + labelled["tail"])
            facts.conflict.start, facts.conflict.end = (start, value.evidence()), (end, value.evidence())
            return
        except DateError:
            pass  # read as any other value
    try:
        start, end = parse_range(value.text)
    except DateError as exc:
        # `16 December 1598 (Gregorian Calendar) , Keichō 3, ...` or `10 Muharram 61, October 10,
        # 680 AD`: a date and another calendar's date, separated by a comma; the one that reads
        # as a date is taken when exactly one does
        readable = []
        for cut in (m.start() for m in re.finditer(",", value.text)):
            for part in (value.sub(0, cut), value.sub(cut + 1, len(value.text))):
                try:
                    readable.append((part, parse_range(part.text)))
                except DateError:
                    continue
        # `November 19, 1700 (O.S.), ..., November 30, 1700 (N.S.)`: the New Style one, where calendars are named
        # (`21 to 22 February 1744 New Style, 11 to 12 February Old Style`: labels without brackets too)
        new_style = [r for r in readable if re.search(rf"\b{NEW_STYLE}", r[0].text, re.IGNORECASE)
                     and not re.search(rf"\b{OLD_STYLE}", r[0].text, re.IGNORECASE)]
        if new_style:
            readable = new_style[:1]
        years = [part.strip() for part in value.text.split(",") if part.strip()]
        spans = [re.fullmatch(r"(\d{3,4})(?:\s*[–—-]\s*(\d{3,4}))?", y) for y in years]
        bounds = [int(b) for m in spans if m for b in (m[1], m[2] or m[1])]
        if len(years) > 1 and all(spans) and bounds == sorted(bounds):
            # `1274, 1281`, `993, 1010, 1018–1019`: the years of several campaigns; the conflict
            # runs from the first to the last
            start, _ = parse_range(years[0])
            _, end = parse_range(years[-1])
            facts.conflict.start, facts.conflict.end = (start, value.evidence()), (end, value.evidence())
            return
        # the most precise reading, if every other reading is a coarser form of it (`680 AD`)
        readable.sort(key=lambda r: (-len(r[1][0].lexical()), r[0].start))
        best = readable[0][1] if readable else None
        prose_tail = all(re.fullmatch(r"\s*[a-z][a-z\s]*", part) for part in value.text.split(",")[1:])  # `, lasting eight months`
        if best is None or (best[0].precision == "year" and not (prose_tail and best[0] != best[1])) or not all(
                best[0].lexical().startswith(a.lexical()) and best[1].lexical().startswith(b.lexical()) for _, (a, b) in readable):
            # a lone year beside unreadable text (`Octember 45, 1945`) is not read with confidence
            keep_raw(facts, f.key, value, f"date not read ({exc})", f.line)
            return
        value, (start, end) = readable[0]
    piece = value.strip(" ,")
    empty = re.search(r"\s*,?\s*\(\s*\)\s*$", piece.text)  # `1 March 1940, ( )`: a duration template left empty
    if empty:
        piece = piece.sub(0, empty.start())
    facts.conflict.start = (start, piece.evidence())
    facts.conflict.end = (end, piece.evidence())


def _place(f: InfoboxField, facts: ArticleFacts) -> None:
    value = Piece.of(f.value)
    if len(re.findall(r"(?:^|[,.;]\s*)[A-Z][^:,.;\"“]{1,40}:\s*[\"“]", value.text)) >= 2:
        # `Fulcher of Chartres: "...", Ibn al-Adim: "..."`: sources quoted on where it was, not a place to state
        keep_raw(facts, f.key, value, "place given as quotations of sources", f.line)
        return
    known: dict[str, Place] = {p.name: p for p in facts.places}
    found = read_places(value)
    if not found and re.search(r"[A-Za-z]", value.text):
        keep_raw(facts, f.key, value, "no place named", f.line)  # `Multiple locations`: said, not named
    for ref, piece in found:
        facts.conflict.places.append((ref, piece.evidence()))
        chain = (ref.name,) + ref.located_in
        for i, name in enumerate(chain):
            place = known.get(name)
            if place is None:
                place = known[name] = Place(name, ref.kind if i == 0 else None, [])
                facts.places.append(place)
            if piece.evidence() not in place.evidence:
                place.evidence.append(piece.evidence())
            if i == 0:
                place.names.extend(n for n in ref.names if n not in place.names)
            if i + 1 < len(chain):
                if chain[i + 1] not in place.located_in:
                    place.located_in.append(chain[i + 1])
                add_support(place.support, "locatedIn", chain[i + 1], piece.evidence())


def _result(f: InfoboxField, facts: ArticleFacts) -> None:
    value = Piece.of(f.value).strip(" |")
    parts = [p.strip(" *|") for p in value.split(r",\s*\*|;\s*\*|\s\*\s")]
    text = "; ".join(p.text for p in parts if p.text)
    if text:
        facts.conflict.result = (text, value.evidence())
