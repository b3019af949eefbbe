"""interpret(): what a /role-diff or `rolebot diff` request means, and how it answers every input."""

from __future__ import annotations

import pytest

from bot.core.knowledge import KnowledgeBase
from bot.core.names import RoleResolver
from bot.core.role_query import (
    Clarify,
    ComparisonResult,
    HelpRequest,
    ProfileResult,
    RoleList,
    RoleQuery,
    interpret,
)
from tests.knowledge_helpers import ROLE_IDS


@pytest.fixture
def ask(kb: KnowledgeBase, resolver: RoleResolver):
    def run(text: str) -> RoleQuery:
        return interpret(kb, resolver, text)

    return run


def pair(result: RoleQuery) -> tuple[str, str]:
    assert isinstance(result, ComparisonResult), result
    return result.comparison.left.id, result.comparison.right.id


def profiled(result: RoleQuery) -> str:
    assert isinstance(result, ProfileResult), result
    return result.profile.role.id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("program product", ("program-manager", "product-manager")),
        ("product vs program", ("product-manager", "program-manager")),
        ("technical program manager vs technical project manager", None),
        ("whats the diff between a pgm and a project manager?", ("program-manager", "project-manager")),
        ("Project-Mgmt versus Technical Project Mgmt", ("project-manager", "technical-project-manager")),
    ],
)
def test_two_roles_give_a_comparison(ask, text: str, expected: tuple[str, str] | None) -> None:
    result = ask(text)
    expected = expected or ("technical-program-manager", "technical-project-manager")
    assert pair(result) == expected
    comparison = result.comparison
    assert comparison.key_difference.strip()
    assert len(comparison.rows) >= 5


def test_plain_comparison_has_no_notes(ask) -> None:
    assert ask("program product").notes == ()


def test_pm_tpm_asks_which_pm_with_choices_that_finish_the_request(ask) -> None:
    result = ask("pm tpm")
    assert isinstance(result, Clarify)
    assert "product manager or project manager" in result.question
    assert len(result.choices) == 2
    answers = set()
    for choice in result.choices:
        assert "Technical program manager" in choice.label
        answers.add(pair(ask(choice.query)))
    assert answers == {
        ("product-manager", "technical-program-manager"),
        ("project-manager", "technical-program-manager"),
    }


def test_pm_alone_offers_each_reading_as_a_profile(ask) -> None:
    result = ask("pm")
    assert isinstance(result, Clarify)
    assert {profiled(ask(c.query)) for c in result.choices} == {"product-manager", "project-manager"}


def test_tpm_is_a_profile_that_says_how_tpm_was_read(ask) -> None:
    result = ask("tpm")
    assert profiled(result) == "technical-program-manager"
    assert len(result.notes) == 1
    note = result.notes[0]
    assert "“tpm”" in note and "Technical program manager" in note
    assert "technical project manager" in note, "the note must say how to get the other reading"


def test_tpm_twice_is_one_profile_with_a_note(ask) -> None:
    result = ask("tpm tpm")
    assert profiled(result) == "technical-program-manager"
    assert any("Both names mean Technical program manager" in n for n in result.notes)
    assert any("“tpm”" in n for n in result.notes)


def test_notes_are_not_repeated(ask) -> None:
    """Naming the same abbreviation twice should not print its long explanation twice."""
    for text in ("tpm tpm", "tpm vs TPM", "pgm pgm"):
        notes = ask(text).notes
        assert len(notes) == len(set(notes)), f"{text!r} repeats a note: {notes}"


@pytest.mark.parametrize("text", ["", "   ", "help", "HELP", "help me", "usage", "how"])
def test_help(ask, text: str) -> None:
    assert ask(text) == HelpRequest()


@pytest.mark.parametrize("text", ["roles", "list", "all", "Roles"])
def test_role_list(ask, text: str) -> None:
    result = ask(text)
    assert isinstance(result, RoleList)
    assert [r.id for r in result.roles] != [] and {r.id for r in result.roles} == set(ROLE_IDS)


def test_three_roles_compare_the_first_two_with_a_note(ask) -> None:
    result = ask("program product project")
    assert pair(result) == ("program-manager", "product-manager")
    assert result.notes == (
        "I compare two roles at a time, so this shows Program manager and Product manager.",
    )


def test_typo_gives_profile_with_correction_note(ask) -> None:
    result = ask("prodcut")
    assert profiled(result) == "product-manager"
    assert result.notes == ("I read “prodcut” as Product manager.",)


def test_typos_in_a_comparison_are_noted(ask) -> None:
    result = ask("prgram vs prodcut")
    assert pair(result) == ("program-manager", "product-manager")
    assert len(result.notes) == 2
    assert "“prgram”" in result.notes[0] and "“prodcut”" in result.notes[1]


def test_unknown_role_lists_the_roles_to_pick_from(ask) -> None:
    result = ask("banana")
    assert isinstance(result, Clarify)
    assert "“banana”" in result.question
    assert "These are the roles I know" in result.question
    assert {profiled(ask(c.query)) for c in result.choices} == set(ROLE_IDS)


def test_known_role_plus_unknown_word_profiles_the_known_one(ask) -> None:
    """Sensible reading: show the role that was named and say which word was left out."""
    for text in ("program banana", "banana program", "program vs banana"):
        result = ask(text)
        assert profiled(result) == "program-manager", text
        assert result.notes == ("I left out “banana”: it is not a role I know.",), text


def test_two_roles_plus_unknown_words_still_compare(ask) -> None:
    result = ask("program banana vs product")
    assert pair(result) == ("program-manager", "product-manager")


def test_ambiguous_with_a_known_role_and_an_unknown_word(ask) -> None:
    result = ask("pm banana")
    assert isinstance(result, Clarify)
    assert {profiled(ask(c.query)) for c in result.choices} == {"product-manager", "project-manager"}
    assert result.notes == ("I left out “banana”: it is not a role I know.",)


def test_same_role_twice_is_a_profile(ask) -> None:
    result = ask("program program")
    assert profiled(result) == "program-manager"
    assert result.notes == ("Both names mean Program manager, so here is that role on its own.",)


@pytest.mark.parametrize(
    "text",
    [
        "manager",
        "managers vs management",
        "vs",
        "the",
        "what is",
        "&",
        "roles roles",
        "a",
    ],
)
def test_words_that_name_no_role_do_not_crash(ask, text: str) -> None:
    """Filler and manager words alone are no role; the bot must ask or help, never raise."""
    result = ask(text)
    assert isinstance(result, Clarify | HelpRequest | RoleList)
    if isinstance(result, Clarify):
        assert result.choices


@pytest.mark.parametrize(
    "text",
    [
        "<!channel>",
        "program <@U123>",
        "x" * 10_000,
        "pm " * 500,
        "\x00\n\t",
        "🙂 tpm 🙂",
        "technical " * 50,
    ],
)
def test_odd_input_never_raises(ask, text: str) -> None:
    assert isinstance(ask(text), Clarify | HelpRequest | RoleList | ComparisonResult | ProfileResult)


def test_choice_queries_round_trip_for_every_clarify(ask) -> None:
    for text in ("pm", "pm tpm", "tech pm vs product", "banana", "xyz abc", "pm banana"):
        result = ask(text)
        assert isinstance(result, Clarify), text
        for choice in result.choices:
            assert isinstance(ask(choice.query), ComparisonResult | ProfileResult), (text, choice)
