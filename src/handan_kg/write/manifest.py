"""Find a built dataset's files through `dist/manifest.json`, without importing rdflib.

Split out of the corpus build (`corpus.build`) so commands that only read a build (`query` above all, whose
whole-process time is a target) do not pay for the build's imports (rdflib, extractors).
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

from handan_kg.errors import DatasetError

MANIFEST = "manifest.json"
TEXTS = "texts"  # the folder of the dataset that holds each article's text


def text_name(slug: str) -> str:
    """Where a build writes an article's text, relative to the dataset folder (the manifest's
    `articles[].text`, and the path of its download on the published site)."""
    return f"{TEXTS}/{slug}.txt"


def read_manifest(out_dir: Path) -> dict:
    """The manifest of a built dataset, or a `DatasetError` saying how to make one."""
    path = out_dir / MANIFEST
    if not path.is_file():
        raise DatasetError(f"{out_dir}: no built dataset here (missing {MANIFEST}); run 'handan-kg build --out {out_dir}' first")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DatasetError(f"{path}: unreadable manifest ({exc})") from None


def dataset_file(out_dir: Path, fmt: str = "nt") -> Path:
    """Path of the built dataset in format `ttl`, `jsonld`, `nt`, `trig` or `nq`."""
    manifest = read_manifest(out_dir)
    name = manifest.get("files", {}).get(fmt)
    if not name:
        raise DatasetError(f"{out_dir / MANIFEST}: lists no '{fmt}' file; rebuild with 'handan-kg build --out {out_dir}'")
    return _listed_file(out_dir, name, f"file {str(name)[:200]!r} for '{fmt}'", "rebuild with 'handan-kg build'")


def _listed_file(out_dir: Path, name: object, what: str, remedy: str, folder: str = "") -> Path:
    """A file the manifest names, confined to the dataset folder (to its subfolder `folder`):
    an edited manifest must not point a reader (or a published site's downloads) at any other
    file on the machine, through `..`, an absolute path or a symbolic link."""
    path = out_dir / str(name)
    if posixpath.join(folder, Path(str(name)).name) != name or path.resolve().parent != out_dir.resolve() / folder:
        raise DatasetError(f"{out_dir / MANIFEST}: {what} is not a file of the dataset folder")
    if not path.is_file():
        raise DatasetError(f"{path}: listed in the manifest but missing; {remedy}")
    return path


def links_file(out_dir: Path) -> Path | None:
    """The Wikidata links `handan-kg link` wrote beside the dataset (listed in the manifest), if any."""
    entry = read_manifest(out_dir).get("links")
    name = entry.get("file") if isinstance(entry, dict) else None
    if not name:
        return None
    return _listed_file(out_dir, name, f"links file {str(name)[:200]!r}", f"run 'handan-kg link {out_dir}' again")


def text_file(out_dir: Path, name: object) -> Path:
    """An article's text as the manifest names it (`texts/<slug>.txt`), confined to the dataset's
    `texts/` folder."""
    return _listed_file(out_dir, name, f"text {str(name)[:200]!r}", "rebuild with 'handan-kg build'", TEXTS)
