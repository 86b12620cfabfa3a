"""Conflict-level infobox fields and the key map: every key is mapped, deliberately
ignored (`Issue(kind="ignored-key")`) or reported (`Issue(kind="unmapped-key")`)."""

from __future__ import annotations

import re
from collections import defaultdict

from handan_kg.article import Article, InfoboxField
from handan_kg.extract.dates import DateError, parse_range
from handan_kg.extract.pieces import Piece, balanced_split
from handan_kg.extract.places import read_places
from handan_kg.extract.vocab import first_match, load
from handan_kg.facts import ArticleFacts, Conflict, Issue, Name, Place

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
    value = Piece.of(fields[0].value)
    items = balanced_split(value, ",")
    if not (len(items) > 1 and all(conflict_kind(i.text) != "conflict" for i in items)):
        items = [value]
    names = [(Name(i.text, "en"), i.evidence()) for i in items[1:]]
    if title.text.lower() not in {i.text.lower() for i in items}:
        names.append((Name(title.text, "en"), title.evidence()))  # `Battle of Jinzhou` for `Battle of Chinchow`
    return Conflict(items[0].text, conflict_kind(items[0].text), [items[0].evidence()], names=names)


def classify(article: Article, facts: ArticleFacts) -> dict[str, dict[int, list[InfoboxField]]]:
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
    value = Piece.of(f.value)
    text = re.sub(r"^the\s+", "", value.text, flags=re.IGNORECASE).strip()
    if not text or text.lower() == "the" or not re.search(r"[A-Za-z]{2}", text):
        facts.issues.append(Issue("unparsed-value", f"part-of value {value.text!r} names no conflict", f.line, f.key))
        return
    piece = value.sub(len(value.text) - len(text), len(value.text))
    words = load("conflict_kinds")["part_words"]
    for part in piece.split(r"\s+during\s+(?:the\s+)?"):
        # `X wars and Y rivalry` names two wholes, `the Liaoshen Campaign of the Chinese Civil
        # War` a whole inside a whole; `Spring and Autumn period` and `Mongol invasions of the
        # Levant` are one name each, because only one side names a conflict.
        for joiner in (r"\s+and\s+(?:the\s+)?", r"\s+of\s+the\s+"):
            pieces = part.split(joiner)
            if len(pieces) == 2 and all(first_match([[w, w] for w in words], p.text) for p in pieces):
                break
        else:
            pieces = [part]
        for p in pieces:
            facts.conflict.part_of.append((p.text, p.evidence()))


def _date(f: InfoboxField, facts: ArticleFacts) -> None:
    value = Piece.of(f.value)
    try:
        start, end = parse_range(value.text)
    except DateError as exc:
        facts.issues.append(Issue("unparsed-value", f"date skipped: {exc}", f.line, f.key))
        return
    piece = value.strip(" ,()")
    cut = re.search(r"\s*,?\s*\(\s*\)\s*$", piece.text)
    if cut:
        piece = piece.sub(0, cut.start())
    facts.conflict.start = (start, piece.evidence())
    facts.conflict.end = (end, piece.evidence())


def _place(f: InfoboxField, facts: ArticleFacts) -> None:
    known: dict[str, Place] = {p.name: p for p in facts.places}
    for ref, piece in read_places(Piece.of(f.value)):
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
            if i + 1 < len(chain) and chain[i + 1] not in place.located_in:
                place.located_in.append(chain[i + 1])


def _result(f: InfoboxField, facts: ArticleFacts) -> None:
    value = Piece.of(f.value).strip(" |")
    parts = [p.strip(" *|") for p in value.split(r",\s*\*|;\s*\*|\s\*\s")]
    text = "; ".join(p.text for p in parts if p.text)
    if text:
        facts.conflict.result = (text, value.evidence())
