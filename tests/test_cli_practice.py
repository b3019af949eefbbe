"""`rolebot practice feedback PROMPT_ID` and `rolebot practice list`, as real processes."""

from __future__ import annotations

import json

from bot.core.knowledge import KnowledgeBase
from bot.core.practice.feedback import assess
from tests.cli_helpers import no_traceback, rolebot

ANSWER = """At my last company I underestimated the data backfill for a billing migration, and that was my
mistake: the launch slipped by three weeks and two enterprise customers escalated. As soon as I saw it I told
my manager, reset expectations with the customers and replanned the backfill into two waves. I learned to map
dependencies before committing to a date; since then I run a dependency review at every kickoff."""


def test_feedback_prints_what_slack_shows(kb: KnowledgeBase) -> None:
    done = rolebot("practice", "feedback", "tell-me-about-a-failure", stdin=ANSWER)
    no_traceback(done)
    assert done.returncode == 0
    feedback = assess(kb.practice["tell-me-about-a-failure"], ANSWER, tuple(kb.practice.values()))
    assert f"Your practice feedback: {feedback.score}/100, {feedback.band.value}" in done.stdout
    assert "What interviewers look for" in done.stdout and "Next steps" in done.stdout
    assert "[Try again]" in done.stdout
    assert "*" not in done.stdout.split("\n")[3], "mrkdwn is made plain"


def test_feedback_as_json_is_one_object_with_the_score(kb: KnowledgeBase) -> None:
    done = rolebot("practice", "feedback", "tell-me-about-a-failure", "--json", stdin=ANSWER)
    no_traceback(done)
    data = json.loads(done.stdout)
    assert (
        data["score"]
        == assess(kb.practice["tell-me-about-a-failure"], ANSWER, tuple(kb.practice.values())).score
    )
    assert 0 <= data["score"] <= 100
    assert data["band"] and data["rubric"] and data["relevance"]["on_topic"] is True


def test_an_unknown_prompt_id_suggests_close_ones() -> None:
    done = rolebot("practice", "feedback", "tell-me-about-a-failur", stdin=ANSWER)
    no_traceback(done)
    assert done.returncode == 2
    assert "no practice prompt 'tell-me-about-a-failur'" in done.stderr
    assert "Did you mean: tell-me-about-a-failure" in done.stderr
    assert done.stdout == ""


def test_list_gives_every_prompt_id(kb: KnowledgeBase) -> None:
    done = rolebot("practice", "list")
    no_traceback(done)
    ids = [line.split("\t")[0] for line in done.stdout.splitlines()]
    assert sorted(ids) == sorted(kb.practice)


def test_an_empty_answer_is_not_yet_an_answer() -> None:
    done = rolebot("practice", "feedback", "tell-me-about-a-failure", "--json", stdin="")
    data = json.loads(done.stdout)
    assert (data["score"], data["band"]) == (0, "not yet an answer to this question")
