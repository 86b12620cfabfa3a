"""The `handan-kg` command: build, validate, query, load, link, publish, serve, eval.

Each subcommand is declared by one `_add_<name>` function and runs through a handler
that imports its module lazily, so `handan-kg build` does not pay for the web server's
imports. Every `HandanError` is caught here, once, and printed as one line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from handan_kg.errors import HandanError

DEFAULT_BASE = "https://w3id.org/handan-kg/"

Handler = Callable[[argparse.Namespace], int]


def _formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32)


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


def _run_build(args: argparse.Namespace) -> int:
    from handan_kg.reporting import build_command

    return build_command(args)


def _run_validate(args: argparse.Namespace) -> int:
    from handan_kg.pipeline import validate_command

    return validate_command(args)


def _add_build(sub: argparse._SubParsersAction) -> None:
    p = _command(
        sub,
        "build",
        "Build a validated knowledge graph from one or more articles.",
        "  handan-kg build                          # the bundled Handan Campaign article -> dist/\n"
        "  handan-kg build article.txt --out out/\n"
        "  handan-kg build corpus/ --workers 2 --base-iri https://example.org/kg/\n"
        "  handan-kg build corpus/ --log-format json --quiet    # for pipelines\n",
        _run_build,
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="article files or directories (default: the bundled article)")
    p.add_argument("--out", default="dist", metavar="DIR", help="output directory (default: dist/)")
    p.add_argument("--base-iri", default=DEFAULT_BASE, metavar="IRI", help=f"base for entity IRIs (default: {DEFAULT_BASE})")
    p.add_argument("--name", default=None, help="dataset file name stem (default: the article slug, or 'dataset' for several)")
    p.add_argument("--workers", "-j", type=int, default=1, metavar="N", help="articles built in parallel by N processes (default: 1)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="run the per-article stage on a Dask cluster (e.g. tcp://127.0.0.1:8786)")
    p.add_argument("--fail-fast", action="store_true", help="stop at the first bad article instead of skipping it")
    p.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    p.add_argument("--log-format", choices=("text", "json"), default="text", help="json: one JSON object per article on stderr")


def _add_validate(sub: argparse._SubParsersAction) -> None:
    p = _command(
        sub,
        "validate",
        "Validate a built dataset against the SHACL shapes and the ontology.",
        "  handan-kg validate            # dist/\n  handan-kg validate out/\n",
        _run_validate,
    )
    p.add_argument("dir", nargs="?", default="dist", metavar="DIR", help="a directory written by build (default: dist/)")


_COMMANDS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (
    _add_build,
    _add_validate,
)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="handan-kg",
        description="Turn military-history articles into a validated, provenance-tracked RDF knowledge graph.",
        epilog="examples:\n  handan-kg build\n  handan-kg validate dist/\n\nRun 'handan-kg COMMAND --help' for a command's options.",
        formatter_class=_formatter,
    )
    from handan_kg import __version__

    parser.add_argument("--version", action="version", version=f"handan-kg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in _COMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return args.handler(args)
    except HandanError as exc:
        print(f"handan-kg: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("handan-kg: interrupted; nothing half-written was left behind", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
