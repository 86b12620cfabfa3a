"""An inline SVG timeline of a conflict's events: no scripts, no fonts, no external files.

Events are dots on a time axis scaled by date; each gets its own labelled row below the
axis (joined to its dot by a leader line) so labels never overlap however close the dates.
Dates are XSD literals of any precision, BCE included (`-0259` is 260 BC in XSD 1.1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

_DATE = re.compile(r"(-?\d{4,})(?:-(\d{2}))?(?:-(\d{2}))?")

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

WIDTH = 480
MARGIN = 16
AXIS_Y = 28
ROW = 22
MAX_LABEL = 56  # characters; longer labels are cut so rows stay inside the figure
CHAR_WIDTH = 7.5  # a generous average advance at the 13px the stylesheet sets


@dataclass(frozen=True)
class Point:
    when: str  # the date as written in the data
    label: str
    href: str | None


def date_position(value: str) -> float | None:
    """A date literal as a fractional year (`1945-10-22` -> 1945.80...); None if unparsable."""
    m = _DATE.match(value)
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2) or 1)
    day = int(m.group(3) or 1)
    return year + (month - 1) / 12 + (day - 1) / 365


def display_date(value: str) -> str:
    """A date as a reader writes it: `1945-10-22` -> `22 Oct 1945`, `1945-10` -> `Oct 1945`;
    XSD 1.1 years before the era, `-0259` -> `260 BC` (year 0 is 1 BC). Unparsable: as written."""
    m = _DATE.fullmatch(value)
    if not m:
        return value
    number = int(m.group(1))
    year = f"{1 - number} BC" if m.group(1).startswith("-") else str(number)
    month = int(m.group(2)) if m.group(2) else 0
    if not 1 <= month <= 12:
        return year
    day = f"{int(m.group(3))} " if m.group(3) else ""
    return f"{day}{_MONTHS[month - 1]} {year}"


def _place(cx: float, width: float) -> tuple[str, float]:
    """Where a row's label goes: right of its dot, else left of it, else as near as fits."""
    if cx + 6 + width <= WIDTH - MARGIN:
        return "start", round(cx + 6, 1)
    if cx - 6 - width >= MARGIN:
        return "end", round(cx - 6, 1)
    return "start", round(max(MARGIN, WIDTH - MARGIN - width), 1)


def svg(points: list[Point], title: str) -> str:
    """The timeline figure as an `<svg>` element string (escaped, safe to inline)."""
    dated = [(x, p) for p in points if (x := date_position(p.when)) is not None]
    if not dated:
        return ""
    lo = min(x for x, _ in dated)
    hi = max(x for x, _ in dated)
    span = (hi - lo) or 1.0
    inner = WIDTH - 2 * MARGIN

    def xpos(x: float) -> float:
        return round(MARGIN + (x - lo) / span * inner, 1)

    height = AXIS_Y + ROW * (len(dated) + 1)
    parts = [
        f'<svg class="timeline" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="tl-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="tl-title">{escape(title)}</title>',
        f'<line class="axis" x1="{MARGIN}" y1="{AXIS_Y}" x2="{WIDTH - MARGIN}" y2="{AXIS_Y}"/>',
        f'<text class="tick" x="{MARGIN}" y="{AXIS_Y - 10}">{escape(display_date(dated[0][1].when))}</text>',
        f'<text class="tick" x="{WIDTH - MARGIN}" y="{AXIS_Y - 10}" text-anchor="end">{escape(display_date(max(dated, key=lambda d: d[0])[1].when))}</text>',
    ]
    marks: list[str] = []
    labels: list[str] = []
    for row, (x, p) in enumerate(dated, start=1):
        cx = xpos(x)
        y = AXIS_Y + ROW * row
        label = f"{display_date(p.when)}: {p.label}"
        if len(label) > MAX_LABEL:
            label = label[: MAX_LABEL - 1] + "…"
        anchor, tx = _place(cx, len(label) * CHAR_WIDTH)
        label = escape(label)
        text = f'<text x="{tx}" y="{y + 4}" text-anchor="{anchor}">{label}</text>'
        if p.href:
            text = f'<a href="{escape(p.href)}">{text}</a>'
        marks += [
            f'<line class="leader" x1="{cx}" y1="{AXIS_Y}" x2="{cx}" y2="{y}"/>',
            f'<circle cx="{cx}" cy="{AXIS_Y}" r="4"/>',
        ]
        labels.append(text)
    parts += marks + labels  # labels last, so no later leader line is drawn across them
    parts.append("</svg>")
    return "\n".join(parts)
