"""How the clock posts a prompt, without knowing about Slack: a protocol and its typed errors."""

from __future__ import annotations

from typing import Protocol

from bot.core.models import PracticePrompt


class SendError(Exception):
    """Base of the errors a Sender raises."""


class RateLimited(SendError):
    """Slack asked us to wait `retry_after` seconds; nothing was posted."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"rate limited; retry after {retry_after:g}s")
        self.retry_after = float(retry_after)


class ChannelGone(SendError):
    """The bot cannot post there any more (removed, archived, deleted); nothing was posted."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TokenInvalid(SendError):
    """The workspace's bot token is revoked or invalid, or it has none (the app was uninstalled):
    nothing was posted, and nothing can be until the app is installed there again."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SendFailed(SendError):
    """Any other failure. `maybe_delivered`: the request may have reached Slack (a timeout, a
    dropped connection, a 5xx), so the message may be in the channel and must not be re-sent."""

    def __init__(self, reason: str, *, maybe_delivered: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.maybe_delivered = maybe_delivered


class Sender(Protocol):
    def send_prompt(self, channel_id: str, prompt: PracticePrompt) -> str:
        """Post the prompt in the channel and return the message's ts; raise a SendError otherwise."""
        ...


class TeamSenders(Protocol):
    """Senders for many workspaces, each with its own token (installs from a link)."""

    def for_team(self, team_id: str) -> Sender:
        """The workspace's sender; for a workspace without a token, one that raises TokenInvalid."""
        ...
