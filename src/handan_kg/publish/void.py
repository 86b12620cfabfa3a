"""The VoID description (`/.well-known/void`): what the dataset holds and where to get it.

Counts are computed from the published triples themselves, never copied from the
manifest, so they stay right when links or a rebased IRI space change the data.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Protocol

import pyoxigraph as ox

from handan_kg.namespaces import DCT, FOAF, FORMATS, RDF, SD, VOID, WD, XSD
from handan_kg.publish.data import (
    RDF_TYPE,
    SAME_AS_PREDICATES,
    Data,
    Published,
    is_wikidata,
)
from handan_kg.publish.iris import ONTOLOGY_NS, IriMap


class Site(Protocol):
    """What a VoID description reads of a site (`pages.Site`): its data, IRI map and
    entities, where it is served and whether it answers queries. A protocol, so that this
    module needs not import the pages that import it."""

    pub: Published
    data: Data
    map: IriMap
    site_url: str
    dynamic: bool

    @property
    def entities(self) -> Mapping[str, str]: ...


XSD_INT = ox.NamedNode(XSD + "integer")
WIKIDATA = WD
CC_BY_SA = "https://creativecommons.org/licenses/by-sa/4.0/"


def counts(site: Site) -> dict:
    """Triples, entities (IRIs under `{base}id/` that are subjects), classes, properties, links.

    One pass over the triples, holding only the distinct nodes: on a store the triples are
    streamed from disk, not held."""
    id_prefix = site.map.id_prefix
    total = 0
    subjects: set = set()
    objects: set = set()
    properties: Counter = Counter()
    entities_by_class: dict[str, set] = {}
    links: Counter = Counter()
    for t in site.data:
        total += 1
        p, o = t.predicate.value, t.object
        subjects.add(t.subject)
        objects.add(o)
        properties[p] += 1
        if p == RDF_TYPE and isinstance(o, ox.NamedNode):
            entities_by_class.setdefault(o.value, set()).add(t.subject)
        if p in SAME_AS_PREDICATES and isinstance(o, ox.NamedNode) and is_wikidata(o.value):
            links[p] += 1
    return {
        "triples": total,
        "entities": sum(1 for s in subjects if isinstance(s, ox.NamedNode) and s.value.startswith(id_prefix)),
        "distinct_subjects": len(subjects),
        "distinct_objects": len(objects),
        "classes": {c: len(entities_by_class[c]) for c in sorted(entities_by_class)},
        "properties": dict(sorted(properties.items())),
        "links": dict(sorted(links.items())),
    }


def describe(site: Site) -> bytes:
    """VoID in Turtle, every node named (no blank nodes) under the VoID document's IRI."""
    doc = site.pub.base + ".well-known/void"
    ds = ox.NamedNode(doc + "#dataset")
    c = counts(site)
    out: list[ox.Triple] = []

    def add(s, p: str, o) -> None:
        out.append(ox.Triple(s, ox.NamedNode(p), o))

    def num(n: int) -> ox.Literal:
        return ox.Literal(str(n), datatype=XSD_INT)

    add(ds, RDF_TYPE, ox.NamedNode(VOID + "Dataset"))
    add(ds, DCT + "title", ox.Literal(f"handan-kg dataset {site.pub.name}", language="en"))
    add(ds, DCT + "description", ox.Literal("A military-history knowledge graph extracted from Wikipedia articles, every fact linked to the sentence it came from.", language="en"))
    add(ds, DCT + "license", ox.NamedNode(CC_BY_SA))
    for src in site.pub.sources:
        add(ds, DCT + "source", ox.NamedNode(src))
    add(ds, FOAF + "homepage", ox.NamedNode(site.site_url))
    add(ds, VOID + "uriSpace", ox.Literal(site.map.id_prefix))
    add(ds, VOID + "vocabulary", ox.NamedNode(ONTOLOGY_NS))
    add(ds, VOID + "triples", num(c["triples"]))
    add(ds, VOID + "entities", num(c["entities"]))
    add(ds, VOID + "classes", num(len(c["classes"])))
    add(ds, VOID + "properties", num(len(c["properties"])))
    add(ds, VOID + "distinctSubjects", num(c["distinct_subjects"]))
    add(ds, VOID + "distinctObjects", num(c["distinct_objects"]))
    for name in sorted(site.pub.downloads):
        add(ds, VOID + "dataDump", ox.NamedNode(site.site_url + "download/" + name))
    if site.dynamic:
        add(ds, VOID + "sparqlEndpoint", ox.NamedNode(site.site_url + "sparql"))
    conflicts = sorted(k for k in site.entities if k.startswith("conflict/"))
    if conflicts:
        add(ds, VOID + "exampleResource", ox.NamedNode(site.map.entity_iri(conflicts[0])))
    for cls, n in c["classes"].items():
        part = ox.NamedNode(f"{doc}#class-{_frag(cls)}")
        add(ds, VOID + "classPartition", part)
        add(part, VOID + "class", ox.NamedNode(cls))
        add(part, VOID + "entities", num(n))
    for prop, n in c["properties"].items():
        part = ox.NamedNode(f"{doc}#property-{_frag(prop)}")
        add(ds, VOID + "propertyPartition", part)
        add(part, VOID + "property", ox.NamedNode(prop))
        add(part, VOID + "triples", num(n))
    wikidata = ox.NamedNode(doc + "#wikidata")
    add(wikidata, RDF_TYPE, ox.NamedNode(VOID + "Dataset"))
    add(wikidata, FOAF + "homepage", ox.NamedNode("https://www.wikidata.org/"))
    add(wikidata, VOID + "uriSpace", ox.Literal(WIKIDATA))
    for pred, n in c["links"].items():
        ls = ox.NamedNode(f"{doc}#links-{_frag(pred)}")
        add(ds, VOID + "subset", ls)
        add(ls, RDF_TYPE, ox.NamedNode(VOID + "Linkset"))
        add(ls, VOID + "subjectsTarget", ds)
        add(ls, VOID + "objectsTarget", wikidata)
        add(ls, VOID + "linkPredicate", ox.NamedNode(pred))
        add(ls, VOID + "triples", num(n))
    prefixes = {"void": VOID, "dct": DCT, "foaf": FOAF, "rdf": RDF, "xsd": XSD, "hkg": ONTOLOGY_NS}
    return _turtle(out, prefixes)


RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle", "JSON-LD", "N-Triples", "RDF_XML")


def service_description(site: Site) -> bytes:
    """SPARQL 1.1 Service Description of /sparql, for a GET without a query."""
    endpoint = ox.NamedNode(site.site_url + "sparql")
    dataset = ox.NamedNode(site.pub.base + ".well-known/void#dataset")
    out = [ox.Triple(endpoint, ox.NamedNode(RDF_TYPE), ox.NamedNode(SD + "Service"))]
    out.append(ox.Triple(endpoint, ox.NamedNode(SD + "endpoint"), endpoint))
    out.append(ox.Triple(endpoint, ox.NamedNode(SD + "supportedLanguage"), ox.NamedNode(SD + "SPARQL11Query")))
    out += [ox.Triple(endpoint, ox.NamedNode(SD + "resultFormat"), ox.NamedNode(FORMATS + f)) for f in RESULT_FORMATS]
    out.append(ox.Triple(endpoint, ox.NamedNode(SD + "defaultDataset"), dataset))
    out.append(ox.Triple(dataset, ox.NamedNode(RDF_TYPE), ox.NamedNode(SD + "Dataset")))
    return _turtle(out, {"sd": SD, "formats": FORMATS})


def _turtle(triples: list[ox.Triple], prefixes: dict[str, str]) -> bytes:
    data = ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    if data is None:  # pyoxigraph returns None only when given an output to write to
        raise TypeError("pyoxigraph.serialize returned no bytes")
    return data


def _frag(iri: str) -> str:
    """A readable fragment for a partition node: `…/core#exactMatch` -> `core-exactMatch`."""
    tail = re.split(r"/", iri.rstrip("/#"))[-1]
    return re.sub(r"[^A-Za-z0-9_-]+", "-", tail)
