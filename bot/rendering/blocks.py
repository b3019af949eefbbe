"""Small Block Kit builders that cannot produce a block Slack would reject.

Every builder trims its texts to Slack's limits, and `Message` caps the block count,
so no knowledge file, however long, and no user input can make a message fail.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.rendering.mrkdwn import escape, fit

MAX_BLOCKS = 50
SECTION_TEXT = 3000
FIELD_TEXT = 2000
MAX_FIELDS = 10
HEADER_TEXT = 150
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
CONTEXT_ELEMENTS = 10
ACTIONS_ELEMENTS = 25
FALLBACK_TEXT = 3000
"""The notification text; Slack allows far more, but nobody reads more in a notification."""


@dataclass(frozen=True)
class Message:
    """A Slack message: the notification text and its blocks."""

    text: str
    blocks: tuple[Block, ...]

    def payload(self) -> dict[str, Any]:
        """The exact JSON the bot sends, as Block Kit Builder and chat.postMessage take it."""
        return {"text": self.text, "blocks": [block.to_dict() for block in self.blocks]}


def message(fallback: str, blocks: Iterable[Block | None]) -> Message:
    """Assemble a message, dropping empty parts and keeping under Slack's 50-block limit.

    `fallback` is raw text: Slack parses the notification text for mentions too, so it is escaped here.
    """
    kept = [b for b in blocks if b is not None]
    if len(kept) > MAX_BLOCKS:
        dropped = len(kept) - (MAX_BLOCKS - 1)
        note = context([f"_{dropped} more part(s) left out to fit in one message._"])
        kept = [*kept[: MAX_BLOCKS - 1], *([note] if note else [])]
    return Message(fit(escape(fallback), FALLBACK_TEXT), tuple(kept))


def header(text: str) -> HeaderBlock:
    """Plain text: Slack does not parse mentions or links in it, so it needs no escaping."""
    return HeaderBlock(text=PlainTextObject(text=fit(" ".join(text.split()) or "…", HEADER_TEXT), emoji=True))


def section(mrkdwn: str, fields: Sequence[str] = (), block_id: str | None = None) -> SectionBlock:
    return SectionBlock(
        block_id=block_id,
        text=MarkdownTextObject(text=fit(mrkdwn, SECTION_TEXT)) if mrkdwn else None,
        fields=[MarkdownTextObject(text=fit(f, FIELD_TEXT)) for f in fields[:MAX_FIELDS]] or None,
    )


def context(mrkdwn_parts: Iterable[str]) -> ContextBlock | None:
    parts = [p for p in mrkdwn_parts if p][:CONTEXT_ELEMENTS]
    if not parts:
        return None
    return ContextBlock(elements=[MarkdownTextObject(text=fit(p, SECTION_TEXT)) for p in parts])


def divider() -> DividerBlock:
    return DividerBlock()


def button(label: str, action_id: str, value: str, primary: bool = False) -> ButtonElement:
    return ButtonElement(
        text=PlainTextObject(text=fit(label, BUTTON_TEXT), emoji=True),
        action_id=action_id,
        value=value[:BUTTON_VALUE],
        style="primary" if primary else None,
    )


def actions(buttons: Sequence[ButtonElement], block_id: str | None = None) -> ActionsBlock | None:
    """A row of buttons; Slack wants each action_id once per block, so repeated ones get a suffix."""
    if not buttons:
        return None
    seen: dict[str, int] = {}
    for b in buttons[:ACTIONS_ELEMENTS]:
        action_id = b.action_id or ""
        n = seen.get(action_id, 0)
        seen[action_id] = n + 1
        if n:
            b.action_id = f"{action_id}:{n}"
    return ActionsBlock(block_id=block_id, elements=list(buttons[:ACTIONS_ELEMENTS]))
