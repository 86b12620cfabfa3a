"""Strength and casualty values -> `Count`s with category, qualifier and note.

Infobox figures are little lists: `45,000 for the 1st echelon, 100,000 for the 2nd
echelon`, `Combat deaths: , 110,000 in Swedish service`, `201,000 474 artillery pieces`.
The value is cut into items (commas outside numbers, `;`, `<hr>`, ` - `, a number
directly after a number, a prose sentence after a number); each item is read as

    [lead words] [~] LOW[–HIGH][+] [rest]

and the rest gives the casualty category (vocab/casualty_categories.json), whether the
figure counts equipment rather than people (vocab/quantities.json), a qualifier (the
part, arm or echelon) and a note (parenthesised text, `of which ...`). Items without a
leading number are attached as notes (`35,000, most of them captured`), headers
(`ARBiH:`, `Total:`), or reported as skipped; they never become numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from handan_kg.extract.pieces import Piece, balanced_split
from handan_kg.extract.vocab import load
from handan_kg.facts import Count

# Item boundaries. Commas inside numbers (`1,100,000`) are not boundaries.
_SPLIT = (
    r",(?!\d{3}(?!\d))|;|<hr\s*/?>|(?<=[A-Za-z)])\s+-\s+|(?<=\d)\s+(?=\d)"
    r"|(?<=\d)\s+(?=[A-Z][a-z]+(?:\s+[a-z]+){2})|\|"
)
_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+"
_FIGURE = re.compile(
    rf"^(?P<mark>[~～≈]\s*)?(?P<low>{_NUMBER})(?![\d,]*[A-Za-z])"
    rf"(?:\s*(?:[–—-]|to)\s*(?P<hmark>[~～≈])?(?P<high>{_NUMBER}))?(?P<plus>\+)?(?P<rest>.*)$"
)
_HEADER = re.compile(r"^(?P<head>[^:\d][^:]*|\d[\d–\-\s]*):\s*(?P<rest>.*)$")
_PARENS = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True)
class Figure:
    """One number read from a value: who/what it counts and where it stands."""

    count: Count
    piece: Piece
    category: str | None = None  # casualty category named in the item
    unit: str | None = None  # a header naming the force (`ARBiH:`)
    equipment: str | None = None  # set when the item counts things, not people


@dataclass(frozen=True)
class Skipped:
    """Text of the value that gave no number, with the reason."""

    piece: Piece
    reason: str
    depth: int = 0  # leading `*` bullets: the nesting level in an order-of-battle list


def _words(name: str) -> list[str]:
    return sorted(load("quantities")[name], key=len, reverse=True)


def find_category(text: str) -> str | None:
    """The casualty category named in `text`: a specific one (killed, captured...) before `total`."""
    lowered = text.lower()
    table = load("casualty_categories")
    found = [cat for word, cat in table.items() if re.search(rf"\b{re.escape(word)}\b", lowered)]
    specific = [c for c in found if c != "total"]
    if specific:
        return specific[0] if len(set(specific)) == 1 else None
    return "total" if found else None


def parse_figures(value: Piece) -> tuple[list[Figure], list[Skipped]]:
    """Read every figure in an infobox strength/casualty value."""
    figures: list[Figure] = []
    skipped: list[Skipped] = []
    bad = [m.group() for m in re.finditer(r"\d[\d,]*\d", value.text) if "," in m.group() and not re.fullmatch(_NUMBER, m.group())]
    if bad:  # `1,00,00`: digit grouping we cannot trust; never guess a number
        return [], [Skipped(value, f"malformed number {bad[0]!r}")]
    context_head: str | None = None
    attach = False  # may a following lowercase fragment be a note of the last figure?
    items = balanced_split(value, _SPLIT)
    for index, raw in enumerate(items):
        item = raw.strip(" *|.\u2022\t")
        if not item.text:
            continue
        depth = len(raw.text) - len(raw.text.lstrip("*"))
        head, body = _header(item)
        if head is not None and not body.text:
            context_head, attach = head, False
            continue
        fig = _read_item(body, head if head is not None else context_head)
        if fig is None:
            attach = _attach_or_skip(body, figures if attach else [], skipped, depth)
            continue
        attach = True
        if _followed_by_parts(value, raw, items, index) and fig.count.qualifier is None:
            fig = replace(fig, count=replace(fig.count, qualifier="total"))
        figures.append(fig)
        figures.extend(_parenthesised_figures(body, fig))
    return figures, skipped


def _parenthesised_figures(item: Piece, outer: Figure) -> list[Figure]:
    """`23,774 (7,878 killed)`: a parenthesis that is itself a categorised figure is a part
    of the outer figure, so it is read as one more figure (the outer keeps it as a note)."""
    out = []
    for m in _PARENS.finditer(item.text):
        inner = item.sub(m.start(1), m.end(1))
        fig = _read_item(inner, None) if inner.text else None
        if fig is not None and fig.category is not None and fig.category != outer.category and not fig.equipment:
            out.append(fig)
    return out


def _header(item: Piece) -> tuple[str | None, Piece]:
    m = _HEADER.match(item.text)
    if not m or len(m["head"].split()) > 6:
        return None, item
    return m["head"].strip(), item.sub(m.start("rest"), len(item.text))


def _followed_by_parts(value: Piece, raw: Piece, items: list[Piece], index: int) -> bool:
    """`1,100,000 combatants - 600,000 regulars, ...`: a figure before ` - ` is the total of the parts."""
    if index + 1 >= len(items):
        return False
    gap = value.text[raw.end - value.start: items[index + 1].start - value.start]
    return gap.strip() == "-"


def _attach_or_skip(item: Piece, figures: list[Figure], skipped: list[Skipped], depth: int) -> bool:
    """Attach a number-less fragment as a note of the last figure, or report it; True if attached."""
    text = item.text
    no_count = {w.lower() for w in load("quantities")["no_count"]}
    first = re.split(r"[\s(;,]", text, maxsplit=1)[0].lower()
    if first in no_count:
        skipped.append(Skipped(item, "no count given"))
    elif figures and (text[0].islower() or text.startswith("(")) and not re.search(r"\d", text.strip("()")[:1]):
        last = figures[-1]
        note = text.strip("()").strip()
        merged = f"{last.count.note}; {note}" if last.count.note else note
        figures[-1] = replace(last, count=replace(last.count, note=merged))
        return True
    else:
        skipped.append(Skipped(item, "no figure", depth))
    return False


def _strip_lead(text: str) -> tuple[str, bool, bool]:
    """Remove approximation / at-least / lead words before the number."""
    approximate = at_least = False
    changed = True
    while changed:
        changed = False
        lowered = text.lower()
        for group, flag in (("approximate_marks", "a"), ("at_least_marks", "l"), ("lead_words", "")):
            for word in _words(group):
                if lowered.startswith(word) and (not word[-1].isalpha() or not lowered[len(word):len(word) + 1].isalpha()):
                    text = text[len(word):].lstrip()
                    approximate |= flag == "a"
                    at_least |= flag == "l"
                    changed = True
                    break
            if changed:
                break
    return text, approximate, at_least


def _attribution(text: str) -> tuple[str, str | None]:
    """`Book of Jin records 870,000` -> (`870,000`, `Book of Jin records`): a named source first."""
    verbs = "|".join(re.escape(v) for v in _words("attribution_verbs"))
    m = re.match(rf"^(?P<source>[A-Z][^\d,;:()]{{0,60}}?\s(?:{verbs}))\s+(?=[~～≈]?\d)", text)
    return (text[m.end():], m["source"]) if m else (text, None)


def _read_item(item: Piece, head: str | None) -> Figure | None:
    text, source = _attribution(item.text)
    text, approximate, at_least = _strip_lead(text)
    m = _FIGURE.match(text)
    if not m:
        return None
    low = int(m["low"].replace(",", ""))
    high = int(m["high"].replace(",", "")) if m["high"] else None
    approximate |= bool(m["mark"] or m["hmark"])
    at_least |= bool(m["plus"])
    rest = m["rest"]
    notes = ([source] if source else []) + [n.strip() for n in _PARENS.findall(rest) if n.strip()]
    rest = _PARENS.sub(" ", rest)
    rest, cut = _cut_note(rest)
    if cut:
        notes.append(cut)
    rest = _cut_prose(rest)
    category = find_category(rest) or (find_category(head) if head else None)
    equipment = _equipment(rest)
    unit = None
    qualifier = _qualifier(rest)
    if head:
        if find_category(head):
            qualifier = qualifier or _qualifier(head) or None
        elif re.search(r"\d", head) or any(w[0].islower() for w in head.split() if w not in ("of", "and")):
            notes.insert(0, head)  # a period (`1992–95`) or a description (`Other estimations`)
        else:
            unit = head  # a force's name (`ARBiH`, `HVO`)
    if qualifier and re.search(r"\d(?![\d,]*(?:st|nd|rd|th)\b)", qualifier):
        notes.append(qualifier)
        qualifier = None
    if high is not None and high < low:
        return None
    count = Count(
        value=None if high is not None else low,
        low=low if high is not None else None,
        high=high,
        approximate=approximate,
        at_least=at_least,
        qualifier=qualifier,
        note="; ".join(notes) or None,
    )
    return Figure(count, item, category, unit, equipment)


def _cut_note(rest: str) -> tuple[str, str | None]:
    """Split `of which 327,000 were ...` / `out of 270 brothers` off the rest as a note."""
    lowered = rest.lower()
    for starter in _words("note_starters"):
        m = re.search(rf"\b{re.escape(starter)}\b", lowered)
        if m:
            note = rest[m.start():].strip(" .,")
            if starter == "out of":  # `203–211 out of 270 brothers killed`: the category follows
                inner = re.match(r"out of [\d,]+(?:\s+[a-z]+)?", rest[m.start():])
                if inner:
                    return rest[: m.start()] + rest[m.start() + inner.end():], inner.group(0)
            return rest[: m.start()], note
    return rest, None


def _cut_prose(rest: str) -> str:
    """Drop a quoted source sentence running on after the figure (`10,000–20,000 Cline says that ...`)."""
    words = rest.split()
    if len(words) <= 6:
        return rest
    if words[0][:1].isupper() and len(words) > 1 and words[1][:1].islower():
        return ""
    for i, word in enumerate(words[1:], start=1):
        if word[:1].isupper():
            return " ".join(words[:i])
    return " ".join(words[:6])


def _equipment(rest: str) -> str | None:
    lowered = rest.lower()
    people = any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in _words("people_nouns"))
    if people:
        return None
    for word in _words("equipment_nouns"):
        if re.search(rf"\b{re.escape(word)}\b", lowered):
            return word
    return None


def _qualifier(rest: str) -> str | None:
    """What is left after category, people and total words: the part/arm/echelon."""
    text = " " + rest.lower().strip(" .,;:") + " "
    original = " " + rest.strip(" .,;:") + " "
    remove = list(load("casualty_categories")) + _words("people_nouns") + _words("totals")
    spans: list[tuple[int, int]] = []
    for word in sorted(remove, key=len, reverse=True):
        for m in re.finditer(rf"(?<=\s){re.escape(word)}(?=\s)", text):
            if not any(s <= m.start() < e for s, e in spans):
                spans.append((m.start(), m.end()))
    kept = "".join(ch for i, ch in enumerate(original) if not any(s <= i < e for s, e in spans))
    kept = re.sub(r"\s+", " ", kept).strip(" ,;:")
    for prefix in _words("qualifier_prefixes"):
        if kept.lower().startswith(prefix + " "):
            kept = kept[len(prefix) + 1:]
            break
    trailing = "|".join(re.escape(w) for w in _words("trailing_words"))
    kept = re.sub(rf"(?:\s+(?:{trailing}))+$", "", " " + kept, flags=re.IGNORECASE).strip()
    return kept or None
