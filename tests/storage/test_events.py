"""Slack event de-duplication across processes: the first caller wins, also at the same instant."""

from __future__ import annotations

import threading
from datetime import timedelta

from bot.storage.store import Store
from tests.db_helpers import utc


def test_first_time_only_for_the_first_delivery(store: Store) -> None:
    events = store.events
    assert events.first_time("Ev1") is True
    assert events.first_time("Ev1") is False
    assert events.first_time("Ev2") is True
    events.release("Ev1")  # handling failed before the ack: Slack's retry must be handled
    assert events.claim("Ev1") is True


def test_old_ids_are_pruned(store: Store) -> None:
    events = store.events
    events.first_time("old", now=utc(2024, 3, 1, 9))
    events.first_time("recent", now=utc(2024, 3, 1, 11, 30))
    assert events.prune(now=utc(2024, 3, 1, 12)) == 1
    assert events.first_time("old", now=utc(2024, 3, 1, 12)) is True
    assert events.first_time("recent", now=utc(2024, 3, 1, 12)) is False
    assert events.retention == timedelta(hours=2)


def test_concurrent_deliveries_of_one_event_are_handled_once(migrated_url: str) -> None:
    """Eight "processes" (each with its own engine and connections) see the same ids at once."""
    stores = [Store.open(migrated_url) for _ in range(8)]
    ids = [f"Ev{n}" for n in range(15)]
    wins: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(len(stores))

    def deliver(store: Store) -> None:
        start.wait()
        for event_id in ids:
            if store.events.first_time(event_id):
                with lock:
                    wins.append(event_id)

    threads = [threading.Thread(target=deliver, args=(s,)) for s in stores]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        for s in stores:
            s.close()
    assert sorted(wins) == sorted(ids)
