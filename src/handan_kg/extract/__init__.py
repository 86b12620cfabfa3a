"""Article -> `ArticleFacts`: a short composition of small extractors.

Each extractor reads one concern (conflict keys, sides, lead names, the narrative) and appends to the
same `ArticleFacts`; adding an extractor is one line here.

Why each step is guarded: the extractors meet articles nobody has read. A bug that one
unusual sentence triggers in one extractor must cost that extractor's facts, not the
article: the step's changes are rolled back, the failure becomes an `Issue` (listed in
`coverage.json` and the build summary), and the other steps still run.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from handan_kg.extract.infobox import classify, read_conflict
from handan_kg.extract.lead import LeadDates, lead_aliases, lead_dates, lead_kind
from handan_kg.extract.narrative import extract_narrative
from handan_kg.extract.sides import read_sides
from handan_kg.facts import ArticleFacts, Conflict, Evidence, Issue
from handan_kg.parse.article import Article


def extract(article: Article, source_url: str | None) -> ArticleFacts:
    """All facts of one article, each with its evidence; problems go to `facts.issues`."""
    try:
        conflict = read_conflict(article)
    except Exception as exc:  # noqa: BLE001 -- see the module docstring
        conflict = Conflict(article.title.text, "conflict", [])
        failure: Issue | None = _failure("conflict keys", exc)
    else:
        failure = None
    facts = ArticleFacts(article.slug, article.title.text, source_url, conflict=conflict)
    if failure:
        facts.issues.append(failure)
    if article.unfinished is not None:
        facts.issues.append(Issue("warning", f"the last sentence has no end mark and was not read (is the file cut?): "
                                             f"{article.unfinished.text[-60:]!r}"))
    numbered: dict = {}

    def sides(f: ArticleFacts) -> None:
        numbered.update(classify(article, f))
        read_sides(article, numbered, f)

    steps: list[tuple[str, Callable[[ArticleFacts], object]]] = [
        ("sides", sides),
        ("lead names", lambda f: f.conflict.names.extend(lead_aliases(article, f.conflict))),
        ("lead dates", lambda f: _set_lead_dates(f, lead_dates(article, f.conflict))),
        ("lead kind", lambda f: _set_lead_kind(f, lead_kind(article, f.conflict))),
        ("narrative", lambda f: extract_narrative(article, f)),
    ]
    for name, step in steps:
        facts = _guarded(name, step, facts)
    return facts


def _set_lead_kind(facts: ArticleFacts, found: tuple[str, Evidence] | None) -> None:
    if found is not None:
        facts.conflict.kind, evidence = found
        facts.conflict.evidence.append(evidence)


def _set_lead_dates(facts: ArticleFacts, found: LeadDates | None) -> None:
    if found is not None:
        facts.conflict.start, facts.conflict.end, issue = found
        facts.issues.append(issue)


def _guarded(name: str, step: Callable[[ArticleFacts], object], facts: ArticleFacts) -> ArticleFacts:
    """Run one extractor on `facts`; if it fails, the facts as they were plus an Issue."""
    before = copy.deepcopy(facts)
    try:
        step(facts)
    except Exception as exc:  # noqa: BLE001 -- see the module docstring
        before.issues.append(_failure(name, exc))
        return before
    return facts


def _failure(step: str, exc: Exception) -> Issue:
    return Issue(kind="extractor-failed", message=f"the {step} extractor failed ({type(exc).__name__}: {exc}); its facts are left out")
