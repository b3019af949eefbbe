"""A fake of the use cases' Slack port: records what they send, answers as scripted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.rendering.blocks import Message
from bot.usecases.ports import Sent


def _text(message: Message | Mapping[str, Any]) -> str:
    return message.text if isinstance(message, Message) else str(message.get("text", ""))


@dataclass
class FakeSlackPort:
    sent: list[tuple[str, Any]] = field(default_factory=list)
    failing: dict[str, str] = field(default_factory=dict)
    """Method name → the Slack error it returns."""
    zone: str | None = "Europe/Berlin"

    def _record(self, method: str, *what: Any) -> Sent:
        self.sent.append((method, what))
        error = self.failing.get(method)
        return Sent(error=error) if error else Sent(ts=f"1700000000.{len(self.sent):06d}")

    def calls(self, method: str) -> list[tuple[Any, ...]]:
        return [what for name, what in self.sent if name == method]

    def reply(self, message: Message | Mapping[str, Any]) -> Sent:
        return self._record("reply", _text(message))

    def notice(self, message: Message) -> Sent:
        return self._record("notice", message.text)

    def replace_original(self, message: Message | Mapping[str, Any]) -> Sent:
        return self._record("replace_original", _text(message))

    def delete_original(self) -> Sent:
        return self._record("delete_original")

    def answer_in_channel(self, message: Message | Mapping[str, Any]) -> Sent:
        return self._record("answer_in_channel", _text(message))

    def post(self, channel: str, message: Message | Mapping[str, Any], thread_ts: str | None = None) -> Sent:
        return self._record("post", channel, _text(message), thread_ts)

    def post_ephemeral(self, channel: str, user: str, message: Message) -> Sent:
        return self._record("post_ephemeral", channel, user, message.text)

    def delete(self, channel: str, ts: str) -> Sent:
        return self._record("delete", channel, ts)

    def open_view(self, view: Mapping[str, Any]) -> Sent:
        return self._record("open_view", dict(view))

    def publish_home(self, user: str, view: Mapping[str, Any]) -> Sent:
        return self._record("publish_home", user, dict(view))

    def user_zone(self, user: str) -> str | None:
        return self.zone
