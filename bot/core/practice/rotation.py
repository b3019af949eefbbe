"""Which practice prompt a channel gets next: none repeats until the channel has had them all.

A channel's history is split into *cycles*. Each prompt shown is recorded with the cycle it
belongs to; a cycle is complete once every prompt in the knowledge base *now* has been shown
in it, and then the next cycle starts. So:

* no prompt repeats within a cycle;
* a prompt added to the knowledge base later joins the current cycle (it has not been shown
  in it yet); a prompt removed from it is ignored wherever it appears in the history;
* the order within a cycle is a shuffle seeded by the channel and the cycle number, so
  channels do not all get the same question on the same day, and the pick is a pure
  function of (channel, available prompts, history): deterministic and testable;
* the first prompt of a new cycle is never the last one of the previous cycle.

Only the latest cycle matters, so callers may pass just that part of the history.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Shown:
    """One prompt a channel was given, and the cycle it counted in."""

    prompt_id: str
    cycle: int


@dataclass(frozen=True)
class Pick:
    prompt_id: str
    cycle: int


def _rank(channel: str, cycle: int, prompt_id: str) -> bytes:
    return hashlib.sha256(f"{channel}\0{cycle}\0{prompt_id}".encode()).digest()


def next_prompt(channel: str, available: Iterable[str], history: Sequence[Shown]) -> Pick | None:
    """The next prompt for `channel` given what it was shown (oldest first); None if none exist."""
    prompts = frozenset(available)
    if not prompts:
        return None
    cycle = max((s.cycle for s in history), default=0)
    in_cycle = [s.prompt_id for s in history if s.cycle == cycle]
    left = prompts - set(in_cycle)
    last = in_cycle[-1] if in_cycle else None
    if not left:  # the cycle is complete: start the next, without repeating the last prompt at once
        cycle += 1
        left = prompts - {last} if len(prompts) > 1 else prompts
    return Pick(min(left, key=lambda p: _rank(channel, cycle, p)), cycle)
