"""Candidate lookup against any SPARQL endpoint holding Wikidata's RDF.

Plain SPARQL 1.1 only (no `wikibase:label`, no `mwapi` service), so the same queries run
on query.wikidata.org, on QLever's Wikidata endpoint and on a local store loaded with a
Wikidata subset (the test fixture). Two queries per entity:

1. names: items whose `rdfs:label`, `skos:altLabel` or Wikipedia sitelink title equals one
   of our name forms in English (`en`, `mul`) or Chinese (`zh`, `zh-hans`, ...);
2. details of those candidates: which of our type roots they reach by
   `wdt:P31/wdt:P279*`, their dates, places, part-of, participants, labels and sitelinks.

Queries are text built deterministically from the entity, so the cache key (endpoint,
query) is stable across runs.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import unquote

from handan_kg.link.cache import CachedAnswer
from handan_kg.link.client import SparqlClient
from handan_kg.link.entities import Entity
from handan_kg.namespaces import RDFS, SKOS, WDT, WIKIDATA_PREFIXES

QID = re.compile(r"^http://www\.wikidata\.org/entity/(Q[1-9][0-9]*)$")
WIKIPEDIAS = ("https://en.wikipedia.org/", "https://zh.wikipedia.org/")
QUERY_LANGS = {"en": ("en", "mul"), "zh": ("zh", "zh-hans", "zh-hant", "zh-cn")}
# Item-valued properties whose values are context (places, wholes, participants, conflicts).
CONTEXT_PROPS = ("P17", "P131", "P276", "P361", "P607", "P1344", "P710", "P4791", "P241")
DATE_PROPS = ("P569", "P570", "P571", "P576", "P580", "P582", "P585")
TYPE_ROOT = "urn:x-handan-kg:type-root"
ADMIN_ANCESTOR = "urn:x-handan-kg:admin-ancestor"
SITELINK = "http://schema.org/about"
RDFS_LABEL = RDFS + "label"
SKOS_ALT = SKOS + "altLabel"
PREFIXES = "".join(f"PREFIX {p}: <{WIKIDATA_PREFIXES[p]}>\n" for p in ("wd", "wdt", "rdfs", "skos", "schema"))


def family(lang: str) -> str:
    """Language family used for name matching: `zh-hant` -> `zh`, `mul`/`` -> `en`."""
    head = lang.lower().split("-")[0]
    return "en" if head in ("", "en", "mul") else head


def normalize(text: str) -> str:
    """Case-, width-, accent- and punctuation-insensitive form of a name."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    spaced = re.sub(r"[\s\W_]+", " ", plain).strip()
    return re.sub(r"^the ", "", spaced)


def strip_generic(text: str, words: frozenset[str]) -> str | None:
    """`Zhang River` -> `Zhang` when `river` is a generic head word of the entity's class."""
    parts = text.split()
    if len(parts) > 1 and parts[-1].lower() in words:
        return " ".join(parts[:-1])
    return None


def name_forms(entity: Entity, generic: frozenset[str]) -> list[tuple[str, str]]:
    """The (text, language family) forms to look up: as written, case variants, no parentheses."""
    forms: set[tuple[str, str]] = set()
    for text, lang in entity.names:
        fam = family(lang)
        base = re.sub(r"\s*\([^)]*\)", "", text).strip() or text
        variants = {text, base}
        if fam == "en":
            variants |= {re.sub(r"^(?i:the)\s+", "", base), base.lower(), base[:1].upper() + base[1:].lower(),
                         " ".join(w[:1].upper() + w[1:] for w in base.split())}
            if (core := strip_generic(base, generic)) is not None:
                variants.add(core)
        forms |= {(v, fam) for v in variants if v}
    return sorted(forms)


def _literal(text: str, lang: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}'


def names_query(forms: list[tuple[str, str]]) -> str:
    values = " ".join(_literal(text, lang) for text, fam in forms for lang in QUERY_LANGS.get(fam, (fam,)))
    sites = " ".join(f"<{s}>" for s in WIKIPEDIAS)
    return (
        PREFIXES
        + "SELECT DISTINCT ?item ?name ?how WHERE {\n"
        f"  VALUES ?name {{ {values} }}\n"
        '  { ?item rdfs:label ?name . BIND("label" AS ?how) }\n'
        '  UNION { ?item skos:altLabel ?name . BIND("alias" AS ?how) }\n'
        f'  UNION {{ VALUES ?site {{ {sites} }} ?article schema:about ?item ; schema:isPartOf ?site ; schema:name ?name . BIND("sitelink" AS ?how) }}\n'
        '  FILTER(STRSTARTS(STR(?item), "http://www.wikidata.org/entity/Q"))\n'
        "}\nORDER BY ?item ?how ?name\nLIMIT 200\n"
    )


def details_query(qids: list[str], roots: list[str]) -> str:
    items = " ".join(f"wd:{q}" for q in qids)
    root_values = " ".join(f"wd:{q}" for q in roots)
    props = " ".join(f"wdt:{p}" for p in (*DATE_PROPS, *CONTEXT_PROPS, "P31"))
    langs = ", ".join(f'"{lang}"' for fam in sorted(QUERY_LANGS) for lang in QUERY_LANGS[fam])
    sites = " ".join(f"<{s}>" for s in WIKIPEDIAS)
    return (
        PREFIXES
        + "SELECT DISTINCT ?item ?p ?v WHERE {\n"
        f"  VALUES ?item {{ {items} }}\n"
        f"  {{ VALUES ?root {{ {root_values} }} ?item wdt:P31/wdt:P279* ?root . BIND(<{TYPE_ROOT}> AS ?p) BIND(?root AS ?v) }}\n"
        f"  UNION {{ VALUES ?p {{ {props} }} ?item ?p ?v }}\n"
        f"  UNION {{ ?item wdt:P131+ ?v . BIND(<{ADMIN_ANCESTOR}> AS ?p) }}\n"
        f"  UNION {{ VALUES ?p {{ rdfs:label skos:altLabel }} ?item ?p ?v . FILTER(LANG(?v) IN ({langs})) }}\n"
        f"  UNION {{ VALUES ?site {{ {sites} }} ?v schema:about ?item ; schema:isPartOf ?site . BIND(schema:about AS ?p) }}\n"
        "}\nORDER BY ?item ?p ?v\n"
    )


@dataclass
class Item:
    """What the endpoint told us about one candidate item."""

    qid: str
    names: list[tuple[str, str, str]] = field(default_factory=list)   # (how, text, lang) that matched our forms
    labels: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))   # family -> labels
    aliases: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    roots: set[str] = field(default_factory=set)
    values: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # P-id -> values (QIDs or lexical)
    sitelinks: set[str] = field(default_factory=set)

    def display(self) -> str:
        for fam in ("en", "zh"):
            if self.labels.get(fam):
                return min(self.labels[fam])
        return ""

    def sitelink_titles(self) -> set[str]:
        return {unquote(url.rsplit("/wiki/", 1)[-1]).replace("_", " ") for url in self.sitelinks if "/wiki/" in url}


@dataclass
class Lookup:
    """The candidates of one entity and the cached answers they came from."""

    entity: Entity
    items: dict[str, Item]
    answers: list[CachedAnswer]


def _rows(answer: dict) -> list[dict]:
    return answer.get("results", {}).get("bindings", [])


def _qid(term: dict | None) -> str | None:
    if term and term.get("type") == "uri" and (m := QID.match(term["value"])):
        return m.group(1)
    return None


def _add_detail(item: Item, p: str, term: dict) -> None:
    value, qid = term["value"], _qid(term)
    if p == TYPE_ROOT and qid:
        item.roots.add(qid)
    elif p == ADMIN_ANCESTOR and qid:
        item.values["P131"].add(qid)
    elif p == SITELINK:
        item.sitelinks.add(value)
    elif p.startswith(WDT):
        item.values[p[len(WDT):]].add(qid or value)
    elif p in (RDFS_LABEL, SKOS_ALT):
        target = item.labels if p == RDFS_LABEL else item.aliases
        target[family(term.get("xml:lang", ""))].add(value)


def lookup(client: SparqlClient, entity: Entity, generic: frozenset[str], roots: list[str]) -> Lookup | None:
    """Ask (or replay) the two queries for `entity`; None when offline and not cached."""
    forms = name_forms(entity, generic)
    named = client.select(names_query(forms))
    if named is None:
        return None
    items: dict[str, Item] = {}
    for row in _rows(named.answer):
        qid = _qid(row.get("item"))
        if qid and "name" in row and "how" in row:
            name = row["name"]
            items.setdefault(qid, Item(qid)).names.append((row["how"]["value"], name["value"], name.get("xml:lang", "")))
    if not items:
        return Lookup(entity, {}, [named])
    detailed = client.select(details_query(sorted(items, key=lambda q: int(q[1:])), roots))
    if detailed is None:
        return None
    for row in _rows(detailed.answer):
        qid = _qid(row.get("item"))
        if qid in items and "p" in row and "v" in row:
            _add_detail(items[qid], row["p"]["value"], row["v"])
    return Lookup(entity, items, [named, detailed])
