"""Links as RDF (their own file and named graph) and the review CSV.

Each link is a triple `entity owl:sameAs wd:Q…` (people, places, conflicts) or
`entity skos:exactMatch wd:Q…` (units, sides, belligerents: a party or an army is not
the same thing as one side of one campaign, so identity is weaker), plus an `hkg:Link`
node that reifies it with its score, status, evidence features, the endpoint or file it
came from and the date the endpoint answered (from the cache, so reruns are
byte-identical). All IRIs are minted; there are no blank nodes.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from decimal import Decimal

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from handan_kg.link.entities import HKG, Entity
from handan_kg.link.score import Decision
from handan_kg.namespaces import WD

PREDICATE_OF_KIND = {"person": OWL.sameAs, "place": OWL.sameAs, "conflict": OWL.sameAs,
                     "unit": SKOS.exactMatch, "group": SKOS.exactMatch}
WDNS = Namespace(WD)


@dataclass(frozen=True)
class Link:
    entity: Entity
    qid: str
    status: str               # automatic | reviewed
    score: Decimal
    features: tuple[str, ...]
    date: str                 # YYYY-MM-DD: when the endpoint answered, or when a person reviewed
    source: str               # the endpoint URL, or the overrides file
    wikidata_label: str = ""  # the item's label, for people reading the review file

    @property
    def predicate(self) -> URIRef:
        return PREDICATE_OF_KIND[self.entity.kind]


def links_graph_iri(base: str, name: str) -> str:
    return f"{base}id/dataset/{name}/links"


def link_iri(base: str, s: str, p: str, o: str) -> URIRef:
    return URIRef(f"{base}id/link/{hashlib.sha1(f'{s} {p} {o}'.encode()).hexdigest()[:16]}")


def links_graph(links: list[Link], base: str, name: str, threshold: Decimal, margin: Decimal) -> Graph:
    graph = Graph()
    for prefix, ns in (("hkg", HKG), ("wd", WDNS), ("owl", OWL), ("skos", SKOS), ("prov", PROV), ("dct", DCTERMS)):
        graph.bind(prefix, ns)
    activity = URIRef(f"{base}id/activity/link-{name}")
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add((activity, RDFS.label, Literal(f"handan-kg link: Wikidata links of dataset {name}", lang="en")))
    graph.add((activity, PROV.used, URIRef(f"{base}id/dataset/{name}")))
    graph.add((activity, HKG.linkThreshold, Literal(threshold, datatype=XSD.decimal)))
    graph.add((activity, HKG.linkMargin, Literal(margin, datatype=XSD.decimal)))
    for link in links:
        s, p, o = URIRef(link.entity.iri), link.predicate, WDNS[link.qid]
        graph.add((s, p, o))
        node = link_iri(base, str(s), str(p), str(o))
        graph.add((node, RDF.type, HKG.Link))
        graph.add((node, RDF.subject, s))
        graph.add((node, RDF.predicate, p))
        graph.add((node, RDF.object, o))
        graph.add((node, HKG.linkScore, Literal(link.score, datatype=XSD.decimal)))
        graph.add((node, HKG.linkStatus, Literal(link.status)))
        for feature in link.features:
            graph.add((node, HKG.linkEvidence, Literal(feature)))
        graph.add((node, PROV.wasGeneratedBy, activity))
        graph.add((node, DCTERMS.date, Literal(link.date, datatype=XSD.date)))
        source = URIRef(link.source) if link.source.startswith(("http://", "https://")) else Literal(link.source)
        graph.add((node, DCTERMS.source, source))
        if isinstance(source, URIRef):
            graph.add((activity, PROV.used, source))
    return graph


REVIEW_COLUMNS = ("entity", "kind", "label", "decision", "qid", "wikidata_label", "score", "reason", "features")


def _candidate_rows(decision: Decision, link: Link | None, forbidden: set[tuple[str, str]], threshold: Decimal) -> list[list[str]]:
    e = decision.entity
    rows = []
    viable = [c for c in decision.candidates if c.veto is None]
    for c in decision.candidates:
        if link is not None and c.qid == link.qid:
            verdict, reason = ("accepted", "single clear winner") if link.status == "automatic" else ("reviewed", "confirmed in overrides")
        elif c.veto:
            verdict, reason = "rejected", c.veto
        elif decision.status == "ambiguous":
            verdict, reason = "ambiguous", f"runner-up within the margin of {viable[0].qid}" if c is not viable[0] else "no clear winner"
        elif link is not None and c.qid == decision.qid:
            verdict, reason = "overridden", f"the linker chose it; the reviewed link is {link.qid}"
        elif c.missing:
            verdict, reason = "rejected", "missing required evidence: " + ", ".join(c.missing)
        elif c.score < threshold:
            verdict, reason = "rejected", f"below threshold {threshold}"
        else:
            verdict, reason = "rejected", f"beaten by {decision.qid}"
        rows.append([e.key, e.kind, e.label, verdict, c.qid, c.label, str(c.score), reason, "; ".join(c.features)])
    for entity_key, qid in sorted(forbidden):
        if entity_key == e.key:
            rows.append([e.key, e.kind, e.label, "forbidden", qid, "", "", "forbidden in overrides", ""])
    if link is not None and all(c.qid != link.qid for c in decision.candidates):
        rows.append([e.key, e.kind, e.label, "reviewed", link.qid, link.wikidata_label, str(link.score), "confirmed in overrides", "; ".join(link.features)])
    if not rows:
        unresolved = {"not-looked-up": "not looked up (offline and not in the cache)", "no-candidates": "no candidate has this name"}
        rows.append([e.key, e.kind, e.label, "unresolved", "", "", "", unresolved.get(decision.status, decision.status), ""])
    return rows


def review_csv(decisions: list[Decision], links: dict[str, Link], forbidden: set[tuple[str, str]], threshold: Decimal) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REVIEW_COLUMNS)
    for decision in decisions:
        writer.writerows(_candidate_rows(decision, links.get(decision.entity.key), forbidden, threshold))
    return out.getvalue().encode("utf-8")
