"""The loaded, cross-checked knowledge base that every feature reads from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.models import (
    AmbiguousAlias,
    Aspect,
    Difference,
    FaqEntry,
    PracticePrompt,
    Role,
    Source,
)


@dataclass(frozen=True)
class KnowledgeBase:
    sources: dict[str, Source]
    aspects: tuple[Aspect, ...]
    roles: dict[str, Role]
    ambiguous_aliases: tuple[AmbiguousAlias, ...]
    differences: dict[frozenset[str], Difference]
    faq: dict[str, FaqEntry]
    practice: dict[str, PracticePrompt]

    def difference(self, a: str, b: str) -> Difference | None:
        return self.differences.get(frozenset((a, b)))

    def source_titles(self, refs: Iterable[str]) -> list[str]:
        """Titles of the cited sources, each once, in citing order."""
        seen: dict[str, None] = {}
        for ref in refs:
            if ref in self.sources:
                seen.setdefault(self.sources[ref].title)
        return list(seen)
