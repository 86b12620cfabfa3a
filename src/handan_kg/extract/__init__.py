"""Article -> `ArticleFacts`: a short composition of small extractors.

Each extractor takes the parsed article and the records it needs, passed explicitly, and
returns its own records without changing what it was given: the conflict keys give a
`Conflict`; the infobox reader completes a copy of it (`InfoboxRecords`); the sides reader
reads the per-side fields and that conflict's Result (`SideRecords`); the lead readers give
names, dates and a kind; the narrative returns the facts so far with what the prose adds.
This driver alone assembles them, so no step depends on another having written first.

Why each step is guarded: the extractors meet articles nobody has read. A bug that one
unusual sentence triggers in one extractor must cost that extractor's facts, not the
article: the step's records are left out, the failure becomes an `Issue` (listed in
`coverage.json` and the build summary), and the other steps still run on what they need.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from handan_kg.extract.infobox import InfoboxRecords, read_conflict, read_infobox
from handan_kg.extract.lead import LeadDates, lead_aliases, lead_dates, lead_kind
from handan_kg.extract.narrative import extract_narrative
from handan_kg.extract.sides import SideRecords, read_sides
from handan_kg.facts import ArticleFacts, Conflict, Evidence, Issue, Name
from handan_kg.parse.article import Article

T = TypeVar("T")


def extract(article: Article, source_url: str | None) -> ArticleFacts:
    """All facts of one article, each with its evidence; problems go to `facts.issues`."""
    failures: list[Issue] = []

    def guarded(step: str, run: Callable[[], T], instead: T) -> T:
        try:
            return run()
        except Exception as exc:  # noqa: BLE001 -- see the module docstring
            failures.append(_failure(step, exc))
            return instead

    conflict = guarded("conflict keys", lambda: read_conflict(article), Conflict(article.title.text, "conflict", []))
    infobox = guarded("infobox keys", lambda: read_infobox(article, conflict), InfoboxRecords(conflict, [], [], [], {}))
    sides = guarded("sides", lambda: read_sides(article, infobox.fields, infobox.conflict),
                    SideRecords([], [], [], [], [], [], []))
    names: list[tuple[Name, Evidence]] = guarded("lead names", lambda: lead_aliases(article, infobox.conflict), [])
    named = replace(infobox.conflict, names=[*infobox.conflict.names, *names])  # the lead's sentences about it, by any name
    dates: LeadDates | None = guarded("lead dates", lambda: lead_dates(article, named), None)
    kind: tuple[str, Evidence] | None = guarded("lead kind", lambda: lead_kind(article, named), None)
    issues = [*_unfinished(article), *infobox.issues, *sides.issues, *([dates[2]] if dates else []), *failures]
    facts = _assemble(article, source_url, _completed(named, dates, kind), infobox, sides, issues)
    narrated = guarded("narrative", lambda: extract_narrative(article, facts), None)
    return narrated if narrated is not None else replace(facts, issues=[*facts.issues, *failures[-1:]])


def _unfinished(article: Article) -> list[Issue]:
    if article.unfinished is None:
        return []
    return [Issue("warning", f"the last sentence has no end mark and was not read (is the file cut?): "
                             f"{article.unfinished.text[-60:]!r}")]


def _completed(conflict: Conflict, dates: LeadDates | None, kind: tuple[str, Evidence] | None) -> Conflict:
    """`conflict` with the dates and the kind the lead gives (each only when the infobox gave none)."""
    if dates is not None:
        conflict = replace(conflict, start=dates[0], end=dates[1])
    if kind is not None:
        conflict = replace(conflict, kind=kind[0], evidence=[*conflict.evidence, kind[1]])
    return conflict


def _assemble(article: Article, source_url: str | None, conflict: Conflict, infobox: InfoboxRecords,
              sides: SideRecords, issues: list[Issue]) -> ArticleFacts:
    """The records of the infobox and lead readers as one `ArticleFacts`."""
    return ArticleFacts(article.slug, article.title.text, source_url, conflict=conflict, sides=sides.sides,
                        commanders=sides.commanders, strengths=sides.strengths, casualties=sides.casualties,
                        units=sides.units, places=list(infobox.places),
                        raw_values=[*infobox.raw_values, *sides.raw_values], issues=issues)


def _failure(step: str, exc: Exception) -> Issue:
    return Issue(kind="extractor-failed", message=f"the {step} extractor failed ({type(exc).__name__}: {exc}); its facts are left out")
