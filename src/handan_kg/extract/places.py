"""Place values -> `PlaceRef`s with `located_in` chains.

`Handan, Hebei, China` is a chain (Handan in Hebei in China). A long list without
kind words (`Shandong, Jiangsu, Anhui, Henan, China`) is siblings in the last item.
Prose items (`Between villages of Grunwald (Grünfelde) and Łodwigowo (Ludwigsdorf)`,
`near Kadesh`, `Today's Jinning Township`, `Shanghai city in the Republic of China`) give
their capitalised names, a kind word next to a name (`villages of`, `city`), and `in`
between two names as containment. A parenthesis after a name is read by `_parenthesis`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

import pycountry

from handan_kg.extract.names import language_tag, name_run, script_lang
from handan_kg.extract.pieces import Piece, balanced_split, without_full_stop
from handan_kg.extract.residue import is_state
from handan_kg.extract.vocab import first_match, load
from handan_kg.facts import Name, PlaceRef


@cache
def _directions() -> re.Pattern[str]:
    """Lowercase, and the two-point compass adjectives in any case: `western Masuria` and
    `Northwestern Montenegro` are Masuria and Montenegro; `Central Europe` is a name."""
    words = "|".join(map(re.escape, sorted(load("places")["directions"], key=len, reverse=True)))
    return re.compile(rf"^(?:(?:{words}|(?i:(?:north|south)-?(?:east|west)ern)|(?:N|S)?[EW]|[NS])\s+(?=[A-Z]))+")  # `NE Aegean Sea` too


_REGION_OF = re.compile(r"^(?:Central|Northern|Southern|Eastern|Western|Upper|Lower)\s+")
# `occupied Yugoslavia`, `German-occupied Poland`: a state as it then was, still the state
_OCCUPIED = re.compile(r"^(?:[A-Za-z]+-)?occupied\s+(?=[A-Z])", re.IGNORECASE)


@cache
def _modern() -> re.Pattern[str]:
    """`in present-day Guzhen County, Anhui`, `now Nagaland, India`: where a place is today."""
    markers = "|".join(re.escape(m) for m in sorted(load("places")["modern_markers"], key=len, reverse=True))
    return re.compile(rf"^(?P<inside>in\s+)?(?:{markers})\s+(?P<rest>.+)$", re.IGNORECASE)


@cache
def _chain_lead() -> re.Pattern[str]:
    """`near Carthage`, `in present-day Changjin County`: a comma item that goes on with the chain."""
    leads = "|".join(re.escape(m) for m in sorted(load("places")["chain_leads"], key=len, reverse=True))
    markers = "|".join(re.escape(m) for m in sorted(load("places")["modern_markers"], key=len, reverse=True))
    return re.compile(rf"^(?:and\s+)?(?:(?:{leads})\s+(?:(?:{markers})\s+)?)?(?=[A-Z\u00C0-\u024F])", re.IGNORECASE)


_CAPITAL = re.compile(r"[A-Z\u00C0-\u024F][^\s,()]*")


@dataclass(frozen=True)
class _Named:
    name: str
    alts: tuple[Name, ...] = ()
    kind: str | None = None
    within: tuple[str, ...] = ()  # `Gaixia (in present-day Guzhen County, Anhui)`, `X in the Y`
    today: tuple[str, ...] = ()  # `Narva, Swedish Empire (present-day Estonia)`: a chain of places of today


@dataclass(frozen=True)
class _Item:
    names: list[_Named]  # one or more places named by the item
    piece: Piece
    apart: bool  # the item starts a chain of its own: prose, or a place the one before is only near (`west of Durham`)
    ends_list: bool = False  # `..., and Assam`: the last item of a list, not of a chain
    today: bool = False  # `..., modern Iraq`: the country a place lies in today


def place_kind(text: str) -> str | None:
    return first_match(load("places")["kinds"], text)


def read_places(value: Piece) -> list[tuple[PlaceRef, Piece]]:
    """All places in a Place value, each with the span of the value it comes from."""
    header = re.match(r"(?P<head>[A-Z][^:,;()\d]{1,40}):\s+(?=\S)", value.text)
    if header and (header["head"].lower().endswith("ly") or not re.fullmatch(r"(?:[A-Z][\w'’-]*\s?){1,4}", header["head"])):
        header = None  # `Predominantly: Eritrea Province`: a qualifier, not a place
    if header:  # `East Java: the city of Daha and Majapahit, ...`: the places after it lie in it
        head = value.sub(0, len(header["head"]))
        inner = read_places(value.sub(header.end(), len(value.text)))
        outer = read_places(head)
        # each place cites the whole value, which names the region it lies in
        return _unique([*((replace(ref, located_in=ref.located_in or (head.text,)), value) for ref, _ in inner), *outer])
    value = without_full_stop(value)
    see = re.search(r",\s*see\s.*$", value.text, re.IGNORECASE)
    if see:  # `Edington, Wiltshire, see § Location of the battle`: a pointer to the article's section
        value = value.sub(0, see.start())
    unclosed = value.text.rfind("(")
    if unclosed > 0 and ")" not in value.text[unclosed:]:
        # `Opis, Babylonia, Mesopotamia (modern-day Iraq`: a parenthesis the page never closed
        tail = value.sub(unclosed + 1, len(value.text))
        return _unique([*read_places(value.sub(0, unclosed).strip(" ")), *read_places(tail)])
    if value.text.startswith("(") and value.text.endswith(")") and value.text.count("(") == 1:
        value = value.sub(1, len(value.text) - 1)  # `(in present-day Haryana, India)`: the whole value
        modern = _modern().match(value.text)
        if modern:
            value = value.sub(modern.start("rest"), len(value.text))
    groups: list[list[_Item]] = []
    for section in balanced_split(value, ";"):  # `...; present-day Cahul, Moldova`: a chain of its own
        first = len(groups)
        for item in (i for i in (_read_item(p) for p in _with_trailing_parentheses(section)) if i.names):
            old_state = item.today and any(_is_historical_state(i.names[0].name) for i in groups[-1]) if len(groups) > first else False
            after_country = len(groups) > first and _is_country(groups[-1][-1].names[0].name) and not _is_container(item.names[0].name)
            if item.apart or len(groups) == first or old_state or after_country or _water_after_land(item, groups[-1]):
                # `Varna, Ottoman Empire, present-day Bulgaria`: today's country is no old state's
                # container; `Incheon, South Korea, Yellow Sea`: a sea contains no land; `Nogales,
                # Sonora, Mexico, Nogales, Arizona, United States`: a chain ends at its country
                groups.append([item])
            else:
                groups[-1].append(item)
    out: list[tuple[PlaceRef, Piece]] = []
    for group in groups:
        span = Piece(group[0].piece.start, group[-1].piece.end,
                     value.text[group[0].piece.start - value.start: group[-1].piece.end - value.start])
        heads = [i.names[0] for i in group]
        if all(_is_country(h.name) for h in heads) and not (len(group) == 2 and len(group[0].names) > 1):
            out += [(_ref(n, n.within), span) for i in group for n in i.names]  # `Sudan, Egypt, Eritrea, Uganda`: side by side
            continue
        if len(group) > load("places")["max_chain"] and not any(h.kind for h in heads):
            # siblings in the last item when it is a country (`A, B, C, D, Ireland`), else siblings
            last = _is_country(_REGION_OF.sub("", heads[-1].name))
            out += [(_ref(h, (*h.within, heads[-1].name) if last else h.within), span) for h in heads[:-1]]
            out.append((_ref(heads[-1], heads[-1].within), span))
            continue
        if len(group) == 1:
            # `Yiling (Present-day Yichang, Hubei)`: a place alone lies where its name of today does
            # (not the last of several names in prose, which the parenthesis may not be about)
            alone = len(group[0].names) == 1
            out += [(_ref(n, n.within or (n.today[1:] if alone and not _is_country(n.name) else ())), span) for n in group[0].names]
            continue
        listed_within = len(group) == 2 and len(group[0].names) > 1 and len(group[1].names) == 1
        if (all(_is_country(h.name) for h in heads) and not listed_within) or group[-1].ends_list or (
                len(group[-1].names) > 1 and not re.match(r"between\s", group[0].piece.text, re.IGNORECASE)):
            # `Iraq, Kuwait, Saudi Arabia, Israel and Persian Gulf`, `Aksai Chin, NEFA, and Assam`,
            # `Attica, Boeotia and Euboea` (a pair last, not after `between`):
            # countries side by side, a list ending in `and`: siblings, not nested (but `Montenegro
            # and Bosnia and Herzegovina, occupied Yugoslavia`: a list, then where it lies)
            out += [(_ref(n, n.within), span) for i in group for n in i.names]
            continue
        if any((a.kind and a.kind == b.kind) or _same_water(a.name, b.name) for a, b in zip(heads, heads[1:])):
            # `Chouf District, Aley District, West Beirut`: a district does not lie in another district
            out += [(_ref(n, n.within), span) for i in group for n in i.names]
            continue
        if len(group) > 3 and not any(h.kind for h in heads) and not _is_container(heads[-1].name):
            # `Shanxi, Hebei, Henan, Chahar`: plain names not ending in a country (or a region of
            # one: `Central Portugal`) are siblings
            out += [(_ref(n, n.within), span) for i in group for n in i.names]
            continue
        chain = [h.name for h in heads[1:]]
        for named in group[0].names:
            out.append((_ref(named, (*named.within, *chain)), span))
        for i, h in enumerate(heads[1:]):
            out.append((_ref(h, (*h.within, *chain[i + 1:])), span))
    for group in groups:
        out += _places_of_today(group)
    return _unique(out)


def _places_of_today(group: list[_Item]) -> list[tuple[PlaceRef, Piece]]:
    """The places a parenthesis names as today's (`Narva, Swedish Empire (present-day Estonia)`):
    a chain of their own; one name inside a chain (`Mukden (modern Shenyang), Manchuria`) lies
    in the rest of that chain."""
    out = []
    for i, item in enumerate(group):
        rest = tuple(h.names[0].name for h in group[i + 1:])
        for named in item.names:
            today = named.today + rest if len(named.today) == 1 else named.today
            out += [(PlaceRef(name, place_kind(name), today[j + 1:]), item.piece) for j, name in enumerate(today)
                    if j == 0 or name not in rest]
    return out


def _unique(found: list[tuple[PlaceRef, Piece]]) -> list[tuple[PlaceRef, Piece]]:
    """Each place once, as first found; a feature's word alone (`Valley by Mount Uhud`,
    `Shandong (Shantung) Peninsula` cut in two) names no place."""
    seen: set[tuple[str, tuple[str, ...]]] = set()
    out = []
    for ref, piece in found:
        if ref.name.lower() in load("places")["feature_words"]:
            continue
        if (ref.name, ref.located_in) not in seen:
            seen.add((ref.name, ref.located_in))
            out.append((ref, piece))
    return out


def _with_trailing_parentheses(value: Piece) -> list[Piece]:
    """The comma items of a Place value, a parenthesis standing alone as an item joined to the
    item before it (`Didgori Valley, Kingdom of Georgia, (present-day Didgori, Georgia)`)."""
    out: list[Piece] = []
    for piece in balanced_split(value, ","):
        near = _near_parenthesis().fullmatch(piece.text)
        if out and re.fullmatch(r"\([^()]*\)", piece.text.strip()):
            out[-1] = value.sub(out[-1].start - value.start, piece.end - value.start)
        elif near:  # `Kahlenberg (outside Vienna, Austria)`: the parenthesis goes on as items of the value
            inner = piece.sub(near.start("rest"), near.end("rest"))
            out += [piece.sub(0, near.end("name")), *balanced_split(inner, ",")]
        elif ((within := _near_within().match(piece.text)) and _is_plain(_bare(within["name"]))
              and not re.search(r"\s(?:and|or|&)$|\s(?:on|at|in|along)\s", within["name"])):  # not `North of A and | east of B`
            # `Ane River near Lake Biwa, Nagahama`: the place is near the next, which the chain goes on from
            out += [piece.sub(0, within.end("name")), piece.sub(within.end("name"), len(piece.text))]
        else:
            out.append(piece)
    return out


@cache
def _near_parenthesis() -> re.Pattern[str]:
    return re.compile(rf"(?P<name>[^()]*[^\s()])\s*\((?P<rest>(?:{_near_words()})\s[^()]*)\)", re.IGNORECASE)


@cache
def _near_within() -> re.Pattern[str]:
    return re.compile(rf"(?P<name>[^()]*[^\s(),])\s+(?=(?:{_near_words()}|{_COMPASS}\s+of)\s+(?:the\s+)?[A-Z\u00C0-\u024F])")


def _near_words() -> str:
    """The words of nearness (`near`, `outside`, `in the vicinity of`) as one alternation, longest first."""
    return "|".join(re.escape(w) for w in sorted(load("places")["near_words"], key=len, reverse=True))


def _is_historical_state(name: str) -> bool:
    """A state that is none of today's countries (`Ottoman Empire`, `Kingdom of Prussia`)."""
    return is_state(name) and not _iso_country(name)


_WATER = frozenset({"sea", "strait"})


def _water_after_land(item: _Item, group: list[_Item]) -> bool:
    """A sea, strait or bay after land places in a comma chain lies beside them, not around
    them (`Heligoland Bight, North Sea`: water in water is a chain)."""
    return _is_water(item.names[0], "coast_words") and any(not _is_water(i.names[0], "coast_words") for i in group)


def _is_water(place: _Named, also: str | None = None) -> bool:
    words = set(load("places")["water_words"]) | set(load("places")[also] if also else ())
    return place.kind in _WATER or bool(set(place.name.split()) & words)


def _same_water(a: str, b: str) -> bool:
    """`Atlantic Ocean, Arctic Ocean`: two bodies of water of one kind lie side by side."""
    return a.split()[-1] == b.split()[-1] and a.split()[-1] in load("places")["water_words"]


def _is_country(name: str) -> bool:
    """A country or state: the vocabulary's countries, ISO 3166 names (`South Georgia and the
    South Sandwich Islands`, `Czech Republic`), known belligerent names, `X Empire`."""
    return name in load("places")["countries"] or is_state(name) or _iso_country(name)


def _state_or_region(name: str) -> bool:
    """A state, a region named by a world region (`Mesopotamia`), a people's (`German New
    Guinea`, `French Indochina`) or by what it is (`Viceroyalty of Peru`): not a town."""
    words = name.split()
    colony = len(words) > 1 and (words[0] in load("belligerents")["demonyms"] or words[0].endswith((*_ADJECTIVE_ENDINGS, "man", "ch")))
    return (is_state(name) or _is_container(name) or colony or bool(re.match(r"[A-Z]\w+ of (?:the )?[A-Z]", name))
            or any(w in load("places")["world_regions"] for w in words))


def _is_container(name: str) -> bool:
    """A country (or a region of one: `Central Portugal`) or a region larger than a country
    (`North Africa`, `Southeast Asia`): what a comma list can end in when it is a chain."""
    compass = re.sub(r"^(?:North|South|East|West)(?:-?(?:east|west))?(?:ern)?\s+", "", name, flags=re.IGNORECASE)
    return _is_country(_REGION_OF.sub("", name)) or name in load("places")["world_regions"] or compass in load("places")["world_regions"]


def _iso_country(name: str) -> bool:
    """One of today's countries by an ISO 3166 name (`Czech Republic`, `Czechia`)."""
    db = pycountry.countries
    return bool(db.get(name=name) or db.get(common_name=name) or db.get(official_name=name))


def _ref(named: _Named, within: tuple[str, ...]) -> PlaceRef:
    return PlaceRef(named.name, named.kind, within, named.alts)


_COMPASS = r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?"
# the endings of a people's adjective (`Iranian`, `Chinese`, `Danish`): a word that says whose, not where
_ADJECTIVE_ENDINGS = ("ian", "ean", "ese", "ish")


@cache
def _relative() -> re.Pattern[str]:
    """`Northwest of Gaoping`, `slopes of Pichincha`, `outskirts of Vienna`, `Border between China
    and ...`: where, relative to places."""
    nouns = "|".join(map(re.escape, sorted(load("places")["relative_nouns"], key=len, reverse=True)))
    return re.compile(rf"^(?:(?:on|at|along)\s+(?=the\s))?(?:(?P<compass>{_COMPASS}\s+of)|(?:the\s+)?(?:[a-z]+ing\s+|{_COMPASS}\s+)?(?:{nouns})\s+of|(?:the\s+)?(?:border|frontier)\s+between)\s+(?:the\s+)?(?=[A-Z\u00C0-\u024F])",
                      re.IGNORECASE)


def _read_item(piece: Piece) -> _Item:
    item = _read_item_text(piece)
    return replace(item, ends_list=True) if re.match(r"and\s", piece.text) else item


def _read_item_text(piece: Piece) -> _Item:
    if re.search(r"\d\s*°", piece.text):
        return _Item([], piece, False)  # `36°08′23″N 5°21′18″W`: coordinates, not a place's name
    if piece.text.split()[:1] and piece.text.split()[0].lower() in load("places")["vague_words"]:
        return _Item([], piece, False)  # `Multiple locations`: no place named
    relative = _relative().match(piece.text) or _OCCUPIED.match(piece.text)
    if relative:
        near = bool(relative.groupdict().get("compass"))  # `west of Durham`: near it, not in it
        item = _read_item_text(piece.sub(relative.end(), len(piece.text)))
        return replace(item, apart=item.apart or near)
    kinds = re.match(r"(?:the\s+)?(?P<kind>[A-Za-z]+)s\s+(?:of\s+)?(?=[A-Z])", piece.text)
    if kinds and place_kind(kinds["kind"].lower()):  # `Provinces of Henan, Hunan and Guangxi`: what they are, not a name
        kind = place_kind(kinds["kind"].lower())
        item = _read_item_text(piece.sub(kinds.end(), len(piece.text)))
        return replace(item, names=[replace(n, kind=n.kind or kind) for n in item.names])
    on = re.match(r"(?:On|At|Along)\s+the\s+(?=[A-Z\u00C0-\u024F])", piece.text)
    if on:  # `On the Tagus`: where on a place, not part of its name
        piece = piece.sub(on.end(), len(piece.text))
    lead = _chain_lead().match(piece.text)
    if lead and lead.end() and _is_plain(_directions().sub("", _bare(piece.text[lead.end():]))):
        piece = piece.sub(lead.end(), len(piece.text))  # `near Carthage`: the chain goes on
    text = piece.text
    markers = sorted(load("places")["prose_markers"], key=len, reverse=True)
    marker = next((m for m in markers if re.match(rf"{re.escape(m)}(?!\w)", text.lower())), None)
    stripped = _directions().sub("", text)
    plain = _bare(stripped)
    if plain.startswith("The ") and (place_kind(plain) or set(plain.split()) & set(load("places")["water_words"]) or plain[4:5].islower()):
        plain = plain[4:]  # `The Philippine Sea`, `The plain of X` (but `The Hague`): the article is not part of the name
    if marker is None and _is_plain(plain):
        paren = re.search(r"\(([^()]*)\)", stripped)
        alts, within, today = _parenthesis(plain, paren.group(1).strip()) if paren else ((), (), ())
        shared = _names_of_one_kind(plain)
        if shared:  # `York/Cherokee Counties`: York County and Cherokee County
            return _Item([_Named(p, (), place_kind(p), within, today) for p in shared], piece, False)
        both = re.split(r"\s+(?:and|&|/)\s+(?:the\s+)?(?=[A-Z])", plain)
        if len(both) > 1 and not _is_country(plain) and all(both):
            # `La Porte and Deer Park, Texas`: two places at one level (`Bosnia and Herzegovina` is one)
            return _Item([_Named(p, (), place_kind(p), within, today) for p in both], piece, False)
        return _Item([_Named(plain, alts, place_kind(plain), within, today)] if plain else [], piece, False)
    modern = _modern().match(text)
    country = _directions().sub("", modern["rest"].strip()) if modern else ""
    if modern and not modern["inside"] and _is_country(country):
        # `..., near Erbil, modern Iraq`, `present-day western Ukraine`: the country today continues the chain before it
        return _Item([_Named(country)], piece, False, today=True)
    if modern and not modern["inside"] and _is_plain(_bare(country)):
        # `Modern day Yaroslavl Oblast`, `..., modern Ras Dimas`: a place of today, a chain of its own
        return replace(_read_item_text(piece.sub(modern.start("rest"), len(piece.text))), apart=True)
    if marker is not None:
        text = re.sub(rf"^{re.escape(marker)}\s*", "", text, flags=re.IGNORECASE)
    return _Item(_prose_names(text), piece, True)


def _names_of_one_kind(plain: str) -> list[str]:
    """`York/Cherokee Counties`, `Tigris and Euphrates Rivers`: names that share a kind written
    once in the plural, each with the kind; [] for anything else."""
    m = re.fullmatch(r"(?P<names>.+?)\s+(?P<kind>[A-Za-z]+)", plain)
    kind = load("places")["plural_kinds"].get(m["kind"].lower()) if m else None
    if m is None or kind is None:
        return []
    names = re.split(r"\s*/\s*|\s+(?:and|&)\s+", m["names"])
    word = kind.capitalize() if m["kind"][0].isupper() else kind
    return [f"{n} {word}" for n in names] if len(names) > 1 and all(names) else []


def _bare(text: str) -> str:
    """The item without its parentheses."""
    return re.sub(r"\s*\([^()]*\)", "", text).strip(" ,")


def _is_plain(text: str) -> bool:
    """Only capitalised words, name connectors and, after the first word, feature words
    (`Çubuk field`, `Bay of Pigs`, also first before `of`: `plain of Otumba`) or a last word saying what kind of place it is (`Kandahar
    province`, a name of its own, not the city of Kandahar): a name, not prose."""
    connectors = set(load("scripts")["name_connectors"])
    features = set(load("places")["feature_words"])
    words = text.split()
    if len(words) > 1 and words[-1] in features and words[-2].endswith(_ADJECTIVE_ENDINGS):
        return False  # `East Anglian coast`: a people's adjective before a feature names no place
    feature_of = len(words) > 2 and words[0] in features and words[1] == "of"  # `plain of Otumba`
    return bool(words) and (words[0][0].isupper() or feature_of) and not any(
        w[0].islower() and w not in connectors and not ((i or feature_of) and w in features)
        and not (i and re.fullmatch(r"[a-z]{1,3}-[A-Z][\w'’-]*", w))  # `Wadi al-Khaznadar`
        and not (0 < i == len(words) - 1 and place_kind(w) == w) for i, w in enumerate(words))


def _parenthesis(name: str, body: str) -> tuple[tuple[Name, ...], tuple[str, ...], tuple[str, ...]]:
    """What a parenthesis after a place name says, as (other names, enclosing places, places of
    today): a language mark (`(Hebrew)`), the modern places it lies in (`(in present-day Guzhen
    County, Anhui)`: enclosing, and places of their own), where a place or an old state is today
    (`(Present-day Yichang, Hubei)`, `Duchy of Milan (in present-day Italy)`: places of their own,
    never enclosing an old state), or another name (`(Grünfelde)`, `(Quemoy)`)."""
    if not body or re.search(r"\d", body):
        return (), (), ()
    tag = language_tag(body)
    if tag:
        return (Name(name, f"{tag}-Latn"),), (), ()
    modern = _modern().match(body)
    if modern:
        part_of = re.match(r"(?:a\s+)?part\s+of\s+(?:the\s+)?", modern["rest"])  # `(present-day part of Malaysia)`: inside it
        parts = tuple(re.sub(r"^the\s+(?=[A-Z])", "", p.strip()) for p in modern["rest"][part_of.end() if part_of else 0:].split(",") if p.strip())
        if any(w[0].islower() for p in parts for w in p.split() if w not in ("of", "and")):
            return (), (), ()  # `(modern-day Lebanon–Syria border)`: a description, not a place name
        if _is_country(name):
            return (), (), parts  # `German Empire (present-day Poland)`: where the old state lay
        # `Mbwila (modern Angola)`: the country a place lies in today (not an old state's or a region's: `German East Africa`)
        alone = len(parts) == 1 and _is_country(parts[0]) and not _state_or_region(name)
        return (), parts if modern["inside"] or part_of or alone else (), parts
    if "," in body or any(w[0].islower() for w in body.split() if w not in ("of", "and")):
        return (), (), ()
    if not _is_country(name) and (_is_country(body) or place_kind(body)):
        return (), (body,), (body,)  # `Carrhae (Turkey)`, `Uji (Kyoto Prefecture)`: where the place lies
    return (Name(body, script_lang(body) or "und"),), (), ()


def _prose_names(text: str) -> list[_Named]:
    """Capitalised name runs in a prose item. `X (Hebrew) or Y (Arabic)` name one place;
    `X city in the Y` puts X (a city) in Y; `villages of X and Y` makes both villages."""
    runs: list[tuple[int, int, str, tuple[Name, ...], tuple[str, ...]]] = []  # start, end, name, alts, today
    pos = 0
    while pos < len(text):
        m = _CAPITAL.search(text, pos)
        if not m:
            break
        run = name_run(text, m.start(), joins_and=_is_country(_and_run(text, m.start())))
        if not run:
            pos = m.end()
            continue
        s, e = run
        preposition = re.match(r"(?:In|At|On|Near|Off|Around|Outside|Along)\s+(?=\S)", text[s:e])
        if preposition:  # `In Øresund or near Rügen`: the preposition starts the item, not the name
            s += preposition.end()
            s += 4 if text[s:e].startswith("the ") else 0  # `On the Han River`
        if text[s:e].lower() in ("the", "a", "an"):  # `The eastern coast of Hansan Island`
            pos = e
            continue
        if _adjective_before_noun(text, e):
            pos = e  # `Iranian territorial waters`, `West Estonian archipelago`: a people's adjective, not a place's name
            continue
        name = re.sub(r"^The\s+(?=\S+\s)", "", _directions().sub("", text[s:e]))  # `The Kagul River`
        paren = re.match(r"\s*,?\s*\((?P<body>[^()]*)\)", text[e:])  # `near Dazman, (modern-day Turhal, Tokat)`
        alts, _, today = _parenthesis(name, paren["body"].strip()) if paren else ((), (), ())
        end = e + (paren.end() if paren else 0)
        runs.append((s, end, name, alts, today))
        pos = end
    if not runs:
        return []
    lead_kind = place_kind(text[: runs[0][0]])  # `villages of`
    out: list[_Named] = []
    for i, (s, end, name, alts, today) in enumerate(runs):
        gap_before = text[runs[i - 1][1]: s].strip().lower().split() if i else []
        after = text[end: runs[i + 1][0] if i + 1 < len(runs) else len(text)].strip().lower().split()
        kind = (place_kind(after[0]) if after else None) or place_kind(name)  # `Shanghai city`, `Hansan Island`
        if after and after[0] in load("places")["feature_words"]:
            name = f"{name} {after[0]}"  # `near the Sutlej river`: the feature is named by both words
        if gap_before[-1:] == ["or"] and out:
            out[-1] = _Named(out[-1].name, out[-1].alts + alts, out[-1].kind, out[-1].within)
            continue
        if out and gap_before[:1] == ["of"] and _modern().fullmatch(" ".join([*gap_before[1:], name])):
            # `Ouémé Department of modern Benin`: the place lies in the place of today
            prev = out[-1]
            out[-1] = _Named(prev.name, prev.alts, prev.kind, (*prev.within, name))
            out.append(_Named(name, alts, kind))
            continue
        if "in" in gap_before and out and all(w in ("in", "the") or place_kind(w) for w in gap_before):
            # `Shanghai city in the Republic of China` (but not `Gallipoli and raids in the Aegean`)
            prev = out[-1]
            out[-1] = _Named(prev.name, prev.alts, prev.kind, (*prev.within, name))
            out.append(_Named(name, alts, kind))
            continue
        joined = i == 0 or gap_before[-1:] == ["and"]
        out.append(_Named(name, alts, kind or (lead_kind if joined else None), today=today))
    return out


def _adjective_before_noun(text: str, end: int) -> bool:
    """A one-word run in an adjective's ending (`Iranian`, `Chinese`, `Danish`) or an
    abbreviation in initials (`U.S. territory`, whose status it says) before a lowercase word
    that is no feature of a place (`territorial waters`, not `river`)."""
    after = re.match(r"\s+([a-z]+)", text[end:])
    adjective = text[:end].endswith(_ADJECTIVE_ENDINGS) or re.search(r"(?<![\w.])(?:[A-Z]\.){2,}$", text[:end])
    return after is not None and bool(adjective) and place_kind(after.group(1)) is None


def _and_run(text: str, start: int) -> str:
    """The name run at `start` with `and` joining (`Bosnia and Herzegovina`), to ask whether
    it is one country's name or two places (`Cape Esperance and Savo Island`)."""
    run = name_run(text, start)
    return text[run[0]:run[1]] if run else ""
