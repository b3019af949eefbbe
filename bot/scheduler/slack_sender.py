"""The clock's real Sender: chat.postMessage with the Slack Web API client.

No automatic retries: a retried post whose first attempt reached Slack would be a duplicate.
Slack's answers are mapped to the clock's typed errors: `ratelimited` (429, Retry-After) →
RateLimited; `not_in_channel`, `channel_not_found`, `is_archived`, `account_inactive` →
ChannelGone; a timeout, a dropped connection or a 5xx → SendFailed(maybe_delivered=True);
any other refusal → SendFailed(maybe_delivered=False).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.core.knowledge import KnowledgeBase
from bot.core.models import PracticePrompt
from bot.scheduler.sender import ChannelGone, RateLimited, SendError, SendFailed
from bot.slack.protocol import CHANNEL_GONE, DEFAULT_API_URL, retry_after

TIMEOUT_SECONDS = 15


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
    if code in CHANNEL_GONE:
        return ChannelGone(code)
    if status >= 500 or not code:
        return SendFailed(code or f"http_{status}", maybe_delivered=True)
    return SendFailed(code, maybe_delivered=False)
