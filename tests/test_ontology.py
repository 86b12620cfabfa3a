"""The ontology: header, documentation of every term, alignments that make schema.org queries work."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from handan_kg.rdf.mapping import HKG, to_graph
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
        assert any(label.language == "en" for label in g.objects(term, RDFS.label)), term
        assert any(c.language == "en" for c in g.objects(term, RDFS.comment)), term
    for prop in (p for p in g.subjects(RDF.type, OWL.ObjectProperty) if p.startswith(str(HKG))):
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
    # every category the extractor can state (people's, and what happens to counted things)
    from handan_kg.extract.vocab import load

    produced = {v for k, v in load("casualty_categories").items() if not k.startswith("_")}
    produced |= set(load("quantities")["equipment_categories"].values())
    assert codes == produced == {"killed", "wounded", "captured", "missing", "defected", "total", "sunk", "destroyed", "damaged", "lost"}


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
    from handan_kg.rdf.mapping import CONFLICT_CLASSES, PLACE_CLASSES
    from handan_kg.resources import QUERIES_DIR

    g = ontology()
    place_classes = set(g.transitive_subjects(RDFS.subClassOf, HKG.Place))
    assert set(PLACE_CLASSES.values()) | {HKG.Place} == place_classes
    assert set(CONFLICT_CLASSES.values()) == set(g.transitive_subjects(RDFS.subClassOf, HKG.Conflict))
    places_query = (QUERIES_DIR / "places.rq").read_text(encoding="utf-8")
    for cls in place_classes:
        assert "hkg:" + str(cls)[len(HKG):] + " " in places_query or "hkg:" + str(cls)[len(HKG):] + "\n" in places_query


def test_every_term_in_the_built_corpus_is_declared():
    from handan_kg.store.graph import load_dataset
    from rdf_facts import built

    data = load_dataset(built("corpus"))
    missing = hkg_terms(data) - declared(ontology())
    assert not missing, f"built data uses undeclared terms {sorted(missing)}"
    used = {t for s, p, o in data for t in (p, o if p == RDF.type else None) if isinstance(t, URIRef)}
    for term in used - set(hkg_terms(data)):
        ns, local = (str(term).rsplit("#", 1) if "#" in term else str(term).rsplit("/", 1))
        assert local in EXTERNAL.get(ns + ("#" if "#" in term else "/"), set()), term


def test_every_code_the_extractor_can_emit_has_a_term():
    """The extractor's vocabularies (data files) and the ontology must not drift apart."""
    from handan_kg.extract.vocab import load
    from handan_kg.rdf.mapping import CONFLICT_CLASSES, PLACE_CLASSES, concept

    g = ontology()
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    levels = {value for _, value in load("unit_levels")["order"]} | {"unit"}
    for prefix, codes in (("level", levels), ("casualty", set(load("casualty_categories").values())),
                          ("fate", set(load("status_marks").values()))):
        assert {concept(prefix, c) for c in codes} <= concepts, prefix
    assert {kind for _, kind in load("conflict_kinds")["order"]} <= set(CONFLICT_CLASSES)
    assert {kind for _, kind in load("places")["kinds"]} <= set(PLACE_CLASSES)


def test_every_code_the_narrative_extractor_can_emit_has_a_term():
    from handan_kg.extract.vocab import rows
    from handan_kg.rdf.mapping import PLACE_CLASSES, RELATED_PROPERTIES, concept

    concepts = set(ontology().subjects(RDF.type, SKOS.Concept))
    for prefix, table in (("event", "event_kinds"), ("role", "roles"), ("level", "unit_levels")):
        codes = {row[0] for row in rows(table)}
        assert codes and {concept(prefix, c) for c in codes} <= concepts, table
    for table in ("place_types", "place_type_after", "place_zh_suffix"):
        assert {row[0] for row in rows(table)} <= set(PLACE_CLASSES), table
    assert {row[0] for row in rows("related_conflicts")} <= set(RELATED_PROPERTIES)


def test_exact_wikidata_matches_are_confirmed_ids():
    import csv
    from pathlib import Path

    table = Path(__file__).parent / "fixtures" / "wikidata" / "qids.tsv"
    with table.open(encoding="utf-8", newline="") as fh:
        confirmed = {row["qid_or_pid"] for row in csv.DictReader(fh, delimiter="\t") if row["confidence"] in {"verified", "likely"}}
    exact = {str(o).rsplit("/", 1)[-1] for o in ontology().objects(None, SKOS.exactMatch) if "wikidata.org" in str(o)}
    assert exact and exact <= confirmed, sorted(exact - confirmed)


def test_every_hkg_term_named_in_the_code_is_declared():
    """Covers what the tests' data does not reach (the linker's terms, rarely used branches)."""
    import re

    from handan_kg.resources import ROOT

    names = set()
    for path in (ROOT / "src" / "handan_kg").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        names.update(re.findall(r"\bHKG\.([A-Za-z]\w*)", text))
        names.update(re.findall(r"\bHKG\[\"([A-Za-z][\w-]*)\"\]", text))
    assert len(names) > 50
    known = declared(ontology())
    missing = {n for n in names if HKG[n] not in known}
    assert not missing, sorted(missing)


def test_every_class_is_the_target_of_a_shape():
    g = ontology()
    shapes = Graph()
    for path in SHAPES_DIR.glob("*.ttl"):
        shapes.parse(path)
    targets = set(shapes.objects(None, SH.targetClass))
    for cls in (c for c in g.subjects(RDF.type, OWL.Class) if c.startswith(str(HKG))):
        assert set(g.transitive_objects(cls, RDFS.subClassOf)) & targets, cls


def test_ontology_shapes_and_context_parse_in_an_independent_parser():
    import pyoxigraph

    for path in [ONTOLOGY_FILE, *SHAPES_DIR.glob("*.ttl")]:
        assert len(list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))) > 50, path
    doc = {"@context": json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"],
           "@id": "https://example.org/c", "@type": "Campaign", "startYear": "-0259", "count": "3",
           "altLabel": {"zh": "平汉战役"}, "hasSide": "https://example.org/s"}
    triples = {str(q.triple) for q in pyoxigraph.parse(json.dumps(doc), format=pyoxigraph.RdfFormat.JSON_LD)}
    assert '<https://example.org/c> <https://w3id.org/handan-kg/ontology#startDate> "-0259"^^<http://www.w3.org/2001/XMLSchema#gYear>' in triples
    assert '<https://example.org/c> <http://www.w3.org/2004/02/skos/core#altLabel> "平汉战役"@zh' in triples
    assert '<https://example.org/c> <https://w3id.org/handan-kg/ontology#hasSide> <https://example.org/s>' in triples


# --- OWL 2 DL --------------------------------------------------------------------------------

RESERVED = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#",
            "http://www.w3.org/2002/07/owl#", "http://www.w3.org/2001/XMLSchema#")
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
# the OWL 2 datatype map's datatypes this ontology uses, and rdf:langString (RDF 1.1's name for
# language-tagged strings, which OWL 2's map predates; the OWL API and horned-owl accept it)
DATATYPES = {URIRef("http://www.w3.org/2001/XMLSchema#" + n) for n in ("string", "integer", "boolean", "decimal")}
DATATYPES.add(RDF.langString)


def reserved(iri) -> bool:
    return str(iri).startswith(RESERVED)  # (rdflib's URIRef.startswith takes no tuple)


def kinds(g: Graph) -> dict[URIRef, set[URIRef]]:
    found: dict[URIRef, set[URIRef]] = {}
    for kind in KINDS:
        for s in g.subjects(RDF.type, kind):
            found.setdefault(s, set()).add(kind)
    return found


def test_ontology_is_owl2_dl_structurally():
    """The OWL 2 DL conditions an OWL API profile check found broken: every IRI used as a class
    or property is declared, with exactly one kind (no punning), sub-properties are of their
    super-property's kind, no reserved IRI is used as a class or property, datatypes are known."""
    g = ontology()
    declared_as = kinds(g)
    punned = {iri: k for iri, k in declared_as.items() if len(k) > 1}
    assert not punned, punned
    kind = {iri: next(iter(k)) for iri, k in declared_as.items()}
    assert not [iri for iri in kind if reserved(iri)]

    def must_be(iri, expected):
        assert not reserved(iri), f"reserved IRI {iri} used as {expected}"
        assert kind.get(iri) == expected, f"{iri} is used as {expected} but declared {kind.get(iri)}"

    for sub, sup in g.subject_objects(RDFS.subClassOf):
        must_be(sub, OWL.Class), must_be(sup, OWL.Class)
    for sub, sup in g.subject_objects(RDFS.subPropertyOf):
        assert kind[sub] in KINDS[1:]
        must_be(sup, kind[sub])
    for prop, cls in g.subject_objects(RDFS.domain):
        assert kind[prop] in (OWL.ObjectProperty, OWL.DatatypeProperty), prop
        must_be(cls, OWL.Class)
    for prop, rng in g.subject_objects(RDFS.range):
        if kind[prop] == OWL.DatatypeProperty:
            assert rng in DATATYPES, (prop, rng)
        else:
            must_be(rng, OWL.Class)
    for a, b in g.subject_objects(OWL.inverseOf):
        must_be(a, OWL.ObjectProperty), must_be(b, OWL.ObjectProperty)
    for s, o in g.subject_objects(RDF.type):
        if o not in (*KINDS, OWL.Ontology, OWL.TransitiveProperty, OWL.SymmetricProperty):
            must_be(o, OWL.Class)  # an individual's class
            assert s not in kind, f"{s} is both an individual and a {kind[s]}"
        elif o in (OWL.TransitiveProperty, OWL.SymmetricProperty):
            must_be(s, OWL.ObjectProperty)
    for s, p, o in g:
        if reserved(p):
            continue
        assert p in kind and kind[p] != OWL.Class, f"undeclared property {p}"
        if kind[p] == OWL.DatatypeProperty:
            assert isinstance(o, Literal), (s, p, o)
        elif kind[p] == OWL.ObjectProperty:
            assert isinstance(o, URIRef) and (o, RDF.type, None) in g, (s, p, o)  # a typed individual


def test_every_term_is_declared_once_with_one_label_and_comment():
    """No duplicate blocks: each `X a owl:…` line appears once in the file, each hkg term has one
    English label and one English comment."""
    import re

    text = ONTOLOGY_FILE.read_text(encoding="utf-8")
    heads = re.findall(r"^(\S+) a (owl:\w+|skos:\w+)", text, flags=re.MULTILINE)
    assert heads and len(heads) == len(set(h for h, _ in heads)), sorted(
        h for h in {h for h, _ in heads} if sum(1 for x, _ in heads if x == h) > 1)
    g = ontology()
    for term in (t for t in declared(g) if t.startswith(str(HKG))):
        assert len([x for x in g.objects(term, RDFS.label) if x.language == "en"]) == 1, term
        assert len([x for x in g.objects(term, RDFS.comment) if x.language == "en"]) == 1, term


def test_horned_owl_reads_the_ontology_as_the_declarations_say():
    """horned-owl (an OWL 2 implementation, Rust) parses the ontology and types every axiom by
    the declarations: before they were complete, it read data sub-properties as object
    sub-properties and hkg:description as an annotation property."""
    pyhornedowl = pytest.importorskip("pyhornedowl")  # pinned in pyproject.toml's `test` extra

    g = ontology()
    onto = pyhornedowl.open_ontology_from_string(g.serialize(format="xml"), "owl")
    declared_as = kinds(g)
    expected = {kind: {str(i) for i, k in declared_as.items() if kind in k} for kind in KINDS}
    assert set(onto.get_classes()) == expected[OWL.Class]
    assert set(onto.get_object_properties()) == expected[OWL.ObjectProperty]
    assert set(onto.get_data_properties()) == expected[OWL.DatatypeProperty]
    assert set(onto.get_annotation_properties()) == expected[OWL.AnnotationProperty]
    axioms = [a.component for a in onto.get_axioms()]
    by_kind = Counter(type(c).__name__ for c in axioms)
    assert by_kind["SubClassOf"] == len(list(g.subject_objects(RDFS.subClassOf)))
    data_subs = [(s, o) for s, o in g.subject_objects(RDFS.subPropertyOf) if OWL.DatatypeProperty in declared_as[s]]
    assert by_kind["SubDataPropertyOf"] == len(data_subs) >= 5
    assert by_kind["SubObjectPropertyOf"] == len(list(g.subject_objects(RDFS.subPropertyOf))) - len(data_subs)
    assert by_kind["SubAnnotationPropertyOf"] == 0
    assert by_kind["DataPropertyRange"] == len([p for p in g.subjects(RDFS.range) if OWL.DatatypeProperty in declared_as[p]])
    assert by_kind["ClassAssertion"] == len(list(g.subjects(RDF.type, SKOS.Concept))) + len(
        list(g.subjects(RDF.type, SKOS.ConceptScheme)))


def test_the_built_data_uses_only_declared_terms_of_the_right_kind():
    """A third party loading data + ontology into an OWL tool finds every class and property the
    data uses (but the reification terms rdf:subject/predicate/object, reserved vocabulary)."""
    from handan_kg.store.graph import load_dataset
    from rdf_facts import built

    data = load_dataset(built("article"))
    kind = {iri: next(iter(k)) for iri, k in kinds(ontology()).items()}
    for s, p, o in data:
        if p == RDF.type:
            assert reserved(o) or kind.get(o) == OWL.Class, o
        elif not reserved(p):
            allowed = {OWL.AnnotationProperty, OWL.DatatypeProperty if isinstance(o, Literal) else OWL.ObjectProperty}
            assert kind.get(p) in allowed, (p, o)
