"""The clock's queries: a handful per batch of subscriptions, never one per subscription.

A tick (bot.scheduler.clock) runs:

1. `expire_claims` — one UPDATE … RETURNING: claims a crash left behind become 'unknown';
2. `due` — ONE query for every subscription whose `next_due_at` has come, with the local
   date it last had a prompt;
3. per batch: `history` (one query: the latest rotation cycle of every channel in the batch),
   `claim` (one multi-row INSERT … ON CONFLICT DO NOTHING RETURNING, one multi-row INSERT of
   the rotation history, one executemany UPDATE of `next_due_at`, in one transaction), the
   sends, then `finish` (executemany UPDATEs recording what happened, in one transaction).

The UNIQUE (subscription_id, local_date) on deliveries is what makes a prompt go out once:
whichever clock inserts the row sends, every other clock's insert does nothing. Rows are
claimed in subscription id order, so two clocks claiming overlapping batches on PostgreSQL
wait for each other instead of deadlocking.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Engine, and_, bindparam, delete, func, insert, select, update

from bot.core.practice.rotation import Shown
from bot.core.practice.schedule import Schedule
from bot.storage.engine import dialect_insert
from bot.storage.models import ChannelPrompt, Delivery, DeliveryState, Subscription


@dataclass(frozen=True)
class DueSubscription:
    id: int
    team_id: str
    channel_id: str
    local_time: time
    timezone: str
    days_mask: int
    last_local_date: date | None
    """The last local date claimed for it (whatever became of the claim)."""

    @property
    def channel_key(self) -> str:
        return f"{self.team_id}/{self.channel_id}"

    def schedule(self) -> Schedule:
        """Raises ValueError for a zone this machine's time zone database no longer knows."""
        return Schedule(self.local_time, self.timezone, Schedule.days_from_mask(self.days_mask))


@dataclass(frozen=True)
class Claim:
    subscription: DueSubscription
    local_date: date
    prompt_id: str
    cycle: int


@dataclass(frozen=True)
class ExpiredClaim:
    delivery_id: int
    subscription_id: int
    channel_id: str | None
    local_date: date
    prompt_id: str


@dataclass
class Outcomes:
    """What became of a batch's claims, recorded by `finish` in one transaction."""

    sent: list[tuple[int, str, datetime]]
    """(delivery id, message ts, sent at)"""
    unknown: list[tuple[int, str]]
    """(delivery id, why): maybe delivered, never retried"""
    failed: list[tuple[int, str]]
    """(delivery id, Slack's error): not delivered, not retried today"""
    released: list[tuple[int, int]]
    """(delivery id, subscription id): not sent; given back so the next tick tries again"""
    paused: list[tuple[int, str]]
    """(subscription id, reason)"""

    @classmethod
    def empty(cls) -> Outcomes:
        return cls([], [], [], [], [])

    def __bool__(self) -> bool:
        return any((self.sent, self.unknown, self.failed, self.released, self.paused))


class ClockStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def expire_claims(self, now: datetime, grace: timedelta) -> list[ExpiredClaim]:
        """Claims older than `grace` that nobody finished: a clock died while sending them.

        They become 'unknown' and are never sent again: Slack may have posted the message
        before the crash, and a missed day is better than a duplicate."""
        with self.engine.begin() as connection:
            rows = connection.execute(
                update(Delivery)
                .where(Delivery.state == DeliveryState.CLAIMED, Delivery.claimed_at < now - grace)
                .values(state=DeliveryState.UNKNOWN, error="claim expired: the clock stopped while sending")
                .returning(Delivery.id, Delivery.subscription_id, Delivery.local_date, Delivery.prompt_id)
            ).all()
            if not rows:
                return []
            channels = dict(
                connection.execute(
                    select(Subscription.id, Subscription.channel_id).where(
                        Subscription.id.in_({r.subscription_id for r in rows})
                    )
                ).all()
            )
        return [
            ExpiredClaim(r.id, r.subscription_id, channels.get(r.subscription_id), r.local_date, r.prompt_id)
            for r in sorted(rows, key=lambda r: r.id)
        ]

    def due(self, now: datetime) -> list[DueSubscription]:
        """Every active, unpaused subscription whose next_due_at has come: one query."""
        last = (
            select(func.max(Delivery.local_date))
            .where(Delivery.subscription_id == Subscription.id)
            .scalar_subquery()
        )
        query = (
            select(
                Subscription.id,
                Subscription.team_id,
                Subscription.channel_id,
                Subscription.local_time,
                Subscription.timezone,
                Subscription.days_mask,
                last.label("last_local_date"),
            )
            .where(
                Subscription.next_due_at <= now,
                Subscription.active.is_(True),
                Subscription.paused.is_(False),
            )
            .order_by(Subscription.next_due_at, Subscription.id)
        )
        with self.engine.connect() as connection:
            return [DueSubscription(*row) for row in connection.execute(query)]

    def history(self, subscription_ids: Iterable[int]) -> dict[int, list[Shown]]:
        """The latest rotation cycle of each subscription's channel, oldest first: one query."""
        ids = sorted(set(subscription_ids))
        if not ids:
            return {}
        s, h = Subscription, ChannelPrompt
        same_channel = and_(h.team_id == s.team_id, h.channel_id == s.channel_id)
        latest = (
            select(h.team_id, h.channel_id, func.max(h.cycle).label("cycle"))
            .join(s, same_channel)
            .where(s.id.in_(ids))
            .group_by(h.team_id, h.channel_id)
            .subquery()
        )
        query = (
            select(s.id, h.prompt_id, h.cycle)
            .join(h, same_channel)
            .join(
                latest,
                and_(
                    latest.c.team_id == h.team_id,
                    latest.c.channel_id == h.channel_id,
                    latest.c.cycle == h.cycle,
                ),
            )
            .where(s.id.in_(ids))
            .order_by(s.id, h.id)
        )
        found: dict[int, list[Shown]] = defaultdict(list)
        with self.engine.connect() as connection:
            for sub_id, prompt_id, cycle in connection.execute(query):
                found[sub_id].append(Shown(prompt_id, cycle))
        return dict(found)

    def claim(
        self, now: datetime, claims: Sequence[Claim], advance: Mapping[int, datetime | None]
    ) -> dict[int, int]:
        """Claim prompts, record them in the channels' rotation, and move each looked-at
        subscription's next_due_at on; one transaction. Returns {subscription id: delivery id}
        for the claims this caller won (a claim another clock already holds is left out)."""
        won: dict[int, int] = {}
        ordered = sorted(claims, key=lambda c: c.subscription.id)
        with self.engine.begin() as connection:
            if ordered:
                # executemany: SQLAlchemy sends it as multi-row INSERTs ("insertmanyvalues"),
                # a statement per 1,000 rows, compiled once and cached
                stmt = dialect_insert(connection, Delivery).on_conflict_do_nothing(
                    index_elements=["subscription_id", "local_date"]
                )
                rows = connection.execute(
                    stmt.returning(Delivery.id, Delivery.subscription_id),
                    [
                        {
                            "subscription_id": c.subscription.id,
                            "local_date": c.local_date,
                            "prompt_id": c.prompt_id,
                            "state": DeliveryState.CLAIMED.value,
                            "claimed_at": now,
                        }
                        for c in ordered
                    ],
                )
                won = {sub_id: delivery_id for delivery_id, sub_id in rows}
            history = [
                {
                    "team_id": c.subscription.team_id,
                    "channel_id": c.subscription.channel_id,
                    "prompt_id": c.prompt_id,
                    "cycle": c.cycle,
                    "shown_at": now,
                    "delivery_id": won[c.subscription.id],
                }
                for c in ordered
                if c.subscription.id in won
            ]
            if history:  # RETURNING makes SQLAlchemy send multi-row INSERTs, not a row per statement
                connection.execute(insert(ChannelPrompt).returning(ChannelPrompt.id), history)
            if advance:
                connection.execute(
                    update(Subscription)
                    .where(Subscription.id == bindparam("sub_id"))
                    .values(next_due_at=bindparam("next_due")),
                    [{"sub_id": k, "next_due": advance[k]} for k in sorted(advance)],
                )
        return won

    def finish(self, now: datetime, outcomes: Outcomes) -> None:
        """Record a batch's outcomes: executemany UPDATEs, one transaction."""
        if not outcomes:
            return
        d, s = Delivery, Subscription
        by_id = d.id == bindparam("delivery_id")
        with self.engine.begin() as connection:
            if outcomes.sent:
                connection.execute(
                    update(d)
                    .where(by_id)
                    .values(state=DeliveryState.SENT, message_ts=bindparam("ts"), sent_at=bindparam("at")),
                    [{"delivery_id": i, "ts": ts, "at": at} for i, ts, at in outcomes.sent],
                )
            for state, rows in (
                (DeliveryState.UNKNOWN, outcomes.unknown),
                (DeliveryState.FAILED, outcomes.failed),
            ):
                if rows:
                    connection.execute(
                        update(d).where(by_id).values(state=state, error=bindparam("why")),
                        [{"delivery_id": i, "why": why[:200]} for i, why in rows],
                    )
            if outcomes.failed:  # nothing was shown: the prompt stays unused in the rotation
                connection.execute(
                    delete(ChannelPrompt).where(
                        ChannelPrompt.delivery_id.in_([i for i, _ in outcomes.failed])
                    )
                )
            # Subscription rows are updated one by one in id order, as `claim` does, so two
            # clocks touching the same rows wait for each other instead of deadlocking.
            if outcomes.released:
                connection.execute(delete(d).where(d.id.in_(sorted(i for i, _ in outcomes.released))))
                connection.execute(
                    update(s)
                    .where(s.id == bindparam("sub_id"), s.active.is_(True), s.paused.is_(False))
                    .values(next_due_at=now),
                    [{"sub_id": sub} for sub in sorted({sub for _, sub in outcomes.released})],
                )
            if outcomes.paused:
                connection.execute(
                    update(s)
                    .where(s.id == bindparam("sub_id"))
                    .values(paused=True, paused_reason=bindparam("why"), next_due_at=None, updated_at=now),
                    [{"sub_id": i, "why": why[:200]} for i, why in sorted(outcomes.paused)],
                )
