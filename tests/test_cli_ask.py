"""`rolebot ask` and `rolebot chat`, run as real processes, and the Block Kit every answer renders to."""

from __future__ import annotations

import json

import pytest

from bot.core.answers import Answer, AnswerEngine, Intent
from bot.core.knowledge import KnowledgeBase
from bot.rendering.answers import render_answer
from tests.cli_helpers import ROOT, no_traceback, rolebot
from tests.eval.scoring import load_cases
from tests.slack_limits import assert_within_slack_limits

EVAL_SET = ROOT / "tests" / "eval" / "questions.yaml"

HOSTILE = "<!channel> <https://evil.example|click>"
"""Markup a user might paste to make the bot ping everyone or show a disguised link."""


# --- rolebot ask ---------------------------------------------------------------------------


def test_ask_comparison_names_both_roles() -> None:
    done = rolebot("ask", "whats the diff between a tpm and a pgm??")
    no_traceback(done)
    assert done.returncode == 0, done.stderr
    assert "Technical program manager" in done.stdout
    assert "Program manager" in done.stdout


def test_ask_json_is_a_payload_within_slack_limits() -> None:
    done = rolebot("ask", "--json", "what does a tpm do")
    no_traceback(done)
    assert done.returncode == 0, done.stderr
    assert_within_slack_limits(json.loads(done.stdout))


def test_ask_explain_shows_intent_and_confidence() -> None:
    done = rolebot("ask", "--explain", "how would you manage a data center migration?")
    no_traceback(done)
    assert done.returncode == 0, done.stderr
    assert "intent=practice" in done.stdout and "confidence=" in done.stdout


def test_ask_out_of_scope_says_so_and_exits_1() -> None:
    done = rolebot("ask", "what's the weather")
    no_traceback(done)
    assert done.returncode == 1
    assert "outside what i know" in done.stdout.lower()


def test_ask_clarify_exits_1_without_crashing() -> None:
    done = rolebot("ask", "pm vs tpm")
    no_traceback(done)
    assert done.returncode == 1
    out = done.stdout.lower()
    assert "product manager" in out and "project manager" in out
    assert "outside what i know" not in out, "a question back is not a decline"


def test_ask_empty_question_is_a_usage_error() -> None:
    done = rolebot("ask", "")
    no_traceback(done)
    assert done.returncode == 2
    assert "empty" in done.stderr


# --- rolebot chat --------------------------------------------------------------------------


def test_chat_answers_then_follows_a_suggestion_then_quits() -> None:
    done = rolebot("chat", "--explain", stdin="what does a pm do\n1\n\n")
    no_traceback(done)
    assert done.returncode == 0, done.stderr
    answers = [line for line in done.stdout.splitlines() if "intent=" in line]
    assert len(answers) == 2, done.stdout
    assert "[1]" in done.stdout, "the first answer offered no suggestion to pick"
    assert "intent=out_of_scope" not in answers[1], "picking suggestion 1 did not answer it"


# --- rendering every answer ----------------------------------------------------------------


@pytest.fixture(scope="module")
def engine(kb: KnowledgeBase) -> AnswerEngine:
    return AnswerEngine(kb)


def dev_questions() -> list[str]:
    return [case.question for case in load_cases(EVAL_SET)]


def check_rendered(kb: KnowledgeBase, answer: Answer) -> None:
    payload = render_answer(kb, answer).payload()
    assert_within_slack_limits(payload)
    dumped = json.dumps(payload, ensure_ascii=False)
    assert "<!" not in dumped, f"{answer.question!r}: a Slack special mention in {dumped}"
    assert "<http" not in dumped, f"{answer.question!r}: a link in {dumped}"


def test_every_dev_set_answer_renders_within_slack_limits(kb: KnowledgeBase, engine: AnswerEngine) -> None:
    failures = []
    for question in dev_questions():
        answer = engine.answer(question)
        try:
            check_rendered(kb, answer)
        except Exception as error:  # collect them all: one broken intent breaks many questions
            failures.append(f"{question!r} ({answer.intent.value}): {type(error).__name__}: {error}")
    assert not failures, f"{len(failures)} answers do not render:\n" + "\n".join(failures)


@pytest.mark.parametrize(
    "question",
    [
        f"{HOSTILE} what does a tpm do",
        f"{HOSTILE} whats the diff between a tpm and a pgm",
        f"{HOSTILE} pm vs tpm",
        f"{HOSTILE} how would you manage a data center migration?",
        f"{HOSTILE} what's the weather",
        f"{HOSTILE} hi",
        f"{HOSTILE}",
        "&lt;!channel&gt; what is a &lt;https://evil.example|tpm&gt;",
        "what does a <https://evil.example|tpm> do <!here>",
        "<!subteam^S123|@tpms> tpm vs <https://evil.example|pgm>",
        "how many tpms work at <https://evil.example|google> <!everyone>",
    ],
)
def test_hostile_markup_never_reaches_the_payload(
    kb: KnowledgeBase, engine: AnswerEngine, question: str
) -> None:
    check_rendered(kb, engine.answer(question))


def buttons(payload: dict) -> list[dict]:
    return [e for b in payload["blocks"] if b["type"] == "actions" for e in b["elements"]]


def test_clarify_renders_the_question_back_with_a_button_per_reading(
    kb: KnowledgeBase, engine: AnswerEngine
) -> None:
    answer = engine.answer("pm vs tpm")
    assert answer.intent is Intent.CLARIFY
    payload = render_answer(kb, answer).payload()
    assert_within_slack_limits(payload)
    text = json.dumps(payload, ensure_ascii=False).lower()
    assert "product manager" in text and "project manager" in text
    assert "outside what i know" not in text
    values = {b.get("value") for b in buttons(payload)}
    assert values >= {str(s.target) for s in answer.alternatives}, values


def test_every_suggestion_target_renders(kb: KnowledgeBase, engine: AnswerEngine) -> None:
    answers = [engine.answer(q) for q in dev_questions()]
    targets = {s.target: s.label for a in answers for s in (*a.alternatives, *a.related)}
    failures = []
    for target, label in targets.items():
        answer = engine.answer_target(target, label)
        assert answer is not None and answer.intent is not Intent.OUT_OF_SCOPE, target
        try:
            check_rendered(kb, answer)
        except Exception as error:
            failures.append(f"{target}: {type(error).__name__}: {error}")
    assert not failures, "\n".join(failures)
