"""The tables, as typed SQLAlchemy 2 declarative models. Migrations live in bot/storage/migrations.

Every instant is stored as naive UTC and read back as an aware UTC datetime (`UTCDateTime`),
the same way on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime in, an aware UTC datetime out; stored as naive UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("store aware datetimes only (UTC)")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):  # a raw SQLite value read without this type's processing
            value = datetime.fromisoformat(value)
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class DeliveryState(StrEnum):
    CLAIMED = "claimed"
    """A clock took this (subscription, local date); the message may be on its way."""
    SENT = "sent"
    """Slack accepted the message."""
    UNKNOWN = "unknown"
    """A crash or a failed call left it unknown whether Slack got it: never sent again."""
    FAILED = "failed"
    """Slack refused it (nothing was posted): the channel is gone, or an error that will not pass."""


class Subscription(Base):
    """One channel's daily practice: at most one per channel, kept when unsubscribed (for its history)."""

    __tablename__ = "subscriptions"
    __table_args__ = (
        UniqueConstraint("team_id", "channel_id"),
        CheckConstraint("days_mask > 0 AND days_mask < 128", name="days_mask"),
        Index("ix_subscriptions_due", "next_due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    local_time: Mapped[time] = mapped_column(Time)
    timezone: Mapped[str] = mapped_column(String(64))
    days_mask: Mapped[int] = mapped_column(Integer)
    """Monday = 1, Tuesday = 2 … Sunday = 64; weekdays = 31, daily = 127."""
    created_by: Mapped[str] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    """False once unsubscribed."""
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    paused_reason: Mapped[str | None] = mapped_column(String(200), default=None)
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    """When the clock should next look at it; None while unsubscribed or paused."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Delivery(Base):
    """A claim on one subscription's prompt for one local date; the unique pair makes it once-only."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("subscription_id", "local_date"),
        CheckConstraint("state IN ('claimed', 'sent', 'unknown', 'failed')", name="state"),
        Index("ix_deliveries_state_claimed_at", "state", "claimed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"))
    local_date: Mapped[date] = mapped_column(Date)
    prompt_id: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(10))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    message_ts: Mapped[str | None] = mapped_column(String(32), default=None)
    error: Mapped[str | None] = mapped_column(String(200), default=None)


class ChannelPrompt(Base):
    """A prompt a channel was given, and the rotation cycle it counted in (bot.core.practice.rotation)."""

    __tablename__ = "channel_prompts"
    __table_args__ = (Index("ix_channel_prompts_channel_cycle", "team_id", "channel_id", "cycle"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    prompt_id: Mapped[str] = mapped_column(String(100))
    cycle: Mapped[int] = mapped_column(Integer)
    shown_at: Mapped[datetime] = mapped_column(UTCDateTime)
    delivery_id: Mapped[int | None] = mapped_column(
        ForeignKey("deliveries.id", ondelete="CASCADE"), default=None, index=True
    )


class PracticeAnswer(Base):
    """One scored answer. The text is kept only with ROLEBOT_STORE_ANSWER_TEXT=true."""

    __tablename__ = "practice_answers"
    __table_args__ = (Index("ix_practice_answers_user", "team_id", "user_id", "answered_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    prompt_id: Mapped[str] = mapped_column(String(100))
    score: Mapped[float] = mapped_column(Float)
    covered: Mapped[list[str]] = mapped_column(JSON)
    missed: Mapped[list[str]] = mapped_column(JSON)
    answer_text: Mapped[str | None] = mapped_column(Text, default=None)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ProcessedEvent(Base):
    """A Slack Events API delivery already handled, so a retry is not answered twice (any process)."""

    __tablename__ = "processed_events"

    event_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class GapEntry(Base):
    """A question the bot declined, was not sure about or had to clarify, or an answer someone marked
    unhelpful: the text with mentions, links and e-mail addresses removed (bot.core.redact), never who
    asked, only a one-way key of them for counting people. Deleted after ROLEBOT_GAP_RETENTION_DAYS."""

    __tablename__ = "gap_entries"
    __table_args__ = (
        Index("ix_gap_entries_team_asked", "team_id", "asked_at"),
        Index("ix_gap_entries_reply", "team_id", "channel_id", "reply_ts"),
        Index("ix_gap_entries_asked", "asked_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    enterprise_id: Mapped[str | None] = mapped_column(String(32), default=None)
    asker: Mapped[str] = mapped_column(String(64))
    """A one-way key of the person (bot.storage.gaps.asker_key): counts people, names nobody."""
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    question: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(16))
    """not_sure, clarify, declined or unhelpful."""
    confidence: Mapped[float] = mapped_column(Float)
    suggested: Mapped[list[str]] = mapped_column(JSON)
    """The target keys offered as buttons."""
    chosen: Mapped[str | None] = mapped_column(String(200), default=None)
    """The suggestion the person clicked next, if any."""
    target: Mapped[str | None] = mapped_column(String(200), default=None)
    """For an unhelpful answer: the entry that was answered."""
    comment: Mapped[str | None] = mapped_column(Text, default=None)
    """What the person said they were looking for (after a 👎), redacted."""
    channel_id: Mapped[str | None] = mapped_column(String(32), default=None)
    reply_ts: Mapped[str | None] = mapped_column(String(32), default=None)
    """The bot's reply, so the suggestion clicked on it can be recorded."""


class AnswerFeedback(Base):
    """One 👍 or 👎 on an answer: the entry, whether it helped, and a one-way key of who clicked (one
    vote per person and message; a second click changes it)."""

    __tablename__ = "answer_feedback"
    __table_args__ = (
        UniqueConstraint("team_id", "asker", "target", "reply_ts"),
        Index("ix_answer_feedback_given", "given_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    enterprise_id: Mapped[str | None] = mapped_column(String(32), default=None)
    asker: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(200))
    helpful: Mapped[bool] = mapped_column(Boolean)
    reply_ts: Mapped[str] = mapped_column(String(32), default="")
    given_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ConversationContext(Base):
    """What the bot last answered in a thread or a DM (target, roles, aspect; never text), so a
    follow-up can be read with it by any web process until `expires_at`."""

    __tablename__ = "conversation_contexts"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    thread_ts: Mapped[str] = mapped_column(String(32), primary_key=True)
    """The thread's ts, or "" for a DM's top level."""
    enterprise_id: Mapped[str | None] = mapped_column(String(32), default=None)
    target: Mapped[str | None] = mapped_column(String(200), default=None)
    roles: Mapped[list[str]] = mapped_column(JSON)
    aspect: Mapped[str | None] = mapped_column(String(100), default=None)
    options: Mapped[list[str]] = mapped_column(JSON)
    """The targets offered as choices (a clarifying question's readings), for "the other one"."""
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class QuestionTally(Base):
    """How many questions a workspace asked in a day and how many were answered from the knowledge:
    counts only (no text, no people), for the admins' "share answered" on App Home."""

    __tablename__ = "question_tallies"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    enterprise_id: Mapped[str | None] = mapped_column(String(32), default=None)
    asked: Mapped[int] = mapped_column(Integer, default=0)
    answered: Mapped[int] = mapped_column(Integer, default=0)


class WorkspaceRemoval(Base):
    """A workspace that uninstalled the app: its data is deleted at `delete_after` (by the clock),
    unless it installs the app again first (bot/storage/workspaces.py)."""

    __tablename__ = "workspace_removals"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    enterprise_id: Mapped[str | None] = mapped_column(String(32), default=None)
    removed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    delete_after: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class WorkspaceOrg(Base):
    """A workspace answered through its Enterprise Grid org's org-wide install (whose token has no
    team): how the clock finds the token for that workspace's subscriptions."""

    __tablename__ = "workspace_orgs"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    enterprise_id: Mapped[str] = mapped_column(String(32))


def _slack_oauth_tables() -> None:
    """Bolt's installation and OAuth state tables (slack_sdk's SQLAlchemy stores), in our metadata so
    that the migrations build them and the schema test holds them to the SDK's definition."""
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
    from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

    SQLAlchemyInstallationStore.build_installations_table(Base.metadata, INSTALLATIONS_TABLE)
    SQLAlchemyInstallationStore.build_bots_table(Base.metadata, BOTS_TABLE)
    SQLAlchemyOAuthStateStore.build_oauth_states_table(Base.metadata, OAUTH_STATES_TABLE)


INSTALLATIONS_TABLE, BOTS_TABLE, OAUTH_STATES_TABLE = (
    "slack_installations",
    "slack_bots",
    "slack_oauth_states",
)
_slack_oauth_tables()
