"""The real Sender against a fake Slack Web API: Slack's answers become the clock's typed errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from bot.core.knowledge import KnowledgeBase
from bot.core.models import PracticePrompt
from bot.scheduler.sender import ChannelGone, RateLimited, SendFailed, TokenInvalid
from bot.scheduler.slack_sender import TOKEN_INVALID, SlackSender
from bot.slack.protocol import CHANNEL_GONE as GONE
from tests.support.fake_slack import FakeSlack, Scripted, rate_limited, slack_error

TOKEN = "xoxb-0000000000-0000000000-testTOKEN"


@pytest.fixture(scope="module")
def server() -> Iterator[FakeSlack]:
    running = FakeSlack()
    # the timeout test hangs up before the fake answers: that broken pipe is expected
    running.server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
    yield running
    running.close()


@pytest.fixture
def fake(server: FakeSlack) -> FakeSlack:
    server.reset()
    return server


@pytest.fixture
def prompt(kb: KnowledgeBase) -> PracticePrompt:
    return kb.practice[sorted(kb.practice)[0]]


def test_posts_the_rendered_prompt_and_returns_its_ts(
    fake: FakeSlack, kb: KnowledgeBase, prompt: PracticePrompt
) -> None:
    ts = SlackSender.create(TOKEN, kb, fake.api_url).send_prompt("C123", prompt)
    (call,) = fake.find(lambda c: c.method == "chat.postMessage")
    assert ts and call.body["channel"] == "C123"
    assert prompt.question in call.body["text"] and call.body["blocks"]
    assert call.headers["authorization"] == f"Bearer {TOKEN}"


def test_a_rate_limit_carries_retry_after(fake: FakeSlack, kb: KnowledgeBase, prompt: PracticePrompt) -> None:
    fake.script("chat.postMessage", rate_limited(7))
    with pytest.raises(RateLimited) as raised:
        SlackSender.create(TOKEN, kb, fake.api_url).send_prompt("C1", prompt)
    assert raised.value.retry_after == 7.0
    assert len(fake.calls) == 1  # no retry inside the client: the clock decides


@pytest.mark.parametrize("code", sorted(GONE - TOKEN_INVALID))
def test_a_channel_the_bot_cannot_post_in_is_gone(
    fake: FakeSlack, kb: KnowledgeBase, prompt: PracticePrompt, code: str
) -> None:
    fake.script("chat.postMessage", slack_error(code))
    with pytest.raises(ChannelGone) as raised:
        SlackSender.create(TOKEN, kb, fake.api_url).send_prompt("C1", prompt)
    assert raised.value.reason == code


@pytest.mark.parametrize("code", sorted(TOKEN_INVALID))
def test_a_revoked_or_invalid_token_is_the_workspaces_not_the_channels(
    fake: FakeSlack, kb: KnowledgeBase, prompt: PracticePrompt, code: str
) -> None:
    fake.script("chat.postMessage", slack_error(code))
    with pytest.raises(TokenInvalid) as raised:
        SlackSender.create(TOKEN, kb, fake.api_url).send_prompt("C1", prompt)
    assert raised.value.reason == code


def test_a_refusal_was_not_delivered_but_a_server_error_may_have_been(
    fake: FakeSlack, kb: KnowledgeBase, prompt: PracticePrompt
) -> None:
    sender = SlackSender.create(TOKEN, kb, fake.api_url)
    fake.script(
        "chat.postMessage",
        slack_error("invalid_arguments"),
        Scripted(503, {"ok": False, "error": "fatal_error"}),
    )
    with pytest.raises(SendFailed) as refused:
        sender.send_prompt("C1", prompt)
    assert (refused.value.reason, refused.value.maybe_delivered) == ("invalid_arguments", False)
    with pytest.raises(SendFailed) as server_error:
        sender.send_prompt("C1", prompt)
    assert server_error.value.maybe_delivered is True
    assert len(fake.calls) == 2


def test_a_timeout_may_have_been_delivered_and_is_not_retried(
    fake: FakeSlack, kb: KnowledgeBase, prompt
) -> None:
    fake.script("chat.postMessage", Scripted(200, {"ok": True, "ts": "1.2"}, delay=1.0))
    sender = SlackSender(WebClient(token=TOKEN, base_url=fake.api_url, timeout=0.2, retry_handlers=[]), kb)
    with pytest.raises(SendFailed) as raised:
        sender.send_prompt("C1", prompt)
    assert raised.value.maybe_delivered is True
    assert len(fake.calls) == 1


def test_nobody_listening_is_a_failure_that_may_have_been_delivered(
    kb: KnowledgeBase, prompt: PracticePrompt
) -> None:
    with pytest.raises(SendFailed) as raised:
        SlackSender.create(TOKEN, kb, "http://127.0.0.1:9/api/").send_prompt("C1", prompt)
    assert raised.value.maybe_delivered is True
