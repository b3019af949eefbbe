"""Structured logs: JSON lines with the request context, secrets redacted everywhere."""

from __future__ import annotations

import io
import json
import logging

import pytest

from bot.logs import JsonFormatter, SecretRedactor, configure_logging, log_context, redact

SECRETS = ("xoxb-123-456-abcDEF", "0123456789abcdef0123456789abcdef", "xapp-1-A1-2-xyz")


@pytest.mark.parametrize(
    "message",
    [
        "token xoxb-123-456-abcDEF in a message",
        "a different bot token xoxb-999-888-zzz",
        "an app token xapp-1-A1-2-xyz",
        "user token xoxp-1-2-3",
        "{'Authorization': 'Bearer xoxb-999-abc'}",
        "body: token=legacy123&team_id=T1",
        '{"token": "legacy123", "team_id": "T1"}',
        "{'token': 'legacy123', 'team_id': 'T1'}",
        "wss://wss-primary.slack.com/link/?ticket=legacy123&app_id=A1",
        "secret 0123456789abcdef0123456789abcdef leaked",
    ],
)
def test_redaction_removes_tokens_and_secrets(message: str) -> None:
    cleaned = redact(message, SECRETS)
    for secret in (*SECRETS, "xoxb-999", "xoxp-1", "legacy123"):
        assert secret not in cleaned
    assert "[redacted]" in cleaned


def test_log_lines_are_json_with_context_and_secrets_redacted_everywhere() -> None:
    stream = io.StringIO()
    handler = configure_logging("INFO", SECRETS, stream=stream)
    try:
        log = logging.getLogger("test.redaction")
        with log_context(team="T1", channel="C1", user="U1", event_id="Ev1", command="/role-diff"):
            log.info("calling with %s", "xoxb-123-456-abcDEF")
            try:
                raise RuntimeError("failed with xapp-1-A1-2-xyz")
            except RuntimeError:
                log.exception("boom")
        log.info("outside")
    finally:
        logging.getLogger().removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines[0]["message"] == "calling with [redacted]"
    assert {k: lines[0][k] for k in ("team", "channel", "user", "event_id", "command")} == {
        "team": "T1", "channel": "C1", "user": "U1", "event_id": "Ev1", "command": "/role-diff"
    }  # fmt: skip
    assert "RuntimeError" in lines[1]["exception"]
    assert "channel" not in lines[2], "the context ends with its block"
    for secret in SECRETS:
        assert secret not in stream.getvalue()


def test_formatter_redacts_even_without_the_filter() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%s", ("xoxb-123-456-abcDEF",), None)
    assert "xoxb-123" not in JsonFormatter(SECRETS).format(record)
    assert SecretRedactor(SECRETS).filter(record) and "xoxb-123" not in record.getMessage()
