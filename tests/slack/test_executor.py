"""Acks first: the work pool waits for a lull, and knows when it is idle."""

from __future__ import annotations

import threading
import time

from bot.slack.executor import AckFirst, TrackedExecutor


def test_work_waits_while_requests_are_being_acked_but_not_forever() -> None:
    gate = AckFirst(quiet=0.01, max_delay=0.3)
    started = time.monotonic()
    gate.wait_turn(started)
    assert time.monotonic() - started < 0.05, "no traffic: work starts at once"
    with gate:
        gate.wait_turn(time.monotonic())
    waited = time.monotonic() - started
    assert 0.25 <= waited < 1.0, "a request in flight holds work back, but only up to max_delay"

    done = threading.Event()
    with gate:
        worker = threading.Thread(target=lambda: (gate.wait_turn(time.monotonic()), done.set()))
        worker.start()
        assert not done.wait(0.05), "work waits while a request is being acked"
    assert done.wait(1.0), "and goes once the acks are done"
    worker.join()


def test_tracked_executor_knows_when_it_is_idle() -> None:
    pool = TrackedExecutor(2)
    release = threading.Event()
    pool.submit(release.wait, 5)
    assert pool.pending == 1 and not pool.wait_idle(0.05)
    release.set()
    assert pool.wait_idle(5) and pool.pending == 0
    pool.shutdown()
