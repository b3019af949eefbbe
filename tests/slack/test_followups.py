"""Follow-ups over HTTP: in a mention's thread and in a DM, the next message is read with the last
answer, also when another web process (another app on the same database) gets it."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from bot.core.answers import Intent
from tests.slack.conftest import Harness, Served, serve_app
from tests.slack.test_commands import headers, posted_in
from tests.slack.test_events import ask
from tests.support.fake_slack import FakeSlack, direct_message, mention


@pytest.fixture
def two(served: Served, fake: FakeSlack, db_url: str) -> Iterator[tuple[Harness, Harness]]:
    """Two web processes on one database."""
    served.idle()
    with serve_app(served, fake, db_url) as first, serve_app(served, fake, db_url) as second:
        fake.reset()
        yield first, second


def test_a_follow_up_in_a_mention_thread_is_read_with_the_answer_by_another_process(
    two: tuple[Harness, Harness],
) -> None:
    first, second = two
    engine = first.served.wsgi.services.engine
    assert engine.answer("what about tools?").intent is Intent.CLARIFY, "alone, it needs a role"
    ask(first, mention("tpm vs pgm", "C0FOLLOW1", "1700003000.000100"))
    [answer] = first.fake.wait_for(posted_in("C0FOLLOW1"))
    first.idle()
    ask(second, mention("what about tools?", "C0FOLLOW1", "1700003001.000100", thread_ts="1700003000.000100"))
    [_, follow] = second.fake.wait_for(posted_in("C0FOLLOW1"), count=2)
    assert follow.body["thread_ts"] == "1700003000.000100"
    assert headers(follow.body) == headers(answer.body) and "vs" in headers(follow.body)[0]
    assert "jira" in json.dumps(follow.body).lower()

    ask(second, mention("what about tools?", "C0FOLLOW1", "1700003002.000100", thread_ts="1700003999.000001"))
    [*_, other_thread] = second.fake.wait_for(posted_in("C0FOLLOW1"), count=3)
    assert "Which role do you mean?" in json.dumps(other_thread.body), "another thread has no context"


def test_a_follow_up_in_a_dm_is_read_with_the_last_answer_by_another_process(
    two: tuple[Harness, Harness],
) -> None:
    first, second = two
    ask(
        first,
        direct_message("what skills does a technical program manager need", "D0FOLLOW2", "1700003100.000100"),
    )
    first.fake.wait_for(posted_in("D0FOLLOW2"))
    first.idle()
    ask(second, direct_message("and for product managers?", "D0FOLLOW2", "1700003101.000100"))
    [_, follow] = second.fake.wait_for(posted_in("D0FOLLOW2"), count=2)
    shown = json.dumps(follow.body["blocks"])
    assert "Core capabilities: Product manager" in shown


def test_a_clarifying_question_then_the_other_one_after_a_button(two: tuple[Harness, Harness]) -> None:
    first, second = two
    ask(first, direct_message("what about tools?", "D0FOLLOW3", "1700003200.000100"))
    [asked] = first.fake.wait_for(posted_in("D0FOLLOW3"))
    assert "Which role do you mean?" in json.dumps(asked.body)
    first.idle()
    ask(second, direct_message("the second one", "D0FOLLOW3", "1700003201.000100"))
    [_, picked] = second.fake.wait_for(posted_in("D0FOLLOW3"), count=2)
    second_choice = [e for b in asked.body["blocks"] if b["type"] == "actions" for e in b["elements"]][1]
    assert second_choice["text"]["text"] in json.dumps(picked.body["blocks"])


def test_the_aspect_asked_of_a_comparison_carries_to_the_next_role(two: tuple[Harness, Harness]) -> None:
    first, second = two
    ask(first, direct_message("tpm vs pgm", "D0FOLLOW4", "1700003300.000100"))
    first.fake.wait_for(posted_in("D0FOLLOW4"))
    ask(first, direct_message("what about tools?", "D0FOLLOW4", "1700003301.000100"))
    first.fake.wait_for(posted_in("D0FOLLOW4"), count=2)
    first.idle()
    ask(second, direct_message("and for product managers?", "D0FOLLOW4", "1700003302.000100"))
    [*_, follow] = second.fake.wait_for(posted_in("D0FOLLOW4"), count=3)
    assert "Tools: Product manager" in json.dumps(follow.body["blocks"])
