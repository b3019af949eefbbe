"""A channel's subscription to daily practice as the people in it see it: its schedule, whether it
is paused, and when the next question comes (as the clock will send it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.core.practice.schedule import Schedule, due_local_date, next_run


@dataclass(frozen=True)
class SubscriptionStatus:
    id: int
    team_id: str
    channel_id: str
    schedule: Schedule
    created_by: str
    paused: bool
    paused_reason: str | None
    next_run: datetime | None
    """The next prompt, in UTC (`next_run_local` in the channel's zone); None while paused."""
    last_sent: date | None
    """The local date of the last prompt Slack accepted."""

    @property
    def next_run_local(self) -> datetime | None:
        return self.next_run.astimezone(self.schedule.tz) if self.next_run else None


def upcoming(
    schedule: Schedule, now: datetime, last_claimed: date | None, next_due_at: datetime | None = None
) -> datetime:
    """When the channel's next prompt comes, as the clock will see it.

    Today's time when it has come but the prompt is not sent yet (the clock sends it at its
    next tick, so this may be a minute in the past); otherwise the next scheduled time on a
    day after the last one that had a prompt, and not before `next_due_at` (subscribing at
    10:00 to 09:00 starts tomorrow)."""
    if next_due_at is not None and next_due_at > now:
        moment = next_due_at
    else:
        due = due_local_date(schedule, now, last_claimed)
        if due is not None:
            return schedule.occurrence(due)
        moment = next_run(schedule, now)
    while last_claimed is not None and moment.astimezone(schedule.tz).date() <= last_claimed:
        moment = next_run(schedule, moment)
    return moment
