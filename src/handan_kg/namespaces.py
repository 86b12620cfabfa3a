"""The one namespace table: every vocabulary the project writes or reads, by prefix.

Written once here so that the data files, the embedded queries, the published pages and
the Wikidata client agree on every IRI (a module that needs one imports it, never spells it).
"""

from __future__ import annotations

ONTOLOGY = "https://w3id.org/handan-kg/ontology"
HKG = ONTOLOGY + "#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
VOID = "http://rdfs.org/ns/void#"
FOAF = "http://xmlns.com/foaf/0.1/"
SH = "http://www.w3.org/ns/shacl#"
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"

#: the prefixes of every data file (Turtle, TriG, JSON-LD context), besides the dataset's own
PREFIXES: dict[str, str] = {
    "hkg": HKG, "oa": OA, "prov": PROV, "schema": SCHEMA, "skos": SKOS, "dct": DCT, "owl": OWL,
    "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "wd": WD,
}

#: the prefixes Wikidata-style endpoints predefine (its `schema:` is http, not https)
WIKIDATA_PREFIXES: dict[str, str] = {
    "wd": WD, "wdt": WDT,
    "wds": "http://www.wikidata.org/entity/statement/",
    "wdv": "http://www.wikidata.org/value/",
    "wdref": "http://www.wikidata.org/reference/",
    "p": "http://www.wikidata.org/prop/",
    "ps": "http://www.wikidata.org/prop/statement/",
    "psv": "http://www.wikidata.org/prop/statement/value/",
    "pq": "http://www.wikidata.org/prop/qualifier/",
    "pqv": "http://www.wikidata.org/prop/qualifier/value/",
    "pr": "http://www.wikidata.org/prop/reference/",
    "wikibase": "http://wikiba.se/ontology#",
    "bd": "http://www.bigdata.com/rdf#",
    "schema": "http://schema.org/",
    "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "skos": SKOS, "prov": PROV,
}

#: other vocabularies a page may show as prefixed names (`sem:Event`) when a term has no page
OTHER_PREFIXES: dict[str, str] = {
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "dbo": "http://dbpedia.org/ontology/",
    "crm": "http://www.cidoc-crm.org/cidoc-crm/",
    "void": VOID,
    "foaf": FOAF,
}
