"""Talking to Slack: the Web API client with bounded retries, and replies that never crash a worker.

Rate limits (429) are waited out as Slack's Retry-After asks, up to a cap. A call is
retried only when repeating it cannot post twice: a failure to connect or to send the
request (Slack never had it), a 429 or a 503 (Slack did not act on it), and, for calls
that are safe to repeat (`IDEMPOTENT_METHODS`), also a read timeout, a dropped connection
or any gateway error. A message post that timed out after it was sent may well have
landed, so it is not sent again: the user sees one copy or, rarely, none, never two.
Errors Slack returns as `ok: false` (`not_in_channel`, `is_archived`, …) come back as an
error code for the caller to turn into a helpful message, and are logged; they are never
raised into Bolt.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Mapping
from typing import Any
from urllib.error import HTTPError, URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.webhook import WebhookClient

from bot.rendering.blocks import Message
from bot.slack.protocol import retry_after
from bot.usecases.ports import Sent

log = logging.getLogger("bot.slack.client")

TIMEOUT_SECONDS = 10
MAX_RETRIES = 2
MAX_RATE_LIMIT_WAIT = 30.0
"""A Retry-After longer than this is not waited out: the reply is given up and logged."""


class BoundedRateLimitRetryHandler(RateLimitErrorRetryHandler):
    """Waits Retry-After (plus a little jitter) before retrying a 429, but never longer than a cap."""

    def __init__(self, max_retry_count: int = MAX_RETRIES, max_wait: float = MAX_RATE_LIMIT_WAIT) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.max_wait = max_wait

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and response.status_code == 429 and self._wait(response) <= self.max_wait

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        assert response is not None
        state.next_attempt_requested = True
        wait = self._wait(response) + random.random() * 0.25
        log.warning("rate limited; waiting before a retry", extra={"fields": {"wait_s": round(wait, 2)}})
        time.sleep(wait)
        state.increment_current_attempt()

    @staticmethod
    def _wait(response: HttpResponse) -> float:
        return retry_after(response.headers)


IDEMPOTENT_METHODS = frozenset({"auth.test", "users.info", "views.publish", "chat.delete", "chat.update"})
"""Calls that do the same thing however often they arrive: these may be repeated after a timeout."""


def _idempotent(request: HttpRequest) -> bool:
    return request.url.rstrip("/").rsplit("/", 1)[-1] in IDEMPOTENT_METHODS


class UnsentRequestRetryHandler(ConnectionErrorRetryHandler):
    """Retries a call that failed before Slack had all of it; one that failed after, only if idempotent.

    urllib wraps a failure to connect or to send in URLError; a failure while waiting for the
    answer (a read timeout, a reset) comes as the bare OSError, after Slack may have acted."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if isinstance(error, HTTPError):  # an answer (a 404 from an expired response_url): it was sent
            return False
        if isinstance(error, URLError):
            return True
        return isinstance(error, ConnectionError | TimeoutError) and _idempotent(request)


class GatewayErrorRetryHandler(ServerErrorRetryHandler):
    """Retries a 503 (Slack did not act on it); 500, 502 and 504 too for idempotent calls, since the
    request may have been carried out behind the gateway that failed."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None:
            return False
        return response.status_code == 503 or (
            response.status_code in (500, 502, 504) and _idempotent(request)
        )


def retry_handlers() -> list[RetryHandler]:
    return [
        UnsentRequestRetryHandler(max_retry_count=MAX_RETRIES),
        BoundedRateLimitRetryHandler(),
        GatewayErrorRetryHandler(max_retry_count=MAX_RETRIES),
    ]


def web_client(token: str | None, base_url: str) -> WebClient:
    return WebClient(token=token, base_url=base_url, timeout=TIMEOUT_SECONDS, retry_handlers=retry_handlers())


def post_message(
    client: WebClient, *, channel: str, message: Message | Mapping[str, Any], thread_ts: str | None = None
) -> Sent:
    """chat.postMessage; a Block Kit rejection is retried once as plain text so the user still gets it."""
    payload = message.payload() if isinstance(message, Message) else dict(message)
    args = {"channel": channel, **payload, "unfurl_links": False, "unfurl_media": False}
    if thread_ts:
        args["thread_ts"] = thread_ts
    sent = _call(client, "chat.postMessage", args)
    if sent.error in ("invalid_blocks", "invalid_blocks_format", "msg_too_long") and payload.get("text"):
        plain = {k: v for k, v in args.items() if k != "blocks"} | {"text": str(payload["text"])[:3000]}
        sent = _call(client, "chat.postMessage", plain)
    return sent


def post_ephemeral(
    client: WebClient, *, channel: str, user: str, message: Message | Mapping[str, Any]
) -> Sent:
    """chat.postEphemeral: a message only `user` sees in `channel` (the bot must be able to post there)."""
    payload = message.payload() if isinstance(message, Message) else dict(message)
    return _call(client, "chat.postEphemeral", {"channel": channel, "user": user, **payload})


def delete_message(client: WebClient, *, channel: str, ts: str) -> Sent:
    return _call(client, "chat.delete", {"channel": channel, "ts": ts})


def publish_home(client: WebClient, *, user_id: str, view: Mapping[str, Any]) -> Sent:
    return _call(client, "views.publish", {"user_id": user_id, "view": dict(view)})


def open_view(client: WebClient, *, trigger_id: str, view: Mapping[str, Any]) -> Sent:
    """views.open: a modal, within three seconds of the click whose trigger_id it uses."""
    return _call(client, "views.open", {"trigger_id": trigger_id, "view": dict(view)})


def user_time_zone(client: WebClient, user_id: str) -> str | None:
    """The user's time zone from their Slack profile (users.info, scope users:read); None if unknown."""
    response = _api(client, "users.info", {"user": user_id}, http_verb="GET")
    user = response.get("user") if isinstance(response, Mapping) else None
    zone = user.get("tz") if isinstance(user, Mapping) else None
    return zone if isinstance(zone, str) and zone else None


def _call(client: WebClient, method: str, args: dict[str, Any]) -> Sent:
    response = _api(client, method, args)
    if isinstance(response, str):
        return Sent(error=response)
    return Sent(ts=response.get("ts") or response.get("message_ts"))


def _api(
    client: WebClient, method: str, args: dict[str, Any], http_verb: str = "POST"
) -> Mapping[str, Any] | str:
    """Slack's answer, or its error code ("request_failed" when Slack could not be reached)."""
    try:
        if http_verb == "GET":
            response = client.api_call(method, http_verb="GET", params=args)
        else:
            response = client.api_call(method, json=args)
        return response.data if isinstance(response.data, Mapping) else {}
    except SlackApiError as error:
        code = str(error.response.get("error") or f"http_{error.response.status_code}")
        log.warning("Slack refused a call", extra={"fields": {"method": method, "error": code}})
        return code
    except (SlackRequestError, OSError, ValueError) as error:
        log.warning(
            "a call to Slack failed", extra={"fields": {"method": method, "error": type(error).__name__}}
        )
        return "request_failed"


def respond(response_url: str | None, payload: Mapping[str, Any]) -> Sent:
    """POST to an interaction's response_url (ephemeral replies, replace/delete original), with retries."""
    if not response_url:
        return Sent(error="no_response_url")
    client = WebhookClient(url=response_url, timeout=TIMEOUT_SECONDS, retry_handlers=retry_handlers())
    try:
        response = client.send_dict(dict(payload))
    except (OSError, ValueError) as error:
        log.warning("a response_url call failed", extra={"fields": {"error": type(error).__name__}})
        return Sent(error="request_failed")
    if response.status_code != 200:
        code = (response.body or "").strip()[:60] or f"http_{response.status_code}"
        log.warning(
            "Slack refused a response_url reply",
            extra={"fields": {"status": response.status_code, "error": code}},
        )
        return Sent(error=code)
    return Sent()
