"""`Store`: one engine and the repositories that share it."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from bot.storage.answers import Answers
from bot.storage.clock_store import ClockStore
from bot.storage.engine import make_engine
from bot.storage.events import EventLog
from bot.storage.gaps import DEFAULT_RETENTION_DAYS, Contexts, GapLog
from bot.storage.subscriptions import Subscriptions
from bot.storage.workspaces import Workspaces


@dataclass
class Store:
    engine: Engine
    store_answer_text: bool = False
    """ROLEBOT_STORE_ANSWER_TEXT: keep the text of practice answers."""
    gap_retention_days: int = DEFAULT_RETENTION_DAYS
    """ROLEBOT_GAP_RETENTION_DAYS: how long the gap log and answer feedback are kept."""
    subscriptions: Subscriptions = field(init=False)
    answers: Answers = field(init=False)
    events: EventLog = field(init=False)
    clock: ClockStore = field(init=False)
    gaps: GapLog = field(init=False)
    contexts: Contexts = field(init=False)
    workspaces: Workspaces = field(init=False)

    def __post_init__(self) -> None:
        self.subscriptions = Subscriptions(self.engine)
        self.answers = Answers(self.engine, self.store_answer_text)
        self.events = EventLog(self.engine)
        self.clock = ClockStore(self.engine)
        self.gaps = GapLog(self.engine, self.gap_retention_days)
        self.contexts = Contexts(self.engine)
        self.workspaces = Workspaces(self.engine)

    @classmethod
    def open(
        cls, url: str, *, store_answer_text: bool = False, gap_retention_days: int = DEFAULT_RETENTION_DAYS
    ) -> Store:
        """A store on `url`. The schema must be migrated (`rolebot db upgrade`, or
        bot.storage.migrate.upgrade)."""
        return cls(make_engine(url), store_answer_text, gap_retention_days)

    def close(self) -> None:
        self.engine.dispose()
