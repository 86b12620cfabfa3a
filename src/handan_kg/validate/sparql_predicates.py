"""Which predicates can a SPARQL query's triple patterns match? (None = any, or not sure.)

Why: the fast SHACL engine runs each SHACL-SPARQL constraint on a pyoxigraph store, and
copying a whole article graph into that store costs ten times more than the queries. A query
whose every triple pattern has a constant predicate (or a property path of constants) only
sees triples with those predicates, so loading just those gives the same answers.

The answer must be sound, not complete: this reads the WHERE clause with a small state machine
(subject -> predicate -> object, `;` `,` `.`, groups, FILTER/BIND expressions, blank-node
property lists, property paths) and returns None whenever it meets a negated property set, a
variable predicate that no `FILTER (?p IN (iri, ...))` of the same group restricts, or
anything it does not follow (subqueries, GRAPH, SERVICE, EXISTS inside an expression, RDF
collections). None means "load everything".
"""

from __future__ import annotations

import re

from handan_kg.namespaces import RDF

_RDF_TYPE = RDF + "type"

_TOKEN = re.compile(r"""
    (?P<ws>\s+|\#[^\n]*)
  | (?P<string>\"\"\"(?:[^\\]|\\.)*?\"\"\"|'''(?:[^\\]|\\.)*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][A-Za-z0-9_]+)
  | (?P<pname>(?:[A-Za-z](?:[\w.-]*\w)?)?:(?:[\w:%-](?:[\w.:%-]*[\w:%-])?)?|_:\w(?:[\w.-]*\w)?)
  | (?P<number>[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))
  | (?P<word>[A-Za-z_][\w-]*)
  | (?P<op>&&|\|\||!=|<=|>=|\^\^|[{}()\[\].;,/|^*+?!=<>@-])
""", re.VERBOSE)

_GROUP_KEYWORDS = {"OPTIONAL", "UNION", "MINUS"}
_UNSUPPORTED = {"GRAPH", "SERVICE", "SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}


class _Unsure(Exception):
    pass


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise _Unsure(f"cannot read {text[pos:pos + 20]!r}")
        pos = match.end()
        kind = match.lastgroup or ""
        if kind != "ws":
            out.append((kind, match.group()))
    return out


def predicates(query: str) -> frozenset[str] | None:
    """The predicate IRIs the query's patterns can match, or None if that is not certain."""
    try:
        return _predicates(_tokens(query))
    except _Unsure:
        return None


def _predicates(tokens: list[tuple[str, str]]) -> frozenset[str]:
    prefixes: dict[str, str] = {}
    i = 0
    while i < len(tokens) and tokens[i][1].upper() in ("PREFIX", "BASE"):
        if tokens[i][1].upper() == "BASE":
            raise _Unsure("BASE")
        name, iri = tokens[i + 1][1], tokens[i + 2][1]
        prefixes[name.removesuffix(":")] = iri[1:-1]
        i += 3
    if i >= len(tokens) or tokens[i][1].upper() != "SELECT":
        raise _Unsure("not a SELECT query")
    while i < len(tokens) and tokens[i][1] != "{":
        if tokens[i][1] == "(":  # projected expressions may hide EXISTS
            raise _Unsure("expression in the projection")
        i += 1
    found: set[str] = set()
    end = _group(tokens, i, prefixes, found)
    for kind, text in tokens[end:]:  # solution modifiers only (GROUP BY, ORDER BY, LIMIT)
        if text == "{" or text.upper() in _UNSUPPORTED:
            raise _Unsure("pattern after the WHERE clause")
    return frozenset(found)


def _iri(kind: str, text: str, prefixes: dict[str, str]) -> str:
    if kind == "iri":
        return text[1:-1]
    if text == "a":
        return _RDF_TYPE
    if kind == "pname" and not text.startswith("_:"):
        prefix, _, local = text.partition(":")
        if prefix not in prefixes:
            raise _Unsure(f"unknown prefix {prefix}")
        return prefixes[prefix] + local
    raise _Unsure(f"{text} in predicate position")


def _skip_parens(tokens: list[tuple[str, str]], i: int) -> int:
    """Index after the balanced (...) starting at i; EXISTS inside an expression is unsure."""
    depth = 0
    while i < len(tokens):
        text = tokens[i][1]
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        elif text in ("{", "}") or text.upper() in ("EXISTS", "SELECT"):
            raise _Unsure("pattern inside an expression")
        i += 1
    raise _Unsure("unbalanced parentheses")


def _group(tokens: list[tuple[str, str]], i: int, prefixes: dict[str, str], found: set[str]) -> int:
    """Read the group starting at tokens[i] == '{'; return the index after its '}'."""
    if tokens[i][1] != "{":
        raise _Unsure("expected a group")
    i += 1
    state = "subject"
    stack: list[str] = []  # states to return to after a [ ... ] blank node
    variable_predicates: set[str] = set()  # ?p in `?s ?p ?o` directly in this group
    allowed: dict[str, set[str]] = {}  # ?p -> IRIs, from a `FILTER (?p IN (...))` of this group
    while i < len(tokens):
        kind, text = tokens[i]
        upper = text.upper() if kind == "word" else ""
        if text == "}" and not stack:
            # A group's FILTER removes every solution whose ?p is outside its list, so triples
            # with other predicates cannot contribute to this group (nor to EXISTS/OPTIONAL
            # around it).
            for var in variable_predicates:
                if var not in allowed:
                    raise _Unsure(f"variable predicate {var}")
                found.update(allowed[var])
            return i + 1
        if text == "{":
            i = _group(tokens, i, prefixes, found)
            state = "subject"
            continue
        if upper in _UNSUPPORTED or text == "(" and state in ("subject", "object"):
            raise _Unsure(f"{text} in a pattern")
        if upper in _GROUP_KEYWORDS:
            i += 1
            state = "subject"
            continue
        if upper == "FILTER":
            i += 1
            if tokens[i][1].upper() == "NOT":
                i += 1
            if tokens[i][1].upper() == "EXISTS":
                i = _group(tokens, i + 1, prefixes, found)
            else:
                if tokens[i][0] == "word":  # FILTER regex(...)
                    i += 1
                listed = _in_list(tokens, i, prefixes)
                if listed is not None:
                    allowed.setdefault(listed[0], set()).update(listed[1])
                i = _skip_parens(tokens, i)
            state = "subject"
            continue
        if upper == "BIND":
            i = _skip_parens(tokens, i + 1)
            state = "subject"
            continue
        if upper == "VALUES":
            raise _Unsure("VALUES")
        if text == ".":
            state, i = "subject", i + 1
            continue
        if text == ";":
            state, i = "predicate", i + 1
            continue
        if text == ",":
            state, i = "object", i + 1
            continue
        if text == "[":
            stack.append("predicate" if state == "subject" else "after")
            state, i = "predicate", i + 1
            continue
        if text == "]":
            if not stack:
                raise _Unsure("unbalanced ]")
            state, i = stack.pop(), i + 1
            continue
        if state == "predicate":
            if kind == "var":
                variable_predicates.add(text[1:])
                i += 1
            else:
                i = _path(tokens, i, prefixes, found)
            state = "object"
            continue
        if state in ("subject", "object") and kind in ("var", "iri", "pname", "string", "number") or text in (
                "true", "false"):
            i += 1
            while i < len(tokens) and tokens[i][1] in ("@", "^^"):  # language tag or datatype
                i += 2
            state = "predicate" if state == "subject" else "after"
            continue
        raise _Unsure(f"unexpected {text}")
    raise _Unsure("unclosed group")


def _in_list(tokens: list[tuple[str, str]], i: int, prefixes: dict[str, str]) -> tuple[str, set[str]] | None:
    """(var, IRIs) when tokens[i:] read exactly `( ?var IN ( iri, ... ) )`, else None."""
    texts = [text for _, text in tokens[i:i + 4]]
    if len(texts) < 4 or texts[0] != "(" or tokens[i + 1][0] != "var" or texts[2].upper() != "IN" or texts[3] != "(":
        return None
    iris: set[str] = set()
    j = i + 4
    while j < len(tokens):
        kind, text = tokens[j]
        if kind not in ("iri", "pname"):
            return None
        iris.add(_iri(kind, text, prefixes))
        following = tokens[j + 1][1] if j + 1 < len(tokens) else ""
        if following == ",":
            j += 2
            continue
        if following == ")" and j + 2 < len(tokens) and tokens[j + 2][1] == ")":
            return tokens[i + 1][1][1:], iris
        return None
    return None


def _path(tokens: list[tuple[str, str]], i: int, prefixes: dict[str, str], found: set[str]) -> int:
    """A predicate or property path of constant IRIs: sequences, alternatives, inverses,
    groups and * + ? modifiers. A variable or a negated set makes the answer unsure."""
    depth = 0
    expect_element = True
    while i < len(tokens):
        kind, text = tokens[i]
        if expect_element:
            if text == "^":
                i += 1
                continue
            if text == "(":
                depth += 1
                i += 1
                continue
            if text == "!" or kind == "var":
                raise _Unsure("variable or negated predicate")
            found.add(_iri(kind, text, prefixes))
            expect_element = False
            i += 1
            continue
        if text in ("*", "+", "?"):
            i += 1
        elif text in ("/", "|"):
            expect_element = True
            i += 1
        elif text == ")" and depth > 0:
            depth -= 1
            i += 1
        else:
            break
    if depth or expect_element:
        raise _Unsure("unfinished path")
    return i
