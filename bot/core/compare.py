"""Side-by-side comparisons and single-role profiles, built from the knowledge base alone."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.knowledge import KnowledgeBase
from bot.core.models import Aspect, AspectText, Role


@dataclass(frozen=True)
class AspectRow:
    aspect: Aspect
    left: AspectText
    right: AspectText


@dataclass(frozen=True)
class Comparison:
    left: Role
    right: Role
    key_difference: str
    key_difference_sourced: bool
    rows: tuple[AspectRow, ...]
    sources: tuple[str, ...]
    """Titles of every article cited anywhere in the comparison."""


@dataclass(frozen=True)
class Profile:
    role: Role
    rows: tuple[tuple[Aspect, AspectText], ...]
    sources: tuple[str, ...]


def compare(kb: KnowledgeBase, left_id: str, right_id: str) -> Comparison:
    left, right = kb.roles[left_id], kb.roles[right_id]
    rows = tuple(AspectRow(a, left.aspects[a.id], right.aspects[a.id]) for a in kb.aspects)
    difference = kb.difference(left_id, right_id)
    if difference is not None:
        summary, refs = difference.summary, difference.source
    else:
        # A team may add a role we wrote no difference for; the key focus of each still says it well.
        focus = [kb.aspects[0].id] if kb.aspects else []
        summary = " ".join(
            f"{role.name}: {role.aspects[focus[0]].summary if focus else role.summary}"
            for role in (left, right)
        )
        refs = ()
    cited = [*refs, *(ref for row in rows for ref in (*row.left.source, *row.right.source))]
    return Comparison(left, right, summary, bool(refs), rows, tuple(kb.source_titles(cited)))


def profile(kb: KnowledgeBase, role_id: str) -> Profile:
    role = kb.roles[role_id]
    rows = tuple((a, role.aspects[a.id]) for a in kb.aspects)
    cited = [ref for _, text in rows for ref in text.source]
    return Profile(role, rows, tuple(kb.source_titles(cited)))
