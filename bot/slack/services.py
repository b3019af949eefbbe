"""What the listeners share: the knowledge, the answer engine (built once), the store (one per
process), the de-duplicator, the work pool, and the rendered replies, cached."""

from __future__ import annotations

import random
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from slack_sdk import WebClient

from bot.core.answers import Answer, AnswerEngine
from bot.core.knowledge import KnowledgeBase
from bot.core.models import Role
from bot.core.names import RoleResolver
from bot.core.role_query import RoleQuery, interpret
from bot.rendering.answers import render_answer
from bot.rendering.home import render_home
from bot.rendering.practice import PRACTICE_COMMAND
from bot.rendering.roles import render_role_query
from bot.rendering.share import share_value, with_share_button
from bot.slack.client import user_time_zone
from bot.slack.dedupe import DatabaseEventDeduper, EventDeduper
from bot.slack.executor import AckFirst, TrackedExecutor
from bot.storage.store import Store

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


class UserZones:
    """Users' Slack time zones (users.info), remembered for a while: App Home asks on every open."""

    def __init__(
        self, ttl: float = 3600.0, max_entries: int = 10_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        self._zones: OrderedDict[str, tuple[float, str | None]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, client: WebClient, user_id: str) -> str | None:
        now = self._clock()
        with self._lock:
            found = self._zones.get(user_id)
            if found is not None and found[0] > now:
                return found[1]
        zone = user_time_zone(client, user_id)
        with self._lock:
            self._zones[user_id] = (now + (self.ttl if zone else 60.0), zone)  # a failure is retried soon
            self._zones.move_to_end(user_id)
            while len(self._zones) > self.max_entries:
                self._zones.popitem(last=False)
        return zone


@dataclass(eq=False)
class Services:
    kb: KnowledgeBase
    engine: AnswerEngine
    store: Store
    deduper: EventDeduper
    executor: TrackedExecutor
    command: str = COMMAND
    practice_command: str = PRACTICE_COMMAND
    home_view: dict[str, Any] = field(default_factory=dict)
    """App Home without anyone's progress: for when the database cannot be read."""
    ack_first: AckFirst = field(default_factory=AckFirst)
    user_zones: UserZones = field(default_factory=UserZones)
    rng: random.Random = field(default_factory=random.Random)

    def __post_init__(self) -> None:
        self.role_diff = lru_cache(CACHED_REPLIES)(self._role_diff)
        self.answer = lru_cache(CACHED_REPLIES)(self._answer)

    @classmethod
    def build(
        cls,
        kb: KnowledgeBase,
        store: Store,
        deduper: EventDeduper | None = None,
        engine: AnswerEngine | None = None,
    ) -> Services:
        """`deduper` defaults to the database's (shared by every process); `engine` to a new one."""
        return cls(
            kb=kb,
            engine=engine if engine is not None else AnswerEngine(kb),
            store=store,
            deduper=deduper
            or DatabaseEventDeduper(store.events, serialize=store.engine.dialect.name == "sqlite"),
            executor=TrackedExecutor(WORK_THREADS),
            home_view=render_home(kb, COMMAND),
        )

    @property
    def keeps_answers(self) -> bool:
        """Whether the text of practice answers is stored (ROLEBOT_STORE_ANSWER_TEXT)."""
        return self.store.answers.store_text

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
