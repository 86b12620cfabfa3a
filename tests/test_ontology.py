"""The ontology: header, documentation of every term, alignments that make schema.org queries work."""

from __future__ import annotations

import json

from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.namespace import SKOS

from handan_kg.rdf import HKG, to_graph
from handan_kg.resources import CONTEXT_FILE, ONTOLOGY_FILE, SHAPES_DIR
from rdf_facts import handan

SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
ONTOLOGY = URIRef("https://w3id.org/handan-kg/ontology")
# External terms the data and shapes may use without an hkg declaration.
EXTERNAL = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": {"type", "subject", "predicate", "object", "langString", "Statement"},
    "http://www.w3.org/2000/01/rdf-schema#": {"label"},
    "http://www.w3.org/2004/02/skos/core#": {"prefLabel", "altLabel", "inScheme"},
    "http://www.w3.org/ns/prov#": {"wasDerivedFrom"},
    "http://www.w3.org/ns/oa#": {"hasSource", "hasSelector", "start", "end", "exact", "SpecificResource",
                                 "TextPositionSelector", "TextQuoteSelector"},
    "http://purl.org/dc/terms/": {"title", "source", "license"},
    "http://www.w3.org/2001/XMLSchema#": {"date", "gYear", "gYearMonth", "integer", "nonNegativeInteger", "boolean", "string"},
}


def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE)


def hkg_terms(graph: Graph) -> set[URIRef]:
    return {t for triple in graph for t in triple if isinstance(t, URIRef) and t.startswith(str(HKG))}


def declared(onto: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.Concept, SKOS.ConceptScheme)
    return {s for k in kinds for s in onto.subjects(RDF.type, k)}


def test_header_has_iri_version_and_metadata():
    g = ontology()
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in g
    assert g.value(ONTOLOGY, OWL.versionIRI) == URIRef("https://w3id.org/handan-kg/ontology/0.1.0")
    assert g.value(ONTOLOGY, OWL.versionInfo) is not None
    for p in ("title", "description", "license", "creator"):
        assert g.value(ONTOLOGY, URIRef("http://purl.org/dc/terms/" + p)) is not None, p


def test_every_class_and_property_has_english_label_comment_and_typing():
    g = ontology()
    terms = [t for t in declared(g) if t.startswith(str(HKG))]
    assert len(terms) > 100
    for term in terms:
        assert any(l.language == "en" for l in g.objects(term, RDFS.label)), term
        assert any(c.language == "en" for c in g.objects(term, RDFS.comment)), term
    for prop in g.subjects(RDF.type, OWL.ObjectProperty):
        assert g.value(prop, RDFS.range) is not None or g.value(prop, RDFS.domain) is not None, prop


def test_concept_schemes_carry_plain_codes():
    g = ontology()
    schemes = {"EventTypes": 20, "CasualtyCategories": 6, "UnitLevels": 13, "Roles": 5, "Fates": 4}
    for scheme, at_least in schemes.items():
        concepts = set(g.subjects(SKOS.inScheme, HKG[scheme]))
        assert len(concepts) >= at_least, scheme
        for c in concepts:
            code = str(g.value(c, SKOS.notation))
            assert str(c).endswith("-" + code)
    codes = {str(g.value(c, SKOS.notation)) for c in g.subjects(SKOS.inScheme, HKG.CasualtyCategories)}
    assert codes == {"killed", "wounded", "captured", "missing", "defected", "total"}


def test_wikidata_alignments_and_no_invented_belligerent_property():
    g = ontology()
    wd = "http://www.wikidata.org/entity/"
    for cls, q in ((HKG.War, "Q198"), (HKG.Battle, "Q178561"), (HKG.Campaign, "Q831663"), (HKG.Siege, "Q188055"),
                   (HKG.Operation, "Q645883"), (HKG.MilitaryUnit, "Q176799"), (HKG.Person, "Q5"), (HKG.River, "Q4022"),
                   (HKG.Village, "Q532"), (HKG.City, "Q515")):
        assert (cls, SKOS.exactMatch, URIRef(wd + q)) in g, cls
    for prop, p in ((HKG.startDate, "P580"), (HKG.endDate, "P582"), (HKG.partOf, "P361"), (HKG.place, "P276")):
        assert (prop, SKOS.exactMatch, URIRef(wd + p)) in g
    assert not any("belligerent" in str(o).lower() for o in g.objects(None, SKOS.exactMatch))


def test_every_term_used_in_data_and_shapes_is_declared():
    onto = ontology()
    known = declared(onto) | {ONTOLOGY}
    facts, article = handan()
    data = to_graph(facts, article, "https://w3id.org/handan-kg/")
    shapes = Graph()
    for path in SHAPES_DIR.glob("*.ttl"):
        shapes.parse(path)
    for graph, name in ((data, "data"), (shapes, "shapes")):
        missing = hkg_terms(graph) - known
        assert not missing, f"{name} uses undeclared terms {sorted(missing)}"
    # external terms the data uses are on the documented list
    for s, p, o in data:
        for term in (p, o if p == RDF.type else None):
            if isinstance(term, URIRef) and not term.startswith(str(HKG)):
                ns, local = (str(term).rsplit("#", 1) if "#" in term else str(term).rsplit("/", 1))
                ns += "#" if "#" in term else "/"
                assert local in EXTERNAL.get(ns, set()), term


def test_schema_org_query_works_after_rdfs_inference():
    from owlrl import DeductiveClosure, RDFS_Semantics

    facts, article = handan()
    g = to_graph(facts, article, "https://w3id.org/handan-kg/") + ontology()
    DeductiveClosure(RDFS_Semantics).expand(g)
    rows = list(g.query("""
        PREFIX schema: <https://schema.org/>
        SELECT ?event ?start WHERE { ?event a schema:Event ; schema:startDate ?start ; schema:location ?place .
                                     ?place a schema:City }"""))
    found = {(str(e).rsplit("/", 1)[-1], str(s)) for e, s in rows}
    # the campaign, and its river-crossing event of the same day (hkg:date ⊑ schema:startDate)
    assert found == {("handan-campaign", "1945-10-22"), ("handan-campaign-02", "1945-10-22")}
    campaign = URIRef("https://w3id.org/handan-kg/id/conflict/handan-campaign")
    assert (URIRef("https://w3id.org/handan-kg/id/event/handan-campaign-02"), SCHEMA.superEvent, campaign) in g
    assert (campaign, SCHEMA.superEvent, URIRef("https://w3id.org/handan-kg/id/conflict/chinese-civil-war")) in g
    people = set(g.subjects(RDF.type, SCHEMA.Person))
    assert URIRef("https://w3id.org/handan-kg/id/person/liu-bocheng") in people


def test_context_has_a_key_for_every_hkg_term():
    context = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    g = ontology()
    names = {str(t)[len(HKG):] for t in declared(g) if t.startswith(str(HKG)) and "-" not in str(t)[len(HKG):]}
    assert names <= set(context)
    assert context["count"] == {"@id": "hkg:count", "@type": "xsd:integer"}
    assert context["label"]["@language"] == "en"


def test_mapper_tables_and_places_query_cover_the_ontology():
    from handan_kg.rdf import CONFLICT_CLASSES, PLACE_CLASSES
    from handan_kg.resources import QUERIES_DIR

    g = ontology()
    place_classes = set(g.transitive_subjects(RDFS.subClassOf, HKG.Place))
    assert set(PLACE_CLASSES.values()) | {HKG.Place} == place_classes
    assert set(CONFLICT_CLASSES.values()) == set(g.transitive_subjects(RDFS.subClassOf, HKG.Conflict))
    places_query = (QUERIES_DIR / "places.rq").read_text(encoding="utf-8")
    for cls in place_classes:
        assert "hkg:" + str(cls)[len(HKG):] + " " in places_query or "hkg:" + str(cls)[len(HKG):] + "\n" in places_query
