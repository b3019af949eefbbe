"""/role-diff: a private (ephemeral) comparison or profile, with a "Share in channel" button."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.slack.client import respond
from bot.slack.listeners.work import after_ack
from bot.slack.services import Services

log = logging.getLogger("bot.slack.commands")


def register(app: App, services: Services) -> None:
    def answer_role_diff(body: dict[str, Any], client: WebClient) -> None:
        reply = services.role_diff(str(body.get("text") or "").strip())
        log.info("role-diff", extra={"fields": {"result": type(reply.result).__name__}})
        respond(body.get("response_url"), {**reply.payload, "response_type": "ephemeral"})

    app.command(services.command)(after_ack(services, answer_role_diff))
