"""Role diffs, sharing, answers and App Home, without HTTP: a fake Slack port."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from bot.core.answers import AnswerEngine
from bot.core.knowledge import KnowledgeBase
from bot.core.names import RoleResolver
from bot.storage.store import Store
from bot.usecases.home import Home
from bot.usecases.ports import Asker
from bot.usecases.questions import Questions
from bot.usecases.role_diff import RoleDiffs
from tests.usecases.fake_slack_port import FakeSlackPort


@pytest.fixture(scope="module")
def engine(kb: KnowledgeBase) -> AnswerEngine:
    return AnswerEngine(kb)


def test_a_role_diff_is_cached_and_shareable(kb: KnowledgeBase, resolver: RoleResolver) -> None:
    diffs = RoleDiffs(kb, resolver, "/role-diff")
    first = diffs.reply("program product")
    assert diffs.reply("program product") is first, "the same request is rendered once"
    assert "Share in channel" in str(first.payload["blocks"])
    assert "Share in channel" not in str(diffs.reply("program product", shareable=False).payload["blocks"])


def test_sharing_posts_for_everyone_then_removes_the_private_copy(
    kb: KnowledgeBase, resolver: RoleResolver
) -> None:
    diffs = RoleDiffs(kb, resolver, "/role-diff")
    slack = FakeSlackPort()
    assert diffs.share("program-manager product-manager", "U1", "C1", slack) is None
    [(text,)] = slack.calls("answer_in_channel")
    assert "Program manager" in text and not slack.calls("post") and slack.calls("delete_original")
    # Where the response_url no longer works, it is posted as the bot, as before.
    slack = FakeSlackPort(failing={"answer_in_channel": "expired_url"})
    assert diffs.share("program-manager product-manager", "U1", "C1", slack) is None
    [(channel, _, _)] = slack.calls("post")
    assert channel == "C1" and slack.calls("delete_original")


def test_sharing_where_the_bot_cannot_post_keeps_the_private_copy(
    kb: KnowledgeBase, resolver: RoleResolver
) -> None:
    diffs = RoleDiffs(kb, resolver, "/role-diff")
    slack = FakeSlackPort(failing={"post": "not_in_channel", "answer_in_channel": "expired_url"})
    problem = diffs.share("program-manager product-manager", "U1", "C1", slack)
    assert problem is not None and "member" in problem.text and not slack.calls("delete_original")
    assert diffs.share("frobnicator", "U1", "C1", FakeSlackPort()) is not None, (
        "nothing to share: out of date"
    )


def test_a_suggestion_that_names_nothing_any_more_is_none(kb: KnowledgeBase, engine: AnswerEngine) -> None:
    questions = Questions(kb, engine)
    assert questions.answer_target("faq:no-such-entry") is None
    entry = next(iter(kb.faq))
    found = questions.answer_target(f"faq:{entry}")
    assert found is not None and found.text


def test_app_home_without_the_database_is_the_plain_view(
    kb: KnowledgeBase, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = Home(kb, store, command="/role-diff", practice_command="/role-practice")
    slack = FakeSlackPort()
    home.publish(Asker("T1", "U1"), slack)
    [(user, view)] = slack.calls("publish_home")
    assert user == "U1" and view != home.plain_view, "with the person's progress"

    def broken(*args: object, **kwargs: object) -> None:
        raise OperationalError("SELECT", {}, Exception("gone"))

    monkeypatch.setattr(store.answers, "progress", broken)
    assert home.view_for(Asker("T1", "U1"), slack) == home.plain_view
