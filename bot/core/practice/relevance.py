"""Relevance: is an answer about this practice question at all?

Each prompt has a profile: the weighted keys of its question, phrasings, rubric and tips, and of
the words answers to it are written in (the prompt's `answered_in`: people answer in other words
than they ask in), through the matcher's folding, thesaurus and stems; rare words
weigh more, words every prompt uses weigh less. An answer is compared with the profile of its
prompt and, when the other prompts are known, with theirs: a polished answer to a *different*
question is closer to that one. On top of that, the question's `topic`: the few things any answer to
it names in some words ("design" and "engineers" for a design-versus-engineering conflict), each a
group of alternatives. A good answer to a neighbouring question shares the vocabulary of the trade
but rarely the topic. The verdict is deterministic and explained by those figures.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.core.models import PracticePrompt
from bot.core.practice.analysis import Analysed, content_keys, weight
from bot.core.practice.rubric import RubricIndex, fit_all, rubric_index

_SOURCES = (
    ("question", 3.0),
    ("phrasings", 1.5),
    ("rubric", 1.0),
    ("signals", 1.0),
    ("tips", 0.6),
    ("answers", 2.0),
)
W_OWN, W_OTHER, W_OTHER_FIT, W_TOPIC, W_INTERCEPT = -1.10, 0.83, 4.81, -7.11, 6.37
"""The chance that an answer is about another question is a logistic function of the logarithms of its
similarity to this prompt's profile, its similarity to the closest other prompt's, how well its sentences
fit the best other prompt's rubric; and of the share of the question's topic it names. (Whether it names
the topic's core is left out: it scales the score instead, see `Relevance.factor`, so that a plain answer
that misses it is marked down, never thrown out.) The weights were
fitted on the three graded sets (benchmarks/practice_dev.yaml, practice_blind.yaml, practice_blind2.yaml)
by `python benchmarks/practice_relevance_fit.py`."""
OFF_TOPIC_FROM = 0.5
"""From this chance on, the answer is off topic: told so, and capped."""
DOUBT_FROM = 0.2
"""Between this and `OFF_TOPIC_FROM` the answer is in doubt, and its score is lowered in proportion."""
FLOOR = 1e-3
CORE_MISSING_FACTOR = 0.65
"""What the score of an answer that never names what the question is about is multiplied by: on the three
graded sets, every excellent answer named it and four in five off-topic answers did not."""
PART_MISSING_COST = 0.3
"""And what not naming the rest of the topic costs: all of it missing, the score times 0.7."""


@dataclass(frozen=True)
class Relevance:
    similarity: float
    """To this prompt's profile, 0 to 1."""
    closest_other: str | None
    """The id of the other prompt the answer is closest to, when others were given."""
    other_similarity: float
    on_topic: bool
    reason: str
    chance_off_topic: float = 0.0
    """0 to 1: how likely the answer is to be about another question."""
    names_core: bool = True
    """Whether it names what the question is about (see `Topic.core`)."""
    topic_share: float = 1.0
    """The share of the question's topic groups it names."""

    @property
    def factor(self) -> float:
        """What the score is multiplied by, 0.5 to 1: 1 for an answer clearly about this prompt."""
        core = (1.0 if self.names_core else CORE_MISSING_FACTOR) * (
            1 - PART_MISSING_COST * (1 - self.topic_share)
        )
        if self.chance_off_topic <= DOUBT_FROM:
            return core
        return max(0.5, core - 0.5 * (self.chance_off_topic - DOUBT_FROM) / (OFF_TOPIC_FROM - DOUBT_FROM))


@dataclass(frozen=True)
class Topic:
    share: float
    """Of the prompt's topic groups the answer names: 1 when the prompt has none."""
    core: bool
    """Whether it names the first group, what the question is about (the "design" of a
    design-versus-engineering conflict, the "shard" of a sharding program)."""
    missing: str | None
    """The first group it misses, as that group's first alternative."""


def names_affirmed(analysed: Analysed, group: Sequence[str]) -> bool:
    """Whether the answer names one of `group` outside a negation: "scope couldn't really shrink" does
    not tell a story of cutting scope, however often it says "scope"."""
    starts = [s.first for s in analysed.sentences]
    for phrase in group:
        for first, _ in analysed.text.find_all(phrase):
            at = bisect.bisect_right(starts, first) - 1
            if at < 0 or first - starts[at] not in analysed.sentences[at].negated:
                return True
    return False


def topic(prompt: PracticePrompt, analysed: Analysed) -> Topic:
    """How much of the prompt's `topic` the answer names; a prompt without one asks for nothing."""
    if not prompt.topic:
        return Topic(1.0, True, None)
    hits = [names_affirmed(analysed, group) for group in prompt.topic]
    missing = next((g[0] for g, hit in zip(prompt.topic, hits, strict=True) if not hit), None)
    return Topic(sum(hits) / len(hits), hits[0], missing)


def _texts(prompt: PracticePrompt) -> dict[str, list[str]]:
    return {
        "answers": [prompt.answered_in] if prompt.answered_in else [],
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
    prompts: tuple[PracticePrompt, ...]
    """In id order."""
    profiles: dict[str, dict[str, float]]
    norms: dict[str, float]
    vocabulary: frozenset[str]
    index: RubricIndex


_CORPORA: dict[tuple[int, ...], Corpus] = {}
MAX_CORPORA = 16


def corpus(prompt: PracticePrompt, others: Sequence[PracticePrompt]) -> Corpus:
    """The profiles of `prompt` and `others`, built once per set of prompt objects."""
    by_id = {p.id: p for p in others}
    by_id[prompt.id] = prompt
    prompts = tuple(by_id[k] for k in sorted(by_id))
    key = tuple(map(id, prompts))
    found = _CORPORA.get(key)
    if found is None or found.prompts != prompts:
        if len(_CORPORA) >= MAX_CORPORA:
            _CORPORA.clear()
        found = _CORPORA[key] = _build(prompts)
    return found


def _build(prompts: tuple[PracticePrompt, ...]) -> Corpus:
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
    vocabulary = frozenset().union(*profiles.values())
    return Corpus(prompts, profiles, norms, vocabulary, rubric_index(prompts))


def _answer_vector(analysed: Analysed) -> dict[str, float]:
    counts: dict[str, float] = {}
    for sentence in analysed.sentences:
        for token in sentence.tokens:
            w = weight(token.word)
            if w > 0 and len(token.word) > 2:
                counts[token.key] = counts.get(token.key, 0.0) + w
    return {k: 1 + math.log(c) if c >= 1 else c for k, c in counts.items()}


@dataclass(frozen=True)
class Features:
    """What the verdict is computed from."""

    own: float
    best_id: str | None
    best: float
    best_fit: float
    topic: Topic


def features(prompt: PracticePrompt, analysed: Analysed, others: Sequence[PracticePrompt] = ()) -> Features:
    model = corpus(prompt, others)
    vector = _answer_vector(analysed)
    norm = math.sqrt(sum(v * v for k, v in vector.items() if k in model.vocabulary)) or 1.0

    def similarity(pid: str) -> float:
        profile = model.profiles[pid]
        return sum(v * profile[k] for k, v in vector.items() if k in profile) / (norm * model.norms[pid])

    own = similarity(prompt.id)
    best_id, best = None, 0.0
    for other in model.prompts:
        if other.id == prompt.id:
            continue
        s = similarity(other.id)
        if s > best:
            best_id, best = other.id, s
    fits = fit_all(model.prompts, analysed, model.index)
    best_fit = max((f for p, f in zip(model.prompts, fits, strict=True) if p.id != prompt.id), default=0.0)
    return Features(own, best_id, best, best_fit, topic(prompt, analysed))


def chance_off_topic(f: Features) -> float:
    """The fitted logistic function of `Features` (see `W_OWN`)."""
    logit = W_OWN * math.log(max(f.own, FLOOR)) + W_TOPIC * f.topic.share + W_INTERCEPT
    if f.best_id is not None:
        logit += W_OTHER * math.log(max(f.best, FLOOR)) + W_OTHER_FIT * math.log(max(f.best_fit, FLOOR))
    else:  # no other prompts to compare with: only a very low similarity says "off topic"
        logit += W_OTHER * math.log(0.2) + W_OTHER_FIT * math.log(0.3)
    return 1 / (1 + math.exp(-logit))


def relevance(prompt: PracticePrompt, analysed: Analysed, others: Sequence[PracticePrompt] = ()) -> Relevance:
    if analysed.words == 0:
        return Relevance(0.0, None, 0.0, False, "The answer is empty.", 1.0)
    f = features(prompt, analysed, others)
    own, best_id, best = f.own, f.best_id, f.best
    chance = chance_off_topic(f)
    if chance >= OFF_TOPIC_FROM:
        if best_id is not None and best > own:
            why = f"It reads as an answer to another question ({best_id})."
        elif f.topic.missing is not None:
            why = f"It never gets to what this question is about (“{f.topic.missing}”)."
        else:
            why = "It shares little with what this question asks about."
        return Relevance(own, best_id, best, False, why, chance, f.topic.core, f.topic.share)
    if not f.topic.core:
        why = f"It is near this question, but never names what it is about (“{f.topic.missing}”)."
        return Relevance(own, best_id, best, True, why, chance, False, f.topic.share)
    return Relevance(own, best_id, best, True, "It is about this question.", chance, True, f.topic.share)
