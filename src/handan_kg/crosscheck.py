"""The cross-article pass: what only shows when articles meet in one dataset.

Each article is validated on its own (in the worker); this pass sees all of them as they
stream by, cheaply, from their N-Triples lines. It counts distinct entities by class,
finds entities that several articles share (one IRI, as intended), and finds
single-valued facts (a conflict's start or end date, result, an entity's English label)
that two articles state differently. Such a disagreement is not an error: both
statements stay, each with its evidence, and the pass adds an `hkg:Disagreement` node
naming the two reified statements, in a named graph of its own.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from handan_kg.rdf import HKG, statement_iri
from handan_kg.serialize import NTRIPLES_LINE as _TRIPLE, ntriples_term, render

_SINGLE_VALUED = {
    f"<{HKG.startDate}>".encode(),
    f"<{HKG.endDate}>".encode(),
    f"<{HKG.result}>".encode(),
    f"<{RDFS.label}>".encode(),
}
_TYPE = f"<{RDF.type}>".encode()
_TYPED = b" " + _TYPE + b" "
_HKG = f"<{HKG}".encode()


_SHARED_KINDS = ("conflict", "person", "place", "unit", "group")


def relevant_lines(ntriples: bytes, base: str) -> bytes:
    """The lines the cross-article pass reads (typing in the hkg vocabulary, and single-valued
    facts of shared entities), picked out where the article is built so the merging process
    reads few. Two regular expressions over the whole buffer, not a loop over its lines."""
    typed, valued = _line_patterns(base)
    return b"\n".join(sorted(set(typed.findall(ntriples)) | set(valued.findall(ntriples))))


@lru_cache(maxsize=4)
def _line_patterns(base: str) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    kinds = b"|".join(re.escape(f"<{base}id/{kind}/".encode()) for kind in _SHARED_KINDS)
    single = b"|".join(re.escape(p) for p in sorted(_SINGLE_VALUED))
    typed = re.compile(rb"^<[^>]*>" + re.escape(_TYPED) + re.escape(_HKG) + rb"[^>]*> \.$", re.M)
    valued = re.compile(rb"^(?:" + kinds + rb")[^>]*> (?:" + single + rb") .*$", re.M)
    return typed, valued


class CrossCheck:
    """Accumulates per-article lines; `finish` renders the disagreements found."""

    def __init__(self, base: str) -> None:
        self.base = base
        self._entity_prefix = f"<{base}id/".encode()
        self._shared_kinds = tuple(f"<{base}id/{kind}/".encode() for kind in _SHARED_KINDS)
        self._classes: dict[bytes, set[bytes]] = defaultdict(set)
        self._articles_of: dict[bytes, set[str]] = defaultdict(set)
        self._values: dict[tuple[bytes, bytes], dict[bytes, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._disagreements = 0

    def add(self, result: "object") -> None:
        slug = result.slug
        for line in result.cross_lines.splitlines():
            m = _TRIPLE.match(line)
            if not m:
                continue
            s, p, o = m.groups()
            shared = s.startswith(self._shared_kinds)
            if p == _TYPE and o.startswith(_HKG):
                # 8-byte digests, not IRIs: a corpus has millions of typed nodes
                self._classes[o].add(hashlib.blake2b(s, digest_size=8).digest())
                if shared:
                    self._articles_of[s].add(slug)
            elif shared and p in _SINGLE_VALUED:
                self._values[(s, p)][o].add(slug)

    def finish(self) -> tuple[bytes, bytes, bytes] | None:
        """(N-Triples, Turtle body, JSON-LD chunk) of the disagreement graph, or None."""
        graph = Graph()
        for (s, p), values in sorted(self._values.items()):
            if len(values) < 2 or len(set().union(*values.values())) < 2:
                continue  # one value, or one article stating two (the narrative pass records that)
            subject, predicate = ntriples_term(s), ntriples_term(p)
            objects = [ntriples_term(o) for o in sorted(values)]
            key = hashlib.sha1(s + p).hexdigest()[:16]
            node = URIRef(f"{self.base}id/disagreement/cross-article-{key}")
            graph.add((node, RDF.type, HKG.Disagreement))
            graph.add((node, HKG.disagreementKind, Literal("cross-article")))
            graph.add((node, RDFS.label, Literal(f"Articles disagree on {predicate.split('#')[-1].split('/')[-1]} of {subject.split('/')[-1]}", lang="en")))
            for obj in objects:
                graph.add((node, HKG.disagreesWith, statement_iri(self.base, subject, predicate, obj)))
            self._disagreements += 1
        if not len(graph):
            return None
        return render(graph, self.base)

    def summary(self) -> dict:
        shared = sum(1 for articles in self._articles_of.values() if len(articles) > 1)
        return {
            "entities_by_class": {o.decode()[1:-1].split("#")[-1]: len(s) for o, s in sorted(self._classes.items())},
            "shared_entities": shared,
            "disagreements": self._disagreements,
        }
