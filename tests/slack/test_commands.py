"""/role-diff and its buttons, driven over HTTP as Slack drives them."""

from __future__ import annotations

import re
from typing import Any

from bot.rendering import action_ids
from tests.slack.conftest import Harness
from tests.slack_limits import assert_mrkdwn_escaped, assert_within_slack_limits
from tests.support.fake_slack import Call, Scripted, block_actions, buttons, slack_error

FORBIDDEN = ("<!channel>", "<!here>", "<!everyone>", "<https://evil")


def at(url: str) -> Any:
    return lambda call: call.method == "response" and url.endswith(call.path)


def posted_in(channel: str) -> Any:
    return lambda call: call.method == "chat.postMessage" and call.body.get("channel") == channel


def headers(payload: dict[str, Any]) -> list[str]:
    return [b["text"]["text"] for b in payload["blocks"] if b["type"] == "header"]


def message_of(call: Call) -> dict[str, Any]:
    return {"text": call.body["text"], "blocks": call.body["blocks"]}


def share_buttons(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in buttons(payload) if b["action_id"] == action_ids.SHARE_IN_CHANNEL]


def run_command(slack: Harness, text: str, name: str) -> tuple[str, dict[str, Any]]:
    url = slack.fake.response_url(name)
    reply = slack.send.command(text, url)
    assert (reply.status, reply.body) == (200, ""), "the ack is an empty 200: the answer follows privately"
    [call] = slack.fake.wait_for(at(url))
    return url, call.body


def test_comparison_is_private_with_a_share_button(slack: Harness) -> None:
    _, body = run_command(slack, "program product", "compare")
    assert body["response_type"] == "ephemeral"
    assert headers(body) == ["Program manager vs Product manager"]
    [share] = share_buttons(body)
    assert share["value"] == "program-manager product-manager"
    assert_within_slack_limits(body)
    assert_mrkdwn_escaped(body)


def test_share_posts_for_everyone_through_the_response_url_credited_to_the_sharer(slack: Harness) -> None:
    """`in_channel` through the click's response_url: no membership, no scope, no chat.postMessage."""
    url = slack.fake.response_url("share")
    payload = block_actions(
        action_ids.SHARE_IN_CHANNEL,
        "program-manager product-manager",
        url,
        channel="C0SHARE1",
        user="U0SHARER",
    )
    assert slack.send.action(payload).status == 200
    [post, done] = slack.fake.wait_for(at(url), count=2)
    assert post.body["response_type"] == "in_channel" and post.body["replace_original"] is False
    assert headers(post.body) == ["Program manager vs Product manager"]
    credit = post.body["blocks"][-1]
    assert credit["type"] == "context" and "Shared by <@U0SHARER>" in credit["elements"][0]["text"]
    assert not share_buttons(post.body), "the shared copy has nothing left to share"
    assert_within_slack_limits(message_of(post))
    assert_mrkdwn_escaped({"blocks": post.body["blocks"][:-1]})
    assert done.body == {"delete_original": True}, "the private copy goes once it is shared"
    slack.idle()
    assert not slack.fake.find(lambda c: c.method == "chat.postMessage")


def test_share_falls_back_to_posting_as_the_bot_when_the_response_url_fails(slack: Harness) -> None:
    slack.fake.script("response", Scripted(404, "expired_url"))
    url = slack.fake.response_url("share-expired")
    payload = block_actions(
        action_ids.SHARE_IN_CHANNEL, "program-manager product-manager", url, channel="C0SHARE2"
    )
    assert slack.send.action(payload).status == 200
    [post] = slack.fake.wait_for(posted_in("C0SHARE2"))
    assert headers(post.body) == ["Program manager vs Product manager"]
    [_, done] = slack.fake.wait_for(at(url), count=2)
    assert done.body == {"delete_original": True}


def test_share_where_the_bot_is_not_a_member_tells_the_user(slack: Harness) -> None:
    slack.fake.script("response", Scripted(404, "expired_url"))
    slack.fake.script("chat.postMessage", slack_error("not_in_channel"))
    url = slack.fake.response_url("share-refused")
    slack.send.action(block_actions(action_ids.SHARE_IN_CHANNEL, "technical-program-manager", url))
    [_, notice] = slack.fake.wait_for(at(url), count=2)
    assert notice.body["response_type"] == "ephemeral" and notice.body["replace_original"] is False
    assert "not a member of this channel" in notice.body["text"]
    _, body = run_command(slack, "tpm", "after-refusal")  # the worker is fine
    assert headers(body) == ["Technical program manager"]


def test_one_role_gives_its_profile(slack: Harness) -> None:
    _, body = run_command(slack, "tpm", "profile")
    assert headers(body) == ["Technical program manager"]
    assert "I read “tpm” as Technical program manager" in str(body["blocks"]), "the reading is said openly"
    assert [b["value"] for b in share_buttons(body)] == ["technical-program-manager"]


def test_empty_and_help_give_usage(slack: Harness) -> None:
    for text, name in (("", "empty"), ("help", "help")):
        _, body = run_command(slack, text, name)
        assert headers(body) == ["Role guide: how to use me"]
        assert "/role-diff program product" in str(body["blocks"])
        assert not share_buttons(body)


def test_ambiguous_role_asks_and_a_choice_finishes_the_command(slack: Harness) -> None:
    url, body = run_command(slack, "pm tpm", "choose")
    choices = [b for b in buttons(body) if re.match(r"^role_diff_choice(:\d+)?$", b["action_id"])]
    assert len(choices) >= 2 and not share_buttons(body)
    picked = choices[0]
    slack.fake.reset()
    slack.send.action(block_actions(picked["action_id"], picked["value"], url))
    [done] = slack.fake.wait_for(at(url))
    assert done.body["replace_original"] is True
    assert headers(done.body) == [picked["text"]["text"]], "the chosen comparison replaces the question"
    assert share_buttons(done.body), "still private, so it can still be shared"


def test_unknown_role_offers_the_roles_as_choices(slack: Harness) -> None:
    url, body = run_command(slack, "frobnicator", "unknown")
    assert "frobnicator" in body["text"]
    values = [b["value"] for b in buttons(body) if b["action_id"].startswith(action_ids.ROLE_DIFF_CHOICE)]
    assert "program-manager" in values
    slack.send.action(block_actions(action_ids.ROLE_DIFF_CHOICE, "program-manager", url))
    [_, done] = slack.fake.wait_for(at(url), count=2)
    assert headers(done.body) == ["Program manager"] and done.body["replace_original"] is True


def test_injection_in_a_command_comes_back_escaped(slack: Harness) -> None:
    text = "<!channel> <!here> @everyone <!everyone> <https://evil|click> <@U0VICTIM>"
    run_command(slack, text, "inject")
    run_command(slack, f"program {text}", "inject-2")
    slack.idle()
    for call in slack.fake.calls:
        for bad in FORBIDDEN:
            assert bad not in call.raw, f"{bad} reached Slack in {call.method}"
