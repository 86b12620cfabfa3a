"""Places named in prose: typed, with English and Chinese names and located-in chains.

Four kinds of evidence make a capitalized name a place, each a table in vocab/narrative:
a type word that belongs to the name (`Ci County`, `Zhang River`), a cue before it (`at`,
`east of`, `the villages`), a type word after it (`the Fuyang (滏阳) region`) or an
apposition (`Handan, the Zhao capital`). A name
with a Chinese gloss (`Cuiqu (崔曲)`) is a place only with such a cue or a Chinese place
suffix (镇 town, 庄 village, ...); after a role (`the commander of the 19th Army, Shi Zebo
(史泽波)`) it is a person; otherwise it is left alone. `Pingxiang County, Xingtai, Hebei,
China` gives a located-in chain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from handan_kg.extract import vocab
from handan_kg.extract.context import Context, Mention, evidence_of, name_stopwords, narrative_sentences
from handan_kg.extract.vocab import load
from handan_kg.facts import Name, add_support

_WORD = r"[A-Z][\w'’–-]*"
_ZH = re.compile(rf"(?P<en>{_WORD}(?: {_WORD}){{0,2}}) \((?:(?P<alt>[A-Za-z][^,()]*), )?(?P<zh>[\u4e00-\u9fff]+)\)")
_GROUP_JOIN = re.compile(r"^(?:,? and |, |—|–|-| or |,? and (?:North|South|East|West) )$")
_TYPED = re.compile(rf"\b(?P<name>(?:{_WORD} )*?{_WORD} (?P<type>{{types}}))\b")
_AFTER = re.compile(rf"\bthe (?P<name>{_WORD}(?: {_WORD})*) (?P<type>{{types}})\b")
_LIST_MORE = re.compile(rf"(?:,? and |, )(?P<name>{_WORD}(?: {_WORD}){{0,2}})(?![\w'’(]| \()")
_CHAIN = re.compile(rf"^, (?P<name>{_WORD}(?: {_WORD}){{0,2}})(?=[,)]|$|\.)")


@dataclass(frozen=True)
class ZhItem:
    start: int
    end: int
    en: str
    zh: str
    alt: str | None


@cache
def _listed_before_type() -> re.Pattern[str]:
    """`the A, B and C provinces`: a list of names before a plural type word types each of them."""
    plurals = "|".join(sorted({f"{w}s" for w in vocab.mapping("place_type_after")} | {"cities", "counties"}, key=len, reverse=True))
    name = rf"{_WORD}(?: {_WORD})*"
    return re.compile(rf"\bthe (?P<list>{name}(?:, {name})*,? and {name}) (?P<type>{plurals})\b")


@cache
def _typed() -> re.Pattern[str]:
    return re.compile(_TYPED.pattern.replace("{types}", "|".join(vocab.mapping("place_types"))))


@cache
def _after() -> re.Pattern[str]:
    types = "|".join(t for t in vocab.mapping("place_type_after") if t != "line")
    return re.compile(_AFTER.pattern.replace("{types}", types))


@cache
def _cue_before() -> re.Pattern[str]:
    cues = vocab.alternation("place_prepositions")
    lists = vocab.alternation("place_lists")
    compass = "|".join(vocab.words("place_compass"))
    return re.compile(rf"(?:(?:{cues})|\bthe (?:line of the )?(?:{lists})) (?:the )?(?:(?:{compass}) and )?$")


@cache
def _role_before() -> re.Pattern[str]:
    roles = vocab.alternation("roles")
    return re.compile(rf"\b(?:{roles})s?\b(?: of (?:the )?[^,]{{1,60}})?,? $", re.IGNORECASE)


def _list_kind(before: str) -> str | None:
    for code, pattern in vocab.patterns("place_lists"):
        if re.search(rf"\b(?:{pattern.pattern}) (?:the )?\S*$", before) or re.search(rf"\b(?:{pattern.pattern}) $", before):
            return code
    return None


def _zh_kind(zh: str) -> str | None:
    return vocab.mapping("place_zh_suffix").get(zh[-1])


def _after_kind(after: str) -> tuple[str | None, bool]:
    """(kind, is-a-place-cue) from the words right after a name."""
    m = re.match(r"^ (?P<word>[A-Za-z]+(?: Region)?)\b", after)
    if not m:
        return None, False
    word = m.group("word")
    if word == "Military Region":
        return "region", True
    if word in vocab.mapping("place_type_after"):
        kind = vocab.mapping("place_type_after")[word]
        return (None if word == "line" else kind), True
    return None, False


def _strip_compass(before: str, en: str) -> str:
    compass = vocab.words("place_compass")
    words = en.split()
    if len(words) > 1 and words[0] in compass and re.search(rf"\b(?:{'|'.join(compass)}) and $", before):
        return " ".join(words[1:])
    return en


def zh_groups(text: str) -> list[list[ZhItem]]:
    """Runs of `Name (中文)` items joined by commas, `and`, dashes."""
    items = [ZhItem(m.start(), m.end(), m.group("en"), m.group("zh"), m.group("alt")) for m in _ZH.finditer(text)]
    groups: list[list[ZhItem]] = []
    for item in items:
        if groups and _GROUP_JOIN.match(text[groups[-1][-1].end:item.start]):
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def classify(text: str, group: list[ZhItem], known_people: set[str]) -> str | None:
    """'person', 'place' or None (not enough evidence) for a group of glossed names."""
    before = text[:group[0].start]
    if any(i.en in known_people for i in group) or _role_before().search(before):
        return "person"
    if _cue_before().search(before) or _after_kind(text[group[-1].end:])[1] or any(_zh_kind(i.zh) for i in group):
        return "place"
    return None


def extract_zh_names(ctx: Context) -> None:
    """Glossed names: places with both labels, and people with their Chinese name."""
    known = set(ctx.people) | {c.person for c in ctx.facts.commanders}
    conflict_heads = re.compile(vocab.alternation("conflict_names", "head"))
    for index, sentence in narrative_sentences(ctx.article):
        text, base, ev = sentence.span.text, sentence.span.start, evidence_of(sentence)
        for group in zh_groups(text):
            kind = classify(text, group, known)
            if kind is None or any(conflict_heads.fullmatch(i.en + " ") or conflict_heads.search(i.en) for i in group):
                continue
            list_kind = _list_kind(text[:group[0].start])
            after_kind, _ = _after_kind(text[group[-1].end:])
            for pos, item in enumerate(group):
                names = (Name(item.zh, "zh"),) + ((Name(item.alt, "en"),) if item.alt else ())
                if kind == "person":
                    ctx.person(item.en, ev, names=names)
                    ctx.mention(index, Mention("person", item.en, base + item.start, base + item.start + len(item.en)))
                    continue
                en = _strip_compass(text[:item.start], item.en)
                place_kind = (after_kind if pos == len(group) - 1 else None) or list_kind or _zh_kind(item.zh)
                ctx.place(en, place_kind, ev, names)
                start = base + item.start + item.en.index(en)
                ctx.mention(index, Mention("place", en, start, start + len(en)))


def _excluded(ctx: Context, index: int, start: int, end: int, name: str) -> bool:
    """A stop word in the name (`September–November` too), a compass word, a person, a side,
    or a name inside a unit's, a conflict's or a person's mention: not a place."""
    stop = name_stopwords()
    if any(w in stop for w in re.split(r"[\s–—-]+", name)) or name in vocab.words("place_compass") or name in ctx.people or ctx.sides.side_of(name) is not None:
        return True
    return any(m.kind in ("unit", "conflict", "person") and m.start < end and start < m.end for m in ctx.mentions.get(index, []))


def extract_places(ctx: Context) -> None:
    """Typed names, cue-introduced names and located-in chains (after `extract_zh_names`)."""
    cue = re.compile(rf"(?:{vocab.alternation('place_prepositions')}) (?P<name>{_WORD}(?: {_WORD}){{0,3}})(?!'s)")
    types = vocab.mapping("place_types")
    after_types = vocab.mapping("place_type_after")
    for index, sentence in narrative_sentences(ctx.article):
        text, base, ev = sentence.span.text, sentence.span.start, evidence_of(sentence)
        found: list[tuple[int, int, str, str | None]] = []
        for m in _typed().finditer(text):
            if text[m.end():].startswith(" of ") and text[: m.start()].endswith("the "):
                continue  # `the Roman province of Epirus Vetus`: a description, the name follows
            words = m.group("name").split()
            while len(words) > 2 and words[0] in name_stopwords():
                words.pop(0)
            name = " ".join(words)
            found.append((m.end() - len(name), m.end(), name, types[m.group("type")]))
        for m in _after().finditer(text):
            if text[m.end():].startswith(" of "):
                continue  # `the Roman province of Epirus Vetus`
            found.append((m.start("name"), m.end("name"), m.group("name"), after_types[m.group("type")]))
        for m in _listed_before_type().finditer(text):  # `the Anhui, Henan, Jiangxi and Hubei provinces`
            kind = after_types.get(m.group("type").rstrip("s")) or after_types.get(m.group("type"))
            for one in re.finditer(rf"{_WORD}(?: {_WORD})*", m.group("list")):
                found.append((m.start("list") + one.start(), m.start("list") + one.end(), one.group(), kind))
        for m in re.finditer(rf"\b{_WORD}(?: {_WORD}){{0,2}}(?=, an? |, the )", text):
            kind = next((code for code, p in vocab.patterns("place_appositions", 0) if p.match(text[m.end():])), None)
            if kind:
                found.append((m.start(), m.end(), m.group(), kind))
        for m in cue.finditer(text):
            if _parties(ctx, text, m):
                continue
            found.append((m.start("name"), m.end("name"), m.group("name"), _list_kind(text[: m.start("name")])))  # `the city of Saguntum`
            end = m.end("name")
            while more := _LIST_MORE.match(text, end):  # `in Sicily, Sardinia and Greece`
                found.append((more.start("name"), more.end("name"), more.group("name"), None))
                end = more.end("name")
            onward = re.match(rf" to (?P<name>{_WORD}(?: {_WORD}){{0,2}})", text[m.end("name"):])
            if m.group(0).lower().startswith("from") and onward:
                s = m.end("name") + onward.start("name")
                found.append((s, s + len(onward.group("name")), onward.group("name"), None))
        for start, end, name, kind in sorted(found, key=lambda f: (f[0], -f[1])):
            if _excluded(ctx, index, base + start, base + end, name) or ctx.covered(index, base + start, base + end, ("place",)):
                continue
            place = ctx.place(name, kind, ev)
            ctx.mention(index, Mention("place", place.name, base + start, base + end))
            if kind in ("county", "province", "city", "town", "village"):
                _chain(ctx, index, text, end, place.name)


def _parties(ctx: Context, text: str, m: re.Match[str]) -> bool:
    """`fought between Russia and Germany`, `forces from Britain, France, and Russia`: the
    names are the warring parties, not places, unless already known as places; after
    `between` a plain name is only a place when it is known as one (`between Octavian and
    ...` names a person)."""
    cue = m.group(0)[: m.start("name") - m.start()].strip().lower()
    nouns = "|".join(load("belligerents")["lead_force_nouns"])
    force_from = cue == "from" and re.search(rf"\b(?:{nouns})\s+$", text[: m.start()])
    if cue != "between" and not force_from:
        return False
    return m.group("name") not in ctx.places


def _chain(ctx: Context, index: int, text: str, end: int, inner: str) -> None:
    """`Pingxiang County, Xingtai, Hebei, China`: each name lies in the next."""
    sentence = ctx.article.sentences[index]
    base, ev = sentence.span.start, evidence_of(sentence)
    while True:
        m = _CHAIN.match(text[end:])
        if not m or _excluded(ctx, index, base + end + m.start("name"), base + end + m.end("name"), m.group("name")):
            return
        outer = ctx.place(m.group("name"), None, ev)
        if outer.name not in ctx.places[inner].located_in:
            ctx.places[inner].located_in.append(outer.name)
        add_support(ctx.places[inner].support, "locatedIn", outer.name, ev)
        ctx.mention(index, Mention("place", outer.name, base + end + m.start("name"), base + end + m.end("name")))
        inner, end = outer.name, end + m.end("name")


def mention_known_places(ctx: Context) -> None:
    """Later plain mentions of places already found (`Cuiqu`, `Matouzhen`) add evidence."""
    if not ctx.places:
        return
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(ctx.places, key=len, reverse=True)) + r")\b")
    for index, sentence in narrative_sentences(ctx.article):
        base, ev = sentence.span.start, evidence_of(sentence)
        for m in pattern.finditer(sentence.span.text):
            s, e = base + m.start(), base + m.end()
            if any(x.start < e and s < x.end for x in ctx.mentions.get(index, [])):
                continue
            ctx.place(m.group(), None, ev)
            ctx.mention(index, Mention("place", m.group(), s, e))
