"""Image and flag-icon residue at the start of infobox list items.

Rendered infobox icons leave text such as `22px|PLA Liu Bocheng`,
`23px Que Hanqian`, `center|60px|Flag of the National Revolutionary Army` or
`22px|Flag of the National Revolutionary Army Gu Zhutong`. The residue is not part of
any name, but its label (`PLA`, the flag's name) tells which side an item belongs to,
so it is returned as a hint instead of being thrown away. A `Flag of ...` label is only
separated from a following person name when the label is a known belligerent name
(vocab/belligerents.json); otherwise the item is reported, never split by guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from handan_kg.extract.pieces import Piece
from handan_kg.extract.vocab import load

_OPTIONS = "|".join(map(re.escape, load("belligerents")["image_options"]))
# a pipe between list items, not one inside a flag image's options (`23px|border|link Name`)
# (`flagicon|USA|1861 United States`: the pipes of a flag template written out are not either)
ITEM_PIPE = rf"(?<!\dpx)(?<!flag)(?<!flagicon)(?<!flagcountry)\|(?!\d+px|\d{{4}}\s|(?:{_OPTIONS})\b)"
RESIDUE = re.compile(
    rf"(?:\b(?:{_OPTIONS})\|)*(?:\d+x)?\d+px(?:\|(?:{_OPTIONS})\b)*"  # `25x25px` too
    r"(?:\s*\|?\s*(?:(?P<flag>Flag of\s+(?:the\s+)?)|(?P<code>[A-Z]{2,5}\b)))?\|?\s*"
)


@dataclass(frozen=True)
class Hint:
    """A side hint left by residue: a flag code (`PLA`) or a flag's name."""

    label: str
    piece: Piece


@dataclass(frozen=True)
class Stripped:
    rest: Piece | None  # the item without residue; None when it cannot be separated safely
    hints: list[Hint]


@cache
def _known_names() -> list[str]:
    names = set(load("flag_codes")) | set(load("belligerents")["states"])
    for group in load("belligerents")["groups"].values():
        names.update(group["names"])
        names.update(group["adjectives"])
    return sorted(names, key=len, reverse=True)


def state_name_at_start(text: str) -> list[int]:
    """Ends of the state names (known, or by their head noun: `Kingdom of Portugal`) that start `text`."""
    ends = [len(n) for n in known_state_names() if text.startswith(n)]
    m = _polity_pattern().match(text)
    return sorted({*ends, *([m.end()] if m else [])}, reverse=True)


def known_state_names() -> list[str]:
    """States and known belligerent names of two words or more, and sovereign states, longest first."""
    return [n for n in _known_names() if len(n) > 3 and (" " in n or n in _states())]


@cache
def _states() -> frozenset[str]:
    return frozenset(load("belligerents")["states"])


def split_at_residue(item: Piece) -> list[Piece]:
    """`22px|PLA A B 22px|PLA C D` -> two items, each starting with its residue."""
    starts = [m.start() for m in RESIDUE.finditer(item.text)]
    if not starts or starts == [0]:
        return [item]
    bounds = ([0] if starts[0] != 0 else []) + starts + [len(item.text)]
    return [p for p in (item.sub(a, b) for a, b in pairwise(bounds)) if p.text]


# An image's file name left in front of a name by a mirror (the flag or coat of arms)
# Wiki markup a mirror left unrendered in front of an item (`]] Sikh Empire`, `| Name`): never part of a name
_MARKUP = re.compile(r"^(?:\]\]|\[\[|\}\}|\{\{|\|)(?:\s*(?:\]\]|\[\[|\}\}|\{\{|\|))*\s*")

# A flag template a mirror left unrendered: `flagicon|USA|1861 United States` (the icon's code and
# variant, then the name), `flag|Empire of Japan` (the template prints the name itself)
_FLAG_TEMPLATE = re.compile(r"^(?:flagicon\|(?P<code>[^|\s]+)(?:\|\d{4})?|flag(?:country)?\|)\s*")

_IMAGE_FILE = re.compile(r"^(?:(?:[^,;|()]|\([^()]*\))*?\.(?:svg|png|jpe?g|gif)\s*|(?:Royal )?(?:Coat of a|A)rms of (?:the )?[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?(?=\s*$))", re.IGNORECASE)


def strip_residue(item: Piece, keep_label: bool = False) -> Stripped:
    """Remove leading residue. With `keep_label` (combatant members) a flag's label is the
    item itself (`center|60px|PLA` -> `PLA`); otherwise it is consumed as a hint."""
    hints: list[Hint] = []
    rest = item
    markup = _MARKUP.match(rest.text)
    if markup and markup.end() < len(rest.text):
        rest = rest.sub(markup.end(), len(rest.text))
    template = _FLAG_TEMPLATE.match(rest.text)
    if template and template.end() < len(rest.text):
        if template["code"]:
            code = rest.sub(template.start("code"), template.end("code"))
            hints.append(Hint(code.text, code))
        rest = rest.sub(template.end(), len(rest.text))
    image = _IMAGE_FILE.match(rest.text)  # `Coat of arms of Moravian Serbia.svg Moravian Serbia`
    if image and image.end() < len(rest.text):
        rest = rest.sub(image.end(), len(rest.text))
    while rest.text:
        m = RESIDUE.match(rest.text)
        if not m or m.end() == 0:
            break
        if m["code"]:
            code = rest.sub(m.start("code"), m.end("code"))
            hints.append(Hint(code.text, code))
            rest = rest.sub(m.start("code") if keep_label else m.end(), len(rest.text))
            continue
        if m["flag"]:
            after = rest.text[m.end():]
            known = next((n for n in _known_names() if after == n or after.startswith(n + " ")), None)
            if known is None and not keep_label:
                return Stripped(None, hints)
            label_end = m.end() + len(known) if known else len(rest.text)
            label = rest.sub(m.end(), label_end)
            hints.append(Hint(label.text, label))
            rest = rest.sub(m.end() if keep_label else label_end, len(rest.text))
            continue
        rest = rest.sub(m.end(), len(rest.text))
    return Stripped(rest if rest.text else None, hints)


def _polity_pattern() -> re.Pattern[str]:
    heads = "|".join(sorted((re.escape(h) for h in load("belligerents")["polity_heads"]), key=len, reverse=True))
    word = r"[A-Z][\w'’-]+"
    # `Kingdom of Italy`, `Grand Duchy of Lithuania`, `Ethiopian Empire`, `Second Spanish Republic`
    # `Socialist Federal Republic of Yugoslavia`, `People's Republic of China`: words before the head
    # (`Principality of Upper Hungary`: a region's adjective is part of the name after `of`)
    region = r"(?:(?:Upper|Lower|Northern|Southern|Eastern|Western|Central|Greater|Lesser|Little|New)\s+)?"
    return re.compile(rf"(?:{word}\s+){{0,3}}(?:{heads})\s+of\s+(?:the\s+)?{region}{word}|(?:{word}\s+){{1,2}}(?:{heads})\b")


def glued_polity(text: str) -> int:
    """Length of a state's name by its head noun glued to a capitalised name after it
    (`Habsburg MonarchyEugene of Savoy`); 0 if none."""
    heads = "|".join(sorted((re.escape(h) for h in load("belligerents")["polity_heads"]), key=len, reverse=True))
    m = re.match(rf"(?:[A-Z][\w'’-]+\s+){{1,2}}(?:{heads})(?=[A-Z][a-z])", text)
    return m.end() if m else 0


def polity_prefix(text: str, state_follows: bool = False) -> int:
    """Length of a state name (by its head noun, vocab/belligerents.json) or a known
    belligerent name that starts `text` and is followed by another capitalised name:
    `Kingdom of Italy Oreste Baratieri`, `Ethiopian Empire Menelik II`, `Dutch Republic
    Spain`. Wiki mirrors render the flag icon before a name as the state's name. 0 if none.
    With `state_follows` (combatant lists) what follows must be a state or known name too,
    so `Republic of China Army` or `Chinese Communist Party` stay whole."""
    years = re.match(r"^(?P<state>.+?)\s*\(\d{3,4}\s*[–—-]\s*\d{2,4}\)(?=\s+[A-Z])", text)
    if years and (years["state"] in _known_names() or _polity_pattern().fullmatch(years["state"])):
        return years.end()  # `Republic of China (1912–1949) Chen Cheng`: the flag of a state in a period
    m = _polity_pattern().match(text)
    known = next((len(n) for n in _known_names() if len(n) > 3 and (" " in n or n in _states()) and text.startswith(n + " ")), 0)
    # the longer name first (`Kingdom of Great Britain Robert Clive`), then the known one
    # (`Austria-Hungary German Empire` is two states, not one `... German Empire`)
    for end in sorted({m.end() if m else 0, known} - {0}, reverse=True):
        rest = text[end:]
        if not word_follows_capitalised(rest):
            continue
        if text[:end] in load("titles")["given_names"] and re.match(r"\s+[A-Z]\.\s", rest):
            continue  # `Israel R. Hendley`: a state's name that is also a given name, before an initial, is his name
        if state_follows:
            rest = rest.strip()
            if " " not in rest and rest not in _states():
                continue  # `Kingdom of Western Chu`: one more word is the state's own name, not another state
            if not (rest in _known_names() or _polity_pattern().fullmatch(rest) or polity_prefix(rest, True)):
                continue
        return end
    return 0


def word_follows_capitalised(text: str) -> bool:
    """Whether `text` goes on, after spaces, with a capital letter of any script (`İsmet`, `Ömer`)."""
    m = re.match(r"\s+([^\W\d_])", text)
    return bool(m and m.group(1).isupper())


def is_state(name: str) -> bool:
    """A known belligerent name or a state name by its head noun (`German Empire`, `Kingdom of Italy`)."""
    return name in _known_names() or bool(_polity_pattern().fullmatch(name))
