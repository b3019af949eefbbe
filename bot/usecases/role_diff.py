"""`/role-diff`: a private comparison or profile, its "did you mean" choices, and sharing it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.core.knowledge import KnowledgeBase
from bot.core.names import RoleResolver
from bot.core.role_query import RoleQuery, interpret
from bot.rendering.blocks import Message
from bot.rendering.notices import could_not_post, out_of_date
from bot.rendering.roles import render_role_query
from bot.rendering.share import share_value, shared_by, with_share_button
from bot.usecases.ports import Sent, SlackPort
from bot.usecases.questions import CACHED_REPLIES

log = logging.getLogger("bot.usecases.role_diff")


@dataclass(frozen=True)
class RoleDiffReply:
    result: RoleQuery
    payload: dict[str, Any]
    """Shared between requests: copy it (`{**payload, ...}`), never change it in place."""


class RoleDiffs:
    def __init__(self, kb: KnowledgeBase, resolver: RoleResolver, command: str) -> None:
        self.kb = kb
        self.resolver = resolver
        self.command = command
        self.roles = tuple(kb.roles.values())
        self.reply = lru_cache(CACHED_REPLIES)(self._reply)

    def _reply(self, text: str, shareable: bool = True) -> RoleDiffReply:
        """A request's reply; with `shareable`, a share button when there is something to share."""
        result = interpret(self.kb, self.resolver, text.strip())
        message = render_role_query(result, self.roles, self.command)
        value = share_value(result) if shareable else None
        if value is not None:
            message = with_share_button(message, value)
        log.info("role-diff", extra={"fields": {"result": type(result).__name__}})
        return RoleDiffReply(result, message.payload())

    def share(self, value: str, user: str, channel: str | None, slack: SlackPort) -> Message | None:
        """Posts the private answer for everyone, credited to the sharer, and removes the private copy;
        the private notice to show when it could not be shared, else None."""
        result = interpret(self.kb, self.resolver, value)
        if share_value(result) is None:
            return out_of_date()
        shared = shared_by(render_role_query(result, self.roles, self.command), user)
        # Through the click's response_url first (no membership, no scope), else as the bot (a link
        # older than Slack keeps response_urls, say).
        sent = slack.answer_in_channel(shared)
        if not sent.ok:
            sent = slack.post(channel, shared) if channel else Sent(error="channel_not_found")
        if sent.ok:
            slack.delete_original()
            return None
        error = sent.error
        log.warning("could not share", extra={"fields": {"error": error}})
        return could_not_post(error or "request_failed", "share that in this channel")
