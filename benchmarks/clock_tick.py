"""One clock tick with 10,000 due subscriptions against PostgreSQL, next to a naive per-row loop.

    python benchmarks/clock_tick.py                        # TEST_DATABASE_URL, else the local server
    python benchmarks/clock_tick.py --subscriptions 2000 --history 0 --url sqlite:////tmp/bench.sqlite3

Each run gets fresh schemas (PostgreSQL) or files (SQLite), migrated, with the same data:
N subscriptions spread over 12 time zones, every one due at the tick's instant, each with
`--history` earlier days of deliveries and rotation history. The sender is a fake that
answers at once, so the figures are the clock's own cost: the database work around the
sends. In production each chat.postMessage takes ~100 ms or more and dominates; what
matters here is that the database work stays a few queries per *batch*, so it never grows
into a second bottleneck.

Queries are counted with a SQLAlchemy `before_cursor_execute` listener: one count per
statement the driver is given. An executemany UPDATE counts once (psycopg pipelines its
rows in one round trip); a batched INSERT counts once per 1,000 rows (SQLAlchemy's
"insertmanyvalues"). SQLite's BEGIN statements are not counted; COMMITs never are.

The peer is what a first attempt looks like: for each active subscription, one query for its
last delivery, one for its channel's history, one INSERT for the claim, the send, one UPDATE
to mark it sent, one INSERT into the history, one UPDATE of next_due_at. Same outcome, a
query per row.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, create_engine, event, func, insert, select, update  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

from bot.core.knowledge import KnowledgeBase  # noqa: E402
from bot.core.loader import load_knowledge  # noqa: E402
from bot.core.models import PracticePrompt  # noqa: E402
from bot.core.practice.rotation import Shown, next_prompt  # noqa: E402
from bot.core.practice.schedule import EVERY_DAY, Schedule, due_local_date, next_run  # noqa: E402
from bot.scheduler.clock import BATCH_SIZE, tick  # noqa: E402
from bot.storage.config import normalize_url  # noqa: E402
from bot.storage.engine import dialect_insert  # noqa: E402
from bot.storage.migrate import upgrade  # noqa: E402
from bot.storage.models import ChannelPrompt, Delivery, DeliveryState, Subscription  # noqa: E402
from bot.storage.store import Store  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"
ZONES = ("UTC", "Europe/London", "Europe/Berlin", "America/New_York", "America/Chicago", "America/Los_Angeles",
         "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland", "America/Sao_Paulo", "Africa/Lagos")  # fmt: skip
NOW = datetime(2024, 3, 12, 13, 0, tzinfo=UTC)


class InstantSender:
    def __init__(self) -> None:
        self.sent = 0

    def send_prompt(self, channel_id: str, prompt: PracticePrompt) -> str:
        self.sent += 1
        return f"1710000000.{self.sent:06d}"


@dataclass
class Counter:
    statements: int = 0

    def attach(self, engine: Engine) -> None:
        def count(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
            if not statement.startswith("BEGIN"):
                self.statements += 1

        event.listen(engine, "before_cursor_execute", count)


@contextmanager
def database(url: str) -> Iterator[str]:
    """A fresh, migrated database: a new schema on PostgreSQL, a new file on SQLite."""
    url = normalize_url(url)
    if make_url(url).get_backend_name() == "sqlite":
        path = Path(make_url(url).database or "bench.sqlite3")
        fresh = path.with_name(f"{path.stem}-{uuid.uuid4().hex[:8]}.sqlite3")
        try:
            yield _migrated(f"sqlite:///{fresh}")
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{fresh}{suffix}").unlink(missing_ok=True)
        return
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, poolclass=NullPool)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield _migrated(
            make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(False)
        )
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def _migrated(url: str) -> str:
    upgrade(url)
    return url


def populate(store: Store, count: int, history: int, prompt_ids: list[str]) -> None:
    """`count` subscriptions due at NOW, each in one of ZONES at NOW's local time there, each with
    `history` earlier days of deliveries and rotation history, as a clock running for weeks leaves."""
    subs, deliveries, shown = [], [], []
    created = NOW - timedelta(days=history + 1)
    for n in range(count):
        zone = ZONES[n % len(ZONES)]
        local = NOW.astimezone(ZoneInfo(zone))
        schedule = Schedule(local.time().replace(second=0, microsecond=0), zone, EVERY_DAY)
        subs.append({"id": n + 1, "team_id": "T1", "channel_id": f"C{n:06d}", "local_time": schedule.at,
                     "timezone": zone, "days_mask": schedule.days_mask, "created_by": "U1", "active": True,
                     "paused": False, "next_due_at": NOW, "created_at": created, "updated_at": created})  # fmt: skip
        for day in range(history):
            delivery_id = n * history + day + 1
            when = NOW - timedelta(days=history - day)
            prompt_id = prompt_ids[(n + day) % len(prompt_ids)]
            deliveries.append({"id": delivery_id, "subscription_id": n + 1, "local_date": when.astimezone(ZoneInfo(zone)).date(),
                               "prompt_id": prompt_id, "state": "sent", "claimed_at": when, "sent_at": when,
                               "message_ts": f"1.{delivery_id}"})  # fmt: skip
            shown.append({"team_id": "T1", "channel_id": f"C{n:06d}", "prompt_id": prompt_id,
                          "cycle": day // len(prompt_ids), "shown_at": when, "delivery_id": delivery_id})  # fmt: skip
    with store.engine.begin() as connection:
        for table, rows in ((Subscription, subs), (Delivery, deliveries), (ChannelPrompt, shown)):
            for start in range(0, len(rows), 20000):
                connection.execute(insert(table), rows[start : start + 20000])
        if store.engine.dialect.name == "postgresql":
            for table in ("subscriptions", "deliveries"):
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                )
    if store.engine.dialect.name == "postgresql":
        with store.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")


def naive_tick(now: datetime, store: Store, sender: InstantSender, kb: KnowledgeBase) -> int:
    """The peer: the same work, a query (or several) per subscription."""
    engine, sent = store.engine, 0
    with engine.connect() as connection:
        subs = connection.execute(
            select(Subscription).where(Subscription.active.is_(True), Subscription.paused.is_(False))
        ).all()
    for sub in subs:
        schedule = Schedule(sub.local_time, sub.timezone, Schedule.days_from_mask(sub.days_mask))
        with engine.begin() as connection:
            last = connection.execute(
                select(func.max(Delivery.local_date)).where(Delivery.subscription_id == sub.id)
            ).scalar()
            day = due_local_date(schedule, now, last)
            if day is None:
                continue
            history = [
                Shown(p, c)
                for p, c in connection.execute(
                    select(ChannelPrompt.prompt_id, ChannelPrompt.cycle)
                    .where(ChannelPrompt.team_id == sub.team_id, ChannelPrompt.channel_id == sub.channel_id)
                    .order_by(ChannelPrompt.id)
                )
            ]
            pick = next_prompt(f"{sub.team_id}/{sub.channel_id}", kb.practice, history)
            assert pick is not None
            claim = dialect_insert(connection, Delivery).values(
                subscription_id=sub.id, local_date=day, prompt_id=pick.prompt_id,
                state=DeliveryState.CLAIMED.value, claimed_at=now,
            )  # fmt: skip
            delivery_id = connection.execute(
                claim.on_conflict_do_nothing(index_elements=["subscription_id", "local_date"]).returning(
                    Delivery.id
                )
            ).scalar()
        if delivery_id is None:
            continue
        ts = sender.send_prompt(sub.channel_id, kb.practice[pick.prompt_id])
        sent += 1
        with engine.begin() as connection:
            connection.execute(
                update(Delivery)
                .where(Delivery.id == delivery_id)
                .values(state="sent", message_ts=ts, sent_at=now)
            )
            connection.execute(
                insert(ChannelPrompt).values(
                    team_id=sub.team_id, channel_id=sub.channel_id, prompt_id=pick.prompt_id,
                    cycle=pick.cycle, shown_at=now, delivery_id=delivery_id,
                )
            )  # fmt: skip
            connection.execute(
                update(Subscription)
                .where(Subscription.id == sub.id)
                .values(next_due_at=next_run(schedule, now))
            )
    return sent


def measure(
    name: str, url: str, count: int, history: int, kb: KnowledgeBase, naive: bool, batch: int = BATCH_SIZE
) -> dict[str, Any]:
    with database(url) as fresh:
        store = Store.open(fresh)
        try:
            populate(store, count, history, sorted(kb.practice))
            counter, sender = Counter(), InstantSender()
            counter.attach(store.engine)
            started = time.perf_counter()
            sent = (
                naive_tick(NOW, store, sender, kb)
                if naive
                else tick(NOW, store, sender, kb, batch_size=batch).sent
            )
            seconds = time.perf_counter() - started
        finally:
            store.close()
    assert sent == count == sender.sent, (name, sent, count)
    return {"name": name, "seconds": seconds, "sent": sent, **counter.__dict__}


def report(result: dict[str, Any]) -> None:
    n = result["sent"]
    print(
        f"{result['name']:<22} {result['seconds']:8.2f} s   {result['seconds'] / n * 1000:7.3f} ms/sub   "
        f"{result['statements']:6d} queries = {result['statements'] / n:6.3f} per sub"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=os.environ.get("TEST_DATABASE_URL") or DEFAULT_URL)
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--history", type=int, default=20, help="earlier prompts per channel (default 20)")
    parser.add_argument(
        "--batch", type=int, default=BATCH_SIZE, help=f"clock batch size (default {BATCH_SIZE})"
    )
    parser.add_argument("--no-naive", action="store_true", help="skip the per-row peer")
    args = parser.parse_args()
    kb = load_knowledge()
    kb = replace(kb, practice=dict(sorted(kb.practice.items())))
    shown = make_url(normalize_url(args.url)).render_as_string(hide_password=True)
    print(f"{args.subscriptions:,} due subscriptions, {args.history} earlier prompts each, "
          f"{len(kb.practice)} prompts; {shown}")  # fmt: skip
    name = f"clock tick (batch {args.batch})"
    report(measure(name, args.url, args.subscriptions, args.history, kb, naive=False, batch=args.batch))
    if not args.no_naive:
        report(measure("naive per-row loop", args.url, args.subscriptions, args.history, kb, naive=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
