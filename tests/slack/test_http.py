"""The HTTP surface: signatures, timestamps, malformed bodies, health, and what the logs may hold."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest

from tests.slack.conftest import BOT_TOKEN, SIGNING_SECRET, Harness
from tests.support.fake_slack import SlackRequests, block_actions


def get(url: str, method: str = "GET") -> tuple[int, str]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def command_form(text: str = "program product") -> str:
    return urlencode({"command": "/role-diff", "text": text, "team_id": "T0TEST01", "user_id": "U0USER01",
                      "channel_id": "C0CHAN01", "response_url": "http://127.0.0.1:9/never"})  # fmt: skip


def test_health(slack: Harness) -> None:
    for path in ("/health", "/healthz"):
        status, body = get(slack.served.base_url + path)
        assert (status, json.loads(body)) == (200, {"status": "ok"})
    assert get(slack.served.base_url + "/slack/events")[0] == 405
    assert get(slack.served.base_url + "/nothing-here")[0] == 404


def test_bad_signature_is_401_and_nothing_runs(slack: Harness) -> None:
    forged = SlackRequests(slack.served.base_url, "not-the-signing-secret-at-all")
    assert forged.post(command_form(), "application/x-www-form-urlencoded").status == 401
    assert slack.send.post(command_form(), "application/x-www-form-urlencoded", signed=False).status == 401
    tampered = slack.send.post(
        command_form(), "application/x-www-form-urlencoded", headers={"X-Slack-Signature": "v0=" + "0" * 64}
    )
    assert tampered.status == 401
    slack.idle()
    assert not slack.fake.calls


def test_stale_timestamp_is_401(slack: Harness) -> None:
    stale = int(time.time()) - 10 * 60
    reply = slack.send.post(command_form(), "application/x-www-form-urlencoded", timestamp=stale)
    assert reply.status == 401
    future = int(time.time()) + 10 * 60
    assert (
        slack.send.post(command_form(), "application/x-www-form-urlencoded", timestamp=future).status == 401
    )


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("{not json", "application/json"),
        ("[1, 2, 3]", "application/json"),
        ('{"no": "type"}', "application/json"),
        ("", "application/json"),
        (urlencode({"payload": "{broken"}), "application/x-www-form-urlencoded"),
        (urlencode({"payload": json.dumps([1])}), "application/x-www-form-urlencoded"),
        (urlencode({"something": "else"}), "application/x-www-form-urlencoded"),
        ("<xml/>", "text/xml"),
    ],
    ids=[
        "bad-json",
        "json-list",
        "json-no-type",
        "empty",
        "bad-payload",
        "payload-list",
        "no-payload",
        "xml",
    ],
)
def test_malformed_bodies_are_4xx_without_a_trace(slack: Harness, body: str, content_type: str) -> None:
    reply = slack.send.post(body, content_type)
    assert 400 <= reply.status < 500
    assert "Traceback" not in reply.body and "File " not in reply.body


def test_an_unknown_event_type_is_acked(slack: Harness) -> None:
    """Slack would re-send an event we answered with an error; an event we don't use is acked and dropped."""
    reply = slack.send.event({"type": "reaction_added", "user": "U0USER01", "reaction": "tada"})
    assert reply.status in (200, 404) and "Traceback" not in reply.body


def test_an_unknown_button_is_acked(slack: Harness) -> None:
    reply = slack.send.action(block_actions("some_old_button", "x", slack.fake.response_url("old")))
    assert reply.status == 200


def test_url_verification(slack: Harness) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "c-123", "token": "legacy"})
    reply = slack.send.post(body, "application/json")
    assert reply.status == 200 and "c-123" in reply.body


def test_acks_are_fast(slack: Harness) -> None:
    """Slack allows 3 seconds; on loopback the ack comes in a small fraction of that."""
    url = slack.fake.response_url("fast")
    times = [slack.send.command("program product", url).elapsed for _ in range(10)]
    assert sorted(times)[-1] < 1.0


def test_logs_are_json_with_context_and_no_secrets(slack: Harness) -> None:
    slack.send.command("tpm", slack.fake.response_url("logged"))
    slack.fake.wait_for(lambda c: c.path.endswith("/logged"))
    slack.idle()
    text = slack.served.logs.getvalue()
    assert BOT_TOKEN not in text and SIGNING_SECRET not in text
    assert "legacy-verification-token" not in text, "the legacy verification token in bodies is redacted"
    assert "xoxb-" not in text
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    assert any(line.get("command") == "/role-diff" and line.get("user") == "U0USER01" for line in lines)
