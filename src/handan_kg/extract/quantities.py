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
from functools import cache

from handan_kg.extract.dates import MONTH_ALTERNATION, MONTH_NAMES, MONTHS
from handan_kg.extract.pieces import Piece, balanced_split
from handan_kg.extract.residue import is_state
from handan_kg.extract.vocab import load, longest_words_in, words_in
from handan_kg.facts import Count

# Item boundaries. Commas inside numbers (`1,100,000`) are not boundaries.
_AND = r"|\s+(?:and|&)\s+(?=(?:about\s+|some\s+|over\s+|[~～≈+])?\d(?![\d,]*(?:st|nd|rd|th)\b))"  # not `5th and 10th`; `50 killed & +400 wounded`
# `Heavy losses or approx. 3,000 death`, `60,000, Or 100,000`: another estimate after `or`
_AND += r"|\s+or\s+(?=(?:approx\.?\s+|about\s+|some\s+|over\s+|[~～≈])?\d[\d,]*(?!\s*[–—-]))"
_SPLIT = (
    r",(?!\d{3}(?!\d)|\d{3}\d{1,3},\d{3}(?!\d))|;|<[hb]r\s*/?\s*>|(?<=\))\s+(?=[~～≈]?\d[\d,]*\s+[A-Za-z])|-{3,}|(?<=[A-Za-z)])\s+-\s+|(?<=\d)\s+(?=\d(?![\d,]*-[a-z]))|\|"
    # `20,160 :5,237 killed :14,430 wounded`, `:At least 18,000 killed`: a flattened definition list of parts
    r"|\s+:(?=[~～≈]?\d|[^\d:,;\s][^\d:,;]{0,11}\d)"
    r"|(?<=[A-Za-z)])\s+\+\s+(?=[~～≈]?\d)"  # `700 dead + 1,500 horses`: two figures
    r"|(?<=[A-Za-z])\s*/\s*(?=[~～≈]?\d)"  # `16 KIA/79 wounded`: a slash between two figures, not inside a category
    # a sentence end (not `c.`, `ca.`, `approx.`, `Sept.`): `281 POW., 2. 20,645 ...`
    r"|(?<=[A-Za-z0-9]{2})(?<!\b[Cc]a)(?<!\b[Cc]irca)(?<!\b[Aa]pprox)(?<!\bNo)"
    + "".join(rf"(?<!\b{m.capitalize()})" for m in sorted(m for m in MONTHS if len(m) <= 4)) + r"\.\s+(?=[A-Z\d])"
    # `133 KIA and 31 MIA`: a conjunction before another figure
    + _AND
)
# A header glued after a figure's words: `... collaborators captured Japanese military record:`.
_GLUED_HEADER = re.compile(r"(?<=[\s\d])[A-Z][^\s:,]*(?:\s+[^\s:,\d]+){0,4}\s?:")
_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+"
# `60,00070,000`: a range whose dash was lost when the page was flattened
_GLUED_RANGE = re.compile(r"(?<![\d,])(\d{1,3}(?:,\d{3})+)(\d{1,3}(?:,\d{3})+)(?![\d,])")
# `140.000`: thousands grouped with stops; `20–30 million`, `4.5 million`: a scale word after the number
_STOP_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d.,]|\s*(?:million|billion|thousand)\b)")
_SCALED = re.compile(r"(?P<a>\d+(?:\.\d+)?)(?:\s*(?:[–—-]|to)\s*(?P<b>\d+(?:\.\d+)?))?\s+(?P<scale>thousand|million|billion)\b",
                     re.IGNORECASE)
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# `dead of illness`, `died from disease`: deaths whose cause is not the fighting
_NON_COMBAT = re.compile(rf"(?i)\b(?:dead|died|deaths?)\s+(?:of|from)\s+(?:{'|'.join(map(re.escape, load('quantities')['non_combat_causes']))})\b")
_ENUMERATION = re.compile(r"^\d{1,2}\.\s+")  # `1. 12,645 killed`: a list number, not a figure
_FIGURE = re.compile(
    rf"^(?P<mark>[~～≈]\s*)?(?P<low>{_NUMBER})(?![\d,]*[A-Za-z])"
    rf"(?:\s*(?:[–—\u2212-]|to)\s*(?P<hmark>[~～≈])?(?P<high>{_NUMBER}))?(?P<plus>\+)?(?P<rest>.*)$"
)
# `ARBiH:`, `Total:`, `1992–95:`, `2017 Western Estimate:`; a head never holds a figure (`1,000:`).
_HEADER = re.compile(r"^(?P<head>(?:[^:\d]|\d(?![\d]*,\d{3}))[^:]*):\s*(?P<rest>.*)$")
_MONTH_DAY = re.compile(rf"\b(?:{'|'.join(MONTH_NAMES)})\s+\d{{1,2}}$")
_MONTH_YEAR = re.compile(rf"^(?:(?:early|mid|late)[\s-]+)?(?:{MONTH_ALTERNATION})\.?,?\s+\d{{3,4}}\b(?![\d,])",
                         re.IGNORECASE)
_DAY = rf"\d{{1,2}}\s+(?:{MONTH_ALTERNATION})\.?(?:,?\s+\d{{3,4}})?"
_DAY_MONTH = re.compile(rf"^(?:on\s+|from\s+)?{_DAY}(?:\s*(?:[–—-]|to|until)\s*{_DAY})?(?![\w])", re.IGNORECASE)  # `1 May 1915`
_DESIGNATION = re.compile(r"(?<![\w-])[A-Z]{1,3}-?\d+[A-Za-z]?(?![\w-])")  # `M113`, `CH-21`, `UH-1C`: a model, not people
_PARENS = re.compile(r"[(\[]([^()\[\]]*)[)\]]")  # `(NPS estimate)`, `[Col Kelley and 1 soldier]`: notes
# words that end a counted thing's phrase: `crews of 3 ships`, `killed aboard ships`
_SHIP_FATES = frozenset({"sunk", "damaged", "scuttled"})  # what happens only to ships: a bare number after them is more ships
_STOPS = frozenset({"of", "and", "or", "from", "in", "at", "with", "for", "the", "a", "an", "by", "to", "on", "aboard"})


@dataclass(frozen=True)
class Figure:
    """One number read from a value: who/what it counts and where it stands."""

    count: Count
    piece: Piece
    category: str | None = None  # casualty category named in the item
    unit: str | None = None  # a header naming the force (`ARBiH:`)
    implicit: bool = False  # the category was not written (counted things: `lost`)
    unit_piece: Piece | None = None  # where the header naming the force stands

    @property
    def counted(self) -> str | None:
        """The thing counted when it is not people (`galley`), as the count records it."""
        return self.count.counted


@dataclass(frozen=True)
class Skipped:
    """Text of the value that gave no number, with the reason."""

    piece: Piece
    reason: str
    depth: int = 0  # leading `*` bullets: the nesting level in an order-of-battle list


def _words(name: str) -> list[str]:
    return sorted(load("quantities")[name], key=len, reverse=True)


def combine(categories: list[str]) -> str:
    """Several categories counted together, as one category: `captured+killed`."""
    return "+".join(sorted(set(categories)))


def find_category(text: str, table_name: str = "casualty_categories") -> str | None:
    """The casualty category named in `text`: the specific ones (killed, captured...) before
    `total`; several specific ones (`killed and wounded`, `killed or captured`) are one
    combined category, never `total`."""
    lowered = _vague_tail().split(text.lower())[0]  # `349 dead and many wounded`: the wounded have no figure
    table = load(table_name) if table_name == "casualty_categories" else load("quantities")[table_name]
    present = longest_words_in(tuple(table), lowered)
    found = [cat for word, cat in table.items() if word in present and not word.startswith("_")]
    specific = [c for c in found if c != "total"]
    if specific:
        return combine(specific)
    return "total" if found else None


@cache
def _vague_tail() -> re.Pattern[str]:
    """`and many wounded`, `or some captured`: a further category counted by no number."""
    words = "|".join(map(re.escape, load("titles")["group_quantifiers"]))
    return re.compile(rf"\s+(?:and|or|&)\s+(?:an?\s+)?(?:{words})\b")


def singular(phrase: str) -> str:
    """`galleasses` -> `galleass`, `ships of the line` -> `ship of the line`, `aircraft`."""

    exceptions = load("quantities")["plural_exceptions"]
    if phrase.lower() in exceptions:
        return exceptions[phrase.lower()]

    def one(word: str) -> str:
        if word in exceptions:
            return exceptions[word]
        if word.endswith("sses"):
            return word[:-2]
        if word.endswith("ies") and len(word) > 4:
            return word[:-3] + "y"
        if word.endswith("s") and not word.endswith(("ss", "us", "ois")) and len(word) > 3:
            return word[:-1]
        return word

    return " ".join(one(w) for w in phrase.lower().split())


def parse_figures(value: Piece) -> tuple[list[Figure], list[Skipped]]:
    """Read every figure in an infobox strength/casualty value."""
    figures: list[Figure] = []
    skipped: list[Skipped] = []
    bad = [m.group() for m in re.finditer(r"\d[\d,]*\d", value.text)
           if "," in m.group() and not re.fullmatch(_NUMBER, m.group()) and not _GLUED_RANGE.fullmatch(m.group())]
    if bad:  # `1,00,00`: digit grouping we cannot trust; never guess a number
        return [], [Skipped(value, f"malformed number {bad[0]!r}")]
    if re.match(r"all\s+but\b", value.text, re.IGNORECASE):  # `All but 60 or 70 killed`: the number is of those who were not
        return [], [Skipped(value, "a figure of those who were not counted")]
    enclosed = re.fullmatch(r"\((?P<inner>[^()]*(?:\([^()]*\)[^()]*)*)\)\.?", value.text)
    if enclosed:  # `(35,000+ infantry, 18,000 cavalry; 40 ships.)`: a value in parentheses is the figures inside them
        value = value.sub(enclosed.start("inner"), enclosed.end("inner")).strip(" .")
    context_head: str | None = None
    context_piece: Piece | None = None
    attach = False  # may a following lowercase fragment be a note of the last figure?
    items = [part for item in balanced_split(value, _SPLIT)
             for glued in _split_glued_header(item) for tail in _split_prose_tail(glued)
             for joined_run in _split_after_category(tail) for part in _split_space_joined(joined_run)]
    items = _merge_split_numbers(value, items)
    joined: list[bool] = []  # per figure: joined to the next one by `and`
    things: tuple[int, str] | None = None  # bullet depth and noun of the last figure counting things
    for index, raw in enumerate(items):
        item = raw.strip(" *|.\u2022\t")
        enumeration = _ENUMERATION.match(item.text)
        if enumeration:
            item = item.sub(enumeration.end(), len(item.text))
        if not item.text:
            continue
        if index and re.fullmatch(r"\d{4}", item.text) and _MONTH_DAY.search(items[index - 1].text):
            skipped.append(Skipped(item, "year of a date, not a figure"))  # `dated November 5, 1937,`
            continue
        if (re.fullmatch(r"(?:1\d|20)\d\d(?:\s*\([^()]*\))?", item.text) and index + 1 < len(items)
                and _header(items[index + 1].strip(" *|.\u2022\t"))[0] is not None):
            skipped.append(Skipped(item, "year heading the figures after it, not a figure"))  # `1879 (prewar), Army: 1,687 men`
            continue
        page = re.search(r"\s*:\s*\d{1,4}$", item.text)
        if page and re.match(r"[~～≈]?\s*\d", item.text) and re.search(r"[A-Za-z]", item.text[: page.start()]):
            skipped.append(Skipped(item.sub(page.start(), len(item.text)), "a citation's page number, not a figure"))
            item = item.sub(0, page.start())  # `~ 250 warriors: 61`: {{rp|61}} rendered after the figure
        depth = len(raw.text) - len(raw.text.lstrip("*"))
        head, body = _header(item)
        inner, inner_body = _header(body) if head is not None else (None, body)
        if inner is not None:  # `Army Group North: 1941: 85,371 ...`: a header within a header
            head, body = f"{head}; {inner}", inner_body
        if (head is not None and not body.text and attach and figures and find_category(figures[-1].piece.text)
                and _bare_category(head)):
            # `54,000 dead, wounded or missing:` the last categories of a figure, before its parts
            # (`Killed:, 1,200, Wounded:, 800`: a header of the next figure, the last one's came from a header)
            _attach_or_skip(item.sub(0, len(item.text)), figures, skipped, depth)
            continue
        if head is not None:  # a header governs the items after it until the next header
            context_head, attach = head, False
            context_piece = item.sub(0, len(item.text) - len(body.text)).strip(" :;,")
            if not body.text:
                continue
        fig = _read_item(body, context_head)
        if fig is not None and fig.unit is not None:
            fig = replace(fig, unit_piece=context_piece)
        clause = re.match(r"(?:including|of\s+(?:which|whom))\s", body.text)
        if clause and clause.group().startswith("of") and figures and not (figures[-1].category or figures[-1].counted) and find_category(body.text):
            clause = None  # `1,104 civilians interned, of whom 180 died`: a fate of people no category counts; a note
        if fig is None and attach and figures and clause:
            # `240,000 casualties, including 103,000 killed`, `190 ships lost, of which 166 captured`: a part of the previous figure
            parts = [replace(f, count=replace(f.count, counted=figures[-1].counted)) if figures[-1].counted and not f.counted else f
                     for f in _part_figures(body, figures[-1])]  # of the same things (`166 captured`: ships)
            if parts:
                figures.extend(parts)
                joined.extend(False for _ in parts)
                continue
        listed = _parenthesised_figures(body, context_head is not None) if fig is None else []
        if listed and figures and figures[-1].counted:
            # `4 aircraft destroyed, (2 Su-22, 1 Canberra)`: which things, and what happened to them is written once before
            listed = [_counting(f, f.counted, figures[-1]) if f.counted and (f.implicit or f.category is None) else f for f in listed]
        if listed:  # `(1 armored brigade, 1 infantry brigade, 5 artillery battalions)`: figures of their own
            figures.extend(listed)
            joined.extend(False for _ in listed)
            continue
        if fig is None:
            attach = _attach_or_skip(body, figures if attach else [], skipped, depth)
            if not attach and head is None and _is_force_name(body.text):
                # `Royal Navy, 1 destroyer, ...`: a force's name without a colon heads what follows
                context_head, context_piece = body.text, body
            continue
        attach = True
        if (index and figures and figures[-1].counted and not (fig.counted or fig.category or fig.count.qualifier)
                and value.text[items[index - 1].end - value.start: raw.start - value.start].strip() == "or"):
            # `800 ships (Azuma Kagami) or 3,000 (The Tale of the Heike)`: another count of the same things
            fig = _counting(fig, figures[-1].counted, figures[-1])
        among = re.fullmatch(r"[~～≈]?[\d,]+\+?\s+(?P<noun>\w+)", body.text.strip())
        if (among and figures and figures[-1].counted and not fig.counted
                and among["noun"].lower() in _words("people_or_machines")):
            if figures[-1].counted.split()[-1].endswith(tuple(_words("vessel_nouns"))):
                # `14 merchant ships, 74 fighters`: a fleet's aircraft or men? Kept as text, never guessed
                skipped.append(Skipped(body, "a word for people or machines after counted things"))
                continue
            if figures[-1].counted.split()[-1] in _words("aircraft_nouns"):
                # `25 helicopters, 35 fighters`: among aircraft, a word that also names people counts machines
                fig = _counting(fig, singular(among["noun"]), figures[-1])
        if figures and figures[-1].counted and not fig.counted:
            said = fig.count.qualifier or ""
            if said.lower() in _words("unnamed_rest"):
                skipped.append(Skipped(body, "the rest of a list of things: what it counts is not written"))  # `6 others`
                continue
            if re.fullmatch(r"[A-Z][a-z][\w-]*", said) and _kind_of_things(fig, figures[-1]) is not None:
                # `325 tanks, 72 Nebelwerfer`: a name after counted things may be one more kind of thing; kept as text
                skipped.append(Skipped(body, "a name after counted things: people or things is not written"))
                continue
        if things and depth > things[0] and not fig.counted and not _names_people(body.text):
            # `Ming: 65 warships, * 2 Panokseons`: a kind of ship
            fig = replace(fig, count=replace(fig.count, counted=things[1]))
        if (figures and figures[-1].counted and figures[-1].category in _SHIP_FATES and not figures[-1].implicit
                and not (fig.counted or fig.category or fig.count.qualifier) and not re.search(r"[A-Za-z]", _PARENS.sub(" ", body.text))):
            # `Sunk:, 1 destroyer, (Merchant Navy): 9`: more things sunk, but which is not written
            skipped.append(Skipped(body, "a bare number among counted things: what it counts is not written"))
            continue
        things = (depth, fig.counted) if fig.counted else (things if things and depth > things[0] else None)
        if _followed_by_parts(value, raw, items, index, fig) and fig.count.qualifier is None:
            fig = replace(fig, count=replace(fig.count, qualifier="total"))
        figures.append(fig)
        joined.append(_gap(value, raw, items, index) in ("and", "or"))  # `600 or 3,000 dead`: both dead
        extra = _part_figures(body, fig)
        figures.extend(extra)
        joined.extend(False for _ in extra)
    return _parts_share_category(_things_go_on(_share_thing_categories(_share_categories(figures, joined)))), skipped


def _counting(fig: Figure, thing: str | None, like: Figure) -> Figure:
    """`fig` counting `thing`, with what happened to them taken from the figure `like` beside it."""
    return replace(fig, count=replace(fig.count, counted=thing), category=like.category, implicit=like.implicit)


def _parts_share_category(figures: list[Figure]) -> list[Figure]:
    """`54,000 dead, wounded or missing: Army of Bohemia 34,000, Army of Silesia 12,000, ...`:
    figures with no category of their own that follow a categorised one and add up to it
    exactly are its parts, of its category (and so on down: `Total: 14 killed, Muhajirun: 6,
    Ansar: 8, Khazraj: 6, Aws: 2`, where 6 + 2 make Ansar's 8)."""
    out = list(figures)
    wholes = [i for i, f in enumerate(out) if f.category and f.count.value and not f.counted]
    i = 0
    while i < len(out):
        run = 0
        while i + run < len(out) and out[i + run].category is None and out[i + run].count.value and not out[i + run].counted:
            run += 1
        whole = next((w for w in reversed(wholes) if w < i and _prefix_adding_up(out, i, run, out[w]) > 0), None)
        if whole is None:
            i += max(run, 1)
            continue
        taken = _prefix_adding_up(out, i, run, out[whole])
        for j in range(i, i + taken):
            out[j] = replace(out[j], category=out[whole].category)
            wholes.append(j)
        i += taken
    return out


def _prefix_adding_up(figures: list[Figure], start: int, run: int, whole: Figure) -> int:
    """How many of the `run` figures from `start` add up exactly to `whole` (0: none do)."""
    total = 0
    for k in range(run):
        total += figures[start + k].count.value or 0
        if total == whole.count.value and k:
            return k + 1
        if total > (whole.count.value or 0):
            break
    return 0


def _parenthesised_figures(body: Piece, headed: bool) -> list[Figure]:
    """The figures of an item that is a parenthesis of figures, each of which says what it
    counts or which arm it is (`(50,000 infantry, 100,000 cavalry)`), or, under a header or a
    force's name (`headed`), one bare figure (`Army of the Southwest, (approx. 10,500)`);
    `(January 1920)` is none: a date, not a figure."""
    if not re.fullmatch(r"\([^()]*\d[^()]*\)", body.text):
        return []
    inner, _ = parse_figures(body.sub(1, len(body.text) - 1))
    if headed and len(inner) == 1 and not (inner[0].count.qualifier or inner[0].counted or inner[0].category):
        return inner  # a bare number alone (`(9,086 actually landed)` says something else of the force)
    return inner if inner and all(f.counted or f.category or f.unit or _arm(f.count.qualifier) for f in inner) else []


def _arm(qualifier: str | None) -> bool:
    """`infantry`, `foot soldiers`: a short name of an arm, not a clause (`actually landed in Kinmen`)."""
    return qualifier is not None and len(qualifier.split()) <= 2 and not re.search(r"\b(?:in|at|on|from|to|by)\b", qualifier)


def _is_force_name(text: str) -> bool:
    """`Royal Navy`, `Army of the North`: a capitalised name of a few words, no number."""
    words = text.split()
    return 0 < len(words) <= 6 and not re.search(r"\d", text) and words[0][0].isupper() and all(
        w[0].isupper() or w in ("of", "the", "and") for w in words) and not find_category(text) and not any(
        w.lower().strip(".") in _words("no_count") for w in words)  # `Unknown, 2,000–5,000`: no force is named


def _things_go_on(figures: list[Figure]) -> list[Figure]:
    """`27 tanks damaged, 4 left behind`, `13 ships sunk and 5 scuttled`: a figure that names
    only what happens to things, right after one counting things, counts the same things
    (`37 captured` after aircraft may be men: a word people share is not enough)."""
    out = list(figures)
    words = {w for w in load("quantities")["equipment_categories"] if w not in load("casualty_categories")} | {"and", "or"}
    for i in range(1, len(out)):
        here, before = out[i], out[i - 1]
        rest = re.sub(r"^\D*?[\d,]+(?:\s*[–—-]\s*[\d,]+)?\+?\s*", "", here.piece.text).lower().strip(" .,;")
        if not before.counted or here.counted or not rest or not _only_words(rest, words):
            continue
        category = find_category(rest, "equipment_categories") or "lost"
        out[i] = replace(here, category=category, implicit=False, count=replace(here.count, counted=before.counted, qualifier=None))
    return out


def _names_only_categories(note: str) -> bool:
    """`POW`, `either killed or surrendered`: a parenthesis that only names casualty categories."""
    return bool(find_category(note)) and _only_words(note.lower(), {*load("casualty_categories"), "either", "or", "and", "both"})


def _only_words(text: str, words: set[str]) -> bool:
    """Whether `text` is made only of `words` (phrases such as `left behind` included)."""
    for word in sorted(words, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(word)}\b", " ", text)
    return not text.strip()


def _share_thing_categories(figures: list[Figure]) -> list[Figure]:
    """`1 light carrier, 2 escort carriers, 1 destroyer escort sunk`: what happened to the
    last of a run of counted things, written once, happened to the things listed before it."""
    out = list(figures)
    for i in range(len(out) - 2, -1, -1):
        here, nxt = out[i], out[i + 1]
        if here.counted and here.implicit and nxt.counted and not nxt.implicit and not (
                nxt.category == "sunk" and here.counted.split()[-1] in _words("aircraft_nouns")):
            out[i] = replace(here, category=nxt.category, implicit=False)  # (aircraft are not sunk)
    return out


def _merge_split_numbers(value: Piece, items: list[Piece]) -> list[Piece]:
    """Undo cuts the item splitter makes inside one figure or date: `Between 20,000 | 30,000`
    (`between X and Y` is a range), `20 | 000 killed` (a space as thousands separator:
    1–3 digits, one space, exactly three digits) and `August 16 | 1945` (a date's year)."""
    out: list[Piece] = []
    for item in items:
        if out:
            prev = out[-1]
            gap = value.text[prev.end - value.start: item.start - value.start]
            between = re.search(r"(?i)\bbetween\s+[\d,]+$", prev.text) and re.fullmatch(r"\s+and\s+", gap)
            grouped = (re.search(r"(?<![\d,.])\d{1,3}$", prev.text) and re.fullmatch(r"[ \u00a0\u202f]", gap)
                       and re.match(r"\d{3}(?![\d,])", item.text))
            # `<46, 832`: a thousands comma with a stray space, between two bare numbers
            spaced = (re.fullmatch(r"(?:[^\d:]*:\s*)?[<>~～≈]?\s*\d{1,3}", prev.text) and gap == ", " and re.fullmatch(r"\d{3}", item.text))
            dated = _MONTH_DAY.search(prev.text) and gap.strip() == "," and re.match(r"\d{4}(?![\d,])", item.text)
            if between or grouped or dated or spaced:  # `from August 16 | 1945 to ...`: a date's year, not a figure
                out[-1] = value.sub(prev.start - value.start, item.end - value.start)
                continue
        out.append(item)
    return out


@cache
def _number_word_pattern() -> re.Pattern[str]:
    table = load("quantities")["number_words"]
    words = "|".join(sorted([*table["units"], *table["scales"]], key=len, reverse=True))
    return re.compile(rf"^(?:(?:{words})(?:[\s-]+|$))+", re.IGNORECASE)


def _number_from_words(text: str) -> str:
    """`five million men` -> `5000000 men`, `two thousand` -> `2000`; other text unchanged."""
    m = _number_word_pattern().match(text)
    if not m:
        return text
    table = load("quantities")["number_words"]
    total = current = 0
    for word in (w for w in re.split(r"[\s-]+", m.group().strip().lower()) if w):
        if word in table["units"]:
            current += table["units"][word]
        elif word == "hundred":
            current = max(current, 1) * 100
        else:
            total += max(current, 1) * table["scales"][word]
            current = 0
    value = total + current
    return f"{value} {text[m.end():]}".strip() if value else text


def _names_people(text: str) -> bool:
    """A people noun, or an agent noun (`charioteers`, `boatmen`, `sailors`): the crew under a
    list of chariots or ships is people, not more equipment."""
    return bool(words_in(tuple(_words("people_nouns")), text) or re.search(r"\b[a-z]+(?:eers|iers|ers|ors|men)\b", text))


def _split_after_category(item: Piece) -> list[Piece]:
    """`5,700 killed and wounded 633 taken prisoner`: a number right after a category word
    starts the next figure even without a comma."""
    categories = set(load("casualty_categories"))
    for m in re.finditer(rf"(?<=[a-z])\s+(?=[~～≈]?(?:{_NUMBER})\+?\s+[a-z])", item.text):
        before = item.text[: m.start()].split()
        if item.text[: m.start()].count("(") > item.text[: m.start()].count(")"):
            continue  # `(70 killed, missing 159, wounded 2,999)`: a category after its number inside a break-down
        if before and before[-1].lower() in categories and re.search(r"\d", item.text[: m.start()]):
            return [item.sub(0, m.start()), *_split_after_category(item.sub(m.end(), len(item.text)))]
    return [item]


def _split_space_joined(item: Piece) -> list[Piece]:
    """`250 galleys 16,000 infantry 3,000 archers`: wiki mirrors join list lines with spaces;
    a number with its own noun after another figure's words starts the next figure (not after
    a preposition: `out of 270 brothers`, `in 3 days`)."""
    header = re.match(r"^[^:\d]{1,40}:\s*(?=[~～≈]?\d)", item.text)  # `Total: 151 combat ships 28 battleships`
    if header:
        parts = _split_space_joined(item.sub(header.end(), len(item.text)))
        return [item.sub(0, parts[0].end - item.start), *parts[1:]]
    if not re.match(r"[~～≈]?\d", item.text) or ":" in item.text:
        return [item]
    stops = {*_words("note_prepositions"), "of", "in", "for", "within", "by", "from", "out", "than", "and", "or", "including",
             "which", "whom", "whose", "were", "was", "mk", "mark", "type", "model", "no."}  # `Mustang Mk 1 fighters`
    for m in re.finditer(r"(?<=[A-Za-z])\s+(?=[~～≈]?\d[\d,]*(?:\s*[–—-]\s*\d[\d,]*)?\+?\s+[A-Za-z])", item.text):
        before = item.text[: m.start()]
        if before.split()[-1].lower() in stops or before.count("(") > before.count(")"):
            continue
        if re.fullmatch(r"[A-Z][a-z]{1,2}", before.split()[-1]) and re.fullmatch(r"[~～≈]?\d[\d,]*\s+\S+", before):
            continue  # `4 Do 17 bombers`: a model's maker code and number, not a figure of its own
        return [item.sub(0, m.start()), *_split_space_joined(item.sub(m.end(), len(item.text)))]
    return [item]


def _split_prose_tail(item: Piece) -> list[Piece]:
    """`55,675 Entire fleet lost`, `10,000–20,000 Cline says that ...`: a sentence after a
    bare figure (a capitalised word, then lowercase words, no category or people word) is
    its own item, so it is neither the figure's qualifier nor a reason to drop the figure."""
    m = re.match(rf"^[~～≈]?(?:{_NUMBER})(?:\s*[–—-]\s*(?:{_NUMBER}))?\+?\s+(?=[A-Z][\w'’]*(?:\s+[a-z][\w'’]*){{2}})", item.text)
    if not m:
        return [item]
    tail = item.text[m.end():].lower()
    keep = set(load("casualty_categories")) | set(_words("people_nouns"))
    first = item.text[m.end():].split()[0]
    if words_in(tuple(keep), tail) or ((re.fullmatch(r"[A-Z]{2,6}", first) or _people_adjective(first))
                                       and _equipment_pattern().search(tail)):
        return [item]  # `1 LSL landing ship`, `2 British ships of the line`: a thing, not a sentence
    last = list(_equipment_pattern().finditer(tail.strip(" .")))
    if len(tail.split()) <= 4 and last and last[-1].end() == len(tail.strip(" .")):
        return [item]  # `13 Lynx armoured cars`: a make, then the thing; not a sentence
    if len(tail.split()) <= 4 and re.search(r"\b[a-z]{3,}ed$", tail.strip(" .")):
        return [item]  # `15,000 Christian slaves freed`: what the figure counts, not a sentence
    return [item.sub(0, m.end()), item.sub(m.end(), len(item.text))]


def _split_glued_header(item: Piece) -> list[Piece]:
    """Cut before a header that follows a figure's words with no comma; the header starts at a
    capitalised word after an all-lowercase word (`captured Japanese military record:`, but
    not inside `2017 Western Estimate:`)."""
    # `Captured: 4,000Deserted: 20,000`: a header may be glued to the figure before it
    for start in (c.start() for c in re.finditer(r"(?<=\s)[A-Z]|(?<=\d)[A-Z](?=[a-z]+\s*:)", item.text)):
        m = _GLUED_HEADER.match(item.text, start)
        if not m:
            continue
        before = item.text[: m.start()].split()
        # `Jackson: 10,000 Preston: 7,150 dead`, `80,000 Thomas: 70–80 ...`: a bare figure, then a source
        after_figure = bool(re.fullmatch(r"[\d,]+(?:[–—-][\d,]+)?\+?", before[-1])) if before else False
        after_figure = after_figure and (len(before) > 1 and before[-2].endswith(":") or (
            len(before) == 1 and " " not in m.group().strip() and len(before[0].replace(",", "")) >= 3
            and not _MONTH_DAY.search(m.group().rstrip(": ") + " 1")))  # `13 March:` is a date header
        if before and re.search(r"\d", item.text[: m.start()]) and (
                before[-1].islower() or before[-1].endswith(".") or after_figure):
            return [item.sub(0, m.start()), *_split_glued_header(item.sub(m.start(), len(item.text)))]
    return [item]


def _share_categories(figures: list[Figure], joined: list[bool]) -> list[Figure]:
    """`281 Japanese and 18,407 Chinese collaborators captured`, `600 or 3,000 dead`: the category
    written once after the last figure of an `and` (or `or`) list applies to the figures before it too."""
    out = list(figures)
    for i in range(len(out) - 2, -1, -1):
        own_words = out[i].count.note or out[i].counted
        if joined[i] and out[i].category is None and out[i + 1].category is not None and not own_words:
            out[i] = replace(out[i], category=out[i + 1].category)
    return out


def _part_figures(item: Piece, outer: Figure) -> list[Figure]:
    """`23,774 (7,878 killed)`, `240,000 casualties, including 103,000 killed`: a parenthesis
    or an `including` clause that is itself a categorised figure is a part of the outer
    figure, so it is read as one more figure (the outer keeps the text as a note)."""
    inners = []
    included: list[Piece] = []  # parts after `including`: of the outer's kind even without a category
    for m in re.finditer(r"\bincluding\s+|^of\s+(?:which|whom)\s+", item.text):  # up to a closing parenthesis, if inside one
        close = item.text.find(")", m.end())
        # `(including 4,000 cavalry and 22 war elephants)`: each part a figure
        included += balanced_split(item.sub(m.end(), close if close != -1 else len(item.text)), r"\s+and\s+(?=\d)")
    inners += included
    alternatives = []
    for m in _PARENS.finditer(item.text):  # `(7,878 killed)`, `(of which 4,020 dead and 792 missing)`
        if re.match(r"\s*including\s", m.group(1)):
            continue
        if re.match(r"\s*(?:up to|or|perhaps|possibly)\s+[~～≈]?\d[\d,]*\s*$", m.group(1)):
            # `31 (up to 135) killed`: another estimate of the same figure
            estimate = _read_item(item.sub(m.start(1), m.end(1)), None)
            if estimate is not None:
                alternatives.append(replace(estimate, category=outer.category, count=replace(
                    estimate.count, counted=outer.counted, qualifier=outer.count.qualifier, note="another estimate")))
            continue
        lead = re.match(r"\s*of which\s+", m.group(1))
        inner = item.sub(m.start(1) + (lead.end() if lead else 0), m.end(1))
        inners += [part for part in balanced_split(inner, r"\s+and\s+(?=\d)")] if lead else [inner]
    for m in _PARENS.finditer(item.text):
        # `20,000 (6,000 Hungarians, 5,000 troops by Hunyadi, 4,000 Polish cavalry)`: a break-down
        parts = [p for p in balanced_split(item.sub(m.start(1), m.end(1)), r",(?!\d{3}(?!\d))\s*(?:and\s+)?|;") if p.text]
        read = [_read_item(p, None) for p in parts]
        if outer.counted:  # `140-150 tanks (17 Tigers, 30 Panthers)`: kinds of the things counted, never people
            read = [_kind_of_things(f, outer) if f is not None else None for f in read]
        if len(parts) >= 2 and all(f is not None and f.count.value is not None for f in read):
            alternatives.extend(replace(f, count=replace(f.count, note=f"part of {outer.count.value or outer.count.high}"))
                                for f in read if f is not None)
            inners = [i for i in inners if not (m.start(1) <= i.start - item.start < m.end(1))]
    out = list(alternatives)
    for inner in inners:
        fig = _read_item(inner, None) if inner.text else None
        if fig is not None and fig.category is not None and fig.category != outer.category and not fig.counted:
            out.append(fig)
        elif (fig is not None and inner in included and (fig.category is None or fig.implicit) and outer.category is None
              and fig.count.value):
            out.append(fig)  # `44,000 (including 4,000 cavalry)`: a part of a strength
        elif (fig is not None and outer.category is None and not outer.counted and not (fig.category or fig.counted)
              and fig.count.value and re.fullmatch(r"[a-z]+ed", fig.count.qualifier or "")):
            out.append(fig)  # `~10,000 (6,000 deployed)`: the part of the force that fought, a figure too
        elif fig is not None and fig.counted and fig.implicit and outer.category is None and not outer.counted and _formation(inner.text.split(maxsplit=1)[-1]):
            out.append(fig)  # `30,000 men (8 legions plus auxiliaries)`: the formations the men made up, a figure too
        elif fig is not None and outer.counted and not fig.counted and fig.category is None and (
                words_in(tuple(_words("people_nouns")), inner.text) or re.fullmatch(r"[~≈]?[\d,]+(?:\s*[–—-]\s*[\d,]+)?\+?", inner.text.strip())):
            out.append(fig)  # `40 infantry divisions (573,000 men)`: the men of the formations, a figure too
    return out


def _kind_of_things(fig: Figure, outer: Figure) -> Figure | None:
    """A part of a figure of things: counting a kind of them (`17 Tigers`: tiger, with the
    outer figure's fate), or None when it does not say which kind (`2,000 men`)."""
    if fig.counted:
        return fig if fig.category or not outer.category else _counting(fig, fig.counted, outer)
    kind = fig.count.qualifier or ""
    if not re.fullmatch(r"[A-Z][\w-]*", kind) or _people_adjective(kind) or singular(kind) in _people_singulars():
        return None
    return replace(_counting(fig, singular(kind), outer), count=replace(fig.count, counted=singular(kind), qualifier=None))


def _header(item: Piece) -> tuple[str | None, Piece]:
    m = _HEADER.match(item.text)
    if not m or len(m["head"].split()) > 16:
        return None, item
    number = re.fullmatch(r"[~～≈]?(\d[\d,]*)", m["head"].strip())
    if number and not m["rest"].strip() and not re.fullmatch(r"1\d{3}|20\d{2}", number.group(1)):
        return None, item.sub(0, len(m["head"].rstrip()))  # `92:, 54 killed, 38 wounded`: a total before its parts, not a year
    return m["head"].strip(), item.sub(m.start("rest"), len(item.text))


def _gap(value: Piece, raw: Piece, items: list[Piece], index: int) -> str:
    """The separator text between item `index` and the next one."""
    if index + 1 >= len(items):
        return ""
    return value.text[raw.end - value.start: items[index + 1].start - value.start].strip()


def _followed_by_parts(value: Piece, raw: Piece, items: list[Piece], index: int, fig: Figure) -> bool:
    """`1,100,000 combatants - 600,000 regulars, ...`, `20,160 :5,237 killed`: a figure before
    ` - `, or an uncategorised one before ` :`, is the total of the parts."""
    gap = _gap(value, raw, items, index)
    return gap == "-" or (gap == ":" and fig.category is None)


def _bare_category(text: str) -> bool:
    """`missing`, `and deserted`, `or missing`, `missing/prisoners`: a category word alone, continuing a list."""
    words = [w for w in re.split(r",?\s+(?:and|or|&)\s+|,\s*|\s*/\s*", re.sub(r"^(?:and|or)\s+", "", text).lower().strip(" .:"))]
    words = [w for w in words if not _NON_COMBAT.fullmatch(w)]  # `..., missing or died of disease`
    return bool(words) and all(w in load("casualty_categories") for w in words)


def _attach_or_skip(item: Piece, figures: list[Figure], skipped: list[Skipped], depth: int) -> bool:
    """Attach a number-less fragment as a note of the last figure, or report it; True if attached."""
    text = item.text
    no_count = {w.lower() for w in load("quantities")["no_count"]}
    first = re.split(r"[\s(;,]", text, maxsplit=1)[0].lower()
    if first in no_count:
        skipped.append(Skipped(item, "no count given"))
    elif figures and (figures[-1].category or not figures[-1].counted) and _bare_category(unnoted := _PARENS.sub(" ", text)):
        # `60,000+ killed, missing, and deserted`: one figure for several categories together
        # (`~300 killed, wounded or missing (98–109 killed/missing)`: the parenthesis is a note)
        last = figures[-1]
        more = [c for c in (find_category(unnoted) or "").split("+") if c and c != "total"]
        notes = [n.strip() for n in (last.count.note, *_PARENS.findall(text)) if n and n.strip()]
        figures[-1] = replace(last, category=combine([c for c in (last.category or "").split("+") if c] + more),
                              count=replace(last.count, note="; ".join(notes) or None))
        return True
    elif figures and (text[0].islower() or text.startswith("(")) and not re.search(r"\d", text.strip("()")[:1]):
        last = figures[-1]
        note = text.strip("()").strip()
        merged = f"{last.count.note}; {note}" if last.count.note else note
        figures[-1] = replace(last, count=replace(last.count, note=merged))
        return True
    else:
        skipped.append(Skipped(item, "no figure", depth))
    return False


@cache
def _marks() -> str:
    """The approximation and at-least marks as one alternation, longest first (`c.`, `over`)."""
    marks = sorted(_words("approximate_marks") + _words("at_least_marks"), key=len, reverse=True)
    return "|".join(map(re.escape, marks))


@cache
def _lead_marks() -> tuple[tuple[str, str], ...]:
    """Every word that may stand before a number, with its group, longest first: `estimated at`
    (a lead word) is tried before `estimated` (an approximation)."""
    groups = ("approximate_marks", "at_least_marks", "lead_words")
    return tuple(sorted(((w, g) for g in groups for w in _words(g)), key=lambda wg: -len(wg[0])))


@cache
def _numbered_unit() -> re.Pattern[str]:
    """`Jaeger Battalion 3`: a unit's name, its formation noun, then its number."""
    nouns = "|".join(map(re.escape, _words("numbered_unit_nouns")))
    return re.compile(rf"(?:[A-Z][\w'’-]*\s+)*(?:{nouns})\s+\d{{1,3}}")


def _strip_lead(text: str) -> tuple[str, bool, bool]:
    """Remove approximation / at-least / lead words before the number."""
    approximate = at_least = False
    changed = True
    while changed:
        changed = False
        lowered = text.lower()
        for word, group in _lead_marks():
            if lowered.startswith(word) and (not word[-1].isalpha() or not lowered[len(word):len(word) + 1].isalpha()):
                text = text[len(word):].lstrip()
                approximate |= group == "approximate_marks"
                at_least |= group == "at_least_marks"
                changed = True
                break
    return text, approximate, at_least


def _attribution(text: str) -> tuple[str, str | None]:
    """`Book of Jin records 870,000` -> (`870,000`, `Book of Jin records`): a named source first."""
    verbs = "|".join(re.escape(v) for v in _words("attribution_verbs"))
    m = re.match(rf"^(?P<source>[A-Za-z][^\d,;:()]{{0,80}}?\s(?:{verbs}))\s+(?=[~～≈]?\d)", text)
    return (text[m.end():], m["source"]) if m else (text, None)


def _read_item(item: Piece, head: str | None) -> Figure | None:
    text, source = _attribution(item.text)
    text = re.sub(r"(?i)^between\s+([\d,]+)\s+and\s+", r"\1–", text)  # `Between 20,000 and 30,000`
    # `1,500 (Pigafetta's account)–3,000`: a note on the low end; the range is read whole, the note kept after it
    # (`1,786 (Dabija) to 11,000`: the same with `to`)
    text = re.sub(r"^([~～≈]?\s*[\d,]+)\s*(\([^()]*\))\s*((?:[–—-]|to\s)\s*[\d,]+)", r"\1 \3 \2", text)
    text = re.sub(r"^\+\s+(?=\d)", "", text)  # `21,000, + 4,000 irregulars`: a spaced plus adds a figure (`+395` is at least 395)
    text, approximate, at_least = _strip_lead(text)
    text = re.sub(r"^(\d{1,3}),?[ \u00a0\u202f](\d{3})(?![\d,])", r"\1\2", text)  # `20 000`, `46, 832` (a stray space)
    text = _number_from_words(text)
    text, approximate_too, at_least_too = _strip_lead(text)
    approximate, at_least = approximate or approximate_too, at_least or at_least_too
    if _numbered_unit().fullmatch(text):
        return None  # `Jaeger Battalion 3`: a unit's name with its number after it, not a figure
    dated = _DAY_MONTH.match(text)
    if dated and not re.search(r"\d", text[dated.end():]):
        return None  # `On 1 May 1915`, `2 May – 13 July 1915`: a date or a span of dates, not a figure
    when = _MONTH_YEAR.match(text)
    if when and not re.search(r"\d", text[when.end():]):
        return None  # `June 1919`: a date, not a figure
    if when:  # `Oct 1854 67,000`, `July 1855 total strength 175,000`: when the figure held
        source = "; ".join(filter(None, (source, when.group().strip())))
        text = text[when.end():].lstrip(" ,:")
        described = re.match(r"^((?:[a-z]+\s+){1,3}?)(?=[~～≈]?\d)", text)
        if described:  # `garrison 36,600`: what the figure counts, written before it
            text = f"{text[described.end():]} {described.group(1).strip()}"
    state = re.match(r"^((?:[A-Z][\w.'’-]*|\d+(?:st|nd|rd|th))\s+(?:(?:[A-Z][\w.'’-]*|of|the)\s+){0,4}?)(?=[~～≈]?\d)", text)
    if state and (head is None or head[:1].islower()) and not find_category(state.group(1)):
        head, text = state.group(1).strip(), text[state.end():]  # `France 82,935 infantry`: whose figure
    lead = re.match(rf"^((?:[A-Za-z]+\s+){{1,3}}?)(?=(?:(?:{_marks()})\s*)?[~～≈]?\d)", text)
    if lead and all(w.lower() in load("casualty_categories") or w.lower() in _words("totals") for w in lead.group(1).split()):
        text = f"{text[lead.end():]} {lead.group(1).strip()}"  # `Total Casualties 430` -> `430 Total Casualties`
        text, approximate_too, at_least_too = _strip_lead(text)  # `Total c. 9,000`
        approximate, at_least = approximate or approximate_too, at_least or at_least_too
    if re.match(r"^\d+\s*/\s*\d", text):
        return None  # `1/6 crossbowmen`: a fraction of the force, not a figure
    duration = re.match(r"^[\d,]+\s+([A-Za-z]+)\b(?!-\d)", text)  # not `2 Mi-8T`, a model
    if duration and duration.group(1) in _words("time_units"):
        return None  # `5 months after the battle`: a duration
    if duration and duration.group(1).lower() in _words("measure_units"):
        return None  # `1,536 lb broadside`, `120 km`: a measure, not a count
    text = _written_numbers(text)
    if re.match(r"[~～≈]?\s*\d+\.\d", text):
        return None  # `2.5 divisions`: not a count we can state
    if re.match(r"[~～≈]?\s*[\d,]+(?:\s*[–—-]\s*[\d,]+)?\s*(?:%|per\s*cent\b|percent\b)", text, re.IGNORECASE):
        return None  # `10% of the army`: a share, not a count
    spaced = re.match(r"^([~～≈]?\s*[\d,]+)\s\+\s+(?=([a-z]+))", text)
    if spaced and find_category(spaced.group(2)):  # `60 + injured`: at least 60, the plus spaced off (not `500 + several thousand`)
        text = f"{spaced.group(1)}+ {text[spaced.end():]}"
    m = _FIGURE.match(text)
    if not m:
        return None
    clause = re.match(r"\s+of\s+(?:whom|which)\s+(?P<were>(?:were|was)\s+)?(?=[a-z])(?![^,;]*\d)", m["rest"])
    if clause and (not clause["were"] or find_category(m["rest"][clause.end():].split()[0]) in (None, "total")):
        # `500,000 of whom fled abroad`, `6 of whom later died of wounds`: a part of the figure before,
        # told in prose (not `were` and its category); kept as text
        return None
    if clause:  # `30–60 of whom were killed in the massacre`: a part of the figure before, in a category
        text = text[: m.start("rest")] + " " + m["rest"][clause.end():]
        m = _FIGURE.match(text)
        if m is None:
            return None
    named = re.match(r"\s+([A-Z][a-z]+)\b", m["rest"])
    if named and named.group(1) in _words("numbered_unit_nouns") and not m["high"]:
        return None  # `3 Commando`, `40 Squadron`: a unit's name, not a count
    low = int(m["low"].replace(",", ""))
    high = int(m["high"].replace(",", "")) if m["high"] else None
    if high is not None and low < 1000 <= high and high % 1000 == 0 and low * 1000 <= high < low * 10000:
        low *= 1000  # `60–75,000`, `8–9,000`: the thousands are written once, after the range
    approximate |= bool(m["mark"] or m["hmark"])
    at_least |= bool(m["plus"])
    rest = re.sub(r"(?<=[a-z])(?:efn|sfn|refn)\b", "", m["rest"])  # `woundedefn`: a citation template's name
    rest = re.sub(r"^\s+total\s+(?=[a-z])", " ", rest)  # `61 total guns`: so many guns in all
    presumed = re.search(r"\s+presumed\s+(\w+)", rest)
    if presumed and find_category(presumed.group(1)):  # `1 missing presumed dead`: missing; the presumption is a note
        source = "; ".join(filter(None, (source, presumed.group().strip())))
        rest = rest[: presumed.start()] + rest[presumed.end():]
    rest = re.sub(r"\s+&\s+", " and ", rest)  # `104 killed & wounded`
    times = re.fullmatch(r"\s*[x×]\s+(?P<model>[A-Z][\w.-]*(?:\s+[\w.-]+){0,3})\s*", rest)
    if times:  # `42 x Centurion Mk.VIIs`, `168 × M47 Pattons`: so many of a model, named in the plural
        rest = ""
    counted = re.sub(r"(?<=[\w.])s$", "", times["model"]).lower() if times else counted_thing(_PARENS.sub(" ", rest))
    if not counted and head and not re.search(r"[A-Za-z]", _PARENS.sub(" ", rest)):
        if _without_totals(head) != head:
            counted = counted_thing(_without_totals(head))  # `Total guns: 44`: the header says what is counted
        elif find_category(head) == "total":
            counted = counted_thing(head)  # `Aircraft losses: 34`, `Tanks lost: 12`: so does this one
    fighting = find_category(_NON_COMBAT.sub(" ", rest))  # `3,800 killed or died of disease`: killed, still
    if not counted and not fighting and words_in(tuple(_words("not_casualty_states")), _cut_note(_PARENS.sub(" ", rest))[0]):
        return None  # `21,182 poisoned`, `40,000 sick` (not `4,500 including sick`): people, but not a casualty category
    if not counted and not fighting and head and words_in(tuple(_words("not_casualty_states")), head.lower()):
        return None  # `Refugees:, 150,000–200,000 Serbs`: under such a header, people who are not casualties
    if not counted and not fighting and _NON_COMBAT.search(rest):
        return None  # `1 dead of illness`: a death, but not one of the fighting's casualty categories
    notes = ([source] if source else []) + [n.strip() for n in _PARENS.findall(rest) if n.strip()]
    rest = _PARENS.sub(" ", rest)
    rest, cut = _cut_note(rest)
    if cut:
        notes.append(cut)
    rest = _cut_prose(rest)
    implicit = False
    if counted:  # what happened to ships or guns: sunk, destroyed, captured ... (none named: lost)
        category = (find_category(rest, "equipment_categories") or (find_category(head, "equipment_categories") if head else None)
                    or find_category(" ".join(_PARENS.findall(m["rest"])), "equipment_categories"))  # `(113,300 tons sunk)`
        implicit = category is None
        if implicit and _unknown_fate(rest, counted):
            return None  # `1 gunboat grounded`: a fate that is none of the categories; kept as text
        category = category or "lost"
    else:
        category = find_category(rest) or (find_category(head) if head else None)
        labelled = next((n for n in _PARENS.findall(m["rest"]) if _names_only_categories(n)), None)
        if category is None and labelled:  # `133,298 (POW)`, `20,000 (either killed or surrendered)`
            category = find_category(labelled)
            notes = [n for n in notes if n.strip() != labelled.strip()]
    unit = None
    qualifier = _qualifier(rest)
    if head:
        if find_category(head):
            qualifier = qualifier or _qualifier(head) or None
        elif (re.search(r"\d(?!\d*(?:st|nd|rd|th)\b)", head) or any(w[0].islower() for w in head.split() if w not in ("of", "and"))
              or head.lower() in _words("period_headers")):
            notes.insert(0, head)  # a period (`1992–95`) or a description (`Other estimations`)
        else:
            unit = head  # a force's name (`ARBiH`, `HVO`)
    if qualifier and qualifier.split()[0].lower() in _words("note_prepositions"):
        notes.append(qualifier)  # `3 wounded aboard Yi Sun-sin's flagship`: where, not what
        qualifier = None
    if not counted and qualifier and re.fullmatch(r"[A-Za-z]\.?", qualifier):
        return None  # `Three s`: what was counted was a link whose text was lost; kept as text
    if not counted and qualifier and _unknown_plural(qualifier):
        return None  # `12 forts captured`: a figure of things we do not know, not of people; kept as text
    if not counted and low == 1 and high is None and qualifier and _one_thing(qualifier):
        # `1 aviso`, `1 fluyt captured`: one of a thing; a force of one is not a figure of people
        counted, qualifier = qualifier.lower(), None
        category = find_category(rest, "equipment_categories") or (category and "lost")
    if qualifier and re.match(r"(?:or|and)\b", qualifier):
        notes.append(qualifier)  # `killed or died of disease`: what else the figure holds, not a part of the force
        qualifier = None
    if not counted and qualifier and _DESIGNATION.search(qualifier):
        return None  # `4 T-34 and others`: a model's designation, so things, but which is not sure; kept as text
    if qualifier and re.search(r"\d(?![\d,]*(?:st|nd|rd|th)\b)", qualifier):
        notes.append(qualifier)
        qualifier = None
    if high is not None and high < low:
        return None
    if counted and qualifier and all(w in counted.split() or singular(w) in counted.split() or w in load("quantities")["equipment_categories"]
                                     or w in _words("thing_modifiers")
                                     for w in qualifier.lower().split()):
        qualifier = None  # `474 artillery pieces`, `12 colours lost`: the thing counted, not a part of the force
    count = Count(
        value=None if high is not None else low,
        low=low if high is not None else None,
        high=high,
        approximate=approximate,
        at_least=at_least,
        qualifier=qualifier,
        note="; ".join(notes) or None,
        counted=counted,
    )
    return Figure(count, item, category, unit, implicit)


def _written_numbers(text: str) -> str:
    """Numbers as written -> digits: `60,00070,000` -> `60,000–70,000`, `140.000` -> `140000`,
    `20–30 million` -> `20000000–30000000`, `4.5 million` -> `4500000`."""
    text = _GLUED_RANGE.sub(lambda m: f"{m.group(1)}–{m.group(2)}"
                            if int(m.group(1).replace(",", "")) < int(m.group(2).replace(",", "")) else m.group(), text)
    text = _STOP_GROUPED.sub(lambda m: m.group().replace(".", ""), text)

    def scaled(m: re.Match[str]) -> str:
        factor = _SCALES[m["scale"].lower()]
        low = round(float(m["a"]) * factor)
        return f"{low}–{round(float(m['b']) * factor)}" if m["b"] else str(low)

    return _SCALED.sub(scaled, text)


def _unknown_fate(rest: str, counted: str) -> bool:
    """A participle after the thing counted that names no category (`gunboat grounded`,
    `tanks immobilised`); `armoured cars` (before the thing) is what they are."""
    thing = re.escape(counted.split()[-1])
    after = re.search(rf"{thing}\w*\s+([a-z]{{3,}}ed)\b", rest.lower())
    return after is not None and find_category(after.group(1), "equipment_categories") is None and find_category(after.group(1)) is None


# Endings of nouns that name people (`airmen`, `officer`, `loyalists`, `civilian`, `volunteers`).
_PEOPLE_ENDING = re.compile(r"(?:m[ae]n|ers?|ors?|ists?|ians?|ites?|ar(?:y|ies)|ees?|ants?|ents?|ards?|iers?|eers?|ars?)$")


def _unknown_plural(qualifier: str) -> bool:
    """A qualifier in lowercase words whose last word is a plural noun that counts no people
    (`forts`, `u-boats`): neither the people words nor the people endings know it."""
    words = re.split(r"\s+(?:in|on|at|from|of|during|by|with|for|near|after|before)\s+", qualifier)[0].split()
    people = {*_words("people_nouns"), *_words("users"), *_words("people_plurals")}
    if len(words) == 1 and re.fullmatch(r"[A-Z]{2,6}s", words[0]):
        return words[0].lower() not in people  # `20 SSMs`: an abbreviation of things we do not know (`NCOs` are people)
    if not words or not all(w.islower() for w in words):
        return False  # `French knights`, `Royal Navy sailors`: a people's or force's name
    fates = load("quantities")["equipment_categories"]
    while len(words) > 1 and (words[-1] in fates or re.fullmatch(r"[a-z]+ed", words[-1])):
        words = words[:-1]  # `redoubts taken`: what happened to them comes after the noun
    head = words[-1].strip(".,;:")  # `civilians in air raids`: the noun before the preposition
    if head in _words("counting_words"):
        return False  # `died from all causes`: how the figure was counted, not what
    if not head.endswith("s") or head.endswith(("ss", "us")) or len(head) < 4:
        return False
    return head not in people and not _PEOPLE_ENDING.search(head)


def _one_thing(qualifier: str) -> bool:
    """`aviso`, `seaplane tender`, `Zeppelin`: one to three lowercase words or one capitalised
    word, none a people, rank, state or category word, after a figure of one; `officer`,
    `general`, `civilian`, `American` count a person."""
    words = qualifier.split()
    if words and len(words) == 1 and re.fullmatch(r"[A-Z][a-z]+", words[0]) and not _people_adjective(words[0]):
        words = [words[0].lower()]
    if not 1 <= len(words) <= 3 or not all(re.fullmatch(r"[a-z][a-z-]+", w) for w in words):
        return False
    return not any(singular(w) in _people_singulars() or w in load("casualty_categories") or _PEOPLE_ENDING.search(w)
                   or re.fullmatch(r"[a-z]+ed", w) for w in words)  # `1 missing presumed dead`: a participle is no thing


@cache
def _people_singulars() -> frozenset[str]:
    """People nouns, arms, ranks and titles, singular: what a figure of one person is of."""
    return frozenset(singular(w) for w in (*_words("people_nouns"), *_words("users"), *_words("people_plurals"),
                                           *load("titles")["roles"], *(h.lower() for h in load("titles")["honorifics"])))


def _without_totals(head: str) -> str:
    """`Total guns` -> `guns`: a header's total words say nothing about what is counted."""
    totals = "|".join(re.escape(w) for w in _words("totals"))
    return re.sub(rf"(?i)\b(?:{totals})\b", " ", head).strip()


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
    """Keep only what can qualify a figure when prose runs on after it: nothing for a
    source sentence (`10,000–20,000 Cline says that ...`), else the leading category and
    people words and one leading name (`90,000 Spanish The Spanish army ...` -> `Spanish`,
    `4,004 wounded fighting Nationalist ...` -> `wounded`)."""
    words = rest.split()
    verbs = "|".join(re.escape(v) for v in [*_words("attribution_verbs"), "writes", "wrote", "said", "notes", "argues"])
    if any(q in rest for q in "\"“”") or re.search(rf"\b[A-Z][\w']*\s+(?:{verbs})\b", rest):
        return ""  # a quoted or reported source (`Cline says that "...`), not a qualifier
    lowered = rest.lower().strip()
    after = next((lowered[len(mark) + 1:] for mark in _words("at_least_marks") + _words("approximate_marks")
                  if lowered.startswith(mark + " ")), None)
    if after is not None and (re.match(r"[~～≈]?\d", after) or _number_word_pattern().match(after)):
        return ""  # another quantity in words (`At least seven stone throwers`), not a qualifier (`estimated killed` is one)
    if len(words) <= 6:
        return rest
    if words[0][:1].isupper() and words[1][:1].islower():
        return ""
    keep = set(load("casualty_categories")) | set(_words("people_nouns"))
    kept = []
    for i, word in enumerate(words):
        if word.lower().strip(".,") in keep or (i == 0 and word[:1].isupper()):
            kept.append(word)
        else:
            break
    return " ".join(kept)


def _listed_things(lowered: str) -> str | None:
    """`galleys and galliots`, `guns, rocket launchers and mortars`: several kinds of things
    counted together, each singular, as the text lists them."""
    heads = "|".join(re.escape(w) for w in _words("equipment_nouns"))
    listed = re.match(rf"(?:{heads})(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:{heads}))+(?![\w-])", lowered)
    if not listed:
        return None
    parts = re.split(r"(\s*,\s*(?:and\s+)?|\s+and\s+)", listed.group())
    return "".join(singular(p) if i % 2 == 0 else (", " if "," in p and "and" not in p else " and " if "," not in p else ", and ")
                   for i, p in enumerate(parts))


@cache
def _equipment_pattern() -> re.Pattern[str]:
    heads = "|".join(re.escape(w) for w in _words("equipment_nouns"))
    return re.compile(rf"(?<![\w-])(?:{heads})(?![\w-])")


def _formation(rest: str) -> str | None:
    """`70 divisions`, `40 infantry divisions`, `1 parachute infantry brigade`, `1 Chindit
    brigade`, `3 Roman legions` (a people's adjective is not part of what is counted): a
    formation noun among the first words, after modifiers only. `139 British Army regulars`
    counts men; `3 Commando` is read before (a unit's name)."""
    tokens = re.findall(r"[A-Za-z][\w-]*", rest)[:4]
    for i, token in enumerate(tokens):
        if token.lower() not in _words("formation_nouns"):
            continue
        modifiers = tokens[:i]
        if any(m.lower() in _STOPS or m.lower() in _words("people_nouns") or m.lower() in load("casualty_categories")
               for m in modifiers):
            return None
        if token[0].isupper() and not token.endswith("s"):
            return None  # `British Army`: a name, not a count of armies
        if i + 1 < len(tokens) and (_equipment_pattern().fullmatch(tokens[i + 1].lower())
                                    or _equipment_pattern().fullmatch(f"{token} {tokens[i + 1]}".lower())):
            return None  # `106 battalion guns`, `2 flotilla leaders`: the formation says which ships or guns; they are counted
        if i + 1 < len(tokens) and " ".join(t.lower() for t in tokens[i:i + 2]) in load("quantities")["plural_exceptions"]:
            return None  # `1,200 lances fournies`: a thing of two words, read as a thing
        kept = [m.lower() for m in modifiers if m.lower() not in _words("thing_modifiers") and not _people_adjective(m)]
        of = re.search(rf"\b{re.escape(token)}\s+of\s+(?P<arm>[a-z][a-z-]*(?:\s+[a-z][a-z-]*)?)\b", rest)
        arm = f" of {of['arm']}" if of and of["arm"].split()[0] not in _STOPS and of["arm"].split()[0] not in ("whom", "which") else ""
        return " ".join([*kept, singular(token.lower())]) + arm  # `10 cohorts of heavy infantry`
    return None


def _people_adjective(word: str) -> bool:
    """`Roman`, `Austrian`, `Japanese`, `French`: whose formation it is, not what kind."""
    return word[0].isupper() and (is_state(word) or word in load("belligerents")["demonyms"] or word in _words("coalition_adjectives")
                                  or word.endswith(tuple(s for s in load("belligerents")["demonym_suffixes"] if len(s) > 1)))


def counted_thing(rest: str) -> str | None:
    """The thing counted when it is not people, singular: `galley` for `109 galleys of the
    Venetian republic`, `light cruiser`, `carrier-based aircraft`, `division` for `70
    divisions` (formations only right after the number); None for people.

    The words kept are the equipment noun and up to three lowercase modifiers right before
    it (`heavy`, `land-based`); a word that is not such a modifier ends the phrase."""
    lowered = rest.lower().strip()
    formation = _formation(rest)
    if formation:
        return formation
    marked = re.fullmatch(r"\s*([A-Z][a-z]+\s+[IVX]{1,4})s?[\s.,;]*", rest)
    if marked:  # `10 Panzer IVs`, `2 Tiger IIs`: a model marked with a Roman numeral, so machines
        return marked.group(1).lower()
    # `11 Alouette III G-Cars`, `4 Mirage III fighters`: a model with a Roman numeral, then its
    # variant's name or the equipment noun
    numbered = re.match(r"\s*([A-Z][a-z]+\s+[IVX]{1,4})\s+(?:(?P<variant>[A-Z]\w*-[A-Z][a-z]+)(?![\w-])|(?P<noun>[a-z]+)\b)", rest)
    if numbered and (numbered["variant"] or _equipment_pattern().fullmatch(numbered["noun"])):
        return f"{numbered.group(1).lower()} {singular((numbered['variant'] or numbered['noun']).lower())}"
    named = _DESIGNATION_AND_NAME.fullmatch(rest)
    if named:  # `13 M113 APCs`, `5 UH-1C Iroquois`, `1 L-19 Bird Dog`: a model's designation and its name, so machines
        return f"{named['model'].lower()} {singular(named['name'])}"
    model = re.match(rf"\s*({_MODEL}|[A-Z][a-z]{{1,2}} \d+[A-Za-z]?)\s+([a-z]+(?:-[a-z]+)*)(?![\w-])", rest)
    if model and _equipment_pattern().fullmatch(model.group(2).split("-")[-1]):
        return f"{model.group(1).lower()} {singular(model.group(2))}"  # `2 F-4 fighters`, `3 He 111 bombers`: a model
    models = _models().match(rest)
    if models:
        return models.group(1).lower()  # `107 B-17s`, `23 Fw 190`, `1 MiG-27 shot down`: a model, so machines
    make = _makes().match(rest)
    if make:  # `3 Fairey Swordfish`: a maker and a model, so aircraft (`Hawker Hurricane fighters`: see below)
        return f"{make.group(1).strip().lower()} {singular(make.group(2).lower())}"
    maker = re.match(r"\s*((?:[A-Z][\w-]*\s+)*(?P<last>[A-Z][\w-]*|\d+)\s+)(?P<noun>fighter(?:-bomber)?s?)(?![\w-])", rest)  # `fighter-bombers` whole
    if maker and not _people_adjective(maker["last"]) and not maker["last"].isupper():
        return f"{maker.group(1).lower()}{singular(maker['noun'])}"  # `64 Supermarine Spitfire fighters`: a make, so aircraft
    whose = re.match(r"\s*(?:[A-Z][\w'’]*\s+){1,2}", rest)  # `German U-Boats`: a people's adjective before the thing
    own = rest[whose.end():].lower() if whose and all(_people_adjective(w) for w in whose.group().split()) else lowered
    hyphened = re.match(r"[a-z]+(?:-[a-z]+)+(?![\w-])", own)
    if hyphened and _equipment_pattern().fullmatch(hyphened.group()) and words_in(tuple(_words("people_nouns")), hyphened.group()):
        return singular(hyphened.group())  # `15 men-of-war`: a ship, though `men` names people
    if (hyphened and _equipment_pattern().fullmatch(hyphened.group().split("-")[-1])
            and not _equipment_pattern().search(own[hyphened.end():])):
        return singular(hyphened.group())  # `4 fighter-bombers`: a kind of the thing its last part names
    if words_in(tuple(_words("people_nouns")), lowered):
        return None
    stops = _STOPS
    listed = _listed_things(lowered)
    if listed:
        return listed
    # the head noun is the last one of the phrase (`ironclad turret ship` counts ships); a plural
    # noun before it ends the phrase there (`torpedo boats plus gunboats`, `vehicles including tanks`)
    found = list(_equipment_pattern().finditer(lowered))
    m = next((m for i, m in enumerate(reversed(found))
              if not any(w.strip(",.") in stops or w.strip(",.") in load("casualty_categories")
                         for w in lowered[: m.start()].split())
              and not any(e.group() != singular(e.group()) for e in found[: len(found) - 1 - i])), None)
    if not m:
        return _compound_thing(lowered)  # `killed aboard ships`, `crews of 3 ships`: the noun is not what is counted
    after = re.match(r"\s+([a-z]+)\b", lowered[m.end():])
    if after and after.group(1) in _words("users"):
        return None  # `6,000 horse archers`, `500 tank crews`: the thing names the men who use it
    noun = singular(m.group())
    head = after.group(1) if after else ""
    if (m.group() == noun and head != singular(head) and head not in _STOPS and not find_category(head)
            and not find_category(head, "equipment_categories")):
        noun = f"{noun} {singular(head)}"  # `2 submarine chasers`, `4 tank destroyers`: a kind of the plural after it
    before = lowered[: m.start()].split()
    written = rest.strip().split()
    modifiers: list[str] = []
    for i, word in enumerate(reversed(before)):
        if not re.fullmatch(r"[a-z][a-z-]*", word) or len(modifiers) == 3 or word in _words("thing_modifiers"):
            break
        original = written[len(before) - 1 - i] if len(written) >= len(before) else word
        if _people_adjective(original):
            break  # `2 British ships of the line`: whose ships, not what kind
        modifiers.insert(0, word)
    return " ".join([*modifiers, noun])  # `Douglas Boston bombers`: only the noun is plural


# A model's designation (letters and digits: `M113`, `CH-21`, `UH-1C`, `F-4`)
_MODEL = r"[A-Z][A-Za-z]{0,3}-?\d+[A-Za-z]?"
# a designation and the model's name in capitals, ending the item
_DESIGNATION_AND_NAME = re.compile(rf"\s*(?P<model>{_MODEL})\s+(?P<name>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){{0,2}})[\s.,;]*")


@cache
def _models() -> re.Pattern[str]:
    """`B-17s`, `Fw 190`, `MiG-27 shot down`: a model's name, in the plural, alone, or before a fate."""
    fates = "|".join(map(re.escape, sorted(load("quantities")["equipment_categories"], key=len, reverse=True)))
    return re.compile(rf"\s*((?:[A-Z][a-z]+\s+)?[A-Z][A-Za-z]{{0,3}}[- ]?\d+(?:[A-Z]\b)?)(?:s\b|\s*$|\s+(?=(?:{fates})\b))")


@cache
def _makes() -> re.Pattern[str]:
    """`Fairey Swordfish`: a maker (vocab `aircraft_makers`), then a model, ending the item."""
    makers = "|".join(map(re.escape, _words("aircraft_makers")))
    return re.compile(rf"\s*((?:{makers})\s+)([A-Z][\w-]*(?:\s+[A-Z\d][\w-]*)?)(?=\s*(?:$|[,;(]))")


def _compound_thing(lowered: str) -> str | None:
    """`6 steamboats`, `6 Boghammar speedboats`: a closed compound whose last part names a
    thing (vocab `compound_heads`) is that thing, with up to two plain words before it."""
    heads = "|".join(re.escape(w) for w in _words("compound_heads"))
    m = re.match(rf"((?:[a-z][a-z-]*\s+){{0,2}}?)([a-z]+(?:{heads}))(?![\w-])", lowered)
    if not m or any(w in _STOPS or w in load("casualty_categories") or w in _words("thing_modifiers") for w in m.group(1).split()):
        return None
    after = re.match(r"\s+([a-z]+)\b", lowered[m.end():])
    if after and after.group(1) in _words("users"):
        return None
    return " ".join([*m.group(1).split(), singular(m.group(2))])


@cache
def _removable() -> re.Pattern[str]:
    """Category, people and total words, as one space-delimited longest-first pattern."""
    words = sorted({*load("casualty_categories"), *_words("people_nouns"), *_words("totals")}, key=len, reverse=True)
    return re.compile(r"(?<=\s)(?:" + "|".join(re.escape(w) for w in words) + r")(?=\s)")


def _qualifier(rest: str) -> str | None:
    """What is left after category, people and total words: the part/arm/echelon."""
    text = " " + rest.lower().strip(" .,;:") + " "
    original = " " + rest.strip(" .,;:") + " "
    remove = _removable()
    # the alternation is longest-first, so `killed in action` goes before `killed`
    spans = [(m.start(), m.end()) for m in remove.finditer(text)]
    kept = "".join(ch for i, ch in enumerate(original) if not any(s <= i < e for s, e in spans))
    kept = re.sub(r"\s+", " ", kept).strip(" ,;:")
    for prefix in _words("qualifier_prefixes"):
        if kept.lower().startswith(prefix + " "):
            kept = kept[len(prefix) + 1:]
            break
    trailing = "|".join(re.escape(w) for w in _words("trailing_words"))
    kept = re.sub(rf"(?:\s+(?:{trailing}))+$", "", " " + kept, flags=re.IGNORECASE).strip()
    return kept or None
