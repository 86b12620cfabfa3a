"""Infobox date values -> `DateValue` start/end keeping precision, era and qualifiers.

Years are astronomical (XSD 1.1, Wikidata RDF): 1 BC is year 0, so `260 BC` -> -259.
A range's start borrows what it leaves out from its end (`17 April – 19 May 1946`,
`25-27 October 1949`, `Spring 218 – 201 BC`), because infoboxes write the shared
month/year/era once. Anything that does not read as a date is reported, never guessed.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from handan_kg.facts import DateValue

# The one definition of month names: `MONTH_NAMES` as prose writes them, `MONTHS` every
# lower-case spelling a date may use (`sept`, `jan`) -> number.
MONTH_NAMES = tuple(name for name in calendar.month_name if name)
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

# Leading words that qualify a date instead of making it more precise.
QUALIFIERS = {
    "c.": "circa", "c": "circa", "ca.": "circa", "ca": "circa", "circa": "circa", "approximately": "circa",
    "about": "circa", "early": "early", "mid": "mid", "mid-": "mid", "late": "late",
    "spring": "spring", "summer": "summer", "autumn": "autumn", "fall": "autumn", "winter": "winter",
    "before": "before", "after": "after", "by": "by",
}
# Adverbs before a qualifier that only say how near (`shortly before`, `just after`): dropped.
_NEARLY = {"shortly", "just", "soon", "immediately"}
_SEASONS = {"spring", "summer", "autumn", "winter"}
_BC = {"bc", "bce", "b.c.", "b.c.e."}
_AD = {"ad", "ce", "a.d.", "c.e."}

_ISO = re.compile(r"^(?P<year>-?\d{1,4})-(?P<month>\d{2})(?:-(?P<day>\d{2}))?$")
_TOKEN = re.compile(r"(?P<num>\d{1,4})(?P<comma>,)?|(?P<word>[A-Za-z][A-Za-z.]*)|(?P<other>\S)")
# Range separators: dashes with or without spaces, "to"; a hyphen only between numbers
# written as a day range (`25-27 October 1949`), so ISO dates stay whole.
_RANGE = re.compile(r"\s*[–—]\s*|\s+-\s+|\s+to\s+|\s+until\s+|(?<=^\d)-(?=\d{1,2}\s)|(?<=^\d\d)-(?=\d{1,2}\s)")
_RESIDUE = re.compile(r"\(\s*\)|\s+,\s*$|,\s*$")
# The labels of the two calendar styles a date may carry, in brackets or bare (`5 June 1720 N.S.`)
NEW_STYLE = r"(?:N\.\s?S\.|New Style|Gregorian)"
OLD_STYLE = r"(?:O\.\s?S\.|Old Style|Julian)"
_BARE_STYLE = re.compile(rf"(?<![\w(])(?:{NEW_STYLE}|{OLD_STYLE})(?=[\s,;]|$)")


class DateError(ValueError):
    """The value is not a date this module can read without guessing."""


@dataclass(frozen=True)
class _Partial:
    year: int | None
    month: int | None
    day: int | None
    era: str | None  # "BC" | "AD" | None (unstated)
    qualifier: str | None


def clean(value: str) -> str:
    """Drop wiki residue and alternative calendars, parenthesised (`(26 Ramadan 658 H)`) or in
    brackets (`16 December [O.S. 3 December] 1912`), an age template's tail (`327–325 BC;
    ago`) and a dash entity's name left as text (`7ndash`). (Of two dates in two styles, the infobox reader keeps the New Style one.)"""
    value = re.sub(r";\s*(?:[\d,]+\s+years?\s+)?ago\b.*$", "", value)
    value = re.sub(r"(?<![A-Za-z])&?[nm]dash;?(?![A-Za-z])", " – ", value)  # `March 7ndash March 8`: an entity's name left as text
    value = re.sub(r"(?<=[a-z])-\s+(?=\d)", " – ", value)  # `January- 11 February`: a dash with a space after it only
    text = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", value)
    text = _BARE_STYLE.sub(" ", text)
    text = _RESIDUE.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip().strip(",;").strip()
    return text


# `between 480 and 479 BC`, `from 3 to 5 March 1801`, `Sometime between ...`: words around a range, not a qualifier
_FRAME = re.compile(r"^(?:some\s?time\s+)?(?:between|from)\s+(?P<a>.+?)\s+(?:and|to|until|–|—|-)\s+(?P<b>.+)$", re.IGNORECASE)
# `4 June 1942 7 June 1942`, `June 4, 1942 June 7, 1942`: a range whose separator was lost
# when the page was flattened; the first date must end with a year and the second start anew
_RUN_TOGETHER = re.compile(r"^(?P<a>.*?\b\d{3,4}(?:\s*(?:BC|BCE|AD|CE))?)\s+(?P<b>(?:\d{1,2}\s+)?[A-Z][a-z]+\.?\s.*\d{3,4}.*)$")
# every month word as a regex alternation, longest first (`September` before `Sept` before `Sep`)
MONTH_ALTERNATION = "|".join(sorted(MONTHS, key=len, reverse=True))
# `4 June 20 September 1916`, `June 4 September 20, 1916`: a start without a year run into its end
_DAYS_RUN_TOGETHER = re.compile(
    rf"^(?P<a>\d{{1,2}}\s+(?:{MONTH_ALTERNATION})|(?:{MONTH_ALTERNATION})\s+\d{{1,2}})\s+"
    rf"(?P<b>(?:\d{{1,2}}\s+(?:{MONTH_ALTERNATION})|(?:{MONTH_ALTERNATION})\s+\d{{1,2}},?)\s+\d{{3,4}})$", re.IGNORECASE)
_MONTH_GLUED = re.compile(rf"\b(?P<month>{MONTH_ALTERNATION})(?=\d)", re.IGNORECASE)
# `August 7, 1942February 9, 1943`: a year glued to the month that starts the end
_YEAR_GLUED = re.compile(rf"(?<=\d)(?=(?:{'|'.join(m.capitalize() for m in sorted(MONTHS, key=len, reverse=True))})\b)")
# `1944–45`: an end year written with its last two digits
_SHORT_END = re.compile(r"^(?P<a>.*\b(?P<century>\d{2})\d{2})\s*[–—-]\s*(?P<b>\d{2})$")


def _normalise(text: str) -> str:
    text = _MONTH_GLUED.sub(r"\g<month> ", text)  # `4 June20 September 1916`: the separator was lost
    text = _YEAR_GLUED.sub(" ", text)
    frame = _FRAME.match(text)
    if frame:
        text = f"{frame['a']} – {frame['b']}"
    elif re.match(r"^between\s+", text, re.IGNORECASE):
        text = re.sub(r"^between\s+", "", text, flags=re.IGNORECASE)
    either = re.fullmatch(r"(?P<a>[^–—]+?)\s+or\s+(?P<b>[^–—]+)", text)
    if either and not _RANGE.search(text):  # `June or July 609 BC`: one of two dates; the conflict lies within both
        text = f"{either['a']} – {either['b']}"
    short = _SHORT_END.match(text)
    if short:
        text = f"{short['a']} – {short['century']}{short['b']}"
    if not _RANGE.search(text):
        run = _RUN_TOGETHER.match(text) or _DAYS_RUN_TOGETHER.match(text)
        if run and run["b"].split()[0].rstrip(".").lower() in MONTHS | {str(n): 0 for n in range(1, 32)}:
            text = f"{run['a']} – {run['b']}"
    return text


def parse_range(value: str) -> tuple[DateValue, DateValue]:
    """`value` -> (start, end); a single date gives start == end. Raises `DateError`."""
    text = _normalise(clean(value))
    if not text:
        raise DateError(f"no date in {value!r}")
    spans = re.split(r"\s+and\s+", text)
    if len(spans) > 1 and all(_RANGE.search(p) for p in spans):
        # `November 8, 1614 – January 22, 1615 and May – June 1615`: several periods; the
        # conflict runs from the first start to the last end
        ranges = [parse_range(p) for p in spans]
        return min((r[0] for r in ranges), key=DateValue.sort_key), max((r[1] for r in ranges), key=DateValue.sort_key)
    parts = _RANGE.split(text)
    if len(parts) > 2 or not all(p.strip() for p in parts):
        raise DateError(f"cannot read {value!r} as a date or a date range")
    partials = [_parse_part(p.strip(), value) for p in parts]
    if len(partials) == 1:
        single = _finish(partials[0], value)
        return single, single
    start_p, end_p = partials
    end_p = _borrow_end(end_p, start_p)
    end = _finish(end_p, value)
    start = _finish(_borrow(start_p, end_p, end), value)
    if start.sort_key() > end.sort_key():
        raise DateError(f"date range {value!r} ends before it starts")
    return start, end


def _parse_part(text: str, original: str) -> _Partial:
    """One side of a range: qualifier words, then day / month / year / era in any of the
    orders infoboxes use (`22 October 1945`, `October 22, 1945`, `May 1274 BC`, `15, 1948`)."""
    qualifier = None
    words = text.replace(",", ", ").split()
    if len(words) > 1 and words[0].lower() == "the" and words[1].lower() in QUALIFIERS:
        words = words[1:]  # `the summer of 1812`
    if len(words) > 1 and words[0].lower() in _NEARLY and words[1].lower() in QUALIFIERS:
        words = words[1:]
    while words and words[0].rstrip(",").lower() in QUALIFIERS:
        qualifier = QUALIFIERS[words[0].rstrip(",").lower()]
        words = words[1:]
    if qualifier and words and words[0].lower() == "of":  # `Winter of 208 CE`
        words = words[1:]
    if words and words[0].lower().startswith("mid-"):
        qualifier, words = "mid", [words[0][4:]] + words[1:]
    rest = " ".join(words).strip(" ,")
    if not rest and qualifier in _SEASONS:  # `Spring–Autumn 218 BC`: the year comes from the end
        return _Partial(None, None, None, None, qualifier)
    m = _ISO.match(rest)
    if m:
        return _Partial(int(m["year"]), int(m["month"]), int(m["day"]) if m["day"] else None, None, qualifier)
    numbers: list[tuple[int, int, bool]] = []  # (position, value, followed by a comma)
    month = month_at = era = None
    for i, t in enumerate(_TOKEN.finditer(rest)):
        if t["other"] == ",":  # `8 January, 1676`: a comma after the month
            continue
        if t["num"]:
            numbers.append((i, int(t["num"]), bool(t["comma"])))
        elif t["word"] and t["word"].lower() in _BC | _AD:
            era = "BC" if t["word"].lower() in _BC else "AD"
        elif t["word"] and t["word"].lower().rstrip(".") in MONTHS and month is None:
            month, month_at = MONTHS[t["word"].lower().rstrip(".")], i
        else:
            raise DateError(f"cannot read {text!r} in date {original!r}")
    if not numbers and month is None or len(numbers) > 2:
        raise DateError(f"cannot read {text!r} in date {original!r}")
    day = year = None
    if len(numbers) == 2:
        (_, n1, _), (p2, n2, _) = numbers
        if month_at is not None and month_at > p2:
            raise DateError(f"cannot read {text!r} in date {original!r}")
        day, year = n1, n2
    elif numbers:
        position, value, comma = numbers[0]
        if month_at is not None and (position < month_at or comma or (value <= 31 and era is None)):
            day = value  # `17 April`, `October 22,`, `November 8`: a day (with no year: not a date)
        else:
            year = value
    return _Partial(year, month, day, era, qualifier)


def _borrow_end(end: _Partial, start: _Partial) -> _Partial:
    """`October 10–15, 1948`: an end with a day but no month takes the start's month."""
    if end.day is not None and end.month is None and start.month is not None:
        return _Partial(end.year, start.month, end.day, end.era, end.qualifier)
    return end


def _borrow(start: _Partial, end_raw: _Partial, end: DateValue) -> _Partial:
    """Fill the start's unstated day/month/year/era from the end of the range."""
    small = start.year is not None and start.year <= 31 and start.era is None
    if small and start.day is None and end_raw.day is not None:
        # `25-27 October 1949`, `October 10–15, 1948`, `May 8 – June 2, 1940`: the end is
        # day-precise, so the start's lone small number is its day, not a year 8.
        start = _Partial(None, start.month, start.year, None, start.qualifier)
    if start.year is None:
        # `end.year` is already astronomical, so no era conversion is applied again.
        month = start.month if start.month is not None else end_raw.month
        return _Partial(end.year, month, start.day, None, start.qualifier)
    era = start.era or end_raw.era
    return _Partial(start.year, start.month, start.day, era, start.qualifier)


def _finish(p: _Partial, original: str) -> DateValue:
    if p.year is None:
        raise DateError(f"no year in date {original!r}")
    if p.day is not None and p.month is None:
        raise DateError(f"day without month in date {original!r}")
    year = p.year
    if p.era == "BC":
        if year == 0:
            raise DateError(f"there is no year 0 BC in {original!r}")
        year = 1 - year
    if p.month is not None and not 1 <= p.month <= 12:
        raise DateError(f"month {p.month} out of range in {original!r}")
    if p.day is not None and p.month is not None:
        # Dates before the Gregorian reform (1582) are Julian in the sources (every fourth year
        # is a leap year); later ones Gregorian. `29 February 1900` is no date.
        leap = year % 4 == 0 if year < 1583 else calendar.isleap(year)
        last = 29 if p.month == 2 and leap else calendar.monthrange(2001, p.month)[1]
        if not 1 <= p.day <= last:
            raise DateError(f"day {p.day} out of range in {original!r}")
    return DateValue(year, p.month, p.day, p.qualifier)
