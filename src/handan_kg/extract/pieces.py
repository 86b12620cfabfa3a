"""Offset-keeping string pieces: every cleaned fragment of an infobox value remembers
where it sits in the article, so facts can quote their exact source span."""

from __future__ import annotations

import re
from dataclasses import dataclass

from handan_kg.facts import ArticleFacts, Evidence, Issue, RawValue
from handan_kg.parse.article import Span


@dataclass(frozen=True)
class Piece:
    """`text == source[start:end]` where offsets are absolute article offsets."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, span: Span) -> Piece:
        return cls(span.start, span.end, span.text).strip()

    def sub(self, start: int, end: int) -> Piece:
        """The piece for `self.text[start:end]`, stripped of surrounding blanks."""
        return Piece(self.start + start, self.start + end, self.text[start:end]).strip()

    def strip(self, chars: str | None = None) -> Piece:
        left = len(self.text) - len(self.text.lstrip(chars))
        right = len(self.text.rstrip(chars))
        if right <= left:
            return Piece(self.start + left, self.start + left, "")
        return Piece(self.start + left, self.start + right, self.text[left:right])

    def split(self, pattern: str | re.Pattern[str]) -> list[Piece]:
        """Split on a regex, keeping non-empty stripped parts with their offsets."""
        out, pos = [], 0
        for m in re.finditer(pattern, self.text):
            out.append(self.sub(pos, m.start()))
            pos = m.end()
        out.append(self.sub(pos, len(self.text)))
        return [p for p in out if p.text]

    def evidence(self) -> Evidence:
        return Evidence(self.start, self.end, self.text)


def without_full_stop(piece: Piece) -> Piece:
    """`..., Pakistan.`, `..., and Napoleonic Wars.`: a value ending as a sentence does, without
    the full stop (an abbreviation keeps its own: `D.C.`)."""
    stop = re.search(r"(?<=[a-z]{3})\.$", piece.text)
    return piece.sub(0, stop.start()) if stop else piece


def balanced_split(piece: Piece, pattern: str) -> list[Piece]:
    """Split on `pattern` only outside parentheses and brackets (`Syracuse (218–215 BC), Others`)."""
    out, pos, depth = [], 0, 0
    regex = re.compile(pattern)
    i = 0
    text = piece.text
    while i < len(text):
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:
            m = regex.match(text, i)
            if m and m.end() > i:
                out.append(piece.sub(pos, i))
                pos = i = m.end()
                continue
        i += 1
    out.append(piece.sub(pos, len(text)))
    return [p for p in out if p.text]


def keep_raw(facts: ArticleFacts, key: str, piece: Piece, reason: str, line: int | None, side: int | None = None) -> None:
    """Keep a value that cannot be read with confidence as its raw text (a literal with its
    evidence in the graph) and report it (coverage.json): precision first, nothing guessed."""
    if re.search(r"\w", piece.text):
        facts.raw_values.append(RawValue(key, piece.text, piece.evidence(), side))
    facts.issues.append(Issue("unparsed-value", f"{reason}: {piece.text!r}", line, key))
