"""The app under test, served over real HTTP on a loopback port, with a fake Slack Web API beside it."""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

from bot.core.knowledge import KnowledgeBase
from bot.settings import Settings
from bot.slack.logs import configure_logging
from bot.web import SlackWsgiApp, build_wsgi_app
from tests.slack.fakes import FakeSlack, SlackRequests

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-1111111111-2222222222-FAKEbotTOKENvalue"


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@dataclass
class Served:
    wsgi: SlackWsgiApp
    base_url: str
    logs: io.StringIO

    def idle(self, timeout: float = 15.0) -> None:
        """Wait until every reply owed for the requests sent so far has been sent."""
        assert self.wsgi.services.executor.wait_idle(timeout), "the app's work did not finish"


@dataclass
class Harness:
    served: Served
    fake: FakeSlack
    send: SlackRequests

    def idle(self) -> None:
        self.served.idle()


def test_settings(fake: FakeSlack, **overrides: object) -> Settings:
    return Settings(
        _env_file=None,
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=fake.api_url,
        log_level="DEBUG",
        **overrides,
    )


test_settings.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test


@pytest.fixture(scope="session")
def fake() -> Iterator[FakeSlack]:
    server = FakeSlack()
    yield server
    server.close()


@pytest.fixture(scope="session")
def served(fake: FakeSlack, kb: KnowledgeBase) -> Iterator[Served]:
    logs = io.StringIO()
    settings = test_settings(fake)
    handler = configure_logging("DEBUG", settings.secrets(), stream=logs)
    wsgi = build_wsgi_app(settings, kb)
    server = make_server("127.0.0.1", 0, wsgi, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True, name="app-under-test")
    thread.start()
    yield Served(wsgi, f"http://127.0.0.1:{server.server_address[1]}", logs)
    server.shutdown()
    server.server_close()
    wsgi.services.executor.shutdown(wait=True)
    logging.getLogger().removeHandler(handler)


@pytest.fixture
def slack(served: Served, fake: FakeSlack) -> Harness:
    """A clean recorder for each test (after the previous test's replies have all gone out)."""
    served.idle()
    fake.reset()
    return Harness(served, fake, SlackRequests(served.base_url, SIGNING_SECRET))
