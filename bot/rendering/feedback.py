"""The "Helpful?" 👍/👎 row on answers, its thanks, the "What were you looking for?" window, and the
line that says a question was noted for the team."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from bot.rendering import action_ids
from bot.rendering.blocks import BUTTON_VALUE, MAX_BLOCKS, Message, actions, button, context, message, section

ASK_BLOCK = action_ids.FEEDBACK_BLOCK + "_ask"
THANKS = ":pray: Thanks for the feedback!"
THANKS_UNHELPFUL = ":pray: Thanks, noted: this helps the team see what the answers miss."
NOTED = ":memo: I've noted this question for the team, so someone can add an answer."
COMMENT_LIMIT = 1000
QUESTION_IN_VALUE = 500
"""Characters of the (redacted) question carried in the button, for the gap log's 👎 entry."""


def feedback_value(target: str, question: str) -> str:
    """What both buttons carry: the entry answered and the question as asked (already redacted)."""
    value = json.dumps({"t": target, "q": question[:QUESTION_IN_VALUE]}, ensure_ascii=False)
    return value if len(value) <= BUTTON_VALUE else json.dumps({"t": target, "q": ""})


def read_feedback_value(value: str) -> tuple[str, str] | None:
    """(target, question), or None when the value is not one of ours."""
    if len(value) > BUTTON_VALUE:
        return None  # never one of ours: Slack caps a button's value
    try:
        found = json.loads(value)
    except (ValueError, RecursionError):  # deeply nested brackets raise RecursionError
        return None
    if not isinstance(found, dict) or not isinstance(found.get("t"), str) or not found["t"]:
        return None
    question = found.get("q")
    return found["t"], question if isinstance(question, str) else ""


def feedback_blocks(value: str) -> list[dict[str, Any]]:
    row = actions(
        [
            button(":+1: Helpful", action_ids.ANSWER_HELPFUL, value),
            button(":-1: Not really", action_ids.ANSWER_UNHELPFUL, value),
        ],
        block_id=action_ids.FEEDBACK_BLOCK,
    )
    ask = context(["Helpful?"])
    assert row is not None and ask is not None
    ask.block_id = ASK_BLOCK
    return [ask.to_dict(), row.to_dict()]


def _appended(payload: Mapping[str, Any], extra: Sequence[dict[str, Any]]) -> dict[str, Any]:
    blocks = list(payload.get("blocks") or [])
    keep = MAX_BLOCKS - len(extra)
    return {**payload, "blocks": [*blocks[:keep], *extra]}


def with_feedback(payload: Mapping[str, Any], value: str) -> dict[str, Any]:
    """The answer with the 👍/👎 row at its end (a copy: cached payloads are shared)."""
    return _appended(payload, feedback_blocks(value))


def with_noted(payload: Mapping[str, Any]) -> dict[str, Any]:
    """A "not sure" reply that says the question is in the gap log."""
    noted = context([NOTED])
    assert noted is not None
    return _appended(payload, [noted.to_dict()])


def thanked(blocks: Sequence[Mapping[str, Any]], helpful: bool) -> list[dict[str, Any]]:
    """The message's blocks with the 👍/👎 row given way to a short thanks."""
    thanks = context([THANKS if helpful else THANKS_UNHELPFUL])
    assert thanks is not None
    kept: list[dict[str, Any]] = []
    for block in blocks:
        if block.get("block_id") == ASK_BLOCK:
            continue
        kept.append(thanks.to_dict() if block.get("block_id") == action_ids.FEEDBACK_BLOCK else dict(block))
    return kept


def thanks_notice(helpful: bool) -> Message:
    text = THANKS if helpful else THANKS_UNHELPFUL
    return message(text, [section(text)])


def feedback_modal(gap_id: int) -> dict[str, Any]:
    """The optional "What were you looking for?" window after a 👎."""
    return {
        "type": "modal",
        "callback_id": action_ids.FEEDBACK_MODAL,
        "private_metadata": str(gap_id),
        "title": {"type": "plain_text", "text": "Thanks for telling us"},
        "submit": {"type": "plain_text", "text": "Send"},
        "close": {"type": "plain_text", "text": "Skip"},
        "blocks": [
            {
                "type": "input",
                "block_id": action_ids.FEEDBACK_COMMENT_BLOCK,
                "optional": True,
                "label": {"type": "plain_text", "text": "What were you looking for?"},
                "hint": {
                    "type": "plain_text",
                    "text": "Optional. The team sees it without your name; mentions and links are removed.",
                },
                "element": {
                    "type": "plain_text_input",
                    "action_id": action_ids.FEEDBACK_COMMENT_INPUT,
                    "multiline": True,
                    "max_length": COMMENT_LIMIT,
                },
            }
        ],
    }
