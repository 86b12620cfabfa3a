"""Atomic, deterministic writers: N-Triples, Turtle, TriG, N-Quads and JSON-LD (`serialize`, with the
JSON-LD compactor in `jsonld`) and the dataset's manifest (`manifest`). Imports `errors` and `resources`.
"""
