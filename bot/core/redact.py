"""Removing what names people or places from a question before it is kept in the gap log.

Slack sends mentions as <@U123>, <#C123|name>, <!here>, <!subteam^S123>; links as <https://…|label>
or bare; people also paste e-mail addresses. The gap log is read by admins to see what the team
asks, not who or where, so all of these become a neutral placeholder.
"""

from __future__ import annotations

import re

_SLACK_TOKEN = re.compile(r"<([@#!])[^>]*>")
_SLACK_LINK = re.compile(r"<(?:https?|mailto|ftp|slack):[^>]*>", re.IGNORECASE)
_BARE_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_AT_NAME = re.compile(r"(?<![\w@])@[\w.-]+")
_PLACEHOLDERS = {"@": "[someone]", "#": "[a channel]", "!": "[a group]"}


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def redact(text: str) -> str:
    """The text with user and channel mentions, links and e-mail addresses replaced."""
    text = _SLACK_LINK.sub("[a link]", text)
    text = _SLACK_TOKEN.sub(lambda m: _PLACEHOLDERS[m.group(1)], text)
    text = _BARE_URL.sub("[a link]", text)
    text = _EMAIL.sub("[an e-mail address]", text)
    text = _AT_NAME.sub("[someone]", text)
    text = _CONTROL.sub(" ", text)  # an escape sequence would spoof the terminal `rolebot gaps` prints to
    return " ".join(text.split())


def without_bot_mention(text: str, placeholder: str = "[someone]") -> str:
    """A question as the asker meant it: "@rolebot what is a tpm" is "what is a tpm"."""
    stripped = text.strip()
    while stripped.startswith(placeholder):
        stripped = stripped[len(placeholder) :].lstrip(" ,:")
    return stripped
