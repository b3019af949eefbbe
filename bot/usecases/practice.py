"""Daily interview practice: `/role-practice`, the buttons on a question, the answer window and feedback.

* Subscribing first posts a short public note in the channel: if Slack refuses it (the bot
  is not a member, the channel is archived), the person is told how to invite the bot and
  nothing is kept; if storing fails after the note went out, the note is taken back. The
  clock (bot/scheduler) posts the daily questions.
* The answer window's private_metadata carries the question's id and the channel; it is
  checked when the window comes back (see `AnswerWindow`).
* A submitted answer is checked while Slack waits (an empty or too-short one, or a question
  that no longer exists, is shown as an error in the window, the text kept); then it is
  assessed, recorded (score and point names; the text only with ROLEBOT_STORE_ANSWER_TEXT)
  and the feedback goes privately to the person: an ephemeral message in the question's
  channel, else a direct message. Its "Try again" button carries the answer and opens the
  window again with it, so the person can edit it and see the score move.
"""

from __future__ import annotations

import json
import logging
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.exc import SQLAlchemyError

from bot.core.knowledge import KnowledgeBase
from bot.core.models import PracticePrompt
from bot.core.practice.command import Action, UnknownCommand, answer_problem, parse_command, pick_prompt
from bot.core.practice.feedback import assess
from bot.core.practice.schedule import ParseError, parse_subscribe
from bot.rendering.blocks import Message, context, message
from bot.rendering.notices import could_not_post, out_of_date
from bot.rendering.practice import answer_modal, read_try_again, render_feedback, render_prompt, render_tips
from bot.rendering.practice_replies import (
    NOT_SAVED,
    QUESTION_GONE,
    QUESTION_UNKNOWN,
    bad_schedule,
    cannot_post_here,
    channel_announcement,
    channels_only,
    no_prompts,
    practice_help,
    practice_status,
    subscribed,
    unknown_command,
    unsubscribed,
)
from bot.storage.store import Store
from bot.usecases.ports import Asker, Sent, SlackPort

log = logging.getLogger("bot.usecases.practice")

_CHANNEL_ID = re.compile(r"^[CDG][A-Z0-9]{2,30}$")
_PROMPT_ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
MAX_PROMPT_ID = 100


@dataclass(frozen=True)
class AnswerWindow:
    """What the answer window carries about its question: the prompt id and where it was asked."""

    prompt_id: str
    channel: str | None = None

    def dump(self) -> str:
        channel = self.channel if self.channel and _CHANNEL_ID.match(self.channel) else None
        return json.dumps({"prompt": self.prompt_id, "channel": channel}, separators=(",", ":"))

    @classmethod
    def load(cls, text: object) -> AnswerWindow | None:
        """From a submitted window's private_metadata; None unless it is well formed."""
        if not isinstance(text, str) or not text:
            return None
        try:
            data = json.loads(text)
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        prompt, channel = data.get("prompt"), data.get("channel")
        if not isinstance(prompt, str) or len(prompt) > MAX_PROMPT_ID or not _PROMPT_ID.match(prompt):
            return None
        if channel is not None and (not isinstance(channel, str) or not _CHANNEL_ID.match(channel)):
            return None
        return cls(prompt, channel)


@dataclass(frozen=True)
class FeedbackGiven:
    """The outcome of a submitted answer: its score, whether it was recorded, and how delivery went."""

    prompt_id: str
    score: int
    saved: bool
    sent: Sent


class Practice:
    def __init__(
        self,
        kb: KnowledgeBase,
        store: Store,
        *,
        command: str,
        rng: random.Random | None = None,
    ) -> None:
        self.kb = kb
        self.store = store
        self.command_name = command
        self.rng = rng or random.Random()
        self.others = tuple(kb.practice.values())
        """Every prompt, so that an answer to another one is recognised as off topic."""
        self._subcommands: dict[Action, Callable[[str, Asker, SlackPort], Message]] = {
            Action.SUBSCRIBE: self.subscribe,
            Action.UNSUBSCRIBE: self.unsubscribe,
            Action.STATUS: self.status,
            Action.NOW: self.now,
            Action.HELP: self.usage,
        }

    @property
    def keeps_answers(self) -> bool:
        """Whether the text of practice answers is stored (ROLEBOT_STORE_ANSWER_TEXT)."""
        return self.store.answers.store_text

    # /role-practice ...

    def command(self, text: str, asker: Asker, slack: SlackPort) -> Message:
        """The private reply to `/role-practice <text>` (subscribing also posts in the channel)."""
        parsed = parse_command(text)
        if isinstance(parsed, UnknownCommand):
            return unknown_command(parsed, self.command_name)
        log.info("role-practice", extra={"fields": {"subcommand": parsed.action.value}})
        return self._subcommands[parsed.action](parsed.args, asker, slack)

    def subscribe(self, args: str, asker: Asker, slack: SlackPort) -> Message:
        if asker.in_direct_message or not asker.channel:
            return channels_only(self.command_name)
        typed = parse_subscribe(args)
        if isinstance(typed, ParseError):
            return bad_schedule(typed)
        schedule = parse_subscribe(args, default_zone=slack.user_zone(asker.user))
        if isinstance(schedule, ParseError):  # pragma: no cover - the same words parsed a moment ago
            return bad_schedule(schedule)
        note = channel_announcement(schedule, asker.user, self.command_name)
        sent = slack.post(asker.channel, note)
        if not sent.ok:
            log.info("not subscribed: the bot cannot post here", extra={"fields": {"error": sent.error}})
            return cannot_post_here(sent.error or "request_failed", self.command_name, args)
        try:
            status = self.store.subscriptions.subscribe(
                asker.team, asker.channel, schedule, created_by=asker.user
            )
        except Exception:
            if sent.ts:  # the note said practice is on; it is not
                slack.delete(asker.channel, sent.ts)
            raise
        log.info("subscribed", extra={"fields": {"schedule": schedule.describe()}})
        from_profile = schedule.zone != typed.zone
        return subscribed(
            status, datetime.now(UTC), zone_from_profile=from_profile, command=self.command_name
        )

    def unsubscribe(self, args: str, asker: Asker, slack: SlackPort) -> Message:
        if asker.in_direct_message or not asker.channel:
            return channels_only(self.command_name)
        stopped = self.store.subscriptions.unsubscribe(asker.team, asker.channel)
        log.info("unsubscribed" if stopped else "nothing to unsubscribe")
        return unsubscribed(stopped, self.command_name)

    def status(self, args: str, asker: Asker, slack: SlackPort) -> Message:
        if asker.in_direct_message or not asker.channel:
            return channels_only(self.command_name)
        now = datetime.now(UTC)
        found = self.store.subscriptions.status(asker.team, asker.channel, now)
        return practice_status(found, now, self.command_name)

    def now(self, args: str = "", asker: Asker | None = None, slack: SlackPort | None = None) -> Message:
        prompt = self._pick()
        return render_prompt(self.kb, prompt, for_channel=False) if prompt else no_prompts()

    def usage(self, args: str = "", asker: Asker | None = None, slack: SlackPort | None = None) -> Message:
        return practice_help(self.command_name, self.keeps_answers)

    # the buttons on a question

    def tips(self, prompt_id: str) -> Message:
        prompt = self.kb.practice.get(prompt_id)
        return render_tips(self.kb, prompt) if prompt else out_of_date()

    def another(self, shown_id: str) -> Message:
        prompt = self._pick(exclude=shown_id)
        return render_prompt(self.kb, prompt, for_channel=False) if prompt else no_prompts()

    def open_answer_window(self, prompt_id: str, channel: str | None, slack: SlackPort) -> Message | None:
        """Opens the answer window; a private notice when it cannot be opened, else None."""
        prompt = self.kb.practice.get(prompt_id)
        return out_of_date() if prompt is None else _open_window(slack, prompt, channel)

    def try_again(self, value: str, channel: str | None, slack: SlackPort) -> Message | None:
        """The answer window again, holding the answer the feedback was on; a notice if it cannot open."""
        found = read_try_again(value)
        prompt = self.kb.practice.get(found[0]) if found else None
        if found is None or prompt is None:
            return out_of_date()
        return _open_window(slack, prompt, found[1] or channel, found[2])

    # the answer window

    def answer_problem(self, metadata: str, text: str) -> str | None:
        """While Slack waits: what is wrong with a submitted answer, or None to give feedback."""
        window = AnswerWindow.load(metadata)
        if window is None:
            return QUESTION_UNKNOWN
        if window.prompt_id not in self.kb.practice:
            return QUESTION_GONE
        return answer_problem(text)

    def give_feedback(self, metadata: str, text: str, asker: Asker, slack: SlackPort) -> FeedbackGiven | None:
        """Assess, record and deliver privately; None when the window was not one `answer_problem` passed."""
        window = AnswerWindow.load(metadata)
        prompt = self.kb.practice.get(window.prompt_id) if window else None
        if window is None or prompt is None:
            return None
        feedback = assess(prompt, text, self.others)
        saved = self._record(
            asker, prompt, text, feedback.score, feedback.covered_points, feedback.missed_points
        )
        shown = render_feedback(self.kb, prompt, feedback, answer=text, channel=window.channel)
        if not saved:
            shown = message(shown.text, [*shown.blocks, context([f":warning: {NOT_SAVED}"])])
        sent = _deliver_privately(slack, user=asker.user, channel=window.channel, reply=shown)
        return FeedbackGiven(prompt.id, feedback.score, saved, sent)

    def _record(
        self,
        asker: Asker,
        prompt: PracticePrompt,
        text: str,
        score: int,
        covered: tuple[str, ...],
        missed: tuple[str, ...],
    ) -> bool:
        try:
            self.store.answers.record_answer(
                team_id=asker.team,
                user_id=asker.user,
                prompt_id=prompt.id,
                score=score,
                covered=covered,
                missed=missed,
                answer_text=text if self.keeps_answers else None,
            )
        except SQLAlchemyError:
            log.exception("could not record a practice answer")
            return False
        return True

    def _pick(self, exclude: str | None = None) -> PracticePrompt | None:
        picked = pick_prompt(self.kb.practice, exclude=exclude, rng=self.rng)
        return self.kb.practice[picked] if picked is not None else None


def _open_window(
    slack: SlackPort, prompt: PracticePrompt, channel: str | None, answer: str | None = None
) -> Message | None:
    """Opens the answer window (holding `answer`, for Try again); a private notice if Slack refuses."""
    sent = slack.open_view(answer_modal(prompt, AnswerWindow(prompt.id, channel).dump(), answer))
    return None if sent.ok else could_not_post(sent.error or "request_failed", "open the answer window")


def _deliver_privately(slack: SlackPort, *, user: str, channel: str | None, reply: Message) -> Sent:
    """An ephemeral message in `channel` when there is one the bot can post in, else a direct message."""
    if channel and not channel.startswith("D"):
        sent = slack.post_ephemeral(channel, user, reply)
        if sent.ok:
            return sent
    return slack.post(user, reply)
