"""Channel subscriptions to daily practice: subscribe, unsubscribe, status, pause."""

from __future__ import annotations

from datetime import UTC, datetime, time

from sqlalchemy import Connection, Engine, func, select, update

from bot.core.practice.schedule import Schedule, next_run
from bot.core.practice.subscription import SubscriptionStatus, upcoming
from bot.storage.engine import dialect_insert
from bot.storage.models import Delivery, DeliveryState, Subscription


def _now(now: datetime | None) -> datetime:
    return now.astimezone(UTC) if now else datetime.now(UTC)


def schedule_of(local_time: time, zone: str, days_mask: int) -> Schedule:
    return Schedule(local_time, zone, Schedule.days_from_mask(days_mask))


class Subscriptions:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def subscribe(
        self, team_id: str, channel_id: str, schedule: Schedule, created_by: str, now: datetime | None = None
    ) -> SubscriptionStatus:
        """Subscribe the channel, or change its schedule (and resume it if it was paused or left).

        The first prompt comes at the next scheduled time after now: subscribing at 10:00 to a
        09:00 schedule starts tomorrow. A channel that already had today's prompt gets no second
        one today, whatever the new time.
        """
        now = _now(now)
        values = {
            "local_time": schedule.at,
            "timezone": schedule.zone,
            "days_mask": schedule.days_mask,
            "created_by": created_by,
            "active": True,
            "paused": False,
            "paused_reason": None,
            "next_due_at": next_run(schedule, now),
            "updated_at": now,
        }
        with self.engine.begin() as connection:
            insert = dialect_insert(connection, Subscription).values(
                team_id=team_id, channel_id=channel_id, created_at=now, **values
            )
            connection.execute(
                insert.on_conflict_do_update(index_elements=["team_id", "channel_id"], set_=values)
            )
            # Read in the same transaction: an unsubscribe racing this one waits for our commit
            # (the row is locked), so what we report is the state we made, not a later one.
            status = self._status(connection, team_id, channel_id, now)
        assert status is not None, "the row written in this transaction is active"
        return status

    def unsubscribe(self, team_id: str, channel_id: str, now: datetime | None = None) -> bool:
        """Stop the channel's prompts; False when it was not subscribed. Its history is kept."""
        with self.engine.begin() as connection:
            result = connection.execute(
                update(Subscription)
                .where(
                    Subscription.team_id == team_id,
                    Subscription.channel_id == channel_id,
                    Subscription.active.is_(True),
                )
                .values(active=False, next_due_at=None, updated_at=_now(now))
            )
            return result.rowcount > 0

    def pause(self, subscription_id: int, reason: str, now: datetime | None = None) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                update(Subscription)
                .where(Subscription.id == subscription_id)
                .values(paused=True, paused_reason=reason[:200], next_due_at=None, updated_at=_now(now))
            )

    def status(self, team_id: str, channel_id: str, now: datetime | None = None) -> SubscriptionStatus | None:
        """The channel's subscription, or None when it has none (never subscribed, or unsubscribed)."""
        with self.engine.connect() as connection:
            return self._status(connection, team_id, channel_id, _now(now))

    @staticmethod
    def _status(
        connection: Connection, team_id: str, channel_id: str, now: datetime
    ) -> SubscriptionStatus | None:
        mine = Delivery.subscription_id == Subscription.id
        last_sent = select(func.max(Delivery.local_date)).where(mine, Delivery.state == DeliveryState.SENT)
        last_claimed = select(func.max(Delivery.local_date)).where(mine)
        row = connection.execute(
            select(
                *Subscription.__table__.columns,
                last_sent.scalar_subquery().label("last_sent"),
                last_claimed.scalar_subquery().label("last_claimed"),
            ).where(
                Subscription.team_id == team_id,
                Subscription.channel_id == channel_id,
                Subscription.active.is_(True),
            )
        ).first()
        if row is None:
            return None
        paused, reason = row.paused, row.paused_reason
        try:
            schedule = schedule_of(row.local_time, row.timezone, row.days_mask)
        except ValueError:  # a zone this machine's tz database does not know: shown in UTC, paused
            schedule = schedule_of(row.local_time, "UTC", row.days_mask)
            paused, reason = True, reason or f"unknown time zone {row.timezone}"
        return SubscriptionStatus(
            id=row.id,
            team_id=row.team_id,
            channel_id=row.channel_id,
            schedule=schedule,
            created_by=row.created_by,
            paused=paused,
            paused_reason=reason,
            next_run=None if paused else upcoming(schedule, now, row.last_claimed, row.next_due_at),
            last_sent=row.last_sent,
        )
