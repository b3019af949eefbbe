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
