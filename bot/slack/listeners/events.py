"""Questions: a mention in a channel (answered in a thread) and a direct message (answered in the DM)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.slack.client import post_message
from bot.slack.listeners.work import after_ack
from bot.slack.services import Services

log = logging.getLogger("bot.slack.events")


def answer_question(
    services: Services, client: WebClient, event: dict[str, Any], thread_ts: str | None
) -> None:
    reply = services.answer(str(event.get("text") or ""))
    fields = {"intent": reply.answer.intent.value, "confidence": round(reply.answer.confidence, 2)}
    log.info("answering", extra={"fields": fields})
    sent = post_message(client, channel=event["channel"], message=reply.payload, thread_ts=thread_ts)
    if not sent.ok:
        # In a channel the bot cannot post in, nobody can be told without more scopes; the log says why.
        log.warning("could not answer", extra={"fields": {"error": sent.error}})


def register(app: App, services: Services) -> None:
    def answer_mention(body: dict[str, Any], client: WebClient) -> None:
        event = body["event"]
        if str(event.get("channel", "")).startswith("D"):
            return  # a mention in a DM also arrives as message.im, which answers it
        answer_question(services, client, event, event.get("thread_ts") or event.get("ts"))

    def answer_direct_message(body: dict[str, Any], client: WebClient) -> None:
        event = body["event"]
        if event.get("channel_type") != "im":
            return
        answer_question(services, client, event, event.get("thread_ts"))  # a top-level DM needs no thread

    app.event("app_mention")(after_ack(services, answer_mention))
    app.event("message")(after_ack(services, answer_direct_message))
