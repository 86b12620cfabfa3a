"""Alternative names of the conflict from the lead.

The first lead sentence names the subject and its aliases; later lead sentences count
only when their subject is the conflict (`The war is also referred to as ...`), so
aliases of other things in the lead are not taken.
"""

from __future__ import annotations

import re

from handan_kg.article import Article
from handan_kg.extract.names import lead_names
from handan_kg.extract.pieces import Piece
from handan_kg.facts import ArticleFacts


def read_lead_names(article: Article, facts: ArticleFacts) -> None:
    lead = [s for s in article.sentences if s.section == -1]
    conflict = facts.conflict
    known = {n for n, _ in conflict.names} | {type(n)(conflict.name, "en") for n, _ in conflict.names[:1]}
    subject = re.compile(rf"^(?:The|This)\s+(?:{re.escape(conflict.kind)}|{re.escape(conflict.name)})\b", re.IGNORECASE)
    for i, sentence in enumerate(lead):
        piece = Piece.of(sentence.span)
        if i > 0 and not subject.match(piece.text):
            continue
        for name, span in lead_names(piece, conflict.name):
            if name.text.lower() == conflict.name.lower() or name in known:
                continue
            known.add(name)
            conflict.names.append((name, span.evidence()))
