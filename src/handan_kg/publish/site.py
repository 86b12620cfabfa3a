"""`handan-kg publish`: write the static linked-data site.

Every file comes from `Site.document`, the code path the server uses too. All documents
are rendered in memory first and written afterwards (atomically, file by file), so a
rendering error leaves no half-built site behind.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from handan_kg.errors import InputError
from handan_kg.publish.data import load
from handan_kg.publish.pages import Site, load_queries
from handan_kg.resources import ONTOLOGY_FILE, QUERIES_DIR
from handan_kg.serialize import write_atomic


def render_site(site: Site) -> list[tuple[str, bytes]]:
    """Every (relative path, bytes) of the static site."""
    out = []
    for path in site.static_paths():
        doc = site.document(path)
        if doc is None:  # a path listed but not renderable is a bug in static_paths
            raise AssertionError(f"static path without a document: {path}")
        out.append((path, doc.body))
    return out


def publish(
    dist: Path,
    out: Path,
    base_iri: str | None = None,
    site_url: str | None = None,
    ontology: Path | None = ONTOLOGY_FILE,
    queries: Path = QUERIES_DIR,
) -> list[tuple[str, bytes]]:
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: output path exists and is not a directory")
    pub = load(dist, base_iri, ontology)
    site = Site(pub, dynamic=False, site_url=site_url, queries=load_queries(queries))
    files = render_site(site)
    for path, body in files:
        write_atomic(out / path, body)
    return files


def publish_command(args: argparse.Namespace) -> int:
    out = Path(args.out)
    files = publish(Path(args.dir), out, args.base_iri, args.site_url, Path(args.ontology), Path(args.queries))
    pages = sum(1 for p, _ in files if p.endswith(".html"))
    print(f"wrote {len(files)} files ({pages} HTML pages) to {out}/")
    return 0
