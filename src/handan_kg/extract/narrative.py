"""Narrative extraction: what the prose says beyond the infobox.

`extract_narrative(article, facts)` returns the `ArticleFacts` built from the infobox by the
other extractors (a copy: the one given is left as it is) with what the prose adds: units
(order of battle), people and their roles, places, dated events, defections, captures,
related conflicts and disagreements. Every fact carries the
sentences it came from. The steps run in an order where each can use what the earlier
ones found: units and conflict names first (so a place or person is never read inside
them), then people (so a glossed name after a role is a person), then places, then the
dated events that refer to all of them.

The steps that produce facts (related conflicts, events, defections, captures,
disagreements) return their records and this driver adds them, each taking what it reads
as arguments (`events_outside_conflict(article, conflict, events)`); the one state the
steps share is `Context`'s registry of entity records and the mentions per sentence, which
is what lets a later step ask which units or places a sentence names.
"""

from __future__ import annotations

import copy

from handan_kg.extract import disagreements, events, locations, people, related, units
from handan_kg.extract.context import Context, add_name, same_person
from handan_kg.extract.parties import SideResolver
from handan_kg.facts import ArticleFacts, Name, Person, Place, Unit, add_support
from handan_kg.parse.article import Article


def extract_narrative(article: Article, facts: ArticleFacts) -> ArticleFacts:
    """`facts` (not changed) with the narrative facts of `article` added."""
    facts = copy.deepcopy(facts)
    ctx = Context(article, facts, SideResolver(article, facts))
    units.order_of_battle(ctx)
    units.extract_units(ctx)
    facts.related.extend(related.extract_related(ctx))
    state = people.PeopleState()
    people.extract_roles(ctx, state)
    locations.extract_zh_names(ctx)
    locations.extract_places(ctx)
    locations.mention_known_places(ctx)
    units.prose_deployments(ctx)
    people.mention_known_people(ctx)
    people.resolve_placeholders(ctx, state)
    segments = events.dated_segments(ctx)
    facts.events.extend(events.extract_events(ctx, segments))
    dates = events.sentence_dates(segments)
    facts.defections.extend(people.extract_defections(ctx, dates))
    facts.captures.extend(people.extract_captures(ctx, dates))
    facts.disagreements.extend(disagreements.commanders_on_both_sides(facts.commanders))
    facts.disagreements.extend(disagreements.events_outside_conflict(article, facts.conflict, facts.events))
    facts.disagreements.extend(disagreements.figures_against_infobox(article, ctx.sides, facts.strengths))
    _one_name_per_person(ctx)
    _publish(ctx)
    return facts


def _one_name_per_person(ctx: Context) -> None:
    """An infobox commander and a prose person named with and without a middle name or initial
    are one person, under the infobox's name (the infobox is where a commander is stated)."""
    for c in ctx.facts.commanders:
        for name, person in list(ctx.people.items()):
            if name != c.person and same_person(c.person, name):
                for r in ctx.facts.roles:
                    if r.person == name:
                        r.person = c.person
                del ctx.people[name]
                add_name(person.names, Name(name))  # `George Patton` in the prose: the quote names him so
                person.name = c.person
                ctx.people.setdefault(c.person, person)


def _publish(ctx: Context) -> None:
    """Move the merged entities into the facts, merging with records already there."""
    for attr, found in (("units", ctx.units), ("places", ctx.places), ("people", ctx.people)):
        existing = {x.name: x for x in getattr(ctx.facts, attr)}
        for name, record in found.items():
            if name in existing:
                _merge_into(existing[name], record)
            else:
                getattr(ctx.facts, attr).append(record)


def _merge_into(old: Unit | Place | Person, new: Unit | Place | Person) -> None:
    """What the prose adds to a record the infobox already made (`34th Infantry Regiment` in
    Units1, then `34th Infantry Regiment, 24th Infantry Division` in the prose): mentions,
    names, and the statements the infobox record lacks, each with the spans that state it."""
    old.evidence.extend(ev for ev in new.evidence if ev not in old.evidence)
    old.evidence.sort()
    old.names.extend(n for n in new.names if n not in old.names)
    if isinstance(old, (Unit, Person)) and isinstance(new, (Unit, Person)) and old.side is None:
        old.side = new.side
    if isinstance(old, Unit) and isinstance(new, Unit):
        if old.parent is None and new.parent is not None:
            old.parent = new.parent
        old.deployed_at.extend(p for p in new.deployed_at if p not in old.deployed_at)
    if isinstance(old, Place) and isinstance(new, Place):
        old.located_in.extend(p for p in new.located_in if p not in old.located_in)
    if isinstance(old, (Unit, Place)) and isinstance(new, (Unit, Place)):
        for (relation, obj), spans in new.support.items():
            if relation != "parent" or getattr(old, "parent", None) == obj:
                add_support(old.support, relation, obj, *spans)

