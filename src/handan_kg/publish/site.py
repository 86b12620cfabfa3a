"""The static linked-data site that `handan-kg publish` writes.

Every file comes from `Site.render`, the code path the server uses too (cached there). Documents are
written, as they are rendered, to a sibling directory that is swapped in whole, so an
error leaves the previous site (or nothing) behind, never half a site.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from handan_kg.errors import InputError
from handan_kg.publish.data import load
from handan_kg.publish.pages import Site, load_queries
from handan_kg.resources import ONTOLOGY_FILE, QUERIES_DIR


def render_site(site: Site) -> Iterator[tuple[str, bytes]]:
    """Every (relative path, bytes) of the static site, one at a time: a corpus's site is
    gigabytes, so documents go to disk as they are rendered instead of being held."""
    for path in site.static_paths():
        doc = site.render(path)
        if doc is None:  # a path listed but not renderable is a bug in static_paths
            raise AssertionError(f"static path without a document: {path}")
        yield path, doc.body


SITE_MARKER = ".well-known/void"  # a directory holding this was written by publish


def _replace_dir(out: Path, files: Iterable[tuple[str, bytes]]) -> list[str]:
    """Write the whole site beside `out`, then swap it in: readers never see half a site,
    and pages of entities that left the dataset do not linger from an earlier publish.
    Returns the relative paths written."""
    if out.exists() and any(out.iterdir()) and not (out / SITE_MARKER).is_file():
        raise InputError(f"{out}: not empty and not a site written by 'handan-kg publish'; choose another --out")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    old = None
    written: list[str] = []
    try:
        for path, body in files:
            target = tmp / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
            written.append(path)
        tmp.chmod(0o755)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            out.rename(old / "site")
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and not out.exists():
            (old / "site").rename(out)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return written


def publish(
    dist: Path,
    out: Path,
    base_iri: str | None = None,
    site_url: str | None = None,
    ontology: Path | None = ONTOLOGY_FILE,
    queries: Path = QUERIES_DIR,
) -> list[str]:
    """Write the site of `dist` to `out`; returns the relative paths written."""
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: output path exists and is not a directory")
    pub = load(dist, base_iri, ontology)
    site = Site(pub, dynamic=False, site_url=site_url, queries=load_queries(queries))
    return _replace_dir(out, render_site(site))
