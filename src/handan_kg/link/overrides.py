"""The curated overrides file: a person's confirm/forbid decisions, which always win.

`data/links/overrides.tsv` is checked into the project. A `confirm` row is a reviewed
link (it is shipped even with no endpoint at all: that is how `make run` produces linked
data offline); a `forbid` row removes one candidate for one entity, whatever its score.
The shipped confirm rows are the `verified` rows of the Wikidata reference list
(qids.tsv) for entities the bundled article has; `unknown` rows are never confirmed.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from handan_kg.errors import InputError

COLUMNS = ("entity", "action", "qid", "label", "source", "date", "note")
ACTIONS = ("confirm", "forbid")
QID = re.compile(r"^Q[1-9][0-9]*$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Override:
    entity: str       # entity key, e.g. person/deng-xiaoping
    action: str       # confirm | forbid
    qid: str
    label: str
    source: str
    date: str         # the review date, YYYY-MM-DD
    note: str
    line: int


def read_overrides(path: Path) -> list[Override]:
    """Parse the TSV (lines starting with # are comments); one bad row -> one-line InputError."""
    if not path.is_file():
        raise InputError(f"{path}: overrides file not found")
    rows: list[Override] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    data = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")]
    if not data or tuple(data[0][1].split("\t")) != COLUMNS:
        raise InputError(f"{path}: the header must be {' '.join(COLUMNS)} (tab-separated)")
    for n, line in data[1:]:
        cells = next(csv.reader([line], delimiter="\t"))
        if len(cells) != len(COLUMNS):
            raise InputError(f"{path}:{n}: expected {len(COLUMNS)} tab-separated columns, got {len(cells)}")
        row = dict(zip(COLUMNS, (c.strip() for c in cells)))
        if row["action"] not in ACTIONS:
            raise InputError(f"{path}:{n}: action must be confirm or forbid, not {row['action']!r}")
        if not QID.match(row["qid"]):
            raise InputError(f"{path}:{n}: {row['qid']!r} is not a Wikidata item id (Q123)")
        if not DATE.match(row["date"]):
            raise InputError(f"{path}:{n}: date must be YYYY-MM-DD, not {row['date']!r}")
        if "/" not in row["entity"]:
            raise InputError(f"{path}:{n}: entity must be an IRI path like person/deng-xiaoping")
        rows.append(Override(line=n, **row))
    confirmed: dict[str, Override] = {}
    for o in rows:
        if o.action == "confirm":
            if o.entity in confirmed and confirmed[o.entity].qid != o.qid:
                raise InputError(f"{path}:{o.line}: {o.entity} is already confirmed as {confirmed[o.entity].qid} (line {confirmed[o.entity].line})")
            confirmed[o.entity] = o
    for o in rows:
        if o.action == "forbid" and confirmed.get(o.entity, o).qid == o.qid and o.entity in confirmed:
            raise InputError(f"{path}:{o.line}: {o.entity} {o.qid} is both confirmed and forbidden")
    return rows
