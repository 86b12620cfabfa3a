"""Linking the graph to Wikidata: trustworthy owl:sameAs / skos:exactMatch links.

Precision first: a wrong link is worse than none. `run.link_dataset` reads a built
dataset, asks (or replays from the cache) a Wikidata-shaped SPARQL endpoint for
candidates, scores them (`score`), applies the curated overrides, and writes
`links.ttl` + `links-review.csv`. See docs/linking.md.
"""
