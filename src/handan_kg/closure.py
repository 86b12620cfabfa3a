"""The one transitive-closure helper for rdfs:subClassOf / rdfs:subPropertyOf hierarchies.

Why: the validator (rdflib terms), the published pages (IRI strings over pyoxigraph), the query
store's RDFS entailment (pyoxigraph terms) and the linker (hkg local names) all need "every
class / property above this one". Each used to walk the hierarchy its own way; one pure
function keeps the answer (reflexive, cycle-safe, deterministic) the same everywhere, whatever
the node type. It imports nothing of the project, so every layer may use it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def ancestors(pairs: Iterable[tuple[K, K]]) -> dict[K, frozenset[K]]:
    """Each node's reflexive-transitive ancestors over the `(child, parent)` edges `pairs`.

    Every node named in `pairs`, as child or as parent, is a key, and its set holds the node
    itself and everything reachable upward (`rdfs:subClassOf*`). Cycles are safe: the nodes of
    a cycle share one set. Keys come in order of first appearance in `pairs`, so the result
    is deterministic for a given input order. A node's strict ancestors (`subClassOf+`) are
    the union of its parents' sets (see `strict_ancestors`), which includes the node itself
    only when it lies on a cycle.
    """
    parents: dict[K, list[K]] = {}
    for child, parent in pairs:
        parents.setdefault(child, [])
        parents.setdefault(parent, [])
        if parent not in parents[child]:
            parents[child].append(parent)
    out: dict[K, frozenset[K]] = {}
    for start in parents:
        seen = {start}
        todo = [start]
        while todo:
            for parent in parents[todo.pop()]:
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        out[start] = frozenset(seen)
    return out


def strict_ancestors(pairs: Iterable[tuple[K, K]]) -> dict[K, frozenset[K]]:
    """Each child's transitive (non-reflexive) ancestors over `pairs` (`rdfs:subClassOf+`).

    Only nodes that have a parent are keys; a node is its own strict ancestor only on a cycle.
    """
    edges = list(pairs)
    closed = ancestors(edges)
    parents: dict[K, set[K]] = {}
    for child, parent in edges:
        parents.setdefault(child, set()).add(parent)
    return {child: frozenset(a for p in ps for a in closed[p]) for child, ps in parents.items()}
