"""A fast SHACL engine for the constraint features shapes/ uses, with pyshacl as its oracle.

Why: pyshacl spends ~1 s building its shapes model and ~0.3-0.8 s per article walking every
focus node through rdflib (SPARQL constraints re-run per focus node on rdflib's engine); the
corpus target (issue 8) leaves well under 0.1 s per article for validation. This engine compiles
the shapes once per process into plain Python checks over a per-call index of data + ontology
(ontology indexed once), and runs each SHACL-SPARQL constraint ONCE per article on an in-memory
pyoxigraph store (instead of once per focus node), keeping the rows whose `$this` is a focus node.

Exactness: each core check copies pyshacl 0.40's own rule (rdflib term equality, `ill_typed`
literals, its string conversions and literal comparison) and each result carries what pyshacl
would report (focus, path, value, severity, constraint component, messages, including pyshacl's
generic message when the shape has no sh:message); tests/test_shacl_fast.py runs both engines on
every corpus article and on broken graphs and asserts identical results. Anything the compiler
does not know (another sh: parameter, a non-IRI path, sh:flags, a SPARQL constraint whose query
does not start by binding `$this`, ...) raises `Unsupported` at compile time so the caller falls
back to pyshacl: a constraint is never silently skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SH, XSD
from rdflib.term import Node

from handan_kg.closure import ancestors
from handan_kg.validate.sparql_predicates import predicates

RDF_LANGSTRING = RDF.langString


class Unsupported(Exception):
    """The shapes use a feature this engine does not implement (use pyshacl instead)."""


@dataclass(frozen=True)
class RawResult:
    """One SHACL validation result, engine-neutral (what validate() turns into its report)."""

    focus: Node
    path: Node | None
    value: Node | None
    severity: URIRef
    component: URIRef
    messages: tuple[str, ...]  # sorted
    # the results of the value against the shape of a failed sh:node: SHACL reports them as the
    # result's sh:detail, not as results of the report (ordered by `result_key`)
    details: tuple[RawResult, ...] = ()


def result_key(result: RawResult) -> tuple[str, ...]:
    """A total order on results (for details, whose order SHACL leaves open)."""
    return (str(result.focus), str(result.path), str(result.value), str(result.severity), str(result.component),
            *result.messages, repr(result.details))


# ---------------------------------------------------------------------------------------------
# The data side: data + ontology indexed by predicate, subject (rdflib terms, set semantics).
# ---------------------------------------------------------------------------------------------

Index = dict[Node, dict[Node, list[Node]]]  # predicate -> subject -> objects


def _index(triples: Iterable[tuple[Node, Node, Node]]) -> Index:
    pso: Index = {}
    for s, p, o in triples:
        by_s = pso.get(p)
        if by_s is None:
            by_s = pso[p] = {}
        objs = by_s.get(s)
        if objs is None:
            by_s[s] = [o]
        else:
            objs.append(o)
    return pso


def _closure(pso: Index) -> dict[Node, frozenset[Node]]:
    """Each class's superclasses via rdfs:subClassOf* (itself included), by `closure.ancestors`."""
    return ancestors((sub, sup) for sub, sups in pso.get(RDFS.subClassOf, {}).items() for sup in sups)


class Background:
    """The ontology, indexed once per process."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.pso = _index(graph)
        self.supers = _closure(self.pso)


class Data:
    """Data + background as one graph, without copying the background per call."""

    def __init__(self, graph: Graph, background: Background) -> None:
        self.graph = graph
        self.background = background
        self._data = _index(graph)
        self._merged: dict[Node, dict[Node, list[Node]]] = {}
        if RDFS.subClassOf in self._data:
            self.supers = _closure({RDFS.subClassOf: self.predicate(RDFS.subClassOf)})
        else:
            self.supers = background.supers
        self._instances: dict[Node, set[Node]] | None = None
        self.nested: dict[tuple[Node, Node], list] = {}  # (node, shape) -> its results, this run
        self.stores: dict[frozenset[URIRef] | None, object] = {}  # pyoxigraph stores, this run

    def predicate(self, p: Node) -> dict[Node, list[Node]]:
        """subject -> objects for `p` over data and background (objects deduplicated)."""
        merged = self._merged.get(p)
        if merged is not None:
            return merged
        mine = self._data.get(p, {})
        theirs = self.background.pso.get(p)
        if not theirs:
            merged = mine
        elif not mine:
            merged = theirs
        else:
            merged = {s: list(objs) for s, objs in theirs.items()}
            for s, objs in mine.items():
                have = merged.get(s)
                if have is None:
                    merged[s] = objs
                else:
                    known = set(have)
                    have.extend(o for o in objs if o not in known)
        self._merged[p] = merged
        return merged

    def values(self, s: Node, p: Node) -> list[Node]:
        return self.predicate(p).get(s, [])

    def has_class(self, node: Node, cls: Node) -> bool:
        """pyshacl's sh:class test: some rdf:type of `node` is `cls` or a subclass of it."""
        if isinstance(node, Literal):
            return False
        supers = self.supers
        return any(t == cls or cls in supers.get(t, ()) for t in self.values(node, RDF.type))

    def instances(self, cls: Node) -> set[Node]:
        """Focus nodes of sh:targetClass: instances of `cls` or of any (transitive) subclass."""
        if self._instances is None:
            by_class: dict[Node, set[Node]] = {}
            for s, types in self.predicate(RDF.type).items():
                for t in types:
                    by_class.setdefault(t, set()).add(s)
            self._instances = by_class
        found = set(self._instances.get(cls, ()))
        for sub, supers in self.supers.items():
            if sub != cls and cls in supers:
                found.update(self._instances.get(sub, ()))
        return found


# ---------------------------------------------------------------------------------------------
# Value checks: each copies pyshacl 0.40's rule for one constraint component.
# ---------------------------------------------------------------------------------------------

_PYTHON_TYPES: dict[Node, type | tuple[type, ...]] = {
    XSD.string: (str, bytes), RDF_LANGSTRING: (str, bytes), XSD.integer: int, XSD.float: float,
    XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime,
}


def _datatype_ok(v: Node, rule: Node) -> bool:
    if not isinstance(v, Literal):
        return False
    expected = _PYTHON_TYPES.get(rule)
    if v.datatype == rule:
        if getattr(v, "ill_typed", None) is True:
            return False
        return expected is None or isinstance(v.value, expected)
    if rule == RDFS.Literal:
        return True
    if rule == RDFS.Datatype and v.datatype:
        return True
    if v.datatype is None and v.language is None and rule == XSD.string:
        return isinstance(v.value, (str, bytes))
    if rule == RDF_LANGSTRING and v.language:
        return isinstance(v.value, (str, bytes))
    return False


_KINDS = {
    "bnode": (SH.BlankNode, SH.BlankNodeOrLiteral, SH.BlankNodeOrIRI),
    "literal": (SH.Literal, SH.BlankNodeOrLiteral, SH.IRIOrLiteral),
    "iri": (SH.IRI, SH.IRIOrLiteral, SH.BlankNodeOrIRI),
}


def _kind_ok(v: Node, rule: Node) -> bool:
    kind = "bnode" if isinstance(v, BNode) else "literal" if isinstance(v, Literal) else "iri"
    return rule in _KINDS[kind]


def _as_string(v: Node) -> str:
    if isinstance(v, Literal) and v.value is not None and v.datatype in (None, RDF_LANGSTRING, XSD.string):
        return str(v.value)
    return str(v)


def _compare_literal(l1: Literal, l2: Literal) -> int:
    if l1.eq(l2):
        return 0
    if l1.value.__class__ in (datetime, time):
        if l1.value == l2.value:
            return 0
        if l1.value > l2.value:
            return 1
    elif l1 > l2:
        return 1
    return -1


def _range_ok(v: Node, bound: Literal, want: Callable[[int], bool]) -> bool:
    if not isinstance(v, Literal):
        return False
    if isinstance(bound.value, str) != isinstance(v.value, str):
        return False
    try:
        return want(_compare_literal(v, bound))
    except (TypeError, NotImplementedError):
        return False


def _pair_value(node: Node) -> tuple[object, bool]:
    if isinstance(node, BNode):
        raise Unsupported("sh:lessThan/lessThanOrEquals on a blank node")
    if isinstance(node, URIRef):
        return str(node), True
    if isinstance(node, Literal) and isinstance(node.value, str):
        return node.value, True
    return node, False


def _pair_ok(v: Node, other: Node, strict: bool) -> bool:
    a, a_str = _pair_value(v)
    b, b_str = _pair_value(other)
    if a_str != b_str:
        return False
    return bool(a < b) if strict else bool(a <= b)  # type: ignore[operator]


# ---------------------------------------------------------------------------------------------
# Compiled shapes
# ---------------------------------------------------------------------------------------------

Found = tuple  # (focus, value, component override[, nested results reported with it])
FocusValues = dict[Node, list[Node]]  # focus node -> its value nodes
Check = Callable[[Data, FocusValues], list[Found]]

_SHAPE_KEYS = {
    RDF.type, RDFS.label, RDFS.comment, SH.targetClass, SH.targetSubjectsOf, SH.path, SH.property,
    SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.nodeKind, SH["in"], SH.hasValue,
    SH.pattern, SH.languageIn, SH.minLength, SH.minInclusive, SH.maxInclusive, SH.lessThan,
    SH.lessThanOrEquals, SH.node, SH["or"], SH.xone, SH.qualifiedValueShape, SH.qualifiedMinCount,
    SH.qualifiedMaxCount, SH.sparql, SH.severity, SH.message, SH.name, SH.description,
}
_SPARQL_KEYS = {RDF.type, SH.select, SH.message, SH.prefixes, RDFS.label, RDFS.comment}


@dataclass
class Constraint:
    component: URIRef
    check: Check
    params: tuple[Node, ...]  # for pyshacl's generic message


@dataclass
class SparqlConstraint:
    node: Node
    query: str  # full text with PREFIX lines, $PATH substituted, `$this` as the first subject
    messages: tuple[Literal, ...]
    predicates: frozenset[URIRef] | None  # all the query's patterns can match (None: any)


@dataclass
class Shape:
    node: Node
    path: URIRef | None
    severity: URIRef
    messages: tuple[Literal, ...]
    constraints: list[Constraint] = field(default_factory=list)
    properties: list[Node] = field(default_factory=list)
    sparql: list[SparqlConstraint] = field(default_factory=list)
    target_classes: tuple[Node, ...] = ()
    target_subjects_of: tuple[Node, ...] = ()


def _one(graph: Graph, node: Node, prop: URIRef) -> Node | None:
    values = list(graph.objects(node, prop))
    if len(values) > 1:
        raise Unsupported(f"{node} has {len(values)} values of {prop}")
    return values[0] if values else None


def _int(graph: Graph, node: Node, prop: URIRef) -> int | None:
    value = _one(graph, node, prop)
    if value is None:
        return None
    if not isinstance(value, Literal) or not isinstance(value.value, int) or isinstance(value.value, bool):
        raise Unsupported(f"{node} {prop} is not an integer")
    return value.value


_THIS_FIRST = re.compile(r"\bWHERE\s*\{\s*\$this\s", re.IGNORECASE)
_THIS_PROJECTED = re.compile(r"\bSELECT\s+(?:(?:DISTINCT|REDUCED)\s+)?(?:\*|[^{]*?[?$]this\b[^{]*\bWHERE)",
                             re.IGNORECASE)


class Engine:
    """Shapes compiled once; `run(data)` validates one data graph."""

    def __init__(self, shapes: Graph, background: Graph) -> None:
        self.shapes_graph = shapes
        self.background = Background(background)
        self.shapes: dict[Node, Shape] = {}
        self._nested_roots: set[Node] = set()
        self._ox_cache: dict[Node, object] = {}  # rdflib term -> pyoxigraph term
        self._terms: dict[object, Node] = {}  # and back, so results carry the data's own terms
        self._background_quads: list | None = None
        if (None, RDF.type, SH.ConstraintComponent) in shapes or (None, SH.parameter, None) in shapes:
            raise Unsupported("custom constraint components")
        shape_nodes: set[Node] = set()
        for kind in (SH.NodeShape, SH.PropertyShape):
            shape_nodes.update(shapes.subjects(RDF.type, kind))
        for prop in (SH.targetClass, SH.targetSubjectsOf, SH.targetNode, SH.targetObjectsOf, SH.target, SH.path):
            shape_nodes.update(shapes.subjects(prop, None))
        for node in shape_nodes:
            self._shape(node)
        self.top = [s for s in self.shapes.values() if s.target_classes or s.target_subjects_of]
        for shape in self.shapes.values():
            if shape.node in self._nested_roots and (shape.sparql or shape.properties and any(
                    self.shapes[p].sparql for p in shape.properties)):
                raise Unsupported(f"SPARQL constraint in a nested shape {shape.node}")

    # -- compilation ------------------------------------------------------------------------

    def _shape(self, node: Node) -> Shape:
        known = self.shapes.get(node)
        if known is not None:
            return known
        g = self.shapes_graph
        for prop in set(g.predicates(node, None)):
            # Other namespaces are annotations (custom constraint components, whose parameters
            # could live anywhere, are refused as a whole in __init__).
            if prop not in _SHAPE_KEYS and str(prop).startswith(str(SH)):
                raise Unsupported(f"shape {node}: {prop} is not supported")
        for cls in g.objects(node, RDF.type):
            if cls in (RDFS.Class, OWL.Class):
                raise Unsupported(f"shape {node} is also a class (implicit target)")
        path = _one(g, node, SH.path)
        if path is not None and not isinstance(path, URIRef):
            raise Unsupported(f"shape {node}: only predicate paths are supported")
        shape = Shape(
            node=node, path=path, severity=_one(g, node, SH.severity) or SH.Violation,  # type: ignore[arg-type]
            messages=tuple(m for m in g.objects(node, SH.message) if isinstance(m, Literal)),
            target_classes=tuple(g.objects(node, SH.targetClass)),
            target_subjects_of=tuple(g.objects(node, SH.targetSubjectsOf)),
        )
        self.shapes[node] = shape  # before recursing: shapes may refer to each other
        self._compile_constraints(shape)
        for prop in g.objects(node, SH.property):
            if path is not None:
                raise Unsupported(f"sh:property inside property shape {node}")
            self._shape(prop)
            shape.properties.append(prop)
        for constraint in g.objects(node, SH.sparql):
            compiled = self._sparql(constraint, path)
            if not compiled.messages and not shape.messages:
                raise Unsupported(f"SPARQL constraint {constraint} has no sh:message")
            shape.sparql.append(compiled)
        return shape

    def _nested_shape(self, node: Node) -> Node:
        self._nested_roots.add(node)
        self._shape(node)
        return node

    def _list(self, head: Node) -> list[Node]:
        return list(Collection(self.shapes_graph, head))

    def _compile_constraints(self, shape: Shape) -> None:
        g, node, add = self.shapes_graph, shape.node, shape.constraints.append
        minimum, maximum = _int(g, node, SH.minCount), _int(g, node, SH.maxCount)
        if (minimum is not None or maximum is not None) and shape.path is None:
            raise Unsupported(f"cardinality on node shape {node}")
        # Each check takes what it needs as default arguments, bound when it is defined (some
        # are defined in loops or from variables reassigned further down).
        if minimum is not None and minimum > 0:
            def too_few(d: Data, fv: FocusValues, n: int = minimum) -> list[Found]:
                return [(f, None, None) for f, vs in fv.items() if len(vs) < n]
            add(Constraint(SH.MinCountConstraintComponent, too_few, (Literal(minimum),)))
        if maximum is not None:
            def too_many(d: Data, fv: FocusValues, n: int = maximum) -> list[Found]:
                return [(f, None, None) for f, vs in fv.items() if len(vs) > n]
            add(Constraint(SH.MaxCountConstraintComponent, too_many, (Literal(maximum),)))

        def each(component: URIRef, ok: Callable[[Data, Node], bool], *params: Node) -> None:
            add(Constraint(component, lambda d, fv: [
                (f, v, None) for f, vs in fv.items() for v in vs if not ok(d, v)], params))

        cls = _one(g, node, SH["class"])
        if cls is not None:
            def class_ok(d: Data, v: Node, c: Node = cls) -> bool:
                return d.has_class(v, c)
            each(SH.ClassConstraintComponent, class_ok, cls)
        datatype = _one(g, node, SH.datatype)
        if datatype is not None:
            def datatype_ok(d: Data, v: Node, r: Node = datatype) -> bool:
                return _datatype_ok(v, r)
            each(SH.DatatypeConstraintComponent, datatype_ok, datatype)
        kind = _one(g, node, SH.nodeKind)
        if kind is not None:
            def kind_ok(d: Data, v: Node, r: Node = kind) -> bool:
                return _kind_ok(v, r)
            each(SH.NodeKindConstraintComponent, kind_ok, kind)
        allowed_head = _one(g, node, SH["in"])
        if allowed_head is not None:
            allowed: set[Node] = set()
            for item in self._list(allowed_head):  # built as pyshacl builds it: its generic
                allowed.add(item)                  # message lists the set in iteration order

            def in_ok(d: Data, v: Node, a: set[Node] = allowed) -> bool:
                return v in a
            each(SH.InConstraintComponent, in_ok, *allowed)
        wanted = _one(g, node, SH.hasValue)
        if wanted is not None:
            def lacks_value(d: Data, fv: FocusValues, w: Node = wanted) -> list[Found]:
                return [(f, None, None) for f, vs in fv.items() if not any(v == w for v in vs)]
            add(Constraint(SH.HasValueConstraintComponent, lacks_value, (wanted,)))
        pattern = _one(g, node, SH.pattern)
        if pattern is not None:
            if not isinstance(pattern, Literal) or not isinstance(pattern.value, str):
                raise Unsupported(f"{node}: sh:pattern is not a string")
            regex = re.compile(str(pattern.value))

            def pattern_ok(d: Data, v: Node, r: re.Pattern[str] = regex) -> bool:
                return not isinstance(v, BNode) and r.search(_as_string(v)) is not None
            each(SH.PatternConstraintComponent, pattern_ok, pattern)
        langs_head = _one(g, node, SH.languageIn)
        if langs_head is not None:
            langs = {str(lang.value).lower() for lang in self._list(langs_head)
                     if isinstance(lang, Literal) and isinstance(lang.value, str)}
            if len(langs) != len(self._list(langs_head)):
                raise Unsupported(f"{node}: sh:languageIn entries must be strings")

            def lang_ok(d: Data, v: Node, langs: set[str] = langs) -> bool:
                if not isinstance(v, Literal) or not v.language:
                    return False
                tag = str(v.language).lower()
                return "*" in langs or tag in langs or tag.split("-")[0] in langs
            each(SH.LanguageInConstraintComponent, lang_ok, langs_head)
        min_length = _int(g, node, SH.minLength)
        if min_length is not None:
            def min_length_ok(d: Data, v: Node, n: int = min_length) -> bool:
                return n == 0 or (not isinstance(v, BNode) and len(_as_string(v)) >= n)
            each(SH.MinLengthConstraintComponent, min_length_ok, Literal(min_length))
        for prop, want, component in ((SH.minInclusive, lambda c: c >= 0, SH.MinInclusiveConstraintComponent),
                                      (SH.maxInclusive, lambda c: c <= 0, SH.MaxInclusiveConstraintComponent)):
            bound = _one(g, node, prop)
            if bound is not None:
                if not isinstance(bound, Literal):
                    raise Unsupported(f"{node}: {prop} is not a literal")

                def range_ok(d: Data, v: Node, b: Literal = bound, w: Callable[[int], bool] = want) -> bool:
                    return _range_ok(v, b, w)
                each(component, range_ok, bound)
        for prop, strict, component in ((SH.lessThan, True, SH.LessThanConstraintComponent),
                                        (SH.lessThanOrEquals, False, SH.LessThanOrEqualsConstraintComponent)):
            other = _one(g, node, prop)
            if other is not None:
                if not isinstance(other, URIRef):
                    raise Unsupported(f"{node}: {prop} must be an IRI")

                def not_less(d: Data, fv: FocusValues, o: URIRef = other, s: bool = strict) -> list[Found]:
                    return [(f, v, None) for f, vs in fv.items() for v in vs for w in d.values(f, o)
                            if not _pair_ok(v, w, s)]
                add(Constraint(component, not_less, (other,)))
        target = _one(g, node, SH.node)
        if target is not None:
            ref = self._nested_shape(target)

            def nonconforming(d: Data, fv: FocusValues, r: Node = ref) -> list[Found]:
                return [(f, v, None, details) for f, vs in fv.items() for v in vs
                        for details in (self._nested(d, v, r),) if details]
            add(Constraint(SH.NodeConstraintComponent, nonconforming, (target,)))
        head = _one(g, node, SH["or"])
        if head is not None:
            options = [self._nested_shape(s) for s in self._list(head)]

            def some_conform(d: Data, v: Node, o: list[Node] = options) -> bool:
                return any(self._conforms(d, v, s) for s in o)
            each(SH.OrConstraintComponent, some_conform, head)
        head = _one(g, node, SH.xone)
        if head is not None:
            options = [self._nested_shape(s) for s in self._list(head)]

            def one_conforms(d: Data, v: Node, o: list[Node] = options) -> bool:
                return sum(self._conforms(d, v, s) for s in o) == 1
            each(SH.XoneConstraintComponent, one_conforms, head)
        qualified = _one(g, node, SH.qualifiedValueShape)
        if qualified is not None:
            self._qualified(shape, self._nested_shape(qualified))
        elif any((node, p, None) in g for p in (SH.qualifiedMinCount, SH.qualifiedMaxCount)):
            raise Unsupported(f"{node}: qualified count without sh:qualifiedValueShape")

    def _qualified(self, shape: Shape, qualified: Node) -> None:
        g, node = self.shapes_graph, shape.node
        disjoint = g.objects(node, SH.qualifiedValueShapesDisjoint)
        if any(isinstance(v, Literal) and v.toPython() is True for v in disjoint):
            raise Unsupported(f"{node}: sh:qualifiedValueShapesDisjoint")
        low, high = _int(g, node, SH.qualifiedMinCount), _int(g, node, SH.qualifiedMaxCount)
        if low is None and high is None:
            raise Unsupported(f"{node}: sh:qualifiedValueShape without a count")

        def check(d: Data, fv: dict[Node, list[Node]]) -> list[Found]:
            if (low is None or low < 1) and not any(fv.values()):
                return []  # pyshacl's shortcut: no value nodes at all, nothing to count
            found: list[Found] = []
            for f, vs in fv.items():
                n = sum(1 for v in vs if self._conforms(d, v, qualified))
                if high is not None and n > high:
                    found.append((f, None, SH.QualifiedMaxCountConstraintComponent))
                if low is not None and n < low:
                    found.append((f, None, SH.QualifiedMinCountConstraintComponent))
            return found
        counts = "".join(f" {name} {n}" for name, n in (("MinCount", low), ("MaxCount", high)) if n is not None)
        shape.constraints.append(Constraint(SH.QualifiedMinCountConstraintComponent, check,
                                            (qualified, Literal(counts))))

    def _prefixes(self, node: Node, seen: set[Node] | None = None) -> list[str]:
        g, seen = self.shapes_graph, seen if seen is not None else set()
        if node in seen:
            return []
        seen.add(node)
        lines = []
        for decl in g.objects(node, SH.declare):
            prefix, ns = _one(g, decl, SH.prefix), _one(g, decl, SH.namespace)
            if prefix is None or ns is None:
                raise Unsupported(f"incomplete sh:declare on {node}")
            lines.append(f"PREFIX {prefix}: <{ns}>")
        for imported in g.objects(node, OWL.imports):
            lines.extend(self._prefixes(imported, seen))
        return lines

    def _sparql(self, node: Node, path: URIRef | None) -> SparqlConstraint:
        g = self.shapes_graph
        for prop in set(g.predicates(node, None)):
            if prop not in _SPARQL_KEYS:
                raise Unsupported(f"SPARQL constraint {node}: {prop} is not supported")
        select = _one(g, node, SH.select)
        if select is None:
            raise Unsupported(f"SPARQL constraint {node} has no sh:select")
        text = str(select)
        for forbidden in ("$shapesGraph", "$currentShape", "?failure", "$failure"):
            if forbidden in text:
                raise Unsupported(f"SPARQL constraint {node} uses {forbidden}")
        if len(re.findall(r"\bSELECT\b", text, re.IGNORECASE)) != 1 or re.search(
                r"\b(GRAPH|SERVICE)\b", text, re.IGNORECASE):
            raise Unsupported(f"SPARQL constraint {node}: subqueries, GRAPH and SERVICE are not supported")
        if not _THIS_PROJECTED.search(text):
            raise Unsupported(f"SPARQL constraint {node}: the query must select $this")
        if not _THIS_FIRST.search(text):
            # Running the query once for all focus nodes equals pre-binding $this per focus node
            # only when the first pattern of the top-level group binds $this.
            raise Unsupported(f"SPARQL constraint {node}: the query must start with a `$this` pattern")
        if "$PATH" in text:
            if path is None:
                raise Unsupported(f"SPARQL constraint {node} uses $PATH outside a property shape")
            text = text.replace("$PATH", path.n3())
        prefixes = []
        for holder in g.objects(node, SH.prefixes):
            prefixes.extend(self._prefixes(holder))
        query = "\n".join([*prefixes, text])
        import pyoxigraph

        try:
            pyoxigraph.Store().query(query)
        except SyntaxError as exc:
            raise Unsupported(f"SPARQL constraint {node}: {exc}") from None

        needed = predicates(query)
        return SparqlConstraint(node, query, tuple(m for m in g.objects(node, SH.message) if isinstance(m, Literal)),
                                None if needed is None else frozenset(URIRef(p) for p in needed))

    # -- evaluation -------------------------------------------------------------------------

    def _nested(self, data: Data, node: Node, shape_node: Node) -> list:
        """All results of `node` against a shape referenced by sh:node/or/xone/qualifiedValueShape
        (cached for the run): it conforms iff there are none, and pyshacl reports them as the
        sh:detail results of a failed sh:node."""
        key = (node, shape_node)
        known = data.nested.get(key)
        if known is None:
            known = data.nested[key] = self._evaluate(data, self.shapes[shape_node], [node], [])
        return known

    def _conforms(self, data: Data, node: Node, shape_node: Node) -> bool:
        return not self._nested(data, node, shape_node)

    def _evaluate(self, data: Data, shape: Shape, focus: Iterable[Node], out: list) -> list:
        """Append the results of `shape` on `focus` to `out` as (shape, constraint, found, vars)."""
        if shape.path is not None:
            by_s = data.predicate(shape.path)
            fv = {f: by_s.get(f, []) for f in focus}
        else:
            fv = {f: [f] for f in focus}
        if not fv:
            return out
        for constraint in shape.constraints:
            for found in constraint.check(data, fv):
                out.append((shape, constraint, found, {}))  # a failed sh:node's found[3]: its sh:detail
        for prop in shape.properties:
            self._evaluate(data, self.shapes[prop], list(fv), out)
        if shape.sparql:
            self._run_sparql(data, shape, list(fv), out)
        return out

    def _run_sparql(self, data: Data, shape: Shape, focus: list[Node], out: list) -> None:
        focus_set = set(focus)
        for constraint in shape.sparql:
            store = self._store(data, constraint.predicates)
            seen: dict[Node, list] = {}
            solutions = store.query(constraint.query)
            variables = solutions.variables
            for row in solutions:
                bound = {var.value: _from_ox(row[var], self._terms) for var in variables
                         if row[var] is not None}
                this = bound.pop("this", None)
                if this not in focus_set:
                    continue
                p, v = bound.pop("path", None), bound.pop("value", None)
                key = (this, p, v, bound)
                rows = seen.setdefault(this, [])
                if key in rows:
                    continue
                rows.append(key)
                if v is None and shape.path is None:
                    v = this
                out.append((shape, constraint, (this, v, SH.SPARQLConstraintComponent), {**bound, "_path": p}))

    def _store(self, data: Data, needed: frozenset[URIRef] | None):  # type: ignore[no-untyped-def]
        """Data + ontology as a pyoxigraph store holding only the triples whose predicate the
        query can match (all of them when that is not certain); one store per predicate set
        per run."""
        store = data.stores.get(needed)
        if store is not None:
            return store
        import pyoxigraph as ox

        to_ox = self._to_ox
        if needed is None:
            if self._background_quads is None:
                self._background_quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in self.background.graph]
            quads = [*self._background_quads, *(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in data.graph)]
        else:
            quads = [ox.Quad(to_ox(s), ox_p, to_ox(o))
                     for p in needed for ox_p in (to_ox(p),)
                     for s, objs in data.predicate(p).items() for o in objs]
        store = data.stores[needed] = ox.Store()
        store.extend(quads)
        return store


    def _to_ox(self, term: Node):  # type: ignore[no-untyped-def]
        import pyoxigraph as ox

        cache = self._ox_cache
        hit = cache.get(term)
        if hit is not None:
            return hit
        if isinstance(term, URIRef):
            hit = ox.NamedNode(str(term))
        elif isinstance(term, BNode):
            hit = ox.BlankNode(str(term))
        elif isinstance(term, Literal) and term.language:
            hit = ox.Literal(str(term), language=term.language)
        elif isinstance(term, Literal) and term.datatype:
            hit = ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        else:
            hit = ox.Literal(str(term))
        if len(cache) > 200_000:  # articles' terms: keep memory bounded on a long corpus run
            cache.clear()
            self._terms.clear()
        cache[term] = hit
        self._terms.setdefault(hit, term)
        return hit

    def run(self, graph: Graph) -> list[RawResult]:
        """Validate `graph` (with the background mixed in) and return pyshacl-equivalent results."""
        data = Data(graph, self.background)
        found: list = []
        for shape in self.top:
            focus: set[Node] = set()
            for cls in shape.target_classes:
                focus.update(data.instances(cls))
            for prop in shape.target_subjects_of:
                focus.update(data.predicate(prop))
            if focus:
                self._evaluate(data, shape, focus, found)
        return [self._result(*item) for item in found]

    def _result(self, shape: Shape, constraint, found: Found, bound: dict) -> RawResult:
        focus, value, component = found[:3]
        component = component or constraint.component
        path = shape.path
        if isinstance(constraint, SparqlConstraint):
            # pyshacl: the constraint's messages plus the shape's, all with {?var} substituted
            bound = dict(bound)  # nested results are shared between the results that carry them
            query_path = bound.pop("_path", None)
            path = query_path if query_path is not None else path
            fmt = {**bound, "this": focus, "path": query_path, "value": value}
            messages = {*constraint.messages, *shape.messages}
            texts = {_format(str(m), fmt) for m in messages}
        elif shape.messages:
            texts = {str(m) for m in shape.messages}
        else:
            texts = {_generic_message(self.shapes_graph, shape, constraint, component, focus, value)}
        details = tuple(sorted((self._result(*item) for item in found[3]), key=result_key)) if len(found) > 3 else ()
        return RawResult(focus, path, value, shape.severity, component, tuple(sorted(texts)), details)


def _format(message: str, bound: dict) -> str:
    """pyshacl's `{?var}` / `{$var}` substitution (re.sub with the term's str())."""
    for var, val in bound.items():
        if val is not None:
            message = re.sub(f"{{[?$]{var}}}", str(val), message)
    return message


def _from_ox(term, terms: dict) -> Node:  # type: ignore[no-untyped-def]
    known = terms.get(term)
    return known if known is not None else from_pyoxigraph(term)


def from_pyoxigraph(term) -> Node:  # type: ignore[no-untyped-def]
    """A pyoxigraph term as rdflib makes it when it reads N-Triples (a plain string literal
    has no datatype)."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    dt = term.datatype.value
    return Literal(term.value, datatype=None if dt == str(XSD.string) else URIRef(dt))


PATH = URIRef("urn:x-shacl-fast:path")  # placeholder replaced by the shape's path

# pyshacl's generic messages: (stringify, data graph, shapes graph, params, focus, value) -> text
_GENERIC: dict[URIRef, Callable[..., str]] = {
    SH.MinCountConstraintComponent: lambda s, d, g, p, f, v: f"Less than {p[0]} values on {s(d, f)}->{s(g, PATH)}",
    SH.MaxCountConstraintComponent: lambda s, d, g, p, f, v: f"More than {p[0]} values on {s(d, f)}->{s(g, PATH)}",
    SH.ClassConstraintComponent: lambda s, d, g, p, f, v: f"Value does not have class {s(g, p[0])}",
    SH.DatatypeConstraintComponent: lambda s, d, g, p, f, v: f"Value is not Literal with datatype {s(g, p[0])}",
    SH.NodeKindConstraintComponent: lambda s, d, g, p, f, v: f"Value is not of Node Kind {s(g, p[0])}",
    SH.InConstraintComponent: lambda s, d, g, p, f, v: f"Value {s(d, v)} not in list {[s(g, x) for x in p]}",
    SH.HasValueConstraintComponent: lambda s, d, g, p, f, v:
        f"Node {s(d, f)}->{s(g, PATH)} does not contain a value in the set: {[s(g, p[0])]}",
    SH.PatternConstraintComponent: lambda s, d, g, p, f, v: f"Value does not match pattern '{p[0].value}'",
    SH.LanguageInConstraintComponent: lambda s, d, g, p, f, v: f"String language is not in {s(g, p[0])}",
    SH.MinLengthConstraintComponent: lambda s, d, g, p, f, v: f"String length not >= {s(d, p[0])}",
    SH.MinInclusiveConstraintComponent: lambda s, d, g, p, f, v: f"Value is not >= {s(g, p[0])}",
    SH.MaxInclusiveConstraintComponent: lambda s, d, g, p, f, v: f"Value is not <= {s(g, p[0])}",
    SH.LessThanConstraintComponent: lambda s, d, g, p, f, v: f"Value of {s(d, f)}->{s(g, p[0])} <= {s(d, v)}",
    SH.LessThanOrEqualsConstraintComponent: lambda s, d, g, p, f, v: f"Value of {s(d, f)}->{s(g, p[0])} < {s(d, v)}",
    SH.QualifiedMinCountConstraintComponent: lambda s, d, g, p, f, v:
        f"Focus node does not conform to shape{p[1]}: {s(g, p[0])}",
    SH.QualifiedMaxCountConstraintComponent: lambda s, d, g, p, f, v:
        f"Focus node does not conform to shape{p[1]}: {s(g, p[0])}",
    SH.NodeConstraintComponent: lambda s, d, g, p, f, v:
        f"Value does not conform to Shape {s(g, p[0])}. See details for more information.",
    SH.OrConstraintComponent: lambda s, d, g, p, f, v: "Node {} must conform to one or more shapes in {}".format(
        s(d, v), " , ".join(s(g, x) for x in g.items(p[0]))),
    SH.XoneConstraintComponent: lambda s, d, g, p, f, v: "Node {} must conform to exactly one shape in {}".format(
        s(d, v), " , ".join(s(g, x) for x in g.items(p[0]))),
}


def _has_value_on_node_shape(s: Callable[[Graph, Node], str], d: Graph, g: Graph, p: tuple[Node, ...], f: Node,
                             v: Node | None) -> str:
    """pyshacl's sh:hasValue message when the shape has no path (a node shape)."""
    return f"Node {s(d, f)} value is not a in the set of values: {[s(g, p[0])]}"


def _generic_message(shapes: Graph, shape: Shape, constraint, component: URIRef, focus: Node,
                     value: Node | None) -> str:
    """pyshacl's default message for a result whose shape has no sh:message (broken data only,
    so pyshacl's stringifier is imported only then)."""
    from pyshacl.rdfutil import stringify_node

    if component == SH.HasValueConstraintComponent and shape.path is None:
        maker: Callable[..., str] | None = _has_value_on_node_shape  # pyshacl words it without a path
    else:
        maker = _GENERIC.get(component)
    if maker is None:
        raise Unsupported(f"no generic message for {component}")

    def s(graph: Graph, node: Node) -> str:
        if node == PATH:
            if shape.path is None:  # only property shapes' components name the path
                raise Unsupported(f"{component} names the path of node shape {shape.node}")
            node = shape.path
        return stringify_node(graph, node)

    return maker(s, Graph(), shapes, constraint.params, focus, value)
