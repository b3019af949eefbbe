"""The Slack layer's small parts: de-duplication, secret redaction, the share credit, retries, settings."""

from __future__ import annotations

import io
import json
import logging
import threading
import time

import pytest
from pydantic import ValidationError
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from sqlalchemy.exc import OperationalError

from bot.core.knowledge import KnowledgeBase
from bot.core.names import RoleResolver
from bot.core.role_query import interpret
from bot.logs import JsonFormatter, SecretRedactor, configure_logging, log_context, redact
from bot.rendering.home import render_home
from bot.rendering.roles import render_role_query
from bot.rendering.share import share_value, shared_by, with_share_button
from bot.settings import Settings, SettingsError, load_settings
from bot.slack.client import BoundedRateLimitRetryHandler
from bot.slack.dedupe import DatabaseEventDeduper, MemoryEventDeduper
from bot.slack.executor import AckFirst, TrackedExecutor
from tests.slack_limits import assert_mrkdwn_escaped, assert_within_slack_limits


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_deduper_claims_once_until_expiry() -> None:
    clock = Clock()
    dedupe = MemoryEventDeduper(ttl=60, clock=clock)
    assert dedupe.claim("Ev1") and not dedupe.claim("Ev1") and dedupe.claim("Ev2")
    clock.now = 61
    assert dedupe.claim("Ev1"), "after the retry window the id is forgotten"
    dedupe.release("Ev1")
    assert dedupe.claim("Ev1"), "a released claim lets Slack's retry through"


def test_deduper_is_bounded() -> None:
    dedupe = MemoryEventDeduper(ttl=60, max_entries=3, clock=Clock())
    for n in range(10):
        assert dedupe.claim(f"Ev{n}")
    assert len(dedupe) == 3 and not dedupe.claim("Ev9")


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


def test_share_credit_only_names_a_valid_user_id(kb: KnowledgeBase, resolver: RoleResolver) -> None:
    result = interpret(kb, resolver, "program product")
    message = render_role_query(result, tuple(kb.roles.values()))
    assert share_value(result) == "program-manager product-manager"
    shared = shared_by(message, "U0123ABC").payload()
    assert "Shared by <@U0123ABC>" in json.dumps(shared)
    assert_within_slack_limits(shared)
    for forged in ("U1> <!channel", "<!here>", "", None, "C0123ABC", "u0123abc"):
        payload = shared_by(message, forged).payload()
        assert "<@" not in json.dumps(payload) and "Shared by someone" in json.dumps(payload)
        assert_mrkdwn_escaped(payload)
    assert share_value(interpret(kb, resolver, "help")) is None
    assert share_value(interpret(kb, resolver, "pm")) is None


def test_share_button_keeps_within_the_block_limit(kb: KnowledgeBase, resolver: RoleResolver) -> None:
    message = render_role_query(interpret(kb, resolver, "tpm"), tuple(kb.roles.values()))
    crowded = type(message)(message.text, message.blocks * 10)
    shared = with_share_button(crowded, "x").payload()
    assert len(shared["blocks"]) == 50 and shared["blocks"][-1]["type"] == "actions"


def test_home_view_within_limits_and_escaped(kb: KnowledgeBase) -> None:
    view = render_home(kb)
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    payload = {"text": "home", "blocks": view["blocks"]}
    assert_within_slack_limits(payload)
    assert_mrkdwn_escaped(payload)


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


def test_settings_errors_name_the_variable_and_never_echo_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir("/")
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL", "PORT"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(SettingsError, match="SLACK_BOT_TOKEN is not set"):
        load_settings(http=False)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxp-secret-user-token")
    with pytest.raises(SettingsError) as error:
        load_settings(http=False)
    assert "SLACK_BOT_TOKEN" in str(error.value) and "secret-user-token" not in str(error.value)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1-2-valid")
    settings = load_settings(http=False)
    assert settings.slack_api_url == "https://slack.com/api/" and settings.port == 3000
    assert not settings.socket_mode and "xoxb-1-2-valid" not in repr(settings)
    with pytest.raises(SettingsError, match="SLACK_SIGNING_SECRET"):
        load_settings(http=True)


def test_settings_accept_a_grid_or_govslack_api_url() -> None:
    settings = Settings(
        _env_file=None, slack_bot_token="xoxb-1-2-3", slack_api_url="https://slack-gov.com/api/"
    )
    assert settings.slack_api_url == "https://slack-gov.com/api/"


def test_database_settings() -> None:
    def settings(**values: object) -> Settings:
        return Settings(_env_file=None, slack_bot_token="xoxb-1-2-3", **values)

    assert settings(database_url="").database == "sqlite:///rolebot.sqlite3", "the embedded default"
    heroku = settings(database_url="postgres://u:s3cretpassw0rd@ec2-1.compute.amazonaws.com:5432/d1")
    assert heroku.database == "postgresql+psycopg://u:s3cretpassw0rd@ec2-1.compute.amazonaws.com:5432/d1"
    assert "s3cretpassw0rd" in heroku.secrets(), "the log redactor hides the database password too"
    assert settings(database_url="sqlite:////data/bot.sqlite3").database == "sqlite:////data/bot.sqlite3"
    for bad in ("mysql://u:pw@h/db", "not a url", "redis://h:6379"):
        with pytest.raises(ValidationError, match="PostgreSQL or SQLite"):
            settings(database_url=bad)
    assert settings().rolebot_store_answer_text is False
    assert settings(rolebot_store_answer_text="").rolebot_store_answer_text is False
    assert settings(rolebot_store_answer_text="true").rolebot_store_answer_text is True
    with pytest.raises(ValidationError):
        settings(rolebot_store_answer_text="maybe")


def test_a_bad_database_url_is_named_and_its_password_never_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir("/")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1-2-valid")
    monkeypatch.setenv("DATABASE_URL", "mysql://rolebot:hunter2secret@db.example.com/rolebot")
    with pytest.raises(SettingsError) as error:
        load_settings(http=False)
    assert str(error.value).startswith("DATABASE_URL must be a PostgreSQL or SQLite URL")
    assert "hunter2secret" not in str(error.value) and "\n" not in str(error.value)


def test_gunicorn_workers_follow_gunicorn_workers_then_web_concurrency() -> None:
    def workers(**values: object) -> int:
        return Settings(_env_file=None, slack_bot_token="xoxb-1-2-3", **values).workers

    assert workers() == 1
    assert workers(web_concurrency="4") == 4, "Heroku's WEB_CONCURRENCY"
    assert workers(web_concurrency="4", gunicorn_workers="2") == 2, "ours wins"
    assert workers(web_concurrency="", gunicorn_workers="") == 1
    assert workers(web_concurrency="200") == 32, "capped"
    with pytest.raises(ValidationError):
        workers(web_concurrency="lots")


class BrokenEvents:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def first_time(self, event_id: str) -> bool:
        self.calls.append(event_id)
        raise OperationalError("INSERT", {}, Exception("the database is down"))

    def release(self, event_id: str) -> None:
        raise OperationalError("DELETE", {}, Exception("the database is down"))


def test_database_deduper_answers_when_the_database_is_down_but_once_per_process() -> None:
    events = BrokenEvents()
    dedupe = DatabaseEventDeduper(events, serialize=True)
    assert dedupe.claim("Ev1") and events.calls == [], "no query before the ack"
    assert dedupe.confirm("Ev1"), "a question is answered rather than dropped"
    assert not dedupe.claim("Ev1") and events.calls == ["Ev1"], "a retry to the same process costs no query"
    dedupe.release("Ev1")  # logged, not raised
    assert dedupe.claim("Ev1")


def test_work_waits_while_requests_are_being_acked_but_not_forever() -> None:
    gate = AckFirst(quiet=0.01, max_delay=0.3)
    started = time.monotonic()
    gate.wait_turn(started)
    assert time.monotonic() - started < 0.05, "no traffic: work starts at once"
    with gate:
        gate.wait_turn(time.monotonic())
    waited = time.monotonic() - started
    assert 0.25 <= waited < 1.0, "a request in flight holds work back, but only up to max_delay"

    done = threading.Event()
    with gate:
        worker = threading.Thread(target=lambda: (gate.wait_turn(time.monotonic()), done.set()))
        worker.start()
        assert not done.wait(0.05), "work waits while a request is being acked"
    assert done.wait(1.0), "and goes once the acks are done"
    worker.join()


def test_tracked_executor_knows_when_it_is_idle() -> None:
    pool = TrackedExecutor(2)
    release = threading.Event()
    pool.submit(release.wait, 5)
    assert pool.pending == 1 and not pool.wait_idle(0.05)
    release.set()
    assert pool.wait_idle(5) and pool.pending == 0
    pool.shutdown()
