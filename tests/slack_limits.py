"""Slack's Block Kit limits, checked on a finished payload: one helper every rendering test reuses.

Slack rejects a whole message when any one limit is broken, so a single overlong text from a
knowledge file would make the bot answer nothing. The numbers are Slack's documented limits:
https://api.slack.com/reference/block-kit/blocks and .../composition-objects.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

MAX_BLOCKS = 50
HEADER_TEXT = 150
SECTION_TEXT = 3000
MAX_FIELDS = 10
FIELD_TEXT = 2000
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
ACTION_ID = 255
BLOCK_ID = 255
CONTEXT_ELEMENTS = 10
CONTEXT_TEXT = 3000
ACTIONS_ELEMENTS = 25
MESSAGE_TEXT = 40_000

_ESCAPE = re.compile(r"&(?!(?:amp|lt|gt);)")
"""An '&' that does not start one of Slack's three escapes."""


def _check_text(obj: Any, where: str, limit: int, kinds: tuple[str, ...] = ("plain_text", "mrkdwn")) -> None:
    assert isinstance(obj, dict), f"{where}: a text object is required, got {obj!r}"
    assert obj.get("type") in kinds, f"{where}: text type {obj.get('type')!r} is not one of {kinds}"
    text = obj.get("text")
    assert isinstance(text, str), f"{where}: text must be a string, got {text!r}"
    assert text.strip(), f"{where}: Slack rejects an empty text"
    assert len(text) <= limit, f"{where}: {len(text)} characters, over Slack's limit of {limit}"


def assert_within_slack_limits(payload: dict[str, Any]) -> None:
    """Fail with a precise message if Slack would reject this chat.postMessage payload."""
    assert set(payload) >= {"text", "blocks"}, f"payload needs text and blocks: {sorted(payload)}"
    text = payload["text"]
    assert isinstance(text, str) and text.strip(), "the notification text must not be empty"
    assert len(text) <= MESSAGE_TEXT, f"notification text has {len(text)} characters"
    blocks = payload["blocks"]
    assert isinstance(blocks, list) and blocks, "a message needs at least one block"
    assert len(blocks) <= MAX_BLOCKS, f"{len(blocks)} blocks, over Slack's limit of {MAX_BLOCKS}"
    block_ids = [b["block_id"] for b in blocks if b.get("block_id")]
    assert len(block_ids) == len(set(block_ids)), f"block_ids repeat: {block_ids}"
    for i, block in enumerate(blocks):
        where = f"block {i} ({block.get('type')})"
        assert len(block.get("block_id") or "") <= BLOCK_ID, f"{where}: block_id too long"
        kind = block.get("type")
        if kind == "header":
            _check_text(block.get("text"), f"{where} text", HEADER_TEXT, ("plain_text",))
        elif kind == "section":
            fields = block.get("fields") or []
            assert block.get("text") or fields, f"{where}: a section needs text or fields"
            if block.get("text") is not None:
                _check_text(block["text"], f"{where} text", SECTION_TEXT)
            assert len(fields) <= MAX_FIELDS, f"{where}: {len(fields)} fields, over {MAX_FIELDS}"
            for n, f in enumerate(fields):
                _check_text(f, f"{where} field {n}", FIELD_TEXT)
        elif kind == "context":
            elements = block.get("elements") or []
            assert 1 <= len(elements) <= CONTEXT_ELEMENTS, f"{where}: {len(elements)} elements"
            for n, e in enumerate(elements):
                if e.get("type") in ("plain_text", "mrkdwn"):
                    _check_text(e, f"{where} element {n}", CONTEXT_TEXT)
        elif kind == "actions":
            elements = block.get("elements") or []
            assert 1 <= len(elements) <= ACTIONS_ELEMENTS, f"{where}: {len(elements)} elements"
            action_ids = [e.get("action_id") for e in elements]
            assert len(action_ids) == len(set(action_ids)), f"{where}: action_ids repeat: {action_ids}"
            for n, e in enumerate(elements):
                if e.get("type") == "button":
                    _check_text(e.get("text"), f"{where} button {n}", BUTTON_TEXT, ("plain_text",))
                    assert len(e.get("value") or "") <= BUTTON_VALUE, f"{where} button {n}: value too long"
                    assert len(e.get("action_id") or "") <= ACTION_ID, f"{where} button {n}: action_id"
        elif kind == "divider":
            pass
        else:
            raise AssertionError(f"{where}: a block type these tests do not know; add its limits here")


def mrkdwn_texts(payload: dict[str, Any]) -> Iterator[str]:
    """Every mrkdwn text in the blocks: the texts Slack parses for mentions, links and escapes."""

    def walk(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn" and isinstance(node.get("text"), str):
                yield node["text"]
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)

    yield from walk(payload["blocks"])


def assert_mrkdwn_escaped(payload: dict[str, Any]) -> None:
    """No mrkdwn text holds a raw '<' or '>' or an '&' that is not one of &amp; &lt; &gt;."""
    for text in mrkdwn_texts(payload):
        assert "<" not in text and ">" not in text, f"unescaped angle bracket in {text!r}"
        bad = _ESCAPE.search(text)
        assert bad is None, f"unescaped '&' at {bad.start()} in {text!r}"
