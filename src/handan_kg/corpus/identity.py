"""Cross-article identity of people: one name, one IRI, unless the context says otherwise.

IRIs are minted from names (`person/zhang-han`), which is what makes the Liu Bocheng of
three 1940s campaigns one node. Two people who share a name across centuries must stay
apart: when an article's conflict starts more than `ERA_WINDOW` years from every conflict
in which an earlier article placed that name, its person gets the next free IRI
(`person/zhang-han-2`). Articles are resolved in input order, so the choice is
deterministic and the same for any number of workers.

This works on records, not on RDF: each built article lists the person slugs its mapping
minted and its conflict's start year; `resolve` answers with the renames that article
needs, and the corpus build maps that article again with them (`rdf.to_graph(...,
people=renames)`), so statement IRIs and every rendering follow from the mapping itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ERA_WINDOW = 80  # years between two conflicts' starts within which one name is one person


@dataclass
class _Identity:
    slug: str
    eras: set[int] = field(default_factory=set)  # distinct years: a common name recurs in thousands of articles


class PersonIdentities:
    """Keeps, per person slug minted from a name, the people it has been resolved to."""

    def __init__(self) -> None:
        self._known: dict[str, list[_Identity]] = {}
        self.split: list[tuple[str, str, str]] = []  # (article, minted slug, resolved slug)

    def resolve(self, article: str, people: tuple[str, ...], era: int | None) -> dict[str, str]:
        """The renames (minted slug -> resolved slug) that `article`'s people need; empty
        when every one of them is the person earlier articles meant by that name."""
        renames = {}
        for minted in people:
            resolved = self._assign(minted, era)
            if resolved != minted:
                renames[minted] = resolved
                self.split.append((article, minted, resolved))
        return renames

    def _assign(self, minted: str, era: int | None) -> str:
        identities = self._known.setdefault(minted, [])
        if not identities:
            identities.append(_Identity(minted))
        if era is None:
            return identities[0].slug
        for identity in identities:
            if not identity.eras or any(abs(era - e) <= ERA_WINDOW for e in identity.eras):
                identity.eras.add(era)
                return identity.slug
        identity = _Identity(f"{minted}-{len(identities) + 1}", {era})
        identities.append(identity)
        return identity.slug
