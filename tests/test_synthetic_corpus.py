"""The scale benchmark's synthetic corpus: deterministic, parseable, renamed, dates shifted."""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
from pathlib import Path

import pytest

from handan_kg.parse.article import parse_file

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
COUNT = 20  # more than the 16 real articles, so every template is used and some twice


def _load_generator():
    spec = importlib.util.spec_from_file_location("synthetic_corpus", ROOT / "benchmarks" / "synthetic_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["synthetic_corpus"] = module
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synthetic")
    gen.generate(COUNT, out, seed=7)
    return out


def _rows(out: Path) -> list[dict[str, str]]:
    with (out / "SOURCES.tsv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _pairs(out: Path):
    """(synthetic article, the real article it derives from), via SOURCES.tsv."""
    return [(parse_file(out / row["file"]), parse_file(CORPUS / row["derived_from"])) for row in _rows(out)]


def _field(article, key: str) -> str:
    return " ".join(f.value.text for f in article.fields(key))


def _words(text: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]+", text))


def test_same_seed_gives_byte_identical_files(corpus, tmp_path):
    again = tmp_path / "again"
    gen.generate(COUNT, again, seed=7)
    first = {p.name: p.read_bytes() for p in corpus.iterdir()}
    second = {p.name: p.read_bytes() for p in again.iterdir()}
    assert len(first) == COUNT + 1  # the articles and SOURCES.tsv
    assert first == second


def test_another_seed_gives_other_names(corpus, tmp_path):
    other = tmp_path / "other"
    gen.generate(COUNT, other, seed=8)
    assert sorted(p.name for p in other.iterdir()) != sorted(p.name for p in corpus.iterdir())


def test_every_article_parses_keeps_its_structure_and_has_a_unique_slug(corpus):
    pairs = _pairs(corpus)
    assert len(pairs) == COUNT
    real_slugs = {parse_file(p).slug for p in CORPUS.glob("*.txt")}
    slugs = [synthetic.slug for synthetic, _ in pairs]
    assert len(set(slugs)) == COUNT and not set(slugs) & real_slugs
    for synthetic, real in pairs:
        assert [f.key for f in synthetic.infobox] == [f.key for f in real.infobox]
        assert [(s.level, len(s.title) > 0) for s in synthetic.sections] == [(s.level, len(s.title) > 0) for s in real.sections]
        assert [b.kind for b in synthetic.blocks] == [b.kind for b in real.blocks]
        assert synthetic.title.text != real.title.text


def test_sources_credit_the_wikipedia_article_and_licence(corpus):
    for row in _rows(corpus):
        assert row["address"].startswith("https://en.wikipedia.org/wiki/")
        assert row["licence"] == "Wikipedia, CC BY-SA 4.0"
        assert (CORPUS / row["derived_from"]).is_file()


def test_person_names_do_not_leak(corpus):
    structural = gen.load_keep_words()
    checked = 0
    for synthetic, real in _pairs(corpus):
        for field in real.infobox:
            if not field.key.lower().startswith("commander"):
                continue
            for raw in _words(field.value.text):
                word = re.sub(r"(?<=[a-z])(KIA|POW|DOW|WIA|MIA)$", "", raw)
                if word[:1].isupper() and sum(c.isupper() for c in word) < 2 and word.lower() not in structural:
                    assert word not in _words(synthetic.text), f"{word!r} of {real.path} leaked into {synthetic.path}"
                    checked += 1
    assert checked > 100
    handan = [s for s, r in _pairs(corpus) if r.slug == "handan-campaign"]
    assert handan and "Liu Bocheng" not in handan[0].text and "Handan" not in handan[0].text


def test_names_are_renamed_consistently_within_an_article(corpus):
    for synthetic, real in _pairs(corpus):
        if real.slug != "battle-of-julu":
            continue
        commanders = _field(synthetic, "Commander2")
        first = commanders.split(",")[0].strip()  # Zhang Han, renamed
        # the real article names Zhang Han three more times in its lead and background
        assert synthetic.text.count(first) == real.text.count("Zhang Han") > 1


def _years(date: str) -> list[tuple[int, bool]]:
    """(year, is BCE) for every year in an infobox date, BCE marking a whole '218 – 201 BC' run.

    Hijri years ('658 H') are left out: they run on their own calendar.
    """
    date = re.sub(r"\d+\s+A?H\b", "", date)
    out: list[tuple[int, bool]] = []
    for run, era in re.findall(r"((?:\d{3,4}\s*(?:–|-|to)?\s*)+)\s?(BC)?", date):
        out += [(int(n), bool(era)) for n in re.findall(r"\d{3,4}", run)]
    return out


def test_dates_shift_by_one_offset_bce_stays_bce_and_ranges_stay_ordered(corpus):
    bce_articles = 0
    for synthetic, real in _pairs(corpus):
        old, new = _years(_field(real, "Date")), _years(_field(synthetic, "Date"))
        assert [era for _, era in old] == [era for _, era in new], synthetic.path
        offsets = {(n - o) * (-1 if era else 1) for (o, era), (n, _) in zip(old, new)}
        assert len(offsets) <= 1, synthetic.path
        assert all(year > 0 for year, _ in new)
        if any(era for _, era in new):
            bce_articles += 1
            years = [y for y, _ in new]
            assert years == sorted(years, reverse=True), f"BCE range out of order in {synthetic.path}"
        else:
            years = [y for y, _ in new]
            assert years == sorted(years), f"range out of order in {synthetic.path}"
    assert bce_articles >= 5  # Jinyang, Julu, Kadesh, Pharsalus, Second Punic War


def test_refuses_a_directory_it_did_not_write(tmp_path):
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    with pytest.raises(gen.CorpusError, match="not a synthetic corpus"):
        gen.generate(3, tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_rewriting_a_smaller_corpus_removes_the_old_files(tmp_path):
    gen.generate(5, tmp_path, seed=1)
    gen.generate(2, tmp_path, seed=1)
    assert len(list(tmp_path.glob("*.txt"))) == 2


def test_the_extractor_sees_the_same_structure_after_renaming(corpus):
    """Renaming must not change what the benchmark measures: same sides, commanders, figures."""
    from handan_kg.extract import extract

    for synthetic, real in _pairs(corpus):
        new, old = extract(synthetic, "https://example.org/s"), extract(real, "https://example.org/r")
        for kind in ("sides", "commanders", "strengths", "casualties"):
            assert len(getattr(new, kind)) == len(getattr(old, kind)), f"{kind} of {synthetic.path} vs {real.path}"
