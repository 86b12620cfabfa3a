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
_BC = {"bc", "bce", "b.c.", "b.c.e."}
_AD = {"ad", "ce", "a.d.", "c.e."}

_ISO = re.compile(r"^(?P<year>-?\d{1,4})-(?P<month>\d{2})(?:-(?P<day>\d{2}))?$")
_PART = re.compile(
    r"^(?:(?P<era0>AD|A\.D\.)\s+)?(?:(?P<d1>\d{1,2})\s+)?(?:(?P<mon>[A-Za-z]{3,9})\.?\s*)?"
    r"(?:(?P<d2>\d{1,2})(?:,\s*|\s+(?=\d)))?(?P<year>\d{1,4})?\s*(?P<era>BCE|BC|AD|CE|B\.C\.E?\.|A\.D\.|C\.E\.)?$"
)
# Range separators: dashes with or without spaces, "to"; a hyphen only between numbers
# written as a day range (`25-27 October 1949`), so ISO dates stay whole.
_RANGE = re.compile(r"\s*[–—]\s*|\s+-\s+|\s+to\s+|\s+until\s+|(?<=^\d)-(?=\d{1,2}\s)|(?<=^\d\d)-(?=\d{1,2}\s)")
_RESIDUE = re.compile(r"\(\s*\)|\s+,\s*$|,\s*$")


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
    """Drop wiki residue and parenthesised alternative calendars (`(26 Ramadan 658 H)`)."""
    text = re.sub(r"\([^()]*\)", " ", value)
    text = _RESIDUE.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip().strip(",;").strip()
    return text


def parse_range(value: str) -> tuple[DateValue, DateValue]:
    """`value` -> (start, end); a single date gives start == end. Raises `DateError`."""
    text = clean(value)
    if not text:
        raise DateError(f"no date in {value!r}")
    parts = _RANGE.split(text)
    if len(parts) > 2 or not all(p.strip() for p in parts):
        raise DateError(f"cannot read {value!r} as a date or a date range")
    partials = [_parse_part(p.strip(), value) for p in parts]
    if len(partials) == 1:
        single = _finish(partials[0], value)
        return single, single
    start_p, end_p = partials
    end = _finish(end_p, value)
    start = _finish(_borrow(start_p, end_p, end), value)
    if start.sort_key() > end.sort_key():
        raise DateError(f"date range {value!r} ends before it starts")
    return start, end


def _parse_part(text: str, original: str) -> _Partial:
    qualifier = None
    words = text.split()
    while words and words[0].lower() in QUALIFIERS:
        qualifier = QUALIFIERS[words[0].lower()]
        words = words[1:]
    if words and words[0].lower().startswith("mid-"):
        qualifier, words = "mid", [words[0][4:]] + words[1:]
    rest = " ".join(words)
    m = _ISO.match(rest)
    if m:
        return _Partial(int(m["year"]), int(m["month"]), int(m["day"]) if m["day"] else None, None, qualifier)
    m = _PART.match(rest)
    if not m or not rest:
        raise DateError(f"cannot read {text!r} in date {original!r}")
    month = None
    if m["mon"]:
        month = MONTHS.get(m["mon"].lower())
        if month is None:
            raise DateError(f"unknown month {m['mon']!r} in date {original!r}")
    d1, year_text = m["d1"], m["year"]
    if d1 and not m["mon"] and not year_text:  # `48 BC`: the lone number is the year
        d1, year_text = None, d1
    day_text = d1 or m["d2"]
    if d1 and m["d2"]:
        raise DateError(f"two days in {text!r} in date {original!r}")
    era_text = (m["era"] or m["era0"] or "").lower()
    era = "BC" if era_text in _BC else "AD" if era_text in _AD else None
    year = int(year_text) if year_text else None
    day = int(day_text) if day_text else None
    if day is not None and month is None:
        raise DateError(f"day without month in {text!r} in date {original!r}")
    return _Partial(year, month, day, era, qualifier)


def _borrow(start: _Partial, end_raw: _Partial, end: DateValue) -> _Partial:
    """Fill the start's unstated month/year/era from the end of the range."""
    if start.year is None and start.month is None and start.day is None:
        raise DateError("empty range start")
    if start.year is not None and start.month is None and start.era is None and end_raw.day is not None \
            and start.year <= 31:
        # `25-27 October 1949`: a bare small number before a dated end is a day.
        start = _Partial(None, None, start.year, None, start.qualifier)
    if start.year is None:
        # `17 April – 19 May 1946`, `25-27 October 1949`
        month = start.month if start.month is not None else end_raw.month
        # `end.year` is already astronomical, so no era conversion is applied again.
        return _Partial(end.year, month, start.day, None, start.qualifier)
    era = start.era or end_raw.era
    return _Partial(start.year, start.month, start.day, era, start.qualifier)


def _finish(p: _Partial, original: str) -> DateValue:
    if p.year is None:
        raise DateError(f"no year in date {original!r}")
    year = p.year
    if p.era == "BC":
        if year == 0:
            raise DateError(f"there is no year 0 BC in {original!r}")
        year = 1 - year
    if p.month is not None and not 1 <= p.month <= 12:
        raise DateError(f"month {p.month} out of range in {original!r}")
    if p.day is not None:
        # Feb 29 is checked against a leap year: proleptic leap rules for ancient years are moot.
        last = calendar.monthrange(2000 if p.month == 2 else 2001, p.month)[1]
        if not 1 <= p.day <= last:
            raise DateError(f"day {p.day} out of range in {original!r}")
    return DateValue(year, p.month, p.day, p.qualifier)
