"""HTTP content negotiation: pick the best offered media type for an `Accept` header.

Follows RFC 9110 section 12.5.1: q-values, `type/*` and `*/*` ranges, the most specific
range wins for a type; ties go to the server's order of preference. Defensive against
absurd headers: only the first `MAX_RANGES` ranges are read, malformed ones are skipped.
"""

from __future__ import annotations

MAX_RANGES = 64


def parse_accept(header: str | None) -> list[tuple[str, str, float]]:
    """`text/html;q=0.9, */*;q=0.1` -> [("text", "html", 0.9), ("*", "*", 0.1)]."""
    if header is None or not header.strip():
        return [("*", "*", 1.0)]
    ranges = []
    for part in header.split(",")[:MAX_RANGES]:
        fields = [f.strip() for f in part.split(";")]
        kind, _, sub = fields[0].lower().partition("/")
        if not kind or not sub or " " in kind or " " in sub:
            continue
        q = 1.0
        bad = False
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    bad = True
                if not 0.0 <= q <= 1.0:
                    bad = True
        if not bad:
            ranges.append((kind, sub, q))
    return ranges


def quality(ranges: list[tuple[str, str, float]], media: str) -> float:
    """The q-value the client gives `media`: from its most specific matching range, else 0."""
    kind, _, sub = media.partition("/")
    best: tuple[int, float] = (-1, 0.0)
    for rk, rs, q in ranges:
        if rk == kind and rs == sub:
            spec = 2
        elif rk == kind and rs == "*":
            spec = 1
        elif rk == "*" and rs == "*":
            spec = 0
        else:
            continue
        if spec > best[0]:
            best = (spec, q)
    return best[1]


def choose(header: str | None, offered: list[str]) -> str | None:
    """The offered media type the client prefers most (q > 0); server order breaks ties."""
    ranges = parse_accept(header)
    best, best_q = None, 0.0
    for media in offered:
        q = quality(ranges, media)
        if q > best_q:
            best, best_q = media, q
    return best


def prefers_html(header: str | None) -> bool:
    """Is this a browser? It names `text/html` itself and ranks it above plain text.

    `*/*` (curl, scripts) does not count: machines get plain-text errors, not pages.
    """
    ranges = parse_accept(header)
    named = any(k == "text" and s == "html" and q > 0 for k, s, q in ranges)
    return named and quality(ranges, "text/html") >= quality(ranges, "text/plain")
