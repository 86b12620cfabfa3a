"""Records -> RDF: the one namespace table (`namespaces`), IRI minting and the mapping of an article's
facts to an rdflib graph (`mapping`). The only package that knows the ontology's terms. Imports
`parse`, `facts`, `extract` (slugs) and `write` (prefixes) only.
"""
