"""Article -> `ArticleFacts`: a short composition of small extractors.

Each extractor reads one concern (conflict keys, sides, lead names, the narrative) and appends to the
same `ArticleFacts`; adding an extractor is one line here.
"""

from __future__ import annotations

from handan_kg.article import Article
from handan_kg.extract.infobox import classify, read_conflict
from handan_kg.extract.lead import read_lead_dates, read_lead_names
from handan_kg.extract.narrative import extract_narrative
from handan_kg.extract.sides import read_sides
from handan_kg.facts import ArticleFacts


def extract(article: Article, source_url: str | None) -> ArticleFacts:
    """All facts of one article, each with its evidence; problems go to `facts.issues`."""
    facts = ArticleFacts(article.slug, article.title.text, source_url, conflict=read_conflict(article))
    numbered = classify(article, facts)
    read_sides(article, numbered, facts)
    read_lead_names(article, facts)
    read_lead_dates(article, facts)
    extract_narrative(article, facts)
    return facts
