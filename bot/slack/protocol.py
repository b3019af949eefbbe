"""Facts of Slack's Web API that every caller shares: its address, how it asks us to wait, and the
errors that mean the bot cannot post in a conversation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.rendering.notices import CHANNEL_GONE
from bot.settings import DEFAULT_API_URL

__all__ = ["CHANNEL_GONE", "DEFAULT_API_URL", "retry_after"]


def retry_after(headers: Mapping[str, Any], default: float = 1.0) -> float:
    """Seconds Slack's Retry-After header asks for (a 429); `default` when it is missing or unreadable."""
    for name, value in headers.items():
        if name.lower() == "retry-after":
            value = value[0] if isinstance(value, list | tuple) else value
            try:
                return max(0.0, float(value))
            except (TypeError, ValueError):
                break
    return default
