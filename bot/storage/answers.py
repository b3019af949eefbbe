"""Practice answers and the progress computed from them.

By default an answer is kept as its score and the *names* of the rubric points it covered
and missed, never its text: people write about their real work in these answers. With
ROLEBOT_STORE_ANSWER_TEXT=true (an operator's choice, say for coaching) the text is kept too.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, insert, select

from bot.core.practice.progress import RECENT, Progress
from bot.storage.models import PracticeAnswer

MOST_MISSED = 3


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (ValueError, OSError, KeyError):
        return ZoneInfo("UTC")


class Answers:
    def __init__(self, engine: Engine, store_text: bool = False) -> None:
        self.engine = engine
        self.store_text = store_text
        """Whether the text of answers is kept (ROLEBOT_STORE_ANSWER_TEXT); else only scores and points."""

    def record_answer(
        self,
        *,
        team_id: str,
        user_id: str,
        prompt_id: str,
        score: float,
        covered: Sequence[str],
        missed: Sequence[str],
        answer_text: str | None = None,
        answered_at: datetime | None = None,
    ) -> int:
        """Keep one scored answer; `answer_text` is dropped unless ROLEBOT_STORE_ANSWER_TEXT is on."""
        if not math.isfinite(score):
            raise ValueError(f"score must be a number, not {score!r}")
        with self.engine.begin() as connection:
            return connection.execute(
                insert(PracticeAnswer)
                .values(
                    team_id=team_id,
                    user_id=user_id,
                    prompt_id=prompt_id,
                    score=float(score),
                    covered=list(covered),
                    missed=list(missed),
                    # PostgreSQL's text cannot hold NUL, and no person typed one
                    answer_text=answer_text.replace("\x00", "") if self.store_text and answer_text else None,
                    answered_at=answered_at or datetime.now(UTC),
                )
                .returning(PracticeAnswer.id)
            ).scalar_one()

    def progress(
        self, team_id: str, user_id: str, zone: str | None = None, now: datetime | None = None
    ) -> Progress:
        """Answers, streak (consecutive days with an answer in the user's zone, else UTC; a streak
        is still alive today if it reached yesterday), average score and the points most missed."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(PracticeAnswer.score, PracticeAnswer.missed, PracticeAnswer.answered_at)
                .where(PracticeAnswer.team_id == team_id, PracticeAnswer.user_id == user_id)
                .order_by(PracticeAnswer.answered_at, PracticeAnswer.id)
            ).all()
        if not rows:
            return Progress(answered=0, streak_days=0, average_score=None, most_missed=())
        tz = _zone(zone)
        days = {row.answered_at.astimezone(tz).date() for row in rows}
        today = (now or datetime.now(UTC)).astimezone(tz).date()
        day = today if today in days else today - timedelta(days=1)
        streak = 0
        while day in days:
            streak, day = streak + 1, day - timedelta(days=1)
        missed = Counter(name for row in rows for name in row.missed or ())
        most = sorted(missed.items(), key=lambda item: (-item[1], item[0]))[:MOST_MISSED]
        return Progress(
            answered=len(rows),
            streak_days=streak,
            average_score=sum(row.score for row in rows) / len(rows),
            most_missed=tuple(most),
            recent_scores=tuple(row.score for row in rows[-RECENT:]),
        )
