"""Short messages to a user when Slack refused something the bot tried to do for them."""

from __future__ import annotations

import re

from bot.rendering.blocks import Message, message, section

NOT_A_MEMBER = frozenset({"not_in_channel", "channel_not_found"})
"""Slack's errors for a conversation the bot cannot see or post in: it must be invited."""
CHANNEL_GONE = NOT_A_MEMBER | {"is_archived", "account_inactive"}
"""Slack's errors after which posting there will not work until someone acts."""


def error_code(error: str) -> str:
    """Slack's error code as shown to people: only its letters, digits and underscores."""
    return re.sub(r"[^A-Za-z0-9_]", "", error)[:60] or "unknown_error"


_WHY = {
    "not_in_channel": "I'm not a member of this channel, so I can't post in it. Add me to the channel "
    "(channel details → Integrations → Add apps), then try again.",
    "channel_not_found": "I can't see this conversation, so I can't post in it. Private channels and "
    "direct messages between other people are closed to me unless I'm added.",
    "is_archived": "This channel is archived, so nothing can be posted in it.",
    "restricted_action": "This channel only lets some members post, and I'm not one of them.",
    "restricted_action_read_only_channel": "This channel is read-only, so I can't post in it.",
    "restricted_action_thread_only_channel": "This channel only allows replies in threads.",
    "cannot_reply_to_message": "Slack doesn't let me reply in this thread.",
    "ratelimited": "Slack asked me to slow down. Please try again in a minute.",
    "request_failed": "I couldn't reach Slack just now. Please try again in a moment.",
}


def could_not_post(error: str, what: str = "share that") -> Message:
    """`error` is Slack's error code; only its letters, digits and underscores are shown."""
    code = error_code(error)
    reason = _WHY.get(error, f"Slack didn't let me {what} (`{code}`). Please try again.")
    text = f":warning: I couldn't {what}. {reason}" if error in _WHY else f":warning: {reason}"
    return message(text, [section(text)])


def out_of_date() -> Message:
    text = "That button is out of date: what it pointed to has changed. Please ask again."
    return message(text, [section(f":hourglass: {text}")])


def something_went_wrong() -> Message:
    text = "Sorry, something went wrong on my side and I couldn't answer. Please try again."
    return message(text, [section(f":warning: {text}")])
