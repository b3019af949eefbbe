"""Database fixtures for the storage and scheduler tests: SQLite always, PostgreSQL with TEST_DATABASE_URL.

Each PostgreSQL test gets a schema of its own (created, then dropped with everything in it);
the URL it receives selects that schema with `options=-csearch_path=…`, so code under test,
subprocesses and Alembic all stay inside it.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, insert
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from bot.core.knowledge import KnowledgeBase
from bot.core.models import PracticePrompt
from bot.core.practice.schedule import Schedule, next_run
from bot.storage.config import normalize_url
from bot.storage.migrate import upgrade
from bot.storage.models import Subscription
from bot.storage.store import Store

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=pytest.mark.skipif(not POSTGRES_URL, reason="TEST_DATABASE_URL is not set"),
    ),
]


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """An empty database: a SQLite file, or a fresh schema in TEST_DATABASE_URL's PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'rolebot.sqlite3'}"
        return
    yield from postgres_schema_url()


def postgres_schema_url() -> Iterator[str]:
    base = normalize_url(POSTGRES_URL)
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base, poolclass=NullPool)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture
def migrated_url(database_url: str) -> str:
    upgrade(database_url)
    return database_url


@pytest.fixture
def store(migrated_url: str) -> Iterator[Store]:
    opened = Store.open(migrated_url, store_answer_text=False)
    try:
        yield opened
    finally:
        opened.close()


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def bulk_subscribe(
    store: Store, channels: list[str], schedule: Schedule, team: str = "T1", now: datetime | None = None
) -> None:
    """Many subscriptions in one statement (as `subscribe` would make them), for big tests."""
    now = now or datetime(2024, 1, 1, tzinfo=UTC)
    row = {"team_id": team, "local_time": schedule.at, "timezone": schedule.zone, "days_mask": schedule.days_mask,
           "created_by": "U1", "active": True, "paused": False, "next_due_at": next_run(schedule, now),
           "created_at": now, "updated_at": now}  # fmt: skip
    with store.engine.begin() as connection:
        connection.execute(insert(Subscription), [{**row, "channel_id": c} for c in channels])


def kb_with(kb: KnowledgeBase, count: int | None = None, ids: list[str] | None = None) -> KnowledgeBase:
    """The knowledge base with only some of its practice prompts (the first `count` by id, or `ids`)."""
    chosen = ids if ids is not None else sorted(kb.practice)[:count]
    return replace(kb, practice={i: kb.practice[i] for i in chosen})


class Crash(BaseException):
    """Stands for the process dying in the middle of a send."""


@dataclass
class FakeSender:
    """Records every post; `script[channel]` holds errors to raise, in order, before succeeding."""

    script: dict[str, list[BaseException]] = field(default_factory=dict)
    delay: float = 0.0
    sent: list[tuple[str, str]] = field(default_factory=list)
    attempts: list[str] = field(default_factory=list)
    crash_on_attempt: int | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def send_prompt(self, channel_id: str, prompt: PracticePrompt) -> str:
        with self._lock:
            self.attempts.append(channel_id)
            if self.crash_on_attempt is not None and len(self.attempts) == self.crash_on_attempt:
                raise Crash()
            queued = self.script.get(channel_id)
            error = queued.pop(0) if queued else None
        if error is not None:
            raise error
        if self.delay:
            threading.Event().wait(self.delay)
        with self._lock:
            self.sent.append((channel_id, prompt.id))
            return f"1700000000.{len(self.sent):06d}"

    def channels(self) -> list[str]:
        with self._lock:
            return [channel for channel, _ in self.sent]


@dataclass
class FakeClock:
    """Time that moves only when slept through, and a record of the sleeps."""

    current: datetime
    sleeps: list[float] = field(default_factory=list)

    def now(self) -> datetime:
        return self.current

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.current += timedelta(seconds=seconds)
