"""The production HTTP front end: Slack's requests at POST /slack/events, GET /health for the platform,
and, when installing from a link is set up, GET /slack/install and /slack/oauth_redirect
(bot/slack/install.py).

An ASGI app, served by uvicorn's workers under gunicorn (the Procfile; bot/slack/gunicorn_conf.py):

    gunicorn --config python:bot.slack.gunicorn_conf 'bot.slack.asgi:create_asgi_app()'

Why ASGI: a request's body is read by the event loop, not by a request thread, so a client
that stalls in the middle of its body costs a socket, never a thread; after `BODY_TIMEOUT`
it gets a 408 and the connection is closed. A whole body is then handled on the loop
itself, because everything up to the ack is a fraction of a millisecond of CPU with no I/O
(threads would only add hand-offs under one interpreter lock; measured with
benchmarks/slack_ack.py): verified once (Slack's v0 signature, a timestamp of ASCII digits
within five minutes), parsed, validated into a typed request (bot/slack/incoming.py) and
dispatched to Bolt, whose listeners ack and queue the work on the app's pool
(bot/slack/listeners/work.py). Nothing a client sends can produce a 500 or a traceback: a
malformed request is a 4xx; an event of a shape Slack never sends is acked and ignored
(an error would make Slack send it three more times).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import sys
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from slack_bolt import App, BoltRequest
from slack_sdk.signature import SignatureVerifier

from bot.core.knowledge import KnowledgeBase
from bot.core.loader import KnowledgeError
from bot.logs import configure_logging, log_context
from bot.process import settle
from bot.rendering.install_pages import failure_page
from bot.settings import Settings, load_settings_or_exit
from bot.slack.app import StartupError, create_app, knowledge_problems, services_of
from bot.slack.incoming import CONTEXT_KEY, Incoming, Rejected, ResponseHosts, parse_body, read_incoming
from bot.slack.install import INSTALL_PATH, REDIRECT_PATH
from bot.slack.services import Services

EVENTS_PATH = "/slack/events"
OAUTH_PATHS = (INSTALL_PATH, REDIRECT_PATH)
HEALTH_PATHS = ("/health", "/healthz")
MAX_BODY_BYTES = 1024 * 1024
"""Slack's requests are a few kilobytes; anything this large is not from Slack."""
BODY_TIMEOUT = 5.0
"""Seconds a client may take to send its whole body. Slack sends it at once."""
EXIT_CANNOT_START = 3
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
_REASONS = {
    200: "OK",
    302: "Found",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    413: "Payload Too Large",
    500: "Internal Server Error",
    503: "Service Unavailable",
}

log = logging.getLogger("bot.slack.http")

Scope = Mapping[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def json(cls, status: int, data: Mapping[str, Any], *headers: tuple[str, str]) -> Reply:
        return cls(status, json.dumps(data).encode(), (("content-type", "application/json"), *headers))


@dataclass
class SlackHttpApp:
    """The ASGI app around one Bolt app."""

    app: App
    signing_secret: str
    api_url: str = "https://slack.com/api/"
    body_timeout: float = BODY_TIMEOUT

    def __post_init__(self) -> None:
        self.verifier = SignatureVerifier(self.signing_secret)
        self.response_hosts = ResponseHosts(self.api_url)

    @property
    def services(self) -> Services:
        return services_of(self.app)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await _send(send, await self._http(scope, receive), head=scope.get("method") == "HEAD")

    async def _http(self, scope: Scope, receive: Receive) -> Reply:
        path, method = scope.get("path", ""), scope.get("method", "GET")
        if path in HEALTH_PATHS:
            if method not in ("GET", "HEAD"):
                return Reply.json(405, {"error": "method not allowed"}, ("allow", "GET, HEAD"))
            return Reply.json(200, {"status": "ok"})
        if path in OAUTH_PATHS:
            return await self._oauth(path, method, scope)
        if path != EVENTS_PATH:
            return Reply.json(404, {"error": "not found"})
        if method != "POST":
            return Reply.json(405, {"error": "method not allowed"}, ("allow", "POST"))
        headers = _headers(scope)
        declared = headers.get("content-length", "")
        if declared and not (declared.isascii() and declared.isdigit()):
            return Reply.json(400, {"error": "bad content length"})
        if declared and int(declared) > MAX_BODY_BYTES:
            return Reply.json(413, {"error": "body too large"})
        try:
            raw = await asyncio.wait_for(_read_body(receive), self.body_timeout)
        except TimeoutError:
            log.warning("a client did not send its body in time")
            return Reply.json(408, {"error": "request body timed out"}, ("connection", "close"))
        except _TooLarge:
            return Reply.json(413, {"error": "body too large"})
        except _Gone:
            return Reply(400)
        query = scope.get("query_string", b"").decode("latin-1")
        return self.handle(raw, headers, query)

    async def _oauth(self, path: str, method: str, scope: Scope) -> Reply:
        """The install page and Slack's redirect after it, when installing from a link is set up.
        On a worker thread: the redirect calls oauth.v2.access and writes the database."""
        flow = self.app.oauth_flow
        if flow is None:
            return Reply.json(404, {"error": "installing from a link is not set up (SLACK_CLIENT_ID)"})
        if method != "GET":  # a HEAD (a link checker) must neither issue a state nor spend a code
            return Reply.json(405, {"error": "method not allowed"}, ("allow", "GET"))
        request = BoltRequest(
            body="",
            query=scope.get("query_string", b"").decode("latin-1"),
            headers=_bolt_headers(_headers(scope)),
        )
        handle = flow.handle_installation if path == INSTALL_PATH else flow.handle_callback
        loop = asyncio.get_running_loop()
        try:
            response = await loop.run_in_executor(None, handle, request)
        except Exception as error:  # Slack or the database unreachable: a page that says so, not a 500
            log.warning("an install step failed", extra={"fields": {"error": type(error).__name__}})
            return _html(503, failure_page("unavailable", INSTALL_PATH))
        sent = tuple((name, value) for name, values in response.headers.items() for value in values)
        return Reply(response.status, (response.body or "").encode(), sent)

    def handle(self, raw: bytes, headers: dict[str, str], query: str = "") -> Reply:
        """One whole request: verified, validated, then Bolt's ack."""
        try:
            return self._handle(raw, headers, query)
        except Exception:
            log.exception("failed to handle a Slack request")
            return Reply.json(500, {"error": "internal error"})

    def _handle(self, raw: bytes, headers: dict[str, str], query: str) -> Reply:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is None or not self._verified(text, headers):
            log.warning("rejected a request with a bad signature or a stale timestamp")
            return Reply.json(401, {"error": "invalid signature"})
        parsed = parse_body(text, headers.get("content-type", ""))
        if parsed is None:
            log.warning("rejected a malformed request body")
            return Reply.json(400, {"error": "malformed body"})
        if parsed.get("ssl_check") == "1":
            return Reply(200)
        incoming = read_incoming(parsed, self.response_hosts)
        if isinstance(incoming, Rejected):
            return _rejected(incoming)
        fields = {**incoming.log_fields(), "retry": headers.get("x-slack-retry-num", "")}
        with log_context(**fields), self.services.ack_first:
            return self._dispatch(incoming, headers, query)

    def _verified(self, body: str, headers: Mapping[str, str]) -> bool:
        """Slack's v0 HMAC signature over the body, and a timestamp within five minutes of ours."""
        timestamp = headers.get("x-slack-request-timestamp", "")
        signature = headers.get("x-slack-signature", "")
        if not _TIMESTAMP.fullmatch(timestamp) or not _SIGNATURE.fullmatch(signature):
            return False
        if abs(time.time() - int(timestamp)) > 60 * 5:
            return False
        return self.verifier.is_valid(body, timestamp, signature)

    def _dispatch(self, incoming: Incoming, headers: Mapping[str, str], query: str) -> Reply:
        # Bolt takes an already parsed body only in its "socket_mode" mode, which changes nothing but
        # skipping its own signature check: the check was made here, once, over the raw bytes.
        request = BoltRequest(
            body=incoming.body,
            query=query,
            headers=_bolt_headers(headers),
            context={CONTEXT_KEY: incoming},
            mode="socket_mode",
        )
        response = self.app.dispatch(request)
        event_id = incoming.event_id
        if response.status >= 500 and event_id:
            # Slack will re-send it; let that delivery be handled rather than dropped as a repeat.
            self.services.executor.submit(self.services.deduper.release, event_id)  # off the loop
        sent = tuple((name, value) for name, values in response.headers.items() for value in values)
        return Reply(response.status, (response.body or "").encode(), sent)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await asyncio.get_running_loop().run_in_executor(None, self.finish_replies, 18.0)
                await send({"type": "lifespan.shutdown.complete"})
                return

    def finish_replies(self, timeout: float) -> bool:
        """Wait for the work after every ack (at shutdown); False if some did not finish in time."""
        done = self.services.executor.wait_idle(timeout)
        if not done:
            log.warning("some replies were still being sent at shutdown")
        return done


def _html(status: int, html: str) -> Reply:
    return Reply(status, html.encode(), (("content-type", "text/html; charset=utf-8"),))


def _rejected(rejected: Rejected) -> Reply:
    fields = {"reason": rejected.reason}
    if rejected.event:
        log.warning("ignored an event of a shape Slack does not send", extra={"fields": fields})
        return Reply(200)
    log.warning("rejected a request of a shape Slack does not send", extra={"fields": fields})
    return Reply.json(400, {"error": "malformed request"})


class _TooLarge(Exception):
    pass


class _Gone(Exception):
    pass


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _Gone
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise _TooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _bolt_headers(headers: Mapping[str, str]) -> dict[str, str | Sequence[str]]:
    return dict(headers)


def _headers(scope: Scope) -> dict[str, str]:
    return {
        name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope.get("headers", [])
    }


async def _send(send: Send, reply: Reply, head: bool = False) -> None:
    headers = [
        (k.encode("latin-1"), v.encode("latin-1")) for k, v in reply.headers if k.lower() != "content-length"
    ]
    headers.append((b"content-length", str(len(reply.body)).encode()))
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head else reply.body})


def build_http_app(settings: Settings, kb: KnowledgeBase | None = None) -> SlackHttpApp:
    app = create_app(settings, kb)
    assert settings.slack_signing_secret is not None, "load_settings(http=True) requires it"
    return SlackHttpApp(app, settings.slack_signing_secret.get_secret_value(), api_url=settings.slack_api_url)


def create_asgi_app() -> SlackHttpApp:
    """gunicorn's factory: settings from the environment; a problem is one line and exit, no traceback."""
    settings = load_settings_or_exit(http=True)
    configure_logging(settings.log_level, settings.secrets())
    try:
        app = build_http_app(settings)
    except StartupError as error:
        print(f"rolebot: cannot start: {error}", file=sys.stderr, flush=True)
    except KnowledgeError as error:
        print(f"rolebot: cannot start: {knowledge_problems(error)}", file=sys.stderr, flush=True)
    else:
        settle()
        return app
    raise SystemExit(EXIT_CANNOT_START)
