"""👍/👎 on every answer, the "What were you looking for?" window, and the gap log, over HTTP with the
fake Slack Web API, on an app and a database of each test's own."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.core.answers import AnswerEngine, Intent
from bot.rendering import action_ids
from bot.rendering.feedback import NOTED
from tests.slack.conftest import Harness, Served, serve_app
from tests.slack.test_commands import at, posted_in
from tests.slack.test_events import ANSWER_BUTTON, ask, find_question
from tests.support.fake_slack import (
    FakeSlack,
    block_actions,
    buttons,
    direct_message,
    mention,
    view_submission,
)

QUESTION = "what does a tpm do"
NOT_SURE = (
    "agile program", "what about scope creep", "program manager tools", "tpm hours",
    "where do product managers sit", "technical program manager remote", "product manager dress code",
)  # fmt: skip


def feedback_buttons(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        b["action_id"]: b
        for b in buttons(body)
        if b["action_id"] in (action_ids.ANSWER_HELPFUL, action_ids.ANSWER_UNHELPFUL)
    }


def click(
    harness: Harness, button: dict[str, Any], name: str, channel: str, *, message: dict[str, Any] | None = None,
    ephemeral: bool = False, user: str = "U0USER01", ts: str = "1700000000.000001",
) -> str:  # fmt: skip
    url = harness.fake.response_url(name)
    payload = block_actions(button["action_id"], button["value"], url, channel=channel, ephemeral=ephemeral,
                            user=user, label=button["text"]["text"])  # fmt: skip
    payload["container"]["message_ts"] = ts
    if message is not None:
        payload["message"] = {
            "type": "message",
            "ts": ts,
            "text": message["text"],
            "blocks": message["blocks"],
        }
    assert harness.send.action(payload).status == 200
    return url


def gaps(harness: Harness) -> list[Any]:
    harness.idle()  # the log is written after the reply is posted
    return harness.store.gaps.entries()


def not_sure_question(engine: AnswerEngine) -> str:
    found = find_question(engine, Intent.NOT_SURE, NOT_SURE)
    assert found is not None, "none of the candidates is a 'not sure' for the engine any more"
    return found


def test_every_kind_of_answer_ends_with_helpful_buttons(practice: Harness, kb: Any) -> None:
    ask(practice, mention(QUESTION, "C0FBMENT", "1700001000.000100"))
    [post] = practice.fake.wait_for(posted_in("C0FBMENT"))
    assert set(feedback_buttons(post.body)) == {action_ids.ANSWER_HELPFUL, action_ids.ANSWER_UNHELPFUL}
    assert post.body["blocks"][-1]["block_id"] == action_ids.FEEDBACK_BLOCK, "the buttons end the answer"
    assert "Helpful?" in json.dumps(post.body["blocks"][-2])

    ask(practice, direct_message("tpm vs pgm", "D0FBDM01", "1700001001.000100"))
    [dm] = practice.fake.wait_for(posted_in("D0FBDM01"))
    assert feedback_buttons(dm.body)

    entry = next(iter(kb.faq.values()))
    url = practice.fake.response_url("fb-suggestion")
    practice.send.action(
        block_actions("answer_target:1", f"faq:{entry.id}", url, channel="C0FBMENT", ephemeral=False)
    )
    [replaced] = practice.fake.wait_for(at(url))
    assert replaced.body["replace_original"] is True and feedback_buttons(replaced.body)


def test_thumbs_up_in_a_channel_is_thanked_privately_and_counted(practice: Harness) -> None:
    ask(practice, mention(QUESTION, "C0FBUP01", "1700001100.000100"))
    [post] = practice.fake.wait_for(posted_in("C0FBUP01"))
    up = feedback_buttons(post.body)[action_ids.ANSWER_HELPFUL]
    url = click(practice, up, "fb-up", "C0FBUP01", message=post.body)
    [thanks] = practice.fake.wait_for(at(url))
    assert thanks.body["replace_original"] is False and thanks.body["response_type"] == "ephemeral"
    assert "Thanks" in thanks.body["text"]
    target = json.loads(up["value"])["t"]
    votes = practice.store.gaps.votes()
    assert (votes[target].helpful, votes[target].unhelpful) == (1, 0)
    assert gaps(practice) == [], "a 👍 is not a gap"

    click(practice, feedback_buttons(post.body)[action_ids.ANSWER_UNHELPFUL], "fb-up-again", "C0FBUP01")
    practice.fake.wait_for(at(practice.fake.response_url("fb-up-again")))
    practice.idle()
    again = practice.store.gaps.votes()[target]
    assert (again.helpful, again.unhelpful) == (0, 1), "a second click by the same person changes the vote"


def test_thumbs_down_in_a_dm_replaces_the_buttons_opens_the_window_and_logs_the_comment(
    practice: Harness,
) -> None:
    ask(practice, direct_message(QUESTION + " <@U0COLLEAGUE>", "D0FBDOWN", "1700001200.000100"))
    [post] = practice.fake.wait_for(posted_in("D0FBDOWN"))
    down = feedback_buttons(post.body)[action_ids.ANSWER_UNHELPFUL]
    url = click(practice, down, "fb-down", "D0FBDOWN", message=post.body)
    [opened] = practice.fake.wait_for(lambda c: c.method == "views.open")
    view = opened.body["view"]
    assert view["callback_id"] == action_ids.FEEDBACK_MODAL
    assert "What were you looking for?" in json.dumps(view)
    [replaced] = practice.fake.wait_for(at(url))
    assert replaced.body["replace_original"] is True
    assert not feedback_buttons(replaced.body), "the buttons gave way"
    assert "Thanks" in json.dumps(replaced.body["blocks"][-1])
    assert len(replaced.body["blocks"]) == len(post.body["blocks"]) - 1, "the answer itself stays"

    [gap] = gaps(practice)
    assert gap.outcome == "unhelpful" and gap.target == json.loads(down["value"])["t"]
    assert gap.question == QUESTION + " [someone]" and "U0COLLEAGUE" not in gap.question

    said = "the interview loop, see https://wiki.example.com or mail boss@example.com"
    submitted = {**view, "private_metadata": view["private_metadata"]}
    values = {action_ids.FEEDBACK_COMMENT_BLOCK: {action_ids.FEEDBACK_COMMENT_INPUT: said}}
    reply = practice.send.action(view_submission(submitted, values))
    assert reply.status == 200 and reply.body == ""
    practice.idle()
    [gap] = gaps(practice)
    assert gap.comment == "the interview loop, see [a link] or mail [an e-mail address]"


def test_a_not_sure_reply_is_noted_redacted_and_the_suggestion_chosen_is_recorded(practice: Harness) -> None:
    engine = practice.served.wsgi.services.engine
    question = not_sure_question(engine)
    typed = f"{question} <#C0SECRET|secret> <https://x.example.com|link>"
    ask(practice, mention(typed, "C0FBGAP1", "1700001300.000100"))
    [post] = practice.fake.wait_for(posted_in("C0FBGAP1"))
    assert NOTED in json.dumps(post.body["blocks"]), "the reply says the question is noted for the team"
    assert not feedback_buttons(post.body), "a 'not sure' carries suggestions, not 👍/👎"
    [gap] = gaps(practice)
    assert gap.outcome == "not_sure" and gap.chosen is None
    assert gap.question == f"{question} [a channel] [a link]"
    offered = [b for b in buttons(post.body) if ANSWER_BUTTON.match(b["action_id"])]
    assert list(gap.suggested) == [b["value"] for b in offered] and offered

    reply_ts = post.response["ts"]
    url = practice.fake.response_url("fb-chosen")
    payload = block_actions(
        offered[0]["action_id"], offered[0]["value"], url, channel="C0FBGAP1", ephemeral=False
    )
    payload["container"]["message_ts"] = reply_ts
    practice.send.action(payload)
    practice.fake.wait_for(at(url))
    practice.idle()
    [gap] = gaps(practice)
    assert gap.chosen == offered[0]["value"]


def test_declined_and_clarified_questions_are_logged_but_answers_are_not(practice: Harness) -> None:
    engine = practice.served.wsgi.services.engine
    assert engine.answer("what is the wifi password").intent is Intent.OUT_OF_SCOPE
    ask(practice, mention("what is the wifi password", "C0FBGAP2", "1700001400.000100"))
    ask(practice, mention(QUESTION, "C0FBGAP2", "1700001401.000100"))
    practice.fake.wait_for(posted_in("C0FBGAP2"), count=2)
    practice.idle()
    assert [g.outcome for g in gaps(practice)] == ["declined"]


def test_with_the_gap_log_off_nothing_is_kept_or_promised(
    served: Served, fake: FakeSlack, db_url: str
) -> None:
    served.idle()
    with serve_app(served, fake, db_url, rolebot_gap_log=False) as harness:
        fake.reset()
        question = not_sure_question(harness.served.wsgi.services.engine)
        ask(harness, mention(question, "C0FBOFF1", "1700001500.000100"))
        [post] = fake.wait_for(posted_in("C0FBOFF1"))
        assert NOTED not in json.dumps(post.body["blocks"])
        ask(harness, direct_message(QUESTION, "D0FBOFF2", "1700001501.000100"))
        [dm] = fake.wait_for(posted_in("D0FBOFF2"))
        url = click(harness, feedback_buttons(dm.body)[action_ids.ANSWER_UNHELPFUL], "fb-off", "D0FBOFF2",
                    message=dm.body)  # fmt: skip
        fake.wait_for(at(url))
        harness.idle()
        assert gaps(harness) == []
        assert not fake.find(lambda c: c.method == "views.open"), "no window asks for what would not be kept"


@pytest.mark.parametrize("value", ["not json", '{"q": "no target"}', '["a"]', '{"t": "faq:no-such-entry"}'])
def test_a_forged_feedback_value_is_told_out_of_date(practice: Harness, value: str) -> None:
    url = practice.fake.response_url("fb-forged")
    practice.send.action(block_actions(action_ids.ANSWER_HELPFUL, value, url, ephemeral=False))
    [notice] = practice.fake.wait_for(at(url))
    assert "out of date" in notice.body["text"]
    practice.idle()
    assert practice.store.gaps.votes() == {}
