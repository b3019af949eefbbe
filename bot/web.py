"""The production WSGI app: Slack's requests at POST /slack/events, and GET /health for the platform.

gunicorn serves it (see the Procfile and bot/gunicorn_conf.py), one app per worker:

    gunicorn --config python:bot.gunicorn_conf 'bot.web:create_wsgi_app()'

In front of Bolt's WSGI adapter, this layer answers what Bolt would answer with a
traceback or a 500: a bad signature or stale timestamp gets 401, and a malformed body a
4xx, before anything is parsed; an unexpected failure gets a bare 500 and a log line,
never a stack trace in the response.
"""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier

from bot.core.knowledge import KnowledgeBase
from bot.core.loader import KnowledgeError
from bot.settings import Settings, load_settings_or_exit
from bot.slack.app import StartupError, create_app, services_of
from bot.slack.logs import configure_logging, log_context, request_context
from bot.slack.services import Services

EVENTS_PATH = "/slack/events"
HEALTH_PATHS = ("/health", "/healthz")
MAX_BODY_BYTES = 1024 * 1024
"""Slack's requests are a few kilobytes; anything this large is not from Slack."""
EXIT_CANNOT_START = 3

log = logging.getLogger("bot.web")
StartResponse = Callable[..., Any]


class SlackWsgiApp:
    """Routes /health and /slack/events; everything Slack sends goes through Bolt's WSGI adapter."""

    def __init__(self, app: App, signing_secret: str) -> None:
        self.app = app
        self.adapter = SlackRequestHandler(app, path=EVENTS_PATH)
        self.verifier = SignatureVerifier(signing_secret)

    @property
    def services(self) -> Services:
        return services_of(self.app)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        if path in HEALTH_PATHS:
            if method not in ("GET", "HEAD"):
                return _reply(start_response, 405, {"error": "method not allowed"}, [("Allow", "GET, HEAD")])
            return _reply(start_response, 200, {"status": "ok"}, head=method == "HEAD")
        if path != EVENTS_PATH:
            return _reply(start_response, 404, {"error": "not found"})
        if method != "POST":
            return _reply(start_response, 405, {"error": "method not allowed"}, [("Allow", "POST")])
        try:
            return self._slack(environ, start_response)
        except Exception:
            log.exception("failed to handle a Slack request")
            return _reply(start_response, 500, {"error": "internal error"})

    def _slack(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _reply(start_response, 400, {"error": "bad content length"})
        if length > MAX_BODY_BYTES:
            return _reply(start_response, 413, {"error": "body too large"})
        raw = environ["wsgi.input"].read(length) if length > 0 else b""
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            body = None
        timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")
        signature = environ.get("HTTP_X_SLACK_SIGNATURE", "")
        if body is None or not self._verified(body, timestamp, signature):
            log.warning("rejected a request with a bad signature or a stale timestamp")
            return _reply(start_response, 401, {"error": "invalid signature"})
        parsed = _parse(body, environ.get("CONTENT_TYPE", ""))
        if parsed is None:
            log.warning("rejected a malformed request body")
            return _reply(start_response, 400, {"error": "malformed body"})
        environ["wsgi.input"] = io.BytesIO(raw)
        context = log_context(**request_context(parsed), retry=environ.get("HTTP_X_SLACK_RETRY_NUM", ""))
        with context, self.services.ack_first:
            return self._dispatch(environ, start_response, parsed)

    def _verified(self, body: str, timestamp: str, signature: str) -> bool:
        """Slack's v0 HMAC signature over the body, and a timestamp within five minutes of ours."""
        if not timestamp.isdigit() or not signature.startswith("v0="):
            return False
        return self.verifier.is_valid(body, timestamp, signature)

    def _dispatch(
        self, environ: dict[str, Any], start_response: StartResponse, parsed: dict[str, Any]
    ) -> Iterable[bytes]:
        status_line: list[str] = []

        def remember(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
            status_line.append(status)
            return start_response(status, headers, *args)

        result = self.adapter(environ, remember)
        if status_line and status_line[0].startswith("5") and parsed.get("type") == "event_callback":
            # Slack will re-send it; let that delivery be handled rather than dropped as a repeat.
            self.services.deduper.release(str(parsed.get("event_id") or ""))
        return result


def _parse(body: str, content_type: str) -> dict[str, Any] | None:
    """The request as Bolt will read it, or None when it is not something Slack sends."""
    try:
        if content_type.startswith("application/json"):
            data = json.loads(body)
            return data if isinstance(data, dict) and isinstance(data.get("type"), str) else None
        if content_type.startswith("application/x-www-form-urlencoded"):
            form = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
            if "payload" in form:
                payload = json.loads(form["payload"])
                return payload if isinstance(payload, dict) and isinstance(payload.get("type"), str) else None
            if form.get("command") or form.get("ssl_check"):
                return form
    except (ValueError, TypeError):
        return None
    return None


def _reply(
    start_response: StartResponse,
    status: int,
    body: dict[str, Any],
    headers: Iterable[tuple[str, str]] = (),
    head: bool = False,
) -> list[bytes]:
    data = json.dumps(body).encode()
    reason = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed",
              413: "Payload Too Large", 500: "Internal Server Error"}[status]  # fmt: skip
    start_response(
        f"{status} {reason}",
        [("Content-Type", "application/json"), ("Content-Length", str(len(data))), *headers],
    )
    return [] if head else [data]


def build_wsgi_app(settings: Settings, kb: KnowledgeBase | None = None) -> SlackWsgiApp:
    app = create_app(settings, kb)
    assert settings.slack_signing_secret is not None
    return SlackWsgiApp(app, settings.slack_signing_secret.get_secret_value())


def create_wsgi_app() -> SlackWsgiApp:
    """gunicorn's factory: settings from the environment; a problem is one line and exit, no traceback."""
    settings = load_settings_or_exit(http=True)
    configure_logging(settings.log_level, settings.secrets())
    try:
        wsgi = build_wsgi_app(settings)
    except StartupError as error:
        print(f"rolebot: cannot start: {error}", file=sys.stderr, flush=True)
        raise SystemExit(EXIT_CANNOT_START) from None
    except KnowledgeError as error:
        print(
            f"rolebot: cannot start: the knowledge base has {len(error.problems)} problem(s), the first: "
            f"{error.problems[0] if error.problems else '?'}; run `rolebot validate`",
            file=sys.stderr,
            flush=True,
        )
        raise SystemExit(EXIT_CANNOT_START) from None
    _started.append(wsgi)
    return wsgi


_started: list[SlackWsgiApp] = []
"""The apps this process serves, so gunicorn's worker_exit hook can let their replies finish."""


def finish_replies(timeout: float) -> bool:
    """Wait for the work after every ack to finish (at shutdown); False if some did not in time."""
    return all(w.services.executor.wait_idle(timeout) for w in _started)
