"""Which side of the conflict a word like `KMT` or `Communist` in the prose stands for.

Sides are numbered per article (Combatant1, Combatant2, ...). The prose names parties
instead (`the KMT 40th Army`, `Communist commander Liu Bocheng`). A party (a row group of
vocab/narrative/sides.json) is bound to a side when the side's label or members contain one
of its aliases, or when an alias stands right before a commander the infobox lists on
exactly one side (`Kuomintang troops led by Yan Xishan`). Words naming a side in the infobox
(`Qin` of `Qin dynasty`) also count. An unbound alias gives no side: precision first.
"""

from __future__ import annotations

import re
from collections import defaultdict

from handan_kg.extract import vocab
from handan_kg.extract.vocab import load
from handan_kg.facts import ArticleFacts
from handan_kg.parse.article import Article

_LINK = r"(?:'s)?(?:\s+(?:" + "|".join(map(re.escape, load("belligerents")["alias_links"])) + r"))+\s+"


class SideResolver:
    """Maps alias words found in prose to side indexes."""

    def __init__(self, article: Article, facts: ArticleFacts) -> None:
        self.sides = {s.index: s for s in facts.sides}
        aliases: dict[str, str] = {row[1]: row[0] for row in vocab.rows("sides")}
        party_side: dict[str, set[int]] = defaultdict(set)
        for side in facts.sides:
            blob = " ".join([side.label] + [m for m, _ in side.members])
            for alias, party in aliases.items():
                if re.search(rf"\b{re.escape(alias)}\b", blob):
                    party_side[party].add(side.index)
        single = _single_side_commanders(facts)
        for sentence in article.sentences:
            text = sentence.span.text
            for alias, party in aliases.items():
                if alias not in text:  # cheap test first: the pattern below is built per pair
                    continue
                for name, index in single.items():
                    if name in text and re.search(rf"\b{re.escape(alias)}{_LINK}{re.escape(name)}\b", text):
                        party_side[party].add(index)
        self.alias_side: dict[str, int] = {}
        for alias, party in aliases.items():
            if len(party_side.get(party, ())) == 1:
                self.alias_side[alias] = next(iter(party_side[party]))
        # The first word of a side's own label (`Qin` of `Qin dynasty`) names it too.
        for side in facts.sides:
            first = re.match(r"[A-Z][\w'-]+", side.label)
            if first and all(first.group() not in s.label for s in facts.sides if s.index != side.index):
                self.alias_side.setdefault(first.group(), side.index)
        ordered = sorted(self.alias_side, key=len, reverse=True)
        self.pattern = re.compile(r"\b(?:" + "|".join(re.escape(a) for a in ordered) + r")\b") if ordered else None

    def side_of(self, word: str | None) -> int | None:
        return self.alias_side.get(word) if word else None

    def mentions(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, side index) of every bound alias in `text`."""
        if not self.pattern:
            return []
        return [(m.start(), m.end(), self.alias_side[m.group()]) for m in self.pattern.finditer(text)]

    def other(self, index: int | None) -> int | None:
        """The opposing side where there are exactly two."""
        if index is None or len(self.sides) != 2:
            return None
        rest = [i for i in self.sides if i != index]
        return rest[0] if len(rest) == 1 else None

    def label(self, index: int) -> str:
        return self.sides[index].label


def _single_side_commanders(facts: ArticleFacts) -> dict[str, int]:
    sides: dict[str, set[int]] = defaultdict(set)
    for c in facts.commanders:
        sides[c.person].add(c.side)
    return {name: next(iter(s)) for name, s in sides.items() if len(s) == 1}
