"""SHACL validation: the compiled engine (`engine`, with the SPARQL-constraint compiler in
`sparql_predicates`) and pyshacl as the reference, behind one `validate(graph)` (`graph`). A whole
built dataset is validated by `store.validation`. Imports `rdf`, `namespaces`, `errors` and `resources`.
"""
