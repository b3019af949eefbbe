"""Socket Mode with the same validation as HTTP: every payload is typed before Bolt sees it."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from slack_bolt import BoltRequest
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.socket_mode.internals import send_response
from slack_sdk.socket_mode.client import BaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from bot.logs import log_context
from bot.slack.incoming import CONTEXT_KEY, Rejected, read_incoming

log = logging.getLogger("bot.slack.socket_mode")


def retry_headers(req: SocketModeRequest) -> dict[str, str | Sequence[str]] | None:
    """Slack's retry count and reason as the HTTP headers carry them (newer Bolt has this built in;
    our lowest supported one does not)."""
    headers: dict[str, str | Sequence[str]] = {}
    attempt, reason = getattr(req, "retry_attempt", None), getattr(req, "retry_reason", None)
    if attempt is not None:
        headers["x-slack-retry-num"] = str(attempt)
    if reason is not None:
        headers["x-slack-retry-reason"] = str(reason)
    return headers or None


class ValidatingSocketModeHandler(SocketModeHandler):
    """Bolt's Socket Mode handler, but a payload of a shape Slack never sends is acked and ignored."""

    def handle(self, client: BaseSocketModeClient, req: SocketModeRequest) -> None:
        started = time.time()
        payload = req.payload if isinstance(req.payload, dict) else {}
        incoming = read_incoming(payload)
        if isinstance(incoming, Rejected):
            log.warning(
                "ignored a payload of a shape Slack does not send",
                extra={"fields": {"reason": incoming.reason}},
            )
            client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
            return
        request = BoltRequest(
            mode="socket_mode",
            body=incoming.body,
            headers=retry_headers(req),
            context={CONTEXT_KEY: incoming},
        )
        with log_context(**incoming.log_fields()):
            send_response(client, req, self.app.dispatch(request), started)
