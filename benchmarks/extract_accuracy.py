"""Precision and recall of the infobox extraction against hand-written expectations.

    PYTHONPATH=src python benchmarks/extract_accuracy.py                  # the corpus
    PYTHONPATH=src python benchmarks/extract_accuracy.py DIR GOLD.json    # other articles

DIR holds `<slug>.txt` articles in the corpus format; GOLD.json has one entry per slug
in the format of tests/fixtures/infobox_gold.json. Prints figures per fact type, the
totals, and every missed or wrong fact, so a figure can always be traced to its cause.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from handan_kg.parse.article import parse_file
from handan_kg.extract import extract
from handan_kg.extract.scoring import FACT_TYPES, Score, fact_tuples, gold_tuples

HERE = Path(__file__).resolve().parent.parent
DEFAULT_DIR = HERE / "tests" / "fixtures" / "corpus"
DEFAULT_GOLD = HERE / "tests" / "fixtures" / "infobox_gold.json"


def main(argv: list[str]) -> int:
    directory = Path(argv[0]) if argv else DEFAULT_DIR
    gold_file = Path(argv[1]) if len(argv) > 1 else DEFAULT_GOLD
    gold = {k: v for k, v in json.loads(gold_file.read_text("utf-8")).items() if not k.startswith("_")}
    scores = {t: Score() for t in FACT_TYPES}
    batches: dict[object, Score] = {}
    problems: list[str] = []
    for slug, expected in sorted(gold.items()):
        got = fact_tuples(extract(parse_file(directory / f"{slug}.txt"), None))
        want = gold_tuples(expected)
        batch = batches.setdefault(expected.get("_batch"), Score())
        for fact_type in FACT_TYPES:
            expected_facts = want[fact_type]
            if expected_facts is None:
                continue
            scores[fact_type].add(got[fact_type], expected_facts)
            batch.add(got[fact_type], expected_facts)
            problems += [f"  missed {slug} {fact_type} {f}" for f in sorted(expected_facts - got[fact_type], key=str)]
            problems += [f"  wrong  {slug} {fact_type} {f}" for f in sorted(got[fact_type] - expected_facts, key=str)]
    total = Score()
    print(f"{len(gold)} articles from {directory}")
    print(f"{'fact type':<12} {'expected':>8} {'extracted':>9} {'correct':>7} {'precision':>9} {'recall':>7}")
    for fact_type, s in scores.items():
        total.true_positives += s.true_positives
        total.extracted += s.extracted
        total.expected += s.expected
        print(f"{fact_type:<12} {s.expected:>8} {s.extracted:>9} {s.true_positives:>7} {s.precision:>9.3f} {s.recall:>7.3f}")
    print(f"{'all':<12} {total.expected:>8} {total.extracted:>9} {total.true_positives:>7} "
          f"{total.precision:>9.3f} {total.recall:>7.3f}")
    if len(batches) > 1:
        for name, s in sorted(batches.items(), key=lambda item: str(item[0])):
            print(f"batch {name}: expected {s.expected} extracted {s.extracted} correct {s.true_positives} "
                  f"precision {s.precision:.3f} recall {s.recall:.3f}")
    if problems:
        print("differences:")
        print("\n".join(problems))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
