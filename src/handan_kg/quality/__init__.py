"""Measuring the extraction: `handan-kg eval` against hand-written gold (`evaluate`) and the
development set of real articles nobody tuned for (`devset`). Imports `extract`, `rdf` and below
(not `corpus` or `store`, its siblings); nothing imports it but `commands.evaluate`, which prints
the scores.
"""
