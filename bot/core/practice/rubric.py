"""A prompt's rubric points as the feedback matches them: each point's weighted words (its
name, what it "shows" and its signals' words) and its signals with what each is worth alone.

Also `fit`: how well an answer's sentences match a prompt's rubric at all, which relevance
compares across prompts.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.models import PracticePrompt, RubricPoint
from bot.core.practice.analysis import Analysed, content_keys, is_common, weight
from bot.core.practice.phrases import AnswerText

GENERIC_FACTOR = 0.7
"""What a vague claim ("I make sure everyone is aligned") is worth as evidence, against a sentence that tells."""
COVERED_FROM = 0.55
"""A sentence's evidence for a point, 0 to 1, from which the point counts as covered."""
OVERLAP_FULL = 1.6
"""The summed weight of a point's words in one sentence that is full evidence by itself."""


PHRASE_STRENGTH = 0.9
RARE_WORD_STRENGTH = 0.6
COMMON_WORD_STRENGTH = 0.2
SIGNAL_WORDS_WEIGHT = 0.6
"""How much a signal's words add to a point's vocabulary, against the words of its name and "shows"."""
NOT_SUBSTANTIVE_FACTOR = 0.3


@dataclass(frozen=True)
class PointModel:
    point: RubricPoint
    concept: dict[str, float]
    signals: tuple[tuple[str, float], ...]


def signal_strength(signal: str) -> float:
    """What one signal is worth as evidence by itself: a phrase a lot, one common word very little."""
    words = [t.word for t in AnswerText(signal).tokens]
    if len(words) >= 2:
        return PHRASE_STRENGTH
    if not words:
        return 0.0
    return COMMON_WORD_STRENGTH if is_common(words[0]) else RARE_WORD_STRENGTH


MODELS: dict[tuple[str, int], tuple[PointModel, ...]] = {}


def models(prompt: PracticePrompt) -> tuple[PointModel, ...]:
    cache_key = (prompt.id, hash(prompt))
    found = MODELS.get(cache_key)
    if found is None:
        built = []
        for point in prompt.rubric:
            concept = dict(content_keys(f"{point.name}. {point.shows}"))
            for k, w in content_keys(", ".join(point.signals)).items():
                concept[k] = max(concept.get(k, 0.0), SIGNAL_WORDS_WEIGHT * w)
            built.append(PointModel(point, concept, tuple((s, signal_strength(s)) for s in point.signals)))
        found = MODELS[cache_key] = tuple(built)
    return found


def fit(prompt: PracticePrompt, analysed: Analysed, full: float = 2.0) -> float:
    """0 to 1: the mean over the prompt's points of the best real sentence's share of the point's words."""
    keys = [s.plain_keys for s in analysed.sentences if s.substantive]
    if not keys:
        return 0.0
    total = 0.0
    for model in models(prompt):
        best = 0.0
        for k in keys:
            best = max(best, sum(w for c, w in model.concept.items() if c in k))
        total += min(1.0, best / full)
    return total / len(prompt.rubric)


RubricIndex = dict[str, tuple[tuple[int, int, float], ...]]


def rubric_index(prompts: tuple[PracticePrompt, ...]) -> RubricIndex:
    """key -> (prompt number, point number, weight) for every point of every prompt."""
    found: dict[str, list[tuple[int, int, float]]] = {}
    for n, prompt in enumerate(prompts):
        for m, model in enumerate(models(prompt)):
            for k, w in model.concept.items():
                found.setdefault(k, []).append((n, m, w))
    return {k: tuple(v) for k, v in found.items()}


def fit_all(
    prompts: tuple[PracticePrompt, ...], analysed: Analysed, index: RubricIndex, full: float = 2.0
) -> list[float]:
    """`fit` for each of `prompts` at once, in their order, through their `rubric_index`."""
    best: dict[tuple[int, int], float] = {}
    for sentence in analysed.sentences:
        if not sentence.substantive:
            continue
        sums: dict[tuple[int, int], float] = {}
        for k in sentence.plain_keys:
            for n, m, w in index.get(k, ()):
                sums[n, m] = sums.get((n, m), 0.0) + w
        for point, total in sums.items():
            if total > best.get(point, 0.0):
                best[point] = total
    totals = [0.0] * len(prompts)
    for (n, _m), total in best.items():
        totals[n] += min(1.0, total / full)
    return [t / len(p.rubric) for t, p in zip(totals, prompts, strict=True)]


def weak_signal(signal: str) -> str | None:
    """Why a rubric signal is too weak to mean anything alone, or None when it is fine: a signal
    of one word must not be a function word or one of the most common English words, which turn
    up in answers about anything ("weeks", "risk", "agreed"); a phrase is fine."""
    words = [t.word for t in AnswerText(signal).tokens]
    if not words:
        return "has no words"
    if len(words) > 1:
        return None
    if weight(words[0]) == 0.0:
        return "is a function word, which every answer has; use a phrase that shows the point"
    if is_common(words[0]):
        return (
            "is one everyday word, which answers about anything contain; use a phrase that shows the point "
            '(like "slipped by two weeks" rather than "weeks")'
        )
    return None
