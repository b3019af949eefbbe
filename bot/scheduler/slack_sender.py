"""The clock's real Sender: chat.postMessage with the Slack Web API client.

No automatic retries: a retried post whose first attempt reached Slack would be a duplicate.
Slack's answers are mapped to the clock's typed errors: `ratelimited` (429, Retry-After) →
RateLimited; `not_in_channel`, `channel_not_found`, `is_archived` →
ChannelGone; a timeout, a dropped connection or a 5xx → SendFailed(maybe_delivered=True);
a revoked or invalid token (`invalid_auth`, `token_revoked`, `account_inactive`, …) →
TokenInvalid; any other refusal → SendFailed(maybe_delivered=False).

`InstalledSenders` gives each installed workspace a sender with its own bot token, from the
installation store (installs from a link).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.core.knowledge import KnowledgeBase
from bot.core.models import PracticePrompt
from bot.scheduler.sender import ChannelGone, RateLimited, SendError, SendFailed, TokenInvalid
from bot.slack.protocol import CHANNEL_GONE, DEFAULT_API_URL, retry_after

TIMEOUT_SECONDS = 15
TOKEN_INVALID = frozenset(
    {"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive", "team_not_found"}
)
"""Slack's errors that say the workspace's token will not work again (checked before CHANNEL_GONE)."""


class SlackSender:
    def __init__(self, client: WebClient, kb: KnowledgeBase) -> None:
        self.client = client
        self.kb = kb

    @classmethod
    def create(cls, token: str, kb: KnowledgeBase, base_url: str | None = None) -> SlackSender:
        client = WebClient(
            token=token, base_url=base_url or DEFAULT_API_URL, timeout=TIMEOUT_SECONDS, retry_handlers=[]
        )
        return cls(client, kb)

    def send_prompt(self, channel_id: str, prompt: PracticePrompt) -> str:
        from bot.rendering.practice import render_prompt

        payload = render_prompt(self.kb, prompt, for_channel=True).payload()
        try:
            response = self.client.chat_postMessage(
                channel=channel_id, **payload, unfurl_links=False, unfurl_media=False
            )
        except SlackApiError as error:
            raise slack_error(
                error.response.status_code, error.response.data, error.response.headers
            ) from None
        except (SlackRequestError, OSError, ValueError) as error:  # timeouts, dropped connections
            raise SendFailed(f"request failed: {type(error).__name__}", maybe_delivered=True) from None
        ts = response.get("ts")
        if not ts:
            raise SendFailed("Slack's answer has no message ts", maybe_delivered=True)
        return str(ts)


def slack_error(status: int, body: Any, headers: Mapping[str, Any] | None) -> SendError:
    """The clock's error for one of Slack's refusals."""
    code = str(body.get("error") or "") if isinstance(body, Mapping) else ""
    if status == 429 or code == "ratelimited":
        return RateLimited(retry_after(headers or {}))
    if code in TOKEN_INVALID:
        return TokenInvalid(code)
    if code in CHANNEL_GONE:
        return ChannelGone(code)
    if status >= 500 or not code:
        return SendFailed(code or f"http_{status}", maybe_delivered=True)
    return SendFailed(code, maybe_delivered=False)


class NoToken:
    """The sender of a workspace with no installation: every send says so."""

    def send_prompt(self, channel_id: str, prompt: PracticePrompt) -> str:
        raise TokenInvalid("no installation for this workspace")


class InstalledSenders:
    """One SlackSender per installed workspace, each with that workspace's bot token."""

    def __init__(self, tokens: Callable[[str], str | None], kb: KnowledgeBase, base_url: str) -> None:
        self.tokens = tokens
        self.kb = kb
        self.base_url = base_url
        self._senders: dict[str, SlackSender | NoToken] = {}

    def for_team(self, team_id: str) -> SlackSender | NoToken:
        if team_id not in self._senders:
            token = self.tokens(team_id)
            self._senders[team_id] = SlackSender.create(token, self.kb, self.base_url) if token else NoToken()
        return self._senders[team_id]


def auth_problem(token: str, base_url: str) -> str | None:
    """auth.test for `token`: None when Slack accepts it, else Slack's error code (or why it failed)."""
    client = WebClient(token=token, base_url=base_url, timeout=TIMEOUT_SECONDS, retry_handlers=[])
    try:
        client.auth_test()
    except SlackApiError as error:
        data = error.response.data
        return (
            str(data.get("error") if isinstance(data, Mapping) else "")
            or f"http_{error.response.status_code}"
        )
    except (SlackRequestError, OSError, ValueError) as error:
        return f"request failed: {type(error).__name__}"
    return None
