"""The labelled dev set (tests/eval/questions.yaml): the engine's accuracy on it, and the set's own integrity.

The floors below are where the lead engineer records the measured level once the matcher's
tuning settles, so that a change which makes answers worse fails here; until then they are zero
and the test only reports.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.core.answers import AnswerEngine
from bot.core.kinds import TargetKey, TargetKind
from bot.core.knowledge import KnowledgeBase
from bot.core.matching.analyze import strip_slack
from tests.eval.scoring import DECLINED, Case, Judge, Report, evaluate, load_cases
from tests.knowledge_helpers import ROLE_IDS

EVAL_SET = Path(__file__).parent / "eval" / "questions.yaml"

# The level reached (0.915 and 0.925 when last raised, issue 10; `python benchmarks/matcher.py` prints them): a change
# that loses answers fails here instead of drifting down unnoticed.
MIN_TOP1 = 0.91
MIN_OOS_RECALL = 0.945
"""0.950 when raised (issue 10: employers, one organisation's facts and trivia declined)."""
MAX_CONFIDENT_WRONG = 0.075
"""Answered and wrong, of all questions (0.070 when set, issue 10)."""
MAX_NEEDLESS_DECLINES = 0.02
"""Declined although the right entry was suggested, of in-scope questions (0.008 when set)."""

MIN_QUESTIONS = 150
MIN_OUT_OF_SCOPE = 20
PLAIN_LABELS = frozenset({DECLINED, "clarify", "help", "social"})


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return load_cases(EVAL_SET)


@pytest.fixture(scope="module")
def report(kb: KnowledgeBase, cases: list[Case]) -> Report:
    engine = AnswerEngine(kb)
    judge = Judge(engine)
    return evaluate(cases, lambda question: judge.of_answer(engine.answer(question)))


def misses_text(report: Report) -> str:
    lines = [f"{len(report.misses)} misses:"]
    lines += [f"  {q!r}: got {got}, expected {' or '.join(sorted(exp))}" for q, got, exp in report.misses]
    return "\n".join(lines)


# --- accuracy ------------------------------------------------------------------------------


def test_top1_accuracy(report: Report) -> None:
    assert report.top1 >= MIN_TOP1, f"top-1 accuracy {report.top1:.3f} < {MIN_TOP1}\n{misses_text(report)}"


def test_out_of_scope_recall(report: Report) -> None:
    assert report.oos_recall >= MIN_OOS_RECALL, (
        f"out-of-scope recall {report.oos_recall:.3f} < {MIN_OOS_RECALL}\n{misses_text(report)}"
    )


def test_few_confident_wrong_answers(report: Report) -> None:
    assert report.confident_wrong <= MAX_CONFIDENT_WRONG, (
        f"confident wrong {report.confident_wrong:.3f} > {MAX_CONFIDENT_WRONG}\n{misses_text(report)}"
    )


def test_few_needless_declines(report: Report) -> None:
    assert report.needless_declines <= MAX_NEEDLESS_DECLINES, (
        f"needless declines {report.needless_declines:.3f} > {MAX_NEEDLESS_DECLINES}\n{misses_text(report)}"
    )


def test_report_covers_every_question(report: Report, cases: list[Case]) -> None:
    assert report.total == len(cases)
    assert 0.0 <= report.top1 <= 1.0 and 0.0 <= report.oos_recall <= 1.0


# --- the eval set itself -------------------------------------------------------------------


def target_exists(kb: KnowledgeBase, wanted: str) -> bool:
    key = TargetKey.parse(wanted)
    if key is None:
        return wanted in PLAIN_LABELS
    if str(key) != wanted:
        return False  # compare ids must be written sorted, as the engine writes them
    match key.kind:
        case TargetKind.FAQ:
            return key.id in kb.faq
        case TargetKind.PRACTICE:
            return key.id in kb.practice
        case TargetKind.PROFILE:
            return key.id in kb.roles
        case TargetKind.ASPECT:
            role, aspect = key.ids
            return role in kb.roles and aspect in {a.id for a in kb.aspects}
        case TargetKind.COMPARE:
            left, right = key.ids
            return left in kb.roles and right in kb.roles and left != right


def test_eval_set_is_big_enough(cases: list[Case]) -> None:
    assert len(cases) >= MIN_QUESTIONS
    assert all(case.question.strip() and case.expected for case in cases)


def test_every_label_points_at_an_existing_target(kb: KnowledgeBase, cases: list[Case]) -> None:
    broken = [
        (c.question, sorted(c.expected)) for c in cases if not all(target_exists(kb, e) for e in c.expected)
    ]
    assert not broken, "labels that name no target (compare ids must be sorted):\n" + "\n".join(
        map(str, broken)
    )


def test_no_question_mixes_declined_with_an_answer(cases: list[Case]) -> None:
    mixed = [c.question for c in cases if DECLINED in c.expected and len(c.expected) > 1]
    assert not mixed


def test_enough_out_of_scope_questions(cases: list[Case]) -> None:
    assert sum(not c.in_scope for c in cases) >= MIN_OUT_OF_SCOPE


def test_questions_are_not_repeated(cases: list[Case]) -> None:
    seen: dict[str, str] = {}
    repeated = []
    for case in cases:
        key = normalise(case.question)
        if key in seen:
            repeated.append((seen[key], case.question))
        seen[key] = case.question
    assert not repeated


def roles_in(wanted: str) -> set[str]:
    key = TargetKey.parse(wanted)
    if key is None:
        return set()
    match key.kind:
        case TargetKind.PROFILE | TargetKind.ASPECT:
            return {key.ids[0]}
        case TargetKind.COMPARE:
            return set(key.ids)
        case _:
            return set()


def test_every_role_appears_among_the_labels(cases: list[Case]) -> None:
    labelled = set().union(*(roles_in(e) for c in cases for e in c.expected))
    assert labelled >= set(ROLE_IDS), f"roles no label is about: {set(ROLE_IDS) - labelled}"


def normalise(text: str) -> str:
    """Lower case, no Slack markup or emoji, no punctuation, single spaces."""
    return " ".join(re.sub(r"[^\w\s]|_", " ", strip_slack(text).lower()).split())


def test_no_eval_question_is_copied_from_the_knowledge(kb: KnowledgeBase, cases: list[Case]) -> None:
    """A dev question that is also a phrasing measures recall of the phrasing, not understanding."""
    written = {}
    for entry in kb.faq.values():
        written |= {normalise(t): str(TargetKey.faq(entry.id)) for t in (entry.question, *entry.phrasings)}
    for prompt in kb.practice.values():
        written |= {
            normalise(t): str(TargetKey.practice(prompt.id)) for t in (prompt.question, *prompt.phrasings)
        }
    copied = [
        f"{c.question!r} is written in {written[normalise(c.question)]}"
        for c in cases
        if normalise(c.question) in written
    ]
    assert not copied, "\n".join(copied)
