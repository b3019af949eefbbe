"""Running a listener's work after the ack: with the request's log context, and never crashing.

Every listener acks at once and does its work on the app's thread pool, so Slack gets its
200 in a millisecond however slow the Web API or the answer is. The work is given the
request as the edge validated it (bot/slack/incoming.py), the Slack port for this request
(bot/slack/port.py) and the services; it never reads Bolt's raw body.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.logs import log_context
from bot.rendering.notices import something_went_wrong
from bot.slack.executor import AckFirst
from bot.slack.incoming import (
    BlockActions,
    EventEnvelope,
    Incoming,
    MentionEvent,
    MessageEvent,
    SlashCommand,
    ViewSubmission,
    incoming_of,
)
from bot.slack.port import RequestSlack
from bot.usecases.ports import Asker

if TYPE_CHECKING:
    from bot.slack.services import Services

log = logging.getLogger("bot.slack")


Work = Callable[[Any, RequestSlack, "Services"], None]
"""A listener's work: given the typed request, the Slack port and the services, reply to the user."""
Check = Callable[[Any, "Services"], dict[str, Any] | None]
"""Runs in the request before the ack: the ack's arguments when the request ends there (a modal's
errors), or None to ack plainly and do the work. It must be quick."""


def acknowledge(ack: Ack) -> None:
    """For requests that need nothing but the ack (unknown buttons)."""
    ack()


def asker_of_command(command: SlashCommand) -> Asker:
    return Asker(command.team_id, command.user_id, command.channel_id, command.in_direct_message)


def asker_of_view(submission: ViewSubmission) -> Asker:
    team = submission.team.id if submission.team else (submission.user.team_id or "")
    return Asker(team, submission.user.id)


def _port(incoming: Incoming, client: WebClient, services: Services) -> RequestSlack:
    request = incoming.request
    response_url = request.response_url if isinstance(request, SlashCommand | BlockActions) else None
    trigger_id = request.trigger_id if isinstance(request, SlashCommand | BlockActions) else None
    return RequestSlack(client, response_url, trigger_id, zones=services.user_zones.get)


def after_ack(
    services: Services, work: Work, *, check: Check | None = None, urgent: bool = False
) -> Callable[..., None]:
    """A Bolt listener that acks at once, then runs `work` on the pool, logged with the request's context.

    `check` may end the request at the ack instead (see `Check`). `urgent` work starts without
    waiting for a lull in the acks: opening a modal must happen within Slack's three seconds of
    the click.
    """

    confirm = getattr(services.deduper, "confirm", None)

    def listener(ack: Ack, context: BoltContext, client: WebClient) -> None:
        incoming = incoming_of(context)
        ending = check(incoming.request, services) if check is not None else None
        if ending is not None:
            ack(**ending)
            return
        ack()
        ack_first = None if urgent else services.ack_first
        port = _port(incoming, client, services)
        services.executor.submit(_run, ack_first, confirm, work, incoming, port, services, time.monotonic())

    listener.__name__ = listener.__qualname__ = work.__name__
    return listener


def _run(
    ack_first: AckFirst | None,
    confirm: Callable[[str], bool] | None,
    work: Work,
    incoming: Incoming,
    slack: RequestSlack,
    services: Services,
    queued_at: float,
) -> None:
    if ack_first is not None:
        ack_first.wait_turn(queued_at)
    with log_context(**incoming.log_fields()):
        event_id = incoming.event_id
        if confirm is not None and event_id and not confirm(event_id):
            log.info("dropped a re-sent event that another process handled")
            return
        started = time.perf_counter()
        try:
            work(incoming.request, slack, services)
        except Exception:
            log.exception("a listener failed", extra={"fields": {"listener": work.__name__}})
            _apologize(incoming, slack)
        else:
            elapsed = round((time.perf_counter() - started) * 1000, 1)
            log.info("handled", extra={"fields": {"listener": work.__name__, "ms": elapsed}})


def _apologize(incoming: Incoming, slack: RequestSlack) -> None:
    sorry = something_went_wrong()
    request = incoming.request
    try:
        if slack.response_url:
            slack.notice(sorry)
        elif isinstance(request, ViewSubmission):
            slack.post(request.user.id, sorry)  # a modal has no response_url
        elif isinstance(request, EventEnvelope) and isinstance(request.event, MentionEvent | MessageEvent):
            event = request.event
            in_dm = isinstance(event, MessageEvent) and event.in_direct_message
            thread_ts = event.thread_ts or (None if in_dm else event.ts)  # a top-level DM: outside a thread
            slack.post(event.channel, sorry, thread_ts=thread_ts)
    except Exception:
        log.exception("could not tell the user about a failure")
