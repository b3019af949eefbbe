"""The search index and the analyzer behind it.

Candidate retrieval is an optimisation: it must find what scoring every target would find,
on the shipped knowledge and on one a team has grown to thousands of entries. The analyzer
must meet people's spelling halfway (typos, compounds, British spellings, synonyms) without
"correcting" real words into the domain.
"""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import numpy as np
import pytest

from bot.core.answers import AnswerEngine, build_targets
from bot.core.knowledge import KnowledgeBase
from bot.core.matching.analyze import Analyzer, Vocabulary, strip_slack
from bot.core.matching.index import Hit, SearchIndex
from bot.core.matching.thesaurus import THESAURUS
from bot.core.models import FaqEntry
from bot.core.names import RoleResolver
from tests.answer_helpers import index_of, target_text
from tests.eval.scoring import Case, Report, evaluate, label, load_cases

EVAL_SET = Path(__file__).parent / "eval" / "questions.yaml"
SYNTHETIC = 5000
MAX_DROP = 0.02
"""How much dev-set accuracy may fall when thousands of unrelated entries join the index."""
MAX_DECLINES_LOST = 2
"""...and how many more out-of-scope dev questions may then be answered instead of declined."""


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return load_cases(EVAL_SET)


@pytest.fixture(scope="module")
def engine(kb: KnowledgeBase) -> AnswerEngine:
    return AnswerEngine(kb)


@pytest.fixture(scope="module")
def analyzer(engine: AnswerEngine) -> Analyzer:
    return engine.analyzer


def search(index: SearchIndex, analyzer: Analyzer, question: str, everything: bool = False) -> list[Hit]:
    """index.search, or the same search with retrieval switched off so every target is scored."""
    analysis = analyzer.analyze(" ".join(strip_slack(question).split()))
    if not everything:
        return index.search(analysis, limit=3)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(index, "_candidates", lambda known: np.arange(len(index.targets)))
        return index.search(analysis, limit=3)


def retrieval_misses(index: SearchIndex, analyzer: Analyzer, questions: list[str]) -> list[str]:
    misses = []
    for question in questions:
        found = search(index, analyzer, question)
        best = search(index, analyzer, question, everything=True)
        found_score = found[0].score if found else 0.0
        best_score = best[0].score if best else 0.0
        if found_score != pytest.approx(best_score):  # a tie may be broken either way
            misses.append(
                f"{question!r}: retrieval found {found[0].target.key if found else None} ({found_score:.3f}), "
                f"scoring everything finds {best[0].target.key} ({best_score:.3f})"
            )
    return misses


# --- retrieval -----------------------------------------------------------------------------


def test_retrieval_finds_the_best_target(engine: AnswerEngine, cases: list[Case]) -> None:
    assert len(index_of(engine).targets) == len(build_targets(engine.kb))
    misses = retrieval_misses(index_of(engine), engine.analyzer, [c.question for c in cases])
    assert not misses, "\n".join(misses)


_HOBBY_WORDS = {
    "nouns": """tomato garden sourdough bicycle telescope aquarium violin pottery kayak orchid lasagna compost
        glacier volcano saxophone origami parrot cactus mushroom pancake lighthouse harbour canoe meadow
        puppy kitten hamster chessboard crossword knitting embroidery tulip pumpkin avocado espresso
        marmalade croissant tortilla hedgehog""",
    "verbs": "bake prune tune polish repaint knit brew water groom sharpen fold paddle sketch ferment pickle",
    "adjectives": "ripe rusty tiny crispy fluffy antique purple frozen sunny wooden velvet spicy",
}
_NOUNS, _VERBS, _ADJECTIVES = (text.split() for text in _HOBBY_WORDS.values())


def synthetic_faq(count: int, seed: int = 0) -> dict[str, FaqEntry]:
    """Hobby questions: the shape of FAQ entries, nothing to do with the roles."""
    rng = random.Random(seed)
    entries = {}
    for n in range(count):
        first, second = rng.sample(_NOUNS, 2)
        verb, adjective = rng.choice(_VERBS), rng.choice(_ADJECTIVES)
        entries[f"synthetic-{n}"] = FaqEntry(
            id=f"synthetic-{n}",
            question=f"How do I {verb} a {adjective} {first} near the {second}?",
            phrasings=(f"{verb} {adjective} {first}", f"best way to {verb} my {first} with a {second}"),
            answer=f"Use a {rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)} and {rng.choice(_VERBS)} it slowly.",
            source="none",
        )
    return entries


@pytest.fixture(scope="module")
def big_engine(kb: KnowledgeBase) -> AnswerEngine:
    return AnswerEngine(dataclasses.replace(kb, faq={**kb.faq, **synthetic_faq(SYNTHETIC)}))


def test_retrieval_with_thousands_of_unrelated_entries(big_engine: AnswerEngine, cases: list[Case]) -> None:
    assert len(index_of(big_engine).targets) > SYNTHETIC
    sample = [c.question for c in cases[::5]]  # scoring 5,000+ targets per question is slow
    misses = retrieval_misses(index_of(big_engine), big_engine.analyzer, sample)
    assert not misses, "\n".join(misses)


@pytest.fixture(scope="module")
def reports(engine: AnswerEngine, big_engine: AnswerEngine, cases: list[Case]) -> tuple[Report, Report, str]:
    """The dev set scored without and with the synthetic entries, and a summary of what changed."""
    small = evaluate(cases, lambda q: label(engine.answer(q)))
    big = evaluate(cases, lambda q: label(big_engine.answer(q)))
    changed = sorted(set(big.misses) - set(small.misses))
    summary = (
        f"top-1 {small.top1:.3f} -> {big.top1:.3f}, overall {small.overall:.3f} -> {big.overall:.3f}, "
        f"out-of-scope recall {small.oos_recall:.3f} -> {big.oos_recall:.3f}; new misses:\n"
        + "\n".join(f"  {q!r}: got {got}, expected {sorted(exp)}" for q, got, exp in changed)
    )
    return small, big, summary


def test_accuracy_holds_with_thousands_of_unrelated_entries(
    big_engine: AnswerEngine, cases: list[Case], reports: tuple[Report, Report, str]
) -> None:
    small, big, summary = reports
    synthetic = [c.question for c in cases if "synthetic-" in target_text(big_engine.answer(c.question))]
    assert not synthetic, f"answered with a hobby question: {synthetic}"
    assert big.top1 >= small.top1 - MAX_DROP, summary
    assert big.overall >= small.overall - MAX_DROP, summary


def test_declines_hold_with_thousands_of_unrelated_entries(
    cases: list[Case], reports: tuple[Report, Report, str]
) -> None:
    """More entries about something else must not make the bot answer what it used to decline:
    a confident wrong answer is the failure the thresholds exist to prevent."""
    small, big, summary = reports
    out_of_scope = sum(not c.in_scope for c in cases)
    lost = round((small.oos_recall - big.oos_recall) * out_of_scope)
    assert lost <= MAX_DECLINES_LOST, f"{lost} more out-of-scope questions answered; {summary}"


# --- analyzer: typos -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typo", "word"),
    [
        ("diffrence", "difference"),
        ("managment", "management"),
        ("interveiw", "interview"),
        ("stakehodler", "stakeholder"),
        ("responsibilty", "responsibility"),
    ],
)
def test_typos_are_corrected_towards_knowledge_words(analyzer: Analyzer, typo: str, word: str) -> None:
    assert analyzer.correct(typo) == word
    assert analyzer.analyze(f"the {typo} here").terms == analyzer.analyze(f"the {word} here").terms


@pytest.mark.parametrize(
    ("typo", "word"), [("prodcut manager", "product manager"), ("progarm manager", "program manager")]
)
def test_typos_in_role_names_still_name_the_role(analyzer: Analyzer, typo: str, word: str) -> None:
    """A misspelt word is corrected, not cut into two unrelated known words ("prod" + "cut")."""
    assert analyzer.analyze(typo).terms == analyzer.analyze(word).terms


@pytest.mark.parametrize("word", ["lunch", "weather", "pizza", "birthday", "football"])
def test_real_english_words_are_not_corrected(analyzer: Analyzer, word: str) -> None:
    assert analyzer.correct(word) == word
    analysis = analyzer.analyze(f"what about {word}")
    assert word in analysis.words


# --- analyzer: compounds, spelling variants, thesaurus -------------------------------------


def test_compounds_are_split_when_both_halves_are_known(resolver: RoleResolver) -> None:
    analyzer = Analyzer(resolver, Vocabulary.learn(resolver, ["data", "center", "migration", "road", "plan"]))
    assert analyzer.analyze("datacenter migration").words == ("data", "center", "migration")
    assert analyzer.analyze("datacenter migration").terms == analyzer.analyze("data center migration").terms


def test_datacenter_means_data_center_with_the_shipped_knowledge(analyzer: Analyzer) -> None:
    assert analyzer.analyze("datacenter").terms == analyzer.analyze("data center").terms


def test_datacenter_question_finds_the_data_center_prompt(engine: AnswerEngine) -> None:
    joined = engine.answer("how would you manage a datacenter migration?")
    spaced = engine.answer("how would you manage a data center migration?")
    assert target_text(joined) == target_text(spaced) == "practice:data-center-migration"


@pytest.mark.parametrize(
    ("british", "american"),
    [
        ("prioritisation", "prioritization"),
        ("prioritise", "prioritize"),
        ("optimisation", "optimization"),
        ("organisation", "organization"),
        ("specialised", "specialized"),
        ("behavioural", "behavioral"),
    ],
)
def test_british_spellings_give_the_same_terms(analyzer: Analyzer, british: str, american: str) -> None:
    assert analyzer.analyze(british).terms == analyzer.analyze(american).terms


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("kpis", "metrics"),
        ("okrs", "kpi"),
        ("interviewer", "interviews"),
        ("deadline", "timeline"),
        ("deps", "dependencies"),
        ("execs", "leadership"),
    ],
)
def test_thesaurus_words_give_the_same_term(analyzer: Analyzer, one: str, other: str) -> None:
    assert analyzer.analyze(one).terms == analyzer.analyze(other).terms


def test_every_thesaurus_group_folds_to_one_term(analyzer: Analyzer) -> None:
    groups: dict[str, dict[str, tuple[str, ...]]] = {}
    for word, head in THESAURUS.items():
        groups.setdefault(head, {})[word] = analyzer.analyze(word).terms
    split = {head: terms for head, terms in groups.items() if len(set(terms.values())) > 1}
    assert not split, f"thesaurus groups whose words analyse differently: {split}"
