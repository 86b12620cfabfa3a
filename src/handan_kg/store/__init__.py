"""Reading a built dataset: the embedded store and the query library (`query`), the guard every
query passes (`guard`), the total deadline of remote work (`deadline`), loading into a triplestore
by the Graph Store Protocol (`load`), a built dataset as an rdflib graph (`graph`) and its validation
(`validation`). Imports `validate`, `write` and below (not `corpus` or `quality`, its siblings).
"""
