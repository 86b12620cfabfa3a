"""Plain-text article -> typed `Article`, every piece keeping its character span.

The input format is the plain-text rendering of a Wikipedia article used by the corpus:

    = Title =
    Infobox                      (or caption residue such as "SFR Yugoslavia")
    - Key: Value                 (infobox fields, any order)
    <blank>
    Lead paragraph, one per line.
    ==Section==  /  ===Subsection===
    - list item

Offsets are character offsets (Python `str` indices) into the decoded text, so a
span can always be checked with `article.text[start:end]`. Everything downstream
(facts, provenance) refers back to these spans, which is why the parser never
rewrites the text: cleaning happens on copies, spans stay on the original.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from handan_kg.errors import ArticleFormatError, InputError

_TITLE = re.compile(r"^=\s*(?P<title>[^=].*?)\s*=\s*$")
_HEADING = re.compile(r"^(?P<marks>={2,6})\s*(?P<title>.*?)\s*(?P=marks)\s*$")
_FIELD = re.compile(r"^- (?P<key>[A-Za-z][A-Za-z0-9 _]{0,40}?)\s*:\s?(?P<value>.*)$")
_ITEM = re.compile(r"^- (?P<body>.*)$")
# Sentence boundary: terminal punctuation, optional closing quote/bracket, whitespace,
# then something that can start a sentence. Abbreviations are checked separately.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9\u4e00-\u9fff])")
_ABBREVIATIONS = frozenset(
    "c ca e.g i.e vs etc no st mt ft gen lt col maj capt sgt adm cdr mr mrs ms dr jr sr u.s u.k fig approx".split()
)
_TERMINAL = tuple(".!?\"')]”’:")


@dataclass(frozen=True)
class Span:
    """A run of the source text: `text == article.text[start:end]`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class InfoboxField:
    """One `- Key: Value` line of the infobox; `value` is the raw value span."""

    key: str
    value: Span
    line: int


@dataclass(frozen=True)
class Section:
    """A heading and the range of text it governs (up to the next heading of any level)."""

    title: str
    level: int
    heading: Span
    start: int
    end: int


@dataclass(frozen=True)
class Block:
    """A paragraph line or a list item, with the index of its section (-1 = lead)."""

    kind: str  # "paragraph" | "item"
    span: Span
    line: int
    section: int


@dataclass(frozen=True)
class Sentence:
    """A sentence inside a block; sentences never cross block boundaries."""

    span: Span
    block: int
    section: int


@dataclass
class Article:
    """A parsed article. `slug` is derived from the title and is stable across runs."""

    path: str
    text: str
    title: Span
    caption: Span | None
    infobox: list[InfoboxField]
    sections: list[Section]
    blocks: list[Block]
    sentences: list[Sentence] = field(default_factory=list)
    #: the prose's last sentence when it has no end mark (a page that ends so, or a file cut
    #: between words): left out of `sentences`, so nothing is read from a possibly cut sentence
    unfinished: Span | None = None

    @cached_property
    def slug(self) -> str:
        """The article's identity in IRIs and file names: its file name, else its title.

        The file name, not the title, because two files may carry one title (two
        revisions of an article that disagree); the conflict they describe still gets one
        IRI, from its name, while their evidence stays apart.
        """
        if self.path != "<text>":
            return slugify(Path(self.path).stem)
        return slugify(self.title.text)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def fields(self, key: str) -> list[InfoboxField]:
        """All infobox fields whose key equals `key` (case-insensitive)."""
        wanted = key.lower()
        return [f for f in self.infobox if f.key.lower() == wanted]

    def section_title(self, index: int) -> str | None:
        return self.sections[index].title if index >= 0 else None

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset (for error messages)."""
        return self.text.count("\n", 0, offset) + 1


_CUT = re.compile(r"(?:[,;:(\[–—-]|\b(?:and|or|of|the|at|in|to))\s*$")


def slugify(text: str) -> str:
    """Readable ASCII slug: `Liu Bocheng` -> `liu-bocheng`, `Łodwigowo` -> `lodwigowo`.

    Non-Latin text with no ASCII transliteration falls back to a short hash so the slug
    is still deterministic and non-empty.
    """
    folded = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    # Dashes and other punctuation separate words ("Polish–Lithuanian" -> "polish-lithuanian");
    # only combining marks may vanish (accents), so the ASCII fold cannot glue words together.
    folded = "".join(c if c.isalnum() or unicodedata.combining(c) else " " for c in folded)
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if slug:
        return slug[:80].rstrip("-")
    return "x-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def read_text(path: str | Path) -> str:
    """Read a UTF-8 article, turning every way a file can be unusable into an `InputError`."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not an article file")
    if not p.is_file():  # `/dev/zero`, a FIFO: reading would never end
        raise InputError(f"{p}: not a regular file")
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from None
    if not raw.strip():
        raise InputError(f"{p}: file is empty")
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(f"{p}: UTF-16 text; save it as UTF-8")
    if b"\x00" in raw[:4096]:
        raise InputError(f"{p}: binary file, expected UTF-8 text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"{p}:{line}: not valid UTF-8 (byte {exc.start})") from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse_file(path: str | Path) -> Article:
    """Read and parse one article file."""
    return parse(read_text(path), str(path))


def parse(text: str, path: str = "<text>") -> Article:
    """Parse article text. Raises `ArticleFormatError` with file and line on bad structure."""
    lines = _lines(text)
    non_empty = [(i, s, e) for i, (s, e) in enumerate(lines) if text[s:e].strip()]
    if not non_empty:
        raise InputError(f"{path}: file is empty")
    first_line, fs, fe = non_empty[0]
    m = _TITLE.match(text[fs:fe])
    if not m:
        raise ArticleFormatError(f"{path}:{first_line + 1}: expected a '= Title =' line first")
    title = Span(fs + m.start("title"), fs + m.end("title"), m.group("title"))

    caption: Span | None = None
    infobox: list[InfoboxField] = []
    index = 1
    # Optional caption/"Infobox" line, then consecutive `- Key: Value` fields.
    if index < len(non_empty):
        li, s, e = non_empty[index]
        line = text[s:e]
        if not _FIELD.match(line) and index + 1 < len(non_empty):
            nli, ns, ne = non_empty[index + 1]
            if _FIELD.match(text[ns:ne]) and nli == li + 1:
                caption = Span(s, e, line)
                index += 1
    previous_line = non_empty[index - 1][0]
    while index < len(non_empty):
        li, s, e = non_empty[index]
        fm = _FIELD.match(text[s:e])
        if not fm or li != previous_line + 1:
            break
        vs, ve = s + fm.start("value"), s + fm.end("value")
        infobox.append(InfoboxField(fm.group("key").strip(), Span(vs, ve, text[vs:ve]), li + 1))
        previous_line = li
        index += 1
    if not infobox:
        raise ArticleFormatError(f"{path}:{first_line + 2}: no infobox ('- Key: Value' lines after the title)")

    sections: list[Section] = []
    blocks: list[Block] = []
    for li, s, e in non_empty[index:]:
        line = text[s:e]
        hm = _HEADING.match(line)
        if hm:
            if sections:
                prev = sections[-1]
                sections[-1] = Section(prev.title, prev.level, prev.heading, prev.start, s)
            hs, he = s + hm.start("title"), s + hm.end("title")
            sections.append(Section(hm.group("title"), len(hm.group("marks")), Span(hs, he, line[hm.start("title"):hm.end("title")]), e, len(text)))
            continue
        im = _ITEM.match(line)
        stripped_end = s + len(line.rstrip())
        if im:
            bs = s + im.start("body")
            blocks.append(Block("item", Span(bs, stripped_end, text[bs:stripped_end]), li + 1, len(sections) - 1))
        else:
            bs = s + (len(line) - len(line.lstrip()))
            blocks.append(Block("paragraph", Span(bs, stripped_end, text[bs:stripped_end]), li + 1, len(sections) - 1))

    prose = [b for b in blocks if b.kind == "paragraph"]
    unterminated = bool(prose) and blocks[-1] is prose[-1] and not prose[-1].span.text.endswith(_TERMINAL)
    if unterminated and _CUT.search(prose[-1].span.text):  # `... between the two armies and`
        raise ArticleFormatError(f"{path}:{prose[-1].line}: article looks truncated (text ends mid-sentence)")
    # `- Casualties2: 4,` or a list item `- 30th Army deployed at` as the file's last line: a value
    # cut off by a truncated file would otherwise give a wrong number or fact
    if blocks and blocks[-1].kind == "item" and _CUT.search(blocks[-1].span.text):
        raise ArticleFormatError(f"{path}:{blocks[-1].line}: article looks truncated (the last list item is cut off)")
    if not blocks and infobox and _CUT.search(infobox[-1].value.text):
        raise ArticleFormatError(f"{path}:{infobox[-1].line}: article looks truncated (the last infobox value is cut off)")

    article = Article(path, text, title, caption, infobox, sections, blocks)
    article.sentences = [sent for bi, b in enumerate(blocks) for sent in _sentences(b, bi)]
    if unterminated and article.sentences:  # `... followed up by Operation Python three days later`
        article.unfinished = article.sentences.pop().span
    return article


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, end excluding the newline."""
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _inside_parenthesis(text: str, start: int, at: int) -> bool:
    """A full stop inside a parenthesis that closes later in the block ends no sentence:
    `(Russian: Зимняя война, tr. Zimnyaya voyna)` is part of the sentence around it."""
    depth = text.count("(", start, at) - text.count(")", start, at)
    return depth > 0 and ")" in text[at:at + 300]


def _sentences(block: Block, block_index: int) -> list[Sentence]:
    """Split a block into sentences, keeping offsets and skipping abbreviation dots."""
    text, base = block.span.text, block.span.start
    cuts, start = [], 0
    for m in _BOUNDARY.finditer(text):
        word = re.search(r"([A-Za-z.]+)[.!?][\"')\]]?$", text[start:m.start()] + text[m.start():m.end()].rstrip())
        token = word.group(1).lower().rstrip(".") if word else ""
        if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            continue
        if _inside_parenthesis(text, start, m.start()):
            continue
        end = m.start() + len(text[m.start():m.end()].rstrip())
        cuts.append((start, end))
        start = m.end()
    cuts.append((start, len(text)))
    out = []
    for s, e in cuts:
        piece = text[s:e]
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        if piece:
            out.append(Sentence(Span(base + s + lead, base + s + lead + len(piece), piece), block_index, block.section))
    return out
