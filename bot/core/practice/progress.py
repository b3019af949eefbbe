"""A user's practice progress, as storage computes it and App Home shows it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    answered: int
    """Practice answers submitted."""
    streak_days: int
    """Consecutive days, up to today, with at least one answer."""
    average_score: float | None
    """Mean score of the answers, 0 to 100; None before the first answer."""
    most_missed: tuple[tuple[str, int], ...] = ()
    """Rubric point names with how often each was missed, most missed first."""
    recent_scores: tuple[int, ...] = ()
    """The latest scores, oldest first (at most `RECENT`), for the trend App Home shows."""


RECENT = 10
_BARS = "▁▂▃▄▅▆▇█"


def trend(scores: tuple[int, ...]) -> str | None:
    """The scores as a small bar chart and in words: "▃▅▇ 42 → 61 → 78: up 36 since the first of these"."""
    if len(scores) < 2:
        return None
    scores = scores[-RECENT:]
    bars = "".join(_BARS[min(len(_BARS) - 1, max(0, s) * len(_BARS) // 101)] for s in scores)
    change = scores[-1] - scores[0]
    words = f"up {change}" if change > 0 else f"down {-change}" if change < 0 else "level"
    return f"{bars}  {' → '.join(str(s) for s in scores)}: {words} since the first of these"
