"""The cross-article pass: what only shows when articles meet in one dataset.

Each article is validated on its own (in the worker); this pass sees all of them as they
stream by, cheaply, from a few triples each worker picks out of its article's graph
(`relevant_triples`): the typing in the hkg vocabulary and the single-valued facts (a
conflict's start or end date, result, an entity's English label) of entities that several
articles can share. It counts distinct entities by class, finds entities that several
articles share (one IRI, as intended), and finds single-valued facts that two articles
state differently. Such a disagreement is not an error: both statements stay, each with
its evidence, and the pass adds an `hkg:Disagreement` node naming the two reified
statements, in a named graph of its own.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from handan_kg.rdf.mapping import HKG, statement_iri
from handan_kg.write.serialize import render

_SINGLE_VALUED = frozenset({HKG.startDate, HKG.endDate, HKG.result, RDFS.label})
_SHARED_KINDS = ("conflict", "person", "place", "unit", "group")

Triple = tuple[URIRef, URIRef, Node]  # our subjects and predicates are IRIs: no blank nodes


def relevant_triples(graph: Graph, base: str) -> tuple[Triple, ...]:
    """The triples of one article's graph that the cross-article pass reads: typing in the
    hkg vocabulary, and the single-valued facts of entities articles can share. Picked
    where the article is built, so the merging process receives few."""
    shared = tuple(f"{base}id/{kind}/" for kind in _SHARED_KINDS)
    typed = ((s, p, o) for s, p, o in graph.triples((None, RDF.type, None)) if str(o).startswith(str(HKG)))
    valued = ((s, p, o) for p in _SINGLE_VALUED for s, _, o in graph.triples((None, p, None)) if str(s).startswith(shared))
    return tuple(sorted((URIRef(str(s)), URIRef(str(p)), o) for s, p, o in {*typed, *valued}))


class CrossCheck:
    """Accumulates per-article triples; `finish` renders the disagreements found."""

    def __init__(self, base: str) -> None:
        self.base = base
        self._shared_kinds = tuple(f"{base}id/{kind}/" for kind in _SHARED_KINDS)
        self._classes: dict[Node, set[bytes]] = defaultdict(set)
        self._articles_of: dict[URIRef, set[str]] = defaultdict(set)
        self._values: dict[tuple[URIRef, URIRef], dict[Node, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._disagreements = 0

    def add(self, slug: str, triples: tuple[Triple, ...]) -> None:
        for s, p, o in triples:
            shared = str(s).startswith(self._shared_kinds)
            if p == RDF.type:
                # 8-byte digests, not IRIs: a corpus has millions of typed nodes
                self._classes[o].add(hashlib.blake2b(str(s).encode(), digest_size=8).digest())
                if shared:
                    self._articles_of[s].add(slug)
            elif shared and p in _SINGLE_VALUED:
                self._values[(s, p)][o].add(slug)

    def finish(self) -> tuple[bytes, bytes, bytes] | None:
        """(N-Triples, Turtle body, JSON-LD chunk) of the disagreement graph, or None."""
        graph = Graph()
        for (subject, predicate), values in sorted(self._values.items(), key=lambda item: (item[0][0].n3(), item[0][1].n3())):
            if len(values) < 2 or len(set().union(*values.values())) < 2:
                continue  # one value, or one article stating two (the narrative pass records that)
            key = hashlib.sha1(f"{subject.n3()}{predicate.n3()}".encode("utf-8")).hexdigest()[:16]
            node = URIRef(f"{self.base}id/disagreement/cross-article-{key}")
            graph.add((node, RDF.type, HKG.Disagreement))
            graph.add((node, HKG.disagreementKind, Literal("cross-article")))
            graph.add((node, RDFS.label, Literal(f"Articles disagree on {str(predicate).split('#')[-1].split('/')[-1]} of {str(subject).split('/')[-1]}", lang="en")))
            for obj in values:
                graph.add((node, HKG.disagreesWith, statement_iri(self.base, subject, predicate, obj)))
            self._disagreements += 1
        if not len(graph):
            return None
        return render(graph, self.base)

    def summary(self) -> dict:
        shared = sum(1 for articles in self._articles_of.values() if len(articles) > 1)
        return {
            "entities_by_class": {str(o).split("#")[-1]: len(s) for o, s in sorted(self._classes.items(), key=lambda i: str(i[0]))},
            "shared_entities": shared,
            "disagreements": self._disagreements,
        }
