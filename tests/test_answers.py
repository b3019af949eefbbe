"""AnswerEngine: how a message as typed in Slack is routed, and what every answer promises.

The matcher's weights and thresholds are still being tuned and the knowledge keeps gaining
phrasings, so these tests pin behaviour any good tuning must have (the right intent, the right
pair of roles, honest declines, suggestions that work), never exact scores.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.answers import (
    Answer,
    AnswerEngine,
    AspectAnswer,
    Clarification,
    ComparisonAnswer,
    FaqAnswer,
    Intent,
    PracticeAnswer,
    ProfileAnswer,
    Social,
    answered,
)
from bot.core.knowledge import KnowledgeBase
from bot.core.matching.analyze import strip_slack
from tests.answer_helpers import target_text
from tests.eval.scoring import load_cases
from tests.knowledge_helpers import ROLE_IDS

EVAL_SET = Path(__file__).parent / "eval" / "questions.yaml"

TPM, TPJ = "technical-program-manager", "technical-project-manager"
PRODUCT, PROJECT, PROGRAM = "product-manager", "project-manager", "program-manager"


@pytest.fixture(scope="module")
def engine(kb: KnowledgeBase) -> AnswerEngine:
    return AnswerEngine(kb)


@pytest.fixture(scope="module")
def dev_answers(engine: AnswerEngine) -> list[Answer]:
    return [engine.answer(case.question) for case in load_cases(EVAL_SET)]


def compared(answer: Answer | None) -> set[str]:
    assert answer is not None
    assert answer.intent is Intent.COMPARE, describe(answer)
    assert isinstance(answer, ComparisonAnswer)
    return {answer.comparison.left.id, answer.comparison.right.id}


def describe(answer: Answer) -> str:
    return (
        f"{answer.question!r} -> {answer.intent.value} target={target_text(answer)} "
        f"confidence={answer.confidence:.3f} considered={list(answer.considered[:3])}"
    )


def check_invariants(answer: Answer) -> None:
    """What every answer promises, whatever the question."""
    assert isinstance(answer.intent, Intent)
    assert 0.0 <= answer.confidence <= 1.0 + 1e-9, describe(answer)  # float sums may round up
    # at most three suggestions; a question back ("which role?") may offer each of the five roles
    assert len(answer.alternatives) <= (5 if answer.intent is Intent.CLARIFY else 3), describe(answer)
    alternatives = {str(s.target) for s in answer.alternatives}
    assert target_text(answer) not in alternatives, describe(answer)
    assert not alternatives & {str(s.target) for s in answer.related}, describe(answer)
    for suggestion in (*answer.alternatives, *answer.related):
        assert suggestion.label.strip() and str(suggestion.target).strip(), describe(answer)


# --- comparisons ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "pair"),
    [
        ("<@U123ABC> whats the diff btwn a TPM & a pgm??", {TPM, PROGRAM}),
        ("product manager vs program manager", {PRODUCT, PROGRAM}),
        ("how is a prodcut manager different from a project manager?", {PRODUCT, PROJECT}),
        ("diffrence between a tech program manager and a technical project mgr", {TPM, TPJ}),
        ("technical progam manager vs technical projcet manager", {TPM, TPJ}),
        ("TPMs vs PgMs &amp; what sets them apart :thinking_face:", {TPM, PROGRAM}),
        ("project mgr versus program mgr", {PROJECT, PROGRAM}),
        (
            "<@U024BE7LH> compare <#C123|tpm-guild> technical program manager and product manager pls",
            {TPM, PRODUCT},
        ),
    ],
)
def test_two_roles_and_a_difference_cue_compare_them(
    engine: AnswerEngine, question: str, pair: set[str]
) -> None:
    answer = engine.answer(question)
    assert compared(answer) == pair
    assert target_text(answer) == f"compare:{'|'.join(sorted(pair))}"
    check_invariants(answer)


@pytest.mark.parametrize("question", ["pm vs tpm", "PM or TPM?", "whats the diff between a pm and a tpm"])
def test_bare_pm_against_tpm_asks_which_pm(engine: AnswerEngine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.intent is Intent.CLARIFY, describe(answer)
    assert isinstance(answer, Clarification)
    assert answer.ask_back and "pm" in answer.ask_back.lower()
    assert {str(s.target) for s in answer.alternatives} == {
        f"compare:{PRODUCT}|{TPM}",
        f"compare:{PROJECT}|{TPM}",
    }
    for suggestion in answer.alternatives:
        assert compared(engine.answer_target(suggestion.target, suggestion.label)) in (
            {PRODUCT, TPM},
            {PROJECT, TPM},
        )


# --- one role, interviews, help -------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "what does a technical project manager do",
        "what does a technical project mgr do all day?",
        "<@U123ABC> technical project manager - what is that",
    ],
)
def test_one_role_question_answers_about_that_role(engine: AnswerEngine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.intent in (Intent.PROFILE, Intent.FAQ), describe(answer)
    if answer.intent is Intent.FAQ:
        assert isinstance(answer, FaqAnswer) and TPJ in answer.entry.roles, describe(answer)
    else:
        assert isinstance(answer, ProfileAnswer | AspectAnswer)
        about = answer.profile.role.id if isinstance(answer, ProfileAnswer) else answer.role.id
        assert about == TPJ, describe(answer)
        assert target_text(answer).split(":")[1] == TPJ


@pytest.mark.parametrize(
    ("question", "prompt_id"),
    [
        ("how would you manage a data center migration?", "data-center-migration"),
        ("tell me about a time you failed", "tell-me-about-a-failure"),
    ],
)
def test_interview_questions_get_the_practice_prompt(
    engine: AnswerEngine, question: str, prompt_id: str
) -> None:
    answer = engine.answer(question)
    assert answer.intent is Intent.PRACTICE, describe(answer)
    assert isinstance(answer, PracticeAnswer) and answer.prompt.id == prompt_id, describe(answer)
    assert target_text(answer) == f"practice:{prompt_id}"
    check_invariants(answer)


@pytest.mark.parametrize("question", ["what can you do?", "help", "hello! what is this bot for?"])
def test_what_can_you_do_is_help(engine: AnswerEngine, question: str) -> None:
    assert engine.answer(question).intent is Intent.HELP


@pytest.mark.parametrize("question", ["hi", "<@U123ABC> hello :wave:"])
def test_a_bare_greeting_gets_a_short_greeting_back(engine: AnswerEngine, question: str) -> None:
    """A greeting alone gets a greeting and a pointer to `help`, not the whole help text."""
    answer = engine.answer(question)
    assert answer.intent is Intent.SOCIAL and isinstance(answer, Social) and answer.greeting


def test_a_long_scenario_that_says_what_do_you_do_is_not_help(engine: AnswerEngine) -> None:
    question = (
        "your program's biggest vendor just went bankrupt two weeks before launch and engineering "
        "is blocked on them, what do you do"
    )
    answer = engine.answer(question)
    assert answer.intent is not Intent.HELP, describe(answer)


# --- declining -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "what's the weather like today",
        "write me a poem about cats",
        "reset my laptop password",
        "what's for lunch",
    ],
)
def test_out_of_scope_requests_are_declined(engine: AnswerEngine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.intent in (Intent.OUT_OF_SCOPE, Intent.TASK), describe(answer)  # a task is declined too
    assert answered(answer) is None, describe(answer)  # no entry, prompt, comparison or profile


@pytest.mark.parametrize(
    "question",
    [
        "what is the average tpm salary in berlin",
        "what do tpms earn at startups",
        "is our tpm sarah in the office today",
    ],
)
def test_unanswerable_domain_questions_are_not_answered_confidently(
    engine: AnswerEngine, question: str
) -> None:
    """Roles are mentioned, but nothing in the knowledge answers these: "not sure" is right, a
    confident role fact is a wrong answer."""
    answer = engine.answer(question)
    assert answer.intent in (Intent.NOT_SURE, Intent.OUT_OF_SCOPE), describe(answer)


# --- suggestions ---------------------------------------------------------------------------


def test_dev_set_answers_keep_the_suggestion_rules(dev_answers: list[Answer]) -> None:
    for answer in dev_answers:
        check_invariants(answer)


def test_every_suggestion_resolves(engine: AnswerEngine, dev_answers: list[Answer]) -> None:
    """A button the bot shows must answer when pressed, and the answer it gives must too."""
    seen: set[object] = set()
    frontier = [s for a in dev_answers for s in (*a.alternatives, *a.related)]
    for depth in range(2):
        nxt = []
        for suggestion in frontier:
            if suggestion.target in seen:
                continue
            seen.add(suggestion.target)
            answer = engine.answer_target(suggestion.target, suggestion.label)
            assert answer is not None, f"suggestion {suggestion} does not resolve"
            assert answer.intent not in (Intent.NOT_SURE, Intent.OUT_OF_SCOPE), describe(answer)
            check_invariants(answer)
            if depth == 0:
                nxt += [*answer.alternatives, *answer.related]
        frontier = nxt
    assert seen, "the dev set produced no suggestions at all"


# --- answer_target -------------------------------------------------------------------------


def test_answer_target_compare_in_either_order(engine: AnswerEngine) -> None:
    for key in (f"compare:{PRODUCT}|{PROGRAM}", f"compare:{PROGRAM}|{PRODUCT}"):
        answer = engine.answer_target(key)
        assert answer is not None
        assert compared(answer) == {PRODUCT, PROGRAM}
        assert target_text(answer) == f"compare:{PRODUCT}|{PROGRAM}"


@pytest.mark.parametrize("role", ROLE_IDS)
def test_answer_target_profile(engine: AnswerEngine, role: str) -> None:
    answer = engine.answer_target(f"profile:{role}")
    assert answer is not None and answer.intent is Intent.PROFILE
    assert isinstance(answer, ProfileAnswer) and answer.profile.role.id == role
    assert target_text(answer) == f"profile:{role}"


def test_answer_target_faq_and_practice(engine: AnswerEngine, kb: KnowledgeBase) -> None:
    for faq_id in kb.faq:
        answer = engine.answer_target(f"faq:{faq_id}")
        assert answer is not None and answer.intent is Intent.FAQ
        assert isinstance(answer, FaqAnswer) and answer.entry.id == faq_id
        assert target_text(answer) == f"faq:{faq_id}"
    for prompt_id in kb.practice:
        answer = engine.answer_target(f"practice:{prompt_id}")
        assert answer is not None and answer.intent is Intent.PRACTICE
        assert isinstance(answer, PracticeAnswer) and answer.prompt.id == prompt_id
        assert target_text(answer) == f"practice:{prompt_id}"


def test_answer_target_aspect(engine: AnswerEngine, kb: KnowledgeBase) -> None:
    for role in ROLE_IDS:
        for aspect in kb.aspects:
            wanted = f"aspect:{role}:{aspect.id}"
            answer = engine.answer_target(wanted)
            assert answer is not None and answer.intent is Intent.PROFILE, wanted
            assert isinstance(answer, AspectAnswer), wanted
            assert (answer.role.id, answer.aspect.id) == (role, aspect.id)
            assert target_text(answer) == wanted


def test_answer_target_uses_the_label_as_the_question(engine: AnswerEngine, kb: KnowledgeBase) -> None:
    faq_id = next(iter(kb.faq))
    answer = engine.answer_target(f"faq:{faq_id}", "the button label")
    assert answer is not None and answer.question == "the button label"


@pytest.mark.parametrize(
    "key",
    [
        "",
        "nonsense",
        "help",
        "clarify",
        "out_of_scope",
        "faq:no-such-entry",
        "practice:no-such-prompt",
        "profile:no-such-role",
        "profile:",
        f"aspect:{TPM}:no-such-aspect",
        "aspect:no-such-role:scope",
        f"compare:{TPM}|{TPM}",
        f"compare:{TPM}|no-such-role",
        f"compare:{TPM}",
        "compare:",
        f"faq:{TPM}",
    ],
)
def test_answer_target_unknown_keys_give_none(engine: AnswerEngine, key: str) -> None:
    assert engine.answer_target(key) is None


# --- robustness ----------------------------------------------------------------------------

MARKUP = st.sampled_from(
    [
        "<@U123ABC>",
        "<@U123|bob>",
        "<#C024BE7LR|general>",
        "<#C024BE7LR>",
        "<https://example.com|the doc>",
        "<https://example.com>",
        "<mailto:a@b.example|mail>",
        "<!here>",
        "<!channel>",
        "<!subteam^S123|@tpms>",
        "<!date^1392734382^{date}|Feb 18>",
        "&amp;",
        "&lt;",
        "&gt;",
        "&lt;!channel&gt;",
        ":thinking_face:",
        ":+1::skin-tone-2:",
        "tpm",
        "PM",
        "pgm",
        "vs",
        "diff",
        "what does a",
        "manager",
        "<",
        ">",
        "|",
        "&",
        "<@",
        "<#",
        "<http",
        ":",
        "\n",
        "🙂",
    ]
)


@settings(max_examples=150)
@given(st.text())
def test_engine_never_raises_on_any_text(engine: AnswerEngine, text: str) -> None:
    check_invariants(engine.answer(text))


@settings(max_examples=100)
@given(st.lists(st.one_of(MARKUP, st.text(max_size=8)), max_size=12), st.sampled_from(["", " "]))
def test_engine_never_raises_on_slack_markup(engine: AnswerEngine, parts: list[str], sep: str) -> None:
    check_invariants(engine.answer(sep.join(parts)))


# --- strip_slack ---------------------------------------------------------------------------


def test_strip_slack_drops_user_mentions() -> None:
    assert "U123ABC" not in strip_slack("<@U123ABC> what does a tpm do")
    assert "bob" not in strip_slack("<@U123|bob> hi")
    assert strip_slack("<@U123ABC> what does a tpm do").split() == ["what", "does", "a", "tpm", "do"]


def test_strip_slack_keeps_channel_names_and_link_labels() -> None:
    plain = strip_slack("see <#C024BE7LR|tpm-guild> and <https://example.com/a?b=1|the career doc>")
    assert "tpm-guild" in plain
    assert "the career doc" in plain
    assert "example.com" not in plain and "<" not in plain and "C024BE7LR" not in plain


def test_strip_slack_drops_bare_links_and_specials() -> None:
    plain = strip_slack("<!here> read <https://evil.example> <!subteam^S123|@tpms>")
    assert plain.split() == ["read"]


def test_strip_slack_unescapes_entities() -> None:
    assert strip_slack("R&amp;D &lt;tpm&gt;").split() == ["R&D", "<tpm>"]


def test_strip_slack_drops_emoji_codes() -> None:
    assert strip_slack("tpm :thinking_face: vs pgm :+1::skin-tone-2:").split() == ["tpm", "vs", "pgm"]
