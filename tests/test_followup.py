"""Reading a follow-up with the previous turn: a pure function of (message, previous turn)."""

from __future__ import annotations

import pytest

from bot.core.answers import AnswerEngine, Intent
from bot.core.followup import FollowUp, FollowUps, Turn, turn_of, turn_of_target
from bot.core.knowledge import KnowledgeBase

TPM, PGM, PM = "technical-program-manager", "program-manager", "product-manager"
TPJM, PJM = "technical-project-manager", "project-manager"


@pytest.fixture(scope="module")
def engine(kb: KnowledgeBase) -> AnswerEngine:
    return AnswerEngine(kb)


@pytest.fixture(scope="module")
def follow(kb: KnowledgeBase, engine: AnswerEngine) -> FollowUps:
    return FollowUps(kb, engine.analyzer)


def test_nothing_before_means_the_message_as_typed(follow: FollowUps) -> None:
    assert follow.resolve("what about tools?", None) == FollowUp("what about tools?")


@pytest.mark.parametrize(
    ("previous", "message", "target"),
    [
        (Turn(f"compare:{PGM}|{TPM}", (PGM, TPM)), "what about tools?", f"compare:{PGM}|{TPM}"),
        (Turn(f"aspect:{TPM}:core_capabilities", (TPM,), "core_capabilities"), "and for product managers?",
         f"aspect:{PM}:core_capabilities"),
        (Turn(f"profile:{PGM}", (PGM,)), "how does that differ from a tpm?", f"compare:{PGM}|{TPM}"),
        (Turn(f"aspect:{TPM}:tools", (TPM,), "tools"), "tell me more", f"profile:{TPM}"),
        (Turn(f"profile:{TPM}", (TPM,)), "what tools do they use?", f"aspect:{TPM}:tools"),
        (Turn(f"aspect:{PGM}:scope", (PGM,), "scope"), "why?", f"aspect:{PGM}:scope"),
        (Turn(None, (), None, ("faq:a", "faq:b")), "the other one", "faq:b"),
        (Turn("faq:b", (), None, ("faq:a", "faq:b")), "the other one", "faq:a"),
        (Turn(None, (), "tools", (f"aspect:{PM}:tools", f"aspect:{PGM}:tools")), "program manager",
         f"aspect:{PGM}:tools"),
    ],
)  # fmt: skip
def test_a_follow_up_is_read_with_the_previous_turn(
    follow: FollowUps, previous: Turn, message: str, target: str
) -> None:
    found = follow.resolve(message, previous)
    assert (found.target, found.followed) == (target, True)


@pytest.mark.parametrize(
    "message",
    [
        "what does a product manager own in the roadmap?",
        "how do I prepare for a tpm interview loop at a big company",
    ],
)
def test_a_message_that_changes_subject_is_a_new_question(follow: FollowUps, message: str) -> None:
    previous = Turn(f"aspect:{TPM}:tools", (TPM,), "tools")
    assert follow.resolve(message, previous) == FollowUp(message)


def test_the_same_question_about_another_role_rewrites_a_faq_question(
    follow: FollowUps, kb: KnowledgeBase
) -> None:
    entry = next(
        e for e in kb.faq.values() if e.roles == (TPM,) and "technical program manager" in e.question.lower()
    )
    found = follow.resolve("and for a product manager?", Turn(f"faq:{entry.id}", (TPM,)))
    assert found.target is None and found.followed
    assert (
        "product manager" in found.question.lower()
        and "technical program manager" not in found.question.lower()
    )


def test_what_is_remembered_is_a_target_roles_and_aspect_never_text(engine: AnswerEngine) -> None:
    turn = turn_of(engine.answer("tpm vs pgm"))
    assert turn == Turn(f"compare:{PGM}|{TPM}", (TPM, PGM)) or set(turn.roles) == {TPM, PGM}
    asked_role = engine.answer("what about tools?")
    assert asked_role.intent is Intent.CLARIFY
    remembered = turn_of(asked_role)
    assert remembered.aspect == "tools" and remembered.target is None and len(remembered.options) >= 2
    assert turn_of_target(f"aspect:{PM}:tools") == Turn(f"aspect:{PM}:tools", (PM,), "tools")
    for value in (*vars(turn).values(), *vars(remembered).values()):
        assert "what about" not in str(value)


@pytest.mark.parametrize(
    ("previous", "message", "target"),
    [
        # a correction of the role read: the same question about the role meant
        (Turn(f"profile:{TPM}", (TPM,)), "i mean technical project manager", f"profile:{TPJM}"),
        (Turn(f"aspect:{PGM}:tools", (PGM,), "tools"), "sorry, I meant product managers", f"aspect:{PM}:tools"),
        # asked again in other words: the same answer
        (Turn(f"compare:{PGM}|{PJM}", (PGM, PJM)), "now explain it like I'm 5", f"compare:{PGM}|{PJM}"),
        (Turn(f"aspect:{PM}:scope", (PM,), "scope"), "in plain english please", f"aspect:{PM}:scope"),
        (Turn(f"aspect:{TPM}:tools", (TPM,), "tools"), "explain it simpler", f"aspect:{TPM}:tools"),
        # an aspect asked with another form of its cue word ("delivers" for deliverables)
        (Turn(f"aspect:{PGM}:tools", (PGM,), "tools"), "and what does it deliver?", f"aspect:{PGM}:deliverables"),
        # one of the two roles just answered, named alone or with "which one"
        (Turn("faq:x", (TPM, TPJM)), "and a tech project manager's?", f"profile:{TPJM}"),
        (Turn(f"compare:{PM}|{PGM}", (PM, PGM), "tools"), "which one is used at the product level",
         f"aspect:{PM}:tools"),
        (Turn(f"compare:{PM}|{TPM}", (PM, TPM)), "go deeper on the tpm", f"profile:{TPM}"),
        # two roles named after an aspect: both, side by side
        (Turn(f"aspect:{PJM}:success_metrics", (PJM,), "success_metrics"),
         "and what do both pgms and product managers look at?", f"compare:{PGM}|{PM}"),
        # another role after an answer to a question on several aspects: its whole profile
        (Turn(f"aspect:{TPM}:time_horizon", (TPM,)), "and the product manager", f"profile:{PM}"),
    ],
)  # fmt: skip
def test_corrections_rewordings_and_the_roles_just_answered(
    follow: FollowUps, previous: Turn, message: str, target: str
) -> None:
    found = follow.resolve(message, previous)
    assert (found.target, found.followed) == (target, True)


def test_a_question_of_its_own_about_a_role_just_compared_is_a_new_question(follow: FollowUps) -> None:
    previous = Turn(f"compare:{PGM}|{TPM}", (PGM, TPM))
    assert follow.resolve("and how does a tpm handle risk?", previous) == FollowUp(
        "and how does a tpm handle risk?"
    )


def test_an_ambiguous_pm_is_read_as_the_meaning_the_conversation_is_about(follow: FollowUps) -> None:
    found = follow.resolve("and who covers the pm work under them?", Turn("faq:x", (TPM, PJM)))
    assert found.followed and found.target is None
    assert "project manager work" in found.question.lower()
    found = follow.resolve("and for a pm?", Turn(f"profile:{TPM}", (TPM,)))
    assert found == FollowUp("and for a pm?"), "neither meaning in the conversation: the engine asks which"
    found = follow.resolve("and what about a pm", Turn(f"aspect:{TPM}:tools", (TPM,), "tools"))
    assert found.followed and found.target is None and "tools" in found.question.lower()


def test_one_after_a_role_means_that_role(follow: FollowUps) -> None:
    found = follow.resolve("how do i become one", Turn(f"profile:{PGM}", (PGM,)))
    assert found.followed and "program manager" in found.question.lower()


def test_what_is_remembered_keeps_the_aspect_a_comparison_was_asked_about(
    follow: FollowUps, engine: AnswerEngine
) -> None:
    compared = engine.answer_target(f"compare:{TPM}|{PGM}", "what about tools?")
    assert compared is not None and compared.intent is Intent.COMPARE
    assert follow.turn(compared).aspect == "tools" and turn_of(compared).aspect is None
    assert follow.turn(engine.answer("tpm vs pgm")).aspect is None
    two = engine.answer("scope and time horizon of a program manager")
    assert two.intent is Intent.PROFILE and turn_of(two).aspect is not None
    assert follow.turn(two).aspect is None, "one aspect shown of two asked: the next role gets its profile"
    assert follow.aspects_in("scope and time horizon")[:2] == ["scope", "time_horizon"]
    tools = engine.answer_target("faq:project-management-tools")
    assert tools is not None and turn_of(tools).aspect is None
    assert follow.turn(tools).aspect == "tools", "a FAQ entry asking about one aspect keeps it"


@pytest.mark.parametrize(
    ("previous", "message", "target"),
    [
        (Turn(f"aspect:{TPJM}:tools", (TPJM,), "tools"), "and the program one?", f"aspect:{TPM}:tools"),
        (Turn(f"aspect:{TPM}:deliverables", (TPM,), "deliverables"), "what about the project version",
         f"aspect:{TPJM}:deliverables"),
        (Turn(f"aspect:{PJM}:tools", (PJM,), "tools"), "and the program one?", f"aspect:{PGM}:tools"),
    ],
)  # fmt: skip
def test_the_program_one_after_a_technical_role_is_the_technical_counterpart(
    follow: FollowUps, previous: Turn, message: str, target: str
) -> None:
    found = follow.resolve(message, previous)
    assert (found.target, found.followed) == (target, True)


def test_a_discipline_word_inside_a_question_names_the_work_not_a_role(follow: FollowUps) -> None:
    """ "how many projects" after an answer on a TPM is still about the TPM, not a project manager."""
    found = follow.resolve("how many projects do they juggle at once?", Turn(f"profile:{TPM}", (TPM,)))
    assert found.target is None or PJM not in found.target


def test_which_one_after_two_roles_is_asked_of_those_two(follow: FollowUps) -> None:
    previous = Turn(f"compare:{PGM}|{PJM}", (PGM, PJM))
    found = follow.resolve("which one handles cross-project budgets?", previous)
    assert found.followed and "program manager or project manager" in found.question


def test_the_two_refers_to_the_roles_just_answered(follow: FollowUps) -> None:
    found = follow.resolve("so what really separates the two", Turn(f"compare:{PGM}|{TPM}", (PGM, TPM)))
    assert found.followed


@pytest.mark.parametrize("message", ["thanks that helps", "cool, appreciate it", "ok sounds good"])
def test_thanks_after_an_answer_is_not_read_as_a_follow_up(follow: FollowUps, message: str) -> None:
    found = follow.resolve(message, Turn(f"compare:{PGM}|{PJM}", (PGM, PJM)))
    assert found == FollowUp(message)


def test_too_at_the_end_asks_the_same_of_another_role(follow: FollowUps) -> None:
    previous = Turn("faq:program-manager-capabilities", (PGM,), "core_capabilities")
    found = follow.resolve("is stakeholder wrangling a big deal for product managers too?", previous)
    assert (found.target, found.followed) == (f"aspect:{PM}:core_capabilities", True)


def test_versus_a_role_already_compared_on_an_aspect_is_that_comparison_again(follow: FollowUps) -> None:
    previous = Turn("faq:technical-roles-deliverables", (TPM, TPJM), "deliverables")
    found = follow.resolve("and vs the technical project manager?", previous)
    assert (found.target, found.followed) == ("faq:technical-roles-deliverables", True)


def test_the_program_side_after_a_tpm_answer_is_the_plain_program_manager(follow: FollowUps) -> None:
    found = follow.resolve("ok and the program side?", Turn(f"aspect:{TPM}:tools", (TPM,), "tools"))
    assert (found.target, found.followed) == (f"aspect:{PGM}:tools", True)


@pytest.mark.parametrize(
    ("message", "previous", "expected"),
    [
        ("what do they report on?", Turn(f"profile:{TPM}", (TPM,)), "what do they report on? (technical program manager)"),
        ("how do they get judged", Turn("faq:x", (PM, PGM)), "how do they get judged (product manager and program manager)"),
        ("what does a pgm report on?", Turn(f"profile:{TPM}", (TPM,)), None),  # names its own role
        ("thanks, that helps", Turn(f"profile:{TPM}", (TPM,)), None),
        ("what do they report on?", Turn(None), None),  # nothing to read it with
    ],
)  # fmt: skip
def test_a_follow_up_naming_no_role_is_put_in_the_conversations_context(
    follow: FollowUps, message: str, previous: Turn, expected: str | None
) -> None:
    assert follow.in_context(message, previous) == expected


def test_an_answer_read_alone_is_a_guess_when_about_none_of_the_conversations_roles(
    follow: FollowUps, engine: AnswerEngine
) -> None:
    about_tpm = engine.answer_target(f"aspect:{TPM}:relationships")
    assert about_tpm is not None
    assert follow.guessed(about_tpm, Turn(f"profile:{PJM}", (PJM,)))
    assert not follow.guessed(about_tpm, Turn(f"profile:{TPM}", (TPM,)))
    assert follow.guessed(
        engine.answer("what would they hand over at the very end?"), Turn(f"profile:{PJM}", (PJM,))
    )
    assert not follow.guessed(about_tpm, None)


def test_saying_the_last_answer_in_an_interview_asks_how_to_show_that_aspect(follow: FollowUps) -> None:
    found = follow.resolve(
        "ok and how do i get that across in an interview?", Turn(f"aspect:{PJM}:tools", (PJM,), "tools")
    )
    assert (
        found.followed
        and found.target is None
        and "tools" in found.question
        and "interview" in found.question
    )
