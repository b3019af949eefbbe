"""Events: a mention in a channel (answered in a thread), a direct message (answered in the DM), and
App Home opened (the introduction with the person's own practice progress)."""

from __future__ import annotations

import logging

from bot.slack.incoming import EventEnvelope, HomeOpenedEvent, MentionEvent, MessageEvent
from bot.slack.port import RequestSlack
from bot.slack.services import Services
from bot.usecases.ports import Asker

log = logging.getLogger("bot.slack.events")


def _answer(
    event: MentionEvent | MessageEvent, slack: RequestSlack, services: Services, thread: str | None
) -> None:
    reply = services.questions.answer(event.text)
    sent = slack.post(event.channel, reply.payload, thread_ts=thread)
    if not sent.ok:
        # In a channel the bot cannot post in, nobody can be told without more scopes; the log says why.
        log.warning("could not answer", extra={"fields": {"error": sent.error}})


def answer_mention(envelope: EventEnvelope, slack: RequestSlack, services: Services) -> None:
    event = envelope.event
    if isinstance(event, MentionEvent) and not event.channel.startswith("D"):
        _answer(event, slack, services, event.thread_ts or event.ts)  # in a DM, message.im answers it


def answer_direct_message(envelope: EventEnvelope, slack: RequestSlack, services: Services) -> None:
    event = envelope.event
    if isinstance(event, MessageEvent) and event.in_direct_message:
        _answer(event, slack, services, event.thread_ts)  # a top-level DM needs no thread


def publish_home(envelope: EventEnvelope, slack: RequestSlack, services: Services) -> None:
    event = envelope.event
    if isinstance(event, HomeOpenedEvent) and (event.tab or "home") == "home":  # Messages: nothing to do
        services.home.publish(Asker(team=envelope.team_id, user=event.user), slack)
