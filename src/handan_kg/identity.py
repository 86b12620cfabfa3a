"""Cross-article identity of people: one name, one IRI, unless the context says otherwise.

IRIs are minted from names (`person/zhang-han`), which is what makes the Liu Bocheng of
three 1940s campaigns one node. Two people who share a name across centuries must stay
apart: when an article's conflict starts more than `ERA_WINDOW` years from every conflict
in which an earlier article placed that name, its person gets the next free IRI
(`person/zhang-han-2`). Articles are resolved in input order, so the choice is
deterministic and the same for any number of workers.

Renaming touches an article's rendered graph only when a homonym is found: the person
IRI is replaced in its N-Triples, the reified statements about it re-named (their IRIs
hash the triple), and Turtle and JSON-LD re-rendered. It works on N-Triples lines, not
an rdflib graph, because it runs in the merging process, where every millisecond is
paid once per article for the whole corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from rdflib.namespace import RDF

from handan_kg.article_build import ArticleResult
from handan_kg.rdf import HKG, statement_iri
from handan_kg.serialize import ALL_FORMATS, ntriples_term, render_ntriples
from handan_kg.serialize import NTRIPLES_LINE as _TRIPLE

_REIFIED = tuple(f"<{p}>".encode() for p in (RDF.subject, RDF.predicate, RDF.object))

ERA_WINDOW = 80  # years between two conflicts' starts within which one name is one person


@dataclass
class _Identity:
    iri: str
    eras: set[int] = field(default_factory=set)  # distinct years: a common name recurs in thousands of articles


class PersonIdentities:
    """Keeps, per person IRI minted from a name, the people it has been resolved to."""

    def __init__(self, base: str, formats: frozenset[str] = frozenset(ALL_FORMATS)) -> None:
        self.base = base
        self.formats = formats  # the renderings to redo for a renamed article
        self._person = re.compile(rf"^<({re.escape(base)}id/person/[^>]+)> <{re.escape(str(RDF.type))}> <{re.escape(str(HKG.Person))}> \.$".encode())
        self._marker = f"<{HKG.Person}> .".encode()  # cheap test before the pattern
        self._known: dict[str, list[_Identity]] = {}
        self.split: list[tuple[str, str, str]] = []  # (article, minted IRI, resolved IRI)

    def resolve(self, result: ArticleResult) -> ArticleResult:
        """The result with homonymous people renamed (the same object when nothing changes)."""
        renames: dict[str, str] = {}
        for line in result.ntriples.splitlines():
            m = self._person.match(line) if self._marker in line else None
            if m:
                minted = m.group(1).decode("utf-8")
                resolved = self._assign(minted, result.era)
                if resolved != minted:
                    renames[minted] = resolved
                    self.split.append((result.slug, minted, resolved))
        return self._rename(result, renames) if renames else result

    def _assign(self, minted: str, era: int | None) -> str:
        identities = self._known.setdefault(minted, [])
        if not identities:
            identities.append(_Identity(minted))
        if era is None:
            return identities[0].iri
        for identity in identities:
            if not identity.eras or any(abs(era - e) <= ERA_WINDOW for e in identity.eras):
                identity.eras.add(era)
                return identity.iri
        identity = _Identity(f"{minted}-{len(identities) + 1}", {era})
        identities.append(identity)
        return identity.iri

    def _rename(self, result: ArticleResult, renames: dict[str, str]) -> ArticleResult:
        """Rename people in the article's N-Triples, term by term, and re-render it."""
        from handan_kg.crosscheck import relevant_lines

        mapping = {f"<{a}>".encode(): f"<{b}>".encode() for a, b in renames.items()}
        triples = [m.groups() for m in map(_TRIPLE.match, result.ntriples.splitlines()) if m]
        parts: dict[bytes, dict[bytes, bytes]] = {}  # statement -> rdf:subject/predicate/object
        for s, p, o in triples:
            if p in _REIFIED:
                parts.setdefault(s, {})[p] = o
        for statement, spo in parts.items():
            s, p, o = (spo.get(k, b"") for k in _REIFIED)
            if s in mapping or o in mapping:
                s, o = mapping.get(s, s), mapping.get(o, o)
                new = statement_iri(self.base, ntriples_term(s), ntriples_term(p), ntriples_term(o))
                mapping[statement] = f"<{new}>".encode()
        lines = {b"%s %s %s ." % (mapping.get(s, s), p, mapping.get(o, o)) for s, p, o in triples}
        nt = b"\n".join(sorted(lines)) + b"\n"
        turtle, jsonld = render_ntriples(nt, self.base, self.formats)
        return replace(result, ntriples=nt, turtle_body=turtle, jsonld_chunk=jsonld, cross_lines=relevant_lines(nt, self.base))
