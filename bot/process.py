"""What a long-running bot process does once its start-up is over."""

from __future__ import annotations

import gc


def settle() -> None:
    """Call once the knowledge, the index and the caches built at start-up exist: they live as long as
    the process, so they are moved out of the collector's sight (its full passes would otherwise walk
    millions of objects in the middle of an ack or a feedback, tens of milliseconds each), and young
    collections run less often. The benchmarks call it too, to time what a running bot does."""
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)  # the default is 700
