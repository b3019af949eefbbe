"""What the listeners share: the knowledge, the answer engine (built once), the de-duplicator."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.core.answers import AnswerEngine
from bot.core.knowledge import KnowledgeBase
from bot.core.models import Role
from bot.core.names import RoleResolver
from bot.rendering.home import render_home
from bot.slack.dedupe import EventDeduper, MemoryEventDeduper
from bot.slack.executor import TrackedExecutor

COMMAND = "/role-diff"
WORK_THREADS = 16
"""Threads for the work after the ack: mostly waiting on Slack, so more than the cores."""


@dataclass
class Services:
    kb: KnowledgeBase
    engine: AnswerEngine
    deduper: EventDeduper
    executor: TrackedExecutor
    command: str = COMMAND
    home_view: dict[str, Any] = field(default_factory=dict)

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
