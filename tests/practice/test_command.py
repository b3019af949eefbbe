"""/role-practice's words (bot.core.practice.command) and its replies (bot.rendering.practice_replies)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.core.practice.command import (
    MIN_ANSWER_WORDS,
    Action,
    PracticeCommand,
    UnknownCommand,
    answer_problem,
    parse_command,
    pick_prompt,
)
from bot.core.practice.schedule import Schedule, parse_subscribe
from bot.rendering.practice_replies import (
    bad_schedule,
    cannot_post_here,
    channel_announcement,
    practice_help,
    unknown_command,
    when,
)
from tests.slack_limits import assert_mrkdwn_escaped, assert_within_slack_limits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", PracticeCommand(Action.HELP)),
        ("  help ", PracticeCommand(Action.HELP)),
        (
            "subscribe 9:30 Europe/Berlin  weekdays",
            PracticeCommand(Action.SUBSCRIBE, "9:30 Europe/Berlin  weekdays"),
        ),
        ("Subscribe", PracticeCommand(Action.SUBSCRIBE)),
        ("stop", PracticeCommand(Action.UNSUBSCRIBE)),
        ("unsubscribe", PracticeCommand(Action.UNSUBSCRIBE)),
        ("status", PracticeCommand(Action.STATUS)),
        ("NOW", PracticeCommand(Action.NOW)),
    ],
)
def test_parse_command(text: str, expected: PracticeCommand) -> None:
    assert parse_command(text) == expected


def test_unknown_words_suggest_what_was_meant() -> None:
    typo = parse_command("subscibe 9:30 Berlin")
    assert isinstance(typo, UnknownCommand) and typo.suggested == "subscribe 9:30 Berlin"
    bare_time = parse_command("9:30 Europe/Berlin")
    assert isinstance(bare_time, UnknownCommand) and bare_time.suggested == "subscribe 9:30 Europe/Berlin"
    nothing_like = parse_command("frobnicate")
    assert isinstance(nothing_like, UnknownCommand) and nothing_like.suggested is None


def test_answer_problem() -> None:
    assert answer_problem(None) and answer_problem("  ") and "empty" in str(answer_problem(""))
    assert "at least" in str(answer_problem("one two three"))
    assert answer_problem(" ".join(["word"] * MIN_ANSWER_WORDS)) is None


def test_pick_prompt_never_repeats_the_one_shown_while_another_exists() -> None:
    rng = random.Random(7)
    assert {pick_prompt(["a", "b", "c"], exclude="a", rng=rng) for _ in range(50)} == {"b", "c"}
    assert pick_prompt(["a"], exclude="a", rng=rng) == "a"
    assert pick_prompt([], rng=rng) is None


def test_when_is_said_in_the_moments_own_zone() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    now = datetime(2024, 3, 11, 23, 30, tzinfo=UTC)  # 00:30 on Tuesday 12 March in Berlin
    assert when(datetime(2024, 3, 12, 9, 30, tzinfo=berlin), now) == "today at 09:30"
    assert when(datetime(2024, 3, 13, 9, 30, tzinfo=berlin), now) == "tomorrow at 09:30"
    assert when(datetime(2024, 3, 18, 9, 30, tzinfo=berlin), now) == "Monday 18 March at 09:30"
    assert when(datetime(2025, 1, 6, 9, 30, tzinfo=berlin), now) == "Monday 6 January 2025 at 09:30"


def test_replies_are_within_limits_and_escape_what_was_typed() -> None:
    typed = "<!channel> <https://evil|x> @here"
    error = parse_subscribe(typed)
    assert not isinstance(error, Schedule)
    unknown = parse_command(typed)
    assert isinstance(unknown, UnknownCommand)
    for reply in (
        bad_schedule(error),
        unknown_command(unknown),
        practice_help(),
        cannot_post_here("not_in_channel", args=typed),
        cannot_post_here("<weird>code"),
        channel_announcement(Schedule(time(9, 30), "Europe/Berlin"), "<!channel>"),
    ):
        payload = reply.payload()
        assert_within_slack_limits(payload)
        assert_mrkdwn_escaped(payload)
        assert "<!channel>" not in str(payload) and "<https://evil" not in str(payload)
