"""Subscribe, change, pause, unsubscribe, and what `status` says."""

from __future__ import annotations

from datetime import date, time

from bot.core.knowledge import KnowledgeBase
from bot.core.practice.schedule import EVERY_DAY, Schedule
from bot.scheduler.clock import tick
from bot.storage.store import Store
from tests.db_helpers import FakeSender, utc

NINE_LONDON = Schedule(time(9, 0), "Europe/London")


def test_subscribe_then_status_in_the_channels_zone(store: Store) -> None:
    # Friday 2024-03-01 07:00 UTC: 09:00 London is later today
    made = store.subscriptions.subscribe("T1", "C1", NINE_LONDON, "U1", now=utc(2024, 3, 1, 7))
    status = store.subscriptions.status("T1", "C1", now=utc(2024, 3, 1, 7))
    assert status == made
    assert status.schedule == NINE_LONDON and status.created_by == "U1" and not status.paused
    assert status.next_run == utc(2024, 3, 1, 9) and status.next_run_local.hour == 9
    assert status.last_sent is None
    # 09:01 and the clock has not sent it yet: it is due now
    assert store.subscriptions.status("T1", "C1", now=utc(2024, 3, 1, 9, 1)).next_run == utc(2024, 3, 1, 9)
    assert store.subscriptions.status("T1", "C9") is None


def test_subscribing_after_todays_time_starts_tomorrow(store: Store) -> None:
    status = store.subscriptions.subscribe(
        "T1", "C1", Schedule(time(9), "UTC", EVERY_DAY), "U1", now=utc(2024, 3, 1, 10)
    )
    assert status.next_run == utc(2024, 3, 2, 9)


def test_subscribing_again_changes_the_schedule_of_the_one_subscription(store: Store) -> None:
    store.subscriptions.subscribe("T1", "C1", NINE_LONDON, "U1", now=utc(2024, 3, 1))
    changed = Schedule(time(17, 30), "America/New_York", frozenset({0, 2, 4}))
    status = store.subscriptions.subscribe("T1", "C1", changed, "U2", now=utc(2024, 3, 1))
    assert status.schedule == changed and status.created_by == "U2"
    assert status.next_run == utc(2024, 3, 1, 22, 30)  # Friday 17:30 EST
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM subscriptions").scalar() == 1


def test_unsubscribe_then_subscribe_again(store: Store) -> None:
    store.subscriptions.subscribe("T1", "C1", NINE_LONDON, "U1", now=utc(2024, 3, 1))
    assert store.subscriptions.unsubscribe("T1", "C1") is True
    assert store.subscriptions.status("T1", "C1") is None
    assert store.subscriptions.unsubscribe("T1", "C1") is False
    assert store.subscriptions.unsubscribe("T1", "never") is False
    again = store.subscriptions.subscribe("T1", "C1", NINE_LONDON, "U3", now=utc(2024, 3, 1))
    assert again.created_by == "U3" and not again.paused


def test_a_paused_subscription_says_why_and_resumes_when_subscribed_again(store: Store) -> None:
    made = store.subscriptions.subscribe("T1", "C1", NINE_LONDON, "U1", now=utc(2024, 3, 1))
    store.subscriptions.pause(made.id, "the bot cannot post in the channel (is_archived)")
    status = store.subscriptions.status("T1", "C1", now=utc(2024, 3, 1))
    assert status.paused and "is_archived" in status.paused_reason and status.next_run is None
    resumed = store.subscriptions.subscribe("T1", "C1", NINE_LONDON, "U1", now=utc(2024, 3, 1))
    assert not resumed.paused and resumed.paused_reason is None and resumed.next_run is not None


def test_the_same_channel_id_in_two_workspaces_is_two_subscriptions(store: Store) -> None:
    a = store.subscriptions.subscribe("T1", "C1", NINE_LONDON, "U1", now=utc(2024, 3, 1))
    b = store.subscriptions.subscribe("T2", "C1", NINE_LONDON, "U1", now=utc(2024, 3, 1))
    assert a.id != b.id


def test_status_after_todays_prompt_points_at_the_next_day(store: Store, kb: KnowledgeBase) -> None:
    store.subscriptions.subscribe("T1", "C1", Schedule(time(9), "UTC", EVERY_DAY), "U1", now=utc(2024, 3, 1))
    tick(utc(2024, 3, 1, 9), store, FakeSender(), kb)
    # moved to 11:00 the same day: today's prompt was sent, so the next one is tomorrow's
    status = store.subscriptions.subscribe(
        "T1", "C1", Schedule(time(11), "UTC", EVERY_DAY), "U1", now=utc(2024, 3, 1, 10)
    )
    assert status.last_sent == date(2024, 3, 1)
    assert status.next_run == utc(2024, 3, 2, 11)


def test_subscribe_racing_unsubscribe_reports_the_state_it_made(store: Store) -> None:
    """Each subscribe reports the subscription it wrote, whatever an unsubscribe does a moment later."""
    from concurrent.futures import ThreadPoolExecutor

    def subscribe(n: int) -> bool:
        return store.subscriptions.subscribe("T1", f"C{n % 3}", NINE_LONDON, "U1").channel_id == f"C{n % 3}"

    def unsubscribe(n: int) -> bool:
        store.subscriptions.unsubscribe("T1", f"C{n % 3}")
        return True

    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(subscribe if n % 2 else unsubscribe, n // 2) for n in range(120)]
        assert all(f.result() for f in futures)
    for channel in ("C0", "C1", "C2"):
        status = store.subscriptions.status("T1", channel)
        assert status is None or status.schedule == NINE_LONDON
