"""Making untrusted text safe and short enough for Slack.

Text from knowledge files and from users goes through `escape` before it reaches a
message, so "<!channel>" or "<https://evil|click>" arrive as harmless characters, and
through `fit` so that Slack never rejects a message for a text that is too long.
"""

from __future__ import annotations

import re

ELLIPSIS = "…"
_BROADCAST = re.compile(r"@(?=(channel|here|everyone)\b)", re.IGNORECASE)
_ZERO_WIDTH_SPACE = "\u200b"


def escape(text: str) -> str:
    """Escape Slack's control characters; also break plain @channel/@here/@everyone."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub("@" + _ZERO_WIDTH_SPACE, text)


def fit(text: str, limit: int) -> str:
    """Trim to at most `limit` characters at a word boundary, never inside an escape like &amp;."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space >= limit // 2:
        cut = cut[:space]
    else:
        amp = cut.rfind("&")
        if amp != -1 and ";" not in cut[amp:]:
            cut = cut[:amp]
    return cut.rstrip(" \n,:-") + ELLIPSIS


def bullets(items: tuple[str, ...] | list[str]) -> str:
    return "\n".join(f"• {item}" for item in items)


def quote(text: str) -> str:
    """Escaped user text shown inside curly quotes, trimmed so it cannot swamp a message."""
    return f"“{fit(escape(text), 200)}”"


_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,30}$")


def user_mention(user_id: str | None) -> str | None:
    """`<@U…>` for a Slack user id, None for anything else: only an id is ever put inside <@…>,
    so no other markup (a channel ping, a link) can be forged through it."""
    return f"<@{user_id}>" if user_id and _USER_ID.match(user_id) else None
