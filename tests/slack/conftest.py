"""The app under test, served over real HTTP on a loopback port, with a fake Slack Web API beside it.

`slack`: the app shared by most tests (its database a SQLite file for the session). `practice`:
an app of the test's own on a fresh SQLite file in tmp_path (migrated with the storage's
`upgrade`), for tests that look at what was stored. `serve_app` starts more apps, on any
database, to test what several processes share.
"""

from __future__ import annotations

import io
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from bot.core.answers import AnswerEngine
from bot.core.knowledge import KnowledgeBase
from bot.logs import configure_logging
from bot.settings import Settings
from bot.slack.app import create_app
from bot.slack.asgi import SlackHttpApp, build_http_app
from bot.storage.migrate import upgrade
from bot.storage.store import Store
from tests.support.fake_slack import FakeSlack, SlackRequests

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-1111111111-2222222222-FAKEbotTOKENvalue"


@dataclass
class Served:
    wsgi: SlackHttpApp
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

    @property
    def store(self) -> Store:
        """The app's own store (its database)."""
        return self.served.wsgi.services.store


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'rolebot.sqlite3'}"


def test_settings(fake: FakeSlack, **overrides: object) -> Settings:
    """Settings for an app that talks to `fake`; pass database_url, or the app uses ./rolebot.sqlite3."""
    overrides.setdefault("rolebot_store_answer_text", False)  # whatever the developer's environment says
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


@contextmanager
def serving(wsgi: SlackHttpApp, logs: io.StringIO) -> Iterator[Served]:
    """`wsgi` on a loopback port, served by uvicorn as in production; afterwards its replies are
    finished and its database closed."""
    config = uvicorn.Config(wsgi, host="127.0.0.1", port=0, log_config=None, access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True, name="app-under-test")
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the app's server did not start"
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield Served(wsgi, f"http://127.0.0.1:{port}", logs)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        wsgi.services.executor.shutdown(wait=True)
        wsgi.services.store.close()


@pytest.fixture(scope="session")
def served(fake: FakeSlack, kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    logs = io.StringIO()
    # not migrated beforehand: the app migrates the embedded SQLite database itself
    settings = test_settings(fake, database_url=sqlite_url(tmp_path_factory.mktemp("db")))
    handler = configure_logging("DEBUG", settings.secrets(), stream=logs)
    with serving(build_http_app(settings, kb), logs) as app:
        yield app
    logging.getLogger().removeHandler(handler)


@contextmanager
def serve_app(served: Served, fake: FakeSlack, database_url: str, **settings: object) -> Iterator[Harness]:
    """Another app (another "process"), with the shared one's knowledge and answer engine (building an
    engine takes a while), on `database_url`."""
    services = served.wsgi.services
    engine: AnswerEngine = services.engine
    app = create_app(test_settings(fake, database_url=database_url, **settings), services.kb, engine=engine)
    with serving(SlackHttpApp(app, SIGNING_SECRET, api_url=fake.api_url), served.logs) as mine:
        yield Harness(mine, fake, SlackRequests(mine.base_url, SIGNING_SECRET))


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A SQLite file of the test's own, migrated."""
    url = sqlite_url(tmp_path)
    upgrade(url)
    return url


@pytest.fixture
def practice(served: Served, fake: FakeSlack, db_url: str) -> Iterator[Harness]:
    """An app of the test's own on its own database, and a clean recorder."""
    served.idle()
    with serve_app(served, fake, db_url) as harness:
        fake.reset()
        yield harness


@pytest.fixture
def slack(served: Served, fake: FakeSlack) -> Harness:
    """A clean recorder for each test (after the previous test's replies have all gone out)."""
    served.idle()
    fake.reset()
    return Harness(served, fake, SlackRequests(served.base_url, SIGNING_SECRET))


@pytest.fixture
def oauth_app(served: Served, fake: FakeSlack, db_url: str) -> Iterator[Any]:
    """An app installed from a link (SLACK_CLIENT_ID/SECRET, no bot token) on its own database."""
    from tests.slack.oauth_helpers import oauth_served

    yield from oauth_served(served, fake, db_url)
