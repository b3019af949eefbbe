"""Relevance: is an answer about this practice question at all?

Each prompt has a profile: the weighted keys of its question, phrasings, rubric and tips
(the matcher's folding, thesaurus and stems; rare words weigh more, words every prompt uses
weigh less). An answer is compared with the profile of its prompt and, when the other prompts
are known, with theirs: a polished answer to a *different* question is closer to that one.
The verdict is deterministic and explained by the two similarities.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.core.models import PracticePrompt
from bot.core.practice.analysis import Analysed, content_keys, weight
from bot.core.practice.rubric import fit

_SOURCES = (("question", 3.0), ("phrasings", 1.5), ("rubric", 1.0), ("signals", 1.0), ("tips", 0.6))
OFF_TOPIC_BELOW = -4.3
"""Relevance evidence under this is an answer about something else. The evidence adds three logarithms:
the answer's similarity to this prompt's profile; half of that similarity against the closest other prompt's;
and how well its sentences match this prompt's rubric against the best other prompt's rubric."""
ON_TOPIC_FROM = -2.5
FLOOR = 1e-3


@dataclass(frozen=True)
class Relevance:
    similarity: float
    """To this prompt's profile, 0 to 1."""
    closest_other: str | None
    """The id of the other prompt the answer is closest to, when others were given."""
    other_similarity: float
    on_topic: bool
    reason: str
    evidence: float = 0.0
    """The log-evidence the verdict compares with `OFF_TOPIC_BELOW`."""

    @property
    def share(self) -> float:
        """How relevant, 0 to 1: 1 for an answer clearly about this prompt."""
        span = ON_TOPIC_FROM - OFF_TOPIC_BELOW
        return max(0.0, min(1.0, (self.evidence - OFF_TOPIC_BELOW) / span))


def _texts(prompt: PracticePrompt) -> dict[str, list[str]]:
    return {
        "question": [prompt.question],
        "phrasings": list(prompt.phrasings),
        "rubric": [f"{p.name}. {p.shows}" for p in prompt.rubric],
        "signals": [", ".join(p.signals) for p in prompt.rubric],
        "tips": list(prompt.tips),
    }


@lru_cache(maxsize=1024)
def _raw_profile(prompt: PracticePrompt) -> dict[str, float]:
    profile: dict[str, float] = {}
    texts = _texts(prompt)
    for source, factor in _SOURCES:
        seen: dict[str, float] = {}
        for text in texts[source]:
            for k, w in content_keys(text).items():
                seen[k] = seen.get(k, 0.0) + w
        for k, w in seen.items():  # many phrasings repeating a word count for more, but not linearly
            profile[k] = profile.get(k, 0.0) + factor * math.sqrt(w)
    return profile


@dataclass(frozen=True)
class Corpus:
    profiles: dict[str, dict[str, float]]
    norms: dict[str, float]


@lru_cache(maxsize=64)
def corpus(prompts: tuple[PracticePrompt, ...]) -> Corpus:
    raw = {p.id: _raw_profile(p) for p in prompts}
    df: dict[str, int] = {}
    for profile in raw.values():
        for k in profile:
            df[k] = df.get(k, 0) + 1
    n = max(len(raw), 1)
    profiles = {
        pid: {k: w * math.log((n + 1) / (df[k] + 0.5)) for k, w in profile.items()}
        for pid, profile in raw.items()
    }
    norms = {pid: math.sqrt(sum(w * w for w in p.values())) or 1.0 for pid, p in profiles.items()}
    return Corpus(profiles, norms)


def _answer_vector(analysed: Analysed) -> dict[str, float]:
    counts: dict[str, float] = {}
    for sentence in analysed.sentences:
        for token in sentence.tokens:
            w = weight(token.word)
            if w > 0 and len(token.word) > 2:
                counts[token.key] = counts.get(token.key, 0.0) + w
    return {k: 1 + math.log(c) if c >= 1 else c for k, c in counts.items()}


def relevance(prompt: PracticePrompt, analysed: Analysed, others: Sequence[PracticePrompt] = ()) -> Relevance:
    prompts = tuple(dict.fromkeys([prompt, *others]))
    model = corpus(prompts)
    vector = _answer_vector(analysed)
    vocabulary = set().union(*model.profiles.values())
    norm = math.sqrt(sum(v * v for k, v in vector.items() if k in vocabulary)) or 1.0

    def similarity(pid: str) -> float:
        profile = model.profiles[pid]
        return sum(v * profile[k] for k, v in vector.items() if k in profile) / (norm * model.norms[pid])

    own = similarity(prompt.id)
    own_fit = fit(prompt, analysed)
    best_id, best, best_fit = None, 0.0, 0.0
    for other in prompts[1:]:
        if other.id == prompt.id:
            continue
        s = similarity(other.id)
        if s > best:
            best_id, best = other.id, s
        best_fit = max(best_fit, fit(other, analysed))
    if analysed.words == 0:
        return Relevance(0.0, None, 0.0, False, "The answer is empty.", OFF_TOPIC_BELOW - 10)
    evidence = math.log(max(own, FLOOR))
    if best_id is not None:
        evidence += 0.5 * math.log(max(own, FLOOR) / max(best, FLOOR))
        evidence += math.log(max(own_fit, FLOOR) / max(best_fit, FLOOR))
    if evidence < OFF_TOPIC_BELOW:
        why = (
            f"It reads as an answer to another question ({best_id})."
            if best_id is not None and best > own
            else "It shares almost nothing with what this question asks about."
        )
        return Relevance(own, best_id, best, False, why, evidence)
    return Relevance(own, best_id, best, True, "It is about this question.", evidence)
