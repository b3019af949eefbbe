"""What the listeners share: the knowledge, the answer engine (built once), the de-duplicator,
the work pool, and the rendered replies, cached."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from bot.core.answers import Answer, AnswerEngine
from bot.core.knowledge import KnowledgeBase
from bot.core.models import Role
from bot.core.names import RoleResolver
from bot.core.role_query import RoleQuery, interpret
from bot.rendering.answers import render_answer
from bot.rendering.home import render_home
from bot.rendering.roles import render_role_query
from bot.rendering.share import share_value, with_share_button
from bot.slack.dedupe import EventDeduper, MemoryEventDeduper
from bot.slack.executor import AckFirst, TrackedExecutor

COMMAND = "/role-diff"
WORK_THREADS = 16
"""Threads for the work after the ack: mostly waiting on Slack, so more than the cores."""
CACHED_REPLIES = 1024
"""Rendered replies kept per kind. The knowledge never changes while the app runs, and people ask
for the same comparisons and questions again and again; a cached reply costs no CPU."""

Payload = dict[str, Any]


@dataclass(frozen=True)
class RoleDiffReply:
    result: RoleQuery
    payload: Payload
    """Shared between requests: copy it (`{**payload, ...}`), never change it in place."""


@dataclass(frozen=True)
class AnswerReply:
    answer: Answer
    payload: Payload
    """Shared between requests: copy it (`{**payload, ...}`), never change it in place."""


@dataclass(eq=False)
class Services:
    kb: KnowledgeBase
    engine: AnswerEngine
    deduper: EventDeduper
    executor: TrackedExecutor
    command: str = COMMAND
    home_view: dict[str, Any] = field(default_factory=dict)
    ack_first: AckFirst = field(default_factory=AckFirst)

    def __post_init__(self) -> None:
        self.role_diff = lru_cache(CACHED_REPLIES)(self._role_diff)
        self.answer = lru_cache(CACHED_REPLIES)(self._answer)

    @classmethod
    def build(cls, kb: KnowledgeBase, deduper: EventDeduper | None = None) -> Services:
        return cls(
            kb=kb,
            engine=AnswerEngine(kb),
            deduper=deduper or MemoryEventDeduper(),
            executor=TrackedExecutor(WORK_THREADS),
            home_view=render_home(kb, COMMAND),
        )

    @property
    def resolver(self) -> RoleResolver:
        return self.engine.resolver

    @property
    def roles(self) -> tuple[Role, ...]:
        return tuple(self.kb.roles.values())

    def _role_diff(self, text: str, shareable: bool = True) -> RoleDiffReply:
        """A role-diff request's reply; with `shareable`, a share button when there is something to share."""
        result = interpret(self.kb, self.resolver, text)
        message = render_role_query(result, self.roles, self.command)
        value = share_value(result) if shareable else None
        if value is not None:
            message = with_share_button(message, value)
        return RoleDiffReply(result, message.payload())

    def _answer(self, question: str) -> AnswerReply:
        answer = self.engine.answer(question)
        return AnswerReply(answer, render_answer(self.kb, answer, self.roles).payload())
