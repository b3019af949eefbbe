"""The gap log (questions nobody answered, answers marked unhelpful), answer feedback, and the
conversation contexts that let a follow-up be read with the previous answer.

Only redacted text is ever given to this module (bot.core.redact), and people are kept as a
one-way key (`asker_key`) that counts them without naming them. Everything here is deleted after
its time: the gap log and the feedback after ROLEBOT_GAP_RETENTION_DAYS (`prune`, by the clock),
a conversation context when it expires.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, func, insert, select, update

from bot.storage.engine import dialect_insert
from bot.storage.models import AnswerFeedback, ConversationContext, GapEntry, QuestionTally

DEFAULT_RETENTION_DAYS = 90
MAX_QUESTION = 2000
"""Characters of a question kept: enough to group it, not a whole pasted document."""


def asker_key(team_id: str, user_id: str) -> str:
    """The same person gives the same key, so "asked by 5 people" can be counted; the id is not kept."""
    return hashlib.sha256(f"rolebot-gap:{team_id}:{user_id}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class LoggedGap:
    id: int
    team_id: str
    asker: str
    asked_at: datetime
    question: str
    outcome: str
    confidence: float
    suggested: tuple[str, ...]
    chosen: str | None
    target: str | None
    comment: str | None


@dataclass(frozen=True)
class Votes:
    helpful: int
    unhelpful: int

    @property
    def rate(self) -> float | None:
        total = self.helpful + self.unhelpful
        return self.helpful / total if total else None


@dataclass(frozen=True)
class SavedContext:
    target: str | None
    roles: tuple[str, ...]
    aspect: str | None
    options: tuple[str, ...]


class GapLog:
    def __init__(self, engine: Engine, retention_days: int = DEFAULT_RETENTION_DAYS) -> None:
        self.engine = engine
        self.retention = timedelta(days=retention_days)

    # --- the gap log ---------------------------------------------------------------------

    def record(
        self,
        *,
        team_id: str,
        user_id: str,
        question: str,
        outcome: str,
        confidence: float,
        suggested: Sequence[str] = (),
        target: str | None = None,
        channel_id: str | None = None,
        reply_ts: str | None = None,
        enterprise_id: str | None = None,
        now: datetime | None = None,
    ) -> int:
        """Keep one entry; `question` must be redacted already."""
        with self.engine.begin() as connection:
            return connection.execute(
                insert(GapEntry)
                .values(
                    team_id=team_id,
                    enterprise_id=enterprise_id,
                    asker=asker_key(team_id, user_id),
                    asked_at=now or datetime.now(UTC),
                    question=question[:MAX_QUESTION],
                    outcome=outcome,
                    confidence=float(confidence),
                    suggested=list(suggested),
                    target=target,
                    channel_id=channel_id,
                    reply_ts=reply_ts,
                )
                .returning(GapEntry.id)
            ).scalar_one()

    def unhelpful_id(self, team_id: str, user_id: str, target: str, reply_ts: str | None) -> int | None:
        """The entry this person's earlier 👎 on this answer made, so a second click adds no second one."""
        query = select(GapEntry.id).where(
            GapEntry.team_id == team_id,
            GapEntry.asker == asker_key(team_id, user_id),
            GapEntry.outcome == "unhelpful",
            GapEntry.target == target,
            GapEntry.reply_ts == reply_ts,
        )
        with self.engine.connect() as connection:
            return connection.execute(query.limit(1)).scalar()

    def choose(self, team_id: str, channel_id: str, reply_ts: str, target: str) -> bool:
        """The suggestion clicked on the reply `reply_ts`; only the first click counts."""
        with self.engine.begin() as connection:
            done = connection.execute(
                update(GapEntry)
                .where(
                    GapEntry.team_id == team_id,
                    GapEntry.channel_id == channel_id,
                    GapEntry.reply_ts == reply_ts,
                    GapEntry.chosen.is_(None),
                )
                .values(chosen=target[:200])
            )
        return bool(done.rowcount)

    def comment(self, team_id: str, gap_id: int, text: str, user_id: str) -> bool:
        """What the person was looking for, on their own 👎 entry only (redacted already)."""
        with self.engine.begin() as connection:
            done = connection.execute(
                update(GapEntry)
                .where(
                    GapEntry.id == gap_id,
                    GapEntry.team_id == team_id,
                    GapEntry.asker == asker_key(team_id, user_id),
                    GapEntry.outcome == "unhelpful",
                )
                .values(comment=text[:MAX_QUESTION])
            )
        return bool(done.rowcount)

    def entries(self, since: datetime | None = None, team_id: str | None = None) -> list[LoggedGap]:
        query = select(GapEntry).order_by(GapEntry.asked_at, GapEntry.id)
        if since is not None:
            query = query.where(GapEntry.asked_at >= since)
        if team_id is not None:
            query = query.where(GapEntry.team_id == team_id)
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        return [
            LoggedGap(
                r.id,
                r.team_id,
                r.asker,
                r.asked_at,
                r.question,
                r.outcome,
                r.confidence,
                tuple(r.suggested or ()),
                r.chosen,
                r.target,
                r.comment,
            )
            for r in rows
        ]

    # --- feedback ------------------------------------------------------------------------

    def vote(
        self,
        *,
        team_id: str,
        user_id: str,
        target: str,
        helpful: bool,
        reply_ts: str = "",
        enterprise_id: str | None = None,
        now: datetime | None = None,
    ) -> None:
        """One vote per person and message: a second click replaces the first."""
        values = {
            "team_id": team_id,
            "enterprise_id": enterprise_id,
            "asker": asker_key(team_id, user_id),
            "target": target[:200],
            "helpful": helpful,
            "reply_ts": reply_ts,
            "given_at": now or datetime.now(UTC),
        }
        with self.engine.begin() as connection:
            stmt = dialect_insert(connection, AnswerFeedback).values(**values)
            connection.execute(
                stmt.on_conflict_do_update(
                    index_elements=["team_id", "asker", "target", "reply_ts"],
                    set_={"helpful": helpful, "given_at": values["given_at"]},
                )
            )

    def votes(self, since: datetime | None = None, team_id: str | None = None) -> dict[str, Votes]:
        """👍 and 👎 per entry."""
        helpful = func.sum(func.cast(AnswerFeedback.helpful, AnswerFeedback.id.type))
        query = select(AnswerFeedback.target, helpful, func.count()).group_by(AnswerFeedback.target)
        if since is not None:
            query = query.where(AnswerFeedback.given_at >= since)
        if team_id is not None:
            query = query.where(AnswerFeedback.team_id == team_id)
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        return {target: Votes(int(up or 0), int(total) - int(up or 0)) for target, up, total in rows}

    # --- tallies -------------------------------------------------------------------------

    def tally(
        self, team_id: str, answered: bool, enterprise_id: str | None = None, now: datetime | None = None
    ) -> None:
        """Count one question (and whether the knowledge answered it) on today's UTC date."""
        day = (now or datetime.now(UTC)).date()
        with self.engine.begin() as connection:
            stmt = dialect_insert(connection, QuestionTally).values(
                team_id=team_id, day=day, enterprise_id=enterprise_id, asked=1, answered=int(answered)
            )
            connection.execute(
                stmt.on_conflict_do_update(
                    index_elements=["team_id", "day"],
                    set_={
                        "asked": QuestionTally.asked + 1,
                        "answered": QuestionTally.answered + int(answered),
                    },
                )
            )

    def tallied(self, team_id: str, since: datetime) -> tuple[int, int]:
        """(asked, answered) since that day."""
        with self.engine.connect() as connection:
            asked, answered = connection.execute(
                select(
                    func.coalesce(func.sum(QuestionTally.asked), 0),
                    func.coalesce(func.sum(QuestionTally.answered), 0),
                ).where(QuestionTally.team_id == team_id, QuestionTally.day >= since.date())
            ).one()
        return int(asked), int(answered)

    # --- deleting ------------------------------------------------------------------------

    def prune(self, now: datetime | None = None) -> int:
        """Delete what is older than the retention, and expired contexts; returns how many rows."""
        now = now or datetime.now(UTC)
        cutoff = now - self.retention
        with self.engine.begin() as connection:
            gone = connection.execute(delete(GapEntry).where(GapEntry.asked_at < cutoff)).rowcount
            gone += connection.execute(
                delete(AnswerFeedback).where(AnswerFeedback.given_at < cutoff)
            ).rowcount
            gone += connection.execute(
                delete(ConversationContext).where(ConversationContext.expires_at < now)
            ).rowcount
            gone += connection.execute(
                delete(QuestionTally).where(QuestionTally.day < cutoff.date())
            ).rowcount
        return gone

    def purge(self, team_id: str | None = None) -> int:
        """Delete the whole gap log and feedback at once (`rolebot gaps purge`)."""
        with self.engine.begin() as connection:
            gaps, votes, tallies = delete(GapEntry), delete(AnswerFeedback), delete(QuestionTally)
            if team_id is not None:
                gaps = gaps.where(GapEntry.team_id == team_id)
                votes = votes.where(AnswerFeedback.team_id == team_id)
                tallies = tallies.where(QuestionTally.team_id == team_id)
            connection.execute(tallies)
            return connection.execute(gaps).rowcount + connection.execute(votes).rowcount


class Contexts:
    """Per thread (or DM): what was last answered, until it expires; any process reads it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def save(
        self,
        team_id: str,
        channel_id: str,
        thread_ts: str,
        context: SavedContext,
        expires_at: datetime,
        enterprise_id: str | None = None,
    ) -> None:
        values = {
            "target": context.target,
            "roles": list(context.roles),
            "aspect": context.aspect,
            "options": list(context.options),
            "expires_at": expires_at,
            "enterprise_id": enterprise_id,
        }
        with self.engine.begin() as connection:
            stmt = dialect_insert(connection, ConversationContext).values(
                team_id=team_id, channel_id=channel_id, thread_ts=thread_ts, **values
            )
            connection.execute(
                stmt.on_conflict_do_update(index_elements=["team_id", "channel_id", "thread_ts"], set_=values)
            )

    def get(
        self, team_id: str, channel_id: str, thread_ts: str, now: datetime | None = None
    ) -> SavedContext | None:
        now = now or datetime.now(UTC)
        with self.engine.connect() as connection:
            row = connection.execute(
                select(ConversationContext).where(
                    ConversationContext.team_id == team_id,
                    ConversationContext.channel_id == channel_id,
                    ConversationContext.thread_ts == thread_ts,
                    ConversationContext.expires_at >= now,
                )
            ).first()
        if row is None:
            return None
        return SavedContext(row.target, tuple(row.roles or ()), row.aspect, tuple(row.options or ()))
