"""The scoring seam: the engine takes its scorer, and the scorer's thresholds decide what is answered."""

from __future__ import annotations

from dataclasses import replace

from bot.core.answers import AnswerEngine, FaqAnswer, NotSure, build_targets
from bot.core.knowledge import KnowledgeBase
from bot.core.matching.analyze import Analyzer
from bot.core.matching.index import SearchIndex
from bot.core.matching.scorer import INDEX_THRESHOLDS, IndexScorer, Scorer, index_scorer
from bot.core.names import RoleResolver
from tests.answer_helpers import index_of

QUESTION = "what tools do project managers use"


def test_the_default_scorer_is_the_index_with_its_thresholds(kb: KnowledgeBase) -> None:
    engine = AnswerEngine(kb)
    assert isinstance(engine.scorer, IndexScorer)
    assert engine.thresholds == INDEX_THRESHOLDS
    assert isinstance(engine.answer(QUESTION), FaqAnswer)


def test_a_scorer_passed_in_is_used_with_its_own_thresholds(kb: KnowledgeBase) -> None:
    """The same index with a stricter answer score: the question answered above is now a "not sure"."""
    index = index_of(AnswerEngine(kb))
    strict = replace(INDEX_THRESHOLDS, answer=1.01, lead=1.01, cued_answer=1.01)
    scorer: Scorer = IndexScorer(index, strict)
    answer = AnswerEngine(kb, scorer=scorer).answer(QUESTION)
    assert isinstance(answer, NotSure), answer
    assert answer.alternatives  # the match is still offered


def test_the_index_leaves_its_analyzer_as_it_was_built(kb: KnowledgeBase) -> None:
    resolver = RoleResolver(kb)
    targets = build_targets(kb)
    vocabulary = SearchIndex.learn(resolver, targets)
    analyzer = Analyzer(resolver, vocabulary)
    before = analyzer.analyze(QUESTION)
    index = SearchIndex(targets, analyzer, ["tools"])
    assert index.analyzer is analyzer and analyzer.vocabulary is vocabulary
    assert analyzer.analyze(QUESTION) == before


def test_the_factory_builds_the_same_scorer_as_the_engine(kb: KnowledgeBase) -> None:
    engine = AnswerEngine(kb)
    built = index_scorer(build_targets(kb), RoleResolver(kb), ["tools"])
    analysis = built.analyzer.analyze(QUESTION)
    assert [h.target.key for h in built.search(analysis, 3)] == [
        h.target.key for h in engine.scorer.search(engine.analyzer.analyze(QUESTION), 3)
    ]
