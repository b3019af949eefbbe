"""The Web API client: rate limits waited out within a cap."""

from __future__ import annotations

from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.slack.client import BoundedRateLimitRetryHandler


def _response(status: int, retry_after: str | None) -> HttpResponse:
    headers = {"Retry-After": [retry_after]} if retry_after is not None else {}
    return HttpResponse(status_code=status, headers=headers, data=b"")


def test_rate_limit_retry_waits_retry_after_but_not_beyond_a_cap() -> None:
    handler = BoundedRateLimitRetryHandler(max_retry_count=2, max_wait=30)
    request = HttpRequest(method="POST", url="http://x", headers={})
    state = RetryState()
    assert handler.can_retry(state=state, request=request, response=_response(429, "1"))
    assert not handler.can_retry(state=state, request=request, response=_response(429, "3600"))
    assert not handler.can_retry(state=state, request=request, response=_response(200, None))
    assert handler._wait(_response(429, "soon")) == 1.0
