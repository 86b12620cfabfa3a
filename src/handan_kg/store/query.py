"""SPARQL over a built dataset: an embedded pyoxigraph store by default, any endpoint remotely.

Why pyoxigraph for the embedded store: it imports in a few milliseconds and answers the
competency queries in well under a millisecond each, so `handan-kg query` stays a quick
command; rdflib (~55 ms to import, much slower SPARQL) is never imported on this path.

The embedded store is the one `build` leaves on disk (`store.dataset`): the dataset, the
ontology and the RDFS subclass / subproperty closure of the two. `handan-kg load` sends
the same closed graph to servers, so the library's queries give the same answers on the
embedded store and on a triplestore that does no reasoning of its own.

Every result, local or remote, becomes a pyoxigraph result object first (remote answers
are parsed from the SPARQL 1.1 JSON/XML results formats or the RDF syntax the server
names), so one set of writers produces every output format. Remote queries go over the
SPARQL 1.1 Protocol through `handan_kg.store.remote`, the HTTP configuration `load` and
`link` use too (User-Agent, timeout, retries, authentication).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from handan_kg.errors import EndpointError, QueryError
from handan_kg.namespaces import PREFIXES, WIKIDATA_PREFIXES
from handan_kg.resources import QUERIES_DIR
from handan_kg.store import remote
from handan_kg.store.dataset import open_dataset
from handan_kg.store.guard import QueryRefused, cap_memory, check_query

RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld")

_RESULTS_FORMAT = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
_RDF_FORMAT = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}

# Prefixes that Wikidata-style endpoints predefine, so a remote query that relies on them
# can still be checked locally for syntax errors before it is sent.


_QUESTION = re.compile(r"^#\s*Question:\s*(.+?)\s*$", re.MULTILINE | re.IGNORECASE)
_PREFIX = re.compile(r"PREFIX\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE)

Result = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
_RDFS_LABEL = ox.NamedNode(PREFIXES["rdfs"] + "label")
_PLAIN_IRI = re.compile(r"[^\s<>\"{}|\\^`]+")
_LABEL_BATCH = 200  # IRIs per label query: a short request, well under any server's URL or body limit


@dataclass(frozen=True)
class LibraryQuery:
    """A competency query shipped in queries/: `name` is the file stem."""

    name: str
    path: Path
    question: str


@dataclass(frozen=True)
class Query:
    """Query text plus where it came from (for error messages)."""

    text: str
    origin: str


def library(queries_dir: Path = QUERIES_DIR) -> list[LibraryQuery]:
    """The query library, sorted by name; the question is the `# Question:` header line."""
    out = []
    for path in sorted(queries_dir.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        found = _QUESTION.search(text)
        if found:
            question = found.group(1)
        else:
            comments = [line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")]
            question = next((c for c in comments if c), "")
        out.append(LibraryQuery(path.stem, path, question))
    return out


def resolve(spec: str | None, inline: str | None = None, queries_dir: Path = QUERIES_DIR) -> Query:
    """Inline text, an existing file, or a library name, in that order of precedence."""
    if inline is not None:
        if spec is not None:
            raise QueryError("give either a QUERY argument or -e TEXT, not both")
        if not inline.strip():
            raise QueryError("-e: the query text is empty")
        return Query(inline, "-e")
    if not spec:
        raise QueryError("no query given: pass a file, a library name (see --list) or -e 'SELECT ...'")
    path = Path(spec)
    if path.is_file():
        try:
            return Query(path.read_text(encoding="utf-8"), str(path))
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{path}: cannot read query file ({exc.__class__.__name__})") from None
    named = {q.name: q for q in library(queries_dir)}
    if spec in named:
        return Query(named[spec].path.read_text(encoding="utf-8"), str(named[spec].path))
    if path.suffix == ".rq" or os.sep in spec or "/" in spec:
        raise QueryError(f"{spec}: no such query file")
    names = ", ".join(sorted(named)) or "(the library is empty)"
    raise QueryError(f"unknown query '{spec}'; library queries: {names}")


def check_syntax(query: Query, prefixes: dict[str, str] | None = None) -> Result:
    """Parse the query (on an empty store) so syntax errors carry the parser's line:column.

    The returned, unconsumed result tells which query form it is; nothing is evaluated.
    """
    try:
        return ox.Store().query(query.text, prefixes=prefixes)
    except SyntaxError as exc:
        unknown = _unknown_prefixes(query.text, prefixes or {}) if "Prefix not found" in str(exc) else []
        if unknown:  # the parser's message lists every character class it expected
            known = ", ".join(sorted(prefixes or {}))
            raise QueryError(f"{query.origin}: unknown prefix {', '.join(p + ':' for p in unknown)} "
                             f"(declare it with PREFIX; predeclared: {known or 'none'})") from None
        raise QueryError(f"{query.origin}: malformed query: {_first_line(str(exc))}") from None


def _unknown_prefixes(text: str, predeclared: dict[str, str]) -> list[str]:
    """The prefixes a query uses in prefixed names without declaring them (IRIs, strings and
    comments left out)."""
    body = re.sub(r"<[^<>\s]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|#[^\n]*", " ", text)
    used = {m.group(1) for m in re.finditer(r"(?<![\w:?$])([A-Za-z][\w.-]*|):(?=[\w(])", body)}
    return sorted(used - set(query_prefixes(text)) - set(predeclared) - {""})


def run_local(store: ox.Store, query: Query) -> Result:
    """Evaluate on the embedded store with the project's prefixes predeclared (`hkg:`, `rdfs:`,
    ...; a query's own PREFIX lines win); a syntax error becomes a `QueryError` with position."""
    try:
        return store.query(query.text, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(f"{query.origin}: malformed query: {_first_line(str(exc))}") from None
    except OSError as exc:
        raise QueryError(f"{query.origin}: query failed: {_first_line(str(exc))}") from None


def run_remote(endpoint: str, query: Query, graphs: Sequence[str] = (), timeout: float = 60.0,
               auth: str | None = "basic", retries: int = 3) -> Result | list[ox.Triple]:
    """Run the query on a SPARQL endpoint (SPARQL 1.1 Protocol, see `handan_kg.store.remote`).

    `graphs` go out as the protocol's `default-graph-uri` parameters, which makes a named
    graph (where `handan-kg load` puts the data) the query's default graph. `timeout` bounds
    the whole call, retries and their waits included; `auth` is a scheme of
    `remote.AUTH_SCHEMES` with its credentials in the environment (as for `load`).
    """
    form = check_syntax(query, WIKIDATA_PREFIXES)
    graph_form = isinstance(form, ox.QueryTriples)  # the form comes from the real parser
    config = remote.HttpConfig(timeout=timeout, retries=retries, auth=auth)
    with config.client(follow_redirects=True) as client:
        response = remote.sparql_query(config, client, endpoint, query.text, graphs=graphs, what=endpoint, budget=timeout,
                                       accept=remote.GRAPH_ACCEPT if graph_form else remote.RESULTS_ACCEPT)
    body = response.content
    media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    try:
        if graph_form:
            # servers may answer a graph in another syntax than the Turtle asked for
            rdf_format = ox.RdfFormat.from_media_type(media_type) or ox.RdfFormat.TURTLE
            return [quad.triple for quad in ox.parse(body, format=rdf_format)]
        results_format = ox.QueryResultsFormat.XML if "xml" in media_type else ox.QueryResultsFormat.JSON
        result = ox.parse_query_results(body, format=results_format)
        if isinstance(result, ox.QuerySolutions):
            list(result)  # read it all now: a server's error can come mid-stream
            result = ox.parse_query_results(body, format=results_format)
        return result
    except (SyntaxError, ValueError, OSError) as exc:
        raise EndpointError(f"{endpoint}: the answer is not valid SPARQL results ({_first_line(str(exc))})") from None


@dataclass(frozen=True)
class TableStyle:
    """How the `table` format shows terms: labels for people (an IRI column beside its
    `...Label` column left out, every other IRI by its `rdfs:label` where the store has one,
    else a dataset IRI as `kind/slug` and a vocabulary term as a prefixed name, no language
    tags) or, with `iris`, every term in full; `width` columns at most (cells cut with an
    ellipsis)."""

    iris: bool = False
    width: int | None = None


#: IRIs -> their display labels; a remote endpoint has none (its `...Label` columns say it)
LabelLookup = Callable[[Iterable[str]], dict[str, str]]


def _best_label(labels: Iterable[ox.Literal]) -> str | None:
    """English first, then untagged, then the other languages in order: the same choice in
    every run, on every store."""
    ranked = sorted(labels, key=lambda lit: (lit.language not in ("en", None), lit.language is not None, lit.language or "", lit.value))
    return ranked[0].value if ranked else None


def store_labels(store: ox.Store) -> LabelLookup:
    """Labels from the embedded store: per IRI its best `rdfs:label`."""

    def lookup(iris: Iterable[str]) -> dict[str, str]:
        found = {iri: _best_label(q.object for q in store.quads_for_pattern(ox.NamedNode(iri), _RDFS_LABEL, None)
                                  if isinstance(q.object, ox.Literal)) for iri in iris}
        return {iri: label for iri, label in found.items() if label is not None}

    return lookup


def endpoint_labels(endpoint: str, graphs: Sequence[str] = (), timeout: float = 60.0, auth: str | None = "basic",
                    retries: int = 3) -> LabelLookup:
    """Labels from a SPARQL endpoint, asked for in batches of `VALUES` (the same choice as on the
    embedded store, so a table reads the same from either)."""

    def lookup(iris: Iterable[str]) -> dict[str, str]:
        wanted = [iri for iri in iris if _PLAIN_IRI.fullmatch(iri)]  # nothing that could end the IRI early
        found: dict[str, list[ox.Literal]] = {}
        for start in range(0, len(wanted), _LABEL_BATCH):
            values = " ".join(f"<{iri}>" for iri in wanted[start:start + _LABEL_BATCH])
            text = f"SELECT ?iri ?label WHERE {{ VALUES ?iri {{ {values} }} ?iri <{_RDFS_LABEL.value}> ?label }}"
            answer = run_remote(endpoint, Query(text, f"{endpoint} (labels)"), graphs, timeout, auth, retries)
            for row in answer if isinstance(answer, ox.QuerySolutions) else ():
                iri, label = row["iri"], row["label"]
                if isinstance(iri, ox.NamedNode) and isinstance(label, ox.Literal):
                    found.setdefault(iri.value, []).append(label)
        return {iri: label for iri, labels in found.items() if (label := _best_label(labels)) is not None}

    return lookup


def render(result: Result | list[ox.Triple], fmt: str | None, query_text: str = "", style: TableStyle = TableStyle(),
           labels: LabelLookup | None = None) -> bytes:
    """Serialize a result; `fmt=None` picks table for SELECT/ASK and Turtle for graphs; a table
    shows IRIs by the labels `labels` finds (unless `style.iris`)."""
    prefixes = query_prefixes(query_text)
    if isinstance(result, (ox.QueryTriples, list)):
        fmt = fmt or "turtle"
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"--format {fmt} is for SELECT/ASK; CONSTRUCT/DESCRIBE results use {'|'.join(GRAPH_FORMATS)}")
        triples = sorted(set(result), key=str)
        if fmt == "jsonld":  # compacted with the dataset's context, like the built .jsonld
            # imported here: rdflib, which the rest of a query never needs, only for this format
            from handan_kg.write.serialize import compacted_jsonld

            compacted = compacted_jsonld(triples)
            if compacted is not None:
                return compacted
        out = _written(ox.serialize(triples, format=_RDF_FORMAT[fmt], prefixes=prefixes if fmt == "turtle" else None))
        return out if out.endswith(b"\n") else out + b"\n"
    fmt = fmt or "table"
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"--format {fmt} is for CONSTRUCT/DESCRIBE; SELECT/ASK results use {'|'.join(RESULT_FORMATS)}")
    if isinstance(result, ox.QueryBoolean):
        if fmt in ("table", "csv", "tsv"):
            return b"true\n" if bool(result) else b"false\n"
        return _written(result.serialize(format=_RESULTS_FORMAT[fmt])) + b"\n"
    if fmt == "table":
        variables = [v.value for v in result.variables]
        if not style.iris:  # `?commander ?commanderLabel`: the label says it
            variables = [v for v in variables if f"{v}Label" not in variables]
        solutions = [[solution[v] for v in variables] for solution in result]
        shown = prefixes if style.iris else {**PREFIXES, **prefixes}
        named = {} if style.iris or labels is None else labels(
            sorted({t.value for row in solutions for t in row if isinstance(t, ox.NamedNode)}))
        rows = [[_printable(_display(t, shown, style.iris, named)) for t in row] for row in solutions]
        if not style.iris:
            variables, rows = _without_repeats(variables, rows, solutions)
        return table(variables, rows, style.width).encode("utf-8")
    return _written(result.serialize(format=_RESULTS_FORMAT[fmt]))


def _without_repeats(variables: list[str], rows: list[list[str]], terms: list[list[object]]) -> tuple[list[str], list[list[str]]]:
    """Leave out an IRI column that, shown by its labels, repeats another column row for row
    (`?place ?labelEn`: the place is its English name)."""
    columns = list(zip(*rows))
    keep = [i for i, column in enumerate(columns)
            if not (any(isinstance(row[i], ox.NamedNode) for row in terms)
                    and any(j != i and other == column for j, other in enumerate(columns)))]
    if not rows or len(keep) == len(variables):
        return variables, rows
    return [variables[i] for i in keep], [[row[i] for i in keep] for row in rows]


def _written(data: bytes | None) -> bytes:
    if data is None:  # pyoxigraph returns None only when given an output to write to
        raise TypeError("pyoxigraph returned no bytes")
    return data


def query_prefixes(text: str) -> dict[str, str]:
    """PREFIX declarations of a query, reused to shorten IRIs in the output."""
    return {name: iri for name, iri in _PREFIX.findall(text)}


def _display(term: object, prefixes: dict[str, str], iris: bool = True, labels: dict[str, str] | None = None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        if labels and term.value in labels:
            return labels[term.value]
        for name, ns in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
            local = term.value[len(ns):]
            if ns and term.value.startswith(ns) and re.fullmatch(r"[\w.-]*", local) and not local.endswith("."):
                return f"{name}:{local}"
        entity = re.search(r"/id/([^/]+/[^/]+)$", term.value)
        if entity and not iris:  # `.../id/person/liu-bocheng`: the dataset's entity, by kind and slug
            return entity.group(1)
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return f"{term.value}@{term.language}" if term.language and iris else term.value
    return str(term)


def _printable(text: str) -> str:
    """Control characters (an ESC sequence in article text could recolour or retitle the
    terminal) shown as escapes, never sent to the terminal."""
    return "".join(ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii") for ch in text)


def _width(text: str) -> int:
    """Terminal columns: East Asian wide characters (Chinese names) take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(variables: Sequence[str], rows: Iterable[Sequence[str]], width: int | None = None) -> str:
    """An aligned plain-text table with a header rule and a row count; with `width`, the widest
    columns are narrowed (to 8 at least) until a line fits, and cut cells end in an ellipsis."""
    rows = [[cell.replace("\n", " ") for cell in row] for row in rows]
    widths = [max([_width(v)] + [_width(r[i]) for r in rows]) for i, v in enumerate(variables)]
    while width and sum(widths) + 2 * (len(widths) - 1) > width and max(widths, default=0) > 8:
        widths[widths.index(max(widths))] -= 1
    variables = [_cut(v, w) for v, w in zip(variables, widths)]
    rows = [[_cut(c, w) for c, w in zip(row, widths)] for row in rows]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip()

    out = [line(variables), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _cut(text: str, width: int) -> str:
    """`text` in at most `width` terminal columns, an ellipsis at the end when cut."""
    if _width(text) <= width:
        return text
    out = ""
    for ch in text:
        if _width(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _rendered(result: Result | list[ox.Triple], query: Query, fmt: str | None, style: TableStyle = TableStyle(),
              labels: LabelLookup | None = None) -> bytes:
    try:
        return render(result, fmt, query.text, style, labels)
    except (OSError, SyntaxError, RuntimeError) as exc:  # evaluation is lazy: it fails while reading rows
        raise QueryError(f"{query.origin}: evaluation failed: {_first_line(str(exc))}") from None


def evaluate_guarded(store: ox.Store, query: Query, fmt: str | None, timeout: float, max_memory: int, max_bytes: int,
                     style: TableStyle = TableStyle()) -> bytes:
    """Evaluate and render on the embedded store in a forked child with the server's guards: a
    time limit, a memory ceiling, a result size cap, and Ctrl-C that stops it at once.

    Why a child: a pyoxigraph query cannot be interrupted from Python, and a cross product
    would run forever or grow until the machine swaps; a child can be killed. Forked, so the
    loaded store is shared, not reloaded.
    """
    import multiprocessing
    import signal

    fork = multiprocessing.get_context("fork")
    receive, send = fork.Pipe(duplex=False)

    def child() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)  # the engine's own abort message: the parent says it in one line
        cap_memory(max_memory)
        try:
            rendered = _rendered(run_local(store, query), query, fmt, style, store_labels(store))
            if len(rendered) > max_bytes:
                raise QueryError(f"{query.origin}: result larger than {max_bytes // 1024**2} MB (--max-result-size); add a LIMIT")
            send.send_bytes(b"o" + rendered)
        except QueryError as exc:
            send.send_bytes(b"e" + str(exc).encode("utf-8"))
        except MemoryError:
            send.send_bytes(b"m")

    proc = fork.Process(target=child, daemon=True)
    proc.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise QueryError(f"{query.origin}: query exceeded the time limit of {timeout:g} s (--timeout)")
        answer = receive.recv_bytes()
    except EOFError:  # the engine aborted: it could not allocate more
        answer = b"m"
    finally:
        proc.kill()
        proc.join(5)
        receive.close()
    if answer[:1] == b"e":
        raise QueryError(answer[1:].decode("utf-8"))
    if answer[:1] == b"m":
        raise QueryError(f"{query.origin}: query used too much memory (--max-query-memory); narrow it or add a LIMIT")
    return answer[1:]


def run_query(query: Query, fmt: str | None, dist: Path, endpoint: str | None = None, graphs: Sequence[str] = (),
              timeout: float = 60.0, max_memory: int = 2048 * 1024**2, auth: str | None = "basic", retries: int = 3,
              max_bytes: int = 1024 * 1024**2, style: TableStyle = TableStyle()) -> bytes:
    """The whole rendered result of `query`: on `endpoint` when one is given, else on the embedded
    store of the dataset in `dist` (in a guarded child, see `evaluate_guarded`); `style` says how
    the table format shows terms.

    The query passes the guard first; on the embedded store its syntax is checked before the
    dataset is even opened, so a typo is reported at once. `graphs` (default-graph-uri) needs
    an endpoint; so do `auth` and `retries` (see `run_remote`)."""
    try:  # a query nesting thousands of brackets would overflow the parser's stack and kill the process
        check_query(query.text, allow_service=True)
    except QueryRefused as exc:
        raise QueryError(f"{query.origin}: {exc}") from None
    if endpoint:
        return _rendered(run_remote(endpoint, query, graphs, timeout, auth, retries), query, fmt, style,
                         endpoint_labels(endpoint, graphs, timeout, auth, retries))
    if graphs:
        raise QueryError("--graph selects a named graph on a server; it needs --endpoint")
    check_syntax(query, PREFIXES)  # a typo is reported before the dataset is even opened
    return evaluate_guarded(open_dataset(dist), query, fmt, timeout, max_memory, max_bytes, style)
