"""Other conflicts and operations the prose names, linked to this one.

`the American Operation Beleaguer` is a related conflict; `after the end of World War II`
makes the war a predecessor, and so does `During the Shangdang Campaign, ...` in a strategy
or prelude section, which narrates what came before. The article's own
names and its part-of conflicts are not related conflicts. Patterns: vocab/narrative.
"""

from __future__ import annotations

import re

from handan_kg.extract import vocab
from handan_kg.extract.context import Context, Mention, evidence_of, narrative_sentences
from handan_kg.extract.events import is_background
from handan_kg.facts import RelatedConflict


def _own_names(ctx: Context) -> set[str]:
    c = ctx.facts.conflict
    names = {c.name, ctx.facts.title} | {n.text for n, _ in c.names}
    return {re.sub(r"^the ", "", n, flags=re.IGNORECASE).lower() for n in names}


def _part_of(ctx: Context) -> list[str]:
    return [p.lower() for p, _ in ctx.facts.conflict.part_of]


def conflict_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of conflict names, leading function words stripped."""
    lead = vocab.row_words("conflict_names", "lead")
    generic = vocab.row_words("conflict_names", "generic")
    found: list[tuple[int, int, str]] = []
    for code in ("of", "operation", "head"):
        for m in re.finditer(vocab.alternation("conflict_names", code), text):
            start, name = m.start(), m.group()
            words = name.split()
            while words and words[0] in lead:
                start += len(words[0]) + 1
                words.pop(0)
            name = " ".join(words)
            if code == "head" and all(w in generic for w in words[:-1]):
                continue
            if name and all(e <= start or m.end() <= s for s, e, _ in found):
                found.append((start, start + len(name), name))
    return sorted(found)


# `codenamed Operation Stalemate II`, `is known in the Nationalist government as the Battle of
# Liaoshi`, `the abbreviation of Liaoning-Shenyang Campaign`: a name of this conflict; `part of a larger offensive campaign known as Operation
# Forager`: a whole it belongs to
_NAMED_OR_WHOLE = re.compile(r"(?:\bcode-?\s?named|\b(?:abbreviation|short) (?:of|for)|\bknown\b[^.,;]{0,50}?\bas|\breferred to as|\bpart of\b[^.,;]{0,60}?)\s+(?:the\s+)?$",
                             re.IGNORECASE)
# `was fought during the Second World War`: the war it happened in (in a background section,
# `During the X, ...` narrates what came before: a predecessor, see the vocabulary)
_DURING = re.compile(r"\bduring\s+(?:the\s+)?$", re.IGNORECASE)


_LIST_GAP = re.compile(r"(?:,\s*|,?\s+and\s+)(?:the\s+)?")


def extract_related(ctx: Context) -> list[RelatedConflict]:
    """Conflicts the prose names that are neither this one nor its wholes, each with the relation its cue gives."""
    own, part_of = _own_names(ctx), _part_of(ctx)
    seen: set[tuple[str, str]] = set()
    found: list[RelatedConflict] = []
    for index, sentence in narrative_sentences(ctx.article):
        text, base = sentence.span.text, sentence.span.start
        listed: tuple[int, str] | None = None  # end and relation of the conflict named just before, in a list
        for start, end, name in conflict_spans(text):
            ctx.mention(index, Mention("conflict", name, base + start, base + end))
            if name.lower() in own or name.lower() in ctx.facts.title.lower() or any(name.lower() in p for p in part_of):
                continue
            background = is_background(ctx.article, sentence.section)
            if _NAMED_OR_WHOLE.search(text[:start]) or (not background and _DURING.search(text[:start])):
                continue  # another name of this conflict, or a whole it is part of or happened during: not a related conflict
            relation = next((row[0] for row in vocab.rows("related_conflicts") if _cue(row, text, start, end, background)), "related-to")
            if listed and _LIST_GAP.fullmatch(text[listed[0]:start]):
                relation = listed[1]  # `after its victories at the Battle of Osan and the Battle of Pyongtaek`: the cue covers both
            listed = (end, relation)
            if (name, relation) not in seen:
                seen.add((name, relation))
                found.append(RelatedConflict(name, relation, evidence_of(sentence)))
    preceding = {r.name for r in found if r.relation == "preceded-by"}
    return [r for r in found if r.relation != "related-to" or r.name not in preceding]


def _cue(row: tuple[str, ...], text: str, start: int, end: int, background: bool) -> bool:
    """Whether a related_conflicts.json row's cue stands around the name at [start, end)."""
    flag = row[2] if len(row) > 2 else ""
    if flag == "background" and not background:
        return False
    return bool(re.search(row[1], text[end:] if flag == "after" else text[:start], re.IGNORECASE))
