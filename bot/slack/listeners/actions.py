"""Buttons: "did you mean" choices, suggestions on answers, and "Share in channel".

Each answers in place: the message the button is on is replaced (through the
interaction's response_url, which works for ephemeral and ordinary messages alike).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.core.role_query import interpret
from bot.rendering import action_ids
from bot.rendering.answers import render_answer
from bot.rendering.notices import could_not_post, out_of_date
from bot.rendering.roles import render_role_query
from bot.rendering.share import share_value, shared_by
from bot.slack.client import post_message, respond
from bot.slack.listeners.work import acknowledge, after_ack
from bot.slack.services import Services

log = logging.getLogger("bot.slack.actions")


def action_pattern(action_id: str) -> re.Pattern[str]:
    """blocks.actions() suffixes repeated ids in one block with ":n"."""
    return re.compile(rf"^{re.escape(action_id)}(:\d+)?$")


def _action(body: dict[str, Any]) -> dict[str, Any]:
    actions = body.get("actions") or [{}]
    return actions[0] if isinstance(actions[0], dict) else {}


def _ephemeral(body: dict[str, Any]) -> bool:
    return bool((body.get("container") or {}).get("is_ephemeral"))


def _notice(body: dict[str, Any], payload: dict[str, Any]) -> None:
    respond(body.get("response_url"), {**payload, "response_type": "ephemeral", "replace_original": False})


def register(app: App, services: Services) -> None:
    def choose_role(body: dict[str, Any], client: WebClient) -> None:
        """A "did you mean" choice finishes the role-diff request it belongs to."""
        text = str(_action(body).get("value") or "").strip()
        reply = services.role_diff(text, shareable=_ephemeral(body))  # only a private answer is shared
        respond(body.get("response_url"), {**reply.payload, "replace_original": True})

    def answer_suggestion(body: dict[str, Any], client: WebClient) -> None:
        action = _action(body)
        label = (action.get("text") or {}).get("text")
        answer = services.engine.answer_target(str(action.get("value") or ""), label)
        if answer is None:
            _notice(body, out_of_date().payload())
            return
        reply = render_answer(services.kb, answer, services.roles).payload()
        respond(body.get("response_url"), {**reply, "replace_original": True})

    def share_in_channel(body: dict[str, Any], client: WebClient) -> None:
        """Post the private answer for everyone, credited to the sharer; then remove the private copy."""
        result = interpret(services.kb, services.resolver, str(_action(body).get("value") or ""))
        if share_value(result) is None:
            _notice(body, out_of_date().payload())
            return
        user = (body.get("user") or {}).get("id")
        channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
        message = shared_by(render_role_query(result, services.roles, services.command), user)
        sent = post_message(client, channel=channel, message=message) if channel else None
        if sent is not None and sent.ok:
            respond(body.get("response_url"), {"delete_original": True})
            return
        error = sent.error if sent is not None else "channel_not_found"
        log.warning("could not share", extra={"fields": {"error": error}})
        _notice(body, could_not_post(error or "request_failed", "share that in this channel").payload())

    for action_id, handler in (
        (action_ids.ROLE_DIFF_CHOICE, choose_role),
        (action_ids.ANSWER_TARGET, answer_suggestion),
        (action_ids.SHARE_IN_CHANNEL, share_in_channel),
    ):
        app.action(action_pattern(action_id))(after_ack(services, handler))

    # Any other button (an old message's, a link button's) is acknowledged, so Slack shows no error.
    app.action(re.compile(".*"))(acknowledge)
