"""Answering a question (a mention, a DM) and the buttons on an answer, from the answer engine."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.core.answers import Answer, AnswerEngine
from bot.core.knowledge import KnowledgeBase
from bot.core.models import Role
from bot.rendering.answers import render_answer
from bot.rendering.blocks import Message

log = logging.getLogger("bot.usecases.questions")

CACHED_REPLIES = 1024
"""Rendered replies kept. The knowledge never changes while the app runs, and people ask the same
questions again and again; a cached reply costs no CPU."""


@dataclass(frozen=True)
class AnswerReply:
    answer: Answer
    payload: dict[str, Any]
    """Shared between requests: copy it (`{**payload, ...}`), never change it in place."""


class Questions:
    def __init__(self, kb: KnowledgeBase, engine: AnswerEngine) -> None:
        self.kb = kb
        self.engine = engine
        self.roles: Sequence[Role] = tuple(kb.roles.values())
        self.answer = lru_cache(CACHED_REPLIES)(self._answer)

    def _answer(self, question: str) -> AnswerReply:
        """The reply to a question as typed."""
        answer = self.engine.answer(question)
        fields = {"intent": answer.intent.value, "confidence": round(answer.confidence, 2)}
        log.info("answering", extra={"fields": fields})
        return AnswerReply(answer, render_answer(self.kb, answer, self.roles).payload())

    def answer_target(self, key: str, label: str | None = None) -> Message | None:
        """The reply to a suggestion button: the entry it names; None when it names none any more."""
        answer = self.engine.answer_target(key, label)
        return None if answer is None else render_answer(self.kb, answer, self.roles)
