"""IRIs <-> site paths: the one place that knows the URL scheme of the published site.

Scheme (W3C "Cool URIs for the Semantic Web", 303 pattern):

    {base}id/{type}/{slug}          the thing itself (a person, a conflict ...)
    /page/{type}/{slug}             its document; `.html`, `.ttl`, `.jsonld`, `.nt`, `.rdf`
                                    pick a format, no extension negotiates one
    hkg:{Term}                      ontology terms are hash IRIs of the ontology document
    /ontology/                      that document;  /ontology/{Term}.html  one term
    /download/texts/{slug}.txt      an article's text as read (the dataset's `texts/{slug}.txt`)

A data IRI is mapped to a path by stripping the dataset's base IRI, so the site works the
same whatever host it is deployed on; only the IRIs printed on pages carry the base.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handan_kg.namespaces import HKG, ONTOLOGY
from handan_kg.write.manifest import text_name

ONTOLOGY_IRI = ONTOLOGY
ONTOLOGY_NS = HKG

#: extension -> media type of every document format the site offers.
MEDIA_TYPES: dict[str, str] = {
    "html": "text/html; charset=utf-8",
    "ttl": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
}
RDF_EXTS = ("ttl", "jsonld", "nt", "rdf")
#: the formats written by `publish` (a static host cannot negotiate, so two twins suffice).
STATIC_EXTS = ("html", "ttl", "jsonld")

_KEY = re.compile(r"[a-z][a-z0-9-]*/[A-Za-z0-9][A-Za-z0-9._~-]*")
_TERM = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


@dataclass(frozen=True)
class Target:
    """What a site path names: `kind` is entity, term, ontology, or a fixed file name."""

    kind: str
    key: str
    ext: str | None  # None: negotiate


class IriMap:
    """Maps dataset IRIs under `base` to site paths and back."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.id_prefix = base + "id/"

    def entity_key(self, iri: str) -> str | None:
        """`{base}id/person/liu-bocheng` -> `person/liu-bocheng`; None for other IRIs."""
        if iri.startswith(self.id_prefix):
            key = iri[len(self.id_prefix):]
            if _KEY.fullmatch(key):
                return key
        return None

    def entity_iri(self, key: str) -> str:
        return self.id_prefix + key

    @staticmethod
    def term_key(iri: str) -> str | None:
        if iri.startswith(ONTOLOGY_NS) and _TERM.fullmatch(iri[len(ONTOLOGY_NS):]):
            return iri[len(ONTOLOGY_NS):]
        return None


def entity_path(key: str, ext: str = "html") -> str:
    return f"page/{key}.{ext}"


def text_path(slug: str) -> str:
    """The published copy of an article's text: the dataset folder's layout under `download/`."""
    return "download/" + text_name(slug)


def term_path(key: str, ext: str = "html") -> str:
    return f"ontology/{key}.{ext}"


def ontology_path(ext: str = "html") -> str:
    return "ontology/index.html" if ext == "html" else f"ontology.{ext}"


def id_stub_path(key: str) -> str:
    """Where the static site puts the redirecting stand-in for `/id/{key}`."""
    return f"id/{key}/index.html"


def split_ext(name: str) -> tuple[str, str | None]:
    """`liu-bocheng.ttl` -> (`liu-bocheng`, `ttl`); unknown or no extension -> (name, None)."""
    stem, dot, ext = name.rpartition(".")
    if dot and ext in MEDIA_TYPES:
        return stem, ext
    return name, None


def parse_path(path: str) -> Target | None:
    """Classify a request path (no leading slash) by the URL scheme above; None if outside it."""
    if path.startswith("page/"):
        key, ext = split_ext(path[5:])
        return Target("entity", key, ext) if _KEY.fullmatch(key) else None
    if path.startswith("id/"):
        key = path[3:].rstrip("/")
        return Target("id", key, None) if _KEY.fullmatch(key) else None
    if path in ("ontology", "ontology/"):
        return Target("ontology", "", None)
    if path == "ontology/index.html":
        return Target("ontology", "", "html")
    if path.startswith("ontology."):
        _, ext = split_ext(path)
        return Target("ontology", "", ext) if ext and ext != "html" else None
    if path.startswith("ontology/"):
        key, ext = split_ext(path[9:])
        return Target("term", key, ext) if _TERM.fullmatch(key) else None
    return None


def relative_root(path: str) -> str:
    """Prefix that leads from the document at `path` back to the site root (`../../`)."""
    return "../" * path.count("/")


def linkable(iri: str | None) -> bool:
    """May this external address become a clickable link? Only http(s): a `javascript:` or
    `data:` IRI in the data (or in an edited SOURCES.tsv) must stay inert text."""
    if not iri:
        return False
    return iri.split(":", 1)[0].lower() in ("http", "https") and iri[4:].lstrip("sS").startswith("://")
