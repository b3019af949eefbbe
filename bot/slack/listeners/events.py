"""Questions: a mention in a channel (answered in a thread) and a direct message (answered in the DM)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App

from bot.rendering.answers import render_answer
from bot.slack.client import post_message
from bot.slack.listeners.work import acknowledge, after_ack
from bot.slack.services import Services

log = logging.getLogger("bot.slack.events")


def answer_question(services: Services, client: Any, event: dict[str, Any], thread_ts: str | None) -> None:
    answer = services.engine.answer(str(event.get("text") or ""))
    log.info(
        "answering",
        extra={"fields": {"intent": answer.intent.value, "confidence": round(answer.confidence, 2)}},
    )
    message = render_answer(services.kb, answer, services.roles)
    sent = post_message(client, channel=event["channel"], message=message, thread_ts=thread_ts)
    if not sent.ok:
        # In a channel the bot cannot post in, nobody can be told without more scopes; the log says why.
        log.warning("could not answer", extra={"fields": {"error": sent.error}})


def register(app: App, services: Services) -> None:
    @after_ack
    def answer_mention(body: dict[str, Any], client: Any) -> None:
        event = body["event"]
        if str(event.get("channel", "")).startswith("D"):
            return  # a mention in a DM also arrives as message.im, which answers it
        answer_question(services, client, event, event.get("thread_ts") or event.get("ts"))

    @after_ack
    def answer_direct_message(body: dict[str, Any], client: Any) -> None:
        event = body["event"]
        if event.get("channel_type") != "im":
            return
        answer_question(services, client, event, event.get("thread_ts"))  # a top-level DM needs no thread

    app.event("app_mention")(ack=acknowledge, lazy=[answer_mention])
    app.event("message")(ack=acknowledge, lazy=[answer_direct_message])
