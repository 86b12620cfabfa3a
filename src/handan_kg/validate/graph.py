"""SHACL validation of a built graph: pyshacl over data + shapes/, with the ontology mixed in.

Inference is deliberately "none": the ontology is added to (a copy of) the data before
validating, so `sh:class` / `sh:targetClass` follow `rdfs:subClassOf` and concept-scheme checks
see the SKOS concepts (pyshacl's own `ont_graph` mixing copies only RDFS/OWL axioms, not the
concepts), without the cost of an RDFS closure (the mapper asserts both directions of inverse
properties itself). `conforms` is false only for `sh:Violation` results: warnings are
reported, not fatal.

Results are re-minted with IRIs derived from their content so the report written to dist/ is
byte-stable, and each result is paired with the source text behind it (see `sources`): "why is
this wrong" comes with "where did it come from".
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, SH
from rdflib.term import Node

from handan_kg.errors import InputError
from handan_kg.rdf.mapping import OA
from handan_kg.resources import ONTOLOGY_FILE, SHAPES_DIR
from handan_kg.validate.engine import Engine, RawResult, Unsupported, result_key

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query

REPORT = Namespace("https://w3id.org/handan-kg/validation/")


@dataclass(frozen=True, order=True)
class Source:
    """A quoted span of an article: where a result's data came from."""

    article: str  # the article's IRI
    start: int
    end: int
    quote: str

    def text(self) -> str:
        return f"\"{self.quote}\" ({self.article.rsplit('/', 1)[-1]}, chars {self.start}-{self.end})"


@dataclass(frozen=True)
class ValidationResult:
    """One readable SHACL result."""

    severity: str  # Violation | Warning | Info
    focus: str
    path: str | None
    message: str
    value: str | None
    sources: tuple[Source, ...]  # the source text behind the result (see `sources`)
    details: tuple[ValidationResult, ...] = ()  # why a value failed its sh:node shape (sh:detail)

    def text(self) -> str:
        lines = [f"{self.severity}: {self.focus}"]
        if self.path:
            lines.append(f"  path:    {self.path}")
        if self.value is not None:
            lines.append(f"  value:   {self.value}")
        lines.append(f"  message: {self.message}")
        for source in self.sources:
            lines.append(f"  source:  {source.text()}")
        for detail in self.details:
            lines.extend(("  detail:  " if i == 0 else "    ") + line for i, line in enumerate(detail.text().splitlines()))
        return "\n".join(lines)


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[ValidationResult]
    warnings: list[ValidationResult]
    graph: Graph

    def text(self) -> str:
        """A readable multi-line report: violations first, then warnings."""
        verdict = "conforms" if self.conforms else "does NOT conform"
        head = f"{verdict}: {len(self.violations)} violation(s), {len(self.warnings)} warning(s)"
        return "\n".join([head, *(r.text() for r in [*self.violations, *self.warnings])])


@lru_cache(maxsize=64)
def _prepared(text: str) -> Query:
    # imported here: ~0.2 s of start-up that only the pyshacl path needs
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


class _PreparedQueryGraph(Graph):
    """pyshacl runs each SPARQL constraint once per focus node with the same text and a new
    `$this` binding; rdflib re-parses the text every time (pyparsing: ~60 ms a parse), which
    dominated validation time. Parse once, bind many."""

    def query(self, query_object, *args, **kwargs):  # type: ignore[override]
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    graph = Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def _short(graph: Graph, node: Node | None) -> str | None:
    """`hkg:startDate` for IRIs in a namespace the graph binds, the IRI itself otherwise (never
    `normalizeUri`, which would bind made-up prefixes on the caller's graph)."""
    if node is None:
        return None
    if isinstance(node, URIRef):
        bound = [*graph.namespaces(), *shapes_graph().namespaces()]  # data parsed from N-Triples binds none
        matches = [(len(ns), f"{prefix}:{node[len(ns):]}") for prefix, ns in bound
                   if prefix and node.startswith(ns) and len(node) > len(ns)]
        return max(matches)[1] if matches else str(node)
    return node.n3(graph.namespace_manager) if isinstance(node, Literal) else str(node)


def _path(data: Graph, path: Node | None) -> str | None:
    if path is None:
        return None
    return _short(data, path) if isinstance(path, URIRef) else "(complex path)"  # our shapes use plain paths


def _assertion_evidence(data: Graph, focus: Node, path: Node | None, value: Node | None) -> set[Node]:
    evidence: set[Node] = set()
    for stmt in data.subjects(RDF.subject, focus):
        if path is not None and data.value(stmt, RDF.predicate) != path:
            continue
        if value is not None and data.value(stmt, RDF.object) != value:
            continue
        evidence.update(data.objects(stmt, PROV.wasDerivedFrom))
    return evidence


def sources(data: Graph, focus: Node, path: Node | None = None, value: Node | None = None) -> tuple[Source, ...]:
    """The source text behind a result, most specific first: the statement at fault (focus,
    path, value), else any statement of that value or path, else the node's own evidence
    (n-ary nodes), else the span that introduced the node (its reified rdf:type)."""
    candidates = (
        lambda: _assertion_evidence(data, focus, path, value) if path is not None and value is not None else set(),
        lambda: _assertion_evidence(data, focus, None, value) if value is not None else set(),
        lambda: _assertion_evidence(data, focus, path, None) if path is not None else set(),
        lambda: set(data.objects(focus, PROV.wasDerivedFrom)),
        lambda: _assertion_evidence(data, focus, RDF.type, None),
    )
    for candidate in candidates:
        evidence = candidate()
        if evidence:
            break
    else:
        return ()
    found = set()
    for ev in evidence:
        selectors = list(data.objects(ev, OA.hasSelector))
        values = {p: v for sel in selectors for p in (OA.start, OA.end, OA.exact) if isinstance(v := data.value(sel, p), Literal)}
        if len(values) == 3:
            found.add(Source(str(data.value(ev, OA.hasSource)), values[OA.start].toPython(), values[OA.end].toPython(),
                             str(values[OA.exact])))
    return tuple(sorted(found))


@lru_cache(maxsize=1)
def _fast_engine():  # type: ignore[no-untyped-def]
    """The compiled fast engine, or None when the shapes use a feature it does not implement."""

    try:
        return Engine(shapes_graph(), ontology_graph())
    except Unsupported:
        return None


def pyshacl_results(graph: Graph) -> list[RawResult]:
    """The reference: pyshacl over a copy of data + ontology."""
    from pyshacl import validate as shacl

    combined = _PreparedQueryGraph()  # one copy of data + ontology, validated in place
    combined += graph
    combined += ontology_graph()
    _, raw, _ = shacl(
        combined,
        shacl_graph=shapes_graph(),
        inference="none",
        inplace=True,
        allow_warnings=True,
    )
    if not isinstance(raw, Graph):  # pyshacl reports unusable shapes this way, not by raising
        raise RuntimeError(f"the SHACL shapes in {SHAPES_DIR} cannot be used: {raw}")
    return [_raw_result(raw, result)
            for report in raw.subjects(RDF.type, SH.ValidationReport) for result in raw.objects(report, SH.result)]


def _raw_result(raw: Graph, result: Node) -> RawResult:
    """One result of a pyshacl report, with its sh:detail results nested in it."""
    return RawResult(
        focus=_required(raw, result, SH.focusNode),
        path=raw.value(result, SH.resultPath),
        value=raw.value(result, SH.value),
        severity=_required_iri(raw, result, SH.resultSeverity),
        component=_required_iri(raw, result, SH.sourceConstraintComponent),
        messages=tuple(sorted({str(m) for m in raw.objects(result, SH.resultMessage)})),
        details=tuple(sorted((_raw_result(raw, d) for d in raw.objects(result, SH.detail)), key=result_key)),
    )


def _required(report: Graph, result: Node, prop: URIRef) -> Node:
    """A property every SHACL validation result has."""
    value = report.value(result, prop)
    if value is None:
        raise RuntimeError(f"pyshacl reported a result without {prop}")
    return value


def _required_iri(report: Graph, result: Node, prop: URIRef) -> URIRef:
    value = _required(report, result, prop)
    if not isinstance(value, URIRef):
        raise TypeError(f"pyshacl reported a result whose {prop} is not an IRI: {value!r}")
    return value


def validate(graph: Graph, engine: str = "auto") -> ValidationReport:
    """Validate `graph` against shapes/ (+ ontology); never raises for non-conforming data.

    `engine`: "fast" (handan_kg.validate.engine: pyshacl's results, ~16x faster), "pyshacl" (the
    reference), or "auto" = fast unless the shapes use a feature it does not implement."""
    fast = _fast_engine() if engine != "pyshacl" else None
    if engine == "fast" and fast is None:

        raise InputError("the fast SHACL engine does not support these shapes (use --engine pyshacl)")
    return report_of(graph, fast.run(graph) if fast is not None else pyshacl_results(graph))


def report_of(graph: Graph, raw: list[RawResult]) -> ValidationReport:
    """The readable report and the report graph of `graph`'s SHACL results: the results are the
    report's sh:result, each failed sh:node's nested results its sh:detail (as SHACL nests them)."""
    report = Graph()
    report.bind("sh", SH)
    report.bind("hkgval", REPORT)
    violations: list[ValidationResult] = []
    warnings: list[ValidationResult] = []
    nodes: list[URIRef] = []
    for result in raw:
        node, item = _copy_result(result, graph, report)
        nodes.append(node)
        (violations if item.severity == "Violation" else warnings).append(item)
    order = lambda r: (r.focus, r.path or "", r.message, r.value or "")  # noqa: E731
    violations.sort(key=order)
    warnings.sort(key=order)
    conforms = not violations
    nodes = sorted(set(nodes))  # the report's own results; nested ones hang off them by sh:detail
    # Named by its results, so reports of several articles merge without mixing their verdicts.
    digest = hashlib.sha1(f"{conforms} {' '.join(nodes)}".encode("utf-8")).hexdigest()[:16]
    summary = REPORT["report-" + digest]
    report.add((summary, RDF.type, SH.ValidationReport))
    report.add((summary, SH.conforms, Literal(conforms)))
    for node in nodes:
        report.add((summary, SH.result, node))
    return ValidationReport(conforms, violations, warnings, report)


def _copy_result(result: RawResult, data: Graph, report: Graph, parent: str = "") -> tuple[URIRef, ValidationResult]:
    """Copy one SHACL result (and its sh:detail results, as SHACL nests them) into `report`
    under content-derived IRIs; return its node and the result, readable."""
    focus, path, value = result.focus, result.path, result.value
    severity, component = result.severity, result.component
    message = "; ".join(result.messages)
    message = message or _short(data, component) or "constraint not met"
    key = "\n".join(str(x) for x in (parent, focus, path, value, severity, component, message))
    node = REPORT["result-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]]
    details = [_copy_result(detail, data, report, str(node)) for detail in result.details]
    for detail_node, _ in details:
        report.add((node, SH.detail, detail_node))
    report.add((node, RDF.type, SH.ValidationResult))
    for prop, obj in ((SH.focusNode, focus), (SH.resultSeverity, severity),
                      (SH.sourceConstraintComponent, component), (SH.value, value)):
        if obj is not None:
            report.add((node, prop, obj))
    if isinstance(path, URIRef):
        report.add((node, SH.resultPath, path))
    report.add((node, SH.resultMessage, Literal(message)))
    return node, ValidationResult(
        severity=str(severity).rsplit("#", 1)[-1],
        focus=str(focus),
        path=_path(data, path),
        message=message,
        value=_short(data, value),
        sources=sources(data, focus, path, value),
        details=tuple(item for _, item in details),
    )
