"""/role-diff: a private (ephemeral) comparison or profile, with a "Share in channel" button."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App

from bot.core.role_query import interpret
from bot.rendering.roles import render_role_query
from bot.rendering.share import share_value, with_share_button
from bot.slack.client import respond
from bot.slack.listeners.work import acknowledge, after_ack
from bot.slack.services import Services

log = logging.getLogger("bot.slack.commands")


def role_diff_reply(services: Services, text: str) -> dict[str, Any]:
    """The ephemeral reply to a role-diff request: the answer, plus a share button when it is shareable."""
    result = interpret(services.kb, services.resolver, text)
    message = render_role_query(result, services.roles, services.command)
    value = share_value(result)
    if value is not None:
        message = with_share_button(message, value)
    log.info("role-diff", extra={"fields": {"result": type(result).__name__}})
    return message.payload()


def register(app: App, services: Services) -> None:
    @after_ack
    def answer_role_diff(body: dict[str, Any], client: Any) -> None:
        reply = role_diff_reply(services, str(body.get("text") or ""))
        respond(body.get("response_url"), {**reply, "response_type": "ephemeral"})

    app.command(services.command)(ack=acknowledge, lazy=[answer_role_diff])
