"""A question in a conversation (a mention's thread, a DM): read with what the bot last answered
there, answered, with 👍/👎 on an answer, logged for the team when nothing answered it, and the
answer's target remembered (in the database, so any web process reads the next message with it).

Also the click on a suggestion button, which answers in place and records which suggestion the
person chose, and the 👍/👎 clicks and the "What were you looking for?" window.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.core.answers import Answer, Intent, answered
from bot.core.followup import FollowUps, Turn, turn_of, turn_of_target
from bot.core.redact import redact, without_bot_mention
from bot.rendering.answers import render_answer
from bot.rendering.feedback import (
    feedback_modal,
    feedback_value,
    read_feedback_value,
    thanked,
    thanks_notice,
    with_feedback,
    with_noted,
)
from bot.rendering.notices import out_of_date
from bot.storage.gaps import SavedContext
from bot.storage.store import Store
from bot.usecases.ports import Asker, Sent, SlackPort
from bot.usecases.questions import Questions

_GAP_ID = re.compile(r"[0-9]{1,18}")
"""A gap entry's id as the 👎 window carries it (ASCII digits only: `str.isdigit` takes "²")."""
log = logging.getLogger("bot.usecases.asking")

DM_CONTEXT = timedelta(minutes=30)
"""A direct message is read with the last answer for this long after it."""
THREAD_CONTEXT = timedelta(hours=24)
"""A thread is read with its last answer for this long after it."""
"""Answers from the knowledge: these carry 👍/👎."""
GAP_OUTCOMES = {
    Intent.NOT_SURE: "not_sure",
    Intent.CLARIFY: "clarify",
    Intent.OUT_OF_SCOPE: "declined",
    Intent.TASK: "declined",
}


@dataclass(frozen=True)
class Conversation:
    """Where a message was written: the channel, the thread the reply goes in, and the key of the
    conversation's remembered context (`read_key` None: a fresh conversation, nothing to read)."""

    channel: str
    reply_thread: str | None
    read_key: str | None
    save_key: str
    ttl: timedelta

    @classmethod
    def mention(cls, channel: str, ts: str, thread_ts: str | None) -> Conversation:
        """A mention is answered in its thread; inside a thread it is read with the thread's last answer."""
        return cls(channel, thread_ts or ts, thread_ts, thread_ts or ts, THREAD_CONTEXT)

    @classmethod
    def direct(cls, channel: str, thread_ts: str | None) -> Conversation:
        return cls(
            channel, thread_ts, thread_ts or "", thread_ts or "", THREAD_CONTEXT if thread_ts else DM_CONTEXT
        )


@dataclass(frozen=True)
class Asked:
    answer: Answer
    sent: Sent
    followed: bool = False


def _turn(saved: SavedContext | None) -> Turn | None:
    return None if saved is None else Turn(saved.target, saved.roles, saved.aspect, saved.options)


class Asking:
    def __init__(self, questions: Questions, store: Store, *, gap_log: bool = True) -> None:
        self.questions = questions
        self.store = store
        self.gap_log = gap_log
        """ROLEBOT_GAP_LOG: keep the questions nobody answered (and 👎 comments)."""
        self.follow_ups = FollowUps(questions.kb, questions.engine.analyzer)

    # --- a question ----------------------------------------------------------------------

    def reply_to(self, text: str, previous: Turn | None) -> tuple[Answer, dict[str, Any], bool]:
        """The answer and its message for `text` read with the previous turn (no Slack, no store)."""
        resolved = self.follow_ups.resolve(text, previous)
        if resolved.target is not None:
            answer = self.questions.engine.answer_target(resolved.target, resolved.question)
            if answer is not None:
                payload = render_answer(self.questions.kb, answer, self.questions.roles).payload()
                return answer, payload, True
        reply = self.questions.answer(resolved.question if resolved.followed else text)
        if not resolved.followed and self.follow_ups.guessed(reply.answer, previous):
            in_context = self.follow_ups.in_context(text, previous)  # "what do they report?" after a TPM
            if in_context is not None:
                again = self.questions.answer(in_context)
                if self.follow_ups.placed(reply.answer, again.answer, previous):
                    return again.answer, again.payload, True
        return reply.answer, reply.payload, resolved.followed

    def ask(self, text: str, asker: Asker, slack: SlackPort, where: Conversation) -> Asked:
        now = datetime.now(UTC)
        previous = self._read(asker, where, now)
        answer, payload, followed = self.reply_to(text, previous)
        question = without_bot_mention(redact(text))
        outcome = GAP_OUTCOMES.get(answer.intent)
        target = answered(answer)
        if target is not None:
            payload = with_feedback(payload, feedback_value(str(target), question))
        elif outcome == "not_sure" and self.gap_log:
            payload = with_noted(payload)
        sent = slack.post(where.channel, payload, thread_ts=where.reply_thread)
        if outcome is not None and self.gap_log and question:
            self._log_gap(asker, answer, question, outcome, where.channel, sent.ts)
        if self.gap_log and (outcome is not None or target is not None):
            self._tally(asker, target is not None)
        if sent.ok:
            self._remember(
                asker, where.channel, where.save_key, self.follow_ups.turn(answer), now + where.ttl
            )
        return Asked(answer, sent, followed)

    def _read(self, asker: Asker, where: Conversation, now: datetime) -> Turn | None:
        if where.read_key is None:
            return None
        try:
            return _turn(self.store.contexts.get(asker.team, where.channel, where.read_key, now))
        except SQLAlchemyError:
            log.exception("could not read the conversation's context; answered on its own")
            return None

    def _remember(self, asker: Asker, channel: str, key: str, turn: Turn, expires: datetime) -> None:
        if turn.target is None and not turn.options:
            return
        saved = SavedContext(turn.target, turn.roles, turn.aspect, turn.options)
        try:
            self.store.contexts.save(asker.team, channel, key, saved, expires, asker.enterprise)
        except SQLAlchemyError:
            log.exception("could not keep the conversation's context")

    def _tally(self, asker: Asker, answered: bool) -> None:
        try:
            self.store.gaps.tally(asker.team, answered, asker.enterprise)
        except SQLAlchemyError:
            log.exception("could not count a question")

    def _log_gap(
        self, asker: Asker, answer: Answer, question: str, outcome: str, channel: str, ts: str | None
    ) -> None:
        try:
            self.store.gaps.record(
                team_id=asker.team,
                enterprise_id=asker.enterprise,
                user_id=asker.user,
                question=question,
                outcome=outcome,
                confidence=answer.confidence,
                suggested=[str(s.target) for s in answer.alternatives],
                channel_id=channel,
                reply_ts=ts,
            )
        except SQLAlchemyError:
            log.exception("could not add a question to the gap log")

    # --- a suggestion button -------------------------------------------------------------

    def pick(
        self,
        key: str,
        label: str | None,
        asker: Asker,
        slack: SlackPort,
        message_ts: str | None,
        thread_ts: str | None,
    ) -> Sent:
        """A suggestion answers in place (with 👍/👎), counts as the choice on a logged question, and
        becomes the conversation's context."""
        answer = self.questions.engine.answer_target(key, label)
        if answer is None:
            return slack.notice(out_of_date())
        payload = render_answer(self.questions.kb, answer, self.questions.roles).payload()
        target = answered(answer)
        if target is not None:
            payload = with_feedback(
                payload, feedback_value(str(target), without_bot_mention(redact(label or "")))
            )
        sent = slack.replace_original(payload)
        channel = asker.channel
        if channel and message_ts:
            try:
                if self.gap_log:
                    self.store.gaps.choose(asker.team, channel, message_ts, key)
            except SQLAlchemyError:
                log.exception("could not record the suggestion chosen")
            thread = thread_ts or ("" if asker.in_direct_message else message_ts)
            ttl = DM_CONTEXT if asker.in_direct_message and not thread_ts else THREAD_CONTEXT
            self._remember(
                asker, channel, thread, _merge(turn_of_target(key), answer), datetime.now(UTC) + ttl
            )
        return sent

    # --- 👍 / 👎 ----------------------------------------------------------------------------

    def vote(
        self,
        value: str,
        helpful: bool,
        asker: Asker,
        slack: SlackPort,
        *,
        message_ts: str | None,
        blocks: list[dict[str, Any]] | None,
        in_place: bool,
    ) -> Sent:
        """Record the vote; a 👎 also goes to the gap log and opens "What were you looking for?".
        The thanks replaces the buttons where only this person sees the message, else comes privately."""
        found = read_feedback_value(value)
        if found is None or self.questions.engine.answer_target(found[0]) is None:
            return slack.notice(out_of_date())  # not ours, or an entry the knowledge no longer has
        target, question = found
        gap_id = None
        try:
            self.store.gaps.vote(
                team_id=asker.team,
                enterprise_id=asker.enterprise,
                user_id=asker.user,
                target=target,
                helpful=helpful,
                reply_ts=message_ts or "",
            )
            if not helpful and self.gap_log:
                gap_id = self.store.gaps.unhelpful_id(
                    asker.team, asker.user, target, message_ts
                ) or self.store.gaps.record(
                    team_id=asker.team,
                    enterprise_id=asker.enterprise,
                    user_id=asker.user,
                    question=question or target,
                    outcome="unhelpful",
                    confidence=1.0,
                    target=target,
                    channel_id=asker.channel,
                    reply_ts=message_ts,
                )
        except SQLAlchemyError:
            log.exception("could not record feedback on an answer")
        if gap_id is not None:
            slack.open_view(feedback_modal(gap_id))  # first: a trigger lasts three seconds
        if in_place and blocks:
            return slack.replace_original(
                {"text": "Thanks for the feedback", "blocks": thanked(blocks, helpful)}
            )
        return slack.notice(thanks_notice(helpful))

    def comment(self, metadata: str, text: str, asker: Asker) -> bool:
        """The 👎 window's comment, on the entry it was opened for (redacted; empty: nothing kept)."""
        kept = redact(text).strip()
        if not kept or not _GAP_ID.fullmatch(metadata) or not self.gap_log:
            return False
        try:
            return self.store.gaps.comment(asker.team, int(metadata), kept, asker.user)
        except SQLAlchemyError:
            log.exception("could not keep a feedback comment")
            return False


def _merge(turn: Turn, answer: Answer, options: tuple[str, ...] = ()) -> Turn:
    """A target's turn, with the roles and aspect its answer shows (a FAQ entry's roles), and the
    choices it was picked from (so "the other one" can follow a button)."""
    shown = turn_of(answer)
    return Turn(turn.target, turn.roles or shown.roles, turn.aspect or shown.aspect, options)
