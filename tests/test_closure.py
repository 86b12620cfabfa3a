"""`handan_kg.closure`: the one subClassOf / subPropertyOf closure helper (chain, diamond, cycle)."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import URIRef

from handan_kg.closure import ancestors, strict_ancestors


def test_chain() -> None:
    got = ancestors([("a", "b"), ("b", "c")])
    assert got == {"a": frozenset("abc"), "b": frozenset("bc"), "c": frozenset("c")}
    assert list(got) == ["a", "b", "c"]  # order of first appearance
    assert strict_ancestors([("a", "b"), ("b", "c")]) == {"a": frozenset("bc"), "b": frozenset("c")}


def test_diamond() -> None:
    pairs = [("d", "b"), ("d", "c"), ("b", "a"), ("c", "a")]
    got = ancestors(pairs)
    assert got["d"] == frozenset("abcd")
    assert got["b"] == frozenset("ab") and got["c"] == frozenset("ac") and got["a"] == frozenset("a")
    assert strict_ancestors(pairs)["d"] == frozenset("abc")


def test_cycle() -> None:
    pairs = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "top")]
    got = ancestors(pairs)
    assert got["a"] == got["b"] == got["c"] == frozenset({"a", "b", "c", "top"})
    assert got["top"] == frozenset({"top"})
    strict = strict_ancestors(pairs)
    assert "a" in strict["a"]  # on a cycle, a node is its own strict ancestor (subClassOf+)
    assert "top" not in strict


def test_deterministic_and_generic_over_terms() -> None:
    pairs = [(URIRef("urn:x"), URIRef("urn:y")), (URIRef("urn:y"), URIRef("urn:z"))]
    assert ancestors(pairs) == ancestors(list(pairs))
    assert list(ancestors(reversed(pairs))) == [URIRef("urn:y"), URIRef("urn:z"), URIRef("urn:x")]
    x, y = ox.NamedNode("urn:x"), ox.NamedNode("urn:y")
    assert ancestors([(x, y)])[x] == frozenset({x, y})
    assert ancestors([]) == {}
