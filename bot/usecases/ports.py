"""The ports the use cases talk through: what they may do in Slack for one request, and who asked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from bot.rendering.blocks import Message


@dataclass(frozen=True)
class Sent:
    """What happened to one reply: `error` is Slack's error code (or "http_NNN"), None when delivered."""

    error: str | None = None
    ts: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class Asker:
    """Who made the request, in which workspace, and from which conversation (None: unknown)."""

    team: str
    user: str
    channel: str | None = None
    in_direct_message: bool = False
    enterprise: str | None = None
    """The Enterprise Grid organisation, when there is one."""


class SlackPort(Protocol):
    """Slack, as one request's use case sees it: the person's private replies and the conversations."""

    def reply(self, message: Message | Mapping[str, Any]) -> Sent:
        """Privately to whoever asked (a slash command's or a click's response_url)."""
        ...

    def notice(self, message: Message) -> Sent:
        """Privately to whoever clicked, leaving the message the button is on as it is."""
        ...

    def replace_original(self, message: Message | Mapping[str, Any]) -> Sent:
        """Replace the message the clicked button is on."""
        ...

    def delete_original(self) -> Sent: ...

    def answer_in_channel(self, message: Message | Mapping[str, Any]) -> Sent:
        """For everyone in the conversation, through the click's response_url (`in_channel`): works
        where the bot is not a member, and needs no scope."""
        ...

    def post(
        self, channel: str, message: Message | Mapping[str, Any], thread_ts: str | None = None
    ) -> Sent: ...

    def post_ephemeral(self, channel: str, user: str, message: Message) -> Sent: ...

    def delete(self, channel: str, ts: str) -> Sent: ...

    def open_view(self, view: Mapping[str, Any]) -> Sent:
        """A modal, opened with the click's trigger (within Slack's three seconds of it)."""
        ...

    def publish_home(self, user: str, view: Mapping[str, Any]) -> Sent: ...

    def user_zone(self, user: str) -> str | None:
        """The user's time zone from their Slack profile; None when unknown."""
        ...
