"""SHACL validation: the compiled engine (`engine`, with the SPARQL-constraint compiler in
`sparql_predicates`), pyshacl as the reference (`graph`), and validation of a whole built dataset
(`dataset`). Imports `rdf`, `write`, `errors` and `resources`.
"""
