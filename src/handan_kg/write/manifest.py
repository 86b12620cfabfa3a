"""Find a built dataset's files through `dist/manifest.json`, without importing rdflib.

Split out of the corpus build (`corpus.build`) so commands that only read a build (`query` above all, whose
whole-process time is a target) do not pay for the build's imports (rdflib, extractors).

A command reads the manifest once and hands the parsed dict to what needs it (`dataset_file`,
`links_file`, the store's stamp): at 10,000 articles it is 3.6 MB, and parsing it once per
look-up cost `query` about 45 ms of a 0.25 s floor. There is no cache behind `read_manifest`:
`link` edits the dict it reads and writes it back, and a cache would hand that edit to readers.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from dataclasses import dataclass
from pathlib import Path

from handan_kg.errors import DatasetError

MANIFEST = "manifest.json"
TEXTS = "texts"  # the folder of the dataset that holds each article's text


def text_name(slug: str) -> str:
    """Where a build writes an article's text, relative to the dataset folder (the manifest's
    `articles[].text`, and the path of its download on the published site)."""
    return f"{TEXTS}/{slug}.txt"


@dataclass(frozen=True)
class Manifest:
    """A manifest as read from disk: what it says, and the SHA-256 of its bytes, which a store's
    stamp records (`store.dataset.stamp`); both from one read, so the two always agree."""

    content: dict
    digest: str


def load_manifest(out_dir: Path) -> Manifest:
    """The manifest of a built dataset with its digest, or a `DatasetError` saying how to make one."""
    path = out_dir / MANIFEST
    if not path.is_file():
        raise DatasetError(f"{out_dir}: no built dataset here (missing {MANIFEST}); run 'handan-kg build --out {out_dir}' first")
    try:
        raw = path.read_bytes()
        return Manifest(json.loads(raw.decode("utf-8")), hashlib.sha256(raw).hexdigest())
    except (OSError, ValueError) as exc:
        raise DatasetError(f"{path}: unreadable manifest ({exc})") from None


def read_manifest(out_dir: Path) -> dict:
    """The manifest of a built dataset (`load_manifest`'s content), for readers that need no digest."""
    return load_manifest(out_dir).content


def dataset_file(out_dir: Path, manifest: dict, fmt: str) -> Path:
    """Path of the built dataset in format `ttl`, `jsonld`, `nt`, `trig` or `nq`, as `manifest`
    (`out_dir`'s, read by the caller) lists it."""
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


def links_file(out_dir: Path, manifest: dict) -> Path | None:
    """The Wikidata links `handan-kg link` wrote beside the dataset (listed in `manifest`, `out_dir`'s), if any."""
    entry = manifest.get("links")
    name = entry.get("file") if isinstance(entry, dict) else None
    if not name:
        return None
    return _listed_file(out_dir, name, f"links file {str(name)[:200]!r}", f"run 'handan-kg link {out_dir}' again")


def text_file(out_dir: Path, name: object) -> Path:
    """An article's text as the manifest names it (`texts/<slug>.txt`), confined to the dataset's
    `texts/` folder."""
    return _listed_file(out_dir, name, f"text {str(name)[:200]!r}", "rebuild with 'handan-kg build'", TEXTS)
