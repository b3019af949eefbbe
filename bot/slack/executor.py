"""The thread pool that does the work after each ack, and knows when it is idle.

Every listener's work after its ack runs here (bot/slack/listeners/work.py). Counting work
from submission (during the request, before the ack is returned) to completion lets a worker
finish every reply it owes before it exits, and lets tests wait for quiet instead of sleeping.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any


class TrackedExecutor(ThreadPoolExecutor):
    def __init__(self, max_workers: int, thread_name_prefix: str = "rolebot-work") -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix=thread_name_prefix)
        self._pending = 0
        self._idle = threading.Condition()

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._idle:
            self._pending += 1
        try:
            future = super().submit(fn, *args, **kwargs)
        except BaseException:
            self._done(None)
            raise
        future.add_done_callback(self._done)
        return future

    def _done(self, _future: Future[Any] | None) -> None:
        with self._idle:
            self._pending -= 1
            if self._pending == 0:
                self._idle.notify_all()

    @property
    def pending(self) -> int:
        with self._idle:
            return self._pending

    def wait_idle(self, timeout: float) -> bool:
        """Block until no work is queued or running; False if still busy after `timeout` seconds."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout=timeout)


class AckFirst:
    """Acks before answers: work after the ack waits while requests are coming in.

    In one Python process the request threads and the work threads share one interpreter lock,
    so during a burst every millisecond spent answering is one not spent acking, and Slack's
    3-second deadline is on the ack. So work starts once no request has been in the middle of
    being acknowledged for `quiet` seconds (at once when traffic is light), and never waits
    longer than `max_delay` after it was queued (as long as Slack gives an ack), so steady
    traffic cannot starve the answers; under sustained overload the two simply share the CPU.
    """

    def __init__(self, quiet: float = 0.02, max_delay: float = 3.0) -> None:
        self.quiet = quiet
        self.max_delay = max_delay
        self._acking = 0
        self._last = float("-inf")
        self._lock = threading.Lock()
        self._turnstile = threading.Lock()
        """Only one waiting worker at a time watches the traffic; the others queue behind it, asleep."""

    def __enter__(self) -> AckFirst:
        with self._lock:
            self._acking += 1
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._acking -= 1
            self._last = time.monotonic()

    def wait_turn(self, queued_at: float) -> None:
        """Called by work before it starts; returns at once when no request came in lately."""
        deadline = queued_at + self.max_delay
        if self._quiet_now() or time.monotonic() >= deadline:
            return
        with self._turnstile:
            while not self._quiet_now():
                now = time.monotonic()
                if now >= deadline:
                    return
                time.sleep(min(self.quiet, deadline - now))

    def _quiet_now(self) -> bool:
        with self._lock:
            return not self._acking and time.monotonic() - self._last >= self.quiet
