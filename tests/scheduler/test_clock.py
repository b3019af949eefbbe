"""The clock's promises, each against SQLite and (with TEST_DATABASE_URL) PostgreSQL."""

from __future__ import annotations

import logging
import math
import os
import signal
import threading
from collections import Counter
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, text, update

from bot.core.knowledge import KnowledgeBase
from bot.core.practice.schedule import EVERY_DAY, WEEKDAYS, Schedule
from bot.scheduler.clock import (
    MAX_RATE_LIMIT_WAITS,
    MISSED_A_DAY,
    run_forever,
    seconds_to_next_minute,
    tick,
)
from bot.scheduler.sender import ChannelGone, RateLimited, SendFailed
from bot.storage.models import Subscription
from bot.storage.store import Store
from tests.db_helpers import Crash, FakeClock, FakeSender, bulk_subscribe, kb_with, utc

DAILY_9_LONDON = Schedule(time(9), "Europe/London", EVERY_DAY)


def subscribe(store: Store, channel: str, schedule: Schedule = DAILY_9_LONDON, team: str = "T1") -> int:
    return store.subscriptions.subscribe(team, channel, schedule, "U1", now=utc(2024, 1, 1)).id


def states(store: Store) -> dict[str, list[str]]:
    with store.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT s.channel_id, d.state FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id "
                "ORDER BY d.local_date, s.channel_id"
            )
        )
        found: dict[str, list[str]] = {}
        for channel, state in rows:
            found.setdefault(channel, []).append(state)
        return found


# --- once a day, at the local time -----------------------------------------------------------------


def test_one_prompt_per_subscription_per_local_day(store: Store, kb: KnowledgeBase) -> None:
    subscribe(store, "C1")
    subscribe(store, "C2", Schedule(time(9), "America/New_York", EVERY_DAY))
    sender = FakeSender()
    # Monday 2024-03-04: 09:00 London = 09:00 UTC; 09:00 New York = 14:00 UTC. Every minute
    # around both, every ten minutes between.
    minutes = [
        *range(8 * 60 + 55, 9 * 60 + 5),
        *range(9 * 60 + 5, 13 * 60 + 55, 10),
        *range(13 * 60 + 55, 14 * 60 + 5),
    ]
    for minute in minutes:
        tick(utc(2024, 3, 4) + timedelta(minutes=minute), store, sender, kb)
    assert sender.channels() == ["C1", "C2"]
    report = tick(utc(2024, 3, 4, 23, 59), store, sender, kb)
    assert report.sent == 0 and report.looked_at == 0
    tick(utc(2024, 3, 5, 9), store, sender, kb)
    assert sender.channels() == ["C1", "C2", "C1"]
    assert states(store) == {"C1": ["sent", "sent"], "C2": ["sent"]}


def test_a_missed_tick_is_caught_up_later_the_same_local_day_never_the_next(
    store: Store, kb: KnowledgeBase
) -> None:
    subscribe(store, "C1")
    sender = FakeSender()
    report = tick(utc(2024, 3, 4, 14, 30), store, sender, kb)  # the clock was down from 08:00 to 14:30
    assert report.sent == 1 and sender.channels() == ["C1"]
    # down from the 5th at 08:00 until the 6th at 08:30: the 5th's prompt is not sent on the 6th
    assert tick(utc(2024, 3, 6, 8, 30), store, sender, kb).sent == 0
    assert tick(utc(2024, 3, 6, 9), store, sender, kb).sent == 1
    with store.engine.connect() as connection:
        days = connection.execute(text("SELECT local_date FROM deliveries ORDER BY local_date")).scalars()
        assert [str(d) for d in days] == ["2024-03-04", "2024-03-06"]


def test_weekdays_are_honoured_in_the_channels_zone(store: Store, kb: KnowledgeBase) -> None:
    subscribe(store, "C-akl", Schedule(time(9), "Pacific/Auckland", WEEKDAYS))  # UTC+13 in March
    sender = FakeSender()
    # Friday 2024-03-08 20:00 UTC is Saturday 09:00 in Auckland: no prompt
    assert tick(utc(2024, 3, 8, 20), store, sender, kb).sent == 0
    # Sunday 2024-03-10 20:00 UTC is Monday 09:00 in Auckland: a prompt
    assert tick(utc(2024, 3, 10, 20), store, sender, kb).sent == 1
    with store.engine.connect() as connection:
        assert str(connection.execute(text("SELECT local_date FROM deliveries")).scalar()) == "2024-03-11"


@pytest.mark.parametrize(
    ("zone", "first_day"),
    [("America/New_York", datetime(2024, 3, 8)), ("Europe/Berlin", datetime(2024, 10, 25))],
)
def test_nine_local_on_both_sides_of_a_real_dst_change(
    store: Store, kb: KnowledgeBase, zone: str, first_day: datetime
) -> None:
    subscribe(store, "C1", Schedule(time(9), zone, EVERY_DAY))
    sender = FakeSender()
    tz = ZoneInfo(zone)
    start = first_day.replace(tzinfo=tz)
    sent_at: list[datetime] = []
    for step in range(4 * 24 * 2):  # four days, a tick every 30 minutes
        now = start + timedelta(minutes=30 * step)
        if tick(now, store, sender, kb).sent:
            sent_at.append(now.astimezone(tz))
    assert [(m.day, m.hour, m.minute) for m in sent_at] == [(first_day.day + d, 9, 0) for d in range(4)]
    assert len({m.utcoffset() for m in sent_at}) == 2  # the change was crossed


# --- rotation ------------------------------------------------------------------------------------


def test_no_prompt_repeats_until_the_channel_has_had_them_all(store: Store, kb: KnowledgeBase) -> None:
    ids = sorted(kb.practice)[:6]
    five, six = kb_with(kb, ids=ids[:5]), kb_with(kb, ids=ids)
    subscribe(store, "C1")
    subscribe(store, "C2")
    sender = FakeSender()
    for day in range(1, 4):
        tick(utc(2024, 3, day, 9), store, sender, five)
    for day in range(4, 13):  # a sixth prompt was added on the 4th: it joins the rotation
        tick(utc(2024, 3, day, 9), store, sender, six)
    for channel in ("C1", "C2"):
        shown = [p for c, p in sender.sent if c == channel]
        assert len(shown) == 12
        assert sorted(shown[:6]) == ids and sorted(shown[6:]) == ids
    assert [p for c, p in sender.sent if c == "C1"] != [p for c, p in sender.sent if c == "C2"]


# --- rate limits, channels gone, failures --------------------------------------------------------


def test_rate_limits_are_waited_out(store: Store, kb: KnowledgeBase) -> None:
    subscribe(store, "C1")
    sender = FakeSender(script={"C1": [RateLimited(30), RateLimited(12.5)]})
    clock = FakeClock(utc(2024, 3, 4, 9))
    report = tick(clock.now(), store, sender, kb, sleep=clock.sleep)
    assert clock.sleeps == [30, 12.5]
    assert report.sent == 1 and report.rate_limit_waits == 2 and sender.channels() == ["C1"]


def test_a_rate_limit_that_does_not_clear_is_tried_again_at_the_next_tick(
    store: Store, kb: KnowledgeBase
) -> None:
    subscribe(store, "C1")
    sender = FakeSender(script={"C1": [RateLimited(1)] * (MAX_RATE_LIMIT_WAITS + 1)})
    clock = FakeClock(utc(2024, 3, 4, 9))
    report = tick(clock.now(), store, sender, kb, sleep=clock.sleep)
    assert report.released == 1 and report.sent == 0 and states(store) == {}
    assert tick(utc(2024, 3, 4, 9, 1), store, sender, kb).sent == 1
    assert sender.channels() == ["C1"] and states(store) == {"C1": ["sent"]}


def test_a_batch_stops_waiting_well_inside_the_claims_grace_period(store: Store, kb: KnowledgeBase) -> None:
    subscribe(store, "C1")
    sender = FakeSender(script={"C1": [RateLimited(110)] * 3})
    clock = FakeClock(utc(2024, 3, 4, 9))
    report = tick(clock.now(), store, sender, kb, sleep=clock.sleep, grace=timedelta(minutes=15))
    assert clock.sleeps == [110, 110]  # a third wait would pass 5 of the 15 minutes
    assert (report.released, report.sent) == (1, 0)


def test_a_stop_signal_during_a_rate_limit_wait_gives_the_claim_back(store: Store, kb: KnowledgeBase) -> None:
    subscribe(store, "C1")
    stop = threading.Event()
    sender = FakeSender(script={"C1": [RateLimited(30)]})
    report = tick(utc(2024, 3, 4, 9), store, sender, kb, sleep=lambda _: stop.set(), stop=stop)
    assert (report.released, report.sent, sender.attempts) == (1, 0, ["C1"])
    assert tick(utc(2024, 3, 4, 9, 1), store, sender, kb).sent == 1


def test_a_channel_gone_pauses_its_subscription_with_a_log_line(
    store: Store, kb: KnowledgeBase, caplog: pytest.LogCaptureFixture
) -> None:
    subscribe(store, "C-archived")
    subscribe(store, "C-fine")
    sender = FakeSender(script={"C-archived": [ChannelGone("is_archived")]})
    with caplog.at_level(logging.WARNING, logger="bot.scheduler.clock"):
        report = tick(utc(2024, 3, 4, 9), store, sender, kb)
    assert report.paused == 1 and report.sent == 1
    assert any("paused a subscription" in r.getMessage() for r in caplog.records)
    status = store.subscriptions.status("T1", "C-archived")
    assert status.paused and "is_archived" in status.paused_reason and status.next_run is None
    for day in (5, 6):  # not retried every day
        tick(utc(2024, 3, day, 9), store, sender, kb)
    assert sender.attempts.count("C-archived") == 1
    # invited back and subscribed again: prompts resume
    store.subscriptions.subscribe("T1", "C-archived", DAILY_9_LONDON, "U1", now=utc(2024, 3, 6, 10))
    tick(utc(2024, 3, 7, 9), store, sender, kb)
    assert sender.channels().count("C-archived") == 1


def test_a_send_that_may_have_reached_slack_is_never_repeated(
    store: Store, kb: KnowledgeBase, caplog: pytest.LogCaptureFixture
) -> None:
    subscribe(store, "C1")
    sender = FakeSender(script={"C1": [SendFailed("timeout", maybe_delivered=True)]})
    with caplog.at_level(logging.ERROR, logger="bot.scheduler.clock"):
        assert tick(utc(2024, 3, 4, 9), store, sender, kb).unknown == 1
    assert any(MISSED_A_DAY in r.getMessage() for r in caplog.records)
    tick(utc(2024, 3, 4, 12), store, sender, kb)
    assert sender.attempts == ["C1"] and states(store) == {"C1": ["unknown"]}
    tick(utc(2024, 3, 5, 9), store, sender, kb)
    assert states(store) == {"C1": ["unknown", "sent"]}


def test_a_refused_prompt_skips_the_day_and_stays_unused_in_the_rotation(
    store: Store, kb: KnowledgeBase
) -> None:
    subscribe(store, "C1")
    sender = FakeSender(script={"C1": [SendFailed("invalid_blocks", maybe_delivered=False)]})
    assert tick(utc(2024, 3, 4, 9), store, sender, kb).failed == 1
    tick(utc(2024, 3, 4, 9, 5), store, sender, kb)
    assert sender.attempts == ["C1"]
    tick(utc(2024, 3, 5, 9), store, sender, kb)
    with store.engine.connect() as connection:
        refused, sent = connection.execute(
            text("SELECT prompt_id FROM deliveries ORDER BY local_date")
        ).scalars()
        assert connection.execute(text("SELECT count(*) FROM channel_prompts")).scalar() == 1
    assert refused == sent  # nothing was shown, so the same prompt is still next


def test_a_zone_the_database_no_longer_knows_pauses_the_subscription(store: Store, kb: KnowledgeBase) -> None:
    sub = subscribe(store, "C1")
    with store.engine.begin() as connection:
        connection.execute(update(Subscription).where(Subscription.id == sub).values(timezone="Mars/Base"))
    assert tick(utc(2024, 3, 4, 9), store, FakeSender(), kb).paused == 1
    assert "Mars/Base" in store.subscriptions.status("T1", "C1").paused_reason


def test_with_no_prompts_nothing_is_claimed_and_it_stays_due(store: Store, kb: KnowledgeBase) -> None:
    subscribe(store, "C1")
    sender = FakeSender()
    assert tick(utc(2024, 3, 4, 9), store, sender, kb_with(kb, 0)).claimed == 0
    assert tick(utc(2024, 3, 4, 9, 1), store, sender, kb).sent == 1


# --- crashes, restarts and concurrent clocks -----------------------------------------------------


def test_a_crash_in_the_middle_of_a_tick_never_sends_twice(
    store: Store, kb: KnowledgeBase, caplog: pytest.LogCaptureFixture
) -> None:
    for n in range(5):
        subscribe(store, f"C{n}")
    sender = FakeSender(crash_on_attempt=3)
    with pytest.raises(Crash):
        tick(utc(2024, 3, 4, 9), store, sender, kb)
    crashed = sender.attempts[2]
    assert len(sender.sent) == 2
    # restarted a minute later: the two never attempted go out; the one in flight does not
    sender.crash_on_attempt = None
    assert tick(utc(2024, 3, 4, 9, 1), store, sender, kb).sent == 2
    assert tick(utc(2024, 3, 4, 9, 10), store, sender, kb).sent == 0
    with caplog.at_level(logging.WARNING, logger="bot.scheduler.clock"):
        report = tick(utc(2024, 3, 4, 9, 20), store, sender, kb)  # past the grace period
    assert report.expired == 1
    assert any(MISSED_A_DAY in r.getMessage() for r in caplog.records)
    assert Counter(sender.attempts) == Counter({f"C{n}": 1 for n in range(5)})
    assert crashed not in sender.channels()
    assert states(store)[crashed] == ["unknown"]
    tick(utc(2024, 3, 5, 9), store, sender, kb)  # the next day, as usual
    assert sender.channels().count(crashed) == 1


def test_a_stop_signal_mid_tick_gives_the_rest_back_to_the_next_clock(
    store: Store, kb: KnowledgeBase
) -> None:
    for n in range(5):
        subscribe(store, f"C{n}")
    stop = threading.Event()

    class StopAfterTwo(FakeSender):
        def send_prompt(self, channel_id, prompt):  # type: ignore[no-untyped-def]
            ts = super().send_prompt(channel_id, prompt)
            if len(self.sent) == 2:
                stop.set()  # SIGTERM arrives while the second message is being sent
            return ts

    sender = StopAfterTwo()
    report = tick(utc(2024, 3, 4, 9), store, sender, kb, stop=stop)
    assert (report.sent, report.released) == (2, 3)
    assert tick(utc(2024, 3, 4, 9, 1), store, sender, kb).sent == 3
    assert sorted(sender.channels()) == [f"C{n}" for n in range(5)]


def test_two_clocks_ticking_at_once_send_each_prompt_exactly_once(
    migrated_url: str, kb: KnowledgeBase
) -> None:
    """Two clocks, each with its own engine and connections (as two processes would have),
    tick the same minute at the same moment; every subscription gets exactly one message."""
    clocks = [Store.open(migrated_url) for _ in range(2)]
    count = 120
    try:
        bulk_subscribe(clocks[0], [f"C{n:03d}" for n in range(count)], DAILY_9_LONDON)
        sender = FakeSender(delay=0.0005)
        start = threading.Barrier(2)
        reports = []

        def run(store: Store) -> None:
            start.wait()
            reports.append(tick(utc(2024, 3, 4, 9), store, sender, kb, batch_size=10))

        threads = [threading.Thread(target=run, args=(s,)) for s in clocks]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        sent = Counter(sender.channels())
        assert len(sent) == count and set(sent.values()) == {1}
        assert sum(r.claimed for r in reports) == count
        assert sum(r.sent for r in reports) == count
        assert states(clocks[0]) == {f"C{n:03d}": ["sent"] for n in range(count)}
    finally:
        for s in clocks:
            s.close()


def test_a_tick_uses_a_few_queries_per_batch_not_one_per_subscription(
    store: Store, kb: KnowledgeBase
) -> None:
    bulk_subscribe(store, [f"C{n:03d}" for n in range(250)], DAILY_9_LONDON)
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    report = tick(utc(2024, 3, 4, 9), store, FakeSender(), kb, batch_size=100)
    assert report.sent == 250
    batches = math.ceil(250 / 100)
    queries = [s for s in statements if not s.startswith("BEGIN")]  # SQLite's BEGIN IMMEDIATE
    assert len(queries) <= 4 + 5 * batches, queries  # 4: expire, prune, purge uninstalled, due


# --- the loop ------------------------------------------------------------------------------------


def test_the_loop_ticks_at_the_start_of_each_minute(store: Store, kb: KnowledgeBase) -> None:
    subscribe(store, "C1")
    clock = FakeClock(utc(2024, 3, 4, 8, 58, 30))
    sender = FakeSender()
    run_forever(store, sender, kb, clock=clock, handle_signals=False, max_ticks=4)
    assert clock.sleeps[0] == pytest.approx(30.2)
    assert clock.sleeps[1:] == [pytest.approx(60.0)] * 2
    assert sender.channels() == ["C1"]  # at 09:00:00.2, the third tick
    assert seconds_to_next_minute(utc(2024, 3, 4, 9, 0, 59)) == pytest.approx(1.2)


def test_the_loop_stops_cleanly_on_sigterm(store: Store, kb: KnowledgeBase) -> None:
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGTERM))
    previous = signal.getsignal(signal.SIGTERM)
    timer.start()
    finished = threading.Event()
    try:
        run_forever(store, FakeSender(), kb)  # the real clock: sleeps until SIGTERM arrives
        finished.set()
    finally:
        timer.cancel()
    assert finished.is_set()
    assert signal.getsignal(signal.SIGTERM) is previous


def test_the_loop_keeps_going_when_a_tick_fails(
    store: Store, kb: KnowledgeBase, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args[0])
        raise RuntimeError("database is down")

    monkeypatch.setattr("bot.scheduler.clock.tick", broken)
    with caplog.at_level(logging.ERROR, logger="bot.scheduler.clock"):
        run_forever(
            store, FakeSender(), kb, clock=FakeClock(utc(2024, 3, 4, 9)), handle_signals=False, max_ticks=2
        )
    assert len(calls) == 2 and "the tick failed" in caplog.text


def test_the_tick_needs_an_aware_now(store: Store, kb: KnowledgeBase) -> None:
    with pytest.raises(ValueError):
        tick(datetime(2024, 3, 4, 9), store, FakeSender(), kb)
