"""The server under faults and hostile input, through real HTTP: slow clients, odd headers, slow Slack,
racing commands, payloads Slack never sends, NUL bytes, and what DEBUG logs may hold."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.error import URLError
from urllib.parse import urlencode

import pytest
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.state import RetryState

from bot.slack import client as slack_client
from bot.slack.client import GatewayErrorRetryHandler, UnsentRequestRetryHandler
from tests.slack.conftest import SIGNING_SECRET, Harness, Served, serve_app
from tests.support.fake_slack import (
    TEAM_ID,
    FakeSlack,
    Scripted,
    SlackRequests,
    block_actions,
    direct_message,
    event_envelope,
    mention,
    sign,
)

COMMAND_FORM = {"command": "/role-diff", "text": "program product", "team_id": TEAM_ID, "user_id": "U0USER01",
                "channel_id": "C0CHAN01", "api_app_id": "A0APP001"}  # fmt: skip


def form(response_url: str, **fields: str) -> str:
    return urlencode({**COMMAND_FORM, "response_url": response_url, **fields})


def _port(served: Served) -> int:
    return int(served.base_url.rsplit(":", 1)[1])


def no_trace(text: str) -> bool:
    return "Traceback" not in text and 'File "' not in text


def crashed(served: Served) -> list[str]:
    """Log lines of listener crashes and unexpected failures."""
    lines = served.logs.getvalue().splitlines()
    return [line for line in lines if "a listener failed" in line or "failed to handle" in line]


# --- 1. slow clients ---------------------------------------------------------------------------


@pytest.fixture
def stalled(slack: Harness) -> Iterator[list[socket.socket]]:
    """100 connections that sent their headers and one byte of a 1,000-byte body, then stopped."""
    sockets = []
    try:
        for _ in range(100):
            sock = socket.create_connection(("127.0.0.1", _port(slack.served)), timeout=5)
            sock.sendall(
                b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: 1000\r\n\r\n{"
            )
            sockets.append(sock)
        time.sleep(0.2)  # let the server start reading all of them
        yield sockets
    finally:
        for sock in sockets:
            sock.close()


def test_stalled_clients_do_not_hold_up_a_signed_ack(slack: Harness, stalled: list[socket.socket]) -> None:
    url = slack.fake.response_url("despite-stalls")
    reply = slack.send.command("program product", url)  # times out after 10 s if it waits for the stalls
    assert reply.status == 200
    slack.fake.wait_for(lambda c: c.path.endswith("/despite-stalls"))


def test_a_stalled_body_gets_408_and_is_closed(served: Served, fake: FakeSlack) -> None:
    served.idle()
    served.wsgi.body_timeout, before = 0.5, served.wsgi.body_timeout
    try:
        with socket.create_connection(("127.0.0.1", _port(served)), timeout=5) as sock:
            sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{")
            answer = sock.recv(4096).decode()
            assert answer.startswith("HTTP/1.1 408")
            sock.settimeout(2)
            assert sock.recv(4096) == b"", "the connection is closed after the 408"
    finally:
        served.wsgi.body_timeout = before


# --- 2. odd headers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "timestamp", ["²", "1700000000²", "+1700000000", " 1700000000", "1e9", "-1", "", "1" * 40]
)
def test_a_timestamp_that_is_not_ascii_digits_is_401(slack: Harness, timestamp: str) -> None:
    body = form(slack.fake.response_url("odd-ts"))
    reply = slack.send.post(
        body, "application/x-www-form-urlencoded", headers={"X-Slack-Request-Timestamp": timestamp}
    )
    assert reply.status == 401 and no_trace(reply.body)


def test_a_timestamp_of_other_unicode_digits_is_401(served: Served) -> None:
    body = form("http://127.0.0.1:9/x").encode()
    digits = "١٧٠٠٠٠٠٠٠٠".encode()  # Arabic-Indic digits, sent as UTF-8 bytes
    with socket.create_connection(("127.0.0.1", _port(served)), timeout=5) as sock:
        sock.sendall(
            b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"X-Slack-Request-Timestamp: " + digits + b"\r\nX-Slack-Signature: v0=00\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
        )
        assert sock.recv(4096).decode("latin-1").startswith("HTTP/1.1 401")


def test_the_signature_is_checked_once_per_request(slack: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    from slack_sdk.signature import SignatureVerifier

    checked: list[str] = []
    original = SignatureVerifier.is_valid

    def counting(self: SignatureVerifier, body: Any, timestamp: Any, signature: Any) -> bool:
        checked.append(str(timestamp))
        return original(self, body, timestamp, signature)

    monkeypatch.setattr(SignatureVerifier, "is_valid", counting)
    assert slack.send.command("tpm", slack.fake.response_url("once")).status == 200
    assert len(checked) == 1


def test_a_response_url_that_is_not_slack_is_refused_and_never_fetched(slack: Harness) -> None:
    for url in ("file:///etc/passwd", "ftp://127.0.0.1/x", "https://evil.example/hook", "gopher://x"):
        reply = slack.send.post(form(url), "application/x-www-form-urlencoded")
        assert reply.status == 400 and no_trace(reply.body)
        action = block_actions("answer_target", "faq:x", url)
        assert slack.send.action(action).status == 400
    slack.idle()
    assert not slack.fake.calls


# --- 3. a slow Web API -----------------------------------------------------------------------


@pytest.fixture
def short_timeouts(
    served: Served, fake: FakeSlack, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Harness]:
    """An app whose Web API calls time out after one second, with Slack answering after two."""
    monkeypatch.setattr(slack_client, "TIMEOUT_SECONDS", 1)
    served.idle()
    with serve_app(served, fake, db_url) as harness:
        fake.reset()
        yield harness


def test_a_post_that_succeeds_after_the_timeout_is_not_sent_twice(short_timeouts: Harness) -> None:
    slack = short_timeouts
    slack.fake.script("chat.postMessage", Scripted(200, {"ok": True, "ts": "1700000000.1"}, delay=2.0))
    slack.send.event(mention("what does a tpm do", "C0CHAN01", "1700000000.000200"))
    slack.idle()
    time.sleep(1.5)  # the slow answer has come in; a retry would have been sent by now
    assert len([c for c in slack.fake.calls if c.method == "chat.postMessage"]) == 1


def test_a_response_url_reply_that_times_out_is_not_sent_twice(short_timeouts: Harness) -> None:
    slack = short_timeouts
    slack.fake.script("response", Scripted(200, "ok", delay=2.0))
    url = slack.fake.response_url("slow-reply")
    slack.send.command("program product", url)
    slack.idle()
    time.sleep(1.5)
    assert len([c for c in slack.fake.calls if c.path.endswith("/slow-reply")]) == 1


def _request(method: str) -> HttpRequest:
    return HttpRequest(method="POST", url=f"https://slack.com/api/{method}", headers={}, body_params={})


@pytest.mark.parametrize(
    ("error", "method", "retried"),
    [
        (URLError(ConnectionRefusedError()), "chat.postMessage", True),  # never reached Slack
        (TimeoutError(), "chat.postMessage", False),  # sent: it may have landed
        (ConnectionResetError(), "chat.postEphemeral", False),
        (TimeoutError(), "users.info", True),  # safe to repeat
        (TimeoutError(), "views.publish", True),
    ],
)
def test_only_unsent_or_idempotent_calls_are_retried(error: Exception, method: str, retried: bool) -> None:
    handler = UnsentRequestRetryHandler(max_retry_count=2)
    assert handler.can_retry(state=RetryState(), request=_request(method), error=error) is retried


def test_gateway_errors_are_retried_only_where_repeating_is_safe() -> None:
    from slack_sdk.http_retry.response import HttpResponse

    handler = GatewayErrorRetryHandler(max_retry_count=2)
    for status, method, retried in [(503, "chat.postMessage", True), (504, "chat.postMessage", False),
                                    (502, "chat.postMessage", False), (504, "views.publish", True)]:  # fmt: skip
        response = HttpResponse(status_code=status, headers={}, body={})
        assert handler.can_retry(state=RetryState(), request=_request(method), response=response) is retried


# --- 4. racing commands ------------------------------------------------------------------------


def test_subscribe_racing_unsubscribe_ends_consistent_and_truthful(practice: Harness) -> None:
    channel = "C0RACE01"
    replies: list[tuple[str, str]] = []
    for pair in range(30):
        urls = {
            kind: practice.fake.response_url(f"race-{pair}-{kind}") for kind in ("subscribe", "unsubscribe")
        }
        threads = [
            threading.Thread(
                target=practice.send.command, args=(kind, url, channel), kwargs={"command": "/role-practice"}
            )
            for kind, url in urls.items()
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        practice.idle()
        for kind, url in urls.items():
            name = url.rsplit("/", 1)[1]
            [reply] = practice.fake.wait_for(lambda c, name=name: c.path.endswith("/" + name))
            replies.append((kind, reply.body.get("text", "")))
    texts = " ".join(text for _, text in replies)
    assert "something went wrong" not in texts.lower()
    assert not [c for c in practice.fake.calls if c.method == "chat.delete"], "no announcement taken back"
    assert not crashed(practice.served)
    status = practice.store.subscriptions.status(TEAM_ID, channel)
    assert status is None or status.channel_id == channel


# --- 5. DEBUG logs --------------------------------------------------------------------------


def test_debug_logs_hold_no_words_people_wrote(slack: Harness) -> None:
    """The app under test logs at DEBUG; what people typed and what the bot answered stays out."""
    words = "zanzibarquokka"
    url = slack.fake.response_url("private-words")
    slack.send.command(f"program {words}", url)
    slack.send.event(mention(f"what does a tpm do {words}", "C0CHAN01", "1700000000.000300"))
    slack.send.event(direct_message(f"tpm vs pgm {words}", "D0DM0001", "1700000000.000301"))
    slack.fake.wait_for(lambda c: c.path.endswith("/private-words"))
    slack.idle()
    logged = slack.served.logs.getvalue()
    assert words not in logged
    assert "Technical program manager" not in logged and "response_type" not in logged, "no reply bodies"


# --- 6. shapes Slack never sends ------------------------------------------------------------


def _interaction(**changes: Any) -> dict[str, Any]:
    payload = block_actions("answer_target", "faq:what-is-a-program", "http://127.0.0.1:9/x")
    for key, value in changes.items():
        payload[key] = value
    return payload


def _event(event: Any) -> dict[str, Any]:
    return event_envelope(event, f"EvBad{abs(hash(json.dumps(event, default=str))) % 10**8}")


MALFORMED_INTERACTIONS = {
    "team-as-string": _interaction(team="T0TEST01"),
    "user-as-string": _interaction(user="U0USER01"),
    "channel-as-string": _interaction(channel="C0CHAN01"),
    "no-actions": _interaction(actions=[]),
    "actions-null": _interaction(actions=None),
    "action-not-object": _interaction(actions=["x"]),
    "view-as-string": {"type": "view_submission", "team": {"id": "T0TEST01"}, "user": {"id": "U0USER01"}, "view": "v"},
    "state-as-string": {"type": "view_submission", "team": {"id": "T0TEST01"}, "user": {"id": "U0USER01"},
                        "view": {"callback_id": "practice_answer_modal", "state": "s"}},
    "nul-in-user-id": _interaction(user={"id": "U0US\x00ER1"}),
}  # fmt: skip
MALFORMED_EVENTS = {
    "event-null": None,
    "no-channel": {"type": "app_mention", "user": "U0USER01", "text": "hi", "ts": "1700000000.1"},
    "subtype-list": {**direct_message("hi", "D0DM0001", "1700000000.2"), "subtype": []},
    "home-user-list": {"type": "app_home_opened", "user": ["U0USER01"], "tab": "home"},
    "text-object": {**direct_message("hi", "D0DM0001", "1700000000.3"), "text": {"a": 1}},
    "nul-in-channel": direct_message("hi", "D0DM\x0001", "1700000000.4"),
}


@pytest.mark.parametrize("name", MALFORMED_INTERACTIONS)
def test_an_interaction_of_a_shape_slack_never_sends_is_400(slack: Harness, name: str) -> None:
    body = urlencode({"payload": json.dumps(MALFORMED_INTERACTIONS[name])})
    reply = slack.send.post(body, "application/x-www-form-urlencoded")
    assert reply.status == 400 and no_trace(reply.body)
    slack.idle()
    assert not crashed(slack.served) and not slack.fake.calls


@pytest.mark.parametrize("name", MALFORMED_EVENTS)
def test_an_event_of_a_shape_slack_never_sends_is_acked_and_ignored(slack: Harness, name: str) -> None:
    reply = slack.send.post(json.dumps(_event(MALFORMED_EVENTS[name])), "application/json")
    assert reply.status == 200, "an error would make Slack send it again"
    slack.idle()
    assert not crashed(slack.served) and not slack.fake.calls


@pytest.mark.parametrize(
    "ids", [{"team_id": "T0\x00TEST"}, {"user_id": "U0USER01\x00"}, {"channel_id": "C\x00"}]
)
def test_a_command_with_a_nul_in_an_id_is_400(slack: Harness, ids: dict[str, str]) -> None:
    reply = slack.send.post(form(slack.fake.response_url("nul"), **ids), "application/x-www-form-urlencoded")
    assert reply.status == 400


def test_json_nested_100000_deep_is_400(slack: Harness) -> None:
    deep = '{"type": "event_callback", "event": ' + "[" * 100_000 + "]" * 100_000 + "}"
    reply = slack.send.post(deep, "application/json")
    assert reply.status == 400 and no_trace(reply.body)
    assert not crashed(slack.served)


def test_a_body_over_a_megabyte_is_413_before_it_is_read(served: Served) -> None:
    with socket.create_connection(("127.0.0.1", _port(served)), timeout=5) as sock:
        sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n{")
        assert sock.recv(4096).decode("latin-1").startswith("HTTP/1.1 413")


def test_a_bad_content_length_is_400(served: Served) -> None:
    with socket.create_connection(("127.0.0.1", _port(served)), timeout=5) as sock:
        sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: \xc2\xb2\r\n\r\n")
        assert sock.recv(4096).decode("latin-1").split(" ")[1] in ("400", "411")


def test_a_signed_request_from_another_workspace_signature_is_401(slack: Harness) -> None:
    other = SlackRequests(slack.served.base_url, SIGNING_SECRET[::-1])
    assert other.command("tpm", slack.fake.response_url("x")).status == 401


# --- 7. NUL bytes in what is stored ------------------------------------------------------------


def test_a_nul_in_a_question_or_answer_is_dropped_not_fatal(slack: Harness) -> None:
    slack.send.event(direct_message("what does a\x00 tpm do", "D0DM0001", "1700000000.000400"))
    [answer] = slack.fake.wait_for(lambda c: c.method == "chat.postMessage")
    assert "\\u0000" not in answer.raw and "\x00" not in answer.raw
    assert not crashed(slack.served)


def test_signed_headers_helper_still_signs(slack: Harness) -> None:
    """A guard for the tests above: a well-formed request through the same helpers is answered."""
    body = form(slack.fake.response_url("well-formed"))
    reply = slack.send.post(body, "application/x-www-form-urlencoded", headers=sign(SIGNING_SECRET, body))
    assert reply.status == 200


# --- found in review ------------------------------------------------------------------------


def test_a_signature_that_is_not_hex_is_401_not_500(slack: Harness) -> None:
    body = form(slack.fake.response_url("x"))
    for signature in ("v0=é", "v0=" + "g" * 64, "v0=" + "0" * 63, "v0=" + "0" * 65):
        reply = slack.send.post(
            body, "application/x-www-form-urlencoded", headers={"X-Slack-Signature": signature}
        )
        assert reply.status == 401 and no_trace(reply.body)


def test_a_long_escaped_message_is_still_answered(slack: Harness) -> None:
    """Slack escapes & < > and expands mentions, so a message at its 40,000-character limit arrives longer."""
    text = "what does a tpm do " + "&amp; " * 8000
    slack.send.event(direct_message(text, "D0DM0001", "1700000000.000500"))
    slack.fake.wait_for(lambda c: c.method == "chat.postMessage")


def test_blank_optional_form_fields_and_a_long_group_dm_name_are_fine(slack: Harness) -> None:
    name = "mpdm-" + "--".join(f"someone.with.a.long.name{n}" for n in range(9)) + "-1"
    body = form(slack.fake.response_url("blank-fields"), enterprise_id="", api_app_id="", channel_name=name)
    assert slack.send.post(body, "application/x-www-form-urlencoded").status == 200
    slack.fake.wait_for(lambda c: c.path.endswith("/blank-fields"))


def test_database_errors_never_show_what_was_stored(tmp_path: Any) -> None:
    from sqlalchemy import text as sql
    from sqlalchemy.exc import SQLAlchemyError

    from bot.storage.engine import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    try:
        with engine.begin() as connection:
            connection.execute(sql("CREATE TABLE t (a TEXT NOT NULL UNIQUE)"))
            connection.execute(sql("INSERT INTO t VALUES (:a)"), {"a": "my private answer"})
        with pytest.raises(SQLAlchemyError) as failed, engine.begin() as connection:
            connection.execute(sql("INSERT INTO t VALUES (:a)"), {"a": "my private answer"})
        assert "my private answer" not in str(failed.value)
    finally:
        engine.dispose()
