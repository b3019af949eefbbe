"""The Slack port of the use cases (bot/usecases/ports.py) for one request: its client, its
response_url and its trigger, over bot/slack/client.py's calls that never raise."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient

from bot.rendering.blocks import Message
from bot.slack import client as calls
from bot.usecases.ports import Sent


def _payload(message: Message | Mapping[str, Any]) -> dict[str, Any]:
    return message.payload() if isinstance(message, Message) else dict(message)


@dataclass(frozen=True)
class RequestSlack:
    client: WebClient
    response_url: str | None = None
    trigger_id: str | None = None
    zones: Callable[[WebClient, str], str | None] | None = None
    """Where users' time zones come from (a cache of users.info); None: ask Slack each time."""

    def reply(self, message: Message | Mapping[str, Any]) -> Sent:
        return calls.respond(self.response_url, {**_payload(message), "response_type": "ephemeral"})

    def notice(self, message: Message) -> Sent:
        payload = {**message.payload(), "response_type": "ephemeral", "replace_original": False}
        return calls.respond(self.response_url, payload)

    def replace_original(self, message: Message | Mapping[str, Any]) -> Sent:
        return calls.respond(self.response_url, {**_payload(message), "replace_original": True})

    def delete_original(self) -> Sent:
        return calls.respond(self.response_url, {"delete_original": True})

    def answer_in_channel(self, message: Message | Mapping[str, Any]) -> Sent:
        payload = {**_payload(message), "response_type": "in_channel", "replace_original": False}
        return calls.respond(self.response_url, payload)

    def post(self, channel: str, message: Message | Mapping[str, Any], thread_ts: str | None = None) -> Sent:
        return calls.post_message(self.client, channel=channel, message=message, thread_ts=thread_ts)

    def post_ephemeral(self, channel: str, user: str, message: Message) -> Sent:
        return calls.post_ephemeral(self.client, channel=channel, user=user, message=message)

    def delete(self, channel: str, ts: str) -> Sent:
        return calls.delete_message(self.client, channel=channel, ts=ts)

    def open_view(self, view: Mapping[str, Any]) -> Sent:
        return calls.open_view(self.client, trigger_id=self.trigger_id or "", view=view)

    def publish_home(self, user: str, view: Mapping[str, Any]) -> Sent:
        return calls.publish_home(self.client, user_id=user, view=view)

    def user_zone(self, user: str) -> str | None:
        return self.zones(self.client, user) if self.zones else calls.user_time_zone(self.client, user)
