"""Scoring candidates and deciding: precision first.

A candidate's score is the sum of the weights of the features it shows (in hundredths,
so sums are exact and output is byte-stable), capped at 1.00. Some evidence is a veto
rather than a weight: a type that is not compatible with our class, a person born after
(or dead before) the conflict, a conflict years away from ours, a unit that did not
exist then. A link is accepted only when the best candidate reaches the threshold, has
every feature its kind requires (a person needs context: a tie to another linked entity
of the dataset) and beats the runner-up by the margin. Everything else is left for
review. docs/linking.md explains the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from handan_kg.link.entities import Entity, class_parents, literal_year
from handan_kg.link.wikidata import CONTEXT_PROPS, Item, family

WEIGHTS: dict[str, int] = {          # hundredths of a point
    "name-label": 35,                 # a label equals one of our names
    "name-alias": 25,                 # an alias (skos:altLabel) equals one of our names
    "name-normalized": 15,            # equal after folding case/accents/punctuation or a generic word
    "name-both-languages": 5,         # the English and the Chinese name both match
    "sitelink": 15,                   # a Wikipedia article title equals one of our names
    "source-article": 30,             # its Wikipedia article is the article we built from
    "type": 25,                       # wdt:P31/wdt:P279* reaches a class compatible with ours
    "dates": 15,                      # its dates fit the years our entity is active in
    "context": 15,                    # per linked entity of the dataset it is tied to (at most 2)
}
MAX_CONTEXT = 2
# Evidence each kind must show besides the score: every group needs one of its features.
# Names of people and numbered units repeat across countries and centuries, so they need
# a tie to the dataset (context); a place or a party may instead be the item whose
# Wikipedia article has exactly our name.
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "person": (("type",), ("context",)),
    "unit": (("type",), ("context",)),
    "group": (("type",), ("context", "sitelink", "source-article")),
    "place": (("type",), ("context", "sitelink", "source-article")),
    "conflict": (("type",), ("dates", "context", "source-article")),
}
DEFAULT_THRESHOLD = Decimal("0.75")
DEFAULT_MARGIN = Decimal("0.15")
MIN_AGE = 14          # a person active in year Y was born in Y - 14 or earlier
CONFLICT_SLACK = 1    # a conflict's start may differ from ours by this many years and still count
CONFLICT_VETO_GAP = 5 # ... and is vetoed when its span is more than this many years from ours
POLITY = "Polity"  # the data/links/types.tsv row group of roots whose items are states


@dataclass(frozen=True)
class Scored:
    qid: str
    label: str
    score: Decimal
    features: tuple[str, ...]
    veto: str | None = None
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    entity: Entity
    status: str                # accepted | ambiguous | below-threshold | no-match | no-candidates | not-looked-up
    qid: str | None
    candidates: tuple[Scored, ...] = field(default=())

    @property
    def best(self) -> Scored | None:
        return next((c for c in self.candidates if c.qid == self.qid), None)


@dataclass(frozen=True)
class Context:
    """What scoring one candidate may look at besides the candidate itself."""

    type_roots: dict[str, tuple[str, ...]]    # hkg class -> compatible Wikidata roots, most specific first
    root_labels: dict[str, str]
    links: dict[str, str]                     # entity key -> accepted QID (other entities)
    items: dict[str, Item]                    # every candidate item seen, by QID
    sources: frozenset[str]                   # the dataset's source article URLs


def _years(item: Item, *props: str) -> list[int]:
    return sorted(y for p in props for v in item.values.get(p, ()) if (y := literal_year(v)) is not None)


def _name_features(entity: Entity, item: Item) -> list[str]:
    ours = {(text, family(lang)) for text, lang in entity.names}
    level, families, shown = 0, set(), ""
    for how, text, lang in sorted(item.names):
        fam = family(lang)
        exact = (text, fam) in ours
        rank = {"label": 3, "alias": 2}.get(how, 0) if exact else 1
        if exact and how in ("label", "alias"):
            families.add(fam)
        if rank > level:
            level, shown = rank, f'"{text}"@{lang}'
    out = []
    if level:
        out.append(f"{('', 'name-normalized', 'name-alias', 'name-label')[level]}: {shown}")
    if {"en", "zh"} <= families:
        out.append("name-both-languages: en, zh")
    return out


def _sitelink_features(entity: Entity, item: Item, sources: frozenset[str]) -> list[str]:
    if any(url in sources for url in item.sitelinks):
        return [f"source-article: {min(u for u in item.sitelinks if u in sources)}"]
    titles = item.sitelink_titles() & {text for text, _ in entity.names}
    return [f'sitelink: "{min(titles)}"'] if titles else []


def _roots_of(cls: str, rules: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The roots listed for `cls`, else for its nearest ancestor that has some (Campaign -> Conflict)."""
    parents = class_parents()
    while cls not in rules and cls in parents:
        cls = parents[cls]
    return rules.get(cls, ())


def _type_check(entity: Entity, item: Item, ctx: Context) -> tuple[list[str], str | None]:
    compatible = [root for c in entity.classes for root in _roots_of(c, ctx.type_roots)]
    hits = [root for root in compatible if root in item.roots]  # types.tsv order: the specific class first
    if hits:
        return [f"type: {hits[0]} {ctx.root_labels.get(hits[0], '')}".rstrip()], None
    seen = ", ".join(sorted(item.values.get("P31", ()))) or "no P31"
    return [], f"type: {seen} is not compatible with hkg:{'/'.join(entity.classes)}"


def _date_check(entity: Entity, item: Item, polity: bool) -> tuple[list[str], str | None]:
    if entity.years is None:
        return [], None
    start, end = entity.years
    if entity.kind == "person":
        born, died = _years(item, "P569"), _years(item, "P570")
        if born and born[0] > start - MIN_AGE:
            return [], f"dates: born {born[0]}, too late to be active in {start}"
        if died and died[-1] < start:
            return [], f"dates: died {died[-1]}, before {start}"
        return ([f"dates: born {born[0]}, active {start}"] if born else []), None
    if entity.kind == "conflict":
        begins = _years(item, "P580", "P585")
        if not begins:
            return [], None
        finish = max([begins[-1], *_years(item, "P582")])
        gap = max(begins[0] - end, start - finish, 0)
        if gap > CONFLICT_VETO_GAP:
            return [], f"dates: {begins[0]}..{finish}, {gap} years from our {start}..{end}"
        if abs(begins[0] - start) <= CONFLICT_SLACK:
            return [f"dates: starts {begins[0]}, ours {start}"], None
        return [], None
    if entity.kind in ("unit", "group") or polity:
        made, ended = _years(item, "P571"), _years(item, "P576")
        if made and made[0] > end + CONFLICT_SLACK:
            return [], f"dates: founded {made[0]}, after {end}"
        if ended and ended[-1] < start - CONFLICT_SLACK:
            return [], f"dates: dissolved {ended[-1]}, before {start}"
        return ([f"dates: exists {made[0] if made else '?'}..{ended[-1] if ended else ''} spanning {start}"] if made or ended else []), None
    return [], None


def _context_features(entity: Entity, item: Item, ctx: Context) -> list[str]:
    out = []
    for key, qid in sorted(ctx.links.items()):
        if key == entity.key or qid == item.qid:
            continue
        forward = [p for p in CONTEXT_PROPS if qid in item.values.get(p, ())]
        other = ctx.items.get(qid)
        backward = [p for p in CONTEXT_PROPS if other is not None and item.qid in other.values.get(p, ())]
        if forward:
            out.append(f"context: this {forward[0]} {qid} ({key})")
        elif backward:
            out.append(f"context: {qid} ({key}) {backward[0]} this")
    return out[:MAX_CONTEXT]


def score(entity: Entity, item: Item, ctx: Context) -> Scored:
    types, veto = _type_check(entity, item, ctx)
    dates, date_veto = _date_check(entity, item, bool(item.roots.intersection(ctx.type_roots.get(POLITY, ()))))
    features = [*_name_features(entity, item), *_sitelink_features(entity, item, ctx.sources), *types, *dates,
                *_context_features(entity, item, ctx)]
    total = sum(WEIGHTS[f.split(":", 1)[0]] for f in features)
    value = Decimal(min(total, 100)) / 100
    present = {f.split(":", 1)[0] for f in features}
    missing = tuple("/".join(group) for group in REQUIRED[entity.kind] if not present.intersection(group))
    return Scored(item.qid, item.display(), value.quantize(Decimal("0.01")), tuple(features), veto or date_veto, missing)


def decide(entity: Entity, items: dict[str, Item] | None, ctx: Context, threshold: Decimal, margin: Decimal) -> Decision:
    """Accept the single clear winner above the threshold, or say why not."""
    if items is None:
        return Decision(entity, "not-looked-up", None)
    if not items:
        return Decision(entity, "no-candidates", None)
    scored = sorted((score(entity, it, ctx) for it in items.values()), key=lambda s: (s.veto is not None, -s.score, int(s.qid[1:])))
    viable = [s for s in scored if s.veto is None]
    if not viable:
        return Decision(entity, "no-match", None, tuple(scored))
    top = viable[0]
    if top.score < threshold or top.missing:
        return Decision(entity, "below-threshold", None, tuple(scored))
    if len(viable) > 1 and top.score - viable[1].score < margin:
        return Decision(entity, "ambiguous", None, tuple(scored))
    return Decision(entity, "accepted", top.qid, tuple(scored))
