"""`handan-kg serve`: the published site over HTTP, with content negotiation and /sparql.

Documents come from the same `Site` as the static site (cached in memory by path, that is
by IRI and format). What only a server can add is here: 303 See Other from a thing's IRI
(`/id/...`) to a document chosen by `Accept`, `Vary: Accept`, ETag / Last-Modified
revalidation, CORS on RDF, errors that are HTML for browsers and plain text for programs,
and the SPARQL 1.1 Protocol endpoint. Malformed requests are refused before routing.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import re
from pathlib import Path
from urllib.parse import parse_qsl, unquote_to_bytes

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from handan_kg.namespaces import PREFIXES
from handan_kg.publish import conneg, iris, void
from handan_kg.publish.connections import http_protocol
from handan_kg.publish.data import load
from handan_kg.publish.model import local_name
from handan_kg.publish.pages import Doc, Site, load_queries
from handan_kg.publish.sparql import (
    GRAPH_TYPES,
    RESULT_TYPES,
    Limits,
    QueryPool,
    is_update,
)
from handan_kg.resources import ONTOLOGY_FILE, QUERIES_DIR
from handan_kg.store.guard import QueryRefused, check_query

MAX_QUERY_STRING = 8192  # longer GET queries should be POSTed
MAX_BODY = 256 * 1024
MAX_CONNECTIONS = 512
HTML = "text/html"
#: media types offered for a document, in the server's order of preference.
DOC_TYPES = [HTML, "application/xhtml+xml", "text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml", "application/json", "application/x-turtle"]
TYPE_EXT = {
    HTML: "html",
    "application/xhtml+xml": "html",
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/n-triples": "nt",
    "application/rdf+xml": "rdf",
}
#: sent with every response that sets none of its own (`/sparql` sets the editor's): the only
#: script a page may run is the site's own search box (`static/search.js`, reading
#: `search.json`); no inline script, nothing from elsewhere
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]
#: the SPARQL editor's page: the same, and the editor's fonts (its icons), from this server too
EDITOR_POLICY = ("default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; "
                 "img-src 'self' data:; font-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
#: the editor's files (YASGUI, vendored: static/sparql/yasgui/SOURCE.json) and the page's own script
EDITOR_FILES = Path(__file__).parent / "static" / "sparql"
CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "ETag, Last-Modified, Content-Location, Location"}


class Publisher:
    """The state one server process holds: the site, its documents' dates and the query pool."""

    def __init__(self, site: Site, limits: Limits) -> None:
        self.site = site
        self.limits = limits
        self.pool: QueryPool | None = None
        self.last_modified = email.utils.formatdate(site.pub.modified, usegmt=True)

    def start(self) -> None:
        import pyoxigraph as ox

        if self.site.pub.store is not None:  # the workers open the store the pages read
            self.pool = QueryPool(self.site.pub.store, self.limits)
            return
        # Default graph: the data, its links and the ontology (as `handan-kg query` sees them);
        # named graphs: the build's graph per article, for queries that ask by source.
        default = [ox.Quad(t.subject, t.predicate, t.object) for t in (*self.site.data, *self.site.onto)]
        data = ox.serialize(default + self.site.pub.graphs, format=ox.RdfFormat.N_QUADS)
        if data is None:  # pyoxigraph returns None only when given an output to write to
            raise TypeError("pyoxigraph.serialize returned no bytes")
        self.pool = QueryPool(data, self.limits)

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.close()

    # ------------------------------------------------------------ responses

    def not_found(self, request: Request, path: str) -> Response:
        vary = {"Vary": "Accept"}  # the same address is an HTML or a plain-text 404 by Accept
        if conneg.prefers_html(request.headers.get("accept")):
            return Response(self.site.not_found_html(path), 404, headers=vary, media_type="text/html; charset=utf-8")
        return PlainTextResponse(f"not found: /{path}\n", 404, headers=vary)

    def document(self, request: Request, doc: Doc, negotiated: bool, location: str | None = None) -> Response:
        headers = {"ETag": doc.etag, "Last-Modified": self.last_modified, "Cache-Control": "public, max-age=300"}
        if negotiated:
            headers["Vary"] = "Accept"
        if location:
            headers["Content-Location"] = location
        if not doc.media_type.startswith(("text/html", "text/css", "text/plain", "application/xml")):
            headers.update(CORS)
        if self._not_modified(request, doc):
            return Response(status_code=304, headers=headers)
        return Response(doc.body, 200, headers=headers, media_type=doc.media_type)

    def _not_modified(self, request: Request, doc: Doc) -> bool:
        inm = request.headers.get("if-none-match")
        if inm is not None:
            tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
            return "*" in tags or doc.etag in tags
        ims = request.headers.get("if-modified-since")
        if ims:
            with contextlib.suppress(TypeError, ValueError, IndexError, OverflowError):
                since = email.utils.parsedate_to_datetime(ims).timestamp()
                return int(self.site.pub.modified) <= since
        return False

    def not_acceptable(self) -> Response:
        offered = ", ".join(DOC_TYPES)
        return PlainTextResponse(f"not acceptable: this resource is available as {offered}\n", 406, headers={"Vary": "Accept"})

    # --------------------------------------------------------------- routes

    async def page(self, request: Request) -> Response:
        path = request.path_params.get("path", "")
        if path == "":
            path = "index.html"
        doc = self.site.document(path)
        if doc is not None:
            return self.document(request, doc, negotiated=False)
        target = iris.parse_path(path)
        if target is None or target.ext is not None:
            return self.not_found(request, path)
        media = conneg.choose(request.headers.get("accept"), DOC_TYPES)
        if media is None:
            return self.not_acceptable()
        ext = TYPE_EXT[media]
        if target.kind == "id":
            key = target.key if target.key in self.site.entities else self.site.redirect_key(target.key)
            if key is None:
                return self.not_found(request, path)
            return self.see_other(path, iris.entity_path(key, ext))
        if target.kind == "ontology":
            if not self.site.onto.triples:
                return self.not_found(request, path)
            return self.see_other(path, iris.ontology_path(ext))
        where = iris.entity_path(target.key, ext) if target.kind == "entity" else iris.term_path(target.key, ext)
        doc = self.site.document(where)
        if doc is None:
            return self.not_found(request, path)
        return self.document(request, doc, negotiated=True, location=iris.relative_root(path) + where)

    @staticmethod
    def see_other(path: str, target: str) -> Response:
        """303 to `target`, written relative to the request `path` so the site also works
        behind a proxy that mounts it under a sub-path."""
        return Response(status_code=303, headers={"Location": iris.relative_root(path) + target, "Vary": "Accept", **CORS})

    async def health(self, request: Request) -> Response:
        return PlainTextResponse("ok\n")

    async def sparql(self, request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(status_code=204, headers={**CORS, "Access-Control-Allow-Methods": "GET, POST, OPTIONS", "Access-Control-Allow-Headers": "Content-Type, Accept"})
        accept = request.headers.get("accept")
        try:
            params = await self._sparql_params(request)
        except _Refused as exc:
            return PlainTextResponse(exc.message + "\n", exc.status, headers=CORS)
        if "update" in params:
            return PlainTextResponse("updates are not allowed: this endpoint is read-only\n", 403, headers=CORS)
        queries = params.get("query", [])
        browser = conneg.prefers_html(accept)
        if not queries:
            if browser:
                example = {q["name"]: q["text"] for q in self.site.queries}.get((params.get("example") or [""])[0], "")
                return await run_in_threadpool(self.sparql_page, example or _DEFAULT_QUERY)
            if conneg.choose(accept, ["text/turtle"]):
                return Response(void.service_description(self.site), 200, media_type="text/turtle; charset=utf-8", headers={**CORS, "Vary": "Accept"})
            return PlainTextResponse("missing 'query' parameter (SPARQL 1.1 Protocol)\n", 400, headers=CORS)
        if len(queries) > 1:
            return PlainTextResponse("more than one 'query' parameter\n", 400, headers=CORS)
        text = queries[0]
        if is_update(text):
            return PlainTextResponse("updates are not allowed: this endpoint is read-only\n", 403, headers=CORS)
        try:
            check_query(text)
        except QueryRefused as exc:
            return PlainTextResponse(f"{exc}\n", 400, headers=CORS)
        default_graphs, named_graphs = params.get("default-graph-uri", []), params.get("named-graph-uri", [])
        bad = [g for g in (*default_graphs, *named_graphs) if not _ABSOLUTE_IRI.fullmatch(g)]
        if bad:
            return PlainTextResponse(f"not an absolute IRI: {bad[0][:200]!r}\n", 400, headers=CORS)
        pool = self.pool
        if pool is None:  # started by the app's lifespan, before any request is served
            return PlainTextResponse("the query service is not running\n", 503, headers=CORS)
        if browser:  # an HTML table costs far more than the bytes: a lower cap, off the event loop
            outcome = await run_in_threadpool(pool.run, text, "JSON", "TURTLE", default_graphs, named_graphs, self.limits.max_html_bytes)
            return await run_in_threadpool(self.sparql_page, text, outcome)
        result_media = conneg.choose(accept, list(RESULT_TYPES))
        graph_media = conneg.choose(accept, list(GRAPH_TYPES))
        if result_media is None and graph_media is None:
            return PlainTextResponse("not acceptable: results are available as " + ", ".join([*RESULT_TYPES, *GRAPH_TYPES]) + "\n", 406, headers=CORS)
        outcome = await run_in_threadpool(
            pool.run,
            text,
            RESULT_TYPES[result_media] if result_media else "JSON",
            GRAPH_TYPES[graph_media] if graph_media else "TURTLE",
            default_graphs,
            named_graphs,
        )
        return Response(outcome.body, outcome.status, media_type=outcome.media_type, headers={**CORS, "Vary": "Accept"})

    async def _sparql_params(self, request: Request) -> dict[str, list[str]]:
        """The protocol's parameters from the query string, a form body or a direct body."""
        params = _parse_qs(request.scope.get("query_string", b""))
        if request.method == "GET":
            return params
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await _read_body(request)
        if ctype == "application/x-www-form-urlencoded":
            for k, v in _parse_qs(body).items():
                params.setdefault(k, []).extend(v)
            return params
        if ctype == "application/sparql-update":
            return {**params, "update": ["(direct)"]}
        if ctype == "application/sparql-query":
            try:
                params["query"] = [*params.get("query", []), body.decode("utf-8")]
            except UnicodeDecodeError:
                raise _Refused(400, "query body is not valid UTF-8") from None
            return params
        raise _Refused(415, "POST needs Content-Type application/x-www-form-urlencoded or application/sparql-query")

    def sparql_page(self, text: str, outcome=None) -> Response:
        table, answer, graph, error = None, None, None, None
        status = 200
        if outcome is not None:
            status = outcome.status
            if outcome.status != 200:
                error = outcome.body.decode("utf-8", "replace").strip()
            elif outcome.kind == "graph":
                graph = outcome.body.decode("utf-8")
            else:
                data = json.loads(outcome.body)
                if "boolean" in data:
                    answer = data["boolean"]
                else:
                    table = self._table(data)
        body = self.site.sparql_html(query=text, table=table, answer=answer, graph=graph, error=error,
                                     prefixes=PREFIXES, shown_prefixes={**self.site.prefixes, **PREFIXES}, ran=outcome is not None)
        return Response(body, status, media_type="text/html; charset=utf-8", headers={"Content-Security-Policy": EDITOR_POLICY})

    def _table(self, data: dict) -> dict:
        names = data["head"]["vars"]
        rows = []
        for binding in data["results"]["bindings"]:
            row = []
            for name in names:
                cell = binding.get(name)
                if cell is None:
                    row.append({"text": "", "href": None})
                elif cell["type"] == "uri":
                    href = self.site.entity_href(cell["value"], "") or (cell["value"] if iris.linkable(cell["value"]) else None)
                    row.append({"text": self.site.short_iri(cell["value"]), "href": href, "label": self._label(cell["value"])})
                else:
                    row.append({"text": cell["value"], "href": None})
            rows.append(row)
        return {"vars": names, "rows": rows}

    def _label(self, iri: str) -> str | None:
        """The label shown beside an IRI in a results table: its rdfs:label (or the ontology's),
        none where the site only has a name made from the IRI itself."""
        text, _ = self.site.label(iri)
        return None if text in (iri, local_name(iri)) else text


_DEFAULT_QUERY = "SELECT ?conflict ?label WHERE {\n  ?conflict <http://www.w3.org/2000/01/rdf-schema#label> ?label ;\n            <https://w3id.org/handan-kg/ontology#hasSide> ?side .\n} LIMIT 20\n"


_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*")


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _parse_qs(raw: bytes) -> dict[str, list[str]]:
    try:
        pairs = parse_qsl(raw.decode("ascii"), keep_blank_values=True, encoding="utf-8", errors="strict")
    except (UnicodeDecodeError, UnicodeEncodeError):
        raise _Refused(400, "parameters are not valid percent-encoded UTF-8") from None
    out: dict[str, list[str]] = {}
    for k, v in pairs:
        out.setdefault(k, []).append(v)
    return out


async def _read_body(request: Request) -> bytes:
    size = 0
    parts = []
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise _Refused(413, f"request body larger than {MAX_BODY} bytes")
        parts.append(chunk)
    return b"".join(parts)


class Guard:
    """ASGI middleware refusing malformed requests before any routing or decoding, and
    adding the security headers to every response.

    Invalid UTF-8 in the path, `..` segments (encoded or not) and oversized query strings
    get a 4xx here, so no handler ever sees them.
    """

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secured(message) -> None:
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                own = {name.lower() for name, _ in headers}
                message = {**message, "headers": [*headers, *(h for h in SECURITY_HEADERS if h[0] not in own)]}
            await send(message)

        problem = _check(scope)
        if problem is not None:
            status, text = problem
            await PlainTextResponse(text + "\n", status)(scope, receive, send_secured)
            return
        await self.app(scope, receive, send_secured)


def _check(scope) -> tuple[int, str] | None:
    raw = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
    try:
        decoded = unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        return 400, "bad request: the path is not valid UTF-8"
    if any(seg in ("..", ".") for seg in decoded.split("/")) or "\\" in decoded or "\x00" in decoded:
        return 400, "bad request: path segments '.' and '..' are not allowed"
    if len(scope.get("query_string", b"")) > MAX_QUERY_STRING:
        return 414, f"URI too long: query strings are limited to {MAX_QUERY_STRING} bytes; POST long SPARQL queries"
    return None


def create_app(
    dist: Path,
    base_iri: str | None = None,
    site_url: str | None = None,
    limits: Limits | None = None,
    ontology: Path | None = ONTOLOGY_FILE,
    queries: Path = QUERIES_DIR,
) -> Guard:
    """The ASGI application serving the dataset in `dist` (loaded now, workers at startup)."""
    pub = load(dist, base_iri, ontology)
    site = Site(pub, dynamic=True, site_url=site_url, queries=load_queries(queries))
    publisher = Publisher(site, limits or Limits())

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await run_in_threadpool(publisher.start)
        try:
            yield
        finally:
            publisher.stop()

    routes = [
        Route("/health", publisher.health, methods=["GET"]),
        Route("/sparql", publisher.sparql, methods=["GET", "POST", "OPTIONS"]),
        Mount("/static/sparql", StaticFiles(directory=EDITOR_FILES)),
        Route("/{path:path}", publisher.page, methods=["GET"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.publisher = publisher
    return Guard(app)


def serve_app(app: Guard, host: str, port: int, header_timeout: float, max_connections_per_client: int) -> None:
    """Run `app` (from `create_app`) under uvicorn until stopped (Ctrl-C)."""
    import uvicorn

    # limit_concurrency: past that many open connections uvicorn answers 503 instead of queueing;
    # the protocol closes connections that do not send their headers in time and caps them per address.
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        limit_concurrency=MAX_CONNECTIONS,
        timeout_keep_alive=5,
        http=http_protocol(header_timeout, max_connections_per_client),
    )
