"""Measuring the extraction: `handan-kg eval` against hand-written gold (`evaluate`) and the
development set of real articles nobody tuned for (`devset`). Imports `corpus`, `extract`, `rdf`,
`validate` and below; nothing imports it but the CLI.
"""
