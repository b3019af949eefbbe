"""Socket Mode with the same validation as HTTP: every payload is typed before Bolt sees it."""

from __future__ import annotations

import logging
import time

from slack_bolt import BoltRequest
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.socket_mode.internals import build_headers, send_response
from slack_sdk.socket_mode.client import BaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from bot.logs import log_context
from bot.slack.incoming import CONTEXT_KEY, Rejected, read_incoming

log = logging.getLogger("bot.slack.socket_mode")


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
            headers=build_headers(req),
            context={CONTEXT_KEY: incoming},
        )
        with log_context(**incoming.log_fields()):
            send_response(client, req, self.app.dispatch(request), started)
