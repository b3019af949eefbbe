"""The thread pool that does the work after each ack, and knows when it is idle.

Bolt runs lazy listeners on this pool. Counting work from submission (during the request,
before the ack is returned) to completion lets a worker finish every reply it owes before
it exits, and lets tests wait for quiet instead of sleeping.
"""

from __future__ import annotations

import threading
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
