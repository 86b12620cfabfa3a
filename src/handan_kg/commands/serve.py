"""`handan-kg serve`: check the options, load the dataset, say where it is served, then serve it
until Ctrl-C."""

from __future__ import annotations

import argparse
import socket
from pathlib import Path

from handan_kg.errors import InputError
from handan_kg.publish.server import create_app, serve_app
from handan_kg.publish.sparql import Limits


def _check_port(host: str, port: int) -> None:
    """Fail with one line, before loading anything, if the address cannot be bound."""
    if not 0 < port < 65536:
        raise InputError(f"--port {port}: not a TCP port number")
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        try:
            s.bind((host, port))
        except OSError as exc:
            raise InputError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None


def serve_command(args: argparse.Namespace) -> int:
    _check_port(args.host, args.port)
    if min(args.timeout, args.max_result_bytes, args.workers, args.max_query_memory, args.header_timeout) <= 0:
        raise InputError("--timeout, --max-result-bytes, --workers, --max-query-memory and --header-timeout must be positive")
    if args.max_connections_per_client < 0:
        raise InputError("--max-connections-per-client must be 0 (no cap) or more")
    limits = Limits(
        timeout=args.timeout,
        max_bytes=args.max_result_bytes,
        workers=args.workers,
        max_memory=args.max_query_memory * 1024**2,
        max_html_bytes=min(args.max_result_bytes, Limits.max_html_bytes),
    )
    address = f"http://{f'[{args.host}]' if ':' in args.host else args.host}:{args.port}/"
    # the server describes itself (VoID, service description, sitemap) by where it answers,
    # unless told where the public reaches it; listening on every address names none
    everywhere = args.host in ("0.0.0.0", "::", "")
    site_url = args.site_url or (None if everywhere else address)
    app = create_app(Path(args.dir), args.base_iri, site_url, limits, Path(args.ontology), Path(args.queries))
    print(f"serving {args.dir} at {address}  (SPARQL: /sparql; Ctrl-C stops)", flush=True)
    if site_url is None:
        print("note: listening on every address without --site-url: VoID, the service description and the sitemap "
              "name the base IRI; give --site-url URL for the address the public uses", flush=True)
    serve_app(app, args.host, args.port, args.header_timeout, args.max_connections_per_client)
    return 0
