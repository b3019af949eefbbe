"""How well `rolebot gaps` groups unanswered questions, next to a naive peer, and how long it takes.

    python benchmarks/gap_grouping.py

The set: benchmarks/gap_questions.yaml, questions the bot cannot answer, labelled by what they are
about (160 questions in 16 groups, varied phrasings; written for this benchmark). The figure is the
adjusted Rand index (1.0: the true groups exactly; 0.0: no better than chance), computed here by hand.

Ours: bot.core.gaps.group_questions (the answer engine's analyzer, idf-weighted cosine, at its default
threshold). The peer: greedy clustering with rapidfuzz `token_set_ratio` (a question joins the first
group whose first question scores at or above the cut-off), at the cut-off that suits it best on
this very set, a generous peer. Both are also timed on 10,000 logged questions (the set repeated with
small changes: a word dropped, words swapped, a typo), on one core.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from math import comb
from pathlib import Path

import yaml
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.gaps import group_questions  # noqa: E402
from bot.core.loader import load_knowledge  # noqa: E402
from bot.core.matching.analyze import Analyzer  # noqa: E402
from bot.core.names import RoleResolver  # noqa: E402

SET = ROOT / "benchmarks" / "gap_questions.yaml"
LOGGED = 10_000


@dataclass(frozen=True)
class Logged:
    question: str
    asker: str = "someone"
    outcome: str = "not_sure"
    suggested: tuple[str, ...] = ()
    chosen: str | None = None
    target: str | None = None
    comment: str | None = None


def adjusted_rand_index(truth: Sequence[str], found: Sequence[int]) -> float:
    """Hubert and Arabie's ARI from the contingency table of the two labellings."""
    n = len(truth)
    pairs = Counter(zip(truth, found, strict=True))
    index = sum(comb(c, 2) for c in pairs.values())
    rows = sum(comb(c, 2) for c in Counter(truth).values())
    cols = sum(comb(c, 2) for c in Counter(found).values())
    expected = rows * cols / comb(n, 2)
    ceiling = (rows + cols) / 2
    return 1.0 if ceiling == expected else (index - expected) / (ceiling - expected)


def ours(questions: Sequence[str], analyzer: Analyzer) -> list[int]:
    entries = [Logged(q) for q in questions]
    groups = group_questions(entries, analyzer)
    where = {id(e): n for n, g in enumerate(groups) for e in g.entries}
    return [where[id(e)] for e in entries]


def naive(questions: Sequence[str], cutoff: float) -> list[int]:
    leaders: list[str] = []
    labels = []
    for question in questions:
        for n, leader in enumerate(leaders):
            if fuzz.token_set_ratio(question, leader) >= cutoff:
                labels.append(n)
                break
        else:
            leaders.append(question)
            labels.append(len(leaders) - 1)
    return labels


def noisy(question: str, rng: random.Random) -> str:
    words = question.split()
    change = rng.random()
    if change < 0.25 and len(words) > 3:
        words.pop(rng.randrange(len(words)))
    elif change < 0.5 and len(words) > 2:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    elif change < 0.75:
        i = rng.randrange(len(words))
        word = words[i]
        if len(word) > 3:
            j = rng.randrange(1, len(word) - 1)
            words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    return " ".join(words)


def main() -> None:
    labelled: dict[str, list[str]] = yaml.safe_load(SET.read_text(encoding="utf-8"))
    truth = [topic for topic, qs in labelled.items() for _ in qs]
    questions = [q for qs in labelled.values() for q in qs]
    rng = random.Random(12)
    order = list(range(len(questions)))
    rng.shuffle(order)  # the log's order is not the set's
    truth = [truth[i] for i in order]
    questions = [questions[i] for i in order]
    analyzer = Analyzer(RoleResolver(load_knowledge()))
    print(f"{len(questions)} unanswered questions in {len(labelled)} true groups ({SET.relative_to(ROOT)})\n")

    found = ours(questions, analyzer)
    print(
        f"  ours (engine's analysis)        ARI {adjusted_rand_index(truth, found):.3f}   {len(set(found))} groups"
    )
    best = max(range(40, 100, 5), key=lambda c: adjusted_rand_index(truth, naive(questions, c)))
    peer = naive(questions, best)
    print(
        f"  naive (token_set_ratio >= {best})  ARI {adjusted_rand_index(truth, peer):.3f}   {len(set(peer))} groups"
        "   (its best cut-off on this set)"
    )

    logged = [noisy(questions[i % len(questions)], rng) for i in range(LOGGED)]
    start = time.perf_counter()
    ours(logged, analyzer)
    mine = time.perf_counter() - start
    start = time.perf_counter()
    naive(logged, best)
    theirs = time.perf_counter() - start
    print(f"\n  {LOGGED:,} logged questions: ours {mine:.2f} s, naive {theirs:.2f} s (one core)")


if __name__ == "__main__":
    main()
