"""A fake Slack for end-to-end tests and the benchmark: the Web API, response_urls, and signed requests.

`FakeSlack` is a threaded HTTP server on a loopback port. The app under test points its
Web API client at `fake.api_url` (SLACK_API_URL) and gets response_urls under
`fake.response_url(...)`; every call is recorded (path, method, parsed body) and can be
scripted to fail. `fake.zones` holds users' time zones, for users.info (default "UTC").
`SlackRequests` signs and sends what Slack would send to the app.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode

BOT_USER_ID = "UBOT0001"
BOT_ID = "BBOT0001"
TEAM_ID = "T0TEST01"


@dataclass
class Call:
    path: str
    method: str
    """The Web API method (chat.postMessage), or "response" for a response_url."""
    body: dict[str, Any]
    headers: dict[str, str]
    raw: str
    response: Any = None
    """What the fake answered (e.g. chat.postMessage's ts)."""

    @property
    def text(self) -> str:
        """Everything the bot sent in this call, for looking for things it must never send."""
        return self.raw

    @property
    def token(self) -> str | None:
        """The bearer token the call was made with (None for a response_url or oauth.v2.access)."""
        auth = self.headers.get("authorization", "")
        return auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else None


@dataclass(frozen=True)
class Grant:
    """What oauth.v2.access answers for one code: a workspace's (or an org's) new bot token."""

    team_id: str | None
    token: str
    team_name: str = "A workspace"
    enterprise_id: str | None = None
    org_wide: bool = False
    bot_user_id: str = BOT_USER_ID
    installer: str = "U0ADMIN01"


@dataclass
class Scripted:
    status: int
    body: dict[str, Any] | str
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds to wait before answering: a slow Slack."""


class _Server(ThreadingHTTPServer):
    request_queue_size = 256  # a burst of replies must not be refused at the door
    daemon_threads = True


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.zones: dict[str | tuple[str, str], str] = {}
        """user id (or (token, user id): one workspace's) → the time zone users.info gives; else "UTC"."""
        self._scripts: dict[str, list[Scripted]] = {}
        self.grants: dict[str, Grant] = {}
        """OAuth code → what oauth.v2.access gives for it (each code works once)."""
        self.tokens: dict[str, Grant] = {}
        """bot token → its workspace, for auth.test (a token not here gets BOT's TEAM_ID)."""
        self.revoked: set[str] = set()
        """Tokens Slack refuses (invalid_auth / token_revoked)."""
        self.client_secret: str | None = None
        """When set, oauth.v2.access checks the client credentials (HTTP Basic) against it."""
        self._changed = threading.Condition()
        self._ts = itertools.count(1)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8", "replace")
                fake._handle(self, raw)

            def do_GET(self) -> None:
                """GET /api/<method>?… is a Web API call (users.info); GET /_stats: how many calls of
                each method were recorded (for the benchmark)."""
                if self.path.startswith("/api/"):
                    fake._handle(self, self.path.partition("?")[2], query=True)
                    return
                with fake._changed:
                    counts: dict[str, int] = {}
                    for call in fake.calls:
                        counts[call.method] = counts.get(call.method, 0) + 1
                data = json.dumps(counts).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True, name="fake-slack")
        self.thread.start()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/response/{name}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- scripting and reading ------------------------------------------------------------

    def script(self, method: str, *responses: Scripted) -> None:
        """The next calls of `method` get these responses, in order; later calls succeed as usual."""
        with self._changed:
            self._scripts.setdefault(method, []).extend(responses)

    def reset(self) -> None:
        with self._changed:
            self.calls.clear()
            self._scripts.clear()
            self.zones.clear()
            self.grants.clear()
            self.tokens.clear()
            self.revoked.clear()

    def grant(self, code: str, grant: Grant) -> None:
        """oauth.v2.access will exchange `code` for `grant` (once)."""
        with self._changed:
            self.grants[code] = grant
            self.tokens[grant.token] = grant

    def revoke(self, token: str) -> None:
        with self._changed:
            self.revoked.add(token)

    def find(self, predicate: Callable[[Call], bool]) -> list[Call]:
        with self._changed:
            return [c for c in self.calls if predicate(c)]

    def wait_for(
        self, predicate: Callable[[Call], bool], count: int = 1, timeout: float = 10.0
    ) -> list[Call]:
        """Wait until at least `count` recorded calls match; fail with what was recorded if they don't."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [c for c in self.calls if predicate(c)]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [(c.method, c.path) for c in self.calls]
                    raise AssertionError(
                        f"expected {count} matching call(s), got {len(found)}; calls: {seen}"
                    )
                self._changed.wait(left)

    # --- serving --------------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler, raw: str, query: bool = False) -> None:
        path = handler.path.split("?")[0]
        method = path.removeprefix("/api/") if path.startswith("/api/") else "response"
        content_type = handler.headers.get("Content-Type", "")
        if "json" in content_type and not query:
            try:
                body = json.loads(raw or "{}")
            except ValueError:
                body = {"_unparsed": raw}
        else:
            body = {k: v[0] for k, v in parse_qs(raw).items()}
        with self._changed:
            scripted = self._scripts.get(method, [])
            reply = scripted.pop(0) if scripted else None
        headers = {k.lower(): v for k, v in handler.headers.items()}
        if reply is None:
            reply = self._default(method, body, Call(path, method, body, headers, raw))
        call = Call(path, method, body, headers, raw, reply.body)
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
        if reply.delay:
            time.sleep(reply.delay)  # a scripted slow answer, on this request's own thread
        data = reply.body if isinstance(reply.body, str) else json.dumps(reply.body)
        encoded = data.encode()
        handler.send_response(reply.status)
        handler.send_header(
            "Content-Type", "text/plain" if isinstance(reply.body, str) else "application/json"
        )
        handler.send_header("Content-Length", str(len(encoded)))
        for name, value in reply.headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(encoded)

    def _default(self, method: str, body: dict[str, Any], call: Call) -> Scripted:
        if method == "response":
            return Scripted(200, "ok")
        if method == "oauth.v2.access":
            return self._oauth_access(body, call)
        if call.token in self.revoked:
            return Scripted(200, {"ok": False, "error": "token_revoked"})
        granted = self.tokens.get(call.token or "")
        if method == "auth.test" and granted is not None:
            return Scripted(200, {"ok": True, "url": "https://w.slack.com/", "team": granted.team_name,
                                  "user": "rolebot", "team_id": granted.team_id, "user_id": granted.bot_user_id,
                                  "bot_id": BOT_ID, "enterprise_id": granted.enterprise_id,
                                  "is_enterprise_install": granted.org_wide})  # fmt: skip
        if method == "auth.test":
            return Scripted(
                200,
                {"ok": True, "url": "https://test.slack.com/", "team": "Test", "user": "rolebot",
                 "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID, "is_enterprise_install": False},
            )  # fmt: skip
        if method in ("chat.postMessage", "chat.update"):
            ts = f"1700000000.{next(self._ts):06d}"
            return Scripted(200, {"ok": True, "channel": body.get("channel"), "ts": ts, "message": {}})
        if method == "chat.postEphemeral":
            return Scripted(200, {"ok": True, "message_ts": f"1700000000.{next(self._ts):06d}"})
        if method == "users.info":
            user = str(body.get("user") or "")
            with self._changed:
                zone = self.zones.get((call.token or "", user)) or self.zones.get(user, "UTC")
            return Scripted(200, {"ok": True, "user": {"id": user, "team_id": TEAM_ID, "tz": zone}})
        if method == "views.open":
            return Scripted(
                200, {"ok": True, "view": {"id": f"V{next(self._ts):08d}", **(body.get("view") or {})}}
            )
        return Scripted(200, {"ok": True})

    def _oauth_access(self, body: dict[str, Any], call: Call) -> Scripted:
        import base64

        if self.client_secret is not None:
            basic = call.headers.get("authorization", "").removeprefix("Basic ")
            try:
                _, _, secret = base64.b64decode(basic).decode().partition(":")
            except ValueError:
                secret = ""
            if secret != self.client_secret:
                return Scripted(200, {"ok": False, "error": "invalid_client"})
        with self._changed:
            grant = self.grants.pop(str(body.get("code") or ""), None)
        if grant is None:
            return Scripted(200, {"ok": False, "error": "invalid_code"})
        team = {"id": grant.team_id, "name": grant.team_name} if grant.team_id else None
        enterprise = {"id": grant.enterprise_id, "name": "An org"} if grant.enterprise_id else None
        return Scripted(200, {
            "ok": True, "app_id": "A0APP001", "access_token": grant.token, "token_type": "bot",
            "scope": "app_mentions:read,chat:write,commands,im:history,users:read",
            "bot_user_id": grant.bot_user_id, "team": team, "enterprise": enterprise,
            "is_enterprise_install": grant.org_wide,
            "authed_user": {"id": grant.installer},
        })  # fmt: skip


def serve_forever() -> None:
    """Run a fake Slack in its own process (the benchmark does): prints its port, then serves."""
    fake = FakeSlack()
    print(fake.port, flush=True)
    fake.thread.join()


def rate_limited(retry_after: int = 1) -> Scripted:
    return Scripted(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry_after)})


def slack_error(code: str) -> Scripted:
    return Scripted(200, {"ok": False, "error": code})


# --- what Slack sends to the app --------------------------------------------------------------


def sign(secret: str, body: str, timestamp: int | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


@dataclass
class Reply:
    status: int
    body: str
    elapsed: float


class SlackRequests:
    """Builds and sends signed requests to the app's /slack/events, as Slack does."""

    def __init__(self, base_url: str, secret: str, team: str = TEAM_ID) -> None:
        self.url = base_url.rstrip("/") + "/slack/events"
        self.secret = secret
        self.team = team
        """The workspace the requests come from."""
        self._ids = itertools.count(1)

    def unique(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):05d}{int(time.time() * 1000) % 100000:05d}"

    def post(
        self,
        body: str,
        content_type: str,
        headers: dict[str, str] | None = None,
        signed: bool = True,
        timestamp: int | None = None,
    ) -> Reply:
        sent = {"Content-Type": content_type, **(sign(self.secret, body, timestamp) if signed else {})}
        request = urllib.request.Request(self.url, data=body.encode(), headers={**sent, **(headers or {})})
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Reply(response.status, response.read().decode(), time.perf_counter() - started)
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read().decode(), time.perf_counter() - started)

    # --- the three kinds of request ---

    def command(self, text: str, response_url: str, channel: str = "C0CHAN01", user: str = "U0USER01",
                command: str = "/role-diff", **headers: str) -> Reply:  # fmt: skip
        form = {
            "token": "legacy-verification-token", "team_id": self.team, "team_domain": "test",
            "channel_id": channel, "channel_name": "general", "user_id": user, "user_name": "someone",
            "command": command, "text": text, "api_app_id": "A0APP001", "is_enterprise_install": "false",
            "response_url": response_url, "trigger_id": "1.2.3",
        }  # fmt: skip
        return self.post(urlencode(form), "application/x-www-form-urlencoded", headers)

    def event(self, event: dict[str, Any], event_id: str | None = None, retry: int | None = None) -> Reply:
        body = event_envelope(event, event_id or self.unique("Ev"), self.team)
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else {}
        return self.post(json.dumps(body), "application/json", headers)

    def action(self, payload: dict[str, Any]) -> Reply:
        payload = _in_team(payload, self.team)
        return self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")


def _in_team(payload: dict[str, Any], team: str) -> dict[str, Any]:
    """A click or submission built for TEAM_ID, as it comes from `team`."""
    if team == TEAM_ID:
        return payload
    return json.loads(json.dumps(payload).replace(f'"{TEAM_ID}"', f'"{team}"'))


def event_envelope(event: dict[str, Any], event_id: str, team: str = TEAM_ID) -> dict[str, Any]:
    return {
        "token": "legacy-verification-token",
        "team_id": team,
        "api_app_id": "A0APP001",
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [{"team_id": team, "user_id": BOT_USER_ID, "is_bot": True}],
    }


def mention(
    text: str, channel: str, ts: str, thread_ts: str | None = None, user: str = "U0USER01"
) -> dict[str, Any]:
    event = {"type": "app_mention", "user": user, "text": f"<@{BOT_USER_ID}> {text}", "ts": ts,
             "channel": channel, "event_ts": ts}  # fmt: skip
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def direct_message(text: str, channel: str, ts: str, **extra: Any) -> dict[str, Any]:
    return {"type": "message", "channel_type": "im", "user": "U0USER01", "text": text, "ts": ts,
            "channel": channel, "event_ts": ts, **extra}  # fmt: skip


def block_actions(
    action_id: str,
    value: str,
    response_url: str,
    channel: str = "C0CHAN01",
    user: str = "U0USER01",
    ephemeral: bool = True,
    label: str = "a button",
) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "user": {"id": user, "username": "someone", "team_id": TEAM_ID},
        "api_app_id": "A0APP001",
        "token": "legacy-verification-token",
        "container": {
            "type": "message",
            "message_ts": "1700000000.000001",
            "channel_id": channel,
            "is_ephemeral": ephemeral,
        },
        "trigger_id": "1.2.3",
        "team": {"id": TEAM_ID, "domain": "test"},
        "channel": {"id": channel, "name": "general"},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": "b1",
                "value": value,
                "type": "button",
                "text": {"type": "plain_text", "text": label},
                "action_ts": "1700000001.000001",
            }
        ],
    }


def view_submission(
    view: dict[str, Any], values: dict[str, dict[str, str | None]], user: str = "U0USER01"
) -> dict[str, Any]:
    """Slack's view_submission for `view` (as the app opened it with views.open), with the inputs'
    values: {block_id: {action_id: text}}."""
    state = {
        block: {action: {"type": "plain_text_input", "value": value} for action, value in inputs.items()}
        for block, inputs in values.items()
    }
    return {
        "type": "view_submission",
        "team": {"id": TEAM_ID, "domain": "test"},
        "user": {"id": user, "username": "someone", "name": "someone", "team_id": TEAM_ID},
        "api_app_id": "A0APP001",
        "token": "legacy-verification-token",
        "trigger_id": "4.5.6",
        "view": {
            "id": "V0VIEW001", "team_id": TEAM_ID, "app_id": "A0APP001", "bot_id": BOT_ID, "hash": "1.abc",
            "private_metadata": "", "callback_id": "", **view, "state": {"values": state},
        },
        "response_urls": [],
        "is_enterprise_install": False,
    }  # fmt: skip


def buttons(payload: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for block in payload.get("blocks") or []:
        if block.get("type") == "actions":
            yield from block.get("elements") or []


if __name__ == "__main__":
    serve_forever()
