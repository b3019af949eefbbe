"""A follow-up the engine cannot place on its own is read with the conversation's roles (no Slack)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.answers import AnswerEngine, answered
from bot.core.followup import Turn
from bot.core.knowledge import KnowledgeBase
from bot.storage.migrate import upgrade
from bot.storage.store import Store
from bot.usecases.asking import Asking
from bot.usecases.questions import Questions

PJM = "project-manager"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """The store is not what is tested here: one backend is enough."""
    url = f"sqlite:///{tmp_path / 'rolebot.sqlite3'}"
    upgrade(url)
    opened = Store.open(url, store_answer_text=False)
    yield opened
    opened.close()


def test_a_follow_up_read_alone_about_another_role_is_asked_again_about_the_conversations(
    kb: KnowledgeBase, store: Store
) -> None:
    engine = AnswerEngine(kb)
    asking = Asking(Questions(kb, engine), store)
    message = "what do they report on?"
    alone = answered(engine.answer(message))
    assert alone is not None and PJM not in str(alone), "the case needs a message read alone as another role"
    answer, payload, followed = asking.reply_to(message, Turn(f"profile:{PJM}", (PJM,)))
    assert followed and str(answered(answer)).startswith(f"aspect:{PJM}:"), answer
    assert "project manager" in str(payload["blocks"]).lower()


def test_without_a_conversation_the_message_is_answered_as_typed(kb: KnowledgeBase, store: Store) -> None:
    engine = AnswerEngine(kb)
    asking = Asking(Questions(kb, engine), store)
    answer, _, followed = asking.reply_to("what do they report on?", None)
    assert not followed and answered(answer) == answered(engine.answer("what do they report on?"))


@pytest.mark.parametrize("message", ["what should i read next", "who do i ask about a visa"])
def test_a_vague_message_is_not_made_a_question_about_the_conversations_role(
    kb: KnowledgeBase, store: Store, message: str
) -> None:
    """The role's name added to a message that says nothing of the roles would look like a confident
    question about that role; it stays what it was alone."""
    engine = AnswerEngine(kb)
    asking = Asking(Questions(kb, engine), store)
    answer, _, followed = asking.reply_to(
        message, Turn("profile:technical-program-manager", ("technical-program-manager",))
    )
    assert not followed and answered(answer) == answered(engine.answer(message))
