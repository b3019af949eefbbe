"""Running a listener's work after the ack: with the request's log context, and never crashing.

Every listener acks at once and does its work on the app's thread pool, so Slack gets its
200 in a millisecond however slow the Web API or the answer is.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.rendering.notices import something_went_wrong
from bot.slack.client import post_message, respond
from bot.slack.executor import AckFirst
from bot.slack.logs import log_context, request_context

if TYPE_CHECKING:
    from bot.slack.services import Services

log = logging.getLogger("bot.slack")


Work = Callable[[dict[str, Any], WebClient], None]
"""A listener's work: given the request body and the Web API client, reply to the user."""
Check = Callable[[dict[str, Any]], dict[str, Any] | None]
"""Runs in the request thread before the ack: the ack's arguments when the request ends there
(a modal's errors), or None to ack plainly and do the work. It must be quick."""


def acknowledge(ack: Ack) -> None:
    """For requests that need nothing but the ack (unknown buttons)."""
    ack()


def after_ack(
    services: Services, work: Work, *, check: Check | None = None, urgent: bool = False
) -> Callable[..., None]:
    """A Bolt listener that acks at once, then runs `work` on the pool, logged with the request's context.

    The request body is handed over as it is: nothing changes it after the ack, so, unlike Bolt's
    lazy listeners, no deep copy of the request is made on the request thread. `check` may end
    the request at the ack instead (see `Check`). `urgent` work starts without waiting for a
    lull in the acks: opening a modal must happen within Slack's three seconds of the click.
    """

    confirm = getattr(services.deduper, "confirm", None)

    def listener(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ending = check(body) if check is not None else None
        if ending is not None:
            ack(**ending)
            return
        ack()
        ack_first = None if urgent else services.ack_first
        services.executor.submit(_run, ack_first, confirm, work, body, client, time.monotonic())

    listener.__name__ = listener.__qualname__ = work.__name__
    return listener


def _run(
    ack_first: AckFirst | None,
    confirm: Callable[[str], bool] | None,
    work: Work,
    body: dict[str, Any],
    client: WebClient,
    queued_at: float,
) -> None:
    if ack_first is not None:
        ack_first.wait_turn(queued_at)
    with log_context(**request_context(body)):
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if confirm is not None and isinstance(event_id, str) and event_id and not confirm(event_id):
            log.info("dropped a re-sent event that another process handled")
            return
        started = time.perf_counter()
        try:
            work(body, client)
        except Exception:
            log.exception("a listener failed", extra={"fields": {"listener": work.__name__}})
            _apologize(body, client)
        else:
            elapsed = round((time.perf_counter() - started) * 1000, 1)
            log.info("handled", extra={"fields": {"listener": work.__name__, "ms": elapsed}})


def _apologize(body: dict[str, Any], client: WebClient) -> None:
    try:
        sorry = something_went_wrong()
        if body.get("response_url"):
            respond(
                body["response_url"],
                {**sorry.payload(), "response_type": "ephemeral", "replace_original": False},
            )
        elif client is not None and body.get("type") == "view_submission" and _user(body):
            post_message(client, channel=_user(body), message=sorry)  # a modal has no response_url
        elif client is not None and _is_question(body.get("event")):
            event = body["event"]
            in_dm = event.get("channel_type") == "im"  # a top-level DM is answered outside a thread
            thread_ts = event.get("thread_ts") or (None if in_dm else event.get("ts"))
            post_message(client, channel=event["channel"], message=sorry, thread_ts=thread_ts)
    except Exception:
        log.exception("could not tell the user about a failure")


def _user(body: dict[str, Any]) -> str:
    user = body.get("user")
    return str(user.get("id") or "") if isinstance(user, dict) else ""


def _is_question(event: object) -> bool:
    return (
        isinstance(event, dict)
        and event.get("type") in ("app_mention", "message")
        and bool(event.get("channel"))
    )
