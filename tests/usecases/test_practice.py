"""The practice use cases without HTTP or Bolt: a fake Slack port, a real (SQLite/PostgreSQL) store."""

from __future__ import annotations

import random

import pytest
from sqlalchemy.exc import OperationalError

from bot.core.knowledge import KnowledgeBase
from bot.rendering.practice_replies import NOT_SAVED, QUESTION_GONE, QUESTION_UNKNOWN
from bot.storage.store import Store
from bot.usecases.ports import Asker
from bot.usecases.practice import AnswerWindow, Practice
from tests.usecases.fake_slack_port import FakeSlackPort

IN_CHANNEL = Asker(team="T1", user="U1", channel="C0CHAN01")
IN_DM = Asker(team="T1", user="U1", channel="D0DM0001", in_direct_message=True)
GOOD_ANSWER = (
    "In my last program we migrated forty services to a new data centre. I mapped the dependencies, "
    "agreed a plan with every team lead, tracked the risks weekly and reported to the sponsor; we "
    "finished two weeks early and cut hosting costs by 30 percent."
)


@pytest.fixture
def practice(kb: KnowledgeBase, store: Store) -> Practice:
    return Practice(kb, store, command="/role-practice", rng=random.Random(1))


def test_subscribe_announces_then_stores(practice: Practice, store: Store) -> None:
    slack = FakeSlackPort()
    reply = practice.command("subscribe 9:30 weekdays", IN_CHANNEL, slack)
    [(channel, note, _)] = slack.calls("post")
    assert channel == "C0CHAN01" and "Daily practice is on" in note
    status = store.subscriptions.status("T1", "C0CHAN01")
    assert status is not None and status.schedule.zone == "Europe/Berlin", "the zone of the person's profile"
    assert "09:30" in reply.text or "9:30" in reply.text


def test_subscribe_where_the_bot_cannot_post_keeps_nothing(practice: Practice, store: Store) -> None:
    slack = FakeSlackPort(failing={"post": "not_in_channel"})
    reply = practice.command("subscribe", IN_CHANNEL, slack)
    assert "/invite" in reply.text and store.subscriptions.status("T1", "C0CHAN01") is None


def test_subscribe_takes_the_announcement_back_when_storing_fails(
    practice: Practice, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(store.subscriptions, "subscribe", broken)
    slack = FakeSlackPort()
    with pytest.raises(OperationalError):
        practice.command("subscribe", IN_CHANNEL, slack)
    [(channel, ts)] = slack.calls("delete")
    assert channel == "C0CHAN01" and ts == "1700000000.000001", "the note that said practice is on"


def test_channel_commands_in_a_direct_message_say_where_they_work(practice: Practice) -> None:
    for words in ("subscribe", "unsubscribe", "status"):
        slack = FakeSlackPort()
        assert "channel" in practice.command(words, IN_DM, slack).text.lower()
        assert not slack.calls("post")


def test_unsubscribe_says_whether_there_was_anything(practice: Practice) -> None:
    slack = FakeSlackPort()
    nothing = practice.command("unsubscribe", IN_CHANNEL, slack).text
    practice.command("subscribe", IN_CHANNEL, slack)
    stopped = practice.command("unsubscribe", IN_CHANNEL, slack).text
    assert nothing != stopped


def test_a_mistyped_subcommand_is_told_the_right_one(practice: Practice) -> None:
    assert "subscribe" in practice.command("subscrbe", IN_CHANNEL, FakeSlackPort()).text


def test_answer_problems_are_checked_before_feedback(practice: Practice, kb: KnowledgeBase) -> None:
    prompt = next(iter(kb.practice))
    assert practice.answer_problem("not json", GOOD_ANSWER) == QUESTION_UNKNOWN
    assert practice.answer_problem(AnswerWindow("no-such-question").dump(), GOOD_ANSWER) == QUESTION_GONE
    assert practice.answer_problem(AnswerWindow(prompt).dump(), "too short") is not None
    assert practice.answer_problem(AnswerWindow(prompt).dump(), GOOD_ANSWER) is None


def test_feedback_goes_privately_to_the_channel_else_by_dm(
    practice: Practice, kb: KnowledgeBase, store: Store
) -> None:
    prompt = next(iter(kb.practice))
    slack = FakeSlackPort()
    given = practice.give_feedback(AnswerWindow(prompt, "C0CHAN01").dump(), GOOD_ANSWER, IN_CHANNEL, slack)
    assert given is not None and given.saved and given.sent.ok
    assert [c[:2] for c in slack.calls("post_ephemeral")] == [("C0CHAN01", "U1")] and not slack.calls("post")
    assert store.answers.progress("T1", "U1").answered == 1

    refused = FakeSlackPort(failing={"post_ephemeral": "channel_not_found"})
    practice.give_feedback(AnswerWindow(prompt, "C0CHAN01").dump(), GOOD_ANSWER, IN_CHANNEL, refused)
    [(to, _, _)] = refused.calls("post")
    assert to == "U1", "a direct message when the channel refuses"


def test_feedback_is_given_even_when_it_cannot_be_recorded(
    practice: Practice, kb: KnowledgeBase, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: object) -> int:
        raise OperationalError("INSERT", {}, Exception("disk full"))

    monkeypatch.setattr(store.answers, "record_answer", broken)
    slack = FakeSlackPort()
    given = practice.give_feedback(
        AnswerWindow(next(iter(kb.practice))).dump(), GOOD_ANSWER, IN_CHANNEL, slack
    )
    assert given is not None and not given.saved
    [(_, feedback, _)] = slack.calls("post")
    assert feedback  # delivered; the note on it is in the blocks
    assert NOT_SAVED


def test_the_answer_window_opens_for_a_known_question_only(practice: Practice, kb: KnowledgeBase) -> None:
    slack = FakeSlackPort()
    assert practice.open_answer_window(next(iter(kb.practice)), "C0CHAN01", slack) is None
    [(view,)] = slack.calls("open_view")
    assert AnswerWindow.load(view["private_metadata"]) == AnswerWindow(next(iter(kb.practice)), "C0CHAN01")
    assert practice.open_answer_window("gone", "C0CHAN01", FakeSlackPort()) is not None
    failing = FakeSlackPort(failing={"open_view": "expired_trigger_id"})
    assert practice.open_answer_window(next(iter(kb.practice)), "C0CHAN01", failing) is not None


def test_answer_window_metadata_rejects_what_we_never_wrote() -> None:
    for bad in (
        "",
        "[]",
        '{"prompt": 3}',
        '{"prompt": "../x"}',
        '{"prompt": "a", "channel": "<!here>"}',
        None,
    ):
        assert AnswerWindow.load(bad) is None
    assert AnswerWindow.load(AnswerWindow("a-b", "C123").dump()) == AnswerWindow("a-b", "C123")
