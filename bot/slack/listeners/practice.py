"""Daily interview practice: `/role-practice`, the buttons on a practice question, and the answer modal.

* `/role-practice subscribe|unsubscribe|status|now|help`, read by bot.core.practice.command.
  Subscribing first posts a short public note in the channel: if Slack refuses it (the bot
  is not a member, the channel is archived), the person is told how to invite the bot and
  nothing is kept. The clock (bot/scheduler) posts the daily questions.
* "Show tips" and "Another question" answer privately through the click's response_url;
  "Answer privately" opens the modal (views.open with the click's trigger_id), whose
  private_metadata carries the question's id and the channel, checked when it comes back.
* A submitted answer is checked while Slack waits (an empty or too-short one, or a question
  that no longer exists, is shown as an error in the modal, the text kept); then it is
  assessed, recorded (score and point names; the text only with ROLEBOT_STORE_ANSWER_TEXT)
  and the feedback goes privately to the person: an ephemeral message in the question's
  channel, else a direct message. Its "Try again" button carries the answer and opens the
  modal again with it, so the person can edit and see the score move.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.core.models import PracticePrompt
from bot.core.practice.command import (
    Action,
    UnknownCommand,
    answer_problem,
    parse_command,
    pick_prompt,
)
from bot.core.practice.feedback import assess
from bot.core.practice.schedule import ParseError, parse_subscribe
from bot.rendering import action_ids
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
from bot.slack.client import Sent, delete_message, open_view, post_ephemeral, post_message, respond
from bot.slack.listeners.actions import action_pattern
from bot.slack.listeners.work import after_ack
from bot.slack.services import Services

log = logging.getLogger("bot.slack.practice")

_CHANNEL_ID = re.compile(r"^[CDG][A-Z0-9]{2,30}$")
_PROMPT_ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
MAX_PROMPT_ID = 100

Body = dict[str, Any]


# --- the modal's private_metadata ----------------------------------------------------------


def modal_metadata(prompt_id: str, channel_id: str | None) -> str:
    """What the answer modal carries about its question: the prompt id and where it was asked."""
    channel = channel_id if channel_id and _CHANNEL_ID.match(channel_id) else None
    return json.dumps({"prompt": prompt_id, "channel": channel}, separators=(",", ":"))


def read_modal_metadata(text: object) -> tuple[str, str | None] | None:
    """(prompt id, channel id or None) from a submitted modal; None unless it is well formed."""
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
    return prompt, channel


def submitted_answer(view: dict[str, Any]) -> str:
    values = ((view.get("state") or {}).get("values") or {}).get(action_ids.PRACTICE_ANSWER_BLOCK) or {}
    value = (values.get(action_ids.PRACTICE_ANSWER_INPUT) or {}).get("value")
    return value if isinstance(value, str) else ""


# --- who and where -------------------------------------------------------------------------


def _user(body: Body) -> str:
    user = body.get("user")
    return str((user.get("id") if isinstance(user, dict) else None) or body.get("user_id") or "")


def _team(body: Body) -> str:
    team = body.get("team") if isinstance(body.get("team"), dict) else {}
    user = body.get("user") if isinstance(body.get("user"), dict) else {}
    return str(body.get("team_id") or team.get("id") or user.get("team_id") or "")


def _channel(body: Body) -> str | None:
    channel = body.get("channel") if isinstance(body.get("channel"), dict) else {}
    container = body.get("container") if isinstance(body.get("container"), dict) else {}
    found = body.get("channel_id") or channel.get("id") or container.get("channel_id")
    return str(found) if found else None


def in_direct_message(body: Body) -> bool:
    channel = _channel(body) or ""
    return channel.startswith("D") or body.get("channel_name") == "directmessage"


def _value(body: Body) -> str:
    actions = body.get("actions") or [{}]
    action = actions[0] if isinstance(actions[0], dict) else {}
    return str(action.get("value") or "")


def deliver_privately(client: WebClient, *, user: str, channel: str | None, reply: Message) -> Sent:
    """An ephemeral message in `channel` when there is one the bot can post in, else a direct message."""
    if channel and not channel.startswith("D"):
        sent = post_ephemeral(client, channel=channel, user=user, message=reply)
        if sent.ok:
            return sent
    return post_message(client, channel=user, message=reply)


# --- the listeners -------------------------------------------------------------------------


def register(app: App, services: Services) -> None:
    kb, store, command = services.kb, services.store, services.practice_command
    others = tuple(kb.practice.values())

    def reply(body: Body, answer: Message) -> None:
        respond(body.get("response_url"), {**answer.payload(), "response_type": "ephemeral"})

    def notice(body: Body, answer: Message) -> None:
        """Privately to whoever clicked, leaving the message the button is on as it is."""
        payload = {**answer.payload(), "response_type": "ephemeral", "replace_original": False}
        respond(body.get("response_url"), payload)

    def prompt_for_one(exclude: str | None = None) -> PracticePrompt | None:
        picked = pick_prompt(kb.practice, exclude=exclude, rng=services.rng)
        return kb.practice[picked] if picked is not None else None

    # /role-practice ...

    def subscribe(body: Body, client: WebClient, args: str) -> None:
        if in_direct_message(body):
            reply(body, channels_only(command))
            return
        typed = parse_subscribe(args)
        if isinstance(typed, ParseError):
            reply(body, bad_schedule(typed))
            return
        team, channel, user = _team(body), _channel(body) or "", _user(body)
        schedule = parse_subscribe(args, default_zone=services.user_zones.get(client, user))
        if isinstance(schedule, ParseError):  # pragma: no cover - the same words parsed a moment ago
            reply(body, bad_schedule(schedule))
            return
        sent = post_message(client, channel=channel, message=channel_announcement(schedule, user, command))
        if not sent.ok:
            log.info("not subscribed: the bot cannot post here", extra={"fields": {"error": sent.error}})
            reply(body, cannot_post_here(sent.error or "request_failed", command, args))
            return
        try:
            status = store.subscriptions.subscribe(team, channel, schedule, created_by=user)
        except Exception:
            if sent.ts:  # the note said practice is on; it is not
                delete_message(client, channel=channel, ts=sent.ts)
            raise
        log.info("subscribed", extra={"fields": {"schedule": schedule.describe()}})
        from_profile = schedule.zone != typed.zone
        reply(body, subscribed(status, datetime.now(UTC), zone_from_profile=from_profile, command=command))

    def unsubscribe(body: Body, client: WebClient, args: str) -> None:
        if in_direct_message(body):
            reply(body, channels_only(command))
            return
        stopped = store.subscriptions.unsubscribe(_team(body), _channel(body) or "")
        log.info("unsubscribed" if stopped else "nothing to unsubscribe")
        reply(body, unsubscribed(stopped, command))

    def status(body: Body, client: WebClient, args: str) -> None:
        if in_direct_message(body):
            reply(body, channels_only(command))
            return
        now = datetime.now(UTC)
        reply(
            body,
            practice_status(store.subscriptions.status(_team(body), _channel(body) or "", now), now, command),
        )

    def now(body: Body, client: WebClient, args: str) -> None:
        prompt = prompt_for_one()
        reply(body, render_prompt(kb, prompt, for_channel=False) if prompt else no_prompts())

    def usage(body: Body, client: WebClient, args: str) -> None:
        reply(body, practice_help(command, services.keeps_answers))

    actions: dict[Action, Callable[[Body, WebClient, str], None]] = {
        Action.SUBSCRIBE: subscribe,
        Action.UNSUBSCRIBE: unsubscribe,
        Action.STATUS: status,
        Action.NOW: now,
        Action.HELP: usage,
    }

    def role_practice(body: Body, client: WebClient) -> None:
        parsed = parse_command(str(body.get("text") or ""))
        if isinstance(parsed, UnknownCommand):
            reply(body, unknown_command(parsed, command))
            return
        log.info("role-practice", extra={"fields": {"subcommand": parsed.action.value}})
        actions[parsed.action](body, client, parsed.args)

    # the buttons on a question

    def show_tips(body: Body, client: WebClient) -> None:
        prompt = kb.practice.get(_value(body))
        notice(body, render_tips(kb, prompt) if prompt else out_of_date())

    def another_question(body: Body, client: WebClient) -> None:
        prompt = prompt_for_one(exclude=_value(body))
        notice(body, render_prompt(kb, prompt, for_channel=False) if prompt else no_prompts())

    def answer_privately(body: Body, client: WebClient) -> None:
        prompt = kb.practice.get(_value(body))
        if prompt is None:
            notice(body, out_of_date())
            return
        view = answer_modal(prompt, modal_metadata(prompt.id, _channel(body)))
        sent = open_view(client, trigger_id=str(body.get("trigger_id") or ""), view=view)
        if not sent.ok:
            notice(body, could_not_post(sent.error or "request_failed", "open the answer window"))

    def try_again(body: Body, client: WebClient) -> None:
        """The answer window again, holding the answer the feedback was on."""
        found = read_try_again(_value(body))
        prompt = kb.practice.get(found[0]) if found else None
        if found is None or prompt is None:
            notice(body, out_of_date())
            return
        view = answer_modal(prompt, modal_metadata(prompt.id, found[1] or _channel(body)), found[2])
        sent = open_view(client, trigger_id=str(body.get("trigger_id") or ""), view=view)
        if not sent.ok:
            notice(body, could_not_post(sent.error or "request_failed", "open the answer window"))

    # the answer modal

    def check_answer(body: Body) -> dict[str, Any] | None:
        """While Slack waits: the modal's errors, or None to close it and give feedback."""
        view = body.get("view") or {}
        found = read_modal_metadata(view.get("private_metadata"))
        if found is None:
            problem: str | None = QUESTION_UNKNOWN
        elif found[0] not in kb.practice:
            problem = QUESTION_GONE
        else:
            problem = answer_problem(submitted_answer(view))
        if problem is None:
            return None
        return {"response_action": "errors", "errors": {action_ids.PRACTICE_ANSWER_BLOCK: problem}}

    def give_feedback(body: Body, client: WebClient) -> None:
        view = body.get("view") or {}
        found = read_modal_metadata(view.get("private_metadata"))
        assert found is not None and found[0] in kb.practice, "check_answer let only these through"
        prompt, channel, user = kb.practice[found[0]], found[1], _user(body)
        text = submitted_answer(view)
        feedback = assess(prompt, text, others)
        saved = True
        try:
            store.answers.record_answer(
                team_id=_team(body),
                user_id=user,
                prompt_id=prompt.id,
                score=feedback.score,
                covered=feedback.covered_points,
                missed=feedback.missed_points,
                answer_text=text if services.keeps_answers else None,
            )
        except SQLAlchemyError:
            log.exception("could not record a practice answer")
            saved = False
        shown = render_feedback(kb, prompt, feedback, answer=text, channel=channel)
        if not saved:
            shown = message(shown.text, [*shown.blocks, context([f":warning: {NOT_SAVED}"])])
        sent = deliver_privately(client, user=user, channel=channel, reply=shown)
        fields = {"prompt": prompt.id, "score": feedback.score, "saved": saved, "error": sent.error}
        log.info("practice feedback", extra={"fields": {k: v for k, v in fields.items() if v is not None}})

    app.command(command)(after_ack(services, role_practice))
    app.action(action_pattern(action_ids.PRACTICE_TIPS))(after_ack(services, show_tips))
    app.action(action_pattern(action_ids.PRACTICE_ANOTHER))(after_ack(services, another_question))
    app.action(action_pattern(action_ids.PRACTICE_ANSWER))(after_ack(services, answer_privately, urgent=True))
    app.action(action_pattern(action_ids.PRACTICE_TRY_AGAIN))(after_ack(services, try_again, urgent=True))
    app.view(action_ids.PRACTICE_MODAL)(after_ack(services, give_feedback, check=check_answer))
