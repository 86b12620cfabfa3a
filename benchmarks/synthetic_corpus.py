"""Deterministic synthetic corpus for the scale benchmark.

    python benchmarks/synthetic_corpus.py --count 1000 --out /tmp/corpus-1k [--seed 0]

Article N is derived from real corpus article N mod 16 (tests/fixtures/corpus/) by
renaming people, units and places and shifting every date by one per-article offset.
Why derive instead of generate: the benchmark must exercise the real parser and
extractor paths (infobox shapes, sentence structures, parenthesised Chinese names,
BCE dates, ranges), which only real article text has.

What changes, consistently within one synthetic article:
- every proper-name word (a capitalised word that never occurs in lower case in the
  corpus and is not in benchmarks/data/keep_words.txt), and every word of a
  Commander field, becomes a pinyin-like name of one to three syllables drawn from a
  seeded RNG; generated names never equal a word of the real corpus, so no original
  name leaks;
- every Chinese character maps to another common name character;
- every year moves by the same offset, chosen so BCE years stay BCE, CE years stay
  four-digit CE years, and so ranges keep their order;
- titles are unique across the corpus (so are slugs); a title with no renamable word
  gets a Wikipedia-style disambiguator, e.g. "Thirty Years' War (Kaolin)".

The same seed and count always give byte-identical files. SOURCES.tsv records the
Wikipedia article each file derives from (CC BY-SA 4.0).
"""

from __future__ import annotations

import argparse
import calendar
import csv
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from handan_kg.parse.article import Article, parse_file, slugify  # noqa: E402
from handan_kg.errors import HandanError  # noqa: E402

CORPUS_DIR = ROOT / "tests" / "fixtures" / "corpus"
KEEP_WORDS_FILE = Path(__file__).resolve().parent / "data" / "keep_words.txt"
LICENCE = "Wikipedia, CC BY-SA 4.0"
NOTE = "synthetic derivative: people, units and places renamed, dates shifted"
SOURCES_HEADER = ("file", "title", "address", "derived_from", "licence", "note")

# Infobox keys whose values are people: every word there is renamed (even "She" in "She Jian").
PERSON_KEYS = ("commander", "leader")
# Status marks glued to a commander's name by the infobox renderer ("Ulrich von JungingenKIA").
STATUS_MARKS = ("KIA", "POW", "DOW", "WIA", "MIA")
# Common pinyin syllables (toneless); names are one to three of them.
SYLLABLES = tuple(
    "ba bai ban bang bao bei ben bi bian biao bin bo bu cai can cang cao cen chang chao chen cheng chi chong chu"
    " chuan chun ci cong cui da dai dan dang dao deng di dian diao ding dong dou du duan dun duo fan fang fei fen"
    " feng fu gai gan gang gao ge geng gong gou gu guan guang gui guo hai han hang hao he hei heng hong hou hu"
    " hua huai huan huang hui huo ji jia jian jiang jiao jie jin jing jiu ju juan jun kai kang kao ke kong kuai"
    " kuan kui kun lai lan lang lao lei leng li lian liang liao lin ling liu long lou lu luan lun luo lü ma mai"
    " man mang mao mei meng mi mian miao min ming mo mu na nan ning niu nong ou pan pang pei peng ping pu qi qian"
    " qiang qiao qin qing qiu qu quan que ran rao ren rong ru ruan rui sang sen shan shang shao shen sheng shi"
    " shou shu shuang shun si song su sui sun tai tan tang tao teng tian tiao ting tong tu tuan wan wang wei wen"
    " wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yong you yu"
    " yuan yue yun zang zeng zhai zhan zhang zhao zhen zheng zhi zhong zhou zhu zhuang zhuo zong zou zu zuo".split()
)
# Common characters of Chinese personal and place names, for renaming parenthesised Chinese.
HANZI = (
    "安白柏宝北本碧昌长朝辰成城崇春大丹道德东冬方丰凤福高广贵国海汉和河红洪华怀辉惠吉家嘉建江金锦晋京景敬"
    "九君开康乐雷黎立良林凌龙隆鲁茂美明南宁平齐庆秋泉仁荣瑞山尚绍胜石寿书顺思松泰唐天田通威卫文武西熙祥"
    "孝新兴秀旭宣雪阳耀义逸英永勇友余玉元远岳云泽长振正志中忠舟竹卓子宗"
)
SHIFT_YEARS = 60  # a date moves by at most this many years
LATEST_YEAR = 2025  # shifted CE years stay at or before this

_WORD = re.compile(r"[^\W\d_\u3400-\u4dbf\u4e00-\u9fff]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_NUM = r"(?<![\w,.])\d{1,4}(?![\d,]\d)"
_DATE = re.compile(
    rf"(?P<bc>{_NUM}(?:\s*(?:–|—|-|to|and|or)\s*{_NUM})*)\s?(?:BCE|BC)\b"
    rf"|(?P<ah>{_NUM})\s(?:AH|H)\b"
    r"|(?<![\w,.])(?P<y1>1\d{3}|20\d{2})(?P<sep>–|-)(?P<y2>\d{2})(?![\d-])"
    r"|(?<![\w,.])(?P<ce>1\d{3}|20\d{2})(?!\d|,\d{3})"
)
_YEAR_IN_BC = re.compile(r"\d+")
_MONTHS = {name: i for i, name in enumerate(calendar.month_name) if name}
_DAY_MONTH_YEAR = re.compile(rf"\b(?P<d>\d{{1,2}}) (?P<m>{'|'.join(_MONTHS)}),? (?P<y>\d{{4}})\b")
_MONTH_DAY_YEAR = re.compile(rf"\b(?P<m>{'|'.join(_MONTHS)}) (?P<d>\d{{1,2}}), (?P<y>\d{{4}})\b")


class CorpusError(Exception):
    """The real corpus or the output directory cannot be used (message names the path)."""


@dataclass(frozen=True)
class Token:
    """A word of the template text that gets renamed (offsets into the template)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Template:
    """One real article prepared for renaming: which words change, where the title is."""

    file: str
    address: str
    text: str
    title: tuple[int, int]
    title_copies: tuple[tuple[int, int], ...]  # infobox values that repeat the title
    tokens: tuple[Token, ...]
    names: tuple[str, ...]  # distinct renamed words, in order of first occurrence
    person_words: frozenset[str]


@dataclass(frozen=True)
class Vocabulary:
    """Corpus-wide word knowledge: what to keep and what generated names must avoid."""

    keep: frozenset[str]  # lower-cased words never renamed (unless in a person field)
    structural: frozenset[str]  # keep_words.txt alone: never renamed, even in a person field
    common: frozenset[str]  # lower-cased words seen in lower case in the corpus
    forbidden: frozenset[str]  # lower-cased words a generated name may not equal


def load_keep_words(path: Path = KEEP_WORDS_FILE) -> frozenset[str]:
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.lstrip().startswith("#"):
            words.update(w.lower() for w in _WORD.findall(line))
    return frozenset(words)


def _corpus_files(corpus: Path) -> list[Path]:
    files = sorted(corpus.glob("*.txt"))
    if not files:
        raise CorpusError(f"{corpus}: no .txt articles to derive from")
    return files


def _addresses(corpus: Path) -> dict[str, str]:
    sources = corpus / "SOURCES.tsv"
    if not sources.is_file():
        return {}
    with sources.open(encoding="utf-8", newline="") as fh:
        return {row["file"]: row.get("address", "") for row in csv.DictReader(fh, delimiter="\t")}


def _is_acronym(word: str) -> bool:
    upper = sum(c.isupper() for c in word)
    return upper >= 2 and upper * 2 >= len(word)


def _split_mark(word: str) -> str:
    """`JungingenKIA` -> `Jungingen`: the status mark is not part of the name."""
    for mark in STATUS_MARKS:
        if word.endswith(mark) and len(word) > len(mark) and word[-len(mark) - 1].islower():
            return word[: -len(mark)]
    return word


def _initial_positions(article: Article) -> set[int]:
    """Offsets where any word is capitalised anyway: sentence and heading starts.

    Infobox values are not among them: they mostly start with a name ("Palaepharsalus, Greece").
    """
    return {sent.span.start for sent in article.sentences} | {sec.heading.start for sec in article.sections}


def build_vocabulary(articles: list[Article]) -> Vocabulary:
    """Words seen in lower case, or capitalised only where every word is, are common words.

    "Meanwhile" or "Unbeknown" only ever open a sentence, so they are English, not names.
    """
    common: set[str] = set()
    every: set[str] = set()
    mid_capital: set[str] = set()
    initial_capital: set[str] = set()
    for article in articles:
        text, initial = article.text, _initial_positions(article)
        for m in _WORD.finditer(text):
            word = _split_mark(m.group())
            every.add(word.lower())
            before = text[m.start() - 1] if m.start() else " "
            if word.islower() and before not in "-'’":
                common.add(word)
            elif word[:1].isupper():
                (initial_capital if m.start() in initial else mid_capital).add(word.lower())
    common |= initial_capital - mid_capital
    keep = load_keep_words()
    return Vocabulary(keep | common, keep, frozenset(common), frozenset(every | keep | common))


def _protected(article: Article) -> list[tuple[int, int]]:
    """Infobox keys (`- Combatant1A:`) are structure, not names: never touched."""
    text = article.text
    return [(text.rfind("\n", 0, f.value.start) + 1, f.value.start) for f in article.infobox]


def make_template(article: Article, address: str, vocab: Vocabulary) -> Template:
    text = article.text
    protected = _protected(article)
    person_spans = [(f.value.start, f.value.end) for f in article.infobox if f.key.lower().startswith(PERSON_KEYS)]
    person_words = {
        w for s, e in person_spans for w in (_split_mark(m.group()) for m in _WORD.finditer(text, s, e))
        if w[:1].isupper() and not _is_acronym(w) and w.lower() not in vocab.structural
    }
    tokens: list[Token] = []
    renamed_end = -2
    for m in _WORD.finditer(text):
        if any(s <= m.start() < e for s, e in protected):
            continue
        word = _split_mark(m.group())
        before = text[m.start() - 1] if m.start() else " "
        if word[:1].isupper():
            rename = word in person_words or not (_is_acronym(word) or len(word) == 1 or word.lower() in vocab.keep)
        else:
            # the lower-case tail of a renamed name: "Kai-shek", "Ma'ayan"
            rename = before in "-'’" and renamed_end == m.start() - 1 and len(word) > 1 and word not in vocab.common
        if rename:
            tokens.append(Token(m.start(), m.start() + len(word), word))
            renamed_end = m.start() + len(word)
    title = (article.title.start, article.title.end)
    copies = tuple((f.value.start, f.value.end) for f in article.infobox if f.value.text.strip() == article.title.text)
    names = tuple(dict.fromkeys(t.text for t in tokens))
    return Template(Path(article.path).name, address, text, title, copies, tuple(tokens), names, frozenset(person_words))


def load_templates(corpus: Path = CORPUS_DIR) -> tuple[list[Template], Vocabulary]:
    articles = [parse_file(p) for p in _corpus_files(corpus)]
    vocab = build_vocabulary(articles)
    addresses = _addresses(corpus)
    return [make_template(a, addresses.get(Path(a.path).name, ""), vocab) for a in articles], vocab


class Namer:
    """Draws pinyin-like names: distinct within one article, never a real corpus word."""

    def __init__(self, rng: random.Random, vocab: Vocabulary) -> None:
        self.rng, self.vocab, self.taken = rng, vocab, set()

    def name_for(self, word: str, min_syllables: int = 1) -> str:
        syllables = max(min_syllables, 1 if len(word) <= 4 else 2 if len(word) <= 10 else 3)
        for attempt in range(200):
            candidate = "".join(self.rng.choice(SYLLABLES) for _ in range(syllables + attempt // 50))
            if candidate not in self.taken and candidate not in self.vocab.forbidden:
                self.taken.add(candidate)
                return candidate.capitalize() if word[0].isupper() else candidate
        raise CorpusError(f"cannot draw a fresh name for {word!r}")  # pragma: no cover - 200 draws over 10^7 names


def _hanzi_map(text: str, rng: random.Random) -> dict[str, str]:
    chars = list(dict.fromkeys(_CJK.findall(text)))
    pool = list(HANZI)
    rng.shuffle(pool)
    return {ch: pool[i % len(pool)] for i, ch in enumerate(chars)}


def _year_bounds(text: str) -> tuple[int, int]:
    """The range of offsets that keeps BCE years BCE, CE years 4-digit CE, AH years >= 1."""
    lo, hi = -SHIFT_YEARS, SHIFT_YEARS
    for m in _DATE.finditer(text):
        if m.group("bc"):
            hi = min(hi, min(int(n) for n in _YEAR_IN_BC.findall(m.group("bc"))) - 1)
        elif m.group("ah"):
            lo = max(lo, 1 - int(m.group("ah")))
        else:
            first = int(m.group("y1") or m.group("ce"))
            last = (first // 100 * 100 + int(m.group("y2"))) if m.group("y2") else first
            lo, hi = max(lo, 1000 - first), min(hi, LATEST_YEAR - max(first, last))
    return lo, hi


def _choose_offset(text: str, rng: random.Random) -> int:
    lo, hi = _year_bounds(text)
    choices = [d for d in range(lo, hi + 1) if d] or [0]
    return rng.choice(choices)


def shift_dates(text: str, offset: int) -> str:
    """Move every year by `offset` years (BCE numbers move the other way) and fix 29 February."""

    def bc(m: re.Match) -> str:
        return _YEAR_IN_BC.sub(lambda n: str(int(n.group()) - offset), m.group())

    def one(m: re.Match) -> str:
        if m.group("bc"):
            return bc(m)
        if m.group("ah"):
            return m.group().replace(m.group("ah"), str(int(m.group("ah")) + offset), 1)
        if m.group("y1"):
            first = int(m.group("y1"))
            last = first // 100 * 100 + int(m.group("y2"))
            new_first, new_last = first + offset, last + offset
            tail = f"{new_last % 100:02d}" if new_first // 100 == new_last // 100 else str(new_last)
            return f"{new_first}{m.group('sep')}{tail}"
        return str(int(m.group("ce")) + offset)

    shifted = _DATE.sub(one, text)
    return _MONTH_DAY_YEAR.sub(_clamp_day, _DAY_MONTH_YEAR.sub(_clamp_day, shifted))


def _clamp_day(m: re.Match) -> str:
    """A day that no longer exists in the shifted year (29 February) becomes the month's last."""
    day, month, year = int(m.group("d")), _MONTHS[m.group("m")], int(m.group("y"))
    last = calendar.monthrange(year, month)[1]
    if 1 <= day <= 31 and day > last:
        return m.group().replace(m.group("d"), str(last), 1)
    return m.group()


def render(template: Template, names: dict[str, str], hanzi: dict[str, str], offset: int, suffix: str) -> str:
    """The template with names replaced, Chinese remapped, dates shifted, optional title suffix."""
    text = template.text
    edits = [(t.start, t.end, names[t.text]) for t in template.tokens]
    if suffix:
        edits += [(end, end, f" ({suffix})") for _, end in (template.title, *template.title_copies)]
    out, pos = [], 0
    for start, end, replacement in sorted(edits):
        out += [text[pos:start], replacement]
        pos = end
    out.append(text[pos:])
    renamed = _CJK.sub(lambda m: hanzi[m.group()], "".join(out))
    return shift_dates(renamed, offset)


@dataclass(frozen=True)
class Synthetic:
    file: str
    title: str
    text: str
    template: Template


def synthesize(index: int, seed: int, templates: list[Template], vocab: Vocabulary, used_slugs: set[str]) -> Synthetic:
    """Synthetic article `index`; `used_slugs` keeps titles unique across the corpus."""
    template = templates[index % len(templates)]
    rng = random.Random(f"handan-kg-synthetic:{seed}:{index}")
    namer = Namer(rng, vocab)
    title_start, title_end = template.title
    title_words = {t.text for t in template.tokens if title_start <= t.start < title_end}
    # title words get two syllables or more: 10,000 titles need more than ~150 one-syllable names
    names = {word: namer.name_for(word, 2 if word in title_words else 1) for word in template.names}
    hanzi = _hanzi_map(template.text, rng)
    offset = _choose_offset(template.text, rng)
    last_title_word = next((t.text for t in reversed(template.tokens) if title_start <= t.start < title_end), "")
    suffix = "" if title_words else namer.name_for("Xx", 2)
    for attempt in range(100):
        text = render(template, names, hanzi, offset, suffix)
        title = text.split("\n", 1)[0].strip().strip("=").strip()
        if slugify(title) not in used_slugs:
            break
        if last_title_word:
            names[last_title_word] = namer.name_for(last_title_word, 2 + attempt // 10)
        else:
            suffix = namer.name_for("Xx", 2 + attempt // 10)
    else:  # pragma: no cover - 100 redraws from ~10^5 names
        raise CorpusError(f"cannot find a unique title for synthetic article {index}")
    slug = slugify(title)
    used_slugs.add(slug)
    return Synthetic(f"{index:05d}-{slug}.txt", title, text, template)


def _prepare_out(out: Path) -> None:
    """Refuse to mix with foreign files; clear a previous synthetic corpus."""
    if out.exists() and not out.is_dir():
        raise CorpusError(f"{out}: exists and is not a directory")
    if not out.exists():
        out.mkdir(parents=True)
        return
    existing = [p for p in out.iterdir()]
    if not existing:
        return
    sources = out / "SOURCES.tsv"
    if not sources.is_file() or not sources.read_text(encoding="utf-8").startswith("\t".join(SOURCES_HEADER)):
        raise CorpusError(f"{out}: not empty and not a synthetic corpus; choose an empty directory")
    with sources.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            (out / row["file"]).unlink(missing_ok=True)
    sources.unlink()


def generate(count: int, out: Path, seed: int = 0, corpus: Path = CORPUS_DIR) -> list[Path]:
    """Write `count` synthetic articles and SOURCES.tsv into `out`; returns the article paths."""
    if count < 1:
        raise CorpusError(f"--count must be at least 1 (got {count})")
    templates, vocab = load_templates(corpus)
    _prepare_out(out)
    used = {slugify(t.text[t.title[0]:t.title[1]]) for t in templates}
    rows, paths = [], []
    for index in range(count):
        item = synthesize(index, seed, templates, vocab, used)
        path = out / item.file
        path.write_bytes(item.text.encode("utf-8"))
        paths.append(path)
        rows.append((item.file, item.title, item.template.address, item.template.file, LICENCE, NOTE))
    lines = ["\t".join(SOURCES_HEADER)] + ["\t".join(row) for row in rows]
    (out / "SOURCES.tsv").write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write a deterministic synthetic corpus derived from tests/fixtures/corpus/.",
        epilog="example:\n  python benchmarks/synthetic_corpus.py --count 1000 --out /tmp/corpus-1k --seed 0",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--count", type=int, required=True, help="number of articles to write")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="output directory (empty or a previous synthetic corpus)")
    parser.add_argument("--seed", type=int, default=0, help="RNG seed; the same seed gives byte-identical files (default 0)")
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR, metavar="DIR", help="real articles to derive from")
    args = parser.parse_args(argv)
    try:
        paths = generate(args.count, args.out, args.seed, args.corpus)
    except (CorpusError, HandanError, OSError) as exc:
        print(f"synthetic_corpus: error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {len(paths)} articles and SOURCES.tsv to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
