"""Dates in running prose: `On October 22, 1945`, `By October 30`, `mid-August 1945`, `207 BC`.

A date in a sentence is a `DateMention` with its span (relative to the sentence), its
value at the precision the text gives, and the qualifier the words around it add
(`by`, `dusk`, `mid`, a season). Dates that are the ends of a range (`from 10 September
1945, through 12 October 1945`) are marked so that a duration is not taken for an
action. Connectives (`Meanwhile`, `by the next day`) come from vocab/narrative/temporal.json.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from handan_kg.extract import vocab
from handan_kg.extract.dates import MONTH_NAMES
from handan_kg.facts import DateValue

MONTHS = {m: i for i, m in enumerate(MONTH_NAMES, 1)}
_MONTH = "(?:" + "|".join(MONTHS) + ")"
_ERA = r"(?:\s?(?P<era>BCE|BC|CE|AD)\b)"
_FORMS = (
    # October 22, 1945 / October 22
    re.compile(rf"\b(?P<month>{_MONTH}) (?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,? (?P<year>\d{{1,4}}){_ERA}?)?"),
    # 22 October 1945 / 9 August 48 BC
    re.compile(rf"\b(?P<day>\d{{1,2}}) (?P<month>{_MONTH})(?: (?P<year>\d{{1,4}}){_ERA}?)?\b"),
    # August 1945 / May 1274 BC
    re.compile(rf"\b(?P<month>{_MONTH}),? (?P<year>\d{{3,4}}){_ERA}?\b"),
    # 207 BC / 219BC
    re.compile(r"\b(?P<year>\d{1,4})\s?(?P<era>BCE|BC)\b"),
    # in 1258 (a bare year only after a preposition that makes it a date)
    re.compile(r"\b(?:in|by|from|to|until) (?P<date>(?P<year>1\d{3}|20\d{2}))\b(?!,\d)"),
)
_RANGE_JOIN = re.compile(r"^\s*,?\s*(?:through|to|until|till|and|–|—|-)\s*$")
_SEASON = re.compile(r"\b(?P<season>spring|summer|autumn|winter)\s*(?:of\s*)?$", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    date: DateValue
    in_range: bool = False

    @property
    def qualifier(self) -> str | None:
        return self.date.qualifier


def _year(raw: str, era: str | None) -> int:
    """Astronomical year (1 BC = 0), as in XSD 1.1 and Wikidata."""
    n = int(raw)
    return 1 - n if era in ("BC", "BCE") else n


def find_dates(text: str, default_year: int | None = None) -> list[DateMention]:
    """Every date in `text`, leftmost-longest, with qualifiers and range marks."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for form in _FORMS:
        for m in form.finditer(text):
            start, end = m.span("date") if "date" in form.groupindex else m.span()
            if any(s < end and start < e for s, e in taken):
                continue
            g = m.groupdict()
            if g.get("year"):
                year = _year(g["year"], g.get("era"))
            elif default_year is not None:
                year = default_year
            else:
                continue
            month = MONTHS[g["month"]] if g.get("month") else None
            day = int(g["day"]) if g.get("day") else None
            if day is not None and not _valid(year, month, day):
                continue
            found.append(DateMention(start, end, DateValue(year, month, day, _qualifier(text[:start]))))
            taken.append((start, end))
    found.sort(key=lambda d: d.start)
    return _mark_ranges(text, found)


def _valid(year: int, month: int | None, day: int) -> bool:
    try:
        dt.date(max(year, 1), month or 1, day)
    except ValueError:
        return False
    return True


def _qualifier(before: str) -> str | None:
    for code, pattern in vocab.patterns("date_qualifiers"):
        if re.search(f"(?:{pattern.pattern})\\s*$", before, re.IGNORECASE):
            return code
    season = _SEASON.search(before)
    return season.group("season").lower() if season else None


# `between 26 and 30 August 1914`, `from 17 to 25 September 1944`, `between July and November 1938`:
# the start is a bare day or month that borrows the rest from the end
_BARE_START = re.compile(rf"\b(?:between|from)\s+(?:\d{{1,2}}(?:st|nd|rd|th)?|{_MONTH})\s*(?:and|to|through|until|till|–|—|-)\s*$")


def _mark_ranges(text: str, mentions: list[DateMention]) -> list[DateMention]:
    out = [replace(m, in_range=True) if _BARE_START.search(text[:m.start]) else m for m in mentions]
    for i in range(len(out) - 1):
        if _RANGE_JOIN.match(text[out[i].end:out[i + 1].start]):
            out[i] = replace(out[i], in_range=True)
            out[i + 1] = replace(out[i + 1], in_range=True)
    return out


@dataclass(frozen=True)
class Connective:
    """An undated sentence's explicit link to the previous dated one."""

    days: int
    qualifier: str  # a code, "-" (none) or "=" (keep the source's)
    pattern: str  # the regex that found it


def find_connective(text: str) -> Connective | None:
    for row in vocab.rows("temporal"):
        if re.search(row[0], text, re.IGNORECASE):
            return Connective(int(row[1]), row[2], row[0])
    return None


def shift(date: DateValue, connective: Connective) -> DateValue | None:
    """The date a connective points to; None where the source is too coarse to add days."""
    qualifier = date.qualifier if connective.qualifier == "=" else (None if connective.qualifier == "-" else connective.qualifier)
    if connective.days == 0:
        return replace(date, qualifier=qualifier)
    if date.day is None or date.month is None or date.year < 1:
        return None
    moved = dt.date(date.year, date.month, date.day) + dt.timedelta(days=connective.days)
    return DateValue(moved.year, moved.month, moved.day, qualifier)
