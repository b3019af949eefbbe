"""The seam between the answer engine and how it finds and scores answers.

The engine routes a message (thanks, a task, a comparison, a question back) and decides what to
do with the scored candidates; a `Scorer` finds and scores them, and says through its `Thresholds`
what its scores mean. Another way of scoring (embeddings, a learnt ranker, the naive peer of
benchmarks/matcher.py) is another `Scorer`: the engine does not change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from bot.core.matching.analyze import Analysis, Analyzer
from bot.core.matching.index import Hit, SearchIndex, Target
from bot.core.names import RoleResolver


@dataclass(frozen=True)
class Thresholds:
    """What a scorer's scores mean; each scorer calibrates its own (the index's on tests/eval, so
    wrong answers stay rare)."""

    answer: float
    """A match at or above this is answered."""
    suggest: float
    """Below the answer score but above this, the match is offered as "did you mean"."""
    lead: float
    lead_margin: float
    """A match between `lead` and the answer score is answered when it leads the next by `lead_margin`."""
    cued_answer: float
    """The answer score when the best match shares the message's cue word for an aspect and its roles."""
    long_lead: float = 1.0
    long_margin: float = 1.0
    """In a long message (background around an ask) the background dilutes every score: a match from
    `long_lead` that leads the next by `long_margin` is answered. 1.0: no such allowance."""


INDEX_THRESHOLDS = Thresholds(
    answer=0.5, suggest=0.25, lead=0.45, lead_margin=0.08, cued_answer=0.38, long_lead=0.38, long_margin=0.06
)


class Scorer(Protocol):
    """Finds the targets that best answer an analysed message, best first, scored between 0 and 1."""

    @property
    def thresholds(self) -> Thresholds: ...

    @property
    def analyzer(self) -> Analyzer:
        """Reads messages against the scorer's vocabulary (typos are corrected towards its words)."""
        ...

    @property
    def cue_terms(self) -> frozenset[str]:
        """The terms of the words that carry an ask ("kpis", "skills")."""
        ...

    def search(self, analysis: Analysis, limit: int = 5) -> list[Hit]: ...

    def known(self, term: str) -> bool:
        """Whether the knowledge uses this term at all (a message using none is out of scope)."""
        ...


class IndexScorer:
    """The default scorer: the inverted index of bot.core.matching.index with its calibrated thresholds."""

    def __init__(self, index: SearchIndex, thresholds: Thresholds = INDEX_THRESHOLDS) -> None:
        self.index = index
        self.thresholds = thresholds

    @property
    def analyzer(self) -> Analyzer:
        return self.index.analyzer

    @property
    def cue_terms(self) -> frozenset[str]:
        return self.index.cue_terms

    def search(self, analysis: Analysis, limit: int = 5) -> list[Hit]:
        return self.index.search(analysis, limit=limit)

    def known(self, term: str) -> bool:
        return self.index.known(term)


def index_scorer(
    targets: Sequence[Target], resolver: RoleResolver, cues: Iterable[str], cache_dir: Path | None = None
) -> IndexScorer:
    """The default scorer over these targets; `cache_dir` keeps the built index for the next start-up."""
    return IndexScorer(SearchIndex.cached(targets, resolver, cues, cache_dir))
