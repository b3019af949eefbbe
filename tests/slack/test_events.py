"""Mentions, direct messages, answer buttons and App Home, plus the reliability rules around events."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest

from bot.core.answers import AnswerEngine, Intent, NotSure, Suggestion
from bot.core.kinds import TargetKey
from bot.core.knowledge import KnowledgeBase
from bot.rendering import action_ids
from tests.slack.conftest import Harness
from tests.slack.test_commands import FORBIDDEN, at, posted_in
from tests.slack_limits import assert_mrkdwn_escaped, assert_within_slack_limits
from tests.support.fake_slack import (
    BOT_ID,
    BOT_USER_ID,
    Scripted,
    block_actions,
    buttons,
    direct_message,
    mention,
    rate_limited,
    slack_error,
)

ANSWER_BUTTON = re.compile(r"^answer_target(:\d+)?$")
CHOICE_BUTTON = re.compile(r"^(answer_target|role_diff_choice)(:\d+)?$")
QUESTION = "what does a tpm do"


@pytest.fixture
def engine(slack: Harness) -> AnswerEngine:
    """The running app's own engine."""
    return slack.served.wsgi.services.engine


def ask(slack: Harness, event: dict[str, Any], **kwargs: Any) -> None:
    reply = slack.send.event(event, **kwargs)
    assert (reply.status, reply.body) == (200, ""), "events are acked at once with an empty 200"


def test_mention_in_a_channel_is_answered_in_a_thread_under_it(slack: Harness, engine: AnswerEngine) -> None:
    ask(slack, mention(QUESTION, "C0MENT01", "1700000100.000100"))
    [post] = slack.fake.wait_for(posted_in("C0MENT01"))
    assert post.body["thread_ts"] == "1700000100.000100"
    expected = engine.answer(f"<@{BOT_USER_ID}> {QUESTION}")
    assert expected.intent is not Intent.OUT_OF_SCOPE
    assert_within_slack_limits({"text": post.body["text"], "blocks": post.body["blocks"]})
    assert_mrkdwn_escaped(post.body)
    assert post.headers["authorization"].startswith("Bearer xoxb-")


def test_mention_inside_a_thread_is_answered_in_that_thread(slack: Harness) -> None:
    ask(slack, mention(QUESTION, "C0MENT02", "1700000200.000200", thread_ts="1700000150.000001"))
    [post] = slack.fake.wait_for(posted_in("C0MENT02"))
    assert post.body["thread_ts"] == "1700000150.000001"


def test_direct_message_is_answered_in_the_dm(slack: Harness) -> None:
    ask(slack, direct_message(QUESTION, "D0DIRECT1", "1700000300.000300"))
    [post] = slack.fake.wait_for(posted_in("D0DIRECT1"))
    assert "thread_ts" not in post.body, "a top-level DM is answered in the DM, not in a thread"
    ask(slack, direct_message(QUESTION, "D0DIRECT2", "1700000301.000300", thread_ts="1700000299.000001"))
    [post] = slack.fake.wait_for(posted_in("D0DIRECT2"))
    assert post.body["thread_ts"] == "1700000299.000001", "inside a DM thread, the answer stays in it"


def find_question(engine: AnswerEngine, intent: Intent, candidates: tuple[str, ...]) -> str | None:
    """A question that gets `intent` from the engine as it is now (its tuning changes over time)."""
    for question in candidates:
        answer = engine.answer(question)
        if answer.intent is intent and (intent is not Intent.NOT_SURE or answer.alternatives):
            return question
    return None


def not_sure_question(engine: AnswerEngine, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> str:
    """A question the engine is not sure about; if no candidate is one today, the running app's engine
    is made to say "not sure" (this tests the Slack layer, not the engine's thresholds)."""
    found = find_question(engine, Intent.NOT_SURE, NOT_SURE_CANDIDATES)
    if found is not None:
        return found
    faq = list(kb.faq.values())[:3]
    made = NotSure(
        question=NOT_SURE_CANDIDATES[0],
        confidence=0.3,
        alternatives=tuple(Suggestion(e.question, TargetKey.faq(e.id)) for e in faq),
    )
    monkeypatch.setattr(engine, "answer", lambda text: made)
    return NOT_SURE_CANDIDATES[0]


NOT_SURE_CANDIDATES = (
    "what about scope creep", "agile program",
    "program manager salary", "tpm salary", "how much does a pm earn", "product manager pay",
    "project manager certification cost", "program manager vacation", "where do product managers sit",
    "tpm hours", "program manager tools", "product manager dress code", "technical program manager remote",
)  # fmt: skip
CLARIFY_CANDIDATES = ("pm vs tpm", "pm or tpm", "what is a pm", "pm", "pm career", "pm vs program manager")


def test_not_sure_answer_offers_suggestions_and_a_suggestion_answers_in_place(
    slack: Harness, engine: AnswerEngine, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = not_sure_question(engine, kb, monkeypatch)
    ask(slack, mention(question, "C0NOTSURE", "1700000400.000400"))
    [post] = slack.fake.wait_for(posted_in("C0NOTSURE"))
    assert "not sure" in post.body["text"]
    offered = [b for b in buttons(post.body) if ANSWER_BUTTON.match(b["action_id"])]
    expected = [str(s.target) for s in engine.answer(question).alternatives]
    assert [b["value"] for b in offered] == expected

    url = slack.fake.response_url("suggestion")
    picked = offered[-1]
    payload = block_actions(
        picked["action_id"],
        picked["value"],
        url,
        channel="C0NOTSURE",
        ephemeral=False,
        label=picked["text"]["text"],
    )
    assert slack.send.action(payload).status == 200
    [done] = slack.fake.wait_for(at(url))
    assert done.body["replace_original"] is True
    target = engine.answer_target(picked["value"])
    assert target is not None and done.body["text"] and "not sure" not in done.body["text"]
    assert_within_slack_limits({"text": done.body["text"], "blocks": done.body["blocks"]})


def test_a_related_question_button_answers_that_question(slack: Harness, kb: KnowledgeBase) -> None:
    entry = next(iter(kb.faq.values()))
    url = slack.fake.response_url("related")
    slack.send.action(block_actions("answer_target:2", f"faq:{entry.id}", url, ephemeral=False))
    [done] = slack.fake.wait_for(at(url))
    assert done.body["replace_original"] is True
    assert any(entry.question.split()[0] in json.dumps(b) for b in done.body["blocks"])


def test_an_out_of_date_button_says_so(slack: Harness) -> None:
    url = slack.fake.response_url("stale")
    slack.send.action(block_actions(action_ids.ANSWER_TARGET, "faq:no-such-entry", url, ephemeral=False))
    [notice] = slack.fake.wait_for(at(url))
    assert notice.body["replace_original"] is False and "out of date" in notice.body["text"]


def test_a_choice_on_a_channel_message_replaces_it_without_a_share_button(slack: Harness) -> None:
    url = slack.fake.response_url("channel-choice")
    value = "product-manager technical-program-manager"
    slack.send.action(block_actions("role_diff_choice:1", value, url, channel="C0CHOICE", ephemeral=False))
    [done] = slack.fake.wait_for(at(url))
    assert done.body["replace_original"] is True
    assert [b["text"]["text"] for b in done.body["blocks"] if b["type"] == "header"] == [
        "Product manager vs Technical program manager"
    ]
    assert not [b for b in buttons(done.body) if b["action_id"] == action_ids.SHARE_IN_CHANNEL]


def test_an_ambiguous_question_asks_back_and_a_button_answers_in_place(
    slack: Harness, engine: AnswerEngine
) -> None:
    question = find_question(engine, Intent.CLARIFY, CLARIFY_CANDIDATES)
    if question is None:
        pytest.skip("none of the candidate questions makes the current engine ask back")
    ask(slack, mention(question, "C0ASKBACK", "1700000500.000500"))
    [post] = slack.fake.wait_for(posted_in("C0ASKBACK"))
    choice = next(b for b in buttons(post.body) if CHOICE_BUTTON.match(b["action_id"]))
    url = slack.fake.response_url("ask-back")
    slack.send.action(
        block_actions(choice["action_id"], choice["value"], url, channel="C0ASKBACK", ephemeral=False)
    )
    [done] = slack.fake.wait_for(at(url))
    assert done.body["replace_original"] is True and done.body["blocks"]


def test_app_home_is_published_when_opened(slack: Harness, kb: KnowledgeBase) -> None:
    event = {"type": "app_home_opened", "user": "U0HOME01", "channel": "D0HOME01", "tab": "home",
             "event_ts": "1700000600.000600"}  # fmt: skip
    ask(slack, event)
    [call] = slack.fake.wait_for(lambda c: c.method == "views.publish")
    assert call.body["user_id"] == "U0HOME01" and call.body["view"]["type"] == "home"
    home = json.dumps(call.body["view"])
    for role in kb.roles.values():
        assert role.name in home
    assert "/role-diff" in home
    assert len(call.body["view"]["blocks"]) <= 100

    ask(slack, {**event, "tab": "messages", "user": "U0HOME02"})
    slack.idle()
    assert not slack.fake.find(lambda c: c.method == "views.publish" and c.body.get("user_id") == "U0HOME02")


def test_a_resent_event_already_handled_is_not_answered_twice(slack: Harness) -> None:
    event = mention(QUESTION, "C0RETRY1", "1700000700.000700")
    ask(slack, event, event_id="Ev0RETRIED01")
    slack.fake.wait_for(posted_in("C0RETRY1"))
    ask(slack, event, event_id="Ev0RETRIED01", retry=1)
    ask(slack, event, event_id="Ev0RETRIED01", retry=2)
    slack.idle()
    assert len(slack.fake.find(posted_in("C0RETRY1"))) == 1


def test_a_retry_whose_first_delivery_never_arrived_is_answered(slack: Harness) -> None:
    ask(slack, mention(QUESTION, "C0RETRY2", "1700000800.000800"), event_id="Ev0NEVERSEEN", retry=1)
    slack.fake.wait_for(posted_in("C0RETRY2"))
    slack.idle()
    assert len(slack.fake.find(posted_in("C0RETRY2"))) == 1


@pytest.mark.parametrize(
    "event",
    [
        # our own answer, seen again in the DM
        direct_message(QUESTION, "D0IGNORE1", "1.1", user=BOT_USER_ID, bot_id=BOT_ID),
        # another bot, posting as a bot user or through an integration
        direct_message(QUESTION, "D0IGNORE2", "1.2", user="U0OTHERBOT", bot_id="B0OTHER"),
        direct_message(QUESTION, "D0IGNORE3", "1.3", subtype="bot_message", bot_id="B0OTHER"),
        # edits and deletions
        {"type": "message", "subtype": "message_changed", "channel": "D0IGNORE4", "channel_type": "im",
         "message": {"type": "message", "user": "U0USER01", "text": QUESTION, "ts": "1.4"}, "ts": "1.5"},
        {"type": "message", "subtype": "message_deleted", "channel": "D0IGNORE5", "channel_type": "im",
         "previous_message": {"type": "message", "user": "U0USER01", "text": QUESTION}, "ts": "1.6"},
        # another bot mentioning us
        {**mention(QUESTION, "C0IGNORE6", "1.7"), "bot_id": "B0OTHER"},
    ],
    ids=["own-message", "other-bot", "bot-message", "message-changed", "message-deleted", "bot-mention"],
)  # fmt: skip
def test_bots_edits_and_deletions_are_acked_and_ignored(slack: Harness, event: dict[str, Any]) -> None:
    ask(slack, event)
    slack.idle()
    assert not slack.fake.find(lambda c: c.method == "chat.postMessage")


def test_rate_limit_is_waited_out_and_the_answer_delivered_once(slack: Harness) -> None:
    slack.fake.script("chat.postMessage", rate_limited(retry_after=1))
    ask(slack, mention(QUESTION, "C0LIMITED", "1700000900.000900"))
    first, second = slack.fake.wait_for(posted_in("C0LIMITED"), count=2, timeout=15)
    assert first.body == second.body, "the same answer, retried after Retry-After"
    slack.idle()
    assert len(slack.fake.find(posted_in("C0LIMITED"))) == 2, "one refused, one delivered"


def test_a_server_error_is_retried(slack: Harness) -> None:
    slack.fake.script("chat.postMessage", Scripted(503, {"ok": False, "error": "service_unavailable"}))
    ask(slack, mention(QUESTION, "C0FLAKY01", "1700001000.001000"))
    slack.fake.wait_for(posted_in("C0FLAKY01"), count=2, timeout=15)


def test_a_slow_slack_does_not_slow_the_acks(slack: Harness) -> None:
    slack.fake.script("chat.postMessage", Scripted(200, {"ok": True, "ts": "1.1"}, delay=2.0))
    ask(slack, mention(QUESTION, "C0SLOWAPI", "1700001050.001050"))
    started = time.perf_counter()
    for n in range(5):
        reply = slack.send.event(mention(QUESTION, f"C0SLOWAP{n}", f"1700001051.00105{n}"))
        assert reply.status == 200 and reply.elapsed < 0.5
    slack.fake.wait_for(
        lambda c: c.method == "chat.postMessage" and c.body["channel"].startswith("C0SLOWAP"), count=6
    )
    assert time.perf_counter() - started < 10


def test_a_refused_answer_is_logged_and_the_worker_goes_on(slack: Harness) -> None:
    slack.fake.script("chat.postMessage", slack_error("not_in_channel"))
    ask(slack, mention(QUESTION, "C0NOTMEMB", "1700001100.001100"))
    slack.fake.wait_for(posted_in("C0NOTMEMB"))
    slack.idle()
    lines = [json.loads(line) for line in slack.served.logs.getvalue().splitlines() if line.startswith("{")]
    assert any(
        line.get("error") == "not_in_channel" and line.get("channel") == "C0NOTMEMB" for line in lines
    ), "the refusal is logged with its request context"
    ask(slack, mention(QUESTION, "C0NOTMEMB2", "1700001101.001100"))
    slack.fake.wait_for(posted_in("C0NOTMEMB2"))


def test_a_rejected_layout_falls_back_to_plain_text(slack: Harness) -> None:
    slack.fake.script("chat.postMessage", slack_error("invalid_blocks"))
    ask(slack, mention(QUESTION, "C0BADBLOX", "1700001200.001200"))
    first, second = slack.fake.wait_for(posted_in("C0BADBLOX"), count=2)
    assert "blocks" in first.body and "blocks" not in second.body and second.body["text"]


def test_mention_injection_never_reaches_slack_unescaped(slack: Harness) -> None:
    attack = "<!channel> <!here> @everyone <!everyone> <https://evil|click>"
    questions = (
        f"{attack} what does a tpm do",
        f"{attack} pm vs tpm",
        attack,
        f"{attack} salary",
        attack + QUESTION,
    )
    for i, text in enumerate(questions):
        ask(slack, mention(text, f"C0INJECT{i}", f"1700001300.00130{i}"))
        ask(slack, direct_message(text, f"D0INJECT{i}", f"1700001300.00131{i}"))
    slack.fake.wait_for(lambda c: c.method == "chat.postMessage", count=2 * len(questions))
    slack.idle()
    for call in slack.fake.calls:
        for bad in FORBIDDEN:
            assert bad not in call.raw, f"{bad} reached Slack in {call.method}"
        if call.method == "chat.postMessage" and "blocks" in call.body:
            assert_mrkdwn_escaped(call.body)
