"""Running a listener's work after the ack: with the request's log context, and never crashing.

Every listener acks at once (`acknowledge`) and does its work in a Bolt lazy listener on the
worker pool, so Slack gets its 200 in milliseconds however slow the Web API is.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack

from bot.rendering.notices import something_went_wrong
from bot.slack.client import post_message, respond
from bot.slack.logs import log_context, request_context

log = logging.getLogger("bot.slack")


def acknowledge(ack: Ack) -> None:
    """The whole of what happens before Slack gets its 200: nothing that can be slow."""
    ack()


def after_ack(func: Callable[..., None]) -> Callable[..., None]:
    """Wrap a lazy listener (whose arguments must include `body` and `client`)."""

    @functools.wraps(func)
    def run(**kwargs: Any) -> None:
        body = kwargs.get("body") or {}
        with log_context(**request_context(body)):
            started = time.perf_counter()
            try:
                func(**kwargs)
            except Exception:
                log.exception("a listener failed", extra={"fields": {"listener": func.__name__}})
                _apologize(body, kwargs.get("client"))
            else:
                elapsed = round((time.perf_counter() - started) * 1000, 1)
                log.info("handled", extra={"fields": {"listener": func.__name__, "ms": elapsed}})

    return run


def _apologize(body: dict[str, Any], client: Any) -> None:
    try:
        sorry = something_went_wrong()
        if body.get("response_url"):
            respond(
                body["response_url"],
                {**sorry.payload(), "response_type": "ephemeral", "replace_original": False},
            )
        elif client is not None and _is_question(body.get("event")):
            event = body["event"]
            post_message(
                client,
                channel=event["channel"],
                message=sorry,
                thread_ts=event.get("thread_ts") or event.get("ts"),
            )
    except Exception:
        log.exception("could not tell the user about a failure")


def _is_question(event: object) -> bool:
    return (
        isinstance(event, dict)
        and event.get("type") in ("app_mention", "message")
        and bool(event.get("channel"))
    )
