"""Place values -> `PlaceRef`s with `located_in` chains.

`Handan, Hebei, China` is a chain (Handan in Hebei in China). A long list without
kind words (`Shandong, Jiangsu, Anhui, Henan, China`) is siblings in the last item.
Prose items (`Between villages of Grunwald (Grünfelde) and Łodwigowo (Ludwigsdorf)`,
`near Kadesh`, `Today's Jinning Township`) give only their capitalised names; a
parenthesis right after a name is an alternative name, tagged by a language the text
names (`Ma'ayan Harod (Hebrew)` -> he-Latn) or `und` when the text does not say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handan_kg.extract.names import language_tag, name_run, script_lang
from handan_kg.extract.pieces import Piece, balanced_split
from handan_kg.extract.vocab import first_match, load
from handan_kg.facts import Name, PlaceRef

_DIRECTIONS = re.compile(r"^(?:(?:north|south|east|west|central|northern|southern|eastern|western|"
                         r"north-?eastern|north-?western|south-?eastern|south-?western|upper|lower)\s+)+")  # lowercase only: `Central Europe` is a name


@dataclass(frozen=True)
class _Item:
    names: list[tuple[str, list[Name]]]  # one or more places named by the item
    piece: Piece
    kind: str | None
    prose: bool
    within: tuple[str, ...] = ()  # `Gaixia (in present-day Guzhen County, Anhui)`


_MODERN = re.compile(r"^(?P<inside>in\s+)?(?:present-day|modern-day|modern|today's|now)\s+(?P<rest>.+)$", re.IGNORECASE)


def place_kind(text: str) -> str | None:
    return first_match(load("places")["kinds"], text)


def read_places(value: Piece) -> list[tuple[PlaceRef, Piece]]:
    """All places in a Place value, each with the span of the value it comes from."""
    items = [_read_item(p) for p in balanced_split(value, ",")]
    items = [i for i in items if i.names]
    if not items:
        return []
    cfg = load("places")
    groups: list[list[_Item]] = []
    for item in items:
        if item.prose or not groups:
            groups.append([item])
        else:
            groups[-1].append(item)
    out: list[tuple[PlaceRef, Piece]] = []
    for group in groups:
        head, rest = group[0], group[1:]
        chain = [i.names[0][0] for i in rest]
        long_list = len(group) > cfg["max_chain"] and not any(i.kind for i in group)
        span = Piece(group[0].piece.start, group[-1].piece.end, value.text[group[0].piece.start - value.start: group[-1].piece.end - value.start])
        if long_list:
            last = group[-1].names[0][0]
            for item in group[:-1]:
                out.append((PlaceRef(item.names[0][0], item.kind, (*item.within, last), tuple(item.names[0][1])), span))
            continue
        for name, alts in head.names:
            out.append((PlaceRef(name, head.kind, (*head.within, *chain), tuple(alts)), span))
        for i, item in enumerate(rest):
            out.append((PlaceRef(item.names[0][0], item.kind, (*item.within, *chain[i + 1:]), tuple(item.names[0][1])), span))
    return out


def _read_item(piece: Piece) -> _Item:
    text = piece.text
    markers = sorted(load("places")["prose_markers"], key=len, reverse=True)
    lowered = text.lower()
    marker = next((m for m in markers if re.match(rf"{re.escape(m)}(?!\w)", lowered)), None)
    stripped = _DIRECTIONS.sub("", text)
    plain = re.sub(r"\s*\([^()]*\)", "", stripped).strip()
    words = plain.split()
    connectors = set(load("scripts")["name_connectors"])
    is_prose = marker is not None or any(w[0].islower() and w not in connectors for w in words)
    if not is_prose:
        paren = re.search(r"\(([^()]*)\)", stripped)
        alts, within = _parenthesis(plain, paren.group(1).strip()) if paren else ([], ())
        return _Item([(plain, alts)], piece, place_kind(plain), False, within)
    if marker is not None:
        text = re.sub(rf"^{re.escape(marker)}\s*", "", text, flags=re.IGNORECASE)
    return _Item(_prose_names(text), piece, place_kind(text), True)


def _parenthesis(name: str, body: str) -> tuple[list[Name], tuple[str, ...]]:
    """What a parenthesis after a place name says: a language mark (`(Hebrew)`), the modern
    place it lies in (`(in present-day Guzhen County, Anhui)`), its modern name
    (`(Present-day Yichang, Hubei)`), or another name (`(Grünfelde)`, `(Quemoy)`)."""
    if not body or re.search(r"\d", body):
        return [], ()
    tag = language_tag(body)
    if tag:
        return [Name(name, f"{tag}-Latn")], ()
    modern = _MODERN.match(body)
    if modern:
        parts = tuple(p.strip() for p in modern["rest"].split(",") if p.strip())
        if any(w[0].islower() for p in parts for w in p.split() if w not in ("of", "and")):
            return [], ()  # `(modern-day Lebanon–Syria border)`: a description, not a place name
        if modern["inside"]:
            return [], parts
        return [Name(parts[0], "und")], parts[1:]
    if "," in body or any(w[0].islower() for w in body.split()):
        return [], ()
    return [Name(body, script_lang(body) or "und")], ()


def _prose_names(text: str) -> list[tuple[str, list[Name]]]:
    """Capitalised name runs in a prose item; `X (Hebrew) or Y (Arabic)` name one place."""
    found: list[tuple[str, list[Name]]] = []
    pos = 0
    joiners: list[str] = []
    while pos < len(text):
        m = re.compile(r"[A-Z\u00C0-\u024F][^\s,()]*").search(text, pos)
        if not m:
            break
        run = name_run(text, m.start())
        if not run:
            pos = m.end()
            continue
        s, e = run
        joiner = text[pos:s].strip().split()[-1:] if found else []
        name = _DIRECTIONS.sub("", text[s:e])
        paren = re.match(r"\s*\((?P<body>[^()]*)\)", text[e:])
        alts = _parenthesis(name, paren["body"].strip())[0] if paren else []
        found.append((name, alts))
        joiners.append(joiner[0].lower() if joiner else "")
        pos = e + (paren.end() if paren else 0)
    out: list[tuple[str, list[Name]]] = []
    for i, (name, alts) in enumerate(found):
        if i > 0 and joiners[i] == "or" and out:
            first, first_alts = out[-1]
            out[-1] = (first, first_alts + alts)
            continue
        out.append((name, alts))
    return out
