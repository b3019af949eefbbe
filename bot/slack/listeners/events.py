"""Events: a mention in a channel (answered in a thread), a direct message (answered in the DM), and
App Home opened (the introduction with the person's own practice progress). A message inside a
thread the bot answered, or a DM soon after an answer, is read with that answer (bot.core.followup)."""

from __future__ import annotations

import logging

from bot.slack.incoming import EventEnvelope, HomeOpenedEvent, MentionEvent, MessageEvent
from bot.slack.port import RequestSlack
from bot.slack.services import Services
from bot.usecases.asking import Conversation
from bot.usecases.ports import Asker

log = logging.getLogger("bot.slack.events")


def _answer(
    envelope: EventEnvelope,
    event: MentionEvent | MessageEvent,
    slack: RequestSlack,
    services: Services,
    where: Conversation,
) -> None:
    in_dm = isinstance(event, MessageEvent) and event.in_direct_message
    asker = Asker(envelope.team_id, event.user or "", event.channel, in_dm, envelope.enterprise_id)
    asked = services.asking.ask(event.text, asker, slack, where)
    if not asked.sent.ok:
        # In a channel the bot cannot post in, nobody can be told without more scopes; the log says why.
        log.warning("could not answer", extra={"fields": {"error": asked.sent.error}})


def answer_mention(envelope: EventEnvelope, slack: RequestSlack, services: Services) -> None:
    event = envelope.event
    if isinstance(event, MentionEvent) and not event.channel.startswith("D"):  # a DM's is message.im's
        _answer(
            envelope, event, slack, services, Conversation.mention(event.channel, event.ts, event.thread_ts)
        )


def answer_direct_message(envelope: EventEnvelope, slack: RequestSlack, services: Services) -> None:
    event = envelope.event
    if isinstance(event, MessageEvent) and event.in_direct_message:  # a top-level DM needs no thread
        _answer(envelope, event, slack, services, Conversation.direct(event.channel, event.thread_ts))


def publish_home(envelope: EventEnvelope, slack: RequestSlack, services: Services) -> None:
    event = envelope.event
    if isinstance(event, HomeOpenedEvent) and (event.tab or "home") == "home":  # Messages: nothing to do
        services.home.publish(Asker(team=envelope.team_id, user=event.user), slack)
