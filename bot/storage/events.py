"""Slack Events API deliveries already handled, shared by every web process through the database.

Slack re-sends an event it did not see acknowledged in time, with the same `event_id`. The
first process to insert the id handles the event; every later delivery (any process, also
at the same instant) finds the row and is dropped. Rows older than the retention (Slack
retries within minutes; two hours is ample) are pruned, by the clock each tick and here
every few hundred inserts.

`EventLog` also answers the Slack app's `EventDeduper` protocol (`claim`, `release`).
"""

from __future__ import annotations

import itertools
import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete

from bot.storage.engine import dialect_insert
from bot.storage.models import ProcessedEvent

RETENTION = timedelta(hours=2)
PRUNE_EVERY = 500


class EventLog:
    def __init__(self, engine: Engine, retention: timedelta = RETENTION) -> None:
        self.engine = engine
        self.retention = retention
        self._inserts = itertools.count(1)
        self._lock = threading.Lock()

    def first_time(self, event_id: str, now: datetime | None = None) -> bool:
        """Record the event id; True only for the first caller, whichever process or thread it is."""
        now = now or datetime.now(UTC)
        with self.engine.begin() as connection:
            stmt = dialect_insert(connection, ProcessedEvent).values(event_id=event_id, seen_at=now)
            inserted = connection.execute(
                stmt.on_conflict_do_nothing(index_elements=["event_id"]).returning(ProcessedEvent.event_id)
            ).first()
        with self._lock:
            due = next(self._inserts) % PRUNE_EVERY == 0
        if due:
            self.prune(now)
        return inserted is not None

    claim = first_time

    def release(self, event_id: str) -> None:
        """Forget an event whose handling failed before the ack, so Slack's retry is handled."""
        with self.engine.begin() as connection:
            connection.execute(delete(ProcessedEvent).where(ProcessedEvent.event_id == event_id))

    def prune(self, now: datetime | None = None) -> int:
        """Delete ids older than the retention; returns how many."""
        cutoff = (now or datetime.now(UTC)) - self.retention
        with self.engine.begin() as connection:
            return connection.execute(delete(ProcessedEvent).where(ProcessedEvent.seen_at < cutoff)).rowcount
