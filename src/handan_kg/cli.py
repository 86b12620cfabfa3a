"""The `handan-kg` command: build, validate, query, load, link, publish, serve, eval.

Each subcommand is declared by one `_add_<name>` function and runs through a handler in
`handan_kg.commands` (`commands/<name>.py`), imported lazily, so `handan-kg build` does not pay
for the web server's imports. Only this module and `commands` write to the terminal; the
library returns results and raises `HandanError`s. Every `HandanError` is caught here, once,
and printed as one line.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Callable, Sequence

from handan_kg.errors import HandanError

DEFAULT_BASE = "https://w3id.org/handan-kg/"

Handler = Callable[[argparse.Namespace], int]

# Kept here rather than imported from handan_kg.store.query so building the parser stays import-free.
QUERY_FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "ntriples", "jsonld")


def _formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32)


def _lazy(module: str, function: str) -> Handler:
    """A handler that imports its module only when its command runs (start-up stays small)."""

    def handler(args: argparse.Namespace) -> int:
        return getattr(importlib.import_module(module), function)(args)

    return handler


def _command(sub: argparse._SubParsersAction, name: str, help_text: str, examples: str, handler: Handler) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        name,
        help=help_text,
        description=help_text,
        epilog="examples:\n" + examples,
        formatter_class=_formatter,
    )
    parser.set_defaults(handler=handler)
    return parser


def _add_build(sub: argparse._SubParsersAction) -> None:
    p = _command(
        sub,
        "build",
        "Build a validated knowledge graph from one or more articles.",
        "  handan-kg build                          # the bundled Handan Campaign article -> dist/\n"
        "  handan-kg build article.txt --out out/\n"
        "  handan-kg build corpus/ --workers 2 --base-iri https://example.org/kg/\n"
        "  handan-kg build corpus/ --log-format json --quiet    # for pipelines\n"
        "  handan-kg build corpus/ --workers 2 --formats nt,nq  # a large corpus: skip Turtle, JSON-LD, TriG\n",
        _lazy("handan_kg.commands.build", "build_command"),
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="article files or directories (default: the bundled article)")
    p.add_argument("--out", default="dist", metavar="DIR", help="output directory (default: dist/)")
    p.add_argument("--base-iri", default=DEFAULT_BASE, metavar="IRI", help=f"base for entity IRIs (default: {DEFAULT_BASE})")
    p.add_argument("--name", default=None, help="dataset file name stem (default: the article slug, or 'dataset' for several)")
    p.add_argument("--workers", "-j", type=int, default=None, metavar="N",
                   help="articles built in parallel by N processes (default: one per CPU when there are several articles)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="run the per-article stage on a Dask cluster (e.g. tcp://127.0.0.1:8786)")
    p.add_argument("--scheduler-timeout", type=float, default=10.0, metavar="SECONDS",
                   help="seconds to wait for the Dask scheduler to answer (default: 10; exit 4 when it does not)")
    p.add_argument("--fail-fast", action="store_true", help="stop at the first bad article instead of skipping it")
    p.add_argument("--formats", metavar="LIST", default=None,
                   help="comma list of ttl,jsonld,nt,trig,nq to write (default: all five); nt and nq are always "
                        "written, because query, validate, load and publish read them")
    p.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    p.add_argument("--log-format", choices=("text", "json"), default="text", help="json: one JSON object per article on stderr")


def _add_validate(sub: argparse._SubParsersAction) -> None:
    p = _command(
        sub,
        "validate",
        "Validate a built dataset against the SHACL shapes and the ontology.",
        "  handan-kg validate            # dist/\n  handan-kg validate out/\n"
        "  handan-kg validate --engine pyshacl   # the reference SHACL engine (same results, slower)\n"
        "  handan-kg validate big/ --scope article   # a large corpus: one named graph at a time\n",
        _lazy("handan_kg.commands.validate", "validate_command"),
    )
    p.add_argument("dir", nargs="?", default="dist", metavar="DIR", help="a directory written by build (default: dist/)")
    p.add_argument("--scope", choices=("auto", "union", "article"), default="auto",
                   help="union: the whole dataset as one graph (also checks constraints across articles); article: "
                        "each named graph on its own, streamed, in the memory of one article; auto (default): "
                        "union up to 1,000,000 triples")
    p.add_argument("--workers", "-j", type=int, default=1, metavar="N",
                   help="with --scope article: graphs validated in parallel by N processes (default: 1; the report is the same)")
    p.add_argument("--engine", choices=("auto", "fast", "pyshacl"), default="auto",
                   help="SHACL engine: fast (compiled, default when the shapes allow), pyshacl (reference)")


def _add_eval(sub: argparse._SubParsersAction) -> None:
    from handan_kg.resources import ROOT

    p = _command(
        sub,
        "eval",
        "Score the extraction against hand-written gold facts: precision and recall per fact type.",
        "  handan-kg eval                           # tests/gold/*.tsv against tests/fixtures/corpus/\n"
        "  handan-kg eval --verbose                 # also list every extra and missed fact\n"
        "  handan-kg eval --gold my-gold/ --corpus articles/ --check\n"
        "  handan-kg eval --devset                  # real articles nobody tuned for, per batch\n",
        _lazy("handan_kg.commands.evaluate", "eval_command"),
    )
    p.add_argument("--gold", default=str(ROOT / "tests" / "gold"), metavar="DIR", help="directory of <article-stem>.tsv gold files (default: tests/gold/)")
    p.add_argument("--corpus", default=str(ROOT / "tests" / "fixtures" / "corpus"), metavar="DIR", help="directory holding <article-stem>.txt (default: tests/fixtures/corpus/)")
    p.add_argument("--check", action="store_true", help="exit 1 when events, units or places fall below precision 0.95 / recall 0.85")
    p.add_argument("--verbose", "-v", action="store_true", help="list the facts that differ from the gold files")
    p.add_argument("--devset", nargs="?", const=str(ROOT / "tests" / "fixtures" / "devset"), default=None, metavar="DIR",
                   help="score the development set instead (default DIR: tests/fixtures/devset/): infobox facts per type and batch, "
                        "narrative facts per type, and whether cited quotes name what they support")
    p.add_argument("--batch", action="append", default=None, metavar="B", help="with --devset: only this batch (repeatable)")


def _add_query(sub: argparse._SubParsersAction) -> None:
    p = _command(
        sub,
        "query",
        "Run a SPARQL query on the built dataset (embedded store) or on a SPARQL endpoint.",
        "  handan-kg query --list                                  # the query library and its questions\n"
        "  handan-kg query commanders                              # a library query on dist/\n"
        "  handan-kg query queries/commanders.rq --format csv\n"
        "  handan-kg query -e 'SELECT ?c WHERE { ?c a <https://w3id.org/handan-kg/ontology#Conflict> }'\n"
        "  handan-kg query commanders --endpoint http://localhost:7878/query \\\n"
        "      --graph https://w3id.org/handan-kg/id/dataset/handan-campaign\n"
        "  handan-kg query -e 'SELECT ?x WHERE { wd:Q5647237 wdt:P361 ?x }' --endpoint https://query.wikidata.org/sparql\n"
        "  HANDAN_KG_TOKEN=... handan-kg query commanders --endpoint http://localhost:7001/ --auth bearer\n",
        _lazy("handan_kg.commands.query", "query_command"),
    )
    p.add_argument("query", nargs="?", metavar="QUERY", help="a .rq file, or a library name (see --list)")
    p.add_argument("-e", "--expression", metavar="TEXT", help="the query text itself")
    p.add_argument("--list", action="store_true", help="list the query library with each query's question")
    p.add_argument("--dir", default="dist", metavar="DIR", help="built dataset for the embedded store (default: dist/)")
    p.add_argument("--format", "-f", choices=QUERY_FORMATS, default=None,
                   help="SELECT/ASK: table (default), csv, tsv, json, xml; CONSTRUCT/DESCRIBE: turtle (default), ntriples, jsonld")
    p.add_argument("--iris", action="store_true",
                   help="table: show every term in full (IRIs, language tags) instead of labels for people; "
                        "the table fits the terminal's width either way")
    p.add_argument("--endpoint", metavar="URL", help="query this SPARQL endpoint instead of the embedded store")
    p.add_argument("--graph", action="append", metavar="IRI",
                   help="with --endpoint: use this named graph as the default graph (default-graph-uri); repeatable")
    p.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                   help="query time limit, embedded or remote (remote: retries and their waits included; default: 60)")
    p.add_argument("--max-query-memory", type=int, default=2048, metavar="MB", help="memory an embedded query may use (default: 2048)")
    p.add_argument("--max-result-size", type=int, default=1024, metavar="MB",
                   help="largest rendered result of an embedded query (default: 1024)")
    _remote_options(p)


def _add_load(sub: argparse._SubParsersAction) -> None:
    p = _command(
        sub,
        "load",
        "Load the built dataset into a triplestore, replacing its named graph (never duplicating).",
        "  handan-kg load --endpoint http://localhost:7878/store          # Oxigraph, Graph Store Protocol\n"
        "  handan-kg load --endpoint http://localhost:7878/store --update-endpoint http://localhost:7878/update\n"
        "                                                                 # upload to a temporary graph, then MOVE\n"
        "  handan-kg load --update-endpoint http://localhost:3030/ds/update --query-endpoint http://localhost:3030/ds/query\n"
        "  HANDAN_KG_USER=admin HANDAN_KG_PASSWORD=... handan-kg load --endpoint http://localhost:3030/ds/data\n",
        _lazy("handan_kg.commands.load", "load_command"),
    )
    p.add_argument("dir", nargs="?", default="dist", metavar="DIR", help="a directory written by build (default: dist/)")
    p.add_argument("--endpoint", metavar="URL", help="Graph Store Protocol endpoint (Oxigraph: /store; Fuseki: /DATASET/data)")
    p.add_argument("--update-endpoint", metavar="URL", help="SPARQL Update endpoint: used for the atomic MOVE, or alone with INSERT DATA")
    p.add_argument("--query-endpoint", metavar="URL", help="SPARQL query endpoint used to count triples after loading")
    p.add_argument("--graph", metavar="IRI", help="target named graph (default: the dataset IRI, {base_iri}id/dataset/{name})")
    p.add_argument("--closure", action="store_true",
                   help="send the ontology and the RDFS closure too (what `query` answers on), for a store that does no reasoning")
    p.add_argument("--batch-bytes", type=int, default=250_000, metavar="N",
                   help="bytes of triples per INSERT DATA request, with --update-endpoint alone (default: 250000)")
    p.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS", help="per-request timeout (default: 120)")
    _remote_options(p)


def _remote_options(p: argparse.ArgumentParser) -> None:
    """Retries and authentication of `query --endpoint` and `load`: one HTTP configuration
    (handan_kg.store.remote), so the two commands take the same options and variables."""
    p.add_argument("--retries", type=int, default=3, metavar="N",
                   help="with an endpoint: retries on connect errors and 429/502/503/504, honouring Retry-After (default: 3)")
    p.add_argument("--auth", choices=("basic", "digest", "bearer"), default="basic",
                   help="with an endpoint: HTTP auth, basic/digest with HANDAN_KG_USER + HANDAN_KG_PASSWORD, "
                        "bearer with HANDAN_KG_TOKEN (default: basic, used only if the variables are set)")


def _add_link(sub: argparse._SubParsersAction) -> None:
    p = _command(
        sub,
        "link",
        "Link people, places, units, sides and conflicts to Wikidata (precision first).",
        "  handan-kg link                                   # offline: reviewed links + cached answers -> dist/links.ttl\n"
        "  handan-kg link dist --online                     # ask https://query.wikidata.org/sparql (cached)\n"
        "  handan-kg link dist --endpoint http://127.0.0.1:7878/query --refresh\n"
        "  handan-kg link dist --endpoint URL --eval        # precision/recall of the automatic linker\n"
        "  handan-kg link dist --review review.csv --threshold 0.9\n",
        _lazy("handan_kg.commands.link", "link_command"),
    )
    p.add_argument("dir", nargs="?", default="dist", metavar="DIR", help="a directory written by build (default: dist/)")
    p.add_argument("--endpoint", metavar="URL", help="SPARQL endpoint holding Wikidata RDF (implies --online; default https://query.wikidata.org/sparql)")
    p.add_argument("--online", action="store_true", help="ask the endpoint for answers not in the cache (default: offline)")
    p.add_argument("--refresh", action="store_true", help="re-ask the endpoint even for cached answers (implies --online)")
    p.add_argument("--threshold", default="0.75", metavar="X", help="minimum score to accept a link (default: 0.75)")
    p.add_argument("--margin", default="0.15", metavar="X", help="minimum lead over the runner-up (default: 0.15)")
    p.add_argument("--review", metavar="FILE", help="where to write the review CSV (default: DIR/links-review.csv)")
    p.add_argument("--overrides", metavar="FILE", help="curated confirm/forbid decisions (default: data/links/overrides.tsv)")
    p.add_argument("--no-overrides", action="store_true", help="ignore the overrides file (the linker alone)")
    p.add_argument("--cache", metavar="DIR", help="answer cache (default: $HANDAN_KG_CACHE or ~/.cache/handan-kg/sparql)")
    p.add_argument("--timeout", type=float, default=30.0, metavar="S", help="seconds per request (default: 30)")
    p.add_argument("--eval", action="store_true", help="print precision/recall of the automatic linker against the gold list; writes nothing")
    p.add_argument("--gold", metavar="FILE", help="gold QIDs for --eval (default: tests/gold/wikidata/handan_campaign.tsv)")
    p.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")


def _add_publish(sub: argparse._SubParsersAction) -> None:
    p = _command(
        sub,
        "publish",
        "Write a static linked-data site (HTML pages + Turtle/JSON-LD twins, VoID, sitemap) for any web host.",
        "  handan-kg publish                         # dist/ -> site/\n"
        "  handan-kg publish out/ --out public/\n"
        "  handan-kg publish --base-iri https://kg.example.org/ --out site/   # IRIs at your own host\n",
        _lazy("handan_kg.commands.publish", "publish_command"),
    )
    p.add_argument("dir", nargs="?", default="dist", metavar="DIR", help="a directory written by build (default: dist/)")
    p.add_argument("--out", default="site", metavar="DIR", help="output directory (default: site/)")
    p.add_argument("--base-iri", default=None, metavar="IRI", help="rewrite the dataset's IRIs to this base (default: keep the build's base)")
    p.add_argument("--site-url", default=None, metavar="URL", help="absolute URL the site is deployed at, for the sitemap and VoID (default: the base IRI)")
    _publishing_inputs(p)


def _add_serve(sub: argparse._SubParsersAction) -> None:
    p = _command(
        sub,
        "serve",
        "Serve the dataset as linked data: content negotiation, 303 redirects from IRIs, and a SPARQL endpoint at /sparql.",
        "  handan-kg serve                           # dist/ at http://127.0.0.1:8000/\n"
        "  handan-kg serve out/ --port 8080\n"
        "  curl -L -H 'Accept: text/turtle' http://127.0.0.1:8000/id/person/liu-bocheng\n"
        "  handan-kg serve --base-iri http://127.0.0.1:8000/   # IRIs that resolve on this server\n",
        _lazy("handan_kg.commands.serve", "serve_command"),
    )
    p.add_argument("dir", nargs="?", default="dist", metavar="DIR", help="a directory written by build (default: dist/)")
    p.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="TCP port (default: 8000)")
    p.add_argument("--base-iri", default=None, metavar="IRI", help="rewrite the dataset's IRIs to this base (default: keep the build's base)")
    p.add_argument("--site-url", default=None, metavar="URL", help="public URL of this server, for VoID and the sitemap (default: the base IRI)")
    p.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS", help="SPARQL query time limit (default: 10)")
    p.add_argument("--max-result-bytes", type=int, default=10_000_000, metavar="N", help="SPARQL result size cap in bytes (default: 10000000)")
    p.add_argument("--workers", type=int, default=2, metavar="N", help="SPARQL worker processes (default: 2)")
    p.add_argument("--max-query-memory", type=int, default=2048, metavar="MB", help="memory a SPARQL worker may use for one query (default: 2048)")
    p.add_argument("--header-timeout", type=float, default=10.0, metavar="SECONDS", help="time a client has to send a request's headers (default: 10)")
    p.add_argument("--max-connections-per-client", type=int, default=32, metavar="N", help="open connections one address may hold; 0 behind a reverse proxy (default: 32)")
    _publishing_inputs(p)


def _publishing_inputs(p: argparse.ArgumentParser) -> None:
    """Options shared by publish and serve: which ontology and query library to show."""
    from handan_kg.resources import ONTOLOGY_FILE, QUERIES_DIR

    p.add_argument("--ontology", default=str(ONTOLOGY_FILE), metavar="FILE", help="ontology (Turtle) documented on the site (default: ontology/handan-kg.ttl)")
    p.add_argument("--queries", default=str(QUERIES_DIR), metavar="DIR", help="query library shown as SPARQL examples (default: queries/)")


_COMMANDS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (
    _add_build,
    _add_validate,
    _add_eval,
    _add_query,
    _add_load,
    _add_link,
    _add_publish,
    _add_serve,
)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="handan-kg",
        description="Turn military-history articles into a validated, provenance-tracked RDF knowledge graph.",
        epilog=(
            "examples:\n"
            "  handan-kg build                       # the bundled Handan Campaign article -> dist/\n"
            "  handan-kg query commanders            # a competency query on dist/\n"
            "  handan-kg link                        # Wikidata links (offline: reviewed + cached)\n"
            "  handan-kg serve                       # pages, content negotiation, /sparql\n"
            "  handan-kg build corpus/ --workers 2   # many articles, one dataset\n\n"
            "Run 'handan-kg COMMAND --help' for a command's options."
        ),
        formatter_class=_formatter,
    )
    from handan_kg import __version__

    parser.add_argument("--version", action="version", version=f"handan-kg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in _COMMANDS:
        add(sub)
    return parser


def _check_addresses(args: argparse.Namespace) -> None:
    """Endpoint URLs and graph IRIs given as options are checked before any work: a malformed
    one is a bad option (exit 2), not an unreachable server, and a graph IRI is never pasted
    into query text unchecked."""
    from urllib.parse import urlsplit

    from handan_kg.errors import InputError

    for option in ("endpoint", "update_endpoint", "query_endpoint"):
        url = getattr(args, option, None)
        if not url:
            continue
        try:
            parts = urlsplit(url)
            ok = parts.scheme in ("http", "https") and bool(parts.hostname)
            _ = parts.port  # a port that is not a number raises here
        except ValueError:  # `http://[::1` (an unclosed IPv6 address)
            ok = False
        if not ok:
            raise InputError(f"--{option.replace('_', '-')} {url!r}: not an http(s) URL")
    graphs = getattr(args, "graph", None) or []
    for graph in graphs if isinstance(graphs, list) else [graphs]:
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+", graph):
            raise InputError(f"--graph {graph[:200]!r}: not an absolute IRI")


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        _check_addresses(args)
        return args.handler(args)
    except HandanError as exc:
        print(f"handan-kg: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("handan-kg: interrupted; nothing half-written was left behind", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
