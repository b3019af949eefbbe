"""What the listeners share, wired once per process: the use cases over the knowledge, the answer
engine (built once) and the store (one per process), and the machinery of acking first (the
de-duplicator, the work pool, users' time zones)."""

from __future__ import annotations

import random
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from slack_sdk import WebClient

from bot.core.answers import AnswerEngine
from bot.core.knowledge import KnowledgeBase
from bot.rendering.commands import PRACTICE_COMMAND, ROLE_DIFF_COMMAND
from bot.slack.client import user_time_zone
from bot.slack.dedupe import DatabaseEventDeduper, EventDeduper
from bot.slack.executor import AckFirst, TrackedExecutor
from bot.storage.store import Store
from bot.usecases.asking import Asking
from bot.usecases.home import Home
from bot.usecases.practice import Practice
from bot.usecases.questions import Questions
from bot.usecases.role_diff import RoleDiffs

WORK_THREADS = 16
"""Threads for the work after the ack: mostly waiting on Slack, so more than the cores."""


class UserZones:
    """Users' Slack time zones (users.info), remembered for a while: App Home asks on every open.

    Remembered per workspace (the client's token is the workspace's): user ids are only unique
    within one, and installed from a link the same id may be two people."""

    def __init__(
        self, ttl: float = 3600.0, max_entries: int = 10_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        self._zones: OrderedDict[tuple[str, str], tuple[float, str | None]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, client: WebClient, user_id: str) -> str | None:
        now = self._clock()
        key = (client.token or "", user_id)
        with self._lock:
            found = self._zones.get(key)
            if found is not None and found[0] > now:
                return found[1]
        zone = user_time_zone(client, user_id)
        with self._lock:
            self._zones[key] = (now + (self.ttl if zone else 60.0), zone)  # a failure is retried soon
            self._zones.move_to_end(key)
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
    questions: Questions
    diffs: RoleDiffs
    practice: Practice
    home: Home
    asking: Asking
    ack_first: AckFirst = field(default_factory=AckFirst)
    user_zones: UserZones = field(default_factory=UserZones)

    @classmethod
    def build(
        cls,
        kb: KnowledgeBase,
        store: Store,
        deduper: EventDeduper | None = None,
        engine: AnswerEngine | None = None,
        rng: random.Random | None = None,
        *,
        gap_log: bool = True,
        admins: frozenset[str] = frozenset(),
    ) -> Services:
        """`deduper` defaults to the database's (shared by every process); `engine` to a new one."""
        engine = engine if engine is not None else AnswerEngine(kb)
        questions = Questions(kb, engine)
        return cls(
            kb=kb,
            engine=engine,
            store=store,
            deduper=deduper
            or DatabaseEventDeduper(store.events, serialize=store.engine.dialect.name == "sqlite"),
            executor=TrackedExecutor(WORK_THREADS),
            questions=questions,
            diffs=RoleDiffs(kb, engine.resolver, ROLE_DIFF_COMMAND),
            practice=Practice(kb, store, command=PRACTICE_COMMAND, rng=rng),
            home=Home(
                kb,
                store,
                command=ROLE_DIFF_COMMAND,
                practice_command=PRACTICE_COMMAND,
                admins=admins,
                analyzer=engine.analyzer,
            ),
            asking=Asking(questions, store, gap_log=gap_log),
        )
