"""Records -> RDF: IRI minting and the mapping of an article's facts to an rdflib graph (`mapping`),
with the terms of the one namespace table (`handan_kg.namespaces`). The only package that knows the
ontology's terms. Imports `parse` (slugs), `facts`, `namespaces` and `write` (prefixes) only.
"""
