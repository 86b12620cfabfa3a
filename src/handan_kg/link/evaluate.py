"""Precision and recall of the automatic linker against a gold list of QIDs.

Gold rows with a QID are the correct answer for that entity; gold rows with an empty
QID say "no trustworthy item is known", so any link for that entity is a false
positive. Only entities that exist in the dataset are scored. The linker runs without
the overrides file here: the point is to measure the linker, not the reviewers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handan_kg.errors import InputError
from handan_kg.resources import ROOT

DEFAULT_GOLD = ROOT / "tests" / "gold" / "wikidata" / "handan_campaign.tsv"


@dataclass(frozen=True)
class Judged:
    entity: str
    expected: str      # "" = no link expected
    got: str           # "" = not linked
    verdict: str       # correct | wrong | spurious | missed | correct-none


@dataclass(frozen=True)
class EvalResult:
    rows: tuple[Judged, ...]

    def count(self, verdict: str) -> int:
        return sum(1 for r in self.rows if r.verdict == verdict)

    @property
    def precision(self) -> float:
        right, bad = self.count("correct"), self.count("wrong") + self.count("spurious")
        return right / (right + bad) if right + bad else 1.0

    @property
    def recall(self) -> float:
        right, expected = self.count("correct"), sum(1 for r in self.rows if r.expected)
        return right / expected if expected else 1.0

    def text(self) -> str:
        lines = [f"{r.verdict:<13} {r.entity:<40} expected {r.expected or '-':<10} got {r.got or '-'}" for r in self.rows]
        lines.append(f"precision {self.precision:.3f}  recall {self.recall:.3f}  "
                     f"(correct {self.count('correct')}, wrong {self.count('wrong')}, spurious {self.count('spurious')}, "
                     f"missed {self.count('missed')}, correctly unlinked {self.count('correct-none')})")
        return "\n".join(lines)


def read_gold(path: Path) -> dict[str, str]:
    if not path.is_file():
        raise InputError(f"{path}: gold file not found")
    gold: dict[str, str] = {}
    lines = [l for l in path.read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#")]
    for n, line in enumerate(lines[1:], 2):
        cells = line.split("\t")
        if len(cells) < 2:
            raise InputError(f"{path}: row {n} needs entity and qid columns")
        gold[cells[0].strip()] = cells[1].strip()
    return gold


def evaluate(links: dict[str, str], entity_keys: set[str], gold: dict[str, str]) -> EvalResult:
    """`links`: entity key -> QID the linker accepted; `entity_keys`: the dataset's entities."""
    rows = []
    for key in sorted(k for k in gold if k in entity_keys):
        expected, got = gold[key], links.get(key, "")
        if expected:
            verdict = "correct" if got == expected else ("wrong" if got else "missed")
        else:
            verdict = "spurious" if got else "correct-none"
        rows.append(Judged(key, expected, got, verdict))
    return EvalResult(tuple(rows))
