"""Recorded answers (no text unless asked) and the progress computed from them."""

from __future__ import annotations

import pytest

from bot.core.practice.progress import Progress
from bot.storage.answers import Answers
from bot.storage.store import Store
from tests.db_helpers import utc


def record(
    answers: Answers, when, score: float = 50, missed=("Metrics",), user: str = "U1", text=None
) -> int:
    return answers.record_answer(
        team_id="T1", user_id=user, prompt_id="p1", score=score, covered=["Scope"], missed=list(missed),
        answer_text=text, answered_at=when,
    )  # fmt: skip


def stored_texts(store: Store) -> list:
    with store.engine.connect() as connection:
        return [r[0] for r in connection.exec_driver_sql("SELECT answer_text FROM practice_answers")]


def test_answer_text_is_not_kept_by_default(store: Store) -> None:
    record(store.answers, utc(2024, 3, 1), text="At my last job I migrated 40 services…")
    assert stored_texts(store) == [None]


def test_answer_text_is_kept_when_the_operator_opts_in(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROLEBOT_STORE_ANSWER_TEXT", "true")
    from bot.settings import load_bot_settings

    record(
        Answers(store.engine, load_bot_settings().rolebot_store_answer_text),
        utc(2024, 3, 1),
        text="my answer",
    )
    assert stored_texts(store) == ["my answer"]


def test_a_nul_in_a_kept_answer_is_dropped_not_fatal(store: Store) -> None:
    """PostgreSQL cannot store NUL in text; the answer is kept without it (SQLite too, for the same result)."""
    record(Answers(store.engine, store_text=True), utc(2024, 3, 1), text="my\x00 answer")
    assert stored_texts(store) == ["my answer"]


def test_no_answers_yet(store: Store) -> None:
    assert store.answers.progress("T1", "U1") == Progress(0, 0, None, ())


def test_progress_counts_averages_and_ranks_the_points_most_missed(store: Store) -> None:
    record(store.answers, utc(2024, 3, 1, 12), 40, ("Metrics", "Risks"))
    record(store.answers, utc(2024, 3, 2, 12), 70, ("Metrics",))
    record(store.answers, utc(2024, 3, 3, 12), 90, ("Stakeholders", "Risks", "Metrics"))
    record(store.answers, utc(2024, 3, 3, 13), 100, (), user="someone else")
    progress = store.answers.progress("T1", "U1", now=utc(2024, 3, 3, 18))
    assert progress.answered == 3
    assert progress.average_score == pytest.approx(200 / 3)
    assert progress.most_missed == (("Metrics", 3), ("Risks", 2), ("Stakeholders", 1))
    assert progress.streak_days == 3
    assert progress.recent_scores == (40, 70, 90), "oldest first, for the trend"


def test_the_trend_keeps_the_latest_scores_in_order_whatever_order_they_were_stored(store: Store) -> None:
    for day, score in ((5, 50), (1, 10), (3, 30), *((10 + n, 60 + n) for n in range(12))):
        record(store.answers, utc(2024, 3, day, 9), score)
    progress = store.answers.progress("T1", "U1", now=utc(2024, 3, 22))
    assert progress.recent_scores == tuple(60 + n for n in range(2, 12))


def test_streak_days_are_counted_in_the_users_zone(store: Store) -> None:
    # 23:30 UTC on the 1st and 00:30 UTC on the 3rd: two days apart in UTC, but in Tokyo
    # (UTC+9) they are the 2nd and the 3rd, consecutive.
    record(store.answers, utc(2024, 3, 1, 23, 30))
    record(store.answers, utc(2024, 3, 3, 0, 30))
    now = utc(2024, 3, 3, 1)
    assert store.answers.progress("T1", "U1", "Asia/Tokyo", now=now).streak_days == 2
    assert store.answers.progress("T1", "U1", "UTC", now=now).streak_days == 1
    assert store.answers.progress("T1", "U1", None, now=now).streak_days == 1
    assert store.answers.progress("T1", "U1", "Not/AZone", now=now).streak_days == 1


def test_a_streak_lives_through_today_and_breaks_after_a_day_without_answers(store: Store) -> None:
    record(store.answers, utc(2024, 3, 1, 9))
    record(store.answers, utc(2024, 3, 2, 9))
    assert store.answers.progress("T1", "U1", now=utc(2024, 3, 3, 20)).streak_days == 2  # not yet today
    assert store.answers.progress("T1", "U1", now=utc(2024, 3, 4, 0, 1)).streak_days == 0


def test_a_score_must_be_a_number(store: Store) -> None:
    with pytest.raises(ValueError):
        record(store.answers, utc(2024, 3, 1), float("nan"))
