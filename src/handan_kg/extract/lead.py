"""The lead: alternative names of the conflict, its dates when the infobox has none, and
its kind when its name holds no kind word.

The first lead sentence names the subject; later lead sentences count only when their
subject is the conflict (`The war is also referred to as ...`, `It lasted from ...`), so
aliases and dates of other things in the lead (`The Pingxingguan Ambush ... fought on`)
are not taken.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from handan_kg.extract.dates import MONTHS, DateError, parse_range
from handan_kg.extract.names import lead_names
from handan_kg.extract.pieces import Piece
from handan_kg.extract.vocab import first_match, load
from handan_kg.facts import Conflict, DateValue, Evidence, Issue, Name
from handan_kg.parse.article import Article

_MONTH = "|".join(sorted((m for m in MONTHS if len(m) > 3 or m == "may"), key=len, reverse=True))
# A year as prose writes it: `1938`, `66 BC`, `31 BCE`.
_YEAR_TEXT = r"(?:\d{1,4}\s*(?:BC|BCE)\b|\d{3,4}(?:\s*(?:AD|CE)\b)?)"
# A date as prose writes it: `20 August 1940`, `8 January, 1676`, `August 13`, `November 26, 1937`,
# `August 8–9, 1942`, `8–9 August 1942`, `late December 1845`, `mid-January 1846`; the parser
# reads the day range and the qualifier.
_QUALIFIER = r"(?:(?:early|mid|late)[\s-]+)?"
_DAYS = r"\d{1,2}(?:\s*[–—-]\s*\d{1,2})?"
_DATE = (rf"(?:{_QUALIFIER}(?:{_DAYS}\s+(?:{_MONTH})(?:,?\s+{_YEAR_TEXT})?|(?:{_MONTH})\s+{_DAYS}(?!\d)(?:,?\s+{_YEAR_TEXT})?"
         rf"|(?:{_MONTH})\s+{_YEAR_TEXT}))")
_DAY_DATE = rf"(?:\d{{1,2}}\s+(?:{_MONTH}),?\s+{_YEAR_TEXT}|(?:{_MONTH})\s+\d{{1,2}},\s+{_YEAR_TEXT})"
_SPANS = (
    # `from 4 to 8 May 1942`, `from March to June 1915`: the start borrows from the end
    re.compile(rf"\bfrom\s+(?P<a>{_DATE}|(?:{_MONTH})|\d{{1,2}}),?\s+(?:to|until|through|till)\s+(?P<b>{_DATE})", re.IGNORECASE),
    # `between July and November 1938`, `between 26 and 30 August 1914`: the start borrows from the end
    re.compile(rf"\b(?:fought|took place|occurred|lasted)\s+between\s+(?P<a>{_DATE}|(?:{_MONTH})|\d{{1,2}})\s+and\s+(?P<b>{_DATE})",
               re.IGNORECASE),
    re.compile(rf"\b(?:fought|took place|occurred)\s+on\s+(?P<a>{_DATE})", re.IGNORECASE),
)
# `The Battle of X (Korean: ..., 22–25 April 1951), ...`: the dates in the subject's parenthesis
_PAREN = re.compile(rf"\((?:[^()]*?[;,]\s+)?(?P<a>{_DATE}|\d{{1,2}}|(?:{_MONTH}))(?:\s*[–—-]\s*(?P<b>{_DATE}))?\)", re.IGNORECASE)
# `..., a naval engagement between X and Y on 2 September 31 BC, ...`: one full date in the first sentence.
_ON_DAY = re.compile(rf"\bon\s+(?:\w+day,?\s+)?(?P<a>{_DAY_DATE})", re.IGNORECASE)


# `... a military campaign ... in early 1938 during ...`: one year in the first sentence.
_YEAR = re.compile(rf"\bin\s+(?P<a>(?:(?:early|mid|late)[\s-]+)?{_YEAR_TEXT})(?![,–-]?\s*\d|\s+(?:and|or|&)\s+\d)")  # not `in 1274 and 1281`
# `... took place in 213–212 BC`: one range of years in the first sentence (the era written once, at its end).
_YEARS = re.compile(rf"\bin\s+(?P<a>\d{{1,4}})\s*[–—-]\s*(?P<b>{_YEAR_TEXT})(?![,–-]?\s*\d)")


def _about_conflict(article: Article, conflict: Conflict) -> Iterator[Piece]:
    """Lead sentences whose subject is the conflict: the first, and `The <kind|name>`/`It ...`."""
    subject = re.compile(
        rf"^(?:(?:The|This)\s+(?:{re.escape(conflict.kind)}|{re.escape(conflict.name)})\b|It\s)", re.IGNORECASE)
    for i, sentence in enumerate(s for s in article.sentences if s.section == -1):
        piece = Piece.of(sentence.span)
        if i == 0 or subject.match(piece.text):
            yield piece


def lead_aliases(article: Article, conflict: Conflict) -> list[tuple[Name, Evidence]]:
    """The conflict's other names in the lead sentences about it, not already known."""
    known = {n for n, _ in conflict.names}
    out = []
    for piece in _about_conflict(article, conflict):
        for name, span in lead_names(piece, conflict.name):
            if name.text.lower() == conflict.name.lower() or name in known:
                continue
            known.add(name)
            out.append((name, span.evidence()))
    return out


# `27–28 August 663 (of the Lunar calendar; ...)`: a date in a calendar the XSD date is not in.
_OTHER_CALENDAR = re.compile(r"\s*\((?:(?:of|in)\s+the\s+)?(?!gregorian|julian|new style|old style)[\w-]+\s+calendar",
                             re.IGNORECASE)

LeadDates = tuple[tuple[DateValue, Evidence], tuple[DateValue, Evidence] | None, Issue]
# `... that started on 23 May 2017`: the date a conflict began, not its end
_BEGAN = re.compile(r"\b(?:started|began|begun|commenced|beginning|starting|launched)\s+$", re.IGNORECASE)


def lead_dates(article: Article, conflict: Conflict) -> LeadDates | None:
    """Start and end from the lead (`It lasted from August 13 to November 26, 1937`), with the
    warning that says so, only when the infobox gave none; the first sentence about the
    conflict that states them wins."""
    if conflict.start is not None:
        return None
    for i, piece in enumerate(_about_conflict(article, conflict)):
        years = list(_YEAR.finditer(piece.text)) if i == 0 else []
        ranges = list(_YEARS.finditer(piece.text)) if i == 0 else []
        days = list(_ON_DAY.finditer(piece.text)) if i == 0 else []
        parens = list(_PAREN.finditer(piece.text)) if i == 0 else []
        patterns = [*_SPANS, *([_PAREN] if len(parens) == 1 else []), *([_ON_DAY] if len(days) == 1 else []),
                    *([_YEAR] if len(years) == 1 else []), *([_YEARS] if len(ranges) == 1 and not years else [])]
        for pattern in patterns:
            m = pattern.search(piece.text)
            if not m or _OTHER_CALENDAR.match(piece.text, m.end()):
                continue
            text = m["a"] + (f" – {m['b']}" if "b" in m.groupdict() and m["b"] else "")
            try:
                start, end = parse_range(text)
            except DateError:
                continue
            span = piece.sub(m.start("a"), m.end("b") if m.groupdict().get("b") else m.end("a"))
            began = pattern is _ON_DAY and _BEGAN.search(piece.text[: m.start()])
            return ((start, span.evidence()), None if began else (end, span.evidence()),
                    Issue("warning", f"no infobox date: dates read from the lead ({span.text!r})"))
    return None


def lead_kind(article: Article, conflict: Conflict) -> tuple[str, Evidence] | None:
    """The kind the first lead sentence defines (`Case Black ... was a joint attack by the
    Axis` -> operation, `... were the decisive engagements of` -> battle), only when the name gave none: its definition noun, after up to
    four adjectives, with the words that state it as evidence."""
    if first_match(load("conflict_kinds")["order"], conflict.name):
        return None  # `Warsaw Uprising`: the name says what it is
    first = next(_about_conflict(article, conflict), None)
    if first is None:
        return None
    nouns = load("conflict_kinds")["lead_nouns"]
    alternatives = "|".join(re.escape(noun) for noun, _ in nouns)
    m = re.search(rf"\b(?:(?:was|is)\s+(?:a|an|the)|were(?:\s+the)?)\s+(?:[\w'-]+\s+){{0,4}}?(?P<noun>{alternatives})s?\b",
                  first.text)
    if not m or re.search(r"\b(?:of|by|in|on|at|between|during|and)\b", first.text[m.start():m.start("noun")]):
        return None
    kind = dict(map(tuple, nouns))[m["noun"]]
    return kind, first.sub(m.start(), m.end()).evidence()
