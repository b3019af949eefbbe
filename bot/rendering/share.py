"""The "Share in channel" button on a private /role-diff answer, and the shared copy's credit line."""

from __future__ import annotations

from bot.core.role_query import ComparisonResult, ProfileResult, RoleList, RoleQuery
from bot.rendering import action_ids
from bot.rendering.blocks import MAX_BLOCKS, Message, actions, button, context
from bot.rendering.commands import ROLE_DIFF_COMMAND
from bot.rendering.mrkdwn import user_mention

SHARE_LABEL = "Share in channel"


def share_value(result: RoleQuery) -> str | None:
    """The request text that re-creates this answer for sharing; None when there is nothing to share."""
    match result:
        case ComparisonResult(comparison, _):
            return f"{comparison.left.id} {comparison.right.id}"
        case ProfileResult(profile, _):
            return profile.role.id
        case RoleList():
            return "roles"
    return None


def _append(message: Message, *extra: object) -> Message:
    blocks = [b for b in extra if b is not None]
    room = MAX_BLOCKS - len(blocks)
    return Message(message.text, (*message.blocks[:room], *blocks))  # type: ignore[arg-type]


def with_share_button(message: Message, value: str) -> Message:
    return _append(message, actions([button(SHARE_LABEL, action_ids.SHARE_IN_CHANNEL, value, primary=True)]))


def shared_by(message: Message, user_id: str | None) -> Message:
    """The answer as posted for everyone, credited to the person who shared it."""
    who = user_mention(user_id) or "someone"
    return _append(message, context([f":speech_balloon: Shared by {who} with `{ROLE_DIFF_COMMAND}`"]))
