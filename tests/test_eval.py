"""The quality harness: the whole extraction scored against the hand-written gold files,
with the project's bar on events, units and places, and the `eval` command's behaviour."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handan_kg.cli import main
from handan_kg.quality.evaluate import THRESHOLDS, evaluate, load_gold

GOLD = Path(__file__).parent / "gold"
CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@pytest.fixture(scope="module")
def report():
    return evaluate(GOLD, CORPUS)


def test_gold_covers_handan_and_two_other_articles(report):
    assert "handan_campaign" in report.articles and len(report.articles) >= 3


@pytest.mark.parametrize("fact_type", sorted(THRESHOLDS))
def test_precision_and_recall_meet_the_bar(report, fact_type):
    score = report.scores[fact_type]
    p_min, r_min = THRESHOLDS[fact_type]
    wrong = [m for ms in report.misses.values() for m in ms if m[1] == fact_type]
    assert score.precision >= p_min and score.recall >= r_min, wrong


def test_handan_acceptance_facts_are_all_found(report):
    handan = report.per_article["handan_campaign"]
    for fact_type in ("unit-parent", "deployment", "place-zh", "defection", "capture", "role"):
        assert handan[fact_type].recall == 1.0 and handan[fact_type].precision == 1.0, fact_type


def test_a_fact_missing_from_gold_counts_against_precision(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    lines = (GOLD / "handan_campaign.tsv").read_text(encoding="utf-8").splitlines()
    (gold / "handan_campaign.tsv").write_text("\n".join(l for l in lines if l != "unit\t1st Brigade") + "\n", encoding="utf-8")
    full = evaluate(GOLD, CORPUS).per_article["handan_campaign"]["unit"]
    cut = evaluate(gold, CORPUS).per_article["handan_campaign"]["unit"]
    assert cut.false_positives == full.false_positives + 1
    assert cut.true_positives == full.true_positives - 1


def test_eval_command_prints_the_table(capsys):
    assert main(["eval", "--check"]) == 0
    out = capsys.readouterr().out
    header, *rows = out.splitlines()[1:]
    assert header.split() == ["type", "precision", "recall", "tp", "fp", "fn"]
    assert {r.split()[0] for r in rows} >= {"event", "unit", "place", "person", "defection", "capture"}


def test_eval_verbose_lists_differences(capsys):
    assert main(["eval", "--verbose"]) == 0
    out = capsys.readouterr().out
    assert any("\tmissed\t" in line or "\textra\t" in line for line in out.splitlines())


def test_malformed_gold_is_one_line_error(tmp_path, capsys):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "handan_campaign.tsv").write_text("unit\tNew 8th Army\nbattalion\tX\n", encoding="utf-8")
    assert main(["eval", "--gold", str(gold), "--corpus", str(CORPUS)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "handan_campaign.tsv:2: unknown fact type 'battalion'" in err


@pytest.mark.parametrize("setup, message", [
    (lambda d: None, "no gold files"),
    (lambda d: (d / "no_such_article.tsv").write_text("unit\tX\n", encoding="utf-8"), "no article"),
    (lambda d: (d / "handan_campaign.tsv").write_text("unit\tA\tB\n", encoding="utf-8"), "takes up to 1"),
])
def test_unusable_gold_directories(tmp_path, capsys, setup, message):
    gold = tmp_path / "gold"
    gold.mkdir()
    setup(gold)
    assert main(["eval", "--gold", str(gold), "--corpus", str(CORPUS)]) == 2
    assert message in capsys.readouterr().err


def test_gold_rows_pad_optional_fields(tmp_path):
    path = tmp_path / "g.tsv"
    shutil.copy(GOLD / "handan_campaign.tsv", path)
    gold = load_gold(path)
    assert ("1945-10-14", "advance", "") in gold["event"]
    assert ("li da", "chief-of-staff", "") in gold["role"]
