"""The parser: structure, spans and wiki residue, on every corpus article."""

from __future__ import annotations

from pathlib import Path

import pytest

from handan_kg.parse.article import parse, parse_file, slugify
from handan_kg.errors import ArticleFormatError, InputError

CORPUS = sorted((Path(__file__).parent / "fixtures" / "corpus").glob("*.txt"))
HANDAN = Path(__file__).parent / "fixtures" / "corpus" / "handan_campaign.txt"


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_every_span_points_into_the_text(path: Path) -> None:
    article = parse_file(path)
    assert article.infobox, "every corpus article has infobox fields"
    assert article.text[article.title.start:article.title.end] == article.title.text
    for field in article.infobox:
        assert article.text[field.value.start:field.value.end] == field.value.text
        assert article.line_of(field.value.start) == field.line
    for block in article.blocks:
        assert article.text[block.span.start:block.span.end] == block.span.text
    for sentence in article.sentences:
        assert article.text[sentence.span.start:sentence.span.end] == sentence.span.text
        block = article.blocks[sentence.block].span
        assert block.start <= sentence.span.start < sentence.span.end <= block.end


def test_handan_structure() -> None:
    article = parse_file(HANDAN)
    assert article.title.text == "Handan Campaign"
    assert article.slug == "handan-campaign"
    assert [f.key for f in article.infobox][:3] == ["Conflict", "Partof", "Place"]
    assert article.fields("commander2")[0].value.text.startswith("22px|PLA Liu Bocheng")
    titles = [(s.level, s.title) for s in article.sections]
    assert (2, "Order of battle") in titles
    assert (3, "Reasons for the Communist victory") in titles
    items = [b.span.text for b in article.blocks if b.kind == "item"]
    assert "The 32nd Army deployed at Anyang" in items
    assert items[-1] == "History of the People's Liberation Army"


def test_sentences_split_on_boundaries_not_inside_dates() -> None:
    article = parse_file(HANDAN)
    texts = [s.span.text for s in article.sentences]
    assert "The Kuomintang begun their push on October 14, 1945." in texts
    assert "It resulted in Communist victory." in texts
    assert any(t.startswith("On November 1, 1945, a detachment of the Communist 1st Column") for t in texts)


def test_caption_residue_instead_of_infobox_line() -> None:
    article = parse_file(HANDAN.parent / "bosnian_war.txt")
    assert article.caption is not None and article.caption.text == "SFR Yugoslavia"
    assert article.fields("Conflict")[0].value.text == "Bosnian War"


def test_abbreviations_do_not_end_sentences() -> None:
    article = parse("= X =\nInfobox\n- Conflict: X\n\nIt began c. 1274 BC near the river. It ended later.\n")
    assert [s.span.text for s in article.sentences] == ["It began c. 1274 BC near the river.", "It ended later."]


def test_a_full_stop_inside_a_parenthesis_ends_no_sentence() -> None:
    article = parse("= X =\nInfobox\n- Conflict: X\n\nThe Y War (Russian: Война, transl. Voyna) was long. It ended.\n")
    assert [s.span.text for s in article.sentences] == ["The Y War (Russian: Война, transl. Voyna) was long.", "It ended."]


def test_slugs_are_readable_and_stable() -> None:
    assert slugify("Liu Bocheng") == "liu-bocheng"
    assert slugify("Władysław II Jagiełło") == "wladyslaw-ii-jagiello"
    assert slugify("Thirty Years' War") == "thirty-years-war"
    assert slugify("平汉战役") == slugify("平汉战役") and slugify("平汉战役").startswith("x-")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b"  \n\n", "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
        ("= T =\nInfobox\n- Conflict: T\n\nCaf\u00e9".encode("latin-1"), "not valid UTF-8"),
        (b"Just some text\nwithout a title\n", "expected a '= Title =' line"),
        (b"= T =\n\nA lead paragraph.\n", "no infobox"),
        (b"= T =\nInfobox\n- Conflict: T\n- Date: 1945\n\nThe campaign was fought between the two armies and", "truncated"),
    ],
)
def test_bad_input_names_the_problem(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        parse_file(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        parse_file(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        parse_file(tmp_path)


def test_format_errors_carry_the_line_number(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("= T =\nInfobox\n- Conflict: T\n\nFine.\nThen it stops at the", encoding="utf-8")
    with pytest.raises(ArticleFormatError, match=r"t\.txt:6: article looks truncated"):
        parse_file(path)


def test_a_last_sentence_without_an_end_mark_is_left_out_not_the_article() -> None:
    article = parse("= T =\nInfobox\n- Conflict: T\n\nIt was fought in 1812. The fleet sailed home three weeks later")
    assert [s.span.text for s in article.sentences] == ["It was fought in 1812."]
    assert article.unfinished is not None and article.unfinished.text == "The fleet sailed home three weeks later"
