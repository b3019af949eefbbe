"""The cached index (issue 10): loaded instead of built when the knowledge is unchanged, never when it changed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bot.core.answers import AnswerEngine
from bot.core.knowledge import KnowledgeBase
from tests.answer_helpers import target_text
from tests.eval.scoring import load_cases

EVAL_SET = Path(__file__).parent / "eval" / "questions.yaml"


def test_a_loaded_index_answers_exactly_as_a_built_one(kb: KnowledgeBase, tmp_path: Path) -> None:
    built = AnswerEngine(kb, tmp_path)
    assert len(list(tmp_path.glob("index-*.pickle"))) == 1
    loaded = AnswerEngine(kb, tmp_path)
    for case in load_cases(EVAL_SET)[::3]:
        assert loaded.answer(case.question) == built.answer(case.question), case.question
        assert loaded.answer(case.question).considered == built.answer(case.question).considered


def test_a_change_to_the_knowledge_builds_a_new_index(kb: KnowledgeBase, tmp_path: Path) -> None:
    AnswerEngine(kb, tmp_path)
    entry = next(iter(kb.faq.values()))
    changed = replace(
        kb, faq={**kb.faq, entry.id: entry.model_copy(update={"phrasings": ("zebra crossings",)})}
    )
    engine = AnswerEngine(changed, tmp_path)
    assert len(list(tmp_path.glob("index-*.pickle"))) == 2
    assert target_text(engine.answer("zebra crossings")) == f"faq:{entry.id}"


def test_an_unreadable_cache_is_rebuilt(kb: KnowledgeBase, tmp_path: Path) -> None:
    AnswerEngine(kb, tmp_path)
    (cache,) = tmp_path.glob("index-*.pickle")
    cache.write_bytes(b"not a pickle")
    assert target_text(AnswerEngine(kb, tmp_path).answer("what does a tpm do"))
