"""Remembering which Events API deliveries were already handled, so a re-sent event is not answered twice.

Slack re-sends an event (with `X-Slack-Retry-Num`) when it did not see our 200 in time;
the `event_id` stays the same. The first delivery to arrive claims the id; any later one
with the same id is acknowledged and dropped. A retry whose first delivery never reached
us finds no claim, so it is answered.

`EventDeduper` is the interface: `claim` runs in the request thread, before the ack (the app's
EventFilter middleware). `MemoryEventDeduper` keeps claims in this process for a while (Slack
retries for about an hour at most).

`DatabaseEventDeduper`, the app's default, adds a second step, `confirm`, which runs after the
ack, before the answer (bot/slack/listeners/work.py): it records the id in the database
(bot.storage.events), so a retry is recognised whichever web process, or dyno, it reaches.
Its `claim` is the in-memory one, so no query delays an ack (a slower ack is what makes Slack
re-send), and a retry that reaches the same process is dropped at the door.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger("bot.slack.dedupe")

RETRY_WINDOW_SECONDS = 2 * 60 * 60
"""Slack retries three times within minutes; two hours is ample."""


class EventDeduper(Protocol):
    def claim(self, event_id: str) -> bool:
        """True for the first delivery of this event id (handle it); False for a repeat (drop it)."""
        ...

    def release(self, event_id: str) -> None:
        """Forget a claim whose handling failed before the ack, so Slack's retry is handled."""
        ...


class MemoryEventDeduper:
    """A thread-safe, size-bounded, expiring set of claimed event ids."""

    def __init__(
        self,
        ttl: float = RETRY_WINDOW_SECONDS,
        max_entries: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        self._claims: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def claim(self, event_id: str) -> bool:
        now = self._clock()
        with self._lock:
            self._expire(now)
            if event_id in self._claims:
                return False
            self._claims[event_id] = now + self.ttl
            while len(self._claims) > self.max_entries:
                self._claims.popitem(last=False)
            return True

    def release(self, event_id: str) -> None:
        with self._lock:
            self._claims.pop(event_id, None)

    def __len__(self) -> int:
        with self._lock:
            self._expire(self._clock())
            return len(self._claims)

    def _expire(self, now: float) -> None:
        while self._claims:
            oldest, expires = next(iter(self._claims.items()))
            if expires > now:
                return
            del self._claims[oldest]


class SharedEventDeduper(EventDeduper, Protocol):
    def confirm(self, event_id: str) -> bool:
        """After the ack: True if no other process has handled this event (answer it), else False."""
        ...


class EventIds(Protocol):
    """What the database offers (bot.storage.events.EventLog)."""

    def first_time(self, event_id: str) -> bool: ...

    def release(self, event_id: str) -> None: ...


class DatabaseEventDeduper:
    """Event ids claimed in memory before the ack, then in the database, shared by every process.

    If the database cannot be reached, the event is answered (at most once per process, by the
    in-memory claim) and the failure logged: a rare duplicate answer beats a question left
    unanswered.

    `serialize` makes this process's threads take turns at the database: for SQLite, whose
    writers otherwise wait for each other in its busy handler, which sleeps in steps of up to
    100 ms; a lock in the process hands over at once. PostgreSQL needs no turns.
    """

    def __init__(
        self, events: EventIds, local: MemoryEventDeduper | None = None, serialize: bool = False
    ) -> None:
        self.events = events
        self.local = local if local is not None else MemoryEventDeduper()
        self._turns: threading.Lock | contextlib.nullcontext[None] = (
            threading.Lock() if serialize else contextlib.nullcontext()
        )

    def claim(self, event_id: str) -> bool:
        """Before the ack: this process's memory only."""
        return self.local.claim(event_id)

    def confirm(self, event_id: str) -> bool:
        """After the ack, before answering: the database's claim, the first caller of any process wins."""
        try:
            with self._turns:
                return self.events.first_time(event_id)
        except SQLAlchemyError as error:
            log.warning(
                "could not check the event id in the database; answering it",
                extra={"fields": {"error": type(error).__name__}},
            )
            return True

    def release(self, event_id: str) -> None:
        self.local.release(event_id)
        try:
            with self._turns:
                self.events.release(event_id)
        except SQLAlchemyError as error:
            log.warning(
                "could not release the event id in the database",
                extra={"fields": {"error": type(error).__name__}},
            )
